#!/usr/bin/env node
// Image encode throughput in headless Chromium (playwright-core, Debian's
// /usr/bin/chromium), page served on 127.0.0.1 from the repository root:
// File → base64 via encodeImage against FileReader.readAsDataURL and
// base64-js. Run after `make build`:  node bench/image-browser.mjs
// Goals: encodeImage(File) ≥ 1.0× readAsDataURL (issue 4), and where the
// engine has Uint8Array#toBase64, ≥ 1.0× it at 1 and 8 MiB (issue 16).
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { serveStatic, launchChromium } from '../tests/browser/harness.mjs';
import { table, ratio, SIZES } from './lib/image-harness.mjs';
import { pairedRatio } from './lib/rounds.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/bench/image-browser.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
  const ua = await page.evaluate(() => navigator.userAgent);
  console.log('## Image encode throughput, headless Chromium (MB/s of *input* bytes, MB = 1e6 B)\n');
  console.log(`chromium ${browser.version()} (${/Chrome\/\S+/.exec(ua)?.[0] ?? ua}), ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'unknown CPU'}; loadavg(start) ${load()}\n`);
  const goals = [];
  const native = [];
  const NATIVE = '[native] Uint8Array#toBase64(await file.arrayBuffer())';
  for (const [size, label] of SIZES) {
    const rows = await page.evaluate((n) => window.runBench(n), size);
    console.log(table(`File → base64, ${label} JPEG-prefixed random`, rows));
    const r = ratio(rows, 'personkit encodeImage(File)', 'FileReader.readAsDataURL (prefix stripped)');
    const b = ratio(rows, 'personkit encodeImage(File)', 'base64-js fromByteArray(await file.arrayBuffer())');
    goals.push(`| ${label} | ${r.toFixed(2)}x ${r >= 1 ? 'met' : 'MISSED'} | ${b.toFixed(1)}x |`);
    const n = ratio(rows, 'personkit encodeImage(File)', NATIVE);
    if (size >= 1 << 20 && Number.isFinite(n)) {
      const p = pairedRatio(rows, 'personkit encodeImage(File)', NATIVE);
      native.push(`| ${label} | ${n.toFixed(2)}x ${n >= 1 ? 'met' : 'MISSED'} | ${p.median.toFixed(2)}x (${p.min.toFixed(2)}x–${p.max.toFixed(2)}x) |`);
    }
  }
  console.log('### goal: encodeImage(File) ≥ 1.0× FileReader.readAsDataURL\n');
  console.log('| size | vs readAsDataURL | vs base64-js |\n|---|---:|---:|');
  console.log(`${goals.join('\n')}\n`);
  if (native.length > 0) {
    console.log('### goal: encodeImage(File) ≥ 1.0× Uint8Array#toBase64 (issue 16)\n');
    console.log('| size | vs toBase64 (medians) | per-round ratios: median (min–max) |\n|---|---:|---:|');
    console.log(`${native.join('\n')}\n`);
  }
  if (problems.length) console.log(`page errors: ${problems.join('; ')}`);
  console.log(`loadavg(end) ${load()}`);
} finally {
  await browser.close();
  await server.close();
}
