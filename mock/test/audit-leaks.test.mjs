// The mock's log, as its README promises: one line per request (method,
// path, status, time), never a body, an image, a header or a query string
// (an Equals lookup's holds the email), whatever the request or its fault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startMock } from '../server.mjs';
import { EQUALS, HORUS, JPEG_B64, VERIFIK } from './helpers.mjs';

const FORBIDDEN = ['Zyxwilda', 'Quorblat', 'zyx.quorblat', '73914628', '1987-03-29', JPEG_B64.slice(0, 12), 'verifik-test-token', 'equals-test-key', 'bb145d5fxyz', 'x-secret-header'];

test('the per-request log holds no body, image, header, query or credential, under every fault', async () => {
  const lines = [];
  const mock = await startMock({ quiet: false, log: (line) => lines.push(line), config: { hugeBytes: 4096 } });
  const send = (path, body, headers = {}, method = 'POST') => fetch(`${mock.url}${path}`, {
    method, headers: { 'content-type': 'application/json', 'x-secret-header': 'x-secret-header', ...headers }, body: method === 'POST' ? body : undefined,
  }).then((r) => r.text(), () => '');
  const bodies = {
    [VERIFIK]: { auth: { authorization: 'Bearer verifik-test-token' }, body: JSON.stringify({ name: 'Zyxwilda Quorblat', images: [JPEG_B64], date_of_birth: '1987-03-29', collections: ['staff'] }) },
    [EQUALS]: { auth: { authorization: 'ApiKey equals-test-key' }, body: JSON.stringify({ accountId: 'F12345', firstName: 'Zyxwilda', lastName: 'Quorblat', roleName: 'Viewer', emailAddress: 'zyx.quorblat@leakcheck.test' }) },
    [HORUS]: { auth: {}, body: JSON.stringify({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', mainIdentifier: '73914628', firstName: 'Zyxwilda', lastName: 'Quorblat', email: 'zyx.quorblat@leakcheck.test', categoryId: 1, positionId: 1, enabled: 1 }) },
  };
  try {
    for (const fault of ['', '400', '500', 'bad-json', 'html', 'huge', 'redirect', 'reset', '500;after-create']) {
      for (const [path, { auth, body }] of Object.entries(bodies)) {
        await send(path, body, { ...auth, ...(fault && { 'x-mock-fault': fault }) });
        await send(path, body.replace('Quorblat', 'Quorblat"'), auth); // not JSON
      }
    }
    await send(`${EQUALS}?accountId=F12345&search=zyx.quorblat%40leakcheck.test`, null, bodies[EQUALS].auth, 'GET');
    await send(`${VERIFIK}?collection=staff&name=Zyxwilda`, null, bodies[VERIFIK].auth, 'GET');
    await send(`/nowhere?email=zyx.quorblat@leakcheck.test`, null, {}, 'GET');
  } finally {
    await mock.close();
  }
  assert.ok(lines.length >= 60, `one line per request (${lines.length})`);
  for (const line of lines) {
    assert.match(line, /^[A-Z]+ \/\S* (\d{3}|reset) \d+ms$/, line);
    for (const v of FORBIDDEN) assert.ok(!line.includes(v), `${v} in: ${line}`);
  }
});
