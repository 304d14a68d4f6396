// Validation as it runs in a server or a form: one call now and then, with
// other work in between that has pushed the validator's code and data out of
// the CPU's caches. bench/validate.mjs times calls back to back (hot); this
// times one call after the caches are flushed (by writing 32 MiB, more than
// this machine's per-core L2), and the call right after it, for the same
// contenders on the same payloads. A measurement, not a goal: it explains
// why a validator's share of a create in bench/client.mjs is several times
// its hot figure, whichever library it is.
// Run after `make build`: node bench/validate-cold.mjs [--calls=300]
import { validateVerifikPerson, validateEqualsPerson, validateHorusPerson } from 'personkit';
import { contenders, issues } from './lib/validation.mjs';
import { makeAjv } from './schemas/common.mjs';
import * as verifik from './schemas/verifik.mjs';
import * as equals from './schemas/equals.mjs';
import * as horus from './schemas/horus.mjs';
import { header, footer, sink } from './lib/harness.mjs';

const CALLS = +(process.argv.find((a) => a.startsWith('--calls='))?.slice(8) ?? 300);
const junk = new Float64Array(4 << 20);
/** Writes every cache line of 32 MiB. */
const flush = () => { for (let i = 0; i < junk.length; i += 8) junk[i] += 1; };
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ajv = await makeAjv();

header('Validation, cold: one call after the caches are flushed, and the call after it (µs per call, median)');
for (const [title, mod, ours] of [['Verifik', verifik, validateVerifikPerson], ['Equals', equals, validateEqualsPerson], ['Horus', horus, validateHorusPerson]]) {
  // Spanish and compiled zod add nothing here: the plain contenders.
  const list = contenders(ours, mod, ajv).filter((c) => !/locale es|z\.compile/.test(c.name));
  for (const [kind, payload] of [['VALID', mod.valid], ['INVALID', mod.invalid]]) {
    const rows = [];
    for (const c of list) {
      for (let i = 0; i < 5000; i += 1) sink.last = c.fn(payload); // hot first: the JIT has compiled it
      const cold = [];
      const next = [];
      for (let i = 0; i < CALLS; i += 1) {
        flush();
        let t = process.hrtime.bigint();
        const r = c.fn(payload);
        cold.push(Number(process.hrtime.bigint() - t) / 1e3);
        t = process.hrtime.bigint();
        sink.last = c.fn(payload);
        next.push(Number(process.hrtime.bigint() - t) / 1e3);
        if ((issues[c.kind](r) === 0) !== (kind === 'VALID')) throw new Error(`${c.name} misjudged the ${kind.toLowerCase()} ${title} payload`);
      }
      rows.push({ name: c.name, cold: median(cold), next: median(next) });
    }
    const best = Math.min(...rows.map((r) => r.cold));
    console.log([`### ${title} person — ${kind}`, '', '| contender | cold call µs | the call after µs | cold vs best |', '|---|---:|---:|---:|',
      ...rows.map((r) => `| ${r.name} | ${r.cold.toFixed(1)} | ${r.next.toFixed(1)} | ${(best / r.cold).toFixed(2)}x |`), ''].join('\n'));
  }
}
footer();
