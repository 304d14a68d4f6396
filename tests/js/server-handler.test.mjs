// personkit/server's handler, unit by unit, with fake clients and Request
// objects built in the test (no network): the order of the checks, the
// person mapped with the server's own fields, JSON and multipart bodies, the
// ndjson stream, and that every answer is free of secrets and images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from 'personkit/server';
import {
  person, fakeProviders, fakeClient, calls, jsonRequest, multipartRequest, jsonOf, lines, readChecked,
  personkitError, fixture, jpegBase64, ORIGIN, URL_, uid, createEnrolHandler, scanned,
} from './server-helpers.mjs';
import { SECRETS } from './helpers.mjs';

const handlerWith = (over = {}) => {
  const providers = over.providers ?? fakeProviders();
  return { providers, handle: createEnrolHandler({ providers, ...over, ...(over.providers && { providers: over.providers }) }) };
};

test('one JSON enrolment: each body mapped by the table with the server\'s fields, one call each', async () => {
  const { providers, handle } = handlerWith();
  const p = person();
  const res = await handle(jsonRequest({ person: p }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const { results } = await jsonOf(res);
  assert.deepEqual(results.verifik, { status: 'created', id: 'vf_1', message: 'Registered in Verifik.' });
  assert.deepEqual(results.equals, { status: 'created', id: 'eq_1', personaId: 'pa_1', message: 'Registered in Equals Money.' });
  assert.equal(results.horus.status, 'created');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
  assert.deepEqual(providers.equals.client.calls[0], {
    firstName: 'Ana', lastName: p.lastName, emailAddress: p.email, primaryMobileNumber: p.phone, dob: p.dateOfBirth,
    nationalities: ['PE'], accountId: 'F12345', roleName: 'Viewer',
  });
  assert.deepEqual(providers.verifik.client.calls[0], {
    name: `Ana ${p.lastName}`, images: p.photos, gender: 'F', date_of_birth: p.dateOfBirth, nationality: 'PE', collections: ['staff'],
  });
  assert.deepEqual(providers.horus.client.calls[0], {
    firstName: 'Ana', lastName: p.lastName, email: p.email, mainIdentifier: p.identityNumber, categoryId: 1, positionId: 1,
  });
});

test('only the providers the request names; the others are skipped', async () => {
  const { providers, handle } = handlerWith();
  const res = await handle(jsonRequest({ person: person(), providers: ['equals'] }));
  const { results } = await jsonOf(res);
  assert.deepEqual(results, { verifik: { status: 'skipped' }, equals: results.equals, horus: { status: 'skipped' } });
  assert.deepEqual(calls(providers), { verifik: 0, equals: 1, horus: 0 });
  for (const bad of [['equalz'], [], 'equals', ['equals', 'equals']]) {
    const r = await handle(jsonRequest({ person: person(), providers: bad }));
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal((await jsonOf(r)).error.code, 'BAD_REQUEST');
  }
});

test('a provider the server does not configure: 400 PROVIDER_NOT_CONFIGURED, nothing called', async () => {
  const { equals } = fakeProviders();
  const handle = createEnrolHandler({ providers: { equals } });
  const r = await handle(jsonRequest({ person: person(), providers: ['equals', 'horus'] }));
  assert.equal(r.status, 400);
  assert.equal((await jsonOf(r)).error.code, 'PROVIDER_NOT_CONFIGURED');
  assert.equal(equals.client.calls.length, 0);
  // Without `providers`, the server's own list: only Equals, and no Horus/Verifik fields are needed.
  const ok = await handle(jsonRequest({ person: { firstName: 'A', lastName: 'B', email: `a.${uid()}@b.co` } }));
  assert.deepEqual(Object.keys((await jsonOf(ok)).results), ['equals']);
});

test('server-owned fields: the page cannot set them, anywhere (400 FIELD_NOT_ALLOWED naming the field); nothing is called', async () => {
  const cases = [
    [{ roleName: 'Owner' }, 'roleName'],
    [{ accountId: 'F999' }, 'accountId'],
    [{ categoryId: 9 }, 'categoryId'],
    [{ collections: ['admins'] }, 'collections'],
    [{ extras: { equals: { roleName: 'Owner' } } }, 'extras.equals.roleName'],
    [{ extras: { horus: { positionId: 7 } } }, 'extras.horus.positionId'],
    [{ extras: { horus: { clientSecret: 'x' } } }, 'extras.horus.clientSecret'],
    [{ extras: { verifik: { collections: ['admins'] } } }, 'extras.verifik.collections'],
    [{ extras: { equals: { emailAddress: 'other@example.com' } } }, 'extras.equals.emailAddress'],
  ];
  for (const [over, field] of cases) {
    const { providers, handle } = handlerWith();
    const res = await handle(jsonRequest({ person: person(over) }));
    assert.equal(res.status, 400, field);
    const { error } = await jsonOf(res);
    assert.equal(error.code, 'FIELD_NOT_ALLOWED', field);
    assert.equal(error.field, field);
    assert.ok(error.errors.some((e) => e.field === field && e.code === 'FIELD_NOT_ALLOWED'));
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 }, field);
  }
});

test('server-owned fields outside the person: a top-level member or a multipart part so named is 400 FIELD_NOT_ALLOWED naming it, nothing else read, nothing called', async () => {
  for (const field of ['roleName', 'accountId', 'categoryId', 'positionId', 'collections', 'clientSecret', 'clientId']) {
    const { providers, handle } = handlerWith();
    // The person is not even an object: the refusal comes before it is read.
    const res = await handle(jsonRequest({ person: 'not read', [field]: 'Owner' }));
    assert.equal(res.status, 400, field);
    const { error } = await jsonOf(res);
    assert.deepEqual([error.code, error.field], ['FIELD_NOT_ALLOWED', field]);
    const form = new FormData();
    form.append('person', '{ not JSON, not read');
    form.append('photos', new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg' }));
    form.append(field, 'Owner');
    const mp = await handle(new Request(URL_, { method: 'POST', headers: { 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: form }));
    assert.equal(mp.status, 400, field);
    const got = (await jsonOf(mp)).error;
    assert.deepEqual([got.code, got.field], ['FIELD_NOT_ALLOWED', field]);
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 }, field);
  }
  // Another unknown name is still a plain 400 BAD_REQUEST.
  const { handle } = handlerWith();
  const other = await handle(jsonRequest({ person: person(), colour: 'blue' }));
  assert.deepEqual([other.status, (await jsonOf(other)).error.code], [400, 'BAD_REQUEST']);
});

test('a field the server sets in its options becomes the server\'s too', async () => {
  const providers = fakeProviders();
  providers.equals.jobTitle = 'Staff';
  const handle = createEnrolHandler({ providers });
  const res = await handle(jsonRequest({ person: person({ extras: { equals: { jobTitle: 'CEO' } } }) }));
  assert.equal(res.status, 400);
  assert.equal((await jsonOf(res)).error.field, 'extras.equals.jobTitle');
  const ok = await handle(jsonRequest({ person: person({ extras: { equals: { employeeNumber: '948' } } }) }));
  assert.equal(ok.status, 200);
  assert.equal(providers.equals.client.calls[0].jobTitle, 'Staff');
  assert.equal(providers.equals.client.calls[0].employeeNumber, '948');
});

test('an invalid person: 422 with every field error named the neutral way, with its provider; no provider is called', async () => {
  const { providers, handle } = handlerWith();
  const res = await handle(jsonRequest({ person: person({ email: 'nope', photos: ['data:image/png;base64,AAAA'], identityNumber: null }) }));
  assert.equal(res.status, 422);
  const { error } = await jsonOf(res);
  assert.equal(error.code, 'VALIDATION_FAILED');
  const got = error.errors.map((e) => `${e.provider}:${e.field}:${e.code}`);
  for (const want of ['verifik:photos[0]:INVALID_BASE64', 'equals:email:INVALID_EMAIL', 'horus:email:INVALID_EMAIL', 'horus:identityNumber:REQUIRED']) {
    assert.ok(got.includes(want), `${want} in ${got}`);
  }
  assert.ok(!JSON.stringify(error).includes('emailAddress'));
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('the order of the checks: method, Origin, authorize, key, type, size', async () => {
  const order = [];
  const { handle } = handlerWith({ authorize: () => { order.push('authorize'); return { user: 'u1' }; } });
  const r405 = await handle(jsonRequest(null, { method: 'GET' }));
  assert.equal(r405.status, 405);
  assert.equal(r405.headers.get('allow'), 'POST');
  assert.equal((await jsonOf(r405)).error.code, 'METHOD_NOT_ALLOWED');
  const r403 = await handle(jsonRequest({ person: person() }, { origin: 'https://evil.example' }));
  assert.equal(r403.status, 403);
  assert.equal((await jsonOf(r403)).error.code, 'ORIGIN_NOT_ALLOWED');
  assert.deepEqual(order, [], 'authorize is not called for a refused origin');
  const r400 = await handle(jsonRequest({ person: person() }, { key: null }));
  assert.equal(r400.status, 400);
  assert.equal((await jsonOf(r400)).error.code, 'IDEMPOTENCY_KEY_REQUIRED');
  assert.deepEqual(order, ['authorize']);
  for (const key of ['', 'a b', 'x'.repeat(256), 'clé']) {
    const r = await handle(new Request(URL_, { method: 'POST', headers: { 'idempotency-key': encodeURIComponent(key) === key ? key : 'a b', origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' }));
    assert.equal(r.status, 400, JSON.stringify(key));
  }
  const r415 = await handle(jsonRequest('person=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
  assert.equal(r415.status, 415);
  const bad = await handle(jsonRequest('{"person":', {}));
  assert.equal(bad.status, 400);
  assert.equal((await jsonOf(bad)).error.code, 'BAD_REQUEST');
  const extra = await handle(jsonRequest({ person: person(), roleName: 'Owner' }));
  assert.equal(extra.status, 400);
});

/** A request body that records how much of it was read. */
function watchedBody(total, chunk = 64 * 1024) {
  const seen = { bytes: 0, pulls: 0 };
  const stream = new ReadableStream({
    pull(c) {
      seen.pulls += 1;
      if (seen.bytes >= total) { c.close(); return; }
      const n = Math.min(chunk, total - seen.bytes);
      seen.bytes += n;
      c.enqueue(new Uint8Array(n).fill(0x20));
    },
  }, { highWaterMark: 0 });
  return { stream, seen };
}

test('a refused Origin and a refused authorize never read the body', async () => {
  const { handle } = handlerWith({ authorize: (req) => req.headers.get('authorization') === 'Bearer ok' });
  for (const [headers, status] of [[{ origin: 'https://evil.example' }, 403], [{ origin: ORIGIN }, 401]]) {
    const { stream, seen } = watchedBody(1024 * 1024);
    const res = await handle(new Request(URL_, {
      method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json', 'idempotency-key': 'k', ...headers },
    }));
    assert.equal(res.status, status);
    assert.equal(seen.bytes, 0, 'no byte of the body was read');
  }
});

test('authorize: false → 401, throws → 403 (or 401 with status 401); its value reaches prepare', async () => {
  const seen = [];
  const providers = fakeProviders();
  const mk = (authorize) => createEnrolHandler({ providers, authorize, prepare: (payload, ctx) => { seen.push([ctx.provider, ctx.auth, ctx.request instanceof Request]); return undefined; } });
  assert.equal((await mk(() => false)(jsonRequest({ person: person() }))).status, 401);
  assert.equal((await mk(async () => null)(jsonRequest({ person: person() }))).status, 401);
  const thrown = await mk(() => { throw new Error('no session for jane@example.com'); })(jsonRequest({ person: person() }));
  assert.equal(thrown.status, 403);
  assert.ok(!(await readChecked(thrown)).includes('jane@example.com'), 'the thrown message is not echoed');
  assert.equal((await mk(() => { throw Object.assign(new Error('x'), { status: 401 }); })(jsonRequest({ person: person() }))).status, 401);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  const ok = await mk(async () => ({ userId: 'u7' }))(jsonRequest({ person: person() }));
  assert.equal(ok.status, 200);
  assert.deepEqual(seen, [['verifik', { userId: 'u7' }, true], ['equals', { userId: 'u7' }, true], ['horus', { userId: 'u7' }, true]]);
});

test('prepare adjusts one provider\'s body before the rules check it; what it adds is checked too', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({
    providers,
    prepare: (payload, { provider }) => (provider === 'equals' ? { ...payload, employeeNumber: 'E-1' } : undefined),
  });
  assert.equal((await handle(jsonRequest({ person: person() }))).status, 200);
  assert.equal(providers.equals.client.calls[0].employeeNumber, 'E-1');
  const bad = createEnrolHandler({ providers: fakeProviders(), prepare: (payload, { provider }) => (provider === 'equals' ? { ...payload, emailTheme: 'purple' } : payload) });
  const res = await bad(jsonRequest({ person: person() }));
  assert.equal(res.status, 422);
  assert.deepEqual((await jsonOf(res)).error.errors.map((e) => e.field), ['extras.equals.emailTheme']);
  // prepare breaking a server field is the server's fault: 500, logged, nothing said about it.
  const logs = [];
  const worse = createEnrolHandler({ providers: fakeProviders(), logger: { error: (f) => logs.push(f) }, prepare: (payload, { provider }) => (provider === 'equals' ? { ...payload, roleName: 'King' } : payload) });
  const r500 = await worse(jsonRequest({ person: person() }));
  assert.equal(r500.status, 500);
  assert.equal((await jsonOf(r500)).error.code, 'INTERNAL');
  assert.match(logs[0].error.message, /equals\.server\.roleName NOT_ONE_OF/);
});

test('413: a declared length over maxBodyBytes is refused unread; a streamed one once it passes the limit, its rest dropped up to as much again', async () => {
  const { providers, handle } = handlerWith({ maxBodyBytes: 256 * 1024 });
  const declared = watchedBody(1024 * 1024);
  const r1 = await handle(new Request(URL_, {
    method: 'POST', body: declared.stream, duplex: 'half',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'k1', origin: ORIGIN, 'content-length': String(1024 * 1024) },
  }));
  assert.equal(r1.status, 413);
  assert.equal((await jsonOf(r1)).error.code, 'PAYLOAD_TOO_LARGE');
  assert.equal(declared.seen.bytes, 0);
  // An endless chunked body: read up to the limit, then dropped up to as much again (so that
  // workerd delivers the answer to a body that ends there), then left.
  const endless = watchedBody(Number.MAX_SAFE_INTEGER);
  const r2 = await handle(new Request(URL_, {
    method: 'POST', body: endless.stream, duplex: 'half',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'k2', origin: ORIGIN },
  }));
  assert.equal(r2.status, 413);
  assert.ok(endless.seen.bytes <= 2 * 256 * 1024 + 2 * 64 * 1024, `read ${endless.seen.bytes} bytes`);
  const ends = watchedBody(400 * 1024);
  const r3 = await handle(new Request(URL_, {
    method: 'POST', body: ends.stream, duplex: 'half',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'k3', origin: ORIGIN },
  }));
  assert.equal(r3.status, 413);
  assert.equal(ends.seen.bytes, 400 * 1024, 'read to its end, within the bound');
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('multipart: a person part and photo files, encoded on the server by encodeImage', async () => {
  const { providers, handle } = handlerWith();
  const p = person();
  delete p.photos;
  const jpeg = new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg' });
  const res = await handle(multipartRequest(p, [jpeg]));
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(providers.verifik.client.calls[0].images, [jpegBase64()]);
  // A file that is not a photo: 422 on photos[1], nothing called.
  const { providers: p2, handle: h2 } = handlerWith();
  const heic = new File([new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0])], 'x.heic');
  const bad = await h2(multipartRequest(p, [jpeg, heic]));
  assert.equal(bad.status, 422);
  const { error } = await jsonOf(bad);
  assert.equal(error.errors[0].field, 'photos[1]');
  assert.equal(error.errors[0].code, 'INVALID_IMAGE_FORMAT');
  assert.deepEqual(calls(p2), { verifik: 0, equals: 0, horus: 0 });
  // Unknown parts, two person parts, photos in both places: 400.
  const form = new FormData();
  form.append('person', JSON.stringify(p));
  form.append('roleName', 'Owner');
  assert.equal((await h2(new Request(URL_, { method: 'POST', headers: { 'idempotency-key': 'm1', origin: ORIGIN }, body: form }))).status, 400);
  assert.equal((await h2(multipartRequest({ ...p, photos: [jpegBase64()] }, [jpeg]))).status, 400);
});

test('photos up to maxPhotoBytes are taken whole: three 9 MiB photos (multipart) and a 4 MiB one (JSON, base64) reach Verifik as sent', async () => {
  // A phone photo is a few MiB; the neutral person's JSON budget once
  // refused any person whose photos passed about 1.4 MiB, far under the
  // 10 MiB per photo the README promises.
  const jpegOf = (mib) => {
    const head = fixture('portrait-120x160.jpg');
    const bytes = new Uint8Array(Math.floor(mib * 2 ** 20));
    bytes.set(head);
    return bytes;
  };
  const { providers, handle } = handlerWith();
  const p = person();
  delete p.photos;
  const files = [9, 9, 9].map((mib, i) => new File([jpegOf(mib)], `p${i}.jpg`, { type: 'image/jpeg' }));
  const res = await handle(multipartRequest(p, files));
  assert.equal(res.status, 200, (await res.clone().text()).slice(0, 300));
  const sent = providers.verifik.client.calls[0].images;
  assert.deepEqual(sent.map((b) => Buffer.from(b, 'base64').length), [9, 9, 9].map((mib) => mib * 2 ** 20));
  const { providers: p2, handle: h2 } = handlerWith();
  const big = Buffer.from(jpegOf(4)).toString('base64');
  const res2 = await h2(jsonRequest({ person: { ...p, photos: [big] } }));
  assert.equal(res2.status, 200, (await res2.clone().text()).slice(0, 300));
  assert.equal(p2.verifik.client.calls[0].images[0], big);
});

test('multipart and JSON of the same person are the same enrolment (photos compared as encoded)', async () => {
  const { providers, handle } = handlerWith();
  const p = person();
  const key = `same-${uid()}`;
  const jpeg = new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg' });
  const { photos, ...rest } = p;
  assert.equal((await handle(multipartRequest(rest, [jpeg], { key }))).status, 200);
  const again = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('ndjson: one line per provider as soon as it finishes, then the summary', async () => {
  const providers = fakeProviders({ verifik: { delayMs: 150 }, equals: { delayMs: 10 }, horus: { delayMs: 60 } });
  const handle = createEnrolHandler({ providers });
  const res = await handle(jsonRequest({ person: person() }, { headers: { accept: 'application/x-ndjson' } }));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/x-ndjson/);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const arrived = [];
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    for (const l of value.split('\n').filter(Boolean)) arrived.push(JSON.parse(l));
  }
  assert.deepEqual(arrived.slice(0, 3).map((l) => l.provider), ['equals', 'horus', 'verifik'], 'in the order they finished');
  assert.deepEqual(Object.keys(arrived[3].results), ['verifik', 'equals', 'horus']);
  assert.equal(arrived[3].results.equals.status, 'created');
  assert.equal(arrived.length, 4);
});

test('each provider failing alone: a typed, plain outcome; the others created', async () => {
  const errors = {
    RATE_LIMITED: true, SERVER_ERROR: true, TIMEOUT: true, NETWORK: true,
    OUTCOME_UNKNOWN: true, BAD_REQUEST: false, UNAUTHORIZED: false, BAD_RESPONSE: false,
  };
  for (const failing of ['verifik', 'equals', 'horus']) {
    for (const [code, retryable] of Object.entries(errors)) {
      const providers = fakeProviders({ [failing]: { answer: () => { throw personkitError(code, { status: 503, reconciled: code === 'OUTCOME_UNKNOWN' ? undefined : false }); } } });
      const handle = createEnrolHandler({ providers });
      const res = await handle(jsonRequest({ person: person() }));
      assert.equal(res.status, 200);
      const { results } = await jsonOf(res);
      assert.equal(results[failing].status, 'failed');
      assert.equal(results[failing].code, code);
      assert.equal(results[failing].retryable, retryable, `${failing} ${code}`);
      assert.match(results[failing].message, /^[A-Z].*\.$/, 'a sentence for a person');
      for (const other of ['verifik', 'equals', 'horus'].filter((p) => p !== failing)) assert.equal(results[other].status, 'created');
    }
  }
});

test('"exists" outcomes: Horus already has the email, Verifik 412 person_already_set', async () => {
  const providers = fakeProviders({
    horus: { answer: () => ({ created: false, reason: 'EMAIL_EXISTS', code: '200023', message: 'x', requestId: 'r', retried: false, attempts: 1, reconciled: false }) },
    verifik: { answer: () => { throw personkitError('ALREADY_EXISTS', { existingPerson: { _id: 'vf_old', name: 'Ana' } }); } },
  });
  const { results } = await jsonOf(await createEnrolHandler({ providers })(jsonRequest({ person: person() })));
  assert.deepEqual(results.horus, { status: 'exists', code: 'EMAIL_EXISTS', message: 'Horus already has a person with this email, so nothing new was created.' });
  assert.deepEqual(results.verifik, { status: 'exists', code: 'ALREADY_EXISTS', id: 'vf_old', message: 'Verifik already has this person, so nothing new was created.' });
});

test('a client that throws something unexpected: failed INTERNAL, logged, not retryable', async () => {
  const logs = [];
  const providers = fakeProviders({ equals: { answer: () => { throw new TypeError('boom'); } } });
  const handle = createEnrolHandler({ providers, logger: { warn: (f) => logs.push(f), error: (f) => logs.push(f), info: (f) => logs.push(f) } });
  const { results } = await jsonOf(await handle(jsonRequest({ person: person() })));
  assert.deepEqual([results.equals.status, results.equals.code, results.equals.retryable], ['failed', 'INTERNAL', false]);
  assert.ok(logs.some((l) => l.event === 'enrol.provider_failed' && l.provider === 'equals'));
});

test('logs: no console output without a logger; with one, no personal data or secret', async () => {
  const printed = [];
  const saved = {};
  for (const m of ['log', 'info', 'warn', 'error', 'debug']) { saved[m] = console[m]; console[m] = (...a) => printed.push(a); }
  const p = person();
  try {
    const providers = fakeProviders({ equals: { answer: () => { throw personkitError('SERVER_ERROR'); } } });
    await (await createEnrolHandler({ providers })(jsonRequest({ person: p }))).text();
    await (await createEnrolHandler({ providers })(jsonRequest({ person: { ...p, roleName: 'Owner' } }))).text();
  } finally {
    Object.assign(console, saved);
  }
  assert.deepEqual(printed, []);
  const logs = [];
  const logger = { info: (f, m) => logs.push([f, m]), warn: (f, m) => logs.push([f, m]), error: (f, m) => logs.push([f, m]) };
  const providers = fakeProviders({ equals: { answer: () => { throw personkitError('SERVER_ERROR'); } } });
  await (await createEnrolHandler({ providers, logger })(jsonRequest({ person: p }))).text();
  await (await createEnrolHandler({ providers, logger })(jsonRequest({ person: { ...p, email: 'bad' } }))).text();
  const text = JSON.stringify(logs);
  for (const v of [p.email, p.lastName, p.identityNumber, p.phone, p.photos[0].slice(0, 40), 'equals-test-key']) assert.ok(!text.includes(v), `log holds ${v.slice(0, 20)}`);
  assert.ok(logs.some(([f]) => f.event === 'enrol' && f.outcomes.equals === 'failed SERVER_ERROR'));
  assert.ok(logs.some(([f]) => f.event === 'enrol.refused' && f.code === 'VALIDATION_FAILED'));
});

test('options are checked when the handler is made', () => {
  const providers = fakeProviders();
  const bad = [
    [{}, /providers is required/],
    [{ providers: {} }, /at least one/],
    [{ providers: { equal: providers.equals } }, /did you mean equals/],
    [{ providers: { equals: { client: {}, accountId: 'F1', roleName: 'Viewer' } } }, /EqualsClient/],
    [{ providers: { equals: { client: providers.equals.client, accountId: 'F1' } } }, /roleName is required/],
    [{ providers: { equals: { ...providers.equals, roleName: 'King' } } }, /providers\.equals\.roleName/],
    [{ providers: { horus: { ...providers.horus, categoryId: 0 } } }, /providers\.horus\.categoryId/],
    [{ providers, allowedOrigins: '*' }, /allowedOrigins/],
    [{ providers, allowedOrigins: ['https://a.example/path'] }, /allowedOrigins/],
    [{ providers, store: {} }, /store must have/],
    [{ providers, maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ providers, authorise: () => true }, /unknown option "authorise"/],
    [{ providers, idempotency: { ttl: 1 } }, /unknown idempotency option/],
    [{ providers, allowCredentials: 'yes' }, /allowCredentials must be true or false/],
    [{ providers, allowedHeaders: 'x-csrf-token' }, /allowedHeaders/],
    [{ providers, allowedHeaders: ['x csrf'] }, /allowedHeaders/],
  ];
  for (const [options, message] of bad) assert.throws(() => createEnrolHandler(options), message, JSON.stringify(Object.keys(options)));
  assert.equal(typeof createEnrolHandler({ providers, store: memoryStore(), logger: console }), 'function');
});

test('allowedOrigins: a list or a predicate; a cross-origin caller gets CORS headers and a preflight', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, allowedOrigins: ['https://shop.example'] });
  const pre = await handle(new Request(URL_, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } }));
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example');
  assert.match(pre.headers.get('access-control-allow-headers'), /idempotency-key/);
  const ok = await handle(jsonRequest({ person: person() }, { origin: 'https://shop.example' }));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example');
  // The list replaces the default: the route's own origin is then not in it.
  assert.equal((await handle(jsonRequest({ person: person() }))).status, 403);
  assert.equal((await handle(new Request(URL_, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }))).status, 403);
  const fn = createEnrolHandler({ providers, allowedOrigins: (o) => o.endsWith('.example') });
  assert.equal((await fn(jsonRequest({ person: person() }, { origin: 'https://x.example' }))).status, 200);
  assert.equal((await fn(jsonRequest({ person: person() }, { origin: 'https://x.evil' }))).status, 403);
  // No Origin (a server, curl): not refused for it.
  assert.equal((await createEnrolHandler({ providers })(jsonRequest({ person: person() }, { origin: null }))).status, 200);
});

test('CORS for a cross-origin page that signs in: authorization and accept-language allowed, allowedHeaders added, credentials only with allowCredentials and only for an allowed origin', async () => {
  const shop = 'https://shop.example';
  const preflight = (handle, origin = shop) => handle(new Request(URL_, {
    method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
  }));
  const seen = [];
  const authorize = (request) => { seen.push(request.headers.get('authorization')); return request.headers.get('authorization') === 'Bearer t1' ? { user: 'u1' } : false; };
  const plain = createEnrolHandler({ providers: fakeProviders(), allowedOrigins: [shop], authorize });
  const pre = await preflight(plain);
  assert.equal(pre.status, 204);
  const allowed = pre.headers.get('access-control-allow-headers').split(', ');
  for (const h of ['content-type', 'idempotency-key', 'accept', 'accept-language', 'authorization']) assert.ok(allowed.includes(h), h);
  assert.equal(pre.headers.get('access-control-allow-credentials'), null, 'not without allowCredentials');

  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, allowedOrigins: [shop], authorize, allowCredentials: true, allowedHeaders: ['X-CSRF-Token'] });
  const pre2 = await preflight(handle);
  assert.equal(pre2.headers.get('access-control-allow-credentials'), 'true');
  assert.ok(pre2.headers.get('access-control-allow-headers').split(', ').includes('x-csrf-token'));
  const ok = await handle(jsonRequest({ person: person() }, { origin: shop, headers: { authorization: 'Bearer t1' } }));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(ok.headers.get('access-control-allow-origin'), shop);
  const no = await handle(jsonRequest({ person: person() }, { origin: shop }));
  assert.equal(no.status, 401);
  assert.equal(no.headers.get('access-control-allow-credentials'), 'true', 'the page may read why');
  // A refused origin never gets it, in the preflight or the answer.
  const evil = await preflight(handle, 'https://evil.example');
  assert.equal(evil.headers.get('access-control-allow-credentials'), null);
  const refused = await handle(jsonRequest({ person: person() }, { origin: 'https://evil.example', headers: { authorization: 'Bearer t1' } }));
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get('access-control-allow-credentials'), null);
  assert.equal(refused.headers.get('access-control-allow-origin'), null);
  // Same origin (no CORS at all): nothing added either.
  const same = createEnrolHandler({ providers: fakeProviders(), authorize, allowCredentials: true });
  const own = await same(jsonRequest({ person: person() }, { headers: { authorization: 'Bearer t1' } }));
  assert.equal(own.status, 200);
  assert.equal(own.headers.get('access-control-allow-credentials'), null);
  assert.deepEqual(seen, ['Bearer t1', null, 'Bearer t1']);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('the secrets scan every suite runs on every answer is real: a planted secret fails it, in a JSON body, an ndjson line or a header', async () => {
  const [token, apiKey, clientSecret] = SECRETS;
  const json = scanned(async () => Response.json({ error: { code: 'X', message: `refused with ${token}` } }, { status: 400 }));
  await assert.rejects(json(jsonRequest({})), /a secret leaked/, 'JSON: the call that made it fails');
  const header = scanned(async () => new Response(null, { status: 204, headers: { 'x-debug': apiKey } }));
  await assert.rejects(header(jsonRequest({})), /a secret leaked/);
  const image = scanned(async () => Response.json({ results: { verifik: { status: 'created', message: jpegBase64() } } }));
  await assert.rejects(image(jsonRequest({})), /a JPEG image leaked/);
  // A stream: the test still gets each line as it comes; the leak is reported when the file's hook (here: settled) looks.
  const stream = scanned(async () => new Response(`{"provider":"horus","outcome":{"status":"created"}}\n{"results":{"horus":{"status":"failed","message":"${clientSecret}"}}}\n`, { headers: { 'content-type': 'application/x-ndjson' } }));
  const res = await stream(jsonRequest({}));
  assert.equal((await res.text()).split('\n').length, 3);
  await assert.rejects(stream.settled(), /a secret leaked/);
  await stream.settled(); // reported once
  // And a clean answer of the real handler passes through untouched.
  const { handle } = handlerWith();
  const ok = await handle(jsonRequest({ person: person() }, { headers: { accept: 'application/x-ndjson' } }));
  assert.equal((await lines(ok)).length, 4);
  await handle.settled();
});

test('the handler is a plain fetch handler: only WHATWG APIs, no node: import in the module graph but toNodeHandler\'s file', async () => {
  const { readFile, readdir } = await import('node:fs/promises');
  const dir = new URL('../../js/server/', import.meta.url);
  for (const f of await readdir(dir)) {
    const src = await readFile(new URL(f, dir), 'utf8');
    const nodeImports = src.match(/^\s*import\b[^\n]*['"]node:|\bawait import\(['"]node:|\brequire\(/gm) ?? [];
    assert.deepEqual(nodeImports, [], f);
  }
  assert.ok(!(await readFile(new URL('../../js/server.mjs', import.meta.url), 'utf8')).includes('node:'));
});

test('prepare that breaks the server\'s own fields (drops one, returns null or a string) or throws: 500 before any provider, the key not used up, the log without its message', async () => {
  const broken = {
    drops: (b, { provider }) => { if (provider === 'equals') { const { accountId, ...rest } = b; return rest; } return undefined; },
    nulls: () => null,
    string: () => 'x',
    throws: (b) => { throw new Error(`bad person ${b.emailAddress ?? b.email ?? ''}`); },
  };
  for (const [name, prepare] of Object.entries(broken)) {
    const logs = [];
    const providers = fakeProviders();
    const key = `k-${uid()}`;
    const p = person();
    const res = await createEnrolHandler({ providers, prepare, logger: { error: (f) => logs.push(f) } })(jsonRequest({ person: p }, { key }));
    assert.equal(res.status, 500, name);
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 }, name);
    assert.ok(!JSON.stringify(logs).includes(p.email) && !JSON.stringify(logs).includes('bad person'), `${name}: ${JSON.stringify(logs)}`);
    const fine = await createEnrolHandler({ providers })(jsonRequest({ person: p }, { key }));
    assert.equal(fine.status, 200, `${name}: the key is still free`);
  }
});

test('an allowedOrigins predicate that throws allows nothing: 403, a Response, not a rejection', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, allowedOrigins: () => { throw new Error('boom'); } });
  const res = await handle(jsonRequest({ person: person() }, { origin: 'https://other.example' }));
  assert.equal(res.status, 403);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('multipart: more photos parts than the rules allow are refused before any is encoded; two providers parts are a 400', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const files = Array.from({ length: 40 }, () => new Blob([Buffer.from(jpegBase64(), 'base64')], { type: 'image/jpeg' }));
  const { photos, ...p } = person();
  const res = await handle(multipartRequest(p, files));
  assert.equal(res.status, 422);
  const { error } = await jsonOf(res);
  assert.deepEqual(error.errors.map((e) => [e.field, e.code]), [['photos', 'TOO_MANY']]);
  const form = new FormData();
  form.append('person', JSON.stringify(p));
  form.append('providers', '["equals"]');
  form.append('providers', '["horus"]');
  const two = await handle(new Request(URL_, { method: 'POST', headers: { 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: form }));
  assert.equal(two.status, 400);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('a person member named like the server\'s (serverSide, servers) is the page\'s 422 UNKNOWN_FIELD, not a 500 with an error log', async () => {
  for (const name of ['serverSide', 'servers']) {
    const { handle } = handlerWith();
    const res = await handle(jsonRequest({ person: { ...person(), [name]: 'x' } }));
    assert.equal(res.status, 422, name);
    const { error } = await jsonOf(res);
    assert.ok(error.errors.some((e) => e.field === name && e.code === 'UNKNOWN_FIELD'), JSON.stringify(error.errors));
  }
});

