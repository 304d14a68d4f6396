import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HORUS, getJson, horusBody, post, useMock } from './helpers.mjs';

const ctx = useMock();

describe('horus create', () => {
  test('200 + 200001 created, echoing x-usil-request-id', async () => {
    const res = await post(ctx.url, HORUS, horusBody(), { 'x-usil-request-id': 'abc123XYZ' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { code: 200001, message: 'entity was created' });
    assert.equal(res.headers.get('x-usil-request-id'), 'abc123XYZ');
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.horus.length, 1);
    assert.equal(persons.horus[0].requestId, 'abc123XYZ');
    assert.equal(persons.horus[0].clientSecret, undefined, 'secrets are not stored');
    assert.equal(persons.horus[0].password, undefined);
  });

  test('echoes x-horus-request-id (the public repository\'s name) under that name', async () => {
    const res = await post(ctx.url, HORUS, horusBody(), { 'x-horus-request-id': 'HRS42' });
    assert.equal(res.headers.get('x-horus-request-id'), 'HRS42');
    assert.equal(res.headers.get('x-usil-request-id'), null, 'not made up under the other name');
    const both = await post(ctx.url, HORUS, horusBody(), { 'x-horus-request-id': 'H1', 'x-usil-request-id': 'U1' });
    assert.deepEqual([both.headers.get('x-horus-request-id'), both.headers.get('x-usil-request-id')], ['H1', 'U1']);
    const faulted = await post(ctx.url, HORUS, horusBody(), { 'x-horus-request-id': 'H500', 'x-mock-fault': '500' });
    assert.equal(faulted.headers.get('x-horus-request-id'), 'H500');
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.horus[0].requestId, 'HRS42');
  });

  test('generates an alphanumeric request id when none is sent', async () => {
    const res = await post(ctx.url, HORUS, horusBody());
    assert.match(res.headers.get('x-usil-request-id'), /^[A-Za-z0-9]{8,}$/);
  });

  test('200 + 200023 when the email exists, 200 + 200024 when the mainIdentifier exists', async () => {
    const first = horusBody();
    await post(ctx.url, HORUS, first);
    const email = await post(ctx.url, HORUS, horusBody({ email: first.email.toUpperCase() }));
    assert.equal(email.status, 200);
    assert.equal(email.body.code, 200023);
    const main = await post(ctx.url, HORUS, horusBody({ mainIdentifier: first.mainIdentifier }));
    assert.equal(main.status, 200);
    assert.equal(main.body.code, 200024);
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.horus.length, 1);
    assert.equal(persons.attempts.horus, 3);
  });
});

describe('horus errors', () => {
  test('403 + 403051 for bad client credentials', async () => {
    for (const over of [{ clientId: 'nope' }, { clientSecret: 'nope' }]) {
      const res = await post(ctx.url, HORUS, horusBody(over), { 'x-usil-request-id': 'r1' });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 403051);
      assert.equal(typeof res.body.message, 'string');
      assert.equal(res.headers.get('x-usil-request-id'), 'r1');
    }
  });

  for (const field of ['clientId', 'clientSecret', 'mainIdentifier', 'firstName', 'lastName', 'email', 'categoryId', 'positionId']) {
    test(`400 + 400002 when ${field} is missing`, async () => {
      const res = await post(ctx.url, HORUS, horusBody({ [field]: undefined }));
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 400002);
      assert.match(res.body.message, new RegExp(field));
    });
  }

  test('400 + 400001 for a body that is not a JSON object', async () => {
    const res = await post(ctx.url, HORUS, 'nope');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 400001);
    assert.ok(res.headers.get('x-usil-request-id'));
  });

  const invalid = [
    ['enabled as "1"', { enabled: '1' }],
    ['enabled 2', { enabled: 2 }],
    ['categoryId as a string', { categoryId: '1' }],
    ['positionId 1.5', { positionId: 1.5 }],
    ['custom not JSON', { custom: '{key' }],
    ['custom an object', { custom: { key: 'value' } }],
    ['email not an email', { email: 'jane' }],
    ['firstName a number', { firstName: 7 }],
  ];
  for (const [name, over] of invalid) {
    test(`400 + 400003: ${name}`, async () => {
      const res = await post(ctx.url, HORUS, horusBody(over));
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 400003);
    });
  }

  test('400 + 400004 for an unknown categoryId or positionId', async () => {
    const cat = await post(ctx.url, HORUS, horusBody({ categoryId: 99 }));
    assert.equal(cat.status, 400);
    assert.equal(cat.body.code, 400004);
    assert.match(cat.body.message, /categoryId/);
    const pos = await post(ctx.url, HORUS, horusBody({ positionId: 99 }));
    assert.equal(pos.body.code, 400004);
    assert.match(pos.body.message, /positionId/);
  });

  test('the sample typo externaId is ignored, not stored as externalId', async () => {
    const body = horusBody({ externalId: undefined, externaId: '92dd9aa0' });
    const res = await post(ctx.url, HORUS, body);
    assert.equal(res.body.code, 200001);
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.horus[0].externalId, null);
  });

  test('a 405 on the Horus path carries the request id too', async () => {
    const res = await fetch(`${ctx.url}${HORUS}`, { method: 'PUT', headers: { 'x-usil-request-id': 'r405' } });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('x-usil-request-id'), 'r405');
    const made = await fetch(`${ctx.url}${HORUS}`);
    assert.equal(made.status, 405);
    assert.match(made.headers.get('x-usil-request-id') ?? '', /^[A-Za-z0-9]{8,}$/);
  });
});
