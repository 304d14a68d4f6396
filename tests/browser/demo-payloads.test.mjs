// www/payloads.js in Node: the form → neutral person the page checks and
// sends, checked with the same table the server uses (no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as personkit from '../../js/node.mjs';
import { toPerson, validateForm, controlFor } from '../../www/payloads.js';
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
  const bare = toPerson({ firstName: 'A', phone: ' ', dob: '' });
  assert.equal('dateOfBirth' in bare || 'phone' in bare || 'photos' in bare, false);
});

test('a valid form has no error; the page checks the three bodies without knowing the server\'s fields', () => {
  const { chosen, errors } = validateForm(form(), personkit.toProviderPayloads);
  assert.deepEqual(chosen, ['verifik', 'equals', 'horus']);
  assert.deepEqual([...errors.keys()], []);
});

test('errors land on the control that caused them, once, naming the systems', () => {
  const { errors } = validateForm(form({ email: 'ana@', dob: '2999-01-01', identityNumber: '', photos: [] }), personkit.toProviderPayloads);
  assert.deepEqual([...errors.keys()].sort(), ['dob', 'email', 'identityNumber', 'photos']);
  assert.equal(errors.get('email').length, 1, 'Equals and Horus share one message');
  assert.deepEqual(errors.get('email')[0].providers, ['equals', 'horus']);
  for (const list of errors.values()) for (const e of list) assert.doesNotMatch(e.message, /client(Id|Secret)|emailAddress|mainIdentifier/);
  // Only the chosen providers are checked.
  const onlyEquals = validateForm(form({ identityNumber: '', photos: [], providers: { equals: true } }), personkit.toProviderPayloads);
  assert.deepEqual([...onlyEquals.errors.keys()], []);
  assert.deepEqual(validateForm(form({ providers: {} }), personkit.toProviderPayloads).errors.has('providers'), true);
});

test('messages are personkit\'s, in the page\'s language (Spanish by default): no wire names; a photo\'s says which photo', () => {
  const bad = form({ email: 'ana@', photos: [{ id: 1, base64: 'QUJD' }] });
  const es = validateForm(bad, personkit.toProviderPayloads).errors;
  assert.equal(es.get('email')[0].message, 'Escribe un correo como nombre@ejemplo.com');
  assert.match(es.get('photos')[0].message, /^La foto 1 /);
  const en = validateForm(bad, personkit.toProviderPayloads, 'en').errors;
  assert.equal(en.get('email')[0].message, 'Enter an email like name@example.com');
  assert.match(en.get('photos')[0].message, /^Photo 1 /);
  for (const list of [...es.values(), ...en.values()]) for (const e of list) assert.doesNotMatch(e.message, /emailAddress|photos\[|dateOfBirth|mainIdentifier/);
  assert.equal(controlFor('photos[2]'), 'photos');
  assert.equal(controlFor('dateOfBirth'), 'dob');
  assert.equal(controlFor('server.roleName'), null);
});
