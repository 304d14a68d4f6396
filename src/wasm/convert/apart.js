// A neutral person's photos (a Verifik body's images) handed to Rust apart
// from its JSON text (src/wasm/convert/text.rs, person_parts_to_json). Only
// the builds with the clients import it: a page builds a person's bodies
// once, on submit.
// Snippet rules (scripts/cjs-snippets.mjs): only `export function`, no imports.

// Whether a string can be handed over apart: a lone surrogate is written as
// an escape that serde_json refuses, and must reach Rust in the JSON text.
const CHECKS_WELL_FORMED = typeof String.prototype.isWellFormed === 'function';

/**
 * `stringifyJson(v, max)` (convert/safe.js) for a neutral person or a Verifik
 * body, with its member `key` (photos, images) handed over apart when it is a
 * short array of strings: `[text, strings]`, each of them `null` in the
 * text. A photo is then copied into wasm once, where JSON.stringify would
 * escape it and JSON.parse read it back a character at a time. The items
 * are read once, as JSON.stringify reads them (a Proxy's traps run as
 * often), and the text is measured as if the strings were in it. Throws
 * what JSON.stringify throws.
 */
export function stringifyApart(v, key, max) {
  let apart = null;
  const s = JSON.stringify(v, function lend(k, x) {
    if (this !== v || k !== key || apart !== null || !CHECKS_WELL_FORMED || !Array.isArray(x)) return x;
    // Any other length is JSON.stringify's to write: a copy of a list of
    // 2^32 - 1 holes is a fatal error in V8, where writing it is a RangeError.
    const n = x.length;
    if (!(n >= 1 && n <= 64)) return x;
    // Read once, here, as JSON.stringify reads a list; a list of anything
    // else is then written from this copy, so nothing is read twice.
    const items = new Array(n);
    let strings = true;
    for (let i = 0; i < n; i++) {
      const item = x[i];
      items[i] = item;
      strings = strings && typeof item === 'string' && item.isWellFormed();
    }
    if (!strings) return items;
    apart = items;
    return new Array(n).fill(null);
  });
  if (typeof s !== 'string') return s;
  if (apart === null) return s.length > max ? s.length : s;
  // Each string is written in at least its length plus quotes, at most six
  // units a character (\u001f); in between, it is measured as written.
  let least = s.length;
  let most = s.length;
  for (const p of apart) {
    least += p.length + 2 - 4;
    most += 6 * p.length + 2 - 4;
  }
  if (least > max) return least;
  if (most > max) {
    let written = s.length;
    for (const p of apart) written += JSON.stringify(p).length - 4;
    if (written > max) return written;
  }
  return [s, apart];
}
