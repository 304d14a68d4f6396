// free() cannot crash: it is idempotent, and every call after it is a
// rejected promise carrying a PersonkitError (never a synchronous throw of
// wasm-bindgen's "null pointer passed to rust"). A call already in flight
// finishes. See "Freeing a client" in src/wasm/clients.rs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { VerifikClient, EqualsClient, HorusClient, PersonkitError } from 'personkit';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, verifikPerson, equalsPerson, horusPerson, rejection, assertNoSecrets } from './helpers.mjs';

const cjs = createRequire(import.meta.url)('personkit');

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const clients = (from = { VerifikClient, EqualsClient, HorusClient }) => [
  ['verifik', () => new from.VerifikClient({ token: TOKEN, baseUrl: mock.url }), verifikPerson],
  ['equals', () => new from.EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }), equalsPerson],
  ['horus', () => new from.HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }), horusPerson],
];

/** Calls createPerson, failing the test if it throws instead of returning a promise. */
function call(client, input, options) {
  let promise;
  assert.doesNotThrow(() => { promise = client.createPerson(input, options); }, 'createPerson threw synchronously');
  assert.ok(promise instanceof Promise);
  return promise;
}

for (const [provider, make, input] of clients()) {
  test(`${provider}: free() twice does nothing more; a call after it rejects with a PersonkitError saying so`, async () => {
    const client = make();
    assert.equal(client.free(), undefined);
    assert.doesNotThrow(() => client.free(), 'a second free() threw');
    const err = await rejection(call(client, input()));
    assert.ok(err instanceof PersonkitError, String(err));
    assert.equal(err.code, 'INVALID_OPTIONS');
    assert.equal(err.provider, provider);
    // Words for people in `message`; the technical text, for logs, in `detail`.
    assert.match(err.detail, /client was freed/);
    // On a server there is no page to reload: the code that made the client makes another.
    assert.match(err.message, /^The connection to (Verifik|Equals Money|Horus) was closed: try again$/);
    assert.deepEqual(err.errors, []);
    assertNoSecrets(err);
    // Odd arguments after free() are the same rejection, not a throw.
    const again = await rejection(call(client, undefined, 42));
    assert.equal(again.code, 'INVALID_OPTIONS');
    assert.match(again.detail, /client was freed/);
    assert.equal((await mock.persons()).attempts[provider], 0, 'nothing was sent');
  });

  test(`${provider}: a call in flight when free() is called finishes`, async () => {
    const client = make();
    const pending = call(client, input());
    client.free();
    const result = await pending;
    assert.equal(result.attempts, 1);
    assert.equal((await mock.persons()).attempts[provider], 1);
    await rejection(call(client, input()));
  });
}

test('Symbol.dispose is the same free(): disposing twice, or after free(), never throws', { skip: typeof Symbol.dispose !== 'symbol' }, async () => {
  for (const [, make, input] of clients()) {
    const client = make();
    assert.equal(typeof client[Symbol.dispose], 'function');
    client[Symbol.dispose]();
    client[Symbol.dispose]();
    client.free();
    const err = await rejection(call(client, input()));
    assert.match(err.detail, /client was freed/);
  }
});

test('the CommonJS entry\'s clients free the same way', async () => {
  for (const [provider, make, input] of clients(cjs)) {
    const client = make();
    client.free();
    client.free();
    const err = await rejection(call(client, input()));
    assert.ok(err instanceof cjs.PersonkitError);
    assert.deepEqual([err.code, err.provider], ['INVALID_OPTIONS', provider]);
  }
});
