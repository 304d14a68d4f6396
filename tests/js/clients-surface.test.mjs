// What stripe-node and openai-node users expect of a client: a clear error
// for a missing credential, credentials and addresses from the environment,
// per-call options, messages that say how the call went, a User-Agent.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { VerifikClient, EqualsClient, HorusClient, version } from 'personkit';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, equalsPerson, horusPerson, verifikPerson, rejection, assertNoSecrets } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

/** Runs `fn` with these environment variables set, then restores them. */
async function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

test('a client for the provider\'s own address without its credential is refused at construction', () => {
  for (const [make, field, variable] of [
    [() => new VerifikClient(), 'token', 'VERIFIK_TOKEN'],
    [() => new VerifikClient({ token: undefined }), 'token', 'VERIFIK_TOKEN'],
    [() => new EqualsClient({}), 'apiKey', 'EQUALS_API_KEY'],
    // The provider's own hosts named outright (the sandbox too) need it as much as the default.
    [() => new VerifikClient({ baseUrl: 'https://api.verifik.co' }), 'token', 'VERIFIK_TOKEN'],
    [() => new EqualsClient({ baseUrl: 'https://api-sandbox.equalsmoney.com' }), 'apiKey', 'EQUALS_API_KEY'],
    [() => new EqualsClient({ baseUrl: 'https://API.EqualsMoney.com:443/v2' }), 'apiKey', 'EQUALS_API_KEY'],
  ]) {
    assert.throws(make, (e) => e.code === 'INVALID_OPTIONS' && e.field === field && e.detail.includes(variable) && /own backend/.test(e.detail));
  }
  // Pointed at your own backend, no credential is fine: the backend holds it.
  assert.doesNotThrow(() => new EqualsClient({ baseUrl: 'https://example.com/api/equals' }));
  assert.doesNotThrow(() => new EqualsClient({ baseUrl: 'https://equalsmoney.com.example.org' }));
  // A credential of your own in the headers is yours to send.
  assert.doesNotThrow(() => new EqualsClient({ baseUrl: 'https://api.equalsmoney.com', headers: { authorization: 'ApiKey k' } }));
  assert.throws(() => new HorusClient({}), (e) => e.code === 'INVALID_OPTIONS' && e.field === 'baseUrl' && e.detail.includes('HORUS_BASE_URL'));
});

test('credentials and base URLs come from the environment when not passed', async () => {
  await withEnv({ EQUALS_API_KEY: API_KEY, EQUALS_BASE_URL: mock.url, VERIFIK_TOKEN: TOKEN, VERIFIK_BASE_URL: mock.url,
    HORUS_BASE_URL: mock.url, HORUS_CLIENT_ID: CLIENT_ID, HORUS_CLIENT_SECRET: CLIENT_SECRET }, async () => {
    const e = await new EqualsClient().createPerson(equalsPerson());
    const v = await new VerifikClient().createPerson(verifikPerson());
    const h = await new HorusClient().createPerson(horusPerson());
    assert.ok(e.id && v.id && h.created);
    // An option wins over the environment.
    const err = await rejection(new EqualsClient({ apiKey: 'not-the-key', maxRetries: 0 }).createPerson(equalsPerson()));
    assert.equal(err.code, 'UNAUTHORIZED');
  });
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
});

test('servers send User-Agent: personkit/<version>; per-call headers and maxRetries apply to that call', async () => {
  const seen = [];
  const spy = (url, init) => { seen.push(init.headers); return fetch(url, init); };
  const c = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, fetch: spy, headers: { 'x-team': 'a' } });
  await c.createPerson(equalsPerson(), { headers: { 'x-trace': 't1', 'x-team': 'b' } });
  await c.createPerson(equalsPerson());
  assert.equal(seen[0]['user-agent'], `personkit/${version()}`);
  assert.deepEqual([seen[0]['x-trace'], seen[0]['x-team']], ['t1', 'b']);
  assert.deepEqual([seen[1]['x-trace'], seen[1]['x-team']], [undefined, 'a']);
  const mine = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, fetch: spy, headers: { 'user-agent': 'my-app/2' } });
  await mine.createPerson(equalsPerson());
  assert.equal(seen[2]['user-agent'], 'my-app/2');
  for (const headers of [{ 'content-type': 'text/plain' }, { 'x-a': 'b\nc' }, 'x']) {
    const e = await rejection(c.createPerson(equalsPerson(), { headers }));
    assert.equal(e.code, 'INVALID_OPTIONS');
  }
  await mock.scenario('503;retry-after=0', 5, 'equals');
  const e = await rejection(c.createPerson(equalsPerson(), { maxRetries: 0 }));
  assert.deepEqual([e.code, e.attempts], ['SERVER_ERROR', 1]);
});

test('messages say how many attempts a call made, and NETWORK names the host and the system code', async () => {
  await mock.scenario('503;retry-after=0', 5, 'horus');
  const h = new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, maxRetries: 1 });
  const e = await rejection(h.createPerson(horusPerson()));
  assert.match(e.detail, /\(after 2 attempts over \d+\.\d s\)$/);
  const port = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
  });
  const refused = await rejection(new VerifikClient({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).createPerson(verifikPerson()));
  assert.equal(refused.code, 'NETWORK');
  assert.ok(refused.detail.includes(`127.0.0.1:${port}, ECONNREFUSED`), refused.message);
  assertNoSecrets(refused);
});

test('an option whose getter throws is an INVALID_OPTIONS error, not "not set"', () => {
  const options = { apiKey: API_KEY, get timeoutMs() { throw new Error('boom'); } };
  assert.throws(() => new EqualsClient(options), (e) => e.code === 'INVALID_OPTIONS' && e.field === 'timeoutMs');
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.throws(() => new EqualsClient(proxy), (e) => e.code === 'INVALID_OPTIONS');
});

test('a logger hears each request and each decision, never a secret, an email or a body', async () => {
  const lines = [];
  const logger = { debug: (m) => lines.push(`debug ${m}`), info: (m) => lines.push(`info ${m}`) };
  await mock.scenario('500;after-create', 1, 'equals');
  const person = equalsPerson();
  const r = await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, logger }).createPerson(person);
  assert.equal(r.reconciled, true);
  assert.match(lines[0], /^debug equals: POST http:\/\/127\.0\.0\.1:\d+\/v2\/people → http 500 \(attempt 1, \d+ ms\)$/);
  assert.ok(lines.some((l) => /^info equals: SERVER_ERROR may have left a person/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /found by the lookup/.test(l)), lines.join('\n'));
  for (const l of lines) assert.ok(!l.includes(API_KEY) && !l.includes(person.emailAddress), l);
  // A logger that throws does not break the call; one with no method is refused.
  const broken = { debug() { throw new Error('logger down'); } };
  await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, logger: broken }).createPerson(equalsPerson());
  assert.throws(() => new EqualsClient({ apiKey: API_KEY, logger: {} }), (e) => e.code === 'INVALID_OPTIONS' && e.field === 'logger');
});

test('an authorization header given instead of the credential option is redacted from errors as the option is', async () => {
  const { inspect } = await import('node:util');
  const secret = 'sk_live_header_secret_123';
  // A backend that quotes the header back in its error body.
  const echo = async (_url, init) => new Response(JSON.stringify({ error: `bad auth ${init.headers.authorization}` }), { status: 401, headers: { 'content-type': 'application/json' } });
  const client = new EqualsClient({ baseUrl: 'https://my-backend.example', headers: { Authorization: `Bearer ${secret}` }, fetch: echo, maxRetries: 0 });
  const err = await client.createPerson(equalsPerson()).then(() => assert.fail('resolved'), (e) => e);
  assert.equal(err.code, 'UNAUTHORIZED');
  for (const text of [err.message, String(err.detail), JSON.stringify(err), inspect(err, { depth: 5 })]) assert.ok(!text.includes(secret), text);
});

test('an authorization header given to one call is redacted like the client\'s', async () => {
  const secret = 'sk_live_call_secret_456';
  const echo = async (_url, init) => new Response(JSON.stringify({ error: `bad auth ${init.headers.authorization}` }), { status: 401, headers: { 'content-type': 'application/json' } });
  const client = new EqualsClient({ baseUrl: 'https://my-backend.example', fetch: echo, maxRetries: 0 });
  const err = await rejection(client.createPerson(equalsPerson(), { headers: { authorization: `Bearer ${secret}` } }));
  assert.equal(err.code, 'UNAUTHORIZED');
  const { inspect } = await import('node:util');
  for (const text of [err.message, String(err.detail), String(err.body), JSON.stringify(err), inspect(err, { depth: 5 })]) assert.ok(!text.includes(secret), text);
});

test('a logged error does not print the provider\'s raw answer: body and existingPerson are readable, not enumerable', async () => {
  const { inspect } = await import('node:util');
  const answer = JSON.stringify({ code: 'BAD', message: 'refused', echo: { firstName: 'Ximena Quispe' } });
  const refuse = async () => new Response(answer, { status: 400, headers: { 'content-type': 'application/json' } });
  const err = await rejection(new EqualsClient({ apiKey: API_KEY, fetch: refuse, maxRetries: 0 }).createPerson(equalsPerson()));
  assert.match(err.body, /Ximena Quispe/, 'kept for the caller who asks');
  assert.ok(!Object.keys(err).includes('body'));
  for (const text of [inspect(err, { depth: 5 }), JSON.stringify({ ...err }), JSON.stringify(err)]) assert.ok(!text.includes('Ximena'), text);
});

test('JSON.stringify of an error keeps what a log needs: attempts and reconciled with the rest', async () => {
  const refuse = async () => new Response('{"code":"BAD"}', { status: 400, headers: { 'content-type': 'application/json' } });
  const err = await rejection(new EqualsClient({ apiKey: API_KEY, fetch: refuse, maxRetries: 0 }).createPerson(equalsPerson()));
  const logged = JSON.parse(JSON.stringify(err));
  assert.equal(logged.attempts, err.attempts);
  assert.equal(logged.attempts, 1);
  assert.equal(logged.reconciled, err.reconciled);
  assert.equal(logged.retried, false);
  assert.equal(logged.code, err.code);
});

test('a call\'s locale and messages are checked as the constructor checks them', async () => {
  let sent = 0;
  const c = new EqualsClient({ apiKey: API_KEY, fetch: async () => { sent += 1; return new Response('{}', { status: 401 }); }, maxRetries: 0 });
  for (const [options, field] of [[{ locale: 'fr' }, 'locale'], [{ locale: 42 }, 'locale'], [{ messages: 5 }, 'messages']]) {
    const err = await rejection(c.createPerson(equalsPerson(), options));
    assert.deepEqual([err.code, err.field], ['INVALID_OPTIONS', field], JSON.stringify(options));
  }
  assert.equal(sent, 0, 'nothing sent');
  const es = await rejection(c.createPerson(equalsPerson(), { locale: 'es-PE' }));
  assert.equal(es.code, 'UNAUTHORIZED');
});

test('a custom fetch whose error quotes a credential: the cause keeps its name and code, not the credential', async () => {
  const { inspect } = await import('node:util');
  const quoting = async (_url, init) => {
    const body = init.body instanceof Uint8Array ? new TextDecoder().decode(init.body) : String(init.body ?? '');
    const e = new TypeError(`refused: ${JSON.stringify(init.headers)} ${body}`);
    e.code = 'ECONNRESET';
    throw e;
  };
  const clients = [
    new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, fetch: quoting, maxRetries: 0 }),
    new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, fetch: quoting, maxRetries: 0 }),
  ];
  for (const [client, person] of [[clients[0], horusPerson()], [clients[1], equalsPerson()]]) {
    const err = await rejection(client.createPerson(person));
    let cause = err.cause;
    while (cause?.cause) cause = cause.cause; // Equals: the lookup's error, then its fetch's
    assert.deepEqual([cause.name, cause.code], ['TypeError', 'ECONNRESET']);
    assert.match(cause.message, /refused: .*\[redacted\]/, 'the quoted credential, scrubbed');
    for (const text of [inspect(err, { depth: 10 }), String(cause.stack)]) {
      assert.ok(!text.includes(API_KEY) && !text.includes(CLIENT_SECRET), text);
    }
  }
});

// Audit (surface): found by checking the documented per-call options against behaviour.

test('a signal aborted before the call sends nothing, and the error says attempts: 0', async () => {
  const ac = new AbortController();
  ac.abort(new Error('user left'));
  for (const [client, person] of [
    [new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }), equalsPerson()],
    [new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }), horusPerson()],
  ]) {
    const err = await rejection(client.createPerson(person, { signal: ac.signal }));
    assert.equal(err.code, 'ABORTED');
    assert.equal((await mock.requests()).length, 0, 'nothing reached the server');
    assert.deepEqual([err.attempts, err.retried], [0, false], `${err.provider}: attempts counts create requests sent`);
  }
});

test('lookFirst\'s lookup is told to the logger, as every other lookup decision is', async () => {
  const lines = [];
  const logger = { debug: (m) => lines.push(`debug ${m}`), info: (m) => lines.push(`info ${m}`) };
  const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, logger });
  const person = equalsPerson();
  await client.createPerson(person);
  lines.length = 0;
  const again = await client.createPerson(person, { lookFirst: true });
  assert.deepEqual([again.reconciled, again.attempts], [true, 0]);
  assert.ok(lines.some((l) => /^info equals: .*found by the lookup/.test(l)), `no lookup line: ${JSON.stringify(lines)}`);
  for (const l of lines) assert.ok(!l.includes(API_KEY) && !l.includes(person.emailAddress), l);
});

test('requestId on Verifik and Equals is either sent or refused, never reported as sent when it was not', async () => {
  const seen = [];
  const refuse = async (_url, init) => { seen.push(init.headers); return new Response('{"code":"BAD"}', { status: 400, headers: { 'content-type': 'application/json' } }); };
  for (const [client, person] of [
    [new EqualsClient({ apiKey: API_KEY, fetch: refuse, maxRetries: 0 }), equalsPerson()],
    [new VerifikClient({ token: TOKEN, fetch: refuse, maxRetries: 0 }), verifikPerson({ collections: undefined })],
  ]) {
    seen.length = 0;
    const err = await rejection(client.createPerson(person, { requestId: 'trace-123' }));
    if (err.code === 'INVALID_OPTIONS') { assert.equal(err.field, 'requestId'); continue; }
    const sent = seen.some((h) => Object.values(h).includes('trace-123'));
    assert.ok(sent || err.requestId !== 'trace-123', `${err.provider}: err.requestId is trace-123, sent in no header`);
  }
});

test('index.d.ts says what a call does: debug lines for creates only, a signal that may end OUTCOME_UNKNOWN, requestId as Horus\'s', async () => {
  const { readFileSync } = await import('node:fs');
  const types = readFileSync(new URL('../../js/index.d.ts', import.meta.url), 'utf8');
  const doc = (member) => types.match(new RegExp(`/\\*\\*([^*]|\\*(?!/))*\\*/\\s*${member}\\?:`, 'g')) ?? [];
  // The logger: one debug line per create request, none for a lookup's GET.
  const lines = [];
  const logger = { debug: (m) => lines.push(`debug ${m}`), info: (m) => lines.push(`info ${m}`) };
  await mock.scenario('500', 1, 'verifik');
  const r = await new VerifikClient({ token: TOKEN, baseUrl: mock.url, logger }).createPerson(verifikPerson());
  assert.deepEqual([r.attempts, r.reconciled], [2, true], 'looked up once between the two creates');
  assert.equal(lines.filter((l) => l.startsWith('debug ')).length, 2, lines.join('\n'));
  assert.ok(lines.every((l) => !/\bGET\b/.test(l)), lines.join('\n'));
  assert.match(doc('logger').join(''), /one line per create request/);
  // A signal during a lookFirst lookup ends OUTCOME_UNKNOWN, not ABORTED.
  await mock.scenario('delay=2000', 1, 'equals', 'lookup');
  const ac = new AbortController();
  const call = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url }).createPerson(equalsPerson(), { lookFirst: true, signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  assert.equal((await rejection(call)).code, 'OUTCOME_UNKNOWN');
  assert.match(doc('signal').join(''), /OUTCOME_UNKNOWN/);
  // requestId: only Horus sends one.
  assert.match(doc('requestId').join(''), /Horus only/);
});

test('a bad value read from the environment is refused naming the variable it came from', async () => {
  for (const [vars, make, variable] of [
    [{ VERIFIK_TOKEN: `${TOKEN}\n` }, () => new VerifikClient(), 'VERIFIK_TOKEN'],
    [{ EQUALS_API_KEY: API_KEY, EQUALS_BASE_URL: 'http://example.com' }, () => new EqualsClient(), 'EQUALS_BASE_URL'],
    [{ HORUS_BASE_URL: 'https://h.example/?x=1' }, () => new HorusClient(), 'HORUS_BASE_URL'],
  ]) {
    await withEnv(vars, () => {
      assert.throws(make, (e) => e.code === 'INVALID_OPTIONS' && e.detail.includes(variable) && !e.detail.includes(TOKEN), variable);
    });
  }
});

test('a credential pasted with its scheme ("Bearer …", "ApiKey …") is refused at once, naming the option, not sent doubled', () => {
  for (const [make, field, scheme] of [
    [(v) => new VerifikClient({ token: v }), 'token', 'Bearer'],
    [(v) => new EqualsClient({ apiKey: v }), 'apiKey', 'ApiKey'],
  ]) {
    for (const pasted of [`${scheme} s3cr3t-value`, `${scheme.toLowerCase()} s3cr3t-value`]) {
      let err;
      try { make(pasted); } catch (e) { err = e; }
      assert.equal(err?.code, 'INVALID_OPTIONS', pasted);
      assert.equal(err.field, field);
      assert.match(err.detail, new RegExp(`give the ${field} alone`));
      assert.ok(!`${err.message} ${err.detail}`.includes('s3cr3t'), 'the credential stays out of the error');
    }
    assert.doesNotThrow(() => make(`${scheme}s3cr3t-value`), 'a value that merely begins with the word is a credential like any other');
  }
});
