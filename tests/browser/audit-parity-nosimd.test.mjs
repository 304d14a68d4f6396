// personkit in a page answers as it does in Node (audit-parity-setup.mjs
// says how): the builds for engines without Wasm SIMD, and a cycle that
// kills a renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node, runAll, tableJobs, localeJobs, fieldJobs, strictPage, BUILDS, env, open, everyAnswerAsNodes } from './audit-parity-setup.mjs';

everyAnswerAsNodes(['page-nosimd', 'init-nosimd']);

// Chromium's JSON.stringify (V8 in Chromium 156; not Node 20's or 22's) kills
// the renderer, uncatchably, on an object with a cycle met after a long
// string (8 000 characters pass, 20 000 do not) that JSON.parse or
// Response.json() made — a photo's base64 from an API, say; with a replacer function it throws the TypeError as
// it should. The neutral-person functions stringify the person so: in Node
// they answer, in a page the tab dies ("Aw, Snap").
test('a person with a cycle and a long string from JSON.parse: the page answers as Node does, and lives', async () => {
  const CALLS = {
    toProviderPayloads: (pk, o) => pk.toProviderPayloads(o, { equals: true }),
    mapPerson: (pk, o) => pk.mapPerson(o, { equals: true }),
    checkProviderPayload: (pk, o) => pk.checkProviderPayload('equals', o, { equals: true }),
    validateField: (pk, o) => pk.validateField('person', 'extras', { equals: o }),
  };
  const person = () => {
    const o = { firstName: JSON.parse(`"${'x'.repeat(20000)}"`) };
    o.self = o;
    return o;
  };
  const failures = [];
  for (const build of [BUILDS.page, BUILDS.web]) {
    for (const [name, call] of Object.entries(CALLS)) {
      const want = JSON.stringify(call(node, person()));
      const { page } = await open(build);
      const got = await page.evaluate(([src, make]) => {
        const o = (0, eval)(`(${make})`)();
        return JSON.stringify((0, eval)(`(${src})`)(window.pk, o));
      }, [call.toString(), person.toString()]).catch((e) => e.message.split('\n')[0]);
      if (got !== want) failures.push(`${build.entry} ${name}: ${got}`);
      await page.close().catch(() => {});
    }
  }
  assert.deepEqual(failures, []);
});

// Without Wasm SIMD the page build is a file: a synchronous call made before
// `ready` loads it at once (synchronous XHR) and must answer as Node does;
// `ready` then resolves.
test('no SIMD: calls made before ready answer as Node\'s, from the no-SIMD page build', async () => {
  const jobs = tableJobs().filter((j, i) => i % 40 === 0).concat(localeJobs().slice(0, 3), fieldJobs().slice(0, 30));
  const want = await runAll(node, JSON.parse(JSON.stringify(jobs)));
  const { page, problems } = await strictPage(env.browser);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.addInitScript(() => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (b) => (b.length === 31 && b[26] === 253 ? false : validate.call(WebAssembly, b));
  });
  await page.goto(`${env.site.url}/tests/browser/pages/parity.html`);
  const got = await page.evaluate(async (json) => {
    const [pk, driver] = await Promise.all([import('/js/browser.mjs'), import('/tests/browser/audit-parity-driver.mjs')]);
    // Synchronously, in the module's first turn: nothing has awaited `ready`.
    const first = pk.validateVerifikPerson({ name: 'A' }, { locale: 'es' });
    const out = await driver.runAll(pk, JSON.parse(json));
    await pk.ready;
    return [first, out];
  }, JSON.stringify(jobs));
  assert.deepEqual(got[0], node.validateVerifikPerson({ name: 'A' }, { locale: 'es' }));
  assert.deepEqual(got[1], want);
  // The fetch `ready` started, and the synchronous load that could not wait for it.
  assert.ok(wasm.length >= 1 && wasm.length <= 2 && wasm.every((p) => p === '/pkg/page-nosimd/personkit_bg.wasm'), wasm.join());
  assert.deepEqual(problems, []);
  await page.close();
});
