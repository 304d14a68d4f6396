// Words for people: every code has a Spanish and an English text (checked
// against the codes in src/error.rs, as types-drift.test.mjs checks the
// types), every documented field has a label, the limits a message states
// are the limits the rules enforce, the case table reads in both locales
// with no wire names, and the caller's own `messages` come first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson, errorsByField, setLocale, getLocale,
  PersonkitError, EqualsClient, validateField, toProviderPayloads, encodeImage,
} from 'personkit';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
/** A snippet (an ES module with no imports) loaded from its source. */
const snippet = (path) => import(`data:text/javascript,${encodeURIComponent(read(path))}`);
const { catalogueEn } = await snippet('src/wasm/messages/en.js');
const { catalogueEs } = await snippet('src/wasm/messages/es.js');
const { limitsTable } = await snippet('src/wasm/messages/limits.js');
const catalogues = { en: catalogueEn(), es: catalogueEs() };
const limits = limitsTable();

const rust = read('src/error.rs');
const codes = [...rust.matchAll(/Self::(\w+) => "([A-Z0-9_]+)"/g)].map(([, , c]) => c);
const top = (() => {
  const start = rust.indexOf('top-level codes');
  const body = rust.slice(start, rust.indexOf('// ----', start + 10));
  const names = new Map([...rust.matchAll(/Self::(\w+) => "([A-Z0-9_]+)"/g)].map(([, v, c]) => [v, c]));
  return [...body.matchAll(/^\s*(\w+),\s*$/gm)].map(([, v]) => names.get(v));
})();
const validators = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };
const table = JSON.parse(read('tests/fixtures/validate_cases.json'));

/** The documented fields of a provider, from its Rust rules (and Equals' address members). */
function fields(provider) {
  const src = read(`src/providers/${provider}/validate.rs`);
  const list = (name) => [...src.match(new RegExp(`pub const ${name}: \\[&str; \\d+\\] = \\[([^\\]]+)\\]`))[1].matchAll(/"(\w+)"/g)].map((m) => m[1]);
  const out = list('FIELDS');
  if (provider === 'equals') out.push(...list('ADDRESS_FIELDS').map((f) => `address.${f}`));
  return out;
}

test('every code in src/error.rs has a Spanish and an English text', () => {
  assert.ok(codes.length >= 39 && top.length >= 15);
  for (const [locale, cat] of Object.entries(catalogues)) {
    for (const code of codes) {
      const text = top.includes(code) ? cat.errors[code] : cat.rules[code];
      assert.equal(typeof text, 'function', `${locale} lacks ${code}`);
    }
    for (const code of [...Object.keys(cat.rules), ...Object.keys(cat.errors)]) assert.ok(codes.includes(code), `${locale} has ${code}, which Rust never returns`);
  }
});

test('every documented field has a label in both locales', () => {
  for (const provider of Object.keys(validators)) {
    for (const field of fields(provider)) {
      for (const [locale, cat] of Object.entries(catalogues)) assert.equal(typeof cat.labels[provider][field], 'string', `${locale} ${provider}.${field}`);
    }
  }
});

// A valid payload per provider, to change one field of.
const JPEG = read('tests/fixtures/validate_cases.json').match(/"(\/9j\/[A-Za-z0-9+/=]{40,})"/)[1];
const valid = {
  verifik: { name: 'Ana', images: [JPEG] },
  equals: { accountId: 'F1', firstName: 'Ana', lastName: 'Q', roleName: 'Viewer', emailAddress: 'a@example.pe' },
  horus: { clientId: 'c', clientSecret: 's', mainIdentifier: '45879632', firstName: 'Ana', lastName: 'Q', email: 'a@example.pe', categoryId: 1, positionId: 1 },
};
/** `payload` with `field` (maybe `address.city`) set to `value`. */
function withField(payload, field, value) {
  const out = structuredClone(payload);
  const [head, member] = field.split('.');
  if (member) out[head] = { ...out[head], [member]: value };
  else out[head] = value;
  return out;
}
const codesAt = (r, field) => (r.ok ? [] : r.errors.filter((e) => e.field === field).map((e) => e.code));

test('the limits a message states are the limits the rules enforce, and every length limit is in the table', () => {
  // Each entry: at the limit is fine, one over is refused.
  for (const [provider, entries] of Object.entries(limits)) {
    for (const [field, l] of Object.entries(entries)) {
      if (field === 'images') continue;
      const char = field.endsWith('countryCode') ? 'A' : '1';
      const at = validators[provider](withField(valid[provider], field, char.repeat(l.max)));
      assert.ok(!codesAt(at, field).includes('TOO_LONG'), `${provider}.${field} at ${l.max}`);
      const over = validators[provider](withField(valid[provider], field, char.repeat(l.max + 1)));
      assert.deepEqual(codesAt(over, field), ['TOO_LONG'], `${provider}.${field} over ${l.max}`);
    }
  }
  const images = limits.verifik.images;
  assert.deepEqual(codesAt(validateVerifikPerson({ name: 'A', images: Array(images.max).fill(JPEG) }), 'images'), []);
  assert.deepEqual(codesAt(validateVerifikPerson({ name: 'A', images: Array(images.max + 1).fill(JPEG) }), 'images'), ['TOO_MANY']);
  assert.deepEqual(codesAt(validateVerifikPerson({ name: 'A', images: Array(images.min - 1).fill(JPEG) }), 'images'), ['TOO_FEW']);
  // 10 MiB once decoded: the base64 of one byte more is refused.
  const mib = (n) => 'A'.repeat(Math.ceil((n * 2 ** 20 + 1) / 3) * 4);
  assert.deepEqual(codesAt(validateVerifikPerson({ name: 'A', images: [mib(10)] }), 'images[0]'), ['IMAGE_TOO_LARGE']);
  // No string field has a length limit the table leaves out (its message would have no number).
  for (const provider of Object.keys(validators)) {
    for (const field of fields(provider)) {
      const r = validators[provider](withField(valid[provider], field, 'x'.repeat(5000)));
      if (codesAt(r, field).includes('TOO_LONG')) assert.ok(limits[provider][field], `${provider}.${field} has a limit the table lacks`);
    }
  }
});

/** Wire names a person must never read: camelCase or snake_case words, and integer limits. */
function assertForPeople(message, where) {
  assert.ok(message.length > 0 && !message.endsWith('.'), `${where}: ${message}`);
  assert.ok(message[0] === message[0].toUpperCase(), `${where}: starts with a capital: ${message}`);
  assert.doesNotMatch(message.replaceAll('iPhone', 'phone'), /\b[a-z]+[A-Z]\w*\b|\b\w+_\w+\b|2147483647|\bnull\b|undefined/, `${where}: ${message}`);
}

test(`the case table (${table.cases.length} cases) in both locales: same codes and paths, texts for people`, () => {
  for (const c of table.cases) {
    const en = validators[c.provider](c.input);
    const es = validators[c.provider](c.input, { locale: 'es' });
    assert.equal(es.ok, en.ok, c.name);
    if (en.ok) continue;
    assert.deepEqual(es.errors.map((e) => [e.field, e.code]), en.errors.map((e) => [e.field, e.code]), c.name);
    for (const e of [...en.errors, ...es.errors]) assertForPeople(e.message, `${c.provider}: ${c.name}: ${e.field} ${e.code}`);
    for (const [i, e] of es.errors.entries()) assert.notEqual(e.message, en.errors[i].message, `${c.name}: ${e.code} is translated`);
  }
});

test('the messages option: codes, fields, a field\'s codes, a function; a throwing one falls back', () => {
  const input = { accountId: 'x'.repeat(40), firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'nope' };
  const byCode = validateEqualsPerson(input, { messages: { INVALID_EMAIL: 'Correo raro', TOO_LONG: ({ field, code, limit }) => `${field} ${code} ${limit}` } });
  assert.deepEqual(errorsByField(byCode), { accountId: ['accountId TOO_LONG 36'], emailAddress: ['Correo raro'] });
  const byField = validateEqualsPerson(input, { locale: 'es', messages: { emailAddress: { INVALID_EMAIL: 'Uno' }, accountId: 'Dos', INVALID_EMAIL: 'Tres' } });
  assert.deepEqual(errorsByField(byField), { accountId: ['Dos'], emailAddress: ['Uno'] });
  const fn = validateEqualsPerson(input, { locale: 'es', messages: (issue) => (issue.code === 'INVALID_EMAIL' ? `${issue.locale}: ${issue.message}` : undefined) });
  assert.deepEqual(errorsByField(fn).emailAddress, ['es: Escribe un correo como nombre@ejemplo.com']);
  assert.match(errorsByField(fn).accountId[0], /^El número de cuenta puede tener como máximo 36 caracteres$/);
  const throwing = validateEqualsPerson(input, { messages: () => { throw new Error('boom'); } });
  assert.equal(throwing.ok, false);
  assert.match(throwing.errors[1].message, /email/);
});

// Rust sends a rule's technical text only where it is read: for a
// `messages` (as `detail`, for every code) and for the codes whose words are
// made from it (a "did you mean" hint, a date in the future).
test('a rule\'s technical text reaches every messages function, and the words never miss it', () => {
  const input = { accountId: 'x'.repeat(40), firstName: ' ', lastName: 'B', roleName: 'viewer', emailAddress: 'nope', dob: '2999-01-01', emial: 'a@b.co' };
  const seen = [];
  validateEqualsPerson(input, { messages: (issue) => { seen.push(issue); return undefined; } });
  assert.ok(seen.length >= 6, `${seen.length} issues`);
  for (const issue of seen) assert.ok(issue.detail.length > 8 && issue.detail !== issue.code, `${issue.code}: detail "${issue.detail}"`);
  for (const locale of ['en', 'es']) {
    const r = validateEqualsPerson(input, { locale });
    assert.deepEqual(r.errors.map((e) => e.code), seen.map((i) => i.code));
    for (const e of r.errors) assertForPeople(e.message, `${locale} ${e.field} ${e.code}`);
    const said = (code) => r.errors.find((e) => e.code === code).message;
    assert.match(said('NOT_ONE_OF'), /Viewer\?\)$/, 'the hint is read from the rule\'s text');
    assert.match(said('INVALID_DATE'), locale === 'en' ? /future/ : /futura/, 'so is "in the future"');
  }
});

test('errorsByField: a form\'s map, from a result, a list or a PersonkitError', () => {
  assert.deepEqual(errorsByField(validateEqualsPerson({ ...valid.equals })), {});
  const r = validateVerifikPerson({ images: [JPEG, JPEG, JPEG, JPEG], gender: 'x' }, { locale: 'es' });
  const map = errorsByField(r);
  assert.deepEqual(Object.keys(map).sort(), ['gender', 'images', 'name']);
  assert.deepEqual(map.images, ['Puedes subir como máximo 3 fotos']);
  assert.deepEqual(errorsByField(r.errors), map);
  assert.deepEqual(errorsByField(null), {});
  // Entries with no words are left out, not shown as an empty line.
  assert.deepEqual(errorsByField({ errors: [null, 5, { field: 5 }, { field: 'a', message: '' }, { message: 'whole form' }] }), { '': ['whole form'] });
  assert.deepEqual(Object.keys(errorsByField([{ field: '__proto__', code: 'X', message: 'm' }])), ['__proto__']);
});

test('setLocale: the default for every later call; tags count by language; other languages refused', () => {
  try {
    assert.equal(getLocale(), 'en');
    setLocale('es-PE');
    assert.equal(getLocale(), 'es');
    assert.equal(validateEqualsPerson({}).errors[0].message, 'El número de cuenta es obligatorio');
    assert.equal(validateEqualsPerson({}, { locale: 'en' }).errors[0].message, 'Account number is required');
    assert.throws(() => setLocale('fr'), (e) => e instanceof PersonkitError && e.code === 'INVALID_OPTIONS' && e.field === 'locale');
    assert.equal(getLocale(), 'es');
    // A call naming another language gets the default, never a throw.
    assert.equal(validateEqualsPerson({}, { locale: 'fr' }).errors[0].message, 'El número de cuenta es obligatorio');
  } finally {
    setLocale('en');
  }
});

test('clients: PersonkitError in the client\'s locale, or the call\'s; the technical text kept as detail', async () => {
  const client = new EqualsClient({ baseUrl: 'http://127.0.0.1:9', locale: 'es' });
  const es = await client.createPerson({ ...valid.equals, emailAddress: 'nope' }).catch((e) => e);
  assert.ok(es instanceof PersonkitError);
  assert.equal(es.code, 'VALIDATION_FAILED');
  assert.equal(es.message, 'Revisa los datos: escribe un correo como nombre@ejemplo.com');
  assert.equal(es.errors[0].message, 'Escribe un correo como nombre@ejemplo.com');
  assert.match(es.detail, /emailAddress/);
  assert.equal(JSON.parse(JSON.stringify(es)).detail, es.detail);
  const en = await client.createPerson({ ...valid.equals, emailAddress: 'nope' }, { locale: 'en', messages: { INVALID_EMAIL: 'Mine' } }).catch((e) => e);
  assert.equal(en.message, 'Check the details: mine');
  assert.throws(() => new EqualsClient({ baseUrl: 'http://127.0.0.1:9', locale: 'fr' }), (e) => e.code === 'INVALID_OPTIONS' && e.field === 'locale');
  assert.throws(() => new EqualsClient({ baseUrl: 'http://127.0.0.1:9', messages: 3 }), (e) => e.code === 'INVALID_OPTIONS' && e.field === 'messages');
});

test('the neutral person: messages get the refusing provider and its limit, and the default text states it', async () => {
  const { toProviderPayloads } = await import('personkit');
  const person = { firstName: 'x'.repeat(300), lastName: 'a', email: 'a@b.co', dateOfBirth: '1990-01-01', photos: ['a', 'b', 'c', 'd'] };
  const serverFields = { equals: { accountId: 'F1', roleName: 'Viewer' }, verifik: { collections: ['staff'] } };
  const seen = [];
  const messages = { TOO_LONG: ({ limit }) => `Máximo ${limit} caracteres`, TOO_MANY: (issue) => { seen.push(issue); return undefined; } };
  const r = toProviderPayloads(person, serverFields, { messages });
  const long = r.errors.find((e) => e.code === 'TOO_LONG');
  assert.deepEqual([long.field, long.provider, long.message], ['firstName', 'equals', 'Máximo 256 caracteres']);
  assert.deepEqual(seen.map((i) => [i.field, i.provider, i.limit]), [['photos', 'verifik', 3]]);
  const es = toProviderPayloads(person, serverFields, { locale: 'es' }).errors.find((e) => e.code === 'TOO_LONG');
  assert.match(es.message, /256/);
});

test('Spanish agrees in number, extras are named by their provider field, and an empty own text leaves personkit\'s', async () => {
  const { toProviderPayloads } = await import('personkit');
  const photos = validateVerifikPerson({ name: 'Ana', images: 'x', collection_id: 'c' }, { locale: 'es' }).errors.find((e) => e.field === 'images');
  assert.equal(photos.message, 'Las fotos deben ser una lista'); // plural: 'deben'
  const person = { firstName: 'Ana', lastName: 'Quispe', email: 'a@b.co', dateOfBirth: '1990-01-01', extras: { equals: { jobTitle: 5 } } };
  const serverFields = { equals: { accountId: 'F1', roleName: 'Viewer' } };
  const extra = (locale) => toProviderPayloads(person, serverFields, { locale }).errors.find((e) => e.field === 'extras.equals.jobTitle').message;
  assert.deepEqual([extra('en'), extra('es')], ['Enter the job title as text', 'Escribe el cargo como texto']);
  for (const messages of [{ REQUIRED: '' }, { REQUIRED: () => '' }, () => '']) {
    const [first] = validateEqualsPerson({ accountId: 'F1' }, { messages }).errors;
    assert.equal(first.message, 'First name is required');
  }
});

// Found by an audit of the texts (session 33): each was wrong before.
test('texts a person can act on: the neutral person takes its provider field\'s words, limits reach extras, Spanish agrees', async () => {
  const { toProviderPayloads } = await import('personkit');
  const all = { verifik: { collections: ['staff'] }, equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };
  const ana = { firstName: 'Ana', lastName: 'Quispe', email: 'a@b.co', dateOfBirth: '1990-01-01', gender: 'F', photos: [] };
  const text = (person, field, locale = 'es') => toProviderPayloads(person, all, { locale }).errors.find((e) => e.field === field)?.message;
  // The person's fields are worded as the provider field they fill.
  assert.equal(text({ ...ana, photos: undefined }, 'photos'), 'Agrega al menos una foto');
  assert.equal(text({ ...ana, photos: ['a', 'b', 'c', 'd'] }, 'photos'), 'Puedes subir como máximo 3 fotos');
  assert.equal(text({ ...ana, gender: 'x' }, 'gender'), 'Elige el sexo: M (masculino) o F (femenino)');
  // A hint inside extras names the provider field as its form labels it.
  assert.equal(text({ ...ana, extras: { equals: { jbTitle: 'x' } } }, 'extras.equals.jbTitle', 'en'), 'This is not part of the form (did you mean job title?)');
  assert.equal(text({ ...ana, extras: { equals: { address: { zip: '1' } } } }, 'extras.equals.address.zip', 'en'), 'This is not part of the form (did you mean postcode?)');
  // A limit reaches a provider field given in extras.
  assert.equal(text({ ...ana, extras: { equals: { jobTitle: 'x'.repeat(300) } } }, 'extras.equals.jobTitle', 'en'), 'Job title can have at most 256 characters');
  // Server-owned: gender and number agree; a field the person's own fills says which.
  const extras = { verifik: { collections: ['a'] }, horus: { categoryId: 1 }, equals: { dob: '1990-01-01' } };
  assert.equal(text({ ...ana, extras }, 'extras.verifik.collections'), 'Las colecciones no se pueden elegir en este formulario: las define el sistema');
  assert.equal(text({ ...ana, extras }, 'extras.horus.categoryId'), 'La categoría no se puede elegir en este formulario: la define el sistema');
  assert.equal(text({ ...ana, extras }, 'extras.verifik.collections', 'en'), 'Collections cannot be chosen in this form: the system sets them');
  assert.equal(text({ ...ana, extras }, 'extras.equals.dob'), 'La fecha de nacimiento se toma de la fecha de nacimiento del formulario: completa ese campo');
  // An id over its limit is not "a number greater than zero"; neither text states the limit.
  const horus = { clientId: 'a', clientSecret: 'b', mainIdentifier: '4', firstName: 'A', lastName: 'B', email: 'a@b.co', categoryId: 2147483648, positionId: 0 };
  const [big, zero] = validateHorusPerson(horus, { locale: 'es' }).errors;
  assert.deepEqual([big.code, big.message], ['OUT_OF_RANGE', 'La categoría no es válida: elige una de la lista']);
  assert.deepEqual([zero.code, zero.message], ['OUT_OF_RANGE', 'El puesto no es válido: elige uno de la lista']);
  // A box that only looks filled (a zero-width space) is empty; text that decodes to nothing is broken, not empty.
  assert.equal(validateEqualsPerson({ firstName: '\u200b' }).errors.find((e) => e.field === 'firstName').code, 'EMPTY');
  assert.equal(validateVerifikPerson({ name: 'Ana', images: ['x'] }).errors[0].code, 'INVALID_BASE64');
  // A choice left unmade ("" from a select, an empty file list) is required, not of the wrong type.
  const unmade = validateHorusPerson({ ...horus, categoryId: '', positionId: 1 }, { locale: 'es' }).errors;
  assert.deepEqual(unmade.map((e) => [e.field, e.code, e.message]), [['categoryId', 'REQUIRED', 'La categoría es obligatoria']]);
  const noPhotos = validateVerifikPerson({ name: 'Ana', images: '' }, { locale: 'es' }).errors;
  assert.deepEqual(noPhotos.map((e) => [e.field, e.code, e.message]), [['images', 'REQUIRED', 'Agrega al menos una foto']]);
});

test('a messages map whose getter throws leaves personkit\'s text for people, never the technical one', () => {
  const messages = { get INVALID_BASE64() { throw new Error('getter'); } };
  const [e] = validateVerifikPerson({ name: 'Ana', images: ['abc'] }, { locale: 'es', messages }).errors;
  assert.equal(e.message, 'La foto 1 no se pudo leer: vuelve a subirla');
  const trap = new Proxy({}, { has() { throw new Error('trap'); }, getOwnPropertyDescriptor() { throw new Error('trap'); } });
  const [f] = validateVerifikPerson({ name: 'Ana', images: ['abc'] }, { messages: trap }).errors;
  assert.equal(f.message, 'Photo 1 could not be read: upload it again');
});

test('an options error speaks the locale and messages of the options it is about', async () => {
  const { HorusClient, VerifikClient, validateField } = await import('personkit');
  const thrown = (fn) => { try { fn(); } catch (e) { return e; } return assert.fail('did not throw'); };
  const es = 'La configuración de personkit no es válida';
  assert.deepEqual([thrown(() => validateField('xx', 'a', 1, { locale: 'es' })).message], [es]);
  // A client being built is the developer's to read: its message also says what to fix (workerd and Deno print no `detail`).
  for (const err of [
    thrown(() => new EqualsClient({ apiKey: 5, locale: 'es' })),
    thrown(() => new HorusClient({ clientId: 'k', locale: 'es-PE' })),
  ]) assert.deepEqual([err.code, err.message], ['INVALID_OPTIONS', `${es} (${err.detail})`]);
  const own = thrown(() => new VerifikClient({ token: 't', timeoutMs: -1, messages: { INVALID_OPTIONS: 'Mío' } }));
  assert.deepEqual([own.field, own.message], ['timeoutMs', 'Mío']);
  assert.match(thrown(() => new VerifikClient({ token: 't', timeoutMs: -1 })).message, /^The options given to personkit are not valid \(timeoutMs must be a number/);
});

test('a value of the wrong type says what the field takes, in both locales', () => {
  const equals = { accountId: 'F1', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: 'a@b.co' };
  const words = (input, field, locale) => validateEqualsPerson(input, { locale }).errors.find((e) => e.field === field);
  const cases = [
    [{ ...equals, firstName: 42 }, 'firstName', 'Enter the first name as text', 'Escribe el nombre como texto'],
    [{ ...equals, sendInvite: 'yes' }, 'sendInvite', /^Choose yes or no for the /, /^Elige sí o no en /],
    [{ ...equals, nationalities: 'PE' }, 'nationalities', /must be a list$/, /debe[n]? ser una lista$/],
    [{ ...equals, address: 'Av. Arequipa 123' }, 'address', /must be a group of fields$/, /debe ser un grupo de campos$/],
  ];
  for (const [input, field, en, es] of cases) {
    const e = words(input, field, 'en');
    assert.equal(e?.code, 'INVALID_TYPE', field);
    assert.match(e.message, en instanceof RegExp ? en : new RegExp(`^${en}$`), field);
    assert.match(words(input, field, 'es').message, es instanceof RegExp ? es : new RegExp(`^${es}$`), field);
  }
  const horus = { clientId: 'a', clientSecret: 'b', mainIdentifier: '4', firstName: 'A', lastName: 'B', email: 'a@b.co', categoryId: 1, positionId: 1 };
  const id = validateHorusPerson({ ...horus, categoryId: 'uno' }, { locale: 'es' }).errors.find((e) => e.field === 'categoryId');
  assert.deepEqual([id.code, id.message], ['INVALID_TYPE', 'Escribe la categoría como un número entero']);
  const enabled = validateHorusPerson({ ...horus, enabled: true }, { locale: 'en' }).errors.find((e) => e.field === 'enabled');
  assert.deepEqual([enabled.code, enabled.message], ['INVALID_TYPE', 'Choose whether the account is active or inactive']);
});

// Forms audit: what people in Lima, Bogotá, Madrid and London type, and a text
// they can act on. A date typed in the asked form that does not exist is not
// told to use that form; an email that only looks right (a zero-width space
// pasted with it) is told what is wrong; "UK" is pointed to GB.
test('texts a person can act on: a day that does not exist, an invisible character in an email, UK for GB', () => {
  const equals = { accountId: 'F1', firstName: 'Ana', lastName: 'Quispe', roleName: 'Viewer', emailAddress: 'ana@example.pe' };
  const text = (input, field, locale) => validateEqualsPerson({ ...equals, ...input }, { locale }).errors.find((e) => e.field === field).message;
  // The year too: 0000-01-01 is refused for its year, which "the day and the month" did not name.
  for (const dob of ['2023-02-29', '1990-02-30', '1990-04-31', '0000-01-01']) {
    assert.equal(text({ dob }, 'dob', 'es'), 'La fecha de nacimiento no existe en el calendario: revisa el día, el mes y el año', dob);
    assert.equal(text({ dob }, 'dob', 'en'), 'The date of birth does not exist on the calendar: check the day, the month and the year', dob);
  }
  assert.equal(text({ dob: '04/12/1990' }, 'dob', 'es'), 'Escribe la fecha de nacimiento como AAAA-MM-DD, por ejemplo 1990-12-04');
  for (const emailAddress of ['ana@example.pe\u200b', '\ufeffana@example.pe', 'ana@exam\u00adple.pe']) {
    assert.equal(text({ emailAddress }, 'emailAddress', 'es'), 'El correo electrónico tiene un carácter invisible, quizá al copiarlo: escríbelo de nuevo', JSON.stringify(emailAddress));
    assert.equal(text({ emailAddress }, 'emailAddress', 'en'), 'The email address has an invisible character, perhaps from copying it: type it again', JSON.stringify(emailAddress));
  }
  assert.equal(text({ emailAddress: 'ana@gmail,com' }, 'emailAddress', 'es'), 'Escribe un correo como nombre@ejemplo.com');
  assert.equal(text({ nationalities: ['UK'] }, 'nationalities[0]', 'es'), 'Escribe la nacionalidad 1 con el código de país de dos letras, por ejemplo PE o CO (¿quisiste decir GB?)');
  assert.equal(text({ nationalities: ['uk'] }, 'nationalities[0]', 'en'), 'Enter nationality 1 as a two-letter country code, such as PE or CO (did you mean GB?)');
  assert.equal(text({ nationalities: ['XX'] }, 'nationalities[0]', 'en'), 'Enter nationality 1 as a two-letter country code, such as PE or CO');
  const verifik = validateVerifikPerson({ name: 'Ana', images: ['/9j/x'], nationality: 'UK' }, { locale: 'es' }).errors.find((e) => e.field === 'nationality');
  assert.equal(verifik.message, 'Escribe la nacionalidad como código de país (PE, CO) o como nombre (peruana): ¿quisiste decir GB?');
  const verifikEn = validateVerifikPerson({ name: 'Ana', images: ['/9j/x'], nationality: 'UK' }).errors.find((e) => e.field === 'nationality');
  assert.equal(verifikEn.message, 'Enter the nationality as a country code (PE, CO) or a name (Peruvian): did you mean GB?');
  // The phone text lists what the rule takes: dots too ("+51.987.654.321" is accepted).
  assert.match(text({ primaryMobileNumber: '+51 987 654 321 anexo 2' }, 'primaryMobileNumber', 'es'), /puntos/);
  assert.match(text({ primaryMobileNumber: '+51 987 654 321 anexo 2' }, 'primaryMobileNumber', 'en'), /dots/);
});

test('a photo sent as a data URL says so (the code sending it must change), in both locales', () => {
  const input = { name: 'Ana Ruiz', images: ['data:image/jpeg;base64,/9j/4AAQ'] };
  assert.equal(validateVerifikPerson(input).errors[0].message, 'Photo 1 was sent as a data URL: send only the base64 after the comma');
  assert.equal(validateVerifikPerson(input, { locale: 'es' }).errors[0].message, 'La foto 1 se envió como URL data: envía solo el base64 que va después de la coma');
  // Broken base64 keeps its own words.
  assert.equal(validateVerifikPerson({ name: 'Ana Ruiz', images: ['*'] }).errors[0].message, 'Photo 1 could not be read: upload it again');
});

// Wording audit (a native speaker's): a File handed to the synchronous
// validators is the page's mistake (encodeImage's base64 goes there), so the
// person is not told to pick the file again; the developer reads how in `detail`.
test('a photo File given to the validators: a problem of the page for the person, the fix in detail', async () => {
  const file = new File([readFileSync(new URL('tests/fixtures/images/portrait-120x160.jpg', root))], 'a.jpg', { type: 'image/jpeg' });
  const person = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', identityNumber: '4', photos: [file] };
  const want = {
    es: 'No pudimos revisar la foto 1 por un problema de esta página: inténtalo más tarde',
    en: 'We could not check photo 1 because of a problem on this page: try again later',
  };
  for (const locale of ['es', 'en']) {
    let issue;
    const messages = (i) => { issue = i; };
    const checks = [
      validateField('person', 'photos[0]', file, { locale, messages }),
      validateVerifikPerson({ name: 'Ana', images: [file] }, { locale, messages }),
      toProviderPayloads(person, { verifik: {} }, { locale, messages }),
    ];
    for (const r of checks) {
      const e = r.errors.find((x) => /^(photos|images)\[0\]$/.test(x.field));
      assert.deepEqual([e.code, e.message], ['INVALID_TYPE', want[locale]]);
      assert.match(issue.detail, /must be a string, got an object: pass \(await encodeImage\(file\)\)\.base64$/);
    }
  }
  // Bytes of a real photo's size where its base64 goes: refused for their count of values, the same page's mistake
  // to the person (not "at most 3 photos" for one photo).
  for (const locale of ['es', 'en']) {
    const e = validateVerifikPerson({ name: 'Ana', images: [new Uint8Array(2 ** 20)] }, { locale }).errors.find((x) => x.field === 'images[0]');
    assert.deepEqual([e.code, e.message], ['TOO_MANY', want[locale]]);
  }
  // A photo that truly cannot be read (moved since it was picked) still says so.
  const gone = { size: 10, type: 'image/jpeg', arrayBuffer: () => Promise.reject(new Error('gone')) };
  const before = getLocale();
  try {
    for (const [locale, text] of [['es', 'La imagen no se pudo leer: vuelve a elegir el archivo'], ['en', 'Image could not be read: choose the file again']]) {
      setLocale(locale);
      await assert.rejects(encodeImage(gone), (e) => e.code === 'INVALID_IMAGE_FORMAT' && e.message === text);
    }
  } finally {
    setLocale(before);
  }
});

test('an image over its limit says the limit: encodeImage\'s maxBytes, and megapixels (not megabytes) to `messages`', async () => {
  const before = getLocale();
  try {
    for (const [locale, big, small] of [['es', 'La imagen pesa demasiado (máximo 10 MB)', 'La imagen pesa demasiado (máximo 0,5 MB)'],
      ['en', 'Image is too large (at most 10 MB)', 'Image is too large (at most 0.5 MB)']]) {
      setLocale(locale);
      await assert.rejects(encodeImage(new Blob([new Uint8Array(12 * 2 ** 20)])), (e) => e.code === 'IMAGE_TOO_LARGE' && e.message === big);
      await assert.rejects(encodeImage(new Blob([new Uint8Array(600000)]), { maxBytes: 500000 }), (e) => e.message === small);
    }
    setLocale('es');
    await assert.rejects(encodeImage(new Blob([new Uint8Array(13 * 2 ** 20)]), { maxBytes: 12.5 * 2 ** 20 }), (e) => e.message === 'La imagen pesa demasiado (máximo 12,5 MB)');
  } finally {
    setLocale(before);
  }
  const claims = readFileSync(new URL('tests/fixtures/images/claims-65500x65500.png', root)).toString('base64');
  const issues = [];
  const messages = (i) => { issues.push(i); };
  const r = validateField('person', 'photos[0]', claims, { locale: 'es', messages });
  assert.equal(r.errors[0].message, 'La foto 1 tiene demasiados píxeles (máximo 50 megapíxeles)');
  assert.deepEqual(issues.map((i) => [i.code, i.limit]), [['IMAGE_TOO_LARGE', 50]]);
  const mib = 'A'.repeat(Math.ceil((10 * 2 ** 20 + 1) / 3) * 4);
  issues.length = 0;
  validateVerifikPerson({ name: 'A', images: [mib] }, { messages });
  assert.deepEqual(issues.map((i) => [i.field, i.code, i.limit, i.message]), [['images[0]', 'IMAGE_TOO_LARGE', 10, 'Photo 1 is too large (at most 10 MB)']]);
});

test('a photo that is not a JPEG or PNG: "must be in JPEG or PNG format"', () => {
  const gif = readFileSync(new URL('tests/fixtures/images/face-64x64.gif', root)).toString('base64');
  assert.equal(validateField('verifik', 'images[0]', gif, { locale: 'es' }).errors[0].message, 'La foto 1 debe estar en formato JPEG o PNG');
  assert.equal(validateField('verifik', 'images[0]', gif, { locale: 'en' }).errors[0].message, 'Photo 1 must be in JPEG or PNG format');
});
