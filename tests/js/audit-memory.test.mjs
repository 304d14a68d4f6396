// A long-running server does not leak: the same work repeated many times in
// one process leaves the wasm linear memory, the wasm tables (a JS value kept
// by Rust stays in one) and the live handles where they were, and the JS heap
// within a generous margin; and a process that used a feature exits on its
// own (no timer or socket left referenced).
//
// The wasm exports are not public: WebAssembly.Instance is wrapped while
// personkit is first imported (dynamically, after the wrap) to keep them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const Original = WebAssembly.Instance;
let wasm;
WebAssembly.Instance = function Instance(module, imports) {
  const instance = new Original(module, imports);
  wasm ??= instance.exports;
  return instance;
};
WebAssembly.Instance.prototype = Original.prototype;
const pk = await import('personkit');
const srv = await import('personkit/server');
WebAssembly.Instance = Original;
const H = await import('./helpers.mjs');

const ROOT = new URL('../../', import.meta.url);
const jpeg = H.fixture('portrait-120x160.jpg');
const big = Buffer.from(H.largeJpegBase64(300_000), 'base64');

/** The mock in its own process, so that what it keeps is not counted as ours. */
let mock;
before(async () => {
  const child = spawn(process.execPath, [new URL('mock/server.mjs', ROOT).pathname, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => { text += d; const m = text.match(/http:\/\/127\.0\.0\.1:\d+/); if (m) resolve(m[0]); });
    child.on('exit', () => reject(new Error(`the mock exited: ${text}`)));
  });
  child.stdout.resume();
  mock = { url, child, reset: () => fetch(`${url}/__mock/reset`, { method: 'POST' }).then((r) => r.text()) };
});
after(() => mock.child.kill());

/**
 * Collections with turns of the event loop between them: FinalizationRegistry
 * callbacks run in those turns (wasm-bindgen's, which free dropped clients;
 * fetch's, which let go of each request's AbortSignal and its listener).
 */
async function settle() {
  for (let i = 0; i < 3; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  gc();
}
const tables = () => Object.values(wasm).filter((v) => v instanceof WebAssembly.Table).map((t) => t.length);
async function sample() {
  await mock.reset();
  await settle();
  return {
    wasm: wasm.memory.buffer.byteLength,
    tables: tables(),
    handles: process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'Timeout').length,
    heap: process.memoryUsage().heapUsed,
  };
}

/**
 * Runs `work` n times (after a warm-up), then 3n more: the second stretch may
 * not grow the wasm memory, the tables or the handles at all, nor the heap by
 * more than `heapMargin` bytes (n is small, so a real leak of even a few
 * hundred bytes an iteration shows, and noise stays well under it).
 */
async function noGrowth(name, work, n, heapMargin = 2 * 2 ** 20) {
  for (let i = 0; i < Math.min(n, 50); i += 1) await work(i);
  await sample();
  for (let i = 0; i < n; i += 1) await work(i);
  const a = await sample();
  for (let i = 0; i < 3 * n; i += 1) await work(i);
  const b = await sample();
  assert.equal(b.wasm, a.wasm, `${name}: the wasm memory grew from ${a.wasm} to ${b.wasm} bytes`);
  assert.deepEqual(b.tables, a.tables, `${name}: a wasm table grew (a JS value Rust never gave back)`);
  assert.ok(b.handles <= a.handles, `${name}: ${b.handles - a.handles} handle(s) more`);
  assert.ok(b.heap - a.heap < heapMargin, `${name}: the JS heap grew by ${b.heap - a.heap} bytes over ${3 * n} more runs`);
}

const servers = { equals: { accountId: 'F12345', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };
const neutral = (i) => ({ firstName: 'Ana', lastName: `Quispe ${i}`, email: `ana.${H.uid()}@example.pe`, identityNumber: `45${H.uid()}`, dateOfBirth: '1990-12-04', photos: [jpeg.toString('base64')] });

test('validators and toProviderPayloads (valid and not, es and en): nothing grows', async () => {
  await noGrowth('validators', (i) => {
    const locale = i % 4 < 2 ? 'es' : 'en';
    pk.validateVerifikPerson(i % 2 ? H.verifikPerson() : { name: '', images: ['xx'] }, { locale });
    pk.validateEqualsPerson(i % 2 ? H.equalsPerson() : { emailAddress: 'nope' }, { locale });
    pk.validateHorusPerson(i % 2 ? H.horusPerson() : { enabled: 7 }, { locale });
    pk.toProviderPayloads(i % 2 ? neutral(i) : { email: 'x' }, servers, { locale });
  }, 1000);
});

test('encodeImage on Buffers and Blobs of a few hundred KB, and on bytes that are no image: nothing grows', async () => {
  await noGrowth('encodeImage', async (i) => {
    if (i % 3 === 0) await pk.encodeImage(big);
    else if (i % 3 === 1) await pk.encodeImage(new Blob([big], { type: 'image/jpeg' }));
    else await pk.encodeImage(Buffer.from('not an image')).catch(() => {});
  }, 150);
});

const make = {
  verifik: (o) => new pk.VerifikClient({ token: H.TOKEN, baseUrl: mock.url, maxRetries: 0, ...o }),
  equals: (o) => new pk.EqualsClient({ apiKey: H.API_KEY, baseUrl: mock.url, maxRetries: 0, ...o }),
  horus: (o) => new pk.HorusClient({ clientId: H.CLIENT_ID, clientSecret: H.CLIENT_SECRET, baseUrl: mock.url, maxRetries: 0, ...o }),
};
const input = { verifik: H.verifikPerson, equals: H.equalsPerson, horus: H.horusPerson };

for (const p of ['verifik', 'equals', 'horus']) {
  test(`${p}: creates (ok, refused input, aborted signal) on one client, and clients dropped with and without free(): nothing grows`, async () => {
    const client = make[p]();
    await noGrowth(`${p} createPerson`, async (i) => {
      if (i % 3 === 0) await client.createPerson(input[p]());
      else if (i % 3 === 1) await client.createPerson({}).catch(() => {});
      else await client.createPerson(input[p](), { signal: AbortSignal.abort() }).catch(() => {});
    }, 90);
    // A dropped client is freed by a FinalizationRegistry after a collection: let one run
    // now and then, as a server's own allocations do, or the wasm memory's high-water mark
    // is set by how many clients were made between collections. One collection and a turn
    // for its callbacks do it (no fetch here, whose signals need settle()'s rounds), at a
    // fraction of settle()'s cost.
    await noGrowth(`${p} clients`, async (i) => {
      const c = make[p]();
      if (i % 2) c.free();
      if (i % 200 === 0) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }, 1000);
  });
}

test('createEnrolHandler with memoryStore (JSON, multipart, NDJSON, refusals): nothing grows past the store\'s bound', async () => {
  const o = { baseUrl: mock.url, maxRetries: 0 };
  const handler = srv.createEnrolHandler({
    providers: {
      verifik: { client: new pk.VerifikClient({ token: H.TOKEN, ...o }), collections: ['staff'] },
      equals: { client: new pk.EqualsClient({ apiKey: H.API_KEY, ...o }), ...servers.equals },
      horus: { client: new pk.HorusClient({ clientId: H.CLIENT_ID, clientSecret: H.CLIENT_SECRET, ...o }), ...servers.horus },
    },
    store: srv.memoryStore({ maxKeys: 64 }),
    maxBodyBytes: 100_000,
  });
  const request = (body, headers = {}, origin = 'https://app.example') => new Request('https://app.example/api/enrol', {
    method: 'POST', body, headers: { origin, 'idempotency-key': `k-${H.uid()}`, 'content-type': 'application/json', ...headers },
  });
  const kinds = [
    (i) => request(JSON.stringify({ person: neutral(i) })),
    (i) => request(JSON.stringify({ person: neutral(i) }), { accept: 'application/x-ndjson', 'accept-language': 'es' }),
    (i) => {
      const form = new FormData();
      form.append('person', JSON.stringify({ ...neutral(i), photos: undefined }));
      form.append('photos', new File([jpeg], 'a.jpg', { type: 'image/jpeg' }));
      return new Request('https://app.example/api/enrol', { method: 'POST', body: form, headers: { origin: 'https://app.example', 'idempotency-key': `k-${H.uid()}` } });
    },
    () => request('{}', { 'idempotency-key': '' }), // 400
    (i) => request(JSON.stringify({ person: neutral(i) }), {}, 'https://evil.example'), // 403
    () => request(JSON.stringify({ pad: 'x'.repeat(200_000) })), // 413
    () => request('hello', { 'content-type': 'text/plain' }), // 415
    () => request(JSON.stringify({ person: { email: 'nope' } }), { 'accept-language': 'es' }), // 422
  ];
  const statuses = new Set();
  await noGrowth('createEnrolHandler', async (i) => {
    const res = await handler(kinds[i % kinds.length](i));
    statuses.add(res.status);
    await res.text();
  }, 160);
  assert.deepEqual([...statuses].sort(), [200, 400, 403, 413, 415, 422]);
});

test('enrolMany runs: nothing grows', async () => {
  const providers = { equals: { apiKey: H.API_KEY, baseUrl: mock.url, ...servers.equals }, horus: { clientId: H.CLIENT_ID, clientSecret: H.CLIENT_SECRET, baseUrl: mock.url, ...servers.horus } };
  await noGrowth('enrolMany', async (i) => {
    const r = await pk.enrolMany([neutral(i), neutral(i), { email: 'nope' }], { providers, env: {} });
    assert.equal(r.rows, 3);
  }, 40);
});

/** Runs `body` in a new Node process (personkit imported as pk, srv) and resolves with its exit code and output; a process still alive after `killMs` is killed. */
function runAlone(body, killMs = 30_000) {
  const pre = `import * as pk from 'personkit'; import * as srv from 'personkit/server';
    const url = ${JSON.stringify(mock.url)}; const jpeg = ${JSON.stringify(jpeg.toString('base64'))};
    const P = ${JSON.stringify(neutral(0))};
    const equals = (o = {}) => new pk.EqualsClient({ apiKey: ${JSON.stringify(H.API_KEY)}, baseUrl: url, maxRetries: 0, ...o });
    const E = () => ({ accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a' + Math.random() + '@acme.com', dob: '1996-07-17', primaryMobileNumber: '+447798121212' });
    const post = (h, extra = {}) => h(new Request('https://a.example/api', { method: 'POST', headers: { origin: 'https://a.example', 'idempotency-key': 'k' + Math.random(), 'content-type': 'application/json', ...extra }, body: JSON.stringify({ person: { ...P, email: Math.random() + '@example.pe' } }) }));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', `${pre}\n${body}\nconsole.log('done');`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const killer = setTimeout(() => child.kill(), killMs);
  return new Promise((resolve) => child.on('exit', (code, signal) => { clearTimeout(killer); resolve({ code: code ?? signal, out }); }));
}

const alone = {
  'validators and toProviderPayloads': `pk.validateVerifikPerson({}); pk.validateEqualsPerson({}, { locale: 'es' }); pk.validateHorusPerson({}); pk.toProviderPayloads(P, {});`,
  encodeImage: `await pk.encodeImage(Buffer.from(jpeg, 'base64')); await pk.encodeImage(new Blob([Buffer.from(jpeg, 'base64')])); await pk.encodeImage(Buffer.from('x')).catch(() => {});`,
  'a create, client never freed': `await equals().createPerson(E());`,
  'a create that times out': `console.log((await equals({ timeoutMs: 50, headers: { 'x-mock-fault': 'delay=60000' } }).createPerson(E()).catch((e) => e)).code);`,
  'a create aborted in flight': `const ac = new AbortController(); setTimeout(() => ac.abort(), 50);
    console.log((await equals({ headers: { 'x-mock-fault': 'delay=60000' } }).createPerson(E(), { signal: ac.signal }).catch((e) => e)).code);`,
  'a 429 waited out': `console.log((await equals({ maxRetries: 1, headers: { 'x-mock-fault': '429;retry-after=1' } }).createPerson(E()).catch((e) => e)).code);`,
  'createEnrolHandler, answers read and not': `const h = srv.createEnrolHandler({ providers: { equals: { client: equals(), accountId: 'F12345', roleName: 'Viewer' } } });
    await (await post(h)).text(); await post(h, { accept: 'application/x-ndjson' });`,
  'createEnrolHandler, a provider timing out': `const h = srv.createEnrolHandler({ providers: { equals: { client: equals({ timeoutMs: 100, headers: { 'x-mock-fault': 'delay=60000' } }), accountId: 'F12345', roleName: 'Viewer' } } });
    await (await post(h)).text();`,
  enrolMany: `console.log((await pk.enrolMany([P], { providers: { equals: { apiKey: ${JSON.stringify(H.API_KEY)}, baseUrl: url, accountId: 'F12345', roleName: 'Viewer' } }, env: {} })).rows);`,
  // Stopped while Equals' Retry-After pauses the lane, with rows waiting on it: the pause's timer must go with them.
  'enrolMany stopped during a 429 pause': `const fs = await import('node:fs'); const dir = fs.mkdtempSync((await import('node:os')).tmpdir() + '/personkit-pause-');
    await fetch(url + '/__mock/scenario', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: '429;retry-after=120', count: 2, provider: 'equals', kind: 'create' }) });
    const journal = dir + '/j.jsonl'; const ac = new AbortController();
    const poll = setInterval(() => { if (fs.existsSync(journal) && fs.readFileSync(journal, 'utf8').includes('RATE_LIMITED')) ac.abort(new Error('stopped')); }, 20);
    const r = await pk.enrolMany([P, { ...P, email: 'b' + Math.random() + '@example.pe' }, { ...P, email: 'c' + Math.random() + '@example.pe' }],
      { providers: { equals: { apiKey: ${JSON.stringify(H.API_KEY)}, baseUrl: url, accountId: 'F12345', roleName: 'Viewer' } }, env: {}, concurrency: 1, journal, signal: ac.signal });
    clearInterval(poll); fs.rmSync(dir, { recursive: true }); console.log(r.stopped, r.providers.equals.pending);`,
};

for (const [name, body] of Object.entries(alone)) {
  test(`a process that used ${name} exits on its own`, async () => {
    const { code, out } = await runAlone(body);
    assert.equal(code, 0, `it did not exit by itself (something still holds the event loop):\n${out}`);
    assert.match(out, /done\n$/);
  });
}
