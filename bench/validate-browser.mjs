#!/usr/bin/env node
// Validation throughput in headless Chromium (issue 16, "Validation measured
// where it runs"): the browser build's three validators against zod 4,
// valibot and ajv on the payloads of the Node bench (validate.mjs), with the
// same contenders (lib/validation.mjs), schemas (schemas/*.mjs) and
// measuring code (lib/rounds.mjs). Run after `make build`:
//
//   node bench/validate-browser.mjs            # medians of 7 rounds
//   node bench/validate-browser.mjs --quick    # 3 short rounds
//   node bench/validate-browser.mjs --profile  # then a CPU profile of each personkit
//                                              # call that misses its goal
//
// The page entry (lib/validate-page.mjs) is bundled with Vite into a temp dir,
// since the schemas import 'zod'/'valibot' by bare specifier and ajv is
// CommonJS; `/js/browser.mjs` stays outside the bundle and is served from the
// repository root on 127.0.0.1, as a page without a bundler loads it. Debian's
// /usr/bin/chromium through playwright-core. Prints markdown tables; asserts
// nothing about time.
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic, launchChromium } from '../tests/browser/harness.mjs';
import { tableOf, ratio, pairedRatio } from './lib/rounds.mjs';
import { wasmNames, shortName } from './lib/wasm-names.mjs';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
// e.g. --chromium-arg=--js-flags=--no-liftoff, to tell the engine's part from the code's
const chromiumArgs = process.argv.filter((a) => a.startsWith('--chromium-arg=')).map((a) => a.slice('--chromium-arg='.length));
const opts = quick ? { rounds: 3, batchMs: 25 } : { rounds: 7, batchMs: 60 };
const root = fileURLToPath(new URL('..', import.meta.url));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const TITLES = ['Verifik', 'Equals', 'Horus'];

/** Bundles lib/validate-page.mjs (zod, valibot, ajv, the schemas) into `dir`. */
async function bundle(dir) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    // makeAjv's `ip` format imports node:net; the page gets valibot's regexes.
    resolve: { alias: { 'node:net': fileURLToPath(new URL('./lib/net-browser.mjs', import.meta.url)) } },
    build: {
      outDir: dir,
      emptyOutDir: true,
      minify: false, // readable CPU profiles; V8 runs minified code no faster
      reportCompressedSize: false,
      target: 'esnext',
      lib: { entry: fileURLToPath(new URL('./lib/validate-page.mjs', import.meta.url)), formats: ['es'], fileName: () => 'validate-page.js' },
      rolldownOptions: { external: ['/js/browser.mjs'] },
    },
  });
}

/** Where a profile node's self time goes: a category, and the function's name. */
function classify(f, names) {
  const file = f.url.replace(/^.*\//, '');
  const wasm = /^wasm-function\[(\d+)\]/.exec(f.functionName);
  if (wasm || f.url.startsWith('wasm://')) {
    const name = shortName(names?.get(Number(wasm?.[1])) ?? f.functionName);
    let cat = 'wasm: (no name)';
    if (name.startsWith('(no name')) cat = 'wasm: made by wasm-opt (merged/outlined)';
    else if (name.startsWith('export ') || name.endsWith(' shim')) cat = 'wasm: export shims';
    else if (name.startsWith('personkit::')) cat = `wasm: ${name.split('::').slice(0, 2).join('::')}`;
    else if (!name.startsWith('wasm-function')) cat = `wasm: ${name.replace(/^</, '').split('::')[0]}`;
    return { cat, name: `${name} [wasm ${wasm?.[1] ?? ''}]` };
  }
  const fn = f.functionName || '(anonymous)';
  if (file === 'convert.js') return { cat: 'JS: payload walk, result objects (convert.js)', name: `${fn} (convert.js)` };
  if (file === 'personkit.js' || file === 'browser.mjs' || file === 'image.js') return { cat: 'JS: wasm-bindgen glue, entry', name: `${fn} (${file})` };
  if (file === 'validate-page.js') return { cat: 'bench loop', name: `${fn} (${file})` };
  if (!f.url && fn === 'encodeInto') return { cat: 'TextEncoder.encodeInto: strings into wasm memory', name: 'TextEncoder.encodeInto' };
  if (!f.url && fn === 'decode') return { cat: 'TextDecoder.decode: error texts out of wasm memory', name: 'TextDecoder.decode' };
  if (fn === 'js-to-wasm' || fn === 'wasm-to-js') return { cat: 'JS↔wasm call stubs', name: fn };
  if (fn === '(garbage collector)') return { cat: 'GC', name: fn };
  if (fn === '(program)') return { cat: '(program): engine time not attributed to a function', name: fn };
  if (fn === '(idle)' || fn === '(root)') return null;
  return { cat: file ? `JS: ${file}` : `native: ${fn}`, name: file ? `${fn} (${file})` : fn };
}

/** Self time by category and by function of a CDP Profiler profile, heaviest first (µs). */
function selfTimes(prof, names) {
  const dt = new Map();
  for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const cats = new Map();
  const fns = new Map();
  let total = 0;
  for (const node of prof.nodes) {
    const us = dt.get(node.id) ?? 0;
    const c = us ? classify(node.callFrame, names) : null;
    if (!c) continue;
    total += us;
    cats.set(c.cat, (cats.get(c.cat) ?? 0) + us);
    fns.set(c.name, (fns.get(c.name) ?? 0) + us);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, cats: sorted(cats), fns: sorted(fns) };
}

const esc = (s) => s.replace(/\|/g, '\\|');

const tmp = await mkdtemp(join(os.tmpdir(), 'personkit-vbench-'));
let server;
let browser;
try {
  await bundle(tmp);
  server = await serveStatic(root);
  browser = await launchChromium(chromiumArgs);
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.route(`${server.url}/__bench__/**`, (route) => route.fulfill({
    path: join(tmp, new URL(route.request().url()).pathname.slice('/__bench__/'.length)),
  }));
  await page.goto(`${server.url}/bench/validate-browser.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60000 })
    .catch((e) => { throw new Error(`page not ready: ${problems.join('; ') || e.message}`); });

  const info = await page.evaluate(() => window.benchInfo());
  if (info.rejected.length) throw new Error(`personkit rejects a valid payload: ${info.rejected.join('; ')}`);
  console.log('## Validation in headless Chromium (ops/s; each op = one validate call incl. error collection)\n');
  console.log(`chromium ${browser.version()} (${/Chrome\/\S+/.exec(info.userAgent)?.[0] ?? info.userAgent}), personkit ${info.personkitVersion} from /js/browser.mjs (unbundled), driven by node ${process.version}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'unknown CPU'}; loadavg(start) ${load()}\n`);
  console.log(info.lines.join('\n'));
  console.log(`payload JSON sizes: ${info.sizes.join(', ')}\n`);

  const goals = [];
  for (const title of TITLES) {
    const validRows = await page.evaluate(([t, o]) => window.runGroup(t, 'valid', o), [title, opts]);
    console.log(tableOf(`${title} person — VALID`, 'ops/s', validRows));
    const invalidRows = await page.evaluate(([t, o]) => window.runGroup(t, 'invalid', o), [title, opts]);
    console.log(tableOf(`${title} person — INVALID (collect all errors)`, 'ops/s', invalidRows));
    const med = (rows, name) => rows.find((r) => r.name === name)?.median;
    for (const [which, rows, peer] of [['valid', validRows, 'zod4'], ['invalid', invalidRows, 'valibot']]) {
      goals.push({
        title, which, goal: `${title} ${which} ≥ 1.0× ${peer === 'zod4' ? 'zod4 safeParse' : peer}`,
        x: ratio(rows, 'personkit', peer), paired: pairedRatio(rows, 'personkit', peer), ours: med(rows, 'personkit'), peer: med(rows, peer),
      });
    }
  }

  console.log('## Goals (issue 16, in Chromium)\n');
  // "measured" is the ratio of the medians, as validate.mjs reports it; the
  // per-round ratios (each round times both within a second) show how far
  // the machine's load moved it.
  const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
  console.log('| goal | measured | met | per-round ratios: median (min–max) |\n|---|---:|---|---:|');
  for (const g of goals) console.log(`| ${g.goal} | ${x(g.x)} | ${g.x >= 1 ? 'yes' : 'NO'} | ${x(g.paired.median)} (${x(g.paired.min)}–${x(g.paired.max)}) |`);
  console.log('');

  if (profile) {
    // Where a missed goal's time goes: the personkit contender alone in a loop
    // of ~1.5 s under the DevTools CPU profiler (a sample every 50 µs), its
    // wasm functions named from a rebuild with names (lib/wasm-names.mjs).
    const named = wasmNames(root, join(root, 'pkg/page/personkit_bg.wasm'), await mkdtemp(join(tmp, 'names-')));
    console.log(`## Where personkit's time goes in Chromium (DevTools CPU profile, self time)\n`);
    console.log(named.names
      ? 'wasm functions named from a rebuild of pkg/page with names kept, its function bodies checked byte-identical to the shipped module.\n'
      : `wasm functions unnamed: ${named.why}.\n`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    for (const g of goals.filter((x) => !(x.x >= 1))) {
      const n = await page.evaluate(([t, w]) => {
        const t0 = performance.now();
        let k = 0;
        while (performance.now() - t0 < 100) k += window.spin(t, w, 'personkit', 100);
        return Math.round((k * 1500) / (performance.now() - t0));
      }, [g.title, g.which]);
      await cdp.send('Profiler.start');
      await page.evaluate(([t, w, k]) => window.spin(t, w, 'personkit', k), [g.title, g.which, n]);
      const { profile: prof } = await cdp.send('Profiler.stop');
      const { total, cats, fns } = selfTimes(prof, named.names);
      const peer = g.which === 'valid' ? 'zod4' : 'valibot';
      console.log(`### personkit, ${g.title} ${g.which}: ${(total / n).toFixed(2)} µs/call under the profiler (${n} calls); in the table ${(1e6 / g.ours).toFixed(2)} µs, ${peer} ${(1e6 / g.peer).toFixed(2)} µs\n`);
      console.log('| where (self time) | share | µs/call |\n|---|---:|---:|');
      for (const [name, us] of cats) if (us / total >= 0.005) console.log(`| ${esc(name)} | ${((100 * us) / total).toFixed(1)}% | ${(us / n).toFixed(2)} |`);
      console.log('\n| heaviest functions (self time) | share | µs/call |\n|---|---:|---:|');
      for (const [name, us] of fns.slice(0, 12)) console.log(`| \`${esc(name)}\` | ${((100 * us) / total).toFixed(1)}% | ${(us / n).toFixed(2)} |`);
      console.log('');
    }
    await cdp.detach();
  }

  if (problems.length) console.log(`page errors: ${problems.join('; ')}\n`);
  console.log(`loadavg(end) ${load()}; sink=${await page.evaluate(() => window.sinkCount())}\n`);
} finally {
  await browser?.close().catch(() => {});
  await server?.close().catch(() => {});
  await rm(tmp, { recursive: true, force: true });
}
