// Secrets and personal data stay where they belong, when the provider (or a
// custom fetch) is hostile: an error answer that quotes the request, a lookup
// answer that is not JSON, a fetch error that quotes the URL it was given.
// Each test uses values found nowhere else, and scans every text a person,
// a log or a results file could see for them. The server-owned fields are
// tried from every place a page can put them.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { EqualsClient, HorusClient, VerifikClient, enrolMany, enrol } from 'personkit';
import { createEnrolHandler } from 'personkit/server';
import { mockServer } from './import-helpers.mjs';
import { fakeProviders, jsonRequest, person as neutral } from './server-helpers.mjs';

const TOKEN = 'VfkTok9f8e7dQQ';
const API_KEY = 'EqKey5c4b3aQQ';
const CLIENT_SECRET = 'HzSec2a1b0cQQ';
const FIRST = 'Zyxwilda';
const LAST = 'Quorblat';
const EMAIL = 'zyx.quorblat@leakcheck.test';
const DNI = '73914628';
const DOB = '1987-03-29';
const JPEG = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url));
/** What must never show: the credentials, the person's values, an image's base64. */
const FORBIDDEN = [TOKEN, API_KEY, CLIENT_SECRET, FIRST, LAST, 'zyx.quorbl', DNI, DOB, '/9j/'];

const person = () => ({ firstName: FIRST, lastName: LAST, email: EMAIL, dateOfBirth: DOB, identityNumber: DNI, photos: [JPEG] });
const bodies = {
  verifik: { name: `${FIRST} ${LAST}`, images: [JPEG.toString('base64')], date_of_birth: DOB, collections: ['staff'] },
  equals: { accountId: 'F12345', firstName: FIRST, lastName: LAST, roleName: 'Viewer', emailAddress: EMAIL, dob: DOB },
  horus: { mainIdentifier: DNI, firstName: FIRST, lastName: LAST, email: EMAIL, categoryId: 1, positionId: 1, enabled: 1 },
};
const clients = {
  verifik: (fetch) => new VerifikClient({ token: TOKEN, baseUrl: 'https://v.example', fetch, maxRetries: 0 }),
  equals: (fetch) => new EqualsClient({ apiKey: API_KEY, baseUrl: 'https://e.example', fetch, maxRetries: 0 }),
  horus: (fetch) => new HorusClient({ clientId: 'hcid77', clientSecret: CLIENT_SECRET, baseUrl: 'https://h.example', fetch, maxRetries: 0 }),
};

/** Every forbidden value found in `texts` (an object of labelled strings). */
function leaks(texts) {
  return Object.entries(texts).flatMap(([where, t]) => FORBIDDEN.filter((v) => String(t).includes(v)).map((v) => `${where}: ${v}`));
}

/** What an error shows a log or a person: message, detail, String, JSON, inspect (cause chain included), stack. */
function errorTexts(err) {
  return { message: err.message, detail: err.detail, string: String(err), json: JSON.stringify(err), inspect: inspect(err, { depth: Infinity }), stack: err.stack };
}

async function rejection(promise) {
  try { await promise; } catch (e) { return e; }
  return assert.fail('expected a rejection');
}

/** A provider that refuses the create quoting it: its code, message and request id are the person's data. */
const quoting = (status) => async (_url, init) => {
  const sent = new TextDecoder().decode(init.body);
  // What it quotes is what it was sent (Verifik gets no identity number or email).
  const had = [DNI, LAST, EMAIL].filter((v) => sent.includes(v)).join(' ');
  return new Response(JSON.stringify({ code: `DUP ${had}`, message: `already there: ${sent.slice(0, 180)}`, error: `${FIRST} ${had}` }), {
    status, headers: { 'content-type': 'application/json', 'x-request-id': `${LAST}-${had}`, 'x-usil-request-id': `${LAST}-${had}` },
  });
};

let mock;
let tmp;
before(async () => { mock = await mockServer(); tmp = mkdtempSync(join(tmpdir(), 'personkit-leaks-')); });
after(() => { mock.close(); rmSync(tmp, { recursive: true, force: true }); });

test('personkit/server logs a provider\'s code and request id only when they quote nothing of the person', async () => {
  const logs = [];
  const logger = { info: (f) => logs.push(f), warn: (f) => logs.push(f), error: (f) => logs.push(f) };
  const providers = {
    verifik: { client: clients.verifik(quoting(409)), collections: ['staff'] },
    horus: { client: clients.horus(quoting(400)), categoryId: 1, positionId: 1 },
  };
  const enrol = createEnrolHandler({ providers, logger });
  const res = await enrol(jsonRequest({ person: { ...person(), photos: [JPEG.toString('base64')] } }));
  const answer = await res.text();
  assert.deepEqual(leaks({ answer, headers: JSON.stringify([...res.headers]) }), []);
  const failed = logs.filter((f) => f.event === 'enrol.provider_failed');
  assert.deepEqual(failed.map((f) => f.provider).sort(), ['horus', 'verifik']);
  assert.deepEqual(leaks({ log: inspect(logs, { depth: Infinity }) }), []);
  // A code that quotes nobody is still logged, as it is what a developer looks up.
  const plain = { client: clients.horus(async () => Response.json({ code: 400002, message: 'campo requerido' }, { status: 400 })), categoryId: 1, positionId: 1 };
  const quiet = [];
  await (await createEnrolHandler({ providers: { horus: plain }, logger: { warn: (f) => quiet.push(f) } })(jsonRequest({ person: person() }))).text();
  assert.equal(quiet.find((f) => f.event === 'enrol.provider_failed')?.providerCode, '400002');
});

/** A journal left with one unknown row per provider: the creates were made and their answers lost, the lookups failed. */
async function unknownRow(journal, which) {
  await mock.reset();
  for (const p of which) {
    await mock.scenario('reset;after-create', 1, p);
    await mock.scenario('503', 50, p, 'lookup');
  }
  const first = await enrolMany([person()], { providers: importProviders(which), concurrency: 1, journal });
  for (const p of which) assert.equal(first.providers[p].unknown, 1, p);
  await mock.reset();
}

const importProviders = (which, fetch) => Object.fromEntries(which.map((p) => [p, {
  verifik: { token: 'verifik-test-token', baseUrl: mock.url, collections: ['staff'], timeoutMs: 2000, fetch },
  equals: { apiKey: 'equals-test-key', baseUrl: mock.url, accountId: 'F12345', roleName: 'Viewer', timeoutMs: 2000, fetch },
}[p]]));

test('the importer\'s own lookup: an answer that is not JSON, or a fetch error quoting the URL, reaches no row message', async () => {
  const which = ['verifik', 'equals'];
  const hostile = {
    // A lookup answered with the request's own header, or the search it was sent, as text.
    echo: async (url, init) => (init?.method ?? 'GET') !== 'GET' ? fetch(url, init)
      : new Response(new Headers(init.headers).get('authorization').split(' ')[1], { status: 200, headers: { 'content-type': 'application/json' } }),
    search: async (url, init) => (init?.method ?? 'GET') !== 'GET' ? fetch(url, init)
      : new Response(`${EMAIL} ${FIRST}`, { status: 200, headers: { 'content-type': 'text/plain' } }),
    // node-fetch's FetchError says "request to <url> failed": the URL holds the email and the collection.
    thrown: async (url, init) => {
      if ((init?.method ?? 'GET') !== 'GET') return fetch(url, init);
      throw Object.assign(new Error(`request to ${url} failed, reason: socket hang up`), { name: 'FetchError', code: 'ECONNRESET' });
    },
  };
  for (const [name, f] of Object.entries(hostile)) {
    const journal = join(tmp, `${name}.jsonl`);
    await unknownRow(journal, which);
    const rows = [];
    const summary = await enrolMany([person()], { providers: importProviders(which, f), concurrency: 1, journal, onRow: (r) => rows.push(r) });
    for (const p of which) {
      const o = rows[0].outcomes[p];
      assert.deepEqual([o.status, o.code], ['unknown', 'LOOKUP_FAILED'], `${name} ${p}`);
      const found = [...leaks({ message: o.message }), ...['verifik-test-token', 'equals-test-key', 'ApiKey equ', 'Bearer ver', 'staff'].filter((v) => o.message.includes(v))];
      assert.deepEqual(found, [], `${name} ${p}: ${o.message}`);
    }
    assert.equal(summary.providers.equals.unknown, 1);
  }
});

test('a client error never repeats the person a provider quoted back: message, detail, providerCode, requestId, JSON, inspect', async () => {
  for (const [provider, make] of Object.entries(clients)) {
    const err = await rejection(make(quoting(409)).createPerson(structuredClone(bodies[provider])));
    assert.equal(err.code, 'BAD_REQUEST');
    assert.deepEqual(leaks(errorTexts(err)), [], provider);
  }
});

test('a provider that quotes the person upper-cased, lower-cased or without accents leaves none of it in a client error (the mock\'s quote fault)', async () => {
  // Values with accents and mixed case, found nowhere else; as the mock re-writes them.
  const p = { first: 'Ñuflówa', last: 'Quispézúñ', email: 'Ñu.Quispe@LeakCheck.test', dni: '48215973' };
  const forms = (v) => [v, v.toUpperCase(), v.toLowerCase(), v.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase()];
  const forbidden = [p.first, p.last, p.email].flatMap(forms).concat(p.dni);
  const made = {
    verifik: [new VerifikClient({ token: 'verifik-test-token', baseUrl: mock.url, maxRetries: 0 }), { name: `${p.first} ${p.last}`, images: [JPEG.toString('base64')], collections: ['staff'] }],
    equals: [new EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock.url, maxRetries: 0 }), { accountId: 'F12345', roleName: 'Viewer', firstName: p.first, lastName: p.last, emailAddress: p.email }],
    horus: [new HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', baseUrl: mock.url, maxRetries: 0 }), { mainIdentifier: p.dni, firstName: p.first, lastName: p.last, email: p.email, categoryId: 1, positionId: 1, enabled: 1 }],
  };
  for (const how of ['upper', 'lower', 'ascii']) {
    for (const [provider, [client, body]] of Object.entries(made)) {
      await mock.scenario(`400;quote=${how}`, 1, provider);
      const err = await rejection(client.createPerson(structuredClone(body)));
      const where = `${provider} quote=${how}`;
      assert.equal(err.status, 400, `${where}: ${err.code} ${err.detail}`);
      // The quote reached the error (the provider's text is kept), scrubbed
      // (the server's own fields, an account id, a role, stay readable).
      assert.match(err.detail, /already registered: .*\[redacted\]/, where);
      const texts = errorTexts(err);
      const found = Object.entries(texts).flatMap(([k, t]) => forbidden.filter((v) => String(t).includes(v)).map((v) => `${k}: ${v}`));
      assert.deepEqual(found, [], where);
      // The raw answer stays readable as it was (err.body is not enumerable, never logged).
      assert.ok(forbidden.some((v) => err.body.includes(v)), where);
    }
  }
  await mock.reset();
});

test('a client error\'s cause keeps no credential or person\'s data from a custom fetch\'s error, whatever property holds it', async () => {
  const carrying = async (_url, init) => {
    throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', config: { headers: Object.fromEntries(new Headers(init.headers)) } }) });
  };
  for (const provider of ['verifik', 'equals']) {
    const err = await rejection(clients[provider](carrying).createPerson(structuredClone(bodies[provider])));
    // A reset may have come after the create: its lookup fails the same way (OUTCOME_UNKNOWN).
    assert.ok(['NETWORK', 'OUTCOME_UNKNOWN'].includes(err.code), err.code);
    assert.deepEqual(leaks(errorTexts(err)), [], provider);
  }
  // The create's answer is lost (500), and the lookup's fetch fails quoting its URL.
  const quotingUrl = async (url, init) => {
    if (init.method === 'POST') return Response.json({ message: 'oops' }, { status: 500 });
    throw Object.assign(new Error(`request to ${url} failed, reason: socket hang up`), { name: 'FetchError', code: 'ECONNRESET' });
  };
  const err = await rejection(clients.equals(quotingUrl).createPerson(structuredClone(bodies.equals)));
  assert.equal(err.code, 'OUTCOME_UNKNOWN');
  assert.deepEqual(leaks(errorTexts(err)), []);
  // A wrapper that names its error after the request: the name is scrubbed as the message is.
  const namedAfter = async (url, init) => {
    throw Object.assign(new Error('socket hang up'), { name: `RequestError[${init.method} ${url} ${new Headers(init.headers).get('authorization')}]`, code: 'ECONNRESET' });
  };
  const named = await rejection(clients.equals(namedAfter).createPerson(structuredClone(bodies.equals)));
  assert.deepEqual(leaks(errorTexts(named)), []);
  assert.match(inspect(named, { depth: 10 }), /RequestError\[/);
});

test('a credential given in another header (an API gateway\'s x-api-key, a cookie, proxy-authorization) is scrubbed from errors as authorization is', async () => {
  const echo = async (_url, init) => {
    const h = new Headers(init.headers);
    const said = ['x-api-key', 'cookie', 'proxy-authorization'].map((n) => h.get(n)).filter(Boolean).join(' ');
    return Response.json({ code: said.slice(0, 60), message: `refused ${said}` }, { status: 401 });
  };
  for (const [name, value, secret] of [['x-api-key', 'gwKey_77aa88bb99', 'gwKey_77aa88bb99'], ['cookie', 'session=cookieSecret_8877', 'cookieSecret_8877'], ['proxy-authorization', 'Basic cHJveHk6c2VjcmV0Nzc=', 'cHJveHk6c2VjcmV0Nzc=']]) {
    for (const where of ['client', 'call']) {
      const client = new EqualsClient({ apiKey: API_KEY, baseUrl: 'https://gw.example', fetch: echo, maxRetries: 0, ...(where === 'client' && { headers: { [name]: value } }) });
      const err = await rejection(client.createPerson(structuredClone(bodies.equals), where === 'call' ? { headers: { [name]: value } } : undefined));
      assert.equal(err.code, 'UNAUTHORIZED');
      const texts = errorTexts(err);
      assert.deepEqual(Object.keys(texts).filter((k) => String(texts[k]).includes(secret)), [], `${name} given to the ${where}`);
    }
  }
});

/** A server on 127.0.0.1 that records what reaches it and answers with `answer(req)`. */
async function server(answer) {
  const seen = [];
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method, authorization: req.headers.authorization, body });
      const { status = 200, headers = { 'content-type': 'application/json' }, text = '{"results":{}}' } = answer(req);
      res.writeHead(status, headers);
      res.end(text);
    });
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  return { seen, url: `http://127.0.0.1:${s.address().port}`, close: () => { s.closeAllConnections(); s.close(); } };
}

test('enrol() never re-sends the person on a redirect: another origin gets nothing, and its answer is not taken for the server\'s', async () => {
  // localhost is another origin than 127.0.0.1: what a redirect to a host of the attacker's would be.
  const other = await server(() => ({ text: '{"results":{"equals":{"status":"created"}}}' }));
  const otherUrl = other.url.replace('127.0.0.1', 'localhost');
  for (const status of [307, 308, 302]) {
    const own = await server(() => ({ status, headers: { location: `${otherUrl}/steal` }, text: '' }));
    try {
      const err = await rejection(enrol({ firstName: FIRST, lastName: LAST, email: EMAIL, identityNumber: DNI }, {
        endpoint: `${own.url}/api/enrol`, headers: { authorization: 'Bearer page-session-123' },
      }));
      assert.equal(err.code, 'BAD_RESPONSE', `${status}: ${err.code} ${err.detail}`);
      assert.match(err.detail, /redirect/);
      assert.equal(own.seen.length, 1);
    } finally {
      own.close();
    }
  }
  other.close();
  assert.deepEqual(other.seen, [], 'the other origin got no request');
});

test('a provider\'s redirect to another origin carries no credential or person there: creates and lookups of every client', async () => {
  const other = await server(() => ({}));
  const to = other.url.replace('127.0.0.1', 'localhost');
  const own = await server((req) => ({ status: 307, headers: { location: `${to}${req.url}` }, text: '' }));
  try {
    const made = {
      verifik: new VerifikClient({ token: TOKEN, baseUrl: own.url, maxRetries: 0 }),
      equals: new EqualsClient({ apiKey: API_KEY, baseUrl: own.url, maxRetries: 0 }),
      horus: new HorusClient({ clientId: 'hcid77', clientSecret: CLIENT_SECRET, baseUrl: own.url, maxRetries: 0 }),
    };
    for (const [provider, client] of Object.entries(made)) {
      for (const options of [{}, { lookFirst: true }]) {
        const err = await rejection(client.createPerson(structuredClone(bodies[provider]), options));
        assert.ok(['BAD_RESPONSE', 'OUTCOME_UNKNOWN'].includes(err.code), `${provider} ${err.code}`);
        assert.deepEqual(leaks(errorTexts(err)).filter((l) => !/Zyxwilda|Quorblat|73914628|1987|9j/.test(l)), [], provider);
      }
    }
    assert.ok(own.seen.length >= 5, 'the creates and lookups reached the provider\'s own address');
  } finally {
    own.close();
    other.close();
  }
  assert.deepEqual(other.seen, [], 'nothing followed the redirect');
});

test('a server-owned field cannot come from the page by any route: casing, extras, __proto__, duplicate keys, escapes, multipart parts, prepare', async () => {
  const p = () => { const x = neutral(); delete x.photos; return x; };
  const json = (value) => JSON.stringify(value);
  const add = (member) => json({ person: p() }).replace(/}}$/, `,${member}}}`);
  const bodiesSent = [
    json({ person: { ...p(), AccountId: 'X1' } }), json({ person: { ...p(), accountid: 'X1' } }), json({ person: { ...p(), ROLENAME: 'Admin' } }),
    json({ person: { ...p(), account_id: 'X1' } }), json({ person: { ...p(), equals: { accountId: 'X1' } } }),
    json({ person: { ...p(), extras: { equals: { AccountId: 'X1' } } } }), json({ person: { ...p(), extras: { Equals: { accountId: 'X1' } } } }),
    json({ person: { ...p(), extras: { horus: { categoryId: 9 } } } }), json({ person: { ...p(), extras: { horus: { CategoryID: 9 } } } }),
    json({ person: { ...p(), extras: { verifik: { collections: ['evil'] } } } }), json({ person: { ...p(), extras: { horus: { clientSecret: 'evil' } } } }),
    json({ person: p(), collections: ['evil'] }), json({ person: p(), AccountId: 'X1' }),
    `${json({ person: p() }).slice(0, -1)},"person":${json({ ...p(), accountId: 'X1' })}}`,
    add('"accountId":"X1"'), add('"\\u0061ccountId":"X1"'), add('"\\ufeffaccountId":"X1"'), add('"account\\u200bId":"X1"'),
    add('"__proto__":{"accountId":"X1","collections":["evil"],"categoryId":9}'),
    add('"extras":{"equals":{"__proto__":{"accountId":"X1","roleName":"Admin"}}}'), add('"extras":{"__proto__":{"equals":{"accountId":"X1"}}}'),
    add('"constructor":{"prototype":{"accountId":"X1"}}'),
  ];
  const parts = [
    [['accountId', 'X1']], [['AccountId', 'X1']], [['collections', 'evil']], [['categoryId', '9']],
    [['person', json({ ...p(), accountId: 'X1' })]], [['providers', '{"equals":{"accountId":"X1"}}']],
  ];
  const multipart = (extra) => {
    const form = new FormData();
    form.append('person', json(p()));
    for (const [k, v] of extra) form.append(k, v);
    return new Request('https://app.example/api/enrol', { method: 'POST', headers: { 'idempotency-key': `k-${Math.random()}`, origin: 'https://app.example' }, body: form });
  };
  const requests = [...bodiesSent.map((b) => () => jsonRequest(b)), ...parts.map((x) => () => multipart(x))];
  for (const prepare of [undefined, (body) => ({ ...body })]) {
    const providers = fakeProviders();
    const enrol = createEnrolHandler({ providers, prepare });
    for (const [i, make] of requests.entries()) {
      const res = await enrol(make());
      const text = await res.text();
      assert.ok(res.status === 400 || res.status === 422, `#${i}: ${res.status} ${text.slice(0, 200)}`);
    }
    const sent = JSON.stringify(Object.values(providers).map((x) => x.client.calls));
    assert.equal(sent, '[[],[],[]]', 'no provider was called');
  }
});

test('under the mock\'s faults, personkit/server\'s answers, headers and log lines (its own and the clients\') hold no credential or person\'s data', async () => {
  const { startMock } = await import('../../mock/server.mjs');
  const own = await startMock({ port: 0, quiet: true, config: { hugeBytes: 2 ** 20, verifik: { token: TOKEN }, equals: { apiKey: API_KEY }, horus: { clientId: 'hcid77', clientSecret: CLIENT_SECRET } } });
  try {
    for (const fault of ['500;after-create', 'reset;after-create', 'bad-json', 'html', 'huge', 'redirect', '429;retry-after=1', '401', '500;on=lookup']) {
      const lines = [];
      const logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((l) => [l, (...a) => lines.push(inspect(a, { depth: Infinity }))]));
      const common = { baseUrl: own.url, headers: { 'x-mock-fault': fault }, logger, timeoutMs: 5000, maxRetries: 1 };
      const enrol = createEnrolHandler({ logger, providers: {
        verifik: { client: new VerifikClient({ token: TOKEN, ...common }), collections: ['staff'] },
        equals: { client: new EqualsClient({ apiKey: API_KEY, ...common }), accountId: 'F12345', roleName: 'Viewer' },
        horus: { client: new HorusClient({ clientId: 'hcid77', clientSecret: CLIENT_SECRET, ...common }), categoryId: 1, positionId: 1 },
      } });
      for (const accept of ['application/json', 'application/x-ndjson']) {
        const res = await enrol(jsonRequest({ person: { ...person(), photos: [JPEG.toString('base64')] } }, { headers: { accept } }));
        const answer = await res.text();
        assert.equal(res.status, 200, `${fault}: ${answer.slice(0, 200)}`);
        assert.deepEqual(leaks({ answer, headers: JSON.stringify([...res.headers]) }), [], fault);
      }
      assert.ok(lines.length > 0, 'the logger heard the calls');
      assert.deepEqual(leaks({ log: lines.join('\n') }), [], fault);
      await fetch(`${own.url}/__mock/reset`, { method: 'POST' });
    }
  } finally {
    await own.close();
  }
});
