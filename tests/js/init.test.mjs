// personkit/init in Node: each way of handing personkit its .wasm (bytes or a
// WebAssembly.Module to initSync, bytes or a Response to init, the SIMD and
// the non-SIMD file the exports map names), and what a call made before it
// gives. A module is loaded once per process, so each case runs in its own
// `node`, resolving `personkit/init` as a user's code does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mockServer, API_KEY, equalsPerson } from './helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const wasmFile = (name) => fileURLToPath(import.meta.resolve(`personkit/${name}`));
let mock;
before(async () => { mock = await mockServer(); });
after(async () => { await mock?.close(); });

// What each case checks once the .wasm is in: a validation, an image, a
// client's error class and a create against personkit-mock.
const CHECK = `
  const good = pk.validateEqualsPerson(person);
  const bad = pk.validateEqualsPerson({ ...person, emailAddress: 'nope' });
  const image = await pk.encodeImage(new Uint8Array(readFileSync(${JSON.stringify(fileURLToPath(new URL('../fixtures/images/face-96x128.png', import.meta.url)))})));
  let options;
  try { new pk.EqualsClient({ apiKey: 'k', baseUrl: 'ftp://x' }); } catch (e) { options = [e instanceof pk.PersonkitError, e.code]; }
  const created = await new pk.EqualsClient({ apiKey: process.env.API_KEY, baseUrl: process.env.MOCK }).createPerson(person);
  out.after = { good: good.ok, bad: bad.ok ? null : bad.errors.map((e) => e.code), image: image.mimeType, options, created: typeof created.id, version: pk.version() };
`;

/** Runs `body` in a fresh node with `pk` = personkit/init; resolves to what it put in `out`. */
async function inNode(body) {
  const code = `
    import { readFileSync } from 'node:fs';
    const pk = await import('personkit/init');
    const person = JSON.parse(process.env.PERSON);
    const wasm = readFileSync(process.env.WASM);
    const out = {};
    const settled = (p) => Promise.race([p.then(() => 'resolved'), new Promise((r) => setTimeout(r, 50, 'pending'))]);
    ${body}
    console.log(JSON.stringify(out));
  `;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MOCK: mock.url, API_KEY, PERSON: JSON.stringify(equalsPerson()), WASM: process.env.WASM_CASE ?? wasmFile('personkit.wasm') },
  });
  assert.equal(stderr, '');
  return JSON.parse(stdout);
}

const AFTER = { good: true, bad: ['INVALID_EMAIL'], image: 'image/png', options: [true, 'INVALID_OPTIONS'], created: 'string', version: JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version };

test('the exports map names both .wasm files, and they differ', () => {
  assert.equal(wasmFile('personkit.wasm'), `${root}pkg/web/personkit_bg.wasm`);
  assert.equal(wasmFile('personkit-nosimd.wasm'), `${root}pkg/web-nosimd/personkit_bg.wasm`);
  assert.notDeepEqual(readFileSync(wasmFile('personkit.wasm')), readFileSync(wasmFile('personkit-nosimd.wasm')));
});

test('before init, every call that needs the .wasm says to call init() first; ready is pending', async () => {
  const out = await inNode(`
    const exempt = new Set(['init', 'initSync', 'ready', 'PersonkitError', 'idempotencyKeyFor']);
    out.calls = {};
    for (const [name, f] of Object.entries(pk)) {
      if (exempt.has(name)) continue;
      let err;
      try {
        const r = /^class\\b/.test(Function.prototype.toString.call(f)) ? new f({ apiKey: 'k', token: 't' }) : f({ firstName: 'A' }, { endpoint: 'http://127.0.0.1:1/' });
        if (r instanceof Promise) await r.catch((e) => { err = e; });
      } catch (e) { err = e; }
      out.calls[name] = err ? [err instanceof pk.PersonkitError, err.code, err.message, /before personkit\\/init/.test(err.detail)] : 'no error';
    }
    out.ready = await settled(pk.ready);
  `);
  assert.equal(out.ready, 'pending');
  const names = Object.keys(out.calls);
  for (const n of ['validateEqualsPerson', 'EqualsClient', 'encodeImage', 'enrol', 'toProviderPayloads', 'version']) assert.ok(names.includes(n), n);
  for (const [name, r] of Object.entries(out.calls)) {
    assert.deepEqual(r, [true, 'UNSUPPORTED_ENVIRONMENT', "personkit is not loaded yet: call init() or initSync() from 'personkit/init' first", true], name);
  }
});

test('initSync(bytes) of personkit/personkit.wasm', async () => {
  const out = await inNode(`pk.initSync(wasm); out.ready = await settled(pk.ready); ${CHECK}`);
  assert.equal(out.ready, 'resolved');
  assert.deepEqual(out.after, AFTER);
});

test('initSync(WebAssembly.Module); a second initSync does nothing', async () => {
  const out = await inNode(`
    pk.initSync(new WebAssembly.Module(wasm));
    pk.initSync(new Uint8Array([0, 1, 2])); // not a module: ignored once loaded
    ${CHECK}`);
  assert.deepEqual(out.after, AFTER);
});

test('wasm-bindgen\'s own forms: initSync({ module }) and init({ module_or_path })', async () => {
  assert.deepEqual((await inNode(`pk.initSync({ module: new WebAssembly.Module(wasm) }); ${CHECK}`)).after, AFTER);
  assert.deepEqual((await inNode(`await pk.init({ module_or_path: wasm }); ${CHECK}`)).after, AFTER);
});

test('await init(bytes): calls made while it is pending say so, then work', async () => {
  const out = await inNode(`
    const loading = pk.init(wasm);
    try { pk.validateEqualsPerson(person); } catch (e) { out.pending = e.code; }
    await loading;
    ${CHECK}`);
  assert.equal(out.pending, 'UNSUPPORTED_ENVIRONMENT');
  assert.deepEqual(out.after, AFTER);
});

test('await init(Response) with application/wasm', async () => {
  const out = await inNode(`
    await pk.init(new Response(wasm, { headers: { 'content-type': 'application/wasm' } }));
    ${CHECK}`);
  assert.deepEqual(out.after, AFTER);
});

test('personkit/personkit-nosimd.wasm: the same API through initSync and init', async () => {
  process.env.WASM_CASE = wasmFile('personkit-nosimd.wasm');
  try {
    assert.deepEqual((await inNode(`pk.initSync(wasm); ${CHECK}`)).after, AFTER);
    assert.deepEqual((await inNode(`await pk.init(wasm); ${CHECK}`)).after, AFTER);
  } finally {
    delete process.env.WASM_CASE;
  }
});

test('init() and initSync() without a source say what to pass', async () => {
  const out = await inNode(`
    try { pk.initSync(); } catch (e) { out.sync = String(e); }
    await pk.init().catch((e) => { out.async = String(e); });
  `);
  assert.match(out.sync, /initSync\(\): pass the \.wasm bytes or a WebAssembly\.Module/);
  assert.match(out.async, /init\(\): pass the \.wasm/);
});

test('enrol through personkit/init speaks setLocale\'s language, as through personkit', async () => {
  const out = await inNode(`
    pk.initSync(wasm);
    pk.setLocale('es');
    try { await pk.enrol({ firstName: 'Ana' }, { endpoint: 42 }); } catch (e) { out.error = [e.code, e.message]; }
  `);
  assert.equal(out.error[0], 'INVALID_OPTIONS');
  assert.equal(out.error[1], 'La configuración de personkit no es válida');
});
