// Two fields as a person in Peru or Colombia fills them: a mobile number typed
// without its country code, and the identity document, named as the
// nationality chosen calls it (Colombia's cédula, Peru's DNI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ANA, PHOTOS, startAll, openDemo, fillPerson, waitPhotos, outcomes, mockGet } from './demo-helpers.mjs';

let all;
before(async () => { all = await startAll(); });
after(async () => { await all?.close(); });
const PHONE = { width: 390, height: 844 };

test('a mobile number without its country code: a note says it is sent as typed and how to add +51 or +57; nothing is added to it', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, email: 'nacional@example.pe', identityNumber: '45454545', phone: '987654321' });
  const note = await page.textContent('#phone-note');
  assert.match(note, /código de país/, note);
  assert.match(note, /\+51/);
  assert.match(note, /\+57/);
  assert.equal(await page.getAttribute('#phone', 'aria-invalid'), 'false', 'a national number is a phone number: a note, not an error');
  assert.match(await page.getAttribute('#phone', 'aria-describedby'), /\bphone-note\b/);
  await page.click('#language');
  assert.match(await page.textContent('#phone-note'), /country code/);
  await page.click('#language');
  await page.fill('#phone', '+51 987 654 321');
  assert.equal(await page.textContent('#phone-note'), '');
  await page.fill('#phone', '(+51) 987 654 321');
  assert.equal(await page.textContent('#phone-note'), '');
  await page.fill('#phone', '0051 987 654 321'); // the international prefix dialled from Peru
  assert.equal(await page.textContent('#phone-note'), '');
  await page.fill('#phone', '');
  assert.equal(await page.textContent('#phone-note'), '');

  // Sent as typed: the page never guesses a country code.
  await page.fill('#phone', '987654321');
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);
  await page.click('#submit');
  const got = await outcomes(page, 3);
  assert.equal(got.equals.outcome, 'created', got.equals.text);
  const persons = await mockGet(demo, '/__mock/persons');
  assert.equal(persons.equals[0].primaryMobileNumber, '987654321');
  assert.deepEqual(problems, []);
  await page.close();
});
