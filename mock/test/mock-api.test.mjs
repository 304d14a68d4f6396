import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startMock } from '../server.mjs';
import { EQUALS, HORUS, VERIFIK, equalsBody, getJson, horusBody, post, useMock, verifikBody } from './helpers.mjs';

const ctx = useMock({ config: { bodyLimit: 64 * 1024 } });

describe('inspection', () => {
  test('/__mock/requests records every create request on the wire, in order', async () => {
    await post(ctx.url, VERIFIK, verifikBody(), { 'x-custom': 'Yes' });
    await post(ctx.url, EQUALS, 'not json');
    await post(ctx.url, HORUS, horusBody(), { 'x-mock-fault': '500' });
    const requests = await getJson(ctx.url, '/__mock/requests');
    assert.deepEqual(requests.map((r) => r.provider), ['verifik', 'equals', 'horus']);
    const [v, e, h] = requests;
    assert.equal(v.method, 'POST');
    assert.equal(v.path, VERIFIK);
    assert.equal(v.headers['x-custom'], 'Yes');
    assert.equal(v.headers.authorization, 'Bearer verifik-test-token');
    assert.equal(v.headers['content-type'], 'application/json');
    assert.ok(Object.keys(v.headers).every((k) => k === k.toLowerCase()));
    assert.equal(v.body.gender, 'M');
    assert.equal(v.bodyBytes, Buffer.byteLength(JSON.stringify(v.body)));
    assert.equal(e.body, null);
    assert.equal(e.bodyBytes, 8);
    assert.equal(h.headers['x-mock-fault'], '500');
  });

  test('/__mock/persons lists persons and attempts; reset empties everything', async () => {
    await post(ctx.url, EQUALS, equalsBody());
    await post(ctx.url, EQUALS, equalsBody({ roleName: 'x' }));
    let p = await getJson(ctx.url, '/__mock/persons');
    assert.equal(p.equals.length, 1);
    assert.deepEqual(p.attempts, { verifik: 0, equals: 2, horus: 0 });
    const res = await fetch(`${ctx.url}/__mock/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
    await res.text();
    p = await getJson(ctx.url, '/__mock/persons');
    assert.deepEqual(p, {
      verifik: [], equals: [], horus: [], attempts: { verifik: 0, equals: 0, horus: 0 }, lookups: { verifik: 0, equals: 0 },
    });
    assert.deepEqual(await getJson(ctx.url, '/__mock/requests'), []);
  });

  test('the programmatic state matches the endpoint', async () => {
    await post(ctx.url, HORUS, horusBody());
    assert.equal(ctx.mock.state.snapshot().horus.length, 1);
    assert.equal(ctx.mock.state.requests.length, 1);
  });

  test('unknown paths → 404 JSON', async () => {
    const res = await fetch(`${ctx.url}/v3/nothing`);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).code, 'NOT_FOUND');
  });
});

describe('CORS', () => {
  test('preflight OPTIONS allows the needed headers', async () => {
    const res = await fetch(`${ctx.url}${EQUALS}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-mock-fault',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    const allowed = res.headers.get('access-control-allow-headers');
    for (const h of ['authorization', 'content-type', 'x-usil-request-id', 'x-mock-fault', 'x-mock-verifik-shape']) {
      assert.match(allowed, new RegExp(h));
    }
    assert.equal((await getJson(ctx.url, '/__mock/persons')).attempts.equals, 0, 'a preflight is not an attempt');
  });

  test('answers expose x-usil-request-id and retry-after', async () => {
    const res = await post(ctx.url, HORUS, horusBody(), { origin: 'http://localhost:8080' });
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:8080');
    assert.match(res.headers.get('access-control-expose-headers'), /x-usil-request-id.*retry-after/);
  });
});

describe('413 for bodies over the limit', () => {
  test('declared by content-length', async () => {
    const big = verifikBody({ notes: 'x'.repeat(100 * 1024) });
    const res = await post(ctx.url, VERIFIK, big, { 'x-mock-verifik-shape': 'docs' });
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'PayloadTooLarge');
    assert.match(res.body.message, /65536 bytes/);
    const [recorded] = await getJson(ctx.url, '/__mock/requests');
    assert.equal(recorded.body, null);
    assert.ok(recorded.bodyBytes > 64 * 1024);
  });

  test('counted while streaming (chunked, no content-length); the client still reads the 413', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent++ < 256) controller.enqueue(chunk); // 16 MiB: more than socket buffers hold
        else controller.close();
      },
    });
    const res = await fetch(`${ctx.url}${EQUALS}`, {
      method: 'POST',
      duplex: 'half',
      headers: { authorization: 'ApiKey equals-test-key', 'content-type': 'application/json' },
      body,
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).code, 'PAYLOAD_TOO_LARGE');
    const [recorded] = await getJson(ctx.url, '/__mock/requests');
    assert.equal(recorded.headers['content-length'], undefined);
  });
});

describe('configuration', () => {
  test('overrides credentials and reference data; rejects a bad config', async () => {
    const mock = await startMock({
      config: { verifik: { token: 't2', shape: 'docs' }, equals: { apiKey: 'k2', accountIds: ['A1'] }, horus: { categoryIds: [7] } },
    });
    try {
      const v = await post(mock.url, VERIFIK, verifikBody(), { authorization: 'Bearer t2' });
      assert.equal(v.status, 200);
      assert.equal(typeof v.body.signature, 'object');
      const e = await post(mock.url, EQUALS, equalsBody({ accountId: 'A1' }), { authorization: 'ApiKey k2' });
      assert.equal(e.status, 201);
      const h = await post(mock.url, HORUS, horusBody({ categoryId: 7 }));
      assert.equal(h.body.code, 200001);
    } finally {
      await mock.close();
    }
    await assert.rejects(startMock({ config: { verifik: { shape: 'xml' } } }), /verifik.shape/);
    await assert.rejects(startMock({ config: { verifik: { tokens: ['t'] } } }), /unknown setting "verifik.tokens"/);
    await assert.rejects(startMock({ config: { bodylimit: 5 } }), /unknown setting "bodylimit"/);
    await assert.rejects(startMock({ config: { allowedHosts: 'mock' } }), /allowedHosts/);
    await assert.rejects(startMock({ config: { bodyTimeoutMs: 0 } }), /bodyTimeoutMs/);
  });

  // A 60 s delay is pending: were it not cut short, close() would run into the
  // test's own generous timeout (no measured time is asserted).
  test('close() ends pending delays and keep-alive sockets promptly', { timeout: 30_000 }, async () => {
    const mock = await startMock();
    const pending = post(mock.url, EQUALS, equalsBody(), { 'x-mock-fault': 'delay=60000' }).catch((err) => err);
    await new Promise((r) => setTimeout(r, 100));
    await mock.close();
    assert.ok((await pending) instanceof Error);
  });

  // The 500 says "see its console"; embedded mocks are quiet by default, and the
  // cause (e.g. an inspection answer too big for one string) must still be told.
  test('a quiet mock still logs the cause of a 500 MOCK_INTERNAL', async () => {
    const lines = [];
    const mock = await startMock({ quiet: true, log: (line) => lines.push(line) });
    try {
      mock.state.snapshot = () => { throw new RangeError('Invalid string length'); };
      const res = await fetch(`${mock.url}/__mock/persons`);
      assert.equal(res.status, 500);
      assert.equal((await res.json()).code, 'MOCK_INTERNAL');
      assert.equal(lines.length, 1, 'no per-request lines, one error line');
      assert.match(lines[0], /^mock error: RangeError: Invalid string length/);
    } finally {
      await mock.close();
    }
  });
});
