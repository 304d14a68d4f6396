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
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { createEnrolHandler, toNodeHandler } from 'personkit/server';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, SECRETS, jpegBase64 } from './helpers.mjs';

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
    providers: {
      verifik: { client: new VerifikClient({ token: TOKEN, ...o }), collections: ['staff'] },
      equals: { client: new EqualsClient({ apiKey: API_KEY, ...o }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }), categoryId: 1, positionId: 2 },
    },
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
    // RFC 7578 4.2: filename* MUST NOT be used; Node's parser refuses it, as a client's mistake.
    ['filename* (RFC 5987) in a photos part', (p) => [personPart(p), photoPart("filename*=UTF-8''%C3%B1.jpg")], 400, 'BAD_REQUEST'],
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

function noVerifik() {
  const o = { baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0 };
  return {
    providers: {
      equals: { client: new EqualsClient({ apiKey: API_KEY, ...o }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }), categoryId: 1, positionId: 2 },
    },
  };
}
