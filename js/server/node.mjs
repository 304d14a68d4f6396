// toNodeHandler(handler): the fetch handler as a node:http / Express
// `(req, res) => void`. It needs no node: import: the request is read through
// its async iterator, so importing personkit/server stays runtime-neutral.
import { preReadRefusal } from './pre-read.mjs';
import { WORDS, localeOf } from './words.mjs';

/**
 * @param {(request: Request) => Promise<Response>} handler
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function toNodeHandler(handler) {
  return (req, res) => {
    serve(handler, req, res).catch(() => {
      // Two calls, not a chain: a response object of a framework's own may return nothing from writeHead.
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store', vary: 'accept-language' });
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: lastResortWords(req) } }));
      } else res.destroy?.();
    });
  };
}

/** The handler's own 500 text, in the request's language (as its answers are); English if even that fails. */
function lastResortWords(req) {
  try {
    return WORDS[localeOf(req.headers?.['accept-language'])].internal();
  } catch {
    return WORDS.en.internal();
  }
}

async function serve(handler, req, res) {
  const http2 = req.httpVersionMajor >= 2;
  // Express's req.protocol follows the app's `trust proxy` setting: behind a
  // proxy the app trusts, X-Forwarded-Proto; otherwise the socket, as here.
  const proto = isExpress(req) ? (req.protocol === 'https' ? 'https' : 'http') : (req.socket?.encrypted ? 'https' : 'http');
  // node:http2's compatibility API has no Host header: the page's host is :authority.
  const host = req.headers.host ?? req.headers[':authority'] ?? 'localhost';
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    headers.append(name, req.rawHeaders[i + 1]);
  }
  // Methods no Request may carry (TRACE, CONNECT, TRACK): answered here as the handler answers any other but POST.
  if (/^(connect|trace|track)$/i.test(req.method ?? '')) {
    res.writeHead(405, { 'content-type': 'application/json', 'cache-control': 'no-store', allow: 'POST' });
    res.end('{"error":{"code":"METHOD_NOT_ALLOWED","message":"use POST"}}');
    return;
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // A body parser before the route (an app-wide express.json()) read the stream: what it left in req.body is the body.
  let read;
  if (hasBody && req.readableEnded) read = alreadyRead(req, headers);
  const body = hasBody && !read ? bodyOf(req) : null;
  const aborted = new AbortController();
  res.on('close', () => { if (!res.writableFinished) aborted.abort(); });
  let request;
  try {
    const url = new URL(`${proto}://${host}${req.originalUrl ?? req.url}`);
    // A URL with credentials ("user@host") parses, but no Request takes it.
    if (url.username || url.password) throw new TypeError('credentials in the Host header');
    request = new Request(url, {
      method: req.method, headers, signal: aborted.signal,
      ...(hasBody && { body: read ? read.bytes ?? new Uint8Array(0) : body.stream, duplex: 'half' }),
    });
    // Answered by the handler at the body's step, after Origin and authorize.
    if (read?.refusal) preReadRefusal.set(request, read.refusal);
  } catch {
    // A Host header no URL can hold ("[", "a b", "user@host"): the client's fault, not the server's.
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store', ...(!http2 && { connection: 'close' }) });
    res.end('{"error":{"code":"BAD_REQUEST","message":"the Host header is not a host name"}}');
    return;
  }
  const response = await handler(request);
  const out = {};
  response.headers.forEach((v, k) => { out[k] = v; });
  // A body the handler did not read whole (a refusal): the client is still
  // sending it. Closed at once, the connection would be reset under its
  // writes, and a client that meets the reset before it reads the answer
  // (Node 24's fetch nearly always, any client sometimes) reports a network
  // error instead of the refusal. So the rest is read and dropped, as Go's
  // net/http and nginx do, up to DRAIN_BYTES in all, and the connection is
  // kept. A body too large (413), or declared longer than that, is not
  // read: the answer closes the connection. (HTTP/2 has no Connection
  // header: its stream simply ends.)
  if (!http2 && body && !req.readableEnded) {
    if (response.status === 413 || body.received() + body.left() > DRAIN_BYTES) out.connection = 'close';
    else {
      // A body past the bound after all (no Content-Length): cut once the answer is out.
      const cut = () => { if (res.writableFinished) req.socket?.destroy(); else res.once('close', () => req.socket?.destroy()); };
      body.drain(DRAIN_BYTES).then((ended) => { if (!ended) cut(); }, cut);
    }
  }
  res.writeHead(response.status, out);
  if (!response.body) { res.end(); return; }
  const reader = response.body.getReader();
  res.on('close', () => { reader.cancel().catch(() => {}); });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A client gone before this write never drains, and its 'close' has fired already.
    if (res.destroyed) break;
    if (!res.write(value)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
  }
  res.end();
}

/** The most bytes of a refused request's body read and dropped after the answer: the default `maxBodyBytes`, what an accepted request sends anyway. */
const DRAIN_BYTES = 32 * 2 ** 20;

/**
 * The request body as a web stream, read only as the handler pulls; and,
 * once the handler has answered without reading it whole (a refusal),
 * `drain(limit)`, which reads the rest and drops it: true when the body
 * ended within `limit` bytes in all. `received()`: the bytes read so far;
 * `left()`: those its Content-Length still declares (0 without one).
 */
function bodyOf(req) {
  const chunks = req[Symbol.asyncIterator]();
  let cancelled = false;
  let received = 0;
  const stream = new ReadableStream({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (!done) received += value.byteLength;
      if (done || cancelled) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    cancel() {
      cancelled = true;
    },
  });
  const declared = Number(req.headers['content-length']);
  return {
    stream,
    received: () => received,
    left: () => (Number.isSafeInteger(declared) ? declared - received : 0),
    async drain(limit) {
      for (;;) {
        const { done, value } = await chunks.next();
        if (done) return true;
        received += value.byteLength;
        if (received > limit) return false;
      }
    },
  };
}

/** An Express request: its req.protocol honours the app's `trust proxy`. */
function isExpress(req) {
  return typeof req.app?.get === 'function' && typeof req.protocol === 'string';
}

const NUMBER_INEXACT = 'a number in the request body has more digits than can be read exactly: send it as a string';

/**
 * The body a parser before the route already read, as bytes: a Buffer
 * (express.raw) or string (express.text) as it is; JSON that
 * express.json() parsed, written again (a number its parse could not hold,
 * 1e400 or a 20-digit integer, is refused, as the handler refuses it in the
 * text). A multipart body a parser took apart (multer) cannot be the
 * enrolment again: a 500 naming the cause.
 */
function alreadyRead(req, headers) {
  const { body } = req;
  const type = (headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (body instanceof Uint8Array) return { bytes: body };
  // A multipart body read as text (Next.js' Pages Router bodyParser, an
  // express.text() for every type) lost its photos' bytes to UTF-8 decoding.
  if (typeof body === 'string' && type === 'multipart/form-data') {
    return { refusal: [500, 'INTERNAL', 'a body parser read this multipart request as text before personkit, which cannot give its photos back: turn it off for this route (Next.js pages/api: export const config = { api: { bodyParser: false } })'] };
  }
  if (typeof body === 'string') return { bytes: new TextEncoder().encode(body) };
  // A type the handler does not read: it answers 415 as it would have.
  if (type !== 'application/json' && type !== 'multipart/form-data') return { bytes: new Uint8Array(0) };
  if (type === 'application/json' && body !== null && typeof body === 'object') {
    let inexact = false;
    const text = JSON.stringify(body, (_, v) => {
      if (typeof v === 'number' && (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v)))) inexact = true;
      return v;
    });
    if (inexact) return { refusal: [400, 'BAD_REQUEST', NUMBER_INEXACT] };
    return { bytes: new TextEncoder().encode(text) };
  }
  return {
    refusal: [500, 'INTERNAL', 'a body parser (multer, …) read this request before personkit: mount the enrol route before it, or keep it off this route'],
  };
}
