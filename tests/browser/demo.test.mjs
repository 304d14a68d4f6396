// The demo signup page end to end: Chromium fills the form, the page checks
// it with the same table the server uses, enrol() sends it to the demo's one
// route (personkit/server), which creates the person in the embedded mock
// exactly once. Screenshots go to test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ANA, PHOTOS, startAll, openDemo, fillPerson, dropFile, waitPhotos, outcomes, mockGet, assertNoSecrets,
} from './demo-helpers.mjs';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const readme = fileURLToPath(new URL('../../www/screenshot.png', import.meta.url));
let all;
before(async () => { all = await startAll(); mkdirSync(artifacts, { recursive: true }); });
after(async () => { await all?.close(); });

const errorOf = (page, id) => page.textContent(`#${id}-error`);
const invalid = (page, id) => page.getAttribute(`#${id}`, 'aria-invalid');

test('live errors, then three persons created with the right fields, then a second submit', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems, answers } = await openDemo(browser, `${demo.url}/`);

  // Live validation as the user types: a bad email and a birth date in the future.
  await fillPerson(page, { ...ANA, email: 'ana.nanez@', dateOfBirth: '2999-01-01' });
  assert.notEqual(await errorOf(page, 'email'), '');
  assert.equal(await invalid(page, 'email'), 'true');
  assert.match(await page.getAttribute('#email', 'aria-describedby'), /\bemail-error\b/);
  assert.notEqual(await errorOf(page, 'dateOfBirth'), '');
  assert.equal(await invalid(page, 'dateOfBirth'), 'true');
  assert.equal(await errorOf(page, 'firstName'), '', 'a valid field shows no message');

  // Fixing them clears the messages.
  await fillPerson(page, { email: ANA.email, dateOfBirth: ANA.dateOfBirth });
  assert.equal(await errorOf(page, 'email'), '');
  assert.equal(await invalid(page, 'email'), 'false');
  assert.equal(await errorOf(page, 'dateOfBirth'), '');

  // Two JPEGs: one from the file input, one dropped on the drop zone.
  await page.setInputFiles('#photos', PHOTOS[0]);
  await dropFile(page, PHOTOS[1]);
  await waitPhotos(page, 2);
  assert.match(await page.textContent('#photo-list'), /120×160/);
  assert.match(await page.textContent('#photo-list'), /200×150/);

  await page.click('#submit');
  const first = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(first[p].outcome, 'created', `${p}: ${first[p].text}`);
  await page.screenshot({ path: `${artifacts}demo-desktop.png`, fullPage: true });
  // The README's picture: refreshed on request, so a test run does not dirty the tree.
  if (!existsSync(readme) || process.env.UPDATE_SCREENSHOT) copyFileSync(`${artifacts}demo-desktop.png`, readme);

  const persons = await mockGet(demo, '/__mock/persons');
  assert.equal(persons.verifik.length, 1);
  const v = persons.verifik[0];
  assert.equal(v.name, 'Ana Ñañez Quispe');
  assert.equal(v.gender, 'F');
  assert.deepEqual(v.date_of_birth, { year: 1990, month: 4, day: 12 });
  assert.equal(v.nationality, 'PE');
  assert.deepEqual(v.collections, ['staff']);
  assert.equal(v.images.length, 2);
  assert.match(first.verifik.text, new RegExp(v._id));

  assert.equal(persons.equals.length, 1);
  const e = persons.equals[0];
  assert.deepEqual([e.firstName, e.lastName, e.dob, e.primaryMobileNumber], ['Ana', 'Ñañez Quispe', '1990-04-12', '+51987654321']);
  assert.equal(e.personas.length, 1);
  assert.equal(e.personas[0].accountId, 'F12345');
  assert.equal(e.personas[0].emailAddress, ANA.email);
  assert.match(first.equals.text, new RegExp(e.id));

  assert.equal(persons.horus.length, 1);
  const h = persons.horus[0];
  assert.deepEqual([h.mainIdentifier, h.firstName, h.lastName, h.email, h.categoryId, h.positionId, h.enabled],
    ['45879632', 'Ana', 'Ñañez Quispe', ANA.email, 2, 3, 1]);
  assert.equal(h.clientSecret, undefined);

  // On the wire: the photos' exact bytes as raw base64, the server's role and Horus credentials.
  const requests = await mockGet(demo, '/__mock/requests');
  const sent = (p) => requests.find((r) => r.provider === p && r.kind === 'create').body;
  assert.deepEqual(sent('verifik').images, PHOTOS.map((f) => readFileSync(f).toString('base64')));
  assert.equal(sent('equals').roleName, 'Viewer');
  assert.deepEqual([sent('horus').clientId, sent('horus').clientSecret], ['bb145d5f', 'bb145d5fxyz']);

  // Again with the same details (a second click): the same enrolment, answered from the store.
  await page.click('#submit');
  const second = await outcomes(page, 3);
  assert.deepEqual(second, first);
  const again = await mockGet(demo, '/__mock/persons');
  assert.deepEqual(again.attempts, { verifik: 1, equals: 1, horus: 1 }, 'no provider called again');
  assert.deepEqual(again.equals[0].personaCounts, { F12345: 1 });

  // No credential ever reached the page, and the server log holds no body or image.
  assertNoSecrets([await page.content(), ...answers], 'the page');
  assert.ok(all.logs.length >= 2 && all.logs.every((l) => l.length < 160 && !l.includes('/9j/') && !l.includes(ANA.email)), all.logs.join('\n'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('an injected fault fails one provider with a clear error while the others succeed (phone width)', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?fault=horus:500`, { width: 390, height: 844 });
  assert.match(await page.textContent('#fault-banner'), /horus → 500/);
  await fillPerson(page, { ...ANA, email: 'luis@example.pe', firstName: 'Luis', identityNumber: '70112233' });
  await page.setInputFiles('#photos', PHOTOS);
  await waitPhotos(page, 2);
  await page.click('#submit');
  const got = await outcomes(page, 3);
  assert.equal(got.verifik.outcome, 'created', got.verifik.text);
  assert.equal(got.equals.outcome, 'created', got.equals.text);
  assert.equal(got.horus.outcome, 'failed', got.horus.text);
  // The page is in Spanish, and so are the server's words.
  assert.match(got.horus.text, /Horus tuvo un problema en este momento\. Inténtalo de nuevo en unos minutos\./);
  assert.match(got.verifik.text, /Te registramos en Verifik\./);
  assert.match(got.horus.text, /SERVER_ERROR/);
  let persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 0]);

  // "Try again" runs only Horus; the others keep their outcome.
  await page.waitForSelector('#retry:not([hidden])');
  await page.click('#retry');
  await page.waitForFunction(() => document.querySelector('#results li[data-provider="horus"]')?.dataset.outcome === 'created');
  const after = await outcomes(page, 3);
  assert.equal(after.verifik.text, got.verifik.text);
  persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.verifik.length, persons.equals.length, persons.horus.length], [1, 1, 1]);
  assert.equal(persons.attempts.verifik, 1);
  assert.equal(persons.attempts.equals, 1);
  assert.equal(await page.isHidden('#retry'), true);

  // Good at phone width: nothing wider than the screen.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await page.screenshot({ path: `${artifacts}demo-phone.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the English switch after a submit: the page\'s words change at once, the server\'s with the next send', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/?fault=horus:500`);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  await fillPerson(page, { ...ANA, email: 'rosa@example.pe', firstName: 'Rosa', identityNumber: '40112233' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.click('#submit');
  const es = await outcomes(page, 3);
  assert.match(es.equals.text, /^Equals MoneyCreadaTe registramos en Equals Money\./);
  assert.match(es.horus.text, /^HorusFallóHorus tuvo un problema en este momento/);
  assert.equal(await page.textContent('#status'), 'Tu registro está hecho en 2 de 3 sistemas. Abajo están los detalles.');
  assert.equal(await page.textContent('#retry'), 'Intentar de nuevo');

  await page.click('#language');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#status'), 'Registered in 2 of 3 systems. The details are below.');
  assert.equal(await page.textContent('#retry'), 'Try again');
  const switched = await outcomes(page, 3);
  assert.match(switched.equals.text, /^Equals MoneyCreatedTe registramos en Equals Money\./, 'the headline follows at once; the sentence is the server\'s until the next send');
  assert.equal(await page.textContent('#nationality option[value="PE"]'), 'Peru');

  // "Try again": Horus runs, the others are replayed; the server words all three in English now.
  await page.click('#retry');
  await page.waitForFunction(() => document.querySelector('#results li[data-provider="horus"]')?.dataset.outcome === 'created');
  const en = await outcomes(page, 3);
  assert.match(en.verifik.text, /^VerifikCreatedRegistered in Verifik\./);
  assert.match(en.equals.text, /^Equals MoneyCreatedRegistered in Equals Money\./);
  assert.match(en.horus.text, /^HorusCreatedRegistered in Horus\./);
  assert.equal(await page.textContent('#status'), 'Done: you are registered everywhere you chose.');
  const persons = await mockGet(demo, '/__mock/persons');
  assert.deepEqual([persons.attempts.verifik, persons.attempts.equals, persons.horus.length], [1, 1, 1]);

  await page.click('#language');
  assert.equal(await page.textContent('#nationality option[value="PE"]'), 'Perú');
  assert.deepEqual(problems, []);
  await page.close();
});
