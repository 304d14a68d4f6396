// Audit of enrol(), the page's half, as a demanding page author meets it in
// Node: the real handler and personkit-mock behind a TCP proxy that stalls
// the upload or cuts the answer, aborts at each stage then the same call
// again (counted in the mock: one person per system, one Equals persona),
// answers that are not the server's, and the demo's mapping of the server's
// field errors to its controls.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createServer } from 'node:http';
import { VerifikClient, EqualsClient, enrol, idempotencyKeyFor, errorsByField, PersonkitError } from 'personkit';
import { toNodeHandler } from 'personkit/server';
import { mockServer, TOKEN, API_KEY, largeJpegBase64 } from './helpers.mjs';
import { person, createEnrolHandler, mockProviders } from './server-helpers.mjs';
import { errorsFromServer } from '../../www/payloads.js';

let mock;
let server;
let endpoint;
let port;
before(async () => {
  mock = await mockServer();
  const o = { baseUrl: mock.url, timeoutMs: 5000, maxRetries: 0 };
  const handle = createEnrolHandler({
    providers: mockProviders(o, 1),
  });
  server = createServer(toNodeHandler(handle));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  port = server.address().port;
  endpoint = `http://127.0.0.1:${port}/api/enrol`;
});
after(async () => {
  await new Promise((r) => { server.close(r); server.closeAllConnections(); });
  await mock.close();
});
beforeEach(() => mock.reset());

/**
 * A TCP proxy in front of the handler. `up(bytes)` after each chunk the page
 * sends: false holds the rest of the upload (never forwarded); `down(text)`
 * after each chunk of the answer: 'cut' drops the connection after it.
 */
async function tcpProxy({ up = () => true, down = () => 'pass' } = {}) {
  const sockets = new Set();
  const srv = net.createServer((c) => {
    const u = net.connect(port, '127.0.0.1');
    sockets.add(c).add(u);
    let sent = 0;
    let held = false;
    let text = '';
    c.on('data', (d) => { if (held) return; u.write(d); sent += d.length; if (!up(sent)) held = true; });
    u.on('data', (d) => { text += d.toString('latin1'); c.write(d); if (down(text) === 'cut') { c.destroy(); u.destroy(); } });
    c.on('close', () => u.destroy());
    u.on('close', () => c.destroy());
    c.on('error', () => {});
    u.on('error', () => {});
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${srv.address().port}/api/enrol`,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); srv.close(r); }),
  };
}

/** One person per system and one Equals persona: what exactly once means, counted in the mock. */
async function assertOnce() {
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1], 'one person per system');
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 }, 'one Equals persona');
}
const settle = (p) => p.then((v) => v, (e) => e);
const statuses = (summary) => Object.values(summary.results).map((o) => o.status);
const bigFile = () => new File([Buffer.from(largeJpegBase64(400_000), 'base64')], 'big.jpg', { type: 'image/jpeg' });

test('an abort before sending: ABORTED, nothing reaches the server; the same call again creates once', async () => {
  const ctl = new AbortController();
  ctl.abort();
  const p = person({ photos: [bigFile()] });
  const err = await settle(enrol(p, { endpoint, signal: ctl.signal }));
  assert.ok(err instanceof PersonkitError, String(err));
  assert.equal(err.code, 'ABORTED');
  assert.equal((await mock.requests()).length, 0);
  assert.deepEqual(statuses(await enrol(p, { endpoint })), ['created', 'created', 'created']);
  await assertOnce();
});

test('an abort while the photos upload: ABORTED, no provider called; the same call again creates once', async () => {
  const ctl = new AbortController();
  const px = await tcpProxy({ up: (bytes) => { if (bytes < 50_000) return true; setImmediate(() => ctl.abort()); return false; } });
  try {
    const p = person({ photos: [bigFile()] });
    const err = await settle(enrol(p, { endpoint: px.url, signal: ctl.signal }));
    assert.equal(err.code, 'ABORTED', String(err));
    assert.deepEqual((await mock.persons()).attempts, { verifik: 0, equals: 0, horus: 0 });
    assert.deepEqual(statuses(await enrol(p, { endpoint })), ['created', 'created', 'created']);
    await assertOnce();
  } finally {
    await px.close();
  }
});

test('an abort once the answer has begun, before any line: the server goes on; the same person again at once (rebuilt) waits for it and creates nothing twice', async () => {
  for (const p of ['verifik', 'equals', 'horus']) await mock.scenario('delay=200', 1, p);
  const ctl = new AbortController();
  const px = await tcpProxy({ down: (text) => { if (text.includes('\r\n\r\n')) ctl.abort(); return 'pass'; } });
  try {
    const p = person();
    const err = await settle(enrol(p, { endpoint: px.url, signal: ctl.signal }));
    assert.equal(err.code, 'ABORTED', String(err));
    assert.deepEqual(statuses(await enrol({ ...p }, { endpoint })), ['created', 'created', 'created']);
    await assertOnce();
  } finally {
    await px.close();
  }
});

test('an abort while the lines stream, then the same call at once: what ran is replayed, the rest finished once', async () => {
  for (const p of ['equals', 'horus']) await mock.scenario('delay=200', 1, p);
  const ctl = new AbortController();
  const p = person({ photos: [bigFile()] });
  const seen = [];
  const err = await settle(enrol(p, { endpoint, signal: ctl.signal, onProgress: (provider) => { seen.push(provider); ctl.abort(); } }));
  assert.equal(err.code, 'ABORTED', String(err));
  assert.deepEqual(seen, ['verifik'], 'no line after the abort reaches the page');
  const again = await enrol(p, { endpoint });
  assert.deepEqual(statuses(again), ['created', 'created', 'created']);
  await assertOnce();
  assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
});

test('a connection dropped after the first line: NETWORK "cut off"; the same call again answers all three, created once', async () => {
  for (const p of ['equals', 'horus']) await mock.scenario('delay=200', 1, p);
  const px = await tcpProxy({ down: (text) => (text.includes('"provider"') ? 'cut' : 'pass') });
  try {
    const p = person({ photos: [bigFile()] });
    const seen = [];
    const err = await settle(enrol(p, { endpoint: px.url, locale: 'es', onProgress: (provider) => seen.push(provider) }));
    assert.deepEqual([err.code, err.message], ['NETWORK', 'La respuesta llegó incompleta: vuelve a intentarlo (no se creará nada dos veces)']);
    assert.deepEqual(seen, ['verifik']);
    const again = await enrol(p, { endpoint, locale: 'es' });
    assert.deepEqual(statuses(again), ['created', 'created', 'created']);
    assert.equal(again.results.equals.message, 'Te registramos en Equals Money.', 'the server words its outcomes in the call\'s locale');
    await assertOnce();
  } finally {
    await px.close();
  }
});

test('one key, two calls at once: a File and the same photo as base64 are one enrolment; two provider subsets under one key fill in each other', async () => {
  const base = person();
  const file = { ...base, photos: [new File([Buffer.from(base.photos[0], 'base64')], 'me.jpg', { type: 'image/jpeg' })] };
  const key = `audit-${Date.now()}`;
  const [a, b] = await Promise.all([enrol(file, { endpoint, idempotencyKey: key }), enrol(base, { endpoint, idempotencyKey: key })]);
  assert.deepEqual(a, b);
  await assertOnce();

  await mock.reset();
  await mock.scenario('delay=200', 1, 'verifik');
  const p = person();
  const key2 = `audit2-${Date.now()}`;
  const [v, e] = await Promise.all([enrol(p, { endpoint, idempotencyKey: key2, providers: ['verifik'] }), enrol(p, { endpoint, idempotencyKey: key2, providers: ['equals'] })]);
  assert.equal(v.results.verifik.status, 'created');
  assert.deepEqual([e.results.verifik.status, e.results.equals.status, e.results.horus.status], ['created', 'created', 'skipped']);
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 0]);
});

/** A fetch whose ndjson answer is `chunks` (text or bytes), then ends, or breaks as a dropped connection does. */
const streaming = (chunks, { breaks = false } = {}) => async () => new Response(new ReadableStream({
  async start(c) {
    for (const chunk of chunks) {
      c.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      await new Promise((r) => setImmediate(r));
    }
    if (breaks) c.error(new TypeError('terminated'));
    else c.close();
  },
}), { headers: { 'content-type': 'application/x-ndjson' } });
const LINE = '{"provider":"verifik","outcome":{"status":"created","message":"Te registramos en Verifik — Ñañez."}}\n';
const SUMMARY = '{"results":{"verifik":{"status":"created","message":"Te registramos en Verifik — Ñañez."}}}\n';

test('lines split anywhere across chunks, a character split between its bytes, CRLF endings: the same outcomes', async () => {
  const bytes = new TextEncoder().encode(LINE + SUMMARY);
  const mid = bytes.indexOf(0xc3) + 1; // inside the Ñ
  for (const chunks of [[LINE.slice(0, 7), LINE.slice(7, 40), LINE.slice(40) + SUMMARY.slice(0, 3), SUMMARY.slice(3)], [bytes.slice(0, mid), bytes.slice(mid)], [LINE.replace('\n', '\r\n'), SUMMARY.replace('\n', '\r\n')]]) {
    const seen = [];
    const summary = await enrol(person(), { endpoint, fetch: streaming(chunks), onProgress: (p, o) => seen.push([p, o.message]) });
    assert.deepEqual(seen, [['verifik', 'Te registramos en Verifik — Ñañez.']]);
    assert.equal(summary.results.verifik.message, 'Te registramos en Verifik — Ñañez.');
  }
});

test('the summary line arrived whole and then the connection dropped: enrol resolves to it (it has everything), not "cut off"', async () => {
  const seen = [];
  const got = await settle(enrol(person(), { endpoint, fetch: streaming([LINE, SUMMARY], { breaks: true }), onProgress: (p) => seen.push(p) }));
  assert.ok(!(got instanceof Error), `rejected: ${got?.code} ${got?.message}`);
  assert.equal(got.results.verifik.status, 'created');
  assert.deepEqual(seen, ['verifik']);
  // Before the summary, a drop is still NETWORK.
  const cut = await settle(enrol(person(), { endpoint, fetch: streaming([LINE], { breaks: true }) }));
  assert.equal(cut.code, 'NETWORK');
});

test('an ndjson summary whose results is not an object is BAD_RESPONSE, as the same answer in JSON is', async () => {
  for (const results of ['5', '[1]', '"created"', 'true']) {
    const streamed = await settle(enrol(person(), { endpoint, fetch: streaming([`{"results":${results}}\n`]) }));
    assert.ok(streamed instanceof PersonkitError, `ndjson results ${results} resolved: ${JSON.stringify(streamed)}`);
    assert.equal(streamed.code, 'BAD_RESPONSE');
    const json = await settle(enrol(person(), { endpoint, fetch: async () => new Response(`{"results":${results}}`, { headers: { 'content-type': 'application/json' } }) }));
    assert.equal(json.code, 'BAD_RESPONSE');
  }
});

test('outcomes of a kind the page does not know, and lines it does not know, pass through without breaking the call', async () => {
  const seen = [];
  const summary = await enrol(person(), {
    endpoint,
    fetch: streaming(['{"provider":"verifik","outcome":{"status":"queued"}}\n', '{"note":"a later server\'s line"}\n', SUMMARY]),
    onProgress: (p, o) => seen.push([p, o.status]),
  });
  assert.deepEqual(seen, [['verifik', 'queued']]);
  assert.equal(summary.results.verifik.status, 'created');
});

test('an onProgress that throws stops the reading and rejects with its own error; the server goes on, and the same call again gets every outcome, created once', async () => {
  for (const p of ['equals', 'horus']) await mock.scenario('delay=200', 1, p);
  const p = person();
  const bug = new Error('render bug');
  const err = await settle(enrol(p, { endpoint, onProgress: () => { throw bug; } }));
  assert.equal(err, bug, 'the caller\'s own error, as README says');
  assert.deepEqual(statuses(await enrol(p, { endpoint })), ['created', 'created', 'created']);
  await assertOnce();
});

test('photos as bytes (Uint8Array, Buffer, ArrayBuffer), as the clients and encodeImage take them: sent as file parts, checked first, one key per content', async () => {
  // They were refused with "Enter the photo 1 as text", a sentence no person can act on.
  const p = person();
  const bytes = Buffer.from(p.photos[0], 'base64');
  const views = [new Uint8Array(bytes), bytes, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)];
  const sent = [];
  const rec = (url, init) => { sent.push(init.body instanceof FormData ? init.body.getAll('photos').map((f) => f instanceof Blob) : 'json'); return fetch(url, init); };
  const summaries = [];
  for (const photo of views) summaries.push(await enrol({ ...p, photos: [photo] }, { endpoint, fetch: rec }));
  for (const s of summaries) assert.deepEqual(statuses(s), ['created', 'created', 'created']);
  assert.deepEqual(sent, [[true], [true], [true]], 'a file part, no base64 in the page');
  assert.deepEqual(summaries[1], summaries[0], 'the same bytes are the same enrolment, whatever holds them');
  await assertOnce();
  assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
  // Bytes that are not a photo are refused before sending, in the photo's words.
  const err = await settle(enrol({ ...p, photos: [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])] }, { endpoint, locale: 'es' }));
  assert.deepEqual([err.code, err.errors[0].field, err.errors[0].message], ['VALIDATION_FAILED', 'photos[0]', 'La foto 1 debe estar en formato JPEG o PNG']);
  // Two photos of one size but other content are two keys.
  const other = Buffer.from(bytes);
  other[other.length - 3] ^= 1;
  assert.notEqual(idempotencyKeyFor({ ...p, photos: [other] }), idempotencyKeyFor({ ...p, photos: [bytes] }));
  assert.equal(idempotencyKeyFor({ ...p, photos: [new Uint8Array(bytes)] }), idempotencyKeyFor({ ...p, photos: [bytes] }));
  // A Blob without a name or type is sent as well.
  const { results } = await enrol(person({ photos: [new Blob([bytes])] }), { endpoint });
  assert.deepEqual(Object.values(results).map((o) => o.status), ['created', 'created', 'created']);
});

test('the demo puts the server\'s field errors (its 422, a FIELD_NOT_ALLOWED) on its controls, in the page\'s language, once per text', async () => {
  // Without `providers`, what a field lacks is the server's to judge: its 422 names the fields.
  const lacking = person({ identityNumber: '' });
  delete lacking.email;
  const err = await settle(enrol(lacking, { endpoint, locale: 'es' }));
  assert.deepEqual([err.code, err.status], ['VALIDATION_FAILED', 422]);
  const shown = errorsFromServer(err, { errorsByField });
  assert.deepEqual([...shown.keys()].sort(), ['email', 'identityNumber']);
  assert.equal(shown.get('email').length, 1, 'Equals and Horus lacking one email is one message');
  for (const [control, messages] of shown) {
    for (const m of messages) assert.doesNotMatch(m, /REQUIRED|[a-z][A-Z]|\bhttp\b/, `${control}: ${m} is for a person`);
  }
  assert.match(shown.get('email')[0], /correo/i, 'in Spanish, as the page asked');
  assert.equal((await mock.persons()).attempts.equals, 0, 'nothing was sent');

  // A field the server owns (its options set jobTitle): the server's 400, on the form's own line when no control is named so.
  const mine = toNodeHandler(createEnrolHandler({
    providers: { equals: { client: new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 }), accountId: 'F12345', roleName: 'Viewer', jobTitle: 'Staff' } },
  }));
  const other = createServer(mine);
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  try {
    const owned = await settle(enrol(person({ extras: { equals: { jobTitle: 'CEO' } } }), { endpoint: `http://127.0.0.1:${other.address().port}/`, locale: 'es' }));
    assert.equal(owned.code, 'FIELD_NOT_ALLOWED');
    const onForm = errorsFromServer(owned, { errorsByField });
    assert.deepEqual([...onForm.keys()], ['form']);
    assert.ok(onForm.get('form').length >= 1);
  } finally {
    await new Promise((r) => { other.close(r); other.closeAllConnections(); });
  }

  // A refusal naming one field without a list; refusals naming none.
  const one = new PersonkitError('FIELD_NOT_ALLOWED', 'Este dato lo define el sistema: quítalo del formulario.', { field: 'phone' });
  assert.deepEqual([...errorsFromServer(one, { errorsByField })], [['phone', ['Este dato lo define el sistema: quítalo del formulario.']]]);
  const photo = new PersonkitError('VALIDATION_FAILED', 'x', { errors: [{ field: 'photos[1]', code: 'IMAGE_TOO_LARGE', message: 'La foto 2 pesa demasiado (máximo 10 MB)' }] });
  assert.deepEqual([...errorsFromServer(photo, { errorsByField })], [['photos', ['La foto 2 pesa demasiado (máximo 10 MB)']]]);
  for (const none of [new PersonkitError('NETWORK', 'x'), null, undefined, new Error('x')]) assert.equal(errorsFromServer(none, { errorsByField }).size, 0);
});

test('providers that the server would refuse (an empty list, a name twice) are INVALID_OPTIONS before anything is sent, as other wrong options are', async () => {
  // They passed the page's check, and the server's 400 BAD_REQUEST reached the person as "a problem on this site".
  for (const providers of [[], ['verifik', 'verifik'], ['equals', 'horus', 'equals']]) {
    const err = await settle(enrol(person(), { endpoint, providers }));
    assert.deepEqual([err.code, err.field, err.status], ['INVALID_OPTIONS', 'providers', undefined], JSON.stringify(providers));
    assert.match(err.detail, /providers/);
  }
  assert.equal((await mock.requests()).length, 0);
  const { results } = await enrol(person(), { endpoint, providers: ['horus', 'verifik'] });
  assert.deepEqual([results.verifik.status, results.equals.status, results.horus.status], ['created', 'skipped', 'created']);
});

test('a person that cannot be read (a getter that throws, a revoked proxy) rejects with PersonkitError, in the call\'s words, nothing sent: at the field when it is one field', async () => {
  // As toProviderPayloads reports it (README: "reported at its own field"), with photos as base64 or as files.
  for (const photo of [person().photos[0], bigFile()]) {
    const one = person({ photos: [photo] });
    Object.defineProperty(one, 'phone', { enumerable: true, get() { throw new Error('boom'); } });
    const err = await settle(enrol(one, { endpoint, locale: 'es' }));
    assert.ok(err instanceof PersonkitError, String(err));
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.deepEqual(err.errors.map((e) => `${e.field} ${e.code}`), ['phone INVALID_TYPE']);
  }
  const getter = person({ photos: [bigFile()] });
  Object.defineProperty(getter, 'photos', { enumerable: true, get() { throw new Error('boom'); } });
  const photos = person();
  Object.defineProperty(photos, 'photos', { enumerable: true, get() { throw new RangeError('no photos'); } });
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (const [what, p] of [['a photos getter', getter], ['a photos getter, base64', photos], ['a revoked proxy', proxy]]) {
    const err = await settle(enrol(p, { endpoint, locale: 'es' }));
    assert.ok(err instanceof PersonkitError, `${what}: ${err}`);
    assert.deepEqual([err.code, err.message], ['INVALID_TYPE', 'No se pudieron leer los datos del formulario'], what);
  }
  assert.equal((await mock.requests()).length, 0);
});

test('in Node, an endpoint fetch cannot send to (a path with no page to resolve it, another scheme) is INVALID_OPTIONS naming endpoint, not "the server could not be reached"', async () => {
  // The README's '/api/enrol', run from a Node script or a server-side render, told the person to try again.
  for (const bad of ['/api/enrol', 'localhost:3000/api/enrol', 'ftp://127.0.0.1/api/enrol', 'http://exa mple/']) {
    const err = await settle(enrol(person(), { endpoint: bad, locale: 'es' }));
    assert.deepEqual([err.code, err.field, err.message], ['INVALID_OPTIONS', 'endpoint', 'La configuración de personkit no es válida'], bad);
    assert.match(err.detail, /endpoint/);
  }
  // A fetch of the page's own may resolve what it likes.
  const own = await enrol(person(), { endpoint: '/api/enrol', fetch: (url, init) => fetch(new URL(url, endpoint), init) });
  assert.deepEqual(statuses(own), ['created', 'created', 'created']);
});

test('an onProgress, signal or fetch that is not one is INVALID_OPTIONS naming it, before anything is sent', async () => {
  // onProgress: 'x' sent the person, the server created it everywhere, and the page got a TypeError from the first line;
  // a signal or fetch that is not one was "the server could not be reached".
  // A signal-like object without removeEventListener would throw from a 409's wait timer.
  const halfSignal = { aborted: false, addEventListener() {} };
  for (const [field, value] of [['onProgress', 'show'], ['onProgress', {}], ['signal', {}], ['signal', 'x'], ['signal', halfSignal], ['fetch', 'x'], ['fetch', null]]) {
    const err = await settle(enrol(person(), { endpoint, [field]: value }));
    assert.ok(err instanceof PersonkitError, `${field}: ${err}`);
    assert.deepEqual([err.code, err.field], ['INVALID_OPTIONS', field], `${field}: ${JSON.stringify(value)} → ${err.code} ${err.message}`);
  }
  assert.equal((await mock.requests()).length, 0, 'nothing sent');
  const { results } = await enrol(person(), { endpoint, onProgress: undefined, signal: undefined, fetch: undefined });
  assert.equal(results.verifik.status, 'created');
});

test('the real handler\'s own refusals (413 over maxBodyBytes, 401 and 403 from authorize) reach the person in their language, with their status, nothing created', async () => {
  const o = { baseUrl: mock.url, maxRetries: 0 };
  const providers = () => ({ verifik: { client: new VerifikClient({ token: TOKEN, ...o }), collections: ['staff'] } });
  const cases = [
    [{ maxBodyBytes: 2000 }, 413, 'PAYLOAD_TOO_LARGE', /^Lo que enviaste pesa más de 2 KB\. Usa fotos más livianas\.$/],
    [{ authorize: () => false }, 401, 'UNAUTHORIZED', /^Primero inicia sesión\.$/],
    [{ authorize: () => { throw new Error('no'); } }, 403, 'FORBIDDEN', /^No tienes permiso para registrar personas aquí\.$/],
  ];
  for (const [extra, status, code, words] of cases) {
    const one = createServer(toNodeHandler(createEnrolHandler({ providers: providers(), ...extra })));
    await new Promise((r) => one.listen(0, '127.0.0.1', r));
    try {
      const err = await settle(enrol(person({ photos: [bigFile()] }), { endpoint: `http://127.0.0.1:${one.address().port}/`, locale: 'es' }));
      assert.deepEqual([err.code, err.status], [code, status]);
      assert.match(err.message, words);
      assert.doesNotMatch(err.message, /\d{3}\b(?! KB)|http|[A-Z]{3,}_/, 'no status or code in the words');
    } finally {
      await new Promise((r) => { one.close(r); one.closeAllConnections(); });
    }
  }
  assert.deepEqual((await mock.persons()).attempts, { verifik: 0, equals: 0, horus: 0 });
});

test('a 409 waited out leaves no listener on the page\'s signal (a page-wide signal is not grown by every enrolment)', async () => {
  const listening = new Set();
  const signal = { aborted: false, reason: undefined, addEventListener: (t, f) => listening.add(f), removeEventListener: (t, f) => listening.delete(f) };
  let calls = 0;
  const fetch = async () => (++calls === 1
    ? new Response('{"error":{"code":"IN_PROGRESS","message":"running"}}', { status: 409, headers: { 'content-type': 'application/json' } })
    : new Response(SUMMARY, { headers: { 'content-type': 'application/json' } }));
  const summary = await enrol(person(), { endpoint, fetch, signal });
  assert.equal(summary.results.verifik.status, 'created');
  assert.equal(calls, 2);
  assert.equal(listening.size, 0, 'the wait let go of its abort listener');
});

test('a 409 that is not personkit/server\'s IN_PROGRESS (another backend\'s conflict) is its refusal at once, not waited out', async () => {
  let calls = 0;
  const fetch = async () => {
    calls += 1;
    return new Response('{"error":{"code":"CONFLICT","message":"already there"}}', { status: 409, headers: { 'content-type': 'application/json' } });
  };
  const err = await settle(enrol(person(), { endpoint, fetch }));
  assert.ok(err instanceof PersonkitError, String(err));
  assert.deepEqual([err.code, err.status, calls], ['CONFLICT', 409, 1]);
});

test('a fetch wrapper whose error keeps the request (its headers, the body): enrol\'s error keeps its name, code and message only', async () => {
  const { inspect } = await import('node:util');
  const p = person({ identityNumber: '73914628' });
  // As ofetch's FetchError.options or axios's error.config hold them.
  const fetch = async (url, init) => {
    throw Object.assign(new TypeError('fetch failed'), { code: 'ECONNREFUSED', options: { headers: Object.fromEntries(init.headers), body: JSON.stringify(p) } });
  };
  const err = await enrol(p, { endpoint: 'http://127.0.0.1:9/api/enrol', fetch, headers: { authorization: 'Bearer gwBearerZZ77aa' } }).catch((e) => e);
  assert.equal(err.code, 'NETWORK');
  assert.deepEqual(err.cause, { name: 'TypeError', code: 'ECONNREFUSED', message: 'fetch failed' });
  const shown = `${inspect(err, { depth: 10 })}${JSON.stringify(err)}${err.stack}`;
  for (const secret of ['gwBearerZZ77aa', p.email, '73914628', p.lastName]) assert.ok(!shown.includes(secret), secret);
});
