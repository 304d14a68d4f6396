import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFault } from '../lib/faults.mjs';
import { AUTH, EQUALS, HORUS, VERIFIK, equalsBody, getJson, horusBody, post, useMock, verifikBody } from './helpers.mjs';

const ctx = useMock({ config: { hugeBytes: 3 * 1024 * 1024 } });
const persons = () => getJson(ctx.url, '/__mock/persons');

async function scenario(body) {
  const res = await fetch(`${ctx.url}/__mock/scenario`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('fault specs', () => {
  test('parse', () => {
    assert.deepEqual(parseFault('503;retry-after=1'), {
      status: 503, retryAfter: '1', delay: 0, action: null, hugeBytes: null, redirectStatus: null, quote: null, afterCreate: false, on: null,
    });
    assert.equal(parseFault('500;on=create').on, 'create');
    assert.equal(parseFault('reset;on=lookup').on, 'lookup');
    assert.equal(parseFault('delay=2000').delay, 2000);
    assert.equal(parseFault('reset;after-create').afterCreate, true);
    assert.equal(parseFault('huge=1000').hugeBytes, 1000);
    assert.equal(parseFault('redirect').redirectStatus, 307);
    assert.equal(parseFault('redirect=301').redirectStatus, 301);
    assert.equal(parseFault('quote').quote, 'as-sent');
    assert.equal(parseFault('400;quote=ascii').quote, 'ascii');
    for (const bad of ['', 'boom', '200', 'reset;html', 'retry-after=1', 'delay=x', 'redirect=300', 'redirect=200', 'redirect;reset', 'on=create', '500;on=read', '500;on', 'quote=title', 'quote;html']) {
      assert.throws(() => parseFault(bad), undefined, bad);
    }
  });

  test('a bad spec in the header → 400 MOCK_BAD_FAULT', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': 'explode' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'MOCK_BAD_FAULT');
  });
});

describe('faults per request (x-mock-fault)', () => {
  test('500 in each provider shape, nothing created, attempts counted', async () => {
    const fault = { 'x-mock-fault': '500' };
    const v = await post(ctx.url, VERIFIK, verifikBody(), { ...fault, 'x-mock-verifik-shape': 'docs' });
    assert.equal(v.status, 500);
    assert.equal(v.body.code, 'ERROR');
    const vf = await post(ctx.url, VERIFIK, verifikBody(), fault);
    assert.equal(vf.body.message, 'ERROR');
    const e = await post(ctx.url, EQUALS, equalsBody(), fault);
    assert.equal(e.status, 500);
    assert.equal(e.body.code, 'INTERNAL_SERVER_ERROR');
    const h = await post(ctx.url, HORUS, horusBody(), { ...fault, 'x-usil-request-id': 'R500' });
    assert.equal(h.status, 500);
    assert.equal(h.body.code, 500001);
    assert.equal(h.headers.get('x-usil-request-id'), 'R500');
    const p = await persons();
    assert.deepEqual(p.attempts, { verifik: 2, equals: 1, horus: 1 });
    assert.equal(p.verifik.length + p.equals.length + p.horus.length, 0);
  });

  test('redirect: a 307 back to the same URL, nothing created', async () => {
    const res = await fetch(`${ctx.url}${EQUALS}?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH[EQUALS], 'x-mock-fault': 'redirect' },
      body: JSON.stringify(equalsBody()),
      redirect: 'manual',
    });
    assert.equal(res.status, 307);
    assert.equal(res.headers.get('location'), `${EQUALS}?x=1`);
    const p = await persons();
    assert.equal(p.equals.length, 0);
    assert.equal(p.attempts.equals, 1);
  });

  test('503 and 429 with Retry-After', async () => {
    const a = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': '503;retry-after=1' });
    assert.equal(a.status, 503);
    assert.equal(a.headers.get('retry-after'), '1');
    const b = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': '429;retry-after=2' });
    assert.equal(b.status, 429);
    assert.equal(b.headers.get('retry-after'), '2');
    assert.equal(b.body.code, 'TOO_MANY_REQUESTS');
  });

  test('delay waits, then answers normally', async () => {
    const t0 = Date.now();
    const res = await post(ctx.url, HORUS, horusBody(), { 'x-mock-fault': 'delay=300' });
    assert.ok(Date.now() - t0 >= 280);
    assert.equal(res.body.code, 200001);
  });

  test('delay: a client that hangs up during the wait is never handled', async () => {
    const hangUp = AbortSignal.timeout(100);
    const res = fetch(`${ctx.url}${HORUS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH[HORUS], 'x-mock-fault': 'delay=400' },
      body: JSON.stringify(horusBody()),
      signal: hangUp,
    });
    await assert.rejects(res, { name: 'TimeoutError' });
    await new Promise((r) => setTimeout(r, 500)); // past the delay: had it run on, the person would exist now
    const seen = await persons();
    assert.equal(seen.horus.length, 0);
    assert.equal(seen.attempts.horus, 1);
  });

  test('reset destroys the socket without an answer', async () => {
    await assert.rejects(post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': 'reset' }), TypeError);
    const p = await persons();
    assert.equal(p.equals.length, 0);
    assert.equal(p.attempts.equals, 1);
  });

  test('bad-json answers the success status with a broken body', async () => {
    const e = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': 'bad-json' });
    assert.equal(e.status, 201);
    assert.equal(e.body, undefined);
    assert.match(e.headers.get('content-type'), /application\/json/);
    const v = await post(ctx.url, VERIFIK, verifikBody(), { 'x-mock-fault': 'bad-json' });
    assert.equal(v.status, 200);
    assert.throws(() => JSON.parse(v.text));
  });

  test('quote answers an error quoting the request, as sent or re-written; nothing created', async () => {
    const body = { ...equalsBody(), firstName: 'Núñez' };
    const plain = await post(ctx.url, EQUALS, body, { 'x-mock-fault': 'quote' });
    assert.equal(plain.status, 409);
    assert.match(plain.body.message, /^already registered: .*Núñez/);
    const upper = await post(ctx.url, EQUALS, body, { 'x-mock-fault': '400;quote=upper' });
    assert.equal(upper.status, 400);
    assert.match(upper.body.message, /NÚÑEZ/);
    assert.match((await post(ctx.url, HORUS, { ...horusBody(), firstName: 'Núñez' }, { 'x-mock-fault': 'quote=ascii' })).body.message, /NUNEZ/);
    assert.match((await post(ctx.url, VERIFIK, { ...verifikBody(), name: 'ANA Núñez' }, { 'x-mock-fault': 'quote=lower' })).body.error, /ana núñez/);
    const p = await persons();
    assert.equal(p.equals.length + p.horus.length + p.verifik.length, 0);
  });

  test('html answers a 502 HTML page', async () => {
    const res = await post(ctx.url, HORUS, horusBody(), { 'x-mock-fault': 'html' });
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type'), /text\/html/);
    assert.match(res.text, /<html>/);
  });

  test('huge answers a multi-megabyte body', async () => {
    const res = await post(ctx.url, VERIFIK, verifikBody(), { 'x-mock-fault': 'huge' });
    assert.equal(res.status, 200);
    assert.ok(res.text.length >= 3 * 1024 * 1024 - 64, `${res.text.length}`);
    assert.equal(typeof res.body.padding, 'string');
    const err = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': 'huge=2000000;500' });
    assert.equal(err.status, 500);
    assert.equal(err.body.code, 'INTERNAL_SERVER_ERROR');
    assert.ok(err.text.length >= 1_999_000);
  });
});

describe('after-create: the person exists, then the fault happens', () => {
  test('500;after-create', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': '500;after-create' });
    assert.equal(res.status, 500);
    assert.equal((await persons()).equals.length, 1);
  });

  test('reset;after-create', async () => {
    await assert.rejects(post(ctx.url, HORUS, horusBody(), { 'x-mock-fault': 'reset;after-create' }));
    assert.equal((await persons()).horus.length, 1);
  });

  test('delay;after-create: created before the answer arrives', async () => {
    const pending = post(ctx.url, VERIFIK, verifikBody(), { 'x-mock-fault': 'delay=400;after-create' });
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await persons()).verifik.length, 1);
    assert.equal((await pending).status, 200);
  });

  test('a retry after reset;after-create meets the existing person', async () => {
    const body = horusBody();
    await assert.rejects(post(ctx.url, HORUS, body, { 'x-mock-fault': 'reset;after-create' }));
    const retry = await post(ctx.url, HORUS, body);
    assert.equal(retry.body.code, 200023);
  });

  test('bad-json;after-create and huge;after-create carry the created answer', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': 'huge;after-create' });
    assert.equal(res.status, 201);
    assert.match(res.body.id, /-/);
    assert.equal(typeof res.body.padding, 'string');
    const bad = await post(ctx.url, EQUALS, equalsBody(), { 'x-mock-fault': 'bad-json;after-create' });
    assert.equal(bad.status, 201);
    assert.equal(bad.body, undefined);
    assert.equal((await persons()).equals.length, 2);
  });
});

describe('scenarios (POST /__mock/scenario)', () => {
  test('the next N matching requests get the fault', async () => {
    const s = await scenario({ fault: '503;retry-after=1', count: 2, provider: 'equals' });
    assert.equal(s.status, 201);
    assert.equal(s.body.count, 2);
    // Another provider is not affected.
    const h = await post(ctx.url, HORUS, horusBody());
    assert.equal(h.status, 200);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(ctx.url, EQUALS, equalsBody())).status);
    assert.deepEqual(statuses, [503, 503, 201]);
  });

  test('without provider it matches any; count defaults to 1; reset clears', async () => {
    await scenario({ fault: '500' });
    assert.equal((await post(ctx.url, VERIFIK, verifikBody())).status, 500);
    assert.equal((await post(ctx.url, VERIFIK, verifikBody())).status, 200);
    await scenario({ fault: '500', count: 5 });
    await fetch(`${ctx.url}/__mock/reset`, { method: 'POST' });
    assert.equal((await post(ctx.url, VERIFIK, verifikBody())).status, 200);
  });

  test('DELETE drops the pending scenarios and keeps the persons', async () => {
    assert.equal((await post(ctx.url, HORUS, horusBody())).status, 200);
    await scenario({ fault: '500', count: 3 });
    const res = await fetch(`${ctx.url}/__mock/scenario`, { method: 'DELETE' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { cleared: true });
    assert.deepEqual(await getJson(ctx.url, '/__mock/scenario'), []);
    assert.equal((await persons()).horus.length, 1);
    assert.equal((await post(ctx.url, VERIFIK, verifikBody())).status, 200);
  });

  test('state.addScenario (embedded use) also defaults count to 1', async () => {
    const s = ctx.mock.state.addScenario({ fault: '500', provider: 'verifik' });
    assert.equal(s.remaining, 1);
    assert.equal((await post(ctx.url, VERIFIK, verifikBody())).status, 500);
    assert.equal((await post(ctx.url, VERIFIK, verifikBody())).status, 200);
    assert.deepEqual(await getJson(ctx.url, '/__mock/scenario'), []);
  });

  test('state.addScenario (embedded use) refuses what POST /__mock/scenario refuses', async () => {
    // A typo must throw at once: a bad fault would otherwise 400 an unrelated later
    // request, and an unknown provider would queue a fault that never fires.
    for (const bad of [{ fault: 'nope' }, { fault: '500', count: 0 }, { fault: '500', provider: 'equal' },
      { fault: '500', kind: 'list' }, { fault: '500', provider: 'horus', kind: 'lookup' }, { fault: '500;on=create' }]) {
      assert.throws(() => ctx.mock.state.addScenario(bad), TypeError, JSON.stringify(bad));
    }
    assert.deepEqual(await getJson(ctx.url, '/__mock/scenario'), []);
    assert.equal((await post(ctx.url, EQUALS, equalsBody())).status, 201);
  });

  test('a header fault wins and does not use up the scenario', async () => {
    await scenario({ fault: '429', count: 1 });
    assert.equal((await post(ctx.url, HORUS, horusBody(), { 'x-mock-fault': '500' })).status, 500);
    assert.equal((await post(ctx.url, HORUS, horusBody())).status, 429);
  });

  test('after-create scenarios prove a retry does not create twice', async () => {
    await scenario({ fault: '500;after-create', count: 1, provider: 'equals' });
    const body = equalsBody();
    assert.equal((await post(ctx.url, EQUALS, body)).status, 500);
    const retry = await post(ctx.url, EQUALS, body);
    assert.equal(retry.status, 201);
    const p = await persons();
    assert.equal(p.equals.length, 1, 'same email: one person');
    assert.equal(p.equals[0].personas.length, 2);
  });

  test('bad scenarios are refused with 400', async () => {
    for (const body of [{ fault: 'nope' }, { fault: '500', count: 0 }, { fault: '500', provider: 'acme' }]) {
      const res = await scenario(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'MOCK_BAD_REQUEST');
    }
  });
});
