// JSON text read without changing a number: JSON holds numbers a double
// cannot (1e400 parses to Infinity, which is then sent as null;
// 12345678901234567891 is rounded). Both the server and `personkit import`
// refuse such a number, naming its key, instead of sending it changed.

/** Whether a double read from JSON is the number the text wrote. */
const exact = (v) => Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v));

// Only a number of 16 digits or more, or one with an exponent, can be read
// inexactly; a text with neither is parsed without a reviver, which doubles
// the time of a body of many values.
const maybeInexact = (text) => /\d[eE]/.test(text) || /\d{16}/.test(text);

/**
 * `JSON.parse(text)` and the key of the first number it could not read
 * exactly (null when none); throws what JSON.parse throws.
 * @returns {{ value: unknown, inexact: string | null }}
 */
export function parseExact(text) {
  if (!maybeInexact(text)) return { value: JSON.parse(text), inexact: null };
  let inexact = null;
  const value = JSON.parse(text, (key, v) => {
    if (typeof v === 'number' && inexact === null && !exact(v)) inexact = key;
    return v;
  });
  return { value, inexact };
}
