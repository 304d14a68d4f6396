// An HTTP proxy between headless Chromium and wasm-bindgen-test-runner's
// server, for the browser wasm suite (scripts/test.sh). Chromium opens up to
// six connections at once to load the test page's modules; the runner's
// server (tiny_http 0.12) can leave one of a burst of new connections with no
// thread to serve it (its pool counts a thread it has just woken as still
// idle), and the page then never loads. Through this proxy the runner sees
// one connection at a time, kept alive, whatever Chromium opens.
//
// usage: node scripts/serial-proxy.mjs <webdriver.json> <out.json>
// Listens on 127.0.0.1 (port 0), writes <out.json>: <webdriver.json> with the
// Chromium flags that send every request through it, then prints "ready".
// Only http://127.0.0.1 targets are forwarded; anything else gets 403.
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node scripts/serial-proxy.mjs <webdriver.json> <out.json>');
  process.exit(2);
}

const upstream = new http.Agent({ keepAlive: true, maxSockets: 1 });
let forwarded = 0;
const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const endToEnd = (headers) => {
  const out = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
};

const server = http.createServer((req, res) => {
  let target;
  try {
    target = new URL(req.url);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
    res.writeHead(403).end();
    return;
  }
  forwarded += 1;
  const forward = http.request({
    host: '127.0.0.1', port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers: endToEnd(req.headers), agent: upstream,
  }, (answer) => {
    res.writeHead(answer.statusCode, endToEnd(answer.headers));
    answer.pipe(res);
  });
  forward.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  // A Chromium stopped mid-request (a stopped attempt) must not take the proxy down with it.
  req.on('error', () => forward.destroy());
  req.pipe(forward);
});

// One line when stopped: a count of 0 would mean Chromium no longer uses the proxy.
process.on('SIGTERM', () => {
  console.error(`serial-proxy: forwarded ${forwarded} requests to the test runner`);
  process.exit(0);
});

server.listen(0, '127.0.0.1', () => {
  const caps = JSON.parse(readFileSync(from, 'utf8'));
  const chrome = (caps['goog:chromeOptions'] ??= {});
  // Chromium sends loopback requests past a proxy unless told not to (<-loopback>).
  chrome.args = [...(chrome.args ?? []), `--proxy-server=http://127.0.0.1:${server.address().port}`, '--proxy-bypass-list=<-loopback>'];
  writeFileSync(to, `${JSON.stringify(caps, null, 2)}\n`);
  console.log('ready');
});
