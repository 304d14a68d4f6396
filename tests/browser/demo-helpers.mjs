// Shared by the demo suites: start the demo (with its embedded mock) and
// Chromium on 127.0.0.1, fill the signup form, read outcomes and the mock.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../www/server.mjs';
import { launchChromium, strictPage } from './harness.mjs';
import * as personkit from '../../js/node.mjs';

export const fixture = (name) => fileURLToPath(new URL(`../fixtures/images/${name}`, import.meta.url));
export const PHOTOS = [fixture('portrait-120x160.jpg'), fixture('progressive-200x150.jpg')];
export const HEIC = fixture('iphone-header.heic');

// The mock's default credentials: none of them may ever reach the page.
export const SECRETS = ['verifik-test-token', 'equals-test-key', 'bb145d5fxyz'];

export const ANA = {
  firstName: 'Ana', lastName: 'Ñañez Quispe', email: 'ana.nanez@example.pe', phone: '+51 987 654 321',
  dateOfBirth: '1990-04-12', gender: 'F', nationality: 'PE', identityNumber: '45879632',
};

/** Demo + browser; `env: {}` so a developer's real credentials are never used by tests. */
export async function startAll() {
  const logs = [];
  const demo = await startDemo({ port: 0, host: '127.0.0.1', env: {}, log: (l) => logs.push(l) });
  const browser = await launchChromium();
  return { demo, browser, logs, close: async () => { await browser.close(); await demo.close(); } };
}

/** A page on the demo that records every /api/ answer body, for the secrets scan. */
export async function openDemo(browser, url, viewport = { width: 1280, height: 900 }) {
  const { page, problems } = await strictPage(browser);
  await page.setViewportSize(viewport);
  const answers = [];
  page.on('response', async (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) answers.push(await r.text().catch(() => ''));
  });
  await page.goto(url);
  // The config fetch shows where each system runs: the page is ready after it.
  await page.waitForFunction(() => document.querySelectorAll('#modes li').length === 3);
  return { page, problems, answers };
}

export async function fillPerson(page, p) {
  for (const id of ['firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'identityNumber']) {
    if (p[id] !== undefined) await page.fill(`#${id}`, p[id]);
  }
  for (const id of ['gender', 'nationality']) {
    if (p[id] !== undefined) await page.selectOption(`#${id}`, p[id]);
  }
}

/** Drops a file on the drop zone the way a browser does (a DataTransfer with a File). */
export async function dropFile(page, path, type = 'image/jpeg') {
  const b64 = readFileSync(path).toString('base64');
  const name = path.split('/').pop();
  const dataTransfer = await page.evaluateHandle(({ b64, name, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type }));
    return dt;
  }, { b64, name, type });
  await page.dispatchEvent('#photos-drop', 'drop', { dataTransfer });
}

export async function waitPhotos(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('#photo-list li').length === n, n);
}

/** Waits until no provider is pending, then returns `{ provider: { outcome, text } }`. */
export async function outcomes(page, count, timeout = 30_000) {
  await page.waitForFunction((count) => {
    const items = [...document.querySelectorAll('#results li')];
    return items.length === count && items.every((li) => li.dataset.outcome !== 'pending');
  }, count, { timeout });
  return page.$$eval('#results li', (items) => Object.fromEntries(items.map((li) => [
    li.dataset.provider, { outcome: li.dataset.outcome, text: li.textContent },
  ])));
}

export async function mockGet(demo, path) {
  const res = await fetch(`${demo.mockUrl}${path}`);
  assert.equal(res.status, 200);
  return res.json();
}

export function assertNoSecrets(texts, where) {
  for (const text of texts) {
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} holds a credential`);
  }
}
