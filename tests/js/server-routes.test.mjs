// The README's "Your backend" routes run as written (Express, Next.js App
// Router, Hono), against personkit-mock: the blocks are written to files in
// a scratch project whose node_modules links this package, express and hono,
// and the providers' real hosts are sent to the mock by a fetch wrapper.
// Also over a real socket through toNodeHandler: 413 unread and 403 Origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { request as httpRequest } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mockServer } from './helpers.mjs';
import { person, assertClean, uid } from './server-helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let mock;
let dir;
let realFetch;
const modules = {};

before(async () => {
  mock = await mockServer();
  dir = mkdtempSync(join(tmpdir(), 'personkit-routes-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'personkit'));
  for (const dep of ['express', 'hono']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Your backend'), readme.indexOf('## Secrets and personal data'));
  for (const [, file, code] of section.matchAll(/```js\n\/\/ file: (\S+)\n([\s\S]*?)```/g)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    writeFileSync(join(dir, file), code);
  }
  // The route files read their secrets from the environment, as in production.
  Object.assign(process.env, {
    VERIFIK_TOKEN: 'verifik-test-token', EQUALS_API_KEY: 'equals-test-key', EQUALS_ACCOUNT_ID: 'F12345',
    HORUS_BASE_URL: 'https://horus.example.com', HORUS_CLIENT_ID: 'bb145d5f', HORUS_CLIENT_SECRET: 'bb145d5fxyz', PORT: '0',
  });
  realFetch = globalThis.fetch;
  globalThis.fetch = (url, init) => realFetch(String(url).replace(/^https:\/\/[^/]+/, mock.url), init);
  for (const [name, file] of [['express', 'express-server.mjs'], ['next', 'app/api/enrol/route.js'], ['hono', 'hono-app.mjs']]) {
    modules[name] = await import(pathToFileURL(join(dir, file)).href);
  }
});

after(async () => {
  globalThis.fetch = realFetch;
  const server = modules.express?.server;
  if (server) await new Promise((r) => { server.close(r); server.closeAllConnections(); });
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (p, key = `k-${uid()}`) => ({
  method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ person: p }),
});

async function assertCreated(res, p) {
  assert.equal(res.status, 200);
  const text = await res.text();
  assertClean(text);
  const { results } = JSON.parse(text);
  assert.deepEqual(Object.values(results).map((o) => o.status), ['created', 'created', 'created'], text);
  const s = await mock.persons();
  const eq = s.equals.find((x) => x.primaryEmailAddress === p.email);
  assert.deepEqual(eq.personaCounts, { F12345: 1 });
  assert.equal(eq.personas[0].roleName, 'Viewer');
  assert.ok(s.horus.some((h) => h.email === p.email && h.categoryId === 2 && h.positionId === 3));
  assert.ok(s.verifik.some((v) => v.name === `${p.firstName} ${p.lastName}` && v.collections[0] === 'customers'));
}

const expressUrl = () => `http://127.0.0.1:${modules.express.server.address().port}/api/enrol`;

test('Express: the README route creates the person in the three systems, once per key', async () => {
  await new Promise((r) => (modules.express.server.listening ? r() : modules.express.server.once('listening', r)));
  const p = person();
  const key = `k-${uid()}`;
  await assertCreated(await realFetch(expressUrl(), post(p, key)), p);
  const again = await realFetch(expressUrl(), post(p, key));
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  await again.text();
});

test('Next.js App Router: the route module\'s POST is called with a Request', async () => {
  const p = person();
  await assertCreated(await modules.next.POST(new Request('http://localhost:3000/api/enrol', post(p))), p);
});

test('Hono: app.fetch routes to the handler as it is', async () => {
  const p = person();
  await assertCreated(await modules.hono.default.fetch(new Request('http://localhost:8787/api/enrol', post(p))), p);
  assert.equal((await modules.hono.default.fetch(new Request('http://localhost:8787/api/enrol', { method: 'GET' }))).status, 404, 'Hono routes only POST here');
});

/** A raw HTTP request: the answer's status and body, and whether the server read what was sent. */
function raw(url, { headers, write }) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    write(req);
  });
}

test('over a socket (toNodeHandler): a body declared over 32 MiB is refused 413 at once, unread, and the connection closed', async () => {
  const started = Date.now();
  const res = await raw(expressUrl(), {
    headers: { 'content-type': 'application/json', 'idempotency-key': 'big', 'content-length': String(40 * 2 ** 20) },
    write: (req) => req.write('{"person":'), // and never the rest
  });
  assert.equal(res.status, 413);
  assert.equal(JSON.parse(res.body).error.code, 'PAYLOAD_TOO_LARGE');
  assert.equal(res.headers.connection, 'close');
  assert.ok(Date.now() - started < 5000);
});

test('over a socket: a Host header no URL can hold is 400 BAD_REQUEST, not a 500 of the server\'s', async () => {
  for (const host of ['[', 'a b', 'user@127.0.0.1', 'u:p@127.0.0.1']) {
    const res = await raw(expressUrl(), {
      headers: { 'content-type': 'application/json', 'idempotency-key': 'h', host },
      write: (req) => req.end('{}'),
    });
    assert.equal(res.status, 400, host);
    assert.equal(JSON.parse(res.body).error.code, 'BAD_REQUEST', host);
  }
});

test('over a socket: a foreign Origin is refused 403 before the body is read', async () => {
  const res = await raw(expressUrl(), {
    headers: { 'content-type': 'application/json', 'idempotency-key': 'o', origin: 'https://evil.example', 'content-length': '100000' },
    write: (req) => req.write('{'),
  });
  assert.equal(res.status, 403);
  assert.equal(JSON.parse(res.body).error.code, 'ORIGIN_NOT_ALLOWED');
  // The page's own origin (the Host it called) is allowed.
  const p = person();
  const ok = await realFetch(expressUrl(), { ...post(p), headers: { ...post(p).headers, origin: new URL(expressUrl()).origin } });
  assert.equal(ok.status, 200);
  await ok.text();
});

test('over a socket: the ndjson lines arrive through toNodeHandler as each provider finishes', async () => {
  const p = person();
  const res = await realFetch(expressUrl(), { ...post(p), headers: { ...post(p).headers, accept: 'application/x-ndjson' } });
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.provider ?? 'summary').sort(), ['equals', 'horus', 'summary', 'verifik']);
  assert.ok(lines.at(-1).results);
});

test('a cross-origin page\'s preflight (OPTIONS) reaches the handler through each README route, not the framework\'s own answer', async () => {
  const preflight = (origin) => ({ method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' } });
  // lib/enrol.mjs allows only the request's own origin: its preflight is the handler's 204, another's the handler's 403 JSON.
  const express = await realFetch(expressUrl(), preflight(new URL(expressUrl()).origin));
  assert.equal(express.status, 204, `Express answered ${express.status} ${await express.text()}`);
  const refused = await realFetch(expressUrl(), preflight('https://evil.example'));
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).error.code, 'ORIGIN_NOT_ALLOWED');
  assert.equal(typeof modules.next.OPTIONS, 'function', 'the Next.js route exports OPTIONS');
  assert.equal((await modules.next.OPTIONS(new Request('http://localhost:3000/api/enrol', preflight('http://localhost:3000')))).status, 204);
  const hono = await modules.hono.default.fetch(new Request('http://localhost:8787/api/enrol', preflight('http://localhost:8787')));
  assert.equal(hono.status, 204, `Hono answered ${hono.status}`);
});
