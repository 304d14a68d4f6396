// `personkit import --dry-run` refuses what the run would refuse, with the
// same exit status and the same words: a dry run that passes settings the
// run then refuses teaches nothing. It needs no credential, and answers
// beside a run that holds the journal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mock, tmp, useSuite, envFor, SETTINGS, makeCsv, runCli, countsOf } from './import-helpers.mjs';

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
