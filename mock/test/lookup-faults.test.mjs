// Faults on lookups, and the point of it all: after a create whose answer was
// lost (after-create), a lookup finds exactly one persona / person.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EQUALS, HORUS, VERIFIK, equalsBody, get, getJson, horusBody, post, useMock, verifikBody } from './helpers.mjs';

const ctx = useMock();
const equalsList = (query, headers) => get(ctx.url, `${EQUALS}?${query}`, headers, EQUALS);

async function scenario(body) {
  const res = await fetch(`${ctx.url}/__mock/scenario`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('x-mock-fault on a lookup', () => {
  test('500 on the Equals list: the provider\'s error shape, counted as a lookup', async () => {
    const res = await equalsList('accountId=F12345', { 'x-mock-fault': '500' });
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'INTERNAL_SERVER_ERROR');
    const p = await getJson(ctx.url, '/__mock/persons');
    assert.deepEqual([p.attempts.equals, p.lookups.equals], [0, 1]);
  });

  test('reset, bad-json (200, not the create\'s 201) and delay on the Verifik list', async () => {
    await assert.rejects(get(ctx.url, VERIFIK, { 'x-mock-fault': 'reset' }), TypeError);
    const broken = await get(ctx.url, VERIFIK, { 'x-mock-fault': 'bad-json' });
    assert.equal(broken.status, 200);
    assert.equal(broken.body, undefined);
    const equalsBroken = await equalsList('accountId=F12345', { 'x-mock-fault': 'bad-json' });
    assert.equal(equalsBroken.status, 200);
    const late = await get(ctx.url, `${VERIFIK}?limit=5`, { 'x-mock-fault': 'delay=50' });
    assert.equal(late.status, 200);
    assert.equal(late.body.pagination.limit, 5);
  });
});

describe('on=create / on=lookup in the header', () => {
  test('a client sending the same headers on every request can fault only its create, or only its lookup', async () => {
    const createOnly = { 'x-mock-fault': '500;on=create' };
    assert.equal((await post(ctx.url, EQUALS, equalsBody(), createOnly)).status, 500);
    assert.equal((await equalsList('accountId=F12345', createOnly)).status, 200);
    const lookupOnly = { 'x-mock-fault': '503;on=lookup' };
    assert.equal((await post(ctx.url, EQUALS, equalsBody(), lookupOnly)).status, 201);
    assert.equal((await equalsList('accountId=F12345', lookupOnly)).status, 503);
  });

  test('a header that does not apply leaves the request to a pending scenario', async () => {
    await scenario({ fault: '429', provider: 'equals', kind: 'lookup' });
    const res = await equalsList('accountId=F12345', { 'x-mock-fault': '500;on=create' });
    assert.equal(res.status, 429);
  });

  test('a scenario with an on= part → 400 (it has kind)', async () => {
    assert.equal((await scenario({ fault: '500;on=lookup' })).status, 400);
  });
});

describe('scenarios with kind', () => {
  test('default kind create: a scenario never hits a lookup', async () => {
    const s = await scenario({ fault: '503', provider: 'equals' });
    assert.equal(s.status, 201);
    assert.equal(s.body.kind, 'create');
    assert.equal((await equalsList('accountId=F12345')).status, 200);
    assert.equal((await post(ctx.url, EQUALS, equalsBody())).status, 503);
  });

  test('kind lookup: the next N lookups fail, creates are untouched', async () => {
    const s = await scenario({ fault: '500', count: 2, provider: 'verifik', kind: 'lookup' });
    assert.equal(s.status, 201);
    assert.deepEqual([s.body.provider, s.body.kind, s.body.count], ['verifik', 'lookup', 2]);
    assert.equal((await post(ctx.url, VERIFIK, verifikBody())).status, 200);
    assert.equal((await get(ctx.url, VERIFIK)).status, 500);
    assert.equal((await get(ctx.url, `${VERIFIK}/abc`)).status, 500, 'a retrieve is a lookup too');
    assert.equal((await get(ctx.url, VERIFIK)).status, 200);
    assert.deepEqual(await getJson(ctx.url, '/__mock/scenario'), []);
  });

  test('a bad kind, or a lookup for Horus (it has none) → 400', async () => {
    assert.equal((await scenario({ fault: '500', kind: 'read' })).status, 400);
    const horus = await scenario({ fault: '500', kind: 'lookup', provider: 'horus' });
    assert.equal(horus.status, 400);
    assert.equal(horus.body.code, 'MOCK_BAD_REQUEST');
  });
});

describe('a lost create, then a lookup', () => {
  for (const fault of ['500;after-create', 'reset;after-create', 'bad-json;after-create']) {
    test(`Equals ${fault}: the person is created, the list shows exactly one persona`, async () => {
      const body = equalsBody();
      await post(ctx.url, EQUALS, body, { 'x-mock-fault': fault }).catch(() => null);
      const res = await equalsList(`accountId=F12345&search=${encodeURIComponent(body.emailAddress)}`);
      assert.equal(res.body.count, 1);
      const { equals } = await getJson(ctx.url, '/__mock/persons');
      assert.deepEqual(equals.map((p) => p.personaCounts), [{ F12345: 1 }]);
    });
  }

  test('Verifik 500;after-create: the list of the collection holds the person', async () => {
    const body = verifikBody({ collections: ['lost'] });
    const res = await post(ctx.url, VERIFIK, body, { 'x-mock-fault': '500;after-create' });
    assert.equal(res.status, 500);
    const found = await get(ctx.url, `${VERIFIK}?collection=lost`);
    assert.deepEqual(found.body.data.map((p) => p.name), [body.name]);
  });

  test('/__mock/requests tells creates from lookups; attempts counts creates only', async () => {
    await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': '503' });
    await equalsList('accountId=F12345&search=abc');
    await post(ctx.url, HORUS, horusBody());
    const requests = await getJson(ctx.url, '/__mock/requests');
    assert.deepEqual(requests.map((r) => [r.provider, r.kind, r.method]), [
      ['equals', 'create', 'POST'], ['equals', 'lookup', 'GET'], ['horus', 'create', 'POST'],
    ]);
    assert.deepEqual(requests[1].query, { accountId: 'F12345', search: 'abc' });
    assert.equal(requests[1].body, null);
    const p = await getJson(ctx.url, '/__mock/persons');
    assert.deepEqual(p.attempts, { verifik: 0, equals: 1, horus: 1 });
    assert.deepEqual(p.lookups, { verifik: 0, equals: 1 });
  });
});
