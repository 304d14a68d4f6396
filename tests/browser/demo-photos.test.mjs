// The demo's photo picker and send with photos as phones make them: a
// 4000x3000 JPEG with EXIF orientation 6 of several MB (made in the page), a
// small selfie that is stored sideways, an iPhone's HEIC, a 0-byte file, a
// text file renamed .jpg, a cut-off upload, more photos than allowed, and an
// answer cut off on the way back. What the person sees at each step is
// checked in Spanish and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as personkit from '../../js/node.mjs';
import { heicOf, jpegOf, cutOff } from '../js/photos-helpers.mjs';
import { ANA, startAll, openDemo, fillPerson, waitPhotos, outcomes, mockGet, fixture } from './demo-helpers.mjs';

let all;
before(async () => { all = await startAll(); });
after(async () => { await all?.close(); });

/** In the page: `window.phoneJpeg`, a 4000x3000 noisy JPEG (several MB) with EXIF orientation 6 and a red top-left corner as stored. */
const MAKE_PHONE_PHOTO = async () => {
  const canvas = new OffscreenCanvas(4000, 3000);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(4000, 3000);
  let s = 7;
  for (let i = 0; i < img.data.length; i += 4) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    img.data[i] = s & 255; img.data[i + 1] = (s >> 8) & 127; img.data[i + 2] = 128; img.data[i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  ctx.fillStyle = '#f00';
  ctx.fillRect(0, 0, 400, 300);
  const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 })).arrayBuffer());
  // APP1 Exif, big-endian TIFF, one IFD entry: Orientation (0x0112) = 6, as a phone held upright writes it.
  const exif = [0xff, 0xe1, 0, 34, 0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
  const out = new Uint8Array(bytes.length + exif.length);
  out.set(bytes.subarray(0, 2));
  out.set(exif, 2);
  out.set(bytes.subarray(2), 2 + exif.length);
  window.phoneJpeg = out;
  return out.length;
};

/** Drops files on the drop zone: `{ name, type, b64 }` or `{ name, type, phone: keep }` (window.phoneJpeg, cut to `keep` of it). */
async function drop(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = f.phone !== undefined
        ? window.phoneJpeg.subarray(0, Math.floor(window.phoneJpeg.length * f.phone))
        : Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    document.getElementById('photos-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}
const b64 = (buf) => Buffer.from(buf).toString('base64');
const refused = (page) => page.textContent('#photos-refused');
const waitRefused = (page, text) => page.waitForFunction((t) => document.getElementById('photos-refused').textContent.includes(t), text);
/** Waits (up to 5 s) for the refusal line to read exactly `text`: rewording it after a switch reads the file again. */
async function saysExactly(page, text, what) {
  await page.waitForFunction((t) => document.getElementById('photos-refused').textContent === t, text, { timeout: 5000 })
    .catch(async () => assert.equal(await refused(page), text, what));
}
const photoList = (page) => page.$$eval('#photo-list li', (l) => l.map((li) => li.querySelector('.caption').textContent));

test('phone photos of several MB: upright and downscaled in the preview and at Verifik; one too many is named', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=en`);
  const size = await page.evaluate(MAKE_PHONE_PHOTO);
  assert.ok(size > 3 * 2 ** 20, `a phone-sized photo (${size} bytes)`);
  await fillPerson(page, ANA);
  await drop(page, ['IMG_0001.jpg', 'IMG_0002.jpg', 'IMG_0003.jpg', 'IMG_0004.jpg'].map((name) => ({ name, type: 'image/jpeg', phone: 1 })));
  await waitRefused(page, 'IMG_0004.jpg');
  await waitPhotos(page, 3);
  assert.equal(await refused(page), 'IMG_0004.jpg: at most 3 photos');
  for (const caption of await photoList(page)) assert.match(caption, /^IMG_000[123]\.jpg1200×1600 · \d+\.\d KB$/);
  await page.click('#language');
  await saysExactly(page, 'IMG_0004.jpg: como máximo 3 fotos', 'the refusal follows the switch');
  await page.click('#language');

  await page.click('#submit');
  const got = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(got[p].outcome, 'created', `${p}: ${got[p].text}`);
  const [v] = (await mockGet(demo, '/__mock/persons')).verifik;
  assert.equal(v.images.length, 3);
  for (const image of v.images) {
    const { width, height, orientation, byteLength } = await personkit.encodeImage(image);
    assert.deepEqual({ width, height, orientation }, { width: 1200, height: 1600, orientation: 1 });
    assert.ok(byteLength < 2 * 2 ** 20, `${byteLength} bytes`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a small selfie stored sideways (EXIF orientation 6) reaches Verifik upright, as its preview shows it', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=en`);
  await fillPerson(page, ANA);
  await page.setInputFiles('#photos', fixture('orientation-6.jpg'));
  await waitPhotos(page, 1);
  assert.match((await photoList(page))[0], /48×64/, 'the preview is upright');
  await page.click('#submit');
  const got = await outcomes(page, 3);
  assert.equal(got.verifik.outcome, 'created', got.verifik.text);
  const [v] = (await mockGet(demo, '/__mock/persons')).verifik;
  const sent = await personkit.encodeImage(v.images[0]);
  // Stored sideways with an EXIF tag, a face-recognition service that ignores the tag sees the face on its side.
  assert.deepEqual([sent.width, sent.height, sent.orientation], [48, 64, 1], 'sent upright, not sideways with an EXIF tag');
  assert.deepEqual(problems, []);
  await page.close();
});

test('files that are not usable photos are refused by name, in the page\'s language, and follow the language switch', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/?lang=es`);
  await page.evaluate(MAKE_PHONE_PHOTO);
  const cases = [
    [{ name: 'IMG_1234.HEIC', type: 'image/heic', b64: b64(heicOf(3_000_000)) },
      'IMG_1234.HEIC: La imagen debe estar en formato JPEG o PNG: convierte las fotos HEIC del iPhone a JPEG',
      'IMG_1234.HEIC: Image must be in JPEG or PNG format: convert iPhone HEIC photos to JPEG'],
    [{ name: 'vacía.jpg', type: 'image/jpeg', b64: '' }, 'vacía.jpg: La imagen no tiene contenido: elige otro archivo', 'vacía.jpg: Image is empty: choose another file'],
    [{ name: 'notas.jpg', type: 'image/jpeg', b64: b64(Buffer.from('not a photo\n'.repeat(300_000))) },
      'notas.jpg: La imagen debe estar en formato JPEG o PNG', 'notas.jpg: Image must be in JPEG or PNG format'],
    // Cut off mid-upload: a small one, and a phone's (above the size the page downscales from).
    [{ name: 'corta.jpg', type: 'image/jpeg', b64: b64(cutOff(jpegOf(500_000))) }, 'corta.jpg: La imagen llegó incompleta: vuelve a subirla', 'corta.jpg: Image arrived incomplete: upload it again'],
    [{ name: 'IMG_0009.jpg', type: 'image/jpeg', phone: 0.8 }, 'IMG_0009.jpg: La imagen llegó incompleta: vuelve a subirla', 'IMG_0009.jpg: Image arrived incomplete: upload it again'],
  ];
  for (const [file, es, en] of cases) {
    await drop(page, [file]);
    await waitRefused(page, file.name);
    assert.equal(await refused(page), es);
    assert.equal(await page.$$eval('#photo-list li', (l) => l.length), 0, `${file.name}: nothing added`);
    await page.click('#language');
    await saysExactly(page, en, `${file.name}: in English after the switch`);
    await page.click('#language');
    await saysExactly(page, es, `${file.name}: in Spanish again`);
  }
  // Nothing was kept: the photos field asks for one, and a good photo clears the refusal.
  await page.setInputFiles('#photos', fixture('portrait-120x160.jpg'));
  await waitPhotos(page, 1);
  assert.equal(await refused(page), '');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an answer cut off after its first line: no system is called "not sent", and "Try again" finishes without creating twice', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=es`);
  await fillPerson(page, { ...ANA, email: 'corte@example.pe', identityNumber: '41414141' });
  // Dropped, not picked: Playwright's route.fetch() cannot resend a body that holds a File read from disk.
  await drop(page, [{ name: 'yo.jpg', type: 'image/jpeg', b64: b64(readFileSync(fixture('portrait-120x160.jpg'))) }]);
  await waitPhotos(page, 1);
  let calls = 0;
  await page.route('**/api/enrol', async (route) => {
    calls += 1;
    if (calls > 1) return route.continue();
    // The server gets the whole request and creates the person in all three; the phone loses the answer after its first line.
    const res = await route.fetch();
    const first = `${(await res.text()).split('\n')[0]}\n`;
    return route.fulfill({ status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: first });
  });
  await page.click('#submit');
  await page.waitForSelector('#retry:not([hidden])');
  const cut = await outcomes(page, 3);
  const shown = Object.values(cut).map((o) => o.text).join(' | ');
  assert.equal(Object.values(cut).filter((o) => o.outcome === 'created').length, 1, shown);
  assert.ok(!Object.values(cut).some((o) => o.outcome === 'skipped'), `a system the server ran is not "No enviada": ${shown}`);
  const status = await page.textContent('#status');
  assert.doesNotMatch(status, /No pudimos comunicarnos/, 'the server was reached');
  assert.match(status, /Intentar de nuevo/);
  assert.equal(await page.inputValue('#email'), 'corte@example.pe', 'the details are kept');

  await page.click('#retry');
  await page.waitForFunction(() => [...document.querySelectorAll('#results li')].every((li) => li.dataset.outcome === 'created'));
  assert.equal(await page.textContent('#status'), 'Listo: tu registro está hecho en todos los sistemas que elegiste.');
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 1]);
  assert.deepEqual(persons.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('offline while three phone photos upload: "not sent", the details and photos kept; a failed system shows red, one without an answer amber', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page } = await openDemo(browser, `${demo.url}/?lang=en`);
  await page.evaluate(MAKE_PHONE_PHOTO);
  await fillPerson(page, { ...ANA, email: 'offline@example.pe', identityNumber: '42424242' });
  await drop(page, ['a.jpg', 'b.jpg', 'c.jpg'].map((name) => ({ name, type: 'image/jpeg', phone: 1 })));
  await waitPhotos(page, 3);
  let calls = 0;
  await page.route('**/api/enrol', async (route) => {
    calls += 1;
    if (calls > 1) return route.continue();
    await new Promise((r) => setTimeout(r, 300)); // mid-upload, as far as the page can tell
    return route.abort('internetdisconnected');
  });
  // A double click: the second is ignored while the first is sending.
  await page.evaluate(() => { const b = document.getElementById('submit'); b.click(); b.click(); });
  await page.waitForSelector('#retry:not([hidden])');
  const lost = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(lost[p].outcome, 'skipped', `${p}: ${lost[p].text}`);
  assert.equal(calls, 1, 'the second click sent nothing');
  assert.equal(await page.textContent('#status'), 'We could not reach the server. Your details are kept: press "Try again".');
  assert.equal(await page.inputValue('#email'), 'offline@example.pe');
  assert.equal((await photoList(page)).length, 3, 'the photos are kept');

  await page.click('#retry');
  const done = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(done[p].outcome, 'created', `${p}: ${done[p].text}`);
  const persons = await mockGet(demo, '/__mock/persons');
  assert.equal(persons.verifik[0].images.length, 3);

  // The rows' colours (the page's CSS), on rows made as the page makes them.
  const border = (outcome) => page.evaluate((outcome) => {
    const li = document.querySelector('#results li');
    li.dataset.outcome = outcome;
    return getComputedStyle(li).borderLeftColor;
  }, outcome);
  const [bad, warn] = await page.evaluate(() => ['--bad', '--warn'].map((v) => {
    const probe = document.createElement('i');
    probe.style.color = `var(${v})`;
    document.body.append(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }));
  assert.equal(await border('failed'), bad, 'a failed system is red');
  assert.equal(await border('unknown'), warn, 'a system without an answer is amber');
  await page.close();
});

test('a proxy in front refuses the upload as too large (413, its own HTML) or too frequent (429): the person is told what to do, in their language', async () => {
  const { demo, browser } = all;
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=es`);
  problems.length = 0;
  await fillPerson(page, { ...ANA, email: 'proxy@example.pe', identityNumber: '43434343' });
  await page.setInputFiles('#photos', fixture('portrait-120x160.jpg'));
  await waitPhotos(page, 1);
  const refuse = async (status) => {
    await page.unroute('**/api/enrol');
    await page.route('**/api/enrol', (route) => route.fulfill({ status, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>${status}</h1>nginx</body></html>` }));
    await page.click('#submit');
    await page.waitForFunction(() => document.getElementById('signup').getAttribute('aria-busy') !== 'true' && document.querySelectorAll('#results li[data-outcome="skipped"]').length === 3);
    return page.textContent('#status');
  };
  const tooLarge = await refuse(413);
  assert.doesNotMatch(tooLarge, /de nuestro lado|más tarde/, `a 413 is not "try again later": ${tooLarge}`);
  assert.match(tooLarge, /fotos/);
  await page.click('#language');
  assert.match(await page.textContent('#status'), /photos/, 'in English after the switch');
  const tooMany = await refuse(429);
  assert.doesNotMatch(tooMany, /on our side/, tooMany);
  assert.match(tooMany, /minute/);
  await page.close();
});
