// The set-up of the parity suites, two files so that the tier's two lanes
// share the work. personkit in a page answers as it does in Node: the same
// inputs (JSON, see audit-parity-jobs.mjs) through the Node build and through
// each browser build in headless Chromium — js/browser.mjs (pkg/page, the
// clients on pkg/web), js/browser-inline.mjs (pkg/web whole) and
// js/browser.mjs on an engine without Wasm SIMD (pkg/page-nosimd) — and the
// whole answers compared: ok, value with its key order, every error's field,
// code and message, in both languages, with and without `messages`, thrown
// errors whole.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as node from '../../js/node.mjs';
import { runAll } from './audit-parity-driver.mjs';
import { tableJobs, randomJobs, fieldJobs, personJobs, byFieldJobs, imageJobs, localeJobs, clientJobs, enrolJobs, limitJobs } from './audit-parity-jobs.mjs';
import { serveStatic, launchChromium, strictPage } from './harness.mjs';

export { node, runAll, tableJobs, localeJobs, fieldJobs, strictPage };

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
export const BUILDS = {
  page: { entry: '/js/browser.mjs', wasm: [] },
  web: { entry: '/js/browser-inline.mjs', wasm: [] },
  'page-nosimd': { entry: '/js/browser.mjs', nosimd: true, wasm: ['/pkg/page-nosimd/personkit_bg.wasm', '/pkg/web-nosimd/personkit_bg.wasm'] },
  'init-nosimd': { entry: '/js/init.mjs', init: '/pkg/web-nosimd/personkit_bg.wasm', wasm: ['/pkg/web-nosimd/personkit_bg.wasm'] },
};

// The static site and Chromium of this file's tests, started in its before().
export const env = { site: undefined, browser: undefined };
before(async () => {
  [env.site, env.browser] = await Promise.all([serveStatic(root), launchChromium()]);
});
after(async () => {
  await env.browser?.close();
  await env.site?.close();
});

/** A page of the test origin with `entry` as window.pk and the driver as window.driver. */
export async function open(build) {
  const { page, problems } = await strictPage(env.browser);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  if (build.nosimd) {
    // An engine without Wasm SIMD: personkit's probe (31 bytes, a v128 op) says no.
    await page.addInitScript(() => {
      const validate = WebAssembly.validate;
      WebAssembly.validate = (b) => (b.length === 31 && b[26] === 253 ? false : validate.call(WebAssembly, b));
    });
  }
  await page.goto(`${env.site.url}/tests/browser/pages/parity.html`);
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

/** What Node answers to every group's inputs: what each page must answer. */
async function expectedAnswers() {
  const expected = {};
  for (const [group, jobs] of Object.entries(GROUPS)) expected[group] = await runAll(node, JSON.parse(JSON.stringify(jobs)));
  return expected;
}

/** For each build named, a test that every group's answers in a page are Node's. */
export function everyAnswerAsNodes(names) {
  let expected;
  for (const name of names) {
    const build = BUILDS[name];
    test(`${name}: every answer as Node's`, async (t) => {
      expected ??= await expectedAnswers();
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
}
