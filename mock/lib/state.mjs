// Everything the mock remembers between requests: created persons, recorded
// create requests, attempt counters and pending fault scenarios.

import { randomBytes, randomUUID } from 'node:crypto';

export const PROVIDERS = ['verifik', 'equals', 'horus'];

export class MockState {
  constructor({ maxRecorded = 1000 } = {}) {
    this.maxRecorded = maxRecorded;
    this.reset();
  }

  reset() {
    this.verifik = []; // persons as Verifik returns them
    this.equals = []; // people, each with its `personas`
    this.horus = []; // persons as stored (no clientSecret, no password)
    this.attempts = { verifik: 0, equals: 0, horus: 0 };
    this.requests = [];
    this.scenarios = [];
  }

  /** What GET /__mock/persons answers (a copy, so callers cannot edit the store). */
  snapshot() {
    return structuredClone({
      verifik: this.verifik,
      equals: this.equals,
      horus: this.horus,
      attempts: this.attempts,
    });
  }

  record(entry) {
    this.attempts[entry.provider] += 1;
    this.requests.push(entry);
    if (this.requests.length > this.maxRecorded) this.requests.shift();
  }

  addScenario({ fault, count, provider }) {
    const scenario = { id: randomUUID(), fault, remaining: count, provider: provider ?? null };
    this.scenarios.push(scenario);
    return scenario;
  }

  /** Consumes one use of the first pending scenario matching `provider`; returns its fault spec. */
  takeScenario(provider) {
    const i = this.scenarios.findIndex((s) => s.provider === null || s.provider === provider);
    if (i < 0) return null;
    const scenario = this.scenarios[i];
    scenario.remaining -= 1;
    if (scenario.remaining <= 0) this.scenarios.splice(i, 1);
    return scenario.fault;
  }
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
