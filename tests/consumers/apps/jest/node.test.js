// Jest's default environment (node), CommonJS test code, no Jest config:
// each test file runs in its own vm context, so personkit's glue sees that
// context's Uint8Array, ArrayBuffer and WebAssembly while Node hands out its
// own (a Buffer, fs's bytes, fetch's answers).
const { readFile, writeFile, mkdtemp } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const pk = require('personkit');
const { check } = require('./check.cjs');

const { PK_MOCK, PK_REFUSED, PK_OUT } = process.env;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const person = { accountId: 'F12345', firstName: 'Ana', lastName: 'Ñañez Quispe', roleName: 'Viewer', emailAddress: 'ana@example.pe' };

test('the shared check: validate, encodeImage, create against personkit-mock, a refused port', async () => {
  const r = await check(pk, PK_MOCK, PK_REFUSED);
  await writeFile(PK_OUT, JSON.stringify(r));
  expect(r.fail).toBeUndefined();
});

test('encodeImage takes what Node hands out: a Buffer, fs bytes, a Blob, an ArrayBuffer', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pk-jest-'));
  await writeFile(join(dir, 'a.png'), Buffer.from(PNG, 'base64'));
  const fromFs = await readFile(join(dir, 'a.png'));
  const { buffer } = new Uint8Array(fromFs);
  for (const source of [Buffer.from(PNG, 'base64'), fromFs, new Blob([fromFs], { type: 'image/png' }), buffer]) {
    expect((await pk.encodeImage(source)).base64).toBe(PNG);
  }
});

test('errors are this context\'s: toBeInstanceOf(Error), toThrow, toEqual', async () => {
  const bad = pk.validateEqualsPerson({ ...person, emailAddress: 'nope' });
  expect(bad).toEqual(expect.objectContaining({ ok: false }));
  expect(pk.errorsByField(bad)).toEqual({ emailAddress: ['Enter an email like name@example.com'] });
  const err = await pk.encodeImage(Buffer.from('not a photo')).catch((e) => e);
  expect(err).toBeInstanceOf(pk.PersonkitError);
  expect(err).toBeInstanceOf(Error);
  expect(() => new pk.EqualsClient({ apiKey: '' })).toThrow(pk.PersonkitError);
});

test('enrol() and idempotencyKeyFor from require (ES modules inside)', async () => {
  const who = { firstName: 'Ana', lastName: 'Ñañez', email: 'ana@example.pe', identityNumber: '45879632' };
  expect(pk.idempotencyKeyFor(who)).toBe(pk.idempotencyKeyFor({ ...who }));
  // Nothing listens there: enrol checks the person, encodes the photo, then cannot connect.
  const err = await pk.enrol({ ...who, photos: [Buffer.from(PNG, 'base64')] }, { endpoint: `${PK_REFUSED}/api/enrol` }).catch((e) => e);
  expect(err).toBeInstanceOf(pk.PersonkitError);
  expect(err.code).toBe('NETWORK');
  const bad = await pk.enrol({ ...who, email: 'nope' }, { endpoint: `${PK_REFUSED}/api/enrol` }).catch((e) => e);
  expect(bad.code).toBe('VALIDATION_FAILED');
});
