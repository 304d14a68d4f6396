// The measuring part of the benchmark harness, with no Node imports, so a
// Node script (through ./harness.mjs) and a browser page
// (validate-browser.mjs) time their contenders the same way:
//
//   const rows = await measureGroup({ contenders, rounds: 7, batchMs: 60, pause });
//   console.log(tableOf('Equals — VALID', 'ops/s', rows));
//
// Each contender is called once (a throw → FAILS row, an `expect` that
// returns a string → WRONG row), calibrated to batches of about `batchMs`,
// then timed once per round in an order rotated by the round number, so
// drift in machine load hits all of them alike. A contender's figure is the
// median of its rounds; min–max shows the spread. Contenders are synchronous.
// The clock is `performance.now()` (Node: sub-µs; Chromium without
// cross-origin isolation: 100 µs steps, 0.2% of a 60 ms batch).

/**
 * Where every result goes. `sink.n` counts results that are the (never
 * returned) `sink.marker`, so the engine must compute each result; `sink.last`
 * keeps the last result of each batch alive.
 */
export const sink = { n: 0, last: undefined, marker: Symbol('sink') };

/** Runs `fn` `iterations` times; returns elapsed milliseconds. */
function batch(fn, iterations) {
  const start = performance.now();
  let r;
  for (let i = 0; i < iterations; i++) {
    r = fn();
    if (r === sink.marker) sink.n++;
  }
  const ms = performance.now() - start;
  sink.last = r;
  return ms;
}

/** Iterations so one batch takes about `ms` milliseconds (at least 1). */
function calibrate(fn, ms) {
  let n = 1;
  for (;;) {
    const took = batch(fn, n);
    if (took >= ms / 4 || n >= 1 << 26) {
      return Math.max(1, Math.round((n * ms) / Math.max(took, 1e-6)));
    }
    n *= 4;
  }
}

export const median = (xs) => {
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
 * Measures a group of contenders.
 *
 * @param {object} g
 * @param {'ops/s'|'MB/s'} [g.unit='ops/s']  MB/s needs `bytes` (per op, MB = 1e6 B)
 * @param {number} [g.bytes]    bytes one op processes, for MB/s
 * @param {{name: string, fn: () => unknown, note?: string, expect?: (r: unknown) => true | string}[]} g.contenders
 * @param {number} [g.rounds=7]
 * @param {number} [g.batchMs=60]  target length of one timed batch
 * @param {() => Promise<void>} g.pause  between rounds, so GC and timers can run
 * @returns {Promise<{name: string, median: number, min: number, max: number, note?: string, error?: string, samples?: number[]}[]>}
 *   rows in contender order (median in the group's unit; NaN when failed; `samples` per round)
 */
export async function measureGroup({ unit = 'ops/s', bytes, contenders, rounds = 7, batchMs = 60, pause }) {
  const rate = unit === 'MB/s'
    ? (n, ms) => (n * bytes) / 1e6 / (ms / 1e3)
    : (n, ms) => n / (ms / 1e3);
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
    await pause();
  }
  return state.map((s) => (s.error
    ? { name: s.name, median: NaN, min: NaN, max: NaN, error: s.error, note: s.note }
    : { name: s.name, median: median(s.samples), min: Math.min(...s.samples), max: Math.max(...s.samples), note: s.note, samples: s.samples }));
}

/** The markdown table of a group's rows under `### title`. */
export function tableOf(title, unit, rows) {
  const best = Math.max(...rows.map((r) => (Number.isFinite(r.median) ? r.median : 0)));
  return [
    `### ${title}`,
    '',
    `| contender | median ${unit} | min–max | vs best | note |`,
    '|---|---:|---:|---:|---|',
    ...rows.map((r) => (r.error
      ? `| ${r.name} | — | — | — | ${r.error}${r.note ? `; ${r.note}` : ''} |`
      : `| ${r.name} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${(r.median / best).toFixed(2)}x | ${r.note ?? ''} |`)),
    '',
  ].join('\n');
}

/** `ours / theirs` of two rows by name (NaN when either is missing or failed). */
export function ratio(rows, ours, theirs) {
  const a = rows.find((r) => r.name === ours);
  const b = rows.find((r) => r.name === theirs);
  if (!a || !b || !Number.isFinite(a.median) || !Number.isFinite(b.median)) return NaN;
  return a.median / b.median;
}

/**
 * `ours / theirs` round by round (the two were timed in the same round,
 * within a second of each other): { median, min, max } of those ratios, so
 * load that drifts between rounds cancels out. NaNs when either failed.
 */
export function pairedRatio(rows, ours, theirs) {
  const a = rows.find((r) => r.name === ours)?.samples;
  const b = rows.find((r) => r.name === theirs)?.samples;
  if (!a || !b || a.length !== b.length || a.length === 0) return { median: NaN, min: NaN, max: NaN };
  const xs = a.map((x, i) => x / b[i]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}
