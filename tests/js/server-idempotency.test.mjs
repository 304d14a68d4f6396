// The idempotency matrix, with fake clients that count calls: same key and
// person → the stored outcomes; the same key while the first runs → it
// waits; a different person → IDEMPOTENCY_KEY_REUSED; after a retryable
// failure only that provider again; keys expire; a dead owner's lease is
// taken over. The stores are exercised through the handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from 'personkit/server';
import { person, fakeProviders, calls, jsonRequest, jsonOf, lines, personkitError, uid, createEnrolHandler } from './server-helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('same key, same person: the stored outcomes, no provider called again (and marked replayed)', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  const first = await jsonOf(await handle(jsonRequest({ person: p }, { key })));
  for (let i = 0; i < 3; i += 1) {
    const res = await handle(jsonRequest({ person: structuredClone(p) }, { key }));
    assert.equal(res.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await jsonOf(res), first);
  }
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('the same person with its keys in another order is the same body', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  const reordered = Object.fromEntries(Object.entries(p).reverse());
  assert.equal((await handle(jsonRequest({ person: reordered }, { key }))).status, 200);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('a double click: the same key sent twice at once calls each provider once, and both get the outcomes', async () => {
  const providers = fakeProviders({ verifik: { delayMs: 80 }, equals: { delayMs: 80 }, horus: { delayMs: 80 } });
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  const answers = await Promise.all(Array.from({ length: 10 }, () => handle(jsonRequest({ person: p }, { key }))));
  const bodies = await Promise.all(answers.map(jsonOf));
  assert.deepEqual(answers.map((r) => r.status), Array(10).fill(200));
  for (const b of bodies) assert.deepEqual(b, bodies[0]);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('the same key while the first still runs past waitMs: 409 IN_PROGRESS (with Retry-After), then the outcomes', async () => {
  const providers = fakeProviders({ equals: { delayMs: 400 } });
  const handle = createEnrolHandler({ providers, idempotency: { waitMs: 50 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = handle(jsonRequest({ person: p }, { key }));
  await sleep(20);
  const second = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(second.status, 409);
  assert.equal(second.headers.get('retry-after'), '2');
  assert.equal((await jsonOf(second)).error.code, 'IN_PROGRESS');
  assert.equal((await first).status, 200);
  const third = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(third.status, 200);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('a provider already settled, while another still runs under the key: the request waits like any other, then 409 IN_PROGRESS (never a running provider called skipped)', async () => {
  const providers = fakeProviders({ horus: { delayMs: 300 } });
  const handle = createEnrolHandler({ providers, idempotency: { waitMs: 20 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = handle(jsonRequest({ person: p, providers: ['equals', 'horus'] }, { key }));
  await sleep(60);
  const equalsOnly = await handle(jsonRequest({ person: p, providers: ['equals'] }, { key }));
  assert.equal(equalsOnly.status, 409);
  assert.equal((await jsonOf(equalsOnly)).error.code, 'IN_PROGRESS');
  await (await first).text();
  const after = (await jsonOf(await handle(jsonRequest({ person: p, providers: ['equals'] }, { key })))).results;
  assert.deepEqual([after.equals.status, after.horus.status, after.verifik.status], ['created', 'created', 'skipped']);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 1, horus: 1 });
});

test('same key, another person: 422 IDEMPOTENCY_KEY_REUSED, nothing called', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const key = `k-${uid()}`;
  const p = person();
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  const res = await handle(jsonRequest({ person: { ...p, phone: '+51911111111' } }, { key }));
  assert.equal(res.status, 422);
  assert.equal((await jsonOf(res)).error.code, 'IDEMPOTENCY_KEY_REUSED');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('an invalid request does not use the key up', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const key = `k-${uid()}`;
  const p = person();
  assert.equal((await handle(jsonRequest({ person: { ...p, email: 'bad' } }, { key }))).status, 422);
  assert.equal((await handle(jsonRequest({ person: p }, { key }))).status, 200);
});

test('after a retryable failure only that provider is tried again; the others are never called twice', async () => {
  let fail = true;
  const providers = fakeProviders({
    equals: { answer: (payload, n) => { if (fail) throw personkitError('SERVER_ERROR', { status: 503 }); return { id: `eq_${n}`, personaId: 'pa', person: {}, persona: {}, retried: false, attempts: 1, reconciled: false }; } },
  });
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual([first.equals.status, first.equals.retryable], ['failed', true]);
  // Still failing: tried again each time, the others not.
  const second = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.equal(second.equals.status, 'failed');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 2, horus: 1 });
  fail = false;
  const third = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(third.headers.get('idempotent-replayed'), null, 'a provider ran');
  const r = (await jsonOf(third)).results;
  assert.deepEqual([r.verifik.status, r.equals.status, r.horus.status], ['created', 'created', 'created']);
  assert.equal(r.verifik.id, first.verifik.id, 'the stored Verifik outcome');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 3, horus: 1 });
  // Settled now: nothing runs again.
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  assert.deepEqual(calls(providers), { verifik: 1, equals: 3, horus: 1 });
});

test('a failure that is not retryable is never tried again with the same key', async () => {
  for (const code of ['BAD_REQUEST', 'VALIDATION_FAILED']) {
    const providers = fakeProviders({ horus: { answer: () => { throw personkitError(code); } } });
    const handle = createEnrolHandler({ providers });
    const p = person();
    const key = `k-${uid()}`;
    await (await handle(jsonRequest({ person: p }, { key }))).text();
    const again = await handle(jsonRequest({ person: p }, { key }));
    assert.equal(again.headers.get('idempotent-replayed'), 'true', code);
    assert.equal((await jsonOf(again)).results.horus.code, code);
    assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 }, code);
  }
});

test('an unknown outcome is tried again with the same key, looked up first: it settles once the lookup can tell', async () => {
  let unknown = true;
  const providers = fakeProviders({ verifik: { answer: () => { if (unknown) throw personkitError('OUTCOME_UNKNOWN'); return { id: 'v1', person: {}, retried: false, attempts: 0, reconciled: true }; } } });
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual([first.verifik.code, first.verifik.retryable], ['OUTCOME_UNKNOWN', true]);
  unknown = false;
  const again = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual([again.verifik.status, again.verifik.reconciled], ['created', true], 'found: our earlier create');
  assert.deepEqual(providers.verifik.client.options, [undefined, { lookFirst: true }]);
});

test('the server\'s own failure (a wrong credential, a bug) is not kept for the key: once fixed, the same key runs that provider again, looked up first where it may have been made', async () => {
  // Stored as final, a wrong API key on the server made every person who
  // met it unable to finish with that key for 24 hours, fix or no fix.
  for (const [code, lookFirst] of [['UNAUTHORIZED', undefined], ['NOT_FOUND', undefined], ['INTERNAL', { lookFirst: true }], ['BAD_RESPONSE', { lookFirst: true }]]) {
    let broken = true;
    const fail = () => (code === 'INTERNAL' ? new TypeError('a bug') : personkitError(code));
    const providers = fakeProviders({ horus: { answer: () => { if (broken) throw fail(); return { created: true, code: '200001', message: 'ok', requestId: 'r', retried: false, attempts: 1, reconciled: false }; } } });
    const handle = createEnrolHandler({ providers });
    const p = person();
    const key = `k-${uid()}`;
    const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
    assert.deepEqual([first.horus.status, first.horus.code, first.horus.retryable], ['failed', code, false], code);
    broken = false;
    const again = await handle(jsonRequest({ person: p }, { key }));
    assert.equal(again.headers.get('idempotent-replayed'), null, code);
    assert.equal((await jsonOf(again)).results.horus.status, 'created', code);
    assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 2 }, code);
    assert.deepEqual(providers.horus.client.options, [undefined, lookFirst], code);
    const third = await handle(jsonRequest({ person: p }, { key }));
    assert.equal(third.headers.get('idempotent-replayed'), 'true', code);
  }
});

test('a provider not asked the first time is run when a later request with the key asks for it', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  await (await handle(jsonRequest({ person: p, providers: ['equals'] }, { key }))).text();
  const r = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(r).map((o) => o.status), ['created', 'created', 'created']);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('same key, other providers: one not asked this time reports what the key did there; only one never run is skipped', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  const first = (await jsonOf(await handle(jsonRequest({ person: p, providers: ['verifik'] }, { key })))).results;
  assert.equal(first.verifik.status, 'created');
  const second = (await jsonOf(await handle(jsonRequest({ person: p, providers: ['equals'] }, { key })))).results;
  assert.deepEqual(second.verifik, first.verifik, 'Verifik was created under this key');
  assert.equal(second.equals.status, 'created');
  assert.deepEqual(second.horus, { status: 'skipped' });
  // The same in the ndjson stream, and on a replay.
  const res = await handle(jsonRequest({ person: p, providers: ['equals'] }, { key, headers: { accept: 'application/x-ndjson' } }));
  const got = await lines(res);
  assert.deepEqual(got.at(-1).results, second);
  assert.deepEqual(got.find((l) => l.provider === 'verifik').outcome, first.verifik);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 0 });
});

test('keys expire after ttlMs: the same key then starts a new enrolment', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, idempotency: { ttlMs: 80 } });
  const p = person();
  const key = `k-${uid()}`;
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
  await sleep(120);
  await (await handle(jsonRequest({ person: { ...p, phone: '+51922222222' } }, { key }))).text();
  assert.deepEqual(calls(providers), { verifik: 2, equals: 2, horus: 2 }, 'an expired key is free again');
});

test('the default TTL is 24 hours, counted from when the request finished (a running record is kept 24 h past its lease)', async () => {
  const seen = [];
  const inner = memoryStore();
  const store = { ...inner, get: inner.get, create: (k, r, ttl) => { seen.push(['create', ttl]); return inner.create(k, r, ttl); }, replace: (k, v, r, ttl) => { seen.push([r.state, ttl]); return inner.replace(k, v, r, ttl); } };
  await (await createEnrolHandler({ providers: fakeProviders(), store })(jsonRequest({ person: person() }))).text();
  const day = 24 * 60 * 60 * 1000;
  const lease = 5 * 60 * 1000;
  assert.equal(seen[0][0], 'create');
  assert.ok(seen[0][1] > day + lease - 1000 && seen[0][1] <= day + lease, `create kept ${seen[0][1]} ms`);
  assert.deepEqual(seen.at(-1), ['done', day]);
});

test('a request that outlives ttlMs keeps its key: a retry then waits (409), and after it ends gets the stored outcomes, never a second Equals persona', async () => {
  // Counted from creation, the key was free again while Equals was still
  // being called: the retry took it as new and created a second persona.
  const store = memoryStore();
  const providers = fakeProviders({ equals: { delayMs: 900 } });
  const handle = createEnrolHandler({ providers, store, idempotency: { ttlMs: 300, leaseMs: 150, waitMs: 100 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = handle(jsonRequest({ person: p }, { key }));
  await sleep(600);
  const retry = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(retry.status, 409, 'past ttlMs, the first request still runs');
  assert.equal((await first).status, 200);
  const after = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(after.headers.get('idempotent-replayed'), 'true', 'done just now: kept ttlMs from its end');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
  await sleep(400);
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  assert.deepEqual(calls(providers), { verifik: 2, equals: 2, horus: 2 }, 'ttlMs after its end, the key is free');
});

test('a store down for a while in the middle of a slow create: the request keeps renewing once it is back, so a retry waits and Equals is called once', async () => {
  const inner = memoryStore();
  let down = false;
  const fail = async () => { throw new Error('ECONNRESET'); };
  const store = {
    get: (k) => (down ? fail() : inner.get(k)),
    create: (k, r, t) => (down ? fail() : inner.create(k, r, t)),
    replace: (k, v, r, t) => (down ? fail() : inner.replace(k, v, r, t)),
  };
  const logs = [];
  const providers = fakeProviders({ equals: { delayMs: 2200 } });
  const handle = createEnrolHandler({ providers, store, logger: { info() {}, warn() {}, error: (f) => logs.push(f) }, idempotency: { leaseMs: 300, waitMs: 100 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = handle(jsonRequest({ person: p }, { key }));
  await sleep(100);
  down = true; // longer than the lease and than a write's own retries
  await sleep(1000);
  down = false;
  await sleep(500);
  const retry = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(retry.status, 409, 'the first request renewed its lease once the store came back');
  const r = (await jsonOf(await first)).results;
  assert.equal(r.equals.status, 'created');
  const after = await jsonOf(await handle(jsonRequest({ person: p }, { key })));
  assert.equal(after.results.equals.id, r.equals.id);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(logs, [], 'every change was written in the end');
});

test('idempotency.leaseMs under 50 is refused when the handler is made: renewals every third of it could not keep it', () => {
  assert.throws(() => createEnrolHandler({ providers: fakeProviders(), idempotency: { leaseMs: 10 } }), /idempotency\.leaseMs must be an integer ≥ 50/);
});

/**
 * A handler on fake providers and the record a crashed instance left under
 * a key for `p` (`left`: its started providers and saved outcomes).
 */
async function afterCrash(p, left) {
  const store = memoryStore();
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, store, idempotency: { leaseMs: 50, waitMs: 2000 } });
  const key = `k-${uid()}`;
  const { fingerprint } = await import('../../js/server/idempotency.mjs');
  const now = Date.now();
  await store.create(key, { v: 3, fp: await fingerprint(p), state: 'running', owner: 'dead', leaseUntil: now + 50, createdAt: now, ...left }, 60_000);
  return { providers, handle, key };
}

test('an owner that died (its lease ran out) is taken over: only its missing providers run', async () => {
  const p = person();
  // Equals saved, the rest never finished.
  const { providers, handle, key } = await afterCrash(p, { outcomes: { equals: { status: 'created', id: 'eq_before' } } });
  const res = await handle(jsonRequest({ person: p }, { key }));
  const r = (await jsonOf(res)).results;
  assert.equal(r.equals.id, 'eq_before');
  assert.equal(r.verifik.status, 'created');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 0, horus: 1 });
});

test('an owner that died in the middle of a provider: a request with the key that does not ask for it says its outcome is unknown, never "skipped"', async () => {
  const p = person();
  // Verifik and Horus saved, Equals started and never answered.
  const { providers, handle, key } = await afterCrash(p, {
    started: ['verifik', 'equals', 'horus'], outcomes: { verifik: { status: 'created', id: 'vk_before' }, horus: { status: 'created', id: 'hr_before' } },
  });
  await sleep(60);
  const only = await jsonOf(await handle(jsonRequest({ person: p, providers: ['verifik'] }, { key, headers: { 'accept-language': 'es' } })));
  assert.equal(only.results.verifik.id, 'vk_before');
  assert.deepEqual([only.results.equals.status, only.results.equals.code, only.results.equals.retryable], ['failed', 'OUTCOME_UNKNOWN', true]);
  assert.match(only.results.equals.message, /^No pudimos confirmar si Equals Money/);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  // Asked for, it is looked up and settled.
  const all = await jsonOf(await handle(jsonRequest({ person: p }, { key })));
  assert.equal(all.results.equals.status, 'created');
  assert.deepEqual(calls(providers), { verifik: 0, equals: 1, horus: 0 });
});

test('a store that fails: 500 INTERNAL, logged, no provider called', async () => {
  const logs = [];
  const down = async () => { throw new Error('ECONNREFUSED 127.0.0.1:6379'); };
  const store = { get: down, create: down, replace: down };
  const providers = fakeProviders();
  const res = await createEnrolHandler({ providers, store, logger: { error: (f) => logs.push(f) } })(jsonRequest({ person: person() }));
  assert.equal(res.status, 500);
  assert.equal((await jsonOf(res)).error.code, 'INTERNAL');
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  assert.match(logs[0].error.message, /ECONNREFUSED/);
});

test('memoryStore: create is first-wins, replace is compare-and-set, records are copies', async () => {
  const s = memoryStore({ maxKeys: 2 });
  const rec = { v: 1, outcomes: {} };
  assert.equal(await s.create('a', rec, 1000), true);
  assert.equal(await s.create('a', rec, 1000), false);
  rec.outcomes.x = 1;
  assert.deepEqual((await s.get('a')).outcomes, {});
  assert.equal(await s.replace('a', 2, { v: 3 }, 1000), false);
  assert.equal(await s.replace('a', 1, { v: 2 }, 1000), true);
  assert.equal((await s.get('a')).v, 2);
  assert.equal(await s.replace('missing', 1, { v: 2 }, 1000), false);
  await s.create('b', { v: 1 }, 1000);
  await s.create('c', { v: 1 }, 1000);
  assert.ok(s.size <= 2, 'bounded');
  assert.equal(await s.get('a'), null, 'the oldest went first');
});

test('the fingerprint is the SHA-256 of the canonical JSON, whichever hash the runtime has (node:crypto here, WebCrypto on Workers)', async () => {
  const { fingerprint } = await import('../../js/server/idempotency.mjs');
  const p = { lastName: 'Ñañez', firstName: 'Ana', photos: ['/9j/4AAQ'], middle: undefined, tags: [1, null] };
  const canonical = '{"firstName":"Ana","lastName":"Ñañez","photos":["/9j/4AAQ"],"tags":[1,null]}';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  assert.equal(await fingerprint(p), hex);
  assert.equal(await fingerprint({ ...p, lastName: 'Nanez' }) === hex, false);
  // Photos the rules accepted (`plain`) are hashed in place, not written by
  // JSON.stringify: the same SHA-256 of the same text, keyed or not.
  const photo = `/9j/${'QUJD'.repeat(300_000)}`;
  const withPhotos = { ...p, photos: [photo, 'iVBORw0K', photo] };
  const text = `{"firstName":"Ana","lastName":"Ñañez","photos":["${photo}","iVBORw0K","${photo}"],"tags":[1,null]}`;
  const { createHash, createHmac } = await import('node:crypto');
  assert.equal(await fingerprint(withPhotos, undefined, new Set([photo])), createHash('sha256').update(text).digest('hex'));
  assert.equal(await fingerprint(withPhotos), createHash('sha256').update(text).digest('hex'));
  const secret = 'a-random-secret-of-the-server-0123';
  assert.equal(await fingerprint(withPhotos, secret, new Set([photo])), createHmac('sha256', secret).update(text).digest('hex'));
});

test('idempotency.secret: the store holds HMAC-SHA-256 under it, never the plain SHA-256 of the email or the person, and exactly once still holds', async () => {
  const { fingerprint } = await import('../../js/server/idempotency.mjs');
  const { createHmac, createHash } = await import('node:crypto');
  const secret = 'a-random-secret-of-the-server-0123';
  const text = '["F12345","ana@example.pe"]';
  assert.equal(await fingerprint(['F12345', 'ana@example.pe'], secret), createHmac('sha256', secret).update(text).digest('hex'));
  // What a store keeps: every key and record written, as text.
  const written = [];
  const recording = () => {
    const inner = memoryStore();
    return {
      get: (k) => inner.get(k),
      create: (k, r, t) => { written.push(k, JSON.stringify(r)); return inner.create(k, r, t); },
      replace: (k, v, r, t) => { written.push(k, JSON.stringify(r)); return inner.replace(k, v, r, t); },
    };
  };
  const p = person();
  const plainLock = createHash('sha256').update(JSON.stringify(['F12345', p.email.toLowerCase()])).digest('hex');
  const plainPerson = await fingerprint(p);
  const enrol = async (options, key = `s-${uid()}`) => {
    const providers = fakeProviders();
    const handle = createEnrolHandler({ providers, store: recording(), ...options });
    const first = await handle(jsonRequest({ person: p }, { key }));
    assert.equal(first.status, 200);
    await first.text();
    const again = await handle(jsonRequest({ person: p }, { key }));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    await again.text();
    assert.equal((await handle(jsonRequest({ person: { ...p, phone: '+51900000001' } }, { key }))).status, 422, 'same key, another person');
    assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
  };
  await enrol({});
  assert.ok(written.some((w) => w.includes(plainLock)) && written.some((w) => w.includes(plainPerson)), 'without a secret: plain SHA-256');
  written.length = 0;
  await enrol({ idempotency: { secret } });
  assert.equal(written.some((w) => w.includes(plainLock) || w.includes(plainPerson)), false, 'with a secret: no plain SHA-256 of the email or the person');
  assert.ok(written.some((w) => w.includes(createHmac('sha256', secret).update(JSON.stringify(['F12345', p.email.toLowerCase()])).digest('hex'))), 'the Equals lock is named by the HMAC');
  for (const bad of ['short', 12345678901234567890, null]) {
    assert.throws(() => createEnrolHandler({ providers: fakeProviders(), idempotency: { secret: bad } }), /idempotency.secret must be a string of at least 16 characters/);
  }
  assert.throws(() => createEnrolHandler({ providers: fakeProviders(), idempotency: { secrets: secret } }), /unknown idempotency option "secrets" \(did you mean secret\?\)/);
});

test('a record past its age that a store still returns (lazy expiry, a clock ahead): the key starts over, with no busy loop', async () => {
  const inner = memoryStore();
  let gets = 0;
  const store = { ...inner, get: (k) => { gets += 1; return inner.get(k); }, create: (k, r, t) => inner.create(k, r, t), replace: (k, v, r, t) => inner.replace(k, v, r, t) };
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, store, idempotency: { ttlMs: 60_000 } });
  const p = person();
  const key = `k-${uid()}`;
  const { fingerprint } = await import('../../js/server/idempotency.mjs');
  const old = Date.now() - 120_000;
  await inner.create(key, { v: 4, fp: await fingerprint(p), state: 'done', owner: 'x', leaseUntil: 0, createdAt: old, started: ['verifik', 'equals', 'horus'], outcomes: { equals: { status: 'failed', code: 'TIMEOUT', retryable: true } } }, 60_000);
  const res = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(res.status, 200);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
  assert.ok(gets <= 2, `${gets} reads`);
  assert.deepEqual(providers.equals.client.options, [{ lookFirst: true }], 'a new enrolment: Equals is always looked up first');
  assert.deepEqual(providers.verifik.client.options, [undefined], 'a new enrolment: nothing else to look up');
});

test('a live request keeps its lease while a provider is slow: a retry past leaseMs waits (409), never takes the key over to call Equals again', async () => {
  // A client's own retries can take longer than any fixed lease; before the
  // lease was renewed, a "Try again" then took the key and sent Equals a
  // second persona while the first call was still running.
  const store = memoryStore();
  const providers = fakeProviders({ equals: { delayMs: 900 } });
  const handle = createEnrolHandler({ providers, store, idempotency: { leaseMs: 150, waitMs: 100 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = handle(jsonRequest({ person: p }, { key }));
  await sleep(450);
  const retry = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(retry.status, 409);
  assert.equal((await jsonOf(retry)).error.code, 'IN_PROGRESS');
  assert.equal((await first).status, 200);
  const after = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(after.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('lookFirst: a provider an earlier request started and never recorded, and Equals always; the others never on a first run', async () => {
  const store = memoryStore();
  const providers = fakeProviders({ horus: { answer: (_, n) => { if (n === 1) throw personkitError('SERVER_ERROR'); return { created: true, code: '200001', message: 'ok', requestId: 'r', retried: false, attempts: 1, reconciled: false }; } } });
  const handle = createEnrolHandler({ providers, store, idempotency: { leaseMs: 50, waitMs: 2000 } });
  const p = person();
  const key = `k-${uid()}`;
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  for (const x of ['verifik', 'horus']) assert.deepEqual(providers[x].client.options, [undefined], `${x}: first run`);
  assert.deepEqual(providers.equals.client.options, [{ lookFirst: true }], 'equals: always');
  await (await handle(jsonRequest({ person: p }, { key }))).text();
  assert.deepEqual(providers.horus.client.options, [undefined, undefined], 'horus answers a repeat itself');
  // What a crashed instance leaves: all three started, only Horus recorded.
  const { fingerprint } = await import('../../js/server/idempotency.mjs');
  const key2 = `k-${uid()}`;
  const now = Date.now();
  await store.create(key2, { v: 2, fp: await fingerprint(p), state: 'running', owner: 'dead', leaseUntil: now + 20, createdAt: now, started: ['verifik', 'equals', 'horus'], outcomes: { horus: { status: 'created' } } }, 60_000);
  await (await handle(jsonRequest({ person: p }, { key: key2 }))).text();
  assert.deepEqual(providers.verifik.client.options.at(-1), { lookFirst: true });
  assert.deepEqual(providers.equals.client.options.at(-1), { lookFirst: true });
  // Equals after a retryable failure.
  const eq = fakeProviders({ equals: { answer: (_, n) => { if (n === 1) throw personkitError('RATE_LIMITED'); return { id: 'e', personaId: 'pa', person: {}, persona: {}, retried: false, attempts: 1, reconciled: true }; } } });
  const h2 = createEnrolHandler({ providers: eq });
  const key3 = `k-${uid()}`;
  await (await h2(jsonRequest({ person: p }, { key: key3 }))).text();
  const again = (await jsonOf(await h2(jsonRequest({ person: p }, { key: key3 })))).results;
  assert.deepEqual(eq.equals.client.options, [{ lookFirst: true }, { lookFirst: true }]);
  assert.deepEqual([again.equals.status, again.equals.reconciled], ['created', true]);
});

test('memoryStore never drops a key that is still running; full of running keys, a claim fails (500), no provider called', async () => {
  const store = memoryStore({ maxKeys: 2 });
  const now = Date.now();
  await store.create('run1', { v: 1, state: 'running', leaseUntil: now + 60_000 }, 60_000);
  await store.create('done1', { v: 1, state: 'done', leaseUntil: 0 }, 60_000);
  await store.create('new1', { v: 1, state: 'running', leaseUntil: now + 60_000 }, 60_000);
  assert.notEqual(await store.get('run1'), null, 'the running key stays');
  assert.equal(await store.get('done1'), null, 'a finished one goes');
  const providers = fakeProviders();
  const res = await createEnrolHandler({ providers, store })(jsonRequest({ person: person() }));
  assert.equal(res.status, 500);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('"Try again" for a provider that is done, while another is still running under the key: it waits, and never reports the running one as skipped', async () => {
  const providers = fakeProviders({ equals: { delayMs: 600 } });
  const handle = createEnrolHandler({ providers, idempotency: { waitMs: 3000 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = handle(jsonRequest({ person: p }, { key }));
  await sleep(200);
  const again = (await jsonOf(await handle(jsonRequest({ person: p, providers: ['verifik'] }, { key })))).results;
  assert.equal(again.verifik.status, 'created');
  assert.equal(again.equals.status, 'created', 'waited for the running Equals call');
  assert.deepEqual((await jsonOf(await first)).results, again);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('the Equals person lock: one holder at a time; a dead holder is taken over after leaseMs; held past waitMs, or a failing store, is "not run"', async () => {
  const { withPersonLock, personLockKey } = await import('../../js/server/person-lock.mjs');
  const key = await personLockKey({ accountId: 'F1', emailAddress: 'Ana@Example.pe' });
  assert.equal(key, await personLockKey({ accountId: 'F1', emailAddress: 'ana@example.pe' }), 'an email in any case is one person');
  assert.ok(!key.includes('ana'), 'no personal data in a store key');
  assert.ok(!/^[\x21-\x7e]{1,255}$/.test(key), 'no Idempotency-Key can name it');
  const store = memoryStore();
  const order = [];
  const slow = (name) => async () => { order.push(`${name} in`); await new Promise((r) => setTimeout(r, 60)); order.push(`${name} out`); return name; };
  const limits = { waitMs: 2000, leaseMs: 5000 };
  const [a, b] = await Promise.all([withPersonLock(store, key, limits, slow('a')), withPersonLock(store, key, limits, slow('b'))]);
  assert.deepEqual([a, b], [{ ran: true, value: 'a' }, { ran: true, value: 'b' }]);
  assert.deepEqual(order, ['a in', 'a out', 'b in', 'b out'], 'one at a time');
  // Held by a request that died: taken over once its lease is over.
  await store.create(key, { v: 7, state: 'running', leaseUntil: Date.now() + 50 }, 60_000);
  assert.deepEqual(await withPersonLock(store, key, limits, async () => 'late'), { ran: true, value: 'late' });
  // Held past waitMs by a live request: not run.
  await store.create('equals-person:live', { v: 1, state: 'running', leaseUntil: Date.now() + 60_000 }, 60_000);
  assert.deepEqual(await withPersonLock(store, 'equals-person:live', { waitMs: 80, leaseMs: 5000 }, async () => 'never'), { ran: false });
  // A live call longer than leaseMs keeps the lock: it is renewed, so another waits.
  const order2 = [];
  const long = (name, ms) => async () => { order2.push(`${name} in`); await new Promise((r) => setTimeout(r, ms)); order2.push(`${name} out`); };
  // A call four leases long; a lease roomy enough that a loaded machine's
  // event-loop stalls do not outlast it between renewals (every third of it).
  const short = { waitMs: 4000, leaseMs: 240 };
  await Promise.all([withPersonLock(store, 'equals-person:slow', short, long('a', 1000)), new Promise((r) => setTimeout(r, 20)).then(() => withPersonLock(store, 'equals-person:slow', short, long('b', 10)))]);
  assert.deepEqual(order2, ['a in', 'a out', 'b in', 'b out'], 'not taken over while the first call runs');
  // A store that fails: not run unlocked (audit-storefaults.test.mjs: two keys would make two personas).
  const broken = { get: async () => { throw new Error('down'); }, create: async () => { throw new Error('down'); }, replace: async () => { throw new Error('down'); } };
  const failed = await withPersonLock(broken, key, limits, async () => 'ran');
  assert.deepEqual([failed.ran, failed.storeFailed?.message], [false, 'down']);
});

test('the Equals person lock remembers that the person may exist: for ttlMs from its last release, through calls that made nothing; a dead holder counts', async () => {
  const { withPersonLock } = await import('../../js/server/person-lock.mjs');
  const limits = { waitMs: 2000, leaseMs: 5000, ttlMs: 60_000 };
  const seen = [];
  const run = (store, made, l = limits) => withPersonLock(store, 'equals person x', l, async ({ mayExist }) => { seen.push(mayExist); return made; }, (m) => m);
  const store = memoryStore();
  for (const made of [false, true, false, false]) await run(store, made);
  assert.deepEqual(seen, [false, false, true, true], 'marked once made, and kept by calls that made nothing');
  // A holder that died mid-call may have made the person.
  const dead = memoryStore();
  await dead.create('equals person x', { v: 3, state: 'running', leaseUntil: Date.now() - 1 }, 60_000);
  seen.length = 0;
  await run(dead, false);
  assert.deepEqual(seen, [true]);
  // The mark lasts ttlMs.
  const brief = memoryStore();
  seen.length = 0;
  await run(brief, true, { ...limits, ttlMs: 30 });
  await new Promise((r) => setTimeout(r, 80));
  await run(brief, false, { ...limits, ttlMs: 30 });
  assert.deepEqual(seen, [false, false]);
});
