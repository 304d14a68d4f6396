// `personkit import` used as a person with a spreadsheet uses it: its output
// piped into a pager that is quit, a JSON Lines file with an enormous line,
// a sheet saved by Excel in Windows-1252 whose header holds an accent,
// photos far past the size limit, a journal with a line of garbage.
// Counted against personkit-mock, as import-cli.test.mjs counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { mock, tmp, useSuite, envFor, SETTINGS, makeCsv, runCli, journal, inFlight, until, countsOf, CLI, readResults } from './import-helpers.mjs';
import { problemLines } from '../../js/import/command.mjs';
import { enrolMany } from '../../js/node.mjs';

useSuite();

const EQUALS = ['--to', 'equals', '--equals-account-id', 'F12345'];

// `personkit import … | head`, or `| less` quit early: the reader goes away
// and the next progress line meets EPIPE. It crashed the run with a stack
// trace, creates still out, instead of going on with nobody reading.
test('stdout closed by its reader mid-run (| head, a pager quit): the run goes on to the end, never a crash with creates left in flight', async () => {
  const csv = makeCsv(tmp.dir, { rows: 12, tag: 'pipe', delimiter: ',' });
  const cfg = join(tmp.dir, 'slow.json');
  writeFileSync(cfg, JSON.stringify({ equals: { headers: { 'x-mock-fault': 'delay=150' } } }));
  const r = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'import', csv.path, ...EQUALS, '--config', cfg, '--concurrency', '1', '--progress-every', '0'], {
      env: envFor(mock.url), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b) => { stderr += b; });
    // The first progress line read, the reader quits.
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|at .*node:/, r.stderr);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(inFlight(journal(`${csv.path}.journal.jsonl`)), [], 'every create has its outcome in the journal');
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 12, horus: 0, personasNotOne: 0 });
  const rows = readResults(`${csv.path}.results.csv`);
  assert.equal(rows.filter((x) => x.equals_status === 'created').length, 12, 'the results file is whole');
});

// readline grew one string per line without a bound: a JSON line past
// V8's string limit (a minified export of 600 MB) crashed the run with an
// uncaught RangeError; a line of megabytes was held whole and sent.
test('JSON Lines: a line longer than 8 MiB is that row invalid (INVALID_JSON), never held whole; the rows after it are read and sent', async () => {
  const path = join(tmp.dir, 'people.jsonl');
  const row = (i) => JSON.stringify({ firstName: 'Ana', lastName: `Quispe ${i}`, email: `ana${i}@example.pe`, dateOfBirth: '1990-12-04' });
  writeFileSync(path, `${row(1)}\n${JSON.stringify({ firstName: 'Bob', lastName: 'Li', email: 'bob@example.pe', notes: 'x'.repeat(9 << 20) })}\r\n${row(3)}\n`);
  const r = await runCli([path, ...EQUALS], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /unexpected error/);
  const rows = readResults(`${path}.results.csv`);
  const byLine = Object.fromEntries(rows.map((x) => [x.line, x]));
  assert.deepEqual([byLine[2].equals_status, byLine[2].equals_code], ['invalid', 'INVALID_JSON']);
  assert.match(byLine[2].equals_message, /longer than 8 MiB/);
  assert.ok(byLine[2].equals_message.length < 1000, 'the line is not quoted');
  assert.equal(byLine[1].equals_status, 'created');
  assert.equal(byLine[3].equals_status, 'created');
  assert.equal((await mock.persons()).equals.length, 2);

  // A JSON array on one enormous line is still named as an array (its start is kept).
  const arr = join(tmp.dir, 'export.json');
  writeFileSync(arr, `[${Array.from({ length: 9000 }, (_, i) => JSON.stringify({ firstName: 'A', notes: 'y'.repeat(1000), i })).join(',')}]`);
  const a = await runCli([arr, ...EQUALS, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(a.code, 2, a.stderr);
  assert.match(a.stderr, /holds a JSON array, not JSON Lines/);
});

// Excel's "CSV (Comma delimited)" is Windows-1252: its rows with an accent
// were refused, but a header cell with one (Teléfono) came out as Tel�fono,
// matched no --map key, and the rows without an accent were sent without
// that column (a line on stderr said the column was not used).
test('a header line that is not UTF-8 (Excel\'s Windows-1252 "Teléfono") stops the run before anything is sent, saying to save as CSV UTF-8 (exit 2)', async () => {
  const path = join(tmp.dir, 'latin1.csv');
  writeFileSync(path, Buffer.concat([
    Buffer.from('Nombre;Apellido;Correo;Tel'), Buffer.from([0xe9]), Buffer.from('fono;Fecha de nacimiento\r\n'),
    Buffer.from('Luis;Perez;luis.l1@example.pe;+51987654322;1990-01-02\r\n'),
  ]));
  const map = join(tmp.dir, 'map.json');
  writeFileSync(map, JSON.stringify({ Nombre: 'firstName', Apellido: 'lastName', Correo: 'email', Teléfono: 'phone', 'Fecha de nacimiento': 'dateOfBirth' }));
  for (const extra of [[], ['--dry-run']]) {
    const r = await runCli([path, ...EQUALS, '--map', map, ...extra], { env: envFor(mock.url) });
    assert.equal(r.code, 2, `${extra}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /first line is not UTF-8.*CSV UTF-8/);
    assert.doesNotMatch(r.stderr, /Luis|Perez/);
  }
  assert.equal((await mock.persons()).equals.length, 0);
});

// A photo past the 10 MB limit by far (a video, three large photos) made
// the whole person too long: "line 2, : The person's details are too long",
// naming no photo, after reading every megabyte of it.
test('a photo file larger than 10 MB is named as too large, by its column, without being read; the dry run never prints "line N, :"', async () => {
  const big = join(tmp.dir, 'photos', 'clip.jpg');
  writeFileSync(big, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40 << 20)]));
  writeFileSync(join(tmp.dir, 'photos', 'p11.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 << 20)]));
  const path = join(tmp.dir, 'big.csv');
  writeFileSync(path, 'First Name,Last Name,Email,Date of birth,Photo\n'
    + 'Ana,Quispe,ana.b@example.pe,1990-12-04,photos/clip.jpg\n'
    + 'Bob,Li,bob.b@example.pe,1991-01-01,photos/p11.jpg|photos/p11.jpg|photos/p11.jpg\n');
  const r = await runCli([path, '--to', 'verifik', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stdout, /line \d+, :/);
  assert.match(r.stdout, /^line 2, photos\[0\]: Photo 1 is too large \(at most 10 MB\): photos\/clip\.jpg$/m);
  assert.match(r.stdout, /^line 3, photos\[0\]: Photo 1 is too large/m);
  // In the run's language, as the validators word a photo just over the limit.
  const es = await runCli([path, '--to', 'verifik', '--dry-run', '--locale', 'es'], { env: envFor(mock.url) });
  assert.match(es.stdout, /^fila 2, photos\[0\]: La foto 1 pesa demasiado \(máximo 10 MB\): photos\/clip\.jpg$/m);
  // A problem of the whole row (no field) reads "line N: …".
  assert.deepEqual(problemLines(7, [{ field: '', message: 'The person’s details are too long' }]), ['line 7: The person’s details are too long']);
});

// JSON.parse('null') is null, and `null.t` threw inside the reader: the run
// was refused as "could not be read … name another --journal", whose advice
// (a new journal) trusts every row as never sent.
test('a journal with a line of garbage that is valid JSON (null, a number, a list) is read past like any cut line: the rerun keeps what was done', async () => {
  const csv = makeCsv(tmp.dir, { rows: 4, tag: 'gar', delimiter: ',' });
  const jpath = `${csv.path}.journal.jsonl`;
  const env = envFor(mock.url);
  assert.equal((await runCli([csv.path, ...EQUALS], { env })).code, 0);
  appendFileSync(jpath, 'null\n7\n[1]\n"x"\n');
  const r = await runCli([csv.path, ...EQUALS], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /4 done in an earlier run/);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 4, horus: 0, personasNotOne: 0 });
});

// A first set-up that forgot two variables took two refused runs to learn of both.
test('every missing credential is named at once (exit 2, nothing sent), never one per refused run', async () => {
  const csv = makeCsv(tmp.dir, { rows: 2, tag: 'cred', delimiter: ',' });
  const { EQUALS_API_KEY: _k, HORUS_CLIENT_SECRET: _s, ...env } = envFor(mock.url);
  const r = await runCli([csv.path, '--to', 'equals,horus', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1'], { env });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /EQUALS_API_KEY/);
  assert.match(r.stderr, /HORUS_CLIENT_SECRET/);
  await assert.rejects(enrolMany([], { providers: { equals: { accountId: 'F12345', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } }, env: {} }),
    (e) => e.code === 'INVALID_OPTIONS' && e.field === 'providers.equals.apiKey' && /HORUS_CLIENT_ID.*HORUS_CLIENT_SECRET/.test(e.detail));
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
});

// A --map key misspelt ("Telefono" for "Teléfono") filled nothing and nothing
// said so but the real column among those not used: the phone went nowhere.
test('a --map key the CSV header does not have is named on stderr before the run', async () => {
  const path = join(tmp.dir, 'map.csv');
  writeFileSync(path, 'Nombre,Apellido,Correo,Teléfono\nLuis,Perez,luis.m@example.pe,+51987654322\n');
  const map = join(tmp.dir, 'map.json');
  writeFileSync(map, JSON.stringify({ Nombre: 'firstName', Apellido: 'lastName', Correo: 'email', Telfono: 'phone', Notas: null }));
  const r = await runCli([path, ...EQUALS, '--map', map, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /mapped columns the file does not have \(a typo\?\): Telfono\n/);
});

// A --map key matched its column only as written: `"cargo"` for a column
// `Cargo` (or `"Codigo"` for `Código`) filled nothing, two lines on stderr
// said so, and the run created every person without it, for good.
test('a --map key matches its column as headers match field names (case, accents, spaces): the mapped field is sent', async () => {
  const path = join(tmp.dir, 'cargo.csv');
  writeFileSync(path, 'Nombres;Apellidos;Correo;Cargo;Código de empleado\nLuis;Perez;luis.cargo@example.pe;Jefe de área;E-0042\n');
  const map = join(tmp.dir, 'map.json');
  writeFileSync(map, JSON.stringify({ cargo: 'extras.equals.jobTitle', 'codigo_de_empleado': 'extras.equals.employeeNumber' }));
  const r = await runCli([path, ...EQUALS, '--map', map], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /not used|does not have/, r.stderr);
  const [p] = (await mock.persons()).equals;
  const persona = p.personas?.[0] ?? p.persona;
  assert.deepEqual([persona.jobTitle, persona.employeeNumber ?? p.employeeNumber], ['Jefe de área', 'E-0042']);
});

// `--to ,` (a variable left empty: --to "$PROVIDERS,") checked every row for
// no provider and called them all valid, exit 0.
test('--to naming no provider (",") is a usage error in a dry run as in a run (exit 2)', async () => {
  const csv = makeCsv(tmp.dir, { rows: 2, tag: 'to', delimiter: ',' });
  for (const extra of [['--dry-run'], []]) {
    const r = await runCli([csv.path, '--to', ' , ', ...extra], { env: envFor(mock.url) });
    assert.equal(r.code, 2, `${extra}: ${r.stdout}`);
    assert.match(r.stderr, /--to names no provider/);
  }
});

// The journal alone (--no-equals-look-first) after a kill -9 with creates of
// all three providers made and unanswered: the rerun must look up what was
// out, not trust that a start without an end sent nothing. Then a third run
// sends nothing at all.
test('kill -9 with creates made but unanswered in all three providers, under --no-equals-look-first: the rerun leaves one person and one persona per row; a third run sends nothing', async () => {
  const csv = makeCsv(tmp.dir, { rows: 60, tag: 'k9', delimiter: ',' });
  const jpath = `${csv.path}.journal.jsonl`;
  const env = envFor(mock.url);
  const args = [csv.path, '--to', 'verifik,equals,horus', ...SETTINGS, '--no-equals-look-first'];
  const first = await runCli(args, {
    env,
    onStart: async (child) => {
      await until(() => journal(jpath).filter((e) => e.t === 'end').length >= 15, 'some outcomes');
      for (const p of ['verifik', 'equals', 'horus']) await mock.scenario('delay=10000;after-create', 1, p);
      // Each delayed create taken (no scenario left for the rerun) and stored: more persons than created ends.
      await until(async () => {
        const pending = await (await fetch(`${mock.url}/__mock/scenario`)).json();
        const s = await mock.persons();
        const ends = journal(jpath).filter((e) => e.t === 'end' && e.s === 'created');
        const made = (p) => s[p].length > ends.filter((e) => e.p === p).length;
        return [].concat(pending.scenarios ?? pending).length === 0 && made('verifik') && made('equals') && made('horus');
      }, 'a create of each provider made and unanswered');
      child.kill('SIGKILL');
    },
  });
  assert.equal(first.signal, 'SIGKILL');
  assert.deepEqual([...new Set(inFlight(journal(jpath)).map((e) => e.p))].sort(), ['equals', 'horus', 'verifik'], 'creates of each provider were out');
  const second = await runCli(args, { env });
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 60, equals: 60, horus: 60, personasNotOne: 0 });
  assert.deepEqual(inFlight(journal(jpath)), []);
  const attempts = (await mock.persons()).attempts;
  const third = await runCli(args, { env });
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stdout, /60 done in an earlier run/);
  assert.deepEqual((await mock.persons()).attempts, attempts, 'no create sent by the third run');
});

// On a terminal the bars hide the cursor and turn line wrapping off; a
// second Ctrl-C quit at once without giving them back: the user's shell was
// left with no cursor and no wrapping until `reset`. Run in a pseudo-terminal
// (util-linux `script`), Ctrl-C typed as the byte a keyboard sends.
const hasScript = (await import('node:child_process')).spawnSync('script', ['--version']).status === 0;
test('a second Ctrl-C on a terminal quits at once (130) and gives the terminal its cursor and line wrapping back', { skip: !hasScript && 'no util-linux script for a pseudo-terminal' }, async () => {
  const csv = makeCsv(tmp.dir, { rows: 20, tag: 'tty', delimiter: ',' });
  const cfg = join(tmp.dir, 'slow.json');
  writeFileSync(cfg, JSON.stringify({ equals: { headers: { 'x-mock-fault': 'delay=3000' } } }));
  const command = [process.execPath, CLI, 'import', csv.path, ...EQUALS, '--config', cfg].map((a) => `'${a}'`).join(' ');
  const r = await new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: envFor(mock.url), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let typed = 0;
    child.stdout.on('data', (b) => {
      out += b;
      if (typed === 0 && out.includes('/20')) { typed = 1; child.stdin.write('\x03'); }
      if (typed === 1 && out.includes('stopping')) { typed = 2; child.stdin.write('\x03'); }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
  assert.equal(r.code, 130, r.out);
  const last = (seq) => r.out.lastIndexOf(seq);
  assert.ok(last('\x1b[?25h') > last('\x1b[?25l'), 'the cursor is shown again');
  assert.ok(last('\x1b[?7h') > last('\x1b[?7l'), 'line wrapping is on again');
});

// A wrong key was sent once per row (a lookup and a create each): 10,000
// rows, 20,000 refused requests, which providers may take for an attack.
test('a provider that refuses the credentials gets no more creates in the run: the rest end failed UNAUTHORIZED, not sent; the next run with the key fixed sends them once', async () => {
  const csv = makeCsv(tmp.dir, { rows: 40, tag: 'auth', delimiter: ',' });
  const args = [csv.path, '--to', 'equals,horus', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1', '--concurrency', '4'];
  const r = await runCli(args, { env: { ...envFor(mock.url), EQUALS_API_KEY: 'a-wrong-key' } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /equals: 0 created, 0 already there, 0 invalid, 40 failed/);
  assert.match(r.stdout, /horus: 40 created/, 'another provider goes on');
  let s = await mock.persons();
  assert.ok(s.attempts.equals <= 4, `at most the creates already out: ${s.attempts.equals}`);
  const rows = readResults(`${csv.path}.results.csv`);
  assert.ok(rows.every((x) => x.equals_code === 'UNAUTHORIZED'));
  assert.ok(rows.some((x) => /^not sent: equals refused the credentials on line \d+; fix it and run again$/.test(x.equals_message)));
  assert.doesNotMatch(readFileSync(`${csv.path}.journal.jsonl`, 'utf8'), /a-wrong-key/);
  const again = await runCli(args, { env: envFor(mock.url) });
  assert.equal(again.code, 0, again.stderr);
  s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 40, horus: 40, personasNotOne: 0 });

  // An Equals account that does not exist (404) is the same for every row.
  const other = makeCsv(tmp.dir, { rows: 40, tag: 'acct', delimiter: ',', name: 'acct.csv' });
  const before = s.attempts.equals;
  const nf = await runCli([other.path, '--to', 'equals', '--equals-account-id', 'F99999'], { env: envFor(mock.url) });
  assert.equal(nf.code, 1, nf.stderr);
  assert.match(nf.stdout, /equals: 0 created, 0 already there, 0 invalid, 40 failed/);
  assert.ok((await mock.persons()).attempts.equals - before <= 4);
  assert.match(readFileSync(`${other.path}.results.csv`, 'utf8'), /NOT_FOUND,"not sent: equals did not find the account on line \d+; fix it and run again"/);
});

// "no such file: photos/ana.jpg" said which path but not from where: a
// sheet in Downloads with its photos beside the shell's folder failed every
// row with nothing to say the paths are read from the sheet's folder.
test('photos not found: one line at the end says the folder relative paths were read from, and that --photos-dir names another', async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(tmp.dir, 'sub'));
  const csv = makeCsv(join(tmp.dir, 'sub'), { rows: 3, tag: 'dir', delimiter: ',' });
  const r = await runCli([csv.path, '--to', 'verifik', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, `3 photos not found: relative paths are read from ${join(tmp.dir, 'sub')} (the input file's folder); name another with --photos-dir\n`);
  const run = await runCli([csv.path, '--to', 'verifik', '--verifik-collection', 'staff'], { env: envFor(mock.url) });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /3 photos not found: relative paths are read from /);
  const fixed = await runCli([csv.path, '--to', 'verifik', '--dry-run', '--photos-dir', tmp.dir], { env: envFor(mock.url) });
  assert.equal(fixed.code, 0, fixed.stdout);
  assert.equal(fixed.stderr, '');
});

// enrolMany gets the photos as bytes: each is measured before the person is
// read (past the person's own size budget it was refused on field "").
// Last in the file: its tens of MB keep the event loop (and the in-process
// mock) busy a while, and nothing is sent (the row is invalid).
test('enrolMany: a 40 MB photo is refused on photos[0] as too large, not the whole person "too long"', async () => {
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40 << 20)]);
  const rows = [];
  await enrolMany([{ firstName: 'Ana', lastName: 'Quispe', dateOfBirth: '1990-12-04', photos: [photo] }], {
    providers: { verifik: { token: 't', baseUrl: 'http://127.0.0.1:9', collections: ['staff'] } }, onRow: (r) => rows.push(r),
  });
  const err = rows[0].outcomes.verifik.errors[0];
  assert.equal(err.field, 'photos[0]', JSON.stringify(err));
  assert.equal(err.code, 'IMAGE_TOO_LARGE');
});

// A sheet whose first rows are empty exports them as ";;;;": they were read
// as the header line (exit 2, "is the header line missing?"), where blank
// lines before the header are skipped (session 44 audit).
test('empty rows before the header (";;;;" from a spreadsheet) are skipped as blank lines: the header and the rows are read, lines counted in the file', async () => {
  const path = join(tmp.dir, 'blank-first.csv');
  writeFileSync(path, ';;;;\r\n;;;;\r\nFirst Name;Last Name;Email;Date of birth;DNI\r\nAna;Quispe;ana.blank@example.pe;1990-12-04;45879632\r\nBob;Li;not-an-email;1990-12-04;45879633\r\n');
  const r = await runCli([path, ...EQUALS, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^line 5, email: /m);
  assert.match(r.stdout, /2 rows checked for equals: 1 valid, 1 invalid; nothing was sent/);
});

// A wrong key mid-run ended with "equals: … 3000 failed" and nothing else on
// the terminal: the reason was only in each row of the results file.
test('a provider refusing the credentials or the account is said once on stderr as it happens, naming the provider, the code and what to fix, never the key', async () => {
  const csv = makeCsv(tmp.dir, { rows: 20, tag: 'warn', delimiter: ',' });
  const r = await runCli([csv.path, '--to', 'equals,horus', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1'], {
    env: { ...envFor(mock.url), EQUALS_API_KEY: 'a-wrong-key' },
  });
  assert.equal(r.code, 1, r.stderr);
  const said = r.stderr.split('\n').filter((l) => l.startsWith('warning: equals'));
  assert.equal(said.length, 1, r.stderr);
  assert.match(said[0], /^warning: equals refused the credentials \(UNAUTHORIZED\) on line \d+: no more rows are sent to equals in this run; fix its API key \(EQUALS_API_KEY\)/);
  assert.ok(!r.stderr.includes('a-wrong-key') && !r.stdout.includes('a-wrong-key'));
  assert.doesNotMatch(r.stderr, /warning: horus/, 'the provider that took the key is not named');

  const other = makeCsv(tmp.dir, { rows: 5, tag: 'warn-acct', delimiter: ',', name: 'acct.csv' });
  const nf = await runCli([other.path, '--to', 'equals', '--equals-account-id', 'F99999'], { env: envFor(mock.url) });
  assert.equal(nf.code, 1, nf.stderr);
  assert.match(nf.stderr, /^warning: equals did not find the account \(NOT_FOUND\) on line \d+: .*fix the account id/m);
});
