// JSON text read without changing a number: JSON holds numbers a double
// cannot (1e400 parses to Infinity, which is then sent as null;
// 12345678901234567891 is rounded). Both the server and `personkit import`
// refuse such a number, naming its key, instead of sending it changed.

/** Whether a double read from JSON is the number the text wrote. */
const exact = (v) => Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v));

// Only a number of 16 digits or more, or one with an exponent, can be read
// inexactly: a text with neither needs no look at its numbers.
const maybeInexact = (text) => /\d[eE]/.test(text) || /\d{16}/.test(text);

/**
 * The key of a number in `value`, parsed from `text`, that the text wrote
 * and a double does not hold exactly (`''` for the value itself), or null.
 * The walk has a stack of its own: JSON may nest deeper than calls go.
 */
export function inexactKey(text, value) {
  if (!maybeInexact(text)) return null;
  if (typeof value === 'number') return exact(value) ? null : '';
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const keys = Array.isArray(v) ? null : Object.keys(v);
    const n = keys === null ? v.length : keys.length;
    for (let i = 0; i < n; i += 1) {
      const x = keys === null ? v[i] : v[keys[i]];
      if (typeof x === 'number') {
        if (!exact(x)) return keys === null ? String(i) : keys[i];
      } else if (x !== null && typeof x === 'object') {
        stack.push(x);
      }
    }
  }
  return null;
}
