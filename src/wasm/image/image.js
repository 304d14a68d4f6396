// The JS half of encodeImage/prepareImage (src/wasm/image/mod.rs holds the logic).
// Snippet rules: `export function` only, no imports (the Node build turns this
// file into CommonJS). Functions that touch the caller's values never let an
// exception reach Rust unannounced: Rust imports them with `catch`, or they
// catch it themselves.

// Builds the JS string of ASCII bytes (a base64 encoding) read straight from a
// view of wasm memory. Node: Buffer#latin1Slice writes a one-byte string in one
// pass, faster than TextDecoder (figures in bench/README.md). Elsewhere:
// TextDecoder (identical for ASCII).
let decodeAscii;

/**
 * `(view, length) => string`: the first `length` bytes of `view`, which are
 * ASCII, as a string. convert.js is handed it too, for error texts.
 */
export function asciiDecoder() {
  if (decodeAscii === undefined) decodeAscii = pickAsciiDecoder();
  return decodeAscii;
}

// The EncodedImage object, built in one call from wasm (one object shape):
// base64 `given` by the caller, made by the platform from `native` (the
// caller's bytes), or the ASCII `encoded` in wasm memory. Rust imports it
// with `catch` (a string over the engine's limit throws).
export function encodedImage(encoded, given, native, png, byteLength, width, height, orientation) {
  let base64 = given;
  if (base64 === undefined) base64 = native === undefined ? asciiDecoder()(encoded, encoded.length) : platformBase64(native);
  return {
    base64,
    mimeType: png ? 'image/png' : 'image/jpeg',
    byteLength,
    width,
    height,
    orientation,
  };
}

// Node's own Buffer, or null elsewhere: a bundler's Buffer polyfill is a JS
// loop, so Buffer is used only in Node itself.
function nodeBuffer() {
  const B = globalThis.Buffer;
  const isNode = typeof globalThis.process === 'object' && globalThis.process !== null
    && typeof globalThis.process.versions === 'object' && typeof globalThis.process.versions.node === 'string';
  return isNode && typeof B === 'function' ? B : null;
}

// The platform's own base64 encoder, where it has one: Uint8Array#toBase64
// (TC39; Chromium has it), else Node's Buffer (native SIMD). Either encodes
// and builds the string in one native pass, where wasm must encode and then
// hand the bytes over as a string; wasm keeps the checks. null: none.
const platformBase64 = pickPlatformBase64();

function pickPlatformBase64() {
  if (typeof Uint8Array.prototype.toBase64 === 'function') return (v) => v.toBase64();
  const B = nodeBuffer();
  if (B === null || typeof B.from !== 'function') return null;
  return (v) => B.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

// Whether the platform encodes `view`. Not over a SharedArrayBuffer: its
// bytes could change between the checks, made on wasm's copy, and the encoding.
export function nativeBase64(view) {
  return platformBase64 !== null && !(typeof SharedArrayBuffer === 'function' && view.buffer instanceof SharedArrayBuffer);
}

function pickAsciiDecoder() {
  const B = nodeBuffer();
  if (B !== null && typeof B.prototype.latin1Slice === 'function') {
    const slice = B.prototype.latin1Slice;
    return (v, length) => slice.call(v, 0, length);
  }
  const decoder = new TextDecoder();
  return (v, length) => decoder.decode(length === v.length ? v : v.subarray(0, length));
}

// Calls `then(true, value)` or `then(false, reason)` once `promise` settles:
// one wasm callback, always called exactly once.
export function settle(promise, then) {
  return promise.then((v) => then(true, v), (e) => then(false, e));
}

// `obj[name]()` (a Blob's arrayBuffer()), then as `settle`; what throws on
// the way (a getter, a revoked proxy) also reaches `then(false, error)`.
export function settleCall(obj, name, then) {
  let p;
  try {
    p = Promise.resolve(obj[name]());
  } catch (e) {
    p = Promise.reject(e);
  }
  return settle(p, then);
}

// `obj[name](...args)` as a promise, which rejects with whatever throws on
// the way instead of throwing, or with the reason of `signal` (a client
// call's) once it aborts: a Blob whose read never ends would hold the call.
export function callAsync(obj, name, args, signal) {
  let p;
  try {
    p = Promise.resolve(obj[name](...args));
  } catch (e) {
    return Promise.reject(e);
  }
  if (!signal) return p;
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    const done = () => signal.removeEventListener('abort', stop);
    // Handled first, so a read that fails after the abort is no unhandled rejection.
    p.then((v) => { done(); resolve(v); }, (e) => { done(); reject(e); });
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop);
  });
}

// The engine's own accessors, read once: they check the receiver's internal
// slots (a Proxy or an object with a `byteLength` getter cannot pass for
// binary data) and run no code of the caller's.
const getter = (proto, key) => {
  const d = proto && Object.getOwnPropertyDescriptor(proto, key);
  return d && typeof d.get === 'function' ? d.get : null;
};
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const TA_BUFFER = getter(typedArrayProto, 'buffer');
const TA_OFFSET = getter(typedArrayProto, 'byteOffset');
const TA_LENGTH = getter(typedArrayProto, 'byteLength');
const DV_BUFFER = getter(DataView.prototype, 'buffer');
const DV_OFFSET = getter(DataView.prototype, 'byteOffset');
const DV_LENGTH = getter(DataView.prototype, 'byteLength');
const AB_LENGTH = getter(ArrayBuffer.prototype, 'byteLength');
const SAB_LENGTH = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;

function brand(get, v) {
  try {
    get.call(v);
    return true;
  } catch {
    return false;
  }
}

// Whether `v` is a Blob or File (from any realm: the accessor checks the
// engine's own slots). Asked before binaryView for a caller's source, the
// usual one in a page: binaryView's buffer checks would throw for a Blob,
// and an exception thrown under wasm frames costs more than the rest of a
// small photo's call. Typed arrays are answered without a check; an
// ArrayBuffer pays the one exception instead. Never throws.
const BLOB_SIZE = typeof Blob === 'function' ? getter(Blob.prototype, 'size') : null;

export function isBlob(v) {
  return BLOB_SIZE !== null && typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && brand(BLOB_SIZE, v);
}

// A fresh Uint8Array over the bytes of `v` when it is an ArrayBuffer,
// SharedArrayBuffer, typed array or DataView; null when it is none of these;
// -1 when its buffer was detached (transferred to a worker, or freed).
export function binaryView(v) {
  if (typeof v !== 'object' || v === null) return null;
  try {
    if (ArrayBuffer.isView(v)) {
      // A typed array first: the usual case, and the brand check that fails
      // throws (an exception costs more than the rest of a small image's call).
      const dv = !brand(TA_LENGTH, v);
      const buffer = (dv ? DV_BUFFER : TA_BUFFER).call(v);
      const offset = (dv ? DV_OFFSET : TA_OFFSET).call(v);
      const length = (dv ? DV_LENGTH : TA_LENGTH).call(v);
      return new Uint8Array(buffer, offset, length);
    }
    if (brand(AB_LENGTH, v) || (SAB_LENGTH !== null && brand(SAB_LENGTH, v))) return new Uint8Array(v);
    return null;
  } catch {
    return -1; // new Uint8Array over a detached buffer throws
  }
}

// `v` as a plain object for the options reader: its own enumerable keys
// copied as data properties (getters read once, here); `v` itself when it
// is not an object. Throws what reading it throws (Rust imports it with `catch`).
export function plainOptions(v) {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: v[k], enumerable: true, writable: true, configurable: true });
  return out;
}

// The items of `v` when it is an array of at most `max` (a copy); its length
// when longer (its items are not read); null when it is not an array.
// Throws what reading it throws (Rust imports it with `catch`).
export function listOf(v, max) {
  if (!Array.isArray(v)) return null;
  const len = v.length;
  if (len > max) return len;
  const out = new Array(len);
  for (let i = 0; i < len; i++) out[i] = v[i];
  return out;
}

// Whether an object among Verifik's images is written by JSON.stringify as
// something else (a toJSON, a boxed string): then it is judged as that JSON,
// as the validator judges it, not read as a file. Bytes (a Node Buffer has
// a toJSON too) and Blobs are read. Never throws.
export function writtenAsJson(v) {
  try {
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return false;
    return typeof v.toJSON === 'function' || v instanceof String || v instanceof Number || v instanceof Boolean;
  } catch {
    return false;
  }
}

// `Promise.reject(error)`, marked handled: it is made ahead and handed to
// every call that finds too little stack to build its own.
export function rejected(error) {
  const p = Promise.reject(error);
  p.catch(() => {});
  return p;
}

// Whether this runtime can decode, rotate and re-encode an image itself.
export function canRedraw() {
  return typeof globalThis.createImageBitmap === 'function' && typeof globalThis.OffscreenCanvas === 'function';
}

// Decodes `blob` with the browser's own decoder (EXIF orientation applied),
// scales it so neither side exceeds `maxDimension` (0 = no limit) and encodes
// it as `type`. Rejects with { stage: 'decode' | 'encode', cause }.
export async function redraw(blob, maxDimension, type, quality) {
  let bitmap;
  try {
    bitmap = await globalThis.createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch (cause) {
    throw { stage: 'decode', cause };
  }
  try {
    const { width, height } = bitmap;
    const scale = maxDimension > 0 ? Math.min(1, maxDimension / Math.max(width, height)) : 1;
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const canvas = new globalThis.OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    if (type === 'image/jpeg') {
      // JPEG has no alpha: transparent pixels would turn black.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    return await canvas.convertToBlob({ type, quality });
  } catch (cause) {
    throw { stage: 'encode', cause };
  } finally {
    bitmap.close();
  }
}
