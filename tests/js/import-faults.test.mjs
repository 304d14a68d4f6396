// enrolMany() from the Node entry against personkit-mock's faults, per
// provider: 429 with Retry-After (one pause for every worker), a 500 or a
// reset after the person was created, a lookup that fails. Every test ends by
// counting: one person (and one Equals persona) per row.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { enrolMany, PersonkitError } from 'personkit';
import { Lane } from '../../js/import/lane.mjs';
import { mockServer, tempDir, journal, inFlight, countsOf } from './import-helpers.mjs';

let mock;
let tmp;
before(async () => { mock = await mockServer(); });
after(() => { mock.close(); tmp?.cleanup(); });
beforeEach(async () => {
  await mock.reset();
  tmp?.cleanup();
  tmp = tempDir();
});

const photo = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url));
const people = (n, tag) => Array.from({ length: n }, (_, i) => ({
  firstName: 'Zoë', lastName: `Ōsaka ${tag}${i}`, email: `z${i}.${tag}@example.com`, dateOfBirth: '1990-05-17',
  identityNumber: String(50000000 + i), photos: [photo],
}));
const providers = (url, which = ['verifik', 'equals', 'horus']) => Object.fromEntries(which.map((p) => [p, {
  verifik: { token: 'verifik-test-token', baseUrl: url, collections: ['staff'], timeoutMs: 2000 },
  equals: { apiKey: 'equals-test-key', baseUrl: url, accountId: 'F12345', roleName: 'Viewer', timeoutMs: 2000 },
  horus: { clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', baseUrl: url, categoryId: 1, positionId: 1, timeoutMs: 2000 },
}[p]]));

test('429 with Retry-After: the provider pauses for all its workers and slows down; every row is created once', async () => {
  await mock.scenario('429;retry-after=1', 3, 'equals');
  const seen = [];
  const summary = await enrolMany(people(24, 'rl'), {
    providers: providers(mock.url, ['equals', 'horus']), concurrency: 4, journal: join(tmp.dir, 'j.jsonl'),
    onProgress: (s) => seen.push(s.providers.equals),
  });
  assert.equal(summary.providers.equals.created, 24);
  assert.equal(summary.providers.equals.retries, 3);
  assert.equal(summary.providers.horus.created, 24, 'the other provider is not held up');
  assert.ok(seen.some((s) => s.pausedMs > 0), 'a pause was in force');
  assert.ok(seen.some((s) => s.limit < 4), 'fewer creates at once after a 429');
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 24, horus: 24, personasNotOne: 0 });
  assert.equal(s.attempts.equals, 27, '3 refused + 24');
  // One lookup a row before its first create (Equals is looked up first by
  // default), and each busy answer is looked up once, by the client (a 429
  // from a server that had made the person would not show it); the row's
  // next try does not look again, since nothing was sent after that lookup.
  assert.equal(s.lookups.equals, 24 + 3);
  assert.equal(journal(join(tmp.dir, 'j.jsonl')).filter((e) => e.code === 'RATE_LIMITED').length, 3);
});

test('the shared pause: a worker does not start while the provider is paused', async () => {
  const lane = new Lane(4);
  lane.rateLimited(0.2);
  assert.equal(lane.limit, 2);
  let started = false;
  const p = lane.acquire().then(() => { started = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(started, false, 'held by the pause');
  assert.ok(lane.pauseLeft() > 0);
  await p;
  assert.equal(lane.pauseLeft(), 0, 'released only once the pause is over');
  lane.release();
  for (let i = 0; i < 2; i += 1) lane.ok();
  assert.equal(lane.limit, 3, 'a run of successes gives a slot back');
});

test('500 and resets after the create: settled by a lookup or a repeat Horus answers "exists"; one person each', async () => {
  await mock.scenario('500;after-create', 2, 'equals');
  await mock.scenario('reset;after-create', 2, 'verifik');
  await mock.scenario('reset;after-create', 2, 'horus');
  await mock.scenario('reset', 2, 'equals');
  await mock.scenario('503;retry-after=1', 1, 'verifik');
  const rows = [];
  const summary = await enrolMany(people(12, 'f'), {
    providers: providers(mock.url), concurrency: 3, journal: join(tmp.dir, 'j.jsonl'), onRow: (r) => rows.push(r),
  });
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 12, equals: 12, horus: 12, personasNotOne: 0 });
  // Which row meets which fault depends on timing: three rows run at once,
  // and a row's repeat may meet the next fault itself. So what is counted is
  // what no ordering changes. Equals: the two 500s found by a lookup, the two
  // resets looked up, not there, and sent again: 12 look-firsts, one lookup
  // more per 500 and two per reset (a row's lookup that settles the reset and
  // its repeat's look-first), whichever rows they hit.
  assert.deepEqual([s.attempts.equals, s.lookups.equals], [12 + 2, 12 + 2 * 1 + 2 * 2], 'every Equals repeat was decided by a lookup');
  assert.equal(summary.providers.equals.retries, 2, 'the resets before the create: looked up, not there, sent again');
  const equalsMet = summary.providers.equals.reconciled;
  assert.ok(equalsMet >= 2 && equalsMet <= 4, `the rows that met an Equals fault are reconciled (${equalsMet})`);
  // Verifik: a reset after the create is found by the lookup, which ends the row's Verifik part.
  assert.equal(summary.providers.verifik.reconciled, 2);
  // Horus: each reset after the create is sent again, and the repeat answers "already there".
  assert.equal(s.attempts.horus, 12 + 2);
  // Not "nothing new created": the repeat's "already there" may be this row's own first try.
  const horusRepeats = rows.map((r) => r.outcomes.horus).filter((o) => o.status === 'exists');
  assert.ok(horusRepeats.length >= 1 && horusRepeats.length <= 2, 'a Horus repeat answers "already there"');
  assert.equal(summary.providers.horus.exists, horusRepeats.length);
  for (const o of horusRepeats) assert.equal(o.message, 'in Horus: made by an earlier try of this row whose answer was lost, or already there before');
  assert.equal(rows.length, 12);
});

test('a lookup that fails leaves the row unknown; the next run looks again and does not send it twice', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  await mock.scenario('reset;after-create', 1, 'equals');
  // The first row's lookup before its create, then the one after the reset: neither can tell.
  await mock.scenario('503', 2, 'equals', 'lookup');
  const opts = { providers: providers(mock.url, ['equals']), concurrency: 1, journal: jpath };
  const first = await enrolMany(people(3, 'u'), opts);
  assert.equal(first.providers.equals.unknown, 1);
  assert.equal(first.providers.equals.created, 2);
  const secondRows = [];
  const second = await enrolMany(people(3, 'u'), { ...opts, onRow: (r) => secondRows.push(r) });
  assert.equal(second.providers.equals.reconciled, 1);
  // The one the lookup found was made by the first run, not this one: not "created".
  assert.equal(second.providers.equals.created, 0);
  assert.equal(second.providers.equals.earlier, 3);
  const found = secondRows.map((r) => r.outcomes.equals).find((o) => o.reconciled);
  assert.deepEqual([found?.status, found?.earlier], ['created', true]);
  assert.match(found.message, /made by an earlier run/);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 3, horus: 0, personasNotOne: 0 });
  assert.deepEqual(inFlight(journal(jpath)), []);
});

test('a journal is never reused for another account', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  await enrolMany(people(1, 'a'), { providers: providers(mock.url, ['equals']), journal: jpath });
  const other = providers(mock.url, ['equals']);
  other.equals.accountId = 'F99999';
  await assert.rejects(enrolMany(people(1, 'a'), { providers: other, journal: jpath }), { code: 'INVALID_OPTIONS', detail: /equals\.accountId/ });
});

test('a setting fixed after every create was refused: the same journal sends that provider afresh and keeps the others done', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const rows = people(3, 'fix');
  await mock.scenario('400', 3, 'horus'); // as a category Horus does not have
  const first = await enrolMany(rows, { providers: providers(mock.url, ['equals', 'horus']), journal: jpath });
  assert.equal(first.providers.equals.created, 3);
  assert.equal(first.providers.horus.failed, 3);
  const fixed = providers(mock.url, ['equals', 'horus']);
  fixed.horus.categoryId = 2;
  const second = await enrolMany(rows, { providers: fixed, journal: jpath });
  assert.equal(second.providers.horus.created, 3);
  assert.equal(second.providers.equals.earlier, 3, 'Equals is not sent again');
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 3, horus: 3, personasNotOne: 0 });
  // Now Horus has persons made with category 2: another change is refused.
  fixed.horus.categoryId = 3;
  await assert.rejects(enrolMany(rows, { providers: fixed, journal: jpath }), { code: 'INVALID_OPTIONS', detail: /horus\.categoryId, and persons were created/ });
});

test('enrolMany from CommonJS, an async iterable, an invalid row among valid ones', async () => {
  const { createRequire } = await import('node:module');
  const { enrolMany: cjs } = createRequire(import.meta.url)('personkit');
  async function* rows() {
    yield* people(2, 'cjs');
    yield { firstName: 'No', lastName: 'Email' };
  }
  const results = [];
  const summary = await cjs(rows(), { providers: providers(mock.url, ['equals']), onRow: (r) => results.push(r) });
  assert.equal(summary.providers.equals.created, 2);
  assert.equal(summary.providers.equals.invalid, 1);
  const bad = results.find((r) => r.line === 3);
  assert.equal(bad.outcomes.equals.errors[0].field, 'email');
  assert.equal((await mock.persons()).equals.length, 2);
});

test('equals answering 503 (in this run) or a redirect (then a rerun) after it created the person: the repeat looks first, one persona', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const opts = { providers: providers(mock.url, ['equals']), concurrency: 1, journal: jpath };
  await mock.scenario('503;after-create', 1, 'equals');
  const first = await enrolMany(people(2, 'q'), opts);
  assert.equal(first.providers.equals.created, 2);
  await mock.scenario('redirect;after-create', 1, 'equals');
  const more = people(3, 'q2');
  const once = await enrolMany(more, opts);
  assert.equal(once.providers.equals.created + once.providers.equals.unknown, 3);
  await enrolMany(more, opts);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 5, horus: 0, personasNotOne: 0 });
});

test('the same Equals person on two rows (the email in another case, another phone) is sent once; a row edited after a run is looked up, not sent again', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const opts = { providers: providers(mock.url, ['equals']), concurrency: 2, journal: jpath };
  const [a, b] = people(2, 'twin');
  // Another identity number: the email alone makes the twin the same Equals person (one DNI would make it one person everywhere).
  const rows = [];
  const twice = await enrolMany([a, { ...a, email: a.email.toUpperCase(), phone: '+51 987 654 321', identityNumber: '59999999' }, b], { ...opts, onRow: (r) => rows.push(r) });
  assert.equal(twice.providers.equals.created, 2);
  const skipped = rows.find((r) => r.outcomes.equals.status === 'skipped');
  assert.equal(skipped?.outcomes.equals.code, 'DUPLICATE_PERSON');
  // The same file again: the twin is still the first row's person, named by
  // its line, not "created" by a lookup that found the first row's person.
  const again = [];
  const rerun = await enrolMany([a, { ...a, email: a.email.toUpperCase(), phone: '+51 987 654 321', identityNumber: '59999999' }, b], { ...opts, onRow: (r) => again.push(r) });
  assert.deepEqual([rerun.providers.equals.created, rerun.providers.equals.reconciled, rerun.providers.equals.earlier], [0, 0, 2]);
  const twin = again.find((r) => r.line === 2)?.outcomes.equals;
  assert.deepEqual([twin?.status, twin?.code, twin?.message], ['skipped', 'DUPLICATE_PERSON', 'the same Equals person as line 1 (the same email on the account): sent once']);
  // The row corrected (a phone added): a new row key, the same person.
  // Whether an earlier run made it or the account had it, nobody can tell:
  // it is "already there", not "created" by this run.
  const editedRows = [];
  const edited = await enrolMany([{ ...b, phone: '+51 911 222 333' }], { ...opts, onRow: (r) => editedRows.push(r) });
  assert.deepEqual([edited.providers.equals.created, edited.providers.equals.exists, edited.providers.equals.reconciled], [0, 1, 0]);
  assert.match(editedRows[0].outcomes.equals.message, /perhaps made by an earlier run from this row before it was edited/);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 2, horus: 0, personasNotOne: 0 });
});

test('locale: the rows\' problems and the creates\' errors in Spanish; a language personkit has no words in is refused', async () => {
  const rows = [];
  const bad = { ...people(1, 'es')[0], email: 'no-es-un-correo' };
  const opts = providers(mock.url, ['equals']);
  await enrolMany([bad], { providers: opts, locale: 'es', onRow: (r) => rows.push(r) });
  assert.match(rows[0].outcomes.equals.message, /Escribe un correo como nombre@ejemplo\.com/);
  rows.length = 0;
  await enrolMany(people(1, 'es'), { providers: { equals: { ...opts.equals, apiKey: 'not-the-key' } }, locale: 'es-PE', onRow: (r) => rows.push(r) });
  assert.equal(rows[0].outcomes.equals.code, 'UNAUTHORIZED');
  assert.match(rows[0].outcomes.equals.message, /rechazó las credenciales/);
  await assert.rejects(enrolMany(people(1, 'fr'), { providers: opts, locale: 'fr' }), { code: 'INVALID_OPTIONS', detail: /locale/ });
  assert.equal((await mock.persons()).equals.length, 0);
});

test('settings every row would break (an Equals role that is not one) are INVALID_OPTIONS before any row is read or journaled', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const opts = providers(mock.url, ['equals', 'horus']);
  opts.equals.roleName = 'Boss';
  let read = 0;
  async function* rows() { read += 1; yield people(1, 'set')[0]; }
  await assert.rejects(enrolMany(rows(), { providers: opts, journal: jpath }), { code: 'INVALID_OPTIONS', detail: /equals\.roleName: Choose an Equals role/ });
  assert.equal(read, 0);
  assert.ok(!existsSync(jpath), 'no journal');
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
});

test('a rerun\'s Equals lookup reads past the first page: 100 other emails containing the person\'s do not hide her', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const opts = providers(mock.url, ['equals']);
  const others = Array.from({ length: 100 }, (_, i) => ({ firstName: `P${i}`, lastName: 'Other', email: `x${i}.ana.pg@example.pe` }));
  await enrolMany(others, { providers: opts, concurrency: 8 });
  const ana = [{ firstName: 'Ana', lastName: 'Quispe', email: 'ana.pg@example.pe' }];
  await mock.scenario('500;after-create', 1, 'equals');
  // Both lookups fail: the importer's before the create, and the client's after the lost answer (which reads past the first page too).
  await mock.scenario('503', 2, 'equals', 'lookup');
  const first = await enrolMany(ana, { providers: opts, journal: jpath });
  assert.equal(first.providers.equals.unknown, 1, 'made, but neither the answer nor the lookup could tell');
  const again = await enrolMany(ana, { providers: opts, journal: jpath });
  // Found: the first run's create, counted as that run's.
  assert.deepEqual([again.providers.equals.created, again.providers.equals.earlier, again.providers.equals.reconciled], [0, 1, 1]);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 101, horus: 0, personasNotOne: 0 });
});

test('a wrong port (connection refused): every row ends failed NETWORK, retryable, with no lookup; fixing the port and running again with the same journal sends each row once', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const rows = people(2, 'port');
  const closed = await closedPort();
  const wrong = providers(`http://127.0.0.1:${closed}`, ['equals']);
  for (const run of [1, 2]) {
    // The second run with the journal of the first: still refused, still no lookup needed.
    const r = await enrolMany(rows, { providers: wrong, journal: jpath });
    assert.equal(r.providers.equals.failed, 2, `run ${run}`);
    assert.equal(r.providers.equals.unknown, 0, `run ${run}: nothing was sent, so nothing is unknown`);
  }
  const events = journal(jpath).filter((e) => e.t === 'end');
  assert.ok(events.length >= 4);
  for (const e of events) {
    assert.equal(e.s, 'failed');
    assert.equal(e.code, 'NETWORK');
    assert.equal(e.retry, 1);
    assert.equal(e.ns, 1, 'journaled as "nothing was sent"');
  }
  // Every create of the journal was refused before it left: the port may be fixed, and each row is sent once.
  const fixed = await enrolMany(rows, { providers: providers(mock.url, ['equals']), journal: jpath });
  assert.equal(fixed.providers.equals.created, 2);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 2, horus: 0, personasNotOne: 0 });
});

/**
 * A port on 127.0.0.1 that nothing listens on: below 1024, where no suite's
 * listen(0) can be handed it (a freed ephemeral port can be, meanwhile), and
 * in no runtime's list of blocked ports.
 */
async function closedPort() {
  return 4;
}

test('enrolMany\'s INVALID_OPTIONS are PersonkitErrors as the clients\' are: words for people, a detail saying what to fix (a misspelt option gets "did you mean"), the option as field', async () => {
  const rows = people(1, 'opt');
  const e = await enrolMany(rows, { providers: providers(mock.url, ['equals']), concurency: 2 }).then(() => null, (x) => x);
  assert.ok(e instanceof PersonkitError, 'instanceof PersonkitError, like every other personkit error');
  assert.equal(e.code, 'INVALID_OPTIONS');
  assert.equal(e.field, 'concurency');
  assert.equal(e.message, 'The options given to personkit are not valid');
  assert.equal(e.detail, 'unknown option concurency (did you mean concurrency?); the options are providers, concurrency, journal, fsync, onProgress, onRow, signal, env, rowsInFlight, locale');
  // In the run's language, as the clients' are; the detail stays English.
  const es = await enrolMany(rows, { providers: providers(mock.url, ['equals']), locale: 'es', onprogress: () => {} }).then(() => null, (x) => x);
  assert.equal(es.message, 'La configuración de personkit no es válida');
  assert.match(es.detail, /^unknown option onprogress \(did you mean onProgress\?\)/);
  // A name nothing is near: no guess. A provider misspelt, a missing setting: named in field and detail.
  const far = await enrolMany(rows, { providers: providers(mock.url, ['equals']), xyz: 1 }).then(() => null, (x) => x);
  assert.match(far.detail, /^unknown option xyz; the options are /);
  const eqals = await enrolMany(rows, { providers: { eqals: { accountId: 'F12345', roleName: 'Viewer' } } }).then(() => null, (x) => x);
  assert.deepEqual([eqals.code, eqals.field], ['INVALID_OPTIONS', 'providers.eqals']);
  assert.match(eqals.detail, /^unknown provider eqals \(did you mean equals\?\); the providers are verifik, equals, horus$/);
  const noRole = await enrolMany(rows, { providers: { equals: { apiKey: 'k', baseUrl: mock.url, accountId: 'F12345' } } }).then(() => null, (x) => x);
  assert.deepEqual([noRole.field, noRole.detail], ['providers.equals.roleName', 'equals: roleName is required (the importer decides it, never the file)']);
  assert.equal((await mock.persons()).attempts.equals, 0);
});

test('a journal whose run header (the salt) is damaged: no row is trusted as new, each is looked up in Equals first; a warning says so; one persona each', async () => {
  const { readFileSync: read, writeFileSync: write } = await import('node:fs');
  const jpath = join(tmp.dir, 'j.jsonl');
  const opts = providers(mock.url, ['equals', 'horus']);
  opts.equals.lookFirst = false; // a trusted first import: only the journal protects the rerun
  const rows = people(20, 'dmg');
  const first = await enrolMany(rows, { providers: opts, journal: jpath, concurrency: 4 });
  assert.equal(first.providers.equals.created, 20);
  const [header, ...rest] = read(jpath, 'utf8').split('\n');
  write(jpath, [header.slice(0, 30), ...rest].join('\n')); // the first line cut: its salt is lost
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  let again;
  try {
    again = await enrolMany(rows, { providers: opts, journal: jpath, concurrency: 4 });
  } finally {
    process.off('warning', onWarning);
  }
  assert.equal(again.providers.equals.created, 0, 'nothing created again');
  assert.equal(again.providers.equals.exists, 20, 'each found by a lookup');
  assert.equal(again.providers.horus.exists, 20, 'Horus answers a repeat "already exists"');
  assert.ok(warnings.some((w) => w.code === 'PERSONKIT_JOURNAL_DAMAGED' && /no readable run header/.test(w.message)), warnings.map((w) => w.message).join('\n'));
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 20, horus: 20, personasNotOne: 0 });
  // The run wrote a header of its own: the next run trusts the journal again.
  const third = await enrolMany(rows, { providers: opts, journal: jpath });
  assert.equal(third.providers.equals.earlier, 20);
  assert.equal((await mock.persons()).lookups.equals, 20, 'no more lookups');
});

test('a redirect after the create (BAD_RESPONSE) may have made the person: unknown, not failed; the rerun finds it, counted as an earlier run\'s', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const opts = { providers: providers(mock.url, ['equals']), concurrency: 1, journal: jpath };
  await mock.scenario('redirect;after-create', 1, 'equals');
  const rows = [];
  const first = await enrolMany(people(1, 'rd'), { ...opts, onRow: (r) => rows.push(r) });
  assert.deepEqual([first.providers.equals.unknown, first.providers.equals.failed], [1, 0]);
  assert.deepEqual([rows[0].outcomes.equals.status, rows[0].outcomes.equals.code], ['unknown', 'BAD_RESPONSE']);
  const again = await enrolMany(people(1, 'rd'), opts);
  assert.deepEqual([again.providers.equals.created, again.providers.equals.earlier, again.providers.equals.reconciled], [0, 1, 1]);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 1, horus: 0, personasNotOne: 0 });
});

test('stopped during a 429 pause: the rows cut off are pending (not sent again), not failed RATE_LIMITED; the rerun sends them once', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const opts = { providers: providers(mock.url, ['equals']), concurrency: 2, journal: jpath };
  await mock.scenario('429;retry-after=30', 2, 'equals');
  const ac = new AbortController();
  // Stopped once both 429s are journaled: the lane is paused for 30 s.
  const poll = setInterval(() => {
    if (journal(jpath).filter((e) => e.code === 'RATE_LIMITED').length >= 2) ac.abort(new Error('interrupted'));
  }, 20);
  const rows = [];
  let first;
  try {
    first = await enrolMany(people(4, 'rl'), { ...opts, signal: ac.signal, onRow: (r) => rows.push(r) });
  } finally {
    clearInterval(poll);
  }
  assert.equal(first.stopped, true);
  assert.equal(first.providers.equals.failed, 0, 'nothing failed');
  assert.equal(first.providers.equals.pending, 4);
  const cut = rows.filter((r) => r.outcomes.equals.code === 'RATE_LIMITED').map((r) => r.outcomes.equals);
  assert.equal(cut.length, 2);
  for (const o of cut) {
    assert.equal(o.status, 'pending');
    assert.match(o.message, /not sent again: the run was stopped/);
  }
  const again = await enrolMany(people(4, 'rl'), opts);
  assert.equal(again.providers.equals.created, 4);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 4, horus: 0, personasNotOne: 0 });
});

test('the summary counts the same row again and another row with the same Equals email apart', async () => {
  const [a, b] = people(2, 'dup');
  const summary = await enrolMany([a, { ...a }, b, { ...b, email: b.email.toUpperCase() }], { providers: providers(mock.url, ['equals']) });
  const e = summary.providers.equals;
  assert.deepEqual([e.created, e.skipped, e.duplicateRows, e.duplicatePersons], [2, 2, 1, 1]);
  const { summaryLines } = await import('../../js/import/command.mjs');
  assert.match(summaryLines(summary).join('\n'), /equals: 2 created, .*1 duplicate row, 1 duplicate person \(another row's email or identity number\)/);
});

// A later run settles an unknown row by listing the collection: a name the
// list gives in another case is the same person, in any alphabet (as the
// clients compare), not a reason to create them again.
test('the importer\'s Verifik lookup folds case beyond ASCII (ÑANDÚ is ñandú, ΝΙΚΌΛΑΟΣ is Νικόλαος)', async () => {
  const { lookUpVerifik } = await import('../../js/import/reconcile.mjs');
  const data = [{ _id: 'p1', name: 'ÑANDÚ QUISPE', date_of_birth: '1990-01-15' }, { _id: 'p2', name: 'ΝΙΚΌΛΑΟΣ', date_of_birth: { year: 1980, month: 2, day: 3 } }];
  const fetch = async () => new Response(JSON.stringify({ data, pagination: { page: 1, pages: 1 } }), { headers: { 'content-type': 'application/json' } });
  const cfg = { fetch, baseUrl: 'http://127.0.0.1:9', headers: {}, token: 't', timeoutMs: 1000 };
  const cache = new Map();
  const one = await lookUpVerifik(cfg, { name: ' ñandú quispe ', date_of_birth: '1990-01-15', collections: ['c'] }, cache);
  assert.deepEqual(one, { status: 'created', id: 'p1', reconciled: true });
  const two = await lookUpVerifik(cfg, { name: 'Νικόλαος', date_of_birth: '1980-02-03', collections: ['c'] }, cache);
  assert.equal(two?.id, 'p2');
});

test('a row an earlier run found invalid, whose email another row made in Equals: looked up before its create, one persona (session 44 audit)', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const [a] = people(1, 'inv');
  // Line 1 has no photo: invalid for Verifik, so sent nowhere; line 2, the same email, is made in Equals.
  const rows = [{ ...a, photos: undefined, firstName: 'Ana' }, a];
  const first = await enrolMany(rows, { providers: providers(mock.url, ['verifik', 'equals']), journal: jpath });
  assert.deepEqual([first.providers.equals.created, first.providers.equals.invalid], [1, 1]);
  for (const flags of [{ lookFirst: false }, {}]) {
    // Equals only: line 1 is valid now. With the precaution off too, the journal alone would send it.
    const p = providers(mock.url, ['equals']);
    Object.assign(p.equals, flags);
    const out = [];
    const again = await enrolMany(rows, { providers: p, journal: jpath, onRow: (r) => out.push(r) });
    assert.equal(again.providers.equals.created, 0, JSON.stringify(again.providers.equals));
    assert.equal(out.find((r) => r.line === 1)?.outcomes.equals.status, 'exists');
  }
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 1, equals: 1, horus: 0, personasNotOne: 0 });
});

test('a 429 to the look-first Equals lookup pauses the lane and asks again: a person already on the account is found, never given a second persona by a create sent blind', async () => {
  const opts = providers(mock.url, ['equals']);
  const ana = [{ firstName: 'Ana', lastName: 'Quispe', email: 'ana.busy@example.pe' }];
  // On the account already (a signup, another journal).
  await enrolMany(ana, { providers: opts });
  await mock.scenario('429;retry-after=1', 2, 'equals', 'lookup');
  const seen = [];
  const out = [];
  const again = await enrolMany(ana, { providers: opts, onRow: (r) => out.push(r.outcomes.equals), onProgress: (s) => seen.push(s.providers.equals) });
  assert.equal(again.providers.equals.created, 0, JSON.stringify(out));
  assert.equal(out[0].status, 'exists');
  assert.ok(seen.at(-1).limit < 4, 'the lane slowed down, as after a create\'s 429');
  const s = await mock.persons();
  assert.equal(s.attempts.equals, 1, 'no create after the busy lookups: only the first run\'s');
  assert.equal(s.lookups.equals, 1 + 3, 'the first run\'s, two refused, the one that found her');
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 1, horus: 0, personasNotOne: 0 });

  // A lookup refused every time: the row ends failed RATE_LIMITED after 10 tries, not sent; the next run sends it once.
  await mock.reset();
  const jpath = join(tmp.dir, 'j.jsonl');
  // Refused by a fetch of the test's (the mock's Retry-After is whole seconds): a short pause each time.
  let refused = 0;
  const busyFetch = (url, init) => {
    if ((init?.method ?? 'GET') !== 'GET') return fetch(url, init);
    refused += 1;
    return Promise.resolve(new Response('{}', { status: 429, headers: { 'retry-after': '0.01' } }));
  };
  const busy = [];
  const first = await enrolMany(ana, { providers: { equals: { ...opts.equals, fetch: busyFetch } }, journal: jpath, onRow: (r) => busy.push(r.outcomes.equals) });
  assert.equal(refused, 10, 'looked up 10 times, as a create meeting 429s is sent');
  assert.deepEqual([busy[0].status, busy[0].code, first.providers.equals.failed], ['failed', 'RATE_LIMITED', 1]);
  assert.equal((await mock.persons()).attempts.equals, 0, 'nothing sent while Equals refused the lookups');
  const rerun = await enrolMany(ana, { providers: opts, journal: jpath });
  assert.equal(rerun.providers.equals.created, 1);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 1, horus: 0, personasNotOne: 0 });
});
