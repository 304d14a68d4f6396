// Counts per provider, the rate over the last seconds and an ETA: what the
// progress bars, the periodic lines and the final summary show.

const STATUSES = ['created', 'exists', 'failed', 'unknown', 'invalid', 'skipped', 'pending'];
/** Seconds of history the rate is measured over. */
const WINDOW_S = 10;

export class Stats {
  constructor(providers) {
    this.start = Date.now();
    this.end = null;
    this.read = 0;
    this.rows = 0;
    this.total = null;
    this.stopped = false;
    this.providers = Object.fromEntries(providers.map((p) => [p, {
      ...Object.fromEntries(STATUSES.map((s) => [s, 0])), duplicateRows: 0, duplicatePersons: 0, earlier: 0, retries: 0, reconciled: 0, ticks: [],
    }]));
  }

  row(outcomes) {
    this.rows += 1;
    const now = Date.now();
    for (const [p, o] of Object.entries(outcomes)) {
      const c = this.providers[p];
      if (!c) continue;
      // Done in an earlier run counts apart: "created" is what this run created.
      if (o.earlier && (o.status === 'created' || o.status === 'exists')) c.earlier += 1;
      else c[o.status] = (c[o.status] ?? 0) + 1;
      // Skipped rows apart: the same row again, or another row with the same Equals person.
      if (o.status === 'skipped') {
        if (o.code === 'DUPLICATE_PERSON') c.duplicatePersons += 1;
        else c.duplicateRows += 1;
      }
      // Settled by a lookup of this run: a person it found that a create in doubt
      // (this run's, or an earlier run's) had made, so not sent again. Not a
      // person found before anything of the row was sent ("already there"), nor
      // a lookup that found nothing before the create that made it.
      if (o.found) c.reconciled += 1;
      // One tick per second: the rate's history stays a few numbers long.
      const sec = Math.floor(now / 1000);
      const last = c.ticks.at(-1);
      if (last && last[0] === sec) last[1] += 1;
      else c.ticks.push([sec, 1]);
      while (c.ticks.length > 0 && c.ticks[0][0] <= sec - WINDOW_S) c.ticks.shift();
    }
  }

  retry(p) {
    this.providers[p].retries += 1;
  }

  /** For onProgress: per provider done, failed, rate (rows/s), eta (s), pause. */
  snapshot(lanes) {
    const elapsed = (Date.now() - this.start) / 1000;
    const out = { rows: this.rows, read: this.read, total: this.total, elapsedMs: Math.round(elapsed * 1000), providers: {} };
    for (const [p, c] of Object.entries(this.providers)) {
      const done = c.created + c.exists + c.earlier;
      const failed = c.failed + c.unknown + c.invalid;
      const finished = done + failed + c.skipped;
      const span = Math.min(WINDOW_S, Math.max(1, elapsed));
      const rate = c.ticks.reduce((n, t) => n + t[1], 0) / span;
      const left = this.total === null ? null : Math.max(0, this.total - finished);
      out.providers[p] = {
        done, failed, finished, created: c.created, exists: c.exists, unknown: c.unknown, invalid: c.invalid,
        skipped: c.skipped, duplicateRows: c.duplicateRows, duplicatePersons: c.duplicatePersons, earlier: c.earlier, retries: c.retries, rate,
        eta: left === null || rate === 0 ? null : left / rate,
        pausedMs: lanes?.[p]?.pauseLeft() ?? 0, limit: lanes?.[p]?.limit,
      };
    }
    return out;
  }

  summary() {
    const ms = (this.end ?? Date.now()) - this.start;
    const providers = {};
    for (const [p, c] of Object.entries(this.providers)) {
      const { ticks, ...counts } = c;
      providers[p] = counts;
    }
    return { rows: this.rows, ms, stopped: this.stopped, providers };
  }
}
