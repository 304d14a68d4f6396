import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GIF_B64, JPEG_B64, PNG_B64, VERIFIK, getJson, post, useMock, verifikBody } from './helpers.mjs';

const ctx = useMock();
const docs = { 'x-mock-verifik-shape': 'docs' };

describe('verifik auth', () => {
  test('401 UNAUTHORIZED without a bearer token, in both shapes', async () => {
    const file = await post(ctx.url, VERIFIK, verifikBody(), { authorization: null });
    assert.equal(file.status, 401);
    assert.equal(file.body.message, 'UNAUTHORIZED');
    assert.equal(typeof file.body.error, 'string');

    const d = await post(ctx.url, VERIFIK, verifikBody(), { authorization: 'Basic abc', ...docs });
    assert.equal(d.status, 401);
    assert.equal(d.body.code, 'UNAUTHORIZED');
  });

  test('403 for an unknown token: FORBIDDEN / token_expired', async () => {
    const d = await post(ctx.url, VERIFIK, verifikBody(), { authorization: 'Bearer nope', ...docs });
    assert.equal(d.status, 403);
    assert.deepEqual(d.body, { message: 'token_expired', code: 'FORBIDDEN' });
    const file = await post(ctx.url, VERIFIK, verifikBody(), { authorization: 'Bearer nope' });
    assert.equal(file.status, 403);
    assert.equal(file.body.message, 'TOKEN_EXPIRED');
  });
});

describe('verifik success shapes', () => {
  test('file shape: {success, data} with the stored person', async () => {
    const res = await post(ctx.url, VERIFIK, verifikBody({ name: 'John Doe' }));
    assert.equal(res.status, 200);
    assert.equal(res.body.success, true);
    const p = res.body.data;
    assert.match(p._id, /^[0-9a-f]{24}$/);
    assert.equal(p.name, 'John Doe');
    assert.deepEqual(p.date_of_birth, { year: 1990, month: 1, day: 15 });
    assert.equal(p.faceEncodings.length, 2);
    assert.equal(p.status, 'active');
    assert.deepEqual(p.collections, ['collection_123456789']);
    assert.ok(Date.parse(p.createdAt) && Date.parse(p.updatedAt));
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.verifik.length, 1);
    assert.equal(persons.verifik[0]._id, p._id);
  });

  test('docs shape: {id, data, signature}, per request or by config', async () => {
    const res = await post(ctx.url, VERIFIK, verifikBody(), docs);
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.id, 'string');
    assert.match(res.body.data._id, /^[0-9a-f]{24}$/);
    assert.equal(typeof res.body.signature.message, 'string');
    assert.equal(res.body.success, undefined);
  });

  test('1 to 3 images, JPEG or PNG; gender and date optional', async () => {
    const res = await post(ctx.url, VERIFIK, { name: 'Only Name', images: [PNG_B64] });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.date_of_birth, null);
    const three = await post(ctx.url, VERIFIK, verifikBody({ images: [JPEG_B64, PNG_B64, JPEG_B64] }));
    assert.equal(three.status, 200);
  });
});

describe('verifik validation', () => {
  const cases = [
    ['missing name', { name: undefined }, 409, 'MissingParameter', 'NAME_REQUIRED'],
    ['empty name', { name: '' }, 409, 'MissingParameter', 'NAME_REQUIRED'],
    ['missing images', { images: undefined }, 409, 'MissingParameter', 'IMAGES_REQUIRED'],
    ['no images', { images: [] }, 409, 'MissingParameter', 'IMAGES_REQUIRED'],
    ['four images', { images: [JPEG_B64, JPEG_B64, JPEG_B64, JPEG_B64] }, 409, 'InvalidParameter', 'INVALID_PARAMETER'],
    ['bad gender', { gender: 'X' }, 409, 'InvalidParameter', 'INVALID_PARAMETER'],
    ['bad date', { date_of_birth: '1990-02-30' }, 409, 'InvalidParameter', 'INVALID_PARAMETER'],
    ['date not ISO', { date_of_birth: '15/01/1990' }, 409, 'InvalidParameter', 'INVALID_PARAMETER'],
    ['collections not strings', { collections: [1] }, 409, 'InvalidParameter', 'INVALID_PARAMETER'],
    ['data: prefix', { images: [`data:image/jpeg;base64,${JPEG_B64}`] }, 412, 'PreconditionFailed', 'INVALID_IMAGE_FORMAT'],
    ['not base64', { images: ['not base64!'] }, 412, 'PreconditionFailed', 'INVALID_IMAGE_FORMAT'],
    ['a GIF', { images: [JPEG_B64, GIF_B64] }, 412, 'PreconditionFailed', 'INVALID_IMAGE_FORMAT'],
  ];
  for (const [name, over, status, docsCode, fileCode] of cases) {
    test(`${name} → ${status}`, async () => {
      const body = verifikBody(over);
      for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
      const file = await post(ctx.url, VERIFIK, body);
      assert.equal(file.status, status);
      assert.equal(file.body.message, fileCode);
      const d = await post(ctx.url, VERIFIK, body, docs);
      assert.equal(d.status, status);
      assert.equal(d.body.code, docsCode);
      const persons = await getJson(ctx.url, '/__mock/persons');
      assert.equal(persons.verifik.length, 0);
      assert.equal(persons.attempts.verifik, 2);
    });
  }

  test('a photo of 9 MiB is read and stored (the base64 check once overflowed the stack on a few MiB)', async () => {
    const photo = Buffer.alloc(9 * 2 ** 20);
    Buffer.from(JPEG_B64, 'base64').copy(photo);
    const b64 = photo.toString('base64');
    const res = await post(ctx.url, VERIFIK, verifikBody({ images: [b64] }));
    assert.equal(res.status, 200);
    const bad = `${b64.slice(0, 100)}!${b64.slice(101)}`;
    assert.equal((await post(ctx.url, VERIFIK, verifikBody({ images: [bad] }))).status, 412);
    assert.equal((await post(ctx.url, VERIFIK, verifikBody({ images: [b64.slice(1)] }))).status, 412);
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.verifik.length, 1);
  });

  test('412 only_images_in_base64 in the docs shape', async () => {
    const d = await post(ctx.url, VERIFIK, verifikBody({ images: ['@@'] }), docs);
    assert.deepEqual(d.body, { message: 'only_images_in_base64', code: 'PreconditionFailed' });
  });

  test('a body that is not JSON → 409 MissingParameter', async () => {
    const d = await post(ctx.url, VERIFIK, '{oops', docs);
    assert.equal(d.status, 409);
    assert.equal(d.body.code, 'MissingParameter');
  });
});

describe('verifik person_already_set', () => {
  test('same name + date of birth in a shared collection → 412 with the existing person', async () => {
    const first = await post(ctx.url, VERIFIK, verifikBody({ name: 'Jane Roe' }));
    assert.equal(first.status, 200);
    const again = await post(ctx.url, VERIFIK, verifikBody({ name: 'jane roe', collections: ['other', 'collection_123456789'] }), docs);
    assert.equal(again.status, 412);
    assert.equal(again.body.code, 'PreconditionFailed');
    assert.equal(again.body.message, 'person_already_set');
    assert.equal(again.body.data._id, first.body.data._id);

    const file = await post(ctx.url, VERIFIK, verifikBody({ name: 'Jane Roe' }));
    assert.equal(file.status, 412);
    assert.equal(file.body.message, 'PERSON_ALREADY_SET');
    assert.equal(file.body.data._id, first.body.data._id);
  });

  test('another collection or another date of birth is a new person', async () => {
    await post(ctx.url, VERIFIK, verifikBody({ name: 'Jane Roe' }));
    const otherCollection = await post(ctx.url, VERIFIK, verifikBody({ name: 'Jane Roe', collections: ['elsewhere'] }));
    assert.equal(otherCollection.status, 200);
    const otherDob = await post(ctx.url, VERIFIK, verifikBody({ name: 'Jane Roe', date_of_birth: '1991-01-15' }));
    assert.equal(otherDob.status, 200);
    const none = await post(ctx.url, VERIFIK, verifikBody({ name: 'Jane Roe', collections: undefined }));
    assert.equal(none.status, 200);
    const noneAgain = await post(ctx.url, VERIFIK, verifikBody({ name: 'Jane Roe', collections: undefined }));
    assert.equal(noneAgain.status, 412, 'no collections share the default collection');
  });
});

test('verifik: 405 for DELETE on the create path (GET is the list)', async () => {
  const res = await fetch(`${ctx.url}${VERIFIK}`, { method: 'DELETE' });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'POST, GET, OPTIONS');
  await res.text();
});
