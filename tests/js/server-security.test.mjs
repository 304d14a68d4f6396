// personkit/server against what a hostile page or a careless app can do,
// found by a security review (session 33); each test failed before its fix:
// a falsy authorize answer, a key the page made up reaching prepare, a flood
// of photos parts, an odd Content-Type, and personal data a provider echoes
// into the log line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  person, fakeProviders, calls, jsonRequest, multipartRequest, jsonOf, personkitError, createEnrolHandler,
} from './server-helpers.mjs';

const handlerWith = (over = {}) => {
  const providers = over.providers ?? fakeProviders();
  return { providers, handle: createEnrolHandler({ providers, ...over }) };
};

test('authorize: any falsy answer refuses (an empty header\'s length, 0, NaN, \'\'), and a throwing one is logged by name', async () => {
  for (const answer of ['', 0, NaN, 0n, Promise.resolve('')]) {
    const providers = fakeProviders();
    const res = await createEnrolHandler({ providers, authorize: () => answer })(jsonRequest({ person: person() }));
    assert.equal(res.status, 401, String(answer));
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  }
  const logged = [];
  const logger = { warn: (f) => logged.push(f), info() {}, error() {} };
  const res = await createEnrolHandler({ providers: fakeProviders(), logger, authorize: () => { throw new TypeError('secret-ish text'); } })(jsonRequest({ person: person() }));
  assert.equal(res.status, 403);
  const threw = logged.filter((f) => f.event === 'enrol.authorize_threw');
  assert.deepEqual(threw.map((f) => [f.error?.name, JSON.stringify(f).includes('secret-ish')]), [['TypeError', false]]);
});

test('prepare never meets a key the page made up: an unknown member of extras (even __proto__) is refused before prepare runs', async () => {
  let prepared = 0;
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, prepare: (body) => { prepared += 1; const o = Object.assign({}, body); o.sendInvite ??= false; return o; } });
  for (const extra of ['{"__proto__":{"sendInvite":true}}', '{"vip":true}']) {
    const body = `{"person":${JSON.stringify(person()).slice(0, -1)},"extras":{"equals":${extra}}}}`;
    const res = await handle(jsonRequest(body));
    assert.equal(res.status, 422, extra);
    const { error } = await jsonOf(res);
    assert.ok(error.errors.every((e) => e.code === 'UNKNOWN_FIELD'), JSON.stringify(error.errors));
  }
  assert.equal(prepared, 0, 'prepare was never called');
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('thousands of photos parts are one TOO_MANY, answered before any is read; a Content-Type is matched by its media type', async () => {
  const { providers, handle } = handlerWith();
  const p = person();
  delete p.photos;
  const files = Array.from({ length: 10_001 }, () => new File([new Uint8Array(1)], 'x.jpg'));
  const res = await handle(multipartRequest(p, files));
  assert.equal(res.status, 422);
  const { error } = await jsonOf(res);
  assert.deepEqual(error.errors.map((e) => [e.field, e.code]), [['photos', 'TOO_MANY']]);
  const odd = await handle(jsonRequest({ person: person() }, { headers: { 'content-type': 'application/jsonfoo' } }));
  assert.equal(odd.status, 415);
  const fine = await handle(jsonRequest({ person: person() }, { headers: { 'content-type': 'Application/JSON ; charset=utf-8' } }));
  assert.equal(fine.status, 200);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('a provider that echoes the person\'s email in its error code or request id: the log line leaves them out, and keeps the others', async () => {
  const logs = [];
  const logger = { warn: (f) => logs.push(f), info() {}, error: (f) => logs.push(f) };
  const p = person();
  const answers = { equals: { providerCode: `DUP:${p.email}`, requestId: `rid-${p.email}` }, horus: { providerCode: '200099', requestId: 'r-1' } };
  const providers = fakeProviders({
    equals: { answer: () => { throw personkitError('BAD_REQUEST', { status: 400, ...answers.equals }); } },
    horus: { answer: () => { throw personkitError('BAD_REQUEST', { status: 400, ...answers.horus }); } },
  });
  await (await createEnrolHandler({ providers, logger })(jsonRequest({ person: p }))).text();
  const failed = Object.fromEntries(logs.filter((l) => l.event === 'enrol.provider_failed').map((l) => [l.provider, [l.providerCode, l.requestId]]));
  assert.deepEqual(failed, { equals: [undefined, undefined], horus: ['200099', 'r-1'] });
  assert.ok(!JSON.stringify(logs).includes(p.email), 'no email in any log line');
});
