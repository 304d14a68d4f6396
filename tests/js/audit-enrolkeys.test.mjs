// Audit of the Idempotency-Key enrol() derives and sends, as a signup form
// meets it: the real handler and personkit-mock on 127.0.0.1, persons counted
// in the mock (one per system, one Equals persona, is exactly once).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { enrol, idempotencyKeyFor, PersonkitError } from 'personkit';
import { toNodeHandler } from 'personkit/server';
import { mockServer, largeJpegBase64 } from './helpers.mjs';
import { person, fixture, createEnrolHandler, mockProviders } from './server-helpers.mjs';

let mock;
let server;
let endpoint;
before(async () => {
  mock = await mockServer();
  const handle = createEnrolHandler({ providers: mockProviders({ baseUrl: mock.url, timeoutMs: 5000, maxRetries: 0 }, 1) });
  server = createServer(toNodeHandler(handle));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${server.address().port}/api/enrol`;
});
after(async () => {
  await new Promise((r) => { server.close(r); server.closeAllConnections(); });
  await mock.close();
});
beforeEach(() => mock.reset());

const settle = (p) => p.then((v) => v, (e) => e);
const statuses = (summary) => Object.values(summary.results).map((o) => o.status);
/** A fetch that records the key enrol() sent, then sends it. */
const recording = () => {
  const keys = [];
  return { keys, fetch: (url, init) => { keys.push(init.headers.get('idempotency-key')); return fetch(url, init); } };
};
async function assertOnce() {
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1], 'one person per system');
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 }, 'one Equals persona');
}

/** A JPEG of `size`-ish bytes whose comment is filled with `fill`: photos of one size that differ. */
const jpeg = (fill = 0x41, size = 2000) => {
  const bytes = Buffer.from(largeJpegBase64(size), 'base64');
  bytes.fill(fill, 6, 60); // inside the COM segment: still the same valid JPEG, other bytes
  return bytes;
};

test('two different nameless Blob photos (a webcam capture, retaken) of one size and type are two enrolments, not one key refused IDEMPOTENCY_KEY_REUSED', async () => {
  const { photos: _, ...fields } = person();
  const a = jpeg(0x41);
  const b = jpeg(0x42);
  assert.equal(a.length, b.length);
  assert.notDeepEqual(a, b);
  const rec = recording();
  const first = await enrol({ ...fields, photos: [new Blob([a], { type: 'image/jpeg' })] }, { endpoint, fetch: rec.fetch });
  assert.deepEqual(statuses(first), ['created', 'created', 'created']);
  // The person retakes the photo: the same details, another capture of the same size.
  const second = await settle(enrol({ ...fields, photos: [new Blob([b], { type: 'image/jpeg' })] }, { endpoint, fetch: rec.fetch }));
  assert.ok(!(second instanceof Error), `the retaken photo was refused: ${second?.code} ${second?.message}`);
  assert.notEqual(rec.keys[1], rec.keys[0], 'another photo is another enrolment');
  // Under its new key the server looks before it creates: nothing is made twice.
  assert.deepEqual(statuses(second), ['exists', 'exists', 'exists']);
  await assertOnce();
});

test('the same object whose photo is replaced (a reactive form) gets a new key; put back, the first key again', async () => {
  const p = person({ photos: [new Blob([jpeg(0x41)], { type: 'image/jpeg' })] });
  const rec = recording();
  await enrol(p, { endpoint, fetch: rec.fetch });
  const firstPhoto = p.photos;
  p.photos = [new Blob([jpeg(0x43)], { type: 'image/jpeg' })];
  const second = await settle(enrol(p, { endpoint, fetch: rec.fetch }));
  assert.ok(!(second instanceof Error), `${second?.code}`);
  p.photos = firstPhoto;
  await enrol(p, { endpoint, fetch: rec.fetch });
  assert.notEqual(rec.keys[1], rec.keys[0]);
  assert.equal(rec.keys[2], rec.keys[0]);
  await assertOnce();
});

test('an idempotencyKey the server would refuse (empty, spaces, too long, a line break, non-ASCII, not a string) is INVALID_OPTIONS before anything is sent', async () => {
  const bad = ['', ' ', '   ', 'a b', ' abc', 'abc\t', 'x'.repeat(256), 'a\nb', 'ñandú', 'key€', 'a\u0000b', '\u00a0k', 123, {}, ['k'], true];
  for (const idempotencyKey of bad) {
    let sent = 0;
    const err = await settle(enrol(person(), { endpoint, idempotencyKey, locale: 'es', fetch: (u, i) => { sent += 1; return fetch(u, i); } }));
    const label = JSON.stringify(idempotencyKey);
    assert.ok(err instanceof PersonkitError, `${label}: ${err}`);
    assert.deepEqual([err.code, err.field, err.status, err.message], ['INVALID_OPTIONS', 'idempotencyKey', undefined, 'La configuración de personkit no es válida'], label);
    assert.match(err.detail, /idempotencyKey must be 1 to 255 visible ASCII characters/, label);
    assert.equal(sent, 0, `${label}: nothing sent`);
  }
  assert.equal((await mock.requests()).length, 0);
  // The edges the server takes are sent as given; null and undefined are "make one".
  for (const idempotencyKey of ['!', '~'.repeat(255), 'pk-ÄÖ'.normalize('NFD').replace(/[^\x21-\x7e]/g, '')]) {
    const rec = recording();
    const { results } = await enrol(person(), { endpoint, idempotencyKey, fetch: rec.fetch });
    assert.equal(results.verifik.status, 'created');
    assert.deepEqual(rec.keys, [idempotencyKey]);
  }
  for (const idempotencyKey of [null, undefined]) {
    const p = person();
    const rec = recording();
    await enrol(p, { endpoint, idempotencyKey, fetch: rec.fetch });
    assert.deepEqual(rec.keys, [idempotencyKeyFor(p)]);
  }
});
