// redisStore against a real redis-server (Debian's), started here on
// 127.0.0.1 with a free port and no persistence, stopped in after() even
// when a test fails: two handler instances sharing it, each behind its own
// node:http server and Redis connection, get a burst of one key in parallel
// and personkit-mock sees each provider's create exactly once.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createCluster } from 'redis';
import { toNodeHandler, redisStore } from 'personkit/server';
import { startRedis, connectClient, storeContract } from './redis-helpers.mjs';
import { mockServer } from './helpers.mjs';
import { person, fakeProviders, calls, jsonRequest, jsonOf, personkitError, uid, createEnrolHandler, mockProviders, enrolsOnceThenReplays, burstOfOneKey } from './server-helpers.mjs';

let redis;
let mock;
const clients = [];
const servers = [];

const connect = () => connectClient(redis.url, clients);

before(async () => {
  redis = await startRedis();
  mock = await mockServer();
});
after(async () => {
  for (const s of servers) await new Promise((r) => { s.close(r); s.closeAllConnections(); });
  for (const c of clients) await c.quit().catch(() => c.disconnect?.());
  await mock?.close();
  await redis?.stop();
});
beforeEach(() => mock.reset());

/** One instance of the app: its own Redis connection, clients and node:http server. */
async function instance() {
  const o = { baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0, headers: { 'x-mock-fault': 'delay=100' } };
  const handle = createEnrolHandler({
    providers: mockProviders(o, 1),
    store: redisStore(await connect()),
    idempotency: { waitMs: 10_000 },
  });
  const server = createServer(toNodeHandler(handle));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}/api/enrol`;
}

test('a burst of one key sent in parallel to two instances sharing Redis: each provider created exactly once', async () => {
  const [a, b] = [await instance(), await instance()];
  const { key, body } = await burstOfOneKey([a, b], 20);
  const s = await mock.persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 }, 'one create per provider');
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
  // And after the burst, a retry to either instance is a replay.
  const again = await fetch(a, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body });
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
});

test('redisStore: the idempotency matrix through the handler (replay, reuse, retry only the failed provider, TTL)', async () => {
  let failEquals = true;
  const providers = fakeProviders({ equals: { answer: (_, n) => { if (failEquals) throw personkitError('RATE_LIMITED'); return { id: `eq_${n}`, personaId: 'pa' }; } } });
  const store = redisStore(await connect(), { prefix: `t-${uid()}:` });
  const handle = createEnrolHandler({ providers, store });
  const p = person();
  const key = `m-${uid()}`;
  const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.equal(first.equals.code, 'RATE_LIMITED');
  assert.equal((await handle(jsonRequest({ person: { ...p, phone: '+51900000000' } }, { key }))).status, 422);
  failEquals = false;
  const second = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.equal(second.equals.status, 'created');
  assert.equal(second.verifik.id, first.verifik.id);
  const third = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(third.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 2, horus: 1 });
  // TTL: Redis expires the key itself.
  const short = createEnrolHandler({ providers, store, idempotency: { ttlMs: 150 } });
  const k2 = `ttl-${uid()}`;
  await (await short(jsonRequest({ person: p }, { key: k2 }))).text();
  const c = clients.at(-1);
  const pttl = Number(await c.sendCommand(['PTTL', `${''}${(await c.sendCommand(['KEYS', `*${k2}`]))[0]}`]));
  assert.ok(pttl > 0 && pttl <= 150, `PTTL ${pttl}`);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(await c.sendCommand(['KEYS', `*${k2}`]), []);
});

test('redisStore: create is first-wins and replace compare-and-set, also against a record that is not ours', async () => {
  const c = await connect();
  await storeContract(redisStore(c, { prefix: `cas-${uid()}:` }));
  await c.sendCommand(['SET', `${'cas-'}garbage`, 'not json']);
  const g = redisStore(c, { prefix: 'cas-' });
  assert.equal(await g.replace('garbage', 1, { v: 2 }, 5000), false);
  assert.throws(() => redisStore({}), /node-redis/);
});

test('redisStore with a node-redis cluster client (createCluster: ElastiCache, Memorystore in cluster mode): the handler works, each provider once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'personkit-cluster-'));
  const node = await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--dir', dir]);
  const admin = createClient({ url: node.url });
  admin.on('error', () => {});
  let cluster;
  try {
    await admin.connect();
    await admin.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    for (let i = 0; i < 100 && !String(await admin.sendCommand(['CLUSTER', 'INFO'])).includes('cluster_state:ok'); i += 1) await new Promise((r) => setTimeout(r, 50));
    cluster = createCluster({ rootNodes: [{ url: node.url }] });
    cluster.on('error', () => {});
    await cluster.connect();
    await enrolsOnceThenReplays(redisStore(cluster));
  } finally {
    await cluster?.close?.().catch(() => {});
    await admin.quit().catch(() => admin.disconnect?.());
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('redisStore with ioredis itself (its Redis client): the matrix\'s replay and compare-and-set, each provider once', async () => {
  const { Redis } = await import('ioredis');
  const c = new Redis(redis.url, { lazyConnect: true });
  c.on('error', () => {});
  await c.connect();
  try {
    await storeContract(redisStore(c, { prefix: `ior-${uid()}:` }));
    await enrolsOnceThenReplays(redisStore(c, { prefix: `ior-${uid()}:` }));
  } finally {
    c.disconnect();
  }
});

test('redisStore with an ioredis-shaped client (call(command, ...args); its sendCommand takes a Command object): commands go through call', async () => {
  const c = await connect();
  const ioredisLike = {
    call: (command, ...args) => c.sendCommand([command, ...args]),
    sendCommand: () => { throw new TypeError('ioredis: sendCommand takes a Command'); },
  };
  await enrolsOnceThenReplays(redisStore(ioredisLike, { prefix: `io-${uid()}:` }));
});
