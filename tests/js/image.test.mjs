// Issue 4 through the JS API in Node: encodeImage on every source kind and
// every fixture (tests/fixtures/images/README.md), the limits and options,
// the 100 MiB Blob that must not be read, and prepareImage where there is no
// createImageBitmap/OffscreenCanvas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { encodeImage, prepareImage, PersonkitError } from 'personkit';

const fixture = (name) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));
const good = {
  'orientation-6.jpg': { mimeType: 'image/jpeg', width: 48, height: 64, orientation: 6 },
  'portrait-120x160.jpg': { mimeType: 'image/jpeg', width: 120, height: 160, orientation: 1 },
  'progressive-200x150.jpg': { mimeType: 'image/jpeg', width: 200, height: 150, orientation: 1 },
  'face-96x128.png': { mimeType: 'image/png', width: 96, height: 128, orientation: 1 },
};
const bad = {
  'face-64x64.webp': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a WebP image'],
  'face-64x64.gif': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a GIF image'],
  'face-32x32.bmp': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a BMP image'],
  'iphone-header.heic': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a HEIC/HEIF image (iPhone photos must be converted to JPEG first)'],
  'document.pdf': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a PDF document'],
  'truncated-before-sof.jpg': ['INVALID_IMAGE_FORMAT', 'image is truncated: the jpeg ends before its frame header (SOF)'],
  'empty.jpg': ['IMAGE_EMPTY', 'image is empty (0 bytes)'],
};

/** Every way JS can hold the same bytes. */
function sources(buf, name = 'photo.jpg') {
  const copy = new Uint8Array(buf);
  const padded = new Uint8Array(buf.length + 9);
  padded.set(buf, 5);
  const list = {
    Blob: new Blob([buf]),
    File: new File([buf], name, { type: 'image/png' }), // the MIME type is ignored: sniffed from the bytes
    ArrayBuffer: copy.buffer,
    Uint8Array: copy,
    Buffer: buf,
    'Uint8Array view at an offset': padded.subarray(5, 5 + buf.length),
    DataView: new DataView(padded.buffer, 5, buf.length),
    'raw base64': buf.toString('base64'),
    'data url': `data:image/jpeg;base64,${buf.toString('base64')}`,
  };
  if (buf.length % 2 === 0) list.Int16Array = new Int16Array(copy.buffer);
  const shared = new SharedArrayBuffer(buf.length);
  new Uint8Array(shared).set(buf);
  list.SharedArrayBuffer = shared;
  return list;
}

async function rejects(promise, code, message) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof PersonkitError, `not a PersonkitError: ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    if (message instanceof RegExp) assert.match(e.detail, message);
    else if (message !== undefined) assert.equal(e.detail, message);
    // The technical text (for logs) reads as the core writes it; the message is for people.
    assert.ok(!e.detail.endsWith('.') && e.detail[0] === e.detail[0].toLowerCase(), e.detail);
    assert.ok(!e.message.endsWith('.') && e.message[0] === e.message[0].toUpperCase(), e.message);
    return true;
  });
}

test('every good fixture, from every source kind, gives the same checked base64', async () => {
  for (const [name, want] of Object.entries(good)) {
    const buf = fixture(name);
    for (const [kind, source] of Object.entries(sources(buf, name))) {
      const r = await encodeImage(source);
      assert.deepEqual(Object.keys(r), ['base64', 'mimeType', 'byteLength', 'width', 'height', 'orientation']);
      assert.equal(r.base64, buf.toString('base64'), `${name} from ${kind}`);
      assert.deepEqual({ ...r, base64: undefined }, { ...want, base64: undefined, byteLength: buf.length }, `${name} from ${kind}`);
    }
  }
});

test('every bad fixture, from every source kind, has its code and message', async () => {
  for (const [name, [code, message]] of Object.entries(bad)) {
    for (const [kind, source] of Object.entries(sources(fixture(name), name))) {
      await rejects(encodeImage(source), code, message, `${name} from ${kind}`);
    }
  }
});

test('a 100 MiB Blob is refused from its size, without being read', async () => {
  const calls = [];
  class Huge extends Blob {
    get size() { return 100 * 2 ** 20; }
    arrayBuffer() { calls.push('arrayBuffer'); throw new Error('read'); }
    stream() { calls.push('stream'); throw new Error('read'); }
    text() { calls.push('text'); throw new Error('read'); }
    slice() { calls.push('slice'); throw new Error('read'); }
  }
  await rejects(encodeImage(new Huge([])), 'IMAGE_TOO_LARGE', 'image is 100 MiB, the limit is 10 MiB');
  // anything shaped like a Blob, from any realm
  const duck = { size: 100 * 2 ** 20, type: 'image/jpeg', arrayBuffer() { calls.push('duck'); return Promise.reject(new Error('read')); } };
  await rejects(encodeImage(duck), 'IMAGE_TOO_LARGE', 'image is 100 MiB, the limit is 10 MiB');
  assert.deepEqual(calls, []);

  // a real one: the process does not grow by 100 MiB to refuse it
  const blob = new Blob([new Uint8Array(100 * 2 ** 20)]);
  const before = process.memoryUsage();
  await rejects(encodeImage(blob), 'IMAGE_TOO_LARGE', 'image is 100 MiB, the limit is 10 MiB');
  const after = process.memoryUsage();
  assert.ok(after.arrayBuffers - before.arrayBuffers < 8 * 2 ** 20, `arrayBuffers grew by ${after.arrayBuffers - before.arrayBuffers}`);
  assert.ok(after.rss - before.rss < 50 * 2 ** 20, `rss grew by ${after.rss - before.rss}`);
});

test('maxBytes: bytes, Blobs and strings over the limit are refused before they are copied', async () => {
  const buf = fixture('portrait-120x160.jpg'); // 3698 bytes
  for (const [kind, source] of Object.entries(sources(buf))) {
    await rejects(encodeImage(source, { maxBytes: 3000 }), 'IMAGE_TOO_LARGE', 'image is 3.6 KiB, the limit is 2.9 KiB', kind);
    assert.equal((await encodeImage(source, { maxBytes: 3698 })).byteLength, 3698, kind);
    await rejects(encodeImage(source, { maxBytes: 3697 }), 'IMAGE_TOO_LARGE', 'image is 3698 bytes, the limit is 3697 bytes (3.6 KiB)', kind);
  }
  // a 14 MB base64 string is sized from its length (no decoding, no copy into wasm)
  await rejects(encodeImage('A'.repeat(14 * 2 ** 20)), 'IMAGE_TOO_LARGE', 'image is 10.5 MiB, the limit is 10 MiB');
  await rejects(encodeImage(`data:image/jpeg;base64,${'A'.repeat(14 * 2 ** 20)}`), 'IMAGE_TOO_LARGE', 'image is 10.5 MiB, the limit is 10 MiB');
});

test('maxPixels: a header claiming more pixels is IMAGE_TOO_LARGE; 50 megapixels by default', async () => {
  const img = fixture('portrait-120x160.jpg'); // 120x160 = 19 200 pixels
  assert.equal((await encodeImage(img, { maxPixels: 19200 })).width, 120);
  await assert.rejects(encodeImage(img, { maxPixels: 19199 }), (e) => e.code === 'IMAGE_TOO_LARGE' && /pixels/.test(e.detail));
  // The SOF0 frame header of the fixture, its size rewritten to 65500x65500.
  const huge = Buffer.from(img);
  const sof = huge.indexOf(Buffer.from([0xff, 0xc0]));
  huge.writeUInt16BE(65500, sof + 5);
  huge.writeUInt16BE(65500, sof + 7);
  await assert.rejects(encodeImage(huge), (e) => e.code === 'IMAGE_TOO_LARGE' && /pixels/.test(e.detail));
});

test('minWidth/minHeight compare the displayed size (EXIF orientation applied)', async () => {
  const rotated = fixture('orientation-6.jpg'); // stored 64x48, displayed 48x64
  assert.equal((await encodeImage(rotated, { minWidth: 48, minHeight: 64 })).width, 48);
  await rejects(encodeImage(rotated, { minWidth: 64 }), 'IMAGE_TOO_SMALL', 'image is 48x64 pixels, it must be at least 64 pixels wide');
  await rejects(encodeImage(new Blob([fixture('face-96x128.png')]), { minWidth: 100, minHeight: 200 }), 'IMAGE_TOO_SMALL', 'image is 96x128 pixels, it must be at least 100x200 pixels');
  await rejects(encodeImage(fixture('portrait-120x160.jpg').toString('base64'), { minHeight: 161 }), 'IMAGE_TOO_SMALL', 'image is 120x160 pixels, it must be at least 161 pixels high');
});

test('bad options are INVALID_OPTIONS naming the option', async () => {
  const img = fixture('portrait-120x160.jpg');
  const cases = [
    [{ maxBytes: 0 }, 'maxBytes', 'maxBytes must be a whole number from 1 to 9007199254740991'],
    [{ maxBytes: -1 }, 'maxBytes'], [{ maxBytes: 1.5 }, 'maxBytes'], [{ maxBytes: '10' }, 'maxBytes'],
    [{ maxBytes: NaN }, 'maxBytes'], [{ maxBytes: Infinity }, 'maxBytes'], [{ maxBytes: 10n }, 'maxBytes'],
    [{ minWidth: -1 }, 'minWidth', 'minWidth must be a whole number from 0 to 4294967295'],
    [{ minHeight: 2 ** 32 }, 'minHeight'],
    [{ maxbytes: 100 }, 'maxbytes', 'unknown option maxbytes (did you mean maxBytes?); the options are maxBytes, maxPixels, minWidth, minHeight'],
    [{ maxPixels: 0 }, 'maxPixels', 'maxPixels must be a whole number from 1 to 9007199254740991'],
    [{ maxDimension: 100 }, 'maxDimension'],
  ];
  for (const [options, field, message] of cases) {
    await assert.rejects(encodeImage(img, options), (e) => {
      assert.equal(e.code, 'INVALID_OPTIONS', JSON.stringify(String(options)));
      assert.equal(e.field, field);
      if (message) assert.equal(e.detail, message);
      return true;
    });
  }
  for (const options of [5, 'x', true, [1], () => 1]) await rejects(encodeImage(img, options), 'INVALID_OPTIONS', /^options must be an object, found /);
  for (const options of [undefined, null, {}, { maxBytes: undefined, minWidth: null }]) assert.equal((await encodeImage(img, options)).width, 120);
});

test('a source of another kind is INVALID_TYPE saying what it was', async () => {
  const cases = [
    [undefined, 'undefined'], [null, 'null'], [42, 'a number'], [true, 'a boolean'], [10n, 'a bigint'],
    [Symbol('s'), 'a symbol'], [[255, 216, 255], 'an array'], [{}, 'an object'], [() => 1, 'a function'],
    [new Map(), 'an object of type Map'], [new Response('x'), 'an object of type Response'],
  ];
  for (const [source, what] of cases) {
    await rejects(encodeImage(source), 'INVALID_TYPE',
      `image must be a File, Blob, ArrayBuffer, Uint8Array (or other typed array), data url or base64 string, found ${what}`);
  }
});

test('strings must be strict base64 or a base64 data url', async () => {
  const b64 = fixture('portrait-120x160.jpg').toString('base64');
  await rejects(encodeImage(`${b64.slice(0, 40)}\n${b64.slice(40)}`), 'INVALID_BASE64', 'base64 contains a line break at character 40; only A-Z, a-z, 0-9, \'+\', \'/\' and \'=\' padding are allowed');
  await rejects(encodeImage(b64.replaceAll('/', '_')), 'INVALID_BASE64', /url-safe/);
  await rejects(encodeImage(b64.slice(0, -1)), 'INVALID_BASE64', /not a multiple of 4/);
  await rejects(encodeImage('data:image/jpeg,%FF%D8'), 'INVALID_BASE64', /;base64/);
  await rejects(encodeImage('data:image/jpeg;base64'), 'INVALID_BASE64', 'data url has no comma before its data');
  await rejects(encodeImage(''), 'IMAGE_EMPTY', 'image is empty (0 bytes)');
  await rejects(encodeImage('data:image/png;base64,'), 'IMAGE_EMPTY', 'image is empty (0 bytes)');
  // the media type of a data URL is ignored: the format comes from the bytes
  const r = await encodeImage(`DATA:application/pdf;BASE64,${b64}`);
  assert.equal(r.mimeType, 'image/jpeg');
  assert.equal(r.base64, b64);
});

test('a Blob that cannot be read is INVALID_IMAGE_FORMAT with the cause', async () => {
  const cause = new DOMException('gone', 'NotReadableError');
  const gone = { size: 10, type: '', arrayBuffer: () => Promise.reject(cause) };
  await assert.rejects(encodeImage(gone), (e) => {
    assert.equal(e.code, 'INVALID_IMAGE_FORMAT');
    assert.equal(e.detail, 'image could not be read (the file may have been moved or changed since it was picked)');
    assert.equal(e.cause, cause);
    return true;
  });
  const throws = { size: 10, arrayBuffer() { throw cause; } };
  await assert.rejects(encodeImage(throws), (e) => e.code === 'INVALID_IMAGE_FORMAT' && e.cause === cause);
  const wrong = { size: 10, arrayBuffer: async () => 'not bytes' };
  await assert.rejects(encodeImage(wrong), (e) => e.code === 'INVALID_IMAGE_FORMAT');
  await rejects(encodeImage({ size: -1, arrayBuffer: async () => new ArrayBuffer(1) }), 'INVALID_TYPE', 'image blob has no valid size');
  // prepareImage reads its header the same way, slice or whole file.
  for (const blob of [gone, throws, { ...gone, size: 300 * 1024, slice: () => gone }]) {
    await assert.rejects(prepareImage(blob), (e) => e.code === 'INVALID_IMAGE_FORMAT' && e.cause === cause
      && e.detail === 'image could not be read (the file may have been moved or changed since it was picked)');
  }
  await assert.rejects(prepareImage(wrong), (e) => e.code === 'INVALID_IMAGE_FORMAT');
  const sliceThrows = { ...gone, size: 300 * 1024, slice() { throw cause; } };
  await assert.rejects(prepareImage(sliceThrows), (e) => e.code === 'INVALID_IMAGE_FORMAT' && e.cause === cause);
});

test('errors never carry the image', async () => {
  const pdf = fixture('document.pdf');
  const b64 = pdf.toString('base64');
  for (const source of [pdf, b64, `data:image/jpeg;base64,${b64}`, new Blob([pdf])]) {
    await assert.rejects(encodeImage(source), (e) => {
      const all = `${e.message} ${JSON.stringify(e)} ${e.stack}`;
      assert.ok(!all.includes(b64.slice(0, 24)) && !all.includes('%PDF'), all);
      return true;
    });
  }
});

test('large inputs round-trip exactly (8 MiB, every byte value)', async () => {
  const prefix = fixture('portrait-120x160.jpg');
  for (const size of [prefix.length + 1, prefix.length + 2, 8 * 2 ** 20]) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 131 + (i >> 8)) & 255;
    bytes.set(prefix);
    const want = Buffer.from(bytes).toString('base64');
    assert.equal((await encodeImage(bytes)).base64, want);
    assert.equal((await encodeImage(new Blob([bytes]))).base64, want);
    assert.equal((await encodeImage(want)).byteLength, size);
  }
});

/** A PNG with a `filler`-byte ancillary chunk before IEND; `end: false` leaves IEND out. */
function bigPng(filler, end = true) {
  const img = fixture('face-96x128.png');
  const iend = img.subarray(img.length - 12);
  const chunk = Buffer.alloc(12 + filler, 0x41);
  chunk.writeUInt32BE(filler, 0);
  chunk.write('zzZz', 4, 'latin1'); // ancillary, private, safe to copy
  return Buffer.concat([img.subarray(0, img.length - 12), chunk, ...(end ? [iend] : [])]);
}

// Above 256 KiB the checks read only the parts they need where the platform
// encodes (Buffer in Node); over shared memory, and from text, wasm still
// reads the whole image.
test('images above 256 KiB, checked on their parts: whole ones give Buffer\'s base64 from every source kind; cut-off ones are refused from every kind', async () => {
  const jpeg = fixture('portrait-120x160.jpg');
  for (const size of [300 * 1024, 2 * 2 ** 20]) {
    const whole = new Uint8Array(size);
    for (let i = 0; i < size; i++) whole[i] = (i * 131 + (i >> 8)) & 0xfe; // no 0xFF: no marker in the data
    whole.set(jpeg.subarray(0, jpeg.length - 2));
    whole.set([0xff, 0xd9], size - 2);
    const cases = [
      ['JPEG', whole, 120, 160],
      ['PNG', bigPng(size), 96, 128],
    ];
    for (const [kind, bytes, width, height] of cases) {
      const want = Buffer.from(bytes).toString('base64');
      for (const [form, source] of Object.entries(sources(Buffer.from(bytes)))) {
        const r = await encodeImage(source);
        assert.equal(r.base64, want, `${kind} ${size} from ${form}`);
        assert.deepEqual([r.byteLength, r.width, r.height], [bytes.length, width, height], `${kind} ${size} from ${form}`);
      }
    }
    const cut = [
      ['JPEG', whole.subarray(0, size - 2), /the jpeg ends before its end-of-image marker/],
      ['JPEG', whole.subarray(0, size - 1), /the jpeg ends before its end-of-image marker/],
      ['PNG', bigPng(size, false), /the png ends before its last chunk \(IEND\)/],
    ];
    for (const [kind, bytes, message] of cut) {
      for (const [form, source] of Object.entries(sources(Buffer.from(bytes)))) {
        await rejects(encodeImage(source), 'INVALID_IMAGE_FORMAT', message, `${kind} ${size} from ${form}`);
      }
    }
  }
});

/** A JPEG whose frame header lies beyond the first 256 KiB (big COM segments first). */
function jpegWithLongHeader() {
  const img = fixture('portrait-120x160.jpg');
  const com = Buffer.alloc(4 + 65533, 0x20);
  com.set([0xff, 0xfe, 0xff, 0xff]);
  return Buffer.concat([img.subarray(0, 2), com, com, com, com, com, img.subarray(2)]);
}

test('prepareImage in Node: the input itself when nothing is to be done', async () => {
  for (const name of ['portrait-120x160.jpg', 'progressive-200x150.jpg', 'face-96x128.png']) {
    const file = new File([fixture(name)], name);
    assert.equal(await prepareImage(file), file, name);
    assert.equal(await prepareImage(file, { maxDimension: 200, quality: 0.5, type: 'image/png' }), file, name);
  }
  const long = new Blob([jpegWithLongHeader()]);
  assert.ok(long.size > 256 * 1024);
  assert.equal(await prepareImage(long), long);
  assert.equal((await encodeImage(long)).width, 120);
});

test('prepareImage in Node: UNSUPPORTED_ENVIRONMENT when it would have to redraw', async () => {
  await rejects(prepareImage(new Blob([fixture('orientation-6.jpg')])), 'UNSUPPORTED_ENVIRONMENT',
    'prepareImage needs createImageBitmap and OffscreenCanvas to rotate an image (EXIF orientation 6), which this runtime lacks (browsers and workers have them)');
  await rejects(prepareImage(new Blob([fixture('portrait-120x160.jpg')]), { maxDimension: 100 }), 'UNSUPPORTED_ENVIRONMENT',
    'prepareImage needs createImageBitmap and OffscreenCanvas to downscale a 120x160 image to 100 pixels, which this runtime lacks (browsers and workers have them)');
  await rejects(prepareImage(new Blob([fixture('face-64x64.webp')])), 'UNSUPPORTED_ENVIRONMENT', /to convert a WebP image to image\/jpeg, which this runtime lacks/);
  await rejects(prepareImage(new Blob([jpegWithLongHeader()]), { maxDimension: 100 }), 'UNSUPPORTED_ENVIRONMENT', /downscale a 120x160 image/);
});

test('prepareImage: its other errors', async () => {
  await rejects(prepareImage(new Blob([fixture('document.pdf')])), 'INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a PDF document');
  await rejects(prepareImage(new Blob([fixture('truncated-before-sof.jpg')])), 'INVALID_IMAGE_FORMAT', 'image is truncated: the jpeg ends before its frame header (SOF)');
  await rejects(prepareImage(new Blob([])), 'IMAGE_EMPTY', 'image is empty (0 bytes)');
  await rejects(prepareImage(fixture('portrait-120x160.jpg')), 'INVALID_TYPE', 'prepareImage takes a File or Blob, found an object of type Buffer');
  await rejects(prepareImage('data:image/jpeg;base64,/9j/'), 'INVALID_TYPE', 'prepareImage takes a File or Blob, found a string');
  const blob = new Blob([fixture('portrait-120x160.jpg')]);
  const cases = [
    [{ maxDimension: 0 }, 'maxDimension'], [{ maxDimension: 1.5 }, 'maxDimension'], [{ maxDimension: '100' }, 'maxDimension'],
    [{ quality: 1.1 }, 'quality'], [{ quality: -0.1 }, 'quality'], [{ quality: '0.9' }, 'quality'],
    [{ type: 'image/webp' }, 'type'], [{ type: 'jpeg' }, 'type'], [{ maxDimensions: 100 }, 'maxDimensions'],
  ];
  for (const [options, field] of cases) {
    await assert.rejects(prepareImage(blob, options), (e) => e.code === 'INVALID_OPTIONS' && e.field === field);
  }
  await rejects(prepareImage(blob, { type: 'image/webp' }), 'INVALID_OPTIONS', 'type must be one of image/jpeg, image/png');
});

test('CommonJS exports the same functions', async () => {
  const cjs = createRequire(import.meta.url)('personkit');
  assert.equal(cjs.encodeImage, encodeImage);
  assert.equal(cjs.prepareImage, prepareImage);
  assert.ok((await cjs.encodeImage(fixture('face-96x128.png'))).base64.startsWith('iVBORw0KGgo'));
});

test('an image of exactly the limit (10 MiB) passes encodeImage, the validator, toProviderPayloads and VerifikClient alike; one byte more is refused by each', async () => {
  // The client guessed the decoded size from the string's length without its
  // "=" padding: a photo encodeImage accepted was refused by the client.
  const { VerifikClient, validateVerifikPerson, toProviderPayloads } = await import('personkit');
  let sent = 0;
  const client = new VerifikClient({
    token: 't', baseUrl: 'https://api.example.com',
    fetch: async () => { sent += 1; return new Response(JSON.stringify({ id: 'R1', data: { _id: 'p1' } })); },
  });
  const head = fixture('portrait-120x160.jpg');
  const of = (n) => { const b = new Uint8Array(n); b.set(head); return b; };
  const person = (photo) => ({ firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.com', identityNumber: '45879632', photos: [photo] });
  const { base64 } = await encodeImage(of(10 * 2 ** 20));
  const body = { name: 'Ana Quispe', images: [base64], gender: 'F', nationality: 'PE', collections: ['c1'] };
  assert.equal(validateVerifikPerson(body).ok, true, 'validator');
  await client.createPerson(body);
  const got = toProviderPayloads(person(base64), { verifik: {} });
  assert.equal(got.ok, true, 'toProviderPayloads');
  await client.createPerson(got.value.verifik);
  assert.equal(sent, 2);
  assert.equal(sent, 2);
  const over = Buffer.from(of(10 * 2 ** 20 + 1)).toString('base64');
  assert.equal(validateVerifikPerson({ name: 'Ana Quispe', images: [over] }).errors?.[0]?.code, 'IMAGE_TOO_LARGE');
  await assert.rejects(client.createPerson({ name: 'Ana Quispe', images: [over] }), (e) => e.code === 'VALIDATION_FAILED' && e.errors[0].code === 'IMAGE_TOO_LARGE');
  await rejects(encodeImage(of(10 * 2 ** 20 + 1)), 'IMAGE_TOO_LARGE', 'image is 10485761 bytes, the limit is 10485760 bytes (10 MiB)');
  assert.equal(sent, 2);
});
