// Two rows with one identity number (a DNI) are one person: the earliest
// valid line is sent, the later one is sent to no provider, in the run and
// in the dry run. Counted in the mock: each system holds the person once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mock, tmp, useSuite, envFor, SETTINGS, runCli, readResults, countsOf } from './import-helpers.mjs';

useSuite();

const ALL = ['--to', 'verifik,equals,horus', ...SETTINGS];
const HEADER = 'First Name;Last Name;Email;Date of birth;DNI;Photo';

function sheet(lines) {
  const path = join(tmp.dir, 'staff.csv');
  writeFileSync(path, `\ufeff${[HEADER, ...lines].join('\r\n')}\r\n`);
  return path;
}

test('a second row with the same DNI (another name and email, the DNI written with dots) is sent to no provider: each system holds one person', async () => {
  const path = sheet([
    'Ana;Ñañez Quispe;ana.dni@example.pe;1990-12-04;45879632;photos/ana.jpg',
    'Bob;Li;bob.dni@example.pe;1991-01-01;40000001;photos/bob.png',
    'Anita;Ñañez;anita.dni@example.pe;1990-12-04;45.879.632;photos/ana.jpg',
  ]);
  const r = await runCli([path, ...ALL], { env: envFor(mock.url) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const rows = readResults(`${path}.results.csv`);
  const anita = rows.find((x) => x.line === '4');
  for (const p of ['verifik', 'equals', 'horus']) {
    assert.equal(anita[`${p}_status`], 'skipped', p);
    assert.equal(anita[`${p}_code`], 'DUPLICATE_PERSON', p);
    assert.equal(anita[`${p}_message`], 'the same person as line 2 (the same identity number): sent once', p);
  }
  assert.match(r.stdout, /horus: 2 created, .*1 duplicate person \(another row's identity number\)/);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 2, equals: 2, horus: 2, personasNotOne: 0 });
  // The value itself is in no line of stdout or stderr.
  assert.doesNotMatch(r.stdout + r.stderr, /45879632|45\.879\.632/);
});

test('an invalid row holds no DNI: the next valid row with it is sent, and a later one is its duplicate', async () => {
  const path = sheet([
    'Ana;Ñañez Quispe;not-an-email;1990-12-04;45879632;photos/ana.jpg',
    'Ana;Ñañez Quispe;ana.dni2@example.pe;1990-12-04;45879632;photos/ana.jpg',
    'Ana María;Ñañez Quispe;ana.maria@example.pe;1990-12-04; 45879632 ;photos/ana.jpg',
  ]);
  const r = await runCli([path, ...ALL], { env: envFor(mock.url) });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const rows = readResults(`${path}.results.csv`);
  assert.equal(rows.find((x) => x.line === '2').horus_status, 'invalid');
  assert.equal(rows.find((x) => x.line === '3').horus_status, 'created');
  assert.equal(rows.find((x) => x.line === '4').equals_message, 'the same person as line 3 (the same identity number): sent once');
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 1, equals: 1, horus: 1, personasNotOne: 0 });
});

test('the earliest line with a DNI is its person, though a later line is checked first; a row with its email after a duplicate is the same person through it', async () => {
  const { importRecords } = await import('../../js/import/index.mjs');
  const { keyTexts } = await import('../../js/import/keys.mjs');
  const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });
  const ana = { firstName: 'Ana', lastName: 'Quispe', email: 'ana.first@example.pe', dateOfBirth: '1990-12-04', identityNumber: '45879632' };
  const rows = [
    [ana, 300],
    [{ ...ana, firstName: 'Anita', email: 'anita@example.pe', identityNumber: '45 879 632' }, 0],
    [{ ...ana, firstName: 'Ana M', email: 'ANITA@example.pe', identityNumber: '11111111' }, 0],
  ];
  const byLine = {};
  await importRecords(rows.map(([person, ms], i) => ({
    line: i + 2, keyTexts: keyTexts(person), peek: () => person, load: async () => { await sleep(ms); return person; },
  })), {
    providers: {
      equals: { apiKey: 'equals-test-key', baseUrl: mock.url, accountId: 'F12345', roleName: 'Viewer' },
      horus: { baseUrl: mock.url, clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', categoryId: 1, positionId: 1 },
    },
    onRow: (r) => { byLine[r.line] = r.outcomes; },
  });
  assert.deepEqual([byLine[2].equals.status, byLine[2].horus.status], ['created', 'created']);
  assert.equal(byLine[3].horus.message, 'the same person as line 2 (the same identity number): sent once');
  assert.equal(byLine[4].equals.message, 'the same Equals person as line 3 (the same email on the account): not sent; line 3 ended skipped: see it');
  assert.equal(byLine[4].horus.status, 'created'); // Horus has no email rule here: another DNI, another person there
  const s = await mock.persons();
  assert.deepEqual([s.equals.length, s.horus.length], [1, 2]);
});
