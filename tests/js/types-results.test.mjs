// The declared result and error types against what the package really
// returns. The clients run against personkit-mock in every documented answer
// shape (Verifik's two bodies, a result a lookup settled after a lost
// answer, Horus's three codes, …), the validators and the neutral person's
// functions on good and bad input, personkit/server's enrol() and
// enrolMany() end to end; PersonkitErrors of every kind the clients make.
// Each value is written as a fresh TypeScript object literal assigned to its
// declared type (`const r: EqualsCreated = { … }`) and compiled with
// tsc --strict: a fresh literal fails on a property the type lacks, a
// required one missing, or null (or a number, …) where the type says string.
// So any drift between what Rust (and the JS around it) returns and
// js/index.d.ts, js/import.d.ts or mock/server.d.ts fails here.
// The other way too: every input the validators accept (the providers'
// documented samples, every valid case of the shared table, neutral persons)
// must compile against the input types, so a type cannot refuse what the
// package takes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  VerifikClient, EqualsClient, HorusClient, PersonkitError,
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson,
  toProviderPayloads, mapPerson, checkProviderPayload, encodeImage, enrol, enrolMany, validateField,
} from 'personkit';
import { createEnrolHandler } from 'personkit/server';
import * as mockModule from 'personkit/mock';
import { startMock } from 'personkit/mock';
import {
  mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, verifikPerson, equalsPerson, horusPerson, rejection, fixture, uid,
} from './helpers.mjs';
import { typesProject, fieldsOf as fieldsOfAny, compile as compileIn } from './types-helpers.mjs';

let mock;
let project;
before(async () => {
  mock = await mockServer();
  project = typesProject();
});
after(async () => {
  await mock?.close();
  project?.remove();
});

const fieldsOf = (err) => fieldsOfAny(err, PersonkitError);

const IMPORTS = [
  "import type { VerifikCreated, EqualsCreated, HorusResult, ValidationResult, VerifikPersonInput, EqualsPersonInput,",
  "  HorusPersonInput, EncodedImage, EnrolSummary, Outcome, PersonkitError, RowResult, EnrolManySummary,",
  "  toProviderPayloads, mapPerson, checkProviderPayload, PersonFieldResult, NeutralPerson } from 'personkit';",
  "import type { RunningMock, MockState, MockSnapshot, MockPendingScenario, MockRecordedRequest } from 'personkit/mock';",
  "import type { EnrolCompleteEvent } from 'personkit/server';",
  '/** What a PersonkitError carries, its methods left out. */',
  'type Fields<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };',
  '/** true when `A` and `B` are the same set of keys. */',
  'type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : false;',
];

/** Compiles `samples` (`[name, type, value]`), one per line, after IMPORTS and `extra`; returns tsc's errors, each named by its sample. */
const compile = (file, samples, extra = []) => compileIn(project.dir, file, [...IMPORTS, ...extra], samples);

// ------------------------------------------------------------ what the package returns

const verifik = (over = {}) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, ...over });
const equals = (over = {}) => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, ...over });
const horus = (over = {}) => new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...over });
const shape = (s) => ({ headers: { 'x-mock-verifik-shape': s } });
const fault = (f) => ({ headers: { 'x-mock-fault': f } });

async function clientResults() {
  const out = [];
  const add = (name, type, value) => out.push([name, type, value]);
  for (const s of ['file', 'docs']) {
    add(`Verifik created (${s} shape)`, 'VerifikCreated', await verifik(shape(s)).createPerson(verifikPerson()));
    add(`Verifik created with only name and images (${s} shape)`, 'VerifikCreated',
      await verifik(shape(s)).createPerson(verifikPerson({ gender: undefined, date_of_birth: undefined, nationality: undefined, collections: undefined, notes: undefined })));
    // The answer is lost after the create: the lookup finds the person.
    await mock.scenario('reset;after-create', 1, 'verifik');
    const found = await verifik(shape(s)).createPerson(verifikPerson());
    assert.equal(found.reconciled, true);
    add(`Verifik found by the lookup (${s} shape)`, 'VerifikCreated', found);
  }
  add('Equals created', 'EqualsCreated', await equals().createPerson(equalsPerson()));
  add('Equals created with only the required fields', 'EqualsCreated',
    await equals().createPerson(equalsPerson({ dob: undefined, primaryMobileNumber: undefined, sendInvite: false })));
  await mock.scenario('reset;after-create', 1, 'equals');
  const found = await equals().createPerson(equalsPerson());
  assert.equal(found.reconciled, true);
  add('Equals found by the lookup', 'EqualsCreated', found);
  const h = horusPerson();
  add('Horus created', 'HorusResult', await horus().createPerson(h));
  add('Horus: the email exists', 'HorusResult', await horus().createPerson({ ...h, mainIdentifier: `9${uid()}` }));
  add('Horus: the main identifier exists', 'HorusResult', await horus().createPerson({ ...h, email: `other.${uid()}@example.com` }));
  await mock.scenario('503', 1, 'horus');
  const retried = await horus().createPerson(horusPerson());
  assert.equal(retried.retried, true);
  add('Horus created after a retry', 'HorusResult', retried);
  return out;
}

async function clientErrors() {
  const out = [];
  const add = async (name, promise) => {
    const fields = fieldsOf(await rejection(promise));
    out.push([name, 'Fields<PersonkitError>', fields]);
    return fields;
  };
  const once = { maxRetries: 0 };
  await add('VALIDATION_FAILED', equals().createPerson({ accountId: 'F12345', firstName: 'A' }));
  await add('VALIDATION_FAILED (a Verifik image)', verifik().createPerson(verifikPerson({ images: [new Uint8Array([1, 2, 3])] })));
  await add('UNAUTHORIZED', equals({ apiKey: 'wrong-key-123' }).createPerson(equalsPerson()));
  const v = verifikPerson();
  await verifik().createPerson(v);
  for (const s of ['file', 'docs']) await add(`ALREADY_EXISTS (${s} shape)`, verifik(shape(s)).createPerson(v));
  await add('RATE_LIMITED', horus({ ...once, ...fault('429;retry-after=1') }).createPerson(horusPerson()));
  await add('SERVER_ERROR', horus({ ...once, ...fault('500') }).createPerson(horusPerson()));
  await add('BAD_RESPONSE', horus({ ...once, ...fault('bad-json') }).createPerson(horusPerson()));
  await add('TIMEOUT', horus({ ...once, timeoutMs: 100, ...fault('delay=5000') }).createPerson(horusPerson()));
  const closed = await startMock({ port: 0 });
  const gone = closed.url;
  await closed.close();
  await add('NETWORK', horus({ ...once, baseUrl: gone }).createPerson(horusPerson()));
  await add('ABORTED', equals().createPerson(equalsPerson(), { signal: AbortSignal.abort() }));
  // Not found by the lookup (reconciled), and no retry left.
  const settled = await add('SERVER_ERROR after a lookup', equals({ ...once, ...fault('500;on=create') }).createPerson(equalsPerson()));
  assert.deepEqual([settled.code, settled.reconciled], ['SERVER_ERROR', true]);
  await mock.scenario('reset;after-create', 1, 'verifik');
  await add('OUTCOME_UNKNOWN', verifik().createPerson(verifikPerson({ collections: undefined })));
  await add('INVALID_OPTIONS (a call option)', equals().createPerson(equalsPerson(), { timeoutMs: -1 }));
  const freed = horus();
  freed.free();
  await add('INVALID_OPTIONS (a freed client)', freed.createPerson(horusPerson()));
  await add('INVALID_OPTIONS (a client option)', (async () => new EqualsClient({ apiKey: 'k', baseUrl: 'ftp://x' }))());
  await add('IMAGE_EMPTY (encodeImage)', encodeImage(new Uint8Array(0)));
  return out;
}

function validatorResults() {
  const h = { ...horusPerson(), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
  return [
    ['validateVerifikPerson ok', 'ValidationResult<VerifikPersonInput>', validateVerifikPerson(verifikPerson())],
    ['validateVerifikPerson errors', 'ValidationResult<VerifikPersonInput>', validateVerifikPerson({ name: '', images: ['x'], dob: 1 })],
    ['validateEqualsPerson ok', 'ValidationResult<EqualsPersonInput>', validateEqualsPerson(equalsPerson())],
    ['validateEqualsPerson errors', 'ValidationResult<EqualsPersonInput>', validateEqualsPerson({ roleName: 'Boss' })],
    ['validateHorusPerson ok', 'ValidationResult<HorusPersonInput>', validateHorusPerson(h)],
    ['validateHorusPerson errors', 'ValidationResult<HorusPersonInput>', validateHorusPerson(null)],
  ];
}

const neutral = () => ({
  firstName: 'Ana', lastName: `Ñañez ${uid()}`, email: `ana.${uid()}@example.pe`, phone: '+51987654321',
  dateOfBirth: '1990-12-04', gender: 'F', nationality: 'PE', identityNumber: `45${uid()}`, photos: [fixture('portrait-120x160.jpg').toString('base64')],
});
const SERVER_FIELDS = { verifik: { collections: ['staff'] }, equals: { accountId: 'F12345', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };

async function personResults() {
  const bad = { ...neutral(), email: 'nope', extras: { equals: { roleName: 'Owner' } } };
  return [
    ['toProviderPayloads ok', 'ReturnType<typeof toProviderPayloads>', toProviderPayloads(neutral(), SERVER_FIELDS)],
    ['toProviderPayloads errors', 'ReturnType<typeof toProviderPayloads>', toProviderPayloads(bad, SERVER_FIELDS)],
    ['mapPerson', 'ReturnType<typeof mapPerson>', mapPerson(bad, SERVER_FIELDS)],
    ['checkProviderPayload ok', 'ReturnType<typeof checkProviderPayload>', checkProviderPayload('horus', mapPerson(neutral(), SERVER_FIELDS).payloads.horus, SERVER_FIELDS)],
    ['checkProviderPayload errors', 'ReturnType<typeof checkProviderPayload>', checkProviderPayload('equals', { firstName: 1 }, SERVER_FIELDS)],
    ['validateField person ok', 'PersonFieldResult', validateField('person', 'nationality', 'pe')],
    ['validateField person errors', 'PersonFieldResult', validateField('person', 'email', 'nope')],
    ['encodeImage', 'EncodedImage', await encodeImage(fixture('portrait-120x160.jpg'))],
  ];
}

async function serverResults() {
  const completed = [];
  const handler = (faults = {}) => {
    const o = (p) => ({ baseUrl: mock.url, maxRetries: 0, ...(faults[p] && fault(faults[p])) });
    return createEnrolHandler({
      authorize: () => ({ userId: 'u-1' }),
      onComplete: ({ request, ...event }) => { completed.push(event); return { userId: event.auth.userId }; },
      providers: {
        verifik: { client: new VerifikClient({ token: TOKEN, ...o('verifik') }), collections: ['staff'] },
        equals: { client: new EqualsClient({ apiKey: API_KEY, ...o('equals') }), accountId: 'F12345', roleName: 'Viewer' },
        horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o('horus') }), categoryId: 1, positionId: 1 },
      },
    });
  };
  const via = (h) => ({ endpoint: 'http://app.test/api/enrol', fetch: (url, init) => h(new Request(url, init)) });
  const out = [];
  const progress = [];
  const p = neutral();
  out.push(['enrol(): created in all three', 'EnrolSummary', await enrol(p, { ...via(handler()), onProgress: (provider, o) => progress.push(o) })]);
  out.push(['enrol(): the same person again, to a new handler', 'EnrolSummary', await enrol({ ...p }, via(handler()))]);
  out.push(['enrol(): a provider failing', 'EnrolSummary', await enrol(neutral(), via(handler({ horus: '500', equals: '429' })))]);
  for (const o of progress) out.push(['enrol(): an onProgress outcome', 'Outcome', o]);
  // The Request it is handed cannot be written as a literal: the rest is checked.
  assert.equal(completed.length, 3, 'one onComplete per enrol()');
  for (const e of completed) out.push(['onComplete event', "Omit<EnrolCompleteEvent<{ userId: string }>, 'request'>", e]);

  const rows = [];
  const summary = await enrolMany([neutral(), { ...neutral(), email: 'nope' }], {
    providers: {
      verifik: { token: TOKEN, baseUrl: mock.url, collections: ['staff'] },
      equals: { apiKey: API_KEY, baseUrl: mock.url, accountId: 'F12345', roleName: 'Viewer' },
      horus: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, categoryId: 1, positionId: 1 },
    },
    onRow: (r) => rows.push(r),
    env: {},
  });
  out.push(['enrolMany summary', 'EnrolManySummary', summary]);
  for (const r of rows) out.push([`enrolMany row ${r.line}`, 'RowResult', r]);
  return out;
}

async function mockResults() {
  const m = await startMock({ port: 0 });
  try {
    const scenario = m.state.addScenario({ fault: '500', provider: 'equals' });
    await fetch(`${m.url}/v2/people`, { method: 'POST', headers: { authorization: `ApiKey ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(equalsPerson()) });
    await fetch(`${m.url}/v2/people`, { method: 'POST', headers: { authorization: `ApiKey ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(equalsPerson()) });
    await fetch(`${m.url}/v1/nonspec/oauth2/management/person`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...horusPerson(), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, password: 'pw-123456' }) });
    await verifik({ baseUrl: m.url }).createPerson(verifikPerson());
    await fetch(`${m.url}/v2/people?accountId=F12345`, { headers: { authorization: `ApiKey ${API_KEY}` } });
    const keys = (o) => Object.keys(o).map((k) => JSON.stringify(k)).join(' | ') || 'never';
    const protoKeys = (o) => Object.getOwnPropertyNames(Object.getPrototypeOf(o)).filter((k) => k !== 'constructor');
    const samples = [
      ['addScenario()', 'MockPendingScenario', scenario],
      ['state.snapshot()', 'MockSnapshot', m.state.snapshot()],
      ...m.state.requests.map((r, i) => [`state.requests[${i}]`, 'MockRecordedRequest', r]),
    ];
    const stateKeys = [...Object.keys(m.state), ...protoKeys(m.state)].map((k) => JSON.stringify(k)).join(' | ');
    const extra = [
      // The module's exports and a running mock's members are exactly the
      // declared ones; what MockState declares exists on the state (which
      // keeps more, undocumented, for the mock's own use).
      `export const exportsMatch: SameKeys<${keys(mockModule)}, keyof typeof import('personkit/mock')> = true;`,
      `export const runningKeys: SameKeys<${keys(m)}, keyof RunningMock> = true;`,
      `export const stateDeclared: [Exclude<keyof MockState, ${stateKeys}>] extends [never] ? true : false = true;`,
    ];
    return { samples, extra };
  } finally {
    await m.close();
  }
}

// ------------------------------------------------------------ what the package accepts

const INPUT_TYPES = { verifik: 'VerifikPersonInput', equals: 'EqualsPersonInput', horus: 'HorusPersonInput' };
const VALIDATORS = { verifik: validateVerifikPerson, equals: validateEqualsPerson, horus: validateHorusPerson };

/** `input` without its blank top-level strings: the validators leave such a field out (an empty form input), the types name only the documented values. */
function withoutBlanks(input) {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
}

/** Inputs each validator accepts (checked here), with the type they must compile against. */
function acceptedInputs() {
  const out = [];
  const payload = (f) => JSON.parse(readFileSync(new URL(`../fixtures/payloads/${f}`, import.meta.url), 'utf8'));
  // The documented samples (Horus's own spells `externaId`, refused with a hint: the table's case fixes it).
  const samples = [['verifik', 'Verifik documented sample', payload('verifik_sample.json')], ['equals', 'Equals documented sample (comma restored)', payload('equals_sample.json')]];
  const table = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8'));
  for (const c of table.cases) if (c.expect.length === 0) samples.push([c.provider, `${c.provider} case "${c.name}"`, c.input]);
  for (const [provider, name, input] of samples) {
    const r = VALIDATORS[provider](input);
    assert.ok(r.ok, `${name}: refused by the validator: ${JSON.stringify(r.errors)}`);
    out.push([name, INPUT_TYPES[provider], withoutBlanks(input)]);
  }
  assert.ok(out.some(([, , v]) => v.nationalities === null) && out.some(([, , v]) => v.address && v.locale), 'the table lost its Equals null/address/locale cases');

  const persons = [
    ['neutral person', neutral()],
    ['neutral person with nulls where allowed', { ...neutral(), phone: null, dateOfBirth: null, gender: null, nationality: null, extras: null }],
    ['neutral person, lower-case nationality, national phone', { ...neutral(), nationality: 'pe', phone: '01234 567890' }],
    ['neutral person with extras', {
      ...neutral(),
      extras: {
        verifik: { notes: 'VIP' },
        equals: { jobTitle: null, employeeNumber: '948', notifyEmailTrans: true, emailTheme: 'em-dark', locale: 'en-GB', address: { city: 'Lima', countryCode: 'pe' } },
        horus: { externalId: 'x-1', additionalFirstName: 'María', custom: '{"a":1}' },
      },
    }],
  ];
  for (const [name, person] of persons) {
    const r = toProviderPayloads(person, SERVER_FIELDS);
    assert.ok(r.ok, `${name}: refused by toProviderPayloads: ${JSON.stringify(r.errors)}`);
    out.push([name, 'NeutralPerson', person]);
  }
  return out;
}

// ------------------------------------------------------------ the checks

test('what the clients, validators, server and import return compiles against the declared types', async () => {
  const samples = [
    ...(await clientResults()),
    ...(await clientErrors()),
    ...validatorResults(),
    ...(await personResults()),
    ...(await serverResults()),
  ];
  assert.ok(samples.length > 40, `only ${samples.length} samples`);
  const errors = compile('results.mts', samples);
  assert.deepEqual(errors, [], `the declared types drifted from what the package returns:\n${errors.join('\n')}`);
});

test('every input the validators and toProviderPayloads accept compiles against the input types', () => {
  const samples = acceptedInputs();
  assert.ok(samples.length > 30, `only ${samples.length} samples`);
  const errors = compile('inputs.mts', samples);
  assert.deepEqual(errors, [], `the input types refuse what the package accepts:\n${errors.join('\n')}`);
});

test('personkit/mock: its types are its exports, a running mock, the state and what the state holds', async () => {
  const { samples, extra } = await mockResults();
  const errors = compile('mock.mts', samples, extra);
  assert.deepEqual(errors, [], `mock/server.d.ts drifted from mock/server.mjs:\n${errors.join('\n')}`);
});

test('the check itself fails on an extra property, a missing required one and null for a string', async () => {
  const r = await equals().createPerson(equalsPerson());
  const { id, ...withoutId } = r;
  void id;
  const errors = compile('drift.mts', [
    ['extra', 'EqualsCreated', { ...r, unexpected: 1 }],
    ['missing', 'EqualsCreated', withoutId],
    ['null', 'EqualsCreated', { ...r, id: null }],
    ['nested extra', 'EqualsCreated', { ...r, person: { ...r.person, unexpected: 1 } }],
  ]);
  const by = (name) => errors.filter((e) => e.startsWith(`${name}:`)).join('\n');
  assert.match(by('extra'), /TS2353/);
  assert.match(by('missing'), /TS2741/);
  assert.match(by('null'), /TS2322/);
  assert.match(by('nested extra'), /TS2353/);
});

test('the documented client surface type-checks: client[Symbol.dispose](), console and a pino-style logger, every call option', () => {
  const errors = compile('surface.mts', [], [
    "import { VerifikClient, EqualsClient, HorusClient } from 'personkit';",
    '/** pino\'s LogFn, as pino declares it. */',
    'interface LogFn { <T extends object>(obj: T, msg?: string, ...args: any[]): void; (obj: unknown, msg?: string, ...args: any[]): void; (msg: string, ...args: any[]): void }',
    'declare const pino: { debug: LogFn; info: LogFn; warn: LogFn; error: LogFn; child(bindings: object): unknown; level: string };',
    "const v = new VerifikClient({ token: 't', logger: console });",
    "const e = new EqualsClient({ apiKey: 'k', logger: pino, fetch: globalThis.fetch, dangerouslyAllowBrowser: false, locale: 'es' });",
    "const h = new HorusClient({ baseUrl: 'https://h.example', clientId: 'a', clientSecret: 'b', logger: pino });",
    "export const call = e.createPerson({ accountId: 'a', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.co' },",
    "  { signal: new AbortController().signal, timeoutMs: 5, maxRetries: 1, headers: { 'x-trace': 't' }, requestId: 'r-1', locale: 'en', lookFirst: true });",
    '// README "The API": free(), "also client[Symbol.dispose]() where the runtime has Symbol.dispose".',
    'v[Symbol.dispose](); e[Symbol.dispose](); h[Symbol.dispose](); v.free();',
  ]);
  assert.deepEqual(errors, [], `the declared client surface refuses what the README documents:\n${errors.join('\n')}`);
});
