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

test('a provider that quotes the person in another form (case, accents, a DNI with dots, short names run together): the log line leaves it out', async () => {
  const cases = [
    [{ identityNumber: '73914628' }, 'DUP 73.914.628', 'id-73_914_628'],
    [{ firstName: 'Li', lastName: 'Wu' }, 'LIWU', 'Li.Wu'],
    [{ firstName: 'José', lastName: 'Núñez' }, 'EXISTS_JOSE_NUNEZ', 'req-nunez'],
    [{ lastName: 'Ñandú' }, 'DUP \u004e\u0303andu\u0301', 'r-NANDU'],
  ];
  for (const [over, providerCode, requestId] of cases) {
    const logs = [];
    const logger = { warn: (f) => logs.push(f), info() {}, error: (f) => logs.push(f) };
    const providers = fakeProviders({ horus: { answer: () => { throw personkitError('BAD_REQUEST', { status: 400, providerCode, requestId }); } } });
    await (await createEnrolHandler({ providers, logger })(jsonRequest({ person: person(over), providers: ['horus'] }))).text();
    const failed = logs.find((l) => l.event === 'enrol.provider_failed');
    assert.deepEqual([failed.providerCode, failed.requestId], [undefined, undefined], providerCode);
  }
  // A code of its own is kept.
  const logs = [];
  const logger = { warn: (f) => logs.push(f), info() {}, error: (f) => logs.push(f) };
  const providers = fakeProviders({ horus: { answer: () => { throw personkitError('BAD_REQUEST', { status: 400, providerCode: 'PERSON_EXISTS', requestId: 'a1b2c3' }); } } });
  await (await createEnrolHandler({ providers, logger })(jsonRequest({ person: person(), providers: ['horus'] }))).text();
  const kept = logs.find((l) => l.event === 'enrol.provider_failed');
  assert.deepEqual([kept.providerCode, kept.requestId], ['PERSON_EXISTS', 'a1b2c3']);
});

test('an error a callback throws, named after the person: the log line keeps neither its name nor its code', async () => {
  const logs = [];
  const logger = { warn: (f) => logs.push(f), info() {}, error: (f) => logs.push(f) };
  const p = person({ identityNumber: '73914628' });
  const err = Object.assign(new Error('x'), { name: `E_${p.email}`, code: `DUP_${p.identityNumber}` });
  const handle = createEnrolHandler({ providers: fakeProviders(), logger, authorize: () => { throw err; } });
  assert.equal((await handle(jsonRequest({ person: p }))).status, 403);
  const line = logs.find((l) => l.event === 'enrol.authorize_threw');
  assert.deepEqual(line.error, { name: 'Error', code: undefined });
  // A name and code shaped as such are kept.
  const named = createEnrolHandler({ providers: fakeProviders(), logger, authorize: () => { throw Object.assign(new TypeError('x'), { code: 'P2002' }); } });
  await (await named(jsonRequest({ person: p }))).text();
  assert.deepEqual(logs.filter((l) => l.event === 'enrol.authorize_threw').at(-1).error, { name: 'TypeError', code: 'P2002' });
});
