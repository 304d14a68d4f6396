// Shared by the client suites: the mock on a free port, fixtures, and a
// scan for secrets in everything an error exposes.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { startMock } from '../../mock/server.mjs';

export const TOKEN = 'verifik-test-token';
export const API_KEY = 'equals-test-key';
export const CLIENT_ID = 'bb145d5f';
export const CLIENT_SECRET = 'bb145d5fxyz';
export const SECRETS = [TOKEN, API_KEY, CLIENT_SECRET];

export const fixture = (name) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));
export const jpegBase64 = () => fixture('portrait-120x160.jpg').toString('base64');
export const pngBase64 = () => fixture('face-96x128.png').toString('base64');
/** A valid JPEG of about `bytes` bytes, as a phone takes them: the fixture padded with comment segments, in base64. */
export function largeJpegBase64(bytes) {
  const src = fixture('portrait-120x160.jpg');
  const parts = [src.subarray(0, 2)]; // SOI
  for (let n = 0; n < bytes; n += 65537) {
    const seg = Buffer.alloc(65537, 0x41);
    seg.writeUInt16BE(0xfffe, 0); // COM
    seg.writeUInt16BE(65535, 2);
    parts.push(seg);
  }
  parts.push(src.subarray(2));
  return Buffer.concat(parts).toString('base64');
}

export async function mockServer() {
  const mock = await startMock({ port: 0, quiet: true });
  const json = async (path, init) => (await fetch(`${mock.url}${path}`, init)).json();
  return {
    url: mock.url,
    close: () => mock.close(),
    reset: () => json('/__mock/reset', { method: 'POST' }),
    persons: () => json('/__mock/persons'),
    requests: () => json('/__mock/requests'),
    clearScenarios: () => json('/__mock/scenario', { method: 'DELETE' }),
    scenario: (fault, count, provider, kind = 'create') => json('/__mock/scenario', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault, count, provider, kind }),
    }),
  };
}

let unique = 0;
export const uid = () => `${Date.now().toString(36)}${(unique += 1)}`;

export const verifikPerson = (over = {}) => ({
  name: `Ana Ñañez ${uid()}`, images: [jpegBase64()], gender: 'F', date_of_birth: '1990-01-15',
  nationality: 'PE', collections: ['collection_1'], notes: 'VIP customer', ...over,
});
export const equalsPerson = (over = {}) => ({
  accountId: 'F12345', firstName: 'Alison', lastName: 'Abraham', roleName: 'Viewer',
  emailAddress: `a.${uid()}@acme.com`, dob: '1996-07-17', primaryMobileNumber: '+447798121212', ...over,
});
export const horusPerson = (over = {}) => ({
  mainIdentifier: `445${uid()}`, firstName: 'Jane', lastName: 'Doe', email: `jane.${uid()}@example.com`,
  enabled: 1, custom: '{"key":"value"}', categoryId: 1, positionId: 1, ...over,
});

/** Awaits a rejection and returns the error. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

/** No secret in any text an error exposes. */
export function assertNoSecrets(err) {
  const texts = [err.message, err.detail ?? '', String(err), JSON.stringify(err), err.stack ?? '', err.body ?? '',
    JSON.stringify(err.existingPerson ?? null), err.cause ? `${String(err.cause)} ${err.cause.stack ?? ''} ${JSON.stringify(err.cause)}` : ''];
  for (const secret of SECRETS) {
    for (const t of texts) assert.ok(!t.includes(secret), `secret leaked into: ${t.slice(0, 200)}`);
  }
}
