// Types of personkit/server: the backend half (see the README's "Your backend").
import type {
  VerifikClient, EqualsClient, HorusClient, EqualsPersonInput, VerifikServerFields, EqualsServerFields, HorusServerFields,
  Provider, Outcome, EnrolSummary, NeutralPerson,
} from './index.js';

export type { Outcome, EnrolSummary } from './index.js';

/** What a provider's options give: its client (holding the secret) and the fields the server owns. */
export interface VerifikServerOptions extends VerifikServerFields {
  client: Pick<VerifikClient, 'createPerson'>;
  /** The collections every person enrolled here joins. Also what the client's lookup searches when a create's answer is lost. */
  collections?: string[];
}
export interface EqualsServerOptions extends EqualsServerFields {
  client: Pick<EqualsClient, 'createPerson'>;
  /** The account every person is added to. */
  accountId: string;
  /** The role every person gets: the page cannot choose it. */
  roleName: EqualsPersonInput['roleName'];
}
export interface HorusServerOptions extends HorusServerFields {
  client: Pick<HorusClient, 'createPerson'>;
  categoryId: number;
  positionId: number;
}

/** Where idempotency records live. memoryStore() and redisStore() implement it; so can yours. */
export interface IdempotencyStore {
  /** The record, or null when absent or expired. */
  get(key: string): Promise<StoreRecord | null>;
  /** Stores the record only if the key is absent (atomically); true when it did. */
  create(key: string, record: StoreRecord, ttlMs: number): Promise<boolean>;
  /** Replaces the record only if the stored one has version `version` (atomically); true when it did. */
  replace(key: string, version: number, record: StoreRecord, ttlMs: number): Promise<boolean>;
}
/** What the handler writes to the store: JSON objects, each with its version `v`, to be kept whole as they are (a member not listed here included). */
export type StoreRecord = IdempotencyRecord | PersonLockRecord;
/** An enrolment's record, under its Idempotency-Key. */
export interface IdempotencyRecord {
  v: number;
  /** A hash of the person, photos included. */
  fp: string;
  state: 'running' | 'done';
  owner: string;
  leaseUntil: number;
  createdAt: number;
  /** When the last request under this key finished (ms since the epoch). */
  doneAt?: number;
  /** The providers a request under this key has called (written before it calls them). */
  started?: Provider[];
  outcomes: Partial<Record<Provider, Outcome>>;
  /** Providers whose stored failure is a create that never left (a refused connection): nothing was made, so the next try needs no lookup first. */
  unsent?: Provider[];
}
/** The lock that keeps two enrolments of one Equals person (under two keys) from creating at once, under a key `equals person <hash>` (no personal data). */
export interface PersonLockRecord {
  v: number;
  state: 'running' | 'done';
  /** While running: the holding request's own id, so a lock whose write answer was lost is still known as its own. */
  owner?: string;
  /** While running: when a holder that stopped renewing it loses it. */
  leaseUntil?: number;
  /** Once done: an enrolment made the person in Equals, or may have. */
  mayExist?: true;
}

/** pino, console, or anything with these methods; called as `logger.info(fields, event)`. Fields never hold personal data or secrets. */
export interface EnrolLogger {
  info?(fields: Record<string, unknown>, event?: string): void;
  warn?(fields: Record<string, unknown>, event?: string): void;
  error?(fields: Record<string, unknown>, event?: string): void;
}

export interface EnrolHandlerOptions<Auth = unknown> {
  /** personkit's clients holding the secrets, and the fields only the server sets. At least one. */
  providers: { verifik?: VerifikServerOptions | undefined; equals?: EqualsServerOptions | undefined; horus?: HorusServerOptions | undefined };
  /** Called before the request's body is read. Any falsy value (false, null, undefined, '', 0) → 401; throws → 403 (401 if the error has `status: 401`). A returned Response or Error refuses too (a 401 Response → 401, otherwise 403). Its value reaches `prepare`. Without it, anyone who can reach the route may enrol. */
  authorize?: ((request: Request) => Auth | false | null | undefined | Promise<Auth | false | null | undefined>) | undefined;
  /** Adjusts one provider's body after the mapping and before the providers' rules check it; return the body (or nothing to keep it). */
  prepare?: ((payload: Record<string, unknown>, context: { provider: Provider; request: Request; auth: Auth }) => Record<string, unknown> | void | Promise<Record<string, unknown> | void>) | undefined;
  /** Called with each request's results once they are stored, before the page is answered (a replay too: `replayed`), so your app can keep the ids (an upsert: a retry under the same key calls it again). Awaited. What it returns (JSON) reaches the page as the summary's `data` (`enrol()` resolves with it); nothing returned, no `data`. A throw or rejection, or a return JSON cannot hold, is logged (`enrol.on_complete_failed`, by name only) and answered 500 INTERNAL (ndjson: an error line in place of the summary); the outcomes stay stored, so the page's "Try again" under the same key calls no provider and calls this again. */
  onComplete?: ((event: EnrolCompleteEvent<Auth>) => unknown) | undefined;
  /** Default memoryStore() (one process). redisStore(client) for several instances. */
  store?: IdempotencyStore | undefined;
  /** Largest request body, default 32 MiB: refused with 413 without being buffered. */
  maxBodyBytes?: number | undefined;
  /** Largest photo in a multipart request, default 10 MiB. */
  maxPhotoBytes?: number | undefined;
  /** Origins allowed to call (e.g. ['https://example.com'], written as browsers write Origin: lower case, no default port, punycode) or a predicate. Default: the request's own origin only. A request without Origin (not from a browser) is not refused for it. */
  allowedOrigins?: string[] | ((origin: string, request: Request) => boolean) | undefined;
  /** Default false. True: an allowed cross-origin page may send its cookies (enrol's `credentials: 'include'`) to `authorize`; the answer then has `Access-Control-Allow-Credentials: true` (never for a refused origin). */
  allowCredentials?: boolean | undefined;
  /** Request headers a cross-origin page may send besides content-type, idempotency-key, accept, accept-language and authorization (e.g. ['x-csrf-token']). */
  allowedHeaders?: string[] | undefined;
  /** No console output without one. */
  logger?: EnrolLogger | undefined;
  idempotency?: {
    /** How long a key is remembered after its request finished, default 24 h (a running request keeps it). */
    ttlMs?: number | undefined;
    /** How long a request waits for another one with the same key, default 10 s; then 409 IN_PROGRESS. Also how long an Equals call waits for another enrolment of the same person under another key (then that provider is `failed`, `IN_PROGRESS`, retryable, nothing sent). A store that has not answered a claim, a write or the Equals lock within this plus 1 s counts as failed (the claim: 500 `INTERNAL`; the lock: Equals `failed`, `STORE_UNAVAILABLE`, retryable, nothing sent). */
    waitMs?: number | undefined;
    /** How long a request that stopped renewing its hold (it died) keeps its key before another may take over, default 5 min, at least 50 ms; a live request renews it every third of this. Also how long a dead request's Equals lock for a person holds. */
    leaseMs?: number | undefined;
    /** A random string of at least 16 characters, the same on every instance (from your secrets, e.g. process.env.ENROL_STORE_SECRET): the store's keys and fingerprints that come from a person are then HMAC-SHA-256 under it, not plain SHA-256, so whoever reads the store (a hosted Redis's operator) cannot test an email against them. Set it before the first enrolment: a key in flight when it is set or changed answers 422 IDEMPOTENCY_KEY_REUSED, and the Equals locks kept for 24 h are not found under their new names. */
    secret?: string | undefined;
  } | undefined;
}

/** What `onComplete` is handed. */
export interface EnrolCompleteEvent<Auth = unknown> {
  /** The outcomes the page is answered, one per configured provider (its own copy: changing it changes nothing). */
  results: EnrolSummary['results'];
  /** The neutral person as the page sent it and the providers' rules accepted it (multipart photos as base64); `toProviderPayloads(person, …)` gives the bodies as sent. */
  person: NeutralPerson;
  /** What `authorize` returned (undefined without it). */
  auth: Auth;
  request: Request;
  idempotencyKey: string;
  /** True when no provider was called: every outcome is the stored one of an earlier request under this key. */
  replayed: boolean;
}

/** A WHATWG fetch handler: a Next.js route handler, a Workers/Bun/Deno `fetch`, a Hono handler. Words outcomes, field errors and the refusals a person can cause in the request's Accept-Language (`es` or `en`, default `en`). */
export type EnrolHandler = (request: Request) => Promise<Response>;

/** Checks `options` once, when called: a mistake there (an unknown option, a missing `accountId`, a server field the provider's rules refuse) throws a `TypeError` saying what to fix, at start-up instead of at a person's signup. */
export function createEnrolHandler<Auth = unknown>(options: EnrolHandlerOptions<Auth>): EnrolHandler;
/** The parts of node:http's IncomingMessage and ServerResponse the adapter uses (so these types need no @types/node). */
export interface NodeRequestLike extends AsyncIterable<unknown> { method?: string | undefined; url?: string | undefined; headers: object; rawHeaders: string[] }
export interface NodeResponseLike { writeHead(status: number, headers?: any): unknown; write(chunk: any): boolean; end(chunk?: any): unknown; on(event: string, listener: (...args: any[]) => void): unknown; once(event: string, listener: (...args: any[]) => void): unknown; readonly headersSent: boolean; readonly destroyed?: boolean | undefined; readonly writableFinished?: boolean | undefined; destroy?(): unknown }
/** For node:http, node:http2 and Express (mount it before any body parser: what express.json/text/raw left in req.body is read, a multipart body multer took apart is a 500). Under Express, the request's protocol is req.protocol (its `trust proxy`). */
export function toNodeHandler(handler: EnrolHandler): (req: NodeRequestLike, res: NodeResponseLike) => void;
/** Idempotency records in this process's memory. Past `maxKeys` (100 000) the oldest finished keys are dropped, never a running one: keep it above the enrolments of one TTL. An unknown option throws a `TypeError`. */
export function memoryStore(options?: { maxKeys?: number | undefined }): IdempotencyStore;
/** Idempotency records in Redis, shared by every instance: a connected node-redis (`redis`: createClient or createCluster) or ioredis client, or an @upstash/redis client (1.35+: Redis over HTTPS through fetch, for Cloudflare Workers). Every key starts with `prefix` (default `personkit:enrol:`). Throws a `TypeError` for another kind of client, or an unknown option. */
export function redisStore(client: unknown, options?: { prefix?: string | undefined }): IdempotencyStore;
