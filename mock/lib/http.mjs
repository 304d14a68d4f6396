// HTTP plumbing: CORS, bounded body reading, JSON replies.

import { STATUS_CODES } from 'node:http';

const ALLOW_HEADERS = ['authorization', 'content-type', 'x-usil-request-id', 'x-mock-fault', 'x-mock-verifik-shape'];
const EXPOSE_HEADERS = ['x-usil-request-id', 'retry-after'];

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

/**
 * Reads the request body, up to `limit` bytes. Over the limit (declared by
 * content-length or counted while streaming) it stops keeping bytes and
 * resolves `{ tooLarge: true, bytes }`; the rest of the upload is discarded.
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume(); // discard, never buffer
      resolve({ tooLarge: true, bytes: declared });
      return;
    }
    const chunks = [];
    let bytes = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      bytes += chunk.length;
      if (bytes > limit) {
        done = true;
        chunks.length = 0;
        resolve({ tooLarge: true, bytes });
        return; // keep reading (and dropping) so the client can receive the 413
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve({ tooLarge: false, bytes, buffer: Buffer.concat(chunks) });
      done = true;
    });
    req.on('error', (err) => {
      if (!done) reject(err);
      done = true;
    });
  });
}

/** Parses a body as JSON; `{ ok: false }` when empty or malformed. */
export function parseJson(buffer) {
  if (!buffer || buffer.length === 0) return { ok: false, value: null };
  try {
    return { ok: true, value: JSON.parse(buffer.toString('utf8')) };
  } catch {
    return { ok: false, value: null };
  }
}

export function send(res, status, body, headers = {}, contentType = 'application/json; charset=utf-8') {
  if (res.destroyed || res.headersSent) return;
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}
