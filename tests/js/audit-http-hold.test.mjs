// Bodies a hostile client builds to hold the server's event loop, within
// maxBodyBytes: 30 MB of "[1,1,1,…]" or of distinct keys held it for
// seconds (JSON.parse, then the core's copy of the person), 500 000 tiny
// multipart parts for one (undici's formData), and one such request stalled
// every other. Counted here by what reaches the parsers, never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { toNodeHandler } from 'personkit/server';
import { createEnrolHandler, fakeProviders, calls, person, jsonRequest, jsonOf, URL_, ORIGIN, uid } from './server-helpers.mjs';
import { moreValuesThan } from '../../js/server/request.mjs';

/** Runs `fn` counting the texts JSON.parse is handed and the formData() parses. */
async function counting(fn) {
  const parse = JSON.parse;
  const formData = Response.prototype.formData;
  const seen = { parsed: [], forms: 0 };
  JSON.parse = function (text, ...rest) { seen.parsed.push(String(text).length); return parse.call(this, text, ...rest); };
  Response.prototype.formData = function () { seen.forms += 1; return formData.call(this); };
  try {
    await fn(seen);
  } finally {
    JSON.parse = parse;
    Response.prototype.formData = formData;
  }
}

test('a JSON body of more values than a person may hold is the core\'s 422 TOO_MANY, in the request\'s language, before JSON.parse sees it', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const p = person();
  const values = `[${'1,'.repeat(100_000)}1]`;
  const keys = `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
  await counting(async (seen) => {
    for (const [name, text] of [
      ['an array in extras', `{"person":${JSON.stringify({ ...p, extras: { verifik: { notes: 'x' } } }).replace('"x"', values)}}`],
      ['distinct keys', `{"person":${JSON.stringify(p).slice(0, -1)},"many":${keys}}}`],
      ['deep nesting', `{"person":${JSON.stringify(p).slice(0, -1)},"deep":${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}}}`],
    ]) {
      seen.parsed.length = 0;
      const res = await handle(jsonRequest(text, { headers: { 'accept-language': 'es' } }));
      const parsedHere = [...seen.parsed];
      assert.equal(res.status, 422, name);
      const { error } = await jsonOf(res);
      assert.deepEqual(error.errors.map((e) => [e.field, e.code]), [['', 'TOO_MANY']], name);
      assert.match(error.errors[0].message, /demasiados/);
      assert.ok(parsedHere.every((len) => len < text.length / 2), `${name}: JSON.parse was handed the body (${Math.max(...parsedHere)} characters)`);
    }
  });
  // Many commas inside strings are not values: a person whose notes hold them is created.
  const fine = await handle(jsonRequest({ person: person({ extras: { verifik: { notes: ','.repeat(900) } } }) }));
  assert.equal(fine.status, 200);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('a multipart body of thousands of parts is refused before formData parses it: the core\'s TOO_MANY on photos (only photos may repeat)', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const boundary = 'b0und4ry';
  const part = (name, body) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${body}\r\n`;
  const body = part('person', JSON.stringify(person())) + part('photos', 'x').repeat(20_000) + `--${boundary}--\r\n`;
  await counting(async (seen) => {
    const res = await handle(new Request(URL_, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary="${boundary}"`, 'idempotency-key': `k-${uid()}`, origin: ORIGIN } }));
    assert.equal(res.status, 422);
    assert.deepEqual((await jsonOf(res)).error.errors.map((e) => [e.field, e.code]), [['photos', 'TOO_MANY']]);
    assert.equal(seen.forms, 0, 'formData parsed the 20 000 parts');
  });
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('the count of values skips strings exactly: escaped quotes and backslashes, commas inside strings; an unfinished string is left to JSON.parse', () => {
  assert.equal(moreValuesThan(JSON.stringify({ notes: '\\",[{'.repeat(30_000) }), 100), false);
  assert.equal(moreValuesThan(JSON.stringify({ a: '\\'.repeat(5), b: new Array(101).fill(1) }), 100), true);
  // {, the comma after a, [ and 97 commas: 100, not more; one more element is.
  assert.equal(moreValuesThan(JSON.stringify({ a: 'x\\', b: new Array(98).fill(1) }), 100), false);
  assert.equal(moreValuesThan(JSON.stringify({ a: 'x\\', b: new Array(99).fill(1) }), 100), true);
  assert.equal(moreValuesThan(`{"a":"${','.repeat(500)}`, 100), false);
  assert.equal(moreValuesThan('[[[[[[', 5), true);
});

test('a providers part of millions of names is refused before it is parsed or split (three names is all it can hold)', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const boundary = 'b0und4ry';
  const part = (name, body) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${body}\r\n`;
  for (const list of [`[${'"verifik",'.repeat(200_000)}"horus"]`, 'verifik,'.repeat(200_000)]) {
    const body = part('person', JSON.stringify(person())) + part('providers', list) + `--${boundary}--\r\n`;
    await counting(async (seen) => {
      const split = String.prototype.split;
      let splits = 0;
      String.prototype.split = function (...a) { if (this.length >= list.length) splits += 1; return split.apply(this, a); };
      let res;
      try {
        res = await handle(new Request(URL_, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': `k-${uid()}`, origin: ORIGIN } }));
      } finally { String.prototype.split = split; }
      assert.equal(res.status, 400);
      assert.equal((await jsonOf(res)).error.code, 'BAD_REQUEST');
      assert.ok(seen.parsed.every((len) => len < list.length), 'JSON.parse was handed the providers part');
      assert.equal(splits, 0, 'the providers part was split');
    });
  }
  // The forms a page sends are still read.
  for (const list of ['["equals"]', 'equals, horus', ' verifik ']) {
    const form = new FormData();
    form.append('person', JSON.stringify(person()));
    form.append('providers', list);
    const res = await handle(new Request(URL_, { method: 'POST', body: form, headers: { 'idempotency-key': `k-${uid()}`, origin: ORIGIN } }));
    assert.equal(res.status, 200, list);
  }
});

test('an unknown top-level member or part with a name of megabytes is refused without handing the name to the core (no server field is that long)', async () => {
  const personkit = await import('personkit');
  const { parseEnrolment } = await import('../../js/server/request.mjs');
  const longest = [];
  const toProviderPayloads = (p, ...rest) => { longest.push(Math.max(0, ...Object.keys(p).map((k) => k.length))); return personkit.toProviderPayloads(p, ...rest); };
  const name = 'k'.repeat(1_000_000);
  const options = { encodeImage: personkit.encodeImage, maxPhotoBytes: 1e7, toProviderPayloads };
  const json = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' } });
  await assert.rejects(parseEnrolment(json, new TextEncoder().encode(`{"person":{},"${name}":1}`), options), (e) => e.code === 'BAD_REQUEST' && /unknown member "k{40}…"/.test(e.message));
  const form = new FormData();
  form.append('person', '{}');
  form.append(name, 'x');
  const multipart = new Request(URL_, { method: 'POST', body: form });
  const body = new Uint8Array(await multipart.clone().arrayBuffer());
  await assert.rejects(parseEnrolment(multipart, body, options), (e) => e.code === 'BAD_REQUEST' && /unknown part "k{40}…"/.test(e.message));
  assert.ok(longest.every((n) => n < 1000), `the core was handed a name of ${Math.max(...longest)} characters`);
  // A server-owned name is still named.
  await assert.rejects(parseEnrolment(json, new TextEncoder().encode('{"person":{},"createdByPersonaId":1}'), options), (e) => e.code === 'FIELD_NOT_ALLOWED');
});

test('toNodeHandler ends its answer when the client left before the handler answered', async () => {
  // The page went away while the providers were being called: the answer's
  // lines are written to a destroyed response, which never drains, and its
  // 'close' has fired already.
  let closed;
  const gone = new Promise((resolve) => { closed = resolve; });
  const handler = async () => {
    await gone;
    return new Response(new ReadableStream({
      pull(c) { c.enqueue(new TextEncoder().encode('{"provider":"verifik"}\n')); },
    }), { headers: { 'content-type': 'application/x-ndjson' } });
  };
  const node = toNodeHandler(handler);
  let ended;
  const done = new Promise((resolve) => { ended = resolve; });
  let arrived;
  const inHandler = new Promise((resolve) => { arrived = resolve; });
  const server = http.createServer((req, res) => {
    arrived();
    const end = res.end.bind(res);
    res.end = (...a) => { ended(true); return end(...a); };
    res.on('close', () => setImmediate(closed));
    node(req, res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const socket = net.connect(server.address().port, '127.0.0.1');
    socket.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n');
    // A bound on waiting for a hang, not on speed.
    const timer = setTimeout(() => ended(false), 5000);
    // Left once the request is in the handler (a loaded machine can take longer than any fixed wait to get it there).
    inHandler.then(() => socket.destroy());
    assert.equal(await done, true, 'the answer was ended');
    clearTimeout(timer);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
