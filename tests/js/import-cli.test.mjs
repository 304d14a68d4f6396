// `personkit import` as a user runs it, against personkit-mock: whole runs
// and what stops them: a whole spreadsheet, a SIGKILL mid-run then a rerun,
// Ctrl-C, reruns with the columns moved, a journal in use, wrong settings,
// secrets kept out of the journal. "Never twice" is checked by counting
// persons and personas. What the CLI says of its input (odd sheets, JSON
// Lines, the dry run, usage errors): import-cli-input.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { mock, tmp, useSuite, envFor, SETTINGS, makeCsv, runCli, journal, inFlight, until, countsOf, readResults } from './import-helpers.mjs';

useSuite();

const ALL = ['--to', 'verifik,equals,horus', ...SETTINGS];

test('a 500-row CSV (BOM, ";", Unicode names, photos, 20 invalid rows): one person per valid row in each provider, none for the invalid', async () => {
  const csv = makeCsv(tmp.dir, { rows: 500, invalidEvery: 25 });
  const out = join(tmp.dir, 'results.csv');
  const r = await runCli([csv.path, ...ALL, '--out', out, '--concurrency', '8'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, `exit 1: some rows are invalid\n${r.stderr}`);
  assert.match(r.stdout, /verifik: 480 created, 0 already there, 20 invalid, 0 failed, 0 unknown/);
  assert.match(r.stdout, /equals: 480 created/);
  assert.match(r.stdout, /horus: 480 created/);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 480, equals: 480, horus: 480, personasNotOne: 0 });
  assert.ok(s.verifik.some((p) => p.name === 'Ana Ñañez Quispe r0'), 'Unicode names arrive as written');

  const rows = readResults(out);
  assert.equal(rows.length, 500);
  const invalid = rows.filter((x) => x.equals_status === 'invalid').map((x) => Number(x.line)).sort((a, b) => a - b);
  assert.deepEqual(invalid, csv.invalid, 'the invalid rows by their line in the file');
  const ana = rows.find((x) => x['Last Name'] === 'Ñañez Quispe r0');
  assert.equal(ana.verifik_status, 'created');
  assert.equal(ana.verifik_id, s.verifik.find((p) => p.name === 'Ana Ñañez Quispe r0')._id);
  assert.ok(ana.equals_id);
  assert.deepEqual(inFlight(journal(`${csv.path}.journal.jsonl`)), [], 'every start has its end');
  for (const secret of ['verifik-test-token', 'equals-test-key', 'bb145d5fxyz']) {
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'no secret printed');
    assert.ok(!readFileSync(`${csv.path}.journal.jsonl`, 'utf8').includes(secret), 'no secret journaled');
  }
});

test('SIGKILL mid-run, then a rerun: in-flight creates are looked up, never sent twice', async () => {
  const csv = makeCsv(tmp.dir, { rows: 300, invalidEvery: 50, tag: 'k' });
  const jpath = `${csv.path}.journal.jsonl`;
  const env = envFor(mock.url);
  let killedAt = null;
  const first = await runCli([csv.path, '--to', 'verifik,equals', ...SETTINGS], {
    env,
    onStart: async (child) => {
      await until(() => journal(jpath).filter((e) => e.t === 'end').length >= 80, 'some outcomes');
      // The next creates are stored by the mock, then answered slowly: the kill lands while they are out.
      await mock.scenario('delay=5000;after-create', 4, 'equals');
      await mock.scenario('delay=5000;after-create', 4, 'verifik');
      await until(async () => (await mock.persons()).attempts.equals > 0 && inFlight(journal(jpath)).length >= 4, 'creates in flight');
      await new Promise((r) => setTimeout(r, 200));
      killedAt = journal(jpath).length;
      child.kill('SIGKILL');
    },
  });
  assert.equal(first.signal, 'SIGKILL');
  const open = inFlight(journal(jpath).slice(0, killedAt));
  assert.ok(open.length >= 1, 'the journal shows the creates that were out');
  const before = countsOf(await mock.persons());
  assert.ok(before.equals < 294, 'stopped before the end');

  const second = await runCli([csv.path, '--to', 'verifik,equals', ...SETTINGS], { env });
  assert.equal(second.code, 1, second.stderr); // the 6 invalid rows
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 294, equals: 294, horus: 0, personasNotOne: 0 });
  const reconciled = journal(jpath).filter((e) => e.t === 'end' && e.rec === 1);
  assert.ok(reconciled.length >= 1, 'what was in flight was settled by a lookup');
  assert.ok(s.lookups.equals + s.lookups.verifik >= 1);
  assert.match(second.stdout, /done in an earlier run/);
  assert.deepEqual(inFlight(journal(jpath)), []);
});

test('Ctrl-C: in-flight creates finish, the journal is complete, exit 130; a rerun finishes the rest', async () => {
  const csv = makeCsv(tmp.dir, { rows: 200, tag: 'c' });
  const jpath = `${csv.path}.journal.jsonl`;
  const env = envFor(mock.url);
  await mock.scenario('delay=150', 60, 'equals'); // a slow provider, so the run is still going when Ctrl-C comes
  const r = await runCli([csv.path, '--to', 'equals,horus', ...SETTINGS, '--concurrency', '2', '--progress-every', '0'], {
    env,
    onStart: async (child) => {
      let lines = '';
      child.stdout.on('data', (b) => { lines += b; });
      await until(() => journal(jpath).filter((e) => e.t === 'end' && e.p === 'equals').length >= 4, 'some outcomes');
      await until(() => /^equals: \d+\/200 rows, \d+ done, 0 failed, [\d.]+\/s, ETA /m.test(lines), 'a progress line (stdout is not a terminal)');
      child.kill('SIGINT');
    },
  });
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /stopping/);
  assert.match(r.stdout, /stopped: run again/);
  const events = journal(jpath);
  assert.deepEqual(inFlight(events), [], 'every create sent has its outcome in the journal');
  const created = events.filter((e) => e.t === 'end' && e.p === 'equals' && e.s === 'created').length;
  const s = await mock.persons();
  assert.equal(s.equals.length, created, 'the journal and the provider agree');
  assert.ok(created < 200);

  const again = await runCli([csv.path, '--to', 'equals,horus', ...SETTINGS], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`equals: ${200 - created} created.*${created} done in an earlier run`));
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 200, horus: 200, personasNotOne: 0 });
});

test('a rerun after the columns were moved finds every row (keys do not follow the column order); a journal from before keeps its own keys', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'cols.csv');
  const rows = [['First Name', 'Last Name', 'Email'], ['Ana', 'Quispe', 'ana.cols@example.pe'], ['Luis', 'Rojas', 'luis.cols@example.pe']];
  write(path, rows.map((r) => r.join(',')).join('\n'));
  const env = envFor(mock.url);
  const args = [path, '--to', 'equals', '--equals-account-id', 'F12345'];
  assert.equal((await runCli(args, { env })).code, 0);
  const [head] = journal(`${path}.journal.jsonl`);
  assert.equal(head.v, 3);
  assert.match(head.salt, /^[\w-]{22}$/);
  // Salted: the key of a row is no bare hash of its content.
  const { createHash, createHmac } = await import('node:crypto');
  const ana = '{"email":"ana.cols@example.pe","firstName":"Ana","lastName":"Quispe"}';
  const keysWritten = journal(`${path}.journal.jsonl`).filter((e) => e.k).map((e) => e.k);
  assert.ok(keysWritten.includes(createHmac('sha256', head.salt).update(ana).digest('base64url').slice(0, 22)));
  assert.ok(!keysWritten.includes(createHash('sha256').update(ana).digest('base64url').slice(0, 22)));
  write(path, rows.map(([a, b, c]) => [c, b, a].join(',')).join('\n'));
  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stderr);
  const s = await mock.persons();
  assert.equal(s.equals.length, 2);
  for (const p of s.equals) assert.deepEqual(p.personaCounts, { F12345: 1 }, 'one persona each');
  // Journals written before (run line v: 1, column order; v: 2, sorted and
  // unsalted) are read with the keys they were written with.
  const { target } = head;
  for (const v of [1, 2]) {
    const old = join(tmp.dir, `old${v}.csv`);
    write(old, rows.map((r) => r.join(',')).join('\n'));
    const text = ({ firstName, lastName, email }) => (v === 1 ? JSON.stringify({ firstName, lastName, email }) : JSON.stringify({ email, firstName, lastName }));
    const key = (person) => createHash('sha256').update(text(person)).digest('base64url').slice(0, 22);
    const lines = [{ t: 'run', v, at: new Date().toISOString(), target }];
    for (const [i, [firstName, lastName, email]] of rows.slice(1).entries()) {
      lines.push({ t: 'start', k: key({ firstName, lastName, email }), l: i + 2, p: 'equals' }, { t: 'end', k: key({ firstName, lastName, email }), l: i + 2, p: 'equals', s: 'created', id: s.equals[i].id });
    }
    write(`${old}.journal.jsonl`, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const resumed = await runCli([old, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((await mock.persons()).equals.length, 2, `v${v}: nothing sent again`);
    assert.ok(journal(`${old}.journal.jsonl`).filter((e) => e.t === 'run').every((e) => e.v === v && e.salt === undefined));
  }
});

test('a journal in use by another run is refused (exit 2); a lock left by a killed run is not; input, --out and --journal must differ', async () => {
  const { writeFileSync: write, existsSync } = await import('node:fs');
  const path = join(tmp.dir, 'lock.csv');
  write(path, 'First Name,Last Name,Email\nAna,Quispe,ana.lock@example.pe\n');
  const env = envFor(mock.url);
  const args = [path, '--to', 'equals', '--equals-account-id', 'F12345'];
  write(`${path}.journal.jsonl.lock`, `${process.pid}\n`); // this test's own process: alive
  const busy = await runCli(args, { env });
  assert.equal(busy.code, 2);
  assert.match(busy.stderr, /in use by another import/);
  assert.equal((await mock.persons()).equals.length, 0);
  write(`${path}.journal.jsonl.lock`, '999999999\n'); // no such process
  assert.equal((await runCli(args, { env })).code, 0);
  assert.equal(existsSync(`${path}.journal.jsonl.lock`), false, 'released');
  for (const extra of [['--out', path], ['--journal', path], ['--out', join(tmp.dir, 'x'), '--journal', join(tmp.dir, 'x')]]) {
    const r = await runCli([...args, ...extra], { env });
    assert.equal(r.code, 2, extra.join(' '));
    assert.match(r.stderr, /same file/);
  }
  assert.match(readFileSync(path, 'utf8'), /^First Name/, 'the spreadsheet is untouched');
});

test('wrong settings in a real run: exit 2 before anything is journaled or sent; a journal keeps each provider\'s target across runs to one provider', async () => {
  const csv = makeCsv(tmp.dir, { rows: 3, delimiter: ',' });
  const env = envFor(mock.url);
  const bad = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--equals-role', 'Boss'], { env });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /settings are wrong, not the rows:\n {2}equals: roleName: Choose an Equals role/);
  assert.ok(!existsSync(`${csv.path}.journal.jsonl`) && !existsSync(`${csv.path}.results.csv`), 'nothing journaled, no results');
  assert.equal((await mock.persons()).equals.length, 0);

  const j = join(tmp.dir, 'one.journal.jsonl');
  const toEquals = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--journal', j], { env });
  assert.equal(toEquals.code, 0, toEquals.stderr);
  const toHorus = await runCli([csv.path, '--to', 'horus', '--horus-category-id', '1', '--horus-position-id', '1', '--journal', j], { env });
  assert.equal(toHorus.code, 0, toHorus.stderr);
  // The Horus run in between must not make the journal forget Equals' account.
  const other = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F99999', '--journal', j], { env });
  assert.equal(other.code, 2);
  assert.match(other.stderr, /another equals\.accountId/);
  assert.equal((await mock.persons()).equals.length, 3);
});

test('Equals is looked up before each create by default: people already on the account (an import with another journal, a copy of the file) get no second persona; --no-equals-look-first trusts the journal alone, and they do', async () => {
  const { writeFileSync: write, copyFileSync } = await import('node:fs');
  const path = join(tmp.dir, 'again.csv');
  write(path, 'First Name,Last Name,Email\nAna,Quispe,ana.again@example.pe\nLuis,Rojas,luis.again@example.pe\n');
  const env = envFor(mock.url);
  const args = [path, '--to', 'equals', '--equals-account-id', 'F12345'];
  const first = await runCli([...args, '--journal', join(tmp.dir, 'a.jsonl')], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /equals: 2 created, 0 already there, 0 invalid, 0 failed, 0 unknown\n/, 'a lookup that finds nothing settles nothing');
  const looked = await runCli([...args, '--journal', join(tmp.dir, 'b.jsonl')], { env });
  assert.equal(looked.code, 0, looked.stderr);
  // Never sent with this journal: found, they are "already there"; no doubt was settled.
  assert.match(looked.stdout, /^equals: 0 created, 2 already there, 0 invalid, 0 failed, 0 unknown$/m);
  // The fixed file saved under a new name: its default journal is new, and the people are found.
  const copy = join(tmp.dir, 'again-fixed.csv');
  copyFileSync(path, copy);
  const renamed = await runCli([copy, '--to', 'equals', '--equals-account-id', 'F12345', '--equals-look-first'], { env });
  assert.equal(renamed.code, 0, renamed.stderr);
  assert.match(renamed.stdout, /equals: 0 created, 2 already there/);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 2, horus: 0, personasNotOne: 0 });
  // Turned off, a new journal alone sends every row again, and Equals adds a persona.
  const trusted = await runCli([...args, '--journal', join(tmp.dir, 'c.jsonl'), '--no-equals-look-first'], { env });
  assert.equal(trusted.code, 0, trusted.stderr);
  assert.equal(countsOf(await mock.persons()).personasNotOne, 2);
  const both = await runCli([...args, '--equals-look-first', '--no-equals-look-first'], { env });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /choose one/);
});

test('a refused run (missing credential) leaves an earlier results file as it was', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'keep.csv');
  write(path, 'First Name,Last Name,Email\nAna,Quispe,ana.keep@example.pe\n');
  const env = envFor(mock.url);
  assert.equal((await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env })).code, 0);
  const before = readFileSync(`${path}.results.csv`, 'utf8');
  const { EQUALS_API_KEY, ...noKey } = env;
  const refused = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: noKey });
  assert.equal(refused.code, 2, refused.stderr);
  assert.equal(readFileSync(`${path}.results.csv`, 'utf8'), before);
});

test('a Horus password given in --config reaches Horus but never the journal or the output', async () => {
  const { writeFileSync: write, readFileSync: read } = await import('node:fs');
  const path = join(tmp.dir, 'pw.csv');
  write(path, 'First Name,Last Name,Email,DNI\nAna,Quispe,ana.pw@example.pe,45879111\n');
  const cfg = join(tmp.dir, 'pw.json');
  write(cfg, JSON.stringify({ horus: { categoryId: 1, positionId: 1, password: 'Sup3r-Secret-pw!' } }));
  const r = await runCli([path, '--to', 'horus', '--config', cfg], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  for (const file of [`${path}.journal.jsonl`, `${path.replace(/\.csv$/, '')}.results.csv`]) {
    let text = '';
    try { text = read(file, 'utf8'); } catch { continue; }
    assert.doesNotMatch(text, /Sup3r-Secret-pw!/, file);
  }
  assert.match(read(`${path}.journal.jsonl`, 'utf8'), /"password":true/);
  assert.doesNotMatch(r.stdout + r.stderr, /Sup3r-Secret-pw!/);
});
