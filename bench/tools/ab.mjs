// Paired A/B of two personkit builds on the validation payloads (and
// on toProviderPayloads: cases "person ascii" and "person accented"): each
// round times A, B and the peer (zod 4 for valid payloads, valibot for
// invalid ones) back to back, 5,000 calls each, in an order flipped every
// round, and the figure is the median of the per-round ratios. Drift in
// the machine's load hits a round's three batches alike, so this resolves
// differences of a few percent where whole runs of validate.mjs move far
// more. How far two identical builds come apart, the smallest difference
// worth reading, is in bench/README.md (the tools table).
//
//   node bench/tools/ab.mjs <A> <B> [case regex]
//   e.g. node bench/tools/ab.mjs $PWD/pkg/node/personkit.js /tmp/old/pkgnode/personkit.js invalid
//        node bench/tools/ab.mjs /tmp/page-z pkg/page valid
//
// "A/B time" below 1 means A is faster. A build is a Node build's
// personkit.js (pkg/node; another one comes from scripts/build.sh with a
// different --out-dir), or the directory of a page build (wasm-bindgen
// --target web, like pkg/page: its wasm and web glue, run in Node). A page
// build made outside pkg/ imports its snippets from ../web/snippets next to
// its directory: copy pkg/web/snippets there.
import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import * as equals from '../schemas/equals.mjs';
import * as horus from '../schemas/horus.mjs';
import * as verifik from '../schemas/verifik.mjs';
import { person, accented, serverFields as server } from '../schemas/person.mjs';

const [pathA, pathB, only = '.'] = process.argv.slice(2);
if (!pathA || !pathB) {
  console.error('usage: node bench/tools/ab.mjs <A> <B> [case regex]');
  process.exit(2);
}
const require = createRequire(import.meta.url);
/** A Node build's personkit.js, or a page build's directory (instantiated here). */
async function load(path) {
  const at = resolve(path);
  if (!statSync(at).isDirectory()) return require(at);
  const build = await import(pathToFileURL(join(at, 'personkit.js')).href);
  build.initSync({ module: readFileSync(join(at, 'personkit_bg.wasm')) });
  return build;
}
const A = await load(pathA);
const B = await load(pathB);
const ROUNDS = Number(process.env.ROUNDS || 40);
const WARMUP = 4;
const CALLS = 5000;

const cases = [];
for (const [name, mod, fn] of [
  ['verifik', verifik, 'validateVerifikPerson'],
  ['equals', equals, 'validateEqualsPerson'],
  ['horus', horus, 'validateHorusPerson'],
]) {
  for (const kind of ['valid', 'invalid']) {
    const title = `${name} ${kind}`;
    if (!new RegExp(only).test(title)) continue;
    const peer = kind === 'valid' ? (p) => mod.zod.safeParse(p) : (p) => v.safeParse(mod.valibot, p);
    cases.push({ title, payload: mod[kind], a: A[fn], b: B[fn], peer, peerName: kind === 'valid' ? 'zod 4' : 'valibot' });
  }
}

// The neutral person through toProviderPayloads (../schemas/person.mjs),
// ASCII and accented; no peer has this table, so JSON.stringify of the
// person stands in as a floor.
for (const [kind, payload] of [['ascii', person], ['accented', accented]]) {
  const title = `person ${kind}`;
  if (!new RegExp(only).test(title)) continue;
  cases.push({
    title, payload, calls: 500, a: (p) => A.toProviderPayloads(p, server), b: (p) => B.toProviderPayloads(p, server),
    peer: (p) => JSON.stringify(p), peerName: 'JSON.stringify (a floor)',
  });
}

let sink = 0;
/** ns per call of `f(payload)` over `calls` calls. */
function time(f, payload, calls = CALLS) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) if (f(payload) === undefined) sink++;
  return Number(process.hrtime.bigint() - start) / calls;
}

const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const rows = new Map(cases.map((c) => [c.title, { ab: [], aPeer: [], bPeer: [], a: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    let ta;
    let tb;
    let tp;
    if (round % 2) {
      tp = time(c.peer, c.payload, c.calls);
      ta = time(c.a, c.payload, c.calls);
      tb = time(c.b, c.payload, c.calls);
    } else {
      tb = time(c.b, c.payload, c.calls);
      ta = time(c.a, c.payload, c.calls);
      tp = time(c.peer, c.payload, c.calls);
    }
    if (round < WARMUP) continue;
    const r = rows.get(c.title);
    r.ab.push(ta / tb);
    r.aPeer.push(tp / ta);
    r.bPeer.push(tp / tb);
    r.a.push(ta);
  }
}

console.log(`| case | A/B time | A vs peer | B vs peer | A µs/call | peer |`);
console.log(`|---|---:|---:|---:|---:|---|`);
for (const c of cases) {
  const r = rows.get(c.title);
  console.log(`| ${c.title} | ${median(r.ab).toFixed(3)} | ${median(r.aPeer).toFixed(2)}× | ${median(r.bPeer).toFixed(2)}× | ${(median(r.a) / 1000).toFixed(2)} | ${c.peerName} |`);
}
if (sink) console.log(`(sink ${sink})`);
