// The demo page's safety and accessibility: its CSP, photo refusals, the
// provider toggles, keyboard-only submission, and the backend's guards (no
// secrets, body limit, same origin, real-API switch from the environment).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../www/server.mjs';
import {
  ANA, HEIC, PHOTOS, SECRETS, startAll, openDemo, waitPhotos, outcomes, assertNoSecrets,
} from './demo-helpers.mjs';

let all;
before(async () => { all = await startAll(); });
after(async () => { await all?.close(); });

test('the page runs under a strict CSP and the server exposes no credential or server file', async () => {
  const { demo, browser } = all;
  const { page, problems } = await openDemo(browser, `${demo.url}/`);
  const res = await fetch(`${demo.url}/`);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(await page.textContent('#version'), /^\d+\.\d+\.\d+/);
  assert.equal(await page.$$eval('script:not([src]), [style]', (els) => els.length), 0, 'no inline script or style');

  const config = await (await fetch(`${demo.url}/api/config`)).text();
  assertNoSecrets([config, await page.content()], '/api/config and the page');
  assert.deepEqual(JSON.parse(config).providers, { verifik: { mode: 'mock' }, equals: { mode: 'mock' }, horus: { mode: 'mock' } });
  for (const path of ['/server.mjs', '/enrol-route.mjs', '/backend.mjs', '/README.md', '/../package.json', '/%2e%2e/Cargo.toml', '/js/../package.json']) {
    assert.equal((await fetch(`${demo.url}${path}`)).status, 404, path);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a HEIC photo is refused with its message; photos can be removed; the form has no server-owned field', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`);
  assert.equal(await page.getAttribute('#photos', 'accept'), 'image/jpeg,image/png');
  // No capture attribute: a phone offers its camera and its gallery ("take or choose").
  assert.equal(await page.getAttribute('#photos', 'capture'), null);

  await page.setInputFiles('#photos', HEIC);
  await page.waitForFunction(() => document.getElementById('photos-refused').textContent !== '');
  const message = await page.textContent('#photos-refused');
  assert.match(message, /iphone-header\.heic/);
  assert.match(message, /HEIC/);
  assert.match(message, /iPhone/);
  assert.match(message, /JPEG/);
  assert.equal(await page.$$eval('#photo-list li', (l) => l.length), 0);

  await page.setInputFiles('#photos', PHOTOS);
  await waitPhotos(page, 2);
  assert.equal(await page.textContent('#photos-refused'), '', 'a good pick clears the old message');
  assert.equal(await page.textContent('#photos-error'), '');
  await page.click('#photo-list li:first-child button');
  await waitPhotos(page, 1);
  assert.match(await page.textContent('#photo-list'), /progressive-200x150\.jpg/);
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Quitar/, 'focus stays on the list (the page is in Spanish)');

  // The account, role, category, position and collection belong to the server.
  for (const id of ['equalsAccountId', 'equalsRole', 'horusCategory', 'horusPosition', 'verifikCollection']) {
    assert.equal(await page.$(`#${id}`), null, id);
  }
  // Submitting with nothing chosen says so, and sends nothing.
  for (const key of ['verifik', 'equals', 'horus']) await page.uncheck(`#use-${key}`);
  await page.click('#submit');
  assert.notEqual(await page.textContent('#providers-error'), '');
  assert.equal(await page.$$eval('#results li', (l) => l.length), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Presses Tab until the element with `id` has focus (date inputs take a Tab per segment). */
async function tabTo(page, id, max = 8) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.id === id, id)) return;
  }
  assert.fail(`Tab never reached #${id} (focus on #${await page.evaluate(() => document.activeElement?.id)})`);
}

test('the page is in Spanish, with an English switch; personkit\'s messages follow it', async () => {
  const { page, problems } = await openDemo(all.browser, `${all.demo.url}/`);
  await page.evaluate(() => localStorage.removeItem('lang'));
  await page.reload();
  await page.waitForFunction(() => document.getElementById('version').textContent !== '…');
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  assert.equal(await page.textContent('h1'), 'Crea tu perfil');
  await page.fill('#email', 'ana@');
  await page.waitForFunction(() => document.getElementById('email-error').textContent !== '');
  assert.match(await page.textContent('#email-error'), /^Escribe un correo como nombre@ejemplo\.com/);
  await page.click('#language');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'Create your profile');
  assert.match(await page.textContent('#email-error'), /^Enter an email like name@example\.com/);
  await page.click('#language');
  assert.match(await page.textContent('#email-error'), /^Escribe un correo como nombre@ejemplo\.com/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard only: tab through the form in order, pick photos, submit with Enter', async () => {
  const { demo, browser } = all;
  await fetch(`${demo.mockUrl}/__mock/reset`, { method: 'POST' });
  const { page, problems } = await openDemo(browser, `${demo.url}/`);
  // Playwright asks Chromium to intercept file choosers only once something
  // waits for one, without waiting for the answer: a key pressed right after
  // can open the (headless, invisible) dialog first and the wait times out.
  // Waiting from the start leaves the typing below for that round trip.
  const chooserOpened = page.waitForEvent('filechooser');
  chooserOpened.catch(() => {}); // awaited below; if a step before fails, that step is the report
  const type = async (id, text) => { await tabTo(page, id); await page.keyboard.type(text); };
  await type('firstName', 'Rosa');
  await type('lastName', ANA.lastName);
  await type('email', 'rosa@example.pe');
  await type('phone', '+51 912 345 678');
  await tabTo(page, 'dateOfBirth');
  await page.keyboard.type('07231985'); // en-US segments: month, day, year
  await type('gender', 'Female');
  await type('nationality', 'Peru');
  await type('identityNumber', '40404040');

  await tabTo(page, 'photos');
  await page.keyboard.press('Space');
  const chooser = await chooserOpened;
  await chooser.setFiles(PHOTOS);
  await waitPhotos(page, 2);
  await tabTo(page, 'submit', 20);
  await page.keyboard.press('Enter');
  const got = await outcomes(page, 3);
  for (const p of ['verifik', 'equals', 'horus']) assert.equal(got[p].outcome, 'created', `${p}: ${got[p].text}`);
  assert.equal(await page.inputValue('#dateOfBirth'), '1985-07-23');
  assert.equal(await page.inputValue('#nationality'), 'PE');
  assert.equal(await page.getAttribute('#results', 'aria-live'), 'polite');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the backend (personkit/server) refuses other methods, oversized bodies, other origins, other types, and server-owned fields', async () => {
  const { demo } = all;
  const post = (headers, body) => fetch(`${demo.url}/api/enrol`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `k${Math.random()}`, ...headers }, body });
  const big = await post({}, new Uint8Array(33 * 1024 * 1024).fill(0x20));
  assert.equal(big.status, 413);
  assert.equal((await big.json()).error.code, 'PAYLOAD_TOO_LARGE');
  assert.equal((await post({ origin: 'http://evil.example' }, '{}')).status, 403);
  assert.equal((await post({ 'content-type': 'text/plain' }, '{}')).status, 415);
  assert.equal((await post({}, '{not json')).status, 400);
  assert.equal((await fetch(`${demo.url}/api/enrol`)).status, 405);
  assert.equal((await fetch(`${demo.url}/api/equals/people`, { method: 'POST' })).status, 404, 'the old per-provider routes are gone');
  const owner = await post({}, JSON.stringify({ person: { firstName: 'A', lastName: 'B', email: 'a@b.co', extras: { equals: { roleName: 'Owner' } } } }));
  assert.equal(owner.status, 400);
  assert.deepEqual([(await owner.json()).error.code], ['FIELD_NOT_ALLOWED']);
});

test('with credentials in the environment the routes use the real APIs (checked without calling them)', async () => {
  await assert.rejects(startDemo({ port: 0, env: { HORUS_BASE_URL: 'https://horus.example' } }), /HORUS_CLIENT_ID/);
  const env = {
    VERIFIK_TOKEN: 'live-verifik-secret', EQUALS_API_KEY: 'live-equals-secret', EQUALS_ACCOUNT_ID: 'F1',
    HORUS_BASE_URL: 'https://horus.example', HORUS_CLIENT_ID: 'id', HORUS_CLIENT_SECRET: 'live-horus-secret',
  };
  const demo = await startDemo({ port: 0, env });
  try {
    assert.equal(demo.mockUrl, null, 'no mock when every provider is live');
    const config = await (await fetch(`${demo.url}/api/config`)).text();
    assert.deepEqual(JSON.parse(config).providers, { verifik: { mode: 'live' }, equals: { mode: 'live' }, horus: { mode: 'live' } });
    assertNoSecrets([config], '/api/config');
    for (const secret of Object.values(env)) assert.ok(!config.includes(secret) || secret === 'id');
  } finally {
    await demo.close();
  }
  await assert.rejects(startDemo({ port: 0, env: { EQUALS_API_KEY: 'live-equals-secret' } }), /EQUALS_ACCOUNT_ID/, 'the account is the server\'s: required');
  const mixed = await startDemo({ port: 0, env: { EQUALS_API_KEY: 'live-equals-secret', EQUALS_ACCOUNT_ID: 'F1' } });
  try {
    assert.deepEqual(mixed.modes, { verifik: 'mock', equals: 'live', horus: 'mock' });
    assert.ok(!SECRETS.some((s) => JSON.stringify(mixed.modes).includes(s)));
  } finally {
    await mixed.close();
  }
});
