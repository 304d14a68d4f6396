// Types of the personkit package (both entries: browser and Node, ESM and CJS).
// The neutral person and enrol() are in neutral-person.d.ts, enrolMany (Node
// only: the browser entries do not export it) in import.d.ts, re-exported below.
import type { NeutralPerson, ServerFields, PersonFieldResult } from './neutral-person.js';

/** Stable error codes (see the README's table). */
export type ErrorCode =
  | 'VALIDATION_FAILED' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'BAD_REQUEST'
  | 'RATE_LIMITED' | 'SERVER_ERROR' | 'TIMEOUT' | 'ABORTED' | 'NETWORK' | 'BAD_RESPONSE'
  | 'INVALID_OPTIONS' | 'UNSUPPORTED_ENVIRONMENT' | 'BROWSER_NOT_ALLOWED' | 'OUTCOME_UNKNOWN'
  | 'INVALID_IMAGE_FORMAT' | 'IMAGE_TOO_LARGE' | 'IMAGE_EMPTY' | 'IMAGE_TOO_SMALL' | 'INVALID_BASE64' | 'INVALID_TYPE';

/** What `enrol()` rejects with besides `ErrorCode`: the refusal code personkit/server answered with. */
export type EnrolRefusalCode =
  | 'IDEMPOTENCY_KEY_REQUIRED' | 'INVALID_IDEMPOTENCY_KEY' | 'IDEMPOTENCY_KEY_REUSED' | 'IN_PROGRESS'
  | 'FIELD_NOT_ALLOWED' | 'FORBIDDEN' | 'ORIGIN_NOT_ALLOWED' | 'METHOD_NOT_ALLOWED' | 'PROVIDER_NOT_CONFIGURED'
  | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'INTERNAL';

/** Stable codes of one broken rule. */
export type FieldErrorCode =
  | 'REQUIRED' | 'NAME_REQUIRED' | 'TOO_LONG' | 'EMPTY' | 'NOT_ONE_OF' | 'INVALID_TYPE'
  | 'INVALID_DATE' | 'INVALID_EMAIL' | 'INVALID_UUID' | 'INVALID_COUNTRY' | 'INVALID_PHONE'
  | 'INVALID_BASE64' | 'INVALID_JSON' | 'INVALID_CHARACTERS' | 'OUT_OF_RANGE' | 'TOO_MANY'
  | 'TOO_FEW' | 'UNKNOWN_FIELD' | 'INVALID_IP' | 'INVALID_LOCALE' | 'INVALID_IMAGE_FORMAT' | 'IMAGE_EMPTY'
  | 'IMAGE_TOO_LARGE' | 'IMAGE_TOO_SMALL' | 'FIELD_NOT_ALLOWED';

/** One broken rule: `field` is a path such as `images[1]`. */
export interface FieldError {
  field: string;
  code: FieldErrorCode;
  /** Written for a person, in the call's locale (see `setLocale`). */
  message: string;
  /** On a client's `PersonkitError`: the rule's technical English text, for logs. */
  detail?: string;
  /** On `enrol()`'s `VALIDATION_FAILED` (errors named by the neutral person's fields, as `PersonFieldError`): the provider whose rule it is; absent for the person's own shape. */
  provider?: Provider;
}

export type Provider = 'verifik' | 'equals' | 'horus';

/** What `new PersonkitError(code, message, details)` sets besides the code and message (a test double of a client throws what the real one throws). */
export interface PersonkitErrorDetails {
  detail?: string | undefined;
  field?: string | undefined;
  provider?: Provider | undefined;
  status?: number | undefined;
  providerCode?: string | undefined;
  requestId?: string | undefined;
  errors?: FieldError[] | undefined;
  retryAfter?: number | undefined;
  retried?: boolean | undefined;
  attempts?: number | undefined;
  reconciled?: boolean | undefined;
  /** Kept off `toJSON()` and out of `Object.keys` (a logged error does not print it). */
  body?: string | undefined;
  /** Kept off `toJSON()` and out of `Object.keys`. */
  existingPerson?: unknown | undefined;
  cause?: unknown | undefined;
}

/** The one error class of personkit. Never carries a token, key or secret. */
export declare class PersonkitError extends Error {
  /** personkit makes every instance; yours (a test double, say) takes the code first: `new PersonkitError('RATE_LIMITED', 'Busy', { retryAfter: 3 })`. `errors` defaults to `[]`, `retried` to false; give `detail` too, as personkit's own errors always have one. */
  constructor(code: ErrorCode | EnrolRefusalCode, message: string, details?: PersonkitErrorDetails);
  readonly name: 'PersonkitError';
  /** Stable code to branch on. */
  readonly code: ErrorCode | EnrolRefusalCode;
  /** Written for a person, in the call's locale (see `setLocale`). */
  readonly message: string;
  /** The technical English text, for logs: option names, hosts, attempts, limits. */
  readonly detail: string;
  /** The field this error is about, where there is one. */
  readonly field?: string;
  /** Which API answered. */
  readonly provider?: Provider;
  /** HTTP status of the provider's answer. */
  readonly status?: number;
  /** The provider's own code (`person_already_set`, `403051`, …). */
  readonly providerCode?: string;
  /** The request id sent or echoed. */
  readonly requestId?: string;
  /** Every broken rule, for `VALIDATION_FAILED`. */
  readonly errors: FieldError[];
  /** Seconds the provider asked to wait (`Retry-After`). */
  readonly retryAfter?: number;
  /** Whether personkit retried before this error. */
  readonly retried: boolean;
  /** How many create requests the call sent (0 when it failed before sending). */
  readonly attempts?: number;
  /** True when a lookup found that an uncertain create had not happened (so none of the attempts created the person). */
  readonly reconciled?: boolean;
  /** Raw response body, truncated to 4 KiB (not in `toJSON()`). */
  readonly body?: string;
  /** For `ALREADY_EXISTS`: the person the provider already has (not in `toJSON()`). */
  readonly existingPerson?: unknown;
  readonly cause?: unknown;
  toJSON(): Record<string, unknown>;
}

// ---------------------------------------------------------------- payloads
// Field names are the providers' own, so their documentation applies as written.
// The validators also take an optional field given as `''` (what an empty form
// input gives) and leave it out; the types name the documented values only.

/** Verifik `POST /v2/face-recognition/persons` body. */
export interface VerifikPersonInput {
  /** Full name of the person (required; `NAME_REQUIRED`). */
  name: string;
  /** 1–3 images: raw base64 JPEG or PNG (no `data:` prefix). The clients also take `File`, `Blob`, `ArrayBuffer` or `Uint8Array`. */
  images: string[];
  gender?: 'M' | 'F';
  /** `YYYY-MM-DD`, a real date, not in the future. */
  date_of_birth?: string;
  /** A country code (ISO 3166-1 alpha-2, any case; sent upper-cased: `US`) or a nationality's name (`Mexican`), as Verifik's "Nationality or country code". */
  nationality?: string;
  /** Collection ids, non-empty strings. */
  collections?: string[];
  notes?: string;
}

export type EqualsRole = 'Owner' | 'Admin' | 'Payer' | 'Viewer' | 'Accountant' | 'User';

/** Equals Money `POST /v2/people` body (the document's table plus the public OpenAPI extras). */
export interface EqualsPersonInput {
  /** An existing account id, ≤ 36 characters. */
  accountId: string;
  firstName: string;
  lastName: string;
  roleName: EqualsRole;
  /** ≤ 256 characters; identifies the person (a repeat re-adds the same person). */
  emailAddress: string;
  /** `YYYY-MM-DD` or null. */
  dob?: string | null;
  /** A phone number as people type it, national or international (`+44 7798 121212`, `+1 (567) 362-8910`, `01234 567890`): digits, spaces, `-` `.` `(` `)` and an optional leading `+`, at least 7 digits, ≤ 50 characters; or null. */
  primaryMobileNumber?: string | null;
  status?: 'active' | 'deactivated';
  employeeNumber?: string;
  jobTitle?: string | null;
  notifyEmailTrans?: boolean;
  /** A UUID. */
  createdByPersonaId?: string;
  addToUserPool?: boolean;
  sendInvite?: boolean;
  emailTheme?: 'em-light' | 'em-dark';
  /** ISO 3166-1 alpha-2 codes, any case (sent upper-cased), or null. */
  nationalities?: string[] | null;
  sessionId?: string;
  mfaCode?: string;
  /** An IPv4 or IPv6 address. */
  customerIp?: string;
  /** The person's postal address (public API reference); not null. */
  address?: EqualsAddress;
  /** A BCP 47 language tag such as `en-GB`, `es-419` or `zh-Hant-TW`. */
  locale?: string;
}

/** Equals Money's postal address: every member optional, none null. */
export interface EqualsAddress {
  /** ≤ 256 characters. */
  streetName?: string;
  /** ≤ 16 characters. */
  buildingNumber?: string;
  /** ≤ 256 characters. */
  buildingName?: string;
  /** ≤ 16 characters. */
  postcode?: string;
  /** ≤ 256 characters. */
  city?: string;
  /** ≤ 256 characters. */
  region?: string;
  /** ISO 3166-1 alpha-2, any case (sent upper-cased). */
  countryCode?: string;
}

/** Horus `POST /v1/nonspec/oauth2/management/person` body. */
export interface HorusPersonInput {
  /** Sent in the body by the document; the client fills it from its options. */
  clientId: string;
  /** Sent in the body by the document; the client fills it from its options. Never echoed in errors. */
  clientSecret: string;
  /** DNI for Peruvians, SSN for Americans, … */
  mainIdentifier: string;
  externalId?: string;
  firstName: string;
  additionalFirstName?: string;
  lastName: string;
  additionalLastName?: string;
  email: string;
  password?: string;
  /** 1 = enabled, 0 = disabled (an integer, not a boolean). */
  enabled?: 0 | 1;
  /** A string holding a JSON object, e.g. `'{"key":"value"}'`. */
  custom?: string;
  /** A positive integer that must already exist on the server. */
  categoryId: number;
  /** A positive integer that must already exist on the server. */
  positionId: number;
}

/** The result of a `validate*` call: never throws. */
export type ValidationResult<T> =
  | { ok: true; /** Exactly the body that would be sent. */ value: T }
  | { ok: false; errors: FieldError[] };

/** The languages of personkit's messages. A tag of one of them (`'es-PE'`) counts as it. */
export type Locale = 'es' | 'en' | (string & {});

/** What a `messages` function or entry is given for one problem. */
export interface MessageIssue {
  /** The field path (`emailAddress`, `images[1]`; `''` for the payload, or a client error without one). */
  field: string;
  /** `EnrolRefusalCode` from `enrol()`: a refusal it words itself (one without personkit/server's words, such as a proxy's 413 page). */
  code: FieldErrorCode | ErrorCode | EnrolRefusalCode;
  /** The documented limit the rule applies, where there is one (characters, items, megabytes; megapixels for an image of too many pixels). */
  limit?: number;
  provider?: Provider;
  locale: 'es' | 'en';
  /** personkit's own text for it in `locale`. */
  message: string;
  /** The rule's technical English text. */
  detail: string;
}

/** Your own text for one problem: a string, or undefined (or null) for personkit's. */
export type MessageFunction = (issue: MessageIssue) => string | null | undefined;
/** One entry of a `messages` map: `null` or `undefined` is no entry (`{ ...defaults, email: cond ? text : null }`), and the code's entry is read. */
export type MessageEntry = string | MessageFunction | null | undefined;

/** Your own texts: a function (return a string, or undefined or null for personkit's), or a map from codes, fields, or fields to codes. An empty string is no text. */
export type Messages =
  | MessageFunction
  | { [codeOrField: string]: MessageEntry | { [code: string]: MessageEntry } };

/** How a validator words its errors. */
export interface MessageOptions {
  /** `'es'` or `'en'` (default: `setLocale`'s, else `'en'`); another language gets the default. */
  locale?: Locale | undefined;
  messages?: Messages | undefined;
}

/** Checks a Verifik body against every documented rule; reports every problem at once. */
export function validateVerifikPerson(input: unknown, options?: MessageOptions): ValidationResult<VerifikPersonInput>;
/** Checks an Equals Money body against every documented rule; reports every problem at once. */
export function validateEqualsPerson(input: unknown, options?: MessageOptions): ValidationResult<EqualsPersonInput>;
/** Checks a Horus body against every documented rule; reports every problem at once. */
export function validateHorusPerson(input: unknown, options?: MessageOptions): ValidationResult<HorusPersonInput>;

/** One field, checked by the same rules as the whole payload (for live checks as the user types): its own errors only. `'person'` checks a field of the neutral person as `toProviderPayloads` does, against `serverFields` (default: every provider). Never throws for a value; throws `INVALID_OPTIONS` for an unknown provider, a `field` that is not a string or `serverFields` that is not an object. */
export function validateField(provider: Provider, field: string, value: unknown, options?: MessageOptions): ValidationResult<unknown>;
export function validateField(provider: 'person', field: keyof NeutralPerson | (string & {}), value: unknown, options?: MessageOptions & { serverFields?: ServerFields | undefined }): PersonFieldResult;
export function validateField(provider: Provider | 'person', field: string, value: unknown, options?: MessageOptions & { serverFields?: ServerFields | undefined }): ValidationResult<unknown> | PersonFieldResult;

/** `{ [field]: messages }` of a result, an error list or a `PersonkitError`; `{}` when there are none. */
export function errorsByField(result: ValidationResult<unknown> | readonly FieldError[] | PersonkitError | null | undefined): Record<string, string[]>;

/** The default locale of every later message; throws `INVALID_OPTIONS` for a language other than Spanish or English. */
export function setLocale(locale: Locale): void;
/** The default locale now (`'en'` until `setLocale`). */
export function getLocale(): 'es' | 'en';

// ---------------------------------------------------------------- clients

// `client[Symbol.dispose]()` (and `using client = new …Client()`) where the
// runtime has Symbol.dispose: declared here too, as @types/node does, so the
// types compile under a `lib` older than esnext.disposable.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** One line to a client's logger: its text, no fields. */
export type ClientLogFn = (message: string, fields?: unknown) => void;
/** A client's logger: `console`, pino, winston; at least one of the four levels (a logger with none is `INVALID_OPTIONS`). */
export type ClientLogger = Partial<Record<'debug' | 'info' | 'warn' | 'error', ClientLogFn>>
  & ({ debug: ClientLogFn } | { info: ClientLogFn } | { warn: ClientLogFn } | { error: ClientLogFn });

/** Options every client takes. */
export interface ClientOptions {
  /** The API's address, or your own backend's (which then holds the secret). `https:` only, except localhost / 127.0.0.1 / [::1]. Default: `VERIFIK_BASE_URL` / `EQUALS_BASE_URL` / `HORUS_BASE_URL` from the environment (Node, Bun, Deno), else `https://api.verifik.co` / `https://api.equalsmoney.com` (Horus has none). */
  baseUrl?: string | undefined;
  /** Per-attempt deadline in ms, reading the whole answer included: 1 to 2 147 483 647, default 60 000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt; a create that may have happened is looked up before it is sent again (see the README's Retries). 0–10, default 2. */
  maxRetries?: number | undefined;
  /** The largest answer read, in decoded bytes (a gzip answer is counted inflated), beyond an echo of what was sent: a create's answer may also hold the request's size (Verifik's echoes the photos), a Verifik lookup page as many persons of that size as it asks for. Past it `BAD_RESPONSE` and the connection is dropped. 1 byte to 256 MiB, default 1 MiB. */
  maxResponseBytes?: number | undefined;
  /** A fetch implementation; default the global `fetch`. It is asked not to follow redirects (`redirect: 'error'` in Node, `'manual'` elsewhere): a redirect is a `BAD_RESPONSE`. */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Extra headers (string values; no CR/LF, nothing above U+00FF; not Content-Type, Accept, Content-Length, Host, Connection, Transfer-Encoding or x-usil-request-id; not `Authorization` beside `token`/`apiKey`). */
  headers?: Record<string, string> | undefined;
  /** Allow a client holding a secret in a browser page, where anyone can read it. Default false. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Where to say what a call does: `debug` one line per create request (provider, method, URL without its query, status, attempt, ms; a lookup's GET gets none), `info` each retry and lookup decision. Never a credential, a query, a header or a body. `console` fits; a logger that throws is ignored. Default: silent. */
  logger?: ClientLogger | undefined;
  /** The language of this client's errors (default: `setLocale`'s); `INVALID_OPTIONS` for another language. */
  locale?: Locale | undefined;
  /** Your own texts for this client's errors. */
  messages?: Messages | undefined;
}

/** Options of one `createPerson` call. */
export interface CallOptions {
  /** Aborts the request (and any wait before a retry): rejects with `ABORTED`, or `OUTCOME_UNKNOWN` when it comes after an attempt that may have created the person, or during a `lookFirst` lookup (see the README's Retries). */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Headers of this call only, added to (and overriding) the client's `headers`, and its credential's `Authorization` too (redacted from this call's errors like the client's); checked the same way. */
  headers?: Record<string, string> | undefined;
  /** Horus only: its `x-usil-request-id` (1–128 letters, digits, dashes); generated when absent. Verifik and Equals send no request id. */
  requestId?: string | undefined;
  /** The language of this call's error, over the client's. */
  locale?: Locale | undefined;
  /** Your own texts for this call's error, over the client's. */
  messages?: Messages | undefined;
  /** Look the person up before sending (Equals by email on the account, Verifik by name and date of birth in its first collection), for a call an earlier one may already have made: found → that person with `reconciled: true` and `attempts: 0`; cannot tell → `OUTCOME_UNKNOWN`, nothing sent. Horus answers a repeat itself and is sent as is. */
  lookFirst?: boolean | undefined;
}

/** An image as the Verifik client takes it: raw base64, or bytes it encodes for you. */
export type ImageInput = string | BlobLike | ArrayBuffer | ArrayBufferView;

/** Verifik input for the client: `images` may also be files or bytes. */
export interface VerifikCreateInput extends Omit<VerifikPersonInput, 'images'> {
  images: ImageInput[];
}

export interface VerifikClientOptions extends ClientOptions {
  /** Verifik access token alone (without `Bearer `, which is refused), sent as `Authorization: Bearer <token>`. Default `VERIFIK_TOKEN` from the environment; required for Verifik's own address (`INVALID_OPTIONS` otherwise). Omit when `baseUrl` is your backend. */
  token?: string | undefined;
}

/** How a call ended: on every result. */
export interface CallTally {
  /** Whether personkit retried before this answer. */
  retried: boolean;
  /** How many create requests the call sent. */
  attempts: number;
  /** True when a lookup settled an uncertain outcome: found, this is the person it found; not found, the create was sent again. */
  reconciled: boolean;
}

/** A date as Verifik returns it. */
export interface VerifikDate {
  year: number;
  month: number;
  day: number;
}

/**
 * A Verifik person as Verifik returns it (the answer's `data`, as it came). The
 * document's answer has every member below, null where the request left a field
 * out; the public docs' answer has no `images`, `status` or `faceEncodings`, and
 * has `thumbnails`: so only `_id` and `name` are sure to be there.
 */
export interface VerifikPerson {
  /** The person's id, the id "Retrieve a Person" takes (also the result's `id`). */
  _id: string;
  name: string;
  gender?: 'M' | 'F' | null;
  /**
   * `{ year, month, day }`, also when the server wrote `"YYYY-MM-DD"` (the public docs' form);
   * a string only when the server wrote a form that is neither, kept as it came.
   */
  date_of_birth?: VerifikDate | string | null;
  nationality?: string | null;
  /** The images as sent (raw base64): the document's answer. */
  images?: string[];
  /** Small copies of the images: the public docs' answer. */
  thumbnails?: Array<{ id?: string; thumbnail?: string }>;
  collections?: string[];
  notes?: string | null;
  client?: string;
  status?: string;
  faceEncodings?: string[];
  createdAt?: string;
  updatedAt?: string;
}

/** A Verifik person as created. */
export interface VerifikCreated extends CallTally {
  /** The person's id (`data._id`), the id "Retrieve a Person" takes. */
  id: string;
  /** The short id of the answer (the public docs' top-level `id`), when there is one. */
  responseId?: string;
  /** The person as Verifik returned it. */
  person: VerifikPerson;
  /** The public docs' `signature`, when the answer has one. */
  signature?: { dateTime: string; message: string };
}

export declare class VerifikClient {
  constructor(options?: VerifikClientOptions);
  /** Validates, encodes images, sends; rejects with `PersonkitError`. A create that may have happened is looked up in its collection before it is ever sent again (see the README). */
  createPerson(input: VerifikCreateInput, options?: CallOptions): Promise<VerifikCreated>;
  /** Drops what the client holds, its credentials included. Calling it again does nothing; a later `createPerson` rejects with `INVALID_OPTIONS`; calls already sent finish. Also `client[Symbol.dispose]()` where the runtime has `Symbol.dispose`. Optional: an unreferenced client is released when it is garbage-collected. */
  free(): void;
  /** The same as `free()`, for `using` (where the runtime has `Symbol.dispose`). */
  [Symbol.dispose](): void;
}

export interface EqualsClientOptions extends ClientOptions {
  /** Equals API key alone (without `ApiKey `, which is refused), sent as `Authorization: ApiKey <key>`. Default `EQUALS_API_KEY` from the environment; required for Equals' own address (`INVALID_OPTIONS` otherwise). Omit when `baseUrl` is your backend. */
  apiKey?: string | undefined;
}

/** One membership of an Equals person (the document's `persona`). */
export interface EqualsPersona {
  id: string;
  emailAddress: string;
  employeeNumber: string | null;
  workNumber: string | null;
  /** `invited` until the person accepts (unless the request said `sendInvite: false`). */
  status: 'active' | 'deactivated' | 'invited';
  jobTitle: string | null;
  createdByPersonaId: string | null;
  transactionalEmailPreference: boolean;
  cardTransactionPushNotificationPreference: boolean;
  createdAt: string;
  updatedAt: string;
  inviteSentDate: string | null;
}

/** An Equals person as the document's 201 answer prints it. */
export interface EqualsPerson {
  avatar: { url: string; fileName: string };
  id: string;
  productId: string;
  sub: string;
  firstName: string;
  lastName: string;
  title: string | null;
  middleInitials: string | null;
  /** `YYYY-MM-DD`. */
  dob: string | null;
  gender: string | null;
  nationality: string | null;
  countryOfResidence: string | null;
  status: 'active' | 'deactivated';
  primaryMobileNumber: string | null;
  primaryEmailAddress: string;
  createdAt: string;
  updatedAt: string;
  emailTheme: string;
  /** The persona this answer created (absent, or null, in an answer without one). */
  persona?: EqualsPersona | null;
}

/** An Equals person as created (or re-added: same `id`, new persona). */
export interface EqualsCreated extends CallTally {
  id: string;
  /** The new persona's id, or null when the answer had none. */
  personaId: string | null;
  /** The whole 201 body. */
  person: EqualsPerson;
  /** The new persona (`person.persona`), or null when the answer had none. */
  persona: EqualsPersona | null;
}

export declare class EqualsClient {
  constructor(options?: EqualsClientOptions);
  createPerson(input: EqualsPersonInput, options?: CallOptions): Promise<EqualsCreated>;
  /** Drops what the client holds, its credentials included. Calling it again does nothing; a later `createPerson` rejects with `INVALID_OPTIONS`; calls already sent finish. Also `client[Symbol.dispose]()` where the runtime has `Symbol.dispose`. Optional: an unreferenced client is released when it is garbage-collected. */
  free(): void;
  /** The same as `free()`, for `using` (where the runtime has `Symbol.dispose`). */
  [Symbol.dispose](): void;
}

export interface HorusClientOptions extends ClientOptions {
  /** Horus has no public default address: this or `HORUS_BASE_URL` in the environment. */
  baseUrl?: string | undefined;
  /** Sent in the body (default `HORUS_CLIENT_ID`). Give both or neither (neither: your backend adds them; on a server, say so with `withoutCredentials`). */
  clientId?: string | undefined;
  /** Sent in the body (default `HORUS_CLIENT_SECRET`); never in errors. Give both or neither. */
  clientSecret?: string | undefined;
  /** `true`: `baseUrl` is your own backend, which adds the credentials; the client sends none and reads no variable for them. Needed on a server (Node, Bun, Deno, Workers), where a Horus client with neither credential is refused with `INVALID_OPTIONS`; a browser page sends none without it. Not with `clientId`/`clientSecret`. */
  withoutCredentials?: boolean | undefined;
}

/** Horus input for the client: the credentials come from the client options. */
export type HorusCreateInput = Omit<HorusPersonInput, 'clientId' | 'clientSecret'>;

/** Horus's answer: `created: false` when the email or main identifier already exists. */
export interface HorusResult extends CallTally {
  created: boolean;
  reason?: 'EMAIL_EXISTS' | 'IDENTIFIER_EXISTS';
  /** Horus's code, e.g. `"200001"`, `"200023"`, `"200024"`. */
  code: string;
  message: string | null;
  /** The `x-usil-request-id` (or `x-horus-request-id`) the server echoed, else the one sent (`requestId`, or the one generated). */
  requestId: string;
}

export declare class HorusClient {
  constructor(options?: HorusClientOptions);
  createPerson(input: HorusCreateInput, options?: CallOptions): Promise<HorusResult>;
  /** Drops what the client holds, its credentials included. Calling it again does nothing; a later `createPerson` rejects with `INVALID_OPTIONS`; calls already sent finish. Also `client[Symbol.dispose]()` where the runtime has `Symbol.dispose`. Optional: an unreferenced client is released when it is garbage-collected. */
  free(): void;
  /** The same as `free()`, for `using` (where the runtime has `Symbol.dispose`). */
  [Symbol.dispose](): void;
}

/** The personkit version (the crate version, same as the npm package's). */
export function version(): string;

/**
 * Resolves once the WebAssembly module is instantiated. Every function works
 * without waiting for it; in a page, awaiting it before the first validator
 * call or client constructor avoids a synchronous load of the .wasm.
 */
export const ready: Promise<void>;

// ---------------------------------------------------------------- images

/**
 * An image as JS holds it: a `File` or `Blob` (read with `blob.arrayBuffer()`
 * after its `size` was checked), an `ArrayBuffer`, a `Uint8Array` (or Node
 * `Buffer`, any other typed array or `DataView`: the bytes it views), a data
 * URL (`data:image/jpeg;base64,…`) or raw standard base64. The format is
 * sniffed from the bytes, never from a name or MIME type.
 */
export type ImageSource = BlobLike | ArrayBuffer | ArrayBufferView | string;

/** What personkit needs of a `Blob`/`File`: DOM and Node Blobs both fit. */
export interface ImageBlob {
  readonly size: number;
  readonly type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  slice(start?: number, end?: number, contentType?: string): ImageBlob;
}

/**
 * The global `Blob` type where the project has one (lib "dom", @types/node,
 * a Workers' types), else `ImageBlob`.
 */
export type BlobLike = typeof globalThis extends { Blob: { prototype: infer B } } ? B : ImageBlob;

/** Limits `encodeImage` checks. Unknown keys are an `INVALID_OPTIONS` error. */
export interface EncodeImageOptions {
  /** Largest accepted size in bytes (default 10 MiB = 10485760); a bigger `Blob` is refused without being read. */
  maxBytes?: number | undefined;
  /** Most pixels (width × height) a header may claim (default 50 000 000); more is `IMAGE_TOO_LARGE`, before anything is decoded. */
  maxPixels?: number | undefined;
  /** Smallest accepted width in pixels, as displayed (after EXIF orientation). */
  minWidth?: number | undefined;
  /** Smallest accepted height in pixels, as displayed (after EXIF orientation). */
  minHeight?: number | undefined;
}

/** A checked JPEG or PNG as Verifik's `images` want it. */
export interface EncodedImage {
  /** Standard padded base64, no `data:` prefix. */
  base64: string;
  mimeType: 'image/jpeg' | 'image/png';
  /** Size of the image in bytes (before base64). */
  byteLength: number;
  /** Width in pixels as displayed, read from the JPEG SOF / PNG IHDR header (EXIF orientation applied). */
  width: number;
  /** Height in pixels as displayed (EXIF orientation applied). */
  height: number;
  /** EXIF orientation 1–8 (1 when the image has none); 5–8 mean the stored pixels are turned by 90°. */
  orientation: number;
}

/**
 * Checks an image (JPEG or PNG, size, dimensions) and encodes it as base64,
 * in wasm. Rejects with a `PersonkitError`: `INVALID_TYPE`, `INVALID_OPTIONS`,
 * `IMAGE_EMPTY`, `IMAGE_TOO_LARGE`, `INVALID_BASE64`, `INVALID_IMAGE_FORMAT`
 * (naming what was found; also a file that cannot be read), `IMAGE_TOO_SMALL`.
 */
export function encodeImage(source: ImageSource, options?: EncodeImageOptions): Promise<EncodedImage>;

/** How `prepareImage` redraws an image. `quality` and `type` apply to a redrawn one only: a JPEG or PNG that is upright and small enough comes back as it is. Unknown keys are an `INVALID_OPTIONS` error. */
export interface PrepareImageOptions {
  /** Longest side allowed, in pixels as displayed; larger images are scaled down (aspect ratio kept). No limit by default. */
  maxDimension?: number | undefined;
  /** Encoder quality from 0 to 1 (default 0.9; a redrawn JPEG only). */
  quality?: number | undefined;
  /** The type of a redrawn image (default `image/jpeg`); one that needs no redrawing keeps its own. */
  type?: 'image/jpeg' | 'image/png' | undefined;
}

/**
 * A `Blob` ready for `encodeImage`: upright (EXIF orientation applied) and no
 * side longer than `maxDimension`, redrawn by the browser's own decoder
 * (`createImageBitmap` + `OffscreenCanvas`), which also converts formats it
 * can decode (WebP, …). Resolves to `file` itself when it is a JPEG or PNG
 * that is upright and small enough. Where those APIs are missing (Node) and
 * the image would need redrawing, rejects with `UNSUPPORTED_ENVIRONMENT`.
 * Other rejections: `INVALID_OPTIONS`, `INVALID_TYPE`, `IMAGE_EMPTY`,
 * `INVALID_IMAGE_FORMAT`.
 */
export function prepareImage(file: BlobLike, options?: PrepareImageOptions): Promise<BlobLike>;

export * from './neutral-person.js';
export * from './import.js';
