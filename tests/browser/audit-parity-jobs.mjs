// The parity audit's inputs, built in Node from fixed seeds and written as
// JSON (tags for what JSON cannot hold: see audit-parity-driver.mjs), so the
// same input reaches Node and the page. The generator is the fuzz tier's
// idea (tests/fuzz/fuzz.test.mjs) made serialisable.
import { readFileSync, readdirSync } from 'node:fs';
import { prng } from '../fuzz/prng.mjs';

const IMAGES = new URL('../fixtures/images/', import.meta.url);
const image = (name) => readFileSync(new URL(name, IMAGES));
const jpeg = image('portrait-120x160.jpg');
const png = image('face-96x128.png');
export const table = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8')).cases;

const NAMES = [
  'name', 'images', 'gender', 'date_of_birth', 'nationality', 'collections', 'notes', 'dateOfBirth',
  'accountId', 'firstName', 'lastName', 'roleName', 'emailAddress', 'dob', 'primaryMobileNumber', 'jobTitle',
  'clientId', 'clientSecret', 'mainIdentifier', 'email', 'categoryId', 'positionId', 'enabled', 'custom',
  'address', 'locale', 'nationalities', 'status', 'externaId', '__proto__', 'constructor', 'toJSON', '', 'ñandú😀',
  '\ud800', 'x'.repeat(300), 'phone', 'identityNumber', 'photos', 'extras',
];
const STRINGS = [
  '', ' ', 'A', 'Ñañez Quispe', ' ana ', '1990-02-30', '1990-12-04', '2999-01-01', 'PE', 'pe', 'xx', 'a@b.cd',
  'not an email', '+447798121212', '+1 (567) 362-8910', 'F', 'M', 'X', 'Viewer', '{"a":1}', ' {"a":1} ', '{',
  '\u0000\u0007', '\ud800', '\udc00x', '😀', '\u200b', '\ufeffA', '\u00a0B\u00a0', 'es-419', 'en_GB', 'Côte d\'Ivoire',
  '45879632', '4587 9632', 'ÑANDÚ', 'ΝΙΚΌΛΑΟΣ', '123e4567-e89b-12d3-a456-426614174000', '10.0.0.1', '::1',
  jpeg.toString('base64'), png.toString('base64'), `data:image/png;base64,${png.toString('base64')}`, '/9j/4AAQ', '====',
];
const NUMBERS = [0, { $n: '-0' }, 1, -1, 1.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2, 1e21, { $n: 'NaN' }, { $n: 'Infinity' }, { $n: '-Infinity' }];

const JS = ['date', 'map', 'set', 'trap', 'toJSON', 'toJSONthrows', 'boxed', 'symbol', 'function', 'class', 'sparse'];

function value(r, depth) {
  switch (r.int(depth > 3 ? 6 : 11)) {
    case 0: case 1: return r.pick(STRINGS);
    case 2: return r.pick(NUMBERS);
    case 3: return r.pick([true, false, null, { $u: 1 }, { $b: '10' }]);
    case 4: {
      const s = r.pick(STRINGS);
      return s.repeat(1 + (s.length <= 300 && r.next() < 0.05 ? 4000 : r.int(3)));
    }
    case 5: return r.pick([{ $bytes: jpeg.toString('base64') }, { $revoked: 1 }, { $fn: 'ctx' }, ...JS.map(($js) => ({ $js, in: r.pick(STRINGS.slice(0, 12)) })),
      { $js: 'proxy', in: { a: 'x' } }, { $js: 'frozen', in: { name: 'A' } }, { $js: 'symbolKey', in: 'x' }]);
    case 6: case 7: return Array.from({ length: r.int(6) }, () => value(r, depth + 1));
    default: return object(r, depth + 1);
  }
}

function object(r, depth) {
  const o = {};
  for (let i = r.int(7); i > 0; i--) {
    const k = r.pick(NAMES);
    o[k] = r.int(25) === 0 ? { $throws: 'getter' } : r.int(40) === 0 ? { $self: 1 } : value(r, depth);
  }
  return r.int(8) === 0 ? { $o: o, $nullproto: 1 } : wrap(o);
}

// An object whose own keys are tags would be read as one: such keys go under $o.
const wrap = (o) => (Object.keys(o).some((k) => k.startsWith('$')) ? { $o: o } : o);

/** A payload: mostly a table case with fields changed, sometimes anything. */
export function payload(r) {
  if (r.int(10) === 0) return value(r, 0);
  const base = r.pick(table).input;
  const o = base && typeof base === 'object' && !Array.isArray(base) ? { ...base } : {};
  for (let i = r.int(4); i > 0; i--) o[r.pick(NAMES)] = value(r, 1);
  if (r.int(6) === 0) delete o[r.pick(Object.keys(o).concat('name'))];
  if (r.int(30) === 0) o.self = { $self: 1 };
  if (r.int(25) === 0) o[r.pick(NAMES)] = { $throws: 'getter' };
  if (r.int(40) === 0) return { $js: r.pick(['proxy', 'frozen', 'symbolKey']), in: wrap(o) };
  if (r.int(60) === 0) return { $js: 'toJSON', in: wrap(o) };
  return r.int(20) === 0 ? object(r, 1) : wrap(o);
}

// The option sets every answer is compared under: both languages, a tag, a
// language personkit lacks, and `messages` of every documented kind.
export const OPTIONS = [
  { $u: 1 },
  { locale: 'es' },
  { locale: 'es-PE', messages: { INVALID_EMAIL: 'Revisa tu correo', REQUIRED: 'Falta', accountId: { TOO_LONG: { $fn: 'limit' } }, name: 'Nombre mal' } },
  { locale: 'en', messages: { $fn: 'ctx' } },
  { messages: { INVALID_TYPE: { $fn: 'throws' }, EMPTY: { $fn: 'empty' }, TOO_LONG: { $fn: 'number' }, images: { $fn: 'ctx' }, photos: { $fn: 'ctx' } } },
  { locale: 'fr' },
  { locale: 'en-GB', messages: 5 },
];

const PROVIDERS = ['verifik', 'equals', 'horus'];
const good = {
  verifik: { name: 'Ana Ñañez', images: [jpeg.toString('base64')], gender: 'F', date_of_birth: '1990-12-04', nationality: 'PE', collections: ['staff'] },
  equals: { accountId: 'F12345', firstName: 'Ana', lastName: 'Ñañez', roleName: 'Viewer', emailAddress: 'ana@example.pe', address: { city: 'Lima', countryCode: 'pe' } },
  horus: { mainIdentifier: '45879632', firstName: 'Ana', lastName: 'Ñañez', email: 'ana@example.pe', categoryId: 2, positionId: 3, enabled: 1, clientId: 'a', clientSecret: 'b' },
};

/** The 210-odd table cases under every option set, and under setLocale('es'). */
export function tableJobs() {
  const jobs = [];
  for (const c of table) {
    for (const opt of OPTIONS) jobs.push({ k: 'v', p: c.provider, input: c.input, opt, what: `table ${c.provider}: ${c.name}` });
    jobs.push({ k: 'v', p: c.provider, input: c.input, locale: 'es', what: `table ${c.provider}: ${c.name} (setLocale es)` });
  }
  return jobs;
}

/** `count` seeded payloads per validator, each under one option set. */
export function randomJobs(count, seed0) {
  const jobs = [];
  for (const [n, p] of PROVIDERS.entries()) {
    for (let c = 0; c < count; c++) {
      const seed = seed0 + n * 1_000_003 + c;
      const r = prng(seed);
      jobs.push({ k: 'v', p, input: payload(r), opt: OPTIONS[c % OPTIONS.length], what: `random ${p} seed ${seed}` });
    }
  }
  return jobs;
}

const FIELDS = {
  verifik: ['name', 'images', 'images[0]', 'images[3]', 'gender', 'date_of_birth', 'nationality', 'collections', 'collections[1]', 'notes', 'dateOfBirth', ''],
  equals: ['accountId', 'firstName', 'lastName', 'roleName', 'emailAddress', 'dob', 'primaryMobileNumber', 'jobTitle', 'employeeNumber',
    'emailTheme', 'status', 'nationalities', 'nationalities[0]', 'address', 'address.city', 'address.countryCode', 'address.zip', 'locale',
    'createdByPersonaId', 'addToUserPool', 'sendInvite', 'sessionId', 'mfaCode', 'customerIp', 'email', 'adress.city'],
  horus: ['mainIdentifier', 'externalId', 'firstName', 'additionalFirstName', 'lastName', 'additionalLastName', 'email', 'password',
    'clientId', 'clientSecret', 'categoryId', 'positionId', 'enabled', 'custom', 'emailAddress'],
  person: ['firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'gender', 'nationality', 'identityNumber', 'photos', 'photos[0]',
    'photos[5]', 'extras', 'extras.equals.jobTitle', 'extras.verifik.notes', 'extras.horus.externalId', 'roleName', 'accountId', 'nick'],
};
const FIELD_VALUES = [
  { $u: 1 }, null, '', ' ', '  Ana  ', 'ana@example.pe', 'not an email', 'pe', 'XX', '1990-12-04', '1990-02-30', 'F', 'x'.repeat(300),
  '\u200b', '\ud800', 3, 0, -1, 1.5, true, { $b: '1' }, ['pe', 'xx'], [], { city: '', countryCode: 'pe' }, { street: 'x' },
  jpeg.toString('base64'), [png.toString('base64')], '{"a":1}', '45879632\u200e', { $throws: 'getter' }, { $revoked: 1 },
];

/** validateField on every field of every provider and of the person, with values of every kind. */
export function fieldJobs() {
  const jobs = [];
  let i = 0;
  for (const [p, fields] of Object.entries(FIELDS)) {
    for (const field of fields) {
      for (const value of FIELD_VALUES) {
        const opt = OPTIONS[i++ % OPTIONS.length];
        // A value tagged as a throwing getter is the value of an object's member.
        const v = value && value.$throws ? { $o: { x: value } } : value;
        jobs.push({ k: 'f', p, field, value: v, opt, what: `validateField ${p} ${field}` });
      }
    }
    const opt = p === 'person' ? { serverFields: { verifik: true }, locale: 'es' } : { locale: 'es' };
    jobs.push({ k: 'f', p, field: 'email', value: 'bad', opt, what: `validateField ${p} email, serverFields` });
  }
  jobs.push({ k: 'f', p: 'stripe', field: 'name', value: 'x', opt: { locale: 'es' }, what: 'validateField unknown provider' });
  jobs.push({ k: 'f', p: 'equals', field: 5, value: 'x', opt: { $u: 1 }, what: 'validateField field not a string' });
  jobs.push({ k: 'f', p: 'person', field: 'email', value: 'x', opt: { serverFields: 5 }, what: 'validateField person, serverFields not an object' });
  jobs.push({ k: 'f', p: 'equals', field: 'emailAddress', value: 'x', opt: { locale: 5, messages: 'x' }, what: 'validateField odd options' });
  return jobs;
}

const SERVERS = [
  { verifik: true, equals: true, horus: true },
  { verifik: true },
  { equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } },
  { verifik: { collections: ['staff'] }, equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1, clientId: 'a', clientSecret: 'b' } },
  { equals: { accountId: 'x'.repeat(40), roleName: 'Boss' }, horus: { categoryId: '1' } },
  { $u: 1 },
  {},
  { stripe: true },
];

function person(r) {
  const p = {};
  const set = (k, good, bad) => { if (r.int(5)) p[k] = r.int(4) ? good : bad; };
  set('firstName', r.pick(['Ana', ' Ana ', 'José María']), value(r, 2));
  set('lastName', r.pick(['Ñañez Quispe', 'B']), value(r, 2));
  set('email', r.pick(['ana@example.pe', ' ANA@example.pe ']), r.pick(STRINGS));
  set('phone', '+51 987 654 321', r.pick(STRINGS));
  set('dateOfBirth', '1990-12-04', r.pick(STRINGS));
  set('gender', r.pick(['F', 'M']), r.pick(STRINGS));
  set('nationality', r.pick(['PE', 'pe', 'CO']), r.pick(STRINGS));
  set('identityNumber', '45879632', r.pick(STRINGS));
  set('photos', [jpeg.toString('base64')], value(r, 2));
  if (r.int(4) === 0) p.extras = { equals: { jobTitle: 'Ops' }, horus: { externalId: 'E1' }, verifik: { notes: 'n' }, [r.pick(PROVIDERS)]: object(r, 3) };
  if (r.int(8) === 0) p[r.pick(NAMES)] = value(r, 2);
  return wrap(p);
}

/** toProviderPayloads, mapPerson and checkProviderPayload on seeded people and bodies. */
export function personJobs(count, seed0) {
  const jobs = [];
  for (let c = 0; c < count; c++) {
    const seed = seed0 + c;
    const r = prng(seed);
    const input = r.int(15) === 0 ? value(r, 0) : person(r);
    const server = SERVERS[c % SERVERS.length];
    const opt = OPTIONS[c % OPTIONS.length];
    jobs.push({ k: 't', input, server, opt, what: `toProviderPayloads seed ${seed}` });
    if (c % 3 === 0) jobs.push({ k: 'm', input, server, what: `mapPerson seed ${seed}` });
    if (c % 3 === 1) {
      const p = r.pick(PROVIDERS);
      jobs.push({ k: 'c', p, input: r.int(2) ? good[p] : payload(r), server, opt, what: `checkProviderPayload ${p} seed ${seed}` });
    }
  }
  jobs.push({ k: 'c', p: 'stripe', input: {}, server: SERVERS[0], opt: { $u: 1 }, what: 'checkProviderPayload unknown provider' });
  return jobs;
}

/** errorsByField on results, lists, errors-alike and junk. */
export function byFieldJobs() {
  const e = (field, code, message) => ({ field, code, message });
  return [
    { ok: true, value: {} },
    { ok: false, errors: [e('email', 'INVALID_EMAIL', 'x'), e('email', 'INVALID_EMAIL', 'x'), e('', 'TOO_MANY', 'y'), e('a.b', 'EMPTY', 'z')] },
    [e('a', 'X', 'm'), e('a', 'Y', 'n')],
    { code: 'VALIDATION_FAILED', errors: [e('f', 'X', 'm')] },
    { errors: 'x' }, { errors: [null, 5, { field: 5 }] }, null, 5, 'x', [], {}, { $u: 1 }, { $revoked: 1 },
    { errors: [{ field: '__proto__', code: 'X', message: 'p' }, { field: 'constructor', code: 'X', message: 'c' }] },
  ].map((input, i) => ({ k: 'e', input, what: `errorsByField #${i}` }));
}

const b64 = (buf) => Buffer.from(buf).toString('base64');

/** encodeImage on every fixture, every source kind, hostile bytes, in both languages. */
export function imageJobs() {
  const inputs = [];
  for (const name of readdirSync(IMAGES).filter((n) => !n.endsWith('.md')).sort()) inputs.push([name, image(name)]);
  for (const cut of [1, 2, 3, 4, 10, 20, 100, 158, 600, 2000, jpeg.length - 2, jpeg.length - 1]) inputs.push([`jpeg cut at ${cut}`, jpeg.subarray(0, cut)]);
  for (const cut of [1, 8, 16, 24, 33, 40, 100, png.length - 12, png.length - 1]) inputs.push([`png cut at ${cut}`, png.subarray(0, cut)]);
  const huge = Buffer.from(png);
  for (const [w, h] of [[65500, 65500], [0, 10], [2 ** 31 - 1, 1], [10000, 5001], [7071, 7071], [1, 0]]) {
    const b = Buffer.from(huge);
    b.writeUInt32BE(w, 16);
    b.writeUInt32BE(h, 20);
    inputs.push([`png claims ${w}x${h}`, b]);
  }
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  for (const [w, h] of [[65535, 65535], [0, 0], [9000, 6000]]) {
    const b = Buffer.from(jpeg);
    b.writeUInt16BE(h, sof + 5);
    b.writeUInt16BE(w, sof + 7);
    inputs.push([`jpeg claims ${w}x${h}`, b]);
  }
  const ascii = (s) => Buffer.from(s, 'latin1');
  inputs.push(['webp header', ascii('RIFF\x24\x00\x00\x00WEBPVP8 ')], ['riff only', ascii('RIFF')],
    ['heic ftyp', ascii('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic')], ['avif ftyp', ascii('\x00\x00\x00\x18ftypavif')],
    ['gif header', ascii('GIF89a')], ['soi only', Buffer.from([0xff, 0xd8])], ['soi eoi', Buffer.from([0xff, 0xd8, 0xff, 0xd9])],
    ['png signature', png.subarray(0, 8)], ['zeros', Buffer.alloc(64)], ['text', ascii('hello')], ['svg', ascii('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['utf8 bom jpeg', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), jpeg])], ['jpeg twice', Buffer.concat([jpeg, jpeg])]);
  const jobs = [];
  const KINDS = ['u8', 'buffer', 'blob', 'base64', 'dataurl', 'view'];
  const OPTS = [{ $u: 1 }, { maxBytes: 1000 }, { minWidth: 100, minHeight: 150 }, { maxPixels: 10000 }, { maxBytes: -1 }, { maxBytes: 'x' }, { bogus: 1 }];
  let i = 0;
  for (const [name, buf] of inputs) {
    for (const as of KINDS) {
      jobs.push({ k: 'i', input: { $bytes: b64(buf), as }, opt: OPTS[i % OPTS.length], locale: i % 2 ? 'es' : undefined, what: `encodeImage ${name} as ${as}` });
      i += 1;
    }
  }
  // The good photos whole, every kind, no options and tight ones they pass: the base64, sizes and orientation compared.
  for (const name of ['orientation-6.jpg', 'portrait-120x160.jpg', 'progressive-200x150.jpg', 'face-96x128.png', 'trailing-video.jpg']) {
    for (const as of KINDS) {
      for (const opt of [{ $u: 1 }, { maxBytes: image(name).length, maxPixels: 200 * 200, minWidth: 48, minHeight: 48 }]) {
        jobs.push({ k: 'i', input: { $bytes: b64(image(name)), as }, opt, what: `encodeImage ${name} as ${as}, accepted` });
      }
    }
  }
  for (const s of ['', '====', 'data:image/png;base64,', 'data:text/plain;base64,aGk=', ' /9j/ ', 'not base64!', '\ud800']) {
    jobs.push({ k: 'i', input: s, locale: 'es', what: `encodeImage string ${JSON.stringify(s)}` });
    jobs.push({ k: 'i', input: s, what: `encodeImage string ${JSON.stringify(s)}` });
  }
  for (const input of [null, 5, {}, [1, 2], { $u: 1 }, { $b: '1' }]) jobs.push({ k: 'i', input, locale: 'es', what: `encodeImage ${JSON.stringify(input)}` });
  return jobs;
}

/** setLocale's answers (and refusals), and the language after them. */
export function localeJobs() {
  return ['es', 'en', 'es-PE', 'EN-gb', 'fr', '', 5, null, 'es_PE', 'e'].map((input) => ({ k: 'l', input, what: `setLocale ${JSON.stringify(input)}` }));
}

/** Each table case through its provider's client (a fetch that refuses), and photos as bytes. */
export function clientJobs() {
  const jobs = [];
  const statuses = [400, 401, 404, 422];
  table.forEach((c, i) => {
    jobs.push({ k: 'cl', p: c.provider, input: c.input, opt: OPTIONS[i % OPTIONS.length], status: statuses[i % 4], what: `client ${c.provider}: ${c.name}` });
  });
  for (const [i, as] of ['u8', 'buffer', 'blob', 'view'].entries()) {
    const input = { ...good.verifik, images: [{ $bytes: jpeg.toString('base64'), as }] };
    jobs.push({ k: 'cl', p: 'verifik', input, opt: OPTIONS[i], what: `client verifik, a photo as ${as}` });
    const bad = { ...good.verifik, images: [{ $bytes: image('iphone-header.heic').toString('base64'), as }] };
    jobs.push({ k: 'cl', p: 'verifik', input: bad, opt: OPTIONS[i], what: `client verifik, a HEIC photo as ${as}` });
  }
  jobs.push({ k: 'cl', p: 'equals', input: good.equals, copt: { locale: 'es' }, what: 'client equals, locale es' });
  jobs.push({ k: 'cl', p: 'equals', input: good.equals, copt: { apikey: 'x' }, what: 'client equals, an unknown option' });
  jobs.push({ k: 'cl', p: 'horus', input: good.horus, copt: { locale: 'fr' }, what: 'client horus, a locale it lacks' });
  jobs.push({ k: 'cl', p: 'verifik', input: good.verifik, copt: { baseUrl: 'http://api.example.com' }, opt: { locale: 'es' }, what: 'client verifik, http' });
  return jobs;
}

const SUMMARY = JSON.stringify({ results: { equals: { status: 'created', id: 'p1' } } });
const REFUSED = JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'x', errors: [{ field: 'email', code: 'INVALID_EMAIL', message: 'Enter an email like name@example.com', provider: 'equals' }] } });
const ANSWERS = [[200, SUMMARY], [422, REFUSED], [400, JSON.stringify({ error: { code: 'FIELD_NOT_ALLOWED', field: 'roleName' } })], [502, '<html>bad gateway</html>'], [200, 'null']];

/** enrol() with seeded people (photos as base64 and as bytes), every answer kind. */
export function enrolJobs(count, seed0) {
  const jobs = [];
  for (let c = 0; c < count; c++) {
    const seed = seed0 + c;
    const r = prng(seed);
    const input = r.int(3) ? { firstName: 'Ana', lastName: r.pick(['Ñañez', ' Quispe ']), email: 'ana@example.pe', identityNumber: '45879632', gender: 'F', photos: [jpeg.toString('base64')] } : person(r);
    if (r.int(3) === 0 && input && !input.$o) input.photos = [{ $bytes: (r.int(2) ? jpeg : image('face-64x64.webp')).toString('base64'), as: r.pick(['u8', 'blob', 'buffer']) }];
    const [status, answer] = ANSWERS[c % ANSWERS.length];
    const providers = [undefined, ['equals'], ['verifik', 'horus'], ['stripe']][c % 4];
    const opt = OPTIONS[c % OPTIONS.length];
    jobs.push({ k: 'en', input, opt: opt.$u ? {} : opt, eopt: providers ? { providers } : {}, status, answer, what: `enrol seed ${seed}` });
  }
  return jobs;
}

/** Around every cap: values counted, long strings, image sizes, nesting (engines' stacks differ). */
export function limitJobs() {
  const jobs = [];
  const MiB = 2 ** 20;
  const b64Len = (bytes) => Math.ceil(bytes / 3) * 4;
  const add = (p, input, what) => {
    for (const opt of [{ $u: 1 }, { locale: 'es' }]) jobs.push({ k: 'v', p, input, opt, what: `limits ${p}: ${what}` });
  };
  for (const n of [9990, 9995, 9999, 10000, 10001, 20000]) {
    add('verifik', { ...good.verifik, collections: { $many: 'num', n } }, `${n} collections`);
    add('equals', { ...good.equals, extra: { $many: 'num', n } }, `an extra of ${n} numbers`);
    add('horus', { ...good.horus, extra: { $many: 'obj', n: Math.floor(n / 2) } }, `an extra of ${Math.floor(n / 2)} objects`);
  }
  for (const n of [MiB - 300, MiB - 1, MiB, MiB + 1, 3 * MiB]) {
    add('verifik', { ...good.verifik, notes: { $repeat: 'a', n } }, `notes of ${n}`);
    add('horus', { ...good.horus, custom: { $repeat: 'b', n } }, `custom of ${n}`);
  }
  for (const n of [b64Len(10 * MiB) - 4, b64Len(10 * MiB), b64Len(10 * MiB) + 4]) {
    add('verifik', { ...good.verifik, images: [{ $repeat: 'A', n }] }, `an image of ${n} base64 characters`);
  }
  for (const depth of [120, 125, 126, 127, 128, 129, 1000, 20000]) {
    add('verifik', { ...good.verifik, notes: { $deep: depth, in: 'x' } }, `notes nested ${depth} deep`);
    add('equals', { ...good.equals, address: { $deep: depth, in: 'x', objects: 1 } }, `address nested ${depth} deep`);
    jobs.push({ k: 't', input: { firstName: 'Ana', lastName: 'B', email: 'a@b.co', extras: { equals: { jobTitle: { $deep: depth, in: 1 } } } }, server: { equals: true }, what: `limits person: extras nested ${depth} deep` });
    jobs.push({ k: 'f', p: 'equals', field: 'address', value: { $deep: depth, in: 'x', objects: 1 }, what: `limits validateField: address nested ${depth} deep` });
  }
  return jobs;
}
