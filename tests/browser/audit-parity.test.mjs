// personkit in a page answers as it does in Node: the same inputs (JSON, see
// audit-parity-jobs.mjs) through the Node build and through each browser
// build in headless Chromium — js/browser.mjs (pkg/page, the clients on
// pkg/web), js/browser-inline.mjs (pkg/web whole) and js/browser.mjs on an
// engine without Wasm SIMD (pkg/page-nosimd) — and the whole answers compared:
// ok, value with its key order, every error's field, code and message, in
// both languages, with and without `messages`, thrown errors whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as node from '../../js/node.mjs';
import { runAll } from './audit-parity-driver.mjs';
import { tableJobs, randomJobs, fieldJobs, personJobs, byFieldJobs, imageJobs, localeJobs, clientJobs, enrolJobs, limitJobs } from './audit-parity-jobs.mjs';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RANDOM = Number(process.env.PERSONKIT_PARITY_CASES ?? 1000);
const GROUPS = {
  table: tableJobs(),
  random: randomJobs(RANDOM, 0x9a41),
  validateField: fieldJobs(),
  person: personJobs(RANDOM, 0x7e50),
  errorsByField: byFieldJobs(),
  encodeImage: imageJobs(),
  setLocale: localeJobs(),
  clients: clientJobs(),
  limits: limitJobs(),
  enrol: enrolJobs(300, 0xe4e0),
};
// Each build and the .wasm files it fetches (the SIMD ones travel inside the JavaScript).
const BUILDS = {
  page: { entry: '/js/browser.mjs', wasm: [] },
  web: { entry: '/js/browser-inline.mjs', wasm: [] },
  'page-nosimd': { entry: '/js/browser.mjs', nosimd: true, wasm: ['/pkg/page-nosimd/personkit_bg.wasm', '/pkg/web-nosimd/personkit_bg.wasm'] },
  'init-nosimd': { entry: '/js/init.mjs', init: '/pkg/web-nosimd/personkit_bg.wasm', wasm: ['/pkg/web-nosimd/personkit_bg.wasm'] },
};

let site;
let browser;
const expected = {};
before(async () => {
  [site, browser] = await Promise.all([serveStatic(root), launchChromium()]);
  for (const [group, jobs] of Object.entries(GROUPS)) expected[group] = await runAll(node, JSON.parse(JSON.stringify(jobs)));
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** A page of the test origin with `entry` as window.pk and the driver as window.driver. */
async function open(build) {
  const { page, problems } = await strictPage(browser);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  if (build.nosimd) {
    // An engine without Wasm SIMD: personkit's probe (31 bytes, a v128 op) says no.
    await page.addInitScript(() => {
      const validate = WebAssembly.validate;
      WebAssembly.validate = (b) => (b.length === 31 && b[26] === 253 ? false : validate.call(WebAssembly, b));
    });
  }
  await page.goto(`${site.url}/tests/browser/pages/parity.html`);
  await page.evaluate(async ([entry, wasm]) => {
    window.pk = await import(entry);
    if (wasm) await window.pk.init(new URL(wasm, location.href));
    await window.pk.ready;
    window.driver = await import('/tests/browser/audit-parity-driver.mjs');
  }, [build.entry, build.init]);
  return { page, problems, wasm };
}

async function inPage(page, jobs) {
  const out = [];
  for (let i = 0; i < jobs.length; i += 250) {
    const chunk = JSON.stringify(jobs.slice(i, i + 250));
    out.push(...await page.evaluate((json) => window.driver.runAll(window.pk, JSON.parse(json)), chunk));
  }
  return out;
}

const cut = (s) => (s.length > 600 ? `${s.slice(0, 600)}…(${s.length})` : s);

for (const [name, build] of Object.entries(BUILDS)) {
  test(`${name}: every answer as Node's`, async (t) => {
    const { page, problems, wasm } = await open(build);
    for (const [group, jobs] of Object.entries(GROUPS)) {
      await t.test(`${group} (${jobs.length} inputs)`, async () => {
        const got = await inPage(page, jobs);
        const diffs = [];
        got.forEach((g, i) => { if (g !== expected[group][i]) diffs.push({ i, what: jobs[i].what, job: cut(JSON.stringify(jobs[i])), node: cut(expected[group][i]), page: cut(g) }); });
        if (process.env.PERSONKIT_PARITY_DUMP) writeFileSync(`${process.env.PERSONKIT_PARITY_DUMP}-${name}-${group}.json`, JSON.stringify(diffs, null, 1));
        assert.deepEqual(diffs.slice(0, 5), [], `${diffs.length} of ${jobs.length} answers differ`);
      });
    }
    assert.deepEqual(problems, []);
    assert.deepEqual([...new Set(wasm)], build.wasm);
    await page.close();
  });
}

// What the README's API table lists; `init`/`initSync` are personkit/init's
// only, and `enrolMany` (the spreadsheet import) is the Node entry's only.
const API = ['validateVerifikPerson', 'validateEqualsPerson', 'validateHorusPerson', 'encodeImage', 'prepareImage',
  'VerifikClient', 'EqualsClient', 'HorusClient', 'PersonkitError', 'toProviderPayloads', 'mapPerson', 'checkProviderPayload',
  'enrol', 'idempotencyKeyFor', 'validateField', 'errorsByField', 'setLocale', 'getLocale', 'version', 'ready'].sort();

test('a page gets the README\'s API, each export of the kind Node\'s is, and the same version', async () => {
  const kinds = (m) => Object.keys(m).sort().map((k) => `${k}:${typeof m[k]}`);
  assert.deepEqual(kinds(node), [...API, 'enrolMany'].sort().map((k) => `${k}:${typeof node[k]}`));
  for (const build of Object.values(BUILDS)) {
    const { page, problems } = await open(build);
    const got = await page.evaluate(() => [Object.keys(window.pk).sort().map((k) => `${k}:${typeof window.pk[k]}`), window.pk.version()]);
    const more = build.init ? ['init:function', 'initSync:function'] : [];
    assert.deepEqual(got, [[...kinds(node).filter((k) => !k.startsWith('enrolMany:')), ...more].sort(), node.version()], build.entry);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('in a page a client holding a secret is BROWSER_NOT_ALLOWED, worded as asked, the secret nowhere; without one, or allowed, it is built', async () => {
  const EN = 'For safety, this cannot be done from a browser';
  const ES = 'Por seguridad, esta operación no se puede hacer desde el navegador';
  for (const build of Object.values(BUILDS)) {
    const { page, problems } = await open(build);
    const got = await page.evaluate(() => {
      const { VerifikClient, EqualsClient, HorusClient, PersonkitError, setLocale } = window.pk;
      const make = (C, options) => {
        try {
          new C(options).free();
          return 'built';
        } catch (e) {
          const text = JSON.stringify(e) + e.message + e.detail;
          return [e instanceof PersonkitError, e.code, e.message, /s3cr3t/.test(text)];
        }
      };
      const secrets = [[VerifikClient, { token: 's3cr3t' }], [EqualsClient, { apiKey: 's3cr3t' }],
        [HorusClient, { baseUrl: 'https://horus.example', clientId: 'id', clientSecret: 's3cr3t' }]];
      const out = [];
      for (const [C, o] of secrets) {
        out.push(make(C, o), make(C, { ...o, locale: 'es-PE' }), make(C, { ...o, messages: { BROWSER_NOT_ALLOWED: 'mine' } }),
          make(C, { ...o, dangerouslyAllowBrowser: true }), make(C, { baseUrl: 'https://my.example/api' }));
      }
      setLocale('es');
      out.push(make(VerifikClient, { token: 's3cr3t' }));
      setLocale('en');
      return out;
    });
    const one = [[true, 'BROWSER_NOT_ALLOWED', EN, false], [true, 'BROWSER_NOT_ALLOWED', ES, false], [true, 'BROWSER_NOT_ALLOWED', 'mine', false], 'built', 'built'];
    assert.deepEqual(got, [...one, ...one, ...one, [true, 'BROWSER_NOT_ALLOWED', ES, false]], build.entry);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

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
  const { page, problems } = await strictPage(browser);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.addInitScript(() => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (b) => (b.length === 31 && b[26] === 253 ? false : validate.call(WebAssembly, b));
  });
  await page.goto(`${site.url}/tests/browser/pages/parity.html`);
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
