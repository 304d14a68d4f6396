// The three clients as a stripe-node / openai-node user drives them:
// credentials and addresses from the environment, option edge values, a
// call's headers and signal, Retry-After, the logger, free() and many calls
// at once, and each result's shape. Exactly once is counted in the mock.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { VerifikClient, EqualsClient, HorusClient, PersonkitError, version } from 'personkit';
import {
  mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, verifikPerson, equalsPerson, horusPerson, rejection, fixture,
} from './helpers.mjs';

const VARS = ['VERIFIK_TOKEN', 'EQUALS_API_KEY', 'VERIFIK_BASE_URL', 'EQUALS_BASE_URL', 'HORUS_BASE_URL', 'HORUS_CLIENT_ID', 'HORUS_CLIENT_SECRET'];
const clearEnv = () => { for (const v of VARS) delete process.env[v]; };

let mock;
before(async () => { clearEnv(); mock = await mockServer(); });
after(() => mock.close());
beforeEach(async () => { clearEnv(); await mock.reset(); });

const jpegBytes = () => fixture('portrait-120x160.jpg');
const counts = async () => (await mock.persons()).attempts;
const personasOf = async (email) => (await mock.persons()).equals.find((p) => p.primaryEmailAddress === email)?.personaCounts;
/** A fetch that fails the test if it is ever called. */
const noFetch = () => { throw new Error('fetch was called'); };
/** Throws synchronously: the constructor's error. */
function construction(make) {
  try { make(); } catch (e) { return e; }
  return assert.fail('expected the constructor to throw');
}

// ------------------------------------------------------------ credentials and addresses

test('no credential for a provider\'s own address: INVALID_OPTIONS naming the option and the variable, nothing sent', () => {
  for (const [make, option, variable] of [
    [() => new VerifikClient({ fetch: noFetch }), 'token', 'VERIFIK_TOKEN'],
    [() => new EqualsClient({ fetch: noFetch }), 'apiKey', 'EQUALS_API_KEY'],
    [() => new EqualsClient({ fetch: noFetch, baseUrl: 'https://api-sandbox.equalsmoney.com' }), 'apiKey', 'EQUALS_API_KEY'],
    [() => new VerifikClient({ fetch: noFetch, baseUrl: 'https://API.VERIFIK.CO:443/' }), 'token', 'VERIFIK_TOKEN'],
  ]) {
    const e = construction(make);
    assert.ok(e instanceof PersonkitError);
    assert.equal(e.code, 'INVALID_OPTIONS');
    assert.equal(e.field, option);
    assert.match(e.detail, new RegExp(variable));
  }
  const h = construction(() => new HorusClient({ fetch: noFetch }));
  assert.equal(h.field, 'baseUrl');
  assert.match(h.detail, /HORUS_BASE_URL/);
  const half = construction(() => new HorusClient({ fetch: noFetch, baseUrl: mock.url, clientId: CLIENT_ID }));
  assert.equal(half.code, 'INVALID_OPTIONS');
});

test('Horus on a server: neither credential is refused unless withoutCredentials says baseUrl is your backend; not both', async () => {
  // Horus has no public address: the URL cannot tell Horus from a backend, so a server says which.
  const none = construction(() => new HorusClient({ fetch: noFetch, baseUrl: mock.url }));
  assert.ok(none instanceof PersonkitError);
  assert.equal(none.code, 'INVALID_OPTIONS');
  assert.equal(none.field, 'clientId');
  assert.match(none.detail, /HORUS_CLIENT_ID and HORUS_CLIENT_SECRET/);
  assert.match(none.detail, /withoutCredentials: true/);
  assert.equal((await mock.requests()).length, 0);

  // withoutCredentials reads no variable: a backend's client on a machine that also holds them sends none.
  process.env.HORUS_CLIENT_ID = CLIENT_ID;
  process.env.HORUS_CLIENT_SECRET = CLIENT_SECRET;
  await new HorusClient({ baseUrl: mock.url, withoutCredentials: true }).createPerson(horusPerson()).catch(() => {});
  const [sent] = await mock.requests();
  assert.equal('clientId' in sent.body || 'clientSecret' in sent.body, false);
  clearEnv();

  for (const [options, field] of [
    [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, withoutCredentials: true }, 'clientId'],
    [{ clientSecret: CLIENT_SECRET, withoutCredentials: true }, 'clientSecret'],
  ]) {
    const both = construction(() => new HorusClient({ fetch: noFetch, baseUrl: mock.url, ...options }));
    assert.equal(both.code, 'INVALID_OPTIONS');
    assert.equal(both.field, field);
  }
  const odd = construction(() => new HorusClient({ fetch: noFetch, baseUrl: mock.url, withoutCredentials: 'yes' }));
  assert.equal(odd.field, 'withoutCredentials');
  // false is the default: a server client is still refused without credentials.
  assert.equal(construction(() => new HorusClient({ fetch: noFetch, baseUrl: mock.url, withoutCredentials: false })).field, 'clientId');
});

test('a fully qualified host with its trailing dot is still the provider\'s own address: refused without a credential',
  () => {
    for (const [make, field] of [
      [() => new VerifikClient({ fetch: noFetch, baseUrl: 'https://api.verifik.co.' }), 'token'],
      [() => new EqualsClient({ fetch: noFetch, baseUrl: 'https://api.equalsmoney.com./' }), 'apiKey'],
    ]) assert.equal(construction(make).field, field);
  });

test('credentials and addresses come from the environment; an option wins; an empty variable counts as unset', async () => {
  process.env.VERIFIK_TOKEN = TOKEN;
  process.env.VERIFIK_BASE_URL = mock.url;
  process.env.EQUALS_API_KEY = API_KEY;
  process.env.EQUALS_BASE_URL = mock.url;
  process.env.HORUS_BASE_URL = mock.url;
  process.env.HORUS_CLIENT_ID = CLIENT_ID;
  process.env.HORUS_CLIENT_SECRET = CLIENT_SECRET;
  assert.equal((await new VerifikClient().createPerson(verifikPerson())).attempts, 1);
  assert.equal((await new EqualsClient({}).createPerson(equalsPerson())).attempts, 1);
  assert.equal((await new HorusClient().createPerson(horusPerson())).created, true);
  const sent = await mock.requests();
  assert.equal(sent[0].headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(sent[1].headers.authorization, `ApiKey ${API_KEY}`);
  assert.equal(sent[2].body.clientSecret, CLIENT_SECRET);

  // An option wins over its variable: a wrong token given is sent, not the variable's.
  const e = await rejection(new VerifikClient({ token: 'another-token' }).createPerson(verifikPerson(), { maxRetries: 0 }));
  assert.equal(e.code, 'UNAUTHORIZED');
  process.env.VERIFIK_BASE_URL = 'not a url';
  assert.doesNotThrow(() => new VerifikClient({ baseUrl: mock.url }));
  assert.match(construction(() => new VerifikClient()).detail, /VERIFIK_BASE_URL/, 'a bad variable is named');

  // Empty: as if unset (the default address, which then needs its credential).
  process.env.VERIFIK_BASE_URL = '';
  process.env.VERIFIK_TOKEN = '';
  assert.equal(construction(() => new VerifikClient({ fetch: noFetch })).field, 'token');
  // A variable that is only spaces or ends in a newline (a token file) is refused, naming it, never sent.
  for (const bad of ['   ', `${TOKEN}\n`]) {
    process.env.VERIFIK_TOKEN = bad;
    const err = construction(() => new VerifikClient({ fetch: noFetch }));
    assert.equal(err.field, 'token');
  }
  process.env.VERIFIK_TOKEN = `${TOKEN}\n`;
  assert.match(construction(() => new VerifikClient({ fetch: noFetch })).detail, /VERIFIK_TOKEN/);
});

test('baseUrl: a path is kept, a trailing slash is not doubled; query, fragment, user info, plain http elsewhere are refused', async () => {
  const urls = [];
  const fetch = async (u, init) => { urls.push(`${init.method} ${u.split('?')[0]}`); return new Response('{}', { status: 400 }); };
  for (const baseUrl of [`${mock.url}/api`, `${mock.url}/api/`]) {
    await rejection(new EqualsClient({ apiKey: API_KEY, baseUrl, fetch }).createPerson(equalsPerson()));
  }
  assert.deepEqual(urls, [`POST ${mock.url}/api/v2/people`, `POST ${mock.url}/api/v2/people`]);
  for (const baseUrl of [`${mock.url}?a=1`, `${mock.url}#f`, mock.url.replace('//', '//u:p@'), 'http://example.com', 'ftp://127.0.0.1', ` ${mock.url}`]) {
    const e = construction(() => new EqualsClient({ apiKey: API_KEY, baseUrl, fetch: noFetch }));
    assert.equal(e.field, 'baseUrl', baseUrl);
    assert.ok(!e.detail.includes('u:p'), 'user info is not repeated');
  }
});

// ------------------------------------------------------------ numbers

test('timeoutMs and maxRetries out of range or of the wrong type: INVALID_OPTIONS at construction and per call, nothing sent', async () => {
  const bad = {
    timeoutMs: [0, -1, 0.5, NaN, Infinity, 2 ** 31, 1e20, '100', true],
    maxRetries: [-1, 11, 1.5, NaN, Infinity, '1', -Infinity],
  };
  for (const [option, values] of Object.entries(bad)) {
    for (const value of values) {
      const e = construction(() => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, fetch: noFetch, [option]: value }));
      assert.equal(e.code, 'INVALID_OPTIONS');
      assert.equal(e.field, option, `${option}: ${String(value)}`);
      const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, fetch: noFetch });
      const c = await rejection(client.createPerson(equalsPerson(), { [option]: value }));
      assert.equal(c.field, option);
      assert.equal(c.attempts, 0);
    }
  }
  for (const [option, value] of [['timeoutMs', 2 ** 31 - 1], ['timeoutMs', 1.5], ['maxRetries', 0], ['maxRetries', 10], ['maxRetries', -0]]) {
    assert.doesNotThrow(() => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, [option]: value }));
  }
  const unknown = await rejection(new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, fetch: noFetch }).createPerson(equalsPerson(), { timeout: 5 }));
  assert.equal(unknown.field, 'timeout');
  assert.match(unknown.detail, /did you mean timeoutMs/);
});

// ------------------------------------------------------------ headers

test('headers: CR/LF and characters fetch cannot send are refused naming the header, never its value; Latin-1 is sent', async () => {
  const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url });
  for (const headers of [{ 'x-a': 'v\r\nx-evil: 1' }, { 'x-a': 'v\n' }, { 'x-a': '😀' }, { 'x-ñ': 'v' }, { 'bad name': 'v' }, { 'x-a': 'v', 'X-A': 'w' }]) {
    const e = await rejection(client.createPerson(equalsPerson(), { headers }));
    assert.equal(e.code, 'INVALID_OPTIONS');
    assert.equal(e.field, 'headers');
    assert.ok(!e.detail.includes('evil') && !e.detail.includes('😀'));
    assert.equal(e.attempts, 0);
  }
  for (const name of ['Content-Type', 'accept', 'Content-Length', 'Host']) {
    const e = await rejection(client.createPerson(equalsPerson(), { headers: { [name]: 'text/plain' } }));
    assert.match(e.detail, /set by personkit/);
  }
  assert.equal((await counts()).equals, 0);
  await client.createPerson(equalsPerson(), { headers: { 'x-note': 'Peña', 'Idempotency-Key': 'k-1' } });
  const [req] = await mock.requests();
  assert.equal(req.headers['x-note'], 'Peña');
  assert.equal(req.headers['idempotency-key'], 'k-1');
});

test('User-Agent: personkit/<version> on creates and lookups, unless the client\'s or the call\'s headers set one', async () => {
  const plain = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url });
  await mock.scenario('reset;after-create', 1, 'equals');
  await plain.createPerson(equalsPerson());
  const own = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, headers: { 'User-Agent': 'acme/2' } });
  await own.createPerson(equalsPerson());
  await plain.createPerson(equalsPerson(), { headers: { 'user-agent': 'call/3' } });
  const agents = (await mock.requests()).map((r) => `${r.kind} ${r.headers['user-agent']}`);
  assert.deepEqual(agents, [`create personkit/${version()}`, `lookup personkit/${version()}`, 'create acme/2', 'create call/3']);
});

test('a call\'s Authorization header is sent over the client\'s credential (as documented) and is redacted like it', async () => {
  const other = 'ApiKey other-tenant-key-7f3a';
  const fetch = async (u, init) => new Response(JSON.stringify({ message: `bad key ${init.headers.authorization}`, code: 'FORBIDDEN' }), { status: 403 });
  const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, fetch });
  const e = await rejection(client.createPerson(equalsPerson(), { headers: { Authorization: other } }));
  assert.equal(e.code, 'UNAUTHORIZED');
  for (const text of [e.message, e.detail, e.body ?? '', JSON.stringify(e)]) assert.ok(!text.includes('other-tenant-key-7f3a'), text);
  const live = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url });
  assert.equal((await rejection(live.createPerson(equalsPerson(), { headers: { Authorization: other } }))).code, 'UNAUTHORIZED');
  assert.equal((await mock.requests())[0].headers.authorization, other);
  // At construction the two together are refused: one of them would be dropped unseen.
  assert.equal(construction(() => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, headers: { Authorization: other } })).field, 'headers');
});

// ------------------------------------------------------------ signal

const clients = () => [
  ['verifik', (o) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, ...o }), verifikPerson],
  ['equals', (o) => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, ...o }), equalsPerson],
  ['horus', (o) => new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }), horusPerson],
];

test('a signal already aborted: ABORTED, attempts 0, nothing sent, the reason copied (string, undefined, an Error with a secret)', async () => {
  const own = { verifik: TOKEN, equals: API_KEY, horus: CLIENT_SECRET };
  for (const [provider, make, input] of clients()) {
    for (const reason of ['stop', undefined, new Error(`stop ${own[provider]}`)]) {
      const ac = new AbortController();
      ac.abort(reason);
      const e = await rejection(make().createPerson(input(), { signal: ac.signal }));
      assert.equal(e.code, 'ABORTED');
      assert.equal(e.attempts, 0);
      assert.equal(e.retried, false);
      assert.ok(e.cause !== undefined, 'the reason is kept');
      for (const text of [e.message, e.detail, JSON.stringify(e), String(e.cause), e.cause?.stack ?? '']) assert.ok(!text.includes(own[provider]), text);
      if (typeof reason === 'string') assert.equal(e.cause, 'stop');
    }
    assert.equal((await counts())[provider], 0, provider);
  }
});

test('aborted while waiting to look after a create that may have happened: OUTCOME_UNKNOWN, cause ABORTED, cause.cause the reason; one person', async () => {
  for (const [provider, make, input] of clients().slice(0, 2)) {
    const ac = new AbortController();
    // The logger's line that the call will look is said before the wait: abort there.
    const logger = { info: (line) => { if (/may have left/.test(line)) ac.abort('user left'); } };
    await mock.scenario('500;after-create', 1, provider);
    const e = await rejection(make({ logger }).createPerson(input(), { signal: ac.signal }));
    assert.equal(e.code, 'OUTCOME_UNKNOWN', provider);
    assert.equal(e.attempts, 1);
    assert.equal(e.cause?.code, 'ABORTED');
    assert.equal(e.cause?.cause, 'user left');
    const state = await mock.persons();
    assert.equal(state[provider].length, 1);
    assert.equal(state.attempts[provider], 1);
  }
});

test('aborted during the lookup, after a lost answer or for lookFirst: OUTCOME_UNKNOWN; lookFirst sends nothing', async () => {
  for (const [provider, make, input] of clients().slice(0, 2)) {
    for (const lookFirst of [false, true]) {
      await mock.reset();
      const ac = new AbortController();
      const fetch = (u, init) => { if (init.method === 'GET') ac.abort(); return globalThis.fetch(u, init); };
      if (!lookFirst) await mock.scenario('reset;after-create', 1, provider);
      const e = await rejection(make({ fetch }).createPerson(input(), { signal: ac.signal, lookFirst }));
      assert.equal(e.code, 'OUTCOME_UNKNOWN');
      assert.equal(e.attempts, lookFirst ? 0 : 1);
      assert.equal(e.cause?.code, 'ABORTED');
      assert.equal((await counts())[provider], lookFirst ? 0 : 1);
      assert.equal((await mock.persons())[provider].length, lookFirst ? 0 : 1);
    }
  }
});

test('an abort reason quoting the person, fired during the wait before a retry, is scrubbed of the person as before sending',
  async () => {
    for (const [provider, make, input, value] of [
      ['verifik', clients()[0][1], () => verifikPerson({ name: 'Zoraida Quispe' }), 'Zoraida Quispe'],
      ['equals', clients()[1][1], () => equalsPerson({ emailAddress: 'zoraida.q@example.pe' }), 'zoraida.q@example.pe'],
    ]) {
      const ac = new AbortController();
      const logger = { info: (line) => { if (/retrying in|may have left/.test(line)) ac.abort(new Error(`cancelled for ${value}`)); } };
      await mock.scenario('503', 1, provider);
      const e = await rejection(make({ logger }).createPerson(input(), { signal: ac.signal }));
      assert.equal(e.code, 'ABORTED');
      const texts = [e.message, e.detail, JSON.stringify(e), String(e.cause), e.cause?.stack ?? ''];
      for (const text of texts) assert.ok(!text.includes(value), `${provider}: ${text.slice(0, 120)}`);
    }
  });

test('Equals: aborted while waiting to look after a busy answer says to pass lookFirst (a naive retry adds a second persona)',
  async () => {
    const ac = new AbortController();
    const logger = { info: (line) => { if (/may have left/.test(line)) ac.abort(); } };
    const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, logger });
    const person = equalsPerson();
    await mock.scenario('503;after-create', 1, 'equals');
    const e = await rejection(client.createPerson(person, { signal: ac.signal }));
    assert.deepEqual(await personasOf(person.emailAddress), { F12345: 1 });
    assert.match(`${e.code} ${e.detail}`, /OUTCOME_UNKNOWN|lookFirst/);
  });

/** Runs an ES module script in a child Node (its crash is not this file's), with MOCK_URL set; its exit code and output. */
const child = (script) => new Promise((resolve) => {
  execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('../..', import.meta.url), env: { ...process.env, MOCK_URL: mock.url } },
    (err, stdout) => resolve({ code: err ? err.code : 0, stdout }));
});

test('a signal-like object the option check accepts (aborted and addEventListener, no removeEventListener) neither crashes nor hangs the call',
  async () => {
    const email = `sig.${Date.now()}@acme.com`;
    const { code, stdout } = await child(`
      import { EqualsClient } from 'personkit';
      const signal = { aborted: false, addEventListener() {} };
      const c = new EqualsClient({ apiKey: '${API_KEY}', baseUrl: process.env.MOCK_URL });
      const r = await c.createPerson({ accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: '${email}' }, { signal })
        .then((v) => 'ok ' + v.attempts, (e) => e.code);
      console.log('settled', r);`);
    assert.equal(code, 0);
    assert.match(stdout, /settled/);
    assert.ok(((await personasOf(email))?.F12345 ?? 0) <= 1);
  });

test('Verifik: the signal also ends a call still reading its photos (a Blob whose read never finishes): ABORTED, nothing sent',
  { timeout: 10_000 },
  async () => {
    class StalledBlob extends Blob { arrayBuffer() { return new Promise(() => {}); } }
    const ac = new AbortController();
    const client = new VerifikClient({ token: TOKEN, baseUrl: mock.url, fetch: noFetch });
    const pending = client.createPerson(verifikPerson({ images: [new StalledBlob([jpegBytes()])] }), { signal: ac.signal });
    ac.abort('user left');
    const e = await rejection(pending);
    assert.equal(e.code, 'ABORTED');
    assert.equal(e.attempts, 0);
  });

test('Verifik: a signal aborted before the call and a photo whose read then fails: ABORTED, and no unhandled rejection',
  async () => {
    const unhandled = [];
    const seen = (e) => unhandled.push(e);
    process.on('unhandledRejection', seen);
    try {
      class FailingBlob extends Blob { arrayBuffer() { return new Promise((_, reject) => setTimeout(() => reject(new Error('gone')), 20)); } }
      const ac = new AbortController();
      ac.abort('user left');
      const client = new VerifikClient({ token: TOKEN, baseUrl: mock.url, fetch: noFetch });
      const e = await rejection(client.createPerson(verifikPerson({ images: [new FailingBlob([jpegBytes()])] }), { signal: ac.signal }));
      assert.equal(e.code, 'ABORTED');
      assert.equal(e.attempts, 0);
      await new Promise((r) => setTimeout(r, 60));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', seen);
    }
  });

// ------------------------------------------------------------ Retry-After

test('Retry-After: seconds, an HTTP date, retry-after-ms; over 60 s stops at once with retryAfter; garbage, negative or past is the backoff', async () => {
  const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
  const anHourAgo = new Date(Date.now() - 3_600_000).toUTCString();
  const cases = [
    [{ 'retry-after': '120' }, 1, 120], [{ 'retry-after': ' 61 ' }, 1, 61], [{ 'retry-after': inTwoMinutes }, 1, null],
    [{ 'retry-after-ms': '70000', 'retry-after': '1' }, 1, 70], [{ 'retry-after': '99999999999999999999' }, 1, null],
    [{ 'retry-after': 'soon' }, 2, undefined], [{ 'retry-after': '-5' }, 2, undefined], [{ 'retry-after': '1e3' }, 2, undefined],
    [{ 'retry-after': anHourAgo }, 2, 0], [{ 'retry-after': '0' }, 2, 0], [{ 'retry-after-ms': '-1' }, 2, undefined], [{}, 2, undefined],
  ];
  for (const [headers, attempts, retryAfter] of cases) {
    let sent = 0;
    const fetch = async () => { sent += 1; return new Response('{"message":"busy"}', { status: 429, headers }); };
    const e = await rejection(new VerifikClient({ token: TOKEN, baseUrl: mock.url, fetch, maxRetries: 1 }).createPerson(verifikPerson()));
    const what = JSON.stringify(headers);
    assert.equal(e.code, 'RATE_LIMITED', what);
    assert.equal(e.attempts, attempts, what);
    assert.equal(sent, attempts, what);
    if (retryAfter === null) assert.ok(e.retryAfter > 60, what);
    else assert.equal(e.retryAfter, retryAfter, what);
  }
});

test('Equals 429 asking 120 s after it made the person: found at once, one persona; not made: RATE_LIMITED, none', async () => {
  const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url });
  const made = equalsPerson();
  await mock.scenario('429;retry-after=120;after-create', 1, 'equals');
  const r = await client.createPerson(made);
  assert.equal(r.reconciled, true);
  assert.equal(r.attempts, 1);
  assert.deepEqual(await personasOf(made.emailAddress), { F12345: 1 });
  const busy = equalsPerson();
  await mock.scenario('429;retry-after=120', 1, 'equals');
  const e = await rejection(client.createPerson(busy));
  assert.equal(e.code, 'RATE_LIMITED');
  assert.equal(e.retryAfter, 120);
  assert.equal(await personasOf(busy.emailAddress), undefined);
  const state = await mock.persons();
  assert.deepEqual([state.attempts.equals, state.lookups.equals], [2, 2]);
});

// ------------------------------------------------------------ logger

test('a logger that throws, or whose level is a getter that throws, never breaks a create nor repeats it', async () => {
  const loggers = [
    { debug() { throw new Error('sink down'); }, info() { throw new Error('sink down'); } },
    { get debug() { throw new Error('getter'); }, info: () => { throw new Error('x'); } },
  ];
  for (const logger of loggers) {
    const person = equalsPerson();
    await mock.scenario('500;after-create', 1, 'equals');
    const r = await new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, logger }).createPerson(person);
    assert.equal(r.reconciled, true);
    assert.deepEqual(await personasOf(person.emailAddress), { F12345: 1 });
  }
});

test('an async logger whose promise rejects does not crash the process (a logger that throws is ignored)',
  async () => {
    const { code, stdout } = await child(`
      import { EqualsClient } from 'personkit';
      const logger = { async debug() { throw new Error('sink down'); } };
      const fetch = async () => new Response('{"code":"BAD_REQUEST","message":"no"}', { status: 400 });
      await new EqualsClient({ apiKey: 'k-123456', baseUrl: 'http://127.0.0.1:9', fetch, logger }).createPerson({}).catch(() => {});
      await new EqualsClient({ apiKey: 'k-123456', baseUrl: 'http://127.0.0.1:9', fetch, logger })
        .createPerson({ accountId: 'F1', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.co' }).catch(() => {});
      await new Promise((r) => setTimeout(r, 50));
      console.log('alive');`);
    assert.equal(code, 0);
    assert.match(stdout, /alive/);
  });

test('the logger\'s lines hold no credential, email, name or query, through a lost answer, a lookup and an OUTCOME_UNKNOWN', async () => {
  const lines = [];
  const logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((level) => [level, (...args) => lines.push(args.map(String).join(' '))]));
  const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, logger, headers: { 'x-api-key': 'gateway-key-1234' } });
  const person = equalsPerson({ firstName: 'Zoë', lastName: 'Quispe-Mamani' });
  await mock.scenario('reset;after-create', 1, 'equals');
  await client.createPerson(person);
  await mock.scenario('500;after-create', 1, 'equals');
  await mock.scenario('500', 1, 'equals', 'lookup');
  assert.equal((await rejection(client.createPerson(person))).code, 'OUTCOME_UNKNOWN');
  assert.ok(lines.length >= 5, lines.join('\n'));
  for (const line of lines) {
    for (const secret of [API_KEY, 'gateway-key-1234', person.emailAddress, 'Zoë', 'Quispe', '?', 'F12345']) {
      assert.ok(!line.includes(secret), `${secret} in ${line}`);
    }
  }
});

// ------------------------------------------------------------ free and concurrency

test('free() while a create is in flight and its answer is lost: the call finishes, looks, one person; free() again is a no-op', async () => {
  for (const [provider, make, input] of clients()) {
    const client = make();
    await mock.scenario('500;after-create;delay=100', 1, provider);
    const pending = client.createPerson(input());
    client.free();
    client.free();
    client[Symbol.dispose]();
    const r = await pending;
    assert.equal(r.attempts, provider === 'horus' ? 2 : 1, provider);
    assert.equal((await mock.persons())[provider].length, 1, provider);
    assert.equal((await rejection(client.createPerson(input()))).code, 'INVALID_OPTIONS');
    await mock.reset();
  }
});

test('50 parallel creates on one client, 10 of them losing their answer after the create: 50 persons, none twice', async () => {
  const equals = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url });
  await mock.scenario('500;after-create', 10, 'equals');
  const people = Array.from({ length: 50 }, () => equalsPerson());
  const results = await Promise.all(people.map((p) => equals.createPerson(p)));
  assert.equal(new Set(results.map((r) => r.id)).size, 50);
  assert.equal(results.filter((r) => r.reconciled).length, 10);
  const state = await mock.persons();
  assert.equal(state.equals.length, 50);
  assert.ok(state.equals.every((p) => p.personaCounts.F12345 === 1));
  assert.equal(state.attempts.equals, 50);

  const verifik = new VerifikClient({ token: TOKEN, baseUrl: mock.url });
  await mock.scenario('reset;after-create', 10, 'verifik');
  const faces = await Promise.all(Array.from({ length: 50 }, () => verifik.createPerson(verifikPerson())));
  assert.equal(new Set(faces.map((r) => r.id)).size, 50);
  const after = await mock.persons();
  assert.deepEqual([after.verifik.length, after.attempts.verifik], [50, 50]);
});

test('one signal for 50 parallel creates, aborted while 20 are held after the create: each ends ABORTED or made; a lookFirst retry makes none twice', async () => {
  for (const [provider, make, input] of clients().slice(0, 2)) {
    await mock.reset();
    await mock.scenario('delay=300;after-create', 20, provider);
    const ac = new AbortController();
    let posts = 0;
    const fetch = (u, init) => {
      const sent = globalThis.fetch(u, init);
      if (init.method === 'POST' && (posts += 1) === 50) ac.abort();
      return sent;
    };
    const client = make({ fetch });
    const people = Array.from({ length: 50 }, () => input());
    const first = await Promise.allSettled(people.map((p) => client.createPerson(p, { signal: ac.signal })));
    for (const r of first) if (r.status === 'rejected') assert.match(r.reason.code, /^(ABORTED|OUTCOME_UNKNOWN)$/);
    assert.ok(first.some((r) => r.status === 'rejected'), 'the held creates were aborted');
    const again = await Promise.all(first.map((r, i) => (r.status === 'fulfilled' ? r.value : client.createPerson(people[i], { lookFirst: true }))));
    assert.equal(new Set(again.map((r) => r.id)).size, 50);
    const state = await mock.persons();
    assert.equal(state[provider].length, 50, provider);
    if (provider === 'equals') assert.ok(state.equals.every((p) => p.personaCounts.F12345 === 1));
  }
});

// ------------------------------------------------------------ result shapes

const TALLY = ['retried', 'attempts', 'reconciled'];
const sorted = (o) => Object.keys(o).sort();

test('result shapes as index.d.ts says, for each provider, created and found by a lookup', async () => {
  const personKeys = ['_id', 'name', 'gender', 'date_of_birth', 'nationality', 'images', 'collections', 'notes', 'client', 'status', 'faceEncodings', 'createdAt', 'updatedAt'];
  for (const shape of ['file', 'docs']) {
    const v = new VerifikClient({ token: TOKEN, baseUrl: mock.url, headers: { 'x-mock-verifik-shape': shape } });
    const input = verifikPerson({ date_of_birth: '1990-12-04' });
    const made = await v.createPerson(input);
    const found = await v.createPerson(input, { lookFirst: true });
    await mock.scenario('500;after-create', 1, 'verifik');
    const settled = await v.createPerson(verifikPerson());
    const docs = shape === 'docs' ? ['responseId', 'signature'] : [];
    assert.deepEqual(sorted(made), ['id', 'person', ...docs, ...TALLY].sort(), shape);
    assert.deepEqual(sorted(found), ['id', 'person', ...TALLY].sort(), shape);
    for (const r of [made, found, settled]) {
      assert.equal(r.id, r.person._id);
      assert.match(r.id, /^[0-9a-f]{24}$/);
      assert.deepEqual(sorted(r.person), [...personKeys].sort());
    }
    assert.deepEqual(made.person.date_of_birth, { year: 1990, month: 12, day: 4 });
    assert.deepEqual(found.person.date_of_birth, { year: 1990, month: 12, day: 4 });
    assert.deepEqual([made.attempts, made.retried, made.reconciled], [1, false, false]);
    assert.deepEqual([found.attempts, found.retried, found.reconciled], [0, false, true]);
    assert.deepEqual([settled.attempts, settled.retried, settled.reconciled], [1, false, true]);
    if (shape === 'docs') {
      assert.match(made.responseId, /^[A-Z0-9]{5}$/);
      assert.deepEqual(sorted(made.signature), ['dateTime', 'message']);
    }
    const bare = await v.createPerson(verifikPerson({ date_of_birth: undefined, gender: undefined }));
    assert.equal(bare.person.date_of_birth, null);
    assert.equal(bare.person.gender, null);
  }

  const eq = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url });
  const ep = equalsPerson();
  const made = await eq.createPerson(ep);
  const found = await eq.createPerson(ep, { lookFirst: true });
  for (const r of [made, found]) {
    assert.deepEqual(sorted(r), ['id', 'personaId', 'person', 'persona', ...TALLY].sort());
    assert.equal(r.id, r.person.id);
    assert.equal(r.personaId, r.persona.id);
    assert.deepEqual(r.persona, r.person.persona);
  }
  assert.equal(found.personaId, made.personaId);
  assert.deepEqual([found.attempts, found.reconciled], [0, true]);
  assert.deepEqual(await personasOf(ep.emailAddress), { F12345: 1 });

  const h = new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const hp = horusPerson();
  const created = await h.createPerson(hp, { requestId: 'req-1' });
  assert.deepEqual(sorted(created), ['created', 'code', 'message', 'requestId', ...TALLY].sort());
  assert.deepEqual([created.created, created.code, created.requestId], [true, '200001', 'req-1']);
  const again = await h.createPerson(hp, { lookFirst: true }); // Horus answers a repeat itself: sent
  assert.deepEqual([again.created, again.reason, again.attempts, again.reconciled], [false, 'EMAIL_EXISTS', 1, false]);
  await mock.scenario('reset;after-create', 1, 'horus');
  const lost = await h.createPerson(horusPerson());
  assert.deepEqual([lost.created, lost.retried, lost.attempts], [false, true, 2]);
  assert.equal((await mock.persons()).horus.length, 2);
});
