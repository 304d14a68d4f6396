// Types of personkit-mock (`import { startMock } from 'personkit/mock'`).
// tests/js/types-results.test.mjs holds them to what mock/server.mjs returns.
import type { VerifikPerson, EqualsPerson, EqualsPersona, EqualsRole } from '../js/index.js';

export type MockProvider = 'verifik' | 'equals' | 'horus';

/** A scripted fault: the next `count` requests of `kind` for `provider` get `fault` (see mock/README.md). */
export interface MockScenario {
  fault: string;
  /** Default 1. */
  count?: number | undefined;
  provider?: MockProvider | null | undefined;
  /** 'create' (the default) or 'lookup' (Verifik's and Equals' list endpoints). */
  kind?: 'create' | 'lookup' | undefined;
}

/** A scenario as the state keeps it until it is used up (`GET /__mock/scenario` lists them). */
export interface MockPendingScenario {
  id: string;
  fault: string;
  /** How many more requests it applies to. */
  remaining: number;
  provider: MockProvider | null;
  kind: 'create' | 'lookup';
}

/** An Equals person as the mock keeps it: the answer's fields, every persona with its account and role. */
export interface MockEqualsPerson extends Omit<EqualsPerson, 'persona'> {
  personas: Array<EqualsPersona & { accountId: string; roleName: EqualsRole }>;
  /** `{ <accountId>: number of personas }`: "exactly one persona on F12345" is `personaCounts.F12345 === 1`. */
  personaCounts: Record<string, number>;
}

/** A Horus person as the mock keeps it: never the secret or the password. */
export interface MockHorusPerson {
  id: string;
  mainIdentifier: string;
  externalId: string | null;
  firstName: string;
  additionalFirstName: string | null;
  lastName: string;
  additionalLastName: string | null;
  email: string;
  hasPassword: boolean;
  enabled: 0 | 1;
  custom: string | null;
  categoryId: number;
  positionId: number;
  /** The request id the create carried or was given. */
  requestId: string;
  createdAt: string;
}

/** One request as `GET /__mock/requests` and `state.requests` keep it. */
export interface MockRecordedRequest {
  provider: MockProvider;
  kind: 'create' | 'lookup';
  method: string;
  path: string;
  /** The query parameters. */
  query: Record<string, string>;
  /** Every header, names in lower case, as sent (credentials included). */
  headers: Record<string, string | string[]>;
  /** The parsed JSON; null when the body was not JSON, over the limit, late, or a lookup's. */
  body: unknown;
  /** Bytes of the body received. */
  bodyBytes: number;
}

/** What `GET /__mock/persons` answers, and `state.snapshot()` returns. */
export interface MockSnapshot {
  /** As Verifik returns them (`date_of_birth` as `{ year, month, day }`). */
  verifik: VerifikPerson[];
  equals: MockEqualsPerson[];
  horus: MockHorusPerson[];
  /** Create requests received, failed and faulted ones included. */
  attempts: Record<MockProvider, number>;
  /** Lookup (list) requests received. */
  lookups: { verifik: number; equals: number };
}

/** The in-memory store. */
export interface MockState {
  snapshot(): MockSnapshot;
  reset(): void;
  addScenario(scenario: MockScenario): MockPendingScenario;
  /** Drops the pending scenarios; persons, requests and counters stay. */
  clearScenarios(): void;
  /** The recorded requests, creates and lookups, oldest first. */
  requests: MockRecordedRequest[];
}

/** The mock's settings (mock/README.md, "Config file"): `startMock({ config })` overrides some, `RunningMock.config` is the whole. An unknown one is refused at start (a TypeError), so a typo is never ignored. */
export interface MockConfig {
  verifik: {
    token: string;
    /** Which of Verifik's two documented answer shapes creates get: 'file' (the default) or 'docs'. */
    shape: 'file' | 'docs';
  };
  equals: { apiKey: string; accountIds: string[] };
  horus: { clientId: string; clientSecret: string; categoryIds: number[]; positionIds: number[] };
  /** Request bodies above this many bytes get 413 (default 50 MiB). */
  bodyLimit: number;
  /** A request's headers must arrive within this (else 408 and the connection is closed); default 10 000. */
  headersTimeoutMs: number;
  /** Its body likewise, default 10 000. */
  bodyTimeoutMs: number;
  /** Host names accepted besides 127.0.0.1, localhost and [::1] (the DNS rebinding guard): "name" with any port, or "name:port". */
  allowedHosts: string[];
  /** Size of the body the `huge` fault sends (default 8 MiB). */
  hugeBytes: number;
  /** Recorded requests kept (oldest dropped first), default 1000. */
  maxRecorded: number;
}

/** Overrides of the defaults, merged into them (lists replace, not add). */
export type MockConfigOverrides = {
  [K in keyof MockConfig]?: MockConfig[K] extends unknown[] ? MockConfig[K] : MockConfig[K] extends object ? Partial<MockConfig[K]> : MockConfig[K];
};

export interface StartMockOptions {
  /** 0 (the default) picks a free port. */
  port?: number | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Overrides of the defaults (credentials, accounts, Verifik's shape, limits): see mock/README.md. */
  config?: MockConfigOverrides | undefined;
  /** Default true: no log line per request (the cause of a 500 MOCK_INTERNAL is logged either way). */
  quiet?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
}

export interface RunningMock {
  url: string;
  port: number;
  state: MockState;
  /** The effective config (defaults and overrides), credentials included. */
  config: MockConfig;
  close(): Promise<void>;
}

/** Starts personkit-mock on 127.0.0.1. */
export function startMock(options?: StartMockOptions): Promise<RunningMock>;
