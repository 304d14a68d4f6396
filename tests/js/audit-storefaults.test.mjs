// personkit/server when its store misbehaves: a store whose calls throw or
// never answer at each step of an enrolment (the claim, the outcome writes,
// the Equals person lock), a real redis-server stopped, restarted empty or
// shared by two instances, a memoryStore lost with its process. After each
// scenario personkit-mock counts the persons and the Equals personas: one
// persona per person whatever the store did, and answers that say what to do.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore, redisStore } from 'personkit/server';
import { startRedis, connectClient } from './redis-helpers.mjs';
import { mockServer } from './helpers.mjs';
import { person, jsonRequest, jsonOf, uid, createEnrolHandler, mockProviders } from './server-helpers.mjs';

let mock;
let redis;
const clients = [];
before(async () => { mock = await mockServer(); redis = await startRedis(); });
after(async () => {
  for (const c of clients) await c.disconnect().catch(() => {});
  await mock.close();
  await redis.stop();
});
beforeEach(() => mock.reset());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isLock = (k) => k.startsWith('equals person ');

/** A handler on the mock for `only` providers; `delay` (ms) slows each provider's answers. */
function handler({ only = ['verifik', 'equals', 'horus'], delay, ...rest } = {}) {
  const o = { baseUrl: mock.url, timeoutMs: 5000, maxRetries: 0, ...(delay && { headers: { 'x-mock-fault': `delay=${delay}` } }) };
  const all = mockProviders(o, 2);
  return createEnrolHandler({ providers: Object.fromEntries(only.map((p) => [p, all[p]])), ...rest });
}

/** A memoryStore whose calls on the keys `which(key)` picks do `fault()` instead while `on()`. */
function faulty(which, fault, on = () => true) {
  const inner = memoryStore();
  const wrap = (name) => (key, ...args) => (which(key) && on() ? fault(name) : inner[name](key, ...args));
  return { inner, get: wrap('get'), create: wrap('create'), replace: wrap('replace') };
}
const throws = () => Promise.reject(Object.assign(new Error('ECONNRESET 10.0.0.7:6379 secret-host'), { code: 'ECONNRESET' }));
const hangs = () => new Promise(() => {});

function logger() {
  const lines = [];
  const at = (level) => (fields) => lines.push({ level, ...fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** The Equals persons whose personas carry `email`, and their persona counts. */
async function equalsOf(email) {
  const s = await mock.persons();
  return s.equals.filter((e) => e.personas.some((x) => x.emailAddress.toLowerCase() === email.toLowerCase())).map((e) => e.personaCounts);
}

for (const [name, fault] of [['throws', throws], ['never answers', hangs]]) {
  test(`the Equals person lock's store ${name}: Equals is not sent unlocked (two keys of one person at once would both create), it is failed STORE_UNAVAILABLE, retryable, logged; "Try again" makes one persona`, { timeout: 20_000 }, async () => {
    let down = true;
    const store = faulty(isLock, fault, () => down);
    const log = logger();
    const handle = handler({ only: ['equals', 'horus'], delay: 150, store, logger: log, idempotency: { waitMs: 1000 } });
    const p = person();
    const keys = [`a-${uid()}`, `b-${uid()}`];
    const answers = await Promise.all(keys.map((key) => handle(jsonRequest({ person: p }, { key }))));
    for (const res of answers) {
      assert.equal(res.status, 200);
      const { results } = await jsonOf(res);
      assert.deepEqual([results.equals.status, results.equals.code, results.equals.retryable], ['failed', 'STORE_UNAVAILABLE', true]);
      assert.match(results.equals.message, /problem on our side/);
      assert.doesNotMatch(JSON.stringify(results), /ECONNRESET|secret-host|stack/);
      assert.equal(results.horus.status === 'created' || results.horus.status === 'exists', true);
    }
    assert.deepEqual(await equalsOf(p.email), [], 'nothing sent to Equals');
    const lockLines = log.lines.filter((l) => l.event === 'enrol.store_failed' && l.step === 'equals_lock');
    assert.equal(lockLines.length, 2, JSON.stringify(log.lines));
    assert.equal(lockLines[0].level, 'error');
    // The store is back: the same keys, again at once, make one persona.
    down = false;
    const again = await Promise.all(keys.map((key) => handle(jsonRequest({ person: p }, { key })).then(jsonOf)));
    assert.deepEqual(again.map((a) => a.results.equals.status).sort(), ['created', 'exists']);
    assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }], 'one persona');
  });
}

test('a lock the store takes only after the enrolment gave up on it (a queued command) is given back at once: the person\'s next enrolment is not held off for a whole lease', { timeout: 20_000 }, async () => {
  const inner = memoryStore();
  let slowOnce = true;
  let applied;
  const store = {
    get: (k) => inner.get(k),
    replace: (...a) => inner.replace(...a),
    create: (k, r, t) => {
      if (!isLock(k) || !slowOnce) return inner.create(k, r, t);
      slowOnce = false;
      applied = sleep(1300).then(() => inner.create(k, r, t));
      return applied;
    },
  };
  const handle = handler({ only: ['equals'], store, idempotency: { waitMs: 100 } });
  const p = person();
  const first = (await jsonOf(await handle(jsonRequest({ person: p })))).results;
  assert.equal(first.equals.code, 'STORE_UNAVAILABLE');
  assert.equal(await applied, true, 'the store took the lock late');
  await sleep(20);
  const next = (await jsonOf(await handle(jsonRequest({ person: p })))).results;
  assert.equal(next.equals.status, 'created', JSON.stringify(next));
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
});

test('a store that never answers the claim (node-redis queues commands while Redis is down): 500 INTERNAL after waitMs, logged as the store\'s, nothing sent; the claim it makes later is given back, so "Try again" runs at once', { timeout: 20_000 }, async () => {
  const inner = memoryStore();
  let queued = [];
  let down = true;
  const store = {
    get: (k) => inner.get(k),
    replace: (...a) => inner.replace(...a),
    // Held until the store is "back", then done: what a queued command does.
    create: (...a) => (down ? new Promise((resolve) => queued.push(() => resolve(inner.create(...a)))) : inner.create(...a)),
  };
  const log = logger();
  const handle = handler({ store, logger: log, idempotency: { waitMs: 100 } });
  const p = person();
  const key = `k-${uid()}`;
  const res = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.equal(JSON.parse(text).error.code, 'INTERNAL');
  assert.doesNotMatch(text, /store|answer within|Error/);
  assert.deepEqual((await mock.persons()).attempts, { verifik: 0, equals: 0, horus: 0 });
  const line = log.lines.find((l) => l.event === 'enrol.store_failed');
  assert.deepEqual([line?.level, line?.step, line?.error?.name], ['error', 'claim', 'StoreTimeout']);
  down = false;
  for (const go of queued.splice(0)) go();
  await sleep(20);
  const again = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(again).map((o) => o.status), ['created', 'created', 'created'], JSON.stringify(again));
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.horus.length], [1, 1]);
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
});

test('a store that never answers an outcome write: the person gets the outcomes once the write is given up (not when Redis is back), logged; the next request, once the lease is over, finds each person and makes no second', { timeout: 30_000 }, async () => {
  const inner = memoryStore();
  let down = false;
  const store = {
    get: (k) => (down ? hangs() : inner.get(k)),
    create: (...a) => inner.create(...a),
    replace: (...a) => (down ? hangs() : inner.replace(...a)),
  };
  const log = logger();
  const handle = handler({ delay: 100, store, logger: log, idempotency: { waitMs: 100, leaseMs: 300 } });
  const p = person();
  const key = `k-${uid()}`;
  const pending = handle(jsonRequest({ person: p }, { key }));
  while ((await inner.get(key)) === null) await sleep(5); // claimed: the providers are running
  down = true;
  const first = (await jsonOf(await pending)).results;
  assert.deepEqual(Object.values(first).map((o) => o.status), ['created', 'created', 'created']);
  const line = log.lines.find((l) => l.event === 'enrol.store_failed');
  assert.equal(line?.error?.name, 'StoreTimeout', JSON.stringify(log.lines));
  down = false;
  await sleep(350);
  const second = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(second).map((o) => o.status), ['created', 'created', 'exists'], JSON.stringify(second));
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.horus.length], [1, 1]);
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
});

test('a store that stopped answering costs the person one wait: once a write of the record is given up, the next outcomes and the end are sent without the answer waiting on them', async () => {
  const { Lease } = await import('../../js/server/idempotency.mjs');
  const inner = memoryStore();
  const rec = { v: 1, owner: 'o', state: 'running', leaseUntil: Date.now() + 60_000, outcomes: {} };
  await inner.create('k', rec, 60_000);
  let sent = 0;
  const store = { ...inner, get: () => hangs(), replace: () => { sent += 1; return hangs(); } };
  const lease = new Lease(store, 'k', rec, 60_000, 60_000, null, 50);
  await lease.save('verifik', { status: 'created' });
  assert.equal(lease.error?.name, 'StoreTimeout');
  // A turn of the event loop, far less than the 50 ms a write may take.
  const turn = () => new Promise((resolve) => setImmediate(() => resolve('still waiting')));
  assert.equal(await Promise.race([lease.save('equals', { status: 'created' }).then(() => 'answered'), turn()]), 'answered');
  assert.equal(await Promise.race([lease.save('horus', { status: 'created' }, false, true).then(() => 'answered'), turn()]), 'answered');
  assert.equal(sent, 2, 'the changes still go out, in one write after the first');
});

/** A node-redis client as created by default: it queues commands while Redis is down. */
const connect = () => connectClient(redis.url, clients);

test('redis-server stopped mid-enrolment, then restarted empty: the person gets the outcomes while it is down; the same key afterwards finds everyone, one person and one persona each', { timeout: 30_000 }, async () => {
  const c = await connect();
  const log = logger();
  const prefix = `stop-${uid()}:`;
  const handle = handler({ delay: 200, store: redisStore(c, { prefix }), logger: log, idempotency: { waitMs: 200 } });
  const p = person();
  const key = `k-${uid()}`;
  const pending = handle(jsonRequest({ person: p }, { key }));
  while (Number(await c.sendCommand(['EXISTS', prefix + key])) === 0) await sleep(5); // claimed: the providers are running
  await redis.stop();
  try {
    const first = (await jsonOf(await pending)).results;
    assert.deepEqual(Object.values(first).map((o) => o.status), ['created', 'created', 'created']);
    assert.ok(log.lines.some((l) => l.event === 'enrol.store_failed'), JSON.stringify(log.lines));
    // A new key while it is down: refused, nothing sent.
    const refused = await handle(jsonRequest({ person: person() }));
    assert.deepEqual([refused.status, (await jsonOf(refused)).error.code], [500, 'INTERNAL']);
  } finally {
    await redis.start();
  }
  for (let i = 0; i < 100 && !(await c.ping().then(() => true, () => false)); i += 1) await sleep(50);
  const again = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(again).map((o) => o.status), ['exists', 'exists', 'exists'], JSON.stringify(again));
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.horus.length], [1, 1]);
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
});

test('two instances sharing Redis, the same person under two keys at once: the person lock holds across them, one persona', { timeout: 30_000 }, async () => {
  const prefix = `two-${uid()}:`;
  const [a, b] = [handler({ only: ['equals'], delay: 150, store: redisStore(await connect(), { prefix }) }), handler({ only: ['equals'], delay: 150, store: redisStore(await connect(), { prefix }) })];
  const p = person();
  const answers = await Promise.all([a, b].map((h) => h(jsonRequest({ person: p })).then(jsonOf)));
  assert.deepEqual(answers.map((x) => x.results.equals.status).sort(), ['created', 'exists']);
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
});

test('Redis: a lease shorter than a slow Equals call is renewed while it runs: the same key meanwhile waits (409), then replays; one persona', { timeout: 30_000 }, async () => {
  const handle = handler({ only: ['equals'], delay: 600, store: redisStore(await connect(), { prefix: `lease-${uid()}:` }), idempotency: { leaseMs: 150, waitMs: 100 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = handle(jsonRequest({ person: p }, { key }));
  await sleep(450); // three leases into the call
  const meanwhile = await handle(jsonRequest({ person: p }, { key }));
  assert.deepEqual([meanwhile.status, (await jsonOf(meanwhile)).error.code], [409, 'IN_PROGRESS']);
  assert.equal((await jsonOf(await first)).results.equals.status, 'created');
  const after = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(after.headers.get('idempotent-replayed'), 'true');
  await after.text();
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
  assert.equal((await mock.persons()).attempts.equals, 1);
});

test('memoryStore lost with its process (a restart, a deploy): the same key again finds the person everywhere, "exists", one person and one persona each', async () => {
  const p = person();
  const key = `k-${uid()}`;
  const first = (await jsonOf(await handler({ store: memoryStore() })(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(first).map((o) => o.status), ['created', 'created', 'created']);
  const restarted = handler({ store: memoryStore() });
  const again = (await jsonOf(await restarted(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(again).map((o) => [o.status, o.code]), [['exists', 'ALREADY_EXISTS'], ['exists', 'ALREADY_EXISTS'], ['exists', 'EMAIL_EXISTS']]);
  assert.equal(again.equals.id, first.equals.id);
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.horus.length], [1, 1]);
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
});

/** A memoryStore whose first create of a key `which` picks is made, but its answer lost (the connection drops after the write). */
function losingFirstAnswer(which) {
  const inner = memoryStore();
  let lose = true;
  return {
    get: (k) => inner.get(k),
    replace: (...a) => inner.replace(...a),
    create: async (...a) => {
      const made = await inner.create(...a);
      if (lose && which(a[0])) { lose = false; throw Object.assign(new Error('socket closed unexpectedly'), { code: 'ECONNRESET' }); }
      return made;
    },
  };
}

test('a claim the store makes but whose answer is lost (the connection drops after the write): 500 INTERNAL, nothing sent, and the key is given back, so "Try again" runs at once rather than 409 for a whole lease', { timeout: 20_000 }, async () => {
  const store = losingFirstAnswer((k) => !isLock(k));
  const log = logger();
  const handle = handler({ store, logger: log, idempotency: { waitMs: 100 } });
  const p = person();
  const key = `k-${uid()}`;
  const res = await handle(jsonRequest({ person: p }, { key }));
  assert.deepEqual([res.status, (await jsonOf(res)).error.code], [500, 'INTERNAL']);
  assert.deepEqual((await mock.persons()).attempts, { verifik: 0, equals: 0, horus: 0 });
  assert.equal(log.lines.find((l) => l.event === 'enrol.store_failed')?.step, 'claim');
  const again = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(again.status, 200, 'the key was given back');
  assert.deepEqual(Object.values((await jsonOf(again)).results).map((o) => o.status), ['created', 'created', 'created']);
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
});

test('the Equals lock taken but its answer lost (the connection drops after the write): read back as this request\'s on the quick retry, so Equals is made now, not "busy" while the request waits on its own lock', { timeout: 20_000 }, async () => {
  const store = losingFirstAnswer(isLock);
  const handle = handler({ only: ['equals'], store, idempotency: { waitMs: 300 } });
  const p = person();
  const { results } = await jsonOf(await handle(jsonRequest({ person: p })));
  assert.equal(results.equals.status, 'created', JSON.stringify(results));
  assert.deepEqual(await equalsOf(p.email), [{ F12345: 1 }]);
  // Released: the person's next enrolment is not held off.
  const next = (await jsonOf(await handle(jsonRequest({ person: p })))).results;
  assert.equal(next.equals.status, 'exists');
});
