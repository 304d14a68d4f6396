// An interrupted `personkit import` (Ctrl-C, SIGTERM): the results file
// still accounts for every row of the input, the ones not reached marked
// `pending` (not sent), and a rerun with the journal sends those once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mock, tmp, useSuite, envFor, SETTINGS, makeCsv, runCli, journal, inFlight, until, countsOf, readResults } from './import-helpers.mjs';

useSuite();

for (const signal of ['SIGINT', 'SIGTERM']) {
  test(`${signal}: every row of the input is in the results file, the ones never started pending; a rerun sends each once`, async () => {
    const rows = 300;
    const csv = makeCsv(tmp.dir, { rows, tag: signal.toLowerCase() });
    const jpath = `${csv.path}.journal.jsonl`;
    const out = `${csv.path}.results.csv`;
    const env = envFor(mock.url);
    await mock.scenario('delay=150', 100, 'equals'); // slow, so that most rows are not read yet when the signal comes
    const first = await runCli([csv.path, '--to', 'equals,horus', ...SETTINGS, '--concurrency', '2', '--progress-every', '0'], {
      env,
      onStart: async (child) => {
        await until(() => journal(jpath).filter((e) => e.t === 'end' && e.p === 'equals').length >= 4, 'some outcomes');
        child.kill(signal);
      },
    });
    assert.equal(first.code, signal === 'SIGINT' ? 130 : 143, first.stderr);
    assert.deepEqual(inFlight(journal(jpath)), []);
    const results = readResults(out);
    // Each line of the input once: none missing, none twice.
    const lines = results.map((r) => Number(r.line)).sort((a, b) => a - b);
    assert.deepEqual(lines, Array.from({ length: rows }, (_, i) => i + 2));
    const created = results.filter((r) => r.equals_status === 'created').length;
    const s = await mock.persons();
    assert.equal(s.equals.length, created, 'the results file and the provider agree');
    const pending = results.filter((r) => r.equals_status === 'pending');
    assert.ok(pending.length > rows / 2, `most rows were never started (${pending.length})`);
    assert.equal(created + pending.length, rows, 'a row is made or pending: nothing else happened to these rows');
    for (const r of pending) assert.match(r.equals_message, /^not sent: the run was stopped/);
    // The input's cells are there too, as for a finished row.
    assert.ok(pending.every((r) => /@example\.com$/.test(r.Email)));
    // The summary counts them: "N not sent".
    const notSent = results.filter((r) => r.horus_status === 'pending').length;
    assert.match(first.stdout, new RegExp(`equals: ${created} created, .*${pending.length} not sent`));
    assert.match(first.stdout, new RegExp(`horus: \\d+ created, .*${notSent} not sent`));

    const again = await runCli([csv.path, '--to', 'equals,horus', ...SETTINGS], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`equals: ${rows - created} created, 0 already there, .*${created} done in an earlier run`));
    assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: rows, horus: rows, personasNotOne: 0 });
    assert.equal(readResults(out).length, rows);
  });
}

test('enrolMany stopped by its signal: a row it took from the iterable is reported pending, never dropped; the rest are not read', async () => {
  const { enrolMany } = await import('personkit');
  const stop = new AbortController();
  let yielded = 0;
  async function* rows() {
    for (let i = 0; i < 50; i += 1) {
      yielded += 1;
      yield { firstName: 'Ana', lastName: `Quispe ${i}`, email: `ana${i}.stop@example.pe` };
    }
  }
  await mock.scenario('delay=200', 50, 'equals');
  const seen = [];
  const summary = await enrolMany(rows(), {
    providers: { equals: { apiKey: 'equals-test-key', baseUrl: mock.url, accountId: 'F12345', roleName: 'Viewer', lookFirst: false } },
    concurrency: 1, rowsInFlight: 2, signal: stop.signal,
    onRow: (r) => { seen.push(r); if (seen.length === 2) stop.abort(); },
  });
  assert.equal(summary.stopped, true);
  assert.ok(yielded < 50, 'the rows after the stop are not read');
  assert.deepEqual(seen.map((r) => r.line).sort((a, b) => a - b), Array.from({ length: yielded }, (_, i) => i + 1), 'each row taken is reported once');
  const made = seen.filter((r) => r.outcomes.equals.status === 'created').length;
  assert.equal(summary.providers.equals.pending, yielded - made);
  assert.equal((await mock.persons()).equals.length, made);
});
