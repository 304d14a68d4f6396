// A row edited between runs (a name corrected) has a new key: the journal
// has no record of it, but it knows what it made from that line. Verifik
// matches by name, so sending it would make a second person: it is refused,
// ROW_EDITED, unless --send-edited-rows. Exactly once is counted in the mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enrolMany } from 'personkit';
import { mock, tmp, useSuite, envFor, SETTINGS, runCli, countsOf, readResults } from './import-helpers.mjs';

useSuite();

const HEAD = 'First Name;Last Name;Email;Date of birth;DNI;Photo';
const ANA = (last, email = 'ana.ed@example.pe') => `Ana;${last};${email};1990-12-04;45879632;photos/ana.jpg`;
const BOB = 'Bob;Li;bob.ed@example.pe;1991-01-01;45879633;photos/bob.png';
const CAL = 'Cal;Ro;cal.ed@example.pe;1992-02-02;45879634;photos/ana.jpg';

function sheet(...rows) {
  const path = join(tmp.dir, 'people.csv');
  writeFileSync(path, `${[HEAD, ...rows].join('\n')}\n`);
  return path;
}
const all = (path, ...more) => [path, '--to', 'verifik,equals,horus', ...SETTINGS, ...more];

test('a name corrected after the run: Verifik is not sent a second person (ROW_EDITED, named on stderr and in the results file) until --send-edited-rows', async () => {
  const env = envFor(mock.url);
  const path = sheet(ANA('Ñañes Quispe'), BOB);
  const first = await runCli(all(path), { env });
  assert.equal(first.code, 0, first.stderr);
  const anaId = readResults(`${path}.results.csv`).find((r) => r.line === '2').verifik_id;
  assert.ok(anaId);

  sheet(ANA('Ñañez Quispe'), BOB); // the typo corrected
  for (let i = 0; i < 2; i += 1) { // refused again: nothing journaled, nothing sent
    const again = await runCli(all(path), { env });
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /^warning: line 2: not sent to verifik \(ROW_EDITED\): .*--send-edited-rows/m);
    assert.match(again.stdout, /^verifik: 0 created, 0 already there, 0 invalid, 1 failed, 0 unknown, 1 done in an earlier run$/m);
    const ana = readResults(`${path}.results.csv`).find((r) => r.line === '2');
    assert.deepEqual([ana.verifik_status, ana.verifik_code], ['failed', 'ROW_EDITED']);
    assert.match(ana.verifik_message, new RegExp(`made Verifik person ${anaId} from line 2 `));
    // Equals finds her by her email, Horus by her email and identity number: already there.
    assert.deepEqual([ana.equals_status, ana.horus_status], ['exists', 'exists']);
    assert.deepEqual(countsOf(await mock.persons()), { verifik: 2, equals: 2, horus: 2, personasNotOne: 0 });
  }

  // Asked for: a new Verifik person, once; the next run has it on record.
  const sent = await runCli(all(path, '--send-edited-rows'), { env });
  assert.equal(sent.code, 0, sent.stderr);
  assert.match(sent.stdout, /^verifik: 1 created/m);
  const after = await runCli(all(path), { env });
  assert.equal(after.code, 0, after.stderr);
  assert.match(after.stdout, /^verifik: 0 created, 0 already there, 0 invalid, 0 failed, 0 unknown, 2 done in an earlier run$/m);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 3, equals: 2, horus: 2, personasNotOne: 0 });
});

test('an email corrected after the run: Equals, whose lookup finds no one by the new email, is not sent a second persona either', async () => {
  const env = envFor(mock.url);
  const path = sheet(ANA('Quispe', 'ana.ed@exmaple.pe'), BOB);
  const args = [path, '--to', 'equals', '--equals-account-id', 'F12345'];
  assert.equal((await runCli(args, { env })).code, 0);
  sheet(ANA('Quispe', 'ana.ed@example.pe'), BOB);
  const again = await runCli(args, { env });
  assert.equal(again.code, 1, again.stderr);
  const ana = readResults(`${path}.results.csv`).find((r) => r.line === '2');
  assert.deepEqual([ana.equals_status, ana.equals_code], ['failed', 'ROW_EDITED']);
  assert.match(ana.equals_message, /made Equals person \S+ from line 2 /);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 2, horus: 0, personasNotOne: 0 });
});

test('rows that only moved are not refused: a row deleted above and a new row in the line it freed are sent', async () => {
  const env = envFor(mock.url);
  const path = sheet(ANA('Quispe'), BOB);
  assert.equal((await runCli(all(path), { env })).code, 0);
  // Ana deleted: Bob moves up to line 2 (found by his key), Cal takes line 3, where Bob was.
  sheet(BOB, CAL);
  const again = await runCli(all(path), { env });
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /ROW_EDITED/);
  assert.match(again.stdout, /^verifik: 1 created, 0 already there, 0 invalid, 0 failed, 0 unknown, 1 done in an earlier run$/m);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 3, equals: 3, horus: 3, personasNotOne: 0 });
});

// Sorted between runs (in Excel, by a column), the rows that were made move
// below lines holding rows never sent: each of those was refused ROW_EDITED,
// "edited since?", though nothing was edited, run after run.
test('a sheet sorted since the run, a row added: the row in the line of one that moved below it is sent, not refused as an edit', async () => {
  const env = envFor(mock.url);
  const path = sheet(ANA('Quispe'), BOB);
  assert.equal((await runCli(all(path), { env })).code, 0);
  // Cal added and the sheet sorted Z to A: Cal takes line 2, where Ana was made; Ana moves to line 4.
  sheet(CAL, BOB, ANA('Quispe'));
  const again = await runCli(all(path), { env });
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /ROW_EDITED/);
  assert.match(again.stdout, /^verifik: 1 created, 0 already there, 0 invalid, 0 failed, 0 unknown, 2 done in an earlier run$/m);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 3, equals: 3, horus: 3, personasNotOne: 0 });
  // Cal's name corrected where he stands: his earlier content is in the file no more, so his line refuses him.
  sheet(CAL.replace('Cal;Ro', 'Cal;Roa'), BOB, ANA('Quispe'));
  const edited = await runCli(all(path), { env });
  assert.equal(edited.code, 1, edited.stderr);
  assert.match(edited.stderr, /^warning: line 2: not sent to verifik \(ROW_EDITED\)/m);
  assert.equal((await mock.persons()).verifik.length, 3);
});

// Sorted in one run, edited in the next: the journal still knew each line by
// the row made there first, now elsewhere in the file, and the edited row
// was sent as a new Verifik person.
test('a row moved by a sort in one run and edited where it stands in the next is refused ROW_EDITED: the run journals where done rows now stand', async () => {
  const env = envFor(mock.url);
  const path = sheet(ANA('Quispe'), BOB);
  assert.equal((await runCli(all(path), { env })).code, 0);
  sheet(BOB, ANA('Quispe')); // sorted: both done, each at the other's line
  const sorted = await runCli(all(path), { env });
  assert.equal(sorted.code, 0, sorted.stderr);
  assert.match(sorted.stdout, /^verifik: 0 created, .*2 done in an earlier run$/m);
  sheet(BOB, ANA('Ñañez')); // Ana's name corrected at line 3, where she now stands
  const edited = await runCli(all(path), { env });
  assert.equal(edited.code, 1, edited.stderr);
  assert.match(edited.stderr, /^warning: line 3: not sent to verifik \(ROW_EDITED\)/m);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 2, equals: 2, horus: 2, personasNotOne: 0 });
  // Nothing more is journaled for rows already where the journal knows them.
  const lines = readFileSync(`${path}.journal.jsonl`, 'utf8').split('\n').filter((l) => l.includes('"t":"at"'));
  assert.equal(lines.length, 4, 'Bob and Ana, in Verifik and Equals, once');
});

test('enrolMany, whose line is an index into each call\'s rows (one journal may take batch after batch), is not refused by line', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const providers = { verifik: { token: 'verifik-test-token', baseUrl: mock.url, collections: ['staff'] } };
  const photo = readFileSync(join(tmp.dir, 'photos', 'ana.jpg'));
  const person = (firstName) => ({ firstName, lastName: 'Ñañez', dateOfBirth: '1990-12-04', photos: [photo] });
  await enrolMany([person('Ana')], { providers, journal: jpath });
  const next = await enrolMany([person('Eva')], { providers, journal: jpath }); // the next batch, its row 1 another person
  assert.equal(next.providers.verifik.created, 1);
  await assert.rejects(enrolMany([person('Ana')], { providers, journal: jpath, sendEditedRows: true }), { code: 'INVALID_OPTIONS', field: 'sendEditedRows' });
  assert.equal((await mock.persons()).verifik.length, 2);
});
