// Issue 3 through the JS API in Node: the same case table the native tests use
// (tests/fixtures/validate_cases.json), plus the inputs JS can hold but JSON cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateVerifikPerson, validateEqualsPerson, validateHorusPerson } from 'personkit';

const table = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8'));
const validators = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };
const key = (e) => `${e.field} ${e.code}`;

test(`every case of the table (${table.cases.length}) gives the same answer through the JS API`, () => {
  for (const c of table.cases) {
    const r = validators[c.provider](c.input);
    if (c.expect.length === 0) {
      assert.equal(r.ok, true, `${c.provider}: ${c.name}: ${JSON.stringify(r.errors)}`);
      assert.deepEqual(r.value, c.value ?? c.input, `${c.provider}: ${c.name}: value is the body sent`);
    } else {
      assert.equal(r.ok, false, `${c.provider}: ${c.name}`);
      assert.deepEqual(r.errors.map(key).sort(), c.expect.map(key).sort(), `${c.provider}: ${c.name}`);
      for (const e of r.errors) assert.ok(e.message.length > 0 && !e.message.endsWith('.'), e.message);
    }
  }
});

test('never throws, whatever JS hands it', () => {
  const cyclic = {}; cyclic.self = cyclic;
  const odd = [undefined, null, 0, NaN, -1, 'x', [], [1], true, () => 1, Symbol('s'), 10n, cyclic,
    new Date(), new Map(), Object.create(null), { name: 10n }, { images: [new Uint8Array(3)] }];
  for (const v of odd) {
    for (const validate of Object.values(validators)) {
      const r = validate(v);
      assert.equal(r.ok, false);
      assert.ok(Array.isArray(r.errors) && r.errors.length > 0);
    }
  }
});

test('undefined properties are left out, as JSON.stringify and fetch would', () => {
  const r = validateHorusPerson({
    clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', mainIdentifier: '44512345', firstName: 'Jane',
    lastName: 'Doe', email: 'jane@example.com', categoryId: 1, positionId: 1, externalId: undefined,
  });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal('externalId' in r.value, false);
});

test('the Horus sample with externaId fails with a hint, and never echoes the secret', () => {
  const r = validateHorusPerson({
    clientId: 'bb145d5f', clientSecret: 'super-secret-value', mainIdentifier: '44512345', externaId: '92dd9aa0',
    firstName: 'Jane', lastName: 'Doe', email: 'not-an-email', password: 'hunter2hunter2',
    enabled: 1, custom: '{"key":"value"}', categoryId: 1, positionId: 1,
  });
  assert.equal(r.ok, false);
  const hint = r.errors.find((e) => e.field === 'externaId');
  assert.equal(hint.code, 'UNKNOWN_FIELD');
  assert.match(hint.message, /did you mean external code\?/);
  const all = JSON.stringify(r);
  assert.ok(!all.includes('super-secret-value') && !all.includes('hunter2'));
});

test('Peruvian names are valid Unicode; lengths count characters', () => {
  const r = validateEqualsPerson({
    accountId: 'F12345', firstName: 'Ñañez', lastName: 'Quispe Ñahui', roleName: 'Viewer',
    emailAddress: 'n.quispe@example.pe', jobTitle: 'ñ'.repeat(256),
  });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  const long = validateEqualsPerson({
    accountId: 'F12345', firstName: 'Ñañez', lastName: 'Quispe', roleName: 'Viewer',
    emailAddress: 'n.quispe@example.pe', jobTitle: 'ñ'.repeat(257),
  });
  assert.deepEqual(long.errors.map(key), ['jobTitle TOO_LONG']);
});
