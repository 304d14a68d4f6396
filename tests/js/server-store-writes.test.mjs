// The idempotency record's writes (idempotency.mjs's Lease) and the store
// round trips an enrolment's answer waits for: with a store far from the
// server (Upstash over HTTPS from a Worker), each is that store's latency.
// Counted with a store that logs its calls; no timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from 'personkit/server';
import { person, fakeProviders, calls, jsonRequest, jsonOf, uid, createEnrolHandler } from './server-helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a write of the record queued the moment the one before it lands is written too: an outcome that comes just then never waits forever', async () => {
  const { Lease } = await import('../../js/server/idempotency.mjs');
  const store = memoryStore();
  const rec = { v: 1, owner: 'o', state: 'running', leaseUntil: Date.now() + 60_000, outcomes: {} };
  await store.create('k', rec, 60_000);
  const lease = new Lease(store, 'k', rec, 60_000, 60_000);
  // Queued from the first write's own resolution: before the write queue had
  // looked for more and stopped, it was lost, and the request never answered.
  const second = lease.save('verifik', { status: 'created' }).then(() => lease.save('horus', { status: 'created' }, false, true));
  const hung = new Promise((resolve) => { setTimeout(resolve, 2000, 'never written').unref(); });
  assert.equal(await Promise.race([second.then(() => 'written'), hung]), 'written');
  const stored = await store.get('k');
  assert.deepEqual([Object.keys(stored.outcomes), stored.state], [['verifik', 'horus'], 'done'], 'the last outcome is written with the record done');
});

test('after Equals answers, its outcome (with the record done) and the release of its person lock go out together: two store calls, each waited for before the answer', async () => {
  const inner = memoryStore();
  const log = [];
  let equalsAnswered = false;
  const slow = (name, fn) => async (...args) => {
    const entry = { name, key: args[0], afterEquals: equalsAnswered, done: false };
    log.push(entry);
    await sleep(5);
    const r = await fn(...args);
    entry.done = true;
    return r;
  };
  const store = { get: slow('get', inner.get), create: slow('create', inner.create), replace: slow('replace', inner.replace) };
  const providers = fakeProviders({ equals: { delayMs: 60, answer: (payload, n) => { equalsAnswered = true; return { id: `eq_${n}`, personaId: `pa_${n}`, person: {}, persona: {}, retried: false, attempts: 1, reconciled: false }; } } });
  const key = `k-${uid()}`;
  const res = await createEnrolHandler({ providers, store })(jsonRequest({ person: person() }, { key }));
  assert.deepEqual(Object.values((await jsonOf(res)).results).map((o) => o.status), ['created', 'created', 'created']);
  const after = log.filter((e) => e.afterEquals);
  assert.deepEqual(after.map((e) => [e.name, e.key === key ? 'record' : 'lock']).sort(), [['replace', 'lock'], ['replace', 'record']], JSON.stringify(log));
  assert.ok(after.every((e) => e.done), 'both were answered before the person was');
  const stored = await inner.get(key);
  assert.deepEqual([stored.state, Object.keys(stored.outcomes).sort()], ['done', ['equals', 'horus', 'verifik']]);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});
