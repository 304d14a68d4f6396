// Inputs as forms give them (src/validate/normalise.rs): an empty optional
// box is absent, names, emails and identifiers are trimmed, country codes
// upper-cased. The validator's accepted `value` is exactly the body a client
// sends, checked here on the wire against personkit-mock.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { EqualsClient, HorusClient, VerifikClient, validateEqualsPerson, validateHorusPerson, validateVerifikPerson } from 'personkit';
import { mockServer, API_KEY, CLIENT_ID, CLIENT_SECRET, TOKEN, jpegBase64 } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const sentBody = async () => (await mock.requests()).find((r) => r.method === 'POST').body;

test('Equals: the accepted value is the body the client sends', async () => {
  const typed = {
    accountId: ' F12345 ', firstName: ' Ana ', lastName: 'Quispe ', roleName: 'Viewer', emailAddress: ' ana.q@example.pe ',
    dob: '', primaryMobileNumber: '', jobTitle: '', employeeNumber: '', nationalities: ['pe'], address: { countryCode: 'pe', city: 'Lima' },
  };
  const r = validateEqualsPerson(typed);
  assert.deepEqual(r, { ok: true, value: {
    accountId: 'F12345', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: 'ana.q@example.pe',
    nationalities: ['PE'], address: { countryCode: 'PE', city: 'Lima' },
  } });
  await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }).createPerson(typed);
  assert.deepEqual(await sentBody(), r.value);
});

test('Equals: a trimmed optional box holding only spaces (mobile, persona id) is absent, not a wrong phone or id', async () => {
  const base = { accountId: 'F12345', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: 'ana.q@example.pe' };
  const typed = { ...base, primaryMobileNumber: ' ', createdByPersonaId: '  ', employeeNumber: ' ' };
  const r = validateEqualsPerson(typed);
  assert.deepEqual(r, { ok: true, value: base });
  await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }).createPerson(typed);
  assert.deepEqual(await sentBody(), r.value);
});

test('Equals: an address box left empty is absent too, inside the address', async () => {
  const base = { accountId: 'F12345', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: 'ana.q@example.pe' };
  const typed = { ...base, address: { streetName: '', city: 'Lima', region: '', countryCode: 'pe', postcode: '' } };
  const r = validateEqualsPerson(typed);
  assert.deepEqual(r, { ok: true, value: { ...base, address: { city: 'Lima', countryCode: 'PE' } } });
  assert.deepEqual(typed.address.streetName, '', 'the input is left as it was');
  // An empty country code is a box left empty, not a wrong country.
  assert.deepEqual(validateEqualsPerson({ ...base, address: { countryCode: '', city: 'Lima' } }).value.address, { city: 'Lima' });
  await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }).createPerson(typed);
  assert.deepEqual(await sentBody(), r.value);
});

test('Horus: trimmed, blank optional names and the empty password left out, credentials untouched', async () => {
  const typed = { mainIdentifier: ' 45879632 ', firstName: 'Ana ', additionalFirstName: ' ', lastName: ' Quispe', email: ' ana.h@example.pe', password: '', categoryId: 1, positionId: 1 };
  const r = validateHorusPerson({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...typed });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.deepEqual(r.value, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, mainIdentifier: '45879632', firstName: 'Ana', lastName: 'Quispe', email: 'ana.h@example.pe', categoryId: 1, positionId: 1 });
  await new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).createPerson(typed);
  assert.deepEqual(await sentBody(), r.value);
});

test('Verifik: name trimmed, a lowercase code upper-cased, empty boxes absent', async () => {
  const typed = { name: ' Ana Ñañez ', images: [jpegBase64()], gender: '', date_of_birth: '', nationality: 'co', collections: [' collection_1 '], notes: '' };
  const r = validateVerifikPerson(typed);
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.deepEqual(r.value, { name: 'Ana Ñañez', images: typed.images, nationality: 'CO', collections: ['collection_1'] });
  await new VerifikClient({ token: TOKEN, baseUrl: mock.url }).createPerson(typed);
  assert.deepEqual(await sentBody(), r.value);
});

test('Unicode whitespace is trimmed as Rust trims it, and the value is still the body sent', async () => {
  // U+00A0, U+3000, U+0085 and U+2028 are whitespace; U+FEFF (a BOM) is not, and stays
  // where it is allowed (a job title; a name refuses it, as below).
  const typed = {
    accountId: '\u00a0F12345\u3000', firstName: '\u2028Ana\u0085', lastName: 'Quispe', roleName: 'Viewer',
    emailAddress: '\tana.q@example.pe\n', employeeNumber: '\u00a0', nationalities: [' pe\u0085', 'CO'], address: { countryCode: '\u3000co', city: ' Lima ' }, jobTitle: '\ufeffContadora',
  };
  const r = validateEqualsPerson(typed);
  assert.deepEqual(r, { ok: true, value: {
    accountId: 'F12345', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: 'ana.q@example.pe',
    jobTitle: '\ufeffContadora', nationalities: ['PE', 'CO'], address: { countryCode: 'CO', city: ' Lima ' },
  } });
  // Pasted with a BOM, "Quispe" would be another name to a system that finds people by it.
  assert.deepEqual(validateEqualsPerson({ ...typed, lastName: '\ufeffQuispe' }).errors.map((e) => [e.field, e.code]), [['lastName', 'INVALID_CHARACTERS']]);
  // The steps change the validator's copy, never the caller's object.
  assert.equal(typed.nationalities[0], ' pe\u0085');
  assert.equal(typed.address.countryCode, '\u3000co');
  assert.equal(typed.firstName, '\u2028Ana\u0085');
  await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }).createPerson(typed);
  assert.deepEqual(await sentBody(), r.value);
});

test('every character Rust trims is trimmed in the value too, as the client sends it', async () => {
  // Unicode's White_Space, and three that are not (not trimmed: in an
  // identifier such as employeeNumber they are refused, see INVALID_CHARACTERS).
  const spaces = ['\t', '\n', '\u000b', '\f', '\r', ' ', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'];
  const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url });
  for (const c of [...spaces, '\ufeff', '\u200b', '\u001f']) {
    const typed = { accountId: 'F12345', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: 'ana.q@example.pe', employeeNumber: `${c}948` };
    const r = validateEqualsPerson(typed);
    if (!spaces.includes(c)) {
      assert.deepEqual(r.errors?.map((e) => [e.field, e.code]), [['employeeNumber', 'INVALID_CHARACTERS']], `U+${c.charCodeAt(0).toString(16)}`);
      continue;
    }
    assert.equal(r.ok, true, `U+${c.charCodeAt(0).toString(16)}: ${JSON.stringify(r.errors)}`);
    assert.equal(r.value.employeeNumber, '948', `U+${c.charCodeAt(0).toString(16)}`);
    await mock.reset();
    await client.createPerson(typed);
    assert.deepEqual(await sentBody(), r.value, `U+${c.charCodeAt(0).toString(16)}`);
  }
});

test('what needs no step is handed back as the caller\'s own copy, in field order', () => {
  const images = [jpegBase64()];
  const r = validateVerifikPerson({ images, name: 'Ana' });
  assert.deepEqual(Object.keys(r.value), ['name', 'images']);
  assert.equal(r.value.images[0], images[0]);
});

test('a date typed with spaces around it is the date: trimmed, as names and emails are (audit)', () => {
  const equals = validateEqualsPerson({ accountId: 'F1', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.co', dob: ' 1996-07-17 ' });
  assert.equal(equals.ok, true, JSON.stringify(equals.errors));
  assert.equal(equals.value.dob, '1996-07-17');
  const verifik = validateVerifikPerson({ name: 'Ana', images: [jpegBase64()], date_of_birth: '1996-07-17\t' });
  assert.equal(verifik.ok, true, JSON.stringify(verifik.errors));
  assert.equal(verifik.value.date_of_birth, '1996-07-17');
});
