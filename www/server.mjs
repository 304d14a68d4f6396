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

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
};
// Only the page and the browser build are reachable, each with the file types
// it needs: the server's own .mjs files and the README under www/ are not.
const MOUNTS = [
  ['/pkg/web/', 'pkg/web/', ['.js', '.wasm']],
  ['/js/', 'js/', ['.mjs']],
  ['/', 'www/', ['.html', '.js', '.css', '.png', '.svg']],
];
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const SECURITY = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

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

async function serveApi(req, res, pathname, setup, enrolRoute) {
  if (pathname === '/api/config' && req.method === 'GET') return sendJson(res, 200, publicConfig(setup.modes));
  // Method, origin, size, idempotency and the person's rules: personkit/server checks them all.
  if (pathname === '/api/enrol') return enrolRoute(req, res);
  return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
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

  const enrolRoute = createEnrolRoute(setup, mockServer, log);
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    const handle = pathname.startsWith('/api/') ? serveApi(req, res, pathname, setup, enrolRoute) : serveFile(req, res, pathname);
    handle.catch(() => { if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'the demo server failed' } }); });
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
