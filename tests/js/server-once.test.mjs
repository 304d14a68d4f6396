// Exactly once under the faults that meet each other: the person lock held
// by another key on a "Try again", an instance that dies while it re-runs a
// provider, a create whose answer was lost before the same key tries again,
// a search for the email that matches more people than one page lists. The
// handler with personkit's real clients against personkit-mock; each fault
// is put on the one request it is meant for (a create or a lookup, counted
// in order), and the mock's persons and personaCounts are counted after.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { memoryStore } from 'personkit/server';
import { personLockKey, withPersonLock } from '../../js/server/person-lock.mjs';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET } from './helpers.mjs';
import { person, jsonRequest, jsonOf, uid, createEnrolHandler } from './server-helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * fetch for one client: `plan.create(n)` / `plan.lookup(n)` give the
 * x-mock-fault of that client's n-th create or lookup (0-based), or nothing.
 */
function planned(plan = {}) {
  const n = { create: 0, lookup: 0 };
  return (url, init) => {
    const kind = init.method === 'GET' ? 'lookup' : 'create';
    const fault = plan[kind]?.(n[kind]++);
    return fetch(url, fault ? { ...init, headers: { ...init.headers, 'x-mock-fault': fault } } : init);
  };
}

/** A handler on the mock for `only` providers, each client with its own plan. */
function handler({ only = ['verifik', 'equals', 'horus'], plans = {}, baseUrl = {}, ...rest } = {}) {
  const o = (p) => ({ baseUrl: baseUrl[p] ?? mock.url, timeoutMs: 2000, maxRetries: 0, fetch: planned(plans[p]) });
  const all = {
    verifik: { client: new VerifikClient({ token: TOKEN, ...o('verifik') }), collections: ['staff'] },
    equals: { client: new EqualsClient({ apiKey: API_KEY, ...o('equals') }), accountId: 'F12345', roleName: 'Viewer' },
    horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o('horus') }), categoryId: 1, positionId: 2 },
  };
  return createEnrolHandler({ providers: Object.fromEntries(only.map((p) => [p, all[p]])), ...rest });
}

const enrol = async (handle, p, key) => (await jsonOf(await handle(jsonRequest({ person: p }, { key })))).results;

async function personasOf(email) {
  const s = await mock.persons();
  const found = s.equals.filter((e) => e.personas.some((x) => x.emailAddress.toLowerCase() === email.toLowerCase()));
  assert.equal(found.length, 1, 'one Equals person');
  return { counts: found[0].personaCounts, attempts: s.attempts.equals };
}

test('a "Try again" that meets the person lock held by another key keeps what the key sent before: while the lookup fails nothing is sent, and found it is the key\'s own "created"', async () => {
  const store = memoryStore();
  let listDown = false;
  // The first create is made and answered 500; the client's lookup after it fails (503): OUTCOME_UNKNOWN.
  const plans = { equals: { create: (n) => (n === 0 ? '500;after-create' : undefined), lookup: (n) => (n === 1 || listDown ? '503' : undefined) } };
  const handle = handler({ only: ['equals'], plans, store, idempotency: { waitMs: 200 } });
  const p = person();
  const key = `k-${uid()}`;
  const first = await enrol(handle, p, key);
  assert.deepEqual([first.equals.code, first.equals.retryable], ['OUTCOME_UNKNOWN', true]);
  // Another tab's enrolment of the same person holds the Equals lock past waitMs.
  // (The key's own call left its mark there: the person may exist in Equals.)
  const lock = await personLockKey({ accountId: 'F12345', emailAddress: p.email });
  const mark = await store.get(lock);
  assert.equal(mark?.mayExist, true);
  assert.equal(await store.replace(lock, mark.v, { v: mark.v + 1, state: 'running', leaseUntil: Date.now() + 400 }, 400), true);
  const busy = await enrol(handle, p, key);
  assert.deepEqual([busy.equals.code, busy.equals.retryable], ['IN_PROGRESS', true]);
  await sleep(450);
  // The list fails again: the key's first create may have made the person, so nothing is sent.
  listDown = true;
  const blind = await enrol(handle, p, key);
  assert.equal(blind.equals.status, 'failed', `nothing sent while the lookup cannot tell: ${JSON.stringify(blind.equals)}`);
  assert.equal(blind.equals.code, 'OUTCOME_UNKNOWN');
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
  // The list answers: the person the key's first request made, "created", not "exists".
  listDown = false;
  const settled = await enrol(handle, p, key);
  assert.deepEqual([settled.equals.status, settled.equals.reconciled], ['created', true]);
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
});

test('an instance that dies while it sends again a create that never left before: the next request with the key looks Equals up and sends nothing while the lookup fails', async () => {
  const srv = createServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const closed = `http://127.0.0.1:${srv.address().port}`;
  await new Promise((resolve) => srv.close(resolve));
  const store = memoryStore();
  const idempotency = { leaseMs: 300, waitMs: 2000 };
  const p = person();
  const key = `k-${uid()}`;
  // 1: Equals on a wrong port: a create that never left (NETWORK, nothing made).
  const wrong = await enrol(handler({ only: ['equals'], baseUrl: { equals: closed }, store, idempotency }), p, key);
  assert.deepEqual([wrong.equals.code, wrong.equals.retryable], ['NETWORK', true]);
  // 2: the port fixed; this instance sends the create (the mock makes the
  // person) and dies: after its claim, no write of it reaches the store.
  let writes = 0;
  const dying = { get: (k) => store.get(k), create: (...a) => store.create(...a), replace: (...a) => ((writes += 1) > 1 ? new Promise(() => {}) : store.replace(...a)) };
  handler({ only: ['equals'], store: dying, idempotency })(jsonRequest({ person: p }, { key })).catch(() => {});
  await sleep(1200);
  assert.equal((await personasOf(p.email)).attempts, 1, 'the dead instance sent its create');
  // 3: another instance, the lease over, while Equals's list fails.
  let listDown = true;
  const next = handler({ only: ['equals'], store, idempotency, plans: { equals: { lookup: () => (listDown ? '503' : undefined) } } });
  const blind = await enrol(next, p, key);
  assert.deepEqual([blind.equals.status, blind.equals.code], ['failed', 'OUTCOME_UNKNOWN'], `nothing sent: ${JSON.stringify(blind.equals)}`);
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
  listDown = false;
  const settled = await enrol(next, p, key);
  assert.deepEqual([settled.equals.status, settled.equals.reconciled], ['created', true], 'the key\'s own create, found');
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
});

for (const provider of ['verifik', 'horus']) {
  for (const fault of ['503;after-create', '408;after-create']) {
    test(`${provider} answering ${fault.split(';')[0]} after it made the person: "Try again" with the key meets the person there and says "You are registered", not that nothing new was made`, async () => {
      const handle = handler({ only: [provider], plans: { [provider]: { create: (n) => (n === 0 ? fault : undefined) } } });
      const p = person();
      const key = `k-${uid()}`;
      const first = await enrol(handle, p, key);
      assert.deepEqual([first[provider].status, first[provider].retryable], ['failed', true]);
      const again = await enrol(handle, p, key);
      assert.equal(again[provider].status, 'exists');
      assert.equal(again[provider].message, `You are registered in ${provider === 'horus' ? 'Horus' : 'Verifik'}.`);
      const s = await mock.persons();
      assert.equal(s[provider].length, 1);
      // Under a new key (another enrolment), the person was there before it: "nothing new".
      const other = await enrol(handle, p, `k-${uid()}`);
      assert.match(other[provider].message, /nothing new was created/);
    });
  }
}

test('"You are registered" only after an earlier create under the key that may have made the person: after a refusal that made nothing (wrong credentials, fixed since), "already there" is someone else\'s', async () => {
  const { fakeProviders, personkitError } = await import('./server-helpers.mjs');
  let denied = true;
  const providers = fakeProviders({ horus: { answer: () => {
    if (denied) throw personkitError('UNAUTHORIZED');
    return { created: false, reason: 'EMAIL_EXISTS', code: '200023', retried: false, attempts: 1, reconciled: false };
  } } });
  const handle = createEnrolHandler({ providers: { horus: providers.horus } });
  const p = person();
  const key = `k-${uid()}`;
  assert.equal((await enrol(handle, p, key)).horus.code, 'UNAUTHORIZED');
  denied = false;
  const again = await enrol(handle, p, key);
  assert.deepEqual([again.horus.status, again.horus.message], ['exists', 'Horus already has a person with this email, so nothing new was created.']);
});

/** `n` people on the account whose emails hold `email` (the search is a substring match), made before its person. */
async function crowd(email, n) {
  const equals = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 });
  for (let i = 0; i < n; i += 1) {
    await equals.createPerson({ accountId: 'F12345', firstName: 'Otra', lastName: 'Persona', roleName: 'Viewer', emailAddress: `j${i}${email}` });
  }
}

test('the same person under a new key when the search for their email matches more people than one page lists: found on a later page, no second persona', async () => {
  const email = `ana.${uid()}@acme.pe`;
  await crowd(email, 150);
  const handle = handler({ only: ['equals'] });
  const p = person({ email });
  const first = await enrol(handle, p, `k-${uid()}`);
  assert.equal(first.equals.status, 'created');
  const again = await enrol(handle, p, `k-${uid()}`);
  assert.deepEqual([again.equals.status, again.equals.code, again.equals.personaId], ['exists', 'ALREADY_EXISTS', first.equals.personaId], JSON.stringify(again.equals));
  assert.deepEqual(await personasOf(email), { counts: { F12345: 1 }, attempts: 151 });
});

test('a create whose answer is lost, for a person whose search matches more than one page: found on a later page, created once', async () => {
  const email = `ana.${uid()}@acme.pe`;
  await crowd(email, 120);
  const lost = handler({ only: ['equals'], plans: { equals: { create: () => '500;after-create' } } });
  const settled = await enrol(lost, person({ email }), `k-${uid()}`);
  assert.deepEqual([settled.equals.status, settled.equals.reconciled], ['created', true], JSON.stringify(settled.equals));
  assert.deepEqual(await personasOf(email), { counts: { F12345: 1 }, attempts: 121 });
});

test('a page reloaded under a new key after OUTCOME_UNKNOWN, or after a person was made: while the lookup cannot tell, nothing is sent; one persona throughout', async () => {
  const store = memoryStore();
  let listDown = true;
  // The lookups fail; the first create is made and answered 500: the client cannot look, OUTCOME_UNKNOWN.
  const plans = { equals: { create: (n) => (n === 0 ? '500;after-create' : undefined), lookup: () => (listDown ? '503' : undefined) } };
  const handle = handler({ only: ['equals'], plans, store });
  const p = person();
  const first = await enrol(handle, p, `k-${uid()}`);
  assert.deepEqual([first.equals.code, first.equals.retryable], ['OUTCOME_UNKNOWN', true]);
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
  // Reloaded: a new key. Its lookup cannot tell, and an enrolment of the person may have made them: nothing sent.
  const reloaded = await enrol(handle, p, `k-${uid()}`);
  assert.deepEqual([reloaded.equals.status, reloaded.equals.code, reloaded.equals.retryable], ['failed', 'OUTCOME_UNKNOWN', true]);
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
  // The list answers: found.
  listDown = false;
  const found = await enrol(handle, p, `k-${uid()}`);
  assert.equal(found.equals.status, 'exists');
  // The list fails again, a day's keys later: the person is known to exist, so still nothing is sent.
  listDown = true;
  const again = await enrol(handle, p, `k-${uid()}`);
  assert.deepEqual([again.equals.status, again.equals.code], ['failed', 'OUTCOME_UNKNOWN']);
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
  // Another person, never enrolled: the lookup is only a precaution, the create goes out as before.
  const other = person();
  const fresh = await enrol(handle, other, `k-${uid()}`);
  assert.equal(fresh.equals.status, 'created');
  assert.deepEqual((await personasOf(other.email)).counts, { F12345: 1 });
});

test('Verifik without collections: an answer lost after the create is OUTCOME_UNKNOWN that no "Try again" could settle, so not retryable, and it says to get in touch', async () => {
  const plans = { verifik: { create: (n) => (n === 0 ? '500;after-create' : undefined) } };
  const client = new VerifikClient({ token: TOKEN, baseUrl: mock.url, timeoutMs: 2000, maxRetries: 0, fetch: planned(plans.verifik) });
  const handle = createEnrolHandler({ providers: { verifik: { client } } });
  const { verifik } = await enrol(handle, person(), `k-${uid()}`);
  assert.deepEqual([verifik.status, verifik.code, verifik.retryable], ['failed', 'OUTCOME_UNKNOWN', false]);
  assert.match(verifik.message, /contact us/);
  assert.equal((await mock.persons()).verifik.length, 1);
  // With a collection the same fault is looked up and settled.
  const settled = await enrol(handler({ only: ['verifik'], plans: { verifik: { create: (n) => (n === 0 ? '500;after-create' : undefined) } } }), person(), `k-${uid()}`);
  assert.deepEqual([settled.verifik.status, settled.verifik.reconciled], ['created', true]);
});

/**
 * `store` as one instance sees it: once `cut()` is called every call hangs,
 * as when the instance died or lost its connection to the store.
 */
function cuttable(store) {
  let cut = false;
  const hang = new Promise(() => {});
  const view = Object.fromEntries(['get', 'create', 'replace'].map((m) => [m, (...a) => (cut ? hang : store[m](...a))]));
  return { view, cut: () => { cut = true; } };
}

async function untilPersonas(email, n) {
  for (let i = 0; i < 200; i += 1) {
    const s = await mock.persons();
    if (s.equals.some((e) => e.personas.filter((x) => x.emailAddress.toLowerCase() === email.toLowerCase()).length >= n)) return;
    await sleep(10);
  }
  throw new Error('the persona never appeared');
}

test('an instance cut off from the store (or dead) while its Equals create has made the person: past its lease, a reload under a new key whose lookup cannot tell sends nothing; one persona', async () => {
  const store = memoryStore();
  const a = cuttable(store);
  const limits = { waitMs: 200, leaseMs: 300 };
  // Equals makes the person at once and answers A 1.5 s later.
  const handleA = handler({ only: ['equals'], plans: { equals: { create: (n) => (n === 0 ? 'delay=1500;after-create' : undefined) } }, store: a.view, idempotency: limits });
  const handleB = handler({ only: ['equals'], plans: { equals: { lookup: () => '503' } }, store, idempotency: limits });
  const p = person();
  const first = enrol(handleA, p, `k-${uid()}`);
  await untilPersonas(p.email, 1);
  a.cut();
  // The lock's lease runs out: nobody renews it.
  await sleep(limits.leaseMs + 150);
  const reloaded = await enrol(handleB, p, `k-${uid()}`);
  assert.deepEqual([reloaded.equals.status, reloaded.equals.code], ['failed', 'OUTCOME_UNKNOWN'], 'a holder that stopped renewing mid-call may have made the person');
  await first;
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
});

test('a lock renewal whose answer is lost after it was written: the lock stays its holder\'s (another key waits, nothing sent), and its release still leaves the mark', async () => {
  const store = memoryStore();
  let lost = 0;
  // The first renewal of the Equals lock lands, and its answer never comes back.
  const lossy = {
    get: (k) => store.get(k),
    create: (k, v, ttl) => store.create(k, v, ttl),
    replace: async (k, v, next, ttl) => {
      const done = await store.replace(k, v, next, ttl);
      if (k.startsWith('equals person') && next.state === 'running' && lost === 0) {
        lost += 1;
        throw new Error('the connection closed before the answer');
      }
      return done;
    },
  };
  const limits = { waitMs: 200, leaseMs: 240 };
  const handleA = handler({ only: ['equals'], plans: { equals: { create: (n) => (n === 0 ? 'delay=1200;after-create' : undefined) } }, store: lossy, idempotency: limits });
  const handleB = handler({ only: ['equals'], plans: { equals: { lookup: () => '503' } }, store, idempotency: limits });
  const p = person();
  const first = enrol(handleA, p, `k-${uid()}`);
  await untilPersonas(p.email, 1);
  // Past several leases: a lock that could no longer be renewed would have run out.
  await sleep(3 * limits.leaseMs);
  const tab2 = await enrol(handleB, p, `k-${uid()}`);
  assert.equal(lost, 1);
  assert.deepEqual([tab2.equals.status, tab2.equals.code], ['failed', 'IN_PROGRESS'], 'the lock is still held');
  assert.equal((await first).equals.status, 'created');
  const mark = await store.get(await personLockKey({ accountId: 'F12345', emailAddress: p.email }));
  assert.deepEqual([mark?.state, mark?.mayExist], ['done', true]);
  assert.deepEqual(await personasOf(p.email), { counts: { F12345: 1 }, attempts: 1 });
});

test('a lock renewal the store does not answer is not queued behind itself: a cut-off holder answers after one renewal and its release, not one per third of a lease', async () => {
  const store = memoryStore();
  let renewals = 0;
  // Renewals (a running record over our own) never answered; everything else as the store answers.
  const hanging = {
    get: (k) => store.get(k),
    create: (k, v, ttl) => store.create(k, v, ttl),
    replace: (k, v, next, ttl) => {
      if (next.state !== 'running') return store.replace(k, v, next, ttl);
      renewals += 1;
      return new Promise(() => {});
    },
  };
  // A renewal every 20 ms; each unanswered one is given up after waitMs + 1 s.
  // The call made the person (mayExistAfter): its release is kept, to be read back.
  const done = await withPersonLock(hanging, 'equals person renewals', { waitMs: 0, leaseMs: 60 }, () => sleep(200).then(() => 'made'), () => true);
  assert.deepEqual(done, { ran: true, value: 'made' });
  assert.ok(renewals <= 1, `${renewals} renewals sent while one was unanswered`);
  const mark = await store.get('equals person renewals');
  assert.deepEqual([mark?.state, mark?.mayExist], ['done', true], 'released, marked');
});
