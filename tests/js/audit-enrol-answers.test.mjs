// enrol() audit (session 44): a fetch whose answers do not stream, text that
// was not UTF-8 where it came from, and a photo that can no longer be read.
// The handler runs in process with fake clients that count the calls. Each
// test failed before its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enrol, toProviderPayloads, errorsByField } from 'personkit';
import { person, fakeProviders, calls, createEnrolHandler } from './server-helpers.mjs';

const ORIGIN = 'https://app.example';
const endpoint = `${ORIGIN}/api/enrol`;
/** enrol's fetch, answered by `handle` in process (the page's own origin). */
const inProcess = (handle) => (url, init) => handle(new Request(url, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), origin: ORIGIN } }));

test('a fetch whose Response has no body stream (a whatwg-fetch polyfill): the NDJSON answer is read whole, progress and summary as with a stream', async () => {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers });
  const streaming = inProcess(handle);
  const noStream = async (url, init) => {
    const r = await streaming(url, init);
    const text = await r.text();
    return { status: r.status, ok: r.ok, headers: r.headers, text: async () => text, json: async () => JSON.parse(text) };
  };
  const seen = [];
  const p = person();
  const summary = await enrol(p, { endpoint, fetch: noStream, onProgress: (provider, o) => seen.push([provider, o.status]) });
  assert.deepEqual(Object.values(summary.results).map((o) => o.status), ['created', 'created', 'created']);
  assert.deepEqual(seen.map(([provider]) => provider).sort(), ['equals', 'horus', 'verifik']);
  // "Try again" replays, as with a stream.
  const again = await enrol(p, { endpoint, fetch: noStream });
  assert.deepEqual(again, summary);
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
});

test('a name holding U+FFFD (text that was not UTF-8 where it came from) is refused at its field before anything is sent, in the page\'s words', async () => {
  const providers = fakeProviders();
  const fetched = [];
  const handle = createEnrolHandler({ providers });
  const counting = (url, init) => { fetched.push(url); return inProcess(handle)(url, init); };
  for (const [over, field] of [[{ lastName: 'Pe\uFFFDa' }, 'lastName'], [{ extras: { verifik: { notes: 'copiado de Excel: Pe\uFFFDa' } } }, 'extras.verifik.notes']]) {
    const local = toProviderPayloads(person(over), { verifik: true, equals: true, horus: true }, { locale: 'es' });
    assert.equal(local.ok, false);
    assert.deepEqual(errorsByField(local)[field], [field === 'lastName'
      ? 'El apellido tiene un carácter que no se pudo leer (\uFFFD): vuelve a escribirlo'
      : 'Las notas tienen un carácter que no se pudo leer (\uFFFD): vuelve a escribirlas']);
    const err = await enrol(person(over), { endpoint, fetch: counting, locale: 'es' }).catch((e) => e);
    assert.equal(err.code, 'VALIDATION_FAILED', err.message);
    assert.deepEqual(err.errors.map((e) => [e.field, e.code]), [[field, 'INVALID_CHARACTERS']]);
  }
  // The server's JSON road says the same (the multipart one refused it already).
  const res = await handle(new Request(endpoint, {
    method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': 'k-fffd' }, body: JSON.stringify({ person: person({ lastName: 'Pe\uFFFDa' }) }),
  }));
  assert.equal(res.status, 422);
  await res.text();
  assert.deepEqual(fetched, []);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('a photo File that can no longer be read (moved since it was picked) is "could not be read", not "must be a JPEG or PNG"', async () => {
  class Gone extends File {
    arrayBuffer() { return Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError')); }
    stream() { return new ReadableStream({ pull(c) { c.error(new DOMException('The requested file could not be read', 'NotReadableError')); } }); }
    slice() { return new Gone([], this.name); }
    text() { return this.arrayBuffer(); }
    bytes() { return this.arrayBuffer(); }
  }
  const photo = new Gone([new Uint8Array(1000)], 'p.jpg', { type: 'image/jpeg' });
  for (const [locale, text] of [['es', /no se pudo leer: vuelve a elegir el archivo/], ['en', /could not be read: choose the file again/]]) {
    const err = await enrol(person({ photos: [photo] }), { endpoint: 'http://127.0.0.1:9/x', locale }).catch((e) => e);
    assert.equal(err.code, 'VALIDATION_FAILED', err.message);
    assert.match(err.message, text);
    assert.doesNotMatch(err.message, /JPEG/);
  }
});
