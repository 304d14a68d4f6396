// Reading the caller's values where what they throw is caught: Rust imports
// these with `catch`, or they catch it themselves. Snippet rules
// (scripts/cjs-snippets.mjs): only `export function`, no imports.

/**
 * `JSON.stringify(v)`, or its length when over `max` UTF-16 units (the
 * text is measured before Rust copies it), or undefined; throws what
 * JSON.stringify throws (bigints, cycles, getters).
 */
export function stringifyJson(v, max) {
  const s = JSON.stringify(v);
  return typeof s === 'string' && s.length > max ? s.length : s;
}

/** What `v` is, for messages: "an array", "a bigint", "an object of type Map"; never its value. */
export function describeKind(v) {
  if (v === null) return 'null';
  const t = typeof v;
  if (t === 'undefined') return 'undefined';
  if (t === 'function') return 'a function';
  if (t !== 'object') return t === 'number' || t === 'boolean' || t === 'bigint' || t === 'symbol' || t === 'string' ? `a ${t}` : 'a value of another type';
  try {
    if (Array.isArray(v)) return 'an array';
    const c = v.constructor;
    const name = typeof c === 'function' ? c.name : undefined;
    if (typeof name === 'string' && name !== '' && name !== 'Object' && name.length <= 40 && /^\w+$/.test(name)) return `an object of type ${name}`;
    return 'an object';
  } catch {
    return 'an object that could not be read';
  }
}

/** The frozen answer of last resort, made once (see `UNREADABLE` in convert.rs). */
export function unreadableResult() {
  const error = Object.freeze({ field: '', code: 'INVALID_TYPE', message: 'the payload could not be read' });
  return Object.freeze({ ok: false, errors: Object.freeze([error]) });
}

/** `o[k]` (Rust imports it with `catch`: a getter or proxy may throw). */
export function readProperty(o, k) {
  return o[k];
}
