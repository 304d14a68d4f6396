// onComplete: the server's own code is handed each request's results once
// they are stored (the ids to keep beside its user), with `auth`, the person
// and the key; what it returns reaches the page as the summary's `data`. A
// throw there is a 500 that loses nothing: the page's "Try again" under the
// same key replays the stored outcomes, calls no provider, and calls
// onComplete again. Counted against personkit-mock: one person per provider
// (Equals: one persona on the account) whatever onComplete does.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mockServer } from './helpers.mjs';
import { person, jsonRequest, jsonOf, lines, uid, createEnrolHandler, fakeProviders, calls, mockProviders } from './server-helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const PROVIDERS = ['verifik', 'equals', 'horus'];

function handler(rest = {}) {
  return createEnrolHandler({ providers: mockProviders({ baseUrl: mock.url, timeoutMs: 2000, maxRetries: 0 }), ...rest });
}

async function assertOnePerProvider() {
  const s = await mock.persons();
  for (const p of PROVIDERS) assert.equal(s[p].length, 1, `${p}: one person`);
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 }, 'one persona on the account');
  return s;
}

test("onComplete gets the ids the providers gave, authorize's value, the person and the key; a replay calls it again, marked replayed", async () => {
  const events = [];
  const handle = handler({
    authorize: (request) => (request.headers.get('authorization') === 'Bearer u-7' ? { userId: 'u-7' } : false),
    onComplete: (event) => { events.push(event); },
  });
  const p = person();
  const key = `k-${uid()}`;
  const headers = { authorization: 'Bearer u-7' };
  const { results } = await jsonOf(await handle(jsonRequest({ person: p }, { key, headers })));
  const s = await assertOnePerProvider();
  assert.equal(events.length, 1);
  const [first] = events;
  assert.deepEqual(first.results, results, 'the results the page is answered');
  assert.equal(first.results.verifik.id, s.verifik[0]._id);
  assert.equal(first.results.equals.id, s.equals[0].id);
  assert.equal(first.results.equals.personaId, s.equals[0].personas[0].id);
  assert.deepEqual(first.auth, { userId: 'u-7' });
  assert.deepEqual(first.person, p);
  assert.equal(first.idempotencyKey, key);
  assert.equal(first.replayed, false);
  assert.ok(first.request instanceof Request);

  const again = await jsonOf(await handle(jsonRequest({ person: p }, { key, headers })));
  assert.deepEqual(again.results, results);
  assert.equal(events.length, 2);
  assert.equal(events[1].replayed, true);
  assert.deepEqual(events[1].results, results);
  await assertOnePerProvider();
});

test('onComplete throwing: 500 INTERNAL, logged by name only; "Try again" under the key calls no provider, calls onComplete again, and answers the results', async () => {
  const logs = [];
  let fail = true;
  const events = [];
  const handle = handler({
    logger: { info: () => {}, warn: (f) => logs.push(f), error: (f) => logs.push(f) },
    onComplete: async (event) => {
      events.push(event);
      if (fail) throw new Error(`database down while saving ${event.person.email}`);
    },
  });
  const p = person();
  const key = `k-${uid()}`;
  const res = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(res.status, 500);
  assert.equal((await jsonOf(res)).error.code, 'INTERNAL');
  const failed = logs.find((l) => l.event === 'enrol.on_complete_failed');
  assert.ok(failed, JSON.stringify(logs));
  assert.deepEqual(failed.error, { name: 'Error', code: undefined }, 'its message quotes the person: not logged');
  assert.ok(!JSON.stringify(logs).includes(p.email));
  const made = await assertOnePerProvider();

  fail = false;
  const retry = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(retry.status, 200);
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
  const { results } = await jsonOf(retry);
  assert.deepEqual(PROVIDERS.map((x) => results[x].status), ['created', 'created', 'created']);
  assert.deepEqual(events.map((e) => e.replayed), [false, true]);
  assert.deepEqual(events[1].results, events[0].results, 'the same outcomes, handed again');
  const s = await assertOnePerProvider();
  assert.deepEqual(s.attempts, made.attempts, 'no provider called by the retry');
});

test('ndjson: each provider\'s line goes out as it finishes; a throwing onComplete ends the stream with an error line, not the summary', async () => {
  const handle = handler({ onComplete: () => Promise.reject(new TypeError('nope')) });
  const got = await lines(await handle(jsonRequest({ person: person() }, { headers: { accept: 'application/x-ndjson' } })));
  assert.deepEqual(got.slice(0, 3).map((l) => l.outcome.status), ['created', 'created', 'created']);
  assert.deepEqual(got.slice(3).map((l) => l.error?.code), ['INTERNAL']);
  assert.ok(!got.some((l) => l.results), 'no summary line');
  await assertOnePerProvider();
});

test("onComplete holds its own copy of the results: what it changes is not what the page is answered", async () => {
  const handle = handler({ onComplete: ({ results }) => { results.equals.id = 'changed'; delete results.verifik; } });
  const { results } = await jsonOf(await handle(jsonRequest({ person: person() })));
  const s = await assertOnePerProvider();
  assert.equal(results.equals.id, s.equals[0].id);
  assert.equal(results.verifik.status, 'created');
});

test('onComplete is not called for a request refused before the providers (invalid person, key reused, not authorized)', async () => {
  const providers = fakeProviders();
  const events = [];
  const handle = createEnrolHandler({ providers, authorize: (r) => r.headers.get('authorization') === 'ok', onComplete: (e) => { events.push(e); } });
  const ok = { authorization: 'ok' };
  assert.equal((await handle(jsonRequest({ person: person({ email: 'not an email' }) }, { headers: ok }))).status, 422);
  assert.equal((await handle(jsonRequest({ person: person() }))).status, 401);
  const key = `k-${uid()}`;
  assert.equal((await handle(jsonRequest({ person: person() }, { key, headers: ok }))).status, 200);
  assert.equal((await handle(jsonRequest({ person: person({ firstName: 'Otra' }) }, { key, headers: ok }))).status, 422);
  assert.equal(events.length, 1, 'only the request that reached the providers');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('onComplete that is not a function stops the handler at start-up', () => {
  assert.throws(() => createEnrolHandler({ providers: fakeProviders(), onComplete: 'save' }), (e) => e instanceof TypeError && /onComplete must be a function/.test(e.message));
  assert.throws(() => createEnrolHandler({ providers: fakeProviders(), oncomplete: () => {} }), /did you mean onComplete/);
});

test('the page\'s enrol() after onComplete threw: the same person sent again keeps its key, gets the results, and no provider is called again', async () => {
  const { enrol } = await import('personkit');
  let fail = true;
  const keys = [];
  const handle = handler({ onComplete: () => { if (fail) throw new Error('database down'); } });
  const fetchVia = (url, init) => { keys.push(new Headers(init.headers).get('idempotency-key')); return handle(new Request(url, init)); };
  const p = person();
  const options = { endpoint: 'https://app.example/api/enrol', fetch: fetchVia };
  await assert.rejects(enrol(p, options), (e) => e.code === 'INTERNAL');
  const made = await assertOnePerProvider();
  fail = false;
  const { results } = await enrol(p, options);
  assert.deepEqual(PROVIDERS.map((x) => results[x].status), ['created', 'created', 'created']);
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'one key for the person');
  assert.deepEqual((await assertOnePerProvider()).attempts, made.attempts);
});

test("what onComplete returns reaches the page as the summary's data: JSON, the ndjson summary line, enrol(); a replay returns it again", async () => {
  const { enrol } = await import('personkit');
  let n = 0;
  const handle = handler({ authorize: () => ({ userId: 'u-9' }), onComplete: async ({ auth, replayed }) => ({ userId: auth.userId, call: (n += 1), replayed }) });
  const p = person();
  const key = `k-${uid()}`;
  const first = await jsonOf(await handle(jsonRequest({ person: p }, { key })));
  assert.deepEqual(first.data, { userId: 'u-9', call: 1, replayed: false });
  const again = await jsonOf(await handle(jsonRequest({ person: p }, { key })));
  assert.deepEqual(again.data, { userId: 'u-9', call: 2, replayed: true });
  const streamed = await lines(await handle(jsonRequest({ person: person() }, { headers: { accept: 'application/x-ndjson' } })));
  assert.deepEqual(streamed.at(-1).data, { userId: 'u-9', call: 3, replayed: false });
  assert.ok(streamed.slice(0, -1).every((l) => l.data === undefined), 'only the summary line');
  const summary = await enrol(person(), { endpoint: 'https://app.example/api/enrol', fetch: (url, init) => handle(new Request(url, init)) });
  assert.deepEqual(summary.data, { userId: 'u-9', call: 4, replayed: false });
  // Nothing returned: no data member.
  const plain = await jsonOf(await handler({ onComplete: () => {} })(jsonRequest({ person: person() })));
  assert.equal(Object.hasOwn(plain, 'data'), false);
});

test('onComplete returning what JSON cannot hold (a bigint, a cycle) is the server\'s bug: 500, logged by name', async () => {
  const logs = [];
  const cycle = {};
  cycle.self = cycle;
  for (const returned of [10n, cycle]) {
    const handle = handler({ logger: { info: () => {}, warn: () => {}, error: (f) => logs.push(f) }, onComplete: () => returned });
    const res = await handle(jsonRequest({ person: person() }));
    assert.equal(res.status, 500);
    assert.equal((await jsonOf(res)).error.code, 'INTERNAL');
  }
  assert.deepEqual(logs.map((l) => [l.event, l.error.name]), [['enrol.on_complete_failed', 'TypeError'], ['enrol.on_complete_failed', 'TypeError']]);
});
