// The journal: one JSON line per event, appended with a write(2) each (no
// buffer in the process), so a kill -9 loses nothing already written. A
// "start" line goes out before each create; its "end" line after. A start
// without an end is a create whose outcome nobody saw: the next run looks it
// up before sending anything. Lines hold a row key (a hash), the line number,
// ids, codes and counts: never a person's data or a provider's body.
import { openSync, writeSync, fsyncSync, closeSync, existsSync, createReadStream, fstatSync, readSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { newSalt } from './keys.mjs';

/** What the journal says about one row and one provider. */
// { s: 'created'|'exists'|'failed'|'unknown'|'invalid'|'started', id, pid, code, retry, ns }
// `ns`: a failure after which the row cannot have made a person there (its creates were refused before they left).

/** Codes of a create the provider answered with a refusal: nothing was made. */
/** Lock files this process holds: a lock naming this process's id and not here was left by another process that had the same id (a container's process 1, say). */
const HELD = new Set();
const REFUSED = new Set(['VALIDATION_FAILED', 'UNAUTHORIZED', 'NOT_FOUND', 'BAD_REQUEST', 'RATE_LIMITED', 'INVALID_OPTIONS']);

export class Journal {
  /** @param {string} path  @param {{ fsync?: boolean }} opts */
  constructor(path, { fsync = false } = {}) {
    this.path = path;
    this.fsync = fsync;
    this.fd = null;
    /** key → { provider → state } from earlier runs. */
    this.state = new Map();
    this.target = null;
    /** How rows are keyed (`keyTexts` in keys.mjs): the first run's `v`, else 3 for a new journal. */
    this.keys = 3;
    /** Version 3's HMAC key (`rowKey`): the first run's, else a new one. */
    this.salt = newSalt();
    /** How many runs wrote to it before this one. */
    this.runs = 0;
    this.#lock = `${path}.lock`;
  }

  #lock;
  #locked = false;

  /** Reads what earlier runs wrote (streamed: the journal may be long). */
  async load() {
    if (!existsSync(this.path)) return;
    const lines = createInterface({ input: createReadStream(this.path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.length === 0) continue;
      let e;
      try {
        e = JSON.parse(line);
      } catch {
        continue; // a line cut by a kill mid-write: the start before it still counts
      }
      if (e.t === 'run') {
        // A journal keeps the keys its first run chose, or its rows would not be found again.
        if ((this.runs += 1) === 1) {
          this.keys = e.v === 1 ? 1 : e.v === 3 && typeof e.salt === 'string' ? 3 : 2;
          this.salt = this.keys === 3 ? e.salt : undefined;
        }
        // Each provider's target as its last run left it: a run to another provider keeps the others'.
        if (e.target && typeof e.target === 'object') this.target = { ...this.target, ...e.target };
        continue;
      }
      if (e.t === 'forget' && typeof e.p === 'string') {
        for (const row of this.state.values()) delete row[e.p];
        continue;
      }
      if (typeof e.k !== 'string' || typeof e.p !== 'string') continue;
      let row = this.state.get(e.k);
      if (row === undefined) this.state.set(e.k, (row = {}));
      if (e.t === 'start') {
        // A start after a done end cannot happen; after anything else it reopens the question.
        if (row[e.p]?.s !== 'created' && row[e.p]?.s !== 'exists') row[e.p] = { s: 'started' };
      } else if (e.t === 'end') {
        row[e.p] = { s: e.s, id: e.id, pid: e.pid, code: e.code, retry: e.retry === 1, ns: e.ns === 1 };
      }
    }
  }

  /**
   * Takes the journal for this run (a second run on it at once would send
   * every row again: refused while the one holding it is alive), opens it
   * for appending and writes this run's header line.
   */
  open(target) {
    this.#take();
    try {
      this.fd = openSync(this.path, 'a+');
    } catch (err) {
      rmSync(this.#lock, { force: true });
      HELD.delete(this.#lock);
      this.#locked = false;
      throw err;
    }
    // A last line cut by a kill must not swallow this run's header.
    if (fstatSync(this.fd).size > 0 && !endsWithNewline(this.fd)) writeSync(this.fd, '\n');
    this.#write({ t: 'run', v: this.keys, ...(this.keys === 3 && { salt: this.salt }), at: new Date().toISOString(), target });
    // Written, so a run stopped early does not bring the old target's refusals back next time.
    for (const p of this.#forgotten) this.#write({ t: 'forget', p });
  }

  #take() {
    for (let tries = 0; tries < 2; tries += 1) {
      try {
        writeFileSync(this.#lock, `${process.pid}\n`, { flag: 'wx' });
        this.#locked = true;
        HELD.add(this.#lock);
        return;
      } catch (err) {
        if (err?.code !== 'EEXIST') throw err;
      }
      const holder = Number.parseInt(readFileSync(this.#lock, 'utf8'), 10);
      const ours = holder === process.pid && !HELD.has(this.#lock);
      if (Number.isSafeInteger(holder) && holder > 0 && !ours && alive(holder)) {
        throw Object.assign(new Error(`the journal ${this.path} is in use by another import (process ${holder}); wait for it to end`), { code: 'JOURNAL_IN_USE' });
      }
      rmSync(this.#lock, { force: true }); // left by a run that was killed
    }
    throw Object.assign(new Error(`the journal ${this.path} could not be locked (${this.#lock})`), { code: 'JOURNAL_IN_USE' });
  }

  /** Whether no row may have made a person in `provider`: each was invalid, refused, or never left (`ns`). */
  nothingMadeIn(provider) {
    for (const row of this.state.values()) {
      const st = row[provider];
      if (st === undefined || st.s === 'invalid' || (st.s === 'failed' && (REFUSED.has(st.code) || st.ns))) continue;
      return false;
    }
    return true;
  }

  /** Forgets what earlier runs did in `provider`: its rows are sent afresh (its target changed). */
  forget(provider) {
    for (const row of this.state.values()) delete row[provider];
    this.#forgotten.push(provider);
  }

  /** Providers forgotten before this run's header was written. */
  #forgotten = [];

  start(key, line, provider) {
    this.#write({ t: 'start', k: key, l: line, p: provider });
  }

  end(key, line, provider, form) {
    this.#write({ t: 'end', k: key, l: line, p: provider, ...form });
  }

  close() {
    if (this.fd === null) return;
    if (!this.fsync) {
      try { fsyncSync(this.fd); } catch { /* a pipe or a file system without fsync */ }
    }
    closeSync(this.fd);
    this.fd = null;
    if (this.#locked) {
      rmSync(this.#lock, { force: true });
      HELD.delete(this.#lock);
    }
    this.#locked = false;
  }

  #write(event) {
    if (this.fd === null) return;
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
    if (this.fsync) fsyncSync(this.fd);
  }
}

/** Whether process `pid` runs (signal 0 only asks; EPERM: it runs as another user). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err?.code === 'EPERM';
  }
}

function endsWithNewline(fd) {
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, fstatSync(fd).size - 1);
  return last[0] === 0x0a;
}

/** A journal that keeps nothing (enrolMany without `journal`). */
export class NoJournal {
  constructor() { this.state = new Map(); this.target = null; this.keys = 3; this.salt = newSalt(); this.runs = 0; }
  async load() {}
  open() {}
  start() {}
  end() {}
  close() {}
}

/** The first differing setting between an earlier run's target and this one, or null. */
export function targetMismatch(before, now) {
  if (!before) return null;
  for (const p of Object.keys(now)) {
    const a = before[p];
    if (!a) continue;
    for (const k of new Set([...Object.keys(a), ...Object.keys(now[p])])) {
      if (JSON.stringify(a[k]) !== JSON.stringify(now[p][k])) return `${p}.${k}`;
    }
  }
  return null;
}
