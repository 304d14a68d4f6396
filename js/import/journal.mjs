// The journal: one JSON line per event, appended with a write(2) each (no
// buffer in the process), so a kill -9 loses nothing already written. A
// "start" line goes out before each create; its "end" line after. A start
// without an end is a create whose outcome nobody saw: the next run looks it
// up before sending anything. Lines hold a row key (a hash), the line number,
// ids, codes and counts: never a person's data or a provider's body.
import { openSync, writeSync, fsyncSync, closeSync, existsSync, createReadStream, fstatSync, readSync, writeFileSync, readFileSync, rmSync, linkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { newSalt } from './keys.mjs';
import { EN } from './words-en.mjs';

/** What the journal says about one row and one provider. */
// { s: 'created'|'exists'|'failed'|'unknown'|'invalid'|'started', id, pid, code, retry, ns }
// `ns`: a failure after which the row cannot have made a person there (its creates were refused before they left).

/** Codes of a create the provider answered with a refusal: nothing was made. */
/** Lock files this process holds: a lock naming this process's id and not here was left by another process that had the same id (a container's process 1, say). */
const HELD = new Set();
const REFUSED = new Set(['VALIDATION_FAILED', 'UNAUTHORIZED', 'NOT_FOUND', 'BAD_REQUEST', 'RATE_LIMITED', 'INVALID_OPTIONS']);

/** States of a row after which a person may exist from it: what `atLine` remembers a line by. */
const MAY_HAVE_MADE = new Set(['created', 'exists', 'unknown', 'started']);
/** A row state's own key (the key the journal knows it by), for `atLine`. */
const KEY = Symbol('key');

export class Journal {
  /** @param {string} path  @param {{ fsync?: boolean, words?: object }} opts  `words`: the run's (words-en.mjs), for its refusals */
  constructor(path, { fsync = false, words = EN } = {}) {
    this.path = path;
    this.fsync = fsync;
    this.words = words;
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
    /** provider → line → the row state last journaled at that line that may have made a person there (`atLine`). */
    this.lines = new Map();
    /**
     * Lines but no readable `run` header: the salt that keys its rows is
     * lost, so none of them can be matched, and the journal must not pass
     * for a new one (whose rows are trusted as never sent).
     */
    this.damaged = false;
    this.#lock = `${path}.lock`;
  }

  #lock;
  #locked = false;

  /**
   * Takes the journal's lock (below), then reads what earlier runs wrote
   * (streamed: the journal may be long). Read under the lock: read before
   * it, another run's lines written meanwhile would be missed.
   */
  async load() {
    this.lock();
    if (!existsSync(this.path)) return;
    try {
      await this.#read();
    } catch (err) {
      throw unusable(this.path, 'read', err, this.words);
    }
  }

  /**
   * Reads what earlier runs wrote without taking the lock: for a dry run,
   * which writes nothing and may be made beside a run that holds it (a
   * last line that run is writing is read past, as a cut line is).
   */
  async peek() {
    if (!existsSync(this.path)) return;
    try {
      await this.#read();
    } catch (err) {
      throw unusable(this.path, 'read', err, this.words);
    }
  }

  async #read() {
    const lines = createInterface({ input: createReadStream(this.path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let other = 0;
    for await (const line of lines) {
      if (line.length === 0) continue;
      let e;
      try {
        e = JSON.parse(line);
      } catch {
        other += 1;
        continue; // a line cut by a kill mid-write: the start before it still counts
      }
      // JSON that is no event (`null`, a number, a list: garbage): read past as a cut line is.
      if (e === null || typeof e !== 'object' || Array.isArray(e)) {
        other += 1;
        continue;
      }
      if (e.t !== 'run') other += 1;
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
      if (row === undefined) this.state.set(e.k, (row = { [KEY]: e.k }));
      if (e.t === 'start') {
        // A start after a done end cannot happen; after anything else it reopens the question.
        if (row[e.p]?.s !== 'created' && row[e.p]?.s !== 'exists') row[e.p] = { s: 'started' };
      } else if (e.t === 'end') {
        row[e.p] = { s: e.s, id: e.id, pid: e.pid, code: e.code, retry: e.retry === 1, ns: e.ns === 1 };
      }
      if (MAY_HAVE_MADE.has(row[e.p]?.s) && Number.isSafeInteger(e.l) && e.l > 0) this.#lineOf(e.p)[e.l] = row;
    }
    this.damaged = this.runs === 0 && other > 0;
  }

  /**
   * Opens the journal for appending and writes this run's header line,
   * taking the lock first if `load` has not.
   */
  open(target) {
    this.lock();
    try {
      this.fd = openSync(this.path, 'a+');
      // A last line cut by a kill must not swallow this run's header.
      if (fstatSync(this.fd).size > 0 && !endsWithNewline(this.fd)) writeSync(this.fd, '\n');
      this.#write({ t: 'run', v: this.keys, ...(this.keys === 3 && { salt: this.salt }), at: new Date().toISOString(), target });
      // Written, so a run stopped early does not bring the old target's refusals back next time.
      for (const p of this.#forgotten) this.#write({ t: 'forget', p });
    } catch (err) {
      throw unusable(this.path, 'written', err, this.words);
    }
  }

  /**
   * Takes the journal for this run: a second run on it at once would send
   * every row again, so it is refused while the one holding it is alive.
   *
   * The lock file appears with its content whole: the pid and a random
   * token go to a file of this process's own, which is then hard-linked to
   * the lock's name (link(2) fails if the name exists). A lock that names no
   * process is never taken as stale: it is refused, with what to do. A
   * stale lock (its process is gone) is broken under a second lock,
   * `<lock>.break`, taken the same way: only one run at a time breaks, and
   * it removes the lock only if it still holds what was read as stale.
   */
  lock() {
    if (this.#locked) return;
    const lock = this.#lock;
    const mine = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}`;
    const content = `${process.pid}\n${randomBytes(9).toString('base64url')}\n`;
    try {
      writeFileSync(mine, content, { flag: 'wx' });
    } catch (err) {
      throw unusable(this.path, 'written', err, this.words);
    }
    try {
      for (let tries = 0; tries < 5; tries += 1) {
        if (exclusive(mine, lock)) {
          this.#locked = true;
          HELD.add(lock);
          return;
        }
        const seen = readLock(lock);
        if (seen === null) continue; // released meanwhile: try again
        const holder = this.#holder(seen);
        if (!this.#stale(holder)) throw inUse(this.path, lock, holder, this.words);
        // Left by a run that was killed: broken by one run at a time.
        const breaker = `${lock}.break`;
        if (!exclusive(mine, breaker)) {
          const other = readLock(breaker);
          const by = other === null ? null : this.#holder(other);
          if (other === null || !this.#stale(by)) continue; // another run is breaking it now: look again
          throw Object.assign(new Error(`the journal ${this.path} has a lock left by a run killed while it was breaking a stale lock: if no import runs on this journal, remove ${breaker} and ${lock}, then run again`), { code: 'JOURNAL_IN_USE' });
        }
        try {
          // Only the lock read as stale is removed: another that took its place since is kept.
          if (readLock(lock) === seen) rmSync(lock, { force: true });
        } finally {
          rmSync(breaker, { force: true });
        }
      }
      throw Object.assign(new Error(`the journal ${this.path} could not be locked (${lock}): another import is starting on it`), { code: 'JOURNAL_IN_USE' });
    } finally {
      rmSync(mine, { force: true });
    }
  }

  /** The pid a lock's text names, or NaN (empty, cut or damaged: it names no process). */
  #holder(text) {
    return /^\d+\n/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
  }

  /** Whether a lock naming `holder` was left by a process that is gone (or by another process that had this one's id). */
  #stale(holder) {
    if (!Number.isSafeInteger(holder) || holder <= 0) return false;
    if (holder === process.pid) return !HELD.has(this.#lock);
    return !alive(holder);
  }

  #unlock() {
    if (this.#locked) {
      rmSync(this.#lock, { force: true });
      HELD.delete(this.#lock);
    }
    this.#locked = false;
  }

  /**
   * What an earlier run may have made from the row at `line` in `provider`,
   * when that row's content was other than `key`'s: { key, state } (`state`
   * created, exists, unknown or started), or null. A row edited since that
   * run has a new key, and would be sent as a new person.
   */
  atLine(line, key, provider) {
    const row = this.lines.get(provider)?.[line];
    if (row === undefined || row[KEY] === key || !MAY_HAVE_MADE.has(row[provider]?.s)) return null;
    return { key: row[KEY], state: row[provider] };
  }

  /** Whether the line's memory (`atLine`) in `provider` is the row with `key`. */
  knowsAt(line, key, provider) {
    return this.lines.get(provider)?.[line]?.[KEY] === key;
  }

  #lineOf(provider) {
    let lines = this.lines.get(provider);
    if (lines === undefined) this.lines.set(provider, (lines = []));
    return lines;
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

  /** A row done in an earlier run now stands at `line` (the sheet sorted): what `atLine` answers for it next time. */
  at(key, line, provider) {
    this.#write({ t: 'at', k: key, l: line, p: provider });
  }

  /** Closes the journal (if opened) and releases its lock (if taken). */
  close() {
    if (this.fd !== null) {
      if (!this.fsync) {
        try { fsyncSync(this.fd); } catch { /* a pipe or a file system without fsync */ }
      }
      closeSync(this.fd);
      this.fd = null;
    }
    this.#unlock();
  }

  #write(event) {
    if (this.fd === null) return;
    // All of it or a throw: a disk that fills mid-line writes part of it and says so only by the count.
    const bytes = Buffer.from(`${JSON.stringify(event)}\n`);
    for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at, bytes.length - at);
    if (this.fsync) fsyncSync(this.fd);
  }
}

/**
 * Makes `name` a second name of `file` if nothing has that name: the file
 * appears with its content whole. False when the name is taken. A file
 * system without hard links: created exclusively and written (a reader in
 * between sees it empty, which counts as held, never as stale).
 */
function exclusive(file, name) {
  try {
    linkSync(file, name);
    return true;
  } catch (err) {
    if (err?.code === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(err?.code)) throw err;
  }
  try {
    writeFileSync(name, readFileSync(file), { flag: 'wx' });
    return true;
  } catch (err) {
    if (err?.code === 'EEXIST') return false;
    throw err;
  }
}

/** A lock's text, or null when there is none; '' when it cannot be read (it names no process). */
function readLock(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    return err?.code === 'ENOENT' ? null : '';
  }
}

/** JOURNAL_UNUSABLE: before any row, the journal (or its lock beside it) could not be read or written: the path and the system's reason. */
function unusable(path, verb, err, words) {
  return Object.assign(new Error(words.journalUnusable(path, verb, systemReason(err))), { code: 'JOURNAL_UNUSABLE', cause: err });
}

function inUse(path, lock, holder, words) {
  const message = Number.isSafeInteger(holder) && holder > 0 ? words.journalInUse(path, holder) : words.journalLockedByNobody(path, lock);
  return Object.assign(new Error(message), { code: 'JOURNAL_IN_USE' });
}

/** The system's reason for a failed read or write, as it says it ("ENOSPC: no space left on device, write"). */
export const systemReason = (err) => (String(err?.message ?? err).startsWith(err?.code) ? err.message : `${err?.code ?? 'error'}: ${err?.message ?? err}`);

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
  atLine() { return null; }
  knowsAt() { return true; }
  lock() {}
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
