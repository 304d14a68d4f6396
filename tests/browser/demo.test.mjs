// Tier 4: the demo page served by www/server.mjs (CSP on) loads the wasm build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDemo } from '../../www/server.mjs';
import { launchChromium, strictPage } from './harness.mjs';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
let demo;
let browser;
before(async () => { demo = await startDemo({ port: 0 }); browser = await launchChromium(); });
after(async () => { await browser?.close(); await demo?.close(); });

test('the demo page shows the version under its Content-Security-Policy', async () => {
  const { page, problems } = await strictPage(browser);
  const res = await page.goto(`${demo.url}/`);
  assert.match(res.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForFunction(() => document.getElementById('version').textContent !== '…', null, { timeout: 10000 }).catch(() => {});
  assert.equal(await page.textContent('#version'), version);
  assert.deepEqual(problems, []);
});
