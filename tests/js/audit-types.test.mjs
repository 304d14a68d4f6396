// The declarations against the package at run time, where types-results does
// not reach: each entry's declared exports against what it exports (ESM,
// CommonJS, personkit/init, personkit/server), what enrol() rejects with and
// hands a messages function, what enrolMany hands onRow and onProgress when
// creates fail and the errors of its journal, the records personkit/server
// writes to a store, the mock's config; what a JSDoc says a call does
// (enrolMany's default address, prepareImage's options); and usage that
// must compile, or must not (`// @ts-expect-error`), under tsc --strict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EqualsClient, HorusClient, PersonkitError, enrol, enrolMany, toProviderPayloads, prepareImage,
} from 'personkit';
import { createEnrolHandler, memoryStore } from 'personkit/server';
import { startMock } from 'personkit/mock';
import {
  mockServer, API_KEY, CLIENT_ID, CLIENT_SECRET, equalsPerson, horusPerson, jpegBase64, rejection, uid,
} from './helpers.mjs';
import { typesProject, fieldsOf, compile as compileIn, root } from './types-helpers.mjs';

let mock;
let project;
let gone; // a URL nothing listens on: connections are refused
before(async () => {
  mock = await mockServer();
  project = typesProject();
  // Below 1024: a freed ephemeral port can be handed to another suite's server meanwhile.
  gone = 'http://127.0.0.1:4';
});
after(async () => {
  await mock?.close();
  project?.remove();
});

const HEADER = [
  "import type { PersonkitError, RowResult, EnrolManyProgress, EnrolManyError, NeutralPerson, EnrolPerson, MessageIssue } from 'personkit';",
  "import type { IdempotencyRecord, PersonLockRecord, IdempotencyStore } from 'personkit/server';",
  "import type { MockConfig } from 'personkit/mock';",
  'type Fields<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };',
  'type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : false;',
];
const compile = (file, samples, extra = [], files = {}) => compileIn(project.dir, file, [...HEADER, ...extra], samples, { files });
const union = (keys) => keys.map((k) => JSON.stringify(k)).join(' | ') || 'never';
const neutral = () => ({
  firstName: 'Ana', lastName: `Ñañez ${uid()}`, email: `ana.${uid()}@example.pe`, identityNumber: `45${uid()}`, photos: [jpegBase64()],
});

test('each entry declares exactly the values it exports at run time', async () => {
  const require = createRequire(import.meta.url);
  const esm = Object.keys(await import('personkit'));
  const cjs = Object.keys(require('personkit'));
  const init = Object.keys(await import('personkit/init'));
  const server = Object.keys(await import('personkit/server'));
  const errors = compile('exports.mts', [], [
    "import * as esm from 'personkit';",
    "import * as init from 'personkit/init';",
    "import * as server from 'personkit/server';",
    // `default`: see "an ES module entry has no default export" below.
    `export const esmKeys: SameKeys<${union(esm)}, Exclude<keyof typeof esm, 'default'>> = true;`,
    // personkit/init has every type, enrolMany's too (`export type *`), but not enrolMany itself.
    `export const initKeys: SameKeys<${union(init)}, Exclude<keyof typeof init, 'default' | 'enrolMany'>> = true;`,
    "import { enrolMany as initEnrolMany } from 'personkit/init';",
    '// @ts-expect-error not a value of personkit/init',
    'export const noEnrolMany = initEnrolMany;',
    `export const serverKeys: SameKeys<${union(server)}, Exclude<keyof typeof server, 'default'>> = true;`,
  ], {
    'exports.cts': [
      "import cjs = require('personkit');",
      'type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : false;',
      `export const cjsKeys: SameKeys<${union(cjs)}, keyof typeof cjs> = true;`, '',
    ].join('\n'),
  });
  assert.deepEqual(errors, [], `an entry's declared exports drifted from its module:\n${errors.join('\n')}`);
  // The browser entries share the types of the default condition (a Node
  // project built with moduleResolution "bundler" resolves that one too):
  // they export the same, but for the Node-only enrolMany its JSDoc names.
  for (const entry of ['js/browser.mjs', 'js/browser-inline.mjs']) {
    const keys = Object.keys(await import(new URL(entry, `file://${root}/`).href));
    assert.deepEqual(esm.filter((k) => !keys.includes(k)), ['enrolMany'], entry);
    assert.deepEqual(keys.filter((k) => !esm.includes(k)), [], entry);
  }
});

test('an ES module entry has no default export in its types either', () => {
  const errors = compile('default.mts', [], ['personkit', 'personkit/server', 'personkit/init', 'personkit/mock'].flatMap((m, i) => [
    '// @ts-expect-error an ES module without a default export',
    `import d${i} from '${m}';`, `export { d${i} };`,
  ]));
  assert.deepEqual(errors, [], errors.join('\n'));
});

test("what enrol() rejects with compiles against PersonkitError: its own checks, the server's refusals, a failure mid-answer", async () => {
  const handler = createEnrolHandler({
    providers: {
      equals: { client: new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, maxRetries: 0 }), categoryId: 1, positionId: 1 },
    },
  });
  const via = { endpoint: 'http://app.test/api/enrol', fetch: (url, init) => handler(new Request(url, init)) };
  const answering = (body, init) => ({ endpoint: 'http://app.test/api/enrol', fetch: async () => new Response(body, init) });
  const samples = [];
  const add = async (name, promise) => {
    const fields = fieldsOf(await rejection(promise), PersonkitError);
    samples.push([name, 'Fields<PersonkitError>', fields]);
    return fields;
  };
  const local = await add('VALIDATION_FAILED found in the page', enrol({ ...neutral(), email: 'nope' }, { ...via, providers: ['equals', 'horus'] }));
  assert.equal(local.errors[0].provider, 'equals');
  // Without `providers`, what a field lacks is the server's to say (422).
  const refused = await add("the server's VALIDATION_FAILED", enrol({ firstName: 'Ana', lastName: 'Q' }, via));
  assert.equal(refused.status, 422);
  await add('INVALID_OPTIONS', enrol(neutral(), { endpoint: '' }));
  await add('NETWORK', enrol(neutral(), { endpoint: `${gone}/api/enrol` }));
  await add('SERVER_ERROR (a proxy page)', enrol(neutral(), answering('<html>', { status: 502 })));
  await add('BAD_RESPONSE', enrol(neutral(), answering('null', { status: 200, headers: { 'content-type': 'application/json' } })));
  // What personkit/server writes when its run fails after the answer began (handler.mjs: `{ error: { code: 'INTERNAL', message } }`).
  const ndjson = { status: 200, headers: { 'content-type': 'application/x-ndjson' } };
  const internal = await add('INTERNAL mid-answer', enrol(neutral(), answering('{"error":{"code":"INTERNAL","message":"Something went wrong on our side. Please try again later."}}\n', ndjson)));
  assert.equal(typeof internal.detail, 'string', 'detail, the text for logs, is declared string');
  await add('enrolMany INVALID_OPTIONS', enrolMany([], { providers: {}, env: {} }));
  const errors = compile('enrol-errors.mts', samples);
  assert.deepEqual(errors, [], `enrol()'s errors drifted from PersonkitError:\n${errors.join('\n')}`);
});

test('what enrolMany hands onRow and onProgress when creates fail compiles against RowResult and EnrolManyProgress', async () => {
  const rows = [];
  const progress = [];
  await enrolMany([neutral(), { ...neutral(), email: 'nope' }], {
    providers: {
      // A 500 the lookup cannot settle (the lookups fail too): unknown, with the answer's status.
      equals: { apiKey: API_KEY, baseUrl: mock.url, accountId: 'F12345', roleName: 'Viewer', headers: { 'x-mock-fault': '500' } },
      // Refused: failed after the importer's own tries, nothing sent.
      horus: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: gone, categoryId: 1, positionId: 1 },
      verifik: null,
    },
    onRow: (r) => rows.push(r),
    onProgress: (p) => progress.push(p),
    env: {},
  });
  const statuses = rows.flatMap((r) => Object.values(r.outcomes).map((o) => o.status)).sort();
  assert.deepEqual(statuses, ['failed', 'invalid', 'invalid', 'unknown']);
  const samples = [
    ...rows.map((r) => [`onRow, line ${r.line}`, 'RowResult', r]),
    ...progress.map((p, i) => [`onProgress ${i + 1}`, 'EnrolManyProgress', p]),
  ];
  const errors = compile('rows.mts', samples);
  assert.deepEqual(errors, [], `enrolMany's rows drifted from import.d.ts:\n${errors.join('\n')}`);
});

test("enrolMany's journal errors are the EnrolManyError it declares", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'personkit-journal-'));
  try {
    const horus = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, categoryId: 1, positionId: 1 };
    // A run that holds the journal (rows are read once it is locked: the first waits), and a second one on it.
    let reading;
    const read = new Promise((resolve) => { reading = resolve; });
    let go;
    const waiting = new Promise((resolve) => { go = resolve; });
    async function* rows() { reading(); await waiting; yield neutral(); }
    const journal = join(dir, 'people.jsonl');
    const first = enrolMany(rows(), { providers: { horus }, journal, env: {} });
    await read;
    const inUse = await rejection(enrolMany([neutral()], { providers: { horus }, journal, env: {} }));
    go();
    await first;
    const unusable = await rejection(enrolMany([neutral()], { providers: { horus }, journal: dir, env: {} }));
    const samples = [inUse, unusable].map((e) => {
      assert.ok(e instanceof Error && !(e instanceof PersonkitError), String(e));
      return [e.code, "Pick<EnrolManyError, 'code' | 'message' | 'name'>", { code: e.code, message: e.message, name: e.name }];
    });
    assert.deepEqual(samples.map(([c]) => c), ['JOURNAL_IN_USE', 'JOURNAL_UNUSABLE']);
    const errors = compile('journal-errors.mts', samples);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("enrolMany without a baseUrl or *_BASE_URL sends where the provider's client does by default, as import.d.ts says", async () => {
  const seen = [];
  // Nothing leaves the machine: every request is answered here, refused.
  const fetch = async (url) => {
    seen.push(new URL(url).origin);
    return new Response('{"message":"no"}', { status: 401, headers: { 'content-type': 'application/json' } });
  };
  await rejection(new EqualsClient({ apiKey: API_KEY, fetch }).createPerson(equalsPerson()));
  const client = seen.splice(0);
  await enrolMany([neutral()], { providers: { equals: { apiKey: API_KEY, accountId: 'F12345', roleName: 'Viewer', fetch } }, env: {} });
  assert.ok(client.length === 1 && seen.length > 0);
  assert.deepEqual([...new Set(seen)], client);
});

test('enrolMany refuses a rowsInFlight it cannot run with, as it refuses such a concurrency', { timeout: 20_000 }, async () => {
  const horus = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, categoryId: 1, positionId: 1 };
  // 0 held no row at a time: the run waited for a slot forever.
  for (const rowsInFlight of [0, -1, 1.5, '8']) {
    const err = await rejection(enrolMany([neutral()], { providers: { horus }, env: {}, rowsInFlight }));
    assert.deepEqual([err.code, err.field], ['INVALID_OPTIONS', 'rowsInFlight'], String(rowsInFlight));
  }
  const summary = await enrolMany([neutral(), neutral()], { providers: { horus }, env: {}, rowsInFlight: 1 });
  assert.equal(summary.providers.horus.created, 2);
});

test("what enrol() hands a messages function compiles against MessageIssue, a refusal's code included", async () => {
  const issues = [];
  const messages = (issue) => { issues.push(issue); return undefined; };
  const answering = (status) => ({ endpoint: 'http://app.test/api/enrol', messages, fetch: async () => new Response('<html>', { status }) });
  // A proxy's page (no personkit/server JSON) is named by its status.
  for (const status of [413, 403, 502]) await rejection(enrol(neutral(), answering(status)));
  await rejection(enrol({ ...neutral(), email: 'nope' }, { endpoint: '/api/enrol', providers: ['equals'], messages }));
  assert.deepEqual(issues.map((i) => i.code), ['PAYLOAD_TOO_LARGE', 'FORBIDDEN', 'SERVER_ERROR', 'INVALID_EMAIL', 'VALIDATION_FAILED']);
  // Plain data for the literal: a key whose value is undefined is left out, as an optional member may be.
  const plain = (i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined));
  const errors = compile('issues.mts', issues.map((i) => [i.code, 'MessageIssue', plain(i)]));
  assert.deepEqual(errors, [], errors.join('\n'));
});

test("prepareImage's quality and type apply to a redrawn image only, as PrepareImageOptions says", async () => {
  const jpeg = new Blob([Buffer.from(jpegBase64(), 'base64')], { type: 'image/jpeg' });
  // Upright and small enough: no redrawing, so no PNG whatever `type` asks.
  assert.equal(await prepareImage(jpeg, { type: 'image/png', quality: 0.1 }), jpeg);
  const types = readFileSync(new URL('js/index.d.ts', `file://${root}/`), 'utf8');
  const doc = types.slice(types.indexOf('export interface PrepareImageOptions'), types.indexOf('export function prepareImage'));
  assert.match(doc, /type of a redrawn image[^*]*needs no redrawing keeps its own/);
  assert.match(doc, /a redrawn JPEG only/);
});

test("the records personkit/server writes to a store compile against the store's declared record types", async () => {
  const records = [];
  const inner = memoryStore();
  const keep = (key, record) => records.push({ key, record: structuredClone(record) });
  const store = {
    get: (key) => inner.get(key),
    create: (key, record, ttlMs) => { keep(key, record); return inner.create(key, record, ttlMs); },
    replace: (key, version, record, ttlMs) => { keep(key, record); return inner.replace(key, version, record, ttlMs); },
  };
  // Equals refused (its create never left): the record says so, and is finished.
  const handler = createEnrolHandler({
    providers: {
      equals: { client: new EqualsClient({ apiKey: API_KEY, baseUrl: gone, maxRetries: 0 }), accountId: 'F12345', roleName: 'Viewer' },
      horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url }), categoryId: 1, positionId: 1 },
    },
    store,
  });
  const summary = await enrol(neutral(), { endpoint: 'http://app.test/api/enrol', fetch: (url, init) => handler(new Request(url, init)) });
  assert.equal(summary.results.equals.status, 'failed');
  // The enrolment's record under its key, and the lock of its Equals person (one create at a time across keys).
  const locks = records.filter((r) => r.key.startsWith('equals person '));
  const enrolment = records.filter((r) => !locks.includes(r));
  assert.ok(locks.length > 0 && enrolment.length > 0);
  const last = enrolment.at(-1).record;
  assert.equal(last.state, 'done');
  assert.ok('unsent' in last && 'doneAt' in last, `the record the test needs: ${Object.keys(last)}`);
  const errors = compile('records.mts', [
    ...enrolment.map(({ record }, i) => [`enrolment record ${i + 1} (${record.state})`, 'IdempotencyRecord', record]),
    ...locks.map(({ record }, i) => [`lock record ${i + 1} (${record.state})`, 'PersonLockRecord', record]),
    // What a store of your own is handed, whichever it is.
    ...records.map(({ record }, i) => [`record ${i + 1} as create() takes it`, "Parameters<IdempotencyStore['create']>[1]", record]),
  ]);
  assert.deepEqual(errors, [], `the store's records drifted from server.d.ts:\n${errors.join('\n')}`);
});

test('a person without an email compiles as the neutral person (a Verifik-only enrolment takes one)', async () => {
  const { email, ...faceOnly } = neutral();
  void email;
  assert.equal(toProviderPayloads(faceOnly, { verifik: true }).ok, true);
  assert.equal(toProviderPayloads({ ...faceOnly, email: null }, { verifik: true }).ok, true);
  const errors = compile('person.mts', [
    ['without email', 'NeutralPerson', faceOnly],
    ['email null', 'NeutralPerson', { ...faceOnly, email: null }],
    ['enrol() person without email', 'EnrolPerson', faceOnly],
  ]);
  assert.deepEqual(errors, [], `the neutral person's type refuses what the package takes:\n${errors.join('\n')}`);
});

test("the mock's effective config compiles against MockConfig", async () => {
  const m = await startMock({ port: 0, config: { equals: { accountIds: ['F1', 'F2'] }, bodyLimit: 1024 } });
  try {
    const errors = compile('mock-config.mts', [['startMock().config', 'MockConfig', m.config]]);
    assert.deepEqual(errors, [], `mock/server.d.ts drifted from the mock's config:\n${errors.join('\n')}`);
  } finally {
    await m.close();
  }
});

test('Horus results always carry the request id (the one sent when the server echoed none)', async () => {
  const h = new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url });
  const p = horusPerson();
  const results = [await h.createPerson(p), await h.createPerson(p), await h.createPerson(horusPerson(), { requestId: 'r-1' })];
  for (const r of results) assert.equal(typeof r.requestId, 'string');
  assert.equal(results[2].requestId, 'r-1');
});

test('documented usage compiles under tsc --strict, and wrong usage does not', async () => {
  // What the @ts-expect-error lines below stand for at run time.
  assert.throws(() => new EqualsClient({ apiKey: 'k', logger: {} }), { code: 'INVALID_OPTIONS', field: 'logger' });
  for (const headers of [new Headers({ 'x-csrf-token': 't' }), [['x-csrf-token', 't']]]) {
    let sent;
    const fetch = async (url, init) => { sent = init.headers.get('x-csrf-token'); return new Response('{"results":{}}', { headers: { 'content-type': 'application/json' } }); };
    await enrol(neutral(), { endpoint: '/api/enrol', headers, fetch });
    assert.equal(sent, 't');
  }
  const errors = compile('usage.mts', [], [
    "import { PersonkitError as PE, HorusClient, EqualsClient, enrol, enrolMany, validateField, type HorusResult } from 'personkit';",
    "import { startMock } from 'personkit/mock';",
    '// A test double of a client throws what the real one throws.',
    "export const busy = new PE('RATE_LIMITED', 'Equals Money is busy', { provider: 'equals', status: 429, retryAfter: 3 });",
    "export const code: string = busy.code;",
    '// @ts-expect-error the first argument is the code, not the message',
    "export const wrong = new PE('Equals Money is busy');",
    '// enrol()\'s VALIDATION_FAILED names the provider whose rule each error is.',
    'export function rule(e: PersonkitError): string | undefined { return e.errors[0]?.provider; }',
    'export function id(r: HorusResult): string { return r.requestId; }',
    "export const logged = new EqualsClient({ apiKey: 'k', logger: { info: (m: string) => void m } });",
    '// @ts-expect-error a logger without a level (INVALID_OPTIONS at run time)',
    "export const silent = new EqualsClient({ apiKey: 'k', logger: {} });",
    '// Headers must be a plain object of strings: a Headers or a Map is not read.',
    "// @ts-expect-error a Headers instance",
    "export const h = new HorusClient({ baseUrl: 'https://h.example', headers: new Headers({ 'x-a': '1' }) });",
    "// @ts-expect-error a Map",
    "export const e = new EqualsClient({ apiKey: 'k', headers: new Map([['x-a', '1']]) });",
    '// A provider left out of a run as `null` or `false` (README: personkit import).',
    "export const run = (on: boolean) => enrolMany([], { providers: { verifik: on && { collections: ['staff'] }, horus: null, equals: { accountId: 'F1', roleName: 'Viewer' } } });",
    "export const page = enrol({ firstName: 'Ana', lastName: 'Q', photos: [] }, { endpoint: '/api/enrol', providers: ['verifik'] });",
    '// A file input\'s FileList as it is (`FileList | null`), as a form hands it over.',
    "export const picked = (input: HTMLInputElement) => enrol({ firstName: 'Ana', lastName: 'Q', photos: input.files }, { endpoint: '/api/enrol' });",
    "export const mock = startMock({ config: { equals: { accountIds: ['F1'] }, bodyLimit: 1024 } });",
    '// A form component that checks its field wherever it is (a provider\'s body or the neutral person).',
    "export const check = (where: 'equals' | 'person', field: string, value: unknown) => validateField(where, field, value);",
    "export const csrf = enrol({ firstName: 'Ana', lastName: 'Q' }, { endpoint: '/api/enrol', headers: new Headers({ 'x-csrf-token': 't' }) });",
    "export const pairs = enrol({ firstName: 'Ana', lastName: 'Q' }, { endpoint: '/api/enrol', headers: [['x-csrf-token', 't']] });",
    '// A field the table maps from the person, set for every person: refused by enrolMany\'s type as by the server\'s.',
    "// @ts-expect-error every row would get this identity number",
    "export const same = enrolMany([], { providers: { horus: { categoryId: 1, positionId: 1, mainIdentifier: '999' } } });",
    '// @ts-expect-error a misspelt setting (the mock refuses it at start)',
    "export const typo = startMock({ config: { verifik: { tokens: 'x' } } });",
  ]);
  assert.deepEqual(errors, [], `the declared surface refuses what the README documents, or takes what the package refuses:\n${errors.join('\n')}`);
});

test('a server field the table maps from the person (every person would get it) is refused at start, as the types refuse it', async () => {
  const client = new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url });
  assert.throws(() => createEnrolHandler({ providers: { horus: { client, categoryId: 1, positionId: 1, mainIdentifier: '999' } } }), TypeError);
  const err = await rejection(enrolMany([], { providers: { horus: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: mock.url, categoryId: 1, positionId: 1, mainIdentifier: '999' } }, env: {} }));
  assert.deepEqual([err.code, err.field], ['INVALID_OPTIONS', 'providers.horus.mainIdentifier']);
});

test('a client given its headers as a Headers or a Map refuses them, as it refuses any other value that is not an object of strings', async () => {
  for (const headers of [new Headers({ 'x-trace': 'abc' }), new Map([['x-trace', 'abc']])]) {
    const err = await rejection((async () => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, headers }))());
    assert.equal(err.code, 'INVALID_OPTIONS');
    assert.equal(err.field, 'headers');
  }
});

