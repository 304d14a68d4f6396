// personkit/server exactly once under random faults, proven by counting.
// Each case is built from a fixed seed: faults scripted on the three
// providers' creates and lookups, then a few submissions of one person to two
// handler instances that share a store — the same key sent again ("Try
// again"), two at once (a double click), a new key (the page reloaded). After
// each, personkit-mock holds at most one person per provider and one Equals
// persona; once the faults are gone, "Try again" (a new key if the old one
// kept a failure a repeat would not change) ends with each provider holding
// exactly one, and the answers say so. More cases: PERSONKIT_FUZZ_CASES (a
// twentieth of it, at least 20).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from 'personkit/server';
import { mockServer } from '../js/helpers.mjs';
import { person, jsonRequest, jsonOf, uid, createEnrolHandler, mockProviders } from '../js/server-helpers.mjs';
import { prng } from './prng.mjs';

const CASES = Math.max(20, Math.floor(Number(process.env.PERSONKIT_FUZZ_CASES ?? 300) / 20));
const SEED = Number(process.env.PERSONKIT_FUZZ_SEED ?? 0x5eed);
const TIMEOUT_MS = 200;
const PROVIDERS = ['verifik', 'equals', 'horus'];
const CREATE_FAULTS = ['500', '502', '503', '504', '429;retry-after=0', 'reset', 'bad-json', 'html', `delay=${TIMEOUT_MS * 2}`];
const LOOKUP_FAULTS = ['500', '503', 'reset', 'bad-json', `delay=${TIMEOUT_MS * 2}`];
const DONE = new Set(['created', 'exists']);

/** One server instance: its own clients (maxRetries as the case says), the shared store. */
function instance(url, store, maxRetries) {
  const o = { baseUrl: url, timeoutMs: TIMEOUT_MS, maxRetries };
  return createEnrolHandler({
    providers: mockProviders(o, 2),
    store,
    idempotency: { waitMs: 300 },
  });
}

/** At most one person per provider, one Equals persona; how many each holds. */
async function counted(mock, label) {
  const s = await mock.persons();
  for (const p of PROVIDERS) assert.ok(s[p].length <= 1, `${label}: ${p} holds ${s[p].length} persons`);
  if (s.equals.length) assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 }, `${label}: one Equals persona`);
  return Object.fromEntries(PROVIDERS.map((p) => [p, s[p].length]));
}

async function submit(handle, p, key) {
  const res = await handle(jsonRequest({ person: p }, { key }));
  const body = await jsonOf(res);
  return { status: res.status, results: body.results, error: body.error };
}

async function runCase(mock, r, i) {
  await mock.reset();
  const store = memoryStore();
  const maxRetries = r.int(2);
  const servers = [instance(mock.url, store, maxRetries), instance(mock.url, store, maxRetries)];
  const plan = { creates: {}, lookups: {}, rounds: [] };
  for (const p of PROVIDERS) {
    plan.creates[p] = Array.from({ length: r.int(4) }, () => `${r.pick(CREATE_FAULTS)}${r.int(2) ? ';after-create' : ''}`);
    plan.lookups[p] = p === 'horus' ? [] : Array.from({ length: r.int(3) }, () => r.pick(LOOKUP_FAULTS));
    for (const f of plan.creates[p]) await mock.scenario(f, 1, p, 'create');
    for (const f of plan.lookups[p]) await mock.scenario(f, 1, p, 'lookup');
  }
  const p = person();
  const keys = [`k-${uid()}`];
  for (let n = 1 + r.int(3); n > 0; n--) {
    if (r.int(5) === 0) keys.push(`k-${uid()}`);
    plan.rounds.push(r.int(3) === 0 ? 'double' : 'once');
  }
  const label = `case ${i}: maxRetries ${maxRetries}, ${JSON.stringify(plan)}`;

  let key = keys[0];
  for (const [n, round] of plan.rounds.entries()) {
    key = keys[Math.min(n, keys.length - 1)];
    const sends = round === 'double' ? [servers[0], servers[r.int(2)]] : [servers[r.int(2)]];
    const answers = await Promise.all(sends.map((h) => submit(h, p, key)));
    for (const a of answers) assert.ok([200, 409].includes(a.status), `${label}: round ${n} answered ${a.status} ${a.error?.code}`);
    await counted(mock, `${label}, after round ${n}`);
  }

  // The faults are gone: "Try again" until each provider is done, with a
  // new key once the old one keeps a failure that a repeat would not change.
  await mock.clearScenarios();
  let last;
  for (let tries = 0; tries < 6; tries++) {
    last = await submit(servers[tries % 2], p, key);
    if (last.status === 200 && PROVIDERS.every((q) => DONE.has(last.results[q].status))) break;
    if (last.status === 200 && PROVIDERS.some((q) => last.results[q].status === 'failed' && !last.results[q].retryable)) key = `k-${uid()}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const outcomes = JSON.stringify(last.results ?? last.error);
  assert.equal(last.status, 200, `${label}: the last try answered ${last.status} ${outcomes}`);
  for (const q of PROVIDERS) assert.ok(DONE.has(last.results[q].status), `${label}: ${q} ends ${outcomes}`);
  assert.deepEqual(await counted(mock, `${label}, at the end`), { verifik: 1, equals: 1, horus: 1 }, label);
  const s = await mock.persons();
  assert.equal(last.results.verifik.id, s.verifik[0]._id, `${label}: Verifik's id`);
  assert.equal(last.results.equals.id, s.equals[0].id, `${label}: Equals' id`);
}

test(`personkit/server: ${CASES} seeded fault scripts, one person per provider after every submission`, async () => {
  const mock = await mockServer();
  try {
    const r = prng(SEED ^ 0x1ec);
    for (let i = 0; i < CASES; i++) await runCase(mock, r, i);
  } finally {
    await mock.close();
  }
});
