// Which row of a run is a person's, where a second row with the same person
// would make them twice: Equals has one person per email on an account (a
// repeat is a second persona), and an identity number (a DNI) is one person
// in every system (Horus answers the second "already exists", Verifik and
// Equals make a second person under another name or email). So a row whose
// email (any case, Equals only) or identity number an earlier row of the
// run has is not sent there. "Earlier" is the file's order: each row joins
// the queue for its email and its identity number when it is read, and
// learns who holds them only once every row before it is decided. A row
// that turns out invalid never holds them: the next one decides in its place.
//
// While rows of a key are out, the queue is a chain of promises; once
// settled, only the holder's line is kept (in a SeenRows, outside V8's
// heap), and its outcome when it made nobody.
import { SeenRows } from './seen.mjs';
import { rowKey } from './keys.mjs';

/** Outcomes in which the holder's person is in the provider. */
const MADE = new Set(['created', 'exists']);
const PROVIDERS = ['verifik', 'equals', 'horus'];

export class Claims {
  #held = new SeenRows();
  /** key → the statuses of a holder that made no person in some provider (rare: failures), or null (not known). */
  #unmade = new Map();
  /** key → the promise of the holder ({ line, outcome }) or null, as the last row read with the key leaves it. */
  #open = new Map();

  /**
   * Joins `line` to the queue of `text` (what makes two rows one person),
   * synchronously (in read order). Returns a ticket: `before()` resolves
   * with the holder among the earlier rows ({ line, outcome: Promise of
   * { [provider]: outcome } }) or null; the row then calls exactly one of
   * `hold(outcome)` (it is sent) and `pass()` (it is not: invalid, a
   * duplicate, nothing to send). A second call is ignored.
   */
  join(text, line) {
    const key = rowKey(text);
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
      const unmade = outcome === null ? null
        : Object.fromEntries(Object.entries(outcome).filter(([, o]) => !MADE.has(o?.status)).map(([p, o]) => [p, o?.status ?? 'unknown']));
      if (unmade === null || Object.keys(unmade).length > 0) this.#unmade.set(key, unmade);
    });
    let decided = false;
    const settle = (holder) => {
      if (decided) return;
      decided = true;
      decide(holder);
    };
    return {
      before: () => prior,
      hold: (outcome) => settle({ line, outcome: Promise.resolve(outcome).catch(() => null) }),
      pass: () => settle(null),
    };
  }

  /** The settled holder of `key` (its outcome as far as it is kept: a provider not named made the person), or null. */
  #settled(key) {
    const line = this.#held.get(key);
    if (line === undefined) return null;
    const unmade = this.#unmade.get(key);
    if (unmade === null) return { line, outcome: Promise.resolve(null) };
    return { line, outcome: Promise.resolve(Object.fromEntries(PROVIDERS.map((p) => [p, { status: unmade?.[p] ?? 'created' }]))) };
  }
}

/**
 * An identity number as the rules send it (src/person/mod.rs `same_value`:
 * no inner whitespace, no dot between digits), in one case, or null: what
 * makes two rows' identity numbers one person's.
 */
export function identityOf(person) {
  const v = person?.identityNumber;
  if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) return null;
  const s = String(v).replace(/(?<=\d)\.(?=\d)/g, '').replace(/\s/g, '').toLowerCase();
  return s === '' ? null : s;
}

/**
 * What a row is keyed by, for the run's `Claims` and the dry run's check
 * alike: its identity number (one person in every provider) and, with
 * Equals chosen, its email on the account (one Equals person).
 */
export function claimKeys(person, chosen, serverFields) {
  const id = identityOf(person);
  const email = chosen.includes('equals') && typeof person?.email === 'string' && person.email.trim() !== '' ? person.email.trim().toLowerCase() : null;
  return {
    identity: id === null ? null : `id\u0000${id}`,
    email: email === null ? null : `${serverFields?.equals?.accountId}\u0000${email}`,
  };
}

/**
 * A row's tickets ({ identity?, email? }), joined now: in read order. A
 * holder holds them with `outcomes`, the row's outcomes once it is done,
 * which its duplicates are worded by; `done(outcomes)` at the row's end
 * settles that and passes what the row did not hold.
 */
export function joinClaims(claims, person, chosen, serverFields, line) {
  const keys = claimKeys(person, chosen, serverFields);
  let settle;
  const row = {
    identity: keys.identity === null ? null : claims.join(keys.identity, line),
    email: keys.email === null ? null : claims.join(keys.email, line),
    outcomes: new Promise((resolve) => { settle = resolve; }),
    done: (outcomes) => {
      settle(outcomes);
      row.identity?.pass();
      row.email?.pass();
    },
  };
  return row;
}

/** The outcome in `provider` of a row whose email or identity number (`kind`) `holder`'s line has: worded by what that line did there, in the run's `words`. */
export async function duplicateOf(holder, provider, kind, words) {
  const outcomes = await holder.outcome;
  const o = outcomes === null ? { status: 'unknown' } : outcomes[provider];
  const same = words.samePerson(kind, holder.line);
  return {
    status: 'skipped',
    code: 'DUPLICATE_PERSON',
    message: MADE.has(o?.status) ? words.duplicateSentOnce(same) : words.duplicateNotSent(same, holder.line, o?.status ?? 'unknown'),
  };
}
