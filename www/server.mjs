#!/usr/bin/env node
// The demo's dev server (`make demo`): serves the signup page and the browser
// build under a strict Content-Security-Policy, embeds personkit-mock, and
// exposes the backend routes that hold the credentials (backend.mjs).
//
// Real APIs instead of the mock, per provider, when these are set:
//   VERIFIK_TOKEN (+ VERIFIK_BASE_URL)
//   EQUALS_API_KEY (+ EQUALS_BASE_URL, default the sandbox; EQUALS_ACCOUNT_ID to prefill)
//   HORUS_BASE_URL + HORUS_CLIENT_ID + HORUS_CLIENT_SECRET
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BODY_LIMIT, configureProviders, createPerson, publicConfig, readJson } from './backend.mjs';

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
const ROUTES = { '/api/verifik/persons': 'verifik', '/api/equals/people': 'equals', '/api/horus/persons': 'horus' };

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

function sendJson(res, status, value) {
  res.writeHead(status, { ...SECURITY, 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function serveFile(req, res, pathname) {
  const path = resolvePath(pathname);
  if (!path || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, SECURITY).end('not found');
    return;
  }
  try {
    const body = await readFile(path);
    res.writeHead(200, { ...SECURITY, 'content-type': TYPES[extname(path)] }).end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, SECURITY).end('not found');
  }
}

async function serveApi(req, res, pathname, setup, log) {
  if (pathname === '/api/config' && req.method === 'GET') return sendJson(res, 200, publicConfig(setup));
  const provider = ROUTES[pathname];
  if (!provider) return sendJson(res, 404, { outcome: 'error', code: 'NOT_FOUND', message: 'no such route' });
  if (req.method !== 'POST') return sendJson(res, 405, { outcome: 'error', code: 'METHOD_NOT_ALLOWED', message: 'use POST' });
  // Only this page may spend our credentials: refuse other origins' posts.
  const origin = req.headers.origin;
  if (origin && origin !== `http://${req.headers.host}`) {
    req.resume();
    return sendJson(res, 403, { outcome: 'error', code: 'FORBIDDEN', message: 'cross-origin requests are refused' });
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    return sendJson(res, 415, { outcome: 'error', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' });
  }
  const started = Date.now();
  let body;
  try {
    body = await readJson(req, BODY_LIMIT);
  } catch (err) {
    const status = err.status ?? 400;
    const message = status === 413 ? `the request is over ${BODY_LIMIT / 1024 / 1024} MB: use smaller photos` : 'the request body is not valid JSON';
    return sendJson(res, status, { outcome: 'error', code: status === 413 ? 'TOO_LARGE' : 'BAD_REQUEST', message });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return sendJson(res, 400, { outcome: 'error', code: 'BAD_REQUEST', message: 'the request body must be a JSON object' });
  }
  const [status, outcome] = await createPerson(provider, setup, body, req.headers['x-demo-fault']);
  // One line per call: never the body, the images or a credential.
  log?.(`${provider}: ${outcome.outcome}${outcome.code ? ` ${outcome.code}` : ''} (${Date.now() - started} ms)`);
  sendJson(res, status, outcome);
}

/**
 * Starts the demo.
 * @param {object} [o]
 * @param {number} [o.port=8080] 0 picks a free port
 * @param {string} [o.host='127.0.0.1']
 * @param {boolean|object} [o.mock=true] embed personkit-mock (an object is its config overrides)
 * @param {object} [o.env=process.env] where the real credentials are read from
 * @param {(line: string) => void} [o.log] one line per API call (none by default)
 * @returns {Promise<{ url: string, mockUrl: string|null, close(): Promise<void> }>}
 */
export async function startDemo({ port = 8080, host = '127.0.0.1', mock = true, env = process.env, log = null } = {}) {
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

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    const handle = pathname.startsWith('/api/') ? serveApi(req, res, pathname, setup, log) : serveFile(req, res, pathname);
    handle.catch(() => { if (!res.headersSent) sendJson(res, 500, { outcome: 'error', code: 'INTERNAL', message: 'the demo server failed' }); });
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
    modes: Object.fromEntries(Object.entries(setup).map(([k, v]) => [k, v.mode])),
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
