// personkit/server as a hostile or careless HTTP client meets it: raw bytes
// on a socket to toNodeHandler on a real node:http server (and the fetch
// handler itself), personkit's real clients behind it on personkit-mock.
// Every answer is scanned for the clients' secrets and the person's data;
// after each fault that might repeat a create, the mock holds one person per
// provider and one Equals persona.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { EqualsClient, HorusClient } from 'personkit';
import { createEnrolHandler, toNodeHandler } from 'personkit/server';
import { mockServer, API_KEY, CLIENT_ID, CLIENT_SECRET, SECRETS, jpegBase64 } from './helpers.mjs';
import { mockProviders } from './server-helpers.mjs';

const APP = 'https://app.example';
let mock;
let env;
let n = 0;
const uid = () => `${process.pid}x${(n += 1)}`;

/** A person every provider takes; `mark` is a word that must never come back in an answer. */
const MARK = 'Zqxmarkè';
const person = (over = {}) => {
  const id = uid();
  return { firstName: 'Ana', lastName: `${MARK} ${id}`, email: `zqx.${id}@example.pe`, dateOfBirth: '1990-12-04', gender: 'F', nationality: 'PE', identityNumber: `45${id.replace(/\D/g, '')}`, photos: [jpegBase64()], ...over };
};
const personal = (p) => [p.email, p.identityNumber, MARK];

/** The handler with the three real clients on the mock, served by node:http through toNodeHandler. */
async function serve(options = {}) {
  const logs = [];
  const logger = Object.fromEntries(['info', 'warn', 'error'].map((l) => [l, (f) => logs.push({ level: l, ...f })]));
  const o = { baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0 };
  const handler = createEnrolHandler({
    providers: mockProviders(o, 2),
    allowedOrigins: [APP], logger, ...options,
  });
  const server = http.createServer(toNodeHandler(handler));
  const sockets = new Set();
  server.on('connection', (s) => sockets.add(s));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    handler, port, logs, sockets,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

before(async () => { mock = await mockServer(); env = await serve(); });
after(async () => { await env.close(); await mock.close(); });
beforeEach(() => mock.reset());

/** A request's head and body as bytes; `headers` a list of lines (Content-Length added unless one is there). */
function rawRequest(body, headers, { method = 'POST', port = env.port } = {}) {
  const b = body === null ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [`${method} /api/enrol HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers];
  if (body !== null && !headers.some((h) => /^(content-length|transfer-encoding):/i.test(h))) lines.push(`Content-Length: ${b.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), b]);
}

/**
 * Sends `bytes` on a new socket and reads one answer: `{ status, headers, body }`
 * (body de-chunked), or `null` if the server answered nothing before `untilMs`.
 */
function send(bytes, { port = env.port, untilMs = 10_000, leaveAfter } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const finish = () => { clearTimeout(timer); s.destroy(); resolve(parse(got)); };
    const timer = setTimeout(finish, untilMs);
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (leaveAfter?.(got.toString())) finish();
      else if (complete(got)) finish();
    });
    s.on('close', finish);
    s.on('error', () => {});
    s.write(bytes);
  });
}

function complete(buf) {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = text.slice(0, end);
  if (/^HTTP\/1\.1 (1\d\d|204|304)/.test(head) && !head.startsWith('HTTP/1.1 100')) return true;
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) return buf.length - end - 4 >= Number(length[1]);
  return /\r\ntransfer-encoding: *chunked/i.test(head) && text.endsWith('\r\n0\r\n\r\n');
}

function parse(buf) {
  let text = buf.toString('latin1');
  while (text.startsWith('HTTP/1.1 100')) text = text.slice(text.indexOf('\r\n\r\n') + 4);
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = {};
  for (const l of lines) { const i = l.indexOf(':'); headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
  let body = text.slice(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    let out = '';
    for (let at = 0; ;) {
      const nl = body.indexOf('\r\n', at);
      const size = parseInt(body.slice(at, nl), 16);
      if (!(size > 0)) break;
      out += body.slice(nl + 2, nl + 2 + size);
      at = nl + 2 + size + 2;
    }
    body = out;
  }
  body = Buffer.from(body, 'latin1').toString('utf8');
  const answer = { status: Number(statusLine.split(' ')[1]), headers, body, text: `${text.slice(0, end)}\n${body}` };
  try { answer.json = JSON.parse(body); } catch { /* ndjson or empty */ }
  return answer;
}

/** No secret and none of `words` (the person's data) in an answer, head or body. */
function assertClean(answer, words = []) {
  if (!answer) return;
  for (const s of [...SECRETS, ...words]) assert.ok(!answer.text.includes(s), `"${s}" came back: ${answer.text.slice(0, 300)}`);
}

const JSON_HEADERS = (key = `k-${uid()}`) => ['Content-Type: application/json', `Idempotency-Key: ${key}`];

/** One person each, and one Equals persona on the account (or none anywhere with `0`). */
async function assertPersons(count) {
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [count, count, count], 'persons in the mock');
  for (const e of s.equals) assert.deepEqual(e.personaCounts, { F12345: 1 }, 'one Equals persona');
}

// --- multipart --------------------------------------------------------------

const B = 'b0und4ry';
/** A multipart body; each part `{ d: Content-Disposition params, type?, body }`; `nl` the line ending. */
function multipart(parts, { boundary = B, nl = '\r\n' } = {}) {
  const out = [];
  for (const p of parts) {
    out.push(Buffer.from(`--${boundary}${nl}Content-Disposition: form-data; ${p.d}${nl}${p.type ? `Content-Type: ${p.type}${nl}` : ''}${(p.extra ?? []).map((h) => h + nl).join('')}${nl}`));
    out.push(Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body), Buffer.from(nl));
  }
  out.push(Buffer.from(`--${boundary}--${nl}`));
  return Buffer.concat(out);
}
const jpeg = () => Buffer.from(jpegBase64(), 'base64');
const personPart = (p) => ({ d: 'name="person"', body: JSON.stringify({ ...p, photos: undefined }) });
const photoPart = (params = 'filename="me.jpg"', type = 'image/jpeg', body = jpeg()) => ({ d: `name="photos"; ${params}`, type, body });

test('multipart a browser or a careless client sends: each answered as the README says, a 400 never a 500, nothing made by a refusal', async () => {
  const cases = [
    ['no person part', () => [{ d: 'name="providers"', body: 'verifik' }, photoPart()], 400, 'BAD_REQUEST'],
    ['two person parts', (p) => [personPart(p), personPart(p), photoPart()], 400, 'BAD_REQUEST'],
    ['person part not JSON', () => [{ d: 'name="person"', body: '{ firstName:' }, photoPart()], 400, 'BAD_REQUEST'],
    ['person part an array', () => [{ d: 'name="person"', body: '[]' }, photoPart()], 400, 'BAD_REQUEST'],
    ['photos both in person and as parts', (p) => [{ d: 'name="person"', body: JSON.stringify(p) }, photoPart()], 400, 'BAD_REQUEST'],
    ['an empty photo file', (p) => [personPart(p), photoPart('filename="me.jpg"', 'image/jpeg', '')], 422, 'VALIDATION_FAILED'],
    ['a photo that is text, not an image', (p) => [personPart(p), photoPart('filename="me.jpg"', 'image/jpeg', 'hello')], 422, 'VALIDATION_FAILED'],
    ['an unknown part', (p) => [personPart(p), photoPart(), { d: 'name="colour"', body: 'blue' }], 400, 'BAD_REQUEST'],
    ['a part named like a server field', (p) => [personPart(p), photoPart(), { d: 'name="roleName"', body: 'Owner' }], 400, 'FIELD_NOT_ALLOWED'],
  ];
  for (const [name, parts, status, code] of cases) {
    const p = person();
    const a = await send(rawRequest(multipart(parts(p)), [`Content-Type: multipart/form-data; boundary=${B}`, `Idempotency-Key: k-${uid()}`]));
    assert.deepEqual([a.status, a.json?.error?.code], [status, code], name);
    assertClean(a, personal(p));
  }
  for (const [name, type, body] of [
    ['no boundary', 'multipart/form-data', multipart([personPart(person()), photoPart()])],
    ['LF-only line endings', `multipart/form-data; boundary=${B}`, multipart([personPart(person()), photoPart()], { nl: '\n' })],
    ['another boundary than the body\'s', 'multipart/form-data; boundary=other', multipart([personPart(person()), photoPart()])],
    ['a body cut before its closing boundary', `multipart/form-data; boundary=${B}`, multipart([personPart(person()), photoPart()]).subarray(0, -8)],
  ]) {
    const a = await send(rawRequest(body, [`Content-Type: ${type}`, `Idempotency-Key: k-${uid()}`]));
    assert.deepEqual([a.status, a.json?.error?.code], [400, 'BAD_REQUEST'], name);
  }
  await assertPersons(0);
  // RFC 7578 4.2: filename* MUST NOT be used. The runtime's multipart parser
  // decides: Node 20 and 22 refuse it, as a client's mistake (400); Node 24
  // takes the part, whose bytes are the photo. Never a 500.
  const p = person();
  const a = await send(rawRequest(multipart([personPart(p), photoPart("filename*=UTF-8''%C3%B1.jpg")]), [`Content-Type: multipart/form-data; boundary=${B}`, `Idempotency-Key: k-${uid()}`]));
  if (a.status === 400) {
    assert.equal(a.json.error.code, 'BAD_REQUEST');
    await assertPersons(0);
  } else {
    assert.deepEqual([a.status, Object.values(a.json.results).map((o) => o.status)], [200, ['created', 'created', 'created']]);
    await assertPersons(1);
  }
  assertClean(a, personal(p));
});

test('multipart that is odd but whole is taken: a quoted boundary, odd casing, a UTF-8 file name, a person part sent as a file, a 200 kB part header, a photo labelled text/plain', async () => {
  const cases = [
    [`Multipart/Form-Data; BOUNDARY="${B}"`, (p) => [personPart(p), photoPart()]],
    [`multipart/form-data; boundary=${B}`, (p) => [personPart(p), photoPart('filename="ñandú foto.jpg"')]],
    [`multipart/form-data; boundary=${B}`, (p) => [{ ...personPart(p), d: 'name="person"; filename="person.json"', type: 'application/json' }, photoPart()]],
    [`multipart/form-data; boundary=${B}`, (p) => [{ ...personPart(p), extra: [`X-Padding: ${'a'.repeat(200_000)}`] }, photoPart()]],
    [`multipart/form-data; boundary=${B}`, (p) => [personPart(p), photoPart('filename="me.jpg"', 'text/plain')]],
  ];
  for (const [type, parts] of cases) {
    await mock.reset();
    const p = person();
    const a = await send(rawRequest(multipart(parts(p)), [`Content-Type: ${type}`, `Idempotency-Key: k-${uid()}`]));
    assert.equal(a.status, 200, `${type}: ${a.body.slice(0, 200)}`);
    assert.deepEqual(Object.values(a.json.results).map((o) => o.status), ['created', 'created', 'created']);
    assertClean(a, personal(p));
    await assertPersons(1);
  }
});

// new FormData(form) with a file input left empty sends a part with
// filename="" and no bytes: the browser's "no file chosen", not a photo.
test('an empty file input (filename="", no bytes) is no photo: a server that needs none creates the person; one that needs photos says to add one', async () => {
  const p = person({ photos: undefined });
  const body = multipart([personPart(p), photoPart('filename=""', 'application/octet-stream', '')]);
  const small = await serve(noVerifik());
  try {
    const a = await send(rawRequest(body, [`Content-Type: multipart/form-data; boundary=${B}`, `Idempotency-Key: k-${uid()}`], { port: small.port }), { port: small.port });
    assert.equal(a.status, 200, a.body.slice(0, 300));
    assert.deepEqual([a.json.results.equals.status, a.json.results.horus.status], ['created', 'created']);
  } finally { await small.close(); }
  const b = await send(rawRequest(body, [`Content-Type: multipart/form-data; boundary=${B}`, `Idempotency-Key: k-${uid()}`]));
  assert.equal(b.status, 422);
  assert.deepEqual(b.json.error.errors.map((e) => [e.field, e.code]), [['photos', 'REQUIRED']]);
});

// Undici decodes a text part as UTF-8 with U+FFFD for what is not: the JSON
// body is refused for such bytes, and a person part must be too, or "An\uFFFDa"
// is created in every system.
test('a person part that is not UTF-8 (Latin-1 from an old client or accept-charset) is a 400, as a JSON body is, never "An\uFFFDa" created', async () => {
  for (const asFile of [false, true]) {
    const p = person({ firstName: 'Añelo' });
    const part = { d: `name="person"${asFile ? '; filename="person.json"' : ''}`, type: 'application/json; charset=iso-8859-1', body: Buffer.from(JSON.stringify({ ...p, photos: undefined }), 'latin1') };
    const a = await send(rawRequest(multipart([part, photoPart()]), [`Content-Type: multipart/form-data; boundary=${B}`, `Idempotency-Key: k-${uid()}`]));
    assert.deepEqual([a.status, a.json.error.code], [400, 'BAD_REQUEST'], a.body.slice(0, 200));
    const json = await send(rawRequest(Buffer.from(JSON.stringify({ person: p }), 'latin1'), JSON_HEADERS()));
    assert.deepEqual([json.status, json.json.error.code], [400, 'BAD_REQUEST']);
  }
  assert.deepEqual((await mock.persons()).attempts, { verifik: 0, equals: 0, horus: 0 });
});

function noVerifik() {
  const o = { baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0 };
  return {
    providers: {
      equals: { client: new EqualsClient({ apiKey: API_KEY, ...o }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }), categoryId: 1, positionId: 2 },
    },
  };
}

// --- size and framing ----------------------------------------------------------

test('413 over maxBodyBytes on node:http without buffering: chunked, declared, or a declared length that lies; the server reads about the limit, then closes', async () => {
  const limit = 64 * 1024;
  const small = await serve({ maxBodyBytes: limit });
  try {
    for (const [name, framing] of [['chunked', 'Transfer-Encoding: chunked'], ['declared', `Content-Length: ${64 * 2 ** 20}`], ['declared small, sent large', `Content-Length: ${limit - 1}`]]) {
      const before = new Set(small.sockets);
      const chunked = framing.startsWith('Transfer');
      const answer = await new Promise((resolve) => {
        const s = net.connect(small.port, '127.0.0.1');
        let got = Buffer.alloc(0);
        let open = true;
        s.on('data', (d) => { got = Buffer.concat([got, d]); });
        s.on('close', () => { open = false; resolve(parse(got)); });
        s.on('error', () => {});
        s.write(rawRequest(null, [...JSON_HEADERS(), framing], { port: small.port }));
        const piece = chunked ? Buffer.from(`4000\r\n${'a'.repeat(0x4000)}\r\n`) : Buffer.alloc(0x4000, 0x61);
        // Up to 64 MiB, or until the server closes: only the socket buffers can hold what it did not read.
        let sent = 0;
        const pump = () => { while (open && sent < 64 * 2 ** 20) { sent += piece.length; if (!s.write(piece)) { s.once('drain', pump); return; } } };
        pump();
      });
      const socket = [...small.sockets].find((s) => !before.has(s));
      if (name.startsWith('declared small')) {
        // Node ends the request at its length; the rest is a broken next request: its parser's 400.
        assert.equal(answer.status, 400, name);
        continue;
      }
      assert.equal(answer.status, 413, name);
      assert.equal(answer.json.error.code, 'PAYLOAD_TOO_LARGE');
      assert.equal(answer.headers.connection, 'close', name);
      assert.ok(socket.bytesRead < limit + 256 * 1024, `${name}: the server read ${socket.bytesRead} bytes`);
    }
  } finally { await small.close(); }
  await assertPersons(0);
});

test('a Content-Length that lies: longer than the body (the client then leaves) is a 400 refusal logged, shorter leaves the rest as a broken request; nothing made', async () => {
  const p = person();
  const body = Buffer.from(JSON.stringify({ person: p }));
  const logged = env.logs.length;
  const longer = await send(rawRequest(body, [...JSON_HEADERS(), `Content-Length: ${body.length + 10}`]), { untilMs: 500 });
  assert.equal(longer, null, 'the server waits for the rest (its requestTimeout bounds that)');
  const shorter = await send(rawRequest(body, [...JSON_HEADERS(), `Content-Length: ${body.length - 10}`]));
  assert.equal(shorter.status, 400);
  for (const te of ['Content-Length: 5\r\nTransfer-Encoding: chunked', 'Content-Length: -1', 'Content-Length: 1, 2']) {
    const a = await send(rawRequest(body, [...JSON_HEADERS(), te]));
    assert.equal(a.status, 400, te);
  }
  // Both cut bodies reach the handler as a body that broke off or is not JSON.
  await waitFor(() => env.logs.slice(logged).filter((l) => l.event === 'enrol.refused').length >= 2);
  assert.ok(env.logs.slice(logged).every((l) => l.level !== 'error'), JSON.stringify(env.logs.slice(logged)));
  await assertPersons(0);
});

async function waitFor(ok, what = () => '') {
  for (let i = 0; i < 200 && !ok(); i += 1) await new Promise((r) => setTimeout(r, 25));
  assert.ok(ok(), `waited in vain ${what()}`);
}

// --- JSON -------------------------------------------------------------------------

test('JSON oddities: a BOM, charset and casing are taken; duplicate keys are JSON.parse\'s (the last wins); __proto__, a deep nest, or a top level that is not an object are refused, never a 500', async () => {
  for (const [type, prefix] of [['Application/JSON; Charset=UTF-8', ''], ['application/json', '\ufeff']]) {
    await mock.reset();
    const p = person();
    const a = await send(rawRequest(prefix + JSON.stringify({ person: p }), [`Content-Type: ${type}`, `Idempotency-Key: k-${uid()}`]));
    assert.equal(a.status, 200, type);
    assertClean(a, personal(p));
    await assertPersons(1);
  }
  await mock.reset();
  const p = person();
  const text = JSON.stringify({ person: p });
  const cases = [
    [`{"person":{"firstName":"X"},${text.slice(1)}`, 200],
    [`${text.slice(0, -1)},"__proto__":{"roleName":"Owner"}}`, 400, 'BAD_REQUEST'],
    [`{"person":${JSON.stringify(p).slice(0, -1)},"__proto__":{"roleName":"Owner"}}}`, 422, 'VALIDATION_FAILED'],
    [`{"person":${JSON.stringify(p).slice(0, -1)},"extras":{"equals":${'['.repeat(50_000)}${']'.repeat(50_000)}}}}`, 422, 'VALIDATION_FAILED'],
    ['[{"person":{}}]', 400, 'BAD_REQUEST'], ['"person"', 400, 'BAD_REQUEST'], ['null', 400, 'BAD_REQUEST'], ['', 400, 'BAD_REQUEST'],
    [Buffer.from([0x7b, 0xff, 0x7d]), 400, 'BAD_REQUEST'],
  ];
  for (const [body, status, code] of cases) {
    const a = await send(rawRequest(body, JSON_HEADERS()));
    assert.equal(a.status, status, String(body).slice(0, 80));
    if (code) assert.equal(a.json.error.code, code, String(body).slice(0, 80));
    assertClean(a, personal(p));
  }
  await assertPersons(1);
});

// --- methods and origins ---------------------------------------------------------

test('methods: HEAD and PUT are 405 with Allow: POST; a preflight from an allowed origin 204, from a refused one 403 ORIGIN_NOT_ALLOWED with its origin logged, not "use POST"', async () => {
  for (const method of ['HEAD', 'PUT', 'DELETE', 'GET']) {
    const a = await send(rawRequest(method === 'HEAD' || method === 'GET' ? null : '{}', JSON_HEADERS(), { method }));
    assert.deepEqual([a.status, a.headers.allow], [405, 'POST'], method);
  }
  const preflight = (origin) => send(rawRequest(null, [`Origin: ${origin}`, 'Access-Control-Request-Method: POST', 'Access-Control-Request-Headers: content-type, idempotency-key'], { method: 'OPTIONS' }));
  const ok = await preflight(APP);
  assert.equal(ok.status, 204);
  assert.equal(ok.headers['access-control-allow-origin'], APP);
  assert.match(ok.headers['access-control-allow-headers'], /idempotency-key/);
  const logged = env.logs.length;
  // The developer whose allowedOrigins lacks the page's origin sees only this answer: it must name the cause.
  const refused = await preflight('https://www.app.example');
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, 'ORIGIN_NOT_ALLOWED');
  assert.equal(refused.headers['access-control-allow-origin'], undefined);
  assert.ok(env.logs.slice(logged).some((l) => l.event === 'enrol.refused' && l.origin === 'https://www.app.example'), JSON.stringify(env.logs.slice(logged)));
  // OPTIONS without an Origin is no preflight: 405 as any other method.
  assert.equal((await send(rawRequest(null, [], { method: 'OPTIONS' }))).status, 405);
});

test('origins: null, two Origin headers or another casing are refused before the body; without Origin (Referer only, Sec-Fetch-Site cross-site) the request is not refused for it, as the README says', async () => {
  for (const origin of ['null', `${APP}\r\nOrigin: https://evil.example`, 'https://APP.example', `${APP}/`]) {
    const p = person();
    const a = await send(rawRequest(JSON.stringify({ person: p }), [...JSON_HEADERS(), `Origin: ${origin}`]));
    assert.deepEqual([a.status, a.json.error.code], [403, 'ORIGIN_NOT_ALLOWED'], origin);
    // Refused unread: the body is read and dropped after the answer, and the connection kept.
    assert.notEqual(a.headers.connection, 'close', origin);
  }
  await assertPersons(0);
  const p = person();
  const a = await send(rawRequest(JSON.stringify({ person: p }), [...JSON_HEADERS(), 'Referer: https://evil.example/', 'Sec-Fetch-Site: cross-site']));
  assert.equal(a.status, 200);
  assertClean(a, personal(p));
  await assertPersons(1);
});

test('a refusal answered before the body is read reaches a client still sending it: the rest is read and dropped, never a reset, and the connection serves the next request', async () => {
  // Closed at once, the connection was reset under the client's writes: Node 24's fetch then
  // reported "fetch failed" (EPIPE) instead of the 403, and any client could, by timing.
  const body = Buffer.alloc(256 * 1024, 0x20);
  const answers = await new Promise((resolve, reject) => {
    const s = net.connect(env.port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const seen = [];
    s.on('error', reject);
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (!complete(got)) return;
      seen.push(parse(got));
      got = Buffer.alloc(0);
      // The refusal came before a byte of the body: only now is the body sent, then a second request.
      if (seen.length === 1) s.write(body, () => s.write(rawRequest(null, [...JSON_HEADERS(), 'Content-Length: 0', `Origin: ${APP}`])));
      else { s.end(); resolve(seen); }
    });
    s.write(rawRequest(null, [...JSON_HEADERS(), 'Origin: https://evil.example', `Content-Length: ${body.length}`]));
  });
  assert.deepEqual(answers.map((a) => [a.status, a.json?.error?.code]), [[403, 'ORIGIN_NOT_ALLOWED'], [400, 'BAD_REQUEST']]);
  await assertPersons(0);
});

// --- Idempotency-Key ----------------------------------------------------------------

test('Idempotency-Key on the wire: empty, blank, 256 long, non-ASCII, inner space or sent twice is 400; spaces around it are HTTP\'s (trimmed: the same key); 255 is taken', async () => {
  const p = person();
  const body = JSON.stringify({ person: p });
  for (const [name, line] of [
    ['empty', Buffer.from('Idempotency-Key: ')], ['blank', Buffer.from('Idempotency-Key:    ')], ['256', Buffer.from(`Idempotency-Key: ${'k'.repeat(256)}`)],
    ['UTF-8', Buffer.from('Idempotency-Key: clave-ñ', 'utf8')], ['Latin-1', Buffer.from('Idempotency-Key: clave-\xf1', 'latin1')],
    ['inner space', Buffer.from('Idempotency-Key: a b')], ['twice', Buffer.from('Idempotency-Key: a1\r\nIdempotency-Key: a1')],
  ]) {
    const head = Buffer.from(`POST /api/enrol HTTP/1.1\r\nHost: 127.0.0.1:${env.port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`);
    const a = await send(Buffer.concat([head, line, Buffer.from(`\r\n\r\n${body}`)]));
    assert.deepEqual([a.status, a.json.error.code], [400, 'INVALID_IDEMPOTENCY_KEY'], name);
  }
  const none = await send(rawRequest(body, ['Content-Type: application/json']));
  assert.deepEqual([none.status, none.json.error.code], [400, 'IDEMPOTENCY_KEY_REQUIRED']);
  await assertPersons(0);
  const key = `${'k'.repeat(250)}${uid()}`.slice(-255);
  const first = await send(rawRequest(body, ['Content-Type: application/json', `Idempotency-Key: \t${key}  `]));
  assert.equal(first.status, 200);
  const again = await send(rawRequest(body, ['Content-Type: application/json', `Idempotency-Key: ${key}`]));
  assert.deepEqual([again.status, again.headers['idempotent-replayed']], [200, 'true']);
  assertClean(again, personal(p));
  await assertPersons(1);
});

test('the same key with another person is 422 IDEMPOTENCY_KEY_REUSED, nothing sent; "Try again" after a provider failed runs only that one; one person each', async () => {
  const key = `k-${uid()}`;
  const p = person();
  await mock.scenario('503', 1, 'horus');
  const first = await send(rawRequest(JSON.stringify({ person: p }), JSON_HEADERS(key)));
  assert.deepEqual(Object.values(first.json.results).map((o) => o.status), ['created', 'created', 'failed']);
  const attempts = (await mock.persons()).attempts;
  const other = await send(rawRequest(JSON.stringify({ person: person() }), JSON_HEADERS(key)));
  assert.deepEqual([other.status, other.json.error.code], [422, 'IDEMPOTENCY_KEY_REUSED']);
  // The same person in another order, and as multipart: the same enrolment.
  const reordered = Object.fromEntries(Object.entries(p).reverse());
  const again = await send(rawRequest(multipart([personPart(reordered), photoPart()]), [`Content-Type: multipart/form-data; boundary=${B}`, `Idempotency-Key: ${key}`]));
  assert.deepEqual(Object.values(again.json.results).map((o) => o.status), ['created', 'created', 'created']);
  assertClean(again, personal(p));
  const s = await mock.persons();
  assert.deepEqual([s.attempts.verifik - attempts.verifik, s.attempts.equals - attempts.equals, s.attempts.horus - attempts.horus], [0, 0, 1]);
  await assertPersons(1);
});

// --- a client that leaves -----------------------------------------------------------

test('a client that leaves mid-body: a 400 refusal logged as a warning, nothing sent to any provider, no socket left open', async () => {
  const logged = env.logs.length;
  const body = Buffer.from(JSON.stringify({ person: person() }));
  const known = new Set(env.sockets);
  const s = net.connect(env.port, '127.0.0.1');
  s.on('error', () => {});
  s.write(rawRequest(body, JSON_HEADERS()).subarray(0, -body.length + 200));
  await waitFor(() => [...env.sockets].some((x) => !known.has(x) && x.bytesRead > 200));
  s.destroy();
  await waitFor(() => env.logs.length > logged);
  assert.deepEqual(env.logs.slice(logged).map((l) => [l.level, l.event, l.code]), [['warn', 'enrol.refused', 'BAD_REQUEST']]);
  await waitFor(() => [...env.sockets].every((x) => x.destroyed), () => JSON.stringify([...env.sockets].filter((x) => !x.destroyed).map((x) => [x.bytesRead, x.bytesWritten, x.readyState])));
  assert.deepEqual((await mock.persons()).attempts, { verifik: 0, equals: 0, horus: 0 });
});

for (const accept of ['application/x-ndjson', 'application/json']) {
  test(`a client that leaves while the providers run (${accept}): each is created once, the outcomes are kept, and its "Try again" gets them (waiting if it comes at once)`, async () => {
    await mock.scenario('delay=800', 1, 'horus');
    const key = `k-${uid()}`;
    const p = person();
    const request = rawRequest(JSON.stringify({ person: p }), [...JSON_HEADERS(key), `Accept: ${accept}`]);
    const logged = env.logs.length;
    // ndjson: leave after the first line; JSON: leave once the request is in.
    const left = await send(request, accept.includes('nd')
      ? { leaveAfter: (t) => t.includes('"provider"') }
      : { untilMs: 200 });
    if (accept.includes('nd')) assert.match(left.body, /"provider"/);
    else assert.equal(left, null);
    // At once, as a browser's retry would: it waits for the run that is still going.
    const again = await send(rawRequest(JSON.stringify({ person: p }), JSON_HEADERS(key)));
    assert.equal(again.status, 200, again.body.slice(0, 200));
    assert.deepEqual(Object.values(again.json.results).map((o) => o.status), ['created', 'created', 'created']);
    assertClean(again, personal(p));
    await waitFor(() => env.logs.slice(logged).filter((l) => l.event === 'enrol').length === 2);
    assert.ok(env.logs.slice(logged).every((l) => l.level === 'info'), JSON.stringify(env.logs.slice(logged)));
    await assertPersons(1);
    assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
    await waitFor(() => [...env.sockets].every((x) => x.destroyed));
  });
}

test('a burst: one key sent on six sockets at once, half of them leaving at once, and the same person under two more keys (two tabs): one person each, one Equals persona', async () => {
  await mock.scenario('delay=300', 1, 'equals');
  const p = person();
  const key = `k-${uid()}`;
  const body = JSON.stringify({ person: p });
  const logged = env.logs.length;
  const all = await Promise.all([
    ...Array.from({ length: 6 }, (_, i) => send(rawRequest(body, JSON_HEADERS(key)), i % 2 ? { untilMs: 50 } : {})),
    send(rawRequest(body, JSON_HEADERS())), send(rawRequest(body, JSON_HEADERS())),
  ]);
  for (const a of all.filter(Boolean)) {
    assert.equal(a.status, 200, a.body.slice(0, 200));
    assert.ok(Object.values(a.json.results).every((o) => o.status === 'created' || o.status === 'exists'), a.body);
    assertClean(a, personal(p));
  }
  await waitFor(() => env.logs.slice(logged).filter((l) => l.event === 'enrol' && l.replayed === false).length === 3);
  await assertPersons(1);
});

test('the fetch handler whose ndjson answer is cancelled by its reader: the run goes on, each provider once, the summary kept for the key', async () => {
  await mock.scenario('delay=500', 1, 'equals');
  const key = `k-${uid()}`;
  const p = person();
  const req = () => new Request(`${APP}/api/enrol`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, accept: 'application/x-ndjson', origin: APP }, body: JSON.stringify({ person: p }) });
  const res = await env.handler(req());
  const reader = res.body.getReader();
  await reader.read();
  await reader.cancel();
  const again = await env.handler(req());
  const lines = (await again.text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(Object.values(lines.at(-1).results).map((o) => o.status), ['created', 'created', 'created']);
  await assertPersons(1);
});

// --- server-owned fields and what comes back -------------------------------------------

test('server-owned fields smuggled in, as JSON or in a multipart person part, top level, in extras of each provider or under another casing: refused, nothing reaches the mock, no secret or person\'s data in the answer', async () => {
  const owned = {
    verifik: ['collections', 'name', 'images', 'date_of_birth', 'gender', 'nationality'],
    equals: ['accountId', 'roleName', 'status', 'createdByPersonaId', 'addToUserPool', 'sendInvite', 'sessionId', 'mfaCode', 'customerIp', 'emailAddress', 'dob', 'nationalities', 'primaryMobileNumber', 'firstName'],
    horus: ['clientId', 'clientSecret', 'categoryId', 'positionId', 'enabled', 'mainIdentifier', 'email', 'lastName'],
  };
  const cases = [];
  for (const [provider, fields] of Object.entries(owned)) {
    for (const f of fields) cases.push([{ extras: { [provider]: { [f]: 'Owner' } } }, 400, `extras.${provider}.${f}`]);
  }
  for (const f of ['roleName', 'accountId', 'collections', 'clientSecret', 'enabled', 'sendInvite', 'customerIp']) cases.push([{ [f]: 'Owner' }, 400, f]);
  // Not the server's names: unknown to the provider, a 422 that names them; nothing sent either.
  cases.push([{ extras: { equals: { RoleName: 'Owner' } } }, 422, 'extras.equals.RoleName']);
  cases.push([{ extras: { Equals: { roleName: 'Owner' } } }, 422, 'extras.Equals']);
  cases.push([{ extras: JSON.parse('{"equals":{"__proto__":{"roleName":"Owner"}}}') }, 422, 'extras.equals.__proto__']);
  cases.push([{ extras: { equals: { jobTitle: { roleName: 'Owner' } } } }, 422, 'extras.equals.jobTitle']);
  for (const [over, status, field] of cases) {
    const p = person(over);
    for (const [type, body] of [
      ['application/json', JSON.stringify({ person: p })],
      [`multipart/form-data; boundary=${B}`, multipart([personPart(p), photoPart()])],
    ]) {
      const a = await send(rawRequest(body, [`Content-Type: ${type}`, `Idempotency-Key: k-${uid()}`, 'Accept-Language: es-PE']));
      assert.equal(a.status, status, `${field} (${type})`);
      const named = a.json.error.field ?? a.json.error.errors?.[0]?.field;
      assert.equal(named, field, `${field} (${type})`);
      assertClean(a, personal(p));
    }
  }
  assert.deepEqual(await mock.requests(), []);
});

test('no secret and none of the person\'s data in any answer, whatever each provider answers (their errors, broken bodies, "already there")', async () => {
  const p = person();
  for (const fault of [null, '400', '401', '409', '422', '429', '500', '503', 'bad-json', 'html', 'huge', 'reset', 'reset;after-create', 'redirect']) {
    await mock.reset();
    if (fault) for (const provider of ['verifik', 'equals', 'horus']) await mock.scenario(fault, 1, provider);
    for (const accept of ['application/json', 'application/x-ndjson']) {
      const a = await send(rawRequest(JSON.stringify({ person: p }), [...JSON_HEADERS(), `Accept: ${accept}`]));
      assert.equal(a.status, 200, `${fault} ${accept}`);
      assertClean(a, personal(p));
    }
  }
});
