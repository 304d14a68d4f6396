// The summary's "settled by a lookup" (`reconciled`): rows whose person a
// lookup found after a create in doubt (an answer lost or not understood, in
// this run or an earlier one), so it was not sent again. Not a person found
// before anything of the row was sent ("already there"), nor a lookup that
// found nothing before the create that made the person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enrolMany } from 'personkit';
import { mock, tmp, useSuite, envFor, runCli, countsOf, journal } from './import-helpers.mjs';

useSuite();

const equals = (url) => ({ equals: { apiKey: 'equals-test-key', baseUrl: url, accountId: 'F12345', roleName: 'Viewer', timeoutMs: 2000 } });
const people = (n, tag) => Array.from({ length: n }, (_, i) => ({ firstName: 'Ana', lastName: `Quispe ${i}`, email: `ana${i}.${tag}@example.pe` }));

test('rows never sent before, found on the account by the look-first lookup, are "already there", not "settled by a lookup" (in either locale)', async () => {
  const path = join(tmp.dir, 'people.csv');
  writeFileSync(path, 'First Name,Last Name,Email\nAna,Quispe,ana.s@example.pe\nLuis,Rojas,luis.s@example.pe\n');
  const env = envFor(mock.url);
  const args = [path, '--to', 'equals', '--equals-account-id', 'F12345'];
  const first = await runCli([...args, '--journal', join(tmp.dir, 'a.jsonl')], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^equals: 2 created, 0 already there, 0 invalid, 0 failed, 0 unknown$/m);
  // Another journal: nothing of these rows was sent with it, so no doubt was settled.
  const summaries = {
    en: /^equals: 0 created, 2 already there, 0 invalid, 0 failed, 0 unknown$/m,
    es: /^equals: 0 creadas, 2 ya estaban, 0 con errores, 0 fallidas, 0 sin confirmar$/m,
  };
  for (const [journal, locale] of [['b.jsonl', 'en'], ['c.jsonl', 'es']]) {
    const again = await runCli([...args, '--journal', join(tmp.dir, journal), '--locale', locale], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, summaries[locale], `${locale}: ${again.stdout}`);
    assert.doesNotMatch(again.stdout, /settled|resuelta/);
  }
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 2, horus: 0, personasNotOne: 0 });
});

test('a create answered 503 and sent again after a lookup found nothing is created, not settled; a lost answer whose person the lookup found is settled', async () => {
  const rows = [];
  await mock.scenario('503', 1, 'equals'); // nothing made: the next try looks first, finds nothing, sends
  const busy = await enrolMany(people(2, 'busy'), { providers: equals(mock.url), concurrency: 1, onRow: (r) => rows.push(r) });
  assert.deepEqual([busy.providers.equals.created, busy.providers.equals.retries, busy.providers.equals.reconciled], [2, 1, 0]);
  assert.ok(rows.every((r) => r.outcomes.equals.reconciled === undefined));

  rows.length = 0;
  await mock.scenario('500;after-create', 1, 'equals'); // made, the answer lost: the client's lookup finds it
  const lost = await enrolMany(people(2, 'lost'), { providers: equals(mock.url), concurrency: 1, onRow: (r) => rows.push(r) });
  assert.deepEqual([lost.providers.equals.created, lost.providers.equals.retries, lost.providers.equals.reconciled], [2, 0, 1]);
  assert.equal(rows.filter((r) => r.outcomes.equals.reconciled === true).length, 1);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 4, horus: 0, personasNotOne: 0 });
});

test('a create an earlier run left unknown, found by this run\'s lookup, is settled (and done in an earlier run); the journal marks it `rec`', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const rows = people(3, 'unk');
  await mock.scenario('500;after-create', 1, 'equals');
  await mock.scenario('503', 2, 'equals', 'lookup'); // the look-first lookup and the client's both fail: unknown
  const first = await enrolMany(rows, { providers: equals(mock.url), concurrency: 1, journal: jpath });
  assert.deepEqual([first.providers.equals.created, first.providers.equals.unknown, first.providers.equals.reconciled], [2, 1, 0]);
  const again = await enrolMany(rows, { providers: equals(mock.url), concurrency: 1, journal: jpath });
  assert.deepEqual([again.providers.equals.created, again.providers.equals.earlier, again.providers.equals.reconciled], [0, 3, 1]);
  assert.equal(journal(jpath).filter((e) => e.t === 'end' && e.rec === 1).length, 1);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 3, horus: 0, personasNotOne: 0 });
});

// In a 429 storm the lookup of a create left in doubt ended the row
// `unknown` ("the lookup could not tell") at once, run after run.
test('a create left in doubt whose lookup is answered 429 waits for the pause and looks again: settled in this run, never sent twice', async () => {
  const jpath = join(tmp.dir, 'j.jsonl');
  const rows = people(1, 'busy-unk');
  await mock.scenario('500;after-create', 1, 'equals');
  await mock.scenario('503', 2, 'equals', 'lookup'); // the look-first lookup and the client's both fail: unknown
  const first = await enrolMany(rows, { providers: equals(mock.url), journal: jpath });
  assert.equal(first.providers.equals.unknown, 1);
  await mock.scenario('429;retry-after=1', 2, 'equals', 'lookup');
  const again = await enrolMany(rows, { providers: equals(mock.url), journal: jpath });
  assert.deepEqual([again.providers.equals.unknown, again.providers.equals.earlier, again.providers.equals.reconciled, again.providers.equals.retries], [0, 1, 1, 2]);
  const s = await mock.persons();
  assert.equal(s.attempts.equals, 1, 'never sent again');
  assert.deepEqual(countsOf(s), { verifik: 0, equals: 1, horus: 0, personasNotOne: 0 });
});
