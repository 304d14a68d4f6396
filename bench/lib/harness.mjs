// The shared benchmark harness: interleaved rounds, medians of 7, markdown
// tables in the format of the project's peer comparison, and a sink the JIT cannot see through.
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
// The measuring itself is ./rounds.mjs, which has no Node imports: the
// Chromium bench (validate-browser.mjs) runs the same code in its page.
import os from 'node:os';
import { sink, fmt, measureGroup, tableOf, ratio } from './rounds.mjs';

export { sink, fmt, ratio };

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
export async function group({ title, unit = 'ops/s', ...g }) {
  // setImmediate between rounds lets GC and timers breathe.
  const rows = await measureGroup({ unit, ...g, pause: () => new Promise((resolve) => setImmediate(resolve)) });
  console.log(tableOf(title, unit, rows));
  return rows;
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
