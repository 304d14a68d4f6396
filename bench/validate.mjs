// Validation throughput, personkit vs zod 4, valibot and ajv, in one Node
// process (issue 3, "Measured"). Run after `make build`:
//
//   node bench/validate.mjs            # full run, medians of 7 rounds
//   node bench/validate.mjs --quick    # 3 short rounds, to try a change
//   node bench/validate.mjs --only=validation|base64
//   node bench/validate.mjs --baseline=/path/to/pkg/node/personkit.js
//                                      # adds rows for another build (A/B in one process)
//
// Each op is one validate call including error collection. Payloads and the
// equivalent schemas are in bench/schemas/. Prints markdown tables.
import { createRequire } from 'node:module';
import * as z from 'zod';
import * as v from 'valibot';
import { validateVerifikPerson, validateEqualsPerson, validateHorusPerson } from 'personkit';
import { group, header, footer, ratio } from './lib/harness.mjs';
import { makeAjv, fakeJpeg, toBase64 } from './schemas/common.mjs';
import * as verifik from './schemas/verifik.mjs';
import * as equals from './schemas/equals.mjs';
import * as horus from './schemas/horus.mjs';

const quick = process.argv.includes('--quick');
const opts = quick ? { rounds: 3, batchMs: 25 } : { rounds: 7, batchMs: 60 };
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7); // validation | base64

let z3 = null;
try {
  ({ z: z3 } = await import('zod/v3'));
} catch { /* zod 3 API not installed: its row is left out */ }

const ajv = await makeAjv();

const baselinePath = process.argv.find((a) => a.startsWith('--baseline='))?.slice(11);
const baseline = baselinePath ? createRequire(import.meta.url)(baselinePath) : null;

/** Issues a contender reported (0 = valid), from its own result shape. */
const issues = {
  personkit: (r) => (r.ok ? 0 : r.errors.length),
  zod: (r) => (r.success ? 0 : r.error.issues.length),
  valibot: (r) => (r.success ? 0 : r.issues.length),
  ajv: (r) => (r === true ? 0 : r.length),
};

/** z.compile when this zod has it; strict first, so a silent fallback to the runtime parser is noted. */
function compileZod(schema) {
  if (typeof z.compile !== 'function') return null;
  try {
    return { schema: z.compile(schema, { strict: true }), note: '' };
  } catch (e) {
    return { schema: z.compile(schema), note: `not compiled (${e.message.slice(0, 60)}): runtime parser` };
  }
}

/** The Spanish messages: the texts people in Peru and Colombia read; only a rejected payload's are made. */
const ES = { locale: 'es' };

function contenders(ours, mod, base) {
  const ajvValidate = ajv.compile(mod.jsonSchema);
  const compiled = compileZod(mod.zod);
  return [
    { name: 'personkit', kind: 'personkit', fn: (p) => ours(p) },
    { name: 'personkit (locale es)', kind: 'personkit', fn: (p) => ours(p, ES) },
    ...(base ? [{ name: 'personkit (baseline build)', kind: 'personkit', fn: (p) => base(p), note: baselinePath }] : []),
    { name: 'zod4', kind: 'zod', fn: (p) => mod.zod.safeParse(p) },
    ...(compiled ? [{ name: 'zod4 z.compile', kind: 'zod', fn: (p) => compiled.schema.safeParse(p), note: compiled.note }] : []),
    { name: 'valibot', kind: 'valibot', fn: (p) => v.safeParse(mod.valibot, p) },
    // allErrors: the errors array is built during the call; return it so it counts.
    { name: 'ajv (compiled, allErrors)', kind: 'ajv', fn: (p) => (ajvValidate(p) ? true : ajvValidate.errors) },
  ];
}

const providers = [
  { title: 'Verifik', mod: verifik, ours: validateVerifikPerson, base: baseline?.validateVerifikPerson },
  { title: 'Equals', mod: equals, ours: validateEqualsPerson, base: baseline?.validateEqualsPerson },
  { title: 'Horus', mod: horus, ours: validateHorusPerson, base: baseline?.validateHorusPerson },
];

const encoder = new TextEncoder();
const scratch = new Uint8Array(64 << 20);
const floors = (p) => [
  { name: '[floor] JSON.stringify', fn: () => JSON.stringify(p), note: 'what the JSON-string path pays before any validation' },
  {
    name: '[floor] JSON.stringify + encodeInto',
    fn: () => encoder.encodeInto(JSON.stringify(p), scratch),
    note: 'the same string copied into linear memory (wasm-bindgen passStringToWasm)',
  },
];

header('Validation (ops/s; each op = one validate call incl. error collection)');
const goals = [];

if (only !== 'base64') {
  for (const { title, mod, ours, base } of providers) {
    const list = contenders(ours, mod, base);
    const parts = list.map((c) => `${c.name}: valid→${issues[c.kind](c.fn(mod.valid))} issues, invalid→${issues[c.kind](c.fn(mod.invalid))} issues`);
    console.log(`sanity ${title.toLowerCase()}: ${parts.join(' | ')}`);
    const ok = list.find((c) => c.kind === 'personkit').fn(mod.valid);
    if (!ok.ok) throw new Error(`${title}: personkit rejects the valid payload: ${JSON.stringify(ok.errors)}`);
  }
  console.log(`payload JSON sizes: ${providers.map((p) => `${p.title.toLowerCase()} ${JSON.stringify(p.mod.valid).length} B`).join(', ')}\n`);

  for (const { title, mod, ours, base } of providers) {
    const list = contenders(ours, mod, base);
    const expectIssues = (kind, valid) => (r) => ((issues[kind](r) === 0) === valid ? true : `${valid ? 'rejects the valid' : 'accepts the invalid'} payload`);
    const validRows = await group({
      title: `${title} person — VALID`,
      contenders: [
        ...list.map((c) => ({ ...c, fn: () => c.fn(mod.valid), expect: expectIssues(c.kind, true) })),
        ...floors(mod.valid),
      ],
      ...opts,
    });
    const invalidRows = await group({
      title: `${title} person — INVALID (collect all errors)`,
      contenders: list.map((c) => ({ ...c, fn: () => c.fn(mod.invalid), expect: expectIssues(c.kind, false) })),
      ...opts,
    });
    goals.push({ goal: `${title} valid ≥ 1.0× zod4 safeParse`, x: ratio(validRows, 'personkit', 'zod4'), need: 1 });
    goals.push({ goal: `${title} invalid ≥ 1.0× valibot`, x: ratio(invalidRows, 'personkit', 'valibot'), need: 1 });
    goals.push({ goal: `${title} valid, locale es ≥ 1.0× zod4 safeParse`, x: ratio(validRows, 'personkit (locale es)', 'zod4'), need: 1 });
    goals.push({ goal: `${title} invalid, locale es ≥ 1.0× valibot`, x: ratio(invalidRows, 'personkit (locale es)', 'valibot'), need: 1 });
  }
}

if (only !== 'validation') {
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
        ...(baseline ? [{ name: 'personkit (baseline build)', fn: () => baseline.validateVerifikPerson(person), expect: valid(issues.personkit), note: baselinePath }] : []),
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
