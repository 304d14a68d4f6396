// personkit against the provider documents (/work/shared/seeds and NOTES.md):
// what the clients send and how they read the answers. A `todo` test shows a
// divergence that needs a Rust change; its text names the place and the fix.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EqualsClient, HorusClient, validateVerifikPerson, validateEqualsPerson, validateHorusPerson } from 'personkit';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, equalsPerson, horusPerson, rejection } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

/** A fetch that answers every request with `status` and the JSON `body`. */
const answer = (status, body) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const horusAnswering = (status, body) =>
  new HorusClient({ baseUrl: 'http://127.0.0.1:9', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, maxRetries: 0, fetch: answer(status, body) });

// Horus: "code | int | ... 200XYZ for success and any other value for failures".
// NOTES adds only the sample's 20000 to the success family.
test('Horus: the documented success codes are created (200001, the sample\'s 20000) or already there (200023, 200024)', async () => {
  for (const [code, created, reason] of [[200001, true], [20000, true], [200002, true], [200023, false, 'EMAIL_EXISTS'], [200024, false, 'IDENTIFIER_EXISTS']]) {
    const r = await horusAnswering(200, { code, message: 'success' }).createPerson(horusPerson());
    assert.equal(r.created, created, String(code));
    assert.equal(r.reason, reason, String(code));
    assert.equal(r.code, String(code));
  }
});

test('Horus: a code that is not 200XYZ (200, 2001234) is never reported as created', async () => {
  for (const code of [200, 2001234]) {
    const err = await rejection(horusAnswering(200, { code, message: 'ok' }).createPerson(horusPerson()));
    assert.equal(err.code, 'BAD_RESPONSE', String(code));
  }
});

// Horus: "x-usil-request-id | random alphanumeric value which identify this event".
test('Horus: without a requestId the client sends a random alphanumeric x-usil-request-id and reports the echo', async () => {
  const client = new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const a = await client.createPerson(horusPerson());
  const b = await client.createPerson(horusPerson());
  const [ra, rb] = await mock.requests();
  for (const [r, req] of [[a, ra], [b, rb]]) {
    assert.match(req.headers['x-usil-request-id'], /^[A-Za-z0-9]+$/);
    assert.equal(r.requestId, req.headers['x-usil-request-id']);
  }
  assert.notEqual(ra.headers['x-usil-request-id'], rb.headers['x-usil-request-id']);
  // "clientId & clientSecret in body": no Authorization header.
  assert.equal(ra.headers.authorization, undefined);
  assert.deepEqual([ra.body.clientId, ra.body.clientSecret], [CLIENT_ID, CLIENT_SECRET]);
});

// NOTES: "`nationalities` may be null"; the client sends the null as given.
test('Equals: nationalities: null is sent as null and the mock creates the person', async () => {
  const person = equalsPerson({ nationalities: null });
  const r = await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }).createPerson(person);
  assert.equal(typeof r.personaId, 'string');
  const [req] = await mock.requests();
  assert.equal(req.body.nationalities, null);
  assert.equal((await mock.persons()).equals.length, 1);
});

// NOTES: address (an object of streetName, …, countryCode) and locale.
test('Equals: address and locale reach the mock as sent', async () => {
  const address = { postcode: 'NW1 6XE', streetName: 'Baker Street', countryCode: 'gb' };
  const r = await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }).createPerson(equalsPerson({ address, locale: 'en-GB' }));
  assert.equal(typeof r.id, 'string');
  const [req] = await mock.requests();
  assert.deepEqual(req.body.address, { postcode: 'NW1 6XE', streetName: 'Baker Street', countryCode: 'GB' });
  assert.equal(req.body.locale, 'en-GB');
});

// The mock and the validators are written separately from the same documents:
// a body the validators accept (and a client would send) must be one the mock
// accepts, or tests against the mock fail for a request the provider takes.
const table = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8'));
const WIRE = {
  verifik: { validate: validateVerifikPerson, path: '/v2/face-recognition/persons', headers: { authorization: `Bearer ${TOKEN}` } },
  equals: { validate: validateEqualsPerson, path: '/v2/people', headers: { authorization: `ApiKey ${API_KEY}` }, own: { accountId: 'F12345' } },
  horus: { validate: validateHorusPerson, path: '/v1/nonspec/oauth2/management/person', headers: {}, own: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } },
};

test('every valid case of the validation table, as the validator would send it, is accepted by the mock', async () => {
  const valid = table.cases.filter((c) => c.expect.length === 0);
  assert.ok(valid.length >= 30, `only ${valid.length} valid cases`);
  for (const c of valid) {
    await mock.reset();
    const wire = WIRE[c.provider];
    const checked = wire.validate(c.input);
    assert.ok(checked.ok, `${c.provider}: ${c.name}`);
    // The account and credentials are the mock's own; nothing else changes.
    const body = { ...checked.value, ...wire.own };
    const res = await fetch(mock.url + wire.path, {
      method: 'POST', headers: { 'content-type': 'application/json', ...wire.headers }, body: JSON.stringify(body),
    });
    const answer = await res.json();
    assert.ok(res.status === 200 || res.status === 201, `${c.provider}: ${c.name}: ${res.status} ${JSON.stringify(answer)}`);
    if (c.provider === 'horus') assert.equal(answer.code, 200001, `${c.name}: ${JSON.stringify(answer)}`);
  }
});
