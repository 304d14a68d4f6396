// Clients audit (session 44): `reconciled` says what it promises ("none of
// the attempts created the person") to the end of a call, and a `fetch`
// option that ignores the signal cannot hold a call past its deadline.
// Each test of a fix failed before it (the 400 one checks the fix does not
// go too far); persons are counted in personkit-mock.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, verifikPerson, equalsPerson, horusPerson, rejection } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(async () => { await mock.reset(); await mock.clearScenarios(); });

const equals = (o = {}) => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, timeoutMs: 800, ...o });
const verifik = (o = {}) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, timeoutMs: 800, ...o });
const personas = async (email) => (await mock.persons()).equals.find((p) => p.personas.some((x) => x.emailAddress === email))?.personaCounts ?? {};

test('equals: a lookup said "not made", then an attempt that may have made the person: the error is not reconciled', async () => {
  // 500 before the create (nothing made), its lookup finds nothing; then a redirect after the create.
  await mock.scenario('500', 1, 'equals');
  await mock.scenario('redirect;after-create', 1, 'equals');
  const input = equalsPerson();
  const err = await rejection(equals().createPerson(input, { maxRetries: 2 }));
  assert.equal(err.code, 'BAD_RESPONSE');
  assert.equal(err.attempts, 2);
  assert.equal(err.reconciled, false, 'the second attempt may have made the person');
  // A caller that trusted reconciled: true would have sent again; this one looks first, and finds her.
  const again = await equals().createPerson(input, { lookFirst: true });
  assert.equal(again.reconciled, true);
  assert.deepEqual(await personas(input.emailAddress), { F12345: 1 });
});

test('equals, lookFirst: a busy answer after the lookup, whose own lookup cannot tell, is not reconciled', async () => {
  // The mock's faults by header: 429 on the create (which made her), 503 on the second lookup only.
  let lookups = 0;
  const fetchWithFaults = (url, init) => {
    const lookup = (init.method ?? 'GET') === 'GET';
    if (lookup) lookups += 1;
    const fault = lookup ? (lookups === 2 ? '503' : null) : '429;after-create';
    return fetch(url, fault ? { ...init, headers: { ...init.headers, 'x-mock-fault': fault } } : init);
  };
  const input = equalsPerson();
  const err = await rejection(equals({ fetch: fetchWithFaults }).createPerson(input, { maxRetries: 0, lookFirst: true }));
  assert.equal(err.code, 'RATE_LIMITED');
  assert.equal(lookups, 2);
  assert.equal(err.reconciled, false, err.message);
  assert.deepEqual(await personas(input.emailAddress), { F12345: 1 });
});

test('verifik: 500 (nothing made) looked up, then 503 after the create: the final error is not reconciled', async () => {
  await mock.scenario('500', 1, 'verifik');
  await mock.scenario('503;after-create', 2, 'verifik');
  const err = await rejection(verifik().createPerson(verifikPerson(), { maxRetries: 2 }));
  assert.equal(err.code, 'SERVER_ERROR');
  assert.equal(err.reconciled, false);
  assert.equal((await mock.persons()).verifik.length, 1);
});

test('a lookup\'s "not made" still stands after an attempt refused before anything acted on it (a 400)', async () => {
  await mock.scenario('500', 1, 'equals');
  await mock.scenario('400', 1, 'equals');
  const err = await rejection(equals().createPerson(equalsPerson(), { maxRetries: 2 }));
  assert.equal(err.code, 'BAD_REQUEST');
  assert.equal(err.reconciled, true);
  assert.equal((await mock.persons()).equals.length, 0);
});

test('a fetch option that drops the signal and never settles: timeoutMs and the caller\'s signal still end the call', async () => {
  const never = () => new Promise(() => {});
  const o = { baseUrl: 'http://127.0.0.1:9', fetch: never, maxRetries: 0 };
  const calls = [
    ['TIMEOUT', () => new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o, timeoutMs: 200 }).createPerson(horusPerson())],
    ['ABORTED', () => new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }).createPerson(horusPerson(), { signal: AbortSignal.timeout(200) })],
    // Equals then looks, with the same fetch: that lookup cannot tell either.
    ['OUTCOME_UNKNOWN', () => new EqualsClient({ apiKey: API_KEY, ...o, timeoutMs: 200 }).createPerson(equalsPerson())],
  ];
  for (const [code, call] of calls) {
    const ended = await Promise.race([rejection(call()), new Promise((resolve) => { setTimeout(resolve, 5000, 'still pending').unref(); })]);
    assert.equal(ended?.code, code, String(ended));
  }
});
