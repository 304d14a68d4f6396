// Types of the neutral person (one person, mapped to the three providers'
// bodies) and of enrol(), the page's half of personkit/server; re-exported
// by index.d.ts, so users import them from 'personkit'.
import type {
  BlobLike, EqualsPersonInput, FieldErrorCode, HorusCreateInput, HorusPersonInput, MessageOptions, Provider, VerifikPersonInput,
} from './index.js';

/** One person, the same for every provider: the table in the README maps it to the three bodies. What is required is what the chosen providers require (`REQUIRED`, named by these fields); `null` counts as absent. */
export interface NeutralPerson {
  /** Equals/Horus `firstName`; Verifik `name` is firstName + ' ' + lastName. Required by all three. */
  firstName: string;
  lastName: string;
  /** Equals `emailAddress`, Horus `email`. Required by both; a Verifik-only enrolment needs none. */
  email?: string | null | undefined;
  /** Equals `primaryMobileNumber`: national or international, at least 7 digits (`+51 987 654 321`, `01234 567890`). */
  phone?: string | null | undefined;
  /** `YYYY-MM-DD`: Verifik `date_of_birth`, Equals `dob`. */
  dateOfBirth?: string | null | undefined;
  /** Verifik `gender`. */
  gender?: 'M' | 'F' | null | undefined;
  /** ISO 3166-1 alpha-2, any case (sent upper-cased): Verifik `nationality`, Equals `nationalities: [it]`. Verifik alone also takes a name (`Peruvian`). */
  nationality?: string | null | undefined;
  /** Horus `mainIdentifier` (the DNI for Peruvians). Required by Horus. */
  identityNumber?: string | null | undefined;
  /** Verifik `images`: raw base64 JPEG or PNG (1–3). `enrol()` also takes `File`/`Blob` and bytes. */
  photos?: string[] | null | undefined;
  /** Provider-only fields, merged into that provider's body; never a server-owned or mapped field (`FIELD_NOT_ALLOWED`). */
  extras?: {
    verifik?: { notes?: string | undefined } & Record<string, unknown> | undefined;
    equals?: Partial<Pick<EqualsPersonInput, 'employeeNumber' | 'jobTitle' | 'notifyEmailTrans' | 'emailTheme' | 'address' | 'locale'>> & Record<string, unknown> | undefined;
    horus?: Partial<Pick<HorusPersonInput, 'externalId' | 'additionalFirstName' | 'additionalLastName' | 'password' | 'custom'>> & Record<string, unknown> | undefined;
  } | null | undefined;
}

/**
 * The fields a server (personkit/server's provider options, enrolMany's
 * providers) sets for every person: the provider's body without the fields
 * the table maps from the person, which would give every person the same
 * name, email or identity number.
 */
export type VerifikServerFields = Partial<Omit<VerifikPersonInput, 'name' | 'images' | 'gender' | 'date_of_birth' | 'nationality'>>;
export type EqualsServerFields = Partial<Omit<EqualsPersonInput, 'firstName' | 'lastName' | 'emailAddress' | 'dob' | 'primaryMobileNumber' | 'nationalities'>>;
export type HorusServerFields = Partial<Omit<HorusCreateInput, 'firstName' | 'lastName' | 'email' | 'mainIdentifier'>>;

/** The server's fields per provider; `true` (or `{}`) names a provider whose fields the page does not know. */
export interface ServerFields {
  verifik?: true | Partial<VerifikPersonInput>;
  equals?: true | Partial<EqualsPersonInput>;
  horus?: true | Partial<HorusPersonInput>;
}

/** One broken rule, named by the neutral field (`email`, `photos[1]`, `extras.equals.jobTitle`, `server.roleName`). */
export interface PersonFieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
  /** The provider whose rule it is; absent for the person's own shape. */
  provider?: Provider;
}

/**
 * Each body as it is sent. The server's own fields are in it only when
 * `serverFields` gave them: a page that checks with `equals: true` (as enrol()
 * does) gets no `accountId` or `roleName`, which the server adds.
 */
export interface ProviderPayloads {
  verifik?: VerifikPersonInput;
  equals?: Omit<EqualsPersonInput, 'accountId' | 'roleName'> & Partial<Pick<EqualsPersonInput, 'accountId' | 'roleName'>>;
  /** Without `clientId`/`clientSecret`: the client adds them. */
  horus?: Omit<HorusCreateInput, 'categoryId' | 'positionId'> & Partial<Pick<HorusCreateInput, 'categoryId' | 'positionId'>>;
}

/** Maps the neutral person with the server's fields and checks each body with its provider's rules. Synchronous; never throws. */
export function toProviderPayloads(person: unknown, serverFields: ServerFields, options?: MessageOptions):
  | { ok: true; value: ProviderPayloads }
  | { ok: false; errors: PersonFieldError[] };
/** `validateField('person', …)`: the field as the bodies send it (`undefined`: left out), or its errors. */
export type PersonFieldResult = { ok: true; value: unknown } | { ok: false; errors: PersonFieldError[] };
/**
 * The bodies as the table maps them, before the providers' rules: nothing in
 * them is checked yet (a `roleName` Equals does not have, a `categoryId` given
 * as a string, a name that was not a string left out), so each is a plain
 * object, as `checkProviderPayload` and personkit/server's `prepare` take it.
 */
export interface MappedPayloads {
  verifik?: Record<string, unknown>;
  equals?: Record<string, unknown>;
  horus?: Record<string, unknown>;
}
/** The bodies as the table maps them, before the providers' rules, with the person's own shape errors. */
export function mapPerson(person: unknown, serverFields: ServerFields, options?: MessageOptions): { payloads: MappedPayloads; errors: PersonFieldError[] };
/** Checks one (perhaps adjusted) body with its provider's rules, errors named by the neutral fields, worded in `options.locale` (with `options.messages`). */
export function checkProviderPayload(provider: Provider, payload: unknown, serverFields: ServerFields, options?: MessageOptions):
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; errors: PersonFieldError[] };

// ---------------------------------------------------------------- enrol (browser → your backend)

/** How one provider went, as the server reports it: plain words a page may show. */
export interface Outcome {
  status: 'created' | 'exists' | 'failed' | 'skipped';
  /** Verifik's person `_id`, Equals' person id. */
  id?: string;
  /** Equals' persona id. */
  personaId?: string;
  /** Why (`RATE_LIMITED`, `EMAIL_EXISTS`, `OUTCOME_UNKNOWN`, …). */
  code?: string;
  /** For the person at the keyboard, in the request's Accept-Language (Spanish or English; default English). */
  message?: string;
  /** True when the same enrolment may be sent again to try this provider again. */
  retryable?: boolean;
  /** `RATE_LIMITED`: the seconds the provider asked to wait before the next try (its Retry-After, rounded up), when it said; `message` says it in words. */
  retryAfter?: number;
  /** True when a lookup settled an uncertain create: it found the person (nothing sent again), or found nothing and the create was sent again. */
  reconciled?: boolean;
}

export interface EnrolSummary {
  results: Partial<Record<Provider, Outcome>>;
  /** What the server's `onComplete` returned (personkit/server), when it returned something. */
  data?: unknown;
}

/** A file input's `files` (DOM's `FileList` fits), as enrol() takes it. */
export interface FileListLike {
  readonly length: number;
  item(index: number): BlobLike | null;
  readonly [index: number]: BlobLike;
}

/** A person as enrol() sends it: photos may be files (a list of them, or an `<input type="file">`'s `files` as it is), or bytes (sent as files). */
export interface EnrolPerson extends Omit<NeutralPerson, 'photos'> {
  photos?: Array<string | BlobLike | ArrayBuffer | ArrayBufferView> | FileListLike | null | undefined;
}

export interface EnrolOptions extends MessageOptions {
  /** Your backend route (createEnrolHandler), e.g. '/api/enrol' in a page (outside one, the whole URL: a path is `INVALID_OPTIONS` there). A redirect from it is not followed (the person is never sent on to another address): a `BAD_RESPONSE`. */
  endpoint: string;
  /** The providers to create the person in (a subset of the server's: at least one, each once); default: all the server has. Also the providers checked before sending (default all three). */
  providers?: Provider[] | undefined;
  /** One key per enrolment, kept across retries: 1 to 255 visible ASCII characters (another is `INVALID_OPTIONS`, nothing sent). Default: `idempotencyKeyFor(person)` (an equal person, the same object or one built again, gets the same key for the tab's life (after a reload too, through sessionStorage), a `File`/`Blob` photo counted by its bytes; a person edited since, a new key). */
  idempotencyKey?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Called as each provider's outcome arrives. One that throws stops the reading: enrol() rejects with what it threw (the server goes on; the same call again gets every outcome). */
  onProgress?: ((provider: Provider, outcome: Outcome) => void) | undefined;
  /** Extra request headers (e.g. a CSRF token): an object, a list of pairs or a `Headers`, as fetch takes them. `accept`, `accept-language` and `content-type` are enrol()'s own; an `Idempotency-Key` here is taken as `idempotencyKey` (checked as it is; the two differing is `INVALID_OPTIONS`). */
  headers?: Record<string, string> | Array<[string, string]> | Headers | undefined;
  /** A fetch implementation; default the global one. Called with the endpoint as a string. */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Whether cookies go with the request (fetch's `credentials`), default 'same-origin'. 'include' for a backend on another origin that reads a cookie in `authorize` (the server needs `allowCredentials: true`). */
  credentials?: 'omit' | 'same-origin' | 'include' | undefined;
}

/** Validates with the same mapping the server uses, sends once, reports each provider as it finishes. Rejects with PersonkitError: `VALIDATION_FAILED` with `errors` (found here, or the server's 422: each with its `provider`), `ABORTED`, `NETWORK` (not reached, or the answer cut off), `BAD_RESPONSE` (not personkit/server's answer), `SERVER_ERROR` (a 5xx without its JSON), `INVALID_OPTIONS`, `INVALID_TYPE` (the person not an object, or a getter or proxy of it threw), or the server's refusal code (`EnrolRefusalCode`, with `status`; `INTERNAL` when it failed mid-answer). Its message in `locale` (else setLocale's); sends that locale as `Accept-Language`. */
export function enrol(person: EnrolPerson, options: EnrolOptions): Promise<EnrolSummary>;
/** The idempotency key enrol() uses for this person: an equal person, the same object or one built again, gets the same key for the tab's life (after a reload too, through sessionStorage) (bytes count by what they hold, and so does a File/Blob once enrol() has read it; one met unread counts as that object); the same object edited since gets a new one. */
export function idempotencyKeyFor(person: object): string;
