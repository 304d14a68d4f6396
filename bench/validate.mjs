// Validation throughput, personkit vs zod 4, valibot and ajv, in one Node
// process (issue 3, "Measured"). Run after `make build`:
//
//   node bench/validate.mjs            # full run, medians of 7 rounds
//   node bench/validate.mjs --quick    # 3 short rounds, to try a change
//   node bench/validate.mjs --only=validation|base64|person
//                                      # person: toProviderPayloads on a neutral
//                                      # person with one photo (what a server pays per enrolment)
//   node bench/validate.mjs --baseline=/path/to/pkg/node/personkit.js
//                                      # adds rows for another build (A/B in one process)
//   node bench/validate.mjs --page-build
//                                      # adds rows for the browser's build (pkg/page: its
//                                      # wasm and web glue) run in Node, to tell the build's
//                                      # part from the engine's in the Chromium figures
//
// Each op is one validate call including error collection. Payloads and the
// equivalent schemas are in bench/schemas/, the contenders in
// bench/lib/validation.mjs (validate-browser.mjs runs the same ones in
// Chromium). Prints markdown tables.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import * as v from 'valibot';
import { validateVerifikPerson, validateEqualsPerson, validateHorusPerson, toProviderPayloads } from 'personkit';
import { group, header, footer, ratio } from './lib/harness.mjs';
import { issues, contenders, groups, sanity, encoder, scratch } from './lib/validation.mjs';
import { makeAjv, fakeJpeg, toBase64 } from './schemas/common.mjs';
import * as verifik from './schemas/verifik.mjs';
import * as equals from './schemas/equals.mjs';
import * as horus from './schemas/horus.mjs';
import { photo, person, accented, serverFields as server } from './schemas/person.mjs';

const quick = process.argv.includes('--quick');
const opts = quick ? { rounds: 3, batchMs: 25 } : { rounds: 7, batchMs: 60 };
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7); // validation | base64 | person

let z3 = null;
try {
  ({ z: z3 } = await import('zod/v3'));
} catch { /* zod 3 API not installed: its row is left out */ }

const ajv = await makeAjv();

const baselinePath = process.argv.find((a) => a.startsWith('--baseline='))?.slice(11);
let baseline = baselinePath ? createRequire(import.meta.url)(baselinePath) : null;
let base = (fn) => (fn ? { fn, note: baselinePath } : undefined);
if (process.argv.includes('--page-build')) {
  if (baseline) throw new Error('--page-build and --baseline= both add the second personkit row: pick one');
  baseline = await import('../pkg/page/personkit.js');
  baseline.initSync({ module: readFileSync(new URL('../pkg/page/personkit_bg.wasm', import.meta.url)) });
  base = (fn) => ({ fn, name: 'personkit (page build)', note: "pkg/page: the browser's wasm (opt-level s) and web glue, in Node" });
}

const providers = [
  { title: 'Verifik', mod: verifik, ours: validateVerifikPerson, base: base(baseline?.validateVerifikPerson) },
  { title: 'Equals', mod: equals, ours: validateEqualsPerson, base: base(baseline?.validateEqualsPerson) },
  { title: 'Horus', mod: horus, ours: validateHorusPerson, base: base(baseline?.validateHorusPerson) },
];

header('Validation (ops/s; each op = one validate call incl. error collection)');
const goals = [];

if (only === undefined || only === 'validation') {
  for (const { title, mod, ours, base } of providers) {
    const list = contenders(ours, mod, ajv, base);
    console.log(sanity(title, list, mod));
    const ok = list.find((c) => c.kind === 'personkit').fn(mod.valid);
    if (!ok.ok) throw new Error(`${title}: personkit rejects the valid payload: ${JSON.stringify(ok.errors)}`);
  }
  console.log(`payload JSON sizes: ${providers.map((p) => `${p.title.toLowerCase()} ${JSON.stringify(p.mod.valid).length} B`).join(', ')}\n`);

  for (const { title, mod, ours, base } of providers) {
    const g = groups(contenders(ours, mod, ajv, base), mod);
    const validRows = await group({ title: `${title} person — VALID`, contenders: g.valid, ...opts });
    const invalidRows = await group({ title: `${title} person — INVALID (collect all errors)`, contenders: g.invalid, ...opts });
    goals.push({ goal: `${title} valid ≥ 1.0× zod4 safeParse`, x: ratio(validRows, 'personkit', 'zod4'), need: 1 });
    goals.push({ goal: `${title} invalid ≥ 1.0× valibot`, x: ratio(invalidRows, 'personkit', 'valibot'), need: 1 });
    goals.push({ goal: `${title} valid, locale es ≥ 1.0× zod4 safeParse`, x: ratio(validRows, 'personkit (locale es)', 'zod4'), need: 1 });
    goals.push({ goal: `${title} invalid, locale es ≥ 1.0× valibot`, x: ratio(invalidRows, 'personkit (locale es)', 'valibot'), need: 1 });
  }
}

if (only === undefined || only === 'person') {
  // The neutral person mapped to the three bodies and each checked, as
  // personkit/server does per enrolment; no peer has this table.
  const valid = (r) => (r.ok ? true : `rejects the person: ${JSON.stringify(r.errors)}`);
  await group({
    title: `Neutral person → three bodies (toProviderPayloads, one ${(photo.length / 1000).toFixed(1)} KB photo)`,
    contenders: [
      { name: 'personkit toProviderPayloads', fn: () => toProviderPayloads(person, server), expect: valid },
      ...(baseline?.toProviderPayloads ? [{ name: 'personkit (baseline build)', ...base(baseline.toProviderPayloads), fn: () => baseline.toProviderPayloads(person, server), expect: valid }] : []),
      { name: 'personkit toProviderPayloads, accented name', fn: () => toProviderPayloads(accented, server), expect: valid },
      ...(baseline?.toProviderPayloads ? [{ name: 'personkit (baseline build), accented name', ...base(baseline.toProviderPayloads), fn: () => baseline.toProviderPayloads(accented, server), expect: valid }] : []),
      { name: '[floor] JSON.stringify of the person', fn: () => JSON.stringify(person), note: 'what reading it as JSON pays before any rule' },
    ],
    ...opts,
  });
}

if (only === undefined || only === 'base64') {
  console.log('## Base64 image strings (MB/s of base64 characters, MB = 1e6 B)\n');
  const zb64 = z.base64();
  const z3b64 = z3?.string().base64();
  const vb64 = v.pipe(v.string(), v.base64());
  const ajvByte = ajv.compile({ type: 'string', format: 'byte' });
  for (const [label, size] of [['64 KiB', 64 << 10], ['1 MiB', 1 << 20], ['8 MiB', 8 << 20]]) {
    const s = toBase64(fakeJpeg(size, size));
    const person = { name: 'Ñañez Quispe', images: [s] };
    const valid = (count) => (r) => (count(r) === 0 ? true : 'rejects the valid image');
    const rows = await group({
      title: `${label} binary → ${(s.length / 1e6).toFixed(2)} MB of base64`,
      unit: 'MB/s',
      bytes: s.length,
      contenders: [
        { name: 'personkit validateVerifikPerson (one image)', fn: () => validateVerifikPerson(person), expect: valid(issues.personkit), note: 'whole call: check, magic bytes, result object with the image' },
        ...(baseline ? [{ name: 'personkit (baseline build)', ...base(baseline.validateVerifikPerson), fn: () => baseline.validateVerifikPerson(person), expect: valid(issues.personkit) }] : []),
        { name: 'zod4 z.base64()', fn: () => zb64.safeParse(s), expect: valid(issues.zod) },
        ...(z3b64 ? [{ name: 'zod3 .base64()', fn: () => z3b64.safeParse(s), expect: valid(issues.zod) }] : []),
        { name: 'valibot base64()', fn: () => v.safeParse(vb64, s), expect: valid(issues.valibot) },
        { name: "ajv format 'byte'", fn: () => (ajvByte(s) ? true : ajvByte.errors), expect: valid(issues.ajv), note: "ajv-formats' byte regex (ajv-formats itself is not installed)" },
        { name: "[floor] Buffer.from(s, 'base64')", fn: () => Buffer.from(s, 'base64'), note: 'simdutf decode; forgiving, not a validator' },
        { name: '[floor] TextEncoder.encodeInto', fn: () => encoder.encodeInto(s, scratch), note: 'JS string → linear memory, the copy a wasm-side check pays first' },
      ],
      ...opts,
      batchMs: Math.max(opts.batchMs, 100),
    });
    if (size === 8 << 20) goals.push({ goal: '8 MiB image ≥ 3× zod4 z.base64()', x: ratio(rows, 'personkit validateVerifikPerson (one image)', 'zod4 z.base64()'), need: 3 });
  }
}

if (goals.length) {
  console.log('## Goals (issue 3)\n');
  console.log('| goal | measured | met |\n|---|---:|---|');
  for (const g of goals) console.log(`| ${g.goal} | ${Number.isFinite(g.x) ? `${g.x.toFixed(2)}×` : '—'} | ${g.x >= g.need ? 'yes' : 'NO'} |`);
  console.log('');
}
footer();
