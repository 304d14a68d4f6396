// enrol(), the page's half, in Node against the handler on a node:http
// server and personkit-mock: it validates with the same table before
// sending, sends files as multipart parts, reports each provider as its
// line arrives, keeps one key per person object so a double click or a
// "Try again" never creates twice.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { VerifikClient, enrol, idempotencyKeyFor, PersonkitError, setLocale } from 'personkit';
import { toNodeHandler } from 'personkit/server';
import { mockServer, TOKEN } from './helpers.mjs';
import { person, fixture, uid, createEnrolHandler, mockProviders, enrolRoute } from './server-helpers.mjs';

let mock;
let route;
let endpoint;
before(async () => {
  mock = await mockServer();
  route = await enrolRoute(mock, { timeoutMs: 3000, maxRetries: 0 });
  ({ endpoint } = route);
});
after(async () => {
  await route.close();
  await mock.close();
});
beforeEach(() => mock.reset());

const withFile = () => {
  const p = person();
  p.photos = [new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg' })];
  return p;
};

test('enrol: files as multipart parts, one onProgress per provider, the summary; a second call with the same object is a replay', async () => {
  const p = withFile();
  const seen = [];
  const summary = await enrol(p, { endpoint, onProgress: (provider, outcome) => seen.push([provider, outcome.status]) });
  assert.deepEqual(Object.values(summary.results).map((o) => o.status), ['created', 'created', 'created']);
  assert.deepEqual(seen.map(([x]) => x).sort(), ['equals', 'horus', 'verifik']);
  const again = await enrol(p, { endpoint });
  assert.deepEqual(again, summary);
  const s = await mock.persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 1 });
  assert.match(idempotencyKeyFor(p), /^pk-/);
});

test('enrol: a double click (two calls at once) creates once', async () => {
  const p = withFile();
  const [a, b] = await Promise.all([enrol(p, { endpoint }), enrol(p, { endpoint })]);
  assert.deepEqual(a, b);
  assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
});

test('enrol: validates first with the same table, nothing sent', async () => {
  const p = withFile();
  p.email = 'nope';
  p.extras = { equals: { roleName: 'Owner' } };
  const err = await enrol(p, { endpoint }).then(() => null, (e) => e);
  assert.ok(err instanceof PersonkitError);
  assert.equal(err.code, 'VALIDATION_FAILED');
  const fields = err.errors.map((e) => `${e.provider}:${e.field}:${e.code}`);
  assert.ok(fields.includes('equals:email:INVALID_EMAIL'));
  assert.ok(fields.includes('equals:extras.equals.roleName:FIELD_NOT_ALLOWED'));
  const notPhoto = person({ photos: [new File([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], 'x.gif')] });
  const e2 = await enrol(notPhoto, { endpoint }).then(() => null, (e) => e);
  assert.equal(e2.errors[0].field, 'photos[0]');
  assert.equal((await mock.persons()).attempts.equals, 0);
});

test('toNodeHandler\'s last resort (a handler that throws): 500 INTERNAL in the request\'s language, nothing of the error', async () => {
  const server = createServer(toNodeHandler(async () => { throw new Error('db password hunter2'); }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${server.address().port}/api/enrol`;
    for (const [language, words] of [['es-PE,es;q=0.9', /Algo falló de nuestro lado/], [undefined, /Something went wrong on our side/]]) {
      const res = await fetch(url, { method: 'POST', headers: language ? { 'accept-language': language } : {} });
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('vary'), 'accept-language');
      const text = await res.text();
      assert.doesNotMatch(text, /hunter2/);
      const { error } = JSON.parse(text);
      assert.equal(error.code, 'INTERNAL');
      assert.match(error.message, words);
    }
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

/** A second server whose handler creates in Verifik only: its endpoint and how to stop it. */
async function verifikOnlyServer() {
  const handle = createEnrolHandler({
    providers: { verifik: { client: new VerifikClient({ token: TOKEN, baseUrl: mock.url, timeoutMs: 3000, maxRetries: 0 }), collections: ['staff'] } },
  });
  const only = createServer(toNodeHandler(handle));
  await new Promise((r) => only.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${only.address().port}/api/enrol`,
    close: () => new Promise((r) => { only.close(r); only.closeAllConnections(); }),
  };
}

test('enrol without providers: what a field lacks is the server\'s to judge (a Verifik-only server takes a person without email); a value that is wrong is still caught before sending', async () => {
  // The page cannot know which systems the server creates in: checking for
  // all three refused every person without an email, which only Equals and
  // Horus need.
  const { url, close } = await verifikOnlyServer();
  try {
    const p = withFile();
    delete p.email;
    const { results } = await enrol(p, { endpoint: url });
    assert.deepEqual(Object.keys(results), ['verifik']);
    assert.equal(results.verifik.status, 'created');
    // A form's empty field arrives as "": as much left to the server as an absent one.
    const blank = withFile();
    blank.email = '';
    blank.identityNumber = '   ';
    const again = await enrol(blank, { endpoint: url });
    assert.equal(again.results.verifik.status, 'created');
    // Missing photos: the server's 422 names the field, nothing is sent.
    const noPhoto = person();
    delete noPhoto.photos;
    const err = await enrol(noPhoto, { endpoint: url }).then(() => null, (e) => e);
    assert.equal(err?.code, 'VALIDATION_FAILED');
    assert.deepEqual(err.errors.map((e) => `${e.field}:${e.code}`), ['photos:REQUIRED']);
    // A broken value is refused on the page, before anything is sent.
    const bad = withFile();
    bad.email = 'nope';
    const before = (await mock.persons()).attempts.verifik;
    const e2 = await enrol(bad, { endpoint: url }).then(() => null, (e) => e);
    assert.equal(e2?.code, 'VALIDATION_FAILED');
    assert.ok(e2.errors.some((e) => e.field === 'email' && e.code === 'INVALID_EMAIL'));
    assert.equal((await mock.persons()).attempts.verifik, before);
  } finally {
    await close();
  }
});

test('enrol: "Try again" with the same person runs only the failed provider', async () => {
  await mock.scenario('503', 1, 'horus');
  const p = withFile();
  const first = await enrol(p, { endpoint });
  assert.deepEqual([first.results.horus.status, first.results.horus.retryable], ['failed', true]);
  const second = await enrol(p, { endpoint });
  assert.equal(second.results.horus.status, 'created');
  assert.equal(second.results.equals.id, first.results.equals.id);
  const s = await mock.persons();
  assert.deepEqual(s.attempts, { verifik: 1, equals: 1, horus: 2 });
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
});

// A reactive form edits the person object the page sent before: "Try
// again" after a fix is a new enrolment, not a dead end (IDEMPOTENCY_KEY_REUSED
// and "reload the page"), and what the first made is not made again.
test('enrol: the same person object edited after a partial failure is a new key: the others are "exists", the failed one is made', async () => {
  await mock.scenario('503', 1, 'horus');
  const p = withFile();
  const key = idempotencyKeyFor(p);
  const first = await enrol(p, { endpoint });
  assert.equal(first.results.horus.status, 'failed');
  const phone = p.phone;
  p.phone = '+51911111111';
  assert.notEqual(idempotencyKeyFor(p), key);
  const second = await enrol(p, { endpoint });
  assert.deepEqual([second.results.verifik.status, second.results.equals.status, second.results.horus.status], ['exists', 'exists', 'created']);
  assert.equal(second.results.equals.id, first.results.equals.id);
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 }, 'one persona');
  p.phone = phone;
  assert.equal(idempotencyKeyFor(p), key, 'changed back, it is the first enrolment again');
});

test('enrol: the server\'s refusal rejects with its code', async () => {
  // A key the server refuses (enrol() refuses it itself: here the fetch puts it in after the check).
  const err = await enrol(person(), { endpoint, fetch: withKey('a b') }).then(() => null, (e) => e);
  assert.equal(err.code, 'INVALID_IDEMPOTENCY_KEY');
  assert.equal(err.status, 400);
  const gone = await enrol(person(), { endpoint: 'http://127.0.0.1:9/api/enrol' }).then(() => null, (e) => e);
  assert.equal(gone.code, 'NETWORK');
});

/** A fetch that sends `key` as the Idempotency-Key, whatever enrol() put there. */
const withKey = (key) => (url, init) => { init.headers.set('idempotency-key', key); return fetch(url, init); };

/** A fetch that records what enrol() sent, then sends it. */
const recording = () => {
  const sent = [];
  return { sent, fetch: (url, init) => { sent.push({ key: init.headers.get('idempotency-key'), language: init.headers.get('accept-language'), credentials: init.credentials }); return fetch(url, init); } };
};
/** A person with a File photo whose every attribute is fixed, so a second build of it is equal. */
const samePerson = (fields) => ({ ...fields, photos: [new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg', lastModified: 1_700_000_000_000 })] });

test('enrol: a double click that builds a fresh but equal person each time creates once; idempotencyKeyFor agrees; a changed person is a new key', async () => {
  const { photos: _, ...fields } = person();
  const [a, b] = [samePerson(fields), samePerson(fields)];
  assert.notEqual(a, b);
  const rec = recording();
  const [ra, rb] = await Promise.all([enrol(a, { endpoint, fetch: rec.fetch }), enrol(b, { endpoint, fetch: rec.fetch })]);
  assert.deepEqual(ra, rb);
  assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
  // The keys were the same, and they are what idempotencyKeyFor gives for a third equal person (keys in another order),
  // built around the same File, as input.files[0] is on every click (enrol() read its bytes).
  const third = Object.fromEntries(Object.entries({ ...fields, photos: [a.photos[0]] }).reverse());
  assert.deepEqual(rec.sent.map((s) => s.key), [idempotencyKeyFor(third), idempotencyKeyFor(third)]);
  assert.equal(createRequire(import.meta.url)('personkit').idempotencyKeyFor({ ...fields, photos: [b.photos[0]] }), idempotencyKeyFor(a), 'the CommonJS entry agrees');
  assert.notEqual(idempotencyKeyFor({ ...a, phone: '+51911111111' }), idempotencyKeyFor(a));
  assert.notEqual(idempotencyKeyFor(samePerson({ ...fields, email: `x.${fields.email}` })), idempotencyKeyFor(a));
  const otherFile = { ...a, photos: [new File([fixture('portrait-120x160.jpg')], 'me.jpg', { type: 'image/jpeg', lastModified: 1 })] };
  assert.notEqual(idempotencyKeyFor(otherFile), idempotencyKeyFor(a), 'a File enrol() has not read counts as its object');
  // A person that cannot be written as text (a cycle) is keyed by its object only.
  const cyclic = { firstName: 'A' };
  cyclic.self = cyclic;
  assert.equal(idempotencyKeyFor(cyclic), idempotencyKeyFor(cyclic));
  assert.notEqual(idempotencyKeyFor({ firstName: 'A', self: {} }), idempotencyKeyFor(cyclic));
});

test('enrol: the page remembers a bounded number of persons by content', async () => {
  const first = { firstName: 'First', lastName: uid() };
  const key = idempotencyKeyFor(first);
  for (let i = 0; i < 300; i += 1) idempotencyKeyFor({ firstName: 'Other', lastName: `${i}` });
  assert.equal(idempotencyKeyFor(first), key, 'the same object keeps its key');
  assert.notEqual(idempotencyKeyFor({ ...first }), key, 'an equal copy no longer finds it: the oldest went first');
});

/** A fetch answering one ndjson line, then holding the rest until `end(err)`; aborting errors the body as fetch does. */
const stalled = () => {
  let fail;
  const fake = async (url, init) => {
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"provider":"verifik","outcome":{"status":"created"}}\n'));
        fail = (err) => c.error(err);
        init.signal?.addEventListener('abort', () => c.error(init.signal.reason), { once: true });
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
  };
  return { fetch: fake, end: (err) => fail(err) };
};

test('enrol: an abort while the answer streams, or during the wait for a 409, rejects with ABORTED; a broken stream is NETWORK', async () => {
  const s = stalled();
  const ctl = new AbortController();
  const mid = enrol(person(), { endpoint, fetch: s.fetch, signal: ctl.signal, onProgress: () => ctl.abort() }).then(() => null, (e) => e);
  const err = await mid;
  assert.ok(err instanceof PersonkitError, String(err));
  assert.equal(err.code, 'ABORTED');
  const s2 = stalled();
  const cut = enrol(person(), { endpoint, fetch: s2.fetch, onProgress: () => setTimeout(() => s2.end(new TypeError('terminated'))) }).then(() => null, (e) => e);
  const e2 = await cut;
  assert.ok(e2 instanceof PersonkitError, String(e2));
  assert.equal(e2.code, 'NETWORK');
  assert.match(e2.message, /cut off/);
  // 409 IN_PROGRESS, then the abort while enrol() waits to ask again.
  const busy = async () => new Response('{"error":{"code":"IN_PROGRESS","message":"running"}}', { status: 409, headers: { 'content-type': 'application/json' } });
  const ctl3 = new AbortController();
  setTimeout(() => ctl3.abort(), 100);
  const started = Date.now();
  const e3 = await enrol(person(), { endpoint, fetch: busy, signal: ctl3.signal }).then(() => null, (e) => e);
  assert.ok(e3 instanceof PersonkitError, String(e3));
  assert.equal(e3.code, 'ABORTED');
  assert.ok(Date.now() - started < 900, 'it stopped waiting at once');
});

test('enrol: credentials is sent as given (default same-origin) and checked', async () => {
  const rec = recording();
  const p = person();
  await enrol(p, { endpoint, fetch: rec.fetch });
  await enrol(p, { endpoint, fetch: rec.fetch, credentials: 'include' });
  await enrol(p, { endpoint, fetch: rec.fetch, credentials: 'omit' });
  assert.deepEqual(rec.sent.map((s) => s.credentials), ['same-origin', 'include', 'omit']);
  const err = await enrol(p, { endpoint, credentials: 'all' }).then(() => null, (e) => e);
  assert.deepEqual([err.code, err.field], ['INVALID_OPTIONS', 'credentials']);
});

test('enrol: its own messages in Spanish and English (the locale option, else setLocale\'s), the caller\'s messages applied, the locale sent as accept-language', async () => {
  const notPhoto = () => person({ photos: [new File([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], 'x.gif')] });
  const fail = (p, o) => enrol(p, o).then(() => assert.fail('expected a rejection'), (e) => e);
  const cases = {
    es: { photo: 'La foto 1 debe estar en formato JPEG o PNG', check: /^Revisa los datos: la foto 1 debe estar/, options: 'La configuración de personkit no es válida', network: 'No se pudo conectar con el servidor: revisa tu conexión y vuelve a intentarlo', type: 'No se pudieron leer los datos del formulario' },
    en: { photo: 'Photo 1 must be in JPEG or PNG format', check: /^Check the details: photo 1 must be/, options: 'The options given to personkit are not valid', network: 'The server could not be reached: check your connection and try again', type: 'The form’s details could not be read' },
  };
  for (const [locale, want] of Object.entries(cases)) {
    for (const how of ['option', 'setLocale']) {
      const o = how === 'option' ? { locale: `${locale}-PE` } : (setLocale(locale), {});
      if (how === 'option') setLocale(locale === 'es' ? 'en' : 'es'); // the option wins over the default
      const photo = await fail(notPhoto(), { endpoint, ...o });
      assert.equal(photo.code, 'VALIDATION_FAILED');
      assert.deepEqual([photo.errors[0].field, photo.errors[0].code, photo.errors[0].message], ['photos[0]', 'INVALID_IMAGE_FORMAT', want.photo], `${locale} ${how}`);
      assert.match(photo.message, want.check);
      const options = await fail(person(), o);
      assert.deepEqual([options.code, options.field, options.message], ['INVALID_OPTIONS', 'endpoint', want.options]);
      assert.match(options.detail, /endpoint is required/, 'the technical text is kept for logs');
      const gone = await fail(person(), { endpoint: 'http://127.0.0.1:9/api/enrol', ...o });
      assert.equal(gone.code, 'NETWORK');
      assert.equal(gone.message, want.network);
      // Nothing was saved anywhere: a message saying the details were kept read as "you are registered".
      assert.doesNotMatch(gone.message, /kept|saved|conserv|guard/i);
      assert.equal((await fail(null, { endpoint, ...o })).message, want.type);
      for (const e of [photo, options, gone]) assert.doesNotMatch(e.message, /photos\[|endpoint|enrol:/, 'no wire names');
      const rec = recording();
      await enrol(person({ photos: undefined }), { endpoint, fetch: rec.fetch, providers: ['equals'], ...o });
      assert.equal(rec.sent[0].language, locale);
    }
  }
  setLocale('en');
  const own = await fail(notPhoto(), { endpoint, locale: 'es', messages: { photos: 'Sube otra foto' } });
  assert.equal(own.errors[0].message, 'Sube otra foto');
  const byCode = await fail(person(), { endpoint: 'http://127.0.0.1:9/api/enrol', messages: ({ code, locale }) => (code === 'NETWORK' ? `sin red (${locale})` : undefined) });
  assert.equal(byCode.message, 'sin red (en)');
  const fieldWins = await fail(person(), { messages: { endpoint: 'falta el servidor', INVALID_OPTIONS: 'opciones' } });
  assert.equal(fieldWins.message, 'falta el servidor');
});

test('field errors the server sends back are worded by the call\'s messages, as local ones are', async () => {
  const refusal = { error: { code: 'VALIDATION_FAILED', message: 'Revisa los datos', errors: [{ field: 'email', code: 'INVALID_EMAIL', message: 'Correo del servidor' }, { field: 'phone', code: 'INVALID_PHONE', message: 'Teléfono del servidor' }] } };
  const fetch = async () => new Response(JSON.stringify(refusal), { status: 422, headers: { 'content-type': 'application/json' } });
  const err = await enrol(person(), { endpoint: 'http://127.0.0.1:1/enrol', fetch, messages: { INVALID_EMAIL: 'Mi texto', INVALID_PHONE: '' } }).then(() => null, (e) => e);
  assert.equal(err.code, 'VALIDATION_FAILED');
  assert.deepEqual(err.errors.map((e) => e.message), ['Mi texto', 'Teléfono del servidor']);
});

test('enrol counts problems as a form shows them: the same words at one field for two providers are one problem', async () => {
  const bad = { ...person(), email: 'bad' };
  const one = await enrol(bad, { endpoint, providers: ['equals', 'horus'], locale: 'es' }).then(() => null, (e) => e);
  assert.equal(one.code, 'VALIDATION_FAILED');
  assert.equal(one.errors.length, 2, 'Equals and Horus each refuse the email');
  assert.equal(one.message, 'Revisa los datos: escribe un correo como nombre@ejemplo.com');
  assert.doesNotMatch(one.detail, /INVALID_EMAIL.*INVALID_EMAIL/, 'the log line names each field and code once');
  const empty = await enrol({}, { endpoint, providers: ['verifik', 'equals', 'horus'] }).then(() => null, (e) => e);
  const { errorsByField } = await import('personkit');
  const shown = Object.values(errorsByField(empty)).flat().length;
  assert.ok(empty.errors.length > shown, 'some texts repeat across providers');
  assert.equal(empty.message, `Check the details: first name is required (and ${shown - 1} more)`);
  assert.equal((await mock.persons()).attempts.equals, 0);
});

/** A fetch that answers `body` with `init`, whatever is sent. */
const answering = (body, init) => async () => new Response(body, init);
const NDJSON = { 'content-type': 'application/x-ndjson' };

test('enrol: an answer that is not personkit/server\'s (a proxy\'s HTML page, an empty body, null, a line that is not an object) rejects with BAD_RESPONSE; a last line cut short is NETWORK', async () => {
  // `notJson` was declared after enrol() was returned: every such answer threw a ReferenceError.
  const cases = [
    ['an HTML 200 (a login page, an SPA fallback)', answering('<!doctype html><title>Sign in</title>', { headers: { 'content-type': 'text/html' } })],
    ['an empty JSON body', answering('', { headers: { 'content-type': 'application/json' } })],
    ['no body at all', answering(null, { status: 200 })],
    ['JSON null', answering('null', { headers: { 'content-type': 'application/json' } })],
    ['JSON without results', answering('{"ok":true}', { headers: { 'content-type': 'application/json' } })],
    ['an ndjson line that is not an object', answering('null\n{"results":{}}\n', { headers: NDJSON })],
    ['an ndjson line that is not JSON', answering('<html>\n{"results":{}}\n', { headers: NDJSON })],
  ];
  for (const [what, fetch] of cases) {
    for (const locale of ['en', 'es']) {
      const err = await enrol(person(), { endpoint, fetch, locale }).then(() => null, (e) => e);
      assert.ok(err instanceof PersonkitError, `${what}: ${err}`);
      assert.equal(err.code, 'BAD_RESPONSE', what);
      assert.equal(err.message, locale === 'es' ? 'El servidor respondió algo inesperado: vuelve a intentarlo más tarde' : 'The server gave an unexpected answer: try again later', what);
    }
  }
  // The server ends every line with a newline: a last one without it, not JSON, was cut off on the way.
  const cut = answering('{"provider":"verifik","outcome":{"status":"created"}}\n{"provider":"equ', { headers: NDJSON });
  const seen = [];
  const err = await enrol(person(), { endpoint, fetch: cut, onProgress: (p) => seen.push(p) }).then(() => null, (e) => e);
  assert.ok(err instanceof PersonkitError, String(err));
  assert.deepEqual([err.code, err.message], ['NETWORK', 'The answer was cut off: try again (nothing will be created twice)']);
  assert.deepEqual(seen, ['verifik']);
});

test('enrol: a refusal that is not the server\'s JSON (a proxy\'s or platform\'s HTML 413, 401, 403, 429) is named by its status, in words a person can act on', async () => {
  // nginx's default client_max_body_size (1 MB) answers a phone photo with an HTML 413: "try again later" sent people round in a loop.
  const html = (status) => answering(`<html><body><h1>${status}</h1></body></html>`, { status, headers: { 'content-type': 'text/html' } });
  const want = {
    413: ['PAYLOAD_TOO_LARGE', 'The photos are too large to send: choose smaller ones', 'Las fotos pesan demasiado para enviarlas: elige unas más livianas'],
    401: ['UNAUTHORIZED', 'Please sign in, then try again', 'Inicia sesión y vuelve a intentarlo'],
    403: ['FORBIDDEN', 'You are not allowed to send this form', 'No tienes permiso para enviar este formulario'],
    429: ['RATE_LIMITED', 'Too many attempts: wait a minute and try again', 'Demasiados intentos: espera un minuto y vuelve a intentarlo'],
    502: ['SERVER_ERROR', 'The server had an error: try again later', 'El servidor tuvo un error: vuelve a intentarlo más tarde'],
  };
  for (const [status, [code, en, es]] of Object.entries(want)) {
    for (const [locale, text] of [['en', en], ['es', es]]) {
      const err = await enrol(person(), { endpoint, fetch: html(Number(status)), locale }).then(() => null, (e) => e);
      assert.ok(err instanceof PersonkitError, String(err));
      assert.deepEqual([err.code, err.status, err.message], [code, Number(status), text], `${status} ${locale}`);
      assert.equal(err.detail, `enrol: the server answered ${status}`);
    }
  }
  // The server's own refusal keeps its code and words, and says in `detail` what answered.
  const own = await enrol(person(), { endpoint, fetch: answering('{"error":{"code":"PAYLOAD_TOO_LARGE","message":"What you sent is larger than 32 MB. Please use smaller photos."}}', { status: 413, headers: { 'content-type': 'application/json' } }) }).then(() => null, (e) => e);
  assert.deepEqual([own.code, own.message, own.detail], ['PAYLOAD_TOO_LARGE', 'What you sent is larger than 32 MB. Please use smaller photos.', 'enrol: the server answered 413 PAYLOAD_TOO_LARGE']);
});

test('enrol: a content-type the page puts in `headers` does not break the multipart upload of File photos', async () => {
  // A habit from fetch code (`headers: { 'Content-Type': 'application/json' }`) sent the multipart body as JSON: 400 "not valid JSON" for every person with a File.
  const p = withFile();
  const { results } = await enrol(p, { endpoint, headers: { 'Content-Type': 'application/json', 'x-csrf-token': 't' } });
  assert.deepEqual(Object.values(results).map((o) => o.status), ['created', 'created', 'created']);
  assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
});

test('enrol: a refusal the server leaves in English for the page\'s developer reaches the person in the call\'s language; its text stays in detail', async () => {
  // PersonkitError.message is "written for a person, in the call's locale": a Spanish page showed "this server does not create persons in horus".
  const { url, close } = await verifikOnlyServer();
  try {
    const want = { es: 'No se pudo enviar el formulario por un problema de este sitio: vuelve a intentarlo más tarde', en: 'The form could not be sent because of a problem on this site: try again later' };
    for (const locale of ['es', 'en']) {
      const notHere = await enrol(withFile(), { endpoint: url, providers: ['horus'], locale }).then(() => null, (e) => e);
      assert.deepEqual([notHere.code, notHere.status, notHere.message], ['PROVIDER_NOT_CONFIGURED', 400, want[locale]]);
      assert.match(notHere.detail, /does not create persons in horus/, 'the server\'s text, for the developer');
      const badKey = await enrol(withFile(), { endpoint: url, fetch: withKey('a b'), locale }).then(() => null, (e) => e);
      assert.deepEqual([badKey.code, badKey.message], ['INVALID_IDEMPOTENCY_KEY', want[locale]]);
    }
    // A refusal a person causes keeps the server's words in their language.
    const big = await enrol(person(), { endpoint: url, locale: 'es', fetch: answering('{"error":{"code":"PAYLOAD_TOO_LARGE","message":"Lo que enviaste pesa más de 32 MB. Usa fotos más livianas."}}', { status: 413, headers: { 'content-type': 'application/json' } }) }).then(() => null, (e) => e);
    assert.equal(big.message, 'Lo que enviaste pesa más de 32 MB. Usa fotos más livianas.');
  } finally {
    await close();
  }
});
