// `personkit import` with an Excel workbook (.xlsx) as Excel saves it, read
// through the optional read-excel-file: dates stored as dates, DNIs and
// phones stored as numbers, lines numbered as the sheet's rows. Counted
// against personkit-mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import writeXlsxFile from 'write-excel-file/node';
import { mock, tmp, useSuite, envFor, runCli, countsOf } from './import-helpers.mjs';

useSuite();

const TWO = ['--to', 'equals,horus', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1'];
const text = (value) => ({ value });
const number = (value) => ({ value, type: Number });
const date = (y, m, d) => ({ value: new Date(Date.UTC(y, m - 1, d)), type: Date, format: 'dd/mm/yyyy' });

/** A workbook of one sheet, as Excel would hold it. */
async function workbook(name, rows) {
  const path = join(tmp.dir, name);
  await (await writeXlsxFile(rows)).toFile(path);
  return path;
}

test('a .xlsx from Excel is read directly: a date cell is its day, a DNI and a phone stored as numbers keep their digits, lines are the sheet\'s rows; a rerun sends nothing again', async () => {
  const path = await workbook('planilla.xlsx', [
    ['Apellidos y Nombres', 'DNI', 'Fecha de nacimiento', 'Sexo', 'Celular', 'Correo'].map(text),
    [text('QUISPE MAMANI, Juan Carlos'), number(45879632), date(1990, 12, 4), text('M'), number(987654321), text('juan.xlsx@example.pe')],
    [null, null, null, null, null, null],
    [text('ÑAÑEZ ROJAS, María'), text('01234567'), date(1988, 3, 15), text('F'), text('+51 987 654 322'), text('maria.xlsx@example.pe')],
    [text('PAZ, Eva'), number(40000003), date(1992, 1, 31), text('F'), number(987654323), text('eva no es un correo')],
  ]);
  const dry = await runCli([path, ...TWO, '--phone-country', 'PE', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /^line 5, email: /m);
  assert.doesNotMatch(dry.stdout, /^line [1-4][,:]/m);
  assert.doesNotMatch(dry.stderr, /date of birth|not UTF-8/, 'dates need no --date-format, and the text is Unicode');

  const run = await runCli([path, ...TWO, '--phone-country', 'PE'], { env: envFor(mock.url) });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const s = await mock.persons();
  const equals = s.equals.map((p) => [p.firstName, p.lastName, p.dob, p.primaryMobileNumber]).sort();
  assert.deepEqual(equals, [
    ['Juan Carlos', 'QUISPE MAMANI', '1990-12-04', '+51987654321'],
    ['María', 'ÑAÑEZ ROJAS', '1988-03-15', '+51 987 654 322'],
  ]);
  const horus = JSON.stringify(s.horus);
  assert.match(horus, /"45879632"/);
  assert.match(horus, /"01234567"/);
  assert.ok(existsSync(join(tmp.dir, 'planilla.xlsx.results.csv')), 'the results beside it, as CSV');

  const again = await runCli([path, ...TWO, '--phone-country', 'PE'], { env: envFor(mock.url) });
  assert.equal(again.code, 1, again.stdout + again.stderr);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 2, horus: 2, personasNotOne: 0 });
});

test('a .xlsx that is not a workbook, or larger than 20 MB, stops the run (exit 2) before anything is sent; --encoding is refused for one', async () => {
  const path = join(tmp.dir, 'roto.xlsx');
  writeFileSync(path, 'Nombres,Correo\nAna,ana@example.pe\n');
  const r = await runCli([path, ...TWO], { env: envFor(mock.url) });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /roto\.xlsx: not a workbook Excel can open/);
  // Past 20 MB a workbook is not parsed whole (memory): said before a byte of it is read, with the way to a CSV.
  const huge = join(tmp.dir, 'enorme.xlsx');
  writeFileSync(huge, Buffer.alloc(21 * 1024 * 1024));
  const h = await runCli([huge, ...TWO, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(h.code, 2, h.stdout + h.stderr);
  assert.match(h.stderr, /enorme\.xlsx is larger than 20 MB, too large to read whole as a workbook: save it from Excel as "CSV UTF-8/);
  const ok = await workbook('bien.xlsx', [['Nombres', 'Correo'].map(text), [text('Ana'), text('ana@example.pe')]]);
  const e = await runCli([ok, ...TWO, '--encoding', 'windows-1252', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(e.code, 2, e.stdout + e.stderr);
  assert.match(e.stderr, /--encoding is for CSV files/);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
});

test('a workbook whose first sheet is not the people (instructions first): the run stops naming --sheet; --sheet by name or number reads the other; a sheet it lacks is refused naming those it has', async () => {
  const path = join(tmp.dir, 'libro.xlsx');
  const people = [['Nombres', 'Apellidos', 'Correo'].map(text), [text('Ana'), text('Quispe'), text('ana.hoja@example.pe')]];
  await (await writeXlsxFile([
    { sheet: 'Instrucciones', data: [[text('Llene una fila por persona')]] },
    { sheet: 'Datos', data: people },
  ])).toFile(path);
  const equals = ['--to', 'equals', '--equals-account-id', 'F12345'];
  const first = await runCli([path, ...equals, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(first.code, 2, first.stdout + first.stderr);
  assert.match(first.stderr, /no column of its first line is one the importer knows .*\(the sheet read: the first; name another with --sheet\)/);
  for (const sheet of ['Datos', '2']) {
    const r = await runCli([path, ...equals, '--sheet', sheet, '--dry-run'], { env: envFor(mock.url) });
    assert.equal(r.code, 0, `${sheet}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /1 row checked for equals: 1 valid/);
  }
  const none = await runCli([path, ...equals, '--sheet', 'Hoja1', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(none.code, 2, none.stdout + none.stderr);
  assert.match(none.stderr, /libro\.xlsx has no sheet "Hoja1": its sheets are "Instrucciones", "Datos"/);
  const run = await runCli([path, ...equals, '--sheet', 'Datos'], { env: envFor(mock.url) });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.deepEqual((await mock.persons()).equals.map((p) => p.firstName), ['Ana']);
  const csv = join(tmp.dir, 'p.csv');
  writeFileSync(csv, 'Nombres,Correo\nAna,a@example.pe\n');
  const wrong = await runCli([csv, ...equals, '--sheet', 'Datos', '--dry-run'], { env: envFor(mock.url) });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--sheet is for \.xlsx files/);
});

test('a title above the header (an exported sheet\'s "PLANILLA DE PERSONAL"), in a workbook or a CSV: the run stops (exit 2) saying which line looks like the header, nothing sent', async () => {
  const book = await workbook('titulo.xlsx', [
    [text('PLANILLA DE PERSONAL 2026'), null, null],
    [null, null, null],
    ['Nombres', 'Apellidos', 'Correo'].map(text),
    [text('Ana'), text('Quispe'), text('ana.titulo@example.pe')],
  ]);
  const csv = join(tmp.dir, 'titulo.csv');
  writeFileSync(csv, 'PLANILLA DE PERSONAL 2026;;\n;;\nNombres;Apellidos;Correo\nAna;Quispe;ana.titulo@example.pe\n');
  for (const path of [book, csv]) {
    const r = await runCli([path, '--to', 'equals', '--equals-account-id', 'F12345'], { env: envFor(mock.url) });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /no column of its first line is one the importer knows .*: line 3 looks like the header: delete the lines above it \(a title\?\) and run again/);
  }
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
});

test('a DNI stored as a number in a format of zeros (00000000) is sent as Excel shows it, its leading zero kept, on the sheet --sheet names; other numbers as stored', async () => {
  const path = join(tmp.dir, 'ceros.xlsx');
  const dni = (value) => ({ value, type: Number, format: '00000000' });
  await (await writeXlsxFile([
    { sheet: 'Instrucciones', data: [[text('Llene una fila por persona')], [dni(7)]] },
    { sheet: 'Datos', data: [
      ['Nombres', 'Apellidos', 'DNI', 'Correo'].map(text),
      [text('Ana'), text('Quispe'), dni(1234567), text('ana.ceros@example.pe')],
      [text('Eva'), text('Paz'), text('01234568'), text('eva.ceros@example.pe')],
      [text('Luz'), text('Rojas'), number(45879632), text('luz.ceros@example.pe')],
      [text('Sol'), text('Vega'), dni(123456789), text('sol.ceros@example.pe')],
    ] },
  ])).toFile(path);
  const horus = ['--to', 'horus', '--horus-category-id', '1', '--horus-position-id', '1', '--sheet', 'Datos'];
  const r = await runCli([path, ...horus], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const ids = (await mock.persons()).horus.map((p) => p.mainIdentifier).sort();
  // 123456789 has more digits than its format's eight: Excel shows it whole, and so it is sent.
  assert.deepEqual(ids, ['01234567', '01234568', '123456789', '45879632']);
});

test('a workbook that unzips to more than 200 MB (a "zip bomb") stops the run (exit 2) before it is parsed, nothing sent', async () => {
  // fflate as read-excel-file has it: the same zip library the importer reads the sizes with.
  const { zipSync } = createRequire(import.meta.resolve('read-excel-file/node'))('fflate');
  const path = join(tmp.dir, 'bomba.xlsx');
  const spaces = new Uint8Array(201 * 1024 * 1024).fill(0x20);
  writeFileSync(path, zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/worksheets/sheet1.xml': spaces }, { level: 1 }));
  const r = await runCli([path, ...TWO, '--dry-run'], { env: envFor(mock.url) });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /bomba\.xlsx unzips to more than 200 MB, too large to read whole as a workbook: save it from Excel as "CSV UTF-8/);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
});
