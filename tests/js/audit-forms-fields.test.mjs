// Forms audit, second pass (session 44): one field at a time against the
// whole check, form inputs as absent, and errors a form can always show.
// Each test failed before its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateVerifikPerson, validateEqualsPerson, validateField, toProviderPayloads, mapPerson, errorsByField, encodeImage,
} from 'personkit';
import { jpegBase64 } from './helpers.mjs';

const JPEG = jpegBase64();
const person = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', identityNumber: '45879632', photos: [JPEG] };
const equals = { accountId: 'A', firstName: 'A', lastName: 'A', roleName: 'Viewer', emailAddress: 'a@example.com' };
const es = { locale: 'es' };

test('validateField: an item of a list the provider does not have is UNKNOWN_FIELD at the list, as the whole check says', () => {
  const whole = validateVerifikPerson({ name: 'A', images: [JPEG], nationalities: ['xx'] }, es);
  assert.deepEqual(validateField('verifik', 'nationalities[0]', 'xx', es), { ok: false, errors: whole.errors });
  for (const [provider, field] of [['equals', 'images[0]'], ['horus', 'collections[0]'], ['equals', 'photos[0]'], ['person', 'images[0]'], ['person', 'nationalities[0]']]) {
    const r = validateField(provider, field, 'x');
    assert.equal(r.ok, false, `${provider} ${field}`);
    assert.deepEqual(r.errors.map((e) => [e.field, e.code]), [[field.split('[')[0], 'UNKNOWN_FIELD']], `${provider} ${field}`);
  }
});

test('validateField(\'person\', …): a member of a text field or of no provider is refused where the whole check refuses it', () => {
  for (const [field, at, code] of [['firstName.x', 'firstName', 'INVALID_TYPE'], ['extras.nope.x', 'extras.nope', 'UNKNOWN_FIELD'], ['server.roleName', 'server', 'UNKNOWN_FIELD']]) {
    const r = validateField('person', field, 'xx');
    assert.equal(r.ok, false, field);
    assert.deepEqual(r.errors.map((e) => [e.field, e.code]), [[at, code]], field);
  }
});

test('validateField(\'person\', \'extras.<provider>.<member>\', …): value is the member as the body sends it', () => {
  const cases = [
    ['extras.equals.employeeNumber', ' 948 ', '948'],
    ['extras.equals.address.countryCode', ' pe ', 'PE'],
    ['extras.equals.locale', ' es-PE ', 'es-PE'],
    ['extras.horus.externalId', ' 92dd ', '92dd'],
  ];
  for (const [field, typed, sent] of cases) {
    assert.deepEqual(validateField('person', field, typed), { ok: true, value: sent }, field);
    // The same as the body toProviderPayloads gives.
    const [, provider, ...path] = field.split('.');
    const extras = { [provider]: path.reduceRight((v, k) => ({ [k]: v }), typed) };
    const body = toProviderPayloads({ ...person, extras }, { [provider]: true }).value[provider];
    assert.equal(path.reduce((v, k) => v[k], body), sent, field);
  }
  assert.deepEqual(validateField('person', 'extras.equals', { employeeNumber: ' 948 ' }), { ok: true, value: { employeeNumber: '948' } });
});

test('README step 1: "" in an optional list or group of fields is absent, as in a text field', () => {
  for (const member of ['nationalities', 'address', 'locale', 'customerIp']) {
    const r = validateEqualsPerson({ ...equals, [member]: '' });
    assert.deepEqual(r, { ok: true, value: equals }, member);
  }
  // The person's photos and extras: absent; Verifik then asks for a photo, as for a missing one.
  const { photos, ...noPhotos } = person;
  for (const [key, value] of [['photos', ''], ['extras', ''], ['extras', { equals: '' }]]) {
    const r = toProviderPayloads({ ...noPhotos, [key]: value }, { equals: true, horus: true });
    assert.equal(r.ok, true, `${key} ${JSON.stringify(value)}: ${JSON.stringify(r.errors)}`);
  }
  const v = toProviderPayloads({ ...noPhotos, photos: '' }, { verifik: true }, es);
  assert.deepEqual(v.errors.map((e) => [e.field, e.code, e.message]), [['photos', 'REQUIRED', 'Agrega al menos una foto']]);
  assert.equal(photos.length, 1);
});

test('README step 2: Equals\' locale and customerIp are trimmed as the other codes; blank is absent', () => {
  const r = validateEqualsPerson({ ...equals, locale: ' es-PE ', customerIp: ' 203.0.113.7 ' });
  assert.deepEqual(r, { ok: true, value: { ...equals, customerIp: '203.0.113.7', locale: 'es-PE' } });
  assert.deepEqual(validateEqualsPerson({ ...equals, locale: '  ' }), { ok: true, value: equals });
  assert.deepEqual(validateField('equals', 'locale', ' en-GB '), { ok: true, value: 'en-GB' });
});

test('phone numbers as people paste them: no-break spaces, Unicode hyphens, (+51)', () => {
  for (const phone of ['+51\u00a0987\u00a0654\u00a0321', '(+51) 987 654 321', '+51 987\u2011654\u2011321']) {
    assert.deepEqual(validateField('equals', 'primaryMobileNumber', phone), { ok: true, value: phone }, phone);
    assert.equal(validateField('person', 'phone', phone).ok, true, phone);
  }
  assert.equal(validateField('equals', 'primaryMobileNumber', '(+) 987 654 321').ok, false);
});

test('validateField on a list with more than 100 bad items gives its items\' errors and "and N more", not TOO_MANY', () => {
  const list = Array.from({ length: 150 }, () => 'xx');
  const whole = validateEqualsPerson({ ...equals, nationalities: list }, es);
  assert.equal(whole.errors.length, 101);
  const r = validateField('equals', 'nationalities', list, es);
  assert.deepEqual(r, { ok: false, errors: whole.errors });
  assert.equal(r.errors[0].code, 'INVALID_COUNTRY');
});

test('the neutral nationality is worded for every system it fills: a code, not Verifik\'s "or a name" that Equals refuses', () => {
  for (const locale of ['es', 'en']) {
    const r = toProviderPayloads({ ...person, nationality: 'xx' }, { verifik: true, equals: true }, { locale });
    assert.deepEqual(r.errors.map((e) => e.provider), ['verifik', 'equals']);
    const byField = errorsByField(r);
    assert.equal(byField.nationality.length, 1, JSON.stringify(byField));
    assert.doesNotMatch(byField.nationality[0], /nombre|name/, byField.nationality[0]);
  }
  // The Verifik validator itself still says a name will do: Verifik takes one.
  assert.match(validateVerifikPerson({ name: 'A', images: [JPEG], nationality: 'xx' }, es).errors[0].message, /nombre \(peruana\)/);
});

test('mapPerson speaks the locale it is given, as toProviderPayloads does', () => {
  const r = mapPerson({ firstName: 5, lastName: 'B', email: 'a@b.co', extras: { horus: 3 } }, { horus: true }, es);
  assert.deepEqual(errorsByField(r), {
    firstName: ['Escribe el nombre como texto'],
    'extras.horus': ['Los datos adicionales de Horus deben ser un grupo de campos'],
  });
});

test('errorsByField of a PersonkitError with no field errors (encodeImage\'s) gives its message, not {}', async () => {
  const err = await encodeImage(new TextEncoder().encode('not an image')).catch((e) => e);
  assert.equal(err.code, 'INVALID_IMAGE_FORMAT');
  assert.deepEqual(err.errors, []);
  assert.deepEqual(errorsByField(err), { [err.field ?? '']: [err.message] });
});
