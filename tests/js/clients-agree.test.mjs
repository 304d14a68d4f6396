// A client and its validator agree: every case of the table through both.
// An invalid case is refused by the client with VALIDATION_FAILED and the
// same {field, code} as the validator, nothing sent; a valid one is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VerifikClient, EqualsClient, HorusClient, validateVerifikPerson, validateEqualsPerson, validateHorusPerson } from 'personkit';

const table = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8'));
const key = (e) => `${e.field} ${e.code}`;

// A fetch that counts and answers each provider's documented success.
let sent = 0;
let lastBody = null;
const answers = {
  verifik: () => ({ success: true, data: { _id: 'p1', name: 'x' } }),
  equals: () => ({ id: 'p1', persona: { id: 'q1' } }),
  horus: () => ({ code: '200001', message: 'created' }),
};
const fakeFetch = (provider) => async (url, init) => {
  sent += 1;
  lastBody = typeof init.body === 'string' ? init.body : new TextDecoder().decode(init.body);
  return new Response(JSON.stringify(answers[provider]()), { status: provider === 'equals' ? 201 : 200 });
};
const base = 'https://api.example.com';
const clients = {
  verifik: new VerifikClient({ token: 't', baseUrl: base, fetch: fakeFetch('verifik') }),
  equals: new EqualsClient({ apiKey: 'k', baseUrl: base, fetch: fakeFetch('equals') }),
  horus: new HorusClient({ baseUrl: base, clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', fetch: fakeFetch('horus') }),
};
const validators = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };

// The Horus client holds the credentials itself and refuses them in the person:
// a case about them is the client options' business, not the body's.
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function forClient(c) {
  if (c.provider !== 'horus' || !isObject(c.input)) return c.input;
  const { clientId, clientSecret, ...rest } = c.input;
  return rest;
}
const tooManyImages = (c) => c.provider === 'verifik' && isObject(c.input) && Array.isArray(c.input.images) && c.input.images.length > 3;
const aboutCredentials = (c) => c.provider === 'horus' && c.expect.some((e) => e.field === 'clientId' || e.field === 'clientSecret');

test(`every case of the table: the client and the validator agree`, async () => {
  let checked = 0;
  for (const c of table.cases) {
    if (aboutCredentials(c)) continue;
    const input = forClient(c);
    const validated = validators[c.provider](c.input);
    const before = sent;
    let outcome;
    try {
      outcome = await clients[c.provider].createPerson(input, { maxRetries: 0 });
    } catch (e) {
      outcome = e;
    }
    const label = `${c.provider}: ${c.name}`;
    if (validated.ok) {
      assert.ok(!(outcome instanceof Error), `${label}: ${outcome?.message}`);
      assert.equal(sent, before + 1, `${label}: sent once`);
    } else if (tooManyImages(c)) {
      // The one difference, on purpose: the client refuses more than 3 images
      // at the count, before reading any (a page may hand it 450 files); the
      // validator also judges each string. The client's errors are the
      // validator's minus those of the entries.
      assert.equal(outcome.code, 'VALIDATION_FAILED', `${label}: ${outcome.message}`);
      const expected = validated.errors.map(key).filter((k) => !/^images\[/.test(k));
      assert.deepEqual(outcome.errors.map(key), expected, label);
      assert.ok(expected.includes('images TOO_MANY'), label);
    } else {
      assert.equal(outcome.code, 'VALIDATION_FAILED', `${label}: ${outcome.message}`);
      // In the same order too: a form lists them as they come.
      assert.deepEqual(outcome.errors.map(key), validated.errors.map(key), label);
      assert.equal(sent, before, `${label}: nothing sent`);
    }
    checked += 1;
  }
  assert.ok(checked > 200, `${checked} cases`);
});

// One member JSON cannot hold (a bigint, a lone surrogate, a getter that
// throws, a cycle) is reported at its field by the client as by the
// validator (the clients but Equals read through JSON text, the validators
// through the walk), with every other field's problems, and nothing is sent.
test('a member JSON cannot hold: the client and the validator report it at its field, with the rest', async () => {
  const cycle = {};
  cycle.self = cycle;
  const inputs = {
    verifik: () => [{ name: 10n, images: [], gender: 'Q' }, { gender: 'Q', images: 'x', name: 10n }, { name: 'Ana \ud83d', gender: 'Q', nmae: 1n }, { name: 'Ana', notes: cycle, get gender() { throw new Error('x'); } },
      // a long unknown key (its error shortens the name) and a payload given by toJSON
      { name: 10n, gender: 'Q', ['x'.repeat(300)]: 1n }, { toJSON: () => ({ name: 10n, gender: 'Q' }) }],
    equals: () => [{ firstName: 10n, emailAddress: 'bad' }, { firstName: 'A', lastName: '\udc00', address: cycle }],
    // The Horus validator's body holds the credentials the client keeps.
    horus: (held = {}) => [{ ...held, firstName: 10n, email: 'bad', custom: cycle }, { ...held, mainIdentifier: '\ud800', get lastName() { throw new Error('x'); }, bogus: 1n },
      // unreadable members listed in the documented order, whatever the payload's
      { ...held, categoryId: 1n, email: 'bad', firstName: 1n }],
  };
  for (const [provider, make] of Object.entries(inputs)) {
    const validated = make({ clientId: 'a', clientSecret: 'b' }).map((input) => validators[provider](input));
    const inputsAgain = make();
    for (let i = 0; i < inputsAgain.length; i += 1) {
      const before = sent;
      const err = await clients[provider].createPerson(inputsAgain[i]).catch((e) => e);
      assert.equal(err.code, 'VALIDATION_FAILED', `${provider} ${i}`);
      assert.deepEqual(err.errors.map(key), validated[i].errors.map(key), `${provider} ${i}`);
      assert.equal(sent, before, 'nothing sent');
      assert.match(err.errors[0].message, /could not be read/);
      assert.ok(err.errors.length > 1, 'the other fields were checked');
    }
  }
});

// issue 19: `value` in an accepted result is exactly the body that will be
// sent, key order included (JSON text compared, after the whitespace and
// case steps each provider applies).
test('every valid case of the table: the client sends the validator\'s value, key for key and in its order', async () => {
  let compared = 0;
  for (const c of table.cases) {
    const validated = validators[c.provider](c.input);
    if (!validated.ok || aboutCredentials(c)) continue;
    await clients[c.provider].createPerson(forClient(c), { maxRetries: 0 });
    let want = validated.value;
    // The Horus client sends its own credentials, where the value has the input's.
    if (c.provider === 'horus') want = { ...want, clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz' };
    assert.equal(JSON.stringify(JSON.parse(lastBody)), JSON.stringify(want), `${c.provider}: ${c.name}`);
    compared += 1;
  }
  assert.ok(compared > 20, `${compared} cases`);
});

// The rule behind the two tests above, over the whole table: a documented
// member that cannot be read (here a bigint) gives the errors of the same
// payload without that member, but those about it, plus its own
// INVALID_TYPE; and the client gives the validator's errors.
test('every case of the table with one member unreadable: the errors of the payload without it, plus its own', async () => {
  const about = (field, k) => field === k || field.startsWith(`${k}[`) || field.startsWith(`${k}.`);
  let checked = 0;
  for (const c of table.cases) {
    if (!isObject(c.input)) continue;
    for (const k of Object.keys(c.input)) {
      const without = { ...c.input };
      delete without[k];
      const base = validators[c.provider](without);
      const got = validators[c.provider]({ ...c.input, [k]: 10n });
      const unknown = base.ok === false && base.errors.some((e) => e.field === k && e.code === 'UNKNOWN_FIELD');
      if (unknown || got.errors.some((e) => e.field === k && e.code === 'UNKNOWN_FIELD')) {
        // an undocumented key is refused for its name, whatever its value
        assert.ok(got.errors.some((e) => e.field === k && e.code === 'UNKNOWN_FIELD'), `${c.name}: ${k}`);
        continue;
      }
      const want = [`${k} INVALID_TYPE`, ...(base.ok ? [] : base.errors.map(key).filter((e) => !about(e.split(' ')[0], k)))];
      assert.deepEqual(got.errors.map(key).sort(), want.sort(), `${c.provider}: ${c.name}: ${k}`);
      if (!(c.provider === 'horus' && (k === 'clientId' || k === 'clientSecret')) && !aboutCredentials(c) && !tooManyImages(c)) {
        const input = forClient({ ...c, input: { ...c.input, [k]: 10n } });
        const err = await clients[c.provider].createPerson(input, { maxRetries: 0 }).catch((e) => e);
        assert.deepEqual(err.errors?.map(key).sort(), got.errors.map(key).sort(), `client ${c.provider}: ${c.name}: ${k}`);
      }
      checked += 1;
    }
  }
  assert.ok(checked > 500, `${checked} members`);
});

// An image JSON.stringify writes as a string (a toJSON, a boxed string) is
// judged and sent as that string, as the validator judges it; bytes are
// still read as bytes (a Node Buffer has a toJSON too).
test('an image given as an object that JSON writes as a string: accepted and sent as that string, as the validator says', async () => {
  const b64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  for (const image of [{ toJSON: () => b64 }, new String(b64)]) {
    const input = { name: 'Ana', images: [image] };
    assert.equal(validators.verifik(input).ok, true);
    await clients.verifik.createPerson(input, { maxRetries: 0 });
    assert.deepEqual(JSON.parse(lastBody).images, [b64]);
  }
  await clients.verifik.createPerson({ name: 'Ana', images: [Buffer.from(b64, 'base64')] }, { maxRetries: 0 });
  assert.deepEqual(JSON.parse(lastBody).images, [b64], 'a Buffer is read as bytes');
  const refused = await clients.verifik.createPerson({ name: 'Ana', images: [{ toJSON: () => 'not base64!' }] }).catch((e) => e);
  assert.deepEqual(refused.errors.map(key), validators.verifik({ name: 'Ana', images: [{ toJSON: () => 'not base64!' }] }).errors.map(key));
});
