// Tier 4: the browser entry in headless Chromium, as a plain module page and
// as a production Vite build of a tiny app that imports `personkit`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cleanups = [];
let browser;

before(async () => { browser = await launchChromium(); });
after(async () => {
  await browser?.close();
  for (const c of cleanups.reverse()) await c();
});

test('a plain <script type="module"> page imports the browser entry without init()', async () => {
  const server = await serveStatic(root);
  cleanups.push(server.close);
  const { page, problems } = await strictPage(browser);
  await page.goto(`${server.url}/tests/browser/pages/module.html`);
  await page.waitForFunction(() => document.getElementById('version').textContent !== 'loading', null, { timeout: 10000 }).catch(() => {});
  assert.equal(await page.textContent('#version'), version);
  assert.deepEqual(problems, []);
});

test('a production Vite build of an app that imports personkit loads and runs', async () => {
  // The app installs the packed tarball, exactly as a user's app would.
  const app = mkdtempSync(join(tmpdir(), 'personkit-vite-'));
  cleanups.push(() => rmSync(app, { recursive: true, force: true }));
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', app], { cwd: root, encoding: 'utf8' }));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // --prefer-offline: the tarball's dependencies come from the npm cache when it has them (see tests/js/pack.test.mjs).
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(app, filename)], { cwd: app, stdio: 'ignore' });
  mkdirSync(join(app, 'src'));
  writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><output id="version">loading</output><script type="module" src="/src/main.js"></script>');
  writeFileSync(join(app, 'src/main.js'), "import { version } from 'personkit';\ndocument.getElementById('version').textContent = version();\n");
  await build({ root: app, logLevel: 'warn', build: { outDir: join(app, 'dist') } });

  const server = await serveStatic(join(app, 'dist'));
  cleanups.push(server.close);
  const { page, problems } = await strictPage(browser);
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById('version').textContent !== 'loading', null, { timeout: 10000 }).catch(() => {});
  assert.equal(await page.textContent('#version'), version);
  assert.deepEqual(problems, []);
});
