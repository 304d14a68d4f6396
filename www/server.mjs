#!/usr/bin/env node
// The demo's dev server: serves www/ and the browser build of the package on
// 127.0.0.1 with a strict Content-Security-Policy. `make demo` runs it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};
// Only www/ and the browser build are reachable; nothing else in the repo is.
const MOUNTS = [['/pkg/web/', 'pkg/web/'], ['/js/', 'js/'], ['/', 'www/']];
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function resolvePath(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const base = join(root, dir);
    const rel = urlPath.slice(prefix.length) || 'index.html';
    const full = normalize(join(base, decodeURIComponent(rel)));
    return full.startsWith(base) || full + sep === base ? full : null;
  }
  return null;
}

export async function startDemo({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer(async (req, res) => {
    const path = resolvePath(new URL(req.url, 'http://x').pathname);
    const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    if (!path || req.method !== 'GET') {
      res.writeHead(404, headers).end('not found');
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const url = `http://${host}:${server.address().port}`;
  return { url, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const demo = await startDemo({ port });
  console.log(`personkit demo: ${demo.url}/  (Ctrl-C to stop)`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
