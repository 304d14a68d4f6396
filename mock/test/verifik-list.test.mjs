// Verifik "List persons" and "Retrieve a person", the repeat rule and the
// public docs' shape (response id, date_of_birth as a string).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VERIFIK, get, getJson, post, useMock, verifikBody } from './helpers.mjs';

const ctx = useMock();
const docs = { 'x-mock-verifik-shape': 'docs' };
const list = (query = '', headers) => get(ctx.url, `${VERIFIK}${query && `?${query}`}`, headers);

describe('verifik list: auth and parameters', () => {
  test('401 / 403 as the create does, in both shapes', async () => {
    const none = await list('', { authorization: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.message, 'UNAUTHORIZED');
    const wrong = await list('', { authorization: 'Bearer nope', ...docs });
    assert.equal(wrong.status, 403);
    assert.deepEqual(wrong.body, { message: 'token_expired', code: 'FORBIDDEN' });
    const retrieve = await get(ctx.url, `${VERIFIK}/0123456789abcdef01234567`, { authorization: null, ...docs });
    assert.equal(retrieve.status, 401);
    assert.equal(retrieve.body.code, 'UNAUTHORIZED');
  });

  for (const query of ['page=0', 'page=x', 'limit=0', 'limit=101', 'limit=-5']) {
    test(`409 InvalidParameter for ${query}`, async () => {
      const res = await list(query, docs);
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'InvalidParameter');
    });
  }
});

describe('verifik list: data and pagination', () => {
  test('defaults: page 1, limit 20; each person as the create returned it', async () => {
    const made = await post(ctx.url, VERIFIK, verifikBody());
    const res = await list();
    assert.equal(res.status, 200);
    assert.equal(res.body.success, true);
    assert.deepEqual(res.body.data, [made.body.data]);
    assert.deepEqual(res.body.pagination, { page: 1, limit: 20, total: 1, pages: 1 });
  });

  test('page and limit; total and pages count every match', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await post(ctx.url, VERIFIK, verifikBody())).body.data._id);
    const res = await list('page=2&limit=2');
    assert.deepEqual(res.body.data.map((p) => p._id), ids.slice(2, 4));
    assert.deepEqual(res.body.pagination, { page: 2, limit: 2, total: 5, pages: 3 });
    const past = await list('page=9&limit=2');
    assert.deepEqual(past.body.data, []);
  });

  test('collection keeps the persons created with it; status filters', async () => {
    const staff = await post(ctx.url, VERIFIK, verifikBody({ collections: ['staff', 'vip'] }));
    await post(ctx.url, VERIFIK, verifikBody({ collections: ['guests'] }));
    await post(ctx.url, VERIFIK, verifikBody({ collections: undefined }));
    const vip = await list('collection=vip');
    assert.deepEqual(vip.body.data.map((p) => p._id), [staff.body.data._id]);
    assert.equal(vip.body.pagination.total, 1);
    assert.equal((await list('status=active')).body.pagination.total, 3);
    assert.equal((await list('status=deleted')).body.pagination.total, 0);
  });

  test('docs shape: { id, data, pagination, signature }, dates as strings', async () => {
    await post(ctx.url, VERIFIK, verifikBody());
    const res = await list('', docs);
    assert.match(res.body.id, /^[A-Z0-9]{5}$/);
    assert.equal(typeof res.body.signature.message, 'string');
    assert.equal(res.body.data[0].date_of_birth, '1990-01-15');
  });
});

describe('verifik retrieve', () => {
  test('GET .../persons/<_id> → { data: person }, 404 when unknown', async () => {
    const made = await post(ctx.url, VERIFIK, verifikBody());
    const { _id } = made.body.data;
    const file = await get(ctx.url, `${VERIFIK}/${_id}`);
    assert.equal(file.status, 200);
    assert.deepEqual(file.body, { success: true, data: made.body.data });
    const d = await get(ctx.url, `${VERIFIK}/${_id}`, docs);
    assert.equal(d.body.data._id, _id);
    assert.equal(d.body.data.date_of_birth, '1990-01-15');
    const missing = await get(ctx.url, `${VERIFIK}/ffffffffffffffffffffffff`, docs);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { message: 'person_not_found', code: 'NotFound' });
    const missingFile = await get(ctx.url, `${VERIFIK}/nope`);
    assert.equal(missingFile.body.message, 'PERSON_NOT_FOUND');
  });

  test('lookups are counted apart from creates', async () => {
    await post(ctx.url, VERIFIK, verifikBody());
    await list();
    await get(ctx.url, `${VERIFIK}/x`);
    const p = await getJson(ctx.url, '/__mock/persons');
    assert.equal(p.attempts.verifik, 1);
    assert.equal(p.lookups.verifik, 2);
  });
});

describe('verifik public docs shape', () => {
  test('the top-level id is a short response id, never the person\'s _id', async () => {
    const seen = new Set();
    for (let i = 0; i < 20; i++) {
      const res = await post(ctx.url, VERIFIK, verifikBody(), docs);
      assert.match(res.body.id, /^[A-Z0-9]{5}$/);
      assert.notEqual(res.body.id, res.body.data._id);
      seen.add(res.body.id);
    }
    assert.equal(seen.size, 20, 'a new id per response');
  });

  test('date_of_birth: "YYYY-MM-DD" in the docs shape, { year, month, day } in the file shape and the store', async () => {
    const d = await post(ctx.url, VERIFIK, verifikBody({ date_of_birth: '2001-02-03' }), docs);
    assert.equal(d.body.data.date_of_birth, '2001-02-03');
    const f = await post(ctx.url, VERIFIK, verifikBody({ date_of_birth: '2001-02-03' }));
    assert.deepEqual(f.body.data.date_of_birth, { year: 2001, month: 2, day: 3 });
    const { verifik } = await getJson(ctx.url, '/__mock/persons');
    assert.deepEqual(verifik[0].date_of_birth, { year: 2001, month: 2, day: 3 });
  });

  test('a repeat (same name and date of birth in a shared collection) → 412 person_already_set with the existing person', async () => {
    const first = await post(ctx.url, VERIFIK, verifikBody({ name: 'Rosa Díaz' }), docs);
    const again = await post(ctx.url, VERIFIK, verifikBody({ name: 'Rosa Díaz' }), docs);
    assert.equal(again.status, 412);
    assert.deepEqual(again.body, { message: 'person_already_set', code: 'PreconditionFailed', data: first.body.data });
    assert.equal(again.body.data.date_of_birth, '1990-01-15');
  });
});
