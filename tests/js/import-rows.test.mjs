// enrolMany's rows as a script hands them: what a row that is not a person
// (a number, null, an array) is told, without a field name it does not have.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { enrolMany } from 'personkit';
import { mockServer, CLIENT_ID, CLIENT_SECRET } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());

test('a row that is not an object is invalid, and its message starts with the words, not ": "', async () => {
  const rows = [];
  const horus = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, categoryId: 1, positionId: 1 };
  await enrolMany([42, null, ['Ana']], { providers: { horus }, onRow: (r) => rows.push(r), env: {} });
  assert.equal(rows.length, 3);
  for (const r of rows) {
    const { status, message } = r.outcomes.horus;
    assert.equal(status, 'invalid');
    assert.ok(message.length > 0 && !message.startsWith(':') && !message.startsWith(' '), JSON.stringify(message));
  }
  assert.equal((await mock.persons()).horus.length, 0, 'nothing sent');
});
