// Issue 6, Verifik, against personkit-mock on 127.0.0.1: both documented
// success and error shapes, the request on the wire, images as bytes.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { VerifikClient, PersonkitError } from 'personkit';
import { mockServer, TOKEN, fixture, jpegBase64, pngBase64, verifikPerson, rejection, assertNoSecrets } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());
const client = (over = {}) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, ...over });

for (const shape of ['file', 'docs']) {
  test(`creates a person and parses the ${shape} success shape`, async () => {
    const person = verifikPerson();
    const r = await client({ headers: { 'x-mock-verifik-shape': shape } }).createPerson(person);
    assert.equal(typeof r.id, 'string');
    assert.ok(r.id.length > 0);
    assert.equal(r.person.name, person.name);
    assert.deepEqual(r.person.date_of_birth, { year: 1990, month: 1, day: 15 });
    assert.equal(r.retried, false);
    const { verifik } = await mock.persons();
    assert.equal(verifik.length, 1);
  });
}

test('the request on the wire is exactly as documented', async () => {
  const person = verifikPerson();
  await client().createPerson(person);
  const [req] = await mock.requests();
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/v2/face-recognition/persons');
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(req.headers['content-type'], 'application/json');
  assert.deepEqual(req.body, person);
});

test('images as Blob, File, Uint8Array and ArrayBuffer are encoded into the body', async () => {
  const jpeg = fixture('portrait-120x160.jpg');
  const png = fixture('face-96x128.png');
  const images = [new Blob([jpeg]), new File([png], 'face.png'), new Uint8Array(jpeg)];
  const r = await client().createPerson(verifikPerson({ images }));
  assert.ok(r.id);
  const [req] = await mock.requests();
  assert.deepEqual(req.body.images, [jpegBase64(), pngBase64(), jpegBase64()]);
  await client().createPerson(verifikPerson({ images: [jpeg.buffer.slice(jpeg.byteOffset, jpeg.byteOffset + jpeg.length)] }));
  assert.equal((await mock.requests())[1].body.images[0], jpegBase64());
});

test('a HEIC or empty image is refused before anything is sent', async () => {
  const err = await rejection(client().createPerson(verifikPerson({
    images: [new Blob([fixture('iphone-header.heic')]), new Uint8Array(0)],
  })));
  assert.ok(err instanceof PersonkitError);
  assert.equal(err.code, 'VALIDATION_FAILED');
  const byField = Object.fromEntries(err.errors.map((e) => [e.field, e]));
  assert.equal(byField['images[0]'].code, 'INVALID_IMAGE_FORMAT');
  assert.match(byField['images[0]'].message, /convert/i);
  assert.equal(byField['images[1]'].code, 'IMAGE_EMPTY');
  assert.equal((await mock.persons()).attempts.verifik, 0);
});

test('invalid input throws VALIDATION_FAILED with every error and sends nothing', async () => {
  const err = await rejection(client().createPerson({ name: '', images: ['data:image/jpeg;base64,/9j/'], gender: 'X', dateOfBirth: '1990-01-01' }));
  assert.equal(err.code, 'VALIDATION_FAILED');
  assert.equal(err.provider, 'verifik');
  const codes = err.errors.map((e) => `${e.field}:${e.code}`).sort();
  assert.deepEqual(codes, ['dateOfBirth:UNKNOWN_FIELD', 'gender:NOT_ONE_OF', 'images[0]:INVALID_BASE64', 'name:NAME_REQUIRED']);
  assert.equal((await mock.persons()).attempts.verifik, 0);
});

for (const shape of ['file', 'docs']) {
  test(`the same person twice is ALREADY_EXISTS with the existing person (${shape} shape)`, async () => {
    const person = verifikPerson();
    const c = client({ headers: { 'x-mock-verifik-shape': shape } });
    const first = await c.createPerson(person);
    const err = await rejection(c.createPerson(person));
    assert.equal(err.code, 'ALREADY_EXISTS');
    assert.equal(err.status, 412);
    assert.match(err.providerCode, /person_already_set/i);
    assert.ok(err.existingPerson, 'the existing person is attached');
    assert.equal((await mock.persons()).verifik.length, 1);
    assert.ok(first.id);
    assertNoSecrets(err);
  });
}

test('no token is 401 UNAUTHORIZED; a wrong token is 403 UNAUTHORIZED', async () => {
  const none = await rejection(new VerifikClient({ baseUrl: mock.url }).createPerson(verifikPerson()));
  assert.equal(none.code, 'UNAUTHORIZED');
  assert.equal(none.status, 401);
  const wrong = await rejection(client({ token: 'nope-not-valid' }).createPerson(verifikPerson()));
  assert.equal(wrong.code, 'UNAUTHORIZED');
  assert.equal(wrong.status, 403);
  assert.ok(!JSON.stringify(wrong).includes('nope-not-valid'));
});
