// The validators read JS values with a walk in JS (src/wasm/convert.js), not
// through JSON text. Whatever the input, the answer must be the one for the
// JSON that JSON.stringify (and so fetch) would send: same errors, same
// accepted body, same key order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateVerifikPerson, validateEqualsPerson, validateHorusPerson } from 'personkit';

const validators = [validateVerifikPerson, validateEqualsPerson, validateHorusPerson];
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const nest = (n, wrap) => { let v = {}; for (let i = 0; i < n; i++) v = wrap(v); return v; };
const horus = { clientId: 'a', clientSecret: 'b', mainIdentifier: 'c', firstName: 'd', lastName: 'e', email: 'a@b.cd', categoryId: 1, positionId: 2 };
const equals = { accountId: 'F1', firstName: 'A', lastName: 'B', roleName: 'User', emailAddress: 'a@b.cd' };

const inputs = [
  undefined, null, 0, -0, NaN, Infinity, -1, 1e21, 2 ** 60, 'x', [], [1], true,
  new Date(0), new Map(), Object.create(null), { images: [new Uint8Array(3)] },
  nest(60, (v) => ({ a: v })), nest(70, (v) => ({ a: v })), nest(200, (v) => [v]), nest(126, (v) => [v]),
  { name: 'A', images: [png], notes: '\ud800' },
  { name: 'A', images: [png], notes: `${'x'.repeat(300)}\udc00` },
  { name: 'Ñañez 😀', images: [png], notes: 'é'.repeat(400) },
  // Long strings are copied into room for ASCII first, then the rest: a
  // character of two units that does not fit at the end, and one of four bytes each.
  { name: 'A', images: [png], notes: `${'x'.repeat(299)}😀` },
  { name: 'A', images: [png], notes: '😀'.repeat(200) },
  { name: 'A', images: [`${png}é`.padEnd(600, 'é')] },
  { name: new String('A'), images: [png] },
  { name: 'A', images: [png], toJSON() { return { name: 'B', images: [png] }; } },
  { name: 'A', images: [png, undefined] },
  { name: 'A', images: [png], collections: [NaN, null, () => 1] },
  { name: 'A', images: [png], gender: undefined, notes: () => 1 },
  // toJSON that gives nothing to write: JSON.stringify leaves the key out (here mid-payload, nested, unknown)
  { name: 'A', notes: { toJSON: () => undefined }, images: [png], gender: 'F' },
  { name: 'A', images: [png, { toJSON: () => undefined }] },
  { ...horus, custom: { toJSON: () => () => 1 }, categoryId: 1 },
  { ...equals, address: { city: { toJSON: () => undefined }, countryCode: 'GB' } },
  { name: 'A', images: [png], clientId: { toJSON: () => undefined } },
  { name: 'A', images: [png], clientId: { toJSON: () => Symbol('s') }, bogus: { toJSON: () => 1 } },
  { ...horus, categoryId: -0, enabled: -0 },
  ...[1e21, 2 ** 64, 2 ** 63, -(2 ** 63), -(2 ** 63) - 4096, 2 ** 53 + 2, 1.5, -1].map((enabled) => ({ ...horus, enabled })),
  { __proto__: { name: 'inherited' } },
  JSON.parse('{"__proto__": {"x": 1}, "name": "A", "images": []}'),
  new Proxy({ name: 'A', images: [png] }, {}),
  { ...equals, dob: NaN, jobTitle: null, primaryMobileNumber: undefined },
  Object.fromEntries(Object.entries({ ...equals, sendInvite: false }).reverse()),
  { ...equals, nationalities: ['GB', 'PE'], emailTheme: 'em-dark' },
];

const table = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8'));
// The table's inputs again, with their keys in reverse order.
const reversed = table.cases.map((c) => (c.input && typeof c.input === 'object' && !Array.isArray(c.input)
  ? Object.fromEntries(Object.entries(c.input).reverse()) : c.input));

test('every input gives the answer of its JSON.stringify text', () => {
  for (const input of [...inputs, ...table.cases.map((c) => c.input), ...reversed]) {
    let text;
    try {
      text = JSON.stringify(input);
    } catch {
      text = null; // bigints, cycles: checked below
    }
    for (const validate of validators) {
      const got = validate(input);
      if (text === null) continue;
      const want = validate(text === undefined ? null : JSON.parse(text));
      assert.equal(JSON.stringify(got), JSON.stringify(want), `${validate.name}: ${String(text).slice(0, 80)}`);
    }
  }
});

test('what JSON cannot hold is one INVALID_TYPE for the payload, never a throw', () => {
  for (const input of [10n, { toJSON() { throw new Error('no'); } }, ['\ud800']]) {
    for (const validate of validators) {
      assert.deepEqual(validate(input).errors.map((e) => `${e.field} ${e.code}`), [' INVALID_TYPE']);
    }
  }
  // an undocumented field is refused for its name: its value is not read
  assert.deepEqual(validateEqualsPerson({ name: 10n }).errors[0], validateEqualsPerson({ name: 1 }).errors[0]);
  // an undocumented key that is not well formed cannot be named: the payload is refused
  assert.deepEqual(validateVerifikPerson({ name: 'A', images: [png], '\ud800': 1 }).errors.map((e) => `${e.field} ${e.code}`), [' INVALID_TYPE']);
});

// A form's one unreadable field (a BigInt, a lone surrogate from text cut in
// the middle of an emoji, a cycle, a getter that throws) must not hide the
// other fields' problems: it is reported at its field, and the rest is checked.
test('a documented field JSON cannot hold is INVALID_TYPE at that field, and the other fields are still checked', () => {
  const cyclic = { name: 'A', images: [png] }; cyclic.notes = cyclic;
  const cases = [
    [{ name: 10n, images: [], gender: 'Q' }, 'name', ['images TOO_FEW', 'gender NOT_ONE_OF']],
    [{ name: 'Ana \ud83d', images: [png], gender: 'Q' }, 'name', ['gender NOT_ONE_OF']],
    [{ name: 'Ana', images: [png, '\udc00'], gender: 'Q' }, 'images', ['gender NOT_ONE_OF']],
    [{ name: 'Ana', images: [png], collections: ['ok', `${'x'.repeat(300)}\ud800`], gender: 'Q' }, 'collections', ['gender NOT_ONE_OF']],
    [{ name: 'Ana', images: [png, 10n], gender: 'Q' }, 'images', ['gender NOT_ONE_OF']],
    [cyclic, 'notes', []],
    [{ get name() { throw new Error('boom'); }, images: [], gender: 'Q' }, 'name', ['images TOO_FEW', 'gender NOT_ONE_OF']],
    [Object.create(Object.prototype, { name: { get() { throw new Error('x'); }, enumerable: true }, gender: { value: 'Q', enumerable: true } }), 'name', ['images REQUIRED', 'gender NOT_ONE_OF']],
  ];
  for (const [input, field, others] of cases) {
    const r = validateVerifikPerson(input);
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors.map((e) => `${e.field} ${e.code}`), [`${field} INVALID_TYPE`, ...others], field);
    assert.match(r.errors[0].message, /could not be read/);
  }
  assert.equal(validateVerifikPerson({ name: 10n, images: [png] }, { locale: 'es' }).errors[0].message, 'No se pudo leer el nombre completo');
  // Rules that pass without the field still fail the payload: nothing unread is accepted.
  assert.deepEqual(validateEqualsPerson({ ...equals, middleName: undefined, jobTitle: 10n }).errors.map((e) => `${e.field} ${e.code}`), ['jobTitle INVALID_TYPE']);
  assert.deepEqual(validateHorusPerson({ ...horus, custom: { a: 1n } }).errors.map((e) => `${e.field} ${e.code}`), ['custom INVALID_TYPE']);
  // The same input read twice gives the same answer (the walk's state is reset).
  const again = { ...equals, firstName: '\ud800', emailAddress: 'bad' };
  assert.deepEqual(validateEqualsPerson(again), validateEqualsPerson(again));
  assert.deepEqual(validateEqualsPerson(again).errors.map((e) => `${e.field} ${e.code}`), ['firstName INVALID_TYPE', 'emailAddress INVALID_EMAIL']);
  assert.equal(validateEqualsPerson(equals).ok, true, 'the next walk starts clean');
});

test('an accepted body is a fresh object in field order, with the caller\'s strings', () => {
  const input = { images: [png], name: 'Ñañez' };
  const r = validateVerifikPerson(input);
  assert.equal(r.ok, true);
  assert.deepEqual(Object.keys(r.value), ['name', 'images']);
  assert.notEqual(r.value.images, input.images);
  input.images.push('changed later');
  assert.deepEqual(r.value.images, [png]);
});

// Errors come back through Rust's scratch buffers (indexes for documented
// names and codes, UTF-16 lengths for the rest), or as one packed string
// when there are too many for them: both roads must give the same errors.
test('errors come back whole: names in any script, and more than the shared buffers hold', () => {
  // The rule's own text is what crosses the buffers; `messages` hands it to a function as `detail`.
  const rules = { messages: ({ detail }) => detail };
  const odd = validateVerifikPerson({ '\uFEFFname': 1, 'ñandú😀': 2, images: [] }, rules);
  assert.deepEqual(odd.errors.map((e) => [e.field, e.code]), [
    ['\uFEFFname', 'UNKNOWN_FIELD'], ['ñandú😀', 'UNKNOWN_FIELD'], ['name', 'NAME_REQUIRED'], ['images', 'TOO_FEW'],
  ]);
  assert.match(odd.errors[1].message, /"ñandú😀"/);

  // The list stops at 100 errors, then one says how many more there were.
  const many = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`extra${i}é`, i]));
  const big = validateEqualsPerson(many, rules);
  const few = validateEqualsPerson(Object.fromEntries(Object.entries(many).slice(0, 2)), rules);
  const more = 1500 + few.errors.length - 2 - 100;
  assert.equal(big.errors.length, 101);
  assert.ok(big.errors.slice(0, 100).every((e, i) => e.field === `extra${i}é` && e.code === 'UNKNOWN_FIELD'));
  assert.deepEqual(big.errors.slice(0, 2), few.errors.slice(0, 2));
  assert.deepEqual(big.errors[100], { field: '', code: 'TOO_MANY', message: `and ${more} more errors (only the first 100 are listed)` });
  // All-ASCII texts take another decoder (Buffer#latin1Slice in Node); long
  // keys make more text than the shared buffers hold.
  const long = 'x'.repeat(200);
  const ascii = validateEqualsPerson(Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`extra${i}${long}`, i])), rules);
  assert.ok(ascii.errors.slice(0, 100).every((e, i) => e.code === 'UNKNOWN_FIELD' && e.message.startsWith(`unknown field "extra${i}`)));
  assert.equal(ascii.errors.length, 101);
});

// The walk writes into views of wasm memory; a getter that runs wasm code can
// grow that memory and detach them mid-walk. The answer must not change.
// Each getter below makes Rust allocate more than it has so far (a nested
// validation reads a big payload through JSON text), as a user's getter could.
test('a getter that grows wasm memory mid-walk still gets the right answer', () => {
  const grow = (mib) => validateVerifikPerson({ name: 'B', images: ['A'.repeat(mib << 20)] });
  // a member after the getter: written through a view the growth detached
  const r1 = validateVerifikPerson({ name: 'A', images: [png], get notes() { grow(24); return 'front desk'; }, collections: ['x'] });
  assert.deepEqual(r1, { ok: true, value: { name: 'A', images: [png], collections: ['x'], notes: 'front desk' } });
  // the getter last and left out (undefined): nothing is written after the growth
  const r2 = validateVerifikPerson({ name: 'A', images: [png], get gender() { grow(48); return undefined; } });
  assert.deepEqual(r2, { ok: true, value: { name: 'A', images: [png] } });
  // a rejected payload
  const r3 = validateVerifikPerson({ name: '', images: [png], get notes() { grow(96); return 1; } });
  assert.deepEqual(r3.errors?.map((e) => [e.field, e.code]), [['name', 'NAME_REQUIRED'], ['notes', 'INVALID_TYPE']]);
});

// A validator called from a getter during a walk takes the JSON.stringify
// road, and its errors must not land where the outer walk is writing.
test('a getter that runs another validator leaves the outer walk intact', () => {
  let inner;
  const input = { name: 'A', images: [png], get notes() { inner = validateEqualsPerson({}); return 'front desk'; }, collections: ['x'] };
  assert.deepEqual(validateVerifikPerson(input), { ok: true, value: { name: 'A', images: [png], collections: ['x'], notes: 'front desk' } });
  assert.equal(inner.errors.length, 5);
  const bad = { name: '', images: [png], get gender() { validateHorusPerson([]); return 'X'; }, collections: [''] };
  assert.deepEqual(validateVerifikPerson(bad).errors.map((e) => [e.field, e.code]), [['name', 'NAME_REQUIRED'], ['gender', 'NOT_ONE_OF'], ['collections[0]', 'EMPTY']]);
});

test('a photo over its size cap is named with every other field\'s error, not alone', () => {
  const jpeg = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url));
  const big = Buffer.concat([jpeg, Buffer.alloc(11 * 1024 * 1024)]).toString('base64');
  const fields = (r) => r.errors.map((e) => `${e.field} ${e.code}`);
  // The cap refuses the string before it is copied; the form still hears about the name and the sex.
  assert.deepEqual(fields(validateVerifikPerson({ name: '', images: ['zz', big], gender: 'x', collections: ['c'] })),
    ['images[1] IMAGE_TOO_LARGE', 'name NAME_REQUIRED', 'gender NOT_ONE_OF']);
  assert.deepEqual(fields(validateVerifikPerson({ name: 'Ana Ruiz', images: [big] })), ['images[0] IMAGE_TOO_LARGE']);
  const es = validateVerifikPerson({ name: '', images: [big] }, { locale: 'es' });
  assert.equal(es.errors[0].message, 'La foto 1 pesa demasiado (máximo 10 MB)');
  // The next call reads as before: nothing of the refused walk is left over.
  assert.deepEqual(validateVerifikPerson({ name: 'Ana Ruiz', images: [png] }), { ok: true, value: { name: 'Ana Ruiz', images: [png] } });
});
