// personkit/server, measured (a benchmark, not a test):
//  1. one enrolment to three providers through the handler (in process, a
//     Request in, the Response read) vs the three clients called directly
//     with Promise.all on the same bodies, against personkit-mock (its own
//     process): the time an enrolment takes, goal ≤ 1.1×; with a reference
//     row, the clients behind a bare fetch handler (what Request/Response cost);
//  2. 200 concurrent enrolments (each its own key) with memoryStore and with
//     redisStore (a redis-server started here, when Debian's is installed):
//     enrolments/s and p99 latency;
//  3. the handler's own cost per enrolment in µs: the same, with clients that
//     answer at once, minus the direct Promise.all of those clients; with the
//     1.5 KB fixture photo and with a phone-sized one of 1 MiB;
//  4. with a store 20 ms away (a hosted Redis over HTTPS): how many store
//     round trips the person's answer waits for beyond the slowest provider.
// Run after `make build`: node bench/server.mjs  [--rounds=N]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { VerifikClient, EqualsClient, HorusClient, toProviderPayloads } from 'personkit';
import { createEnrolHandler, memoryStore, redisStore } from 'personkit/server';
import { jpegLike } from './lib/image-harness.mjs';

const ROUNDS = +(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const JPEG = readFileSync(new URL('../tests/fixtures/images/portrait-120x160.jpg', import.meta.url)).toString('base64');
const SERVER = {
  verifik: { collections: ['staff'] }, equals: { accountId: 'F12345', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 },
};

let n = 0;
const person = () => {
  n += 1;
  return {
    firstName: 'Ana', lastName: `Quispe ${n}`, email: `ana.${n}@example.pe`, dateOfBirth: '1990-12-04', gender: 'F',
    nationality: 'PE', identityNumber: `4${String(n).padStart(7, '0')}`, phone: '+51987654321', photos: [JPEG],
  };
};

function start(cmd, args, ready) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = ready(out); if (m) { child.stdout.resume(); resolve({ value: m, stop: () => child.kill('SIGTERM') }); } });
    child.once('exit', () => reject(new Error(`${cmd} exited: ${out.slice(-300)}`)));
  });
}
const freePort = () => new Promise((r) => { const s = createNetServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => r(port)); }); });

const mock = await start(process.execPath, [fileURLToPath(new URL('../mock/server.mjs', import.meta.url)), '--port', '0', '--quiet'], (o) => o.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0]);
const mockUrl = mock.value;
const reset = () => fetch(`${mockUrl}/__mock/reset`, { method: 'POST' }).then((r) => r.text());

const o = { baseUrl: mockUrl, timeoutMs: 30_000, maxRetries: 0 };
const clients = {
  verifik: new VerifikClient({ token: 'verifik-test-token', ...o }),
  equals: new EqualsClient({ apiKey: 'equals-test-key', ...o }),
  horus: new HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', ...o }),
};
const providersWith = (c) => ({
  verifik: { client: c.verifik, ...SERVER.verifik }, equals: { client: c.equals, ...SERVER.equals }, horus: { client: c.horus, ...SERVER.horus },
});
const request = (p) => new Request('http://127.0.0.1/api/enrol', {
  method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `b-${n}-${Math.random()}` }, body: JSON.stringify({ person: p }),
});
async function viaHandler(handle, p) {
  const res = await handle(request(p));
  const { results } = await res.json();
  if (results.equals.status !== 'created') throw new Error(`bench: ${JSON.stringify(results)}`);
}
// A reference, not a contender: the same clients behind the least a fetch
// handler does (a Request in, its body read and parsed, a JSON Response out
// and read), with no checks and no idempotency. What the WHATWG interface
// itself costs in this runtime, which createEnrolHandler pays too.
async function bareHandler(c, p) {
  const req = request(p);
  const { person: got } = JSON.parse(await req.text());
  const { value } = toProviderPayloads(got, SERVER);
  const [verifik, equals, horus] = await Promise.all([c.verifik.createPerson(value.verifik), c.equals.createPerson(value.equals), c.horus.createPerson(value.horus)]);
  const res = new Response(JSON.stringify({ results: { verifik: { id: verifik.id }, equals: { id: equals.id }, horus: { created: horus.created } } }), { headers: { 'content-type': 'application/json' } });
  await res.json();
}
async function direct(c, p) {
  // What a hand-written route does: the three bodies (the same table), then the three clients.
  const { value } = toProviderPayloads(p, SERVER);
  await Promise.all([c.verifik.createPerson(value.verifik), c.equals.createPerson(value.equals), c.horus.createPerson(value.horus)]);
}
// A reference: the same route, looking the person up in Equals before its
// create as the handler does (`lookFirst`), so a reload or a second tab
// under a new key does not add a second persona. The handler's price over
// this row is its own work; over `direct`, its own work and that lookup.
async function directLookingFirst(c, p) {
  const { value } = toProviderPayloads(p, SERVER);
  await Promise.all([c.verifik.createPerson(value.verifik), c.equals.createPerson(value.equals, { lookFirst: true }), c.horus.createPerson(value.horus)]);
}

let redis = null;
try {
  const port = await freePort();
  redis = await start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], (out) => (/Ready to accept/.test(out) ? port : null));
} catch {
  console.log('(no redis-server: the redisStore rows are left out)');
}
let redisClient = null;
if (redis) {
  const { createClient } = await import('redis');
  redisClient = createClient({ url: `redis://127.0.0.1:${redis.value}` });
  await redisClient.connect();
}

try {
  // 1. One enrolment, sequential: the two contenders alternate enrolment by
  // enrolment (so a burst of load on this shared machine hits both), and each
  // is summarised by its median enrolment.
  const PER_ROUND = 100;
  const handle = createEnrolHandler({ providers: providersWith(clients) });
  const contenders = [
    { name: 'three clients, Promise.all', fn: () => direct(clients, person()) },
    { name: 'createEnrolHandler (memoryStore)', fn: () => viaHandler(handle, person()) },
    { name: '[reference] the clients behind a bare fetch handler (Request in, JSON Response out, nothing else)', fn: () => bareHandler(clients, person()) },
    { name: '[reference] three clients, Promise.all, Equals with lookFirst: true (the lookup the handler makes)', fn: () => directLookingFirst(clients, person()) },
  ];
  for (const c of contenders) for (let i = 0; i < 20; i += 1) await c.fn();
  const rounds = contenders.map(() => []);
  for (let r = 0; r < ROUNDS; r += 1) {
    await reset();
    const times = contenders.map(() => []);
    for (let j = 0; j < PER_ROUND; j += 1) {
      for (let k = 0; k < contenders.length; k += 1) {
        const i = (k + j) % contenders.length;
        const t0 = now();
        await contenders[i].fn();
        times[i].push(now() - t0);
      }
    }
    times.forEach((t, i) => rounds[i].push(median(t)));
  }
  const ratios = rounds.map((s) => s.map((x, i) => x / rounds[0][i]));
  console.log(`### One enrolment to three providers (personkit-mock), ${ROUNDS} rounds of ${PER_ROUND} alternated\n`);
  console.log('| contender | median ms per enrolment (median of rounds) | rounds min–max | time vs direct (median, range over rounds) |\n|---|---:|---:|---:|');
  contenders.forEach((c, i) => console.log(`| ${c.name} | ${median(rounds[i]).toFixed(3)} | ${Math.min(...rounds[i]).toFixed(3)}–${Math.max(...rounds[i]).toFixed(3)} | ${median(ratios[i]).toFixed(3)}× (${Math.min(...ratios[i]).toFixed(2)}–${Math.max(...ratios[i]).toFixed(2)}) |`));
  const lookingFirst = rounds[3].map((x, i) => rounds[1][i] / x);
  console.log(`\nthe handler takes ${median(lookingFirst).toFixed(3)}× (${Math.min(...lookingFirst).toFixed(2)}–${Math.max(...lookingFirst).toFixed(2)}) the time of the clients called directly with the same Equals lookup first`);

  // 2. 200 concurrent enrolments.
  console.log('\n### 200 concurrent enrolments (personkit-mock), median of rounds\n');
  console.log('| store | enrolments/s | p50 ms | p99 ms |\n|---|---:|---:|---:|');
  const stores = [['memoryStore', () => memoryStore()], ...(redisClient ? [['redisStore', () => redisStore(redisClient, { prefix: `bench-${Date.now()}:` })]] : [])];
  for (const [name, make] of stores) {
    const rates = []; const p50s = []; const p99s = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      await reset();
      const h = createEnrolHandler({ providers: providersWith(clients), store: make() });
      const people = Array.from({ length: 200 }, person);
      const lat = [];
      const t0 = now();
      await Promise.all(people.map(async (p) => { const s = now(); await viaHandler(h, p); lat.push(now() - s); }));
      rates.push(200 / ((now() - t0) / 1000));
      p50s.push(pct(lat, 0.5)); p99s.push(pct(lat, 0.99));
    }
    console.log(`| ${name} | ${median(rates).toFixed(0)} | ${median(p50s).toFixed(1)} | ${median(p99s).toFixed(1)} |`);
  }

  // 3. The handler's own cost: clients that answer at once.
  const instant = {
    verifik: { createPerson: async () => ({ id: 'v', person: {}, retried: false, attempts: 1, reconciled: false }) },
    equals: { createPerson: async () => ({ id: 'e', personaId: 'p', person: {}, persona: {}, retried: false, attempts: 1, reconciled: false }) },
    horus: { createPerson: async () => ({ created: true, code: '200001', message: 'success', requestId: 'r', retried: false, attempts: 1, reconciled: false }) },
  };
  console.log('\n### Handler overhead per enrolment (clients that answer at once), µs, median of rounds\n');
  console.log('The photo: the 1.5 KB fixture, and a phone-sized one of 1 MiB (its JSON body 1.4 MB). "direct" parses the same JSON body and maps it.\n');
  console.log('| store | photo | handler | direct (JSON.parse, mapping, Promise.all) | overhead |\n|---|---|---:|---:|---:|');
  const phone = Buffer.from(jpegLike(new Uint8Array(readFileSync(new URL('../tests/fixtures/images/portrait-120x160.jpg', import.meta.url))), 1 << 20)).toString('base64');
  for (const [name, make] of stores) {
    for (const [label, photo, N] of [['1.5 KB', JPEG, 2000], ['1 MiB', phone, 60]]) {
      const h = createEnrolHandler({ providers: providersWith(instant), store: make() });
      const hs = []; const ds = [];
      for (let r = 0; r < ROUNDS; r += 1) {
        const bodies = Array.from({ length: N }, () => JSON.stringify({ person: { ...person(), photos: [photo] } }));
        let t0 = now();
        for (const body of bodies) {
          const res = await h(new Request('http://127.0.0.1/api/enrol', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `o-${n}-${Math.random()}` }, body }));
          await res.json();
        }
        hs.push(((now() - t0) * 1000) / N);
        t0 = now();
        for (const body of bodies) await direct(instant, JSON.parse(body).person);
        ds.push(((now() - t0) * 1000) / N);
      }
      console.log(`| ${name} | ${label} | ${median(hs).toFixed(0)} | ${median(ds).toFixed(0)} | ${(median(hs) - median(ds)).toFixed(0)} |`);
    }
  }

  // 4. A store far away (a hosted Redis over HTTPS, such as Upstash from a
  // Worker): each store call waits STORE_MS, the clients answer after fixed
  // delays (Equals last, as its lookup and create make it). What the person
  // waits beyond Equals is the store's round trips on the answer's path.
  const STORE_MS = 20;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const after = (ms, answer) => ({ createPerson: async () => { await sleep(ms); return answer(); } });
  const slowClients = { verifik: after(20, instant.verifik.createPerson), equals: after(40, instant.equals.createPerson), horus: after(20, instant.horus.createPerson) };
  const near = memoryStore();
  let storeCalls = 0;
  const far = Object.fromEntries(['get', 'create', 'replace'].map((m) => [m, async (...args) => { storeCalls += 1; await sleep(STORE_MS); return near[m](...args); }]));
  const hFar = createEnrolHandler({ providers: providersWith(slowClients), store: far });
  const farTimes = [];
  let farCalls = 0;
  for (let i = 0; i < 10 * ROUNDS; i += 1) {
    storeCalls = 0;
    const t0 = now();
    const res = await hFar(new Request('http://127.0.0.1/api/enrol', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `far-${n}-${Math.random()}` }, body: JSON.stringify({ person: person() }) }));
    await res.json();
    farTimes.push(now() - t0);
    farCalls = storeCalls;
  }
  console.log(`\n### A store ${STORE_MS} ms away (each call), clients answering after 20 / 40 / 20 ms (Verifik / Equals / Horus), median of ${farTimes.length}\n`);
  console.log(`one enrolment: ${median(farTimes).toFixed(1)} ms, of which ${(median(farTimes) - 40).toFixed(1)} ms beyond Equals' 40 ms (about ${((median(farTimes) - 40) / STORE_MS).toFixed(1)} store round trips on the answer's path); ${farCalls} store calls in all`);
} finally {
  await redisClient?.quit().catch(() => {});
  redis?.stop();
  mock.stop();
}
