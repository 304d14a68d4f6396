// Two rows with one email are one Equals person: the earliest line is sent,
// whichever row is checked first (a row with a big photo is checked last),
// an invalid row never holds the email, and the later row's message says
// what the earlier one did. Rows go to importRecords with loads that take
// their time, so the order of the checks is the test's, not the machine's.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { importRecords } from '../../js/import/index.mjs';
import { keyTexts } from '../../js/import/keys.mjs';
import { mockServer, countsOf } from './import-helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(async () => { await mock.reset(); });

const equals = (url) => ({ equals: { apiKey: 'equals-test-key', baseUrl: url, accountId: 'F12345', roleName: 'Viewer', timeoutMs: 2000 } });
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

/** Records of persons, each checked after its `ms` (a photo read slowly). */
function records(rows) {
  return rows.map(([person, ms], i) => ({
    line: i + 2, keyTexts: keyTexts(person), peek: () => person, load: async () => { await sleep(ms); return person; },
  }));
}

async function run(rows, extra = {}) {
  const byLine = {};
  const summary = await importRecords(records(rows), { providers: equals(mock.url), concurrency: 4, onRow: (r) => { byLine[r.line] = r.outcomes.equals; }, ...extra });
  return { summary, byLine };
}

const ana = { firstName: 'Ana', lastName: 'Quispe', email: 'ana.order@example.pe', dateOfBirth: '1990-12-04' };

test('the earliest line with an email is its Equals person, though a later line is checked first', async () => {
  const { byLine } = await run([[ana, 300], [{ ...ana, email: 'ANA.order@example.pe', phone: '+51 911 222 333' }, 0]]);
  assert.equal(byLine[2].status, 'created');
  assert.deepEqual([byLine[3].status, byLine[3].code, byLine[3].message], ['skipped', 'DUPLICATE_PERSON', 'the same Equals person as line 2 (the same email on the account): sent once']);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 1, horus: 0, personasNotOne: 0 });
});

test('an invalid earliest line holds no email: the next valid line with it is sent, and the one after is its duplicate', async () => {
  const { byLine } = await run([[{ ...ana, dateOfBirth: '1990-02-30' }, 300], [{ ...ana, phone: '+51 911 222 333' }, 100], [ana, 0]]);
  assert.equal(byLine[2].status, 'invalid');
  assert.equal(byLine[3].status, 'created');
  assert.deepEqual([byLine[4].status, byLine[4].message], ['skipped', 'the same Equals person as line 3 (the same email on the account): sent once']);
  assert.deepEqual(countsOf(await mock.persons()), { verifik: 0, equals: 1, horus: 0, personasNotOne: 0 });
});

test('a duplicate of a line that failed does not say it was sent: it names the line and how it ended', async () => {
  await mock.scenario('503', 20, 'equals');
  const { byLine } = await run([[ana, 0], [{ ...ana, phone: '+51 911 222 333' }, 0]], { concurrency: 1 });
  assert.equal(byLine[2].status, 'failed');
  assert.equal(byLine[3].code, 'DUPLICATE_PERSON');
  assert.equal(byLine[3].message, 'the same Equals person as line 2 (the same email on the account): not sent; line 2 ended failed: see it');
  assert.equal((await mock.persons()).equals.length, 0);
});
