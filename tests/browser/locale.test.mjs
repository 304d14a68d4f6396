// setLocale in the browser entry (js/browser.mjs) sets the language of every
// message: the validators' (the page build) and the clients' (the full build,
// which js/browser-clients.mjs loads when the first client is built), whether
// that build is loaded before setLocale or after it. Each case runs on a
// fresh page, so it starts with neither build's language set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let site;
let browser;

before(async () => {
  [site, browser] = await Promise.all([serveStatic(root), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function freshPage() {
  const { page, problems } = await strictPage(browser);
  await page.goto(`${site.url}/tests/browser/pages/lib.html`);
  await page.waitForFunction(() => document.title === 'ready');
  return { page, problems };
}

// A create the client refuses before sending anything: its error is worded in the client's language.
const refusedCreate = async () => {
  const { EqualsClient } = window.personkit;
  const client = window.client ?? new EqualsClient({ baseUrl: 'http://127.0.0.1:9' });
  try {
    await client.createPerson({ accountId: 'F1', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'x' });
    return 'sent';
  } catch (e) {
    return `${e.code}: ${e.errors?.[0]?.message}`;
  }
};

test('setLocale before the first client: the clients\' build gets the language when it loads', async () => {
  const { page, problems } = await freshPage();
  const got = await page.evaluate(async (fn) => {
    window.personkit.setLocale('es');
    return [window.personkit.getLocale(), await (0, eval)(`(${fn})`)()];
  }, refusedCreate.toString());
  assert.deepEqual(got, ['es', 'VALIDATION_FAILED: Escribe un correo como nombre@ejemplo.com']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('setLocale after a client was built: the loaded clients\' build follows it, both ways', async () => {
  const { page, problems } = await freshPage();
  const got = await page.evaluate(async (fn) => {
    const run = (0, eval)(`(${fn})`);
    window.client = new window.personkit.EqualsClient({ baseUrl: 'http://127.0.0.1:9' });
    const out = [await run()];
    window.personkit.setLocale('es-PE');
    out.push(await run());
    window.personkit.setLocale('en');
    out.push(await run());
    return out;
  }, refusedCreate.toString());
  assert.deepEqual(got, [
    'VALIDATION_FAILED: Enter an email like name@example.com',
    'VALIDATION_FAILED: Escribe un correo como nombre@ejemplo.com',
    'VALIDATION_FAILED: Enter an email like name@example.com',
  ]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a language setLocale refuses changes neither build', async () => {
  const { page, problems } = await freshPage();
  const got = await page.evaluate(async (fn) => {
    window.personkit.setLocale('es');
    let code;
    try { window.personkit.setLocale('fr'); } catch (e) { code = e.code; }
    return [code, window.personkit.getLocale(), await (0, eval)(`(${fn})`)()];
  }, refusedCreate.toString());
  assert.deepEqual(got, ['INVALID_OPTIONS', 'es', 'VALIDATION_FAILED: Escribe un correo como nombre@ejemplo.com']);
  assert.deepEqual(problems, []);
  await page.close();
});
