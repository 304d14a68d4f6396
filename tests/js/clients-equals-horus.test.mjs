// Issue 6, Equals Money and Horus, against personkit-mock on 127.0.0.1:
// every documented status and code, and the requests on the wire.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { EqualsClient, HorusClient } from 'personkit';
import { mockServer, API_KEY, CLIENT_ID, CLIENT_SECRET, equalsPerson, horusPerson, rejection, assertNoSecrets } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());
const equals = (over = {}) => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, ...over });
const horus = (over = {}) => new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...over });

test('Equals: 201 gives the person with its persona; the request is as documented', async () => {
  const person = equalsPerson();
  const r = await equals().createPerson(person);
  assert.equal(typeof r.id, 'string');
  assert.equal(r.person.primaryEmailAddress, person.emailAddress);
  assert.equal(typeof r.persona.id, 'string');
  assert.equal(r.retried, false);
  const [req] = await mock.requests();
  assert.equal(req.path, '/v2/people');
  assert.equal(req.headers.authorization, `ApiKey ${API_KEY}`);
  assert.equal(req.headers['content-type'], 'application/json');
  assert.deepEqual(req.body, person);
});

test('Equals: the same email again re-adds the same person with a new persona', async () => {
  const person = equalsPerson();
  const a = await equals().createPerson(person);
  const b = await equals().createPerson(person);
  assert.equal(a.id, b.id);
  assert.notEqual(a.persona.id, b.persona.id);
});

test('Equals: 401 without a key, 403 with a wrong key, 404 for an unknown account', async () => {
  const e401 = await rejection(new EqualsClient({ baseUrl: mock.url }).createPerson(equalsPerson()));
  assert.deepEqual([e401.code, e401.status, e401.provider], ['UNAUTHORIZED', 401, 'equals']);
  const e403 = await rejection(equals({ apiKey: 'wrong-key-123' }).createPerson(equalsPerson()));
  assert.deepEqual([e403.code, e403.status], ['UNAUTHORIZED', 403]);
  assert.ok(!JSON.stringify(e403).includes('wrong-key-123') && !e403.message.includes('wrong-key-123'));
  const e404 = await rejection(equals().createPerson(equalsPerson({ accountId: 'NOPE42' })));
  assert.deepEqual([e404.code, e404.status], ['NOT_FOUND', 404]);
  for (const e of [e401, e403, e404]) assertNoSecrets(e);
});

test('Equals: invalid input is VALIDATION_FAILED with hints, nothing sent', async () => {
  const err = await rejection(equals().createPerson({ accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Boss', email: 'x@y.z' }));
  assert.equal(err.code, 'VALIDATION_FAILED');
  const email = err.errors.find((e) => e.field === 'email');
  assert.equal(email.code, 'UNKNOWN_FIELD');
  assert.match(email.message, /did you mean email address\?/);
  assert.ok(err.errors.some((e) => e.field === 'roleName' && e.code === 'NOT_ONE_OF'));
  assert.equal((await mock.persons()).attempts.equals, 0);
});

test('Horus: 200001 is created: true; the request id is sent and echoed; credentials go in the body', async () => {
  const person = horusPerson();
  const r = await horus().createPerson(person, { requestId: 'demo-42' });
  assert.equal(r.created, true);
  assert.equal(r.code, '200001');
  assert.equal(r.requestId, 'demo-42');
  const [req] = await mock.requests();
  assert.equal(req.path, '/v1/nonspec/oauth2/management/person');
  assert.equal(req.headers['x-usil-request-id'], 'demo-42');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers.authorization, undefined);
  assert.deepEqual(req.body, { ...person, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
});

test('Horus: without a request id one is generated, sent, and the echoed one reported', async () => {
  const r = await horus().createPerson(horusPerson());
  const [req] = await mock.requests();
  assert.match(req.headers['x-usil-request-id'], /^[A-Za-z0-9-]{16,}$/);
  assert.equal(r.requestId, req.headers['x-usil-request-id']);
});

test('Horus: 200023 and 200024 are created: false with the reason, never a fresh creation', async () => {
  const person = horusPerson();
  await horus().createPerson(person);
  const again = await horus().createPerson(person);
  assert.deepEqual([again.created, again.reason, again.code, again.retried], [false, 'EMAIL_EXISTS', '200023', false]);
  const sameId = await horus().createPerson(horusPerson({ mainIdentifier: person.mainIdentifier }));
  assert.deepEqual([sameId.created, sameId.reason, sameId.code], [false, 'IDENTIFIER_EXISTS', '200024']);
  assert.equal((await mock.persons()).horus.length, 1);
});

test('Horus: bad credentials are UNAUTHORIZED 403051; unknown category is BAD_REQUEST', async () => {
  const bad = await rejection(horus({ clientSecret: 'not-the-secret-xyz' }).createPerson(horusPerson()));
  assert.deepEqual([bad.code, bad.status, bad.providerCode], ['UNAUTHORIZED', 403, '403051']);
  assert.ok(!JSON.stringify({ ...bad, m: bad.message, b: bad.body }).includes('not-the-secret-xyz'));
  const cat = await rejection(horus().createPerson(horusPerson({ categoryId: 99 })));
  assert.equal(cat.code, 'BAD_REQUEST');
  assert.equal(cat.status, 400);
  assert.match(cat.providerCode, /^400/);
  assertNoSecrets(bad);
  assertNoSecrets(cat);
});

test('Horus: the document sample with externaId fails with its hint; credentials never in messages', async () => {
  const err = await rejection(horus().createPerson({ ...horusPerson(), externaId: '92dd9aa0', password: 'hunter2hunter2' }));
  assert.equal(err.code, 'VALIDATION_FAILED');
  assert.match(err.errors.find((e) => e.field === 'externaId').message, /did you mean external code\?/);
  assertNoSecrets(err);
  assert.ok(!JSON.stringify(err).includes('hunter2'));
});

test('Horus: a client without credentials (your backend) sends none', async () => {
  const backend = new HorusClient({ baseUrl: mock.url, withoutCredentials: true });
  const err = await rejection(backend.createPerson(horusPerson()));
  assert.equal(err.code, 'BAD_REQUEST'); // the mock wants credentials; your backend would add them
  const [req] = await mock.requests();
  assert.equal('clientSecret' in req.body, false);
  assert.equal('clientId' in req.body, false);
});
