// personkit/server in the person's language: the Outcome messages, the
// refusals a person can cause and the field errors follow Accept-Language
// (Spanish or English, English by default); codes, statuses and the shape of
// the answer do not. Every text exists in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEnrolHandler } from 'personkit/server';
import { WORDS, LOCALES, localeOf } from '../../js/server/words.mjs';
import {
  person, fakeProviders, calls, jsonRequest, multipartRequest, jsonOf, lines, personkitError, URL_, ORIGIN, uid, fixture,
} from './server-helpers.mjs';

const es = { 'accept-language': 'es-PE,es;q=0.9,en;q=0.8' };
const en = { 'accept-language': 'en-GB,en;q=0.9' };

/** Sample arguments: an outcome takes the system's label; sizes are in bytes; the rest take a count. */
const ARGS = { tooLarge: [32 * 2 ** 20], photoTooLarge: [2, 10 * 2 ** 20], invalid: [[{ field: 'email', code: 'INVALID_EMAIL', message: 'Enter an email like name@example.com' }]] };
const args = (path, k) => (path === 'outcome.' ? ['Horus'] : ARGS[k] ?? [3]);

/** Every text of `words` called with sample arguments, by its path (`outcome.busy`). */
function texts(words, path = '') {
  return Object.entries(words).flatMap(([k, v]) => (typeof v === 'function'
    ? [[`${path}${k}`, v, v(...args(path, k))]]
    : texts(v, `${path}${k}.`)));
}

test('every text exists in both languages, with the same arguments', () => {
  assert.deepEqual(LOCALES, Object.keys(WORDS));
  const [first, ...rest] = LOCALES.map((l) => new Map(texts(WORDS[l]).map(([k, f]) => [k, f.length])));
  for (const [i, other] of rest.entries()) {
    assert.deepEqual([...other.keys()].sort(), [...first.keys()].sort(), `${LOCALES[i + 1]} has the same texts as ${LOCALES[0]}`);
    for (const [k, arity] of first) assert.equal(other.get(k), arity, `${k}: the same arguments`);
  }
});

test('texts are plain words: no wire names, status numbers, byte counts or placeholders left', () => {
  for (const l of LOCALES) {
    for (const [k, , text] of texts(WORDS[l])) {
      assert.ok(typeof text === 'string' && text.length > 0, `${l} ${k}`);
      assert.doesNotMatch(text, /undefined|NaN|\{|\}|\$|[a-z][A-Z]|_|Idempotency|JSON|multipart|MiB|\b[1-5]\d\d\b|\bbytes?\b/, `${l} ${k}: ${text}`);
      if (k.startsWith('photo') || k === 'invalid') {
        // Field errors, as personkit's catalogue writes them, and their summary (as enrol() words it): a capital, no period.
        assert.match(text, /^\p{Lu}.*[^.]$/u, `${l} ${k}: ${text}`);
      } else {
        assert.match(text, /^\p{Lu}.*\.$/u, `${l} ${k}: a sentence: ${text}`);
      }
    }
  }
  assert.equal(WORDS.es.tooLarge(1.5 * 2 ** 20), 'Lo que enviaste pesa más de 1,5 MB. Usa fotos más livianas.');
  assert.equal(WORDS.en.photoTooLarge(2, 10 * 2 ** 20), 'Photo 2 is too large (at most 10 MB)');
});

test('Accept-Language: the first tag in Spanish or English by q-order; else English', () => {
  const of = (h) => localeOf(new Request(URL_, h === undefined ? {} : { headers: { 'accept-language': h } }).headers.get('accept-language'));
  const cases = [
    [undefined, 'en'], ['', 'en'], ['es', 'es'], ['es-PE', 'es'], ['ES_pe', 'en'], ['EN-us', 'en'],
    ['fr-FR, es;q=0.8, en;q=0.5', 'es'], ['en;q=0.4, es;q=0.9', 'es'], ['es;q=0, en', 'en'], ['de, fr', 'en'],
    ['*', 'en'], ['qu-PE, es-PE;q=0.9', 'es'], ['en, es', 'en'], ['es;q=0.5, en;q=0.5', 'es'], ['esperanto', 'en'],
    ['es ; q = 0.7 , pt', 'es'],
  ];
  for (const [h, want] of cases) assert.equal(of(h), want, JSON.stringify(h));
});

// Each outcome kind, from a fake client: [kind, provider, the client's answer, English, Spanish].
const created = (p) => (p === 'horus' ? { created: true, retried: false } : { id: `${p}_1`, personaId: 'pa_1', retried: false });
const KINDS = [
  ['created', 'verifik', () => created('verifik'), 'Registered in Verifik.', 'Te registramos en Verifik.'],
  ['exists: email', 'horus', () => ({ created: false, reason: 'EMAIL_EXISTS', retried: false }),
    'Horus already has a person with this email, so nothing new was created.',
    'Horus ya tiene a una persona con este correo, así que no se creó nada nuevo.'],
  ['exists: identity number', 'horus', () => ({ created: false, reason: 'IDENTIFIER_EXISTS', retried: false }),
    'Horus already has a person with this ID number (DNI), so nothing new was created.',
    'Horus ya tiene a una persona con este DNI, así que no se creó nada nuevo.'],
  ['exists after our retry', 'horus', () => ({ created: false, reason: 'EMAIL_EXISTS', retried: true }),
    'You are registered in Horus.', 'Ya tienes tu registro en Horus.'],
  ['exists: Verifik', 'verifik', () => { throw personkitError('ALREADY_EXISTS', { existingPerson: { _id: 'vf_old' } }); },
    'Verifik already has this person, so nothing new was created.', 'Verifik ya tiene a esta persona, así que no se creó nada nuevo.'],
  ['failed: rate limited', 'equals', () => { throw personkitError('RATE_LIMITED'); },
    'Equals Money is busy right now. Please try again in a minute.', 'Equals Money está ocupado en este momento. Inténtalo de nuevo en un minuto.'],
  // Reached, with an error of its own: not "could not be reached".
  ['failed: server error', 'horus', () => { throw personkitError('SERVER_ERROR', { status: 503 }); },
    'Horus had a problem just now. Please try again in a few minutes.', 'Horus tuvo un problema en este momento. Inténtalo de nuevo en unos minutos.'],
  ['failed: unreachable', 'horus', () => { throw personkitError('NETWORK'); },
    'Horus could not be reached just now. Please try again in a minute.', 'No pudimos comunicarnos con Horus en este momento. Inténtalo de nuevo en un minuto.'],
  // Equals' lookup found the email before sending: another person may share it, so the email is named, as Horus's is.
  ['exists: Equals by its email lookup', 'equals', () => ({ id: 'eq_old', personaId: 'pa_old', reconciled: true, attempts: 0, retried: false }),
    'Equals Money already has a person with this email, so nothing new was created.',
    'Equals Money ya tiene a una persona con este correo, así que no se creó nada nuevo.'],
  ['failed: outcome unknown', 'equals', () => { throw personkitError('OUTCOME_UNKNOWN'); },
    'We could not confirm whether Equals Money registered you. Please try again in a few minutes: we will check first, and you will not be registered twice.',
    'No pudimos confirmar si Equals Money completó tu registro. Vuelve a intentarlo en unos minutos: primero lo revisaremos y no te registraremos dos veces.'],
  ['failed: refused', 'verifik', () => { throw personkitError('BAD_REQUEST', { status: 400 }); },
    'Verifik did not accept these details. Please check them, or contact us if they are right.',
    'Verifik no aceptó estos datos. Revísalos y, si están bien, escríbenos.'],
  ['failed: ours', 'equals', () => { throw personkitError('UNAUTHORIZED', { status: 401 }); },
    'Equals Money is not available right now because of a problem on our side. Please try again later.',
    'Equals Money no está disponible en este momento por un problema de nuestro lado. Inténtalo más tarde.'],
  ['failed: other', 'horus', () => { throw personkitError('PROVIDER_ERROR'); },
    'Horus could not register you. Please try again later.', 'Horus no pudo registrarte. Inténtalo más tarde.'],
];

for (const [kind, provider, answer, wantEn, wantEs] of KINDS) {
  test(`outcome "${kind}" in Spanish and in English; the same code and status in both`, async () => {
    const got = {};
    for (const [lang, headers] of [['es', es], ['en', en]]) {
      const handle = createEnrolHandler({ providers: fakeProviders({ [provider]: { answer } }) });
      const res = await handle(jsonRequest({ person: person() }, { headers }));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('vary'), /\baccept-language\b/);
      got[lang] = (await jsonOf(res)).results[provider];
    }
    assert.equal(got.en.message, wantEn);
    assert.equal(got.es.message, wantEs);
    const { message: _a, ...restEs } = got.es;
    const { message: _b, ...restEn } = got.en;
    assert.deepEqual(restEs, restEn);
  });
}

test('a rate-limited provider that says how long to wait: the outcome carries retryAfter and says the wait in words, in both languages', async () => {
  for (const [wait, en_, es_] of [
    [undefined, 'in a minute', 'en un minuto'], [30, 'in a minute', 'en un minuto'], [120, 'in 2 minutes', 'en 2 minutos'],
    [90.5, 'in 2 minutes', 'en 2 minutos'], [3600, 'in an hour', 'en una hora'], [5400, 'in 2 hours', 'en 2 horas'], [3 * 86400, 'in 3 days', 'en 3 días'],
  ]) {
    const got = {};
    for (const [lang, headers] of [['es', es], ['en', en]]) {
      const answer = () => { throw personkitError('RATE_LIMITED', wait === undefined ? {} : { retryAfter: wait }); };
      const handle = createEnrolHandler({ providers: fakeProviders({ equals: { answer } }) });
      got[lang] = (await jsonOf(await handle(jsonRequest({ person: person() }, { headers })))).results.equals;
    }
    assert.equal(got.en.retryAfter, wait === undefined ? undefined : Math.ceil(wait));
    assert.equal(got.es.retryAfter, got.en.retryAfter);
    assert.equal(got.en.message, `Equals Money is busy right now. Please try again ${en_}.`);
    assert.equal(got.es.message, `Equals Money está ocupado en este momento. Inténtalo de nuevo ${es_}.`);
  }
  // Said again in the other language, as a stored outcome is: the same wait.
  const { fromError } = await import('../../js/server/outcome.mjs');
  const { reword } = await import('../../js/server/words.mjs');
  const busy = fromError('equals', Object.assign(new Error('x'), { name: 'PersonkitError', code: 'RATE_LIMITED', retryAfter: 120 }), 'en');
  assert.equal(reword('equals', busy, 'es').message, 'Equals Money está ocupado en este momento. Inténtalo de nuevo en 2 minutos.');
  // Only a rate limit has a wait: a 503's Retry-After is not read as one.
  assert.equal(fromError('horus', Object.assign(new Error('x'), { name: 'PersonkitError', code: 'SERVER_ERROR', retryAfter: 120 }), 'en').retryAfter, undefined);
});

test('no Accept-Language, or another language: English', async () => {
  for (const headers of [{}, { 'accept-language': 'pt-BR, fr;q=0.5' }]) {
    const { results } = await jsonOf(await createEnrolHandler({ providers: fakeProviders() })(jsonRequest({ person: person() }, { headers })));
    assert.equal(results.verifik.message, 'Registered in Verifik.');
  }
});

test('the ndjson stream speaks the request\'s language too', async () => {
  const handle = createEnrolHandler({ providers: fakeProviders({ horus: { answer: () => { throw personkitError('TIMEOUT'); } } }) });
  const got = await lines(await handle(jsonRequest({ person: person() }, { headers: { ...es, accept: 'application/x-ndjson' } })));
  const horus = got.find((l) => l.provider === 'horus').outcome;
  assert.deepEqual([horus.status, horus.code, horus.retryable], ['failed', 'TIMEOUT', true]);
  assert.equal(horus.message, 'No pudimos comunicarnos con Horus en este momento. Inténtalo de nuevo en un minuto.');
  assert.equal(got.at(-1).results.verifik.message, 'Te registramos en Verifik.');
});

test('a replay in the other language: the stored outcomes are said again in it; nothing is called twice', async () => {
  let first = true;
  const providers = fakeProviders({ horus: { answer: () => { if (first) { first = false; throw personkitError('SERVER_ERROR'); } return { created: true }; } } });
  const handle = createEnrolHandler({ providers });
  const p = person();
  const key = `k-${uid()}`;
  const inSpanish = (await jsonOf(await handle(jsonRequest({ person: p }, { key, headers: es })))).results;
  assert.equal(inSpanish.equals.message, 'Te registramos en Equals Money.');
  // "Try again" after switching the page to English: Horus runs again, the others are replayed.
  const inEnglish = (await jsonOf(await handle(jsonRequest({ person: p }, { key, headers: en })))).results;
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 2 });
  assert.deepEqual(Object.values(inEnglish).map((o) => o.message), ['Registered in Verifik.', 'Registered in Equals Money.', 'Registered in Horus.']);
  assert.deepEqual({ ...inEnglish.equals, message: '' }, { ...inSpanish.equals, message: '' });
  const replay = await handle(jsonRequest({ person: p }, { key, headers: es }));
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal((await jsonOf(replay)).results.horus.message, 'Te registramos en Horus.');
});

test('an invalid person: the refusal and every field error in the request\'s language; codes and fields unchanged', async () => {
  const bad = person({ email: 'ana@', identityNumber: null });
  const answers = {};
  for (const [lang, headers] of [['es', es], ['en', en]]) {
    const { providers, handle } = (() => { const pr = fakeProviders(); return { providers: pr, handle: createEnrolHandler({ providers: pr }) }; })();
    const res = await handle(jsonRequest({ person: bad }, { headers }));
    assert.equal(res.status, 422);
    assert.match(res.headers.get('vary'), /\baccept-language\b/);
    answers[lang] = (await jsonOf(res)).error;
    assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
  }
  assert.equal(answers.es.code, 'VALIDATION_FAILED');
  // Three errors, two problems: Equals and Horus refuse the email in the same words (as errorsByField lists it once).
  assert.equal(answers.es.errors.length, 3);
  // Named and counted as enrol() words its own refusal (summaryOf): the first problem, then how many more.
  assert.equal(answers.es.message, 'Revisa los datos: escribe un correo como nombre@ejemplo.com (y 1 más)');
  assert.equal(answers.en.message, 'Check the details: enter an email like name@example.com (and 1 more)');
  const shape = (e) => e.errors.map(({ field, code, provider }) => `${provider}:${field}:${code}`);
  assert.deepEqual(shape(answers.es), shape(answers.en));
  const email = (e) => e.errors.find((x) => x.field === 'email' && x.provider === 'equals').message;
  assert.equal(email(answers.es), 'Escribe un correo como nombre@ejemplo.com');
  assert.equal(email(answers.en), 'Enter an email like name@example.com');
  assert.equal(answers.es.errors.find((x) => x.field === 'identityNumber').message, 'El DNI es obligatorio');
});

test('a body a prepare hook changed is checked in the request\'s language too', async () => {
  const providers = fakeProviders();
  // The hook writes a value the Equals rules refuse: its error is worded like the rest.
  const handle = createEnrolHandler({ providers, prepare: (payload, { provider }) => (provider === 'equals' ? { ...payload, emailTheme: 'purple' } : undefined) });
  const res = await handle(jsonRequest({ person: person() }, { headers: es }));
  assert.equal(res.status, 422);
  const { error } = await jsonOf(res);
  const theme = error.errors.find((e) => e.provider === 'equals');
  assert.equal(theme.code, 'NOT_ONE_OF');
  assert.match(theme.message, /^Elige /, theme.message);
  assert.deepEqual(calls(providers), { verifik: 0, equals: 0, horus: 0 });
});

test('refusals a person can cause are in their language; those only a broken page causes stay English', async () => {
  const handle = createEnrolHandler({ providers: fakeProviders(), maxBodyBytes: 64 * 1024 });
  const big = await handle(new Request(URL_, {
    method: 'POST', body: new Uint8Array(100 * 1024), headers: { 'content-type': 'application/json', 'idempotency-key': 'k', origin: ORIGIN, ...es },
  }));
  assert.equal(big.status, 413);
  assert.match(big.headers.get('vary'), /\baccept-language\b/);
  assert.deepEqual((await jsonOf(big)).error, { code: 'PAYLOAD_TOO_LARGE', message: 'Lo que enviaste pesa más de 64 KB. Usa fotos más livianas.' });

  const signIn = createEnrolHandler({ providers: fakeProviders(), authorize: () => false });
  assert.equal((await jsonOf(await signIn(jsonRequest({ person: person() }, { headers: es })))).error.message, 'Primero inicia sesión.');
  assert.equal((await jsonOf(await signIn(jsonRequest({ person: person() }, { headers: en })))).error.message, 'Please sign in first.');

  const heic = new File([new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0])], 'x.heic');
  const p = person();
  delete p.photos;
  const photo = (await jsonOf(await createEnrolHandler({ providers: fakeProviders() })(multipartRequest(p, [heic], { headers: es })))).error;
  assert.deepEqual(photo, {
    code: 'VALIDATION_FAILED', message: 'Revisa los datos: la foto 1 debe estar en formato JPEG o PNG: convierte las fotos HEIC del iPhone a JPEG',
    errors: [{ field: 'photos[0]', code: 'INVALID_IMAGE_FORMAT', message: 'La foto 1 debe estar en formato JPEG o PNG: convierte las fotos HEIC del iPhone a JPEG', provider: 'verifik' }],
  });
  // A photo of too many pixels is not "too large (at most 10 MB)": it is small in bytes.
  const claims = new File([fixture('claims-65500x65500.png')], 'big.png', { type: 'image/png' });
  for (const [headers, text] of [[es, 'La foto 1 tiene demasiados píxeles (máximo 50 megapíxeles): elige una más pequeña'], [en, 'Photo 1 has too many pixels (at most 50 megapixels): choose a smaller one']]) {
    const pixels = (await jsonOf(await createEnrolHandler({ providers: fakeProviders() })(multipartRequest(p, [claims], { headers })))).error;
    // `limit` for a page's `messages` (enrol's), as the core gives it: 50 megapixels, not 10 megabytes.
    assert.deepEqual(pixels.errors, [{ field: 'photos[0]', code: 'IMAGE_TOO_LARGE', message: text, limit: 50, provider: 'verifik' }]);
  }

  const reused = createEnrolHandler({ providers: fakeProviders() });
  await (await reused(jsonRequest({ person: person() }, { key: 'same' }))).text();
  const r422 = await reused(jsonRequest({ person: person() }, { key: 'same', headers: es }));
  assert.deepEqual((await jsonOf(r422)).error, { code: 'IDEMPOTENCY_KEY_REUSED', message: 'Este registro ya se envió con otros datos. Recarga la página para empezar uno nuevo.' });

  // A missing key is the page's bug, not the person's: English for its developer, and no Vary on the language.
  const noKey = await handle(jsonRequest({ person: person() }, { key: null, headers: es }));
  assert.equal(noKey.status, 400);
  assert.equal(noKey.headers.get('vary'), null);
  assert.match((await jsonOf(noKey)).error.message, /Idempotency-Key/);
});

test('a cross-origin caller keeps Vary: origin next to accept-language', async () => {
  const handle = createEnrolHandler({ providers: fakeProviders(), allowedOrigins: ['https://other.example'] });
  const res = await handle(jsonRequest({ person: person() }, { origin: 'https://other.example', headers: es }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('vary'), 'origin, accept-language');
  const refused = await handle(jsonRequest({ person: person({ email: 'x' }) }, { origin: 'https://other.example', headers: es }));
  assert.equal(refused.headers.get('vary'), 'origin, accept-language');
  assert.equal(refused.headers.get('access-control-allow-origin'), 'https://other.example');
});

test('FIELD_NOT_ALLOWED is worded for the person in the request\'s language, without the wire path; code and field unchanged', async () => {
  const cases = [
    [es, 'Este dato lo define el sistema: quítalo del formulario.'],
    [en, 'This detail is set by the system: remove it from the form.'],
    [{}, 'This detail is set by the system: remove it from the form.'],
  ];
  for (const [headers, text] of cases) {
    const handle = createEnrolHandler({ providers: fakeProviders() });
    const inPerson = await handle(jsonRequest({ person: person({ extras: { equals: { roleName: 'Owner' } } }) }, { headers }));
    assert.equal(inPerson.status, 400);
    assert.match(inPerson.headers.get('vary'), /\baccept-language\b/);
    const { error } = await jsonOf(inPerson);
    assert.deepEqual([error.code, error.field, error.message], ['FIELD_NOT_ALLOWED', 'extras.equals.roleName', text]);
    assert.ok(error.errors.some((e) => e.field === 'extras.equals.roleName' && e.code === 'FIELD_NOT_ALLOWED'));
    // Named like one outside the person (a top-level member): the same words.
    const outside = (await jsonOf(await handle(jsonRequest({ person: person(), roleName: 'Owner' }, { headers })))).error;
    assert.deepEqual([outside.code, outside.field, outside.message], ['FIELD_NOT_ALLOWED', 'roleName', text]);
  }
});

test('Verifik "already there" after our own retry says the person is registered, as Horus does (the first try may have made them)', async () => {
  const { fromError } = await import('../../js/server/outcome.mjs');
  const err = (retried) => Object.assign(new Error('x'), { name: 'PersonkitError', code: 'ALREADY_EXISTS', retried });
  assert.equal(fromError('verifik', err(true)).message, 'You are registered in Verifik.');
  assert.equal(fromError('verifik', err(true), 'es').message, 'Ya tienes tu registro en Verifik.');
  assert.equal(fromError('verifik', err(false)).message, 'Verifik already has this person, so nothing new was created.');
});

test('photos refused by a multipart request: listed in their order, the summary naming the first and counting the rest', async () => {
  const p = person();
  delete p.photos;
  // The large one settles first (refused from its size, unread); photo 1 is read before it is refused.
  const pdf = new File([fixture('document.pdf')], 'a.pdf', { type: 'application/pdf' });
  const big = new File([new Uint8Array(2 * 2 ** 20)], 'b.jpg', { type: 'image/jpeg' });
  const handle = createEnrolHandler({ providers: fakeProviders(), maxPhotoBytes: 2 ** 20 });
  for (const [headers, message, texts] of [
    [es, 'Revisa los datos: la foto 1 debe estar en formato JPEG o PNG (y 1 más)', ['La foto 1 debe estar en formato JPEG o PNG', 'La foto 2 pesa demasiado (máximo 1 MB)']],
    [en, 'Check the details: photo 1 must be in JPEG or PNG format (and 1 more)', ['Photo 1 must be in JPEG or PNG format', 'Photo 2 is too large (at most 1 MB)']],
  ]) {
    const { error } = await jsonOf(await handle(multipartRequest(p, [pdf, big], { headers })));
    assert.equal(error.message, message);
    assert.deepEqual(error.errors, [
      { field: 'photos[0]', code: 'INVALID_IMAGE_FORMAT', message: texts[0], provider: 'verifik' },
      { field: 'photos[1]', code: 'IMAGE_TOO_LARGE', message: texts[1], limit: 1, provider: 'verifik' },
    ]);
  }
});

test('a stored outcome is said again in the other language, the new words included', async () => {
  const { fromResult, fromError } = await import('../../js/server/outcome.mjs');
  const { reword } = await import('../../js/server/words.mjs');
  const found = fromResult('equals', { id: 'eq_1', personaId: 'pa_1', reconciled: true, attempts: 0 }, 'es', true);
  assert.equal(found.message, 'Equals Money ya tiene a una persona con este correo, así que no se creó nada nuevo.');
  assert.equal(reword('equals', found, 'en').message, 'Equals Money already has a person with this email, so nothing new was created.');
  // Verifik's lookup is by name and date of birth: "this person" still.
  assert.equal(fromResult('verifik', { id: 'v_1', reconciled: true, attempts: 0 }, 'en', true).message, 'Verifik already has this person, so nothing new was created.');
  const err = Object.assign(new Error('x'), { name: 'PersonkitError', code: 'SERVER_ERROR' });
  const failed = fromError('horus', err, 'en');
  assert.deepEqual([failed.retryable, failed.message], [true, 'Horus had a problem just now. Please try again in a few minutes.']);
  assert.equal(reword('horus', failed, 'es').message, 'Horus tuvo un problema en este momento. Inténtalo de nuevo en unos minutos.');
  const identifier = fromResult('horus', { created: false, reason: 'IDENTIFIER_EXISTS' }, 'en');
  assert.equal(reword('horus', identifier, 'es').message, 'Horus ya tiene a una persona con este DNI, así que no se creó nada nuevo.');
});
