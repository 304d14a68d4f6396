// HTTP plumbing: CORS and JSON replies (bounded reading is in guard.mjs).

import { STATUS_CODES } from 'node:http';
import { hasBody, sendAndClose } from './guard.mjs';

const ALLOW_HEADERS = ['authorization', 'content-type', 'x-usil-request-id', 'x-horus-request-id', 'x-mock-fault', 'x-mock-verifik-shape'];
const EXPOSE_HEADERS = ['x-usil-request-id', 'x-horus-request-id', 'retry-after'];

/** CORS on every answer, so a page on another local origin can call the mock. */
export function setCors(req, res) {
  // No cookies are involved, so echoing the origin (or `*`) is safe here.
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', ALLOW_HEADERS.join(', '));
  res.setHeader('access-control-expose-headers', EXPOSE_HEADERS.join(', '));
  res.setHeader('access-control-max-age', '600');
}

export const statusText = (status) => STATUS_CODES[status] ?? 'Error';

/** Parses a body as JSON; `{ ok: false }` when empty or malformed. */
export function parseJson(buffer) {
  if (!buffer || buffer.length === 0) return { ok: false, value: null };
  try {
    return { ok: true, value: JSON.parse(buffer.toString('utf8')) };
  } catch {
    return { ok: false, value: null };
  }
}

/**
 * Sends a complete answer. When the request's body was never read (a route
 * that takes none), the connection is closed after the answer, so a client
 * still sending cannot keep it busy.
 */
export function send(res, status, body, headers = {}, contentType = 'application/json; charset=utf-8') {
  if (res.destroyed || res.headersSent) return;
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const req = res.req;
  if (req && hasBody(req) && !req.complete) {
    sendAndClose(req, res, status, { 'content-type': contentType, ...headers }, payload);
    return;
  }
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** A JSON answer after which the connection is closed (body unread, or request refused). */
export function sendClose(req, res, status, body, headers = {}) {
  sendAndClose(req, res, status, { 'content-type': 'application/json; charset=utf-8', ...headers }, JSON.stringify(body));
}
