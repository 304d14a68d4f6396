// An option given as `undefined` is absent at run time (every option but the
// server's own fields, which createEnrolHandler refuses undefined), so the
// option types take it under exactOptionalPropertyTypes too: a project with
// that flag writes `new EqualsClient({ apiKey: process.env.EQUALS_API_KEY })`
// and `createServer(toNodeHandler(handler))` as anyone else does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  VerifikClient, EqualsClient, HorusClient, encodeImage, prepareImage, validateEqualsPerson, validateField,
  toProviderPayloads, enrol, enrolMany,
} from 'personkit';
import { createEnrolHandler, memoryStore } from 'personkit/server';
import { startMock } from 'personkit/mock';
import { rejection } from './helpers.mjs';
import { typesProject, compile, STRICT, root } from './types-helpers.mjs';

let project;
before(() => { project = typesProject(); });
after(() => project?.remove());

const U = undefined;
const LOCAL = 'http://127.0.0.1:9';
const client = { baseUrl: LOCAL, timeoutMs: U, maxRetries: U, maxResponseBytes: U, fetch: U, headers: U, dangerouslyAllowBrowser: U, logger: U, locale: U, messages: U };
const call = { signal: U, timeoutMs: U, maxRetries: U, headers: U, requestId: U, locale: U, messages: U, lookFirst: U };
const person = { firstName: 'Ana', lastName: 'Q', email: 'ana@example.pe', phone: U, dateOfBirth: U, gender: U, nationality: U, identityNumber: U, photos: U, extras: { equals: U } };
const summary = async () => new Response('{"results":{}}', { headers: { 'content-type': 'application/json' } });
const enrolOptions = { endpoint: '/api/enrol', providers: U, idempotencyKey: U, signal: U, onProgress: U, headers: U, credentials: U, locale: U, messages: U };
const manyOptions = {
  providers: { horus: { clientId: 'a', clientSecret: 'b', baseUrl: LOCAL, categoryId: 1, positionId: 1, timeoutMs: U, fetch: U, headers: U }, verifik: U },
  concurrency: U, journal: U, fsync: U, onProgress: U, onRow: U, signal: U, env: {}, rowsInFlight: U, locale: U,
};
const handlerOptions = {
  providers: { verifik: U }, authorize: U, prepare: U, onComplete: U, store: U, maxBodyBytes: U, maxPhotoBytes: U, allowedOrigins: U,
  allowCredentials: U, allowedHeaders: U, logger: U, idempotency: { ttlMs: U, waitMs: U, leaseMs: U },
};
const mockOptions = { port: U, host: U, config: U, quiet: U, log: U };

test('options given as undefined are taken at run time, and compile under exactOptionalPropertyTypes', async () => {
  // At run time: each is taken as if the undefined keys were left out.
  const refused = (e) => ['INVALID_OPTIONS'].includes(e?.code) || e instanceof TypeError;
  const caught = async (p) => { try { await p; return undefined; } catch (e) { return e; } };
  for (const [name, make] of [
    ['VerifikClient', () => new VerifikClient({ ...client, token: 't' }).createPerson({ name: 'A', images: [] }, call)],
    ['EqualsClient', () => new EqualsClient({ ...client, apiKey: U })],
    ['HorusClient', () => new HorusClient({ ...client, clientId: U, clientSecret: U, withoutCredentials: true })],
    ['HorusClient with credentials', () => new HorusClient({ ...client, clientId: 'a', clientSecret: 'b', withoutCredentials: U })],
    ['encodeImage', () => encodeImage(new Uint8Array([1]), { maxBytes: U, maxPixels: U, minWidth: U, minHeight: U })],
    ['prepareImage', () => prepareImage(new Blob([new Uint8Array([1])]), { maxDimension: U, quality: U, type: U })],
    ['validateEqualsPerson', () => validateEqualsPerson({}, { locale: U, messages: U })],
    ['validateField', () => validateField('person', 'email', 'a@b.co', { locale: U, messages: U, serverFields: U })],
    ['memoryStore', () => memoryStore({ maxKeys: U })],
  ]) {
    const e = await caught((async () => make())());
    assert.ok(!refused(e), `${name}: ${e?.detail ?? e?.message}`);
  }
  assert.equal(toProviderPayloads(person, { equals: true }, { locale: U, messages: U }).ok, true);
  assert.deepEqual(await enrol(person, { ...enrolOptions, fetch: summary }), { results: {} });
  assert.equal((await enrolMany([], manyOptions)).rows, 0);
  const { providers: _, ...handlerRest } = handlerOptions;
  createEnrolHandler({ ...handlerRest, providers: { ...handlerOptions.providers, horus: { client: new HorusClient({ baseUrl: LOCAL, clientId: 'a', clientSecret: 'b' }), categoryId: 1, positionId: 1 } } });
  // A server field given as undefined is refused (an unset environment variable): its type refuses it too.
  assert.ok((await rejection((async () => createEnrolHandler({ providers: { horus: { client: new HorusClient({ baseUrl: LOCAL, clientId: 'a', clientSecret: 'b' }), categoryId: 1, positionId: 1, externalId: U } } }))())) instanceof TypeError);
  await (await startMock(mockOptions)).close();

  const errors = compile(project.dir, 'optional.mts', [
    "import type { ClientOptions, VerifikClientOptions, EqualsClientOptions, HorusClientOptions, CallOptions, EncodeImageOptions,",
    "  PrepareImageOptions, MessageOptions, NeutralPerson, EnrolOptions, EnrolManyOptions } from 'personkit';",
    "import type { EnrolHandlerOptions } from 'personkit/server';",
    "import type { StartMockOptions } from 'personkit/mock';",
    "import { createServer } from 'node:http';",
    "import { createEnrolHandler, toNodeHandler, memoryStore } from 'personkit/server';",
    "import { EqualsClient, HorusClient } from 'personkit';",
    'export const equals = new EqualsClient({ apiKey: process.env.EQUALS_API_KEY, baseUrl: process.env.EQUALS_BASE_URL });',
    "const handler = createEnrolHandler({ providers: { horus: { client: new HorusClient({ baseUrl: 'https://h.example' }), categoryId: 1, positionId: 1 } }, store: memoryStore({ maxKeys: undefined }) });",
    'export const server = createServer(toNodeHandler(handler));',
    "// @ts-expect-error a server field given as undefined (createEnrolHandler throws)",
    "createEnrolHandler({ providers: { horus: { client: new HorusClient({}), categoryId: 1, positionId: 1, externalId: undefined } } });",
  ], [
    ['client options', 'ClientOptions', client],
    ['Verifik client options', 'VerifikClientOptions', { ...client, token: U }],
    ['Equals client options', 'EqualsClientOptions', { ...client, apiKey: U }],
    ['Horus client options', 'HorusClientOptions', { ...client, clientId: U, clientSecret: U, withoutCredentials: U }],
    ['call options', 'CallOptions', call],
    ['encodeImage options', 'EncodeImageOptions', { maxBytes: U, maxPixels: U, minWidth: U, minHeight: U }],
    ['prepareImage options', 'PrepareImageOptions', { maxDimension: U, quality: U, type: U }],
    ['validator options', 'MessageOptions', { locale: U, messages: U }],
    ['neutral person', 'NeutralPerson', person],
    ['enrol options', 'EnrolOptions', { ...enrolOptions, fetch: U }],
    ['enrolMany options', 'EnrolManyOptions', manyOptions],
    ['createEnrolHandler options', 'EnrolHandlerOptions', handlerOptions],
    ['startMock options', 'StartMockOptions', mockOptions],
  ], {
    compilerOptions: { ...STRICT, exactOptionalPropertyTypes: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')], lib: ['es2022', 'dom'] },
  });
  assert.deepEqual(errors, [], `an option the package takes as undefined is refused by its type:\n${errors.join('\n')}`);
});
