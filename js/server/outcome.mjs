// A client's result or PersonkitError → the Outcome a page may show: plain
// words for the person at the keyboard, never a credential, a provider's raw
// body, an image or the person's data; in the request's language (words.mjs).
import { LABELS, WORDS } from './words.mjs';

/** Codes after which the same create may be sent again with no risk of a second person. */
const RETRYABLE = new Set(['RATE_LIMITED', 'SERVER_ERROR', 'TIMEOUT', 'NETWORK']);
/** Codes that mean the server is set up wrong: not the person's fault, not worth their retry. */
const OURS = new Set(['UNAUTHORIZED', 'NOT_FOUND', 'INVALID_OPTIONS', 'BAD_RESPONSE', 'UNSUPPORTED_ENVIRONMENT', 'BROWSER_NOT_ALLOWED', 'ABORTED']);
/**
 * Outcomes that leave it open that the provider made the person (an answer
 * not read, a call cut short, a throw, a lookup that could not tell): looked
 * up before anything is sent again, so a "Try again" under the same key can
 * settle them once the provider answers.
 */
const MAY_HAVE_MADE = new Set(['BAD_RESPONSE', 'ABORTED', 'INTERNAL', 'OUTCOME_UNKNOWN']);

/**
 * Whether a stored failure is the server's own (its credentials, base URL,
 * options, or a bug), not the person's or the provider's answer: the same
 * key runs that provider again, so a person's "Try again" works once the
 * server is fixed, instead of replaying the failure for the key's 24 hours.
 */
export function serverOwnFailure(outcome) {
  return outcome?.status === 'failed' && (OURS.has(outcome.code) || outcome.code === 'INTERNAL');
}

/** Whether a stored outcome leaves it open that the provider made the person. */
export function mayHaveMade(outcome) {
  return outcome?.status === 'failed' && MAY_HAVE_MADE.has(outcome.code);
}

const drop = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
const text = (v) => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);

/**
 * The outcome of a successful `createPerson`, worded in `locale`.
 * `firstUnderKey`: no earlier request under this key tried the provider, so
 * a person its lookup found before sending (nothing sent) was there before
 * this enrolment. `triedBefore`: an earlier request under this key sent a
 * create that may have made the person, so Horus's "already there" may be
 * that request's own work (said as after a retry of the client's own).
 */
export function fromResult(provider, r, locale = 'en', firstUnderKey = false, triedBefore = false) {
  const label = LABELS[provider];
  const say = WORDS[locale].outcome;
  const reconciled = r?.reconciled === true ? true : undefined;
  if (firstUnderKey && reconciled && r?.attempts === 0) {
    return drop({
      status: 'exists', code: 'ALREADY_EXISTS', id: text(r?.id),
      personaId: provider === 'equals' ? text(r?.personaId) : undefined,
      // Equals' lookup matches the email only: another person may share it (as Horus's EMAIL_EXISTS).
      message: (provider === 'equals' ? say.existsEmail : say.existsPerson)(label), reconciled,
    });
  }
  if (provider === 'horus' && r?.created === false) {
    const exists = r.reason === 'IDENTIFIER_EXISTS' ? say.existsIdentifier : say.existsEmail;
    return drop({
      status: 'exists', code: r.reason,
      // After our own retry, our first try may be the one that registered the person.
      message: r.retried || triedBefore ? say.registered(label) : exists(label),
      reconciled,
    });
  }
  return drop({
    status: 'created',
    id: provider === 'horus' ? undefined : text(r?.id),
    personaId: provider === 'equals' ? text(r?.personaId) : undefined,
    message: say.created(label),
    reconciled,
  });
}

/**
 * The outcome of a rejected `createPerson` (a PersonkitError, or anything
 * else thrown), worded in `locale`; `triedBefore` as for fromResult.
 * `canLook`: the provider can be asked whether the person is there (Verifik
 * only within a collection), so a "Try again" can settle OUTCOME_UNKNOWN.
 */
export function fromError(provider, err, locale = 'en', triedBefore = false, canLook = true) {
  const label = LABELS[provider];
  const say = WORDS[locale].outcome;
  const code = typeof err?.code === 'string' && err?.name === 'PersonkitError' ? err.code : 'INTERNAL';
  const reconciled = err?.reconciled === true ? true : undefined;
  if (code === 'ALREADY_EXISTS') {
    return drop({
      status: 'exists', code, id: text(err.existingPerson?._id ?? err.existingPerson?.id),
      // After our own retry, our first try may be the one that registered the person (as Horus says).
      message: err.retried === true || triedBefore ? say.registered(label) : say.existsPerson(label), reconciled,
    });
  }
  let message;
  let retryable = false;
  // How long the provider asked to be left alone (Retry-After), in whole seconds: a page may wait it out.
  const retryAfter = code === 'RATE_LIMITED' && err.retryAfter > 0 && Number.isFinite(err.retryAfter) ? Math.ceil(err.retryAfter) : undefined;
  if (RETRYABLE.has(code)) {
    retryable = true;
    // A 5xx was an answer: the provider was reached and had a problem; a timeout or a network error was not.
    message = code === 'RATE_LIMITED' ? say.busy(label, retryAfter) : code === 'SERVER_ERROR' ? say.troubled(label) : say.unreachable(label);
  } else if (code === 'OUTCOME_UNKNOWN') {
    // Safe to try again: the next run looks the person up before sending
    // anything. Where nothing can be looked in, a try would never tell.
    retryable = canLook;
    message = canLook ? say.unknown(label) : say.unknownFinal(label);
  } else if (code === 'VALIDATION_FAILED' || code === 'BAD_REQUEST') {
    message = say.refused(label);
  } else if (OURS.has(code) || code === 'INTERNAL') {
    message = say.ours(label);
  } else {
    message = say.failed(label);
  }
  return drop({ status: 'failed', code, message, retryable, retryAfter, reconciled });
}

/** A provider the request did not ask for. */
export function skipped() {
  return { status: 'skipped' };
}
