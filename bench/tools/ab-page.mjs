// Paired A/B of two page builds (wasm-pack --target web, like pkg/page) on
// the validation payloads, in Node: each round times A and B back to back,
// 4,000 calls each, in an order flipped every round; the figure is the
// median of the per-round time ratios A/B (below 1: A is faster).
//
//   node bench/tools/ab-page.mjs <A dir> <B dir>
//   e.g. node bench/tools/ab-page.mjs /tmp/page-z pkg/page
//
// A build made outside pkg/ imports its snippets from ../web/snippets next
// to its directory (the page's glue is pkg/web's): copy pkg/web/snippets there.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as equals from '../schemas/equals.mjs';
import * as horus from '../schemas/horus.mjs';
import * as verifik from '../schemas/verifik.mjs';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/tools/ab-page.mjs <A dir> <B dir>');
  process.exit(2);
}
const load = async (dir) => {
  const m = await import(pathToFileURL(resolve(dir, 'personkit.js')).href);
  m.initSync({ module: readFileSync(resolve(dir, 'personkit_bg.wasm')) });
  return m;
};
const A = await load(dirA);
const B = await load(dirB);
const cases = [
  ['verifik valid', 'validateVerifikPerson', verifik.valid], ['verifik invalid', 'validateVerifikPerson', verifik.invalid],
  ['equals valid', 'validateEqualsPerson', equals.valid], ['equals invalid', 'validateEqualsPerson', equals.invalid],
  ['horus valid', 'validateHorusPerson', horus.valid], ['horus invalid', 'validateHorusPerson', horus.invalid],
];
const time = (f, p, n) => { const t = performance.now(); for (let i = 0; i < n; i++) f(p); return performance.now() - t; };
console.log('| case | A/B time, median | min–max |\n|---|---:|---:|');
for (const [name, fn, p] of cases) {
  const ratios = [];
  for (let r = 0; r < 24; r++) {
    const t = new Map();
    for (const m of r % 2 ? [A, B] : [B, A]) t.set(m, time(m[fn], p, 4000));
    if (r >= 4) ratios.push(t.get(A) / t.get(B)); // the first rounds warm up
  }
  ratios.sort((a, b) => a - b);
  console.log(`| ${name} | ${ratios[ratios.length >> 1].toFixed(3)} | ${ratios[0].toFixed(2)}–${ratios.at(-1).toFixed(2)} |`);
}
