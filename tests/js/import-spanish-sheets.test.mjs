// `personkit import` with a sheet as it comes from Excel in Peru or Colombia:
// Spanish column names, `;` between cells, long numbers Excel turned into
// scientific notation, line endings mixed, UTF-16 ("Unicode text").
// Counted against personkit-mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { mock, tmp, useSuite, envFor, SETTINGS, runCli, countsOf } from './import-helpers.mjs';

useSuite();

const ALL = ['--to', 'verifik,equals,horus', ...SETTINGS];
/** Equals and Horus: the two that need no photo. */
const TWO = ['--to', 'equals,horus', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1'];

test('Spanish column names (with or without accents, any case) fill the person, and Femenino or Varón is the sex Verifik takes: nothing is dropped, every row is sent whole', async () => {
  const path = join(tmp.dir, 'personas.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;DNI;Fecha de nacimiento;Celular;Sexo;Nacionalidad;Foto',
    'Ana;Quispe;ana.es@example.pe;45879632;1990-12-04;+51987654321;Femenino;PE;photos/ana.jpg',
    '',
  ].join('\r\n'));
  const other = join(tmp.dir, 'otra.csv');
  writeFileSync(other, [
    'NOMBRE,apellido,Correo electrónico,Número de documento,Fecha nacimiento,Teléfono,Género,fotos',
    'Bob,Li,bob.es@example.pe,45879633,1991-01-01,+51911222333,Varón,photos/bob.png',
    '',
  ].join('\r\n'));
  for (const file of [path, other]) {
    const dry = await runCli([file, ...ALL, '--dry-run'], { env: envFor(mock.url) });
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.doesNotMatch(dry.stderr, /columns not used/);
    assert.match(dry.stdout, /1 row checked for verifik, equals, horus: 1 valid, 0 invalid/);
  }
  const r = await runCli([path, ...ALL], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 1, equals: 1, horus: 1, personasNotOne: 0 });
  // The phone and the identity number arrived: the columns were read, not dropped.
  assert.match(JSON.stringify(s.horus[0]), /45879632/);
  assert.match(JSON.stringify(s.equals[0]), /987654321/);
  // "Femenino" as the sheet wrote it, sent as the F Verifik takes.
  assert.equal(s.verifik[0].gender, 'F');
});

test('the results file is written with the input\'s delimiter: `;` for a `;` sheet (Excel in Spanish reads it so), `,` for JSON Lines', async () => {
  const path = join(tmp.dir, 'punto-y-coma.csv');
  writeFileSync(path, 'First Name;Last Name;Email;Notes\nAna;Quispe;ana.sc@example.pe;"uno, dos; tres"\n');
  const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const text = readFileSync(`${path}.results.csv`, 'utf8');
  assert.match(text, /^\uFEFFline;First Name;Last Name;Email;Notes;equals_status;equals_id;equals_code;equals_message\r\n/);
  const [row] = parse(text, { bom: true, columns: true, delimiter: ';' });
  assert.deepEqual([row.Email, row.Notes, row.equals_status], ['ana.sc@example.pe', 'uno, dos; tres', 'created']);

  const jsonl = join(tmp.dir, 'personas.jsonl');
  writeFileSync(jsonl, '{"firstName":"Bob","lastName":"Li","email":"bob.sc@example.pe"}\n');
  const j = await runCli([jsonl, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
  assert.equal(j.code, 0, j.stdout + j.stderr);
  assert.match(readFileSync(`${jsonl}.results.csv`, 'utf8'), /^\uFEFFline,firstName,lastName,email,equals_status,/);
});

test('an identity number Excel wrote in scientific notation (4.5879632E+07) refuses its row, saying how to fix the sheet; never sent', async () => {
  const path = join(tmp.dir, 'excel.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;DNI;Fecha de nacimiento',
    'Ana;Quispe;ana.e@example.pe;4.5879632E+07;1990-12-04',
    'Eva;Paz;eva.e@example.pe;4,5879633E+07;1990-12-05',
    'Bob;Li;bob.e@example.pe;45879634;1991-01-01',
    '',
  ].join('\n'));
  const dry = await runCli([path, ...TWO, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /^line 2, identityNumber: is written as a number in scientific notation .*format the column as Text/m);
  assert.match(dry.stdout, /^line 3, identityNumber: /m);
  assert.match(dry.stdout, /3 rows checked for equals, horus: 1 valid, 2 invalid/);
  assert.doesNotMatch(dry.stdout, /4[.,]587963[23]E/, 'the cell is not repeated');
  const r = await runCli([path, ...TWO], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 1, horus: 1, personasNotOne: 0 });
  assert.doesNotMatch(JSON.stringify(s.horus), /E\+07/);
});

test('line endings mixed in one file (CRLF, LF, CR) each end a row; a UTF-16 file with a BOM is read with its rows on their own lines', async () => {
  const rows = ['First Name,Last Name,Email', 'Ana,Quispe,not-an-email', 'Bob,Li,bob.eol@example.pe', 'Carl,Ruiz,also-not', 'Dan,Soto,dan.eol@example.pe'];
  const mixed = join(tmp.dir, 'mixed-eol.csv');
  writeFileSync(mixed, `${rows[0]}\r\n${rows[1]}\n${rows[2]}\r${rows[3]}\n${rows[4]}\r\n`);
  const utf16 = join(tmp.dir, 'utf16.csv');
  writeFileSync(utf16, Buffer.from(`\ufeff${rows.join('\r\n')}\r\n`, 'utf16le'));
  for (const path of [mixed, utf16]) {
    const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, -1).map((l) => l.replace(/: .*/, '')), ['line 2, email', 'line 4, email'], path);
    assert.equal(lines.at(-1), '4 rows checked for equals: 2 valid, 2 invalid; nothing was sent', path);
  }
});

// Excel's "Unicode text" (UTF-16 with its BOM, cells separated by tabs) is
// how an Excel without "CSV UTF-8" saves an ñ. Only `,` and `;` were read:
// the file the README named as read was refused, saying to save as CSV UTF-8.
test('Excel\'s "Unicode text" (UTF-16, tabs) and a UTF-8 file separated by tabs are read by their tabs: each person once, ñ intact; the results file is separated by tabs', async () => {
  const unicode = join(tmp.dir, 'personal.txt');
  writeFileSync(unicode, Buffer.from(`\ufeff${[
    'Nombres\tApellidos\tCorreo\tDNI\tNotas',
    'Ana\tÑañez Quispe\tana.tab@example.pe\t45879632\t"turno\tnoche"',
    '\t\t\t\t',
    'Bob\tLi\tbob.tab@example.pe\t45879633\t"sede\r\nLima"',
  ].join('\r\n')}\r\n`, 'utf16le'));
  const plain = join(tmp.dir, 'personal.tsv');
  writeFileSync(plain, 'First Name\tLast Name\tEmail\tDNI\nCarl\tRuiz\tcarl.tab@example.pe\t45879634\n');
  const args = ['--to', 'equals,horus', ...SETTINGS];
  for (const [file, n] of [[unicode, 2], [plain, 1]]) {
    const r = await runCli([file, ...args], { env: envFor(mock.url) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`equals: ${n} created`));
    // Named .txt: Excel opens a .txt of tabs in columns, and a .csv of tabs as one column.
    assert.match(r.stdout, new RegExp(`results: ${file.replace(/[.]/g, '[.]')}[.]results[.]txt\n`));
    assert.equal(existsSync(`${file}.results.csv`), false, file);
    const results = parse(readFileSync(`${file}.results.txt`), { bom: true, columns: true, delimiter: '\t' });
    assert.deepEqual(results.map((x) => x.equals_status), Array(n).fill('created'), file);
    const again = await runCli([file, ...args], { env: envFor(mock.url) });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`equals: 0 created, .*${n} done in an earlier run`));
  }
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 3, horus: 3, personasNotOne: 0 });
  assert.ok(JSON.stringify(s.horus).includes('Ñañez Quispe'), 'the ñ is sent as written');
  const notes = parse(readFileSync(`${unicode}.results.txt`), { bom: true, columns: true, delimiter: '\t' }).find((x) => x.line === '2').Notas;
  assert.equal(notes, 'turno\tnoche', 'a cell holding a tab is quoted in the results, not split');
  // An --out named by the user is kept as named.
  const named = join(tmp.dir, 'mine.csv');
  const r = await runCli([plain, ...args, '--out', named], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(named, 'utf8'), /^\uFEFFline\tFirst Name\t/);
});

test('DNIs one digit short (Excel dropped their leading zero) are sent as they are, and said once with their count and first line, never a value', async () => {
  const path = join(tmp.dir, 'dni.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;DNI;Nacionalidad',
    'Ana;Quispe;ana.short@example.pe;45879632;PE',
    'Bob;Li;bob.short@example.pe;3141592;',
    'Eva;Ríos;eva.short@example.pe;7777777;CO',
    'Luz;Paz;luz.short@example.pe;7654321;pe',
    '',
  ].join('\r\n'));
  const env = envFor(mock.url);
  const said = 'warning: 2 identity numbers have fewer than 8 digits, the first on line 3: a Peruvian DNI has 8, and Excel drops a number\'s leading zeros';
  const dry = await runCli([path, '--to', 'equals,horus', ...SETTINGS, '--dry-run'], { env });
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  assert.equal(dry.stderr.split(said).length, 2, dry.stderr); // once
  assert.match(dry.stderr, /the run would send those of valid rows to Horus as they are/);
  const run = await runCli([path, '--to', 'horus', ...SETTINGS], { env });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(run.stderr.split(said).length, 2, run.stderr);
  for (const v of ['3141592', '7654321', '7777777']) assert.doesNotMatch(dry.stderr + run.stderr + dry.stdout + run.stdout, new RegExp(v));
  // Not padded: what Horus holds is what the sheet says.
  const ids = (await mock.persons()).horus.map((p) => p.mainIdentifier).sort();
  assert.deepEqual(ids, ['3141592', '45879632', '7654321', '7777777']);
  // Without Horus the number goes nowhere: nothing to say.
  const verifikOnly = await runCli([path, '--to', 'equals', ...SETTINGS, '--dry-run'], { env });
  assert.doesNotMatch(verifikOnly.stderr, /fewer than 8 digits/);
});

test('a first line `sep=;` (as Excel writes it) names the separator and is skipped: rows keep their line numbers, each person once', async () => {
  const path = join(tmp.dir, 'sep.csv');
  // The separator named is `;` though the header has more `,`: the file's word wins over the guess.
  writeFileSync(path, `\ufeff${[
    'sep=;',
    'Nombres;Apellidos;Correo;DNI;Notas, comentarios, etc',
    'Ana;Quispe, Ñañez;ana.sep@example.pe;45879632;a, b, c',
    'Bob;Li;not-an-email;45879633;',
    'Eva;Ríos;eva.sep@example.pe;45879634;',
    '',
  ].join('\r\n')}`);
  const env = envFor(mock.url);
  const dry = await runCli([path, '--to', 'equals,horus', ...SETTINGS, '--dry-run'], { env });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /^line 4, email: /m);
  assert.match(dry.stdout, /3 rows checked for equals, horus: 2 valid, 1 invalid/);
  const run = await runCli([path, '--to', 'equals,horus', ...SETTINGS], { env });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const results = parse(readFileSync(`${path}.results.csv`), { bom: true, columns: true, delimiter: ';' });
  assert.deepEqual(results.map((r) => [r.line, r.Apellidos, r.equals_status]).sort(), [['3', 'Quispe, Ñañez', 'created'], ['4', 'Li', 'invalid'], ['5', 'Ríos', 'created']]);
  const s = await mock.persons();
  assert.deepEqual([s.equals.length, s.horus.length], [2, 2]);
  assert.ok(s.horus.some((p) => /^Quispe, Ñañez$/i.test(p.lastName)), 'the cell whole: its `,` is no separator');
  // The progress bar's total leaves the line out too.
  const { countRows } = await import('../../js/import/input.mjs');
  assert.equal(await countRows(path, 'csv'), 3);
});

test('a workbook not named .xlsx (.ods or an .xlsx renamed: a zip; .xls) given for the CSV: said to be a workbook, with how to save it as CSV UTF-8; exit 2, nothing sent', async () => {
  const env = envFor(mock.url);
  const zip = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.from([0x08, 0x00, 0xe1, 0xff, 0x9c, 0x00]), Buffer.from('[Content_Types].xml')]);
  const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0xfe, 0xff]);
  for (const [name, bytes, what] of [['personal.ods', zip, /is a spreadsheet workbook \(an \.xlsx file, or \.ods/], ['personal.csv', zip, /is a spreadsheet workbook/], ['viejo.xls', ole, /is an Excel 97–2003 workbook \(\.xls\)/]]) {
    const path = join(tmp.dir, name);
    writeFileSync(path, bytes);
    for (const extra of [[], ['--dry-run']]) {
      const r = await runCli([path, ...ALL, ...extra], { env });
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      assert.match(r.stderr, what, name);
      assert.match(r.stderr, /"CSV UTF-8 \(Comma delimited\) \(\*\.csv\)"/, name);
      assert.doesNotMatch(r.stderr, /not UTF-8/, name);
    }
  }
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
});

test('--date-format dd/mm/yyyy reads dates as Excel in Spanish saves them, sent as YYYY-MM-DD; without it they are refused, never guessed', async () => {
  const path = join(tmp.dir, 'fechas.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;DNI;Fecha de nacimiento',
    'Ana;Quispe;ana.fecha@example.pe;45879640;4/12/1990',
    'Bob;Li;bob.fecha@example.pe;45879641;31.01.1991',
    'Cy;Ro;cy.fecha@example.pe;45879642;1992-03-05',
    '',
  ].join('\r\n'));
  // 4/12/1990 is the 4th of December or the 12th of April: without the flag the row is refused.
  const guess = await runCli([path, ...TWO, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(guess.code, 1, guess.stdout + guess.stderr);
  assert.match(guess.stdout, /line 2, dateOfBirth: Enter the date of birth as YYYY-MM-DD/);
  assert.match(guess.stdout, /3 rows checked for equals, horus: 1 valid, 2 invalid/);
  // The other order makes 31.01.1991 a 31st month: refused by the rules, not sent as another date.
  const us = await runCli([path, ...TWO, '--dry-run', '--date-format', 'mm/dd/yyyy'], { env: envFor(mock.url) });
  assert.match(us.stdout, /line 3, dateOfBirth: The date of birth does not exist on the calendar/);
  assert.match(us.stdout, /2 valid, 1 invalid/);

  const r = await runCli([path, ...TWO, '--date-format', 'DD/MM/YYYY'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 3, horus: 3, personasNotOne: 0 });
  // Equals is the one of the two that takes a date of birth (README, the neutral person's table).
  assert.deepEqual(s.equals.map((p) => p.dob).sort(), ['1990-12-04', '1991-01-31', '1992-03-05']);
  // The results file keeps the cells as the sheet wrote them.
  assert.match(readFileSync(`${path}.results.csv`, 'utf8'), /;4\/12\/1990;/);

  const bad = await runCli([path, ...TWO, '--dry-run', '--date-format', 'd/m/y'], { env: envFor(mock.url) });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--date-format must be one of yyyy-mm-dd, dd\/mm\/yyyy, mm\/dd\/yyyy/);
});

test('a last name split in two columns (Apellido paterno / materno; Colombia\'s Primer / Segundo apellido, and nombre) is sent whole, first part first; a second part alone is not read', async () => {
  const peru = join(tmp.dir, 'peru.csv');
  // The columns out of order, and one row with no mother's surname: the field is what the row has.
  writeFileSync(peru, [
    'DNI;Nombres;Apellido Materno;Apellido Paterno;Correo',
    '45879650;Ana;Ñañez;Quispe;ana.split@example.pe',
    '45879651;Eva;;Paz;eva.split@example.pe',
    '',
  ].join('\r\n'));
  const colombia = join(tmp.dir, 'colombia.csv');
  writeFileSync(colombia, [
    'Primer nombre,Segundo nombre,Primer apellido,Segundo apellido,Correo electrónico,No. Cédula de Ciudadanía',
    'Juan,Carlos,Pérez,Gómez,juan.split@example.co,1020304050',
    '',
  ].join('\r\n'));
  for (const file of [peru, colombia]) {
    const r = await runCli([file, ...TWO], { env: envFor(mock.url) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stderr, /columns not used/);
  }
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 3, horus: 3, personasNotOne: 0 });
  const names = (list) => list.map((p) => `${p.firstName} / ${p.lastName}`).sort();
  const sent = ['Ana / Quispe Ñañez', 'Eva / Paz', 'Juan Carlos / Pérez Gómez'];
  assert.deepEqual(names(s.equals), sent);
  assert.deepEqual(names(s.horus), sent);
  // The Colombian sheet's "No. Cédula de Ciudadanía" is the identity number Horus is sent.
  assert.ok(s.horus.some((p) => JSON.stringify(p).includes('1020304050')));

  // Only the mother's surname: half a name is not sent as the whole one.
  const half = join(tmp.dir, 'materno.csv');
  writeFileSync(half, 'Nombres;Apellido materno;Correo\nLuz;Mamani;luz.split@example.pe\n');
  const dry = await runCli([half, ...TWO, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stderr, /columns not used .*: Apellido materno/);
  assert.match(dry.stderr, /"Apellido materno" is the second part of lastName, and no column holds its first part/);
  assert.match(dry.stdout, /line 2, lastName: /);
  // A whole last name and a part of it: which one is meant is the user's to say.
  const both = join(tmp.dir, 'ambos.csv');
  writeFileSync(both, 'Nombres;Apellidos;Apellido paterno;Correo\nLuz;Mamani Quispe;Mamani;luz.both@example.pe\n');
  const twice = await runCli([both, ...TWO, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /columns "Apellidos" and "Apellido paterno" both fill lastName/);
});

test('headers as forms abbreviate and annotate them (N° DNI, Fecha Nac., Sexo (M/F), Nro. celular) fill the person, a nationality written Peruana is PE; a "Tipo de documento" is not taken for the number, nor a "Teléfono (fijo)" for the mobile', async () => {
  const path = join(tmp.dir, 'abreviado.csv');
  writeFileSync(path, [
    'N° DNI;Tipo de documento;Nombres;Apellido Paterno;Apellido (materno);E-mail;Fecha de nacimiento (aaaa-mm-dd);Sexo (M/F);Nro. celular;Teléfono (fijo);Nacionalidad',
    '45879660;DNI;Rosa;Huamán;Ccori;rosa.abrev@example.pe;1988-07-21;F;+51987650001;014261234;Peruana',
    '',
  ].join('\r\n'));
  const r = await runCli([path, ...TWO], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  // A landline is not the mobile Equals takes: not read, rather than two columns filling phone.
  assert.match(r.stderr, /columns not used .*: Tipo de documento, Teléfono \(fijo\)\n/);
  const s = await mock.persons();
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 1, horus: 1, personasNotOne: 0 });
  const [e] = s.equals;
  // "Peruana" as the sheet wrote it, sent as the country code Equals takes.
  assert.deepEqual([e.lastName, e.personas[0].emailAddress, e.dob, e.nationality], ['Huamán Ccori', 'rosa.abrev@example.pe', '1988-07-21', 'PE']);
  assert.match(JSON.stringify(e), /987650001/);
  assert.match(JSON.stringify(s.horus[0]), /45879660/);
});

test('a date column whose header says its order, "Fecha de nacimiento (dd/mm/aaaa)", is read so without --date-format; a --date-format that says otherwise stops the run', async () => {
  const EQUALS = ['--to', 'equals', '--equals-account-id', 'F12345'];
  const path = join(tmp.dir, 'fecha-dicha.csv');
  writeFileSync(path, 'Nombres;Apellidos;Correo;Fecha de nacimiento (dd/mm/aaaa)\nAna;Quispe;ana.dicha@example.pe;4/12/1990\n');
  const other = await runCli([path, ...EQUALS, '--dry-run', '--date-format', 'mm/dd/yyyy'], { env: envFor(mock.url) });
  assert.equal(other.code, 2, other.stdout + other.stderr);
  assert.match(other.stderr, /the column "Fecha de nacimiento \(dd\/mm\/aaaa\)" says its dates are dd\/mm\/yyyy, and --date-format says mm\/dd\/yyyy/);
  const r = await runCli([path, ...EQUALS], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const s = await mock.persons();
  assert.deepEqual(s.equals.map((p) => p.dob), ['1990-12-04']);
});

test('a column headed "Sexo (H/M)", as forms in Spain write it, reads M as mujer (F) and H as hombre (M); without that header M stays M', async () => {
  const path = join(tmp.dir, 'espana.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;Sexo (H/M);Foto',
    'Lucía;García;lucia.hm@example.es;M;photos/ana.jpg',
    'Pablo;Ruiz;pablo.hm@example.es;H;photos/bob.png',
    '',
  ].join('\n'));
  const r = await runCli([path, '--to', 'verifik', '--verifik-collection', 'staff'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const s = await mock.persons();
  const sexOf = (name) => s.verifik.find((p) => p.name.startsWith(name))?.gender;
  assert.deepEqual([sexOf('Lucía'), sexOf('Pablo')], ['F', 'M']);
  const peru = join(tmp.dir, 'peru-sexo.csv');
  writeFileSync(peru, 'Nombres;Apellidos;Correo;Sexo;Foto\nMario;Quispe;mario.hm@example.pe;M;photos/bob.png\n');
  const p = await runCli([peru, '--to', 'verifik', '--verifik-collection', 'staff'], { env: envFor(mock.url) });
  assert.equal(p.code, 0, p.stdout + p.stderr);
  assert.equal((await mock.persons()).verifik.find((v) => v.name.startsWith('Mario'))?.gender, 'M');
});

test('dates of birth written 04/12/1990 with no order named, or as Excel\'s numbers (33211), are counted at the end with how to fix them, the first line and never a date', async () => {
  const path = join(tmp.dir, 'fechas.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;Fecha de nacimiento',
    'Ana;Quispe;ana.f@example.pe;1990-12-04',
    'Luz;Paz;luz.f@example.pe;04/12/1991',
    'Eva;Rojas;eva.f@example.pe;33211',
    'Rosa;Mamani;rosa.f@example.pe;05/03/1992',
    '',
  ].join('\n'));
  const dry = await runCli([path, ...TWO, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stderr, /^note: 2 dates of birth are written with the day and the month in an order the file does not name, the first on line 3: run again with --date-format dd\/mm\/yyyy/m);
  assert.match(dry.stderr, /^note: 1 date of birth is a number, the first on line 4, as Excel saves a date from a column formatted as Number or General/m);
  assert.doesNotMatch(dry.stderr, /1991|1992|33211/, 'never a date');
  // Named, the order is read: only the number is left to say, by the run too.
  const run = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345', '--date-format', 'dd/mm/yyyy'], { env: envFor(mock.url) });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.doesNotMatch(run.stderr, /an order the file does not name/);
  assert.match(run.stderr, /^note: 1 date of birth is a number, the first on line 4/m);
  assert.deepEqual((await mock.persons()).equals.map((p) => p.dob).sort(), ['1990-12-04', '1991-12-04', '1992-03-05']);
  // Horus alone takes no date of birth: nothing to say.
  const horus = await runCli([path, '--to', 'horus', '--horus-category-id', '1', '--horus-position-id', '1', '--dry-run'], { env: envFor(mock.url) });
  assert.doesNotMatch(horus.stderr, /date of birth/);
});

test('a "Sexo" column that names no letters and holds an H is read as Spain writes it, said on stderr; one holding H and F stops the run until its header says which', async () => {
  const path = join(tmp.dir, 'espana-sin-nota.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;Sexo;Foto',
    'Marta;Gil;marta.h@example.es;M;photos/ana.jpg',
    'Jorge;Sanz;jorge.h@example.es;H;photos/bob.png',
    '',
  ].join('\n'));
  const r = await runCli([path, '--to', 'verifik', '--verifik-collection', 'staff'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /"Sexo" holds H \(hombre\): its M is read as mujer, sent as F/);
  const s = await mock.persons();
  const sexOf = (name) => s.verifik.find((p) => p.name.startsWith(name))?.gender;
  assert.deepEqual([sexOf('Marta'), sexOf('Jorge')], ['F', 'M']);
  // H and F in one column: its M cannot be read either way. Nothing is sent, by the run or the dry run.
  const mixed = join(tmp.dir, 'mezcla.csv');
  writeFileSync(mixed, 'Nombres;Apellidos;Correo;Sexo;Foto\nAna;Paz;ana.mix@example.pe;F;photos/ana.jpg\nLuis;Paz;luis.mix@example.pe;M;photos/bob.png\nJuan;Paz;juan.mix@example.es;H;photos/bob.png\n');
  const before = (await mock.persons()).verifik.length;
  for (const extra of [[], ['--dry-run']]) {
    const m = await runCli([mixed, '--to', 'verifik', '--verifik-collection', 'staff', ...extra], { env: envFor(mock.url) });
    assert.equal(m.code, 2, m.stdout + m.stderr);
    assert.match(m.stderr, /the column "Sexo" holds H and F: is its M a man \(M\/F, as in Peru and Colombia\) or a woman \(H\/M, as in Spain\)\? Head it "Sexo \(M\/F\)" or "Sexo \(H\/M\)"/);
  }
  assert.equal((await mock.persons()).verifik.length, before, 'nothing sent');
  // Its header saying M/F settles it: the H row is refused by the rules, M is a man.
  writeFileSync(mixed, 'Nombres;Apellidos;Correo;Sexo (M/F);Foto\nAna;Paz;ana.mix@example.pe;F;photos/ana.jpg\nLuis;Paz;luis.mix@example.pe;M;photos/bob.png\nJuan;Paz;juan.mix@example.es;H;photos/bob.png\n');
  const mf = await runCli([mixed, '--to', 'verifik', '--verifik-collection', 'staff'], { env: envFor(mock.url) });
  assert.equal(mf.code, 1, mf.stdout + mf.stderr);
  const after = await mock.persons();
  assert.equal(after.verifik.find((p) => p.name.startsWith('Luis'))?.gender, 'M');
  assert.equal(after.verifik.filter((p) => p.name.startsWith('Juan')).length, 0, 'the H row is refused');
});

test('a Google Form\'s sheet in Spanish: "Dirección de correo electrónico" is the email; a photo given as a web address is said to be one, and not sent', async () => {
  const path = join(tmp.dir, 'formulario.csv');
  writeFileSync(path, [
    'Marca temporal,Dirección de correo electrónico,Nombres,Apellidos,Foto',
    '2026/12/01 10:00:00 a. m. GMT-5,ana.form@example.pe,Ana,Quispe,https://drive.google.com/open?id=1AbC',
    '',
  ].join('\n'));
  const dry = await runCli([path, '--to', 'verifik,equals', '--verifik-collection', 'staff', '--equals-account-id', 'F12345', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stderr, /columns not used \(.*\): Marca temporal\n/);
  assert.match(dry.stdout, /^line 2, photos\[0\]: a web address, not a file: https:\/\/drive\.google\.com\/open\?id=1AbC \(download the photos/m);
  assert.doesNotMatch(dry.stdout, /email/);
});

test('a whole name in one column written "Surnames, Given names" ("Apellidos y Nombres": QUISPE MAMANI, Juan Carlos) is split at its comma; without one comma its row is refused, named; under "Nombres y apellidos" never split', async () => {
  const path = join(tmp.dir, 'planilla.csv');
  writeFileSync(path, [
    'N°;Apellidos y Nombres;Correo',
    '1;QUISPE MAMANI, Juan Carlos;juan.planilla@example.pe',
    '2;Ana Quispe Ñañez;ana.completo@example.pe',
    '3;Paz, Rojas, Eva;eva.completo@example.pe',
    '4; Ñañez Rojas ,María  ;maria.planilla@example.pe',
    '',
  ].join('\n'));
  const equals = ['--to', 'equals', '--equals-account-id', 'F12345'];
  const dry = await runCli([path, ...equals, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stderr, /"Apellidos y Nombres" holds the whole name: it is read as "Surnames, Given names", split at its comma/);
  for (const line of [3, 4]) assert.match(dry.stdout, new RegExp(`^line ${line}, firstName: the whole name in "Apellidos y Nombres" is not written "Surnames, Given names" with one comma`, 'm'));
  assert.doesNotMatch(dry.stdout, /^line [25],/m);
  assert.doesNotMatch(dry.stdout, /Ñañez|Rojas|Eva/, 'never the name');
  const run = await runCli([path, ...equals], { env: envFor(mock.url) });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.deepEqual((await mock.persons()).equals.map((p) => [p.firstName, p.lastName]).sort(), [['Juan Carlos', 'QUISPE MAMANI'], ['María', 'Ñañez Rojas']]);
  // Given names first in the header: a comma there might not mean "Surnames, Given names". Not read, said.
  const given = join(tmp.dir, 'completo.csv');
  writeFileSync(given, 'Nombres y apellidos;Correo\nQuispe, Ana;ana.nya@example.pe\n');
  const g = await runCli([given, ...equals, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(g.code, 1, g.stdout + g.stderr);
  assert.match(g.stderr, /"Nombres y apellidos" holds the whole name, which the importer does not split/);
  assert.match(g.stdout, /^line 2, firstName: /m);
});

test('--phone-country PE puts +51 in front of the numbers shaped as Peruvian mobiles only: a landline and a Colombian mobile are sent as typed, counted; another country is a usage error', async () => {
  const path = join(tmp.dir, 'celulares-pe.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;Celular',
    'Ana;Quispe;ana.pc@example.pe;987 654 321',
    'Eva;Paz;eva.pc@example.pe;01 4567890',
    'Bob;Li;bob.pc@example.co;3001234567',
    'Luz;Mamani;luz.pc@example.pe;+51 987654323',
    '',
  ].join('\n'));
  const EQUALS = ['--to', 'equals', '--equals-account-id', 'F12345'];
  const r = await runCli([path, ...EQUALS, '--phone-country', 'pe'], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /^note: 2 phone numbers have no country code and are not a Peruvian mobile \(9 digits, the first a 9\), the first on line 3: those of valid rows were sent to Equals as they are\b.*\. --phone-country put \+51 in front of the others only/m);
  assert.deepEqual((await mock.persons()).equals.map((p) => p.primaryMobileNumber).sort(), ['+51 987654323', '+51987654321', '01 4567890', '3001234567']);
  // A row added at the top, then run again: the rows below it moved down, each found as sent with its
  // phone completed the same way in the whole-file read, so the new row is not taken for an edit (ROW_EDITED).
  const [head, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  writeFileSync(path, `${[head, 'Rosa;Paz;rosa.pc@example.pe;912 345 678', ...rows].join('\n')}\n`);
  const added = await runCli([path, ...EQUALS, '--phone-country', 'PE'], { env: envFor(mock.url) });
  assert.equal(added.code, 0, added.stdout + added.stderr);
  assert.doesNotMatch(added.stderr, /ROW_EDITED/);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 5, horus: 0, personasNotOne: 0 });
  const bad = await runCli([path, ...EQUALS, '--phone-country', 'AR', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(bad.code, 2, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /--phone-country must be PE or CO/);
});

test('mobile numbers without a country code are counted once at the end, with the first line and never a number, and sent to Equals as typed (nothing added)', async () => {
  const path = join(tmp.dir, 'celulares.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;Celular',
    'Ana;Quispe;ana.cel@example.pe;+51 987 654 321',
    'Eva;Paz;eva.cel@example.pe;987654322',
    'Luz;Mamani;luz.cel@example.pe;(0051) 987654323',
    'Bob;Li;bob.cel@example.co;3001234567',
    '',
  ].join('\n'));
  const EQUALS = ['--to', 'equals', '--equals-account-id', 'F12345'];
  const dry = await runCli([path, ...EQUALS, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  assert.match(dry.stderr, /^note: 2 phone numbers have no country code, the first on line 3: the run would send those of valid rows to Equals as they are\. For a Peruvian mobile put \+51 in front, for a Colombian one \+57/m);
  assert.doesNotMatch(dry.stderr, /987654322|3001234567/, 'never a number');
  const r = await runCli([path, ...EQUALS], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /^note: 2 phone numbers have no country code, the first on line 3: those of valid rows were sent to Equals as they are/m);
  const s = await mock.persons();
  assert.deepEqual(s.equals.map((p) => p.primaryMobileNumber).sort(), ['(0051) 987654323', '+51 987 654 321', '3001234567', '987654322']);
  // Without Equals the phone goes nowhere, and nothing is said.
  const horus = await runCli([path, '--to', 'horus', '--horus-category-id', '1', '--horus-position-id', '1', '--dry-run'], { env: envFor(mock.url) });
  assert.doesNotMatch(horus.stderr, /phone/);
});
