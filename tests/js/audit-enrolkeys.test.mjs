// Audit of the Idempotency-Key enrol() derives and sends, as a signup form
// meets it: the real handler and personkit-mock on 127.0.0.1, persons counted
// in the mock (one per system, one Equals persona, is exactly once).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { enrol, idempotencyKeyFor, PersonkitError } from 'personkit';
import { toNodeHandler } from 'personkit/server';
import { mockServer, largeJpegBase64 } from './helpers.mjs';
import { person, createEnrolHandler, mockProviders, enrolRoute } from './server-helpers.mjs';

let mock;
let route;
let endpoint;
before(async () => {
  mock = await mockServer();
  route = await enrolRoute(mock, { timeoutMs: 5000, maxRetries: 0 });
  ({ endpoint } = route);
});
after(async () => {
  await route.close();
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

test('a File counts by its bytes: two photos with one name, size, type and lastModified are two keys; the same bytes as a File, a Blob or a Uint8Array are one', async () => {
  const { photos: _, ...fields } = person();
  const file = (bytes, name = 'image.jpg') => new File([bytes], name, { type: 'image/jpeg', lastModified: 1_700_000_000_000 });
  const rec = recording();
  // iOS names every photo it hands a page "image.jpg".
  await enrol({ ...fields, photos: [file(jpeg(0x41))] }, { endpoint, fetch: rec.fetch });
  const other = await settle(enrol({ ...fields, photos: [file(jpeg(0x44))] }, { endpoint, fetch: rec.fetch }));
  assert.ok(!(other instanceof Error), `${other?.code}`);
  assert.notEqual(rec.keys[1], rec.keys[0]);
  // The first photo again, as another File (picked again, renamed), a nameless Blob and bytes: the first enrolment, replayed.
  // A Blob without stream() (Safari before 14.1) is read whole instead, to the same key.
  const noStream = new Blob([jpeg(0x41)]);
  noStream.stream = undefined;
  for (const photo of [file(jpeg(0x41), 'me.jpg'), new Blob([jpeg(0x41)]), new Uint8Array(jpeg(0x41)), noStream]) {
    const again = await enrol({ ...fields, photos: [photo] }, { endpoint, fetch: rec.fetch });
    assert.deepEqual(statuses(again), ['created', 'created', 'created'], 'replayed, not "exists"');
  }
  assert.deepEqual(rec.keys.slice(2), [rec.keys[0], rec.keys[0], rec.keys[0], rec.keys[0]]);
  await assertOnce();
});

test('a double click whose handler makes the photo again each time (canvas.toBlob) is one key, read once per Blob; an 8 MiB photo too', async () => {
  const { photos: _, ...fields } = person();
  const big = Buffer.from(largeJpegBase64(8 * 2 ** 20 - 4000), 'base64');
  assert.ok(big.length > 8 * 2 ** 20 - 4000 && big.length < 10 * 2 ** 20);
  const rec = recording();
  const click = () => enrol({ ...fields, photos: [new Blob([big], { type: 'image/jpeg' })] }, { endpoint, fetch: rec.fetch });
  const [a, b] = await Promise.all([click(), click()]);
  assert.deepEqual(a, b);
  assert.deepEqual(statuses(a), ['created', 'created', 'created']);
  assert.equal(rec.keys[0], rec.keys[1]);
  // Five clicks at once on one Blob: it is read once for the key, and every call sends one key.
  const shared = { ...fields, photos: [new Blob([big], { type: 'image/jpeg' })] };
  let reads = 0;
  const stream = shared.photos[0].stream.bind(shared.photos[0]);
  shared.photos[0].stream = () => { reads += 1; return stream(); };
  await Promise.all([1, 2, 3, 4, 5].map(() => enrol(shared, { endpoint, fetch: rec.fetch })));
  assert.deepEqual(new Set(rec.keys), new Set([rec.keys[0]]));
  assert.equal(reads, 1, 'FormData sends it without calling its stream()');
  await assertOnce();
});

/** A Storage as a tab's sessionStorage is, for the tests that reload. */
class MemoryStorage {
  #m = new Map();
  getItem(k) { return this.#m.has(k) ? this.#m.get(k) : null; }
  setItem(k, v) { this.#m.set(k, String(v)); }
  removeItem(k) { this.#m.delete(k); }
}
/** What a reload forgets: the page's memory (objects and Files are new ones after it anyway). */
const reload = () => globalThis[Symbol.for('personkit.enrolKeys.v4')].contents.clear();

test('a reload (the page\'s memory gone, the form filled again, the same photo picked again) sends the same key: the first enrolment replayed, one person per system', async (t) => {
  globalThis.sessionStorage = new MemoryStorage();
  t.after(() => { delete globalThis.sessionStorage; });
  const { photos: _, ...fields } = person();
  const photo = jpeg(0x45);
  const fill = () => ({ ...fields, photos: [new File([photo], 'me.jpg', { type: 'image/jpeg' })] });
  const rec = recording();
  const first = await enrol(fill(), { endpoint, fetch: rec.fetch });
  assert.deepEqual(statuses(first), ['created', 'created', 'created']);
  reload();
  const again = await enrol(fill(), { endpoint, fetch: rec.fetch });
  assert.equal(rec.keys[1], rec.keys[0]);
  assert.deepEqual(again, first, 'replayed: its outcomes, not "exists"');
  // The tab keeps keys, never the person: a hash of its text, and the key.
  const kept = globalThis.sessionStorage.getItem('personkit.enrolKeys.v4');
  assert.ok(!kept.includes(fields.lastName) && !kept.includes(fields.email) && !kept.includes(fields.identityNumber), kept);
  // Another person after the reload is another key.
  reload();
  await enrol({ ...fill(), phone: '+51911111111' }, { endpoint, fetch: rec.fetch });
  assert.notEqual(rec.keys[2], rec.keys[0]);
  await assertOnce();
});

test('without a sessionStorage (a worker, Node) or with one that refuses (a sandboxed frame, storage full), a reload is a new key: what the first made is "exists"', async () => {
  const { photos: _, ...fields } = person();
  const photo = jpeg(0x49);
  const fill = () => ({ ...fields, photos: [new File([photo], 'me.jpg', { type: 'image/jpeg' })] });
  const rec = recording();
  const first = await enrol(fill(), { endpoint, fetch: rec.fetch });
  reload();
  const again = await enrol(fill(), { endpoint, fetch: rec.fetch });
  assert.notEqual(rec.keys[1], rec.keys[0]);
  assert.deepEqual(statuses(again), ['exists', 'exists', 'exists']);
  assert.equal(again.results.equals.id, first.results.equals.id);
  await assertOnce();
  for (const refusing of [
    { getItem() { throw new Error('SecurityError'); }, setItem() { throw new Error('SecurityError'); } },
    { getItem: () => '{not json', setItem() { throw new Error('QuotaExceededError'); } },
    { getItem: () => JSON.stringify([[1, 2], 'x', ['a', 'pk-not-a-key']]), setItem() {} },
  ]) {
    globalThis.sessionStorage = refusing;
    try {
      const p = { firstName: 'Solo', lastName: `${Math.random()}` };
      const key = idempotencyKeyFor(p);
      assert.match(key, /^pk-[0-9a-f]{32}$/);
      assert.equal(idempotencyKeyFor({ ...p }), key, 'the page\'s memory still holds it');
    } finally {
      delete globalThis.sessionStorage;
    }
  }
});

test('the key does not depend on key order, undefined members or a Date against its text; any changed value is a new key', () => {
  const base = { firstName: 'Ana', lastName: 'Ñañez', dateOfBirth: '1990-12-04', extras: { equals: { roleName: 'Viewer', note: 'x' } }, photos: ['QUJD'] };
  const k = idempotencyKeyFor(base);
  const reordered = { photos: ['QUJD'], extras: { equals: { note: 'x', roleName: 'Viewer' } }, dateOfBirth: '1990-12-04', lastName: 'Ñañez', firstName: 'Ana', phone: undefined };
  assert.equal(idempotencyKeyFor(reordered), k);
  assert.equal(idempotencyKeyFor({ ...base, dateOfBirth: new Date('1990-12-04T00:00:00.000Z') }), idempotencyKeyFor({ ...base, dateOfBirth: '1990-12-04T00:00:00.000Z' }));
  for (const changed of [{ firstName: 'Ana ' }, { lastName: 'Nañez' }, { phone: '' }, { phone: null }, { extras: { equals: { roleName: 'Viewer' } } }, { photos: ['QUJE'] }, { photos: ['QUJD', 'QUJD'] }]) {
    assert.notEqual(idempotencyKeyFor({ ...base, ...changed }), k, JSON.stringify(changed));
  }
});

test('a base64 photo and the same bytes as a Blob are two keys (the page gives one form; each is stable), and the server makes nothing twice', async () => {
  const { photos: _, ...fields } = person();
  const photo = jpeg(0x46);
  const rec = recording();
  const asText = await enrol({ ...fields, photos: [photo.toString('base64')] }, { endpoint, fetch: rec.fetch });
  await enrol({ ...fields, photos: [photo.toString('base64')] }, { endpoint, fetch: rec.fetch });
  const asBlob = await enrol({ ...fields, photos: [new Blob([photo])] }, { endpoint, fetch: rec.fetch });
  await enrol({ ...fields, photos: [new Blob([photo])] }, { endpoint, fetch: rec.fetch });
  assert.equal(rec.keys[1], rec.keys[0]);
  assert.equal(rec.keys[3], rec.keys[2]);
  assert.notEqual(rec.keys[2], rec.keys[0]);
  assert.deepEqual([statuses(asText), statuses(asBlob)], [['created', 'created', 'created'], ['exists', 'exists', 'exists']]);
  await assertOnce();
});

test('idempotencyKeyFor asked before enrol() (to keep the key): enrol sends that key; a File it met unread counts as that File object', async () => {
  const { photos: _, ...fields } = person();
  const photo = jpeg(0x47);
  const p = { ...fields, photos: [new File([photo], 'me.jpg', { type: 'image/jpeg' })] };
  const told = idempotencyKeyFor(p);
  const rec = recording();
  await enrol(p, { endpoint, fetch: rec.fetch });
  await enrol({ ...fields, photos: [p.photos[0]] }, { endpoint, fetch: rec.fetch });
  assert.deepEqual(rec.keys, [told, told], 'the key the page was told, for the object and for the same File in a rebuilt person');
  assert.equal(idempotencyKeyFor(p), told);
  await assertOnce();
});

test('aborted while its 8 MiB photo uploads, then sent again: ABORTED, the same key both times, created once', async () => {
  const { photos: _, ...fields } = person();
  const big = Buffer.from(largeJpegBase64(8 * 2 ** 20 - 4000), 'base64');
  let onArrive = () => {};
  const nodeHandler = toNodeHandler(createEnrolHandler({ providers: mockProviders({ baseUrl: mock.url, timeoutMs: 5000, maxRetries: 0 }, 1) }));
  let seen = 0;
  // The request's head has arrived, its body not yet: the page aborts then.
  const front = createServer((req, res) => { seen += 1; onArrive(); nodeHandler(req, res); });
  await new Promise((r) => front.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${front.address().port}/api/enrol`;
  try {
    const p = { ...fields, photos: [new File([big], 'big.jpg', { type: 'image/jpeg' })] };
    const rec = recording();
    const ctl = new AbortController();
    onArrive = () => ctl.abort(new Error('the person left'));
    const err = await settle(enrol(p, { endpoint: url, signal: ctl.signal, fetch: rec.fetch }));
    assert.ok(err instanceof PersonkitError, String(err));
    assert.equal(err.code, 'ABORTED');
    assert.equal(seen, 1, 'the request had reached the server');
    onArrive = () => {};
    // "Try again", the form built again around the same File.
    const again = await enrol({ ...fields, photos: [p.photos[0]] }, { endpoint: url, signal: new AbortController().signal, fetch: rec.fetch });
    assert.deepEqual(statuses(again), ['created', 'created', 'created']);
    assert.equal(rec.keys[1], rec.keys[0]);
    await assertOnce();
    // Aborted while the photo is read (checked, hashed for the key), before anything is sent: nothing reaches the server.
    const before = seen;
    const ctl2 = new AbortController();
    const fresh = { ...person(), photos: [new File([big], 'big.jpg', { type: 'image/jpeg' })] };
    const read = fresh.photos[0].arrayBuffer.bind(fresh.photos[0]);
    fresh.photos[0].arrayBuffer = () => { ctl2.abort(); return read(); };
    const early = await settle(enrol(fresh, { endpoint: url, signal: ctl2.signal }));
    assert.equal(early.code, 'ABORTED');
    assert.equal(seen, before, 'nothing sent');
  } finally {
    await new Promise((r) => { front.close(r); front.closeAllConnections(); });
  }
});

test('an Idempotency-Key the page puts in `headers` is the key sent (not silently replaced by a made one); checked as idempotencyKey is; two different keys are refused', async () => {
  const rec = recording();
  const p = person();
  const first = await enrol(p, { endpoint, headers: { 'Idempotency-Key': 'signup-42' }, fetch: rec.fetch });
  assert.deepEqual(statuses(first), ['created', 'created', 'created']);
  // After a reload the page sends its stored key again: a replay of the first, not a second enrolment.
  const again = await enrol({ ...p }, { endpoint, headers: new Headers([['idempotency-key', 'signup-42']]), fetch: rec.fetch });
  assert.deepEqual(again, first);
  await enrol(p, { endpoint, idempotencyKey: 'signup-42', headers: { 'idempotency-key': 'signup-42' }, fetch: rec.fetch });
  assert.deepEqual(rec.keys, ['signup-42', 'signup-42', 'signup-42']);
  for (const [options, field] of [
    [{ headers: { 'Idempotency-Key': 'a b' } }, 'headers'],
    [{ headers: { 'Idempotency-Key': '' } }, 'headers'],
    [{ idempotencyKey: 'signup-42', headers: { 'Idempotency-Key': 'signup-43' } }, 'idempotencyKey'],
  ]) {
    const err = await settle(enrol(person(), { endpoint, ...options, fetch: rec.fetch }));
    assert.deepEqual([err.code, err.field], ['INVALID_OPTIONS', field], JSON.stringify(options));
  }
  assert.equal(rec.keys.length, 3, 'nothing more sent');
  await assertOnce();
});

test('a reactive form edited while enrol() checks its bytes photo: the key and the body are of one person, so "Try again" is not refused IDEMPOTENCY_KEY_REUSED', async () => {
  const p = person({ photos: [new Uint8Array(jpeg(0x48))] });
  const rec = recording();
  const sending = enrol(p, { endpoint, fetch: rec.fetch });
  // enrol() is checking the photo (its first await): the person types on.
  p.firstName = 'Anabel';
  const first = await settle(sending);
  assert.ok(!(first instanceof Error), `${first?.code}`);
  const again = await settle(enrol(p, { endpoint, fetch: rec.fetch }));
  assert.ok(!(again instanceof Error), `"Try again" was refused: ${again?.code}`);
  assert.equal(rec.keys[1], rec.keys[0]);
  assert.deepEqual(again, first, 'the same enrolment, replayed');
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
});

test('a made key the server refuses as IDEMPOTENCY_KEY_REUSED is dropped: "Try again" (or a reload, which now keeps keys) sends a new one', async (t) => {
  globalThis.sessionStorage = new MemoryStorage();
  t.after(() => { delete globalThis.sessionStorage; });
  const p = person();
  const keys = [];
  // A server whose record for the first key is of other details (however it came to be).
  const refusing = (url, init) => {
    keys.push(init.headers.get('idempotency-key'));
    if (keys.length === 1) return Promise.resolve(new Response(JSON.stringify({ error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'This registration was already sent with other details. Please reload the page to start a new one.' } }), { status: 422, headers: { 'content-type': 'application/json' } }));
    return fetch(url, init);
  };
  const err = await settle(enrol(p, { endpoint, fetch: refusing }));
  assert.equal(err.code, 'IDEMPOTENCY_KEY_REUSED');
  const { results } = await enrol(p, { endpoint, fetch: refusing });
  assert.equal(results.verifik.status, 'created');
  assert.notEqual(keys[1], keys[0]);
  assert.equal(idempotencyKeyFor({ ...p }), keys[1], 'the new key is the person\'s from now on');
  reload();
  assert.equal(idempotencyKeyFor({ ...p }), keys[1], 'after a reload too');
  // A key the page gave is the page's: it is not changed.
  const given = [];
  const refuseAll = (url, init) => { given.push(init.headers.get('idempotency-key')); return refusing(url, init); };
  keys.length = 0;
  await settle(enrol(person(), { endpoint, idempotencyKey: 'mine-1', fetch: refuseAll }));
  await settle(enrol(person(), { endpoint, idempotencyKey: 'mine-1', fetch: refuseAll }));
  assert.deepEqual(given, ['mine-1', 'mine-1']);
});
