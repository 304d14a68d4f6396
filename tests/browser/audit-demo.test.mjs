// The signup page for a Spanish speaker in Peru on a phone, and for someone
// with only a keyboard or a screen reader: labels, errors tied to their
// fields, phone keyboards, touch targets, the language switch, the words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ANA, PHOTOS, startAll, openDemo, fillPerson, dropFile, waitPhotos, outcomes, mockGet } from './demo-helpers.mjs';

let all;
before(async () => { all = await startAll(); });
after(async () => { await all?.close(); });
const PHONE = { width: 390, height: 844 };
const attr = (page, sel, name) => page.getAttribute(sel, name);

test('every control has a label, and on a failed submit each error is tied to its field and the focus goes to the first', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  const unnamed = await page.$$eval('input, select, button', (els) => els
    .filter((e) => !(e.labels?.length > 0 && [...e.labels].some((l) => l.textContent.trim())) && !e.getAttribute('aria-label') && !e.textContent.trim())
    .map((e) => e.id));
  assert.deepEqual(unnamed, []);
  await fillPerson(page, { ...ANA, email: 'ana@', phone: '12' });
  await page.click('#submit');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  assert.match(await page.textContent('#status'), /^Corrige los \d problemas marcados arriba\.$/);
  assert.equal(await attr(page, '#status', 'role'), 'status');
  for (const id of ['email', 'phone', 'photos']) {
    assert.equal(await attr(page, `#${id}`, 'aria-invalid'), 'true', id);
    assert.match(await attr(page, `#${id}`, 'aria-describedby'), new RegExp(`\\b${id}-error\\b`), id);
    assert.notEqual((await page.textContent(`#${id}-error`)).trim(), '', `${id}: an error in words, not only in red`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('phone keyboards: names capitalise each word, the email and phone get their keyboards, the document number no autocorrect', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  for (const id of ['firstName', 'lastName']) {
    // "ñañez quispe" typed on a phone should come out "Ñañez Quispe", not "Ñañez quispe".
    assert.equal(await attr(page, `#${id}`, 'autocapitalize'), 'words', id);
    assert.equal(await attr(page, `#${id}`, 'spellcheck'), 'false', `${id}: no red squiggle under Quispe`);
  }
  assert.deepEqual([await attr(page, '#email', 'type'), await attr(page, '#email', 'inputmode'), await attr(page, '#email', 'autocomplete')], ['email', 'email', 'email']);
  assert.deepEqual([await attr(page, '#phone', 'type'), await attr(page, '#phone', 'autocomplete')], ['tel', 'tel']);
  assert.deepEqual([await attr(page, '#dateOfBirth', 'type'), await attr(page, '#dateOfBirth', 'autocomplete')], ['date', 'bday']);
  // A passport or carné de extranjería has letters: no numeric-only keypad, but no autocorrect either.
  assert.notEqual(await attr(page, '#identityNumber', 'inputmode'), 'numeric');
  assert.equal(await attr(page, '#identityNumber', 'autocapitalize'), 'characters');
  assert.equal(await attr(page, '#identityNumber', 'spellcheck'), 'false');
  assert.equal(await attr(page, '#identityNumber', 'autocorrect'), 'off');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a DNI pasted with spaces reaches Horus as its eight digits', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, email: 'dni@example.pe', identityNumber: ' 45 879 632 ' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.click('#submit');
  const got = await outcomes(page, 3);
  assert.equal(got.horus.outcome, 'created', got.horus.text);
  const persons = await mockGet(demo, '/__mock/persons');
  assert.equal(persons.horus[0].mainIdentifier, '45879632');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the document field says, for Peru, that a DNI, carné de extranjería or passport will do', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  const label = await page.textContent('label[for="identityNumber"]');
  const hint = await page.textContent('#identityNumber-hint');
  assert.doesNotMatch(label, /\(DNI\)/, 'the label must not promise a DNI only while the hint takes a passport');
  assert.match(hint, /DNI/);
  assert.match(hint, /carné de extranjería/);
  assert.match(hint, /pasaporte/);
  await page.click('#language');
  assert.match(await page.textContent('#identityNumber-hint'), /passport/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('at phone width the system checkboxes are rows big enough to tap', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  for (const id of ['use-verifik', 'use-equals', 'use-horus']) {
    const box = await page.locator(`label[for="${id}"]`).boundingBox();
    assert.ok(box.height >= 44, `${id}: its label is ${box.height}px high`);
  }
  // Every other control a finger needs.
  const small = await page.$$eval('input:not([type=file]):not([type=checkbox]), select, button, .dropzone label', (els) => els
    .filter((e) => e.offsetParent).map((e) => [e.id || e.textContent, e.getBoundingClientRect().height]).filter(([, h]) => h < 40));
  assert.deepEqual(small, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the language switch is spoken in the language it offers, and sets <html lang>', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  assert.equal(await attr(page, 'html', 'lang'), 'es');
  assert.equal(await page.textContent('#language'), 'English');
  assert.equal(await attr(page, '#language', 'lang'), 'en', 'a Spanish voice would read "English" wrong');
  await page.click('#language');
  assert.equal(await attr(page, 'html', 'lang'), 'en');
  assert.equal(await page.textContent('#language'), 'Español');
  assert.equal(await attr(page, '#language', 'lang'), 'es');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a failed system shows its code as a code for support, in the page\'s language', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?fault=horus:500`, PHONE);
  await fillPerson(page, { ...ANA, email: 'code@example.pe', identityNumber: '41112233' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.click('#submit');
  const got = await outcomes(page, 3);
  assert.equal(got.horus.outcome, 'failed');
  assert.match(got.horus.text, /\(código para soporte: SERVER_ERROR\)/);
  await page.click('#language');
  assert.match((await outcomes(page, 3)).horus.text, /\(support code: SERVER_ERROR\)/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a double tap on "Crear persona" creates each person once', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, email: 'twice@example.pe', identityNumber: '42223344' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.dblclick('#submit');
  const got = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(got[p].outcome, 'created', got[p].text);
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 1]);
  assert.deepEqual(persons.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a slow phone connection the page is in Spanish before its script has loaded', async () => {
  const { page, problems } = await (async () => {
    const { strictPage } = await import('./harness.mjs');
    return strictPage(all.browser);
  })();
  // Hold personkit's inlined WebAssembly (the largest download) until the first look is taken.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/wasm-inline.js', async (route) => { await held; await route.continue(); });
  await page.goto(`${all.demo.url}/`, { waitUntil: 'commit' });
  await page.waitForSelector('footer');
  const first = await page.evaluate(() => ({ lang: document.documentElement.lang, h1: document.querySelector('h1').textContent, submit: document.querySelector('#submit').textContent, title: document.title, modes: document.querySelector('#modes').getAttribute('aria-label') }));
  release();
  assert.deepEqual(first, { lang: 'es', h1: 'Crea tu perfil', submit: 'Crear persona', title: 'Registro · demo de personkit', modes: 'Dónde corre cada sistema' });
  await page.waitForFunction(() => document.querySelectorAll('#modes li').length === 3);
  assert.deepEqual(problems, []);
  await page.close();
});

test('"Intentar de nuevo" pressed from the keyboard: when it succeeds and the button goes, the focus is not dropped to the page', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?fault=horus:500`, PHONE);
  await fillPerson(page, { ...ANA, email: 'keys@example.pe', identityNumber: '43334455' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.focus('#submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#retry:not([hidden])');
  await page.focus('#retry');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#results li[data-provider="horus"]')?.dataset.outcome === 'created');
  await page.waitForSelector('#retry[hidden]', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'another', 'the next thing to do, not <body>');
  assert.deepEqual(problems, []);
  await page.close();
});

test('no system chosen: the checkbox the focus lands on carries the error, for a screen reader that does not read the group\'s description', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  await fillPerson(page, ANA);
  for (const id of ['use-verifik', 'use-equals', 'use-horus']) await page.uncheck(`#${id}`);
  await page.click('#submit');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'use-verifik');
  assert.equal(await page.textContent('#providers-error'), 'Elige al menos un sistema');
  for (const id of ['use-verifik', 'use-equals', 'use-horus']) {
    assert.match(await attr(page, `#${id}`, 'aria-describedby') ?? '', /\bproviders-error\b/, id);
    assert.equal(await attr(page, `#${id}`, 'aria-invalid'), 'true', id);
  }
  await page.check('#use-horus');
  assert.equal(await attr(page, '#use-verifik', 'aria-invalid'), 'false');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a gateway error after the server ran: the status says to press "Intentar de nuevo", the button it shows, not "try later"', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, email: 'gateway@example.pe', identityNumber: '44445555' });
  await dropFile(page, PHOTOS[0]); // route.fetch() cannot resend a File read from disk
  await waitPhotos(page, 1);
  let calls = 0;
  await page.route('**/api/enrol', async (route) => {
    calls += 1;
    if (calls > 1) return route.continue();
    await (await route.fetch()).text();
    return route.fulfill({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>502 Bad Gateway</html>' });
  });
  await page.click('#submit');
  await page.waitForSelector('#retry:not([hidden])');
  const status = await page.textContent('#status');
  assert.match(status, /«Intentar de nuevo»/);
  assert.doesNotMatch(status, /más tarde/);
  await page.click('#language');
  assert.match(await page.textContent('#status'), /"Try again"/);
  await page.click('#retry');
  await page.waitForFunction(() => [...document.querySelectorAll('#results li')].every((li) => li.dataset.outcome === 'created'));
  assert.deepEqual((await mockGet(demo, '/__mock/persons')).attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  await page.close();
});

test('after the switch to English the server\'s Spanish sentences are marked lang="es", so a screen reader does not read them with an English voice', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, email: 'voz@example.pe', identityNumber: '46667777' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.click('#submit');
  await outcomes(page, 3);
  const detailLang = () => page.$$eval('#results .detail', (els) => els.map((e) => e.querySelector('[lang]')?.lang));
  assert.deepEqual(await detailLang(), ['es', 'es', 'es']);
  await page.click('#language');
  assert.equal(await attr(page, 'html', 'lang'), 'en');
  assert.match(await page.textContent('#results li[data-provider="verifik"] .detail'), /^Te registramos en Verifik\./);
  assert.deepEqual(await detailLang(), ['es', 'es', 'es']);
  // The next send asks in English: then the sentences are English.
  await page.click('#submit');
  await page.waitForFunction(() => /^Registered in Verifik/.test(document.querySelector('#results li[data-provider="verifik"] .detail')?.textContent));
  await outcomes(page, 3);
  assert.deepEqual(await detailLang(), ['en', 'en', 'en']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a photo picked or removed is announced (a polite count), in the page\'s language', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  assert.equal(await attr(page, '#photos-count', 'aria-live'), 'polite');
  assert.equal(await page.textContent('#photos-count'), '');
  await page.setInputFiles('#photos', PHOTOS);
  await waitPhotos(page, 2);
  assert.equal(await page.textContent('#photos-count'), '2 fotos elegidas');
  await page.click('#photo-list li:first-child button');
  await waitPhotos(page, 1);
  assert.equal(await page.textContent('#photos-count'), '1 foto elegida');
  await page.click('#language');
  assert.equal(await page.textContent('#photos-count'), '1 photo chosen');
  assert.deepEqual(problems, []);
  await page.close();
});

test('photos stay in the order they were picked, when a large one picked first finishes reading after a small one dropped next', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`);
  const small = readFileSync(PHOTOS[1]).toString('base64');
  await page.evaluate(async (small) => {
    // A 4000×3000 camera-sized photo: the picker downscales it, which takes far longer than a 200×150 one.
    const canvas = new OffscreenCanvas(4000, 3000);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#c96';
    ctx.fillRect(0, 0, 4000, 3000);
    const big = new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })], 'camera.jpg', { type: 'image/jpeg' });
    const picked = new DataTransfer();
    picked.items.add(big);
    const input = document.getElementById('photos');
    input.files = picked.files;
    input.dispatchEvent(new Event('change'));
    const dropped = new DataTransfer();
    dropped.items.add(new File([Uint8Array.from(atob(small), (c) => c.charCodeAt(0))], 'progressive-200x150.jpg', { type: 'image/jpeg' }));
    document.getElementById('photos-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, cancelable: true }));
  }, small);
  await waitPhotos(page, 2);
  assert.deepEqual(await page.$$eval('#photo-list .name', (els) => els.map((e) => e.textContent)), ['camera.jpg', 'progressive-200x150.jpg']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a touch screen the page does not offer to drop files (there is nothing to drag them from)', async () => {
  const context = await all.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${all.demo.url}/`);
  await page.waitForFunction(() => document.querySelectorAll('#modes li').length === 3);
  assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
  assert.equal(await page.isVisible('[data-i18n="photosDrop"]'), false);
  assert.equal(await page.isVisible('label[for="photos"]'), true);
  await context.close();
  const desk = await openDemo(all.browser, `${all.demo.url}/`);
  assert.equal(await desk.page.isVisible('[data-i18n="photosDrop"]'), true);
  await desk.page.close();
});

test('every control marked * is announced as required (the * itself is hidden from screen readers)', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  const starred = await page.$$eval('label, legend', (els) => els
    .filter((e) => [...e.querySelectorAll('[aria-hidden="true"]')].some((s) => s.textContent.trim() === '*'))
    .map((e) => (e.htmlFor ? e.htmlFor : e.closest('fieldset').querySelector('input').id)));
  assert.deepEqual(starred.sort(), ['email', 'firstName', 'identityNumber', 'lastName', 'photos']);
  for (const id of starred) assert.equal(await page.evaluate((id) => document.getElementById(id).required, id), true, id);
  assert.deepEqual(problems, []);
  await page.close();
});
