// Audit of the demo page's send, in Chromium against the demo server and its
// embedded mock: the server's own field errors (its 422, its 400
// FIELD_NOT_ALLOWED) land next to the fields, in the page's language; a
// proxy's 504 page after the server ran is "no answer", not "not sent", and
// "Try again" finishes without creating twice; enrol() itself in the page
// with a path endpoint and a photo as bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ANA, PHOTOS, startAll, openDemo, fillPerson, dropFile, waitPhotos, outcomes, mockGet } from './demo-helpers.mjs';

let all;
before(async () => { all = await startAll(); });
after(async () => { await all?.close(); });

const idle = (page) => page.waitForFunction(() => document.getElementById('signup').getAttribute('aria-busy') !== 'true' && !!document.getElementById('status').textContent);
/** Console errors but the browser's own line for a refusal the test makes (a 422, a 504). */
const real = (problems) => problems.filter((p) => !/Failed to load resource/.test(p));

test('the server\'s field errors (its 422) appear next to their fields in the page\'s words, stay until that field changes, and a corrected send creates once', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=es`);
  await fillPerson(page, { ...ANA, email: 'servidor@example.pe', identityNumber: '46464646' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  // A rule only the server knows (its own fields, a prepare hook): its 422, in personkit/server's shape and in Spanish.
  const refusal = { error: { code: 'VALIDATION_FAILED', message: 'Revisa los datos: este correo no se acepta aquí (y 2 más)', errors: [
    { field: 'email', code: 'INVALID_EMAIL', message: 'Este correo no se acepta aquí', provider: 'equals' },
    { field: 'email', code: 'INVALID_EMAIL', message: 'Este correo no se acepta aquí', provider: 'horus' },
    { field: 'photos[0]', code: 'IMAGE_TOO_SMALL', message: 'La foto 1 tiene muy poca resolución: usa una foto más grande', provider: 'verifik' },
    { field: 'extras.equals.jobTitle', code: 'REQUIRED', message: 'El cargo es obligatorio', provider: 'equals' },
  ] } };
  await page.route('**/api/enrol', (route) => route.fulfill({ status: 422, headers: { 'content-type': 'application/json' }, body: JSON.stringify(refusal) }));
  await page.click('#submit');
  await idle(page);
  assert.equal(await page.textContent('#email-error'), 'Este correo no se acepta aquí', 'one text once, next to its field');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#photos-error'), 'La foto 1 tiene muy poca resolución: usa una foto más grande');
  assert.equal(await page.textContent('#form-error'), 'El cargo es obligatorio', 'a field the form has no control for is still shown');
  assert.equal(await page.textContent('#status'), 'Corrige los 3 problemas marcados arriba.');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the focus is on the first field to fix');
  const rows = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(rows[p].outcome, 'skipped', `${p}: nothing was sent`);
  const shown = await page.textContent('main');
  assert.doesNotMatch(shown, /VALIDATION_FAILED|INVALID_EMAIL|extras\.|photos\[|\b422\b/, 'no wire names or statuses');

  // Editing the email clears its server error; the others stay until their fields change.
  await page.fill('#email', 'servidor2@example.pe');
  assert.equal(await page.textContent('#email-error'), '');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'false');
  assert.notEqual(await page.textContent('#photos-error'), '');

  await page.unroute('**/api/enrol');
  await page.click('#submit');
  const done = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(done[p].outcome, 'created', `${p}: ${done[p].text}`);
  assert.equal(await page.textContent('#photos-error'), '', 'a new send clears the last refusal\'s errors');
  assert.equal(await page.textContent('#form-error'), '');
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 1]);
  assert.deepEqual(real(problems), []);
  await page.close();
});

test('a proxy\'s 504 page after the server ran every system: no system is called "not sent", and "Try again" shows them all created, once', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=en`);
  await fillPerson(page, { ...ANA, email: 'gateway@example.pe', identityNumber: '47474747' });
  // Dropped, not picked: route.fetch() cannot resend a body that holds a File read from disk.
  await dropFile(page, PHOTOS[0]);
  await waitPhotos(page, 1);
  let calls = 0;
  await page.route('**/api/enrol', async (route) => {
    calls += 1;
    if (calls > 1) return route.continue();
    await (await route.fetch()).text(); // the server runs all three; the gateway gives up on the way back
    return route.fulfill({ status: 504, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>504 Gateway Time-out</h1>nginx</body></html>' });
  });
  await page.click('#submit');
  await idle(page);
  const lost = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(lost[p].outcome, 'unknown', `${p} may have been made: ${lost[p].text}`);
  assert.equal(await page.isHidden('#retry'), false, '"Try again" is offered');
  assert.doesNotMatch(await page.textContent('main'), /504|Gateway|nginx/);

  await page.click('#retry');
  await page.waitForFunction(() => [...document.querySelectorAll('#results li')].every((li) => li.dataset.outcome === 'created'));
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 1]);
  assert.deepEqual(persons.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(persons.equals[0].personaCounts, { [Object.keys(persons.equals[0].personaCounts)[0]]: 1 });
  assert.equal(calls, 2);
  assert.deepEqual(real(problems), []);
  await page.close();
});

test('the server fails mid-answer (its INTERNAL line after the first outcome): the systems without a line are "no answer", not "not sent", and "Try again" finishes once', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=es`);
  await fillPerson(page, { ...ANA, email: 'mitad@example.pe', identityNumber: '48484848' });
  await dropFile(page, PHOTOS[0]);
  await waitPhotos(page, 1);
  let calls = 0;
  await page.route('**/api/enrol', async (route) => {
    calls += 1;
    if (calls > 1) return route.continue();
    // The server ran all three; the page gets the first line, then the line personkit/server writes when its run throws.
    const first = `${(await (await route.fetch()).text()).split('\n')[0]}\n`;
    const failed = `${JSON.stringify({ error: { code: 'INTERNAL', message: 'Algo falló de nuestro lado. Inténtalo más tarde.' } })}\n`;
    return route.fulfill({ status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: first + failed });
  });
  await page.click('#submit');
  await idle(page);
  const rows = await outcomes(page, 3);
  const shown = Object.values(rows).map((o) => `${o.outcome}: ${o.text}`).join(' | ');
  assert.equal(Object.values(rows).filter((o) => o.outcome === 'created').length, 1, shown);
  assert.equal(Object.values(rows).filter((o) => o.outcome === 'unknown').length, 2, `the server may have run them: ${shown}`);
  assert.equal(await page.isHidden('#retry'), false, '"Intentar de nuevo" is offered');

  await page.click('#retry');
  await page.waitForFunction(() => [...document.querySelectorAll('#results li')].every((li) => li.dataset.outcome === 'created'));
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 1]);
  assert.deepEqual(persons.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(real(problems), []);
  await page.close();
});

test('the same enrolment still running on the server after every wait (409 IN_PROGRESS): "no answer", not "not sent", and "Try again" gets its outcomes', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=en`);
  await fillPerson(page, { ...ANA, email: 'running@example.pe', identityNumber: '49494949' });
  await dropFile(page, PHOTOS[0]);
  await waitPhotos(page, 1);
  let calls = 0;
  await page.route('**/api/enrol', async (route) => {
    calls += 1;
    // The first request runs all three on the server; its answer, and the five asks enrol() makes while it waits, say it is still running.
    if (calls === 1) await (await route.fetch()).text();
    if (calls <= 6) {
      return route.fulfill({ status: 409, headers: { 'content-type': 'application/json', 'retry-after': '2' }, body: JSON.stringify({ error: { code: 'IN_PROGRESS', message: 'Your registration is still being processed. Please try again in a few seconds.' } }) });
    }
    return route.continue();
  });
  // enrol() waits 1, 2, 4, 5 and 5 s between its asks: the page's clock is
  // moved on a second at a time instead of those waits being sat out.
  await page.clock.install();
  await page.click('#submit');
  const settled = () => page.evaluate(() => document.getElementById('signup').getAttribute('aria-busy') !== 'true' && !!document.getElementById('status').textContent && !document.querySelector('#results li[data-outcome="pending"]'));
  for (let tick = 0; tick < 600 && !(await settled()); tick++) {
    await page.clock.fastForward(1_000);
    await page.waitForTimeout(30);
  }
  assert.equal(await settled(), true, 'enrol() gave up waiting and the page settled');
  assert.equal(calls, 6);
  const rows = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(rows[p].outcome, 'unknown', `${p} is running: ${rows[p].text}`);
  assert.equal(await page.isHidden('#retry'), false);
  assert.equal(await page.textContent('#status'), 'Your registration is still being processed. Press "Try again" in a few seconds (nothing will be created twice).');

  await page.click('#retry');
  await page.waitForFunction(() => [...document.querySelectorAll('#results li')].every((li) => li.dataset.outcome === 'created'));
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual(persons.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(real(problems), []);
  await page.close();
});

test('enrol() in the page with a path endpoint and the page\'s own fetch; a photo as bytes goes as a file part; one person per system', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?lang=es`);
  const got = await page.evaluate(async (ana) => {
    const personkit = await import('/js/browser.mjs');
    const canvas = new OffscreenCanvas(200, 260);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#c96';
    ctx.fillRect(0, 0, 200, 260);
    const photo = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
    const person = { ...ana, email: 'bytes@example.pe', identityNumber: '50505050', photos: [photo] };
    const seen = [];
    const summary = await personkit.enrol(person, { endpoint: '/api/enrol', locale: 'es', onProgress: (p) => seen.push(p) });
    const again = await personkit.enrol({ ...person, photos: [photo.slice()] }, { endpoint: '/api/enrol', locale: 'es' });
    return { statuses: Object.values(summary.results).map((o) => o.status), seen: seen.sort(), same: JSON.stringify(again) === JSON.stringify(summary) };
  }, ANA);
  assert.deepEqual(got.statuses, ['created', 'created', 'created']);
  assert.deepEqual(got.seen, ['equals', 'horus', 'verifik']);
  assert.equal(got.same, true, 'the same bytes again are the same enrolment');
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual(persons.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.equal(persons.verifik[0].faceEncodings.length, 1, 'Verifik got the photo');
  assert.deepEqual(real(problems), []);
  await page.close();
});
