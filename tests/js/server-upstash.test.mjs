// redisStore with @upstash/redis, the Redis client made for Cloudflare
// Workers, whose network is fetch: each command is one HTTPS request to
// Upstash's REST API. There is no Upstash here, so the client talks to a
// stand-in for that API (its documented shape: POST a command as a JSON
// array with a bearer token, `{ result }` back, strings in base64 when asked
// with Upstash-Encoding) in front of a real redis-server, started here on
// 127.0.0.1 and stopped in after(). The stand-in can also drop the
// connection right after a command ran, as a network does: the client sends
// it again, and hears "exists" or "changed" from its own first try.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Redis } from '@upstash/redis';
import { redisStore, toNodeHandler } from 'personkit/server';
import { startRedis, connectClient, upstashStandIn, storeContract } from './redis-helpers.mjs';
import { mockServer } from './helpers.mjs';
import { person, personkitError, fakeProviders, calls, jsonRequest, jsonOf, uid, createEnrolHandler, mockProviders, burstOfOneKey } from './server-helpers.mjs';

const TOKEN = 'upstash-test-token';
let redis;
let mock;
let standIn;
let rest;
const clients = [];
const servers = [];
const upstash = () => new Redis({ url: rest, token: TOKEN, enableTelemetry: false, retry: { retries: 2, backoff: () => 5 } });

before(async () => {
  redis = await startRedis();
  mock = await mockServer();
  standIn = await upstashStandIn(await connectClient(redis.url, clients), TOKEN);
  rest = standIn.url;
});
after(async () => {
  for (const s of servers) await new Promise((r) => { s.close(r); s.closeAllConnections(); });
  await standIn?.close();
  for (const c of clients) await c.quit().catch(() => c.disconnect?.());
  await mock?.close();
  await redis?.stop();
});
beforeEach(() => {
  mock.reset();
  standIn.dropAfter.clear();
  standIn.commands.length = 0;
});

test('redisStore(@upstash/redis): create is first-wins, get gives the record back, replace is compare-and-set', async () => {
  await storeContract(redisStore(upstash(), { prefix: `up-${uid()}:` }));
  // A client told not to parse replies gives text: the same record.
  const raw = redisStore(new Redis({ url: rest, token: TOKEN, enableTelemetry: false, automaticDeserialization: false }), { prefix: `raw-${uid()}:` });
  assert.equal(await raw.create('t', { v: 1, ok: true }, 5000), true);
  assert.deepEqual(await raw.get('t'), { v: 1, ok: true });
  assert.deepEqual(new Set(standIn.commands), new Set(['SET', 'GET', 'EVAL']), 'three commands, through exec');
});

test('a burst of one key sent in parallel to two instances, each with its own @upstash/redis client: each provider created exactly once', async () => {
  const instance = async () => {
    const o = { baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0, headers: { 'x-mock-fault': 'delay=100' } };
    const handle = createEnrolHandler({ providers: mockProviders(o, 1), store: redisStore(upstash()), idempotency: { waitMs: 10_000 } });
    const server = createServer(toNodeHandler(handle));
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return `http://127.0.0.1:${server.address().port}/api/enrol`;
  };
  const [a, b] = [await instance(), await instance()];
  await burstOfOneKey([a, b], 12);
  const s = await mock.persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 }, 'one create per provider');
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
});

test('the answer to the claim is lost and the client sends it again: the request still runs (not 409 for a lease), each provider once, and a retry replays', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, store: redisStore(upstash(), { prefix: `lost-${uid()}:` }), idempotency: { waitMs: 1000 } });
  const p = person();
  const key = `lost-${uid()}`;
  standIn.dropAfter.add('SET'); // the claim's SET … NX ran; its answer is lost; the client's second try hears "exists"
  const first = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(first.status, 200, await first.clone().text());
  assert.deepEqual(Object.values((await jsonOf(first)).results).map((o) => o.status), ['created', 'created', 'created']);
  assert.equal(standIn.dropAfter.size, 0, 'the stand-in dropped an answer');

  // A "Try again" after one provider failed: the claim's compare-and-set is the write whose answer is lost.
  let fail = true;
  const flaky = fakeProviders({ horus: { answer: () => { if (fail) throw personkitError('RATE_LIMITED'); return { created: true, code: '200001' }; } } });
  const h2 = createEnrolHandler({ providers: flaky, store: redisStore(upstash(), { prefix: `lost2-${uid()}:` }), idempotency: { waitMs: 1000 } });
  const k2 = `lost2-${uid()}`;
  assert.equal((await jsonOf(await h2(jsonRequest({ person: p }, { key: k2 })))).results.horus.code, 'RATE_LIMITED');
  fail = false;
  standIn.dropAfter.add('EVAL');
  const again = await h2(jsonRequest({ person: p }, { key: k2 }));
  assert.equal(again.status, 200, await again.clone().text());
  assert.equal((await jsonOf(again)).results.horus.status, 'created');
  assert.equal(standIn.dropAfter.size, 0, 'the stand-in dropped an answer');
  assert.deepEqual(calls(flaky), { verifik: 1, equals: 1, horus: 2 });

  const replay = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  await replay.text();
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});
