// Which row of a run is an Equals person's: Equals has one person per email
// on an account, and a repeat is a second persona, so a row whose email (any
// case) an earlier row of the run has is not sent there. "Earlier" is the
// file's order: each row joins the queue for its email when it is read, and
// learns who holds the email only once every row before it is decided. A
// row that turns out invalid never holds it: the next one with the email
// decides in its place.
//
// While rows of an email are out, the queue is a chain of promises; once
// settled, only the holder's line is kept (in a SeenRows, outside V8's
// heap), and its outcome when it made nobody.
import { SeenRows } from './seen.mjs';
import { rowKey } from './keys.mjs';

/** Outcomes in which the holder's person is on the account. */
const MADE = new Set(['created', 'exists']);

export class EqualsClaims {
  #held = new SeenRows();
  /** key → status of a holder whose outcome made no person (rare: failures). */
  #unmade = new Map();
  /** key → the promise of the holder ({ line, outcome }) or null, as the last row read with the email leaves it. */
  #open = new Map();

  /**
   * Joins `line` to the queue of its email, synchronously (in read order).
   * Returns null for a row with no email, else a ticket: `before()` resolves
   * with the holder among the earlier rows ({ line, outcome: Promise }) or
   * null; the row then calls exactly one of `hold(outcome)` (it is sent) and
   * `pass()` (it is not: invalid, a duplicate, nothing to send). A second call is ignored.
   */
  join(email, accountId, line) {
    if (typeof email !== 'string' || email.trim() === '') return null;
    const key = rowKey(`${accountId}\u0000${email.trim().toLowerCase()}`);
    const prior = this.#open.get(key) ?? Promise.resolve(this.#settled(key));
    let decide;
    const mine = new Promise((resolve) => { decide = resolve; });
    const tail = prior.then((holder) => holder ?? mine);
    this.#open.set(key, tail);
    tail.then(async (holder) => {
      const outcome = holder ? await holder.outcome : null;
      if (this.#open.get(key) !== tail) return; // a later row joined: it tidies up
      this.#open.delete(key);
      if (!holder) return;
      this.#held.set(key, holder.line);
      if (!MADE.has(outcome?.status)) this.#unmade.set(key, outcome?.status ?? 'unknown');
    });
    let decided = false;
    const settle = (holder) => {
      if (decided) return;
      decided = true;
      decide(holder);
    };
    return {
      before: () => prior,
      hold: (outcome) => settle({ line, outcome: Promise.resolve(outcome).catch(() => ({ status: 'unknown' })) }),
      pass: () => settle(null),
    };
  }

  /** The settled holder of `key` (its outcome as far as it is kept), or null. */
  #settled(key) {
    const line = this.#held.get(key);
    if (line === undefined) return null;
    return { line, outcome: Promise.resolve({ status: this.#unmade.get(key) ?? 'created' }) };
  }
}

/** The outcome of a row whose email `holder`'s line has: worded by what that line did. */
export async function duplicateOf(holder) {
  const o = await holder.outcome;
  const same = `the same Equals person as line ${holder.line} (the same email on the account)`;
  return {
    status: 'skipped',
    code: 'DUPLICATE_PERSON',
    message: MADE.has(o?.status) ? `${same}: sent once` : `${same}: not sent; line ${holder.line} ended ${o?.status ?? 'unknown'}: see it`,
  };
}
