// www/payloads.js in Node: the form → neutral person the page checks and
// sends, checked with the same table the server uses (no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as personkit from '../../js/node.mjs';
import { toPerson, validateForm } from '../../www/payloads.js';
import { ANA, PHOTOS } from './demo-helpers.mjs';

const all = { verifik: true, equals: true, horus: true };
const photos = () => PHOTOS.map((f, id) => ({ id, base64: readFileSync(f).toString('base64'), file: { name: f } }));
const form = (extra = {}) => ({ ...ANA, providers: all, ...extra, photos: extra.photos ?? photos() });

test('the form maps to the neutral person: no server-owned field, files to send and base64 to check', () => {
  const f = form({ photos: [{ id: 1, base64: 'QUJD', file: 'the-file' }] });
  assert.deepEqual(toPerson(f), {
    firstName: 'Ana', lastName: 'Ñañez Quispe', email: ANA.email, phone: '+51987654321', dateOfBirth: '1990-04-12',
    gender: 'F', nationality: 'PE', identityNumber: '45879632', photos: ['QUJD'],
  });
  assert.deepEqual(toPerson(f, 'send').photos, ['the-file']);
  // Empty optional fields stay absent rather than being sent as "".
  const bare = toPerson({ firstName: 'A', phone: ' ', dateOfBirth: '' });
  assert.equal('dateOfBirth' in bare || 'phone' in bare || 'photos' in bare, false);
});

test('a valid form has no error; the page checks the three bodies without knowing the server\'s fields', () => {
  const { chosen, errors } = validateForm(form(), personkit);
  assert.deepEqual(chosen, ['verifik', 'equals', 'horus']);
  assert.deepEqual([...errors.keys()], []);
});

test('errors land on the control named by their neutral field, once (personkit\'s errorsByField)', () => {
  const bad = form({ email: 'ana@', dateOfBirth: '2999-01-01', identityNumber: '', photos: [] });
  const { errors } = validateForm(bad, personkit);
  assert.deepEqual([...errors.keys()].sort(), ['dateOfBirth', 'email', 'identityNumber', 'photos']);
  assert.deepEqual(errors.get('email'), ['Escribe un correo como nombre@ejemplo.com'], 'Equals and Horus share one message');
  // The same lists errorsByField gives for the same check: the page adds no mapping of its own.
  const byField = personkit.errorsByField(personkit.toProviderPayloads(toPerson(bad), all, { locale: 'es' }));
  for (const [control, list] of errors) assert.deepEqual(list, byField[control], control);
  for (const list of errors.values()) for (const m of list) assert.doesNotMatch(m, /client(Id|Secret)|emailAddress|mainIdentifier/);
  // Only the chosen providers are checked.
  const onlyEquals = validateForm(form({ identityNumber: '', photos: [], providers: { equals: true } }), personkit);
  assert.deepEqual([...onlyEquals.errors.keys()], []);
  assert.deepEqual(validateForm(form({ providers: {} }), personkit, 'en', 'Choose one').errors.get('providers'), ['Choose one']);
});

test('messages are personkit\'s, in the page\'s language (Spanish by default): no wire names; a photo\'s says which photo', () => {
  const bad = form({ email: 'ana@', photos: [{ id: 1, base64: 'QUJD' }] });
  const es = validateForm(bad, personkit).errors;
  assert.equal(es.get('email')[0], 'Escribe un correo como nombre@ejemplo.com');
  assert.match(es.get('photos')[0], /^La foto 1 /, 'photos[0] lands on the photos control');
  const en = validateForm(bad, personkit, 'en').errors;
  assert.equal(en.get('email')[0], 'Enter an email like name@example.com');
  assert.match(en.get('photos')[0], /^Photo 1 /);
  for (const list of [...es.values(), ...en.values()]) for (const m of list) assert.doesNotMatch(m, /emailAddress|photos\[|dateOfBirth|mainIdentifier/);
});

test('the page\'s own words exist in both its languages', async () => {
  const { TEXT, LANGUAGES } = await import('../../www/i18n.js');
  assert.deepEqual(Object.keys(TEXT), LANGUAGES);
  assert.deepEqual(Object.keys(TEXT.en).sort(), Object.keys(TEXT.es).sort());
  for (const l of LANGUAGES) for (const [k, v] of Object.entries(TEXT[l])) assert.ok(typeof v === 'string' && v.trim() !== '', `${l} ${k}`);
});
