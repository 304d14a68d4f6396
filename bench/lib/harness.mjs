// The shared benchmark harness: interleaved rounds, medians of 7, markdown
// tables with 3-4 significant figures (fmt below), and a sink the JIT cannot
// see through.
//
//   import { group, header, footer, sink } from './lib/harness.mjs';
//   header('Validation');                       // title + os.loadavg() at start
//   await group({ title: 'Equals — VALID', unit: 'ops/s', contenders: [
//     { name: 'personkit', fn: () => validateEqualsPerson(p) },
//     { name: '[floor] JSON.stringify', fn: () => JSON.stringify(p), note: '…' },
//   ] });
//   footer();                                   // loadavg at end + sink
//
// Each round times every contender once, in an order rotated by the round
// number, so drift in machine load hits all of them alike. A contender's
// figure is the median of its rounds; min–max shows the spread. A contender
// that throws is reported as FAILS with the error, and one whose `expect`
// rejects its first result is reported as WRONG: both instead of a number.
import os from 'node:os';

/**
 * Where every result goes. `sink.n` counts results that are the (never
 * returned) `sink.marker`, so the engine must compute each result; `sink.last`
 * keeps the last result of each batch alive.
 */
export const sink = { n: 0, last: undefined, marker: Symbol('sink') };

const now = () => process.hrtime.bigint();

/** Runs `fn` `iterations` times; returns elapsed nanoseconds (a Number). */
function batch(fn, iterations) {
  const start = now();
  let r;
  for (let i = 0; i < iterations; i++) {
    r = fn();
    if (r === sink.marker) sink.n++;
  }
  const ns = Number(now() - start);
  sink.last = r;
  return ns;
}

/** Iterations so one batch takes about `ms` milliseconds (at least 1). */
function calibrate(fn, ms) {
  let n = 1;
  for (;;) {
    const ns = batch(fn, n);
    if (ns >= ms * 1e6 / 4 || n >= 1 << 26) {
      return Math.max(1, Math.round(n * (ms * 1e6) / Math.max(ns, 1)));
    }
    n *= 4;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** 237.8k, 4.03M, 501, 94.8, 3.21 (ops/s or MB/s). */
export function fmt(x) {
  if (!Number.isFinite(x)) return '—';
  if (x >= 1e6 && x < 1e9 && !fmt.plain) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e4 && !fmt.plain) return `${(x / 1e3).toFixed(1)}k`;
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

const short = (e) => `${e?.name ?? 'Error'}: ${String(e?.message ?? e).split('\n')[0].slice(0, 80)}`;

/**
 * Measures a group of contenders and prints its markdown table.
 *
 * @param {object} g
 * @param {string} g.title      heading (printed as `### title`)
 * @param {'ops/s'|'MB/s'} [g.unit='ops/s']  MB/s needs `bytes` (per op, MB = 1e6 B)
 * @param {number} [g.bytes]    bytes one op processes, for MB/s
 * @param {{name: string, fn: () => unknown, note?: string, expect?: (r: unknown) => true | string}[]} g.contenders
 * @param {number} [g.rounds=7]
 * @param {number} [g.batchMs=60]  target length of one timed batch
 * @returns {Promise<{name: string, median: number, min: number, max: number, error?: string}[]>}
 *   rows in contender order (median in the group's unit; NaN when failed)
 */
export async function group({ title, unit = 'ops/s', bytes, contenders, rounds = 7, batchMs = 60 }) {
  const rate = unit === 'MB/s'
    ? (n, ns) => (n * bytes) / 1e6 / (ns / 1e9)
    : (n, ns) => n / (ns / 1e9);
  const state = contenders.map((c) => ({ ...c, samples: [], error: undefined, n: 0 }));
  for (const s of state) {
    try {
      const first = s.fn();
      const verdict = s.expect ? s.expect(first) : true;
      if (verdict !== true) s.error = `WRONG: ${verdict}`;
      else s.n = calibrate(s.fn, batchMs);
    } catch (e) {
      s.error = `FAILS: ${short(e)}`;
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < state.length; k++) {
      const s = state[(k + r) % state.length];
      if (s.error) continue;
      try {
        s.samples.push(rate(s.n, batch(s.fn, s.n)));
      } catch (e) {
        s.error = `FAILS: ${short(e)}`;
      }
    }
    await new Promise((resolve) => setImmediate(resolve)); // let GC and timers breathe between rounds
  }
  const rows = state.map((s) => (s.error
    ? { name: s.name, median: NaN, min: NaN, max: NaN, error: s.error, note: s.note }
    : { name: s.name, median: median(s.samples), min: Math.min(...s.samples), max: Math.max(...s.samples), note: s.note }));
  const best = Math.max(...rows.map((r) => (Number.isFinite(r.median) ? r.median : 0)));
  const lines = [
    `### ${title}`,
    '',
    `| contender | median ${unit} | min–max | vs best | note |`,
    '|---|---:|---:|---:|---|',
    ...rows.map((r) => (r.error
      ? `| ${r.name} | — | — | — | ${r.error}${r.note ? `; ${r.note}` : ''} |`
      : `| ${r.name} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${(r.median / best).toFixed(2)}x | ${r.note ?? ''} |`)),
    '',
  ];
  console.log(lines.join('\n'));
  return rows;
}

/** "personkit is 1.23x zod4" lines for the goals, from the rows of one group. */
export function ratio(rows, ours, theirs) {
  const a = rows.find((r) => r.name === ours);
  const b = rows.find((r) => r.name === theirs);
  if (!a || !b || !Number.isFinite(a.median) || !Number.isFinite(b.median)) return NaN;
  return a.median / b.median;
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/** Prints the title, the Node version, the CPU and the load average at start. */
export function header(title) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`## ${title}\n`);
  console.log(`node ${process.version}, ${os.cpus().length}× ${cpu}; loadavg(start) ${load()}\n`);
}

/** Prints the load average at the end and the sink (so nothing was optimised away). */
export function footer() {
  console.log(`loadavg(end) ${load()}; sink=${sink.n}\n`);
}
