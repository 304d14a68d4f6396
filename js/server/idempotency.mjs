// Exactly once across retries, double clicks and instances: one record per
// Idempotency-Key in the store, claimed and updated with compare-and-set.
//
// A record: { v, fp, state: 'running'|'done', owner, leaseUntil, createdAt,
// doneAt, started: [providers], outcomes: { verifik?, equals?, horus? },
// unsent?: [providers] }. `fp` is the SHA-256 of the person (photos
// included); `v` the version every write must start from; `started` the
// providers a request under the key has called, written before any is
// called; `unsent` those whose stored failure is a create that never left (a
// refused connection): no person was made, so no lookup comes before the
// next try (dropped from the record by the claim that runs them again, and
// written back by its save only if that try too never left).
//
// What a request with a key gets:
//   no record                     → it claims the key and runs its providers
//   same person, done             → each provider's stored outcome; a provider
//                                   that failed with a retryable error or
//                                   the server's own (its setup), or was
//                                   not asked before, is run (and only those)
//   same person, still running    → it waits (polling) for the owner, up to
//                                   waitMs, then IN_PROGRESS (also when the
//                                   providers it asks for are done)
//   running, owner's lease over   → as "done": the owner died; its missing
//                                   providers are run again, each looked up
//                                   first (it may have been created)
//   done more than ttlMs ago      → as no record (a store may expire lazily)
//   another person                → IDEMPOTENCY_KEY_REUSED
//
// A record is kept ttlMs after its last request finished, and a running one
// ttlMs past its lease: counted from creation, a request that outlived the
// TTL left its key free while Equals was still being called, and a "Try
// again" then made a second persona.

import { serverOwnFailure } from './outcome.mjs';

export const DEFAULTS = Object.freeze({ ttlMs: 24 * 60 * 60 * 1000, waitMs: 10_000, leaseMs: 5 * 60 * 1000 });
const POLL_MS = [25, 50, 100, 200, 250];
const STORE_RETRY_MS = [50, 200, 500];

/** Whether `outcome` must be tried again when asked again. */
export function needsRun(outcome) {
  return !outcome || (outcome.status === 'failed' && outcome.retryable === true) || serverOwnFailure(outcome);
}

/**
 * Hex SHA-256 of `value` written as canonical JSON (keys sorted), or its
 * HMAC-SHA-256 under `secret` when one is given (`idempotency.secret`: then
 * whoever reads the store cannot test an email against it). Where the
 * runtime has `node:crypto` (Node, Bun, Deno) the hash is made at once;
 * WebCrypto, the fallback (Workers, browsers), is a trip through a job
 * queue that costs an enrolment more than the rest of the handler.
 * `plain`: strings known to need no escape in JSON (photos the rules
 * accepted as base64), written as they are and hashed in place: JSON.stringify
 * reads a photo a character at a time, and joining it into one text copies
 * it. The hash is the same either way.
 */
export async function fingerprint(value, secret, plain) {
  const pieces = canonicalPieces(value, plain);
  if (nodeCrypto) {
    const h = secret !== undefined ? nodeCrypto.createHmac('sha256', secret) : nodeCrypto.createHash('sha256');
    for (const piece of pieces) h.update(piece);
    return h.digest('hex');
  }
  const text = new TextEncoder().encode(pieces.join(''));
  if (secret === undefined) return hex(await crypto.subtle.digest('SHA-256', text));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, text));
}

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

// process.getBuiltinModule needs no import, so bundlers for Workers and
// browsers see nothing to resolve; absent there, WebCrypto is used.
const nodeCrypto = (() => {
  try {
    const m = globalThis.process?.getBuiltinModule?.('node:crypto');
    return typeof m?.createHash === 'function' ? m : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * `value` as canonical JSON, in pieces whose concatenation is the text: a
 * string of `plain` longer than a few hundred characters is a piece of its
 * own, the text between them the others.
 */
function canonicalPieces(value, plain) {
  const pieces = [];
  let text = '';
  const write = (v) => {
    if (Array.isArray(v)) {
      text += '[';
      for (let i = 0; i < v.length; i += 1) {
        if (i > 0) text += ',';
        if (i in v) write(v[i] ?? null);
      }
      text += ']';
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
      text += '{';
      for (let i = 0; i < keys.length; i += 1) {
        text += `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`;
        write(v[keys[i]]);
      }
      text += '}';
    } else if (typeof v === 'string' && v.length > 256 && plain?.has(v)) {
      pieces.push(`${text}"`, v);
      text = '"';
    } else {
      text += JSON.stringify(v ?? null);
    }
  };
  write(value);
  pieces.push(text);
  return pieces;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long past `waitMs` the store may take to answer a claim or a lock before it counts as failed. */
export const GRACE_MS = 1000;

/**
 * `promise`, or a rejection once `ms` pass without it: a store call that
 * never answers (node-redis queues commands while Redis is down) must not
 * hold the person's request until Redis is back. What the store does
 * later is handed to `late` (a claim or lock taken after all is given back).
 * One promise settled from `promise`'s own callbacks, not Promise.race and
 * finally: each of their extra turns delayed the Equals lookup behind the
 * other providers' work, on the path every enrolment waits for.
 */
export function bounded(promise, ms, late = () => {}) {
  if (!Number.isFinite(ms)) return promise;
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const timer = setTimeout(() => { gaveUp = true; reject(new StoreTimeout(ms)); }, ms);
    timer?.unref?.(); // a store that never answers keeps no process alive by itself
    promise.then((value) => {
      clearTimeout(timer);
      if (gaveUp) late(value);
      else resolve(value);
    }, (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

class StoreTimeout extends Error {
  constructor(ms) { super(`the store did not answer within ${ms} ms`); this.name = 'StoreTimeout'; }
}

/** How long a store keeps `rec` written at `now`: ttlMs past its lease while it runs, ttlMs once done. */
const keepFor = (rec, ttlMs, now) => (rec.state === 'running' ? Math.max(0, rec.leaseUntil - now) : 0) + ttlMs;

/** `rec` finished: no longer running, kept ttlMs from now. */
const done = (rec) => ({ ...rec, state: 'done', leaseUntil: 0, doneAt: Date.now() });

/** The providers a request under the key started and never recorded an outcome for (its owner died mid-call). */
const unrecordedIn = (rec) => (rec?.started ?? []).filter((p) => rec.outcomes?.[p] === undefined);

/**
 * Claims `key` for `providers`. `unsettled` names the providers an earlier
 * request under this key started but never recorded an outcome for (it died,
 * or the store failed): they may have been created, so they are looked up
 * before anything is sent (`lookFirst`). `unsent` names those to run whose
 * stored failure never left (nothing was made: no lookup needed).
 * @returns {Promise<
 *   { kind: 'run', todo: string[], stored: object, unsettled: string[], unsent: string[], lease: Lease } |
 *   { kind: 'replay', stored: object, unrecorded: string[] } |
 *   { kind: 'reused' } | { kind: 'busy' }>}
 */
export async function claim(store, key, fp, providers, limits) {
  // A claim the store makes after the request gave up on it, or whose answer
  // was lost (the connection dropped after the write), is given back: kept,
  // it held the key for a whole lease, and the person's "Try again" got 409
  // for minutes.
  const timeoutMs = limits.waitMs + GRACE_MS;
  const tried = { owner: crypto.randomUUID(), write: null };
  try {
    return await bounded(claimOnce(store, key, fp, providers, limits, tried), timeoutMs, (got) => {
      if (got?.kind === 'run') got.lease.giveBack().catch(() => {});
    });
  } catch (err) {
    if (err?.name !== 'StoreTimeout' && tried.write) {
      const now = await bounded(store.get(key), timeoutMs).catch(() => null);
      if (now?.owner === tried.owner && now.v === tried.write.v) {
        await new Lease(store, key, now, limits.ttlMs, limits.leaseMs, tried.write.prior).giveBack().catch(() => {});
      }
    }
    throw err;
  }
}

/**
 * `tried`: this claim's owner and the last write it sent (`{ v, prior, won }`:
 * what claim gives back, and what the write wins once it lands).
 */
async function claimOnce(store, key, fp, providers, limits, tried) {
  const { ttlMs, waitMs, leaseMs } = limits;
  const { owner } = tried;
  const lease = (rec, prior) => new Lease(store, key, rec, ttlMs, leaseMs, prior, waitMs + GRACE_MS);
  const deadline = Date.now() + waitMs;
  const fresh = (now, v) => ({ v, fp, state: 'running', owner, leaseUntil: now + leaseMs, createdAt: now, started: providers, outcomes: {} });
  // Notes record `next`, about to be written over `prior`, and the run it wins once it lands.
  const writing = (next, prior, todo, stored = {}, unsettled = [], unsent = []) => {
    tried.write = { v: next.v, prior, won: { kind: 'run', todo, stored, unsettled, unsent, unrecorded: unrecordedIn(prior), lease: lease(next, prior) } };
  };
  for (let round = 0; ; round += 1) {
    const now = Date.now();
    // Never a busy loop, whatever a store answers: past the wait, the key is busy.
    if (round > 1 && now >= deadline) return { kind: 'busy' };
    // A new key is the usual case: try to create first (one round trip), read only when that fails.
    const rec = round === 0 ? null : await store.get(key);
    // Our own last write, answered "not written": a client that sent it again
    // after a lost answer (@upstash/redis retries a failed fetch) hears
    // "exists" or "changed" from its own first try. The key is this request's.
    if (rec !== null && tried.write && rec.owner === owner && rec.v === tried.write.v) return tried.write.won;
    if (rec === null) {
      const first = fresh(now, 1);
      writing(first, null, providers);
      if (await store.create(key, first, keepFor(first, ttlMs, now))) return tried.write.won;
      if (round > 0) await sleep(POLL_MS[0]); // created and gone again, or a store that disagrees with itself
      continue; // another request created it first: read it
    }
    if (rec.state === 'done' && (rec.doneAt ?? rec.createdAt) + ttlMs <= now) {
      // Over its age (a store that expires lazily, or a clock ahead of the
      // writer's): the key is new again. A running record never is: its
      // owner is alive (it waits) or died (its started providers are looked up).
      const first = fresh(now, rec.v + 1);
      writing(first, rec, providers);
      if (await store.replace(key, rec.v, first, keepFor(first, ttlMs, now))) return tried.write.won;
      continue;
    }
    if (rec.fp !== fp) return { kind: 'reused' };
    const stored = rec.outcomes ?? {};
    const todo = providers.filter((p) => needsRun(stored[p]));
    // Waited for even when the asked providers are done: the answer names
    // every provider, and one still running is not "skipped".
    if (rec.state === 'running' && rec.leaseUntil > now) {
      if (now >= deadline) return { kind: 'busy' };
      await sleep(Math.min(POLL_MS[Math.min(round, POLL_MS.length - 1)], Math.max(1, deadline - now)));
      continue;
    }
    if (todo.length === 0) return { kind: 'replay', stored, unrecorded: unrecordedIn(rec) };
    const unsettled = (rec.started ?? []).filter((p) => todo.includes(p) && stored[p] === undefined);
    const unsent = (rec.unsent ?? []).filter((p) => todo.includes(p) && stored[p]?.status === 'failed');
    const started = [...new Set([...(rec.started ?? []), ...todo])];
    const next = { ...rec, v: rec.v + 1, state: 'running', owner, leaseUntil: now + leaseMs, started };
    // What runs now is no longer "never sent": this request may send it. Kept
    // in the record, an owner that died mid-create left the next request
    // taking its lookup for a mere precaution, and sending Equals again when
    // that lookup could not tell. Its save writes `unsent` again if so.
    const stillUnsent = (rec.unsent ?? []).filter((p) => !todo.includes(p));
    if (stillUnsent.length > 0) next.unsent = stillUnsent;
    else delete next.unsent;
    writing(next, rec, todo, stored, unsettled, unsent);
    if (await store.replace(key, rec.v, next, keepFor(next, ttlMs, now))) return tried.write.won;
  }
}

/**
 * The claim of one request: saves each provider's outcome as it comes (so a
 * crash loses only the calls in flight), then marks the record done. Writes
 * are compare-and-set from the version last written, one at a time; changes
 * made while one is in flight go out together in the next (so three
 * providers finishing at once cost one or two round trips to Redis, not
 * three).
 */
export class Lease {
  #store; #key; #rec; #ttlMs; #leaseMs; #prior; #timeoutMs; #lost = false;
  /** Changes not yet written, each with the resolve of its promise. */
  #pending = [];
  /** Changes whose write failed, sent again with the next one. */
  #unwritten = [];
  /** Whether #drain is running (it takes every change queued before it ends). */
  #draining = false;
  /** The store's error, while the last write failed. */
  error = undefined;

  /**
   * `prior`: the record the claim replaced (null: it created the key), for
   * giveBack. `timeoutMs`: a write the store has not answered by then counts
   * as failed (the person gets their answer; compare-and-set sorts out a
   * write that lands later).
   */
  constructor(store, key, rec, ttlMs, leaseMs, prior = null, timeoutMs = Infinity) {
    this.#store = store;
    this.#key = key;
    this.#rec = rec;
    this.#ttlMs = ttlMs;
    this.#leaseMs = leaseMs;
    this.#prior = prior;
    this.#timeoutMs = timeoutMs;
  }

  /** Undoes a claim no provider ran under: the key as it was (a created one expires at once). */
  async giveBack() {
    const base = this.#rec;
    const now = Date.now();
    const back = this.#prior === null
      ? { ...base, v: base.v + 1, state: 'done', leaseUntil: 0, doneAt: 0 }
      : { ...this.#prior, v: base.v + 1 };
    const kept = this.#prior === null ? 1 : keepFor(back, this.#ttlMs, now);
    if (await this.#store.replace(this.#key, base.v, back, kept)) this.#lost = true;
  }

  /**
   * Pushes the lease on every third of `leaseMs` while the providers run,
   * until the returned stop is called. A client's retries may outlast any
   * fixed lease; a lease that ran out under a live request let a "Try
   * again" take the key over and send Equals a second persona. Only a
   * request that stopped renewing (its instance died) loses the key.
   */
  keepAlive() {
    const every = Math.max(10, Math.floor(this.#leaseMs / 3));
    const timer = setInterval(() => {
      // A tick between the last outcome's write (done) and the stop leaves a finished record as it is.
      if (!this.#lost) this.#write((rec) => (rec.state === 'done' ? rec : { ...rec, leaseUntil: Date.now() + this.#leaseMs }));
    }, every);
    // Node: a pending renewal never keeps a process alive by itself.
    timer?.unref?.();
    return () => clearInterval(timer);
  }

  /** True when another request took the key over (this one's lease ran out). */
  get lost() { return this.#lost; }

  /**
   * `unsent`: the outcome is a failure whose create never left (sentNothing).
   * `last`: the request's last outcome (a claim always runs at least one
   * provider), written with the record's "done" in the same write: one
   * store round trip fewer before the person's answer.
   */
  save(provider, outcome, unsent = false, last = false) {
    return this.#write((rec) => {
      const others = (rec.unsent ?? []).filter((p) => p !== provider);
      const list = unsent ? [...others, provider] : others;
      const next = { ...rec, outcomes: { ...rec.outcomes, [provider]: outcome }, unsent: list };
      if (list.length === 0) delete next.unsent;
      return last ? done(next) : next;
    });
  }

  #write(change) {
    return new Promise((resolve) => {
      this.#pending.push({ change, resolve });
      // The store did not answer the last write: the change still goes out
      // (it lands if the store comes back), but the person's answer does not
      // wait a whole timeout again for each outcome and for the end.
      if (this.#down) resolve();
      if (!this.#draining) this.#drain();
    });
  }

  /** Whether the last write went unanswered (a store down, not blinking). */
  get #down() { return this.error?.name === 'StoreTimeout'; }

  // The flag is set and cleared inside this function, with no wait between
  // its last look at #pending and the clear: a change queued in that gap
  // (a provider answering just as the last write lands) waited forever.
  async #drain() {
    this.#draining = true;
    while (this.#pending.length > 0 && !this.#lost) {
      const batch = this.#pending.splice(0);
      // Queued behind a write the store never answered: not waited on (above).
      if (this.#down) for (const { resolve } of batch) resolve();
      const changes = [...this.#unwritten, ...batch.map((b) => b.change)];
      for (let attempt = 0; ; attempt += 1) {
        try {
          await this.#put((rec) => changes.reduce((r, change) => change(r), rec));
          this.#unwritten = [];
          this.error = undefined;
          break;
        } catch (err) {
          // A store that fails for a moment gets a few more tries: an
          // outcome not written leaves its provider to be looked up later.
          // One that did not answer is down, not blinking: no more waits.
          if (attempt < STORE_RETRY_MS.length && err?.name !== 'StoreTimeout') {
            await sleep(STORE_RETRY_MS[attempt]);
            continue;
          }
          // Still failing: the person gets their answer (the handler logs
          // this), and the changes go out with the next write. The lease
          // renewals keep trying: a request that stopped renewing after a
          // short outage lost its key while Equals was still being called.
          this.#unwritten = changes;
          this.error = err;
          break;
        }
      }
      for (const { resolve } of batch) resolve();
    }
    this.#draining = false;
    // Lost: nothing more goes out, and no one waits for it.
    for (const { resolve } of this.#pending.splice(0)) resolve();
  }

  async #put(change) {
    for (let tries = 0; tries < 5; tries += 1) {
      const base = this.#rec;
      const next = { ...change(base), v: base.v + 1 };
      if (await bounded(this.#store.replace(this.#key, base.v, next, keepFor(next, this.#ttlMs, Date.now())), this.#timeoutMs)) {
        this.#rec = next;
        return;
      }
      // Someone else wrote: only a request that took over an expired lease
      // can, and then the key is theirs (or a write of ours that landed late).
      const now = await bounded(this.#store.get(this.#key), this.#timeoutMs);
      if (now === null || now.owner !== base.owner) {
        this.#lost = true;
        return;
      }
      this.#rec = now;
    }
    this.#lost = true;
  }
}
