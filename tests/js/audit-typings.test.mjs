// Typings audit: the .d.ts files against what the code does, where
// types-results, audit-types, audit-types-optional and audit-forms do not
// reach: a `messages` map as the runtime reads it (null and undefined
// entries, a function that returns null), mapPerson's unchecked bodies,
// personkit/init in a Node project without the DOM lib, every subpath under
// node16, nodenext and bundler (the browser and workerd conditions too), and
// the README's API tables against the declared options. Each check compiles
// a small consumer with the project's tsc --strict; what must be refused is a
// `// @ts-expect-error` line. The last tests hold the core (Rust, src/wasm/*.js) to its declarations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  validateEqualsPerson, VerifikClient, EqualsClient, HorusClient, encodeImage, prepareImage, enrol, enrolMany,
  mapPerson, checkProviderPayload, toProviderPayloads, PersonkitError,
} from 'personkit';
import { startMock } from 'personkit/mock';
import { mockServer, API_KEY, equalsPerson, rejection, uid } from './helpers.mjs';
import { typesProject, compile, STRICT, root } from './types-helpers.mjs';

let project;
let mock;
before(async () => {
  project = typesProject();
  mock = await mockServer();
});
after(async () => {
  project?.remove();
  await mock?.close();
});

const union = (names) => names.map((n) => JSON.stringify(n)).join(' | ');
const NODE_TYPES = { types: ['node'], typeRoots: [join(root, 'node_modules/@types')] };

test('a messages map with null or undefined entries, and a function that returns null, compile as the runtime takes them', async () => {
  // At run time (README, Messages for people): a null or undefined field entry
  // is no entry (the code's is read); a function that returns anything but a
  // string, or an entry that is not text, leaves personkit's text.
  const bad = { ...equalsPerson(), emailAddress: 'nope' };
  const own = validateEqualsPerson(bad).errors[0].message;
  const text = (messages) => validateEqualsPerson(bad, { messages }).errors[0].message;
  assert.equal(text({ emailAddress: null, INVALID_EMAIL: 'By code' }), 'By code');
  assert.equal(text({ emailAddress: undefined, INVALID_EMAIL: 'By code' }), 'By code');
  assert.equal(text(() => null), own);
  assert.equal(text({ INVALID_EMAIL: () => null }), own);
  assert.equal(text({ emailAddress: { INVALID_EMAIL: undefined, TOO_LONG: null } }), own);
  const client = new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0, headers: { 'x-mock-fault': '503' } });
  const plain = await rejection(client.createPerson(equalsPerson()));
  const worded = await rejection(client.createPerson(equalsPerson(), { messages: () => null }));
  assert.equal(worded.message, plain.message);
  const page = await rejection(enrol({ firstName: 'Ana', lastName: 'Q', email: 'nope' }, {
    endpoint: '/api/enrol', providers: ['equals'], messages: { email: null, INVALID_EMAIL: 'By code' },
  }));
  assert.equal(page.errors[0].message, 'By code');

  const errors = compile(project.dir, 'messages.mts', [
    "import { validateEqualsPerson, validateField, toProviderPayloads, EqualsClient, enrol, type Messages } from 'personkit';",
    'declare const cond: boolean;',
    "const defaults = { INVALID_EMAIL: 'Revisa tu correo' };",
    "export const a = validateEqualsPerson({}, { messages: { ...defaults, emailAddress: cond ? 'Tu correo' : null } });",
    "export const b = validateField('equals', 'emailAddress', 'x', { messages: { ...defaults, emailAddress: cond ? 'Tu correo' : undefined } });",
    "export const c = validateEqualsPerson({}, { messages: (i) => (i.code === 'INVALID_EMAIL' ? 'Tu correo' : null) });",
    "export const d = toProviderPayloads({}, { equals: true }, { messages: { INVALID_EMAIL: (i) => (i.limit ? 'x' : null), email: { TOO_LONG: null, REQUIRED: undefined } } });",
    "export const e = new EqualsClient({ apiKey: 'k', messages: () => null });",
    "export const f = enrol({ firstName: 'A', lastName: 'B' }, { endpoint: '/api/enrol', messages: { email: cond ? 'Tu correo' : null } });",
    '// @ts-expect-error a number is no text',
    'export const g: Messages = { INVALID_EMAIL: 5 };',
    '// @ts-expect-error a function of no issue',
    "export const h: Messages = { INVALID_EMAIL: (n: number) => 'x' };",
  ], []);
  assert.deepEqual(errors, [], `the Messages type refuses what the runtime takes:\n${errors.join('\n')}`);
});

test("mapPerson's payloads compile as what it returns: the bodies before the providers' rules, unchecked", () => {
  const serverFields = { verifik: true, equals: { accountId: 'F1', roleName: 'Boss' }, horus: { categoryId: '1', positionId: 1 } };
  const r = mapPerson({ firstName: 5, lastName: 'B', email: 'x', gender: 'X', photos: ['not base64'] }, serverFields);
  // Not a checked body: a role Equals does not have, a category as a string, no firstName (not a string).
  assert.equal(r.payloads.equals.roleName, 'Boss');
  assert.equal(r.payloads.horus.categoryId, '1');
  assert.equal(r.payloads.equals.firstName, undefined);
  assert.equal(r.payloads.verifik.gender, 'X');
  // What checkProviderPayload takes and what prepare is handed: a plain body.
  assert.equal(checkProviderPayload('equals', r.payloads.equals, serverFields).ok, false);
  const errors = compile(project.dir, 'mapped.mts', [
    "import { mapPerson, checkProviderPayload, type ServerFields } from 'personkit';",
    'declare const serverFields: ServerFields;',
    "const { payloads } = mapPerson({}, serverFields);",
    "// @ts-expect-error an unchecked body's member may be anything (a 5 where a name goes)",
    'export const first: string | undefined = payloads.equals?.firstName;',
    "export const checked = payloads.equals && checkProviderPayload('equals', payloads.equals, serverFields);",
  ], [['mapPerson(), its first name not a string', 'ReturnType<typeof mapPerson>', r]]);
  assert.deepEqual(errors, [], `mapPerson's declared result drifted from what it returns:\n${errors.join('\n')}`);
});

test("toProviderPayloads' bodies compile as what it returns: without the server's fields a page's `true` or a partial object leaves out", () => {
  const person = { firstName: 'Ana', lastName: 'Q', email: 'ana@example.pe', identityNumber: '45879632' };
  // A page checks with `true` (enrol does): the server adds accountId, roleName, categoryId, positionId.
  const page = toProviderPayloads(person, { equals: true, horus: true });
  const partial = toProviderPayloads(person, { equals: { accountId: 'F1' }, horus: { categoryId: 2 } });
  assert.ok(page.ok && partial.ok);
  assert.equal(page.value.equals.accountId, undefined);
  assert.equal(page.value.horus.categoryId, undefined);
  assert.equal(partial.value.equals.roleName, undefined);
  const errors = compile(project.dir, 'payloads.mts', [
    "import { toProviderPayloads } from 'personkit';",
    "const r = toProviderPayloads({}, { equals: true });",
    "// @ts-expect-error absent when the server's fields were not given",
    'export const account: string = r.ok && r.value.equals ? r.value.equals.accountId : "";',
    "// @ts-expect-error absent when the server's fields were not given",
    'export const category: number = r.ok && r.value.horus ? r.value.horus.categoryId : 0;',
    "export const email: string = r.ok && r.value.equals ? r.value.equals.emailAddress : '';",
  ], [
    ["toProviderPayloads(person, { equals: true, horus: true })", 'ReturnType<typeof toProviderPayloads>', page],
    ['toProviderPayloads(person, { equals: { accountId }, horus: { categoryId } })', 'ReturnType<typeof toProviderPayloads>', partial],
  ]);
  assert.deepEqual(errors, [], `toProviderPayloads' declared bodies drifted from what it returns:\n${errors.join('\n')}`);
});

test("a Verifik person as the public docs' answer holds it compiles as VerifikCreated: no images, status or faceEncodings there", async () => {
  // The public docs' "Create a Person" answer (README: both documented success
  // shapes are parsed): its `data` has thumbnails, and no images, status or
  // faceEncodings. The client hands `data` over as it came.
  const answer = {
    id: 'K7QPZ',
    data: {
      _id: '6761a2c03a7502baafacc001', name: 'Ana Quispe', gender: 'F', date_of_birth: '1990-01-15', nationality: 'PE',
      thumbnails: [], collections: ['staff'], notes: 'VIP', client: '6761a2c03a7502baafacc000',
      createdAt: '2024-01-15T10:30:00.000Z', updatedAt: '2024-01-15T10:30:00.000Z',
    },
    signature: { message: 'Certified by Verifik.co', dateTime: 'January 15, 2024 10:30 AM' },
  };
  const fetch = async () => new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  const { jpegBase64 } = await import('./helpers.mjs');
  const r = await new VerifikClient({ token: 't', baseUrl: 'http://127.0.0.1:9', fetch }).createPerson({ name: 'Ana Quispe', images: [jpegBase64()] });
  assert.equal(r.id, answer.data._id);
  assert.deepEqual(r.person.date_of_birth, { year: 1990, month: 1, day: 15 });
  for (const k of ['images', 'status', 'faceEncodings']) assert.equal(k in r.person, false, k);
  const errors = compile(project.dir, 'verifik-docs.mts', [
    "import type { VerifikCreated, VerifikPerson } from 'personkit';",
    '// @ts-expect-error absent from the public docs\' answer',
    'export const images = (p: VerifikPerson): string[] => p.images;',
  ], [["createPerson() on the public docs' answer", 'VerifikCreated', r]]);
  assert.deepEqual(errors, [], `VerifikPerson drifted from what the client returns:\n${errors.join('\n')}`);
});

test('an Equals answer whose persona is null compiles as EqualsCreated: null in person.persona too, not only in persona', async () => {
  const body = {
    avatar: { url: '', fileName: '' }, id: 'b1f0c2de-0000-4000-8000-000000000001', productId: 'em', sub: 's-1', firstName: 'Ana', lastName: 'Q',
    title: null, middleInitials: null, dob: null, gender: null, nationality: null, countryOfResidence: null, status: 'active',
    primaryMobileNumber: null, primaryEmailAddress: 'ana@example.pe', createdAt: '2024-01-15T10:30:00Z', updatedAt: '2024-01-15T10:30:00Z',
    emailTheme: 'em-light', persona: null,
  };
  const fetch = async () => new Response(JSON.stringify(body), { status: 201, headers: { 'content-type': 'application/json' } });
  const r = await new EqualsClient({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9', fetch }).createPerson(equalsPerson());
  assert.deepEqual([r.persona, r.personaId, r.person.persona], [null, null, null]);
  const errors = compile(project.dir, 'equals-null.mts', ["import type { EqualsCreated } from 'personkit';"],
    [['createPerson() on an answer with persona: null', 'EqualsCreated', r]]);
  assert.deepEqual(errors, [], `EqualsPerson drifted from what the client returns:\n${errors.join('\n')}`);
});

test('every subpath compiles in a Node project without the DOM lib (lib es2022, @types/node), personkit/init included', () => {
  // @tsconfig/node20's lib: no "dom", so no global WebAssembly namespace under @types/node 20.
  const errors = compile(project.dir, 'nodom.mts', [
    "import { EqualsClient, encodeImage, enrolMany, type BlobLike } from 'personkit';",
    "import { createEnrolHandler, toNodeHandler } from 'personkit/server';",
    "import { startMock } from 'personkit/mock';",
    "import { init, initSync, type WasmSource } from 'personkit/init';",
    "import { readFileSync } from 'node:fs';",
    "const client = new EqualsClient({ apiKey: 'k' });",
    "export const node = toNodeHandler(createEnrolHandler({ providers: { equals: { client, accountId: 'F1', roleName: 'Viewer' } } }));",
    'export const started = startMock();',
    'export const encoded = encodeImage(new Uint8Array(1));',
    'export const many = enrolMany([], { providers: {} });',
    "initSync(readFileSync('personkit.wasm'));",
    "export const loading = init(readFileSync('personkit.wasm'));",
    'export type Source = WasmSource;',
    'export type Blob = BlobLike;',
    '// @ts-expect-error typed: initSync takes the .wasm',
    'initSync();',
  ], [], { compilerOptions: { ...STRICT, ...NODE_TYPES, lib: ['es2022'] } });
  assert.deepEqual(errors, [], `the declarations need a lib a Node project does not have:\n${errors.join('\n')}`);
});

test("the declarations compile under a strictest project's flags (noImplicitOverride, noUncheckedIndexedAccess, verbatimModuleSyntax, …)", () => {
  const errors = compile(project.dir, 'strictest.mts', [
    "import { PersonkitError, EqualsClient, enrol, type EnrolSummary } from 'personkit';",
    "import { createEnrolHandler, memoryStore } from 'personkit/server';",
    "import { startMock } from 'personkit/mock';",
    "import { init } from 'personkit/init';",
    "export const e = new PersonkitError('RATE_LIMITED', 'Busy', { retryAfter: 3, detail: 'busy' });",
    "export const h = createEnrolHandler({ providers: { equals: { client: new EqualsClient({ apiKey: 'k' }), accountId: 'F1', roleName: 'Viewer' } }, store: memoryStore() });",
    // authorize's value types onComplete's `auth`, with no type argument; what it returns is the page's `data`.
    "export const linked = createEnrolHandler({ providers: { equals: { client: new EqualsClient({ apiKey: 'k' }), accountId: 'F1', roleName: 'Viewer' } },",
    "  authorize: async (request: Request) => (request.headers.get('authorization') ? { userId: 'u1' } : false),",
    "  onComplete: async ({ auth, results, replayed }) => { const user: string = auth.userId; const id: string | undefined = results.equals?.id; return { user, id, replayed }; } });",
    "export const s: Promise<EnrolSummary> = enrol({ firstName: 'A', lastName: 'B' }, { endpoint: '/api/enrol' });",
    "export const data: Promise<unknown> = s.then((summary) => summary.data);",
    'export const m = startMock();',
    "export const i = init('/personkit.wasm');",
  ], [], {
    compilerOptions: {
      ...STRICT, ...NODE_TYPES, noImplicitOverride: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true,
      noPropertyAccessFromIndexSignature: true, useUnknownInCatchVariables: true, verbatimModuleSyntax: true, isolatedModules: true,
    },
  });
  assert.deepEqual(errors, [], errors.join('\n'));
});

/** A consumer of every subpath: typed values (an untyped module would take `version(1)`), one import style. */
const consumer = (style) => {
  const imp = style === 'require'
    ? (names, from) => `import ${names[0]}_ns = require('${from}'); const { ${names.join(', ')} } = ${names[0]}_ns;`
    : (names, from) => `import { ${names.join(', ')} } from '${from}';`;
  return [
    imp(['version', 'EqualsClient'], 'personkit'),
    imp(['createEnrolHandler'], 'personkit/server'),
    imp(['startMock'], 'personkit/mock'),
    imp(['initSync'], 'personkit/init'),
    'export const v: string = version();',
    '// @ts-expect-error typed: version takes nothing',
    'version(1);',
    "export const h = createEnrolHandler({ providers: { equals: { client: new EqualsClient({ apiKey: 'k' }), accountId: 'F1', roleName: 'Viewer' } } });",
    '// @ts-expect-error typed: a port is a number',
    "startMock({ port: '0' });",
    '// @ts-expect-error typed: initSync takes the .wasm',
    'initSync();',
    'export {};',
  ].join('\n');
};

test('every subpath resolves to its types under node16, nodenext and bundler (browser and workerd conditions too), ESM and CommonJS', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Every subpath that is JavaScript names its types (a .wasm or package.json has none to name).
  for (const [sub, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') {
      assert.match(target, /\.(wasm|json)$/, `${sub}: a JavaScript subpath without types`);
      continue;
    }
    const leaves = [];
    const walk = (t) => (typeof t === 'string' ? null : (leaves.push(t), Object.values(t).forEach(walk)));
    walk(target);
    for (const t of leaves) {
      const js = Object.entries(t).filter(([k, v]) => typeof v === 'string' && k !== 'types' && /\.m?c?js$/.test(v));
      if (js.length > 0) assert.ok(Object.keys(t)[0] === 'types', `${sub}: ${JSON.stringify(t)} lists no types first`);
    }
  }
  const runs = [
    // nodenext: Node 20.19+ requires an ES module, so CommonJS takes every subpath.
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }, { 'esm.mts': 'import', 'cjs.cts': 'require' }],
    ['node16', { module: 'node16', moduleResolution: 'node16' }, { 'esm.mts': 'import' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, { 'page.ts': 'import' }],
    ['bundler, browser', { module: 'esnext', moduleResolution: 'bundler', customConditions: ['browser', 'development'] }, { 'page.ts': 'import' }],
    ['bundler, workerd', { module: 'esnext', moduleResolution: 'bundler', customConditions: ['workerd'] }, { 'worker.ts': 'import' }],
  ];
  for (const [name, options, files] of runs) {
    const texts = Object.fromEntries(Object.entries(files).map(([f, style]) => [f, consumer(style)]));
    const errors = compile(project.dir, 'empty.ts', ['export {};'], [], { compilerOptions: { ...STRICT, ...options }, files: texts });
    assert.deepEqual(errors, [], `${name}:\n${errors.join('\n')}`);
  }
  // node16 is Node 16's CommonJS: only the root entry is CommonJS (the rest are ES modules).
  const cjs = compile(project.dir, 'empty.ts', ['export {};'], [], {
    compilerOptions: { ...STRICT, module: 'node16', moduleResolution: 'node16' },
    files: { 'cjs.cts': "import pk = require('personkit');\nexport const v: string = pk.version();\n" },
  });
  assert.deepEqual(cjs, []);
});

test('the options each call reads are exactly the declared ones (the list its unknown-option error gives)', async () => {
  const listed = async (make) => {
    const err = await rejection((async () => make())());
    const m = /the options are (.+)$/.exec(err.detail ?? err.message);
    assert.ok(m, `no list in: ${err.detail ?? err.message}`);
    return m[1].split(', ');
  };
  const odd = { zzz: 1 };
  const claims = [
    ['new VerifikClient', await listed(() => new VerifikClient(odd)), 'keyof VerifikClientOptions'],
    ['new EqualsClient', await listed(() => new EqualsClient(odd)), 'keyof EqualsClientOptions'],
    ['new HorusClient', await listed(() => new HorusClient(odd)), 'keyof HorusClientOptions'],
    ['createPerson', await listed(() => new HorusClient({ baseUrl: 'http://127.0.0.1:9', withoutCredentials: true }).createPerson({}, odd)), 'keyof CallOptions'],
    ['encodeImage', await listed(() => encodeImage(new Uint8Array(1), odd)), 'keyof EncodeImageOptions'],
    ['prepareImage', await listed(() => prepareImage(new Blob([new Uint8Array(1)]), odd)), 'keyof PrepareImageOptions'],
    ['enrolMany', await listed(() => enrolMany([], odd)), 'keyof EnrolManyOptions'],
    ['startMock', await listed(() => startMock(odd)), 'keyof StartMockOptions'],
  ];
  const errors = compile(project.dir, 'read-options.mts', [
    "import type { VerifikClientOptions, EqualsClientOptions, HorusClientOptions, CallOptions, EncodeImageOptions, PrepareImageOptions, EnrolManyOptions } from 'personkit';",
    "import type { StartMockOptions } from 'personkit/mock';",
    'type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : [A, B];',
  ], claims.map(([name, names, keys]) => [`${name} reads ${names.join(', ')}`, `SameKeys<${union(names)}, ${keys}>`, true]));
  assert.deepEqual(errors, [], `an option is read but not declared, or declared but refused:\n${errors.join('\n')}`);
});

test('a `fetch` option is called with a URL string everywhere (clients, enrolMany and its lookups, enrol), so one typed (url: string, init) compiles', async () => {
  const inputs = [];
  const spy = (input, init) => { inputs.push(typeof input); return globalThis.fetch(input, init); };
  // Equals is looked up before each create (lookFirst), by the importer's own request.
  const neutral = () => ({ firstName: 'Ana', lastName: 'Q', email: `ana.${uid()}@example.pe` });
  await enrolMany([neutral()], { providers: { equals: { apiKey: API_KEY, baseUrl: mock.url, accountId: 'F12345', roleName: 'Viewer', fetch: spy } }, env: {} });
  assert.ok(inputs.length >= 2, `${inputs.length} requests`);
  await enrol(neutral(), { endpoint: 'http://app.test/api/enrol', fetch: async (input) => { inputs.push(typeof input); return new Response('{"results":{}}', { headers: { 'content-type': 'application/json' } }); } });
  assert.deepEqual([...new Set(inputs)], ['string']);
  const errors = compile(project.dir, 'fetch.mts', [
    "import { enrol, enrolMany, EqualsClient } from 'personkit';",
    'const mine = async (url: string, init?: RequestInit): Promise<Response> => fetch(url, init);',
    "export const a = enrol({ firstName: 'A', lastName: 'B' }, { endpoint: 'https://app.example/api/enrol', fetch: mine });",
    "export const b = enrolMany([], { providers: { equals: { accountId: 'F1', roleName: 'Viewer', fetch: mine } } });",
    "export const c = new EqualsClient({ apiKey: 'k', fetch: mine });",
    "export const d = enrol({ firstName: 'A', lastName: 'B' }, { endpoint: '/api/enrol', fetch: globalThis.fetch });",
    "export const e = enrolMany([], { providers: { horus: { categoryId: 1, positionId: 1, fetch } } });",
  ], []);
  assert.deepEqual(errors, [], `a fetch typed as personkit calls it is refused:\n${errors.join('\n')}`);
});

test('enrol() refuses an option it does not read, as the types and every other options object do: a typo is never ignored', async () => {
  let sent = 0;
  const fetch = async () => { sent += 1; return new Response('{"results":{}}', { headers: { 'content-type': 'application/json' } }); };
  const person = { firstName: 'Ana', lastName: 'Q', email: 'ana@example.pe' };
  // `credential: 'include'` ignored sent no cookie, and authorize answered 401 for a reason nobody could see.
  const err = await rejection(enrol(person, { endpoint: '/api/enrol', fetch, credential: 'include' }));
  assert.deepEqual([err.code, err.field], ['INVALID_OPTIONS', 'credential']);
  assert.match(err.detail, /unknown option credential \(did you mean credentials\?\); the options are endpoint, /);
  assert.equal(sent, 0);
  const es = await rejection(enrol(person, { endpoint: '/api/enrol', fetch, idempotencykey: 'k-1', locale: 'es' }));
  assert.deepEqual([es.code, es.field], ['INVALID_OPTIONS', 'idempotencykey']);
  assert.match(es.detail, /did you mean idempotencyKey\?/);
  assert.deepEqual(await enrol(person, { endpoint: '/api/enrol', fetch, credentials: 'include', idempotencyKey: 'k-1' }), { results: {} });
  const errors = compile(project.dir, 'enrol-options.mts', [
    "import { enrol } from 'personkit';",
    "// @ts-expect-error not an option of enrol()",
    "export const typo = enrol({ firstName: 'A', lastName: 'B' }, { endpoint: '/api/enrol', credential: 'include' });",
  ], []);
  assert.deepEqual(errors, [], errors.join('\n'));
});

test("memoryStore and redisStore refuse an option they do not read, as their types do: a misspelt prefix shared another app's keys", async () => {
  const { memoryStore, redisStore } = await import('personkit/server');
  const client = { sendCommand: async () => null };
  assert.throws(() => redisStore(client, { perfix: 'app-a:' }), { name: 'TypeError', message: /unknown option "perfix" \(did you mean prefix\?\)/ });
  assert.throws(() => memoryStore({ maxkeys: 10 }), { name: 'TypeError', message: /unknown option "maxkeys" \(did you mean maxKeys\?\)/ });
  assert.equal(typeof redisStore(client, { prefix: 'app-a:' }).get, 'function');
  assert.equal(typeof memoryStore({ maxKeys: 10 }).get, 'function');
  assert.equal(typeof memoryStore().get, 'function');
});

// ------------------------------------------------------------ the README's tables

const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** Innermost parentheses removed until none is left: the prose inside a cell. */
const unbracketed = (s) => { let t = s; for (let prev; prev !== t;) { prev = t; t = t.replace(/\([^()]*\)/g, ''); } return t; };
/** The names inside the first `{ … }` of `text`, defaults and `?` left off. */
const braced = (text) => {
  const m = /\{([^{}]*)\}/.exec(text);
  assert.ok(m, `no { … } in ${text}`);
  return m[1].split(',').map((s) => s.trim().replace(/\s*[=:].*$/, '').replace(/\?$/, '')).filter(Boolean);
};
const ticked = (text) => [...text.matchAll(/`(\w+)`/g)].map((m) => m[1]);
/** The rows of the Markdown table after `heading` (the first one after `after`), each a list of cells. */
function table(heading, after = '') {
  const at = readme.indexOf(heading, readme.indexOf(after));
  assert.ok(at >= 0, heading);
  const lines = readme.slice(at).split('\n');
  const first = lines.findIndex((l) => l.startsWith('| '));
  const rows = [];
  for (const l of lines.slice(first + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}
const row = (rows, start) => {
  const found = rows.find(([c]) => c.startsWith(start));
  assert.ok(found, `no row ${start}`);
  return found;
};

test("the README's API tables name exactly the declared options and fields", () => {
  const api = table('### The API');
  const clients = row(api, '`new VerifikClient');
  const common = ticked(unbracketed(clients[1].slice(clients[1].indexOf('and for all:'))));
  const [verifik, equals, horus] = clients[0].split('`, `').map(braced);
  const error = ticked(unbracketed(row(api, '`PersonkitError`')[1]));
  const field = row(api, '`validateField(');
  const server = table('### Options', '## Your backend');
  const serverNames = server.map(([c]) => /^`(\w+)/.exec(c)[1]);
  const idem = braced(row(server, '`idempotency`')[1]);
  const enrolSection = /`enrol\(person, (\{[^}]*\})\)` checks the person/.exec(readme.replace(/\n/g, ' '));
  assert.ok(enrolSection, "the enrol section's signature");
  const manySummary = /\/\/ summary\.providers\.equals: (\{[^}]*\})/.exec(readme);
  const issue = /entries are a string or a function of `(\{[^}]*\})`/.exec(readme.replace(/\n\s*/g, ' '));
  assert.ok(issue, "the Messages section's issue");
  const running = /const mock = await startMock\(\);\s*\/\/ (\{[^}]*\})/.exec(readme);
  assert.ok(running, "the mock's example");
  assert.ok(manySummary, "the enrolMany example's summary comment");
  const claims = [
    ['validators', braced(row(api, '`validateVerifikPerson(')[0]), 'keyof MessageOptions'],
    ['encodeImage', braced(row(api, '`encodeImage(')[0]), 'keyof EncodeImageOptions'],
    ['prepareImage', braced(row(api, '`prepareImage(')[0]), 'keyof PrepareImageOptions'],
    ['new VerifikClient', [...verifik, ...common], 'keyof VerifikClientOptions'],
    ['new EqualsClient', [...equals, ...common], 'keyof EqualsClientOptions'],
    ['new HorusClient', [...horus, ...common], 'keyof HorusClientOptions'],
    ['createPerson', braced(row(api, '`client.createPerson(')[0]), 'keyof CallOptions'],
    ['PersonkitError', error, "Exclude<keyof PersonkitError, 'stack' | 'toJSON'>"],
    ['toProviderPayloads', braced(row(api, '`toProviderPayloads(')[0]), 'keyof MessageOptions'],
    ['enrol (API table)', braced(row(api, '`enrol(')[0]), 'keyof EnrolOptions'],
    ['enrol (its section)', braced(enrolSection[1]), 'keyof EnrolOptions'],
    ['validateField', [...braced(field[0]), ...ticked(field[1]).filter((n) => n === 'serverFields')],
      'keyof NonNullable<Parameters<typeof validateField>[3]>'],
    ['createEnrolHandler', serverNames, 'keyof EnrolHandlerOptions'],
    ['idempotency', idem, "keyof NonNullable<EnrolHandlerOptions['idempotency']>"],
    ['enrolMany summary', braced(manySummary[1]), "keyof NonNullable<EnrolManySummary['providers']['equals']>"],
    ['messages issue', braced(issue[1]), 'keyof MessageIssue'],
    ['startMock()', braced(running[1]).map((n) => n.replace(/\(\)$/, '')), 'keyof RunningMock'],
  ];
  const errors = compile(project.dir, 'readme-api.mts', [
    "import type { MessageOptions, EncodeImageOptions, PrepareImageOptions, VerifikClientOptions, EqualsClientOptions, HorusClientOptions,",
    "  CallOptions, PersonkitError, EnrolOptions, EnrolManySummary, MessageIssue, validateField } from 'personkit';",
    "import type { EnrolHandlerOptions } from 'personkit/server';",
    "import type { RunningMock } from 'personkit/mock';",
    'type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : [A, B];',
  ], claims.map(([name, names, keys]) => [`${name}: README ${names.join(', ')}`, `SameKeys<${union(names)}, ${keys}>`, true]));
  assert.deepEqual(errors, [], `the README's tables and the types name different options:\n${errors.join('\n')}`);
});

// ------------------------------------------------------------ the core's part

test('checkProviderPayload never throws, as toProviderPayloads and its module say: a provider that is not a string is NOT_ONE_OF', () => {
  for (const provider of [undefined, null, 5, {}]) {
    const r = checkProviderPayload(provider, {}, {});
    assert.deepEqual(r.errors?.map((e) => [e.field, e.code]), [['provider', 'NOT_ONE_OF']], String(provider));
  }
});

test("checkProviderPayload's refusal of an unknown provider reads as English", () => {
  const r = checkProviderPayload('foo', {}, {}, { locale: 'en' });
  assert.equal(r.errors[0].message, 'Choose the system: verifik, equals or horus');
  assert.equal(checkProviderPayload('foo', {}, {}, { locale: 'es' }).errors[0].message, 'Elige el sistema: verifik, equals u horus');
});

test('a PersonkitError built without `detail` has the string its type declares', () => {
  assert.equal(new PersonkitError('RATE_LIMITED', 'Busy', { retryAfter: 3 }).detail, 'Busy');
  assert.equal(new PersonkitError('RATE_LIMITED', 'Busy', { detail: 'rate limited' }).detail, 'rate limited');
});
