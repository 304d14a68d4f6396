// A client's result or error → one row's outcome for one provider, in the
// words the journal and the results file use. Only ids, codes and counts go
// into an outcome's journal form: never a provider's body or the person.
import { sentNothing } from '../sent-nothing.mjs';

/** Statuses after which the row is finished for that provider. */
export const DONE = new Set(['created', 'exists']);

/** Codes that mean "send it again later": nothing was created, or the policy says a repeat is safe. */
const AGAIN = new Set(['RATE_LIMITED', 'TIMEOUT', 'NETWORK', 'SERVER_ERROR']);
/** Codes that are the run's set-up, not the row: worth another run once it is fixed. */
const SETUP = new Set(['UNAUTHORIZED', 'NOT_FOUND', 'INVALID_OPTIONS', 'UNSUPPORTED_ENVIRONMENT']);
/**
 * Codes of a create that may have made the person (an answer not understood,
 * such as a redirect after the create; a call cut short; a throw; a lookup
 * that could not tell): `unknown`, looked up by the next run before anything
 * is sent, as personkit/server's MAY_HAVE_MADE.
 */
const MAY_HAVE_MADE = new Set(['BAD_RESPONSE', 'ABORTED', 'INTERNAL', 'OUTCOME_UNKNOWN']);

const short = (v) => (typeof v === 'string' && v.length > 0 ? v.slice(0, 200) : undefined);

/** A successful createPerson; `words` the run's (words-en.mjs). */
export function fromResult(provider, words, r) {
  const base = { attempts: r?.attempts, reconciled: r?.reconciled === true || undefined };
  if (provider === 'horus') {
    if (r?.created !== false) return { status: 'created', ...base };
    // After a repeat of ours, "already there" may be our own first try, whose answer was lost.
    return { status: 'exists', code: r.reason, message: r.retried ? words.horusAfterRepeat : words.alreadyInHorus, ...base };
  }
  return { status: 'created', id: short(r?.id), personaId: provider === 'equals' ? short(r?.personaId) : undefined, ...base };
}

/**
 * A rejected createPerson. `retry`: the importer may send it again in this
 * run; `retryable`: a later run may (the journal keeps this).
 */
export function fromError(provider, err) {
  const code = err?.name === 'PersonkitError' && typeof err.code === 'string' ? err.code : 'INTERNAL';
  const base = {
    code, message: short(err?.message), httpStatus: err?.status, attempts: err?.attempts, reconciled: err?.reconciled === true || undefined,
    // The call's create never left (a refused connection): it made no person, so its next try needs no lookup.
    sentNothing: sentNothing(err) || undefined,
  };
  if (code === 'ALREADY_EXISTS') {
    return { status: 'exists', id: short(err.existingPerson?._id ?? err.existingPerson?.id), ...base };
  }
  // An answer not understood, an abort while the request was out, a throw, or a lookup that could not tell: the person may exist.
  if (MAY_HAVE_MADE.has(code)) return { status: 'unknown', ...base };
  if (AGAIN.has(code)) {
    // Not safe to repeat blind (a 501 from Equals, say): settle it by a lookup first, like an unknown.
    return safeAgain(provider, err) ? { status: 'failed', retry: true, retryable: true, ...base } : { status: 'unknown', ...base };
  }
  return { status: 'failed', retryable: SETUP.has(code), ...base };
}

/**
 * Whether the same create may go out again now. The clients run with
 * maxRetries 0, so an uncertain answer from Equals or Verifik was already
 * looked up (reconciled: not there) before the error came back; what is
 * left without a lookup is what the clients' policy calls safe (429, 503,
 * refused). Horus answers a repeat "already exists".
 */
function safeAgain(provider, err) {
  if (provider === 'horus' || err.reconciled === true) return true;
  if (err.code === 'SERVER_ERROR') return err.status === 503;
  return err.code === 'RATE_LIMITED' || err.code === 'NETWORK';
}

/**
 * The outcome as the journal stores it: status, ids, codes, counts.
 * `madeNothing`: the row cannot have made a person in this provider (every
 * create of it was refused before it left, or was looked up after): `ns: 1`,
 * and the next run sends it again without a lookup first.
 */
export function journalForm(o, madeNothing = false) {
  const j = { s: o.status };
  if (o.id) j.id = o.id;
  if (o.personaId) j.pid = o.personaId;
  if (o.code) j.code = o.code;
  if (o.httpStatus) j.http = o.httpStatus;
  if (o.retryable) j.retry = 1;
  if (o.attempts) j.n = o.attempts;
  if (o.found) j.rec = 1; // found by a lookup after a create in doubt (the summary's "settled by a lookup")
  if (madeNothing && o.status === 'failed') j.ns = 1;
  return j;
}
