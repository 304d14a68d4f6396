// One provider's lane: at most `limit` creates out at once, and one pause
// that every worker of the provider honours. A 429 sets the pause to its
// Retry-After (all workers wait, not only the one that got it) and halves
// the limit; each run of `limit` successes in a row gives one slot back, up
// to the configured concurrency (additive increase, multiplicative decrease).

export class Lane {
  constructor(max) {
    this.max = max;
    this.limit = max;
    this.active = 0;
    this.pausedUntil = 0;
    this.streak = 0;
    this.waiters = [];
    this.timer = null;
  }

  /** Resolves when a slot is free and no pause holds; rejects on `signal`. */
  acquire(signal) {
    if (this.waiters.length === 0 && this.#free()) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const w = { resolve, reject, signal, onAbort: null };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        w.onAbort = () => {
          this.waiters = this.waiters.filter((x) => x !== w);
          // With nobody left to wake, the pause's timer would only hold the
          // process open until a Retry-After (up to 300 s) ran out.
          if (this.waiters.length === 0 && this.timer !== null) {
            clearTimeout(this.timer);
            this.timer = null;
          }
          reject(signal.reason);
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.push(w);
      this.#wake();
    });
  }

  release() {
    this.active -= 1;
    this.#wake();
  }

  /** A create went through: after `limit` in a row, one more slot. */
  ok() {
    this.streak += 1;
    if (this.limit < this.max && this.streak >= this.limit) {
      this.limit += 1;
      this.streak = 0;
      this.#wake();
    }
  }

  /** A 429: every worker waits `seconds` (1 s when the answer gave none), and fewer go out after. */
  rateLimited(seconds) {
    const ms = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) * 1000 : 1000;
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.streak = 0;
    this.pauses = (this.pauses ?? 0) + 1;
  }

  /** Milliseconds of pause left (0 when none). */
  pauseLeft() {
    return Math.max(0, this.pausedUntil - Date.now());
  }

  #free() {
    return this.active < this.limit && Date.now() >= this.pausedUntil;
  }

  #wake() {
    while (this.waiters.length > 0 && this.#free()) {
      const w = this.waiters.shift();
      if (w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      this.active += 1;
      w.resolve();
    }
    const left = this.pauseLeft();
    if (this.waiters.length > 0 && left > 0 && this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.#wake();
      }, left + 5);
    }
  }
}
