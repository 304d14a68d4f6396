// The handler with personkit's real clients against personkit-mock: one
// signup reaches the three systems, each provider failing alone leaves the
// others created, a retry with the same key runs only the failed one, and
// after every test that may repeat a create the mock holds one person per
// provider (Equals: one persona on the account).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET } from './helpers.mjs';
import { person, jsonRequest, jsonOf, lines, uid, createEnrolHandler } from './server-helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

/** A handler on the mock; `faults` puts an x-mock-fault header on one provider's client. */
function handler({ faults = {}, maxRetries = 0, ...rest } = {}) {
  const o = (p) => ({ baseUrl: mock.url, timeoutMs: 2000, maxRetries, ...(faults[p] && { headers: { 'x-mock-fault': faults[p] } }) });
  return createEnrolHandler({
    providers: {
      verifik: { client: new VerifikClient({ token: TOKEN, ...o('verifik') }), collections: ['staff'] },
      equals: { client: new EqualsClient({ apiKey: API_KEY, ...o('equals') }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o('horus') }), categoryId: 1, positionId: 2 },
    },
    ...rest,
  });
}

async function assertOnePerProvider(which = ['verifik', 'equals', 'horus']) {
  const s = await mock.persons();
  for (const p of which) assert.equal(s[p].length, 1, `${p}: one person`);
  if (which.includes('equals')) assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 }, 'one persona on the account');
  return s;
}

test('one signup, three systems: the server\'s fields on the wire, the ids in the outcomes', async () => {
  const p = person();
  const res = await handler()(jsonRequest({ person: p }));
  const { results } = await jsonOf(res);
  const s = await assertOnePerProvider();
  assert.deepEqual(results.verifik, { status: 'created', id: s.verifik[0]._id, message: 'Registered in Verifik.' });
  assert.equal(results.equals.id, s.equals[0].id);
  assert.equal(results.equals.personaId, s.equals[0].personas[0].id);
  assert.equal(results.horus.status, 'created');
  assert.equal(s.equals[0].personas[0].roleName, 'Viewer');
  assert.deepEqual(s.verifik[0].collections, ['staff']);
  assert.deepEqual([s.horus[0].categoryId, s.horus[0].positionId, s.horus[0].mainIdentifier], [1, 2, p.identityNumber]);
});

for (const failing of ['verifik', 'equals', 'horus']) {
  test(`${failing} failing alone (503): the others created; the retry with the same key calls only ${failing}; one person each`, async () => {
    const handle = handler();
    await mock.scenario('503', 1, failing);
    const p = person();
    const key = `k-${uid()}`;
    const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
    assert.deepEqual([first[failing].status, first[failing].code, first[failing].retryable], ['failed', 'SERVER_ERROR', true]);
    for (const other of ['verifik', 'equals', 'horus'].filter((x) => x !== failing)) assert.equal(first[other].status, 'created');
    const before = (await mock.persons()).attempts;
    const second = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
    assert.deepEqual(Object.values(second).map((o) => o.status), ['created', 'created', 'created']);
    const s = await assertOnePerProvider();
    for (const x of ['verifik', 'equals', 'horus']) {
      assert.equal(s.attempts[x] - before[x], x === failing ? 1 : 0, `${x}: ${x === failing ? 'one more create' : 'not called again'}`);
    }
  });
}

// A 503 or 429 is taken as "not done", and the person asked to try again;
// an Equals that had made the person anyway must not get a second persona:
// the client looks before a repeat, and "Try again" looks first too.
for (const fault of ['503;after-create', '429;after-create']) {
  test(`equals answering ${fault.split(';')[0]} after it created the person: found by the lookup, "Try again" replays, one persona`, async () => {
    const handle = handler();
    await mock.scenario(fault, 1, 'equals');
    const p = person();
    const key = `k-${uid()}`;
    const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
    assert.deepEqual([first.equals.status, first.equals.reconciled], ['created', true]);
    const second = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
    assert.deepEqual([second.equals.status, second.equals.id], ['created', first.equals.id]);
    await assertOnePerProvider();
  });
}

test('a store that fails after the claim: the next request, once the lease is over, looks each provider up and creates no one twice', async () => {
  const inner = (await import('personkit/server')).memoryStore();
  let failing = false;
  const store = { ...inner, get: (k) => inner.get(k), create: (k, r, t) => inner.create(k, r, t), replace: (k, v, r, t) => (failing ? Promise.reject(new Error('store down')) : inner.replace(k, v, r, t)) };
  const handle = handler({ store, idempotency: { leaseMs: 300 } });
  const p = person();
  const key = `k-${uid()}`;
  failing = true;
  const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(first).map((o) => o.status), ['created', 'created', 'created']);
  failing = false;
  await new Promise((r) => setTimeout(r, 350));
  const second = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual(Object.values(second).map((o) => o.status), ['created', 'created', 'exists']);
  assert.equal(second.equals.reconciled, true);
  assert.equal(second.verifik.reconciled, true);
  await assertOnePerProvider();
});

for (const failing of ['verifik', 'equals', 'horus']) {
  test(`${failing} created but its answer lost (500;after-create): settled without a second person`, async () => {
    await mock.scenario('500;after-create', 1, failing);
    const { results } = await jsonOf(await handler({ maxRetries: 1 })(jsonRequest({ person: person() })));
    if (failing === 'horus') {
      // Horus is sent again, and answers "already there": our first try registered the person.
      assert.deepEqual([results.horus.status, results.horus.code], ['exists', 'EMAIL_EXISTS']);
      assert.equal(results.horus.message, 'You are registered in Horus.');
    } else {
      assert.deepEqual([results[failing].status, results[failing].reconciled], ['created', true]);
    }
    await assertOnePerProvider();
  });
}

test('equals: a lost answer whose lookup fails too (x-mock-fault on the client\'s headers) is OUTCOME_UNKNOWN: retryable, looked up first, never sent again while it cannot tell', async () => {
  const { memoryStore } = await import('personkit/server');
  const store = memoryStore();
  const handle = handler({ faults: { equals: '500;after-create' }, maxRetries: 2, store });
  const p = person();
  const key = `k-${uid()}`;
  const { results } = await jsonOf(await handle(jsonRequest({ person: p }, { key })));
  assert.deepEqual([results.equals.status, results.equals.code, results.equals.retryable], ['failed', 'OUTCOME_UNKNOWN', true]);
  assert.match(results.equals.message, /we will check first/);
  const still = (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;
  assert.equal(still.equals.code, 'OUTCOME_UNKNOWN', 'the lookup still cannot tell: nothing sent');
  assert.equal((await assertOnePerProvider()).attempts.equals, 1, 'one create, even after the retry of the request');
  // Equals answers again: the same key settles it by the lookup, with no second create.
  const healed = (await jsonOf(await handler({ store })(jsonRequest({ person: p }, { key })))).results;
  assert.deepEqual([healed.equals.status, healed.equals.reconciled], ['created', true]);
  const s = await assertOnePerProvider();
  assert.equal(s.attempts.equals, 1, 'still one create');
});

test('a double click with the real clients: ten requests with one key at once, one person per provider', async () => {
  const handle = handler({ faults: { equals: 'delay=150' } });
  const p = person();
  const key = `k-${uid()}`;
  const answers = await Promise.all(Array.from({ length: 10 }, () => handle(jsonRequest({ person: p }, { key }))));
  const bodies = await Promise.all(answers.map(jsonOf));
  for (const b of bodies) assert.deepEqual(b, bodies[0]);
  const s = await assertOnePerProvider();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 });
});

test('the same person under a new key (a page reloaded, a second tab): Equals is found, not given a second persona; "exists" as the others say', async () => {
  const handle = handler();
  const p = person();
  const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key: `k-${uid()}` })))).results;
  assert.equal(first.equals.status, 'created');
  const again = (await jsonOf(await handle(jsonRequest({ person: p }, { key: `k-${uid()}` })))).results;
  assert.deepEqual([again.equals.status, again.equals.code, again.equals.reconciled], ['exists', 'ALREADY_EXISTS', true]);
  assert.equal(again.equals.id, first.equals.id);
  assert.equal(again.equals.personaId, first.equals.personaId);
  assert.equal(again.verifik.status, 'exists');
  assert.equal(again.horus.status, 'exists');
  const s = await assertOnePerProvider();
  assert.equal(s.attempts.equals, 1, 'one Equals create sent');
});

test('the same person under three keys at once (two tabs, a reload mid-request): one Equals persona; the others wait and find it', async () => {
  const handle = handler({ faults: { equals: 'delay=200' } });
  const p = person();
  const answers = await Promise.all([1, 2, 3].map(() => handle(jsonRequest({ person: p }, { key: `k-${uid()}` }))));
  const results = (await Promise.all(answers.map(jsonOf))).map((b) => b.results.equals);
  assert.deepEqual(results.map((r) => r.status).sort(), ['created', 'exists', 'exists']);
  const ids = new Set(results.map((r) => r.personaId));
  assert.equal(ids.size, 1, 'all three name the one persona');
  const s = await assertOnePerProvider();
  assert.equal(s.attempts.equals, 1, 'one Equals create sent');
});

test('a server-side mistake (an Equals account that does not exist) is failed, not retryable, in words for the person', async () => {
  const handle = createEnrolHandler({
    providers: { equals: { client: new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 }), accountId: 'F00000', roleName: 'Viewer' } },
  });
  const { results } = await jsonOf(await handle(jsonRequest({ person: person() })));
  assert.deepEqual(results.equals, {
    status: 'failed', code: 'NOT_FOUND', retryable: false,
    message: 'Equals Money is not available right now because of a problem on our side. Please try again later.',
  });
});

test('Horus already has the email: "exists", and the stream reports it', async () => {
  const p = person();
  await (await handler()(jsonRequest({ person: p, providers: ['horus'] }))).text();
  const again = await lines(await handler()(jsonRequest({ person: p, providers: ['horus'] }, { headers: { accept: 'application/x-ndjson' } })));
  assert.deepEqual(again.map((l) => l.provider ?? 'summary'), ['verifik', 'equals', 'horus', 'summary']);
  assert.equal(again[2].outcome.status, 'exists');
  assert.equal(again[2].outcome.code, 'EMAIL_EXISTS');
  assert.equal(again[0].outcome.status, 'skipped');
  await assertOnePerProvider(['horus']);
});

test('in Spanish against the mock (Accept-Language: es-PE): Horus failing alone (503) says so in Spanish; the retry in English says every outcome in English', async () => {
  const handle = handler();
  await mock.scenario('503', 1, 'horus');
  const p = person();
  const key = `k-${uid()}`;
  const first = (await jsonOf(await handle(jsonRequest({ person: p }, { key, headers: { 'accept-language': 'es-PE,es;q=0.9' } })))).results;
  assert.deepEqual([first.horus.status, first.horus.code, first.horus.retryable], ['failed', 'SERVER_ERROR', true]);
  assert.equal(first.horus.message, 'Horus tuvo un problema en este momento. Inténtalo de nuevo en unos minutos.');
  assert.equal(first.verifik.message, 'Te registramos en Verifik.');
  const second = (await jsonOf(await handle(jsonRequest({ person: p }, { key, headers: { 'accept-language': 'en' } })))).results;
  assert.deepEqual(Object.values(second).map((o) => o.message), ['Registered in Verifik.', 'Registered in Equals Money.', 'Registered in Horus.']);
  await assertOnePerProvider();
});

test('Equals on a wrong port (connection refused): "Try again" with the same key stays a retryable NETWORK (its refused lookup is only a precaution), and once the port is fixed makes one persona', async () => {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const closed = `http://127.0.0.1:${srv.address().port}`;
  await new Promise((resolve) => srv.close(resolve));
  const { memoryStore } = await import('personkit/server');
  const store = memoryStore();
  const equals = (baseUrl) => ({ equals: { client: new EqualsClient({ apiKey: API_KEY, baseUrl, timeoutMs: 2000, maxRetries: 0 }), accountId: 'F12345', roleName: 'Viewer' } });
  const p = person();
  const key = `k-${uid()}`;
  const wrong = createEnrolHandler({ providers: equals(closed), store });
  for (const attempt of [1, 2]) {
    const { results } = await jsonOf(await wrong(jsonRequest({ person: p }, { key })));
    assert.deepEqual([results.equals.status, results.equals.code, results.equals.retryable], ['failed', 'NETWORK', true], `attempt ${attempt}`);
  }
  // The server fixed: the same key sends the create once (after the lookup every Equals request makes).
  const fixed = createEnrolHandler({ providers: equals(mock.url), store });
  const { results } = await jsonOf(await fixed(jsonRequest({ person: p }, { key })));
  assert.equal(results.equals.status, 'created');
  const s = await assertOnePerProvider(['equals']);
  assert.equal(s.attempts.equals, 1, 'one create sent');
});
