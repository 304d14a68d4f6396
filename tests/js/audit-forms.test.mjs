// Forms audit: validation as a form builder in Peru or Colombia uses it.
// Every field of the three providers and of the neutral person gets what
// forms hand over (wrong types, "", whitespace of every kind, too long,
// unicode, nested wrong shapes, typos), and every message produced is read in
// both languages: no wire names, raw limits, `undefined`, English in the
// Spanish or Spanish in the English; validateField agrees with the whole
// check; the clients' errors are worded in both languages through the mock's
// faults. A test that found a bug failed before its fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson, validateField, toProviderPayloads,
  errorsByField, setLocale, getLocale, enrol, encodeImage, VerifikClient, EqualsClient, HorusClient, PersonkitError,
} from 'personkit';
import { createEnrolHandler } from 'personkit/server';
import { mockServer, jpegBase64, largeJpegBase64, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET } from './helpers.mjs';
import { typesProject, compile } from './types-helpers.mjs';

const JPEG = jpegBase64();
const validators = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };
// The stand-ins validateField puts around the one field (src/wasm/messages/apply.js fieldPayload).
const stand = {
  verifik: { name: 'A', images: [JPEG] },
  equals: { accountId: 'A', firstName: 'A', lastName: 'A', roleName: 'Viewer', emailAddress: 'a@example.com' },
  horus: { clientId: 'a', clientSecret: 'a', mainIdentifier: '1', firstName: 'A', lastName: 'A', email: 'a@example.com', categoryId: 1, positionId: 1 },
};
const fields = {
  verifik: ['name', 'images', 'gender', 'date_of_birth', 'nationality', 'collections', 'notes', 'dateOfBirth', 'nombre'],
  equals: ['accountId', 'firstName', 'lastName', 'roleName', 'dob', 'emailAddress', 'primaryMobileNumber', 'status',
    'employeeNumber', 'jobTitle', 'notifyEmailTrans', 'createdByPersonaId', 'addToUserPool', 'sendInvite', 'emailTheme',
    'nationalities', 'sessionId', 'mfaCode', 'customerIp', 'address', 'locale', 'email', 'firstname'],
  horus: ['clientId', 'clientSecret', 'mainIdentifier', 'externalId', 'firstName', 'additionalFirstName', 'lastName',
    'additionalLastName', 'email', 'password', 'enabled', 'custom', 'categoryId', 'positionId', 'dni'],
};
const personFields = ['firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'gender', 'nationality', 'identityNumber', 'photos', 'extras', 'roleName', 'emial'];
/** What forms (and careless code) hand over. */
const values = [
  undefined, null, '', '   ', '\u00a0x\u00a0', '\u3000x\u3000', '\u2028x\u2009', '\u200b', 0, -1, 1.5, 2147483648, NaN, true, false,
  [], ['a'], ['pe', ' co '], {}, { a: 1 }, { city: ' Lima ', countryCode: 'pe' }, { city: '' }, { equals: { jobTitle: ' x ' } },
  { equals: { dob: '1990-01-01' } }, { equals: 5 }, { verifik: { notes: 5 } }, 'x'.repeat(300), ' ñandú José ', 'a\tb', 'a\nb',
  '2999-01-01', '1990-02-30', '04/12/1990', ' 1990-01-01 ', 'pe', ' uk ', 'xx', 'peruana', 'not-an-email', ' a@b.co ',
  'ana@example.pe\u200b', '+51 987 654 321', '+51 987 anexo 2', '12345', '{"a":1}', ' {"a":1} ', '[1]', 'viewer', 'M', 'm',
  'es_PE', 'english', '999.1.1.1', '[object Object]', [[]], [{}], [null], ['', ''], Array(5).fill(JPEG), `data:image/jpeg;base64,${JPEG}`, 'AAAA',
];
const show = (v) => (typeof v === 'string' ? JSON.stringify(v).slice(0, 30) : Array.isArray(v) ? `[${v.length}]` : String(v));

/** A person at a keyboard reads it: no wire names, limits, provider codes or JavaScript leftovers. */
function assertForPeople(message, where) {
  assert.equal(typeof message, 'string', where);
  assert.ok(message.length > 0 && !message.endsWith('.'), `${where}: ${message}`);
  assert.equal(message[0], message[0].toUpperCase(), `${where}: a capital first: ${message}`);
  assert.doesNotMatch(message.replaceAll('iPhone', 'phone'),
    /\b[a-z]+[A-Z]\w*\b|\b\w+_\w+\b|\d{5,}|\bnull\b|undefined|NaN|\[object|\b(?:verifik|equals|horus)\b/, `${where}: ${message}`);
}
// Words only one of the two languages has (what slips through when a text is left untranslated).
const ENGLISH = /\b(?:the|must|is|are|enter|choose|could|not|field|fields|photo|text|number|required|empty|from|can|at|most|with|name|date|email|list|group|of|and|or|valid)\b/i;
const SPANISH = /\b(?:el|la|los|las|debe|deben|escribe|elige|campo|foto|texto|número|obligatori[oa]s?|vací[oa]|desde|puede|máximo|nombre|fecha|correo|lista|grupo|de|del|y|válid[oa])\b/i;
// Spanish words that need their tilde (and the contraction "de el").
const UNACCENTED = /\b(?:vacio|vacia|electronico|numero|telefono|pais|region|codigo|categoria|sesion|direccion|valido|valida|maximo|invalido|dia|ano|contrasena|tambien|mas alla|pixeles|extension|informacion)\b|\bde el\b|\ba el\b/i;

function assertLanguage(locale, message, where) {
  if (locale === 'es') {
    assert.doesNotMatch(message.replace(/\b(?:JPEG|PNG|HEIC|DNI|IP|MB|PE|CO|GB|es-PE|en-GB|AAAA-MM-DD|iPhone)\b/g, ''), ENGLISH, `${where}: English in Spanish: ${message}`);
    assert.doesNotMatch(message, UNACCENTED, `${where}: Spanish spelling: ${message}`);
  } else {
    assert.doesNotMatch(message.replace(/\b(?:DNI|es-PE)\b/g, ''), SPANISH, `${where}: Spanish in English: ${message}`);
  }
}

/** `payload` with `field` set to `value` (left out for undefined), as a form would build it. */
function withField(payload, field, value) {
  const out = { ...payload };
  if (value === undefined) delete out[field];
  else out[field] = value;
  return out;
}
/** The errors at `field` and under it, as validateField keeps them. */
const at = (r, field) => (r.ok ? [] : r.errors.filter((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`)));
const triples = (errors, provider = false) => errors.map((e) => [e.field, e.code, e.message, ...(provider ? [e.provider] : [])]);

test('every message of every provider field, for every kind of input, reads for people in both languages', () => {
  const seen = new Set();
  for (const [provider, validate] of Object.entries(validators)) {
    for (const field of fields[provider]) {
      for (const value of values) {
        const en = validate(withField(stand[provider], field, value), { locale: 'en' });
        const es = validate(withField(stand[provider], field, value), { locale: 'es' });
        const where = `${provider}.${field}=${show(value)}`;
        assert.equal(es.ok, en.ok, where);
        if (en.ok) continue;
        assert.deepEqual(es.errors.map((e) => [e.field, e.code]), en.errors.map((e) => [e.field, e.code]), where);
        for (const [i, e] of en.errors.entries()) {
          for (const [locale, m] of [['en', e.message], ['es', es.errors[i].message]]) {
            if (seen.has(`${locale}|${m}`)) continue;
            seen.add(`${locale}|${m}`);
            assertForPeople(m, `${where} ${e.code} ${locale}`);
            assertLanguage(locale, m, `${where} ${e.code}`);
          }
          assert.notEqual(es.errors[i].message, e.message, `${where} ${e.code}: translated`);
        }
      }
    }
  }
  assert.ok(seen.size > 250, `${seen.size} texts read`);
});

test('validateField agrees with the whole check on every provider field and input, value included', () => {
  for (const [provider, validate] of Object.entries(validators)) {
    for (const field of fields[provider]) {
      for (const value of values) {
        for (const locale of ['en', 'es']) {
          const where = `${provider}.${field}=${show(value)} ${locale}`;
          const whole = validate(withField(stand[provider], field, value), { locale });
          const one = validateField(provider, field, value, { locale });
          assert.deepEqual(one.ok ? [] : triples(one.errors), triples(at(whole, field)), where);
          if (one.ok && whole.ok) assert.deepEqual(one.value, whole.value[field], where);
        }
      }
    }
  }
});

test('validateField on one item of a list (images[i], collections[i], nationalities[i]) agrees with the whole list, TOO_MANY included', () => {
  const items = { images: JPEG, collections: 'a', nationalities: 'PE' };
  for (const [provider, name] of [['verifik', 'images'], ['verifik', 'collections'], ['equals', 'nationalities']]) {
    for (const i of [0, 1, 2, 3, 5]) {
      for (const value of [JPEG, 'x', '', ' ', ' pe ', null, 5, {}, [], 'UK', ' a ']) {
        const field = `${name}[${i}]`;
        const where = `${provider} ${field}=${show(value)}`;
        const whole = validators[provider]({ ...stand[provider], [name]: [...Array(i).fill(items[name]), value] }, { locale: 'es' });
        const one = validateField(provider, field, value, { locale: 'es' });
        const expected = whole.ok ? [] : whole.errors.filter((e) => e.field === field || (e.field === name && e.code === 'TOO_MANY'));
        assert.deepEqual(one.ok ? [] : triples(one.errors), triples(expected), where);
        if (one.ok && whole.ok) assert.deepEqual(one.value, whole.value[name][i], where);
      }
    }
  }
});

test('the neutral person: every message reads for people, and validateField(\'person\') agrees with toProviderPayloads', () => {
  const base = { firstName: 'A', lastName: 'A', email: 'a@example.com', identityNumber: '1', photos: [JPEG] };
  const everyProvider = { verifik: true, equals: true, horus: true };
  for (const serverFields of [everyProvider, { verifik: true }, { equals: true }, { horus: true }]) {
    for (const field of personFields) {
      for (const value of values) {
        for (const locale of ['en', 'es']) {
          const where = `person.${field}=${show(value)} ${Object.keys(serverFields)} ${locale}`;
          const whole = toProviderPayloads(withField(base, field, value), serverFields, { locale });
          const one = validateField('person', field, value, { locale, serverFields });
          const sorted = (errors) => triples(errors, true).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
          assert.deepEqual(one.ok ? [] : sorted(one.errors), sorted(at(whole, field)), where);
          for (const e of whole.ok ? [] : whole.errors) {
            assertForPeople(e.message, `${where} ${e.field} ${e.code}`);
            assertLanguage(locale, e.message, `${where} ${e.field} ${e.code}`);
          }
        }
      }
    }
  }
});

test('validateField(\'person\') accepted: value is the field exactly as every body that carries it sends it', () => {
  const base = { firstName: 'A', lastName: 'A', email: 'a@example.com', identityNumber: '1', photos: [JPEG] };
  const carried = { email: [['equals', 'emailAddress'], ['horus', 'email']], phone: [['equals', 'primaryMobileNumber']],
    dateOfBirth: [['verifik', 'date_of_birth'], ['equals', 'dob']], gender: [['verifik', 'gender']], identityNumber: [['horus', 'mainIdentifier']],
    nationality: [['verifik', 'nationality'], ['equals', 'nationalities', 0]], photos: [['verifik', 'images']] };
  let compared = 0;
  for (const serverFields of [{ verifik: true, equals: true, horus: true }, { verifik: true }, { equals: true }, { horus: true }]) {
    for (const [field, spots] of Object.entries(carried)) {
      for (const value of ['', '  ', ' x ', '\u3000pe\u3000', 'peruana', ' F ', ' 1990-12-04 ', ' +51 987 654 321 ', ' A@B.CO ', null, [JPEG], 'co']) {
        const whole = toProviderPayloads({ ...base, [field]: value }, serverFields);
        const one = validateField('person', field, value, { serverFields });
        if (!whole.ok || !one.ok) continue;
        const sent = spots.filter(([p]) => whole.value[p]).map(([p, k, i]) => (i === undefined ? whole.value[p][k] : whole.value[p][k]?.[i]));
        for (const s of sent) assert.deepEqual(one.value, s, `${field}=${show(value)} ${Object.keys(serverFields)}`);
        if (sent.length === 0) assert.equal(one.value, undefined, `${field}=${show(value)} ${Object.keys(serverFields)}: carried by no body`);
        compared += 1;
      }
    }
  }
  assert.ok(compared > 60, `${compared} compared`);
});

test('inputs as forms give them: "" is absent, every Unicode space trimmed, lowercase codes upper-cased, in every provider', () => {
  for (const space of ['\u00a0', '\u3000', '\u2009', '\u2028', ' \t']) {
    const w = (s) => `${space}${s}${space}`;
    const equals = validateEqualsPerson({
      accountId: w('F1'), firstName: w('Ana'), lastName: w('Quispe'), roleName: 'Viewer', emailAddress: w('ana@example.pe'),
      dob: w('1990-12-04'), primaryMobileNumber: w('+51 987 654 321'), nationalities: [w('pe')], address: { countryCode: w('co'), city: '' }, jobTitle: '',
    });
    assert.deepEqual(equals.value, {
      accountId: 'F1', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', dob: '1990-12-04', emailAddress: 'ana@example.pe',
      primaryMobileNumber: '+51 987 654 321', nationalities: ['PE'], address: { countryCode: 'CO' },
    }, JSON.stringify(space));
    const horus = validateHorusPerson({ ...stand.horus, mainIdentifier: w('45879632'), email: w('a@b.co'), externalId: w(''), password: '', custom: w('{"a":1}') });
    assert.deepEqual([horus.value.mainIdentifier, horus.value.email, 'externalId' in horus.value, 'password' in horus.value, horus.value.custom],
      ['45879632', 'a@b.co', false, false, '{"a":1}'], JSON.stringify(space));
    const verifik = validateVerifikPerson({ name: w('Ana Quispe'), images: [JPEG], nationality: w('co'), date_of_birth: w('1990-12-04'), collections: [w('staff')], notes: '' });
    assert.deepEqual(verifik.value, { name: 'Ana Quispe', images: [JPEG], date_of_birth: '1990-12-04', nationality: 'CO', collections: ['staff'] }, JSON.stringify(space));
  }
  // A required field of spaces only is still empty, in the person's words.
  const blank = validateEqualsPerson({ ...stand.equals, firstName: '\u3000\u00a0' }, { locale: 'es' }).errors;
  assert.deepEqual(triples(blank), [['firstName', 'EMPTY', 'El nombre no puede estar vacío']]);
});

test('locale tags: es-PE, ES, es_PE and en-US count by language; setLocale refuses others in the current language', () => {
  try {
    for (const [tag, want] of [['es-PE', 'es'], ['ES', 'es'], ['es_PE', 'es'], ['es-419', 'es'], ['en-US', 'en'], ['EN', 'en']]) {
      setLocale(tag);
      assert.equal(getLocale(), want, tag);
      assert.equal(validateEqualsPerson({ ...stand.equals, firstName: '' }).errors[0].message, want === 'es' ? 'El nombre no puede estar vacío' : 'First name cannot be empty', tag);
      assert.equal(validateEqualsPerson({ ...stand.equals, firstName: '' }, { locale: tag === 'ES' ? 'en-GB' : 'ES' }).errors[0].message,
        tag === 'ES' ? 'First name cannot be empty' : 'El nombre no puede estar vacío', `per call over ${tag}`);
    }
    setLocale('es');
    for (const bad of ['fr', ' es', 'esp', 'spanish', '', null, undefined, 5, {}, new String('es')]) {
      assert.throws(() => setLocale(bad), (e) => e instanceof PersonkitError && e.code === 'INVALID_OPTIONS' && e.field === 'locale'
        && e.message === 'La configuración de personkit no es válida' && /locale must be/.test(e.detail), String(bad));
      assert.equal(getLocale(), 'es');
    }
  } finally {
    setLocale('en');
  }
});

test('errorsByField: {} for an accepted result, a form\'s map from a result, a client error and a server 422', async () => {
  assert.deepEqual(errorsByField(validateEqualsPerson(stand.equals)), {});
  assert.deepEqual(errorsByField(validateField('equals', 'emailAddress', 'a@b.co')), {});
  assert.deepEqual(errorsByField(toProviderPayloads({ firstName: 'Ana', lastName: 'Q', email: 'a@b.co' }, { equals: true })), {});
  const client = new EqualsClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', locale: 'es' });
  const err = await client.createPerson({ ...stand.equals, emailAddress: 'nope', firstName: '' }).catch((e) => e);
  assert.deepEqual(errorsByField(err), { firstName: ['El nombre no puede estar vacío'], emailAddress: ['Escribe un correo como nombre@ejemplo.com'] });
  // A server's 422 (Equals and Horus both refuse the missing email: one line).
  const eq = { createPerson: async () => ({ id: 'a', personaId: 'b', person: {}, persona: {}, retried: false, attempts: 1, reconciled: false }) };
  const ho = { createPerson: async () => ({ created: true, code: '200001', message: 'ok', requestId: 'r', retried: false, attempts: 1, reconciled: false }) };
  const handle = createEnrolHandler({ providers: { equals: { client: eq, accountId: 'F1', roleName: 'Viewer' }, horus: { client: ho, categoryId: 1, positionId: 1 } } });
  const fetch = (url, init) => handle(new Request(url, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), origin: 'https://app.example' } }));
  const refused = await enrol({ firstName: 'Ana', lastName: 'Q' }, { endpoint: 'https://app.example/api/enrol', fetch, locale: 'es' }).catch((e) => e);
  assert.deepEqual([refused.code, refused.status], ['VALIDATION_FAILED', 422]);
  assert.deepEqual(errorsByField(refused), { email: ['El correo electrónico es obligatorio'], identityNumber: ['El DNI es obligatorio'] });
  const mine = await enrol({ firstName: 'Ana', lastName: 'Q' }, { endpoint: 'https://app.example/api/enrol', fetch, locale: 'es', messages: { email: 'Pon tu correo' } }).catch((e) => e);
  assert.deepEqual(errorsByField(mine), { email: ['Pon tu correo'], identityNumber: ['El DNI es obligatorio'] });
});

test('a photo from <input type=file>: INVALID_TYPE as a File, accepted once encodeImage made it the base64 the body carries (README)', async () => {
  const { readFileSync } = await import('node:fs');
  const file = new File([readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url))], 'me.jpg', { type: 'image/jpeg' });
  assert.equal(validateField('person', 'photos[0]', file).errors[0].code, 'INVALID_TYPE');
  const { base64 } = await encodeImage(file);
  assert.equal(validateField('person', 'photos[0]', base64).ok, true);
  assert.deepEqual(validateField('verifik', 'images[0]', base64), { ok: true, value: base64 });
});

// ---------------------------------------------------------------- clients, through the mock's faults

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());

const uid = () => Math.random().toString(36).slice(2, 10);
const bodies = {
  verifik: () => ({ name: `Ana ${uid()}`, images: [JPEG], date_of_birth: '1990-12-04', collections: ['staff'] }),
  equals: () => ({ accountId: 'F12345', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: `ana.${uid()}@example.pe` }),
  horus: () => ({ mainIdentifier: `4${Date.now() % 1e7}`, firstName: 'Ana', lastName: 'Quispe', email: `ana.${uid()}@example.pe`, categoryId: 1, positionId: 1 }),
};
const clients = {
  verifik: (o) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, ...o }),
  equals: (o) => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, ...o }),
  horus: (o) => new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, ...o }),
};

test('client errors in Spanish and English: each fault\'s words name the system and what to do, never a code or a host', async () => {
  const faults = { '429;retry-after=1': 'RATE_LIMITED', 503: ['SERVER_ERROR', 'RATE_LIMITED'], 500: ['SERVER_ERROR', 'OUTCOME_UNKNOWN'],
    400: 'BAD_REQUEST', 404: 'NOT_FOUND', 'bad-json': ['BAD_RESPONSE', 'OUTCOME_UNKNOWN'], html: ['SERVER_ERROR', 'OUTCOME_UNKNOWN'],
    redirect: 'BAD_RESPONSE', 'delay=2000': ['TIMEOUT', 'OUTCOME_UNKNOWN'], reset: ['NETWORK', 'OUTCOME_UNKNOWN'], 408: ['TIMEOUT', 'OUTCOME_UNKNOWN'] };
  const seen = new Set();
  for (const provider of Object.keys(clients)) {
    for (const [fault, codes] of Object.entries(faults)) {
      const texts = {};
      for (const locale of ['es', 'en']) {
        const client = clients[provider]({ locale, maxRetries: 0, timeoutMs: 500, headers: { 'x-mock-fault': fault } });
        const err = await client.createPerson(bodies[provider]()).catch((e) => e);
        const where = `${provider} ${fault} ${locale}`;
        assert.ok(err instanceof PersonkitError, where);
        assert.ok([codes].flat().includes(err.code), `${where}: ${err.code}`);
        // The account and collection the person is told to look in are their own names, not wire names.
        assertForPeople(err.message.replace(' F12345 ', ' '), where);
        assertLanguage(locale, err.message.replace(/Equals Money|Verifik|Horus|F12345|staff/g, ''), where);
        assert.doesNotMatch(err.message, /127\.0\.0\.1|http|lookFirst|\b\d{3}\b/, where);
        assert.ok(err.detail.length > 10 && err.detail !== err.message, where);
        texts[locale] = err.message;
        seen.add(`${err.code} ${locale}`);
      }
      assert.notEqual(texts.es, texts.en, `${provider} ${fault}`);
    }
  }
  for (const code of ['RATE_LIMITED', 'SERVER_ERROR', 'BAD_REQUEST', 'NOT_FOUND', 'BAD_RESPONSE', 'TIMEOUT', 'NETWORK', 'OUTCOME_UNKNOWN']) {
    assert.ok(seen.has(`${code} es`) && seen.has(`${code} en`), code);
  }
  // Wrong credentials, and a call's locale over the client's.
  const auth = await new HorusClient({ clientId: 'x', clientSecret: 'y', baseUrl: mock.url, locale: 'en' })
    .createPerson(bodies.horus(), { locale: 'es-PE' }).catch((e) => e);
  assert.deepEqual([auth.code, auth.message], ['UNAUTHORIZED', 'Horus rechazó las credenciales: revisa la clave o el token configurados']);
  const outcome = await clients.equals({ locale: 'es', maxRetries: 0, headers: { 'x-mock-fault': '500;after-create' } }).createPerson(bodies.equals()).catch((e) => e);
  assert.deepEqual([outcome.code, outcome.message], ['OUTCOME_UNKNOWN',
    'No sabemos si Equals Money registró a la persona: busca a la persona por su correo electrónico en la cuenta F12345 antes de volver a intentarlo']);
});

test('a client\'s messages option words its own errors: by code, a function, one that throws', async () => {
  const busy = (o) => clients.horus({ maxRetries: 0, headers: { 'x-mock-fault': '503' }, ...o }).createPerson(bodies.horus()).catch((e) => e);
  assert.equal((await busy({ messages: { SERVER_ERROR: 'Horus no responde' } })).message, 'Horus no responde');
  assert.equal((await busy({ locale: 'es', messages: ({ code, locale }) => `${code}/${locale}` })).message, 'SERVER_ERROR/es');
  assert.equal((await busy({ locale: 'es', messages: () => { throw new Error('boom'); } })).message, 'Horus tuvo un error: vuelve a intentarlo más tarde');
  assert.equal((await busy({ locale: 'es', messages: () => 42 })).message, 'Horus tuvo un error: vuelve a intentarlo más tarde');
});

// ---------------------------------------------------------------- enrol(): refusals without the server's words

test('enrol: a 422 without the server\'s summary is worded from its field errors, never "undefined"', async () => {
  const answer = (error) => async () => Response.json({ error }, { status: 422 });
  const call = (error, o = {}) => enrol({ firstName: 'Ana', lastName: 'Q' }, { endpoint: 'https://app.example/api/enrol', fetch: answer(error), ...o }).catch((e) => e);
  const errors = [{ field: 'email', code: 'REQUIRED', message: 'El correo electrónico es obligatorio' }, { field: 'identityNumber', code: 'REQUIRED', message: 'El DNI es obligatorio' }];
  const es = await call({ code: 'VALIDATION_FAILED', errors }, { locale: 'es' });
  assert.deepEqual([es.code, es.status, es.message], ['VALIDATION_FAILED', 422, 'Revisa los datos: el correo electrónico es obligatorio (y 1 más)']);
  // The call's own texts for the fields word the summary too, as a local refusal's.
  const mine = await call({ code: 'VALIDATION_FAILED', errors }, { locale: 'en', messages: { REQUIRED: 'Fill this in' } });
  assert.equal(mine.message, 'Check the details: fill this in (and 1 more)');
  // Errors with no words at all (another backend's): the summary still reads.
  const bare = await call({ code: 'VALIDATION_FAILED', errors: [{ field: 'email', code: 'REQUIRED' }] }, { locale: 'es' });
  assert.equal(bare.message, 'Revisa los datos del formulario');
  const none = await call({ code: 'VALIDATION_FAILED' }, { locale: 'en' });
  assert.equal(none.message, 'Check the details in the form');
  // The same in a stream's error line.
  const line = async () => new Response('{"error":{"code":"VALIDATION_FAILED"}}\n', { headers: { 'content-type': 'application/x-ndjson' } });
  const streamed = await enrol({ firstName: 'Ana', lastName: 'Q' }, { endpoint: 'https://app.example/api/enrol', fetch: line, locale: 'es' }).catch((e) => e);
  assert.deepEqual([streamed.code, streamed.message], ['VALIDATION_FAILED', 'Revisa los datos del formulario']);
  for (const e of [es, mine, bare, none, streamed]) assertForPeople(e.message, e.message);
});

test('enrol: a File photo over 10 MB is worded as the same photo in base64 is, and messages get its limit and provider', async () => {
  const base64 = largeJpegBase64(11 * 2 ** 20);
  const file = new File([Buffer.from(base64, 'base64')], 'phone.jpg', { type: 'image/jpeg' });
  const person = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe' };
  const offline = () => { throw new Error('nothing is sent'); };
  for (const locale of ['es', 'en']) {
    const asFile = await enrol({ ...person, photos: [file] }, { endpoint: 'https://app.example/api/enrol', fetch: offline, locale }).catch((e) => e);
    const asText = toProviderPayloads({ ...person, photos: [base64] }, { verifik: true }, { locale }).errors;
    assert.deepEqual(triples(asFile.errors, true), triples(asText, true), locale);
    const issues = [];
    const messages = { IMAGE_TOO_LARGE: (i) => { issues.push([i.field, i.limit, i.provider]); return `Máximo ${i.limit} MB`; } };
    const own = await enrol({ ...person, photos: [file] }, { endpoint: 'https://app.example/api/enrol', fetch: offline, locale, messages }).catch((e) => e);
    toProviderPayloads({ ...person, photos: [base64] }, { verifik: true }, { locale, messages });
    assert.deepEqual(issues, [['photos[0]', 10, 'verifik'], ['photos[0]', 10, 'verifik']]);
    assert.equal(own.errors[0].message, 'Máximo 10 MB');
  }
});

// ---------------------------------------------------------------- fixed in src/wasm and the core

const ana = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', identityNumber: '45879632', dateOfBirth: '1990-12-04', photos: [JPEG] };
const allServers = { verifik: { collections: ['staff'] }, equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };
const personText = (person, field, locale) => toProviderPayloads(person, allServers, { locale }).errors?.find((e) => e.field === field)?.message;

test('Spanish contracts "de el" to "del" where a field is taken from the person\'s own', () => {
  const text = personText({ ...ana, extras: { equals: { emailAddress: 'otra@example.pe' } } }, 'extras.equals.emailAddress', 'es');
  assert.equal(text, 'El correo electrónico se toma del correo electrónico del formulario: completa ese campo');
});

test('encodeImage given no file (an empty <input type=file>) speaks of the image, not of "the form\'s details"', async () => {
  try {
    for (const [locale, words] of [['en', /photo|image/i], ['es', /foto|imagen/i]]) {
      setLocale(locale);
      for (const source of [undefined, null, 5, {}]) {
        const err = await encodeImage(source).catch((e) => e);
        assert.equal(err.code, 'INVALID_TYPE');
        assert.match(err.message, words, `${locale} ${String(source)}: ${err.message}`);
      }
    }
  } finally {
    setLocale('en');
  }
});

test('a File where the base64 of a photo is checked (validateField(\'person\', \'photos[0]\', input.files[0])) is not "enter photo 1 as text"', () => {
  const file = new File([new Uint8Array([0xff, 0xd8])], 'me.jpg', { type: 'image/jpeg' });
  for (const locale of ['en', 'es']) {
    for (const r of [validateField('person', 'photos[0]', file, { locale }), validateField('verifik', 'images[0]', file, { locale }), validateVerifikPerson({ name: 'Ana', images: [file] }, { locale })]) {
      assert.equal(r.errors[0].code, 'INVALID_TYPE');
      assert.doesNotMatch(r.errors[0].message, /as text|como texto/, `${locale}: ${r.errors[0].message}`);
    }
  }
});

test('a messages function gets provider undefined, never \'person\', for the neutral person\'s own problems (as MessageIssue types it)', () => {
  const providers = new Set();
  const messages = (issue) => { providers.add(issue.provider); return undefined; };
  toProviderPayloads({ ...ana, identityNumber: 45879632, emial: 'x', photos: 'x' }, allServers, { messages });
  validateField('person', 'identityNumber', 45879632, { messages });
  for (const p of providers) assert.ok(p === undefined || ['verifik', 'equals', 'horus'].includes(p), String(p));
});

test('every field the person or its extras can name has a label: no "This field" for extras.equals or a server-owned accountId', () => {
  for (const locale of ['en', 'es']) {
    for (const [person, field] of [[{ ...ana, extras: { equals: 5 } }, 'extras.equals'], [{ ...ana, accountId: 'F9' }, 'accountId'], [{ ...ana, roleName: 'Owner' }, 'roleName']]) {
      const text = personText(person, field, locale);
      assert.ok(text, `${field} refused`);
      assert.doesNotMatch(text, /^(?:This field|Este campo)\b/, `${locale} ${field}: ${text}`);
    }
  }
});

test('OUTCOME_UNKNOWN for a Verifik person sent without collections tells where to look, not a bare "check"', async () => {
  for (const locale of ['en', 'es']) {
    const err = await clients.verifik({ locale, maxRetries: 0, headers: { 'x-mock-fault': 'reset;after-create' } })
      .createPerson({ name: `Ana ${uid()}`, images: [JPEG] }).catch((e) => e);
    assert.equal(err.code, 'OUTCOME_UNKNOWN');
    assert.match(err.message, locale === 'en' ? /look for the person in Verifik before trying again$/ : /busca a la persona en Verifik antes de volver a intentarlo$/, err.message);
  }
});

test('NOT_FOUND from Verifik or Horus does not blame an account (only Equals has accounts)', async () => {
  for (const provider of ['verifik', 'horus']) {
    for (const locale of ['en', 'es']) {
      const err = await clients[provider]({ locale, maxRetries: 0, headers: { 'x-mock-fault': '404' } }).createPerson(bodies[provider]()).catch((e) => e);
      assert.equal(err.code, 'NOT_FOUND');
      assert.doesNotMatch(err.message, /account|cuenta/, `${provider} ${locale}: ${err.message}`);
    }
  }
});

test('a DNI or account number pasted with an invisible mark (LRM, zero-width space) is not sent with it', () => {
  for (const mark of ['\u200e', '\u200b', '\u2060']) {
    const horus = validateField('horus', 'mainIdentifier', `${mark}45879632`);
    assert.ok(!horus.ok || horus.value === '45879632', JSON.stringify(horus));
    const equals = validateField('equals', 'accountId', `F12345${mark}`);
    assert.ok(!equals.ok || equals.value === 'F12345', JSON.stringify(equals));
  }
});

test('a neutral person with one member nested too deep still has every other field checked, as the validators do', () => {
  let deep = 'x';
  for (let i = 0; i < 200; i++) deep = { a: deep };
  const r = toProviderPayloads({ ...ana, email: 'nope', extras: { equals: { jobTitle: deep } } }, { equals: true });
  // The person is read as JSON, which nests 127 levels: the member is refused whole at its key, the rest checked.
  assert.deepEqual(r.errors.map((e) => [e.field, e.code]).sort(), [['email', 'INVALID_EMAIL'], ['extras', 'INVALID_TYPE']]);
});

test('validateField(\'person\', \'photos[0]\', …) accepted gives the photo as sent, as \'photos\' and the providers\' items do', () => {
  assert.deepEqual(validateField('person', 'photos', [JPEG]), { ok: true, value: [JPEG] });
  assert.deepEqual(validateField('person', 'photos[0]', JPEG), { ok: true, value: JPEG });
  assert.deepEqual(validateField('person', 'photos[1]', JPEG, { serverFields: { verifik: true } }), { ok: true, value: JPEG });
});

test('a messages map whose field entry is null (`{ ...defaults, email: cond ? text : null }`) falls back to the code\'s entry', () => {
  const r = validateEqualsPerson({ ...stand.equals, emailAddress: 'nope' }, { messages: { emailAddress: null, INVALID_EMAIL: 'By code' } });
  assert.equal(r.errors[0].message, 'By code');
});

test('the types hold what a form builder gets: results, issues, errorsByField of every result kind (tsc --strict)', async () => {
  const issues = [];
  const keep = (issue) => { issues.push({ ...issue }); return undefined; };
  validateEqualsPerson({ accountId: 'x'.repeat(40), emailAddress: 'nope', emial: 1 }, { locale: 'es', messages: keep });
  toProviderPayloads({ ...ana, email: 'nope', firstName: 'x'.repeat(300) }, allServers, { messages: keep });
  await clients.horus({ maxRetries: 0, messages: keep, headers: { 'x-mock-fault': '503' } }).createPerson(bodies.horus()).catch(() => {});
  assert.ok(issues.length >= 5);
  const samples = [
    ...issues.map((i, n) => [`issue ${n} ${i.code}`, 'MessageIssue', i]),
    ['equals result', 'ValidationResult<EqualsPersonInput>', validateEqualsPerson({ ...stand.equals, dob: '' }, { locale: 'es-PE' })],
    ['equals refused', 'ValidationResult<EqualsPersonInput>', validateEqualsPerson({}, { locale: 'es' })],
    ['field', 'ValidationResult<unknown>', validateField('equals', 'address.city', 5, { locale: 'es' })],
    ['person field', 'PersonFieldResult', validateField('person', 'email', 'nope', { locale: 'es' })],
    ['by field', 'Record<string, string[]>', errorsByField(validateEqualsPerson({}, { locale: 'es' }))],
  ];
  const project = typesProject();
  try {
    const errors = compile(project.dir, 'forms.mts', [
      "import type { MessageIssue, ValidationResult, EqualsPersonInput, PersonFieldResult, Messages } from 'personkit';",
      "import { errorsByField, toProviderPayloads, validateField, checkProviderPayload, mapPerson, setLocale, getLocale, PersonkitError } from 'personkit';",
      "setLocale('es-PE'); const l: 'es' | 'en' = getLocale(); void l;",
      "const byField: Record<string, string[]> = errorsByField(toProviderPayloads({}, { equals: true }));",
      "errorsByField(validateField('person', 'photos[0]', 'x')); errorsByField(checkProviderPayload('horus', {}, { horus: true })); errorsByField(mapPerson({}, { verifik: true }).errors); void byField;",
      "export async function submit(send: () => Promise<unknown>) { try { await send(); } catch (e) { if (e instanceof PersonkitError) return errorsByField(e); } return {}; }",
      "export const texts: Messages = { INVALID_EMAIL: 'Revisa tu correo', accountId: { TOO_LONG: ({ limit }) => `Máximo ${limit ?? ''} caracteres` }, 'photos[0]': (i) => i.message };",
    ], samples);
    assert.deepEqual(errors, []);
  } finally {
    project.remove();
  }
});

test('README step 2: the country codes are trimmed too, and a blank optional one is absent', () => {
  assert.deepEqual(validateField('equals', 'address.countryCode', '\u00a0pe '), { ok: true, value: 'PE' });
  assert.deepEqual(validateField('verifik', 'nationality', ' co\u3000'), { ok: true, value: 'CO' });
  assert.deepEqual(validateField('verifik', 'nationality', '   '), { ok: true, value: undefined });
  assert.deepEqual(validateEqualsPerson({ ...stand.equals, address: { countryCode: '   ', city: 'Lima' } }).value?.address, { city: 'Lima' });
});

test('validateField(\'person\', \'photos[3]\', …): a fourth photo is TOO_MANY at photos, as the whole check and images[3] say (README)', () => {
  assert.deepEqual(triples(validateField('verifik', 'images[3]', JPEG).errors), [['images', 'TOO_MANY', 'You can upload at most 3 photos']]);
  const r = validateField('person', 'photos[3]', JPEG);
  assert.deepEqual(r.ok ? [] : triples(r.errors, true), [['photos', 'TOO_MANY', 'You can upload at most 3 photos', 'verifik']]);
});

test('enrol\'s own texts read a null messages entry as no entry too (the server\'s errors, a photo refused in the page)', async () => {
  const { photoError } = await import('../../js/enrol-messages.mjs');
  const e = photoError('en', { photos: null, IMAGE_TOO_LARGE: 'By code' }, 0, 'IMAGE_TOO_LARGE', 'over 10 MiB');
  assert.equal(e.message, 'By code');
});
