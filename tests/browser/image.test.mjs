// Tier 4, issue 4 in headless Chromium: encodeImage on every source kind
// (including a real File from <input type=file>), the fixtures' errors, the
// 100 MiB Blob, and prepareImage (EXIF orientation applied, downscaling,
// conversion) in a page and in a module worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixturePath = (name) => fileURLToPath(new URL(`../fixtures/images/${name}`, import.meta.url));
const b64 = (name) => readFileSync(fixturePath(name)).toString('base64');
let browser;
let server;
let page;
let problems;

before(async () => {
  server = await serveStatic(root);
  browser = await launchChromium();
  ({ page, problems } = await strictPage(browser));
  await page.goto(`${server.url}/tests/browser/pages/image.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 15000 });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const good = {
  'orientation-6.jpg': { mimeType: 'image/jpeg', width: 48, height: 64, orientation: 6 },
  'portrait-120x160.jpg': { mimeType: 'image/jpeg', width: 120, height: 160, orientation: 1 },
  'progressive-200x150.jpg': { mimeType: 'image/jpeg', width: 200, height: 150, orientation: 1 },
  'face-96x128.png': { mimeType: 'image/png', width: 96, height: 128, orientation: 1 },
};

test('every source kind of every good fixture gives the same checked base64', async () => {
  const results = await page.evaluate(async (names) => {
    const out = {};
    for (const name of names) {
      const bytes = await window.fixture(name);
      const padded = new Uint8Array(bytes.length + 7);
      padded.set(bytes, 3);
      const base64 = (await window.pk.encodeImage(bytes)).base64;
      const sources = {
        Blob: new Blob([bytes]),
        File: new File([bytes], name, { type: 'application/pdf' }),
        ArrayBuffer: bytes.slice().buffer,
        Uint8Array: bytes,
        'Uint8Array view at an offset': padded.subarray(3, 3 + bytes.length),
        DataView: new DataView(padded.buffer, 3, bytes.length),
        'raw base64': base64,
        'data url': `data:image/jpeg;base64,${base64}`,
      };
      for (const [kind, source] of Object.entries(sources)) {
        out[`${name} from ${kind}`] = await window.outcome(window.pk.encodeImage(source));
      }
    }
    return out;
  }, Object.keys(good));
  for (const [key, r] of Object.entries(results)) {
    const name = key.split(' from ')[0];
    assert.equal(r.ok, true, `${key}: ${r.message}`);
    const { base64, ...info } = r.value;
    assert.equal(base64, b64(name), key);
    assert.deepEqual(info, { ...good[name], byteLength: readFileSync(fixturePath(name)).length }, key);
  }
  assert.equal(Object.keys(results).length, 4 * 8);
});

test('a real File picked in <input type=file>', async () => {
  await page.setInputFiles('#file', [fixturePath('orientation-6.jpg')]);
  const r = await page.evaluate(async () => {
    const file = document.getElementById('file').files[0];
    return { isFile: file instanceof File, name: file.name, result: await window.outcome(window.pk.encodeImage(file)) };
  });
  assert.equal(r.isFile, true);
  assert.equal(r.name, 'orientation-6.jpg');
  assert.equal(r.result.ok, true, r.result.message);
  assert.equal(r.result.value.base64, b64('orientation-6.jpg'));
  assert.equal(r.result.value.width, 48);

  await page.setInputFiles('#file', [fixturePath('iphone-header.heic')]);
  const heic = await page.evaluate(() => window.outcome(window.pk.encodeImage(document.getElementById('file').files[0])));
  assert.equal(heic.code, 'INVALID_IMAGE_FORMAT');
  assert.match(heic.detail, /iPhone photos must be converted to JPEG/);
  assert.match(heic.message, /convert iPhone HEIC photos to JPEG/);
});

test('every bad fixture has its code and message, as a Blob and as bytes', async () => {
  const bad = {
    'face-64x64.webp': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a WebP image'],
    'face-64x64.gif': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a GIF image'],
    'face-32x32.bmp': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a BMP image'],
    'iphone-header.heic': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a HEIC/HEIF image (iPhone photos must be converted to JPEG first)'],
    'document.pdf': ['INVALID_IMAGE_FORMAT', 'image must be a JPEG or PNG, found a PDF document'],
    'truncated-before-sof.jpg': ['INVALID_IMAGE_FORMAT', 'image is truncated: the jpeg ends before its frame header (SOF)'],
    'empty.jpg': ['IMAGE_EMPTY', 'image is empty (0 bytes)'],
  };
  const results = await page.evaluate(async (names) => {
    const out = {};
    for (const name of names) {
      const bytes = await window.fixture(name);
      out[name] = [
        await window.outcome(window.pk.encodeImage(new File([bytes], name))),
        await window.outcome(window.pk.encodeImage(bytes)),
      ];
    }
    return out;
  }, Object.keys(bad));
  for (const [name, [code, message]] of Object.entries(bad)) {
    for (const r of results[name]) {
      assert.equal(r.ok, false, name);
      assert.equal(r.isPersonkitError, true, name);
      assert.equal(r.name, 'PersonkitError');
      assert.equal(r.code, code, name);
      assert.equal(r.detail, message, name);
    }
  }
});

test('a 100 MiB Blob is refused from its size; wrong kinds and options are refused', async () => {
  const r = await page.evaluate(async () => {
    const huge = new Blob([new Uint8Array(100 * 2 ** 20)]);
    let read = false;
    const spy = new Proxy(huge, {
      get(target, key) {
        if (key === 'arrayBuffer' || key === 'stream' || key === 'slice') return (...a) => { read = true; return target[key](...a); };
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    return {
      huge: await window.outcome(window.pk.encodeImage(spy)),
      read,
      number: await window.outcome(window.pk.encodeImage(42)),
      options: await window.outcome(window.pk.encodeImage(new Uint8Array(4), { maxbytes: 1 })),
      small: await window.outcome(window.pk.encodeImage(await window.fixture('face-96x128.png'), { minWidth: 97 })),
    };
  });
  assert.equal(r.huge.code, 'IMAGE_TOO_LARGE');
  assert.equal(r.huge.detail, 'image is 100 MiB, the limit is 10 MiB');
  assert.equal(r.read, false);
  assert.equal(r.number.code, 'INVALID_TYPE');
  assert.equal(r.options.code, 'INVALID_OPTIONS');
  assert.equal(r.options.field, 'maxbytes');
  assert.equal(r.small.code, 'IMAGE_TOO_SMALL');
});

test('prepareImage applies EXIF orientation 6: 48x64, red top-right, blue bottom-left', async () => {
  const r = await page.evaluate(async () => {
    const file = new File([await window.fixture('orientation-6.jpg')], 'o6.jpg', { type: 'image/jpeg' });
    const prepared = await window.pk.prepareImage(file);
    const { base64, ...info } = await window.pk.encodeImage(prepared);
    return {
      isBlob: prepared instanceof Blob,
      same: prepared === file,
      type: prepared.type,
      info,
      // the output carries no EXIF: what any decoder shows is what the user saw
      shown: await window.pixels(prepared, [[40, 8], [8, 56], [24, 32]]),
    };
  });
  assert.equal(r.isBlob, true);
  assert.equal(r.same, false);
  assert.equal(r.type, 'image/jpeg');
  assert.deepEqual(r.info, { mimeType: 'image/jpeg', byteLength: r.info.byteLength, width: 48, height: 64, orientation: 1 });
  assert.equal(r.shown.width, 48);
  assert.equal(r.shown.height, 64);
  const [topRight, bottomLeft] = r.shown.colours;
  assert.ok(topRight[0] > 180 && topRight[1] < 90 && topRight[2] < 90, `top-right ${topRight}`); // JPEG: near, not exact
  assert.ok(bottomLeft[2] > 180 && bottomLeft[0] < 90 && bottomLeft[1] < 90, `bottom-left ${bottomLeft}`);
});

test('prepareImage downscales a large image to maxDimension, keeping the aspect ratio', async () => {
  const r = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(3000, 2000);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#0a0';
    ctx.fillRect(0, 0, 3000, 2000);
    ctx.fillStyle = '#f00';
    ctx.fillRect(0, 0, 1500, 1000);
    const big = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const jpeg = await window.pk.prepareImage(big, { maxDimension: 1024 });
    const png = await window.pk.prepareImage(big, { maxDimension: 300, type: 'image/png' });
    const low = await window.pk.prepareImage(big, { maxDimension: 1024, quality: 0.1 });
    const { base64, ...info } = await window.pk.encodeImage(jpeg);
    return {
      bigSize: big.size,
      info,
      pngInfo: (({ base64: _, ...i }) => i)(await window.pk.encodeImage(png)),
      lowSmaller: low.size < jpeg.size,
      shown: await window.pixels(jpeg, [[100, 100], [900, 600]]),
      unchanged: (await window.pk.prepareImage(jpeg, { maxDimension: 1024 })) === jpeg,
    };
  });
  assert.deepEqual({ ...r.info, byteLength: 0 }, { mimeType: 'image/jpeg', byteLength: 0, width: 1024, height: 683, orientation: 1 });
  assert.deepEqual({ ...r.pngInfo, byteLength: 0 }, { mimeType: 'image/png', byteLength: 0, width: 300, height: 200, orientation: 1 });
  assert.equal(r.lowSmaller, true);
  assert.equal(r.unchanged, true);
  const [red, green] = r.shown.colours;
  assert.ok(red[0] > 200 && red[1] < 60, `${red}`);
  assert.ok(green[1] > 120 && green[0] < 60, `${green}`);
});

test('prepareImage: unchanged when nothing is to be done; converts what the browser decodes; names what it cannot', async () => {
  const r = await page.evaluate(async () => {
    const jpeg = new Blob([await window.fixture('portrait-120x160.jpg')]);
    const webp = new Blob([await window.fixture('face-64x64.webp')]);
    const converted = await window.pk.prepareImage(webp);
    return {
      same: (await window.pk.prepareImage(jpeg, { maxDimension: 160 })) === jpeg,
      webp: (({ base64: _, ...i }) => i)(await window.pk.encodeImage(converted)),
      heic: await window.outcome(window.pk.prepareImage(new Blob([await window.fixture('iphone-header.heic')]))),
      pdf: await window.outcome(window.pk.prepareImage(new Blob([await window.fixture('document.pdf')]))),
      empty: await window.outcome(window.pk.prepareImage(new Blob([]))),
      bytes: await window.outcome(window.pk.prepareImage(new Uint8Array(3))),
      options: await window.outcome(window.pk.prepareImage(jpeg, { type: 'image/webp' })),
    };
  });
  assert.equal(r.same, true);
  assert.deepEqual({ ...r.webp, byteLength: 0 }, { mimeType: 'image/jpeg', byteLength: 0, width: 64, height: 64, orientation: 1 });
  assert.equal(r.heic.code, 'INVALID_IMAGE_FORMAT');
  assert.equal(r.heic.detail, 'image must be a JPEG or PNG, found a HEIC/HEIF image (iPhone photos must be converted to JPEG first)');
  assert.equal(r.pdf.code, 'INVALID_IMAGE_FORMAT');
  assert.equal(r.empty.code, 'IMAGE_EMPTY');
  assert.equal(r.bytes.code, 'INVALID_TYPE');
  assert.equal(r.options.code, 'INVALID_OPTIONS');
  assert.equal(r.options.field, 'type');
});

test('prepareImage on a phone photo cut off mid-upload says it arrived incomplete, as encodeImage does', async () => {
  const r = await page.evaluate(async () => {
    // A real 3000x2000 JPEG (noise: several MB, as a phone writes), 70 % of it arrived.
    const canvas = new OffscreenCanvas(3000, 2000);
    const ctx = canvas.getContext('2d');
    const img = ctx.createImageData(3000, 2000);
    let s = 3;
    for (let i = 0; i < img.data.length; i += 4) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      img.data[i] = s & 255; img.data[i + 1] = (s >> 8) & 255; img.data[i + 2] = 128; img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const whole = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    const cut = new File([whole.subarray(0, Math.floor(whole.length * 0.7))], 'IMG_0001.jpg', { type: 'image/jpeg' });
    return {
      prepared: await window.outcome(window.pk.prepareImage(cut, { maxDimension: 1600 })),
      encoded: await window.outcome(window.pk.encodeImage(cut)),
    };
  });
  assert.equal(r.encoded.code, 'INVALID_IMAGE_FORMAT');
  assert.match(r.encoded.detail, /cut off/);
  assert.equal(r.prepared.code, 'INVALID_IMAGE_FORMAT');
  assert.equal(r.prepared.message, r.encoded.message, 'the same words as encodeImage: "Image arrived incomplete: upload it again"');
  assert.match(r.prepared.detail, /cut off/);
});

test('encodeImage and prepareImage work in a module worker (no window)', async () => {
  const r = await page.evaluate(async () => {
    const worker = new Worker('/tests/browser/pages/image-worker.mjs', { type: 'module' });
    const next = () => new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
    });
    await next(); // 'ready'
    const reply = next();
    worker.postMessage(new Blob([await window.fixture('orientation-6.jpg')]));
    const out = await reply;
    worker.terminate();
    return out;
  });
  assert.equal(r.ok, true, r.message);
  assert.equal(r.same, false);
  assert.deepEqual({ ...r.info, byteLength: 0 }, { mimeType: 'image/jpeg', byteLength: 0, width: 24, height: 32, orientation: 1 });
});

test('the page build throws no exception inside personkit on a photo or a form\'s checks (each caught one costs far more under wasm frames)', async () => {
  // Each once first: the first call warms up what the stack limit needs by throwing on purpose.
  const run = () => page.evaluate(async () => {
    const { pk } = window;
    const bytes = await window.fixture('portrait-120x160.jpg');
    const file = new File([bytes], 'ana.jpg', { type: 'image/jpeg' });
    await pk.encodeImage(file);
    await pk.encodeImage(new Blob([bytes]));
    await pk.encodeImage(bytes);
    await pk.prepareImage(file);
    pk.toProviderPayloads({ firstName: ' Ana ', lastName: 'Quispe', email: 'ana@', phone: '', photos: [bytes.toBase64()] }, { equals: { accountId: 'F12345', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 }, verifik: { collections: ['staff'] } }, { locale: 'es' });
    pk.errorsByField(pk.validateField('equals', 'emailAddress', 'ana@', { locale: 'es' }));
    pk.validateVerifikPerson({ name: 'Ana', images: [bytes.toBase64()], gender: 'F', date_of_birth: '1990-12-04', nationality: 'PE', collections: ['staff'] });
  });
  await run();
  const cdp = await page.context().newCDPSession(page);
  const seen = [];
  cdp.on('Debugger.paused', ({ callFrames, data, reason }) => {
    const where = callFrames.slice(0, 3).map((f) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.location.lineNumber + 1}`);
    seen.push(`${String(data?.description ?? data?.className ?? reason).split('\n')[0]} at ${where.join(' < ')}`);
    cdp.send('Debugger.resume').catch(() => {});
  });
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.setPauseOnExceptions', { state: 'all' });
  try {
    await run();
  } finally {
    await cdp.send('Debugger.setPauseOnExceptions', { state: 'none' });
    await cdp.detach();
  }
  assert.deepEqual(seen, []);
});

test('no page errors', () => {
  assert.deepEqual(problems, []);
});
