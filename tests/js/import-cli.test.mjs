// `personkit import` as a user runs it, against personkit-mock: a whole
// spreadsheet, the dry-run report, a SIGKILL mid-run then a rerun, and
// Ctrl-C. "Never twice" is checked by counting persons and personas.
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

test('--dry-run: each problem as "line N, field: …", a summary, exit 1, nothing sent', async () => {
  const csv = makeCsv(tmp.dir, { rows: 40, invalidEvery: 10, delimiter: ',' });
  const r = await runCli([csv.path, ...ALL, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^line 11, email: .*\(equals, horus\)$/);
  assert.match(lines[1], /^line 21, dateOfBirth: /);
  assert.match(lines[lines.length - 3], /^line 31, photos\[0\]: no such file: photos\/missing\.jpg$/);
  assert.match(lines[lines.length - 2], /^line 41, photos\[0\]: .*(WebP|webp|JPEG)/i);
  assert.equal(lines.at(-1), '40 rows checked for verifik, equals, horus: 36 valid, 4 invalid; nothing was sent');
  const s = await mock.persons();
  assert.deepEqual(s.attempts, { verifik: 0, equals: 0, horus: 0 });
  // No credential; Horus's address, which has no default, as the run needs it.
  const ok = await runCli([makeCsv(tmp.dir, { rows: 5, name: 'ok.csv' }).path, ...ALL, '--dry-run'], { env: { HORUS_BASE_URL: mock.url } });
  assert.equal(ok.code, 0, 'no credentials needed to check a file');
  const nowhere = await runCli([makeCsv(tmp.dir, { rows: 5, name: 'nowhere.csv' }).path, ...ALL, '--dry-run'], { env: {} });
  assert.equal(nowhere.code, 2);
  assert.match(nowhere.stderr, /^personkit import: horus: baseUrl is missing \(set HORUS_BASE_URL\)$/m);
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

test('JSON Lines with --map and extras: columns by mapping, a broken line reported by its number', async () => {
  const { writeFileSync } = await import('node:fs');
  const path = join(tmp.dir, 'people.jsonl');
  const rows = [
    { Nombre: 'Ana', Apellido: 'Ñañez', Correo: 'ana.jl@example.pe', Cargo: 'Cajera', Notas: 'x' },
    'not json',
    { Nombre: 'Bob', Apellido: 'Li', Correo: 'bob.jl@example.pe', Cargo: 'Jefe' },
  ];
  writeFileSync(path, `\ufeff${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`);
  const map = join(tmp.dir, 'map.json');
  writeFileSync(map, JSON.stringify({ Nombre: 'firstName', Apellido: 'lastName', Correo: 'email', Cargo: 'extras.equals.jobTitle', Notas: null }));
  const dry = await runCli([path, '--to', 'equals', ...SETTINGS, '--map', map, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 1);
  assert.match(dry.stdout, /^line 2, line: not valid JSON$/m);
  const r = await runCli([path, '--to', 'equals', ...SETTINGS, '--map', map, '--progress-every', '0'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  const s = await mock.persons();
  assert.equal(s.equals.length, 2);
  assert.deepEqual(s.equals.map((p) => p.personas[0].jobTitle ?? p.persona?.jobTitle).sort(), ['Cajera', 'Jefe']);
  const results = readResults(`${path}.results.csv`);
  assert.deepEqual(Object.keys(results[0]).slice(0, 6), ['line', 'Nombre', 'Apellido', 'Correo', 'Cargo', 'Notas'], 'the first row\'s keys are the input columns');
  assert.equal(results.find((x) => x.line === '3').Correo, 'bob.jl@example.pe');
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

test('a config that is not an object, or an --out or --journal in a folder that does not exist: a usage error (exit 2), not a crash', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'cfg.csv');
  write(path, 'First Name,Last Name,Email\nAna,Quispe,ana.cfg@example.pe\n');
  const env = envFor(mock.url);
  const args = [path, '--to', 'equals', '--equals-account-id', 'F12345'];
  const cases = [
    [['--config', 'null'], /--config .*must hold a JSON object/],
    [['--config', '[1]'], /--config .*must hold a JSON object/],
    [['--config', '{"equals": "F1"}'], /"equals" must be an object/],
    [['--map', '42'], /--map .*must hold a JSON object/],
  ];
  for (const [[flag, text], why] of cases) {
    const file = join(tmp.dir, `c${cases.findIndex(([[, t]]) => t === text)}.json`);
    write(file, text);
    const r = await runCli([...args, flag, file], { env });
    assert.equal(r.code, 2, `${flag} ${text}: ${r.stderr}`);
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stderr, /unexpected error/);
  }
  for (const flag of ['--out', '--journal']) {
    const r = await runCli([...args, flag, join(tmp.dir, 'no-such-folder', 'x')], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /its folder does not exist/);
  }
  assert.equal((await mock.persons()).equals.length, 0);
});

test('a Windows-1252 CSV (Excel\'s "CSV (Comma delimited)"): its rows are reported, never sent with mangled names', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'latin1.csv');
  write(path, Buffer.from('First Name,Last Name,Email\nBegoña,Ñañez,bego@example.pe\nAna,Quispe,ana.l1@example.pe\n', 'latin1'));
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 1);
  const s = await mock.persons();
  assert.deepEqual(s.equals.map((p) => p.firstName), ['Ana']);
  assert.match(readFileSync(`${path}.results.csv`, 'utf8'), /CSV UTF-8/);
});

test('a stray quote: the rows before it are sent, its line is reported without its text, the rest is not read and says so; exit 1', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'quote.csv');
  const lines = ['First Name,Last Name,Email'];
  for (let i = 0; i < 300; i += 1) lines.push(`Ana,Quispe${i},ana${i}.sq@example.pe`);
  lines.push('Luis,"Ro"jasSecreto,luis.sq@example.pe', 'Eva,Paz,eva.sq@example.pe');
  write(path, `${lines.join('\n')}\n`);
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  assert.equal((await mock.persons()).equals.length, 300);
  const results = readFileSync(`${path}.results.csv`, 'utf8');
  assert.match(results, /302,.*rest of the file was not read/);
  assert.ok(!`${results}${r.stdout}${r.stderr}`.includes('Secreto'), 'the broken line\'s text is never shown');
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

test('line numbers are the file\'s own with CRLF inside quoted cells; rows of only delimiters are blank, not invalid', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'crlf.csv');
  write(path, [
    'First Name,Last Name,Email', 'Ana,"Quispe', 'Segunda",ana.crlf@example.pe', ',,', '', 'Bob,Paz,not-an-email',
    'Carl,"A', 'B', 'C",carl.crlf@example.pe', 'Dan,Paz,also-not', 'Eva,"Ro"jas,eva.crlf@example.pe', '',
  ].join('\r\n'));
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n').filter((l) => !/a quoted cell runs from/.test(l));
  assert.match(r.stdout, /^line 2, line: a quoted cell runs from line 2 to line 3 /m, 'and says which lines it took');
  assert.match(lines[0], /^line 2, lastName: /, 'Ana starts on line 2');
  assert.match(lines[1], /^line 6, email: /, 'Bob is on line 6 (after a CRLF in quotes, ",," and a blank line)');
  assert.match(lines[2], /^line 7, lastName: /, 'Carl starts on line 7');
  assert.match(lines[3], /^line 10, email: /, 'Dan is on line 10');
  assert.match(lines[4], /^line 11, line: the CSV quoting is broken/, 'Eva\'s broken quote on line 11');
  assert.equal(lines.at(-1), '5 rows checked for equals: 0 valid, 5 invalid; nothing was sent');
});

test('--locale es: the dry run\'s problems and the settings\' in Spanish; another language is a usage error', async () => {
  const csv = makeCsv(tmp.dir, { rows: 10, invalidEvery: 10, delimiter: ',' });
  const env = envFor(mock.url);
  const es = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run', '--locale', 'es'], { env });
  assert.equal(es.code, 1, es.stderr);
  assert.match(es.stdout, /^line 11, email: Escribe un correo como nombre@ejemplo\.com \(equals\)$/m);
  const role = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--equals-role', 'Jefe', '--locale', 'es'], { env });
  assert.equal(role.code, 2);
  assert.match(role.stderr, /equals: roleName: Elige el rol de Equals entre las opciones/);
  const fr = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--locale', 'fr'], { env });
  assert.equal(fr.code, 2);
  assert.match(fr.stderr, /--locale must be es or en/);
});

test('two unused columns with one name: the results file keeps each one\'s cell', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'notes.csv');
  write(path, 'First Name,Last Name,Email,Notes,Notes\nAna,Quispe,ana.notes@example.pe,first note,second note\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  const [head, row] = readResults(`${path}.results.csv`, { columns: false });
  assert.deepEqual(head.slice(0, 6), ['line', 'First Name', 'Last Name', 'Email', 'Notes', 'Notes']);
  assert.deepEqual(row.slice(0, 6), ['2', 'Ana', 'Quispe', 'ana.notes@example.pe', 'first note', 'second note']);
});

test('two Photo columns (a sheet\'s "Photo", "Photo"): each one\'s photo is sent, in order; two fields of one name stop the run', async () => {
  // Cells were kept by column name, so the second column overwrote the
  // first and the same photo was sent twice.
  const { writeFileSync: write, readFileSync: read } = await import('node:fs');
  const path = join(tmp.dir, 'two-photos.csv');
  write(path, 'First Name,Last Name,Nationality,DNI,Photo,Photo\nAna,Quispe,PE,45879632,photos/ana.jpg,photos/bob.png\n');
  const r = await runCli([path, '--to', 'verifik', '--verifik-collection', 'staff'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  const [sent] = (await mock.persons()).verifik;
  assert.deepEqual(sent.images, [read(join(tmp.dir, 'photos', 'ana.jpg')).toString('base64'), read(join(tmp.dir, 'photos', 'bob.png')).toString('base64')]);
  const both = join(tmp.dir, 'two-emails.csv');
  write(both, 'First Name,Last Name,Email,Email\nAna,Quispe,a@example.pe,b@example.pe\n');
  const r2 = await runCli([both, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /two columns are named "Email"/);
});

test('JSON Lines: a key that fills nothing is named on stderr once, on the first line that has it', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'keys.jsonl');
  write(path, [
    { firstName: 'Ana', lastName: 'Quispe', email: 'ana.keys@example.pe', cargo: 'Cocinera' },
    { firstName: 'Bob', lastName: 'Li', email: 'bob.keys@example.pe', cargo: 'Cocinero', jobTitle: 'Cook' },
  ].map((r) => JSON.stringify(r)).join('\n'));
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^line 1: keys not used .*: cargo$/m);
  assert.match(r.stderr, /^line 2: keys not used .*: jobTitle$/m);
  assert.equal(r.stderr.match(/cargo/g).length, 1);
});

test('a CSV with blank lines before its header: the ";" of the header is still the delimiter, lines numbered as in an editor', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'blank-first.csv');
  write(path, '\r\n\r\nFirst Name;Last Name;Email\r\nAna;Quispe;ana.blank@example.pe\r\nLuis;Rojas;not-an-email\r\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^line 5, email: /m);
  assert.match(r.stdout, /2 rows checked for equals: 1 valid, 1 invalid/);
  assert.doesNotMatch(r.stderr, /not used/);
});

test('a photo that cannot be read hides nothing else: the dry run names every problem of the row in one pass', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'photo-and-more.csv');
  write(path, 'First Name;Last Name;Email;DNI;Nationality;Photo\nAna;;bad-email;45879632;PE;photos/missing.jpg\n');
  const r = await runCli([path, '--to', 'verifik,equals', '--verifik-collection', 'staff', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^line 2, photos\[0\]: no such file: photos\/missing\.jpg$/m);
  assert.match(r.stdout, /^line 2, lastName: /m);
  assert.match(r.stdout, /^line 2, email: /m);
});

test('a quote left open takes later lines into one row: the row says which lines it took; a line break in a column not used is fine', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'open-quote.csv');
  for (const eol of ['\n', '\r\n']) {
    write(path, ['First Name;Last Name;Email', 'Ana;"Quispe;ana.q@example.pe', 'Luis;Rojas;luis.q@example.pe', 'Mia;Q";mia.q@example.pe', 'Bob;Li;bob.q@example.pe', ''].join(eol));
    const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^line 2, line: a quoted cell runs from line 2 to line 4 .*lines 2–4 were read as this one row$/m);
    assert.match(r.stdout, /^line 2, lastName: /m, 'with the row\'s own errors');
    assert.match(r.stdout, /2 rows checked for equals: 1 valid, 1 invalid/);
  }
  write(path, 'First Name;Last Name;Email;Notes\nAna;Quispe;ana.n@example.pe;"two\nlines"\nBob;Li;bob.n@example.pe;\n');
  const ok = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /2 rows checked for equals: 2 valid, 0 invalid/);
  // A quote left open in a column not used swallowed whole rows, and the run said nothing.
  write(path, 'First Name,Last Name,Email,Notes\nAna,Li,ana.o@example.pe,"call her\nBob,Li,bob.o@example.pe,x\nCarl,Ro,carl.o@example.pe,y"\nDan,Ro,dan.o@example.pe,z\n');
  const open = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(open.code, 1, open.stdout + open.stderr);
  assert.match(open.stdout, /^line 2, line: a quoted cell runs from line 2 to line 4 /m);
  assert.match(open.stdout, /2 rows checked for equals: 1 valid, 1 invalid/);
  const real = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--journal', join(tmp.dir, 'open-quote.journal.jsonl')], { env: envFor(mock.url) });
  assert.equal(real.code, 1, real.stdout + real.stderr);
  assert.match(real.stdout, /equals: 1 created, 0 already there, 1 invalid/);
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

test('a line\'s own problem is its row code in the results file (INVALID_CSV, not VALIDATION_FAILED)', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'codes.csv');
  write(path, 'First Name,Last Name,Email\nAna,Quispe,not-an-email\nLuis,"Ro"jas,luis.codes@example.pe\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  const rows = readResults(`${path}.results.csv`);
  assert.deepEqual(rows.map((x) => [x.line, x.equals_status, x.equals_code]), [['2', 'invalid', 'VALIDATION_FAILED'], ['3', 'invalid', 'INVALID_CSV']]);
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

test('a line with problems of its own is invalid, never a duplicate: the good row with the same fields after it is sent, and broken JSON Lines are each counted invalid', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const env = envFor(mock.url);
  const csv = join(tmp.dir, 'extra-cells.csv');
  write(csv, 'First Name,Last Name,Email\nAna,Quispe,ana.x@example.pe,oops\nBob,Li,bob.x@example.pe\nAna,Quispe,ana.x@example.pe\n');
  const r = await runCli([csv, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /equals: 2 created, 0 already there, 1 invalid/);
  assert.doesNotMatch(r.stdout, /duplicate/);
  const jsonl = join(tmp.dir, 'broken.jsonl');
  write(jsonl, '[1]\n"x"\n42\nnull\n{bad\n');
  const j = await runCli([jsonl, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
  assert.match(j.stdout, /equals: 0 created, 0 already there, 5 invalid/);
  assert.doesNotMatch(j.stdout, /duplicate/);
});

test('JSON Lines: a number too long to read exactly (an identity number, 1e400) refuses the row, naming its key and not its value; never sent changed', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'numbers.jsonl');
  write(path, [
    '{"firstName":"Ana","lastName":"Li","email":"n1.num@example.pe","dni":12345678901234567891}',
    '{"firstName":1e400,"lastName":"Li","email":"n2.num@example.pe"}',
    '{"firstName":"Bob","lastName":"Li","email":"n3.num@example.pe","dni":45879632}',
    '',
  ].join('\n'));
  const r = await runCli([path, '--to', 'horus', '--horus-category-id', '1', '--horus-position-id', '1', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^line 1, line: the number in "dni" has more digits than can be read exactly/m);
  assert.match(r.stdout, /^line 2, line: the number in "firstName" /m);
  assert.match(r.stdout, /3 rows checked for horus: 1 valid, 2 invalid/);
  assert.doesNotMatch(r.stdout, /1234567890123456/);
});

test('a folder as the input, or a header line with broken quoting: a clear message and exit 2, not an unexpected error', async () => {
  const { writeFileSync: write, mkdirSync } = await import('node:fs');
  const env = envFor(mock.url);
  const folder = join(tmp.dir, 'a-folder.csv');
  mkdirSync(folder, { recursive: true });
  const d = await runCli([folder, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
  assert.equal(d.code, 2, d.stderr);
  assert.match(d.stderr, /not a file/);
  const path = join(tmp.dir, 'bad-header.csv');
  write(path, 'First Name,"Last Name,Email\nAna,Li,ana.h@example.pe\n');
  const h = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
  assert.equal(h.code, 2, h.stderr);
  assert.match(h.stderr, /quoting of the header line is broken/);
  for (const r of [d, h]) assert.doesNotMatch(r.stderr, /unexpected error/);
});

test('a .json file holding a JSON array or a pretty-printed object: a clear message and exit 2, not a row of errors per line', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const env = envFor(mock.url);
  const before = countsOf(await mock.persons());
  const people = [{ firstName: 'Ana', lastName: 'Li', email: 'ana.arr@example.pe' }];
  for (const [name, text, what] of [
    ['array.json', JSON.stringify(people, null, 2), /holds a JSON array, not JSON Lines.*jq -c '\.\[\]'/],
    ['one-line-array.json', `\ufeff${JSON.stringify(people)}\n`, /holds a JSON array/],
    ['pretty.json', `\n${JSON.stringify(people[0], null, 2)}\n`, /holds pretty-printed JSON, not JSON Lines/],
  ]) {
    const path = join(tmp.dir, name);
    write(path, text);
    const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, what);
    assert.doesNotMatch(r.stderr, /unexpected error/);
  }
  assert.deepEqual(countsOf(await mock.persons()), before);
});

test('a CSV row longer than 8 MiB (a file pasted into a cell) stops the reading there as INVALID_CSV, after the rows before it; never an engine error', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const env = envFor(mock.url);
  const path = join(tmp.dir, 'huge-cell.csv');
  write(path, `First Name,Last Name,Email,Notes\nAna,Li,ana.big@example.pe,ok\nBob,Li,bob.big@example.pe,${'x'.repeat(9 << 20)}\nCy,Li,cy.big@example.pe,ok\n`);
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /equals: 1 created, 0 already there, 1 invalid/);
  const rows = readResults(`${path}.results.csv`);
  assert.deepEqual(rows.map((x) => [x.line, x.equals_status, x.equals_code]), [['2', 'created', ''], ['3', 'invalid', 'INVALID_CSV']]);
  assert.match(rows[1].equals_message, /longer than 8 MiB/);
  const header = join(tmp.dir, 'huge-header.csv');
  write(header, `First Name,${'x'.repeat(9 << 20)}\n`);
  const h = await runCli([header, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
  assert.equal(h.code, 2, h.stderr);
  assert.match(h.stderr, /header line is longer than 8 MiB/);
  for (const x of [r, h]) assert.doesNotMatch(x.stdout + x.stderr, /unexpected error|xxxxxxxx/);
});

test('columns with no name in the header are named as such among the columns not used, not listed as blanks', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'blank-header.csv');
  write(path, 'First Name,Last Name,,Email, \nAna,Li,x,ana.blank@example.pe,y\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^columns not used .*: \(columns with no name\)$/m);
});

test('JSON Lines whose first line is broken: the results file still has the input columns, from the first line that has keys', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'broken-first.jsonl');
  write(path, '{bad\n\n{"firstName":"Ana","lastName":"Li","email":"ana.bf@example.pe"}\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  const rows = readResults(`${path}.results.csv`);
  assert.deepEqual(rows.map((x) => [x.line, x.firstName, x.email, x.equals_status]), [['1', '', '', 'invalid'], ['3', 'Ana', 'ana.bf@example.pe', 'created']]);
});
