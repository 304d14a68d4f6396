// The neutral person's table through the package entries: the same
// function from ESM and CommonJS, and the TypeScript type and the README's
// server-owned list held to what the Rust core does (so neither drifts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { toProviderPayloads, mapPerson, checkProviderPayload, validateVerifikPerson, validateEqualsPerson, validateHorusPerson } from 'personkit';

const cjs = createRequire(import.meta.url)('personkit');
const ALL = { verifik: true, equals: true, horus: true };

test('the same functions from ESM and CommonJS', () => {
  for (const f of ['toProviderPayloads', 'mapPerson', 'checkProviderPayload', 'enrol', 'idempotencyKeyFor']) assert.equal(typeof cjs[f], 'function', f);
  const person = { firstName: 'Ana', lastName: 'Q', email: 'ana@example.pe', identityNumber: '1' };
  assert.deepEqual(cjs.toProviderPayloads(person, { equals: true, horus: true }), toProviderPayloads(person, { equals: true, horus: true }));
  const key = cjs.idempotencyKeyFor(person);
  assert.match(key, /^pk-[0-9a-f]{32}$/);
  assert.equal(cjs.idempotencyKeyFor(person), key);
});

test('the NeutralPerson type has exactly the fields the core accepts', () => {
  const dts = readFileSync(new URL('../../js/neutral-person.d.ts', import.meta.url), 'utf8');
  const body = dts.slice(dts.indexOf('export interface NeutralPerson {'), dts.indexOf('\n}\n', dts.indexOf('export interface NeutralPerson {')));
  const typed = [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]);
  assert.deepEqual(typed, ['firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'gender', 'nationality', 'identityNumber', 'photos', 'extras']);
  for (const k of typed) {
    const { errors } = mapPerson({ [k]: null }, ALL);
    assert.deepEqual(errors.filter((e) => e.code === 'UNKNOWN_FIELD'), [], k);
  }
  assert.equal(mapPerson({ emailAddress: 'x' }, ALL).errors[0].code, 'UNKNOWN_FIELD');
});

test('the README\'s server-owned fields are exactly those the core refuses from a person', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const row = readme.split('\n').find((l) => l.startsWith('| **server-owned**'));
  const cells = row.split('|').slice(2, 5);
  const listed = cells.map((c) => [...c.matchAll(/`(\w+)`/g)].map((m) => m[1]));
  const providers = ['verifik', 'equals', 'horus'];
  listed.forEach((fields, i) => {
    for (const f of fields) {
      const r = toProviderPayloads({ firstName: 'A', lastName: 'B', email: 'a@b.co', extras: { [providers[i]]: { [f]: 1 } } }, ALL);
      assert.ok(r.errors.some((e) => e.field === `extras.${providers[i]}.${f}` && e.code === 'FIELD_NOT_ALLOWED'), `${providers[i]}.${f}`);
      assert.equal(mapPerson({ [f]: 1 }, ALL).errors[0].code, 'FIELD_NOT_ALLOWED', f);
    }
  });
  assert.deepEqual(listed.map((l) => l.length), [1, 9, 5]);
});

test('checkProviderPayload names errors the neutral way', () => {
  const r = checkProviderPayload('equals', { firstName: 'A', lastName: 'B', emailAddress: 'nope' }, { equals: true });
  assert.equal(r.ok, false);
  assert.deepEqual(r.errors.map((e) => [e.field, e.code]), [['email', 'INVALID_EMAIL']]);
  assert.equal(checkProviderPayload('nope', {}, {}).errors[0].field, 'provider');
});

test('the JSON text road keeps every character: ASCII, accents before and after a long photo, and a pair of surrogates at either end', () => {
  // The text is copied into room for ASCII, then what did not fit into
  // room for three bytes a unit (string_of in src/wasm/convert.rs): an
  // accent at any place, and a character of two units at the very end,
  // must come out as they went in.
  const photo = `/9j/${'A'.repeat(4000)}`; // long ASCII, read whole in the first pass
  const names = ['Quispe', 'Ñañez', '😀Quispe', `Quispe${'é'.repeat(40)}😀`, 'Ana María José Ñ'];
  for (const lastName of names) {
    for (const order of ['name first', 'photo first']) {
      const person = order === 'name first'
        ? { firstName: 'Ana', lastName, email: 'ana@example.pe', extras: { equals: { jobTitle: photo } } }
        : { extras: { equals: { jobTitle: photo } }, firstName: 'Ana', lastName, email: 'ana@example.pe' };
      const mapped = mapPerson(person, { equals: { accountId: 'F1', roleName: 'Viewer' } });
      assert.equal(mapped.payloads.equals.lastName, lastName, `${lastName} (${order})`);
      assert.equal(mapped.payloads.equals.jobTitle, photo, order);
    }
  }
});

// Photos that are strings are handed to the core apart from the person's
// JSON text (stringifyApart in src/wasm/convert/safe.js) and handed back as
// they came: the answers must be those of the JSON text, whatever the list holds.
test('photos handed over apart from the JSON text: the answers JSON.stringify semantics give, every item read once', () => {
  const server = { verifik: { collections: ['staff'] }, equals: { accountId: 'F1', roleName: 'Viewer' } };
  const jpeg = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url));
  const big = Buffer.concat([jpeg.subarray(0, -2), Buffer.alloc(400_000, 0x41), jpeg.subarray(-2)]).toString('base64');
  const small = jpeg.toString('base64');
  const person = (photos) => ({ firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', identityNumber: '45879632', photos });

  // Strings: each body holds them unchanged, in order; mapPerson too.
  const r = toProviderPayloads(person([big, small, big]), server);
  assert.equal(r.ok, true);
  assert.deepEqual(r.value.verifik.images, [big, small, big]);
  assert.deepEqual(mapPerson(person([small, big]), server).payloads.verifik.images, [small, big]);
  assert.deepEqual(validateVerifikPerson(r.value.verifik).value, r.value.verifik);
  // A Verifik body's images, checked on their own (the server's `prepare` road), likewise.
  assert.deepEqual(checkProviderPayload('verifik', r.value.verifik, server), { ok: true, value: r.value.verifik });
  const badImage = checkProviderPayload('verifik', { ...r.value.verifik, images: [big, 'ab"c'] }, server);
  assert.deepEqual(badImage.errors.map((e) => [e.field, e.code]), validateVerifikPerson({ ...r.value.verifik, images: [big, 'ab"c'] }).errors.map((e) => [e.field.replace('images', 'photos'), e.code]));

  // Anything else in the list is written as JSON.stringify writes it: an
  // object's toJSON, once; a number refused at its index, the rest still read.
  let calls = 0;
  const viaJson = toProviderPayloads(person([{ toJSON: () => { calls += 1; return small; } }, big]), server);
  assert.deepEqual([viaJson.ok, viaJson.value.verifik.images, calls], [true, [small, big], 1]);
  const wrong = toProviderPayloads(person([big, 5]), server);
  assert.deepEqual(wrong.errors.map((e) => [e.field, e.code]), [['photos[1]', 'INVALID_TYPE']]);
  // A lone surrogate stays in the text, where it is what cannot be read.
  const lone = toProviderPayloads(person([big, `${small}\ud800`]), server);
  assert.deepEqual(lone.errors.map((e) => [e.field, e.code]), [['photos', 'INVALID_TYPE']]);
  // Text that is not base64 (quotes and backslashes, which JSON escapes) is refused as the validator refuses it.
  for (const text of ['ab"c\\d', `${small.slice(0, 100)}\n`]) {
    const got = toProviderPayloads(person([text]), server).errors.map((e) => e.code);
    const want = validateVerifikPerson({ ...r.value.verifik, images: [text] }).errors.map((e) => e.code);
    assert.deepEqual(got, want, JSON.stringify(text.slice(-3)));
  }

  // A getter is read once, and a Proxy's traps run as often as JSON.stringify runs them.
  let reads = 0;
  const once = { ...person(undefined), get photos() { reads += 1; return [big]; } };
  assert.equal(toProviderPayloads(once, server).ok, true);
  assert.equal(reads, 1);
  for (const list of [[big, small], [big, 5], [5, big, null]]) {
    const traps = (log) => new Proxy(list, { get(t, k, rcv) { log.push(String(k)); return Reflect.get(t, k, rcv); } });
    const ours = [];
    const theirs = [];
    toProviderPayloads(person(traps(ours)), server);
    JSON.stringify(traps(theirs));
    assert.deepEqual(ours, theirs, `${list.length} items`);
  }
  // A list longer than any person's is left to JSON.stringify, whose
  // RangeError is the answer: copied, 2^32 - 1 holes ended the process.
  for (const list of [new Array(2 ** 32 - 1), new Array(70).fill(small)]) {
    const got = toProviderPayloads(person(list), server);
    assert.equal(got.ok, false);
    assert.ok(got.errors.every((e) => e.field === 'photos' || e.field.startsWith('photos[')), JSON.stringify(got.errors.slice(0, 2)));
  }
});

// MAX_PERSON_JSON_UNITS in src/wasm/convert/text.rs: the JSON text of a
// person, photos included, as JSON.stringify would write it.
test('a person whose JSON would be over its budget is TOO_LONG, photos measured as JSON.stringify writes them', () => {
  const max = 2 * 2 ** 20 + Math.ceil((10 * 2 ** 20) / 3) * 4 * 3;
  const tooLong = (photos) => toProviderPayloads({ firstName: 'Ana', photos }, { verifik: {} }).errors.map((e) => e.code);
  // Over by length alone, and under by length but over once each control character is written \u0001.
  assert.deepEqual(tooLong(['A'.repeat(max)]), ['TOO_LONG']);
  assert.deepEqual(tooLong(['\u0001'.repeat(Math.ceil(max / 6))]), ['TOO_LONG']);
  // Under the budget, read: refused as an image, not as too long.
  assert.notDeepEqual(tooLong(['A'.repeat(Math.floor(max / 6))]), ['TOO_LONG']);
});

test('a person of more than 10 000 values and keys is one TOO_MANY, not an error per member', () => {
  // A body of tens of thousands of unknown members took seconds to check,
  // one UNKNOWN_FIELD each, while a server's event loop waited.
  const person = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.com', identityNumber: '45879632' };
  for (let i = 0; i < 20_000; i += 1) person[`x${i}`] = 1;
  const codes = (r) => r.errors.map((e) => `${e.field} ${e.code}`);
  assert.deepEqual(toProviderPayloads(person, { verifik: {} }).errors, [{ field: '', code: 'TOO_MANY', message: 'The person’s details have too many items' }]);
  assert.deepEqual(codes(mapPerson(person, { verifik: {} })), [' TOO_MANY']);
  assert.deepEqual(codes(checkProviderPayload('verifik', person, {})), [' TOO_MANY']);
  // In arrays too, and up to the limit every member is still named.
  assert.equal(toProviderPayloads({ ...person, x0: undefined, tags: new Array(20_000).fill(0) }, { verifik: {} }).errors[0].code, 'TOO_MANY');
  const some = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.com', identityNumber: '45879632', photos: ['iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='] };
  for (let i = 0; i < 3000; i += 1) some[`x${i}`] = 1;
  // Under it, the list is cut as a validator's is: the first 100, then one that counts the rest.
  const listed = toProviderPayloads(some, { verifik: {} }).errors;
  assert.equal(listed.length, 101);
  assert.deepEqual(listed.slice(0, 100).map((e) => e.field), Array.from({ length: 100 }, (_, i) => `x${i}`));
  assert.deepEqual(listed[100], { field: '', code: 'TOO_MANY', message: 'And 2900 more errors (only the first 100 are shown)' });
  assert.equal(mapPerson(some, { verifik: {} }).errors.length, 101);
});

// A page checks the person as it is typed: one value JSON cannot hold (text
// cut inside an emoji leaves a lone surrogate; a bigint; a getter that
// throws) must not hide the other fields' problems.
test('a member JSON cannot hold is reported at its neutral field, and the rest is still checked', () => {
  const server = { equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };
  const r = toProviderPayloads({ firstName: 'Ana \ud83d', lastName: 10n, email: 'bad', identityNumber: '45879632' }, server);
  assert.deepEqual(r.errors.map((e) => [e.field, e.code, e.provider]), [
    ['firstName', 'INVALID_TYPE', undefined], ['lastName', 'INVALID_TYPE', undefined],
    ['email', 'INVALID_EMAIL', 'equals'], ['email', 'INVALID_EMAIL', 'horus'],
  ]);
  assert.equal(r.errors[0].message, 'First name could not be read');
  const es = toProviderPayloads({ firstName: 'Ana', lastName: 'B', email: 'a@b.co', identityNumber: '45879632', extras: { equals: { jobTitle: 1n } } }, server, { locale: 'es' });
  assert.deepEqual(es.errors, [{ field: 'extras', code: 'INVALID_TYPE', message: 'No se pudieron leer los datos adicionales' }]);
  // an unknown key stays unknown, whatever its value does when read
  const odd = toProviderPayloads({ firstName: 'Ana', lastName: 'B', email: 'a@b.co', identityNumber: '45879632', get nick() { throw new Error('x'); } }, server);
  assert.deepEqual(odd.errors.map((e) => [e.field, e.code]), [['nick', 'UNKNOWN_FIELD']]);
  // mapPerson (the server's road) reports it the same way
  const mapped = mapPerson({ firstName: 'Ana', lastName: 10n, email: 'a@b.co' }, server);
  assert.deepEqual(mapped.errors.map((e) => [e.field, e.code]), [['lastName', 'INVALID_TYPE']]);
  // what is not a plain object is still one error for the whole person
  assert.deepEqual(toProviderPayloads(10n, server).errors.map((e) => [e.field, e.code]), [['', 'INVALID_TYPE']]);
});

// The same rule over a few people, each member in turn unreadable: the
// errors of the person without it (but those about it), plus its own.
test('a neutral person with one member unreadable: the errors of the person without it, plus its own', () => {
  const server = { verifik: { collections: ['staff'] }, equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };
  const photo = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url)).toString('base64');
  const people = [
    { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', phone: '+51987654321', dateOfBirth: '1990-05-17', gender: 'F', nationality: 'pe', identityNumber: '45879632', photos: [photo], extras: { equals: { jobTitle: 'x' } } },
    { firstName: ' ', lastName: 'Q', email: 'bad', dateOfBirth: '2999-01-01', gender: 'X', photos: [], extras: { horus: { password: 1 } } },
  ];
  const about = (field, k) => field === k || field.startsWith(`${k}[`) || field.startsWith(`${k}.`);
  const key = (e) => `${e.field} ${e.code} ${e.provider ?? ''}`;
  let checked = 0;
  for (const person of people) {
    for (const k of Object.keys(person)) {
      const without = { ...person };
      delete without[k];
      const base = toProviderPayloads(without, server);
      const got = toProviderPayloads({ ...person, [k]: 10n }, server);
      const want = [`${k} INVALID_TYPE `, ...(base.ok ? [] : base.errors.map(key).filter((e) => !about(e.split(' ')[0], k)))];
      assert.deepEqual(got.errors.map(key).sort(), want.sort(), k);
      checked += 1;
    }
  }
  assert.equal(checked, 17);
});

// A page holds what the server will send: each body toProviderPayloads gives
// is one its provider's validator accepts unchanged, key order included (the
// order the clients send).
test('toProviderPayloads: each body is its validator\'s value, key for key and in its order', () => {
  const validators = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };
  const server = { verifik: { collections: ['staff'] }, equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1, clientId: 'a', clientSecret: 'b' } };
  const photo = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url)).toString('base64');
  const people = [
    { firstName: ' Ana ', lastName: 'Quispe', email: ' ana@example.pe ', phone: '+51987654321', dateOfBirth: '1990-05-17', gender: 'F', nationality: 'pe', identityNumber: '45879632', photos: [photo] },
    { firstName: 'Zoë', lastName: 'Ōsaka', email: 'z@example.com', identityNumber: '1', photos: [photo, photo], extras: { equals: { jobTitle: 'x' }, horus: { password: 'p', externalId: 'e1' }, verifik: { notes: 'n' } } },
  ];
  for (const person of people) {
    const r = toProviderPayloads(person, server);
    assert.equal(r.ok, true, JSON.stringify(r.errors));
    const mapped = mapPerson(person, server);
    for (const [provider, body] of Object.entries(r.value)) {
      const v = validators[provider](body);
      assert.equal(v.ok, true, provider);
      assert.equal(JSON.stringify(body), JSON.stringify(v.value), provider);
      // The two halves give the same: mapPerson's body, checked, is the body as sent.
      const checked = checkProviderPayload(provider, mapped.payloads[provider], server);
      assert.equal(JSON.stringify(checked.value), JSON.stringify(body), `${provider}: checkProviderPayload`);
    }
  }
});

test('checkProviderPayload names a member JSON cannot hold, as toProviderPayloads does', () => {
  const server = { accountId: 'F12345', roleName: 'Viewer' };
  const r = checkProviderPayload('equals', { firstName: 'Ana', lastName: 'Ruiz', emailAddress: 'ana@example.com', dob: 10n }, server);
  assert.equal(r.ok, false);
  assert.deepEqual(r.errors.map((e) => [e.field, e.code]), [['dob', 'INVALID_TYPE']]);
  const p = toProviderPayloads({ firstName: 'Ana', lastName: 'Ruiz', email: 'ana@example.com', dateOfBirth: 10n }, { equals: server });
  assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['dateOfBirth', 'INVALID_TYPE']]);
});
