// personkit/server attacked by an anonymous visitor of a signup page: the
// server-owned fields by every road a request has, authorize answers that
// are not a session, and a multipart body that hides its boundary from the
// parts count. Exactly once and "nothing created" are counted in
// personkit-mock; each test below the first failed before its fix.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mockServer } from './helpers.mjs';
import {
  mockProviders, person, jsonRequest, jsonOf, uid, fixture, URL_, ORIGIN, createEnrolHandler,
} from './server-helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const providers = (only) => {
  const all = mockProviders({ baseUrl: mock.url, timeoutMs: 2000, maxRetries: 0 });
  return only ? Object.fromEntries(only.map((p) => [p, all[p]])) : all;
};
const handler = ({ only, ...over } = {}) => createEnrolHandler({ providers: providers(only), ...over });

async function created() {
  const s = await mock.persons();
  return { verifik: s.verifik.length, equals: s.equals.length, horus: s.horus.length };
}
const NONE = { verifik: 0, equals: 0, horus: 0 };

/** A JSON body written by hand: `tail` goes inside the person object, after its own members. */
const personWith = (tail, outside = '') => `{"person":${JSON.stringify(person()).slice(0, -1)},${tail}}${outside}}`;

test('server-owned fields by every road a JSON or multipart request has are refused and nothing is created (regression: these held before this audit)', async () => {
  const handle = handler();
  const refused = [
    // Duplicate members: JSON.parse keeps the last, and the last is what is checked.
    [personWith('"extras":{"equals":{"jobTitle":"a"}},"extras":{"equals":{"roleName":"Owner"}}'), 400, 'FIELD_NOT_ALLOWED', 'extras.equals.roleName'],
    [personWith('"roleName":"Viewer","roleName":"Owner"'), 400, 'FIELD_NOT_ALLOWED', 'roleName'],
    [personWith('"extras":{"verifik":{"collections":null}}'), 400, 'FIELD_NOT_ALLOWED', 'extras.verifik.collections'],
    [personWith('"extras":{"horus":{"categoryId":9,"positionId":9}}'), 400, 'FIELD_NOT_ALLOWED', 'extras.horus.categoryId'],
    // Look-alikes are names no provider documents: the person's 422, never sent.
    [personWith('"extras":{"equals":{"RoleName":"Owner"}}'), 422, 'VALIDATION_FAILED', 'extras.equals.RoleName'],
    [personWith('"extras":{"equals":{"roleName ":"Owner"}}'), 422, 'VALIDATION_FAILED', 'extras.equals.roleName '],
    [personWith('"extras":{"equals":{"role\\u200bName":"Owner"}}'), 422, 'VALIDATION_FAILED', 'extras.equals.role\u200bName'],
    [personWith('"extras":{"equals":{"r\\u043eleName":"Owner"}}'), 422, 'VALIDATION_FAILED', 'extras.equals.r\u043eleName'],
    [personWith('"extras":{"Equals":{"roleName":"Owner"}}'), 422, 'VALIDATION_FAILED', 'extras.Equals'],
    [personWith('"extras":{"equals":{"__proto__":{"roleName":"Owner"}}}'), 422, 'VALIDATION_FAILED', 'extras.equals.__proto__'],
    [personWith('"__proto__":{"roleName":"Owner"}'), 422, 'VALIDATION_FAILED', '__proto__'],
    [personWith('"constructor":{"prototype":{"roleName":"Owner"}}'), 422, 'VALIDATION_FAILED', 'constructor'],
    // Outside the person: a server-owned name is named, anything else is the page's 400.
    [`{"person":${JSON.stringify(person())},"roleName":"Owner"}`, 400, 'FIELD_NOT_ALLOWED', 'roleName'],
    [`{"person":${JSON.stringify(person())},"extras":{"equals":{"roleName":"Owner"}}}`, 400, 'BAD_REQUEST', undefined],
    [`{"__proto__":{"roleName":"Owner"},"person":${JSON.stringify(person())}}`, 400, 'BAD_REQUEST', undefined],
  ];
  for (const [body, status, code, field] of refused) {
    const res = await handle(jsonRequest(body));
    const { error } = await jsonOf(res);
    assert.deepEqual([res.status, error.code], [status, code], body.slice(-90));
    if (code === 'FIELD_NOT_ALLOWED') assert.equal(error.field, field);
    if (code === 'VALIDATION_FAILED') assert.ok(error.errors.some((e) => e.field === field && e.code === 'UNKNOWN_FIELD'), JSON.stringify(error.errors));
  }
  const multipart = async (build) => {
    const form = new FormData();
    build(form);
    const res = await handle(new Request(URL_, { method: 'POST', headers: { 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: form }));
    return [res.status, (await jsonOf(res)).error];
  };
  const [s1, e1] = await multipart((f) => { f.append('person', JSON.stringify(person())); f.append('person', JSON.stringify(person({ roleName: 'Owner' }))); });
  assert.deepEqual([s1, e1.code], [400, 'BAD_REQUEST'], 'a second person part');
  const [s2, e2] = await multipart((f) => { f.append('person', JSON.stringify(person())); f.append('extras', '{"equals":{"roleName":"Owner"}}'); });
  assert.deepEqual([s2, e2.code], [400, 'BAD_REQUEST'], 'a part named extras');
  const [s3, e3] = await multipart((f) => { f.append('person', new File([JSON.stringify(person({ roleName: 'Owner' }))], 'roleName')); });
  assert.deepEqual([s3, e3.code, e3.field], [400, 'FIELD_NOT_ALLOWED', 'roleName'], 'a person part sent as a file');
  assert.deepEqual(await created(), NONE);
});

test('a request that names some providers cannot set server-owned fields in the extras of the others, nor of a provider the server lacks: 400 FIELD_NOT_ALLOWED, nothing created', async () => {
  const cases = [
    [undefined, ['verifik'], { equals: { roleName: 'Owner' } }, 'extras.equals.roleName'],
    [undefined, ['verifik', 'horus'], { equals: { accountId: 'F999' } }, 'extras.equals.accountId'],
    [undefined, ['equals'], { horus: { categoryId: 3, positionId: 3 } }, 'extras.horus.categoryId'],
    [undefined, ['equals', 'horus'], { verifik: { collections: ['admins'] } }, 'extras.verifik.collections'],
    // Fields the table fills are the person's top-level ones, for every provider.
    [undefined, ['verifik'], { equals: { emailAddress: 'other@example.com' } }, 'extras.equals.emailAddress'],
    // A Verifik-only server: Equals' roleName is never the page's either (the top-level one is refused so).
    [['verifik'], undefined, { equals: { roleName: 'Owner' } }, 'extras.equals.roleName'],
  ];
  for (const [only, asked, extras, field] of cases) {
    const handle = handler({ only });
    const res = await handle(jsonRequest({ person: person({ extras }), ...(asked && { providers: asked }) }));
    const body = await jsonOf(res);
    assert.equal(res.status, 400, `${field}: ${JSON.stringify(body).slice(0, 200)}`);
    assert.deepEqual([body.error.code, body.error.field], ['FIELD_NOT_ALLOWED', field]);
    assert.deepEqual(await created(), NONE, field);
  }
  // What such a request may send for another provider is still taken (and not sent there).
  const ok = await handler()(jsonRequest({ person: person({ extras: { equals: { jobTitle: 'Chef' } } }), providers: ['verifik'] }));
  assert.equal(ok.status, 200);
  assert.deepEqual(await created(), { verifik: 1, equals: 0, horus: 0 });
});

test('authorize returning a Response or an Error (a refusal written as a return) refuses: nothing read, nothing created', async () => {
  const logged = [];
  const logger = { info() {}, warn: (f) => logged.push(f), error: (f) => logged.push(f) };
  const answers = [
    [() => new Response('no session', { status: 401 }), 401, 'UNAUTHORIZED'],
    [() => Response.json({ error: 'forbidden' }, { status: 403 }), 403, 'FORBIDDEN'],
    [async () => new Response(null, { status: 302, headers: { location: '/login' } }), 403, 'FORBIDDEN'],
    // An auth service's own answer handed back as it came: a 200 says nothing of who is asking.
    [() => new Response('{"user":null}', { status: 200 }), 403, 'FORBIDDEN'],
    [() => new Error('no session'), 403, 'FORBIDDEN'],
  ];
  // A store that counts: an unauthorized request never reaches it.
  let touched = 0;
  const touch = () => { touched += 1; throw new Error('the store was touched'); };
  const store = { get: touch, create: touch, replace: touch };
  for (const [authorize, status, code] of answers) {
    let pulled = 0;
    const body = new ReadableStream({ pull(c) { pulled += 1; c.enqueue(new TextEncoder().encode(JSON.stringify({ person: person() }))); c.close(); } }, { highWaterMark: 0 });
    const res = await handler({ authorize, logger, store })(new Request(URL_, {
      method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json', 'idempotency-key': `k-${uid()}`, origin: ORIGIN },
    }));
    const { error } = await jsonOf(res);
    assert.deepEqual([res.status, error.code], [status, code], String(authorize));
    assert.equal(pulled, 0, 'no byte of the body was read');
  }
  assert.deepEqual([await created(), touched], [NONE, 0]);
  // The developer's mistake is in the log, by the kind of value only.
  assert.ok(logged.some((f) => f.event === 'enrol.authorize_refused' && f.returned === 'Error'), JSON.stringify(logged));
  assert.ok(!JSON.stringify(logged).includes('no session'));
});

/** A multipart body of one person part and `n` tiny parts of made-up names, under `boundary`. */
function manyParts(boundary, n, p) {
  const chunks = [`--${boundary}\r\nContent-Disposition: form-data; name="person"\r\n\r\n${JSON.stringify(p)}\r\n`];
  for (let i = 0; i < n; i += 1) chunks.push(`--${boundary}\r\nContent-Disposition: form-data; name="p${i}"\r\n\r\nx\r\n`);
  chunks.push(`--${boundary}--\r\n`);
  return new TextEncoder().encode(chunks.join(''));
}

test('a multipart body of many parts is refused before it is parsed however its Content-Type writes the boundary (quoted with an escape, or behind a decoy boundary= in another parameter)', async () => {
  const handle = handler();
  const p = person();
  delete p.photos;
  const bytes = manyParts('real', 2000, p);
  const answer = async (type) => {
    const res = await handle(new Request(URL_, { method: 'POST', headers: { 'content-type': type, 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: bytes }));
    const { error } = await jsonOf(res);
    return [res.status, error.code, error.errors?.map((e) => `${e.field} ${e.code}`)];
  };
  // The plain form: the parts are counted before any is parsed (the core's TOO_MANY), not read to find "p0" unknown.
  const plain = await answer('multipart/form-data; boundary=real');
  assert.deepEqual(plain, [422, 'VALIDATION_FAILED', ['photos TOO_MANY']]);
  for (const type of [
    'multipart/form-data; boundary="re\\al"',
    'multipart/form-data; x="; boundary=decoy"; boundary=real',
    'multipart/form-data; BOUNDARY=real; boundary=decoy',
    'multipart/form-data; boundary = decoy; boundary=real',
  ]) {
    const got = await answer(type);
    // Parsed with the boundary the parts were counted by, or not at all (a 400): never 2000 parts read.
    assert.ok(JSON.stringify(got) === JSON.stringify(plain) || (got[0] === 400 && got[1] === 'BAD_REQUEST'), `${type}: ${JSON.stringify(got)}`);
    if (got[0] === 400) {
      const again = await handle(new Request(URL_, { method: 'POST', headers: { 'content-type': type, 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: bytes }));
      assert.match((await jsonOf(again)).error.message, /not valid multipart/, type);
    }
  }
  assert.deepEqual(await created(), NONE);
  // A quoted boundary (with an escape) of a whole enrolment is still read as it was.
  const ok = new FormData();
  ok.append('person', JSON.stringify(p));
  ok.append('photos', new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg' }));
  const raw = new Uint8Array(await new Response(ok).arrayBuffer());
  const boundary = new TextDecoder().decode(raw.subarray(2, raw.indexOf(13)));
  const quoted = `multipart/form-data; boundary="${boundary.replace(/-/g, (c, i) => (i === 0 ? '\\-' : c))}"`;
  const res = await handle(new Request(URL_, { method: 'POST', headers: { 'content-type': quoted, 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: raw }));
  assert.equal(res.status, 200, JSON.stringify(await res.clone().json()));
  await jsonOf(res);
  assert.deepEqual(await created(), { verifik: 1, equals: 1, horus: 1 });
});

/** An Express app on 127.0.0.1 with `pre` (a body parser) app-wide before the enrol route. */
async function expressApp(pre, options) {
  const { default: express } = await import('express');
  const { createServer } = await import('node:http');
  const { toNodeHandler } = await import('personkit/server');
  const app = express();
  app.use(pre(express));
  app.post('/api/enrol', toNodeHandler(createEnrolHandler({ providers: providers(), ...options })));
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${server.address().port}/api/enrol`;
  const close = () => new Promise((r) => { server.close(r); server.closeAllConnections(); });
  return { url, close };
}

test('behind an app-wide body parser, what it left is refused only after Origin and authorize (a refused visitor gets its 403/401, not the body\'s 400 or 500), and a parser that took the body apart is logged', async () => {
  const inexact = `{"person":${JSON.stringify(person()).slice(0, -1)},"extras":{"horus":{"custom":{"n":1e400}}}}}`;
  const send = (url, headers, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `k-${uid()}`, ...headers }, body });
  const json = await expressApp((express) => express.json(), { authorize: (req) => req.headers.get('authorization') === 'Bearer ok' });
  try {
    const refused = await send(json.url, { origin: 'https://evil.example', authorization: 'Bearer ok' }, inexact);
    assert.deepEqual([refused.status, (await refused.json()).error.code], [403, 'ORIGIN_NOT_ALLOWED']);
    const anonymous = await send(json.url, {}, inexact);
    assert.deepEqual([anonymous.status, (await anonymous.json()).error.code], [401, 'UNAUTHORIZED']);
    const signedIn = await send(json.url, { authorization: 'Bearer ok' }, inexact);
    assert.deepEqual([signedIn.status, (await signedIn.json()).error.code], [400, 'BAD_REQUEST']);
  } finally { await json.close(); }
  const logged = [];
  const logger = { info() {}, warn: (f) => logged.push(f), error: (f) => logged.push(f) };
  // What multer does with a multipart body: reads the stream, leaves its fields in req.body.
  const multer = await expressApp(() => async (req, _res, next) => { for await (const _ of req); req.body = Object.create(null); next(); }, { logger, authorize: (req) => req.headers.get('authorization') === 'Bearer ok' });
  try {
    const form = () => { const f = new FormData(); f.append('person', JSON.stringify(person())); return f; };
    const post = (headers) => fetch(multer.url, { method: 'POST', headers: { 'idempotency-key': `k-${uid()}`, ...headers }, body: form() });
    const anonymous = await post({});
    assert.deepEqual([anonymous.status, (await anonymous.json()).error.code], [401, 'UNAUTHORIZED']);
    const signedIn = await post({ authorization: 'Bearer ok' });
    const { error } = await signedIn.json();
    assert.deepEqual([signedIn.status, error.code], [500, 'INTERNAL']);
    assert.match(error.message, /body parser/);
    assert.ok(logged.some((f) => f.status === 500 && /body parser/.test(f.cause ?? '')), JSON.stringify(logged));
  } finally { await multer.close(); }
  assert.deepEqual(await created(), NONE);
});

test('allowedOrigins written otherwise than a browser writes Origin (upper case, the default port, a Unicode host) is refused when the handler is made, naming the form to write; the request side compares exactly', async () => {
  for (const [entry, want] of [['https://App.example', 'https://app.example'], ['https://app.example:443', 'https://app.example'], ['http://app.example:80', 'http://app.example'], ['https://ñandú.example', 'https://xn--and-6ma2c.example']]) {
    assert.throws(() => createEnrolHandler({ providers: providers(), allowedOrigins: [entry] }), (e) => e instanceof TypeError && e.message.includes(`"${want}"`), entry);
  }
  const handle = handler({ allowedOrigins: ['https://app.example', 'https://xn--and-6ma2c.example', 'https://app.example:8443'] });
  for (const [origin, status] of [
    ['https://app.example', 200], ['https://xn--and-6ma2c.example', 200], ['https://app.example:8443', 200],
    ['https://APP.example', 403], ['https://app.example:443', 403], ['https://app.example.', 403], ['https://app.example.evil.test', 403], ['null', 403], ['http://app.example', 403],
  ]) {
    const res = await handle(jsonRequest({ person: person() }, { origin }));
    assert.equal(res.status, status, origin);
    await res.text();
  }
  assert.deepEqual(await created(), { verifik: 3, equals: 3, horus: 3 });
});

test('another visitor reusing a key: with their own person a 422 that says nothing of the first, with the first\'s person its outcomes (ids and words, nothing of the person), nothing created twice (regression)', async () => {
  const handle = handler();
  const key = `k-${uid()}`;
  const first = person();
  const a = await handle(jsonRequest({ person: first }, { key }));
  assert.equal(a.status, 200);
  await jsonOf(a);
  const other = await handle(jsonRequest({ person: person() }, { key }));
  const text = JSON.stringify(await jsonOf(other));
  assert.deepEqual([other.status, JSON.parse(text).error.code], [422, 'IDEMPOTENCY_KEY_REUSED']);
  const again = await handle(jsonRequest({ person: first }, { key, headers: { 'accept-language': 'es' } }));
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const replay = JSON.stringify(await jsonOf(again));
  for (const v of [first.email, first.lastName, first.identityNumber, first.phone, first.dateOfBirth]) {
    assert.ok(!text.includes(v) && !replay.includes(v), `${v} in an answer`);
  }
  assert.deepEqual(await created(), { verifik: 1, equals: 1, horus: 1 });
});

// A page checking with toProviderPayloads alone gets the same refusal as the
// handler (which also refuses the fields its own serverFields set there).
test('toProviderPayloads refuses a server-owned field in the extras of a provider not checked, as it refuses the top-level one', async () => {
  const { toProviderPayloads } = await import('personkit');
  const p = { ...person(), extras: { equals: { roleName: 'Owner' } } };
  const r = toProviderPayloads(p, { verifik: { collections: ['staff'] } });
  assert.equal(r.ok, false);
  assert.ok(r.errors.some((e) => e.field === 'extras.equals.roleName' && e.code === 'FIELD_NOT_ALLOWED'), JSON.stringify(r.errors));
});
