// Photos as phones take them (2–6 MB, up to three, as File, bytes or
// base64) through every path that carries them: the Verifik client under
// faults after the create, enrol() against personkit/server, and the
// importer. Each test counts what the mock holds afterwards. The fixture
// JPEG of 1.5 KB used elsewhere hid what only large photos do: Verifik's
// answers and lists echo them.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { VerifikClient, enrol, enrolMany } from 'personkit';
import { createEnrolHandler, toNodeHandler } from 'personkit/server';
import { importRecords } from '../../js/import/index.mjs';
import { keyTexts } from '../../js/import/keys.mjs';
import { mockServer, TOKEN, verifikPerson, rejection } from './helpers.mjs';
import { tempDir } from './import-helpers.mjs';
import { person, mockProviders } from './server-helpers.mjs';
import { jpegOf, pngOf } from './photos-helpers.mjs';

const MB = 1_000_000;
let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const verifik = (o = {}) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, timeoutMs: 10_000, ...o });

// Three phone photos, one of each kind a caller hands the client.
const phonePhotos = () => [
  new File([jpegOf(6 * MB, { width: 4000, height: 3000 })], 'IMG_0001.JPG', { type: 'image/jpeg' }),
  new Uint8Array(jpegOf(4 * MB, { base: 'orientation-6.jpg' })),
  pngOf(3 * MB, { alpha: true }).toString('base64'),
];

for (const fault of ['html;after-create', 'reset;after-create']) {
  test(`verifik: three phone photos (File, bytes, base64), ${fault}: found by the lookup, one person with the three images`, async () => {
    await mock.scenario(fault, 1, 'verifik');
    const r = await verifik().createPerson(verifikPerson({ images: phonePhotos() }));
    assert.deepEqual([r.attempts, r.reconciled, r.person.images.length], [1, true, 3]);
    const s = await mock.persons();
    assert.equal(s.verifik.length, 1);
    assert.equal(r.id, s.verifik[0]._id);
  });
}

// The lookup after a lost answer sizes its pages from the create it sent
// (src/providers/verifik/lookup.rs rows_per_page, page_room): a collection
// whose people have more photos than this one must still be read, and a
// create large enough for one person a page must still find the person made
// last, past MAX_PAGES (20) people (pages are read from both ends in turn).

test('verifik: a lost answer with one phone photo, in a collection of people with three, is still found', async () => {
  const photo = jpegOf(3 * MB).toString('base64');
  const c = verifik();
  for (let i = 0; i < 3; i += 1) await c.createPerson(verifikPerson({ images: [photo, photo, photo] }));
  await mock.scenario('html;after-create', 1, 'verifik');
  const r = await c.createPerson(verifikPerson({ images: [photo] }));
  assert.deepEqual([r.attempts, r.reconciled], [1, true]);
  assert.equal((await mock.persons()).verifik.length, 4);
});

test('verifik: a lost answer with three large photos, in a collection of more than 20 people, is still found', async () => {
  const c = verifik();
  const small = jpegOf(2000).toString('base64');
  for (let i = 0; i < 20; i += 1) await c.createPerson(verifikPerson({ images: [small] }));
  const big = jpegOf(5_700_000).toString('base64'); // three of them: a create of over 22 MB, one person a page
  await mock.scenario('html;after-create', 1, 'verifik');
  const r = await c.createPerson(verifikPerson({ images: [big, big, big] })).catch((e) => e);
  assert.deepEqual([r.attempts, r.reconciled], [1, true], `${r.code}: ${r.detail}`);
  assert.equal((await mock.persons()).verifik.length, 21);
});

test('enrol() in Node: three phone photos as Files through personkit/server, Verifik\'s answer lost: each provider once, one line each, then the summary', async () => {
  const o = { baseUrl: mock.url, timeoutMs: 10_000, maxRetries: 0 };
  const handler = createEnrolHandler({
    providers: mockProviders(o, 1),
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const endpoint = `http://127.0.0.1:${server.address().port}/api/enrol`;
    const photos = [6 * MB, 5 * MB, 4 * MB].map((n, i) => new File([jpegOf(n, { width: 4000, height: 3000 })], `IMG_${i}.JPG`, { type: 'image/jpeg' }));
    await mock.scenario('reset;after-create', 1, 'verifik');
    const lines = [];
    const summary = await enrol(person({ photos }), { endpoint, locale: 'es', onProgress: (p, outcome) => lines.push([p, outcome.status]) });
    assert.deepEqual(Object.values(summary.results).map((r) => r.status), ['created', 'created', 'created']);
    assert.equal(summary.results.verifik.reconciled, true);
    assert.deepEqual(lines.map(([p]) => p).sort(), ['equals', 'horus', 'verifik']);
    const s = await mock.persons();
    assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length, s.attempts.verifik], [1, 1, 1, 1]);
    assert.equal(s.verifik[0].images.length, 3);
    // Over a smaller maxBodyBytes the person reads why, in the page's language.
    const small = createServer(toNodeHandler(createEnrolHandler({ providers: { verifik: { client: new VerifikClient({ token: TOKEN, ...o }), collections: ['staff'] } }, maxBodyBytes: 8 * 2 ** 20 })));
    await new Promise((r) => small.listen(0, '127.0.0.1', r));
    try {
      const e = await rejection(enrol(person({ photos }), { endpoint: `http://127.0.0.1:${small.address().port}/api/enrol`, locale: 'es' }));
      assert.deepEqual([e.code, e.status, e.message], ['PAYLOAD_TOO_LARGE', 413, 'Lo que enviaste pesa más de 8 MB. Usa fotos más livianas.']);
    } finally {
      await new Promise((r) => { small.close(r); small.closeAllConnections(); });
    }
    assert.equal((await mock.persons()).attempts.verifik, 1, 'nothing more sent');
  } finally {
    await new Promise((r) => { server.close(r); server.closeAllConnections(); });
  }
});

// The importer reads a row's photos when it checks the row, and holds up to
// max(16, 4 × concurrency) rows: with phone photos, rows waiting for a slow
// Verifik held hundreds of MB (a CLI run of 3 × 5 MB photos a row peaked at
// 1.26 GB at concurrency 4, 0.78 GB with only 4 rows held).
test('import: rows waiting for a slow Verifik do not hold their photos: at most `concurrency` rows have them read at once', async () => {
  await mock.scenario('delay=100', 8, 'verifik');
  const photo = jpegOf(1 * MB).toString('base64');
  let held = 0;
  let most = 0;
  async function* records() {
    for (let i = 0; i < 8; i += 1) {
      const p = { firstName: 'Ana', lastName: `Quispe ${i}`, dateOfBirth: '1990-01-15', photos: [`photos/${i}.jpg`] };
      yield {
        line: i + 1, keyTexts: keyTexts(p), peek: () => p,
        load: async () => { held += 1; most = Math.max(most, held); return { ...p, photos: [photo] }; },
      };
    }
  }
  const summary = await importRecords(records(), {
    providers: { verifik: { token: TOKEN, baseUrl: mock.url, collections: ['staff'] } }, concurrency: 2,
    onRow: () => { held -= 1; },
  });
  assert.equal(summary.providers.verifik.created, 8);
  assert.ok(most <= 2, `${most} rows held their photos at once`);
});

// An import whose create ended unknown looks the row up on the next run by
// listing the collection (js/import/reconcile.mjs). The list shows each
// person whole, photos included, so pages of 100 phone-photo people are
// gigabytes, past what one JSON text can hold: that lookup could never tell.
test('import: the next run\'s Verifik lookup asks for pages that fit people with phone photos, and finds the row', async () => {
  const tmp = tempDir();
  try {
    const journal = join(tmp.dir, 'j.jsonl');
    const row = { firstName: 'Ana', lastName: 'Quispe', dateOfBirth: '1990-01-15', photos: [jpegOf(6 * MB)] };
    const providers = { verifik: { token: TOKEN, baseUrl: mock.url, collections: ['staff'], timeoutMs: 10_000 } };
    await mock.scenario('reset;after-create', 1, 'verifik');
    await mock.scenario('503', 1, 'verifik', 'lookup');
    const first = await enrolMany([row], { providers, journal });
    assert.equal(first.providers.verifik.unknown, 1);
    const before = (await mock.requests()).length;
    const second = await enrolMany([row], { providers, journal });
    assert.equal(second.providers.verifik.earlier, 1, 'found: made by the first run');
    const s = await mock.persons();
    assert.deepEqual([s.verifik.length, s.attempts.verifik], [1, 1]);
    const scans = (await mock.requests()).slice(before).filter((q) => q.kind === 'lookup');
    const body = JSON.stringify({ images: [row.photos[0].toString('base64')] }).length;
    for (const q of scans) assert.ok(Number(q.query.limit) * body <= 32 * 2 ** 20, `a page of ${q.query.limit} people of ${body} bytes`);
  } finally {
    tmp.cleanup();
  }
});
