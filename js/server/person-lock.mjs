// One Equals create at a time per person and account, across keys.
//
// Idempotency keys keep one enrolment from running twice; they cannot see
// two enrolments of the same person under different keys (two tabs, a page
// reloaded mid-request). The handler looks Equals up before each create, but
// two requests at the same moment both find nothing and both create: a
// second persona. So the Equals call of each enrolment holds a short lock in
// the same store, named by the account and the email (lower-cased, hashed,
// keyed by the server's secret when it has one: no personal data in a store
// key); a second request waits for the first to finish, then its lookup
// finds the person. The released lock remembers, for
// a key's lifetime, that Equals made the person or may have: a later
// enrolment whose lookup cannot tell then sends nothing. A running lock is
// kept as long past its lease: a holder that died, or lost the store, in the
// middle of its call may have made the person, and its record says so to
// whoever takes the lock over (gone with its lease, the next enrolment
// found nothing and sent a second persona).
import { fingerprint, bounded, DEFAULTS, GRACE_MS } from './idempotency.mjs';

const POLL_MS = [25, 50, 100, 200, 250];
const STORE_RETRY_MS = [50, 200, 500];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The lock's store key for an Equals body (`accountId`, `emailAddress` as
 * the rules accepted them), or null without them; keyed by `secret` when
 * given (`idempotency.secret`).
 */
export async function personLockKey(body, secret) {
  const account = body?.accountId;
  const email = body?.emailAddress;
  if (typeof account !== 'string' || typeof email !== 'string') return null;
  // A space: no Idempotency-Key holds one (visible ASCII only), so a page
  // cannot send a key that names, and holds, another person's lock.
  return `equals person ${await fingerprint([account, email.toLowerCase()], secret)}`;
}

/**
 * Runs `fn({ mayExist })` holding the lock `key` in `store`: `{ ran: true,
 * value }`, or `{ ran: false }` when another request held it past `waitMs`
 * (its call is still running: the caller answers that Equals is busy,
 * retryably). A lock whose holder died is taken over once `leaseMs` has
 * passed. A store that fails (after a few quick tries) or does not answer
 * within `waitMs` + GRACE_MS: `{ ran: false, storeFailed: err }`, `fn` not run. Run
 * without the lock, two enrolments of the person under different keys at
 * the same moment both found nothing and both created: a second persona
 * (the claim and the lock may live on different shards of a cluster, so a
 * claim that worked says nothing of the lock).
 *
 * `mayExist`: an enrolment of the person under any key, within `ttlMs` (a
 * key's lifetime), made them in Equals or may have (`mayExistAfter(value)`
 * said so of its call, or its holder died mid-call). The lock's record keeps
 * that mark for `ttlMs` from its last release instead of expiring at once:
 * a page reloaded under a new key must not send a create that an earlier
 * one may already have made when its lookup cannot tell.
 *
 * `alongside(value)`: what the caller writes once `fn` answered (the
 * enrolment's outcome), sent beside the release rather than after it, and
 * waited for with it: one store round trip fewer before the person's answer.
 */
export async function withPersonLock(store, key, { waitMs, leaseMs, ttlMs = DEFAULTS.ttlMs }, fn, mayExistAfter = () => false, alongside = async () => {}) {
  if (key === null) {
    const value = await fn({ mayExist: false });
    await alongside(value);
    return { ran: true, value };
  }
  let took;
  try {
    took = await bounded(acquire(store, key, waitMs, leaseMs, ttlMs), waitMs + GRACE_MS, (late) => { if (late) release(store, key, late, ttlMs); });
  } catch (err) {
    return { ran: false, storeFailed: err ?? new Error('the store failed') };
  }
  if (took === null) return { ran: false };
  let held = took.record;
  // Renewed every third of leaseMs while the call runs (a client's own
  // retries may outlast the lease), as the key's own lease is. One renewal
  // at a time and none queued behind it: a store that stops answering
  // would pile one up every tick, and the release waits for them all.
  let renewing = null;
  const renew = () => {
    renewing ??= (async () => {
      const next = { ...held, v: held.v + 1, leaseUntil: Date.now() + leaseMs };
      if (await bounded(store.replace(key, held.v, next, leaseMs + ttlMs), waitMs + GRACE_MS).catch(() => false)) held = next;
      else held = await stillOurs(store, key, held, waitMs + GRACE_MS) ?? held;
    })().finally(() => { renewing = null; });
  };
  const timer = setInterval(renew, Math.max(10, Math.floor(leaseMs / 3)));
  timer?.unref?.();
  let mayExist = true; // after a call that throws, anything
  let answered = false;
  let value;
  try {
    value = await fn({ mayExist: took.mayExist === true });
    answered = true;
    // A call that made nothing (refused, or its server misconfigured) does
    // not unmake what an earlier enrolment made: the mark stays.
    mayExist = took.mayExist === true || mayExistAfter(value);
  } finally {
    clearInterval(timer);
    const releasing = (async () => {
      await renewing;
      await release(store, key, { record: held, mayExist }, ttlMs, waitMs + GRACE_MS);
    })();
    // A call that threw leaves the caller nothing to write.
    const [, wrote] = await Promise.allSettled([releasing, answered ? alongside(value) : undefined]);
    if (wrote.status === 'rejected') throw wrote.reason;
  }
  return { ran: true, value };
}

/**
 * Released by a record that expires at once (the stores have no delete), or
 * that keeps for ttlMs that the person may exist. A failed release leaves
 * the record running (also one the store does not answer within
 * `timeoutMs`: the Equals outcome is not held for it): taken over after
 * its lease as a holder that died, which may have made the person.
 */
async function release(store, key, { record, mayExist }, ttlMs, timeoutMs = Infinity) {
  let held = record;
  for (let tries = 0; tries < 3 && held !== null; tries += 1) {
    const done = { v: held.v + 1, state: 'done', ...(mayExist && { mayExist: true }) };
    if (await bounded(store.replace(key, held.v, done, mayExist ? ttlMs : 1), timeoutMs).catch(() => false)) return;
    held = await stillOurs(store, key, held, timeoutMs);
  }
}

/**
 * The lock's record when it is still `held`'s (running, its owner) at
 * another version, else null. A write whose answer was lost or came late
 * (a dropped connection; @upstash/redis sending a command again) may have
 * landed: every compare-and-set from the version before it then failed,
 * and the renewals and the release with them, so the lock expired under a
 * live call and its mark was never written.
 */
async function stillOurs(store, key, held, timeoutMs) {
  const now = await bounded(store.get(key), timeoutMs).catch(() => null);
  return now?.state === 'running' && now.owner === held.owner ? now : null;
}

/**
 * `{ record, mayExist }`: the record this request now holds, and whether
 * the one it took over says the person may exist in Equals (marked so, or
 * running when its holder died); null after `waitMs` of another's.
 */
async function acquire(store, key, waitMs, leaseMs, ttlMs) {
  const deadline = Date.now() + waitMs;
  // Whose the lock is: a write whose answer was lost (the connection dropped
  // after it) is found ours on the next read, not waited on until its lease.
  const owner = crypto.randomUUID();
  /** The mark each version this request wrote carries over (by `v`). */
  const sent = new Map();
  let failures = 0;
  for (let round = 0; ; round += 1) {
    const now = Date.now();
    const mine = (v) => ({ v, state: 'running', owner, leaseUntil: now + leaseMs });
    try {
      sent.set(1, false);
      if (await store.create(key, mine(1), leaseMs + ttlMs)) return { record: mine(1), mayExist: false };
      const rec = await store.get(key);
      if (rec?.owner === owner) return { record: rec, mayExist: sent.get(rec.v) ?? true };
      if (rec !== null && (rec.state !== 'running' || rec.leaseUntil <= now)) {
        const next = mine((rec.v ?? 0) + 1);
        const mayExist = rec.mayExist === true || rec.state === 'running';
        sent.set(next.v, mayExist);
        if (await store.replace(key, rec.v, next, leaseMs + ttlMs)) return { record: next, mayExist };
      }
    } catch (err) {
      // A store that fails for a moment gets a few more tries, as a key's writes do.
      if (failures >= STORE_RETRY_MS.length || Date.now() >= deadline) throw err;
      await sleep(STORE_RETRY_MS[failures]);
      failures += 1;
      continue;
    }
    if (now >= deadline) return null;
    await sleep(Math.min(POLL_MS[Math.min(round, POLL_MS.length - 1)], Math.max(1, deadline - now)));
  }
}
