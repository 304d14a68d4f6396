// Hostile and broken clients, on raw TCP sockets: nothing a request does may
// crash the mock, make it buffer without bound or keep a socket for ever.
// Limits are set low so each case ends quickly; no time is asserted.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { hostAllowed } from '../lib/guard.mjs';
import { startMock } from '../server.mjs';
import { EQUALS, VERIFIK, equalsBody, getJson } from './helpers.mjs';

const LIMIT = 1024;
let mock;
before(async () => {
  mock = await startMock({ config: { bodyLimit: LIMIT, bodyTimeoutMs: 300, headersTimeoutMs: 300, allowedHosts: ['mock', 'pinned:7'] } });
});
after(() => mock?.close());

/**
 * Opens a raw connection and writes `text`. `done` resolves when the server
 * closes it, with everything it answered and the status of the first answer.
 */
function rawRequest(text = '') {
  const socket = connect(mock.port, '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { received += d; });
  socket.on('error', () => {}); // EPIPE / ECONNRESET while still sending: expected
  const done = new Promise((resolve) => socket.on('close', () => {
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
    resolve({ status, text: received, closeHeader: /\r\nconnection: close\r\n/i.test(received) });
  }));
  if (text) socket.write(text);
  return { socket, done };
}

const host = () => `127.0.0.1:${mock.port}`;
const alive = async () => assert.equal((await fetch(`${mock.url}/__mock/persons`)).status, 200, 'the mock still answers');

describe('request targets that are not URLs', () => {
  for (const target of ['//[', '//[::1', 'http://[bad/']) {
    test(`GET ${target} → 400, the mock lives on`, async () => {
      const { done } = rawRequest(`GET ${target} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
      const answer = await done;
      assert.equal(answer.status, 400, answer.text);
      assert.match(answer.text, /BAD_REQUEST_TARGET/);
      assert.ok(answer.closeHeader);
      await alive();
    });
  }

  test('a POST with a body to //[ → 400 too', async () => {
    const { done } = rawRequest(`POST //[ HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 2\r\n\r\n{}`);
    assert.equal((await done).status, 400);
    await alive();
  });
});

describe('Host check', () => {
  const get = (path, hostHeader, version = '1.1') => rawRequest(
    `GET ${path} HTTP/${version}\r\n${hostHeader === null ? '' : `Host: ${hostHeader}\r\n`}Connection: close\r\n\r\n`,
  ).done;

  test('a rebinding name → 421 on the control routes and on the API', async () => {
    for (const path of ['/__mock/persons', '/__mock/config', `${EQUALS}?accountId=F12345`, VERIFIK]) {
      const answer = await get(path, `evil.example:${mock.port}`);
      assert.equal(answer.status, 421, path);
      assert.match(answer.text, /MISDIRECTED_REQUEST/);
    }
  });

  test('127.0.0.1, localhost and [::1] with our port are served; another port or no Host is not', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      assert.equal((await get('/__mock/persons', `${name}:${mock.port}`)).status, 200, name);
    }
    assert.equal((await get('/__mock/persons', '127.0.0.1:1')).status, 421);
    assert.equal((await get('/__mock/persons', '127.0.0.1')).status, 421, 'no port means 80');
    assert.equal((await get('/__mock/persons', '10.1.2.3:' + mock.port)).status, 421, 'another IP while bound to loopback');
    assert.equal((await get('/__mock/persons', null, '1.0')).status, 421, 'HTTP/1.0 without Host');
    assert.equal((await get('/__mock/persons', `127.0.0.1:${mock.port}@evil`)).status, 421);
  });

  test('allowedHosts: "name" with any port, "name:port" with that port only', async () => {
    assert.equal((await get('/__mock/persons', 'mock:8000')).status, 200);
    assert.equal((await get('/__mock/persons', 'mock')).status, 200);
    assert.equal((await get('/__mock/persons', 'pinned:7')).status, 200);
    assert.equal((await get('/__mock/persons', 'pinned:8')).status, 421);
  });
});

describe('control routes and foreign pages', () => {
  test('a page on another site cannot read, reset or script the mock (CORS or not)', async () => {
    for (const [method, path] of [['GET', '/__mock/requests'], ['GET', '/__mock/config'], ['POST', '/__mock/reset'], ['OPTIONS', '/__mock/persons']]) {
      const res = await fetch(`${mock.url}${path}`, { method, headers: { origin: 'https://evil.example' } });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      await res.arrayBuffer();
    }
    const sandboxed = await fetch(`${mock.url}/__mock/persons`, { headers: { origin: 'null' } });
    assert.equal(sandboxed.status, 403);
    await sandboxed.arrayBuffer();
  });

  test('pages on this machine, and clients that send no Origin, are served', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://localhost']) {
      const res = await fetch(`${mock.url}/__mock/persons`, { headers: { origin } });
      assert.equal(res.status, 200, origin);
      assert.equal(res.headers.get('access-control-allow-origin'), origin);
      await res.arrayBuffer();
    }
    await alive();
  });

  test('the provider routes still answer any origin (a dev page may call them directly)', async () => {
    const res = await fetch(`${mock.url}${VERIFIK}`, { headers: { origin: 'https://app.example', authorization: 'Bearer verifik-test-token' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example');
    await res.arrayBuffer();
  });

  test('a delay fault longer than the request timeouts still answers: they bound receiving, not answering', async () => {
    const res = await fetch(`${mock.url}${EQUALS}?accountId=F12345`, {
      headers: { authorization: 'ApiKey equals-test-key', 'x-mock-fault': 'delay=2000' },
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  });
});

describe('hostAllowed (also used by www/server.mjs)', () => {
  test('bound to loopback: the loopback names with our port only', () => {
    const at = (h) => hostAllowed(h, { port: 8080, bindHost: '127.0.0.1' });
    for (const h of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'LocalHost:8080']) assert.ok(at(h), h);
    for (const h of ['evil.example:8080', '192.168.1.5:8080', '127.0.0.1:8081', 'localhost', '', undefined, 'a:b:c', '[::1', 'localhost.:8080']) {
      assert.ok(!at(h), String(h));
    }
  });

  test('bound to all interfaces (a phone on the LAN): any IP address, never a name', () => {
    for (const bindHost of ['0.0.0.0', '::']) {
      const at = (h) => hostAllowed(h, { port: 8080, bindHost });
      for (const h of ['192.168.1.5:8080', '[fe80::1]:8080', '10.0.0.2:8080', 'localhost:8080']) assert.ok(at(h), `${bindHost} ${h}`);
      for (const h of ['evil.example:8080', '192.168.1.5:9999', 'mybox.local:8080']) assert.ok(!at(h), `${bindHost} ${h}`);
    }
  });

  test('bound to one address: that address too', () => {
    const at = (h) => hostAllowed(h, { port: 4010, bindHost: '192.168.1.5' });
    assert.ok(at('192.168.1.5:4010'));
    assert.ok(!at('192.168.1.6:4010'));
  });
});

describe('bodies over the limit', () => {
  test('a declared Content-Length over the limit → 413 before any body is sent', async () => {
    const { done } = rawRequest(
      `POST ${EQUALS} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: ApiKey equals-test-key\r\n` +
      'Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n',
    );
    const answer = await done;
    assert.equal(answer.status, 413);
    assert.match(answer.text, /PAYLOAD_TOO_LARGE/);
    assert.ok(answer.closeHeader);
    const [recorded] = (await getJson(mock.url, '/__mock/requests')).slice(-1);
    assert.deepEqual([recorded.kind, recorded.body, recorded.bodyBytes], ['create', null, 1e9]);
  });

  test('an endless chunked upload → 413 once past the limit, then the socket is closed', async () => {
    const { socket, done } = rawRequest(
      `POST ${VERIFIK} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer verifik-test-token\r\n` +
      'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = `400\r\n${'a'.repeat(0x400)}\r\n`;
    // Keep sending for as long as the server lets us: it must be the one to stop.
    const pump = () => { while (!socket.destroyed && socket.write(chunk)); };
    socket.on('drain', pump);
    pump();
    const answer = await done;
    assert.equal(answer.status, 413, answer.text.slice(0, 200));
    assert.ok(answer.closeHeader);
    await alive();
  });

  test('a declared body over the limit on a lookup or a control route → 413', async () => {
    for (const [method, path] of [['GET', `${EQUALS}?accountId=F12345`], ['POST', '/__mock/reset'], ['GET', '/nowhere']]) {
      const { done } = rawRequest(`${method} ${path} HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`);
      assert.equal((await done).status, 413, path);
    }
  });

  test('a scenario over 64 KiB → 413', async () => {
    const { socket, done } = rawRequest(`POST /__mock/scenario HTTP/1.1\r\nHost: ${host()}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = `4000\r\n${' '.repeat(0x4000)}\r\n`;
    const pump = () => { while (!socket.destroyed && socket.write(chunk)); };
    socket.on('drain', pump);
    pump();
    assert.equal((await done).status, 413);
  });
});

describe('slow and lying clients', () => {
  test('a body shorter than its Content-Length → 408, then closed', async () => {
    const { done } = rawRequest(
      `POST ${EQUALS} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: ApiKey equals-test-key\r\n` +
      'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"accountId":',
    );
    const answer = await done;
    assert.equal(answer.status, 408);
    assert.match(answer.text, /REQUEST_TIMEOUT/);
    assert.ok(answer.closeHeader);
    assert.equal((await getJson(mock.url, '/__mock/persons')).equals.length, 0);
  });

  test('a body that dribbles in forever → 408: the time is for the whole body, not between bytes', async () => {
    const body = JSON.stringify(equalsBody()).padEnd(LIMIT - 1, ' ');
    const { socket, done } = rawRequest(
      `POST ${EQUALS} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: ApiKey equals-test-key\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    let i = 0;
    const drip = setInterval(() => { if (!socket.destroyed && i < body.length) socket.write(body[i++]); }, 20);
    try {
      assert.equal((await done).status, 408);
    } finally {
      clearInterval(drip);
    }
  });

  test('headers that never end → 408 from Node, then closed', async () => {
    const { done } = rawRequest(`GET /__mock/persons HTTP/1.1\r\nHost: ${host()}\r\nX-Slow: 1`);
    assert.equal((await done).status, 408);
  });

  test('a connection that never sends a byte is closed', async () => {
    const { done } = rawRequest();
    const answer = await done;
    assert.ok(answer.status === 408 || answer.text === '', answer.text);
  });

  test('a lookup with an endless chunked body is answered and closed, never read', async () => {
    const { socket, done } = rawRequest(
      `GET ${EQUALS}?accountId=F12345 HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: ApiKey equals-test-key\r\n` +
      'Transfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = `400\r\n${'a'.repeat(0x400)}\r\n`;
    const pump = () => { while (!socket.destroyed && socket.write(chunk)); };
    socket.on('drain', pump);
    pump();
    const answer = await done;
    assert.equal(answer.status, 200);
    assert.ok(answer.closeHeader);
    await alive();
  });
});
