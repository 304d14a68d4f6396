// Types of personkit-mock (`import { startMock } from 'personkit/mock'`).

export type MockProvider = 'verifik' | 'equals' | 'horus';

/** A scripted fault: the next `count` requests of `kind` for `provider` get `fault` (see mock/README.md). */
export interface MockScenario {
  fault: string;
  count?: number;
  provider?: MockProvider | null;
  /** 'create' (the default) or 'lookup' (Verifik's and Equals' list endpoints). */
  kind?: 'create' | 'lookup';
}

/** What `GET /__mock/persons` answers, and `state.snapshot()` returns. */
export interface MockSnapshot {
  verifik: Array<Record<string, unknown> & { _id: string }>;
  /** Each Equals person with `personaCounts: { <accountId>: n }`. */
  equals: Array<Record<string, unknown> & { id: string; personaCounts: Record<string, number> }>;
  horus: Array<Record<string, unknown>>;
  /** Create requests received, failed and faulted ones included. */
  attempts: Record<MockProvider, number>;
  /** Lookup (list) requests received. */
  lookups: { verifik: number; equals: number };
}

/** The in-memory store. */
export interface MockState {
  snapshot(): MockSnapshot;
  reset(): void;
  addScenario(scenario: MockScenario): { id: string };
  /** The recorded requests, creates and lookups, oldest first. */
  requests: Array<Record<string, unknown> & { provider: MockProvider; kind: 'create' | 'lookup' }>;
}

export interface StartMockOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Overrides of the defaults (credentials, accounts, Verifik's shape, limits): see mock/README.md. */
  config?: Record<string, unknown>;
  /** Default true: no log line per request. */
  quiet?: boolean;
  log?: (line: string) => void;
}

export interface RunningMock {
  url: string;
  port: number;
  state: MockState;
  config: Record<string, unknown>;
  close(): Promise<void>;
}

/** Starts personkit-mock on 127.0.0.1. */
export function startMock(options?: StartMockOptions): Promise<RunningMock>;
