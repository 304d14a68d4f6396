// www/payloads.js in Node: the form → payload mapping the page validates and
// sends, checked with the real wasm validators (no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as personkit from '../../js/node.mjs';
import { toVerifik, toEquals, toHorus, validateForm as validateIn, controlFor } from '../../www/payloads.js';
import { ANA, PHOTOS } from './demo-helpers.mjs';

/** The page's validation in English (its default is Spanish: see the messages test). */
const validateForm = (f, locale = 'en') => validateIn(f, personkit, locale, 'Choose at least one system');
const all = { verifik: true, equals: true, horus: true };
const photos = () => PHOTOS.map((f) => ({ base64: readFileSync(f).toString('base64') }));
const form = (extra = {}) => ({ ...ANA, equalsAccountId: 'F12345', providers: all, ...extra, photos: extra.photos ?? photos() });

test('the form maps to each provider body with its own field names', () => {
  const f = form({ photos: [{ base64: 'QUJD' }] });
  assert.deepEqual(toVerifik(f), {
    name: 'Ana Ñañez Quispe', images: ['QUJD'], gender: 'F', date_of_birth: '1990-04-12', nationality: 'PE', collections: ['staff'],
  });
  assert.deepEqual(toEquals(f), {
    accountId: 'F12345', firstName: 'Ana', lastName: 'Ñañez Quispe', roleName: 'Viewer', emailAddress: ANA.email,
    dob: '1990-04-12', primaryMobileNumber: '+51987654321', nationalities: ['PE'],
  });
  assert.deepEqual(toHorus(f), {
    mainIdentifier: '45879632', firstName: 'Ana', lastName: 'Ñañez Quispe', email: ANA.email, categoryId: 2, positionId: 3, enabled: 1,
  });
  // Empty boxes go as the form gives them; personkit leaves them out of what is sent.
  const bare = validateForm(form({ phone: ' ', dob: '', nationality: '', gender: '' })).payloads;
  assert.equal('dob' in bare.equals || 'primaryMobileNumber' in bare.equals || 'nationalities' in bare.equals, false);
  assert.equal('gender' in bare.verifik || 'date_of_birth' in bare.verifik, false);
});

test('a valid form gives three bodies; Horus is validated without ever holding credentials', () => {
  const { payloads, errors } = validateForm(form());
  assert.deepEqual([...errors.keys()], []);
  assert.deepEqual(Object.keys(payloads).sort(), ['equals', 'horus', 'verifik']);
  assert.equal('clientId' in payloads.horus || 'clientSecret' in payloads.horus, false);
  assert.equal(payloads.verifik.images.length, 2);
});

test('errors land on the control that caused them, once, naming the systems', () => {
  const { payloads, errors } = validateForm(form({ email: 'ana@', dob: '2999-01-01', identityNumber: '', photos: [] }));
  assert.deepEqual(Object.keys(payloads), []);
  assert.deepEqual([...errors.keys()].sort(), ['dob', 'email', 'identityNumber', 'photos']);
  assert.equal(errors.get('email').length, 1, 'Equals and Horus share one message');
  assert.deepEqual(errors.get('email')[0].providers, ['equals', 'horus']);
  for (const list of errors.values()) for (const e of list) assert.doesNotMatch(e.message, /client(Id|Secret)/);
  // Only the chosen providers are checked.
  const onlyEquals = validateForm(form({ identityNumber: '', photos: [], providers: { equals: true } }));
  assert.deepEqual([...onlyEquals.errors.keys()], []);
  assert.deepEqual(validateForm(form({ providers: {} })).errors.has('providers'), true);
});

test('messages are personkit\'s, in the page\'s language: no wire names; photo errors say which photo', () => {
  const es = validateForm(form({ email: 'ana@', photos: [{ base64: 'QUJD' }] }), 'es').errors;
  assert.deepEqual(es.get('email')[0].message, 'Escribe un correo como nombre@ejemplo.com');
  assert.match(es.get('photos')[0].message, /^La foto 1 /);
  const en = validateForm(form({ email: 'ana@', photos: [{ base64: 'QUJD' }] })).errors;
  assert.deepEqual(en.get('email')[0].message, 'Enter an email like name@example.com');
  assert.match(en.get('photos')[0].message, /^Photo 1 /);
  for (const list of [...es.values(), ...en.values()]) for (const e of list) assert.doesNotMatch(e.message, /emailAddress|images\[|date_of_birth/);
  assert.equal(controlFor('verifik', 'images[2]'), 'photos');
  assert.equal(controlFor('horus', 'clientSecret'), null);
});
