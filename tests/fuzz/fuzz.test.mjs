// Seeded fuzzers for the validators and encodeImage (the fuzz tier of
// scripts/test.sh). Each case is built from a fixed seed, so a failure names
// the case that reproduces it. More cases: PERSONKIT_FUZZ_CASES=200000.
// Properties: never throws; always settles; the answer has the documented
// shape; the same input gives the same answer; the instance is healthy after;
// a client sends exactly what its validator accepts; validateField judges
// each field as the whole check does (and of the neutral person's fields as
// toProviderPayloads does); toProviderPayloads' bodies are what their
// validators accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson, encodeImage, PersonkitError,
  VerifikClient, EqualsClient, HorusClient, validateField, toProviderPayloads,
} from 'personkit';
import { types } from 'node:util';
import { prng } from './prng.mjs';

const CASES = Number(process.env.PERSONKIT_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.PERSONKIT_FUZZ_SEED ?? 0x5eed);

const fixture = (name) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));
const jpeg = fixture('portrait-120x160.jpg');
const png = fixture('face-96x128.png');
const cases = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8')).cases;

const NAMES = [
  'name', 'images', 'gender', 'date_of_birth', 'nationality', 'collections', 'notes', 'dateOfBirth',
  'accountId', 'firstName', 'lastName', 'roleName', 'emailAddress', 'dob', 'primaryMobileNumber', 'jobTitle',
  'clientId', 'clientSecret', 'mainIdentifier', 'email', 'categoryId', 'positionId', 'enabled', 'custom',
  'externaId', '__proto__', 'constructor', 'toJSON', '', 'ñandú😀', '\ud800', 'x'.repeat(300),
];
const STRINGS = [
  '', ' ', 'A', 'Ñañez Quispe', '1990-02-30', '1990-12-04', '2999-01-01', 'PE', 'pe', 'a@b.cd', 'not an email',
  '+447798121212', 'F', 'M', 'X', 'Viewer', '{"a":1}', '{', '\u0000\u0007', '\ud800', '\udc00x', '😀',
  jpeg.toString('base64'), png.toString('base64'), `data:image/png;base64,${png.toString('base64')}`, '/9j/4AAQ', '====',
];

/** A random JSON-ish JS value, hostile at times (getters, proxies, cycles, odd types). */
function value(r, depth) {
  switch (r.int(depth > 3 ? 8 : 14)) {
    case 0: return r.pick(STRINGS);
    case 1: return r.pick([0, -0, 1, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e21, NaN, Infinity, -Infinity]);
    case 2: return r.pick([true, false, null, undefined]);
    case 3: return r.pick(STRINGS).repeat(1 + r.int(r.next() < 0.05 ? 5000 : 3));
    case 4: return r.pick([() => 1, Symbol('s'), 10n, new Date(r.int(2 ** 40)), new Map([[1, 2]])]);
    case 5: return r.pick([new Uint8Array(jpeg), png.buffer.slice(0), new String('boxed'), new Number(3), Object(false)]);
    case 6: {
      const json = value(r, depth + 1);
      return r.int(2) ? { toJSON: () => json } : { toJSON() { throw new Error('toJSON'); } };
    }
    case 7: return r.int(40) === 0 ? new Array(r.pick([20000, 2 ** 32 - 1])) : r.pick(STRINGS);
    case 8: case 9: return Array.from({ length: r.int(6) }, () => value(r, depth + 1));
    default: return object(r, depth + 1);
  }
}

function object(r, depth) {
  const o = r.int(8) === 0 ? Object.create(null) : {};
  for (let i = r.int(7); i > 0; i--) {
    const k = r.pick(NAMES);
    if (r.int(25) === 0) {
      Object.defineProperty(o, k, { enumerable: true, configurable: true, get() { throw new Error('getter'); } });
    } else {
      Object.defineProperty(o, k, { value: value(r, depth), enumerable: true, writable: true, configurable: true });
    }
  }
  switch (r.int(30)) {
    case 0: { const { proxy, revoke } = Proxy.revocable(o, {}); revoke(); return proxy; }
    case 1: return new Proxy(o, { get() { throw new Error('trap'); } });
    case 2: o.self = o; return o;
    default: return o;
  }
}

/** A payload: mostly a documented case with fields changed, sometimes anything. */
function payload(r) {
  if (r.int(10) === 0) return value(r, 0);
  const base = r.pick(cases).input;
  const o = base && typeof base === 'object' && !Array.isArray(base) ? { ...base } : {};
  const put = (k, v) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (let i = r.int(4); i > 0; i--) put(r.pick(NAMES), value(r, 1));
  if (r.int(6) === 0) delete o[r.pick(Object.keys(o).concat('name'))];
  return r.int(20) === 0 ? object(r, 1) : o;
}

function shape(res, what) {
  assert.equal(typeof res, 'object', what);
  if (res.ok === true) {
    assert.ok('value' in res, what);
    return;
  }
  assert.equal(res.ok, false, what);
  assert.ok(Array.isArray(res.errors) && res.errors.length >= 1 && res.errors.length <= 101, what);
  for (const e of res.errors) {
    assert.ok(typeof e.field === 'string' && typeof e.code === 'string' && /^[A-Z0-9_]+$/.test(e.code), what);
    assert.ok(typeof e.message === 'string' && e.message.length > 0, what);
  }
}

const validators = [validateVerifikPerson, validateEqualsPerson, validateHorusPerson];
const healthy = () => JSON.stringify(cases.slice(0, 40).map((c) => validators.map((v) => v(c.input))));

test(`validators: ${CASES} seeded cases each never throw, answer in shape, and answer alike twice`, () => {
  const before = healthy();
  for (const [n, validate] of validators.entries()) {
    for (let c = 0; c < CASES; c++) {
      const seed = SEED + n * 1_000_003 + c;
      const r = prng(seed);
      const input = payload(r);
      const what = `${validate.name}, seed ${seed}`;
      let first;
      let second;
      try {
        first = validate(input);
        second = validate(input);
      } catch (e) {
        assert.fail(`${what} threw ${e}`);
      }
      shape(first, what);
      assert.deepEqual(second, first, `${what}: a second call answered differently`);
    }
  }
  assert.equal(healthy(), before);
});

// What a client does with a payload must be what its validator says of it:
// a payload the validator refuses is never sent, one it accepts is. (The
// Horus client holds the credentials: the validator is asked without them,
// and its REQUIRED for them is the client's to fill; a person carrying its
// own credentials is refused by that client, as documented.)
test(`clients: ${CASES} seeded cases each sent exactly when the validator accepts them`, async () => {
  let sent = 0;
  const fetch = async () => {
    sent += 1;
    return new Response('{}', { status: 400 });
  };
  const base = { baseUrl: 'https://api.example.com', fetch, maxRetries: 0 };
  const clients = [
    new VerifikClient({ token: 't', ...base }),
    new EqualsClient({ apiKey: 'k', ...base }),
    new HorusClient({ clientId: 'a', clientSecret: 'b', ...base }),
  ];
  const credential = (e) => e.code === 'REQUIRED' && (e.field === 'clientId' || e.field === 'clientSecret');
  // A credential the person carries (as JSON would: not undefined, a function or a symbol).
  const carries = (input) => {
    try {
      return ['clientId', 'clientSecret'].some((k) => Object.hasOwn(input, k) && !['undefined', 'function', 'symbol'].includes(typeof input[k]));
    } catch {
      return false;
    }
  };
  for (const [n, validate] of validators.entries()) {
    for (let c = 0; c < CASES; c++) {
      const seed = SEED + n * 1_000_003 + c;
      const input = payload(prng(seed));
      const verdict = validate(input);
      const accepts = n === 2
        ? (verdict.ok || verdict.errors.every(credential)) && !carries(input)
        : verdict.ok;
      const before = sent;
      const outcome = await clients[n].createPerson(input).catch((e) => e);
      assert.equal(sent > before, accepts, `${validate.name}, seed ${seed}: ${outcome?.code}`);
      if (!accepts) assert.equal(outcome?.code, 'VALIDATION_FAILED', `${validate.name}, seed ${seed}`);
    }
  }
});

// validateField, for live checks, says of each field of a seeded payload what
// the whole check says of it. Left aside: payloads the whole check refuses as
// a whole (not a plain object, a size cap that stops the walk), and keys
// over 40 characters, which errors name shortened.
test(`validateField: ${CASES} seeded payloads each, every field as the whole check judges it`, () => {
  const top = (path) => path.split(/[[.]/)[0];
  const names = ['verifik', 'equals', 'horus'];
  let checked = 0;
  for (const [n, validate] of validators.entries()) {
    for (let c = 0; c < CASES; c++) {
      const seed = SEED + n * 1_000_003 + c;
      const input = payload(prng(seed));
      if (typeof input !== 'object' || input === null || types.isProxy(input) || Array.isArray(input)) continue;
      const proto = Object.getPrototypeOf(input);
      if (proto !== Object.prototype && proto !== null) continue;
      try {
        if (typeof input.toJSON === 'function') continue;
      } catch {
        continue; // a toJSON getter that throws: the payload as a whole cannot be read
      }
      const whole = validate(input);
      const errors = whole.ok ? [] : whole.errors;
      if (errors.some((e) => e.field === '') || (errors.length === 1 && ['TOO_MANY', 'TOO_LONG', 'IMAGE_TOO_LARGE'].includes(errors[0].code))) continue;
      for (const field of new Set([...Object.keys(input), ...errors.map((e) => top(e.field)).filter(Boolean)])) {
        if (field.length > 40) continue;
        let value;
        try {
          value = input[field];
        } catch {
          continue; // a getter that throws: the whole check reports it at the field; here there is no value to hand over
        }
        const one = validateField(names[n], field, value);
        const expected = errors.filter((e) => top(e.field) === field);
        assert.deepEqual(one.ok ? [] : one.errors, expected, `${validate.name}, seed ${seed}: ${field}`);
        checked += 1;
      }
    }
  }
  assert.ok(checked > CASES, `${checked} fields`);
});

// A page holds what the server sends: each body toProviderPayloads accepts
// is accepted unchanged by its provider's validator, key order included.
test(`toProviderPayloads: ${CASES} seeded people, each accepted body its validator's value`, () => {
  const photo = jpeg.toString('base64');
  const ana = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', phone: '+51987654321', dateOfBirth: '1990-05-17', gender: 'F', nationality: 'pe', identityNumber: '45879632', photos: [photo] };
  const choices = {
    firstName: [' Ana ', 'Zoë', 'ÑANDÚ'], lastName: ['Q', ' Ōsaka '], email: [' a@b.co ', 'x@y.pe'], phone: ['', '+447798121212', '01234 567890'],
    dateOfBirth: ['', '2000-02-29'], gender: ['', 'M', 'F'], nationality: ['', 'co', 'PE'], identityNumber: [' 1 ', '12345678'], photos: [[], [photo, photo]],
    extras: [{}, { equals: { jobTitle: 'x', sendInvite: false } }, { horus: { password: 'p', externalId: 'e' } }, { verifik: { notes: 'n' } }],
  };
  const server = { verifik: { collections: ['staff'] }, equals: { accountId: 'F1', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1, clientId: 'a', clientSecret: 'b' } };
  const byProvider = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };
  let accepted = 0;
  for (let c = 0; c < CASES; c++) {
    const seed = SEED + 9_000_011 + c;
    const r = prng(seed);
    const person = { ...ana };
    for (let i = r.int(4); i > 0; i--) {
      const k = r.pick(Object.keys(choices));
      person[k] = r.int(4) === 0 ? value(r, 2) : r.pick(choices[k]);
    }
    const res = toProviderPayloads(person, server);
    shape(res, `seed ${seed}`);
    if (!res.ok) continue;
    accepted += 1;
    for (const [provider, body] of Object.entries(res.value)) {
      const checked = byProvider[provider](body);
      assert.equal(checked.ok, true, `seed ${seed}: ${provider}`);
      assert.equal(JSON.stringify(checked.value), JSON.stringify(body), `seed ${seed}: ${provider}`);
    }
  }
  assert.ok(accepted > CASES / 10, `${accepted} accepted`);
});

// validateField('person', …) says of a value what toProviderPayloads says of
// the same person at that field (the other fields valid stand-ins).
test(`validateField('person', …): ${CASES} seeded values, each as toProviderPayloads judges it`, () => {
  const standIn = { firstName: 'A', lastName: 'A', email: 'a@example.com', identityNumber: '1', photos: [png.toString('base64')] };
  const every = { verifik: true, equals: true, horus: true };
  const fields = ['firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'gender', 'nationality', 'identityNumber', 'photos', 'extras'];
  for (let c = 0; c < CASES; c++) {
    const seed = SEED + 11_000_027 + c;
    const r = prng(seed);
    const field = r.pick(fields);
    const input = value(r, 1);
    const whole = toProviderPayloads({ ...standIn, [field]: input }, every);
    if (!whole.ok && whole.errors.some((e) => e.field === '')) continue; // the person as a whole (too many values)
    const expected = whole.ok ? [] : whole.errors.filter((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`));
    const one = validateField('person', field, input);
    assert.deepEqual(one.ok ? [] : one.errors, expected, `seed ${seed}: ${field}`);
  }
});

/** Random bytes with a JPEG or PNG head at times, cut or corrupted. */
function bytes(r) {
  const head = r.pick([jpeg, png, Buffer.from('GIF89a'), Buffer.alloc(0)]);
  const keep = r.int(3) === 0 ? r.int(head.length + 1) : head.length;
  const out = Buffer.concat([head.subarray(0, keep), Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256)))]);
  for (let i = r.int(3); i > 0 && out.length; i--) out[r.int(out.length)] = r.int(256);
  return out;
}

function source(r) {
  const b = bytes(r);
  switch (r.int(9)) {
    case 0: return b.toString('base64');
    case 1: return `data:image/${r.pick(['jpeg', 'png', 'x'])};base64,${b.toString('base64')}`;
    case 2: return b.toString('base64').slice(r.int(4));
    case 3: return new Blob([b]);
    case 4: return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
    case 5: return new DataView(b.buffer, b.byteOffset, b.length);
    case 6: return value(r, 2);
    default: return new Uint8Array(b);
  }
}

function options(r) {
  switch (r.int(6)) {
    case 0: return { maxBytes: r.pick([1, 100, 4000, 2 ** 20, 0, -1, 1.5, '10']) };
    case 1: return { minWidth: r.int(200), minHeight: r.int(200) };
    case 2: return value(r, 2);
    default: return undefined;
  }
}

test(`encodeImage: ${CASES} seeded cases always settle, with a result or a PersonkitError, alike twice`, async () => {
  const answer = (p) => p.then(
    (v) => JSON.stringify([v.mimeType, v.byteLength, v.width, v.height, v.orientation, v.base64.length]),
    (e) => {
      assert.ok(e instanceof PersonkitError, String(e));
      assert.ok(/^[A-Z0-9_]+$/.test(e.code), e.code);
      return `${e.code}: ${e.message}`;
    },
  );
  const before = await answer(encodeImage(jpeg));
  for (let c = 0; c < CASES; c++) {
    const seed = SEED + 7_000_007 + c;
    const r = prng(seed);
    const src = source(r);
    const opts = options(r);
    let first;
    let second;
    try {
      first = encodeImage(src, opts);
      second = encodeImage(src, opts);
    } catch (e) {
      assert.fail(`seed ${seed}: threw ${e}`);
    }
    assert.equal(await answer(second), await answer(first), `seed ${seed}: a second call answered differently`);
  }
  assert.equal(await answer(encodeImage(jpeg)), before);
});
