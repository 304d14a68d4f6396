// Hardening shared by the mock and the demo's dev server (www/server.mjs): no
// request may throw outside a catch, hold the server's memory, or keep a
// socket open for ever. Node built-ins only.

import { isIP } from 'node:net';

/**
 * createServer() options that bound how long a client may take to send a
 * request. Node answers 408 itself when the headers (or the whole request)
 * are late, idle connections that never send a byte included; our own body
 * timer (readBounded) answers first for bodies, this is the backstop.
 */
export function serverOptions({ headersTimeoutMs, bodyTimeoutMs }) {
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: headersTimeoutMs + bodyTimeoutMs + 1000,
    // Node checks the two timeouts on this interval (30 s by default).
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(headersTimeoutMs, bodyTimeoutMs) / 4))),
  };
}

/** The request target as a URL, or null when it is not one (`//[` makes `new URL` throw). */
export function parseTarget(target) {
  try {
    return new URL(target ?? '/', 'http://server.invalid');
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * Whether a `Host` header names this server, so a DNS-rebinding page (whose
 * Host is its own domain) is refused. Accepted, with the port the client
 * connected to: 127.0.0.1, localhost and [::1]; the bound address itself;
 * any IP literal when bound to all interfaces (a phone on the LAN uses the
 * machine's IP: an IP literal cannot be rebound). `extra` entries are
 * `name` (any port, e.g. behind a port mapping) or `name:port`.
 */
export function hostAllowed(hostHeader, { port, bindHost = '127.0.0.1', extra = [] }) {
  if (typeof hostHeader !== 'string') return false;
  const host = hostHeader.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host);
  if (!m) return false;
  const [, name, portText] = m;
  if (extra.some((e) => e.toLowerCase() === host || e.toLowerCase() === name)) return true;
  if (Number(portText ?? 80) !== port) return false;
  if (LOOPBACK.has(name)) return true;
  const bare = name.replace(/^\[|\]$/g, '');
  const bound = String(bindHost).toLowerCase().replace(/^\[|\]$/g, '');
  if (!isIP(bare)) return false;
  return bare === bound || WILDCARD.has(bound);
}

/**
 * Whether an `Origin` is a page on this machine (http or https on 127.0.0.1,
 * localhost or [::1], any port). Other sites' pages must not read or drive
 * the mock's control routes, which hold every recorded request.
 */
export function isLoopbackOrigin(origin) {
  const m = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i.exec(origin ?? '');
  return m !== null;
}

/** The declared Content-Length, or null when absent or not a number. */
function declaredLength(req) {
  const value = req.headers['content-length'];
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** True when the request says a body follows (chunked, or a non-zero length). */
export const hasBody = (req) => req.headers['transfer-encoding'] !== undefined || (declaredLength(req) ?? 0) > 0;

/** True when the request declares a body longer than `limit`: refuse before reading. */
export const declaresTooMuch = (req, limit) => (declaredLength(req) ?? 0) > limit;

/**
 * Reads a request body into memory, up to `limit` bytes, within `timeoutMs`.
 * Resolves (never rejects) as soon as the outcome is known:
 *   { ok: true, buffer, bytes }     the whole body
 *   { tooLarge: true, bytes }       over the limit: declared, or counted while
 *                                   it arrived (nothing more is kept)
 *   { timedOut: true, bytes }       not all there in time (slow, or it declared
 *                                   more than it sent)
 *   { aborted: true, bytes }        the client went away
 * Anything but `ok` leaves the connection unusable: answer with sendAndClose().
 */
export function readBounded(req, { limit, timeoutMs }) {
  return new Promise((resolve) => {
    if (declaresTooMuch(req, limit)) {
      resolve({ tooLarge: true, bytes: declaredLength(req) });
      return;
    }
    const chunks = [];
    let bytes = 0;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      if (!result.ok) chunks.length = 0;
      resolve(result);
    };
    const onData = (chunk) => {
      bytes += chunk.length;
      if (bytes > limit) finish({ tooLarge: true, bytes });
      else chunks.push(chunk);
    };
    const timer = setTimeout(() => finish({ timedOut: true, bytes }), timeoutMs);
    req.on('data', onData);
    req.once('end', () => finish({ ok: true, bytes, buffer: Buffer.concat(chunks) }));
    // 'close' before 'end' means the client hung up mid-body.
    req.once('close', () => finish({ aborted: true, bytes }));
    req.on('error', () => finish({ aborted: true, bytes }));
  });
}

/**
 * Sends a complete answer on a connection that must not be reused (the rest
 * of the body is unread, or the request was refused): `Connection: close`,
 * then the socket is destroyed once the answer is flushed, so a client still
 * uploading cannot keep it busy. A client that never reads the answer cannot
 * either: the socket goes after `graceMs` whatever happens.
 */
export function sendAndClose(req, res, status, headers, payload, graceMs = 2000) {
  const socket = req.socket;
  if (res.headersSent || res.destroyed) {
    socket.destroy();
    return;
  }
  const backstop = setTimeout(() => socket.destroy(), graceMs);
  backstop.unref();
  socket.once('close', () => clearTimeout(backstop));
  res.once('finish', () => setImmediate(() => socket.destroy()));
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(payload), connection: 'close' });
  res.end(payload);
}
