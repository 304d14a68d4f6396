// Issue 6 in headless Chromium: the clients from a real page (another origin
// than the mock, so CORS is exercised), the browser guard, files from an
// <input type=file>, timeouts and aborts, and the validators (issue 3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startMock } from '../../mock/server.mjs';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let site;
let mock;
let browser;
let page;
let problems;

before(async () => {
  [site, mock, browser] = await Promise.all([serveStatic(root), startMock({ port: 0, quiet: true }), launchChromium()]);
  ({ page, problems } = await strictPage(browser));
  await page.goto(`${site.url}/tests/browser/pages/lib.html`);
  await page.waitForFunction(() => document.title === 'ready');
});
after(async () => {
  await browser?.close();
  await Promise.all([site?.close(), mock?.close()]);
});

const run = (fn, arg) => page.evaluate(fn, { mock: mock.url, ...arg });

test('a client holding a secret refuses to be built in a page unless dangerouslyAllowBrowser', async () => {
  const r = await run(({ mock: url }) => {
    const { VerifikClient, EqualsClient, HorusClient, PersonkitError } = window.personkit;
    const out = [];
    for (const make of [
      () => new VerifikClient({ token: 'verifik-test-token', baseUrl: url }),
      () => new EqualsClient({ apiKey: 'equals-test-key', baseUrl: url }),
      () => new HorusClient({ baseUrl: url, clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz' }),
    ]) {
      try { make(); out.push('built'); } catch (e) { out.push(`${e instanceof PersonkitError} ${e.code} ${e.message.includes('test-') || e.message.includes('xyz')}`); }
    }
    new VerifikClient({ token: 'verifik-test-token', baseUrl: url, dangerouslyAllowBrowser: true });
    new EqualsClient({ baseUrl: url }); // no secret: your backend holds it
    new HorusClient({ baseUrl: url }); // a page needs no withoutCredentials (a server does): it holds no secret
    return out;
  });
  assert.deepEqual(r, Array(3).fill('true BROWSER_NOT_ALLOWED false'));
});

test('without a secret, pointed at a backend, a client works in the page (CORS, typed errors)', async () => {
  const r = await run(async ({ mock: url }) => {
    const { EqualsClient } = window.personkit;
    try {
      await new EqualsClient({ baseUrl: url }).createPerson({ accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.co' });
      return 'created';
    } catch (e) { return `${e.code} ${e.status}`; }
  });
  assert.equal(r, 'UNAUTHORIZED 401'); // the mock wants the key your backend would add
});

test('files picked in an <input type=file> are encoded and a person is created', async () => {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file'; input.multiple = true; input.id = 'photos';
    document.body.append(input);
  });
  await page.setInputFiles('#photos', [
    fileURLToPath(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url)),
    fileURLToPath(new URL('../fixtures/images/face-96x128.png', import.meta.url)),
  ]);
  const r = await run(async ({ mock: url }) => {
    const { VerifikClient } = window.personkit;
    const files = [...document.getElementById('photos').files];
    const c = new VerifikClient({ token: 'verifik-test-token', baseUrl: url, dangerouslyAllowBrowser: true });
    const res = await c.createPerson({ name: 'Ñañez Quispe', images: files, date_of_birth: '1991-03-04' });
    return { id: res.id, dob: res.person.date_of_birth, sizes: files.map((f) => f.size) };
  });
  assert.ok(r.id);
  assert.deepEqual(r.dob, { year: 1991, month: 3, day: 4 });
  const req = (await (await fetch(`${mock.url}/__mock/requests`)).json()).findLast((x) => x.provider === 'verifik' && x.kind === 'create');
  assert.equal(req.body.images.length, 2);
  assert.equal(Buffer.from(req.body.images[0], 'base64').length, r.sizes[0]);
});

test('timeouts and aborts cancel the fetch in the browser; faults give typed errors', async () => {
  const r = await run(async ({ mock: url }) => {
    const { EqualsClient } = window.personkit;
    const person = { accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'slow@b.co' };
    // on=create: the lookup that settles an uncertain create answers normally.
    const make = (fault) => new EqualsClient({ apiKey: 'equals-test-key', baseUrl: url, dangerouslyAllowBrowser: true, maxRetries: 0, headers: { 'x-mock-fault': `${fault};on=create` } });
    const code = (p) => p.then(() => 'ok', (e) => e.code);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    return [
      await make('delay=3000').createPerson(person, { timeoutMs: 200 }).then(() => 'ok', (e) => `${e.code} ${e.reconciled}`),
      await code(make('delay=3000').createPerson(person, { signal: ac.signal })),
      await code(make('500').createPerson(person)),
      await code(make('bad-json').createPerson(person)),
      await code(make('429;retry-after=1').createPerson(person)),
      // Not followed (an opaque redirect here), and not retried.
      await make('redirect').createPerson(person).then(() => 'ok', (e) => `${e.code} ${e.retried} ${/redirect/.test(e.detail)}`),
    ];
  });
  assert.deepEqual(r, ['TIMEOUT true', 'ABORTED', 'SERVER_ERROR', 'BAD_RESPONSE', 'RATE_LIMITED', 'BAD_RESPONSE false true']);
});

test('the validators answer in the page as in Node', async () => {
  const r = await run(() => {
    const { validateHorusPerson, validateVerifikPerson } = window.personkit;
    const h = validateHorusPerson({ clientId: 'a', clientSecret: 's3cr3t', mainIdentifier: '1', externaId: 'x', firstName: 'J', lastName: 'D', email: 'j@d.co', categoryId: 1, positionId: 1 });
    const v = validateVerifikPerson(undefined);
    return { h: h.errors.map((e) => `${e.field} ${e.code} ${e.message.includes('external code')}`), v: v.errors.map((e) => e.code) };
  });
  assert.deepEqual(r, { h: ['externaId UNKNOWN_FIELD true'], v: ['INVALID_TYPE'] });
  assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource')), []);
});
