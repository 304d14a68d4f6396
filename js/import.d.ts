// Types of enrolMany (js/import/index.mjs), exported from the Node entry.
import type { NeutralPerson, PersonFieldError, Provider, EqualsPersonInput, VerifikServerFields, EqualsServerFields, HorusServerFields } from './index.js';

/** A row: a neutral person whose photos may also be bytes. */
export interface EnrolManyPerson extends Omit<NeutralPerson, 'photos'> {
  photos?: Array<string | Uint8Array | ArrayBuffer> | null | undefined;
}

interface Connection {
  /** Default: the provider's `*_BASE_URL` variable, else the client's default. */
  baseUrl?: string | undefined;
  /** Per create attempt, default 60 000 (the importer's own lookups: 30 000). */
  timeoutMs?: number | undefined;
  /** Called with a URL string and its init, for the creates and the importer's own lookups alike. */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  headers?: Record<string, string> | undefined;
}

/** Each provider's credentials (default: the environment variables the README lists) and server-owned fields (never one the table maps from the row: see `VerifikServerFields`). A provider given as `null` or `false` is left out of the run (and of the progress and the summary). */
export interface EnrolManyProviders {
  verifik?: Connection & { token?: string | undefined; collections?: string[] | undefined } & VerifikServerFields | null | false | undefined;
  equals?: Connection & {
    apiKey?: string | undefined; accountId: string; roleName: EqualsPersonInput['roleName'];
    /** Look each row up on the account before its create (one more request a row): a person already there (a signup, the server half, an import with another journal or a copy of the file) is reported `exists`, not given a second persona and invitation. Default true. `false` trusts the journal alone: only rows an earlier run of this journal may have sent are looked up; for a first import to an account that cannot have these people yet. */
    lookFirst?: boolean | undefined;
  } & EqualsServerFields | null | false | undefined;
  horus?: Connection & { clientId?: string | undefined; clientSecret?: string | undefined; categoryId: number; positionId: number } & HorusServerFields | null | false | undefined;
}

/** One row and provider: `earlier` when an earlier run with the same journal did it (`created` with `earlier` is not made by this run). */
export interface RowOutcome {
  status: 'created' | 'exists' | 'failed' | 'unknown' | 'invalid' | 'skipped' | 'pending';
  id?: string;
  personaId?: string;
  code?: string;
  /** What happened, for a person to read, in the run's `locale` (`code` is what a program reads). */
  message?: string;
  /** HTTP status of the provider's answer, for a create that failed with one. */
  httpStatus?: number;
  /** Create requests the row's last try sent (0 when a lookup found the person first); the importer's own tries again are the progress's and summary's `retries`. */
  attempts?: number;
  /** A lookup found the person that a create in doubt (an answer lost or not understood, in this run or an earlier one) had made: not sent again. Not set for a person found before anything of the row was sent (`exists`). */
  reconciled?: boolean;
  retryable?: boolean;
  earlier?: boolean;
  /** For `invalid`: the problems that concern this provider (or the person's own shape). */
  errors?: PersonFieldError[];
}

export interface RowResult {
  /** The row's place: 1-based index for enrolMany, the file's line for the CLI. */
  line: number;
  /** A hash of the row's content, the journal's key. */
  key: string;
  outcomes: Partial<Record<Provider, RowOutcome>>;
}

export interface ProviderProgress {
  done: number; failed: number; finished: number; created: number; exists: number; unknown: number; invalid: number;
  /** `duplicateRows` + `duplicatePersons`. */
  skipped: number; duplicateRows: number; duplicatePersons: number; earlier: number; retries: number;
  /** Rows per second over the last 10 s. */
  rate: number;
  /** Seconds left, when the total is known. */
  eta: number | null;
  /** Milliseconds of the provider's shared pause (after a 429) still to go. */
  pausedMs: number;
  /** Creates allowed out at once now (halved by a 429, grown back by successes). */
  limit: number;
}

export interface EnrolManyProgress {
  rows: number; read: number; total: number | null; elapsedMs: number;
  providers: Partial<Record<Provider, ProviderProgress>>;
}

export interface EnrolManyOptions {
  providers: EnrolManyProviders;
  /** Creates out at once per provider, 1–256 (default 4). */
  concurrency?: number | undefined;
  /** Path of the journal (JSON Lines, appended). A rerun with the same journal skips what is done and looks up what was in flight. */
  journal?: string | undefined;
  /** fsync the journal after every line (survives a power cut, not only a crash). */
  fsync?: boolean | undefined;
  /** After each row. */
  onProgress?: ((progress: EnrolManyProgress) => void) | undefined;
  onRow?: ((result: RowResult) => void) | undefined;
  /** Stops reading rows and starting creates; creates already sent finish and are journaled; a row already taken from `rows` and not started is reported `pending`. */
  signal?: AbortSignal | undefined;
  /** Where credentials and base URLs are read from (default process.env). */
  env?: Record<string, string | undefined> | undefined;
  /** Rows held at once, a positive integer (default max(16, 4 × concurrency)). */
  rowsInFlight?: number | undefined;
  /** The language of the rows' problems, the creates' errors and the messages the run makes itself (`'es'`, `'en'` or a tag of either); default `setLocale`'s. */
  locale?: string | undefined;
}

export interface EnrolManySummary {
  rows: number;
  ms: number;
  /** True when `signal` stopped the run before the last row. */
  stopped: boolean;
  providers: Partial<Record<Provider, {
    /** Made by this run. */
    created: number; exists: number; failed: number; unknown: number; invalid: number;
    /** `duplicateRows` (`DUPLICATE_ROW`: the same row as an earlier line) + `duplicatePersons` (`DUPLICATE_PERSON`: another row with the same identity number, or in Equals the same email). */
    skipped: number; duplicateRows: number; duplicatePersons: number;
    /** Not sent, or not sent again, because the run was stopped. */
    pending: number;
    /** Made (or found) by an earlier run: from the journal, or a create an earlier run left in doubt that a lookup of this run found. */
    earlier: number;
    retries: number;
    /** Rows a lookup of this run settled: it found the person a create in doubt (this run's or an earlier run's) had made, so it was not sent again ("settled by a lookup"). */
    reconciled: number;
  }>>;
}

/** What `enrolMany` rejects with besides `INVALID_OPTIONS`: an `Error` (not a `PersonkitError`) whose `code` says why, the system's error as `cause`. */
export interface EnrolManyError extends Error {
  /** `JOURNAL_IN_USE`: another run holds the journal; `JOURNAL_UNUSABLE`: it cannot be read or written before any row (a folder, a folder that cannot be written); `JOURNAL_WRITE_FAILED`: a line could not be written mid-run (a full disk: the run stopped). */
  code: 'JOURNAL_IN_USE' | 'JOURNAL_UNUSABLE' | 'JOURNAL_WRITE_FAILED';
  /** What the run did, for `JOURNAL_WRITE_FAILED` (and set on an error object `onRow` or `onProgress` threw). */
  summary?: EnrolManySummary;
  cause?: unknown;
}

/** Node only (the browser entries and personkit/init do not export it). Creates every row in the chosen providers, at most once each across runs that share a journal. Rejects for bad options, before any row: a `PersonkitError` with `code: 'INVALID_OPTIONS'`, `detail` saying what to fix ("unknown option concurency (did you mean concurrency?); …") and `field` the option (`providers.equals.roleName`); for a journal another run holds, or that cannot be used, an `EnrolManyError` (`JOURNAL_IN_USE`, `JOURNAL_UNUSABLE`); and, once the creates out have finished, for a journal that could not be written (`JOURNAL_WRITE_FAILED`) or with what `onRow` or `onProgress` threw, with `summary` (this type) on it saying what the run did. */
export function enrolMany(rows: Iterable<EnrolManyPerson> | AsyncIterable<EnrolManyPerson>, options: EnrolManyOptions): Promise<EnrolManySummary>;
