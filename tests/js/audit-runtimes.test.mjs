// "Where it runs", tried as a user would outside Node: Deno and Bun running
// the installed package against personkit-mock, counting persons there. The
// runtimes are the consumers tier's pinned ones (tests/consumers/node_modules,
// installed by scripts/setup.sh); a case is skipped when its runtime is absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockServer } from './helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'tests', 'consumers', 'node_modules', '.bin');
const deno = join(bin, 'deno');
const bun = join(bin, 'bun');
let mock;
let dir; // a project with personkit in node_modules, as npm leaves it
before(async () => {
  mock = await mockServer();
  dir = mkdtempSync(join(tmpdir(), 'personkit-runtimes-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'personkit'));
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'deno.json'), '{ "nodeModulesDir": "manual" }\n');
});
after(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `code` (an ES module) with `runtime` in the project; resolves to the JSON it prints last. */
async function run(runtime, code, args = []) {
  writeFileSync(join(dir, 'app.mjs'), code);
  const cmd = runtime === deno ? [deno, ['run', '--allow-all', '--no-prompt', 'app.mjs', ...args]] : [runtime, ['app.mjs', ...args]];
  const { stdout } = await promisify(execFile)(cmd[0], cmd[1], {
    cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  return JSON.parse(stdout.trim().split('\n').pop());
}

// A server that keeps connections alive, a create sent on one already used,
// and the connection reset after the create was handled: the outcome is
// unknown, so the client must look before sending again. Deno's fetch
// (hyper) re-sends a POST by itself when a reused connection fails; the
// mock then counts two creates for one attempt and, on Equals, a second persona.
const RESET_ON_POOLED = (spec) => `
import * as pk from '${spec}';
const mock = globalThis.Deno ? Deno.args[0] : process.argv[2];
const fault = { 'x-mock-fault': 'reset;after-create;on=create' };
const tag = Math.random().toString(36).slice(2, 10);
const out = {};
const equals = new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock, maxRetries: 1 });
const person = (n) => ({ accountId: 'F12345', firstName: 'Ana', lastName: 'Q', roleName: 'Viewer', emailAddress: \`ana.\${tag}.\${n}@example.pe\` });
await equals.createPerson(person(1)); // leaves a pooled connection to the mock
const settle = (p) => p.then((r) => ({ attempts: r.attempts, reconciled: r.reconciled }), (e) => ({ code: e.code, attempts: e.attempts }));
out.equals = await settle(equals.createPerson(person(2), { headers: fault }));
const verifik = new pk.VerifikClient({ token: 'verifik-test-token', baseUrl: mock, maxRetries: 1 });
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const face = (n) => ({ name: \`Ana \${tag} \${n}\`, images: [png], date_of_birth: '1990-01-01', collections: ['staff'] });
await verifik.createPerson(face(1));
out.verifik = await settle(verifik.createPerson(face(2), { headers: fault }));
out.tag = tag;
console.log(JSON.stringify(out));
`;

const RUNTIMES = [['Deno', deno, 'npm:personkit'], ['Bun', bun, 'personkit'], ['Node', process.execPath, 'personkit']];
for (const [name, runtime, spec] of RUNTIMES) {
  test(`${name}: a create reset after it was handled, on a reused connection, is looked up and never made twice`,
    { skip: !existsSync(runtime) && `no ${name} in tests/consumers/node_modules` }, async () => {
    await mock.reset();
    const r = await run(runtime, RESET_ON_POOLED(spec), [mock.url]);
    const held = await mock.persons();
    // Two creates each reached the mock: the first person, and the one reset.
    assert.deepEqual(held.attempts, { verifik: 2, equals: 2, horus: 0 }, 'a create was sent again without a lookup');
    assert.deepEqual(held.equals.filter((p) => p.primaryEmailAddress.includes(r.tag)).map((p) => p.personaCounts),
      [{ F12345: 1 }, { F12345: 1 }]);
    assert.equal(held.verifik.filter((p) => p.name.includes(r.tag)).length, 2);
    // The lookup found the person the reset create made: the result, with no second create.
    assert.deepEqual(r.equals, { attempts: 1, reconciled: true });
    assert.deepEqual(r.verifik, { attempts: 1, reconciled: true });
  });
}

// README: "A redirect is a BAD_RESPONSE that says so, and is not retried."
// Bun and Deno have `process.versions.node`, so src/wasm/transport.js asks
// their fetch for redirect: 'error' as it does Node's; they reject with an
// error of their own, read as a connection dropped after sending: NETWORK
// after three attempts (and lookups), Horus sent three times. `ownFetch`: the
// caller passes fetch itself, which the entry cannot adjust.
const REDIRECT = (spec, ownFetch) => `
import * as pk from '${spec}';
const mock = globalThis.Deno ? Deno.args[0] : process.argv[2];
const fetch = ${ownFetch ? '(url, init) => globalThis.fetch(url, init)' : 'undefined'};
const tag = Math.random().toString(36).slice(2, 10);
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const headers = { 'x-mock-fault': 'redirect;on=create' };
const settle = (p) => p.then(() => 'created', (e) => [e.code, e.attempts]);
console.log(JSON.stringify({
  equals: await settle(new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock, fetch })
    .createPerson({ accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: \`a.\${tag}@b.co\` }, { headers })),
  verifik: await settle(new pk.VerifikClient({ token: 'verifik-test-token', baseUrl: mock, fetch })
    .createPerson({ name: \`A \${tag}\`, images: [png], date_of_birth: '1990-01-01', collections: ['staff'] }, { headers })),
  horus: await settle(new pk.HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', baseUrl: mock, fetch })
    .createPerson({ mainIdentifier: tag, firstName: 'A', lastName: 'B', email: \`a.\${tag}@b.co\`, categoryId: 1, positionId: 1, enabled: 1 }, { headers })),
}));
`;

for (const [name, runtime, spec] of RUNTIMES) {
  for (const ownFetch of [false, true]) {
    test(`${name}: a redirect answer is BAD_RESPONSE after one attempt, never retried${ownFetch ? ' (the caller\'s own fetch)' : ''}`,
      { skip: !existsSync(runtime) && `no ${name} in tests/consumers/node_modules` }, async () => {
        await mock.reset();
        const r = await run(runtime, REDIRECT(spec, ownFetch), [mock.url]);
        assert.deepEqual(r, { equals: ['BAD_RESPONSE', 1], verifik: ['BAD_RESPONSE', 1], horus: ['BAD_RESPONSE', 1] });
        assert.deepEqual((await mock.persons()).attempts, { verifik: 1, equals: 1, horus: 1 });
      });
  }
}

// A baseUrl on a port the Fetch standard blocks (6000, 6667, …): fetch
// refuses it before connecting, so nothing was sent. Node words it "bad
// port" and src/wasm/transport.js knows that; Deno's words are its own.
const BLOCKED_PORT = (spec) => `
import * as pk from '${spec}';
const person = { accountId: 'F12345', firstName: 'Ana', lastName: 'Q', roleName: 'Viewer', emailAddress: 'ana.blocked@example.pe' };
const c = new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl: 'http://127.0.0.1:6000', maxRetries: 1 });
const e = await c.createPerson(person).catch((err) => err);
console.log(JSON.stringify({ code: e.code, attempts: e.attempts, notSent: /the request was not sent/.test(e.detail) }));
`;

for (const [name, runtime, spec] of RUNTIMES) {
  test(`${name}: a port fetch blocks is "the request was not sent", retried without a lookup`,
    { skip: !existsSync(runtime) && `no ${name} in tests/consumers/node_modules` }, async () => {
      const r = await run(runtime, BLOCKED_PORT(spec));
      assert.deepEqual(r, { code: 'NETWORK', attempts: 2, notSent: true });
    });
}

// TypeScript's `moduleResolution: node10` (TypeScript 5's default under
// `module: commonjs`) reads no exports map: a subpath's types must be
// reachable without it, else `personkit/server` is "Cannot find module"
// there. (The repository's tsc 7 has no node10 to try it with.)
test('every subpath with types in the exports map also resolves without it (typesVersions), to a shipped .d.ts', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const shipped = (f) => pkg.files.some((p) => f === p || (p.endsWith('/') && f.startsWith(p)));
  for (const [sub, target] of Object.entries(pkg.exports)) {
    if (sub === '.' || typeof target !== 'object' || !target.types) continue;
    const name = sub.slice(2);
    const mapped = pkg.typesVersions?.['*']?.[name];
    assert.ok(Array.isArray(mapped) && mapped.length === 1, `${sub}: no typesVersions entry for node10`);
    assert.ok(existsSync(join(root, mapped[0])) && shipped(mapped[0]), `${sub}: ${mapped[0]} is not a shipped file`);
    // The same declarations as the exports map's, read as CommonJS.
    assert.equal(mapped[0], target.types.replace(/^\.\//, '').replace(/\.d\.mts$/, '.d.ts'));
  }
  assert.equal(pkg.typesVersions['*']['*'], undefined, 'the root keeps its "types"');
});

// Older Node 20 is Node without require(esm): this Node with it turned off.
// idempotencyKeyFor and enrol come from CommonJS copies (js/cjs/), so they work
// there too, with the same keys; personkit/server stays an ES module.
const OLD_CJS = `
const pk = require('personkit');
(async () => {
  const out = { version: pk.version() };
  try { out.key = /^pk-[0-9a-f]{32}$/.test(pk.idempotencyKeyFor({ firstName: 'A' })); } catch (e) { out.key = [e.message, e.cause?.code]; }
  out.enrol = await pk.enrol({ firstName: 'A', email: 'nope' }, { endpoint: 'http://127.0.0.1:1/api/enrol' }).catch((e) => e.code);
  try { require('personkit/server'); } catch (e) { out.server = e.code; }
  out.imported = typeof (await import('personkit/server')).createEnrolHandler;
  out.enrolMany = await pk.enrolMany([], { providers: { horus: { clientId: 'i', clientSecret: 's', baseUrl: 'http://127.0.0.1:1', categoryId: 1, positionId: 1 } } }).then((s) => typeof s.providers, (e) => e.code || e.message);
  console.log(JSON.stringify(out));
})();
`;

test('CommonJS on a Node without require(esm): personkit loads, idempotencyKeyFor and enrol work, the ES subpaths come through import()', async () => {
  writeFileSync(join(dir, 'old.cjs'), OLD_CJS);
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-experimental-require-module', 'old.cjs'], { cwd: dir, encoding: 'utf8' });
  const r = JSON.parse(stdout);
  assert.equal(r.version, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  assert.equal(r.key, true);
  assert.equal(r.enrol, 'VALIDATION_FAILED');
  assert.equal(r.server, 'ERR_REQUIRE_ESM');
  assert.equal(r.imported, 'function');
  assert.equal(r.enrolMany, 'object', 'enrolMany ran (its ES module came through import())');
});

test('ESM and CommonJS in one process: one key for an equal person, one error class, one client class', async () => {
  writeFileSync(join(dir, 'both.mjs'), `
import { createRequire } from 'node:module';
import * as esm from 'personkit';
const cjs = createRequire(import.meta.url)('personkit');
const p = { firstName: 'Ana', lastName: 'Q', email: 'a@b.pe' };
const out = { same: esm.idempotencyKeyFor(p) === cjs.idempotencyKeyFor({ ...p }), error: cjs.PersonkitError === esm.PersonkitError, client: cjs.EqualsClient === esm.EqualsClient };
try { new cjs.EqualsClient({ apiKey: 'k', baseUrl: 'ftp://x' }); } catch (e) { out.instance = e instanceof esm.PersonkitError; }
console.log(JSON.stringify(out));
`);
  const { stdout } = await promisify(execFile)(process.execPath, ['both.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(stdout), { same: true, error: true, client: true, instance: true });
});

test('personkit/init: wrong bytes leave it unloaded and the right ones then work; once loaded, a later init does nothing', async () => {
  writeFileSync(join(dir, 'init.mjs'), `
import { readFileSync } from 'node:fs';
const pk = await import('personkit/init');
const wasm = readFileSync(new URL(import.meta.resolve('personkit/personkit.wasm')));
const out = {};
const name = (f) => { try { f(); return 'ok'; } catch (e) { return e.code ?? e.name; } };
out.wrongSync = name(() => pk.initSync(new Uint8Array([1, 2, 3, 4])));
out.wrong = await pk.init(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 9])).then(() => 'ok', (e) => e.name);
out.still = name(() => pk.version());
out.pending = await Promise.race([pk.ready.then(() => 'resolved'), new Promise((r) => setTimeout(r, 50, 'pending'))]);
await pk.init(wasm);
out.later = await pk.init(new Uint8Array([1, 2, 3])).then(() => 'ok', (e) => e.name);
out.laterSync = name(() => pk.initSync(new Uint8Array([1, 2, 3])));
out.version = pk.version();
console.log(JSON.stringify(out));
`);
  const { stdout } = await promisify(execFile)(process.execPath, ['init.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(stdout), {
    wrongSync: 'CompileError', wrong: 'CompileError', still: 'UNSUPPORTED_ENVIRONMENT', pending: 'pending',
    later: 'ok', laterSync: 'ok', version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
  });
});

// js/browser.mjs as webpack and Vite builds run it (the .wasm a file, fetched
// on import), where there is no XMLHttpRequest to load it synchronously: a
// service worker, Next.js's Edge Runtime. A validator called before `ready`
// said "ReferenceError: XMLHttpRequest is not defined".
test('browser entry without XMLHttpRequest: a call before ready says to await it, and works after; a client says to use personkit/init', async () => {
  const code = `
import { readFileSync } from 'node:fs';
globalThis.__webpack_require__ = function () {}; // what webpack's build leaves: no base64 copy, the file is fetched
globalThis.fetch = async (url) => new Response(readFileSync(url), { headers: { 'content-type': 'application/wasm' } });
const pk = await import(${JSON.stringify(join(root, 'js', 'browser.mjs'))});
const fail = (f) => { try { f(); return 'ok'; } catch (e) { return [e.name, e.code, e.message]; } };
const out = { before: fail(() => pk.validateEqualsPerson({})) };
await pk.ready;
out.after = pk.validateEqualsPerson({}).ok;
out.client = fail(() => new pk.EqualsClient({ baseUrl: 'http://127.0.0.1:1' }));
console.log(JSON.stringify(out));
`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(stdout), {
    before: ['PersonkitError', 'UNSUPPORTED_ENVIRONMENT', "personkit is not loaded yet: await personkit's ready before this call"],
    after: false,
    client: ['PersonkitError', 'UNSUPPORTED_ENVIRONMENT', "personkit's clients cannot load their .wasm in this runtime: use personkit/init"],
  });
});

test('personkit/init: a .wasm served as octet-stream loads without a console warning, and a 404 says so', async () => {
  writeFileSync(join(dir, 'octet.mjs'), `
import { readFileSync } from 'node:fs';
const bytes = readFileSync(new URL(import.meta.resolve('personkit/personkit.wasm')));
const warned = [];
console.warn = (...a) => warned.push(String(a[0]).slice(0, 80));
const pk = await import('personkit/init');
const missing = await pk.init(new Response('<h1>not found</h1>', { status: 404, headers: { 'content-type': 'text/html' } })).then(() => 'ok', (e) => e.message);
await pk.init(Promise.resolve(new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } })));
console.log(JSON.stringify({ warned, missing: /404/.test(missing), version: pk.version() }));
`);
  const { stdout } = await promisify(execFile)(process.execPath, ['octet.mjs'], { cwd: dir, encoding: 'utf8' });
  const r = JSON.parse(stdout);
  assert.deepEqual(r.warned, []);
  assert.equal(r.missing, true);
  assert.equal(r.version, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
});

// README: "Engines without Wasm SIMD (Safari before 16.4) get a second,
// non-SIMD .wasm with the same exports, fetched as a file; esbuild's browser
// bundles carry only the SIMD build, and there such an engine gets an error
// pointing to personkit/init". Chromium has SIMD, so no browser test meets
// either; here the engine's SIMD probe fails, and fetch and a synchronous
// XMLHttpRequest read the files a page would download.
const NO_SIMD = `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const validate = WebAssembly.validate;
WebAssembly.validate = (b) => (b.byteLength < 64 && new Uint8Array(b).includes(0xfd) ? false : validate(b)); // the v128 probe
const fetched = [];
const read = (url) => { fetched.push(fileURLToPath(url).split('/pkg/')[1]); return readFileSync(fileURLToPath(url)); };
globalThis.fetch = async (url) => new Response(read(url), { headers: { 'content-type': 'application/wasm' } });
globalThis.XMLHttpRequest = class { open(m, url) { this.url = url; } send() { this.status = 200; this.response = read(this.url).buffer; } };
const pk = await import(${JSON.stringify(join(root, 'js', 'browser.mjs'))});
await pk.ready;
const out = { valid: pk.validateEqualsPerson({ accountId: 'F1', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.co' }).ok };
out.client = typeof new pk.EqualsClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' }).createPerson;
out.fetched = fetched;
console.log(JSON.stringify(out));
`;

test('an engine without Wasm SIMD: the browser entry loads both non-SIMD files and works; the inline entry says to use personkit/init', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', NO_SIMD], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(stdout), {
    valid: true, client: 'function', fetched: ['page-nosimd/personkit_bg.wasm', 'web-nosimd/personkit_bg.wasm'],
  });
  // browser-inline.mjs (esbuild): compiling its SIMD bytes fails as on such an engine.
  const inline = `
const Module = WebAssembly.Module;
WebAssembly.Module = function () { throw new WebAssembly.CompileError('invalid value type 0x7b (v128)'); };
try { await import(${JSON.stringify(join(root, 'js', 'browser-inline.mjs'))}); console.log('loaded'); } catch (e) { console.log(e.message); }
`;
  const { stdout: said } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', inline], { cwd: dir, encoding: 'utf8' });
  assert.match(said, /needs Wasm SIMD.*personkit\/personkit-nosimd\.wasm with personkit\/init/);
});

// The README's snippets, pasted into .mts files as they are, against each
// subpath's types under moduleResolution bundler (what Vite and Next.js
// projects use; tests/js/pack.test.mjs and audit-types use nodenext), with
// the page's free names declared.
test("the README's snippets type-check under moduleResolution bundler, every subpath resolved from the exports map", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = (needle) => {
    const found = blocks.filter((b) => b.includes(needle));
    assert.equal(found.length, 1, `one README block holds ${needle}`);
    return found[0];
  };
  const files = {
    'backend.mts': `${block("await readFile('ana.jpg')")}\nexport {};\n`,
    'page.mts': 'declare const input: { files: FileList }; declare const form: { name: { value: string }; dob: { value: string } };\n'
      + 'declare function showError(f: string, m: string): void; declare function show(...a: unknown[]): void;\n'
      + `${block('capture="user"')}\nexport { summary, mimeType, width, height, byteLength };\n`,
    'words.mts': `declare const input: unknown; declare const box: { value: string };\n${block("setLocale('es');")}\nexport {};\n`,
    'server.mts': `${block("// the page's half")}\nexport { createEnrolHandler, toNodeHandler, memoryStore, redisStore, enrol };\n`,
    'init.mts': `${block("from 'personkit/init'")}\nexport {};\n`,
    'mock.mts': `${block("from 'personkit/mock'")}\nexport {};\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', skipLibCheck: false,
      types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], lib: ['es2022', 'dom', 'dom.iterable'] },
    files: Object.keys(files),
  }));
  let out = '';
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.', '--pretty', 'false'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = `${e.stdout}${e.stderr}`;
  }
  assert.equal(out, '');
});
