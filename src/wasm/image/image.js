// The JS half of encodeImage/prepareImage (src/wasm/image.rs holds the logic).
// Snippet rules: `export function` only, no imports (the Node build turns this
// file into CommonJS).

// Builds the JS string of ASCII bytes (a base64 encoding) read straight from a
// view of wasm memory. Node: Buffer#latin1Slice writes a one-byte string in one
// pass (~4x faster than TextDecoder on 1 MiB, see PEERS.md). Elsewhere:
// TextDecoder (identical for ASCII). A bundler's Buffer polyfill is a JS loop,
// so Buffer is used only in Node itself.
let decodeAscii;

/**
 * `(view, length) => string`: the first `length` bytes of `view`, which are
 * ASCII, as a string. convert.js is handed it too, for error texts.
 */
export function asciiDecoder() {
  if (decodeAscii === undefined) decodeAscii = pickAsciiDecoder();
  return decodeAscii;
}

// The EncodedImage object, built in one call from wasm (one object shape).
export function encodedImage(encoded, given, png, byteLength, width, height, orientation) {
  return {
    base64: given === undefined ? asciiDecoder()(encoded, encoded.length) : given,
    mimeType: png ? 'image/png' : 'image/jpeg',
    byteLength,
    width,
    height,
    orientation,
  };
}

function pickAsciiDecoder() {
  const B = globalThis.Buffer;
  const isNode = typeof globalThis.process === 'object' && globalThis.process !== null
    && typeof globalThis.process.versions === 'object' && typeof globalThis.process.versions.node === 'string';
  if (isNode && typeof B === 'function' && typeof B.prototype.latin1Slice === 'function') {
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
