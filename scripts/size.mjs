#!/usr/bin/env node
// Size report of both builds: raw, gzip -9 and brotli (max quality) of the
// .wasm and the JS glue. Fails when what a browser downloads (wasm + glue +
// entry + snippets) exceeds the budget below, the one place it is written.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Browser build budget, brotli bytes (KB = 1000 B). Raise only with a reason in the issue note.
 * 60 KB was set when the package exported version() alone; the whole library (three validators
 * with the ISO country list, JPEG/PNG header parsing, SIMD base64, three fetch clients with
 * retries and redaction) measured 108.7 KB, so the budget became 115 KB.
 * Raised to 126 KB for the speed goals of issues 3 and 6: opt-level "s" instead of "z" makes
 * validation 25-30% faster for about 5 KB, and the fast paths (the JS walk into scratch buffers
 * read in place, cached hints, the JS attempt loop, answers kept as text) add about 4 KB; the
 * whole measured 123.9 KB, so ~2% headroom. It grew to 125.9 KB; stripping the comments from
 * the browser build's JavaScript (scripts/strip-comments.mjs) brought it to 120.9 KB.
 */
export const BROWSER_BUDGET_BROTLI = 126_000;

const root = fileURLToPath(new URL('..', import.meta.url));
const walk = (dir) => (existsSync(dir) ? readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
}) : []);

function measure(path) {
  const buf = readFileSync(path);
  return {
    file: relative(root, path),
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const builds = {
  // A browser downloads one of the two .wasm files; the SIMD one is counted
  // (listed separately below as browser-nosimd).
  browser: ['pkg/web/personkit_bg.wasm', 'pkg/web/personkit.js', 'js/browser.mjs', 'js/enrol.mjs', ...walk(join(root, 'pkg/web/snippets')).map((p) => relative(root, p))],
  'browser-nosimd': ['pkg/web-nosimd/personkit_bg.wasm'],
  node: ['pkg/node/personkit_bg.wasm', 'pkg/node/personkit.js', 'js/node.mjs', 'js/node.cjs', ...walk(join(root, 'pkg/node/snippets')).map((p) => relative(root, p))],
};

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const rows = [];
const totals = {};
for (const [name, files] of Object.entries(builds)) {
  const t = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const m = measure(join(root, f));
    rows.push(`| ${name} | ${m.file} | ${kb(m.raw)} | ${kb(m.gzip)} | ${kb(m.brotli)} |`);
    for (const k of Object.keys(t)) t[k] += m[k];
  }
  rows.push(`| **${name} total** | | **${kb(t.raw)}** | **${kb(t.gzip)}** | **${kb(t.brotli)}** |`);
  totals[name] = t;
}

console.log('| build | file | raw | gzip -9 | brotli 11 |\n|---|---|---:|---:|---:|');
console.log(rows.join('\n'));
const used = totals.browser.brotli;
console.log(`\nbrowser budget: ${kb(used)} of ${kb(BROWSER_BUDGET_BROTLI)} brotli (${((100 * used) / BROWSER_BUDGET_BROTLI).toFixed(0)}%)`);
if (used > BROWSER_BUDGET_BROTLI) {
  console.error(`size budget exceeded by ${kb(used - BROWSER_BUDGET_BROTLI)}`);
  process.exit(1);
}
