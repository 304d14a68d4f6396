// Answers bounded in time and size: whatever a server sends, a call settles
// within timeoutMs, keeps at most maxResponseBytes (decoded bytes: gzip
// bombs are counted inflated), and an oversized answer is a BAD_RESPONSE
// that copies nothing of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { EqualsClient, HorusClient } from 'personkit';
import { API_KEY, CLIENT_ID, CLIENT_SECRET, equalsPerson, horusPerson, rejection, assertNoSecrets } from './helpers.mjs';

let server;
let url;
const sockets = new Set();
let creates = 0;

// Each path is one hostile behaviour; every request counts, lookups included.
const behaviours = {
  // An endless body as fast as the socket takes it.
  '/endless/v2/people': (req, res) => {
    res.writeHead(201, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => { while (res.write(chunk)); };
    res.on('drain', pump);
    res.write('{"id":"p1","padding":"');
    pump();
  },
  // 1 MiB of gzip that inflates to 256 MiB.
  '/bomb/v2/people': (req, res) => {
    res.writeHead(201, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(BOMB);
  },
  // A body that declares 560 MiB.
  '/declared/v2/people': (req, res) => {
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': String(560 * 2 ** 20) });
    res.write('{"id":');
  },
  // A body that dribbles a byte every 100 ms, for ever.
  '/dribble/v2/people': (req, res) => {
    res.writeHead(201, { 'content-type': 'application/json' });
    const t = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(t));
  },
  // Headers, then nothing.
  '/stall/v1/nonspec/oauth2/management/person': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"code":');
  },
};
let BOMB;

before(async () => {
  BOMB = gzipSync(Buffer.alloc(256 * 2 ** 20, 0x20), { level: 9 });
  server = createServer((req, res) => {
    if (req.method === 'POST') creates += 1;
    req.resume();
    const handle = Object.entries(behaviours).find(([prefix]) => req.url.startsWith(prefix))?.[1];
    if (handle) return handle(req, res);
    res.writeHead(404).end();
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const equals = (path, o = {}) => new EqualsClient({ apiKey: API_KEY, baseUrl: `${url}/${path}`, maxRetries: 0, ...o });

test('an endless fast body ends at maxResponseBytes: BAD_RESPONSE, one create, memory stays low', async () => {
  creates = 0;
  const rss = process.memoryUsage().rss;
  const err = await rejection(equals('endless', { timeoutMs: 20_000 }).createPerson(equalsPerson()));
  // A success whose body cannot be read may have created the person: it is
  // looked up, and the lookup meets the same endless body.
  assert.equal(err.code, 'OUTCOME_UNKNOWN', err.message);
  assert.match(err.detail, /larger than maxResponseBytes/);
  assert.equal(err.attempts, 1);
  assert.equal(creates, 1);
  assert.ok(process.memoryUsage().rss - rss < 200 * 2 ** 20, 'nothing like the whole stream was kept');
  assertNoSecrets(err);
});

test('a gzip bomb is counted inflated and cut off', async () => {
  const err = await rejection(equals('bomb').createPerson(equalsPerson()));
  assert.equal(err.code, 'OUTCOME_UNKNOWN');
  assert.match(err.detail, /larger than maxResponseBytes \(1048576 bytes\)/);
});

test('a declared 560 MiB body is refused before it is read', async () => {
  const err = await rejection(equals('declared', { maxResponseBytes: 4096 }).createPerson(equalsPerson()));
  assert.equal(err.code, 'OUTCOME_UNKNOWN');
  assert.match(err.detail, /larger than maxResponseBytes \(4096 bytes\)/);
});

test('timeoutMs bounds the whole attempt, body included, however slowly it drips', async () => {
  const err = await rejection(equals('dribble', { timeoutMs: 300 }).createPerson(equalsPerson()));
  assert.equal(err.code, 'OUTCOME_UNKNOWN', err.message);
  assert.match(err.detail, /no answer within 300 ms/);
  const horus = new HorusClient({ baseUrl: `${url}/stall`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 300, maxRetries: 1 });
  const e = await rejection(horus.createPerson(horusPerson()));
  assert.equal(e.code, 'TIMEOUT');
  assert.equal(e.attempts, 2, 'Horus repeats: a repeat is detectable there');
});

test('maxResponseBytes is checked like the other options', () => {
  for (const bad of [0, -1, 1.5, 2 ** 40, '1', NaN]) {
    assert.throws(() => equals('x', { maxResponseBytes: bad }), (e) => e.code === 'INVALID_OPTIONS' && e.field === 'maxResponseBytes');
  }
});
