// `personkit import` as a user runs it, against personkit-mock: what it says
// of its input — the dry-run report, JSON Lines, sheets as Excel and editors
// save them (Windows-1252, stray and open quotes, CRLF in cells, blank and
// nameless columns, 8 MiB rows), Spanish, usage errors — and that a row's
// problems never send it changed. Whole runs and their interruptions:
// import-cli.test.mjs (a file of its own, so the two run side by side).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mock, tmp, useSuite, envFor, SETTINGS, makeCsv, runCli, journal, countsOf, readResults } from './import-helpers.mjs';

useSuite();

const ALL = ['--to', 'verifik,equals,horus', ...SETTINGS];

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
  assert.match(readFileSync(`${path}.results.csv`, 'utf8'), /CSV UTF-8.*--encoding windows-1252/);
  // Named with --encoding, it is read as written: the rerun sends Begoña as she is, and Ana, done, not again.
  const again = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--encoding', 'windows-1252'], { env: envFor(mock.url) });
  assert.equal(again.code, 0, again.stdout + again.stderr);
  const after = await mock.persons();
  assert.deepEqual(after.equals.map((p) => `${p.firstName} ${p.lastName}`).sort(), ['Ana Quispe', 'Begoña Ñañez']);
  assert.equal(after.personasNotOne ?? 0, 0);
});

test('--encoding given for a file that is UTF-8 is refused, never read as "Ã±": its header stops the run (exit 2), a row is refused; a BOM, JSON Lines and an unknown encoding are refused too', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const equals = ['--to', 'equals', '--equals-account-id', 'F12345'];
  const header = join(tmp.dir, 'utf8-header.csv');
  write(header, 'Nombre,Apellido,Correo,Teléfono\nAna,Quispe,ana.u8@example.pe,+51987654321\n');
  const h = await runCli([header, ...equals, '--encoding', 'cp1252'], { env: envFor(mock.url) });
  assert.equal(h.code, 2, h.stdout + h.stderr);
  assert.match(h.stderr, /its first line is UTF-8 text, which --encoding windows-1252 reads wrong \(Ã± for ñ\): run without --encoding/);
  const row = join(tmp.dir, 'utf8-row.csv');
  write(row, 'First Name,Last Name,Email\nBegoña,Ñañez,bego.u8@example.pe\nLuis,Paz,luis.u8@example.pe\n');
  const r = await runCli([row, ...equals, '--encoding', 'windows-1252'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(readFileSync(`${row}.results.csv`, 'utf8'), /line is UTF-8 text, which --encoding windows-1252 reads wrong/);
  assert.deepEqual((await mock.persons()).equals.map((p) => p.firstName), ['Luis']);
  const bom = join(tmp.dir, 'bom.csv');
  write(bom, '\uFEFFFirst Name,Last Name,Email\nAna,Paz,ana.bom@example.pe\n');
  const b = await runCli([bom, ...equals, '--encoding', 'windows-1252'], { env: envFor(mock.url) });
  assert.equal(b.code, 2, b.stdout + b.stderr);
  assert.match(b.stderr, /the file says it is UTF-8 text \(it starts with a byte order mark\): run without --encoding/);
  const jsonl = join(tmp.dir, 'people.jsonl');
  write(jsonl, '{"firstName":"Ana","lastName":"Paz","email":"ana.jl@example.pe"}\n');
  const j = await runCli([jsonl, ...equals, '--encoding', 'windows-1252'], { env: envFor(mock.url) });
  assert.equal(j.code, 2, j.stdout + j.stderr);
  assert.match(j.stderr, /--encoding is for CSV files: JSON Lines are UTF-8/);
  const u = await runCli([row, ...equals, '--encoding', 'utf-16le', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(u.code, 2, u.stdout + u.stderr);
  assert.match(u.stderr, /--encoding must be utf-8 \(the default\), windows-1252, iso-8859-15, macintosh/);
  assert.equal((await mock.persons()).equals.length, 1, 'only Luis was sent');
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

test('--locale es: the dry run\'s problems and the settings\' in Spanish; another language is a usage error; without it, the machine\'s language', async () => {
  const csv = makeCsv(tmp.dir, { rows: 10, invalidEvery: 10, delimiter: ',' });
  const env = envFor(mock.url);
  const es = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run', '--locale', 'es'], { env });
  assert.equal(es.code, 1, es.stderr);
  assert.match(es.stdout, /^fila 11, email: Escribe un correo como nombre@ejemplo\.com \(equals\)$/m);
  const role = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--equals-role', 'Jefe', '--locale', 'es'], { env });
  assert.equal(role.code, 2);
  assert.match(role.stderr, /equals: roleName: Elige el rol de Equals entre las opciones/);
  const fr = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--locale', 'fr'], { env });
  assert.equal(fr.code, 2);
  assert.match(fr.stderr, /--locale must be es or en/);
  // Without --locale, the machine's language: Spanish on a machine set to it (LC_ALL, LANG), else English.
  const peru = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env, lang: 'es_PE.UTF-8' });
  assert.match(peru.stdout, /^fila 11, email: Escribe un correo como nombre@ejemplo\.com \(equals\)$/m);
  const { LC_ALL, ...withoutAll } = env;
  const lang = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run', '--locale', 'en'], { env: { ...withoutAll, LANG: 'es_CO.UTF-8' }, lang: '' });
  assert.match(lang.stdout, /^line 11, email: Enter an email/m, '--locale en wins over the machine');
  const colombia = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: { ...withoutAll, LANG: 'es_CO.UTF-8' }, lang: '' });
  assert.match(colombia.stdout, /^fila 11, email: Escribe un correo/m, 'LANG when LC_ALL is empty');
  const posix = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env });
  assert.match(posix.stdout, /^line 11, email: Enter an email/m);
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

test('a line\'s own problem is its row code in the results file (INVALID_CSV, not VALIDATION_FAILED)', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const path = join(tmp.dir, 'codes.csv');
  write(path, 'First Name,Last Name,Email\nAna,Quispe,not-an-email\nLuis,"Ro"jas,luis.codes@example.pe\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stderr);
  const rows = readResults(`${path}.results.csv`);
  assert.deepEqual(rows.map((x) => [x.line, x.equals_status, x.equals_code]), [['2', 'invalid', 'VALIDATION_FAILED'], ['3', 'invalid', 'INVALID_CSV']]);
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

test('a photo named with Windows\' "\\" (a sheet made on Windows) that is not found says it looks like a Windows path; never sent', async () => {
  const path = join(tmp.dir, 'win.csv');
  writeFileSync(path, [
    'First Name;Last Name;Email;Date of birth;DNI;Photo',
    'Ana;Quispe;ana.win@example.pe;1990-12-04;45879632;photos\\ana.jpg',
    'Bob;Li;bob.win@example.pe;1991-01-01;45879633;C:\\Users\\rrhh\\fotos\\bob.png',
    'Eva;Ríos;eva.win@example.pe;1992-02-02;45879634;photos/missing.jpg',
    '',
  ].join('\r\n'));
  const env = envFor(mock.url);
  const dry = await runCli([path, ...ALL, '--dry-run'], { env });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /^line 2, photos\[0\]: no such file: photos\\ana\.jpg \(it looks like a Windows path: here folders are separated by "\/", as in photos\/ana\.jpg\)$/m);
  assert.match(dry.stdout, /^line 3, photos\[0\]: no such file: C:\\Users\\rrhh\\fotos\\bob\.png \(a path on a Windows drive: /m);
  assert.match(dry.stdout, /^line 4, photos\[0\]: no such file: photos\/missing\.jpg$/m);
  const run = await runCli([path, ...ALL], { env });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /3 photos not found/);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
});
