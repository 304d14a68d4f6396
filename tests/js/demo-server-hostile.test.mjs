// The demo's dev server (www/server.mjs) against hostile and broken clients,
// on raw TCP sockets: nothing a request does may crash it, make it buffer
// without bound, keep a socket for ever, or let a DNS-rebinding page spend
// its credentials. Limits are set low so each case ends quickly; no time is
// asserted. Started as the demo suites start it, with env: {} (the mock).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startDemo } from '../../www/server.mjs';

const LIMIT = 4096;
let demo;
let port;
before(async () => {
  demo = await startDemo({ port: 0, host: '127.0.0.1', env: {}, bodyLimit: LIMIT, bodyTimeoutMs: 300, headersTimeoutMs: 300 });
  port = Number(new URL(demo.url).port);
});
after(() => demo?.close());

// A neutral person for the one route, /api/enrol (personkit/server); no photo, so
// only the providers that need none are asked for.
const person = () => JSON.stringify({
  person: { firstName: 'Ana', lastName: 'Quispe', email: `ana+${Date.now()}@example.pe`, identityNumber: `4${Date.now() % 1e7}` },
  providers: ['equals'],
});

/** Writes `text` on a raw connection; resolves when the server closes it, with what it answered. */
function rawRequest(text = '', { pump } = {}) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { received += d; });
  socket.on('error', () => {}); // EPIPE / ECONNRESET while still sending: expected
  const done = new Promise((resolve) => socket.on('close', () => {
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
    resolve({ status, text: received, closeHeader: /\r\nconnection: close\r\n/i.test(received) });
  }));
  if (text) socket.write(text);
  if (pump) {
    // Keep sending for as long as the server lets us: it must be the one to stop.
    const more = () => { while (!socket.destroyed && socket.write(pump)); };
    socket.on('drain', more);
    more();
  }
  return done;
}

const host = () => `127.0.0.1:${port}`;
const alive = async () => assert.equal((await fetch(`${demo.url}/api/config`)).status, 200, 'the demo still answers');
let keys = 0;
const apiHead = (h = host(), extra = '') =>
  `POST /api/enrol HTTP/1.1\r\nHost: ${h}\r\nContent-Type: application/json\r\nIdempotency-Key: hostile-${Date.now()}-${keys++}\r\n${extra}`;

describe('request targets that are not URLs', () => {
  for (const target of ['//[', '//[::1', 'http://[bad/']) {
    test(`GET ${target} → 400, the server lives on`, async () => {
      const answer = await rawRequest(`GET ${target} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
      assert.equal(answer.status, 400, answer.text);
      assert.ok(answer.closeHeader);
      await alive();
    });
  }
});

describe('Host check (DNS rebinding)', () => {
  const get = (path, hostHeader) => rawRequest(`GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`);

  test('a rebinding name → 421 on the page and the API, even with a matching Origin', async () => {
    for (const path of ['/', '/api/config']) assert.equal((await get(path, `evil.example:${port}`)).status, 421, path);
    // The old Origin check compared with http://${Host}: a rebinding page passed it.
    const body = person();
    const answer = await rawRequest(
      `${apiHead(`evil.example:${port}`, `Origin: http://evil.example:${port}\r\n`)}Content-Length: ${body.length}\r\n\r\n${body}`,
    );
    assert.equal(answer.status, 421);
    assert.match(answer.text, /MISDIRECTED_REQUEST/);
  });

  test('127.0.0.1, localhost and [::1] with our port are served; another port is not', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) assert.equal((await get('/', `${name}:${port}`)).status, 200, name);
    assert.equal((await get('/', '127.0.0.1:1')).status, 421);
    assert.equal((await get('/', `10.1.2.3:${port}`)).status, 421, 'another IP while bound to loopback');
  });

  test('the page\'s own origin may post; another origin still gets 403', async () => {
    const body = person();
    const ok = await rawRequest(`${apiHead(host(), `Origin: http://${host()}\r\nConnection: close\r\n`)}Content-Length: ${body.length}\r\n\r\n${body}`);
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /"status":"created"/);
    const other = await rawRequest(`${apiHead(host(), 'Origin: http://localhost:5173\r\nConnection: close\r\n')}Content-Length: ${body.length}\r\n\r\n${body}`);
    assert.equal(other.status, 403);
  });
});

describe('bodies over the limit', () => {
  test('a declared Content-Length over the limit → 413 before any body is sent', async () => {
    const answer = await rawRequest(`${apiHead()}Content-Length: 1000000000\r\n\r\n`);
    assert.equal(answer.status, 413);
    assert.match(answer.text, /TOO_LARGE/);
    assert.ok(answer.closeHeader);
  });

  test('an endless chunked upload → 413 once past the limit, then the socket is closed', async () => {
    const answer = await rawRequest(`${apiHead()}Transfer-Encoding: chunked\r\n\r\n`, { pump: `400\r\n${'a'.repeat(0x400)}\r\n` });
    assert.equal(answer.status, 413, answer.text.slice(0, 200));
    assert.ok(answer.closeHeader);
    await alive();
  });

  test('a page request with a declared body over the limit → 413; with an endless one, answered and closed', async () => {
    assert.equal((await rawRequest(`GET / HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`)).status, 413);
    const endless = await rawRequest(`GET / HTTP/1.1\r\nHost: ${host()}\r\nTransfer-Encoding: chunked\r\n\r\n`, { pump: `400\r\n${'a'.repeat(0x400)}\r\n` });
    assert.equal(endless.status, 200);
    assert.ok(endless.closeHeader);
  });
});

describe('slow and lying clients', () => {
  test('a body shorter than its Content-Length → 408, then closed', async () => {
    const answer = await rawRequest(`${apiHead()}Content-Length: 500\r\n\r\n{"accountId":`);
    assert.equal(answer.status, 408);
    assert.ok(answer.closeHeader);
  });

  test('a body that dribbles in → 408: the time is for the whole body, not between bytes', async () => {
    const body = person().padEnd(LIMIT - 1, ' ');
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => { received += d; });
    socket.on('error', () => {});
    socket.write(`${apiHead()}Content-Length: ${body.length}\r\n\r\n`);
    let i = 0;
    const drip = setInterval(() => { if (!socket.destroyed && i < body.length) socket.write(body[i++]); }, 20);
    try {
      await new Promise((resolve) => socket.on('close', resolve));
      assert.match(received, /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  // The bound above is for a client that never finishes, not for a phone on 3G
  // (about 1 Mbit/s up): by default the largest body the server takes has time to arrive.
  test('by default a body may take what the largest one needs at 1 Mbit/s, and no more than a bound', async () => {
    const defaults = await startDemo({ port: 0, host: '127.0.0.1', env: {}, mock: false });
    try {
      const { bodyLimit, bodyTimeoutMs } = defaults.limits;
      const needed = ((bodyLimit * 8) / 1e6) * 1000;
      assert.ok(bodyTimeoutMs >= needed, `${bodyTimeoutMs} ms for ${bodyLimit} B, which take ${Math.round(needed)} ms at 1 Mbit/s`);
      assert.ok(bodyTimeoutMs <= 600_000, `${bodyTimeoutMs} ms`);
    } finally {
      await defaults.close();
    }
  });

  test('headers that never end, or no byte at all → 408 from Node, then closed', async () => {
    assert.equal((await rawRequest(`GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Slow: 1`)).status, 408);
    const silent = await rawRequest();
    assert.ok(silent.status === 408 || silent.text === '', silent.text);
    await alive();
  });
});
