// Everything the mock remembers between requests: created persons, recorded
// requests (creates and lookups), counters and pending fault scenarios.

import { randomBytes, randomUUID } from 'node:crypto';
import { parseFault } from './faults.mjs';
import { SearchIndex } from './search-index.mjs';

export const PROVIDERS = ['verifik', 'equals', 'horus'];
// What a request does: a create (POST) or a lookup (list / retrieve). Horus has no lookup.
export const KINDS = ['create', 'lookup'];
export const LOOKUP_PROVIDERS = ['verifik', 'equals'];

export class MockState {
  constructor({ maxRecorded = 1000 } = {}) {
    this.maxRecorded = maxRecorded;
    this.reset();
  }

  reset() {
    this.verifik = []; // persons as Verifik returns them
    this.equals = []; // people, each with its `personas`
    this.horus = []; // persons as stored (no clientSecret, no password)
    // The duplicate checks of a create look here instead of scanning every
    // person: a bulk import of 10,000 rows would otherwise spend its time in the mock.
    this.index = {
      verifik: new Map(), // name + date of birth → persons with that key
      equals: new Map(), // email, lower case → person
      equalsSearch: new SearchIndex(), // the list's `search` (search-index.mjs)
      horusEmails: new Set(), // lower case
      horusIdentifiers: new Set(),
    };
    this.attempts = { verifik: 0, equals: 0, horus: 0 }; // creates only
    this.lookups = { verifik: 0, equals: 0 };
    this.requests = [];
    this.scenarios = [];
  }

  /** What GET /__mock/persons answers (a copy, so callers cannot edit the store). */
  snapshot() {
    return structuredClone({
      verifik: this.verifik,
      // personaCounts: { <accountId>: n }, so a test can say "exactly one persona on F1".
      equals: this.equals.map((person) => ({ ...person, personaCounts: personaCounts(person) })),
      horus: this.horus,
      attempts: this.attempts,
      lookups: this.lookups,
    });
  }

  /** `entry.kind` is 'create' or 'lookup'; each has its own counter. */
  record(entry) {
    if (entry.kind === 'lookup') this.lookups[entry.provider] += 1;
    else this.attempts[entry.provider] += 1;
    this.requests.push(entry);
    if (this.requests.length > this.maxRecorded) this.requests.shift();
  }

  /**
   * `count` defaults to 1 (as over HTTP), `kind` to 'create': a scenario never hits lookups unless asked to.
   * Throws a TypeError on what POST /__mock/scenario refuses: a bad fault would
   * otherwise fail a later, unrelated request, and a misspelt provider never fire.
   */
  addScenario({ fault, count = 1, provider, kind = 'create' }) {
    const problem = scenarioProblem({ fault, count, provider, kind });
    if (problem) throw new TypeError(`mock scenario: ${problem}`);
    const scenario = { id: randomUUID(), fault, remaining: count, provider: provider ?? null, kind };
    this.scenarios.push(scenario);
    return scenario;
  }

  /** Drops the pending scenarios; persons, requests and counters stay. */
  clearScenarios() {
    this.scenarios = [];
  }

  /** Consumes one use of the first pending scenario for `provider` and `kind`; returns its fault spec. */
  takeScenario(provider, kind = 'create') {
    const i = this.scenarios.findIndex((s) => s.kind === kind && (s.provider === null || s.provider === provider));
    if (i < 0) return null;
    const scenario = this.scenarios[i];
    scenario.remaining -= 1;
    if (scenario.remaining <= 0) this.scenarios.splice(i, 1);
    return scenario.fault;
  }
}

/** Why a scenario (`count`, `kind` already defaulted) cannot be queued, or null. */
export function scenarioProblem({ fault, count, provider, kind }) {
  try {
    // A scenario says its kind with `kind`; an `on=` part in it would be a second, conflicting say.
    if (parseFault(fault).on) return 'a scenario takes kind, not an on= part';
  } catch (err) {
    return err.message;
  }
  if (!Number.isSafeInteger(count) || count < 1) return 'count must be a positive integer';
  if (provider !== undefined && provider !== null && !PROVIDERS.includes(provider)) {
    return `provider must be one of ${PROVIDERS.join(', ')}`;
  }
  if (!KINDS.includes(kind)) return `kind must be one of ${KINDS.join(', ')}`;
  if (kind === 'lookup' && provider !== undefined && provider !== null && !LOOKUP_PROVIDERS.includes(provider)) {
    return `${provider} has no lookup endpoint`;
  }
  return null;
}

/** `{ <accountId>: number of personas }` for one Equals person. */
export function personaCounts(person) {
  const counts = {};
  for (const { accountId } of person.personas) counts[accountId] = (counts[accountId] ?? 0) + 1;
  return counts;
}

/** A Mongo-style 24-hex id, like Verifik's `_id`. */
export const objectId = () => randomBytes(12).toString('hex');

/** Random alphanumeric id (Horus request ids). */
export function alnumId(length = 16) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export const nowIso = () => new Date().toISOString();
