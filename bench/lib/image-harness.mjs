// The image benchmarks' harness, for Node and for a browser page alike (no
// Node imports): interleaved rounds, medians of 7, markdown tables as
// lib/harness.mjs prints them. Contenders may be async (encodeImage returns a Promise);
// a batch awaits each call before the next, so an async contender pays its
// own scheduling, as a caller would.
//
// Each round times every contender once, in an order rotated by the round
// number, so drift in machine load hits all of them alike. A contender whose
// `expect` refuses its first result is reported as WRONG, one that throws as
// FAILS, instead of a number.

import { tableOf } from './rounds.mjs';

/** Where results go, so the engine must compute them. */
export const sink = { n: 0, last: undefined };

const now = () => performance.now();
const isThenable = (r) => r !== null && typeof r === 'object' && typeof r.then === 'function';

async function batch(fn, iterations) {
  const start = now();
  let r;
  for (let i = 0; i < iterations; i++) {
    r = fn();
    if (isThenable(r)) r = await r;
    if (r === sink) sink.n++;
  }
  const ms = now() - start;
  sink.last = r;
  return ms;
}

async function calibrate(fn, batchMs) {
  for (let n = 1; ; n *= 2) {
    const ms = await batch(fn, n);
    if (ms >= batchMs / 4 || n >= 1 << 20) return Math.max(1, Math.round((n * batchMs) / Math.max(ms, 0.001)));
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const short = (e) => `${e?.name ?? 'Error'}: ${String(e?.message ?? e).split('\n')[0].slice(0, 80)}`;

/**
 * Measures contenders; resolves to rows `{ name, median, min, max, note, error? }`
 * in MB/s of `bytes` per call (MB = 1e6 B), in contender order.
 *
 * @param {{ bytes: number, contenders: { name: string, fn: () => unknown, note?: string,
 *   expect?: (r: unknown) => true | string }[], rounds?: number, batchMs?: number,
 *   pause?: () => Promise<void> }} g
 */
export async function measure({ bytes, contenders, rounds = 7, batchMs = 100, pause = () => new Promise((r) => setTimeout(r, 0)) }) {
  const state = contenders.map((c) => ({ ...c, samples: [], n: 0, error: undefined }));
  for (const s of state) {
    try {
      let first = s.fn();
      if (isThenable(first)) first = await first;
      const verdict = s.expect ? s.expect(first) : true;
      if (verdict !== true) s.error = `WRONG: ${verdict}`;
      else s.n = await calibrate(s.fn, batchMs);
    } catch (e) {
      s.error = `FAILS: ${short(e)}`;
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < state.length; k++) {
      const s = state[(k + r) % state.length];
      if (s.error) continue;
      try {
        const ms = await batch(s.fn, s.n);
        s.samples.push((s.n * bytes) / 1e6 / (ms / 1e3));
      } catch (e) {
        s.error = `FAILS: ${short(e)}`;
      }
    }
    await pause();
  }
  return state.map((s) => (s.error
    ? { name: s.name, median: NaN, min: NaN, max: NaN, note: s.note, error: s.error }
    : { name: s.name, median: median(s.samples), min: Math.min(...s.samples), max: Math.max(...s.samples), note: s.note, samples: s.samples }));
}

/** The markdown table of `rows` under `### title` (the harness's own, in MB/s). */
export const table = (title, rows) => tableOf(title, 'MB/s', rows);

export { ratio } from './rounds.mjs';

/** The benchmark sizes: 64 KiB, 1 MiB, 8 MiB. */
export const SIZES = [[64 << 10, '64 KiB'], [1 << 20, '1 MiB'], [8 << 20, '8 MiB']];

/**
 * `size` bytes that `encodeImage` accepts: a real JPEG (`prefix`, whose header
 * `inspect` reads), random bytes, and an end-of-image marker last, where a
 * camera's file has it (without it the check for a cut-off file would walk
 * back through random bytes to the first FF D9, which no photo makes it do).
 * Every contender encodes these same bytes.
 */
export function jpegLike(prefix, size) {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  out.set(prefix.subarray(0, Math.min(prefix.length, size)));
  out.set([0xff, 0xd9], size - 2);
  return out;
}
