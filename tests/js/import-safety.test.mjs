// `personkit import` where an operator's slip or a hostile cell would cost a
// person twice or leak data: the CLI's usage errors, a rerun where every row
// is invalid after a killed run, formulas in the results file, a CSV without
// its header, and headers in --config. Counted against personkit-mock, as
// import-cli.test.mjs counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { mock, tmp, useSuite, envFor, SETTINGS, makeCsv, runCli, journal, inFlight, until, countsOf, readResults } from './import-helpers.mjs';

useSuite();


test('`personkit` without a subcommand, or with an unknown one, is a usage error (exit 2, usage on stderr); --help is not (exit 0, usage on stdout)', async () => {
  const { spawnSync } = await import('node:child_process');
  const { CLI } = await import('./import-helpers.mjs');
  const run = (...args) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  for (const args of [[], ['imprt'], ['--to', 'equals']]) {
    const r = run(...args);
    assert.equal(r.status, 2, `personkit ${args.join(' ')}`);
    assert.match(r.stderr, /usage: personkit import/);
    assert.equal(r.stdout, '');
  }
  for (const flag of ['--help', '-h']) {
    const r = run(flag);
    assert.equal(r.status, 0, flag);
    assert.match(r.stdout, /usage: personkit import/);
    assert.equal(r.stderr, '');
  }
});

test('a rerun where every row is invalid (a wrong --photos-dir) keeps the record of creates a killed run left in flight: the next run looks them up, one persona each', async () => {
  const csv = makeCsv(tmp.dir, { rows: 12, tag: 'inv', delimiter: ',' });
  const jpath = `${csv.path}.journal.jsonl`;
  const env = envFor(mock.url);
  const args = [csv.path, '--to', 'verifik,equals', ...SETTINGS, '--concurrency', '4'];
  // The first four Equals creates are made, then answered slowly: the kill lands while they are out.
  await mock.scenario('after-create;delay=3000', 4, 'equals');
  const first = await runCli(args, {
    env,
    onStart: async (child) => {
      await until(async () => (await mock.persons()).equals.length >= 4 && inFlight(journal(jpath)).filter((e) => e.p === 'equals').length >= 4, 'Equals creates in flight');
      child.kill('SIGKILL');
    },
  });
  assert.equal(first.signal, 'SIGKILL');
  const open = inFlight(journal(jpath)).filter((e) => e.p === 'equals').map((e) => e.k);
  assert.equal(open.length, 4);
  // Every row invalid in this run: it says so, and proves nothing about what the killed run sent.
  const wrong = await runCli([...args, '--photos-dir', join(tmp.dir, 'no-such-folder')], { env });
  assert.equal(wrong.code, 1, wrong.stderr);
  assert.match(wrong.stdout, /equals: 0 created, 0 already there, 12 invalid/);
  const overwritten = journal(jpath).filter((e) => e.t === 'end' && e.s === 'invalid' && e.p === 'equals' && open.includes(e.k));
  assert.deepEqual(overwritten, [], 'no "invalid" journaled over a create still in doubt');
  // Without Equals' lookup before every create: the journal alone must send each row once.
  const fixed = await runCli([...args, '--no-equals-look-first'], { env });
  assert.equal(fixed.code, 0, fixed.stderr);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 12, equals: 12, horus: 0, personasNotOne: 0 });
  assert.ok(s.lookups.equals >= 4, 'the creates in doubt were looked up');
});

test('cells a spreadsheet would run as formulas are written to the results file with a single quote before them (CSV injection)', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'formula.csv');
  write(path, 'First Name,Last Name,Email,Notes\nAna,Quispe,ana.f@example.pe,"=HYPERLINK(""http://evil.example"",""click"")"\nLuis,@Rojas,luis.f@example.pe,+51 987\nEva,Diaz,eva.f@example.pe,-2+3\nJo,Li,jo.f@example.pe,"\tTab"\n');
  const run = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(run.code, 0, run.stderr);
  const text = readFileSync(`${path}.results.csv`, 'utf8');
  assert.doesNotMatch(text, /(^|,)[=+\-@\t]/m, 'no cell starts with a formula character');
  const rows = readResults(`${path}.results.csv`);
  const byEmail = Object.fromEntries(rows.map((x) => [x.Email, x]));
  assert.equal(byEmail['ana.f@example.pe'].Notes, '\'=HYPERLINK("http://evil.example","click")');
  assert.equal(byEmail['luis.f@example.pe']['Last Name'], '\'@Rojas');
  assert.equal(byEmail['luis.f@example.pe'].Notes, '\'+51 987');
  assert.equal(byEmail['eva.f@example.pe'].Notes, '\'-2+3');
  assert.equal(byEmail['jo.f@example.pe'].Notes, '\'\tTab');
  assert.equal(byEmail['ana.f@example.pe'].equals_status, 'created');
});

test('a CSV without its header line stops (exit 2) before anything is sent, and never prints the first person\'s data', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'noheader.csv');
  write(path, 'Ana,Quispe,ana.secret@example.pe,1990-12-04,45879632\nLuis,Rojas,luis.secret@example.pe,1991-01-01,45879633\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /header line missing/);
  for (const data of ['Ana', 'Quispe', 'ana.secret', '45879632']) assert.ok(!(r.stdout + r.stderr).includes(data), `${data} not printed`);
  assert.equal((await mock.persons()).attempts.equals, 0);
  assert.equal(existsSync(`${path}.journal.jsonl`), false, 'nothing journaled');
});

test('--config with headers (a documented enrolMany option): accepted, and sent on the creates and on the importer\'s own lookups', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'hdr.csv');
  write(path, 'First Name,Last Name,Email,Date of birth,Photo\nAna,Quispe,ana.hdr@example.pe,1990-12-04,photos/ana.jpg\n');
  const cfg = join(tmp.dir, 'hdr.json');
  write(cfg, JSON.stringify({ equals: { headers: { 'x-gateway': 'g-equals' } }, verifik: { headers: { 'x-gateway': 'g-verifik' } } }));
  const args = [path, '--to', 'verifik,equals', ...SETTINGS, '--config', cfg];
  const dry = await runCli([...args, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  const r = await runCli(args, { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  const requests = await (await fetch(`${mock.url}/__mock/requests`)).json();
  const equals = requests.filter((q) => q.provider === 'equals');
  assert.deepEqual(equals.map((q) => [q.kind, q.headers['x-gateway']]), [['lookup', 'g-equals'], ['create', 'g-equals']]);
  // The Verifik lookup (a create in doubt on a rerun) too: the journal made to say its outcome is unknown.
  const { appendFileSync } = await import('node:fs');
  const key = journal(`${path}.journal.jsonl`).find((e) => e.p === 'verifik').k;
  appendFileSync(`${path}.journal.jsonl`, `${JSON.stringify({ t: 'end', k: key, l: 2, p: 'verifik', s: 'unknown', code: 'OUTCOME_UNKNOWN' })}\n`);
  await mock.reset();
  const again = await runCli(args, { env: envFor(mock.url) });
  assert.equal(again.code, 0, again.stderr);
  const lookups = (await (await fetch(`${mock.url}/__mock/requests`)).json()).filter((q) => q.provider === 'verifik' && q.kind === 'lookup');
  assert.ok(lookups.length >= 1);
  assert.ok(lookups.every((q) => q.headers['x-gateway'] === 'g-verifik'));
});

test('a journal that cannot be written any more (a full disk): the run stops with a clear message and exit 1, never a silent exit 0; no row is called failed that was made; the rerun sends each row once', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const csv = makeCsv(tmp.dir, { rows: 40, tag: 'full', delimiter: ',' });
  const jpath = `${csv.path}.journal.jsonl`;
  // The disk fills after 30 journal lines: every later write of a row's line fails with ENOSPC.
  const full = join(tmp.dir, 'full.mjs');
  write(full, `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const real = fs.writeSync;
let lines = 0;
fs.writeSync = function (fd, data, ...rest) {
  const text = Buffer.isBuffer(data) ? data.toString('utf8', rest[0] ?? 0) : String(data);
  if (/^\\{"t":"(start|end)"/.test(text) && (lines += 1) > 30) {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  }
  return real.call(this, fd, data, ...rest);
};
syncBuiltinESMExports();
`);
  const args = [csv.path, '--to', 'equals,horus', ...SETTINGS, '--concurrency', '2'];
  const env = envFor(mock.url);
  const r = await runCli(args, { env: { ...env, NODE_OPTIONS: `--import=${full}` } });
  assert.equal(r.code, 1, `exit 1, not a silent 0\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /journal .*could not be written.*no space left on device/s);
  assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, 'no stack, no "unexpected"');
  assert.equal(existsSync(`${jpath}.lock`), false, 'the lock is released');
  const rows = readResults(`${csv.path}.results.csv`);
  assert.ok(rows.length < 40, 'the run stopped');
  const s = await mock.persons();
  const made = new Set(s.equals.map((p) => p.primaryEmailAddress ?? p.emailAddress));
  for (const row of rows) {
    if (made.has(row.Email)) assert.equal(row.equals_status, 'created', `line ${row.line}: made, so not ${row.equals_status} ${row.equals_code}`);
    else assert.notEqual(row.equals_status, 'created', `line ${row.line}`);
  }
  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 40, horus: 40, personasNotOne: 0 });
});

test('an --out that cannot be written (a folder): a clear message and exit 2 before anything is sent, not an unexpected error', async () => {
  const csv = makeCsv(tmp.dir, { rows: 3, tag: 'out', delimiter: ',' });
  const r = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--out', tmp.dir], { env: envFor(mock.url) });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /the results file .* could not be written \(EISDIR/);
  assert.doesNotMatch(r.stderr, /unexpected error/);
  assert.equal((await mock.persons()).attempts.equals, 0);
});

test('a --journal that cannot be used (a folder, or a path through a file): a clear message and exit 2 before anything is sent, not an unexpected error', async () => {
  const csv = makeCsv(tmp.dir, { rows: 3, tag: 'jrn', delimiter: ',' });
  for (const [jpath, code] of [[tmp.dir, 'EISDIR'], [join(csv.path, 'j.jsonl'), 'ENOTDIR']]) {
    const r = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--journal', jpath], { env: envFor(mock.url) });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`the journal .* could not be (read|written) \\(${code}`));
    assert.doesNotMatch(r.stderr, /unexpected error/);
  }
  assert.equal((await mock.persons()).attempts.equals, 0);
});

test('JSON Lines extras for a provider that is not one (a typo) or that are not a group of fields: the row is invalid and says so, never sent with them dropped', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'extras.jsonl');
  write(path, [
    { firstName: 'Ana', lastName: 'Quispe', email: 'ana.ex@example.pe', extras: { equal: { jobTitle: 'Boss' } } },
    { firstName: 'Eva', lastName: 'Diaz', email: 'eva.ex@example.pe', extras: 'Boss' },
    { firstName: 'Bob', lastName: 'Li', email: 'bob.ex@example.pe', extras: { equals: { jobTitle: 'Boss' } } },
  ].map((o) => JSON.stringify(o)).join('\n'));
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  const rows = Object.fromEntries(readResults(`${path}.results.csv`).map((x) => [x.line, x]));
  assert.equal(rows[1].equals_status, 'invalid');
  assert.match(rows[1].equals_message, /extras\.equal\b/);
  assert.equal(rows[2].equals_status, 'invalid');
  assert.match(rows[2].equals_message, /extras/);
  assert.equal(rows[3].equals_status, 'created');
  const s = await mock.persons();
  assert.deepEqual(s.equals.map((p) => p.primaryEmailAddress ?? p.emailAddress), ['bob.ex@example.pe']);
});

test('a --config key the importer does not know (a typo, "dryRun") is a usage error naming it (exit 2), never ignored: nothing is sent', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const csv = makeCsv(tmp.dir, { rows: 2, tag: 'cfg', delimiter: ',' });
  for (const [cfg, named] of [[{ concurency: 2 }, /concurency \(did you mean concurrency\?\)/], [{ dryRun: true }, /dryRun/]]) {
    const path = join(tmp.dir, 'cfg.json');
    write(path, JSON.stringify(cfg));
    const r = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--config', path], { env: envFor(mock.url) });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, named);
  }
  assert.equal((await mock.persons()).attempts.equals, 0);
});

// `docker stop`, systemd and `timeout` send SIGTERM, then SIGKILL some
// seconds later: the run stops as on Ctrl-C, with its summary and a complete
// journal, not killed mid-write with a partial results file.
test('SIGTERM stops the run as Ctrl-C does: creates out finish, journal complete, summary, exit 143; a rerun finishes', async () => {
  const csv = makeCsv(tmp.dir, { rows: 120, tag: 't' });
  const jpath = `${csv.path}.journal.jsonl`;
  const env = envFor(mock.url);
  await mock.scenario('delay=150', 40, 'equals');
  const r = await runCli([csv.path, '--to', 'equals', ...SETTINGS, '--concurrency', '2', '--progress-every', '0'], {
    env,
    onStart: async (child) => {
      await until(() => journal(jpath).filter((e) => e.t === 'end' && e.p === 'equals').length >= 4, 'some outcomes');
      child.kill('SIGTERM');
    },
  });
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stderr, /stopping/);
  assert.match(r.stdout, /stopped: run again/);
  const events = journal(jpath);
  assert.deepEqual(inFlight(events), [], 'every create sent has its outcome in the journal');
  const created = events.filter((e) => e.t === 'end' && e.s === 'created').length;
  assert.equal((await mock.persons()).equals.length, created, 'the journal and the provider agree');
  assert.ok(created < 120);
  const again = await runCli([csv.path, '--to', 'equals', ...SETTINGS], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 120, horus: 0, personasNotOne: 0 });
});

// A row with fewer cells than the header is a cell lost or a line broken in
// two (an unquoted line break in a cell): read as blanks, it was sent without
// the details it lacked and nothing said so.
test('a row with fewer cells than the header is invalid (TOO_FEW_CELLS), not sent with blanks; the other rows are', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'short.csv');
  write(path, 'First Name,Last Name,Email,Date of birth,DNI\nAna,Quispe,ana.s@example.pe,1990-12-04,45879632\nLuis,Rojas,luis.s@example.pe\n,,,,\n');
  const run = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(run.code, 1, run.stderr);
  const rows = readResults(`${path}.results.csv`);
  const byEmail = Object.fromEntries(rows.map((x) => [x.Email, x]));
  assert.equal(byEmail['ana.s@example.pe'].equals_status, 'created');
  assert.deepEqual([byEmail['luis.s@example.pe'].equals_status, byEmail['luis.s@example.pe'].equals_code], ['invalid', 'TOO_FEW_CELLS']);
  assert.match(byEmail['luis.s@example.pe'].equals_message, /2 cell\(s\) fewer than the header/);
  assert.equal((await mock.persons()).equals.length, 1);
});
