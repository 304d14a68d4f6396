// Helpers for src/wasm/convert.rs. Reading a payload is one walk in JS (where
// property access is cheap) that leaves a "tape" Rust copies in with two or
// three calls, instead of several wasm↔JS calls per property.
// Snippet rules (scripts/cjs-snippets.mjs): only `export function`, no imports.

const encoder = new TextEncoder();
const objectProto = Object.prototype;
/** Deepest nesting walked (the rest, and cycles, go through JSON.stringify). */
const MAX_DEPTH = 64;
/** Strings of at least this many UTF-16 units are copied in on their own. */
const LONG = 256;
const FALLBACK = Symbol('fallback');
const LEFT_OUT = Symbol('left out');
const TOP_OBJECT = Symbol('top-level object'); // its entries are in st.keys / st.values
const wellFormed = typeof ''.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

// Tape tokens (f64): 0 null · 1 false · 2 true · 3 x (number) · 4 u (string of
// u UTF-16 units in `text`) · 5 k u (long string k of u units) · 6 n (array,
// then n values) · 7 n (object, then n times: key units, value).

function value(st, v, depth) {
  switch (typeof v) {
    case 'string':
      if (v.length >= LONG) {
        if (!wellFormed(v)) throw FALLBACK;
        st.tape.push(5, st.longs.length, v.length);
        st.longs.push(v);
      } else {
        st.tape.push(4, v.length);
        st.text += v;
      }
      return v;
    case 'number':
      if (!Number.isFinite(v)) {
        st.tape.push(0);
        return null;
      }
      st.tape.push(3, v);
      return v === 0 ? 0 : v; // -0 is sent as 0
    case 'boolean':
      st.tape.push(v ? 2 : 1);
      return v;
    case 'object': {
      if (v === null) {
        st.tape.push(0);
        return null;
      }
      if (typeof v.toJSON === 'function' || depth >= MAX_DEPTH) throw FALLBACK;
      if (Array.isArray(v)) {
        const n = v.length;
        st.tape.push(6, n);
        const out = new Array(n);
        for (let i = 0; i < n; i++) {
          const x = value(st, v[i], depth + 1);
          if (x === LEFT_OUT) st.tape.push(0);
          out[i] = x === LEFT_OUT ? null : x;
        }
        return out;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== objectProto && proto !== null) throw FALLBACK;
      const keys = Object.keys(v);
      st.tape.push(7, 0);
      const countAt = st.tape.length - 1;
      const top = depth === 0;
      const out = top ? null : {};
      let count = 0;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const x = v[k];
        const t = typeof x;
        if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
        st.tape.push(k.length);
        st.text += k;
        const copy = value(st, x, depth + 1);
        count++;
        if (top) {
          st.keys.push(k);
          st.values.push(copy);
        } else if (k === '__proto__') {
          Object.defineProperty(out, k, { value: copy, writable: true, enumerable: true, configurable: true });
        } else {
          out[k] = copy;
        }
      }
      st.tape[countAt] = count;
      return top ? TOP_OBJECT : out;
    }
    case 'bigint':
      throw FALLBACK;
    default:
      return LEFT_OUT; // undefined, function, symbol
  }
}

/**
 * Walks `v` as JSON.stringify would. Returns the walk state (tape, text,
 * long strings, and a normalized copy for the accepted body), or null when
 * `v` holds something only JSON.stringify models (toJSON, class instances,
 * bigints, deep nesting or cycles, lone surrogates, throwing getters).
 */
export function walkJson(v) {
  const st = { tape: [], text: '', longs: [], keys: [], values: [], root: undefined };
  try {
    const root = value(st, v, 0);
    if (!wellFormed(st.text)) return null;
    st.root = root === LEFT_OUT ? null : root;
    if (root === LEFT_OUT) st.tape = [0];
  } catch {
    return null;
  }
  return st;
}

/** Copies the tape into `out` (its length is `tapeLength`). Returns the text length in UTF-16 units. */
export function copyTape(st, out) {
  out.set(st.tape);
  return st.text.length;
}

/** The tape length. */
export function tapeLength(st) {
  return st.tape.length;
}

/** Encodes the text of short strings and keys into `out`; -1 when it does not fit (non-ASCII: retry with 3× room). */
export function encodeText(st, out) {
  const r = encoder.encodeInto(st.text, out);
  return r.read === st.text.length ? r.written : -1;
}

/** Encodes long string `k` into `out` (sized for ASCII); -1 when it does not fit. */
export function encodeLong(st, k, out) {
  const s = st.longs[k];
  const r = encoder.encodeInto(s, out);
  return r.read === s.length ? r.written : -1;
}

/** Long string `k` (for the non-ASCII case; wasm-bindgen copies it in). */
export function longString(st, k) {
  return st.longs[k];
}

/** `{ ok: true, value }` where value is the walked input, top-level keys in `fields` order. */
export function okOrdered(st, fields) {
  if (st.root !== TOP_OBJECT) return { ok: true, value: st.root };
  const { keys, values } = st;
  const value = {};
  // Usually the caller's keys already come in field order: one merge pass.
  let j = 0;
  for (let i = 0; i < fields.length && j < keys.length; i++) {
    if (keys[j] === fields[i]) {
      value[fields[i]] = values[j];
      j++;
    }
  }
  if (j === keys.length) return { ok: true, value };
  const sorted = {};
  for (let i = 0; i < fields.length; i++) {
    const k = keys.indexOf(fields[i]);
    if (k >= 0) sorted[fields[i]] = values[k];
  }
  return { ok: true, value: sorted };
}

/** Today on the caller's clock, as yyyymmdd (local time). */
export function todayNumber() {
  const d = new Date();
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

/** `{ ok: true, value }`. */
export function okResult(value) {
  return { ok: true, value };
}

/** `{ ok: false, errors }`. */
export function failResult(errors) {
  return { ok: false, errors };
}

/** Appends `{ field, code, message }` to `errors`. */
export function pushFieldError(errors, field, code, message) {
  errors.push({ field, code, message });
}

/** Sets `o[k] = v` as JSON.parse would (a data property, even for "__proto__"). */
export function putProperty(o, k, v) {
  if (k === '__proto__') {
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  } else {
    o[k] = v;
  }
}
