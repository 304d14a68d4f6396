// enrol() in headless Chromium: its endpoint answering a redirect to another
// origin (one that allows CORS, as an attacker's would) sends nothing there,
// and the page gets BAD_RESPONSE, not that origin's answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let site;
let app;
let other;
let browser;
let page;
const reached = [];

const listen = (server) => new Promise((r) => server.listen(0, '127.0.0.1', r));
const close = (server) => server && new Promise((r) => { server.close(r); server.closeAllConnections(); });

before(async () => {
  [site, browser] = await Promise.all([serveStatic(root), launchChromium()]);
  other = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' };
    if (req.method !== 'OPTIONS') reached.push(req.method);
    req.resume();
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { ...cors, 'content-type': 'application/json' }).end(req.method === 'OPTIONS' ? '' : '{"results":{"equals":{"status":"created"}}}');
  });
  await listen(other);
  app = createServer((req, res) => {
    if (req.url === '/api/enrol') {
      req.resume();
      return res.writeHead(307, { location: `http://localhost:${other.address().port}/steal` }).end();
    }
    fetch(`${site.url}${req.url}`).then(async (r) => {
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(Buffer.from(await r.arrayBuffer()));
    }, () => res.writeHead(502).end());
  });
  await listen(app);
  ({ page } = await strictPage(browser));
  await page.goto(`http://127.0.0.1:${app.address().port}/tests/browser/pages/lib.html`);
  await page.waitForFunction(() => document.title === 'ready');
});
after(async () => {
  await browser?.close();
  await Promise.all([close(app), close(other), site?.close()]);
});

test('enrol() does not follow its endpoint\'s redirect to another origin: BAD_RESPONSE, nothing sent there', async () => {
  const r = await page.evaluate(async () => {
    const person = { firstName: 'Zyxwilda', lastName: 'Quorblat', email: 'zyx.quorblat@leakcheck.test', identityNumber: '73914628' };
    return window.personkit.enrol(person, { endpoint: '/api/enrol' }).then((s) => `resolved ${JSON.stringify(s)}`, (e) => `${e.code} ${/redirect/.test(e.detail)}`);
  });
  assert.equal(r, 'BAD_RESPONSE true');
  assert.deepEqual(reached, []);
});
