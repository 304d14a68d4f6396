// Helpers for src/wasm/convert.rs. Reading a payload is one walk in JS (where
// property access is cheap) that writes flat records straight into Rust's
// buffers (copied in with a few calls when they do not fit), which Rust reads
// in place (`Doc` in src/validate/view/doc.rs), instead of several wasm↔JS
// calls per property. A rejected payload's errors come back the same way
// (convert/errors.js).
// Snippet rules (scripts/cjs-snippets.mjs): only `export function`, no imports.

const encoder = new TextEncoder();
const objectProto = Object.prototype;
const toStringTag = Object.prototype.toString;
/** Deepest nesting of arrays and objects (serde_json's limit: the JSON text road agrees). */
const MAX_DEPTH = 127;
/** Strings of at least this many UTF-16 units are copied in on their own. */
const LONG = 256;
/** Most values and keys one payload may hold (see README "What is fuzzed"). */
const MAX_VALUES = 10000;
/** Most UTF-16 units of long strings outside the fields with a cap of their own. */
const MAX_TEXT = 1 << 20;
const LEFT_OUT = Symbol('left out');
// Why a walk stopped: a refusal's kind, as Rust reads it from info[0].
const STRING_CAP = 2;
const VALUES = 3;
const TEXT = 4;
const UNREADABLE = 5;
const NOT_JSON = 6;
const NO_ROOM = 7;
const wellFormed = typeof ''.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

// Records, three u32 each (see `Doc` in src/validate/view/doc.rs):
// [0] null · [1] false · [2] true · [3, k] number k of `nums` · [4, start, len] string:
// UTF-16 units start..start+len of `text` (Rust turns them into bytes when
// the text is not ASCII) · [5, k] long string k · [6, n, end] array, then n
// values · [7, n, end] object, then n times a key (a [4] or [8] record) and a
// value; `end` is the record just past the container · [8, i] a key of the
// payload object that is the documented name `fields[i]`. Short strings and
// keys are concatenated and encoded once by the engine (faster than a JS loop).
//
// The walk is bounded before it copies: at most MAX_VALUES records, MAX_TEXT
// units of long strings, and the caps of documented fields (`limits`). The
// values of unknown top-level keys are not walked (the payload is refused
// for the key alone). Anything thrown while reading (getters, proxies, the
// stack limit) stops the walk with a refusal at the field being read.

// The walk's state lives here between walkJson and the copies that follow it
// (Rust makes them at once, with no user code in between). A getter that
// calls a validator while a walk is under way gets the JSON.stringify road.
let rec = new Uint32Array(0); // Rust's records buffer during a walk, or a JS copy when it fills up
let n = 0;
let nums = new Float64Array(0); // likewise for numbers
let m = 0; // numbers written
let text = '';
let longs = [];
let longUnits = 0; // units of long strings counted against MAX_TEXT
let root = null;
let ordered = true; // the payload's keys came in the documented order
let mayChange = false; // a normalisation step may change a string (see mayChangeString)
let busy = false;
// Where the walk is, for a refusal: documented field index + 1 (0: the
// payload itself or an undocumented key), and the item of a top-level array + 1.
let field = 0;
let item = 0;
let capItems = -1; // the current field's documented most items (-1: none)
let capUnits = 0; // the current field's most units per string (0: none)
let refusal = null; // [kind, amount] once the walk was refused
let key = null; // the payload's key being read
let unreadable = 0; // bit f: documented field f was left out, unreadable (see leaveOut)
let oversize = null; // [field + 1, item, length]: the first member left out for a string over its cap
let payloadAt = -1; // the payload object's record, once walked

class Refused {}
const REFUSED = new Refused();

function refuse(kind, amount) {
  refusal = [kind, amount];
  throw REFUSED;
}

function grow() {
  if (n + 3 > 3 * MAX_VALUES) refuse(VALUES, MAX_VALUES + 1);
  const bigger = new Uint32Array(Math.min(Math.max(rec.length * 2, 3 * 256), 3 * MAX_VALUES));
  bigger.set(rec);
  rec = bigger;
}

function record(k, a, b) {
  if (n + 3 > rec.length) grow();
  rec[n] = k;
  rec[n + 1] = a;
  rec[n + 2] = b;
  n += 3;
}

function short(s) {
  // A high surrogate that ends a string is alone; joined to the next
  // string's low surrogate in `text` it would pass the final check.
  const last = s.charCodeAt(s.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) refuse(NOT_JSON, 0);
  record(4, text.length, s.length);
  text += s;
}

function string(s, depth) {
  const len = s.length;
  if (!mayChange) {
    // Most strings: three characters or more, neither end space-like nor past U+0084.
    const a = s.charCodeAt(0);
    const b = s.charCodeAt(len - 1);
    if ((len < 3 || a <= 32 || b <= 32 || a >= 0x85 || b >= 0x85) && mayChangeString(s, len, depth)) mayChange = true;
  }
  // The field's own cap for its value and its first capItems items; else the shared budget.
  const capped = capUnits > 0 && (depth === 1 || (depth === 2 && item <= capItems));
  if (capped && len > capUnits) refuse(STRING_CAP, len);
  if (len < LONG) {
    short(s);
    return;
  }
  if (!capped && (longUnits += len) > MAX_TEXT) refuse(TEXT, longUnits);
  if (!wellFormed(s)) refuse(NOT_JSON, 0);
  record(5, longs.length, 0);
  longs.push(s);
}

// Whether a normalisation step may change `s` (as `may_change` in
// src/validate/normalise.rs says, with the same characters): whitespace or a
// control character at either end (Unicode White_Space, what Rust's
// `str::trim` takes off), two characters with a lowercase ASCII letter (a
// country code), or an empty string inside an array or object (a top-level
// one is left out of the copy). Only then does Rust work out what changes.
function mayChangeString(s, len, depth) {
  if (len === 0) return depth > 1;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(len - 1);
  return spaceLike(a) || spaceLike(b) || (len === 2 && (lower(a) || lower(b)));
}

const lower = (c) => c >= 97 && c <= 122;
const spaceLike = (c) => c <= 32 || (c >= 0x85 && (c === 0x85 || c === 0xa0 || c === 0x1680
  || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000));

// What JSON.stringify makes of an object that is not plain: toJSON's
// result, a boxed primitive's value, else the object itself.
function unwrap(v, key) {
  if (typeof v.toJSON === 'function') {
    v = v.toJSON(typeof key === 'number' ? String(key) : key); // an array index, as text
    if (typeof v !== 'object' || v === null) return v;
  }
  if (plainOrArray(v)) return v;
  switch (toStringTag.call(v)) {
    case '[object Number]': return Number(v);
    case '[object String]': return String(v);
    case '[object Boolean]': return v.valueOf();
    case '[object BigInt]': return refuse(NOT_JSON, 0);
    default: return v;
  }
}

// Walks `v` as JSON.stringify would; returns the normalized copy for the
// accepted body (LEFT_OUT for undefined, functions and symbols).
function value(v, depth, key) {
  switch (typeof v) {
    case 'string':
      string(v, depth);
      return v;
    case 'number':
      if (!Number.isFinite(v)) {
        record(0, 0, 0);
        return null;
      }
      if (m === nums.length) {
        const bigger = new Float64Array(Math.max(m * 2, 64));
        bigger.set(nums);
        nums = bigger;
      }
      nums[m] = v;
      record(3, m++, 0);
      return v === 0 ? 0 : v; // -0 is sent as 0
    case 'boolean':
      record(v ? 2 : 1, 0, 0);
      return v;
    case 'object':
      if (v === null) {
        record(0, 0, 0);
        return null;
      }
      if (typeof v.toJSON === 'function' || !plainOrArray(v)) {
        const u = unwrap(v, key);
        // toJSON's result is not unwrapped again (as JSON.stringify does)
        if (typeof u !== 'object' || u === null) return value(u, depth, key);
        return container(u, depth);
      }
      return container(v, depth);
    case 'bigint':
      return refuse(NOT_JSON, 0);
    default:
      return LEFT_OUT; // undefined, function, symbol
  }
}

function plainOrArray(v) {
  const proto = Object.getPrototypeOf(v);
  return proto === objectProto || proto === null || Array.isArray(v);
}

// A cycle nests without end, so it meets MAX_DEPTH (and the walk stops at once).
function container(v, depth) {
  if (depth >= MAX_DEPTH) refuse(NOT_JSON, 0);
  let out;
  const at = n;
  if (Array.isArray(v)) {
    const len = v.length;
    if (len > MAX_VALUES - n / 3) refuse(VALUES, len);
    record(6, len, 0);
    out = new Array(len);
    for (let i = 0; i < len; i++) {
      if (depth === 1) item = i + 1;
      const x = value(v[i], depth + 1, i);
      if (x === LEFT_OUT) {
        record(0, 0, 0);
        out[i] = null;
      } else {
        out[i] = x;
      }
    }
    if (depth === 1) item = 0;
  } else {
    // A typed array's keys are its indexes: refused by its length, before millions of keys are listed.
    if (ArrayBuffer.isView(v) && 2 * v.length > MAX_VALUES - n / 3) refuse(VALUES, v.length);
    const ks = Object.keys(v);
    if (2 * ks.length > MAX_VALUES - n / 3) refuse(VALUES, ks.length);
    record(7, 0, 0);
    out = {};
    let count = 0;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      const x = v[k];
      const t = typeof x;
      if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
      const n0 = n;
      const t0 = text.length;
      short(k);
      const y = value(x, depth + 1, k);
      if (y === LEFT_OUT) {
        // toJSON gave undefined: JSON.stringify leaves the key out too
        n = n0;
        text = text.slice(0, t0);
        continue;
      }
      put(out, k, y);
      count++;
    }
    rec[at + 1] = count;
  }
  rec[at + 2] = n / 3;
  return out;
}

function put(o, k, v) {
  if (k === '__proto__') {
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  } else {
    o[k] = v;
  }
}

// The payload object itself: each key is looked up among the documented
// names `fields` from where the last one matched (they usually come in that
// order), and a match is recorded as [8, index] so Rust compares no text.
let members = 0; // members of the payload walked so far

function payload(v, fields, limits) {
  const at = n;
  record(7, 0, 0);
  const out = {};
  let next = 0;
  members = 0;
  // for-in reads each member through the engine's enumeration cache when
  // `v[k]` is read in the loop's own body (not in a function it calls):
  // faster than Object.keys and a lookup by name. It would also list
  // enumerable members inherited from a prototype, so only for a plain
  // object when Object.prototype has none.
  // `key` is set before `v[k]` is read: a getter that throws is reported there.
  if (cleanPrototype() && isPlain(v)) {
    for (const k in v) {
      key = k;
      const n0 = n, m0 = m, t0 = text.length, l0 = longs.length;
      try {
        next = member(out, k, v[k], fields, limits, next);
      } catch (e) {
        leaveOut(e, k, fields, n0, m0, t0, l0);
      }
    }
  } else {
    const ks = Object.keys(v);
    for (let i = 0; i < ks.length; i++) {
      key = ks[i];
      const n0 = n, m0 = m, t0 = text.length, l0 = longs.length;
      try {
        next = member(out, key, v[key], fields, limits, next);
      } catch (e) {
        leaveOut(e, key, fields, n0, m0, t0, l0);
      }
    }
  }
  key = null;
  rec[at + 1] = members;
  rec[at + 2] = n / 3;
  field = 0;
  payloadAt = at;
  return out;
}

// A documented member whose value cannot be JSON (a bigint, a cycle, a lone
// surrogate) or whose reading threw (not the stack limit) is left out of the
// records, and its field is marked in `unreadable`: Rust reports that field
// as unreadable and still checks the others, so a form shows every problem.
// An undocumented key whose getter threw is recorded as every undocumented
// key is (its value is not read): the rules call it unknown. The first
// string over its field's cap (a photo too large) is left out the same way,
// so the form still hears about the other fields; other size limits still
// refuse the walk.
function leaveOut(e, k, fields, n0, m0, t0, l0) {
  const f = fields.indexOf(k);
  const tooLarge = e === REFUSED && refusal[0] === STRING_CAP && oversize === null && f >= 0;
  const fatal = e === REFUSED ? refusal[0] !== NOT_JSON && !tooLarge : e instanceof RangeError;
  if (fatal || f >= 32) throw e;
  if (tooLarge) oversize = [f + 1, item, refusal[1]];
  refusal = null;
  n = n0;
  m = m0;
  text = text.slice(0, t0);
  longs.length = l0;
  item = 0;
  if (f >= 0) {
    unreadable |= 1 << f;
    return;
  }
  short(k);
  record(0, 0, 0);
  members++;
}

// After the walk, when `text` is not well formed (a lone surrogate inside a
// short string): marks each documented member of the payload holding such a
// string as unreadable and replaces those surrogates by U+FFFD (same
// length: the records' offsets stay right; the value is never sent, since
// the payload is refused). Refuses the walk as before when the payload was
// not an object, or an undocumented key is the one not well formed.
function markIllFormed() {
  if (payloadAt < 0) refuse(NOT_JSON, 0);
  const count = rec[payloadAt + 1];
  let r = payloadAt + 3;
  for (let i = 0; i < count; i++) {
    const documented = rec[r] === 8;
    if (!documented && !wellFormed(text.slice(rec[r + 1], rec[r + 1] + rec[r + 2]))) refuse(NOT_JSON, 0);
    const f = rec[r + 1];
    r += 3;
    const end = rec[r] === 6 || rec[r] === 7 ? 3 * rec[r + 2] : r + 3;
    for (; r < end; r += 3) {
      if (documented && rec[r] === 4 && !wellFormed(text.slice(rec[r + 1], rec[r + 1] + rec[r + 2]))) {
        if (f >= 32) refuse(NOT_JSON, 0);
        unreadable |= 1 << f;
      }
    }
  }
  text = toWellFormed(text);
}

// (No lookbehind in the fallback: an engine without toWellFormed may not parse one.)
const toWellFormed = typeof ''.toWellFormed === 'function'
  ? (s) => s.toWellFormed()
  : (s) => s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (c) => (c.length === 2 ? c : '\uFFFD'));

// Records member `k: x` of the payload and puts its normalized copy in
// `out`; the key as [8, index] when it is documented name `fields[index]`
// (looked for from `next`, where the last match left off), else as text
// with a null for its value, which is not read. Returns where the next
// key's search starts.
function member(out, k, x, fields, limits, next) {
  const t = typeof x;
  if (t === 'undefined' || t === 'function' || t === 'symbol') return next;
  let f = next;
  while (f < fields.length && fields[f] !== k) f++;
  if (f === fields.length) {
    f = fields.indexOf(k);
    if (f >= 0) ordered = false;
  }
  field = f + 1;
  if (f >= 0) {
    record(8, f, 0);
    capItems = limits[2 * f];
    capUnits = limits[2 * f + 1];
    const copy = value(x, 1, k);
    if (copy === LEFT_OUT) {
      n -= 3; // toJSON gave undefined: JSON.stringify leaves the key out too
      return next;
    }
    next = f + 1;
    // Step 1 of normalise.rs: a member holding '' is left out of the copy,
    // which is read only when the payload is accepted, and then every such
    // member is an optional field that is not sent.
    if (copy !== '') put(out, k, copy);
  } else {
    // Not walked (refused for its name), but left out as JSON.stringify
    // leaves it when its toJSON gives nothing to write.
    if (t === 'object' && x !== null && typeof x.toJSON === 'function' && leftOut(x.toJSON(k))) return next;
    short(k);
    record(0, 0, 0);
  }
  members++;
  return next;
}

const leftOut = (u) => u === undefined || typeof u === 'function' || typeof u === 'symbol';

function cleanPrototype() {
  // eslint-disable-next-line no-unreachable-loop
  for (const k in objectProto) return k === undefined;
  return true;
}

function isPlain(v) {
  const proto = Object.getPrototypeOf(v);
  return proto === objectProto || proto === null;
}

function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.toJSON !== 'function' && isPlain(v);
}

// Rust's buffers in wasm memory (src/wasm/scratch.rs): `info`, records,
// numbers and text. Views over them are made again whenever the memory has
// grown (its old ArrayBuffer is then detached).
let memory = null;
let at = null; // [info, rec, recLen, nums, numsLen, text, textLen]
let sInfo = null;
let sRec = null;
let sNums = null;
let sText = null;
let codes = [];

/**
 * Replaces each string of `names` by the engine's interned copy (what
 * property keys are), so matching a payload's keys to them compares
 * addresses, not text.
 */
export function internStrings(names) {
  for (let i = 0; i < names.length; i++) names[i] = Object.keys({ [names[i]]: 0 })[0];
}

/**
 * Where Rust's buffers are (`addresses` is copied: it is a view of wasm
 * memory), and the error code strings (for `wasmState`; a rejection's
 * errors are read by convert/errors.js).
 */
export function setScratch(mem, addresses, codeList) {
  memory = mem;
  at = Array.from(addresses);
  sInfo = null;
  codes = codeList;
}

function views() {
  // A view of memory that has since grown is detached: its length reads 0.
  if (sInfo !== null && sInfo.length !== 0) return;
  const b = memory.buffer;
  sInfo = new Uint32Array(b, at[0], 11);
  sRec = new Uint32Array(b, at[1], at[2]);
  sNums = new Float64Array(b, at[3], at[4]);
  sText = new Uint8Array(b, at[5], at[6]);
}

/**
 * Walks `v` as JSON.stringify would and keeps the records, numbers, text,
 * long strings and a normalized copy for the accepted body; when `v` is an
 * object, its keys are matched to the documented names `fields`, whose caps
 * are `limits` (per field: most items, -1 for none; most UTF-16 units per
 * string, 0 for none). Never throws.
 *
 * Returns 0 when a walk is already under way, or a getter grew wasm memory
 * under it; 1 when the records, numbers and text (UTF-8) were written into
 * Rust's buffers; 2 when they do not fit there and wait for `copyWalk`; 3
 * when the walk was refused. Rust's `info` then holds the record words, the
 * numbers, the text length (bytes written for 1, UTF-16 units for 2), how
 * many long strings there are, today's date (yyyymmdd) when `dated`
 * (the provider has a date rule), else 0, and 1 when a normalisation step
 * may change a string (else 0); for 3, the refusal's kind, the
 * field (documented index + 1, or 0), the top-level array item (index + 1,
 * or 0) and an amount (a length or a count).
 */
export function walkJson(v, fields, limits, dated) {
  if (busy) return 0;
  busy = true;
  try {
    // Records and numbers go straight into Rust's buffers; record() and
    // value() move them to a bigger JS array if they fill up.
    views();
    const start = sRec;
    rec = sRec;
    nums = sNums;
    n = 0;
    m = 0;
    text = '';
    if (longs.length) longs = [];
    longUnits = 0;
    ordered = true;
    mayChange = false;
    field = 0;
    item = 0;
    capItems = -1;
    capUnits = 0;
    refusal = null;
    key = null;
    root = null;
    unreadable = 0;
    oversize = null;
    payloadAt = -1;
    const r = walkRoot(v, fields, limits);
    if (!wellFormed(text)) markIllFormed();
    if (r === LEFT_OUT) {
      n = 0;
      record(0, 0, 0);
    }
    root = r === LEFT_OUT ? null : r;
    // A getter that ran wasm code may have grown its memory: the views we
    // wrote through are then detached (length 0), and later writes were lost.
    if (start.length === 0) return 0;
    let status = 2;
    let length = text.length;
    if (rec === sRec && nums === sNums && length <= sText.length) {
      const done = encoder.encodeInto(text, sText);
      if (done.read === length) {
        status = 1;
        length = done.written;
      }
    }
    if (status === 2) {
      // copyWalk reads them after Rust has allocated (which may grow memory).
      if (rec === sRec) rec = rec.slice(0, n);
      if (nums === sNums) nums = nums.slice(0, m);
    }
    sInfo[0] = n;
    sInfo[1] = m;
    sInfo[2] = length;
    sInfo[3] = longs.length;
    sInfo[4] = dated ? todayNumber() : 0;
    sInfo[5] = mayChange ? 1 : 0;
    sInfo[6] = unreadable;
    sInfo[8] = oversize === null ? 0 : oversize[0];
    sInfo[9] = oversize === null ? 0 : oversize[1];
    sInfo[10] = oversize === null ? 0 : Math.min(oversize[2], 0xffffffff);
    return status;
  } catch (e) {
    // A getter, a proxy trap or toJSON threw, or the stack ran out.
    if (e !== REFUSED) {
      // The stack limit: Rust turns careful (see `room` in convert/room.rs).
      refusal = [e instanceof RangeError ? NO_ROOM : UNREADABLE, 0];
      if (key !== null) field = fields.indexOf(key) + 1;
    }
    text = '';
    longs = [];
    root = null;
    views();
    sInfo[0] = refusal[0];
    sInfo[1] = field;
    sInfo[2] = item;
    sInfo[3] = Math.min(refusal[1], 0xffffffff);
    return 3;
  } finally {
    busy = false;
  }
}

function walkRoot(v, fields, limits) {
  if (isPlainObject(v)) return payload(v, fields, limits);
  if (typeof v !== 'object' || v === null) return value(v, 0, '');
  const u = unwrap(v, '');
  if (typeof u !== 'object' || u === null) return value(u, 0, '');
  return Array.isArray(u) ? container(u, 0) : payload(u, fields, limits);
}

/**
 * For tests: the bytes of wasm memory, where Rust's stack was in the last
 * validation (the same at the same depth, unless an exception had unwound
 * wasm frames and left it lower), and every error code.
 */
export function wasmState() {
  if (memory === null) return { memoryBytes: 0, stackMark: 0, codes: [] };
  views();
  return { memoryBytes: memory.buffer.byteLength, stackMark: sInfo[7], codes: codes.slice() };
}

/**
 * For a walk too big for Rust's buffers: copies the records and numbers and
 * encodes the text (into room for 3 bytes per UTF-16 unit, the worst case).
 * Returns the text's length in bytes.
 */
export function copyWalk(recOut, numsOut, textOut) {
  recOut.set(rec.subarray(0, recOut.length));
  numsOut.set(nums.subarray(0, numsOut.length));
  return encoder.encodeInto(text, textOut).written;
}

/** Long string `k` (Rust copies it in with safe.js's encodeText). */
export function longString(k) {
  return longs[k];
}

/**
 * `{ ok: true, value }` where value is the walk's copy of the input, its keys
 * in `fields` order (the order of the body that is sent). Only for a payload
 * whose every key is documented.
 */
export function okOrdered(fields) {
  try {
    if (ordered || !isPlainObject(root)) return { ok: true, value: root };
    const value = {};
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (Object.prototype.hasOwnProperty.call(root, f)) value[f] = root[f];
    }
    return { ok: true, value };
  } catch {
    return null; // the stack limit: Rust answers its last resort
  }
}

let today = 0;
let todayFrom = 0;
let todayUntil = 0;

/** Today on the caller's clock, as yyyymmdd (local time), worked out again after each local midnight. */
export function todayNumber() {
  const now = Date.now();
  if (now >= todayFrom && now < todayUntil) return today;
  const d = new Date(now);
  const [y, m, day] = [d.getFullYear(), d.getMonth(), d.getDate()];
  today = y * 10000 + (m + 1) * 100 + day;
  todayFrom = new Date(y, m, day).getTime();
  todayUntil = new Date(y, m, day + 1).getTime();
  return today;
}

/** `{ ok: true, value }`. */
export function okResult(value) {
  try {
    return { ok: true, value };
  } catch {
    return null;
  }
}

/** Sets `o[k] = v` as JSON.parse would (a data property, even for "__proto__"). */
export function putProperty(o, k, v) {
  put(o, k, v);
}

