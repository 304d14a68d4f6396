// personkit/server against bodies and settings at their limits: a person of
// too many values, bodies of many unknown names, a photo sent as text, a
// body that breaks off or arrives cut short, a server field left undefined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  person, fakeProviders, calls, jsonRequest, multipartRequest, jsonOf, jpegBase64, ORIGIN, URL_, uid, createEnrolHandler,
} from './server-helpers.mjs';

test('a person of 20 000 unknown members is one 422 TOO_MANY (not 20 000 errors), and no provider is called', async () => {
  const providers = fakeProviders();
  const p = person();
  for (let i = 0; i < 20_000; i += 1) p[`x${i}`] = 1;
  const res = await createEnrolHandler({ providers })(jsonRequest({ person: p }));
  assert.equal(res.status, 422);
  const { error } = await jsonOf(res);
  assert.deepEqual(error.errors.map((e) => `${e.field} ${e.code}`), [' TOO_MANY']);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('a body of many unknown names asks the core about one of them, not each (millions held the event loop for seconds); a server-owned name is still named', async () => {
  const personkit = await import('personkit');
  let asked = 0;
  const counting = (...a) => { asked += 1; return personkit.toProviderPayloads(...a); };
  const { parseEnrolment } = await import('../../js/server/request.mjs');
  // Under the handler's count of values (past it, the core's TOO_MANY comes before JSON.parse: audit-http).
  const names = Object.fromEntries(Array.from({ length: 15_000 }, (_, i) => [`k${i}`, 0]));
  const bytes = new TextEncoder().encode(JSON.stringify({ person: person(), ...names }));
  const req = new Request('https://a.example/api/enrol', { method: 'POST', headers: { 'content-type': 'application/json' } });
  await assert.rejects(parseEnrolment(req, bytes, { encodeImage: personkit.encodeImage, maxPhotoBytes: 1e7, toProviderPayloads: counting }), (e) => e.code === 'BAD_REQUEST' && /unknown member "k0"/.test(e.message));
  assert.ok(asked <= 1, `${asked} calls into the core`);
  const owned = new TextEncoder().encode(JSON.stringify({ person: person(), roleName: 'Owner', ...names }));
  await assert.rejects(parseEnrolment(req, owned, { encodeImage: personkit.encodeImage, maxPhotoBytes: 1e7, toProviderPayloads: counting }), (e) => e.code === 'FIELD_NOT_ALLOWED');
  const form = new FormData();
  form.append('person', JSON.stringify(person()));
  for (let i = 0; i < 900; i += 1) form.append(`p${i}`, 'x'); // under the parts counted before formData
  const multipart = new Request('https://a.example/api/enrol', { method: 'POST', body: form });
  const body = new Uint8Array(await multipart.clone().arrayBuffer());
  asked = 0;
  await assert.rejects(parseEnrolment(multipart, body, { encodeImage: personkit.encodeImage, maxPhotoBytes: 1e7, toProviderPayloads: counting }), (e) => e.code === 'BAD_REQUEST' && /unknown part "p0"/.test(e.message));
  assert.ok(asked <= 1, `${asked} calls into the core (multipart)`);
});

test('a server field given as undefined (an unset environment variable) is refused when the handler is made, not left for the page to set', () => {
  const providers = fakeProviders();
  providers.equals.jobTitle = undefined;
  assert.throws(() => createEnrolHandler({ providers }), /providers\.equals\.jobTitle is undefined/);
});

test('maxPhotoBytes holds for a photos part sent as text (base64) as for a file part', async () => {
  const big = Buffer.alloc(200_000);
  Buffer.from(jpegBase64(), 'base64').copy(big);
  for (const part of [new Blob([big], { type: 'image/jpeg' }), big.toString('base64')]) {
    const providers = fakeProviders();
    const res = await createEnrolHandler({ providers, maxPhotoBytes: 100_000 })(multipartRequest(person({ photos: undefined }), [part]));
    assert.equal(res.status, 422, typeof part);
    assert.equal((await jsonOf(res)).error.errors[0].code, 'IMAGE_TOO_LARGE');
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  }
});

test('a body that breaks off mid-upload (the client went away) is a 400 refusal, logged as a warning, not a server failure', async () => {
  const logs = [];
  const logger = { info() {}, warn: (f) => logs.push(['warn', f]), error: (f) => logs.push(['error', f]) };
  const body = new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode('{"person":{"firstName":"An')); },
    pull(c) { c.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })); },
  });
  const req = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body, duplex: 'half' });
  const providers = fakeProviders();
  const res = await createEnrolHandler({ providers, logger })(req);
  assert.equal(res.status, 400);
  assert.equal((await jsonOf(res)).error.code, 'BAD_REQUEST');
  assert.deepEqual(logs.map(([level, f]) => `${level} ${f.event}`), ['warn enrol.refused']);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('a body that ends cleanly short of its Content-Length (cut by a middleware in front, as Next.js cuts at 10 MB) is a 400 that says so, not "not valid multipart"', async () => {
  const form = new FormData();
  form.append('person', JSON.stringify(person()));
  const whole = new Uint8Array(await new Response(form).arrayBuffer());
  const type = new Response(form).headers.get('content-type');
  const cut = whole.subarray(0, whole.length - 40);
  const req = new Request(URL_, { method: 'POST', headers: { 'content-type': type, 'content-length': String(whole.length), 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: cut });
  const providers = fakeProviders();
  const res = await createEnrolHandler({ providers })(req);
  assert.equal(res.status, 400);
  const { error } = await jsonOf(res);
  assert.equal(error.code, 'BAD_REQUEST');
  assert.match(error.message, new RegExp(`cut off \\(${cut.length} of the ${whole.length} bytes.*proxyClientMaxBodySize`));
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('a number a double cannot hold (1e400, read as Infinity, then sent as null) is a 400 naming its key, in a JSON body and in a person part, never sent changed', async () => {
  const text = JSON.stringify({ person: person() });
  for (const number of ['1e400', '-1e400']) {
    const key = 'phone';
    const withNumber = (t) => t.replace('"phone":"+51987654321"', `"phone":${number}`);
    const providers = fakeProviders();
    const res = await createEnrolHandler({ providers })(jsonRequest(withNumber(text)));
    assert.equal(res.status, 400, number);
    const { error } = await jsonOf(res);
    assert.equal(error.code, 'BAD_REQUEST');
    assert.match(error.message, new RegExp(`"${key}"`));
    const form = new FormData();
    form.append('person', withNumber(JSON.stringify(person())));
    const multipart = new Request(URL_, { method: 'POST', headers: { 'idempotency-key': `k-${uid()}`, origin: ORIGIN }, body: form });
    const res2 = await createEnrolHandler({ providers })(multipart);
    assert.equal(res2.status, 400, `${number} (multipart)`);
    assert.match((await jsonOf(res2)).error.message, new RegExp(`"${key}"`));
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  }
  // Any other number goes on to the core as it was written (no person field
  // of a page takes a number: the core refuses it), the rounded one too.
  for (const number of ['5', '12345678901234567891']) {
    const providers = fakeProviders();
    const res = await createEnrolHandler({ providers })(jsonRequest(text.replace('"phone":"+51987654321"', `"phone":${number}`)));
    assert.equal(res.status, 422);
    assert.deepEqual((await jsonOf(res)).error.errors.map((e) => `${e.field} ${e.code}`), ['phone INVALID_TYPE']);
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  }
  // The check walks a person the core took, never one of millions of values.
  const many = person();
  for (let i = 0; i < 20_000; i += 1) many[`x${i}`] = 1;
  const big = JSON.stringify({ person: many }).replace('"phone":"+51987654321"', '"phone":1e400');
  assert.equal((await createEnrolHandler({ providers: fakeProviders() })(jsonRequest(big))).status, 422);
});
