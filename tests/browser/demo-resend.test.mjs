// The signup page when a send goes wrong on a phone: an upload too slow for
// the server, an answer that is not the server's, a reload mid-send, and a
// person edited after a send that created them. Each ends with the mock's
// count of persons: nothing is created twice unless the person chose to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../www/server.mjs';
import { ANA, PHOTOS, startAll, openDemo, fillPerson, dropFile, waitPhotos, outcomes, mockGet } from './demo-helpers.mjs';
import { slowUploads } from './slow-upload.mjs';

let all;
before(async () => { all = await startAll(); });
after(async () => { await all?.close(); });
const PHONE = { width: 390, height: 844 };
const reset = (demo) => fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
const counts = async (demo) => {
  const p = await mockGet(demo, '/__mock/persons');
  return [p.verifik.length, p.equals.length, p.horus.length];
};
// A 4xx/5xx the page was meant to get (the browser logs each).
const real = (problems) => problems.filter((p) => !/Failed to load resource/.test(p));

test('an upload slower than the server waits for: its empty 408 keeps the details and offers "Intentar de nuevo", which creates once', async () => {
  // The server's time for a body is set short, so a slow line passes it in a test.
  const demo = await startDemo({ port: 0, host: '127.0.0.1', env: {}, bodyTimeoutMs: 1000, headersTimeoutMs: 1000 });
  const line = await slowUploads(Number(new URL(demo.url).port));
  try {
    const { page, problems } = await openDemo(all.browser, `${line.url}/`, PHONE);
    await fillPerson(page, { ...ANA, email: 'lento@example.pe', identityNumber: '46464646' });
    await page.setInputFiles('#photos', PHOTOS);
    await waitPhotos(page, 2);
    line.rate = 200; // bytes a second: the photos take far longer than the server waits
    let answered = null;
    page.on('response', async (r) => { if (r.url().endsWith('/api/enrol')) answered = { status: r.status(), body: await r.text().catch(() => '') }; });
    await page.click('#submit');
    await page.waitForSelector('#retry:not([hidden])', { timeout: 60_000 });
    assert.deepEqual(answered, { status: 408, body: '' }, 'Node\'s own 408, with no body');
    const status = await page.textContent('#status');
    assert.match(status, /conexión es lenta/, status);
    assert.match(status, /Tus datos siguen aquí/, status);
    assert.match(status, /«Intentar de nuevo»/, status);
    assert.doesNotMatch(status, /más tarde/, status);
    const lost = await outcomes(page, 3);
    for (const p of ['verifik', 'equals', 'horus']) assert.equal(lost[p].outcome, 'skipped', `${p}: the server never read the person`);
    assert.deepEqual(await counts(demo), [0, 0, 0]);

    line.rate = Infinity;
    await page.click('#retry');
    const done = await outcomes(page, 3);
    for (const p of ['verifik', 'equals', 'horus']) assert.equal(done[p].outcome, 'created', `${p}: ${done[p].text}`);
    assert.deepEqual(await counts(demo), [1, 1, 1]);
    assert.deepEqual(real(problems), []);
    await page.close();
  } finally {
    await line.close();
    await demo.close();
  }
});

test('an answer with nothing usable in it (a proxy\'s page, an empty body): the details are kept and "Intentar de nuevo" is offered', async () => {
  const { demo, browser } = all;
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, email: 'vacio@example.pe', identityNumber: '47474747' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  const answers = [
    { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' },
    { status: 400, headers: { 'content-type': 'text/html' }, body: '<html><body>400 Bad Request</body></html>' },
    { status: 404, body: '' },
    { status: 200, headers: { 'content-type': 'application/json' }, body: '' },
  ];
  for (const answer of answers) {
    await page.unroute('**/api/enrol');
    await page.route('**/api/enrol', (route) => route.fulfill(answer));
    await page.click('#submit');
    await page.waitForFunction(() => document.getElementById('signup').getAttribute('aria-busy') !== 'true' && !document.querySelector('#results li[data-outcome="pending"]'));
    const status = await page.textContent('#status');
    const what = `${answer.status} ${JSON.stringify(answer.body)}: ${status}`;
    assert.match(status, /Tus datos siguen aquí/, what);
    assert.match(status, /«Intentar de nuevo»/, what);
    assert.equal(await page.isVisible('#retry'), true, what);
    assert.equal(await page.inputValue('#email'), 'vacio@example.pe');
  }
  assert.deepEqual(real(problems), []);
  await page.close();
});

test('a reload while the person was being sent: the page does not say nothing was sent, and the same details again are answered without creating twice', async () => {
  const { demo, browser } = all;
  await reset(demo);
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  const rosa = { ...ANA, firstName: 'Rosa', email: 'recarga@example.pe', identityNumber: '48484848' };
  await fillPerson(page, rosa);
  await dropFile(page, PHOTOS[0]); // route.fetch() cannot resend a File read from disk
  await waitPhotos(page, 1);
  let reached;
  const server = new Promise((resolve) => { reached = resolve; });
  await page.route('**/api/enrol', async (route) => {
    // The server gets the person and creates it; the phone is reloaded before the answer arrives.
    const res = await route.fetch();
    await res.text();
    reached();
  });
  await page.click('#submit');
  await server;
  await page.reload();
  await page.unroute('**/api/enrol'); // not before: unrouting ends the request held there
  await page.waitForFunction(() => document.querySelectorAll('#modes li').length === 3);
  assert.equal(await page.isVisible('#results-empty'), false, 'not "Aún no se envió nada"');
  const status = await page.textContent('#status');
  assert.match(status, /no sabemos/i, status);
  assert.match(status, /mismos datos/, status);
  const unknown = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(unknown[p].outcome, 'unknown', `${p}: ${unknown[p].text}`);
  await page.click('#language');
  assert.match(await page.textContent('#status'), /same details/);
  await page.click('#language');

  // The same details and photo: the same key (the tab keeps it), so the server answers what it did.
  await fillPerson(page, rosa);
  await dropFile(page, PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.click('#submit');
  const done = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(done[p].outcome, 'created', `${p}: ${done[p].text}`);
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 1]);
  assert.deepEqual(persons.attempts, { verifik: 1, equals: 1, horus: 1 }, 'answered from the store, not sent again');
  // Settled: another reload says nothing of an unknown send.
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('#modes li').length === 3);
  assert.equal(await page.isVisible('#results-empty'), true);
  assert.equal(await page.textContent('#status'), '');
  assert.deepEqual(real(problems), []);
  await page.close();
});

test('a name edited after a send that created the person: a warning first, in the page\'s language; a second record only when sent again', async () => {
  const { demo, browser } = all;
  await reset(demo);
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, email: 'cambio@example.pe', identityNumber: '49494949' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.click('#submit');
  await outcomes(page, 3);
  assert.deepEqual(await counts(demo), [1, 1, 1]);

  // A phone number added: no system keys a person by it, so no warning (each answers "already there").
  await page.fill('#phone', '+51 912 345 678');
  await page.click('#submit');
  await page.waitForFunction(() => /Listo/.test(document.getElementById('status').textContent));
  assert.deepEqual(await counts(demo), [1, 1, 1]);

  await page.fill('#lastName', 'Ñañez Quispe de Torres');
  let sent = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/enrol')) sent += 1; });
  await page.click('#submit');
  const warning = await page.textContent('#status');
  assert.match(warning, /ya se enviaron a Verifik,/, warning);
  assert.match(warning, /segundo registro/, warning);
  assert.doesNotMatch(warning, /Equals|Horus/, 'the email and the document did not change');
  assert.match(warning, /«Crear persona» otra vez/, warning);
  await page.click('#language');
  assert.match(await page.textContent('#status'), /sent to Verifik,.*second record/);
  await page.click('#language');
  assert.equal(sent, 0, 'nothing sent on the first press');
  assert.deepEqual(await counts(demo), [1, 1, 1]);

  // Pressed again with the same details: the person chose it.
  await page.click('#submit');
  const again = await outcomes(page, 3);
  assert.equal(again.verifik.outcome, 'created', again.verifik.text);
  assert.equal(sent, 1);
  assert.deepEqual(await counts(demo), [2, 1, 1]);
  assert.deepEqual(real(problems), []);
  await page.close();
});
