// validateField, for live checks as the user types, agrees with the
// whole-payload check on every case of the table, in both locales: the same
// errors (field, code and text) at the field and under it, and none else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validateVerifikPerson, validateEqualsPerson, validateHorusPerson, validateField, toProviderPayloads, errorsByField, PersonkitError } from 'personkit';

const table = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8'));
const validators = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };
const top = (path) => path.split(/[[.]/)[0];
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

test(`validateField agrees with the whole-payload check on every case (${table.cases.length}), in both locales`, () => {
  let checked = 0;
  for (const c of table.cases) {
    if (!isObject(c.input)) continue;
    for (const locale of ['en', 'es']) {
      const whole = validators[c.provider](c.input, { locale });
      const wholeErrors = whole.ok ? [] : whole.errors;
      // Every field the payload has, and every field the whole check names (a missing required one too).
      const names = new Set([...Object.keys(c.input), ...wholeErrors.map((e) => top(e.field)).filter(Boolean)]);
      for (const field of names) {
        const one = validateField(c.provider, field, c.input[field], { locale });
        const expected = wholeErrors.filter((e) => top(e.field) === field && (e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`)));
        assert.deepEqual(one.ok ? [] : one.errors, expected, `${c.provider}: ${c.name}: ${field} (${locale})`);
        assert.equal(one.ok, expected.length === 0);
        checked++;
      }
    }
  }
  assert.ok(checked > 500, `${checked} fields checked`);
});

test('validateField: the accepted value, an unknown field with its hint, an unknown provider refused', () => {
  assert.deepEqual(validateField('horus', 'categoryId', 3), { ok: true, value: 3 });
  assert.deepEqual(validateField('equals', 'emailAddress', ' ana@example.pe '), { ok: true, value: 'ana@example.pe' });
  assert.deepEqual(validateField('equals', 'dob', ''), { ok: true, value: undefined });
  assert.deepEqual(validateField('equals', 'nationalities', ['pe']), { ok: true, value: ['PE'] });
  const typo = validateField('equals', 'email', 'ana@example.pe', { locale: 'es' });
  assert.deepEqual(typo.errors.map((e) => e.code), ['UNKNOWN_FIELD']);
  assert.match(typo.errors[0].message, /correo electrónico/);
  assert.deepEqual(validateField('verifik', 'name', undefined).errors.map((e) => e.code), ['NAME_REQUIRED']);
  // A member of an object, as a form box holds it: `address.city`.
  assert.deepEqual(validateField('equals', 'address.countryCode', 'pe'), { ok: true, value: 'PE' });
  assert.deepEqual(validateField('equals', 'address.city', ''), { ok: true, value: undefined });
  assert.deepEqual(validateField('equals', 'address.countryCode', 'XX').errors.map((e) => [e.field, e.code]), [['address.countryCode', 'INVALID_COUNTRY']]);
  assert.deepEqual(validateField('equals', 'address.street', 'Av. Lima').errors.map((e) => [e.field, e.code]), [['address.street', 'UNKNOWN_FIELD']]);
  assert.deepEqual(validateField('equals', 'adress.city', 'Lima').errors.map((e) => [e.field, e.code]), [['adress', 'UNKNOWN_FIELD']]);
  assert.throws(() => validateField('stripe', 'name', 'x'), (e) => e instanceof PersonkitError && e.code === 'INVALID_OPTIONS' && e.field === 'provider');
  assert.throws(() => validateField('equals', 5, 'x'), (e) => e instanceof PersonkitError && e.code === 'INVALID_OPTIONS' && e.field === 'field');
});

test('a refused validateField leaves nothing behind: the Rust stack where it was, the next calls as before', () => {
  // The wasm instance's stack mark, from the snippet the package loads (as tests/js/hostile.test.mjs reads it).
  const snippets = new URL('../../pkg/node/snippets/', import.meta.url);
  const convert = createRequire(import.meta.url)(new URL(`${readdirSync(snippets)[0]}/src/wasm/convert.js`, snippets).pathname);
  const mark = () => { validateVerifikPerson({}); return convert.wasmState().stackMark; };
  const before = mark();
  for (let i = 0; i < 1000; i++) assert.throws(() => validateField(i % 2 ? 'stripe' : 'equals', i % 2 ? 'name' : Symbol('x'), 'x'));
  assert.equal(mark(), before);
  assert.deepEqual(validateField('equals', 'emailAddress', ' ana@example.pe '), { ok: true, value: 'ana@example.pe' });
});

// The neutral person's fields: each value below, at its field of a person
// otherwise valid, against every provider, compared with the whole-person
// check (toProviderPayloads) in both locales.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const standIn = { firstName: 'A', lastName: 'A', email: 'a@example.com', identityNumber: '1', photos: [PNG] };
const personValues = {
  firstName: [' Ana ', '', undefined, null, 5, 'x'.repeat(300), 'Ana\u200b'],
  lastName: ['Ñañez Quispe', ' ', 'x'.repeat(300)],
  email: [' ana@example.pe ', 'nope', '', `${'a'.repeat(65)}@example.pe`, 'ana@example.pe\u200b'],
  phone: ['+51 987 654 321', '', 'abc', '12'],
  dateOfBirth: ['1990-12-04', '', '2999-01-01', '1990-13-01', 19901204],
  gender: ['F', 'M', 'X', ''],
  nationality: ['pe', 'PE', 'Peruana', 'XX', ''],
  identityNumber: [' 45879632 ', '', undefined, 'x'.repeat(300)],
  photos: [[PNG], [PNG, PNG, PNG, PNG], [], ['not base64'], 'abc', null],
  extras: [{ equals: { jobTitle: 'Chef' } }, { equals: { roleName: 'Owner' } }, { horus: { externalId: 'e-1' } }, { stripe: {} }, 5],
  mail: ['ana@example.pe'],
};
const every = { verifik: true, equals: true, horus: true };

test('validateField(\'person\', …) agrees with toProviderPayloads on every value, in both locales', () => {
  let checked = 0;
  for (const [field, values] of Object.entries(personValues)) {
    for (const value of values) {
      for (const locale of ['en', 'es']) {
        const whole = toProviderPayloads({ ...standIn, [field]: value }, every, { locale });
        const expected = whole.ok ? [] : whole.errors.filter((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`));
        const one = validateField('person', field, value, { locale });
        const label = `${field} = ${JSON.stringify(value)} (${locale})`;
        assert.deepEqual(one.ok ? [] : one.errors, expected, label);
        assert.equal(one.ok, expected.length === 0, label);
        checked++;
      }
    }
  }
  assert.ok(checked > 90, `${checked} values checked`);
});

test('validateField(\'person\', …): the value as sent, the chosen providers, a bad serverFields refused', () => {
  assert.deepEqual(validateField('person', 'email', ' ana@example.pe '), { ok: true, value: 'ana@example.pe' });
  assert.deepEqual(validateField('person', 'nationality', 'pe'), { ok: true, value: 'PE' });
  assert.deepEqual(validateField('person', 'phone', ''), { ok: true, value: undefined });
  assert.deepEqual(validateField('person', 'extras', { equals: { jobTitle: 'Chef' } }), { ok: true, value: { equals: { jobTitle: 'Chef' } } });
  // Only Verifik chosen: no identity number is needed, and the name's part is as joined.
  assert.deepEqual(validateField('person', 'identityNumber', '', { serverFields: { verifik: true } }), { ok: true, value: undefined });
  assert.deepEqual(validateField('person', 'firstName', ' Ana ', { serverFields: { verifik: true } }), { ok: true, value: 'Ana' });
  assert.deepEqual(validateField('person', 'identityNumber', '', { serverFields: { horus: true } }).errors.map((e) => e.code), ['EMPTY']);
  const two = validateField('person', 'email', 'nope', { locale: 'es' });
  assert.deepEqual(two.errors.map((e) => e.provider), ['equals', 'horus']);
  assert.deepEqual(errorsByField(two), { email: ['Escribe un correo como nombre@ejemplo.com'] }, 'the same words once');
  assert.throws(() => validateField('person', 'email', 'a@b.pe', { serverFields: 5 }), (e) => e instanceof PersonkitError && e.code === 'INVALID_OPTIONS' && e.field === 'serverFields');
  assert.throws(() => validateField('image', 'email', 'x'), (e) => e instanceof PersonkitError && e.field === 'provider');
});

test('toProviderPayloads gives the bodies as they are sent: trimmed, upper-cased, blanks left out', () => {
  const r = toProviderPayloads({ firstName: ' Ana ', lastName: 'Ñañez', email: ' ana@example.pe ', phone: '', nationality: 'pe', identityNumber: ' 45879632 ' }, { equals: true, horus: true });
  assert.deepEqual(r, { ok: true, value: {
    equals: { firstName: 'Ana', lastName: 'Ñañez', emailAddress: 'ana@example.pe', nationalities: ['PE'] },
    horus: { firstName: 'Ana', lastName: 'Ñañez', email: 'ana@example.pe', mainIdentifier: '45879632' },
  } });
});

test('a value the whole check cannot read (a BigInt, a lone surrogate, a cycle) is refused at its field, as the whole check refuses it', () => {
  const cycle = {};
  cycle.self = cycle;
  for (const [provider, field, value] of [['equals', 'firstName', 5n], ['equals', 'firstName', '\uD800'], ['equals', 'address', cycle], ['horus', 'email', 1n]]) {
    const r = validateField(provider, field, value);
    assert.equal(r.ok, false, `${provider}.${field}`);
    assert.deepEqual(r.errors.map((e) => [e.field, e.code]), [[field, 'INVALID_TYPE']]);
  }
  assert.equal(validateField('equals', 'firstName', 5n, { locale: 'es' }).errors[0].message, 'No se pudo leer el nombre');
  assert.equal(validateField('equals', 'firstName', 5n, { messages: { firstName: 'Mío' } }).errors[0].message, 'Mío');
  assert.deepEqual(validateField('equals', 'firstName', 'Ana'), { ok: true, value: 'Ana' });
  // The neutral person's fields too, worded as toProviderPayloads words them.
  for (const value of [10n, '\uD800', cycle]) {
    const one = validateField('person', 'lastName', value);
    const whole = toProviderPayloads({ ...standIn, lastName: value }, every);
    assert.deepEqual(one.errors, whole.errors);
    assert.deepEqual(one.errors, [{ field: 'lastName', code: 'INVALID_TYPE', message: 'Last name could not be read' }]);
  }
  assert.deepEqual(validateField('person', 'nick', 10n).errors.map((e) => e.code), ['UNKNOWN_FIELD']);
});

// A list's item, as the whole check names it (`images[1]`): checked with valid
// items before it, its own errors only (audit: these names were refused as
// unknown fields, though the whole check reports errors at them).
test('one item of a list: images[1], nationalities[0], collections[2], photos[0]', () => {
  const jpeg = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url)).toString('base64');
  const bad = validateField('verifik', 'images[1]', 'abc', { locale: 'es' });
  assert.deepEqual(bad.errors.map((e) => [e.field, e.code, e.message]), [['images[1]', 'INVALID_BASE64', 'La foto 2 no se pudo leer: vuelve a subirla']]);
  assert.deepEqual(validateField('verifik', 'images[0]', jpeg), { ok: true, value: jpeg });
  assert.deepEqual(validateField('verifik', 'images[3]', jpeg).errors.map((e) => [e.field, e.code]), [['images', 'TOO_MANY']]);
  assert.deepEqual(validateField('equals', 'nationalities[0]', ' pe '), { ok: true, value: 'PE' });
  assert.deepEqual(validateField('equals', 'nationalities[0]', 'xx').errors.map((e) => [e.field, e.code]), [['nationalities[0]', 'INVALID_COUNTRY']]);
  assert.deepEqual(validateField('verifik', 'collections[2]', '  ').errors.map((e) => [e.field, e.code]), [['collections[2]', 'EMPTY']]);
  assert.equal(validateField('person', 'photos[0]', 'abc').errors[0].field, 'photos[0]');
  // The same as the whole check, for each of these.
  const whole = validateVerifikPerson({ name: 'A', images: [jpeg, 'abc'] }, { locale: 'es' }).errors.filter((e) => e.field === 'images[1]');
  assert.deepEqual(bad.errors, whole);
});

// Forms audit: a box left empty is absent for every provider it fills. An
// empty nationality reached Equals as `nationalities: [""]` and was refused
// as a wrong country code, while Verifik left it out; a first name of only a
// zero-width space (EMPTY for Equals and Horus) reached Verifik's `name` as
// an invisible character in front of the last name.
test('the neutral person: an empty nationality and an invisible-only first name are left out, as empty boxes', () => {
  const person = { ...standIn, firstName: 'Ana', lastName: 'Quispe' };
  for (const nationality of ['', '   ']) {
    const only = toProviderPayloads({ ...person, nationality }, { equals: true });
    assert.equal(only.ok, true, JSON.stringify(only.errors));
    assert.equal('nationalities' in only.value.equals, false);
    assert.deepEqual(validateField('person', 'nationality', nationality, { serverFields: { equals: true } }), { ok: true, value: undefined });
  }
  const empty = toProviderPayloads({ ...person, nationality: '' }, every);
  assert.equal(empty.ok, true, JSON.stringify(empty.errors));
  assert.equal('nationalities' in empty.value.equals, false);
  assert.equal('nationality' in empty.value.verifik, false);
  assert.deepEqual(validateField('person', 'nationality', ''), { ok: true, value: undefined });
  // Verifik's name is "first last", blanks left out: a zero-width space alone is blank.
  const faces = toProviderPayloads({ ...person, firstName: '\u200b' }, { verifik: true });
  assert.equal(faces.value.verifik.name, 'Quispe');
  assert.deepEqual(validateField('person', 'firstName', '\u200b', { serverFields: { verifik: true } }), { ok: true, value: undefined });
  const none = toProviderPayloads({ ...person, firstName: '\u200b', lastName: '\u2060 ' }, { verifik: true });
  assert.deepEqual(none.errors.map((e) => [e.field, e.code]), [['firstName', 'NAME_REQUIRED']]);
});

test('validateField: an item written with a leading zero (images[01]) is no item, and not accepted', () => {
  for (const [provider, field] of [['verifik', 'images[01]'], ['person', 'photos[01]'], ['horus', 'nationalities[00]']]) {
    const r = validateField(provider, field, 'abc');
    assert.equal(r.ok, false, field);
    assert.deepEqual(r.errors.map((e) => [e.field, e.code]), [[field, 'UNKNOWN_FIELD']]);
  }
  assert.equal(validateField('verifik', 'images[0]', 'abc').errors[0].code, 'INVALID_BASE64');
});
