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

/** The document's label, hint and "required" error on a submit without it, for `nationality`. */
async function documentWords(page, nationality) {
  await page.selectOption('#nationality', nationality);
  await page.click('#submit');
  await page.waitForFunction(() => document.getElementById('identityNumber-error').textContent !== '');
  return {
    label: (await page.textContent('label[for="identityNumber"]')).replace(/\s*\*$/, ''),
    hint: await page.textContent('#identityNumber-hint'),
    error: await page.textContent('#identityNumber-error'),
  };
}

test('the identity document is named as the nationality calls it: Colombia\'s cédula, Peru\'s DNI, another country\'s identity document; in Spanish and English', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`, PHONE);
  await fillPerson(page, { ...ANA, identityNumber: '' });
  await page.setInputFiles('#photos', PHOTOS[0]);
  await waitPhotos(page, 1);

  const co = await documentWords(page, 'CO');
  assert.equal(co.label, 'Número de cédula');
  assert.match(co.hint, /cédula de ciudadanía/i);
  assert.equal(co.error, 'El número de cédula es obligatorio');
  const pe = await documentWords(page, 'PE');
  assert.equal(pe.error, 'El DNI es obligatorio');
  assert.match(pe.hint, /DNI, carné de extranjería o pasaporte/);
  const us = await documentWords(page, 'US');
  assert.equal(us.error, 'El documento de identidad es obligatorio');
  assert.doesNotMatch(`${us.label} ${us.hint}`, /cédula de ciudadanía/);

  await page.click('#language');
  const coEn = await documentWords(page, 'CO');
  assert.equal(coEn.label, 'Cédula number');
  assert.equal(coEn.error, 'Cédula number is required');
  const peEn = await documentWords(page, 'PE');
  assert.equal(peEn.error, 'ID number (DNI) is required');
  const usEn = await documentWords(page, 'US');
  assert.equal(usEn.error, 'Identity document number is required');
  assert.doesNotMatch(usEn.error, /DNI/);

  // A number the rules refuse is worded with the same name (here an invisible character pasted with it).
  await page.click('#language');
  await page.selectOption('#nationality', 'CO');
  await page.fill('#identityNumber', '1020\u200b304050');
  assert.match(await page.textContent('#identityNumber-error'), /^El número de cédula no puede tener/);
  assert.deepEqual(problems, []);
  await page.close();
});
