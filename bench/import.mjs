// personkit import against a plain script doing the same creates with
// p-limit at the same concurrency, both as child processes against one
// personkit-mock (its own process), rounds interleaved; then the importer's
// peak RSS on a long file, sampled from /proc. Not a test: it prints figures.
//
// The long file runs against bench/lib/fake-fetch.mjs instead of the mock.
// The importer looks each Equals row up before its create (its default): a
// third program per round runs it with --no-equals-look-first, the same
// requests as the plain script. personkit-mock answers the lookups' search
// from an index (mock/lib/search-index.mjs), as a real Equals would.
//
//   node bench/import.mjs [--rows 10000] [--rss-rows 100000] [--rounds 3] [--concurrency 4] [--to equals,horus] [--rss-only] [--rss-against-mock]
//
// --rss-only skips the timed rounds: only the long file's memory run.
// --rss-against-mock runs the long file against personkit-mock itself (real
// sockets, the mock's answers; slower) instead of the fake fetch.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values: o } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' }, 'rss-rows': { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '4' },
    to: { type: 'string', default: 'equals,horus' }, fsync: { type: 'boolean', default: false },
    'rss-only': { type: 'boolean', default: false }, 'rss-against-mock': { type: 'boolean', default: false },
  },
});
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../js/cli.mjs');
const PLAIN = here('./lib/import-plain.mjs');
const dir = mkdtempSync(join(tmpdir(), 'personkit-bench-import-'));
copyFileSync(here('../tests/fixtures/images/portrait-120x160.jpg'), join(dir, 'ana.jpg'));

function csv(rows, tag) {
  const path = join(dir, `${tag}.csv`);
  const lines = ['firstName,lastName,email,dateOfBirth,identityNumber,photo'];
  for (let i = 0; i < rows; i += 1) lines.push(`Ana,Ñañez ${tag}${i},a${i}.${tag}@example.com,1990-12-04,${10000000 + i},ana.jpg`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function startMock() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [here('../mock/server.mjs'), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', (b) => {
      const url = /http:\/\/[\d.:]+/.exec(String(b))?.[0];
      if (url) resolve({ url, child }); else reject(new Error('mock: no URL'));
    });
  });
}

/**
 * Runs a child to its end under /usr/bin/time: wall seconds, CPU seconds
 * (user + sys: steadier than wall time on a shared machine) and peak RSS;
 * with `sample`, RSS every 250 ms from /proc to show the curve.
 */
function timed(args, env, sample = false) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (b) => { err += b; });
    const samples = [];
    const timer = sample ? setInterval(() => {
      try {
        const pid = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
        if (kb) samples.push(kb / 1024);
      } catch { /* not started yet, or exited */ }
    }, 250) : null;
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      if (code !== 0 || !m) reject(new Error(`${args[0]} exited ${code}: ${err.slice(0, 500)}`));
      else resolve({ s: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), peakMB: Number(m[4]) / 1024, samples });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!o['rss-only']) {
  console.log('journal, per line:');
  await import('./lib/journal-cost.mjs');
}
const mock = await startMock();
const to = o.to.split(',');
const env = {
  ...process.env,
  VERIFIK_TOKEN: 'verifik-test-token', EQUALS_API_KEY: 'equals-test-key', HORUS_CLIENT_ID: 'bb145d5f', HORUS_CLIENT_SECRET: 'bb145d5fxyz',
  VERIFIK_BASE_URL: mock.url, EQUALS_BASE_URL: mock.url, HORUS_BASE_URL: mock.url,
};
const settings = ['--verifik-collection', 'staff', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1'];
const reset = () => fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
try {
  if (!o['rss-only']) {
    const rows = Number(o.rows);
    const file = csv(rows, 'bench');
    const ours = [];
    const trusted = [];
    const plain = [];
    const synced = [];
    const cpu = { ours: [], plain: [] };
    console.log(`${rows} rows × ${to.join(' + ')}, concurrency ${o.concurrency} per provider, ${o.rounds} rounds`);
    for (let r = 0; r < Number(o.rounds); r += 1) {
      await reset();
      const a = await timed([PLAIN, file, o.to, o.concurrency], env);
      plain.push(a.s);
      cpu.plain.push(a.cpu);
      await reset();
      rmSync(`${file}.journal.jsonl`, { force: true });
      const b = await timed([CLI, 'import', file, '--to', o.to, ...settings, '--concurrency', o.concurrency, '--progress-every', '3600'], env);
      ours.push(b.s);
      cpu.ours.push(b.cpu);
      // Without the lookup before each Equals create (the importer's default; the plain script makes none).
      if (to.includes('equals')) {
        await reset();
        rmSync(`${file}.journal.jsonl`, { force: true });
        trusted.push((await timed([CLI, 'import', file, '--to', o.to, ...settings, '--concurrency', o.concurrency, '--no-equals-look-first', '--progress-every', '3600'], env)).s);
      }
      if (o.fsync) {
        await reset();
        rmSync(`${file}.journal.jsonl`, { force: true });
        synced.push((await timed([CLI, 'import', file, '--to', o.to, ...settings, '--concurrency', o.concurrency, '--fsync', '--progress-every', '3600'], env)).s);
      }
      console.log(`  round ${r + 1}: plain ${plain.at(-1).toFixed(2)} s (cpu ${cpu.plain.at(-1).toFixed(2)} s), personkit import ${ours.at(-1).toFixed(2)} s (cpu ${cpu.ours.at(-1).toFixed(2)} s)${trusted.length ? `, --no-equals-look-first ${trusted.at(-1).toFixed(2)} s` : ''}${o.fsync ? `, with --fsync ${synced.at(-1).toFixed(2)} s` : ''}`);
    }
    const ratio = median(ours) / median(plain);
    console.log(`median: plain ${median(plain).toFixed(2)} s (${Math.round(rows / median(plain))} rows/s), import ${median(ours).toFixed(2)} s (${Math.round(rows / median(ours))} rows/s): ${ratio.toFixed(3)}× the time (goal ≤ 1.15×)`);
    console.log(`median CPU: plain ${median(cpu.plain).toFixed(2)} s, import ${median(cpu.ours).toFixed(2)} s: ${(median(cpu.ours) / median(cpu.plain)).toFixed(3)}×`);
    if (trusted.length) console.log(`--no-equals-look-first: ${median(trusted).toFixed(2)} s (${Math.round(rows / median(trusted))} rows/s): ${(median(trusted) / median(plain)).toFixed(3)}× the plain script's time; the default's lookups: ${(median(ours) / median(trusted)).toFixed(3)}× that`);
    if (o.fsync) console.log(`--fsync: ${(median(synced) / median(ours)).toFixed(3)}× the time of a run without`);
  }

  const rssRows = Number(o['rss-rows']);
  if (rssRows > 0) {
    // By default against fake-fetch.mjs (instant answers in the mocks' shapes), not the mock: see that file.
    const big = csv(rssRows, 'rss');
    const viaMock = o['rss-against-mock'];
    if (viaMock) await reset();
    const fake = { ...env, VERIFIK_BASE_URL: 'https://fake.example', EQUALS_BASE_URL: 'https://fake.example', HORUS_BASE_URL: 'https://fake.example' };
    const args = [CLI, 'import', big, '--to', o.to, ...settings, '--concurrency', o.concurrency, '--progress-every', '3600'];
    const run = viaMock ? await timed(args, env, true) : await timed(['--import', here('./lib/fake-fetch.mjs'), ...args], fake, true);
    const s = run.samples;
    const at = (f) => s[Math.min(s.length - 1, Math.floor(s.length * f))]?.toFixed(0);
    console.log(`${rssRows} rows × ${to.join(' + ')} (${viaMock ? 'personkit-mock' : 'fake fetch'}): ${run.s.toFixed(1)} s (cpu ${run.cpu.toFixed(1)} s), peak RSS ${run.peakMB.toFixed(0)} MB (goal ≤ 150); RSS at 10/25/50/75/100% of the run: ${[0.1, 0.25, 0.5, 0.75, 0.999].map(at).join(' / ')} MB`);
  }
} finally {
  mock.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
