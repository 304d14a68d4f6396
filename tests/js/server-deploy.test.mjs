// personkit/server as apps deploy it (found by the deployment audit): an
// Express app whose app-wide express.json() read the body first, Express's
// own `trust proxy` behind a TLS-terminating platform, node:http2's
// compatibility API, a compressed body and a body a middleware already read;
// and the default memoryStore on a serverless platform, said at start-up.
// Fake clients count the calls; 127.0.0.1 only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { createServer, request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { toNodeHandler, memoryStore } from 'personkit/server';
import { person, fakeProviders, calls, jsonRequest, jsonOf, assertClean, createEnrolHandler, uid, localServers } from './server-helpers.mjs';

const { listen, closeAll } = localServers();
after(closeAll);

const post = (p, headers = {}) => ({
  method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `k-${uid()}`, ...headers }, body: JSON.stringify({ person: p }),
});

/** A POST over node:http, which sends the Host header it is given (fetch sends its own). */
function rawPost(url, { headers, body }) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => { assertClean(text); resolve({ status: res.statusCode, body: JSON.parse(text) }); });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function answer(res) {
  const text = await res.text();
  assertClean(text);
  return { status: res.status, body: JSON.parse(text) };
}

test('Express with an app-wide express.json() (or express.text/raw) before the route: the enrolment goes through, each provider once', async () => {
  for (const parser of [express.json({ limit: '50mb' }), express.text({ type: 'application/json', limit: '50mb' }), express.raw({ type: '*/*', limit: '50mb' })]) {
    const providers = fakeProviders();
    const app = express();
    app.use(parser);
    app.post('/api/enrol', toNodeHandler(createEnrolHandler({ providers })));
    const url = await listen(createServer(app));
    const p = person();
    const init = post(p);
    const first = await answer(await fetch(url, init));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(Object.values(first.body.results).map((o) => o.status), ['created', 'created', 'created']);
    const again = await fetch(url, init);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    await again.text();
    assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
  }
});

test('Express with express.json(): a number the parser could not hold exactly is refused, not sent as null', async () => {
  const providers = fakeProviders();
  const app = express();
  app.use(express.json());
  app.post('/api/enrol', toNodeHandler(createEnrolHandler({ providers })));
  const url = await listen(createServer(app));
  const p = person();
  const body = `{"person":${JSON.stringify(p).slice(0, -1)},"extras":{"horus":{"custom":{"n":1e400}}}}}`;
  const res = await answer(await fetch(url, { ...post(p), body }));
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'BAD_REQUEST');
  assert.match(res.body.error.message, /number/);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('a body parser that read the request into something else (multer, urlencoded): a 500 that names the cause, never "not valid JSON"', async () => {
  const providers = fakeProviders();
  const app = express();
  // What multer does with a multipart body: reads the stream, leaves fields in req.body.
  app.use(async (req, _res, next) => { for await (const _ of req); req.body = Object.create(null); next(); });
  app.post('/api/enrol', toNodeHandler(createEnrolHandler({ providers })));
  const url = await listen(createServer(app));
  const form = new FormData();
  form.append('person', JSON.stringify(person()));
  const res = await answer(await fetch(url, { method: 'POST', headers: { 'idempotency-key': `k-${uid()}` }, body: form }));
  assert.equal(res.status, 500);
  assert.match(res.body.error.message, /body parser/);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('Express behind a TLS-terminating proxy: with app.set("trust proxy"), the default origin check uses X-Forwarded-Proto as req.protocol does; without it, the header is not trusted', async () => {
  for (const trusted of [true, false]) {
    const providers = fakeProviders();
    const app = express();
    if (trusted) app.set('trust proxy', 'loopback');
    app.post('/api/enrol', toNodeHandler(createEnrolHandler({ providers })));
    const url = await listen(createServer(app));
    const res = await rawPost(url, post(person(), { host: 'app.example', 'x-forwarded-proto': 'https', origin: 'https://app.example' }));
    assert.equal(res.status, trusted ? 200 : 403, JSON.stringify(res.body));
    assert.deepEqual(calls(providers), trusted ? { verifik: 1, equals: 1, horus: 1 } : { verifik: 0, equals: 0, horus: 0 });
  }
});

test('the default origin check refuses with words that tell the developer what to do, and logs both origins', async () => {
  const logged = [];
  const handle = createEnrolHandler({ providers: fakeProviders(), logger: { warn: (f) => logged.push(f), info() {}, error() {} } });
  const res = await handle(jsonRequest({ person: person() }, { url: 'http://10.0.0.7:3000/api/enrol', origin: 'https://app.example' }));
  assert.equal(res.status, 403);
  const { error } = await jsonOf(res);
  assert.equal(error.code, 'ORIGIN_NOT_ALLOWED');
  assert.match(error.message, /allowedOrigins/);
  assert.ok(!error.message.includes('10.0.0.7'), 'the server\'s own address is not told to the page');
  const refused = logged.find((f) => f.code === 'ORIGIN_NOT_ALLOWED');
  assert.equal(refused.origin, 'https://app.example');
  assert.equal(refused.ownOrigin, 'http://10.0.0.7:3000');
});

test('Next.js hands a route http://localhost:3000/… whatever host the page is at: the page\'s own origin (its Host) is allowed; another origin, or one only X-Forwarded-Host names, is not', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const url = 'http://localhost:3000/api/enrol';
  const send = (origin, headers) => handle(jsonRequest({ person: person() }, { url, origin, headers }));
  const own = await send('http://myapp.example', { host: 'myapp.example' });
  assert.equal(own.status, 200, JSON.stringify(await own.clone().json()));
  assert.equal(own.headers.get('access-control-allow-origin'), null, 'same origin: no CORS headers');
  assert.equal((await send('http://127.0.0.1:3101', { host: '127.0.0.1:3101' })).status, 200);
  assert.equal((await send('http://evil.example', { host: 'myapp.example' })).status, 403);
  assert.equal((await send('http://evil.example', { host: 'myapp.example', 'x-forwarded-host': 'evil.example' })).status, 403);
  // Another scheme is another origin: behind a proxy that terminates TLS, allowedOrigins names it.
  assert.equal((await send('https://myapp.example', { host: 'myapp.example' })).status, 403);
  assert.deepEqual(calls(providers), { verifik: 2, equals: 2, horus: 2 });
});

test('node:http2 (createServer / createSecureServer): the page\'s own origin is allowed (:authority), and no HTTP/1 Connection header is sent', async () => {
  const providers = fakeProviders();
  const server = http2.createServer(toNodeHandler(createEnrolHandler({ providers, maxBodyBytes: 1024 })));
  const url = await listen(server);
  const origin = new URL(url).origin;
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  const client = http2.connect(origin);
  const send = (headers, body) => new Promise((resolve, reject) => {
    const req = client.request({ ':method': 'POST', ':path': '/api/enrol', 'content-type': 'application/json', 'idempotency-key': `k-${uid()}`, origin, ...headers });
    let status;
    let text = '';
    req.on('response', (h) => { status = h[':status']; });
    req.setEncoding('utf8');
    req.on('data', (d) => { text += d; });
    req.on('end', () => resolve({ status, body: JSON.parse(text) }));
    req.on('error', reject);
    req.end(body);
  });
  try {
    const ok = await send({}, JSON.stringify({ person: { firstName: 'Ana', lastName: 'Quispe', email: `a${uid()}@example.pe`, identityNumber: '45879632' }, providers: ['equals', 'horus'] }));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(calls(providers), { verifik: 0, equals: 1, horus: 1 });
    const big = await send({ 'content-length': '5000' }, 'x'.repeat(5000));
    assert.equal(big.status, 413);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings.map((w) => w.message), []);
  } finally {
    process.off('warning', onWarning);
    client.close();
  }
});

test('a compressed body (Content-Encoding: gzip) is refused saying so, not as "not valid JSON"', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const res = await handle(new Request('https://app.example/api/enrol', {
    method: 'POST', body: gzipSync(JSON.stringify({ person: person() })),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'idempotency-key': `k-${uid()}` },
  }));
  assert.equal(res.status, 415);
  const { error } = await jsonOf(res);
  assert.match(error.message, /Content-Encoding/);
  assert.equal(res.headers.get('accept-encoding'), 'identity');
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  const plain = await handle(jsonRequest({ person: person() }, { headers: { 'content-encoding': 'identity' } }));
  assert.equal(plain.status, 200);
});

test('a body a middleware already read (Hono validator, Next.js middleware): a 500 whose log line says so', async () => {
  const logged = [];
  const handle = createEnrolHandler({ providers: fakeProviders(), logger: { error: (f) => logged.push(f), info() {}, warn() {} } });
  const req = jsonRequest({ person: person() });
  await req.json();
  const res = await handle(req);
  assert.equal(res.status, 500);
  await res.text();
  assert.match(logged.at(-1).error.message, /already read/);
});

test('ndjson through a compressing middleware or nginx: the answer says not to transform or buffer it, so each line reaches the page as it is written', async () => {
  const handle = createEnrolHandler({ providers: fakeProviders() });
  const res = await handle(jsonRequest({ person: person() }, { headers: { accept: 'application/x-ndjson' } }));
  // compression() and Hono's compress() skip a no-transform answer; nginx does not buffer one marked X-Accel-Buffering: no.
  assert.match(res.headers.get('cache-control'), /no-store/);
  assert.match(res.headers.get('cache-control'), /no-transform/);
  assert.equal(res.headers.get('x-accel-buffering'), 'no');
  await res.text();
});

test('on a serverless platform (AWS Lambda, Vercel, …) the default memoryStore is logged once at start-up: each instance has its own keys', () => {
  const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
  const logs = [];
  const logger = { info: () => {}, warn: (f) => logs.push(f), error: (f) => logs.push(f) };
  try {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'enrol';
    createEnrolHandler({ providers: fakeProviders(), logger });
    assert.deepEqual(logs, [{ event: 'enrol.memory_store', platform: 'AWS Lambda', fix: 'store: redisStore(client), shared by every instance' }]);
    createEnrolHandler({ providers: fakeProviders(), logger, store: memoryStore() });
    assert.equal(logs.length, 1, 'a store given is the server\'s choice: nothing said');
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    createEnrolHandler({ providers: fakeProviders(), logger });
    assert.equal(logs.length, 1, 'not on a serverless platform: nothing said');
  } finally {
    if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
  }
  // On Workers the fix names the Redis client made for it (over HTTPS, through fetch).
  const navigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  try {
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Cloudflare-Workers' }, configurable: true, writable: true });
    createEnrolHandler({ providers: fakeProviders(), logger });
    assert.deepEqual(logs.at(-1), { event: 'enrol.memory_store', platform: 'Cloudflare Workers', fix: 'store: redisStore(an @upstash/redis client), shared by every instance' });
  } finally {
    if (navigator) Object.defineProperty(globalThis, 'navigator', navigator);
    else delete globalThis.navigator;
  }
});
