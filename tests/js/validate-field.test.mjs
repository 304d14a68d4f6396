// validateField, for live checks as the user types, agrees with the
// whole-payload check on every case of the table, in both locales: the same
// errors (field, code and text) at the field and under it, and none else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validateVerifikPerson, validateEqualsPerson, validateHorusPerson, validateField, PersonkitError } from 'personkit';

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
