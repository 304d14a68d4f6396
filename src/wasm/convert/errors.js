// A rejected payload's errors, from wasm memory to JS: the other half of
// src/wasm/convert/errors.rs (the walk that reads the payload in is
// src/wasm/convert.js). Snippet rules (scripts/cjs-snippets.mjs): only
// `export function`, no imports.

// Rust's scratch buffers (src/wasm/scratch.rs): the records and the text.
// Views over them are made again whenever the memory has grown (its old
// ArrayBuffer is then detached).
let memory = null;
let at = null; // [info, rec, recLen, nums, numsLen, text, textLen]
let sRec = null;
let sText = null;
let codes = [];
let decodeAscii = null; // image.js's asciiDecoder(): error texts are usually ASCII
// As wasm-bindgen decodes: a leading U+FEFF is text, not a byte order mark.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** A field word with this bit set is followed by its text (see `fail` in convert/errors.rs). */
const FIELD_TEXT = 2 ** 31;

/**
 * Where Rust's buffers are (`addresses` is copied: it is a view of wasm
 * memory), the error code strings, indexed as Rust sends them, and the
 * decoder of ASCII bytes (in Node, `Buffer#latin1Slice` makes the string of
 * a rejected payload's error texts in less time than TextDecoder).
 */
export function setErrorScratch(mem, addresses, codeList, asciiDecoder) {
  memory = mem;
  at = Array.from(addresses);
  sRec = null;
  codes = codeList;
  decodeAscii = asciiDecoder;
}

function views() {
  // A view of memory that has since grown is detached: its length reads 0.
  if (sRec !== null && sRec.length !== 0) return;
  const b = memory.buffer;
  sRec = new Uint32Array(b, at[1], at[2]);
  sText = new Uint8Array(b, at[5], at[6]);
}

/**
 * `{ ok: false, errors }` from wasm memory: at `recAt`, `count` errors of
 * three words each (field: an index into `fields`, or FIELD_TEXT + the
 * length of its text; code: an index into `codes`; the message's length);
 * at `textAt`, `bytes` of UTF-8 holding the texts in turn (lengths in UTF-16
 * units), all of it ASCII when `ascii`. Usually Rust's scratch buffers,
 * whose views are kept.
 */
export function failWith(count, recAt, textAt, bytes, ascii, fields) {
  try {
    return errorsFrom(count, recAt, textAt, bytes, ascii, fields);
  } catch {
    return null; // the stack limit: Rust answers its last resort
  }
}

function errorsFrom(count, recAt, textAt, bytes, ascii, fields) {
  views();
  const inScratch = textAt === at[5];
  const words = recAt === at[1] ? sRec : new Uint32Array(memory.buffer, recAt, 3 * count);
  const view = inScratch ? sText : new Uint8Array(memory.buffer, textAt, bytes);
  let text = '';
  if (bytes !== 0) text = ascii ? decodeAscii(view, bytes) : decoder.decode(inScratch ? view.subarray(0, bytes) : view);
  const errors = [];
  for (let r = 0, end = 3 * count, p = 0; r < end; r += 3) {
    const f = words[r];
    const field = f < FIELD_TEXT ? fields[f] : text.slice(p, (p += f - FIELD_TEXT));
    const message = text.slice(p, (p += words[r + 2]));
    errors.push({ field, code: codes[words[r + 1]], message });
  }
  return { ok: false, errors };
}
