// Progress: on a terminal one bar per provider (cli-progress) with rows
// done / failed, rate and ETA; otherwise a plain line per provider every few
// seconds, which a log file or CI output keeps readable.
import { createRequire } from 'node:module';
import { EN } from './words-en.mjs';

// Loaded for a terminal only: a run logged to a file, a refused or a dry run
// start without it and its five dependencies.
const require = createRequire(import.meta.url);

const fmtS = (s) => (s === null || !Number.isFinite(s) ? '?' : s >= 3600 ? `${Math.floor(s / 3600)}h${Math.round((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${Math.round(s)}s`);

/** One provider's state in the run's `words`: "equals: 312/500 rows, 300 done, 3 failed, 45.0/s, ETA 4s". */
function describe(p, s, total, words) {
  const rows = `${s.finished}${total ? `/${total}` : ''}`;
  return words.progressLine(p, rows, s.done, s.failed, s.rate.toFixed(1), fmtS(s.eta), s.pausedMs > 0 ? fmtS(s.pausedMs / 1000) : null);
}

/** @returns {{ update(snapshot): void, stop(): void }} */
export function progress({ providers, total, tty = process.stdout.isTTY, everyMs = 5000, out = process.stdout, words = EN }) {
  let last = null;
  if (!tty) {
    const timer = setInterval(() => {
      if (last) for (const p of providers) out.write(`${describe(p, last.providers[p], last.total ?? total, words)}\n`);
    }, everyMs);
    timer.unref();
    return {
      update(snap) { last = snap; },
      stop() { clearInterval(timer); },
    };
  }
  const cliProgress = require('cli-progress');
  const multi = new cliProgress.MultiBar({
    stream: out, hideCursor: true, clearOnComplete: false, fps: 5, etaBuffer: 50,
    format: words.barFormat,
  }, cliProgress.Presets.shades_classic);
  const bars = Object.fromEntries(providers.map((p) => [p, multi.create(total ?? 0, 0, {
    provider: p.padEnd(7), done: 0, failed: 0, rate: '0.0', etaText: '?', paused: '',
  })]));
  return {
    update(snap) {
      for (const p of providers) {
        const s = snap.providers[p];
        const t = Math.max(snap.total ?? total ?? 0, s.finished);
        bars[p].setTotal(t);
        bars[p].update(s.finished, {
          done: s.done, failed: s.failed, rate: s.rate.toFixed(1), etaText: fmtS(s.eta),
          paused: s.pausedMs > 0 ? words.barPaused(fmtS(s.pausedMs / 1000)) : '',
        });
      }
    },
    /**
     * `rows`: the file was read to its end, and held that many. The total was
     * its line count, an estimate (a cell's line breaks): the last frame says
     * N/N, not a bar stopped short above a summary of every row.
     */
    stop(rows) {
      if (Number.isSafeInteger(rows)) for (const p of providers) bars[p].setTotal(Math.max(rows, bars[p].value));
      multi.stop();
    },
  };
}
