// `personkit import --dry-run` refuses what the run would refuse, with the
// same exit status and the same words: a dry run that passes settings the
// run then refuses teaches nothing. It needs no credential, and answers
// beside a run that holds the journal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mock, tmp, useSuite, envFor, SETTINGS, makeCsv, runCli, countsOf, readResults } from './import-helpers.mjs';

useSuite();

const ALL = ['--to', 'verifik,equals,horus', ...SETTINGS];
const withoutSecrets = (env) => Object.fromEntries(Object.entries(env).filter(([k]) => !/TOKEN|API_KEY|CLIENT_ID|CLIENT_SECRET/.test(k)));

/** The dry run, then the run, with the same arguments: both refused with exit 2, in the same words. */
async function sameRefusal(args, env, what) {
  const dry = await runCli([...args, '--dry-run'], { env });
  const run = await runCli(args, { env });
  assert.equal(run.code, 2, `${what}: the run refuses it\n${run.stdout}${run.stderr}`);
  assert.equal(dry.code, 2, `${what}: so does the dry run\n${dry.stdout}${dry.stderr}`);
  assert.equal(dry.stderr, run.stderr, `${what}: in the same words`);
  assert.doesNotMatch(run.stderr, /unexpected error/, what);
  return run.stderr;
}

test('config values and addresses the run refuses are refused by the dry run too: exit 2, the same message, nothing sent', async () => {
  const csv = makeCsv(tmp.dir, { rows: 3 });
  const config = join(tmp.dir, 'config.json');
  const env = envFor(mock.url);
  const cases = [
    [{ concurrency: 0 }, /"concurrency" must be an integer from 1 to 256/],
    [{ concurrency: '8' }, /"concurrency" must be an integer/],
    [{ concurrency: 2.5 }, /"concurrency" must be an integer/],
    [{ photosDir: 5 }, /"photosDir" must be a folder's path/],
    [{ equals: { lookFirst: 'no' } }, /lookFirst must be true or false/],
    [{ equals: { timeoutMs: 'abc' } }, /timeoutMs must be/],
    [{ equals: { headers: 'x' } }, /headers must be/],
    [{ equals: { baseUrl: 'not a url' } }, /baseUrl/],
  ];
  for (const [value, message] of cases) {
    writeFileSync(config, JSON.stringify(value));
    assert.match(await sameRefusal([csv.path, ...ALL, '--config', config], env, JSON.stringify(value)), message);
  }
  assert.match(await sameRefusal([csv.path, ...ALL, '--equals-base-url', 'http://exa mple'], env, '--equals-base-url'), /baseUrl/);
  assert.match(await sameRefusal([csv.path, ...ALL], { ...env, EQUALS_BASE_URL: 'ftp://files.example.com' }, 'EQUALS_BASE_URL'), /baseUrl must use https/);
  // The dry run still needs no credential: a stand-in is used for the check, and nothing is sent.
  const dry = await runCli([csv.path, ...ALL, '--dry-run'], { env: withoutSecrets(env) });
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
  assert.equal((await mock.persons()).lookups.equals, 0, 'no lookup either');
});

test('a journal written for another Equals role: the dry run refuses it as the run does, also while another run holds the journal', async () => {
  const csv = makeCsv(tmp.dir, { rows: 2 });
  const env = envFor(mock.url);
  const first = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345'], { env });
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const admin = [csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--equals-role', 'Admin'];
  assert.match(await sameRefusal(admin, env, '--equals-role'), /was written for another equals\.roleName, and persons were created with it/);
  // A run holds the journal (this process, alive): the dry run reads it without the lock.
  writeFileSync(`${csv.path}.journal.jsonl.lock`, `${process.pid}\nheld-by-the-test\n`);
  const beside = await runCli([...admin, '--dry-run'], { env: withoutSecrets(env) });
  assert.equal(beside.code, 2, beside.stderr);
  assert.match(beside.stderr, /was written for another equals\.roleName/);
  const same = await runCli([csv.path, '--to', 'equals', '--equals-account-id', 'F12345', '--dry-run'], { env: withoutSecrets(env) });
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /2 rows checked for equals: 2 valid, 0 invalid/);
});

test('the dry run names every row the run would skip (the same row, the same DNI, the same Equals email), and the run skips exactly those', async () => {
  const path = join(tmp.dir, 'dups.csv');
  writeFileSync(path, `${[
    'First Name;Last Name;Email;Date of birth;DNI;Photo',
    'Ana;Quispe;ana.dup@example.pe;1990-12-04;45879632;photos/ana.jpg',
    'Bob;Li;bob.dup@example.pe;1991-01-01;40000001;photos/bob.png',
    'Ana;Quispe;ana.dup@example.pe;1990-12-04;45879632;photos/ana.jpg',
    'Anita;Quispe;anita.dup@example.pe;1990-12-04;45.879.632;photos/ana.jpg',
    'Roberto;Li;BOB.dup@example.pe;1991-01-01;40000002;photos/bob.png',
  ].join('\n')}\n`);
  const env = envFor(mock.url);
  const dry = await runCli([path, ...ALL, '--dry-run'], { env });
  assert.equal(dry.code, 0, dry.stdout + dry.stderr); // as the run: skipped rows are no error
  assert.equal(dry.stdout, [
    'line 4: not to be sent (DUPLICATE_ROW): the same row as line 2',
    'line 5: not to be sent (DUPLICATE_PERSON): the same person as line 2 (the same identity number)',
    'line 6: not to be sent to equals (DUPLICATE_PERSON): the same Equals person as line 3 (the same email on the account)',
    '5 rows checked for verifik, equals, horus: 5 valid, 0 invalid; 1 duplicate row and 2 duplicate persons would not be sent; nothing was sent',
    '',
  ].join('\n'));
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 0, horus: 0, personasNotOne: 0 });
  const run = await runCli([path, ...ALL], { env });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const rows = readResults(`${path}.results.csv`);
  const code = (line, p) => rows.find((r) => r.line === line)[`${p}_code`];
  assert.deepEqual(['verifik', 'equals', 'horus'].map((p) => code('4', p)), ['DUPLICATE_ROW', 'DUPLICATE_ROW', 'DUPLICATE_ROW']);
  assert.deepEqual(['verifik', 'equals', 'horus'].map((p) => code('5', p)), ['DUPLICATE_PERSON', 'DUPLICATE_PERSON', 'DUPLICATE_PERSON']);
  // Horus answers an email it has "already exists" itself: to whichever of lines 3 and 6 it
  // got second (rows are sent side by side, and either request may reach it first).
  assert.deepEqual(['verifik', 'equals'].map((p) => code('6', p)), ['', 'DUPLICATE_PERSON']);
  assert.deepEqual([code('3', 'horus'), code('6', 'horus')].sort(), ['', 'EMAIL_EXISTS']);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 3, equals: 2, horus: 2, personasNotOne: 0 });
});
