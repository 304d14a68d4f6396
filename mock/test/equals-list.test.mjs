// Equals "List people" and persona counting: how a client finds out whether
// a create whose answer was lost happened, and how a test counts personas.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EQUALS, equalsBody, get, getJson, post, useMock } from './helpers.mjs';

const ctx = useMock({ config: { equals: { accountIds: ['F12345', 'F2'] } } });
const list = (query, headers) => get(ctx.url, `${EQUALS}?${query}`, headers, EQUALS);

describe('equals list: auth and parameters', () => {
  test('401 without the header, 403 for a wrong key or scheme (as the create)', async () => {
    const none = await list('accountId=F12345', { authorization: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'UNAUTHORIZED');
    for (const authorization of ['ApiKey wrong', 'Bearer equals-test-key']) {
      const res = await list('accountId=F12345', { authorization });
      assert.equal(res.status, 403, authorization);
      assert.equal(res.body.code, 'FORBIDDEN');
    }
  });

  const bad = [
    ['accountId missing', '', 'accountId'],
    ['limit 0', 'accountId=F12345&limit=0', 'limit'],
    ['limit over 1000', 'accountId=F12345&limit=1001', 'limit'],
    ['limit not a number', 'accountId=F12345&limit=ten', 'limit'],
    ['offset negative', 'accountId=F12345&offset=-1', 'offset'],
    ['status unknown', 'accountId=F12345&status=gone', 'status'],
    ['roleNames unknown', 'accountId=F12345&roleNames=Viewer,Boss', 'roleNames'],
  ];
  for (const [name, query, field] of bad) {
    test(`400 BAD_REQUEST: ${name}`, async () => {
      const res = await list(query);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'BAD_REQUEST');
      assert.ok(res.body.errors.some((e) => e.field === field), JSON.stringify(res.body.errors));
    });
  }

  test('404 ACCOUNT_NOT_FOUND for an account that does not exist', async () => {
    const res = await list('accountId=F00000');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'ACCOUNT_NOT_FOUND');
  });

  test('an empty account: count 0, the defaults echoed', async () => {
    const res = await list('accountId=F12345');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { count: 0, limit: 100, offset: 0, rows: [] });
  });
});

describe('equals list: rows', () => {
  test('one row per persona on the account, each exactly what its create answered', async () => {
    const email = 'Ana.Lopez@Example.com';
    const a1 = await post(ctx.url, EQUALS, equalsBody({ emailAddress: email, firstName: 'Ana', lastName: 'López' }));
    const a2 = await post(ctx.url, EQUALS, equalsBody({ emailAddress: email.toLowerCase(), firstName: 'Ana', lastName: 'López' }));
    const b = await post(ctx.url, EQUALS, equalsBody({ firstName: 'Bob', lastName: 'Smith' }));
    const elsewhere = await post(ctx.url, EQUALS, equalsBody({ accountId: 'F2', emailAddress: email }));
    for (const r of [a1, a2, b, elsewhere]) assert.equal(r.status, 201);
    assert.equal(a2.body.id, a1.body.id, 'the same person');
    assert.notEqual(a2.body.persona.id, a1.body.persona.id, 'a new persona on every create');

    const res = await list('accountId=F12345');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { count: 3, limit: 100, offset: 0, rows: [a1.body, a2.body, b.body] });
    const other = await list('accountId=F2');
    assert.deepEqual(other.body.rows, [elsewhere.body]);
  });

  test('search: case-insensitive substring of the email, first or last name', async () => {
    const ana = await post(ctx.url, EQUALS, equalsBody({ emailAddress: 'ana@acme.com', firstName: 'Ana', lastName: 'Quispe' }));
    await post(ctx.url, EQUALS, equalsBody({ emailAddress: 'bob@other.org', firstName: 'Bob', lastName: 'Smith' }));
    for (const search of ['ANA@ACME', 'acme.com', 'quis', 'AN']) {
      const res = await list(`accountId=F12345&search=${encodeURIComponent(search)}`);
      assert.deepEqual(res.body.rows.map((r) => r.id), [ana.body.id], search);
      assert.equal(res.body.count, 1, search);
    }
    assert.equal((await list('accountId=F12345&search=nobody')).body.count, 0);
  });

  test('status (the persona\'s) and roleNames (comma-separated) filter', async () => {
    const invited = await post(ctx.url, EQUALS, equalsBody({ roleName: 'Admin' }));
    const active = await post(ctx.url, EQUALS, equalsBody({ roleName: 'Payer', sendInvite: false }));
    assert.equal(invited.body.persona.status, 'invited');
    assert.equal(active.body.persona.status, 'active');
    const byStatus = await list('accountId=F12345&status=active');
    assert.deepEqual(byStatus.body.rows.map((r) => r.persona.id), [active.body.persona.id]);
    const byRole = await list('accountId=F12345&roleNames=Admin');
    assert.deepEqual(byRole.body.rows.map((r) => r.persona.id), [invited.body.persona.id]);
    const both = await list('accountId=F12345&roleNames=Admin,%20Payer');
    assert.equal(both.body.count, 2);
    assert.equal((await list('accountId=F12345&roleNames=Viewer')).body.count, 0);
  });

  test('limit and offset page the rows; count is every match', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await post(ctx.url, EQUALS, equalsBody())).body);
    const page = await list('accountId=F12345&limit=2&offset=3');
    assert.deepEqual(page.body, { count: 5, limit: 2, offset: 3, rows: made.slice(3, 5) });
    const past = await list('accountId=F12345&offset=10');
    assert.deepEqual([past.body.count, past.body.rows.length], [5, 0]);
  });
});

describe('equals persona counting', () => {
  test('/__mock/persons: each person has its personas and personaCounts per account', async () => {
    const email = `count+${Date.now()}@acme.com`;
    await post(ctx.url, EQUALS, equalsBody({ emailAddress: email }));
    await post(ctx.url, EQUALS, equalsBody({ emailAddress: email }));
    await post(ctx.url, EQUALS, equalsBody({ emailAddress: email, accountId: 'F2', roleName: 'Admin' }));
    const { equals } = await getJson(ctx.url, '/__mock/persons');
    assert.equal(equals.length, 1);
    const [person] = equals;
    assert.deepEqual(person.personaCounts, { F12345: 2, F2: 1 });
    assert.deepEqual(person.personas.map((p) => [p.accountId, p.roleName]), [['F12345', 'Viewer'], ['F12345', 'Viewer'], ['F2', 'Admin']]);
  });

  test('the create answer keeps the document\'s persona: no accountId or roleName in it', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody());
    assert.equal(res.body.persona.accountId, undefined);
    assert.equal(res.body.persona.roleName, undefined);
    assert.equal(res.body.personas, undefined);
  });
});
