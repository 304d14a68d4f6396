// Reading the caller's values where what they throw is caught: Rust imports
// these with `catch`, or they catch it themselves. Snippet rules
// (scripts/cjs-snippets.mjs): only `export function`, no imports.

/**
 * `JSON.stringify(v)`, or its length when over `max` UTF-16 units (the
 * text is measured before Rust copies it), or undefined; throws what
 * JSON.stringify throws (bigints, cycles, getters).
 */
export function stringifyJson(v, max) {
  const s = JSON.stringify(v, same);
  return typeof s === 'string' && s.length > max ? s.length : s;
}

/**
 * An identity replacer. Chromium's JSON.stringify without one kills the
 * renderer (uncatchably) on a cycle met after a long string that JSON.parse
 * made; with one it throws the circular TypeError, as everywhere else.
 */
function same(k, x) {
  return x;
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

/** The frozen answer of last resort, made once (see `UNREADABLE` in convert/room.rs). */
export function unreadableResult() {
  const error = Object.freeze({ field: '', code: 'INVALID_TYPE', message: 'the payload could not be read' });
  return Object.freeze({ ok: false, errors: Object.freeze([error]) });
}

/** `o[k]` (Rust imports it with `catch`: a getter or proxy may throw). */
export function readProperty(o, k) {
  return o[k];
}

/**
 * `JSON.stringify(v)` without the members `keys` of `v` itself (measured as
 * stringifyJson does); own keys only, `__proto__` included, as fetch sends.
 */
export function stringifyWithout(v, keys, max) {
  const s = JSON.stringify(v, function leaveOut(k, x) {
    return this === v && keys.includes(k) ? undefined : x;
  });
  return typeof s === 'string' && s.length > max ? s.length : s;
}

// A lone surrogate as JSON.stringify writes it: an escape (its backslash
// not itself escaped), which serde_json refuses.
const LONE_SURROGATE = /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;

/**
 * For a plain object `v` that JSON.stringify cannot write whole: the own
 * keys (but `skip`) whose member JSON cannot hold — a bigint, a cycle, a
 * lone surrogate, a getter or toJSON that throws — and the JSON text of a
 * shallow copy without `skip` and with those members null (measured as
 * stringifyJson does), so that the rules see every key and check the rest.
 * Null when `v` is not a plain object, no member is to blame, or the stack
 * ran out (a RangeError).
 */
export function stringifyReadable(v, skip, max) {
  try {
    // What JSON.stringify writes of an object with toJSON is its result (asked once, as it does).
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON('');
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.toJSON === 'function') return null;
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return null;
    const keys = [];
    const copy = {};
    for (const k of Object.keys(v)) {
      if (skip.includes(k)) continue;
      let x;
      let s;
      try {
        x = v[k];
        s = JSON.stringify(x, same);
      } catch (e) {
        // Out of stack: the call's own (nothing to blame), or, with room
        // left, this member nested deeper than the engine's JSON.stringify goes.
        if (e instanceof RangeError && !room(1000)) return null;
        s = null;
      }
      const unreadable = s === null || (typeof s === 'string' && (LONE_SURROGATE.test(s) || tooDeep(s)));
      if (unreadable) keys.push(k);
      // A data property, as JSON.parse makes one (even for "__proto__").
      Object.defineProperty(copy, k, { value: unreadable ? null : x, writable: true, enumerable: true, configurable: true });
    }
    if (keys.length === 0) return null;
    return [keys, stringifyJson(copy, max)];
  } catch {
    return null;
  }
}

/**
 * Whether a member's JSON text nests deeper than serde_json reads under the
 * payload's own object (127 levels in all), counted outside
 * strings: such a member is left out at its key, and the rest still checked.
 */
function tooDeep(s) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash: the next unit is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++depth > 126) return true;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return false;
}

const encoder = new TextEncoder();

/**
 * Encodes string `s` from UTF-16 unit `from` on into `out` (UTF-8): the
 * bytes written when that was the rest of `s`. One engine call, where
 * wasm-bindgen's own copy of a string walks its ASCII part a unit at a time
 * in JS. Stopped short (`out` full), it is negative: -1 - (units read × 4 +
 * bytes left in `out`), which are fewer than 4 (a character takes at most 4).
 */
export function encodeText(s, from, out) {
  const r = encoder.encodeInto(from === 0 ? s : s.slice(from), out);
  if (from + r.read === s.length) return r.written;
  return -1 - (r.read * 4 + (out.length - r.written));
}

// Recursion with wide frames, as deep as a validation or encodeImage may go
// (with room for the engine's lazy compilation) and then some.
function dig(n, a, b, c, d, e, f, g, h) {
  return n === 0 ? 0 : dig(n - 1, a, b, c, d, e, f, g, h) + 1;
}

/** Whether the stack has room for `frames` of `dig` (asked only once calls turned careful). */
export function room(frames) {
  try {
    return dig(frames, 0, 0, 0, 0, 0, 0, 0, 0) === frames;
  } catch {
    return false;
  }
}

/** Throws: called once at start, so the engine compiles the paths that catch (at the stack limit it could not). */
export function throwOnce() {
  throw new RangeError('warm-up');
}

/** The stack limit's own error, for an export that found no room (see `no_room` in convert/room.rs). */
export function noRoom() {
  throw new RangeError('Maximum call stack size exceeded');
}
