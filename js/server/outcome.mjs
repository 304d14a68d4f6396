// A client's result or PersonkitError → the Outcome a page may show: plain
// words for the person at the keyboard, never a credential, a provider's raw
// body, an image or the person's data.

export const LABELS = Object.freeze({ verifik: 'Verifik', equals: 'Equals Money', horus: 'Horus' });

/** Codes after which the same create may be sent again with no risk of a second person. */
const RETRYABLE = new Set(['RATE_LIMITED', 'SERVER_ERROR', 'TIMEOUT', 'NETWORK']);
/** Codes that mean the server is set up wrong: not the person's fault, not worth their retry. */
const OURS = new Set(['UNAUTHORIZED', 'NOT_FOUND', 'INVALID_OPTIONS', 'BAD_RESPONSE', 'UNSUPPORTED_ENVIRONMENT', 'BROWSER_NOT_ALLOWED', 'ABORTED']);

const drop = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
const text = (v) => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);

/** The outcome of a successful `createPerson`. */
export function fromResult(provider, r) {
  const label = LABELS[provider];
  const reconciled = r?.reconciled === true ? true : undefined;
  if (provider === 'horus' && r?.created === false) {
    const what = r.reason === 'IDENTIFIER_EXISTS' ? 'this identity number' : 'this email';
    return drop({
      status: 'exists', code: r.reason,
      // After our own retry, our first try may be the one that registered the person.
      message: r.retried ? `You are registered in ${label}.` : `${label} already has a person with ${what}, so nothing new was created.`,
      reconciled,
    });
  }
  return drop({
    status: 'created',
    id: provider === 'horus' ? undefined : text(r?.id),
    personaId: provider === 'equals' ? text(r?.personaId) : undefined,
    message: `Registered in ${label}.`,
    reconciled,
  });
}

/** The outcome of a rejected `createPerson` (a PersonkitError, or anything else thrown). */
export function fromError(provider, err) {
  const label = LABELS[provider];
  const code = typeof err?.code === 'string' && err?.name === 'PersonkitError' ? err.code : 'INTERNAL';
  const reconciled = err?.reconciled === true ? true : undefined;
  if (code === 'ALREADY_EXISTS') {
    return drop({
      status: 'exists', code, id: text(err.existingPerson?._id ?? err.existingPerson?.id),
      message: `${label} already has this person, so nothing new was created.`, reconciled,
    });
  }
  let message;
  let retryable = false;
  if (RETRYABLE.has(code)) {
    retryable = true;
    message = code === 'RATE_LIMITED'
      ? `${label} is busy right now. Please try again in a minute.`
      : `${label} could not be reached just now. Please try again in a minute.`;
  } else if (code === 'OUTCOME_UNKNOWN') {
    message = `We could not confirm whether ${label} registered you. Please do not try again yet: contact us and we will check.`;
  } else if (code === 'VALIDATION_FAILED' || code === 'BAD_REQUEST') {
    message = `${label} did not accept these details. Please check them, or contact us if they are right.`;
  } else if (OURS.has(code) || code === 'INTERNAL') {
    message = `${label} is not available right now because of a problem on our side. Please try again later.`;
  } else {
    message = `${label} could not register you. Please try again later.`;
  }
  return drop({ status: 'failed', code, message, retryable, reconciled });
}

/** A provider the request did not ask for. */
export function skipped() {
  return { status: 'skipped' };
}
