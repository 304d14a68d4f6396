// enrol(), the page's half, in Node against the handler on a node:http
// server and personkit-mock: it validates with the same table before
// sending, sends files as multipart parts, reports each provider as its
// line arrives, keeps one key per person object so a double click or a
// "Try again" never creates twice.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { VerifikClient, EqualsClient, HorusClient, enrol, idempotencyKeyFor, PersonkitError } from 'personkit';
import { createEnrolHandler, toNodeHandler } from 'personkit/server';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET } from './helpers.mjs';
import { person, fixture } from './server-helpers.mjs';

let mock;
let server;
let endpoint;
before(async () => {
  mock = await mockServer();
  const o = { baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0 };
  const handle = createEnrolHandler({
    providers: {
      verifik: { client: new VerifikClient({ token: TOKEN, ...o }), collections: ['staff'] },
      equals: { client: new EqualsClient({ apiKey: API_KEY, ...o }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }), categoryId: 1, positionId: 1 },
    },
  });
  server = createServer(toNodeHandler(handle));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${server.address().port}/api/enrol`;
});
after(async () => {
  await new Promise((r) => { server.close(r); server.closeAllConnections(); });
  await mock.close();
});
beforeEach(() => mock.reset());

const withFile = () => {
  const p = person();
  p.photos = [new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg' })];
  return p;
};

test('enrol: files as multipart parts, one onProgress per provider, the summary; a second call with the same object is a replay', async () => {
  const p = withFile();
  const seen = [];
  const summary = await enrol(p, { endpoint, onProgress: (provider, outcome) => seen.push([provider, outcome.status]) });
  assert.deepEqual(Object.values(summary.results).map((o) => o.status), ['created', 'created', 'created']);
  assert.deepEqual(seen.map(([x]) => x).sort(), ['equals', 'horus', 'verifik']);
  const again = await enrol(p, { endpoint });
  assert.deepEqual(again, summary);
  const s = await mock.persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.match(idempotencyKeyFor(p), /^pk-/);
});

test('enrol: a double click (two calls at once) creates once', async () => {
  const p = withFile();
  const [a, b] = await Promise.all([enrol(p, { endpoint }), enrol(p, { endpoint })]);
  assert.deepEqual(a, b);
  assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
});

test('enrol: validates first with the same table, nothing sent', async () => {
  const p = withFile();
  p.email = 'nope';
  p.extras = { equals: { roleName: 'Owner' } };
  const err = await enrol(p, { endpoint }).then(() => null, (e) => e);
  assert.ok(err instanceof PersonkitError);
  assert.equal(err.code, 'VALIDATION_FAILED');
  const fields = err.errors.map((e) => `${e.provider}:${e.field}:${e.code}`);
  assert.ok(fields.includes('equals:email:INVALID_EMAIL'));
  assert.ok(fields.includes('equals:extras.equals.roleName:FIELD_NOT_ALLOWED'));
  const notPhoto = person({ photos: [new File([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], 'x.gif')] });
  const e2 = await enrol(notPhoto, { endpoint }).then(() => null, (e) => e);
  assert.equal(e2.errors[0].field, 'photos[0]');
  assert.equal((await mock.persons()).attempts.equals, 0);
});

test('enrol: "Try again" with the same person runs only the failed provider', async () => {
  await mock.scenario('503', 1, 'horus');
  const p = withFile();
  const first = await enrol(p, { endpoint });
  assert.deepEqual([first.results.horus.status, first.results.horus.retryable], ['failed', true]);
  const second = await enrol(p, { endpoint });
  assert.equal(second.results.horus.status, 'created');
  assert.equal(second.results.equals.id, first.results.equals.id);
  const s = await mock.persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 2 });
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
});

test('enrol: the server\'s refusal rejects with its code', async () => {
  const err = await enrol(person(), { endpoint, idempotencyKey: 'a b' }).then(() => null, (e) => e);
  assert.equal(err.code, 'INVALID_IDEMPOTENCY_KEY');
  assert.equal(err.status, 400);
  const gone = await enrol(person(), { endpoint: 'http://127.0.0.1:9/api/enrol' }).then(() => null, (e) => e);
  assert.equal(gone.code, 'NETWORK');
});
