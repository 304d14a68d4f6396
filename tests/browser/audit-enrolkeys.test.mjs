// enrol()'s key for photos a page really holds, in headless Chromium: Files
// picked in an <input> (the same name, size and lastModified, other bytes),
// and a File from a same-origin iframe's input, which is not `instanceof
// Blob` in the page. The server is a stand-in fetch: only what enrol() sends
// is looked at here (tests/js/audit-enrolkeys.test.mjs counts persons).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, writeFileSync, utimesSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';
import { largeJpegBase64 } from '../js/helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let site;
let browser;
let page;
let problems;
let dir;

before(async () => {
  [site, browser] = await Promise.all([serveStatic(root), launchChromium()]);
  ({ page, problems } = await strictPage(browser));
  await page.goto(`${site.url}/tests/browser/pages/lib.html`);
  await page.waitForFunction(() => document.title === 'ready');
  // Two photos as iOS hands them over: one name, one size, one lastModified, other bytes.
  dir = mkdtempSync(join(tmpdir(), 'pk-enrolkeys-'));
  const a = Buffer.from(largeJpegBase64(3000), 'base64');
  const when = new Date('2024-01-01T00:00:00Z');
  for (const [sub, bytes] of [['a', a], ['b', Buffer.from(a).fill(0x42, 6, 60)]]) {
    mkdirSync(join(dir, sub));
    writeFileSync(join(dir, sub, 'image.jpg'), bytes);
    utimesSync(join(dir, sub, 'image.jpg'), when, when);
  }
  await page.evaluate(SETUP);
  await page.waitForFunction(() => document.getElementById('frame').contentDocument?.getElementById('pick'));
});

/** In the page: a file input, one in a same-origin iframe, and a stand-in for the server. */
const SETUP = () => {
  document.body.insertAdjacentHTML('beforeend', '<input type="file" id="pick"><iframe id="frame" srcdoc="<input type=file id=pick>"></iframe>');
  window.sent = [];
  // The server's stand-in: records the key and the photo parts.
  window.stand = async (url, init) => {
    const parts = init.body instanceof FormData ? init.body.getAll('photos').map((p) => (p instanceof Blob ? p.size : typeof p)) : 'json';
    window.sent.push({ key: init.headers.get('idempotency-key'), parts });
    return new Response('{"results":{"verifik":{"status":"created"}}}', { headers: { 'content-type': 'application/json' } });
  };
  window.fields = { firstName: 'Ana', lastName: 'Ñañez', email: 'ana@example.pe', dateOfBirth: '1990-12-04' };
};
after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** enrol() of the fields and the file picked in `where` ('page' or 'frame'): what it sent, or the error's code. */
const send = (where) => page.evaluate(async (w) => {
  const doc = w === 'page' ? document : document.getElementById('frame').contentDocument;
  const file = doc.getElementById('pick').files[0];
  try {
    // A submit handler: a new person object from the form on every click.
    await window.personkit.enrol({ ...window.fields, photos: [...doc.getElementById('pick').files] }, { endpoint: '/api/enrol', fetch: window.stand });
  } catch (e) {
    return { code: e.code, message: e.message };
  }
  return { ...window.sent.at(-1), meta: [file.name, file.size, file.lastModified], told: window.personkit.idempotencyKeyFor({ ...window.fields, photos: [file] }) };
}, where);

test('Files picked in an <input> with one name, size and lastModified but other bytes are two keys; picked again, the first key; idempotencyKeyFor agrees', async () => {
  await page.setInputFiles('#pick', join(dir, 'a', 'image.jpg'));
  const a = await send('page');
  await page.setInputFiles('#pick', join(dir, 'b', 'image.jpg'));
  const b = await send('page');
  await page.setInputFiles('#pick', join(dir, 'a', 'image.jpg'));
  const again = await send('page');
  assert.deepEqual(a.meta, b.meta, 'the browser gives both the same name, size and lastModified');
  assert.notEqual(b.key, a.key);
  assert.equal(again.key, a.key);
  for (const r of [a, b, again]) assert.equal(r.told, r.key);
  assert.deepEqual(problems, []);
});

test('a File from a same-origin iframe\'s <input> is sent as the photo it is (it was "could not be read"), keyed by its bytes as one from the page', async () => {
  await page.setInputFiles('#pick', join(dir, 'a', 'image.jpg'));
  const inPage = await send('page');
  await page.frames().find((f) => f !== page.mainFrame()).setInputFiles('#pick', join(dir, 'a', 'image.jpg'));
  const fromFrame = await send('frame');
  assert.equal(fromFrame.code, undefined, `refused: ${fromFrame.code} ${fromFrame.message}`);
  assert.deepEqual(fromFrame.parts, inPage.parts, 'a file part of the same size');
  assert.equal(fromFrame.key, inPage.key);
  assert.deepEqual(problems, []);
});

test('a reload, the form filled and the photo picked again: the same key (kept in the tab\'s sessionStorage, as a hash, never the person); another tab, another key', async () => {
  await page.setInputFiles('#pick', join(dir, 'b', 'image.jpg'));
  const before = await send('page');
  await page.reload();
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(SETUP);
  await page.setInputFiles('#pick', join(dir, 'b', 'image.jpg'));
  const after = await send('page');
  assert.equal(after.key, before.key);
  const kept = await page.evaluate(() => sessionStorage.getItem('personkit.enrolKeys.v4'));
  assert.ok(kept.includes(before.key) && !kept.includes('Ñañez') && !kept.includes('ana@'), kept);
  const other = await browser.newPage();
  try {
    await other.goto(page.url());
    await other.waitForFunction(() => document.title === 'ready');
    await other.evaluate(SETUP);
    await other.setInputFiles('#pick', join(dir, 'b', 'image.jpg'));
    const elsewhere = await other.evaluate(async () => {
      await window.personkit.enrol({ ...window.fields, photos: [...document.getElementById('pick').files] }, { endpoint: '/api/enrol', fetch: window.stand });
      return window.sent.at(-1).key;
    });
    assert.notEqual(elsewhere, before.key, 'a tab of its own (the server\'s person lock keeps the two from creating twice)');
  } finally {
    await other.close();
  }
  assert.deepEqual(problems, []);
});
