#!/usr/bin/env node
// The demo's dev server (`make demo`): serves the signup page and the browser
// build under a strict Content-Security-Policy, embeds personkit-mock, and
// exposes the one backend route that holds the credentials (enrol-route.mjs:
// personkit/server's createEnrolHandler).
//
// Real APIs instead of the mock, per provider, when these are set:
//   VERIFIK_TOKEN (+ VERIFIK_BASE_URL)
//   EQUALS_API_KEY (+ EQUALS_BASE_URL, default the sandbox; EQUALS_ACCOUNT_ID to prefill)
//   HORUS_BASE_URL + HORUS_CLIENT_ID + HORUS_CLIENT_SECRET
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureProviders, createEnrolRoute, publicConfig } from './enrol-route.mjs';
import { declaresTooMuch, hasBody, hostAllowed, parseTarget, readBounded, sendAndClose, serverOptions } from '../mock/lib/guard.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
};
// Only the page and the browser build are reachable, each with the file types
// it needs: the server's own .mjs files and the README under www/ are not.
const MOUNTS = [
  ['/pkg/web/', 'pkg/web/', ['.js', '.wasm']],
  ['/pkg/page/', 'pkg/page/', ['.js', '.wasm']],
  ['/js/', 'js/', ['.mjs']],
  ['/', 'www/', ['.html', '.js', '.css', '.png', '.svg']],
];
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const SECURITY = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
// Three photos of 10 MiB and the rest of the person, as multipart.
const BODY_LIMIT = 32 * 1024 * 1024;
// How long a whole body may take: a phone on 3G sends about 1 Mbit/s, so the
// largest body above needs some 270 s (the page's own three downscaled photos,
// a few MB, far less). Past it, 408: a bound, so a client that never finishes
// cannot hold a socket for ever. Node's own default (requestTimeout) is the same.
const BODY_TIMEOUT_MS = 300_000;

function resolvePath(urlPath) {
  for (const [prefix, dir, types] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const base = join(root, dir);
    let rel;
    try { rel = decodeURIComponent(urlPath.slice(prefix.length)) || 'index.html'; } catch { return null; }
    const full = normalize(join(base, rel));
    return full.startsWith(base) && types.includes(extname(full)) ? full : null;
  }
  return null;
}

/**
 * Sends a whole answer. When the request's body is unread (a route that takes
 * none, or a refusal), the connection is closed after it: a client still
 * sending cannot keep it busy.
 */
function reply(req, res, status, headers, payload = '') {
  if (res.headersSent || res.destroyed) return;
  if (hasBody(req) && !req.complete) return sendAndClose(req, res, status, { ...SECURITY, ...headers }, payload);
  res.writeHead(status, { ...SECURITY, ...headers }).end(payload);
}

const sendJson = (req, res, status, value) => reply(req, res, status, { 'content-type': 'application/json' }, JSON.stringify(value));
// The shape personkit/server answers refusals in, so the page reads one.
const refuse = (req, res, status, code, message) =>
  sendAndClose(req, res, status, { ...SECURITY, 'content-type': 'application/json' }, JSON.stringify({ error: { code, message } }));

async function serveFile(req, res, pathname) {
  const path = resolvePath(pathname);
  if (!path || (req.method !== 'GET' && req.method !== 'HEAD')) return reply(req, res, 404, {}, 'not found');
  let body;
  try {
    body = await readFile(path);
  } catch {
    return reply(req, res, 404, {}, 'not found');
  }
  // HEAD: the headers a GET would have, no body.
  if (req.method === 'HEAD') return reply(req, res, 200, { 'content-type': TYPES[extname(path)], 'content-length': body.length });
  reply(req, res, 200, { 'content-type': TYPES[extname(path)] }, body);
}

async function serveApi(req, res, pathname, setup, enrolRoute) {
  if (pathname === '/api/config' && req.method === 'GET') return sendJson(req, res, 200, publicConfig(setup.modes));
  // Method, origin, size, idempotency and the person's rules: personkit/server
  // checks them all (the Host and a declared size were checked by admit()).
  if (pathname === '/api/enrol') return enrolRoute(req, res);
  return sendJson(req, res, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
}

/**
 * The guards every request passes first; false when it was refused. A target
 * that is not a URL (`//[`) must not throw, a rebinding Host (a page on
 * evil.example resolved to 127.0.0.1) is not served, and a body declared
 * over the limit is refused before it is read.
 */
function admit(req, res, url, limits, bindHost) {
  if (!url) {
    refuse(req, res, 400, 'BAD_REQUEST', 'the request target is not a valid URL');
  } else if (!hostAllowed(req.headers.host, { port: req.socket.localPort, bindHost })) {
    refuse(req, res, 421, 'MISDIRECTED_REQUEST', 'this Host is not served here: open the address the server printed');
  } else if (declaresTooMuch(req, limits.bodyLimit)) {
    refuse(req, res, 413, 'PAYLOAD_TOO_LARGE', tooLargeMessage(limits));
  } else {
    return true;
  }
  return false;
}

const tooLargeMessage = ({ bodyLimit }) => `the request is over ${Math.round((bodyLimit / 1024 / 1024) * 10) / 10} MB: use smaller photos`;

/**
 * Starts the demo.
 * @param {object} [o]
 * @param {number} [o.port=8080] 0 picks a free port
 * @param {string} [o.host='127.0.0.1']
 * @param {boolean|object} [o.mock=true] embed personkit-mock (an object is its config overrides)
 * @param {object} [o.env=process.env] where the real credentials are read from
 * @param {(line: string) => void} [o.log] one line per API call (none by default)
 * @param {number} [o.bodyLimit=BODY_LIMIT] larger request bodies get 413
 * @param {number} [o.bodyTimeoutMs=300000] a body not all there by then gets 408 (the
 *   largest body from a phone on 3G)
 * @param {number} [o.headersTimeoutMs=10000] headers not all there by then get 408
 * @returns {Promise<{ url: string, mockUrl: string|null, modes: object, limits: object, close(): Promise<void> }>}
 *   `limits`: the three limits in force
 */
export async function startDemo({
  port = 8080, host = '127.0.0.1', mock = true, env = process.env, log = null,
  bodyLimit = BODY_LIMIT, bodyTimeoutMs = BODY_TIMEOUT_MS, headersTimeoutMs = 10_000,
} = {}) {
  const limits = { bodyLimit, bodyTimeoutMs, headersTimeoutMs };
  const allLive = env.VERIFIK_TOKEN && env.EQUALS_API_KEY && env.HORUS_BASE_URL && env.HORUS_CLIENT_ID && env.HORUS_CLIENT_SECRET;
  let mockServer = null;
  if (mock !== false && !allLive) {
    const { startMock } = await import('../mock/server.mjs');
    mockServer = await startMock({ port: 0, host: '127.0.0.1', quiet: true, ...(typeof mock === 'object' && { config: mock }) });
  }
  let setup;
  try {
    setup = configureProviders(env, mockServer);
  } catch (err) {
    await mockServer?.close();
    throw err;
  }

  const enrolRoute = createEnrolRoute(setup, mockServer, log, limits);
  const server = createServer(serverOptions(limits), (req, res) => {
    const url = parseTarget(req.url);
    if (!admit(req, res, url, limits, host)) return;
    const { pathname } = url;
    const handle = pathname.startsWith('/api/') ? serveApi(req, res, pathname, setup, enrolRoute) : serveFile(req, res, pathname);
    handle.catch(() => sendJson(req, res, 500, { error: { code: 'INTERNAL', message: 'the demo server failed' } }));
  });
  try {
    await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  } catch (err) {
    await mockServer?.close();
    throw err;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed;
  return {
    url: `http://${urlHost}:${server.address().port}`,
    mockUrl: mockServer?.url ?? null,
    modes: setup.modes,
    limits,
    close: () => (closed ??= new Promise((r) => { server.close(r); server.closeAllConnections(); }).then(() => mockServer?.close())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // HOST=0.0.0.0 lets a phone on the same network open the page (camera capture).
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  let demo;
  try {
    demo = await startDemo({ port, host, log: (line) => console.log(line) });
  } catch (err) {
    console.error(`personkit demo: ${err.code === 'EADDRINUSE' ? `port ${port} is in use (set PORT)` : err.message}`);
    process.exit(1);
  }
  console.log(`personkit demo: ${demo.url}/  (Ctrl-C to stop)`);
  for (const [provider, mode] of Object.entries(demo.modes)) {
    console.log(`  ${provider.padEnd(8)} ${mode === 'mock' ? `mock at ${demo.mockUrl}` : mode === 'live' ? 'real API (credentials from the environment)' : 'off'}`);
  }
  const stop = () => demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
