// Server audit (session 44): a store of the server's own that throws instead
// of rejecting, a multipart body a parser read as text (Next.js' Pages
// Router, express.text for every type), a TRACE through toNodeHandler, and
// a response object shaped as NodeResponseLike declares it. Fake clients
// count the calls; 127.0.0.1 only. Each test failed before its fix.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import express from 'express';
import { toNodeHandler, memoryStore } from 'personkit/server';
import { person, fakeProviders, calls, jsonRequest, jsonOf, createEnrolHandler, uid, jpegBase64, localServers } from './server-helpers.mjs';

const { listen, closeAll } = localServers();
after(closeAll);

test('a store whose methods throw (a database busy) or answer plain values: the person still gets the outcomes, each provider once', async () => {
  const inner = memoryStore();
  let busy = false;
  const throwing = {
    get: (k) => inner.get(k),
    // Taken once the person's Equals lock is held: the throw comes mid-enrolment.
    create: (k, r, t) => { const p = inner.create(k, r, t); if (k.includes('person')) busy = true; return p; },
    replace: (k, v, r, t) => { if (busy) throw new Error('SQLITE_BUSY: database is locked'); return inner.replace(k, v, r, t); },
  };
  const logged = [];
  const providers = fakeProviders();
  const logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((level) => [level, (data) => logged.push([level, data])]));
  const handle = createEnrolHandler({ providers, store: throwing, logger });
  const res = await handle(jsonRequest({ person: person() }));
  const body = await jsonOf(res);
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.deepEqual(Object.values(body.results).map((o) => o.status), ['created', 'created', 'created']);
  assert.ok(logged.some(([, d]) => d.event === 'enrol.store_failed'), JSON.stringify(logged));
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });

  // A synchronous driver: values, not promises.
  const values = new Map();
  const plain = {
    get: (k) => (values.has(k) ? JSON.parse(values.get(k).text) : null),
    create: (k, r) => { if (values.has(k)) return false; values.set(k, { text: JSON.stringify(r), v: r.v }); return true; },
    replace: (k, v, r) => { if (values.get(k)?.v !== v) return false; values.set(k, { text: JSON.stringify(r), v: r.v }); return true; },
  };
  const again = fakeProviders();
  const handlePlain = createEnrolHandler({ providers: again, store: plain });
  const same = person();
  const key = `k-plain-${uid()}`;
  const request = () => jsonRequest({ person: same }, { key });
  assert.equal((await handlePlain(request())).status, 200);
  const replay = await handlePlain(request());
  assert.equal(replay.status, 200);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  await replay.text();
  assert.deepEqual(calls(again), { verifik: 1, equals: 1, horus: 1 });
});

test('a multipart body a parser read as text (express.text for every type, Next.js pages/api): a 500 saying so, not "not a JPEG"', async () => {
  const providers = fakeProviders();
  const app = express();
  app.use(express.text({ type: '*/*', limit: '50mb' }));
  app.post('/api/enrol', toNodeHandler(createEnrolHandler({ providers })));
  const url = await listen(createServer(app));
  const { photos, ...rest } = person();
  const form = new FormData();
  form.append('person', JSON.stringify(rest));
  form.append('photos', new File([Buffer.from(jpegBase64(), 'base64')], 'a.jpg', { type: 'image/jpeg' }));
  const res = await fetch(url, { method: 'POST', headers: { 'idempotency-key': `k-${uid()}` }, body: form });
  const body = await jsonOf(res);
  assert.equal(res.status, 500, JSON.stringify(body));
  assert.match(body.error.message, /bodyParser: false/);
  assert.equal(photos.length, 1);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('toNodeHandler: TRACE is 405 as any method but POST, not a 400 about the Host header', async () => {
  const url = await listen(createServer(toNodeHandler(createEnrolHandler({ providers: fakeProviders() }))));
  const answer = await new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'TRACE' }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, allow: res.headers.allow, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
  assert.deepEqual(answer, { status: 405, allow: 'POST', body: { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } } });
});

test('toNodeHandler with a response object as NodeResponseLike declares it (writeHead returns nothing): a bad Host is a 400, no unhandled rejection', async () => {
  const unhandled = [];
  const onUnhandled = (e) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const written = [];
    const res = {
      headersSent: false,
      writeHead(status) { written.push(status); this.headersSent = true; },
      write() { return true; },
      end() { written.push('end'); },
      on() {}, once() {},
    };
    const req = { method: 'POST', url: '/api/enrol', headers: { host: 'a b' }, rawHeaders: ['Host', 'a b'], readableEnded: false, socket: {}, async *[Symbol.asyncIterator]() {} };
    toNodeHandler(createEnrolHandler({ providers: fakeProviders() }))(req, res);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(written, [400, 'end']);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('Accept: NDJSON refused with q=0 (or not named) is answered JSON; named, it streams', async () => {
  const handle = createEnrolHandler({ providers: fakeProviders() });
  for (const [accept, type] of [
    ['application/x-ndjson;q=0, application/json', 'application/json'],
    ['application/json, text/x-ndjson-ish', 'application/json'],
    ['application/json;q=0.5, application/x-ndjson', 'application/x-ndjson'],
    ['APPLICATION/X-NDJSON; q=1', 'application/x-ndjson'],
  ]) {
    const res = await handle(jsonRequest({ person: person() }, { headers: { accept } }));
    assert.equal(res.headers.get('content-type')?.split(';')[0], type, accept);
    await res.text();
  }
});
