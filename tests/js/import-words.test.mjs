// The importer's own words in the run's language (words-en.mjs,
// words-es.mjs): the two catalogues say the same things, and a run with
// --locale es prints, and writes in its results file, no English sentence
// of its own. Counted against personkit-mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enrolMany } from 'personkit';
import { EN } from '../../js/import/words-en.mjs';
import { ES } from '../../js/import/words-es.mjs';
import { mock, tmp, useSuite, envFor, runCli, countsOf, readResults } from './import-helpers.mjs';

useSuite();

/** Every entry as [path, value], nested groups (`counts`, `then`) flattened. */
const entries = (o, at = '') => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? entries(v, `${at}${k}.`) : [[`${at}${k}`, v]]));

/** A value for each parameter name the catalogues use. */
const SAMPLE = {
  n: 2, line: 7, first: 3, from: 4, to: 6, rows: 5, valid: 3, invalid: 2, persons: 1, seconds: '1.5', stopped: true,
  p: 'equals', code: 'UNAUTHORIZED', signal: 'SIGINT', status: 'failed', kind: 'email', same: 'X', why: 'Y',
  providers: ['equals', 'horus'], keys: ['Notas'], columns: ['Notas', ''], column: 'Nombre completo', target: 'lastName',
  path: 'fotos/ana.jpg', encoding: 'windows-1252', key: 'dni', results: 'r.csv', journal: 'j.jsonl',
  duplicates: '', then: 'T', country: { code: '+51', what: 'W' }, text: 'W', dir: '/datos/fotos', given: true,
  done: 3, failed: 1, rate: '2.5', eta: '4s', paused: '10s', verb: 'read', pid: 42, name: 'concurrency', min: 1, max: 9, what: '--map', missing: true, message: 'M', near: 'map', known: ['map'], formats: ['yyyy-mm-dd'], written: 'ddmmyy', countries: ['PE', 'CO'], a: '--out', b: '--journal', lock: 'j.lock', midRun: true, format: 'xls', size: '20 MB', unzipped: true, wanted: 2, sheets: ['"Hoja1"'], bom: 'UTF-16', pretty: true, names: ['equals.accountId'], below: 3, sheet: null, named: 'dd/mm/yyyy', flag: 'yyyy-mm-dd',
};

/** Calls a catalogue's function with the samples its parameter names ask for (a destructured one gets an object). */
function say(fn) {
  if (typeof fn === 'string') return fn;
  const params = String(fn).match(/^\(([^)]*)\)|^(\w+)/);
  const names = (params[1] ?? params[2]).split(',').map((s) => s.trim()).filter(Boolean);
  if (names[0]?.startsWith('{')) return fn({ name: 'Equals', made: 'made', id: 'p1', line: 4 });
  return fn(...names.map((name) => {
    assert.ok(name in SAMPLE, `a sample for the parameter ${name}`);
    return SAMPLE[name];
  }));
}

/** English left in a Spanish text: placeholders, flags, package names, codes, file names and quoted examples aside. */
const ENGLISH = /\b(the|and|not|row|rows|line|sent|run|was|were|file|with|again|already|created|failed|unknown)\b/i;
const withoutNames = (text) => text.replace(/\{\w+\}|--[\w-]+|\b\w+(?:-\w+)+\b|\b[A-Z][A-Z0-9_]{2,}\b|"[^"]*"|\S+\.(csv|jsonl|jpg)\b/g, '');

test('the two catalogues have the same entries, each a text in its language, and the Spanish one no English', () => {
  const en = new Map(entries(EN));
  const es = new Map(entries(ES));
  assert.deepEqual([...es.keys()].sort(), [...en.keys()].sort());
  for (const [key, fn] of es) {
    assert.equal(typeof fn, typeof en.get(key), key);
    const [said, english] = [say(fn), say(en.get(key))];
    assert.ok(typeof said === 'string' && said.length > 0, key);
    assert.notEqual(said, english, `${key} is translated`);
    assert.doesNotMatch(withoutNames(said), ENGLISH, `${key}: ${said}`);
  }
});

test('--locale es: the dry run, the run, its summary, its notes and its results file are in Spanish; the counts are what the run did', async () => {
  const path = join(tmp.dir, 'planilla.csv');
  writeFileSync(path, [
    'Nombres;Apellidos;Correo;DNI;Fecha de nacimiento;Celular;Observaciones',
    'Ana;Quispe;ana.w@example.pe;1234567;04/12/1990;987654321;nueva', // dd/mm not named, short DNI, local phone
    'Ana;Quispe;ana.w@example.pe;1234567;04/12/1990;987654321;nueva', // the same row
    'Luis;Rojas;luis.w@example.pe;45879633;1991-01-01;+51911222333;',
    'Luisa;Rojas;luis.w@example.pe;45879634;1991-01-01;+51911222334;', // Luis's email: his Equals person
    'Rosa;Díaz;no-es-correo;45879635;1992-02-02;+51911222335;',
    'Eva;Paz;eva.w@example.pe;45879636;1993-03-03;+51911222336;x;extra', // a cell past the header
    '',
  ].join('\n'));
  const args = [path, '--to', 'equals,horus', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1', '--locale', 'es'];
  const env = envFor(mock.url);

  // --help and a usage error: by --locale as written, else the machine's language.
  const help = await runCli(['--help', '--locale', 'es'], { env });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^uso: personkit import <archivo\.csv\|archivo\.xlsx\|archivo\.jsonl> --to verifik,equals,horus \[opciones\]$/m);
  assert.match((await runCli(['--help'], { env, lang: 'es_PE.UTF-8' })).stdout, /^  --dry-run +revisa cada fila para cada sistema; no envía nada$/m);
  assert.match((await runCli(['--help'], { env })).stdout, /^usage: personkit import /m);
  const unknown = await runCli([path, '--to', 'equifax', '--locale', 'es'], { env });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^personkit import: --to: sistema desconocido "equifax" \(verifik, equals, horus\)\n\nuso: /);

  // Settings missing stop the run before its first row, in Spanish too.
  const unset = await runCli([path, '--to', 'equals', '--locale', 'es', '--dry-run'], { env });
  assert.equal(unset.code, 2);
  assert.match(unset.stderr, /^personkit import: indica equals\.accountId \(con flags, --config o variables de entorno\): los decide quien importa, nunca el archivo$/m);

  // So does a workbook saved under a .csv name.
  const book = join(tmp.dir, 'libro.csv');
  writeFileSync(book, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
  const zipped = await runCli([book, '--to', 'equals', '--equals-account-id', 'F12345', '--locale', 'es', '--dry-run'], { env });
  assert.equal(zipped.code, 2);
  assert.match(zipped.stderr, /libro\.csv es un libro de hoja de cálculo .*: en Excel, Archivo › Guardar como/);

  // And a journal another run holds (this test's own process: alive).
  writeFileSync(`${path}.journal.jsonl.lock`, `${process.pid}\n`);
  const held = await runCli(args, { env });
  assert.equal(held.code, 2);
  assert.match(held.stderr, /^personkit import: otra importación está usando el registro .*planilla\.csv\.journal\.jsonl \(proceso \d+\); espera a que termine$/m);
  rmSync(`${path}.journal.jsonl.lock`);

  const dry = await runCli([...args, '--dry-run'], { env });
  assert.equal(dry.code, 1, dry.stderr);
  assert.match(dry.stdout, /^fila 3: no se enviaría \(DUPLICATE_ROW\): la misma fila que la 2$/m);
  assert.match(dry.stdout, /^fila 5: no se enviaría a Equals \(DUPLICATE_PERSON\): la misma persona de Equals que la fila 4 \(el mismo correo en la cuenta\)$/m);
  assert.match(dry.stdout, /^fila 7, line: 1 celda más que las columnas del encabezado$/m);
  assert.match(dry.stdout, /^6 filas revisadas para Equals, Horus: 3 correctas, 3 con errores; 1 fila repetida y 1 persona repetida no se enviarían; no se envió nada$/m);
  assert.match(dry.stderr, /^columnas sin usar \(asígnalas con --map, o a null para no ver este aviso\): Observaciones$/m);
  assert.match(dry.stderr, /^aviso: 2 números de documento tienen menos de 8 dígitos, el primero en la fila 2:/m);
  assert.match(dry.stderr, /^nota: 2 números de teléfono no tienen código de país, el primero en la fila 2: la importación enviaría/m);
  assert.match(dry.stderr, /^nota: 2 fechas de nacimiento están escritas con el día y el mes en un orden que el archivo no dice/m);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });

  const run = await runCli(args, { env });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^6 filas en \d+,\d s$/m);
  assert.match(run.stdout, /^equals: 1 creada, 0 ya estaban, 3 con errores, 0 fallidas, 0 sin confirmar, 1 fila repetida, 1 persona repetida \(el correo o número de documento de otra fila\)$/m);
  assert.match(run.stdout, /^horus: 1 creada, 1 ya estaba, 3 con errores, 0 fallidas, 0 sin confirmar, 1 fila repetida$/m);
  assert.match(run.stdout, /^resultados: .*planilla\.csv\.results\.csv\nregistro: .*planilla\.csv\.journal\.jsonl$/m);
  // One person per system: the repeated row was sent once, Luisa (Luis's email) made no second Equals
  // person, and Horus, which keys its people by email too, answered her "already there".
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 1, horus: 1, personasNotOne: 0 });
  const byLine = new Map(readResults(`${path}.results.csv`).map((r) => [r.line, r]));
  assert.equal(byLine.get('3').equals_message, 'la misma fila que la 2: se envió una sola vez');
  assert.equal(byLine.get('5').equals_message, 'la misma persona de Equals que la fila 4 (el mismo correo en la cuenta): se envió una sola vez');
  assert.equal(byLine.get('2').horus_message, 'no se envió: la fila tiene errores para Equals');

  // Again with the same journal: every row done is said so, nothing is sent.
  const again = await runCli(args, { env });
  assert.match(again.stdout, /^equals: 0 creadas, 0 ya estaban, 3 con errores, 0 fallidas, 0 sin confirmar, 1 fila repetida, 1 persona repetida .*, 1 hecha en una importación anterior$/m);
  assert.equal(new Map(readResults(`${path}.results.csv`).map((r) => [r.line, r])).get('4').equals_message, 'hecho en una importación anterior');
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 1, horus: 1, personasNotOne: 0 });

  // Nothing of the importer's own stays English (the validators' texts are checked in their own tests).
  for (const text of [help.stdout, unknown.stderr, unset.stderr, zipped.stderr, held.stderr, dry.stdout, dry.stderr, run.stdout, run.stderr, again.stdout, again.stderr]) {
    for (const line of text.split('\n').filter(Boolean)) assert.doesNotMatch(withoutNames(line.replace(/^fila \d+, \w+:/, '')), ENGLISH, line);
  }
});

test('enrolMany with locale es: a row outcome\'s message the run makes is in Spanish', async () => {
  const rows = [];
  const person = { firstName: 'Ana', lastName: 'Quispe', email: 'ana.many@example.pe' };
  await enrolMany([person, person], {
    providers: { equals: { apiKey: 'equals-test-key', baseUrl: mock.url, accountId: 'F12345', roleName: 'Viewer' } },
    locale: 'es', onRow: (r) => rows.push(r),
  });
  const repeat = rows.find((r) => r.outcomes.equals.code === 'DUPLICATE_ROW');
  assert.equal(repeat.outcomes.equals.message, `la misma fila que la ${rows.find((r) => r !== repeat).line}: se envió una sola vez`);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 1, horus: 0, personasNotOne: 0 });
});
