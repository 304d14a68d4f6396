// Issue 6, measured (a benchmark, not a test):
//  1. building a Verifik create body with 3 images of 1 MiB and of 8 MiB —
//     personkit's createPerson (validate, inspect, base64 straight into the
//     body bytes, hand them to fetch) vs the JS pipeline
//     Buffer → base64 → JSON.stringify → TextEncoder; and the same with the
//     images given as base64 strings (what a server receives);
//  2. 1,000 Equals creates against personkit-mock (its own process) at
//     concurrency 16 vs a plain fetch loop sending the same bodies, with two
//     reference loops that show where the time goes: one with a per-request
//     timeout, one that also does not follow redirects, as personkit, and
//     that one validating each body with zod 4 first (what validation costs
//     as one cold call among network work, whichever library makes it).
// Run after `make build`: node bench/client.mjs
//   --baseline=/path/to/pkg/node/personkit.js adds that build's EqualsClient
//   to the 1,000-creates group and its VerifikClient (string images) to the
//   bodies (an A/B in one process).
//   --bodies-only runs the bodies alone, --creates-only the creates alone.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { VerifikClient, EqualsClient } from 'personkit';
import { fmt, header, footer, sink } from './lib/harness.mjs';
import { zod as equalsSchema } from './schemas/equals.mjs';

const roundsArg = process.argv.find((a) => a.startsWith('--rounds='))?.slice(9);
const ROUNDS = +(roundsArg ?? 7);
// A round of creates is short (~0.4 s) and the pair of processes is noisy: more rounds.
const CREATE_ROUNDS = +(roundsArg ?? 15);
const baselinePath = process.argv.find((a) => a.startsWith('--baseline='))?.slice(11);
const baseline = baselinePath ? createRequire(import.meta.url)(baselinePath) : null;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Interleaved rounds of async contenders; each sample is `perRun / seconds`.
 * Each round also keeps every contender's wall time and this process's CPU
 * time (user + system), so `ratio(a, b)` can compare two contenders round by
 * round: a pair measured seconds apart shares the machine's load of the moment.
 */
async function asyncGroup({ title, unit, perRun, contenders, rounds = ROUNDS }) {
  const samples = contenders.map(() => []);
  const walls = contenders.map(() => []);
  const cpus = contenders.map(() => []);
  for (const c of contenders) await c.fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + r) % contenders.length;
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await contenders[i].fn();
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      samples[i].push(perRun / seconds);
      walls[i].push(seconds);
      cpus[i].push((cpu.user + cpu.system) / 1e6);
    }
  }
  const rows = contenders.map((c, i) => ({
    ...c, median: median(samples[i]), min: Math.min(...samples[i]), max: Math.max(...samples[i]),
    walls: walls[i], cpuPerRun: median(cpus[i]),
  }));
  const best = Math.max(...rows.map((r) => r.median));
  console.log([`### ${title}`, '', `| contender | median ${unit} | min–max | vs best | note |`, '|---|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${(r.median / best).toFixed(2)}x | ${r.note ?? ''} |`), ''].join('\n'));
  return rows;
}

/** Median over rounds of a's time / b's time in the same round. */
const ratio = (a, b) => median(a.walls.map((w, r) => w / b.walls[r]));

// A JPEG header (SOI, APP0, SOF0 64×48) then random bytes: inspect() passes,
// and random bytes are the worst case for no encoder.
function jpegOf(size) {
  const head = Buffer.from('ffd8ffe000104a46494600010100000100010000ffc0000b080030004001011100ffda0008010100003f00', 'hex');
  const buf = randomBytes(size);
  head.copy(buf);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

async function bodyBuilding() {
  for (const mib of [1, 8]) {
    const images = [jpegOf(mib << 20), jpegOf(mib << 20), jpegOf(mib << 20)];
    // The same images as base64 text, as a server receives them in JSON.
    const strings = images.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64'));
    const fields = { name: 'Ana Ñañez Quispe', gender: 'F', date_of_birth: '1990-12-04', nationality: 'PE', collections: ['staff'], notes: 'VIP' };
    const answer = JSON.stringify({ success: true, data: { _id: 'p1', name: fields.name } });
    // The body reaches a fetch that answers at once: everything but the network.
    const capture = async (_url, init) => { sink.last = init.body.length; return new Response(answer, { status: 200 }); };
    const client = new VerifikClient({ token: 'bench-token', baseUrl: 'https://api.verifik.co', fetch: capture, maxRetries: 0 });
    const base = baseline && new baseline.VerifikClient({ token: 'bench-token', baseUrl: 'https://api.verifik.co', fetch: capture, maxRetries: 0 });
    await asyncGroup({
      title: `Verifik create body, 3 images of ${mib} MiB (MB/s of image bytes)`,
      unit: 'MB/s',
      perRun: (3 * (mib << 20)) / 1e6,
      contenders: [
        { name: 'personkit createPerson (validate, inspect, encode into body bytes, fetch)', fn: () => client.createPerson({ ...fields, images }) },
        {
          name: 'JS: Buffer → base64 → JSON.stringify → TextEncoder',
          note: 'encoding only: no validation, no format check',
          fn: async () => { sink.last = new TextEncoder().encode(JSON.stringify({ ...fields, images: images.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64')) })).length; },
        },
        { name: 'personkit createPerson, images as base64 strings', fn: () => client.createPerson({ ...fields, images: strings }) },
        ...(base ? [{ name: 'baseline build createPerson, images as base64 strings', note: baselinePath, fn: () => base.createPerson({ ...fields, images: strings }) }] : []),
        {
          name: 'JS: JSON.stringify → TextEncoder, images as base64 strings',
          note: 'no validation, no format check',
          fn: async () => { sink.last = new TextEncoder().encode(JSON.stringify({ ...fields, images: strings })).length; },
        },
      ],
    });
  }
}

/** personkit-mock in its own process, so its work does not share our event loop. */
async function startMockProcess() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../mock/server.mjs', import.meta.url)), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = out.match(/http:\/\/127\.0\.0\.1:\d+/); if (m) resolve(m[0]); });
    child.once('exit', () => reject(new Error(`mock exited: ${out}`)));
  });
  child.stdout.resume();
  return { url, stop: () => child.kill('SIGTERM') };
}

async function pool(n, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

async function thousandCreates() {
  const mock = await startMockProcess();
  const N = 1000;
  let round = 0;
  const people = () => {
    round += 1;
    return Array.from({ length: N }, (_, i) => ({ accountId: 'F12345', firstName: 'Alison', lastName: 'Abraham', roleName: 'Viewer', emailAddress: `p${round}.${i}@acme.com`, dob: '1996-07-17' }));
  };
  const client = new EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock.url });
  const base = baseline && new baseline.EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock.url });
  const reset = () => fetch(`${mock.url}/__mock/reset`, { method: 'POST' }).then((r) => r.json());
  // One run: 1,000 fresh people, each created by `create` (which returns the id), 16 at a time.
  const creates = (create) => async () => {
    await reset();
    const ps = people();
    await pool(N, 16, async (i) => { sink.last = await create(ps[i]); });
  };
  // The plain loop's request; the reference loops add their own init members.
  const headers = { authorization: 'ApiKey equals-test-key', 'content-type': 'application/json', accept: 'application/json' };
  const post = (p, init) => fetch(`${mock.url}/v2/people`, { method: 'POST', headers, body: JSON.stringify(p), ...init });
  const timedPost = (init) => async (p) => {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), 60_000);
    try {
      return (await (await post(p, { ...init, signal: ctl.signal })).json()).id;
    } finally {
      clearTimeout(t);
    }
  };
  // The same equivalent schema bench/validate.mjs runs (bench/schemas/equals.mjs).
  const unredirectedPost = timedPost({ redirect: 'error', window: null });
  const validatedPost = async (p) => {
    if (!equalsSchema.safeParse(p).success) throw new Error('bench: zod refused the body');
    return unredirectedPost(p);
  };
  try {
    const rows = await asyncGroup({
      title: '1,000 Equals creates against personkit-mock, concurrency 16 (creates/s)',
      unit: 'creates/s',
      perRun: N,
      rounds: CREATE_ROUNDS,
      contenders: [
        { name: 'personkit EqualsClient.createPerson', fn: creates(async (p) => (await client.createPerson(p)).id) },
        ...(base ? [{ name: 'baseline build EqualsClient.createPerson', note: baselinePath, fn: creates(async (p) => (await base.createPerson(p)).id) }] : []),
        {
          name: '[reference] fetch loop with a per-request timeout (AbortController + setTimeout)',
          note: 'what any fetch that can time out or be cancelled pays: undici wires each signal',
          fn: creates(timedPost({})),
        },
        {
          name: "[reference] the same loop, not following redirects (redirect: 'error', window: null)",
          note: 'as personkit does: undici then skips its per-request copy for following redirects',
          fn: creates(unredirectedPost),
        },
        {
          name: "[reference] that loop, each body validated with zod 4's safeParse first",
          note: 'what validating costs where a create runs: one cold call among network work',
          fn: creates(validatedPost),
        },
        {
          name: 'plain fetch loop (same bodies, JSON.stringify + res.json())',
          note: 'no validation, no typed errors, no retries, no timeout',
          fn: creates(async (p) => (await (await post(p)).json()).id),
        },
      ],
    });
    const ours = rows[0];
    const plain = rows[rows.length - 1];
    const timed = rows[rows.length - 4];
    const unredirected = rows[rows.length - 3];
    const zodded = rows[rows.length - 2];
    // Time ratios are medians of per-round pairs; CPU is this process's, per create.
    console.log(`personkit takes ${ratio(ours, plain).toFixed(2)}× the plain loop's time (goal ≤ 1.1×)`);
    console.log(`the loop with a timeout takes ${ratio(timed, plain).toFixed(2)}× it; personkit takes ${ratio(ours, timed).toFixed(2)}× the loop with a timeout`);
    console.log(`the loop with a timeout, not following redirects, takes ${ratio(unredirected, plain).toFixed(2)}× it; personkit takes ${ratio(ours, unredirected).toFixed(2)}× that loop (personkit's own work)`);
    console.log(`that loop validating with zod 4 takes ${ratio(zodded, plain).toFixed(2)}× the plain loop's time; personkit takes ${ratio(ours, zodded).toFixed(2)}× it`);
    if (base) console.log(`the baseline build takes ${ratio(rows[1], plain).toFixed(2)}× the plain loop's time`);
    const cpuUs = (row) => ((row.cpuPerRun / N) * 1e6).toFixed(0);
    console.log(`client-process CPU per create: personkit ${cpuUs(ours)} µs${base ? `, baseline build ${cpuUs(rows[1])} µs` : ''}, loop with a timeout ${cpuUs(timed)} µs, not following redirects ${cpuUs(unredirected)} µs, that loop with zod 4 ${cpuUs(zodded)} µs, plain loop ${cpuUs(plain)} µs`);
    console.log('');
  } finally {
    mock.stop();
  }
}

header('personkit clients');
if (!process.argv.includes('--creates-only')) await bodyBuilding();
if (!process.argv.includes('--bodies-only')) await thousandCreates();
footer();
