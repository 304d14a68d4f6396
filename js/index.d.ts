// Types of the personkit package (both entries: browser and Node, ESM and CJS).

/** Stable error codes (see the README's table). */
export type ErrorCode =
  | 'VALIDATION_FAILED' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'BAD_REQUEST'
  | 'RATE_LIMITED' | 'SERVER_ERROR' | 'TIMEOUT' | 'ABORTED' | 'NETWORK' | 'BAD_RESPONSE'
  | 'INVALID_OPTIONS' | 'UNSUPPORTED_ENVIRONMENT' | 'BROWSER_NOT_ALLOWED'
  | 'INVALID_IMAGE_FORMAT' | 'IMAGE_TOO_LARGE' | 'IMAGE_EMPTY' | 'IMAGE_TOO_SMALL' | 'INVALID_BASE64';

/** Stable codes of one broken rule. */
export type FieldErrorCode =
  | 'REQUIRED' | 'NAME_REQUIRED' | 'TOO_LONG' | 'EMPTY' | 'NOT_ONE_OF' | 'INVALID_TYPE'
  | 'INVALID_DATE' | 'INVALID_EMAIL' | 'INVALID_UUID' | 'INVALID_COUNTRY' | 'INVALID_PHONE'
  | 'INVALID_BASE64' | 'INVALID_JSON' | 'INVALID_CHARACTERS' | 'OUT_OF_RANGE' | 'TOO_MANY'
  | 'TOO_FEW' | 'UNKNOWN_FIELD' | 'INVALID_IMAGE_FORMAT';

/** One broken rule: `field` is a path such as `images[1]`. */
export interface FieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
}

export type Provider = 'verifik' | 'equals' | 'horus';

/** The one error class of personkit. Never carries a token, key or secret. */
export declare class PersonkitError extends Error {
  readonly name: 'PersonkitError';
  /** Stable code to branch on. */
  readonly code: ErrorCode;
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
  /** Raw response body, truncated to 4 KiB (not in `toJSON()`). */
  readonly body?: string;
  /** For `ALREADY_EXISTS`: the person the provider already has (not in `toJSON()`). */
  readonly existingPerson?: unknown;
  readonly cause?: unknown;
  toJSON(): Record<string, unknown>;
}

/** The personkit version (the crate version, same as the npm package's). */
export function version(): string;
