// Issue 6: the fault matrix, timeouts, aborts and retries that never create
// twice, against personkit-mock's injected faults on 127.0.0.1.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, verifikPerson, equalsPerson, horusPerson, rejection, assertNoSecrets } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const make = {
  verifik: (o = {}) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, ...o }),
  equals: (o = {}) => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, ...o }),
  horus: (o = {}) => new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }),
};
const person = { verifik: verifikPerson, equals: equalsPerson, horus: horusPerson };
const counts = async (p) => {
  const s = await mock.persons();
  return { persons: s[p].length, attempts: s.attempts[p] };
};

// Each fault on every create (a scenario: lookups answer normally), nobody
// created: the typed error, how many creates the policy sent, and whether a
// lookup settled it. Verifik and Equals look before any repeat of an
// uncertain create, Equals also after a 429 or 503; Horus repeats (a repeat
// is detectable there).
const matrix = [
  // fault, code, status, [attempts, reconciled] for [verifik, equals, horus] with maxRetries 1
  ['500', 'SERVER_ERROR', 500, [[2, true], [2, true], [2, false]]],
  // Equals looks before repeating after a busy answer too (a repeat there is a second persona).
  ['503;retry-after=0', 'SERVER_ERROR', 503, [[2, false], [2, true], [2, false]]],
  ['429;retry-after=0', 'RATE_LIMITED', 429, [[2, false], [2, true], [2, false]]],
  ['html', 'SERVER_ERROR', 502, [[2, true], [2, true], [2, false]]],
  ['bad-json', 'BAD_RESPONSE', 'success', [[2, true], [2, true], [2, false]]],
  ['huge=300000', 'BAD_RESPONSE', 'success', [[2, true], [2, true], [2, false]]],
  ['reset', 'NETWORK', undefined, [[2, true], [2, true], [2, false]]],
  ['delay=1500', 'TIMEOUT', undefined, [[2, true], [2, true], [2, false]]],
  // Not followed: a client that followed it would come back (a second attempt).
  ['redirect', 'BAD_RESPONSE', undefined, [[1, false], [1, false], [1, false]]],
  ['redirect=302', 'BAD_RESPONSE', undefined, [[1, false], [1, false], [1, false]]],
];
for (const [fault, code, status, expected] of matrix) {
  ['verifik', 'equals', 'horus'].forEach((p, i) => {
    const [attempts, reconciled] = expected[i];
    test(`${p}: fault ${fault} → ${code}, ${attempts} attempt(s), reconciled ${reconciled}, nobody created`, async () => {
      await mock.scenario(fault, 10, p);
      const c = make[p]({ maxRetries: 1, timeoutMs: 500 });
      const err = await rejection(c.createPerson(person[p]()));
      assert.equal(err.code, code, err.message);
      assert.equal(err.provider, p);
      assert.equal(err.status, status === 'success' ? (p === 'equals' ? 201 : 200) : status);
      assert.equal(err.attempts, attempts);
      assert.equal(err.retried, attempts > 1);
      assert.equal(err.reconciled, reconciled);
      if (fault === 'html') assert.match(err.body, /<html/i);
      if (err.body) assert.ok(err.body.length <= 4096);
      assertNoSecrets(err);
      assert.deepEqual(await counts(p), { persons: 0, attempts });
      const lookups = (await mock.persons()).lookups?.[p] ?? 0;
      // Equals looks after every busy or uncertain answer, the last one included.
      const looked = reconciled ? attempts : 0;
      assert.equal(lookups, looked, 'one lookup per uncertain create');
    });
  });
}

test('a redirect is never followed: BAD_RESPONSE naming it, also from a fetch that hands the 3xx over', async () => {
  const err = await rejection(make.horus({ headers: { 'x-mock-fault': 'redirect=308' } }).createPerson(horusPerson()));
  assert.equal(err.code, 'BAD_RESPONSE');
  assert.match(err.detail, /redirect, which personkit does not follow/);
  assert.equal(err.retried, false);
  assertNoSecrets(err);
  // redirect: 'manual' (what Cloudflare Workers get) hands the 307 itself over.
  let asked;
  const manual = (url, init) => { asked = init.redirect; return fetch(url, { ...init, redirect: 'manual' }); };
  const e = await rejection(make.equals({ fetch: manual, headers: { 'x-mock-fault': 'redirect' } }).createPerson(equalsPerson()));
  assert.equal(asked, 'error');
  assert.equal(e.code, 'BAD_RESPONSE');
  assert.equal(e.status, 307);
  assert.match(e.detail, /redirect, which personkit does not follow/);
  assert.deepEqual(await counts('equals'), { persons: 0, attempts: 1 });
  assert.deepEqual(await counts('horus'), { persons: 0, attempts: 1 });
});

test('retry-after is honoured and reported on the error', async () => {
  const c = make.equals({ headers: { 'x-mock-fault': '429;retry-after=2' }, maxRetries: 0 });
  const err = await rejection(c.createPerson(equalsPerson()));
  assert.equal(err.retryAfter, 2);
  // The lookup after it was refused too (the header faults every request):
  // the busy error stands, "try again", with the lookup's failure as cause.
  assert.deepEqual([err.code, err.cause?.code, err.reconciled], ['RATE_LIMITED', 'RATE_LIMITED', false]);
  assert.match(err.detail, /lookup that would tell failed .*pass lookFirst: true/);
  const t0 = Date.now();
  await mock.scenario('503;retry-after=1', 1, 'verifik');
  const r = await make.verifik().createPerson(verifikPerson());
  assert.ok(Date.now() - t0 >= 950, 'waited at least Retry-After');
  assert.equal(r.retried, true);
  assert.deepEqual(await counts('verifik'), { persons: 1, attempts: 2 });
});

for (const p of ['verifik', 'equals', 'horus']) {
  test(`${p}: a 503 then success creates exactly one person`, async () => {
    await mock.scenario('503;retry-after=0', 1, p);
    const r = await make[p]().createPerson(person[p]());
    assert.equal(r.retried, true);
    assert.deepEqual(await counts(p), { persons: 1, attempts: 2 });
  });
}

test('horus: a retry after a create that failed late reports created: false, retried: true', async () => {
  await mock.scenario('500;after-create', 1, 'horus');
  const r = await make.horus().createPerson(horusPerson());
  assert.deepEqual([r.created, r.reason, r.retried], [false, 'EMAIL_EXISTS', true]);
  assert.deepEqual(await counts('horus'), { persons: 1, attempts: 2 });
});

test('connection refused is retried (the request never left) and ends in NETWORK', async () => {
  const port = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
  });
  const c = new VerifikClient({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 });
  const err = await rejection(c.createPerson(verifikPerson()));
  assert.equal(err.code, 'NETWORK');
  assert.equal(err.retried, true);
  assert.match(err.detail, /not sent/);
  assert.equal(err.message, 'Could not connect to Verifik: check your connection');
  assert.ok(err.cause, 'the fetch error is kept as cause');
  assertNoSecrets(err);
});

test('a port the Fetch standard blocks (6000) is "not sent" too: Equals is retried without a lookup', async () => {
  let looked = 0;
  const fetch = (url, init) => {
    if ((init?.method ?? 'GET') === 'GET') looked += 1;
    return globalThis.fetch(url, init);
  };
  const c = new EqualsClient({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:6000', maxRetries: 1, fetch });
  const err = await rejection(c.createPerson(equalsPerson()));
  assert.equal(err.code, 'NETWORK', err.detail);
  assert.equal(err.retried, true);
  assert.match(err.detail, /not sent/);
  assert.equal(looked, 0, 'no lookup: nothing was sent');
});

test('a fetch option that throws instead of rejecting sent nothing: NETWORK, retried, no Equals lookup', async () => {
  let calls = 0;
  const fetch = () => { calls += 1; throw new TypeError('fetch is not configured'); };
  const c = new EqualsClient({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:6000', maxRetries: 1, fetch });
  const err = await rejection(c.createPerson(equalsPerson()));
  assert.equal(err.code, 'NETWORK', err.detail);
  assert.equal(err.retried, true);
  assert.match(err.detail, /not sent/);
  assert.equal(calls, 2, 'the create was tried twice and never looked up');
  assertNoSecrets(err);
});

test('a connection that broke after sending says, for people too, that it cannot tell whether the request arrived', async () => {
  await mock.scenario('reset', 2, 'horus');
  const c = make.horus({ maxRetries: 1 });
  const err = await rejection(c.createPerson(horusPerson()));
  assert.equal(err.code, 'NETWORK');
  assert.match(err.message, /^The connection to Horus broke before it answered, so we cannot tell whether the request arrived$/);
  await mock.scenario('reset', 2, 'horus');
  const es = await rejection(c.createPerson(horusPerson(), { locale: 'es' }));
  assert.match(es.message, /no sabemos si la solicitud llegó$/);
});

// The aborted call faces a 60 s delay: were the fetch not really aborted, the
// test would hit its own generous timeout instead of measuring anything.
test('a per-call timeoutMs overrides the client one; an AbortSignal aborts the fetch', { timeout: 30_000 }, async () => {
  await mock.scenario('delay=3000', 1, 'equals');
  const slow = make.equals({ maxRetries: 0 });
  const timeout = await rejection(slow.createPerson(equalsPerson(), { timeoutMs: 200 }));
  assert.equal(timeout.code, 'TIMEOUT');
  assert.match(timeout.detail, /200 ms/);
  assert.equal(timeout.reconciled, true, 'looked up: not created');
  const stuck = make.equals({ headers: { 'x-mock-fault': 'delay=60000' }, maxRetries: 0 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const aborted = await rejection(stuck.createPerson(equalsPerson(), { signal: ac.signal }));
  assert.equal(aborted.code, 'ABORTED');
  // Aborted in flight: the create may have been made, and a plain repeat would be a second persona.
  assert.match(aborted.detail, /after it was sent: the person may have been created; try again with lookFirst: true/);
  assert.equal(aborted.message, 'The request was cancelled after it was sent: Equals Money may have registered the person');
  const pre = new AbortController();
  pre.abort();
  const before = (await mock.persons()).attempts.equals;
  const never = await rejection(make.equals().createPerson(equalsPerson(), { signal: pre.signal }));
  assert.equal(never.code, 'ABORTED');
  assert.equal(never.message, 'The request was cancelled', 'aborted before: nothing was sent');
  assert.equal((await mock.persons()).attempts.equals, before, 'nothing sent');
});

test('an abort during the backoff wait stops the retries', async () => {
  const ac = new AbortController();
  const c = make.equals({ headers: { 'x-mock-fault': '503;retry-after=5' }, maxRetries: 2 });
  setTimeout(() => ac.abort(), 300);
  const err = await rejection(c.createPerson(equalsPerson(), { signal: ac.signal }));
  assert.equal(err.code, 'ABORTED');
  assert.equal((await mock.persons()).attempts.equals, 1);
});

test('options are checked: https only (but localhost), no CR/LF in headers, no unknown options', () => {
  const bad = [
    () => new EqualsClient({ apiKey: API_KEY, baseUrl: 'http://api.example.com' }),
    () => new EqualsClient({ apiKey: API_KEY, headers: { 'x-a': 'b\r\nx-evil: 1' } }),
    () => new EqualsClient({ apiKey: `${API_KEY}\n` }),
    () => new EqualsClient({ apikey: API_KEY }),
    () => new EqualsClient({ apiKey: API_KEY, timeoutMs: -1 }),
    () => new EqualsClient({ apiKey: API_KEY, maxRetries: 1.5 }),
    () => new HorusClient({ baseUrl: 'https://horus.example', clientId: 'x' }),
  ];
  for (const make of bad) {
    assert.throws(make, (e) => e.code === 'INVALID_OPTIONS' && !e.detail.includes(API_KEY));
  }
  for (const ok of ['http://localhost:1', 'http://127.0.0.1:1', 'http://[::1]:1', 'https://api.example.com']) {
    assert.doesNotThrow(() => new EqualsClient({ apiKey: API_KEY, baseUrl: ok }));
  }
});

test('nothing personkit does writes to the console', async () => {
  const seen = [];
  const orig = {};
  for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
    orig[k] = console[k];
    console[k] = (...a) => seen.push(a.join(' '));
  }
  try {
    await rejection(make.horus({ clientSecret: 'wrong-secret', maxRetries: 0 }).createPerson(horusPerson()));
    await rejection(make.verifik({ headers: { 'x-mock-fault': 'bad-json' } }).createPerson(verifikPerson()));
    await make.equals().createPerson(equalsPerson());
  } finally {
    Object.assign(console, orig);
  }
  assert.deepEqual(seen, []);
});
