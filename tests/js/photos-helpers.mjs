// Photos as phones take them, made from the small fixtures without an image
// library: a JPEG or PNG of any size (padding a decoder skips), an EXIF
// orientation, a 4000x3000 header, a PNG with alpha, an iPhone's HEIC, a
// file cut off mid-upload.
import { crc32 } from 'node:zlib';
import { fixture } from './helpers.mjs';

/**
 * A valid JPEG of `bytes` bytes or a little more: `base` (a fixture's name)
 * with comment segments just before its scan, so that, as in a phone's
 * photo, its headers come first and most of its bytes after them.
 */
export function jpegOf(bytes, { base = 'portrait-120x160.jpg', width, height } = {}) {
  const src = Buffer.from(fixture(base));
  if (width !== undefined) setJpegSize(src, width, height);
  const sos = scanStart(src);
  const parts = [src.subarray(0, sos)];
  let size = src.length;
  while (size < bytes) {
    const body = Math.min(65533, Math.max(1, bytes - size - 4));
    const seg = Buffer.alloc(body + 4, 0x41);
    seg.writeUInt16BE(0xfffe, 0); // COM
    seg.writeUInt16BE(body + 2, 2);
    parts.push(seg);
    size += seg.length;
  }
  parts.push(src.subarray(sos));
  return Buffer.concat(parts);
}

/** Where the start-of-scan marker of `jpeg` is. */
function scanStart(jpeg) {
  for (let i = 2; i + 3 < jpeg.length;) {
    if (jpeg[i + 1] === 0xda) return i;
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  throw new Error('no scan');
}

/** Rewrites the frame header (SOF0/SOF2) of `jpeg` to claim `width` x `height`. */
function setJpegSize(jpeg, width, height) {
  for (let i = 2; i + 9 < jpeg.length;) {
    const marker = jpeg[i + 1];
    if (marker === 0xc0 || marker === 0xc2) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return;
    }
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  throw new Error('no frame header');
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid PNG of `bytes` bytes or a little more: the fixture with tEXt chunks before IEND; `alpha` makes it RGBA. */
export function pngOf(bytes, { alpha = false } = {}) {
  const src = Buffer.from(fixture('face-96x128.png'));
  let ihdr = src.subarray(8, 33);
  if (alpha) {
    const data = Buffer.from(src.subarray(16, 29));
    data[9] = 6; // colour type RGBA
    ihdr = chunk('IHDR', data);
  }
  const iend = src.length - 12;
  const parts = [src.subarray(0, 8), ihdr, src.subarray(33, iend)];
  let size = src.length;
  while (size < bytes) {
    const n = Math.min(1 << 20, Math.max(8, bytes - size - 12));
    const data = Buffer.alloc(n, 0x41);
    data.write('Comment\0', 0, 'latin1');
    parts.push(chunk('tEXt', data));
    size += n + 12;
  }
  parts.push(src.subarray(iend));
  return Buffer.concat(parts);
}

/** An iPhone's HEIC of `bytes` bytes: the fixture's header and an mdat box. */
export function heicOf(bytes) {
  const head = fixture('iphone-header.heic');
  const mdat = Buffer.alloc(Math.max(8, bytes - head.length));
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4, 'latin1');
  return Buffer.concat([head, mdat]);
}

/** `bytes` cut at `keep` of its length, as an interrupted upload leaves it. */
export const cutOff = (bytes, keep = 0.6) => bytes.subarray(0, Math.floor(bytes.length * keep));
