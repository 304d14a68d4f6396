// enrol() in headless Chromium against personkit/server and personkit-mock:
// the page (no secret in it) sends a File as a multipart part to the
// handler on its own origin, sees each provider's outcome as its line
// arrives, a double click or a "Try again" never creates twice (even with
// the person built anew on each click), and an abort mid-stream is ABORTED.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { toNodeHandler } from 'personkit/server';
import { startMock } from '../../mock/server.mjs';
// Every answer the page receives is scanned for secrets, images and raw provider bodies.
import { createEnrolHandler } from '../js/server-helpers.mjs';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let site;
let app;
let mock;
let browser;
let page;
let problems;

before(async () => {
  [site, mock, browser] = await Promise.all([serveStatic(root), startMock({ port: 0, quiet: true }), launchChromium()]);
  const o = { baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0 };
  const handle = toNodeHandler(createEnrolHandler({
    providers: {
      verifik: { client: new VerifikClient({ token: 'verifik-test-token', ...o }), collections: ['staff'] },
      equals: { client: new EqualsClient({ apiKey: 'equals-test-key', ...o, headers: { 'x-mock-fault': 'delay=300' } }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', ...o }), categoryId: 1, positionId: 1 },
    },
  }));
  // The page and its backend route on one origin; the static files come from the harness server.
  app = createServer((req, res) => {
    if (req.url === '/api/enrol') return handle(req, res);
    fetch(`${site.url}${req.url}`).then(async (r) => {
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(Buffer.from(await r.arrayBuffer()));
    }, () => res.writeHead(502).end());
  });
  await new Promise((r) => app.listen(0, '127.0.0.1', r));
  ({ page, problems } = await strictPage(browser));
  await page.goto(`http://127.0.0.1:${app.address().port}/tests/browser/pages/lib.html`);
  await page.waitForFunction(() => document.title === 'ready');
});
after(async () => {
  await browser?.close();
  if (app) await new Promise((r) => { app.close(r); app.closeAllConnections(); });
  await Promise.all([site?.close(), mock?.close()]);
});
beforeEach(async () => { await fetch(`${mock.url}/__mock/reset`, { method: 'POST' }); });

const persons = async () => (await fetch(`${mock.url}/__mock/persons`)).json();

/** In the page: a person whose photo is a File from the fixture, kept on window for a second call. */
const SETUP = async () => {
  const bytes = await (await fetch('/tests/fixtures/images/portrait-120x160.jpg')).arrayBuffer();
  const n = Math.random().toString(36).slice(2, 8);
  window.person = {
    firstName: 'Ana', lastName: `Ñañez ${n}`, email: `ana.${n}@example.pe`, dateOfBirth: '1990-12-04', gender: 'F',
    nationality: 'PE', identityNumber: `4${Date.now() % 10000000}`, photos: [new File([bytes], 'me.jpg', { type: 'image/jpeg' })],
  };
};

test('enrol() from a page: the File goes as a multipart part, outcomes arrive one by one, the summary resolves', async () => {
  await page.evaluate(SETUP);
  const r = await page.evaluate(async () => {
    const seen = [];
    const t0 = performance.now();
    const summary = await window.personkit.enrol(window.person, {
      endpoint: '/api/enrol',
      onProgress: (provider, outcome) => seen.push({ provider, status: outcome.status, at: performance.now() - t0 }),
    });
    return { seen, summary, done: performance.now() - t0 };
  });
  assert.deepEqual(Object.values(r.summary.results).map((o) => o.status), ['created', 'created', 'created']);
  assert.equal(r.seen.length, 3);
  assert.equal(r.seen.at(-1).provider, 'equals', 'Equals (300 ms slower) reported last');
  assert.ok(r.seen[0].at < r.seen.at(-1).at - 150, `the first line arrived before the slow one (${r.seen.map((s) => s.at.toFixed(0))})`);
  const s = await persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.ok(s.verifik[0].images[0].startsWith('/9j/'), 'the File reached Verifik as raw base64 JPEG');
  assert.deepEqual(problems, []);
});

test('a double click and a later retry with the same person: one person per provider', async () => {
  await page.evaluate(SETUP);
  const r = await page.evaluate(async () => {
    const go = () => window.personkit.enrol(window.person, { endpoint: '/api/enrol' });
    const [a, b] = await Promise.all([go(), go()]);
    const c = await go();
    return [a, b, c];
  });
  assert.deepEqual(r[0], r[1]);
  assert.deepEqual(r[0], r[2]);
  const s = await persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
});

test('a double click whose handler builds a new but equal person each time: one person per provider', async () => {
  await page.evaluate(SETUP);
  const r = await page.evaluate(async () => {
    // What a submit handler does: a fresh object from the form's fields and its files on every click.
    const go = () => window.personkit.enrol({ ...window.person, photos: [...window.person.photos] }, { endpoint: '/api/enrol' });
    const [a, b] = await Promise.all([go(), go()]);
    return [a, b, window.personkit.idempotencyKeyFor({ ...window.person }) === window.personkit.idempotencyKeyFor(window.person)];
  });
  assert.deepEqual(r[0], r[1]);
  assert.equal(r[2], true, 'idempotencyKeyFor agrees for equal persons');
  const s = await persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
  assert.deepEqual(problems, []);
});

test('an abort while the outcomes stream rejects with ABORTED; enrolling the same person again creates nothing twice', async () => {
  await page.evaluate(SETUP);
  const r = await page.evaluate(async () => {
    const ctl = new AbortController();
    const seen = [];
    let first;
    try {
      // Aborted as the first line arrives: Equals (300 ms slower) is still running on the server.
      await window.personkit.enrol(window.person, { endpoint: '/api/enrol', signal: ctl.signal, onProgress: (p) => { seen.push(p); ctl.abort(); } });
      first = null;
    } catch (e) {
      first = { isPersonkit: e instanceof window.personkit.PersonkitError, name: e.name, code: e.code };
    }
    const again = await window.personkit.enrol({ ...window.person }, { endpoint: '/api/enrol' });
    return { first, seen, again: Object.values(again.results).map((o) => o.status) };
  });
  assert.deepEqual(r.first, { isPersonkit: true, name: 'PersonkitError', code: 'ABORTED' });
  assert.equal(r.seen.length, 1);
  assert.deepEqual(r.again, ['created', 'created', 'created']);
  const s = await persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
});

test('an invalid person is refused in the page with the neutral field names; nothing is sent', async () => {
  await page.evaluate(SETUP);
  const r = await page.evaluate(async () => {
    const p = { ...window.person, email: 'nope', extras: { equals: { roleName: 'Owner' } } };
    try {
      await window.personkit.enrol(p, { endpoint: '/api/enrol' });
      return null;
    } catch (e) {
      return { name: e.name, code: e.code, errors: e.errors.map((x) => `${x.provider}:${x.field}:${x.code}`) };
    }
  });
  assert.equal(r.code, 'VALIDATION_FAILED');
  assert.ok(r.errors.includes('equals:email:INVALID_EMAIL'), r.errors);
  assert.ok(r.errors.includes('equals:extras.equals.roleName:FIELD_NOT_ALLOWED'), r.errors);
  assert.deepEqual((await persons()).attempts, { verifik: 0, equals: 0, horus: 0 });
});

// `photos: input.files` is what a form hands over: a FileList, not an array.
// It was refused as "photos must be a list", a sentence for the person about
// the page's own code, which they cannot fix.
test('photos as the FileList of an <input type="file">: sent as its files, keyed as the array of them, one person per provider', async () => {
  await page.evaluate(SETUP);
  const r = await page.evaluate(async () => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    const picked = new DataTransfer();
    const bytes = await window.person.photos[0].arrayBuffer();
    picked.items.add(window.person.photos[0]);
    picked.items.add(new File([bytes], 'again.jpg', { type: 'image/jpeg' }));
    input.files = picked.files;
    const person = { ...window.person, photos: input.files };
    const keys = [];
    const fetchKeys = (url, init) => { keys.push(init.headers.get('idempotency-key')); return fetch(url, init); };
    // A double click: two sends of the one person.
    const [a, b] = await Promise.all([0, 1].map(() => window.personkit.enrol(person, { endpoint: '/api/enrol', fetch: fetchKeys })));
    return {
      isFileList: Object.prototype.toString.call(person.photos),
      statuses: [a, b].map((s) => Object.values(s.results).map((o) => o.status)),
      keys,
      keyFor: window.personkit.idempotencyKeyFor(person),
      asArray: window.personkit.idempotencyKeyFor({ ...person, photos: [...input.files] }),
    };
  });
  assert.equal(r.isFileList, '[object FileList]');
  assert.deepEqual(r.statuses, [['created', 'created', 'created'], ['created', 'created', 'created']]);
  assert.equal(r.keys.length, 2);
  assert.equal(r.keys[0], r.keys[1], 'the double click is one enrolment');
  assert.equal(r.keyFor, r.keys[0], 'idempotencyKeyFor gives the key enrol() sent');
  assert.equal(r.asArray, r.keys[0], 'the same files as an array are the same person');
  const s = await persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
  assert.equal((await (await fetch(`${mock.url}/__mock/requests`)).json()).find((q) => q.provider === 'verifik' && q.kind === 'create').body.images.length, 2, 'both files of the list reach Verifik');
});
