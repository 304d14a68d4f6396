// createEnrolHandler(options): one WHATWG fetch handler, `(Request) =>
// Promise<Response>`, that creates one neutral person in the providers the
// server configured, exactly once per Idempotency-Key. Only WHATWG APIs, so
// the same function is a Next.js route handler, a Workers/Bun/Deno `fetch`
// and a Hono handler as it is (toNodeHandler adapts it to node:http).
//
// A request goes, in this order (each step refuses before the next reads):
//   method (405; a preflight OPTIONS: 204, or 403 for a refused origin) →
//   Origin (403, nothing read) → authorize (401/403) →
//   Idempotency-Key (400) → Content-Type (415) → body, counted (413) →
//   person mapped and checked with the server's fields (400/422) →
//   the key claimed (422 reused, 409 in progress, or the stored outcomes) →
//   the providers, in parallel (one ndjson line each, if asked) →
//   the server's onComplete → { results, data? }.
//
// What a person may read (outcomes, field errors, the refusals they can
// cause) is in the request's Accept-Language, Spanish or English
// (words.mjs); codes, statuses and log lines do not change with it.
import { toProviderPayloads, mapPerson, checkProviderPayload, encodeImage } from 'personkit';
import { claim, fingerprint, DEFAULTS } from './idempotency.mjs';
import { fromError, fromResult, skipped, mayHaveMade } from './outcome.mjs';
import { readBody, parseEnrolment, refuseInexactNumbers, mediaType, Refusal } from './request.mjs';
import { WORDS, LABELS, localeOf, reword } from './words.mjs';
import { memoryStore } from './memory-store.mjs';
import { checkOptions } from './options.mjs';
import { sentNothing } from '../sent-nothing.mjs';
import { personLockKey, withPersonLock } from './person-lock.mjs';
import { preReadRefusal } from './pre-read.mjs';
import { ownOrigins, originAllowed, corsHeaders, preflightHeaders } from './origin.mjs';
import { personMarks, loggable, nameLike } from './log-safe.mjs';

const PROVIDERS = ['verifik', 'equals', 'horus'];
const KEY = /^[\x21-\x7e]{1,255}$/;
const NDJSON = 'application/x-ndjson';

/**
 * @param {import('../server.d.ts').EnrolHandlerOptions} options
 * @returns {(request: Request) => Promise<Response>}
 */
export function createEnrolHandler(options) {
  const cfg = checkOptions(options, { toProviderPayloads });
  const log = logWith(cfg.logger);
  if (cfg.store === undefined) {
    cfg.store = memoryStore();
    // Each instance of a serverless platform has its own memory: a double
    // click that reaches two of them makes a second Equals persona. Said
    // once, at start-up, to the logger (no console output without one).
    const platform = serverlessPlatform();
    if (platform) {
      // On Workers the Redis client made for it is @upstash/redis (over HTTPS, through fetch).
      const client = platform === 'Cloudflare Workers' ? 'an @upstash/redis client' : 'client';
      log('warn', { event: 'enrol.memory_store', platform, fix: `store: redisStore(${client}), shared by every instance` });
    }
  }
  cfg.preflight = preflightHeaders(cfg.allowedHeaders);

  return async function enrolHandler(request) {
    const started = Date.now();
    const cors = corsHeaders(cfg, request);
    const locale = localeOf(request.headers.get('accept-language'));
    try {
      return await handle(cfg, request, cors, log, started, locale);
    } catch (err) {
      if (err instanceof Refusal) {
        log(err.status >= 500 ? 'error' : 'warn', { event: 'enrol.refused', status: err.status, code: err.code, ...err.logFields });
        const headers = WORDED.has(err.code) ? withVary({ ...cors, ...err.headers }, 'accept-language') : err.headers;
        return errorResponse(err.status, err.code, err.message, err.extra, cors, headers);
      }
      logFailure(log, err);
      return errorResponse(500, 'INTERNAL', WORDS[locale].internal(), {}, cors, withVary({ ...cors }, 'accept-language'));
    }
  };
}

/** The serverless platform this runs on, from the environment it sets, or undefined. */
function serverlessPlatform() {
  try {
    if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') return 'Cloudflare Workers';
    const env = globalThis.process?.env ?? {};
    const known = [['AWS_LAMBDA_FUNCTION_NAME', 'AWS Lambda'], ['VERCEL', 'Vercel'], ['NETLIFY', 'Netlify'], ['K_SERVICE', 'Google Cloud Run'], ['DENO_DEPLOYMENT_ID', 'Deno Deploy']];
    return known.find(([name]) => typeof env[name] === 'string' && env[name] !== '')?.[1];
  } catch {
    return undefined; // an environment that may not be read
  }
}

/** The refusals a person can cause: their message (or errors) is in the request's language. */
const WORDED = new Set([
  'UNAUTHORIZED', 'FORBIDDEN', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED',
  'FIELD_NOT_ALLOWED', 'IDEMPOTENCY_KEY_REUSED', 'IN_PROGRESS',
]);

async function handle(cfg, request, cors, log, started, locale) {
  const words = WORDS[locale];
  const origin = request.headers.get('origin');
  // A preflight is the first a cross-origin page sends: from a refused
  // origin it is the 403 below (its log names both origins), not "use POST".
  const preflight = request.method === 'OPTIONS' && origin !== null;
  if (preflight && cors !== null) {
    return new Response(null, { status: 204, headers: { ...cors, ...cfg.preflight } });
  }
  if (request.method !== 'POST' && !preflight) {
    throw new Refusal(405, 'METHOD_NOT_ALLOWED', 'use POST', {}, { allow: 'POST' });
  }
  // A preflight here is one whose origin was refused above (cors null).
  if (origin !== null && (preflight || !originAllowed(cfg, request, origin))) {
    // The developer's most likely 403 is their own page behind a proxy: say
    // what decides, and log both origins (the server's own is not told to the page).
    const byDefault = cfg.allowedOrigins === undefined;
    const refusal = new Refusal(403, 'ORIGIN_NOT_ALLOWED', byDefault
      ? 'requests from this origin are refused: without allowedOrigins only the request\'s own origin is allowed (its URL\'s, or its Host header with the URL\'s scheme), which behind a proxy that terminates TLS is not the public one (list your page\'s origin in allowedOrigins)'
      : 'requests from this origin are refused: it is not in allowedOrigins');
    refusal.logFields = { origin: origin.slice(0, 200), ...(byDefault && { ownOrigin: ownOrigins(request).join(' ') }) };
    throw refusal;
  }

  const auth = await authorize(cfg, request, words, log);

  const key = request.headers.get('idempotency-key');
  if (key === null) throw new Refusal(400, 'IDEMPOTENCY_KEY_REQUIRED', 'send an Idempotency-Key header (one per form, kept across retries)');
  if (!KEY.test(key)) throw new Refusal(400, 'INVALID_IDEMPOTENCY_KEY', 'the Idempotency-Key must be 1 to 255 visible ASCII characters');
  const type = mediaType(request);
  if (type !== 'application/json' && type !== 'multipart/form-data') {
    throw new Refusal(415, 'UNSUPPORTED_MEDIA_TYPE', words.unreadable());
  }
  // A compressed body would be refused as "not valid JSON": say what it is (RFC 7694: 415, Accept-Encoding).
  const encoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new Refusal(415, 'UNSUPPORTED_MEDIA_TYPE', `the body is sent with Content-Encoding "${encoding.slice(0, 40)}": send it uncompressed`, {}, { 'accept-encoding': 'identity' });
  }

  const early = preReadRefusal.get(request);
  if (early) {
    const [status, code, message] = early;
    const refusal = new Refusal(status, code, message);
    if (status >= 500) refusal.logFields = { cause: message };
    throw refusal;
  }
  const bytes = await readBody(request, cfg.maxBodyBytes, words);
  const { person, providers: asked, text } = await parseEnrolment(request, bytes, { encodeImage, maxPhotoBytes: cfg.maxPhotoBytes, toProviderPayloads, words, locale });
  const configured = PROVIDERS.filter((p) => cfg.providers[p]);
  const chosen = asked ?? configured;
  const missing = chosen.filter((p) => !cfg.providers[p]);
  if (missing.length > 0) {
    throw new Refusal(400, 'PROVIDER_NOT_CONFIGURED', `this server does not create persons in ${missing.join(', ')}`);
  }

  const payloads = await payloadsFor(cfg, person, chosen, request, auth, locale);
  refuseInexactNumbers(text, person);
  // Verifik's rules accepted its images as base64: nothing in them is escaped in JSON.
  const fp = await fingerprint(person, cfg.idempotency.secret, new Set(payloads.verifik?.images));
  let got;
  try {
    got = await claim(cfg.store, key, fp, chosen, cfg.idempotency);
  } catch (err) {
    // Nothing was sent: the person's "Try again" with the key starts afresh.
    log('error', { event: 'enrol.store_failed', step: 'claim', error: describe(err) });
    return errorResponse(500, 'INTERNAL', words.internal(), {}, cors, withVary({ ...cors }, 'accept-language'));
  }
  if (got.kind === 'reused') {
    throw new Refusal(422, 'IDEMPOTENCY_KEY_REUSED', words.keyReused());
  }
  if (got.kind === 'busy') {
    throw new Refusal(409, 'IN_PROGRESS', words.inProgress(), {}, { 'retry-after': '2' });
  }

  const results = {};
  // A provider not asked this time ("Try again" for the failed ones only)
  // still reports what this key did there before; only one never run is
  // skipped. One an earlier request started and died in may have made the
  // person: not known, until a request that asks for it looks.
  const unknown = (p) => fromError(p, { name: 'PersonkitError', code: 'OUTCOME_UNKNOWN' }, locale, true, canLookIn(p, cfg.serverFields[p]));
  for (const p of configured) results[p] = chosen.includes(p) ? got.stored[p] : (got.stored[p] ?? (got.unrecorded?.includes(p) ? unknown(p) : skipped()));
  const todo = got.kind === 'run' ? got.todo : [];
  // A stored outcome keeps the words of the request that ran it: say it in
  // this one's, the providers it did not ask for too.
  for (const p of configured) if (!todo.includes(p)) results[p] = reword(p, results[p], locale);
  const replayed = todo.length === 0;
  const stream = asksFor(request.headers.get('accept'), NDJSON);
  const headers = { ...withVary(cors, 'accept-language'), ...NO_STORE, ...(replayed && { 'idempotent-replayed': 'true' }) };

  const finished = new Map();
  const run = async () => {
    const lease = got.lease;
    const stopRenewing = lease?.keepAlive();
    // The last outcome to come is written with the record's "done", and no
    // renewal is queued behind it: nothing of this request's is written
    // after its answer.
    let left = todo.length;
    const save = (p, { outcome, unsent }) => {
      const last = (left -= 1) === 0;
      if (last) stopRenewing();
      return lease.save(p, outcome, unsent, last);
    };
    await Promise.all(todo.map(async (p) => {
      // Looked up before it is sent again: a provider an earlier request
      // started and never recorded or whose call ended unread (a throw, an
      // answer not understood). Equals always: a repeat there is a second
      // persona, and the person may be on the account from an enrolment
      // under another key (a page reloaded, a second tab, a record the
      // store lost), which no key can tell. Where nothing of this key
      // reached the provider (a first run, or creates that never left: a
      // refused connection), that lookup is only this precaution.
      const lookFirst = p === 'equals' || got.unsettled.includes(p) || mayHaveMade(got.stored[p]);
      const precaution = !got.unsettled.includes(p) && (got.stored[p] === undefined || got.unsent.includes(p));
      // An earlier request under this key sent a create that may have made
      // the person (its answer lost, busy, broken): "already there" now may
      // be its own work, and is said as a retry of ours says it.
      const triedBefore = !precaution && (got.unsettled.includes(p) || mayHaveMade(got.stored[p]) || got.stored[p]?.retryable === true);
      const call = (mayExist = false) => callProvider(cfg, p, payloads[p], log, locale, lookFirst, precaution, triedBefore, mayExist);
      // Equals' outcome is written beside its lock's release (oneAtATime).
      const { outcome, unsent, saved } = p === 'equals' ? await oneAtATime(cfg, payloads.equals, locale, precaution, call, log, (r) => save(p, r)) : await call();
      results[p] = outcome;
      if (!saved) await save(p, { outcome, unsent });
      finished.get('line')?.(p, outcome);
    })).finally(stopRenewing);
    if (lease) {
      if (lease.error) log('error', { event: 'enrol.store_failed', step: 'outcomes', error: describe(lease.error) });
      else if (lease.lost) log('warn', { event: 'enrol.lease_lost' });
    }
    // Built only for a logger: without one, every enrolment would pay for a line nobody reads.
    if (cfg.logger) log('info', {
      event: 'enrol', ms: Date.now() - started, replayed,
      outcomes: Object.fromEntries(Object.entries(results).map(([p, o]) => [p, o.code ? `${o.status} ${o.code}` : o.status])),
    });
  };

  // The server's own onComplete, with the results this request answers; run
  // after they are stored, so a throw there loses nothing: the page's "Try
  // again" under the key replays them (no provider is called) and calls it
  // again. What it returns goes to the page as the summary's `data`.
  const complete = async () => (cfg.onComplete ? callOnComplete(cfg.onComplete, { results: ordered(results, configured), person, auth, request, idempotencyKey: key, replayed }) : undefined);
  const summary = (data) => ({ results: ordered(results, configured), ...(data !== undefined && { data }) });
  if (!stream) {
    await run();
    return json(200, summary(await complete()), headers);
  }
  const enc = new TextEncoder();
  const body = new ReadableStream({
    start(controller) {
      const write = (v) => {
        try { controller.enqueue(enc.encode(`${JSON.stringify(v)}\n`)); } catch { /* the reader left: keep going, the outcomes are stored */ }
      };
      for (const p of configured) if (!todo.includes(p)) write({ provider: p, outcome: results[p] });
      finished.set('line', (p, outcome) => write({ provider: p, outcome }));
      // Not awaited: start() returns at once and each line goes out as it is written.
      run().then(complete).then(
        (data) => write(summary(data)),
        (err) => {
          logFailure(log, err);
          write({ error: { code: 'INTERNAL', message: words.internal() } });
        },
      ).finally(() => {
        try { controller.close(); } catch { /* already cancelled */ }
      });
    },
  });
  // Each line must reach the page as it is written: no-transform keeps a
  // compressing middleware from holding it, X-Accel-Buffering: no an nginx
  // in front (proxy_buffering), as for server-sent events.
  return new Response(body, {
    status: 200,
    headers: { ...headers, 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no', 'content-type': `${NDJSON}; charset=utf-8`, 'x-content-type-options': 'nosniff' },
  });
}

/** Whether an Accept header names `type` in a range it does not refuse (`;q=0`). */
function asksFor(accept, type) {
  return (accept ?? '').toLowerCase().split(',').some((range) => {
    const [name, ...params] = range.split(';').map((x) => x.trim());
    return name === type && !params.some((p) => /^q=0(\.0{0,3})?$/.test(p));
  });
}

/**
 * Hands `event` to the server's `hook` (onComplete) and waits for it. Its own copy
 * of the results: what it changes there is not what the page is answered.
 * Resolves to what it returned, as JSON gives it back (undefined: nothing).
 * A throw (or rejection), or a return JSON cannot hold (a bigint, a
 * cycle), becomes a CompleteFailed, answered 500.
 */
async function callOnComplete(hook, event) {
  try {
    const data = await hook({ ...event, results: JSON.parse(JSON.stringify(event.results)) });
    const text = data === undefined ? undefined : JSON.stringify(data);
    return text === undefined ? undefined : JSON.parse(text);
  } catch (err) {
    throw new CompleteFailed(err);
  }
}

/** onComplete threw: logged by name only (its message may quote the person it was handed). */
class CompleteFailed extends Error {
  constructor(cause) { super('onComplete threw'); this.cause = cause; }
}

function logFailure(log, err) {
  if (err instanceof CompleteFailed) log('error', { event: 'enrol.on_complete_failed', error: describe(err.cause, { quoted: false }) });
  else log('error', { event: 'enrol.failed', error: describe(err) });
}

/** The bodies to send, or a 400/422 naming the neutral fields. */
async function payloadsFor(cfg, person, chosen, request, auth, locale) {
  refuseOthersServerFields(cfg, person, chosen, locale);
  const server = Object.fromEntries(chosen.map((p) => [p, cfg.serverFields[p]]));
  if (!cfg.prepare) {
    // Nothing to adjust: map and check in one call into the core.
    const all = toProviderPayloads(person, server, { locale });
    if (all.ok) return all.value;
    if (all.errors.some((e) => e.field.startsWith('server.'))) throw serverFieldsBroken(all.errors);
    throw invalid(all.errors, locale);
  }
  const mapped = mapPerson(person, server);
  if (mapped.errors.length > 0) throw invalid(toProviderPayloads(person, server, { locale }).errors ?? mapped.errors, locale);
  // A member no provider documents is refused before prepare sees it: the
  // server's own code (an Object.assign, a `??=`) must never meet a key the
  // page made up (a `__proto__` would become the copy's prototype).
  const unknown = chosen.flatMap((provider) => {
    const checked = checkProviderPayload(provider, mapped.payloads[provider], server, { locale });
    return checked.ok ? [] : checked.errors.filter((e) => e.code === 'UNKNOWN_FIELD');
  });
  if (unknown.length > 0) throw invalid(unknown, locale);
  const payloads = {};
  const errors = [];
  for (const provider of chosen) {
    let body = mapped.payloads[provider];
    if (cfg.prepare) {
      let changed;
      try {
        changed = await cfg.prepare(body, { provider, request, auth });
      } catch (err) {
        // Its message may quote the person it was handed: the log keeps its name only.
        throw new HandlerError(`prepare threw for ${provider}: ${JSON.stringify(describe(err, { quoted: false }))}`);
      }
      if (changed !== undefined) body = changed;
      // What prepare breaks is the server's fault, never the person's: a 500, before any provider is called.
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new HandlerError(`prepare gave ${provider} ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not a body`);
      }
      const dropped = Object.keys(server[provider]).filter((k) => body[k] === undefined || body[k] === null);
      if (dropped.length > 0) throw new HandlerError(`prepare left out the server's own ${dropped.map((k) => `${provider}.${k}`).join(', ')}`);
    }
    const checked = checkProviderPayload(provider, body, server, { locale });
    if (checked.ok) payloads[provider] = checked.value;
    else errors.push(...checked.errors);
  }
  if (errors.some((e) => e.field.startsWith('server.'))) throw serverFieldsBroken(errors);
  if (errors.length > 0) throw invalid(errors, locale);
  return payloads;
}

/**
 * A server-owned field in the extras of a provider this request does not
 * ask for (`providers: ['verifik']` with `extras.equals.roleName`), or one
 * the server has not, is refused as it is for the chosen ones: such a
 * request was taken, its person (and key) holding a role the page chose.
 * The core refuses the fields every server owns there; this also refuses
 * those this server sets for that provider (its `serverFields`), which the
 * core is not handed for a provider it does not check. Only these extras
 * are handed to the core, and only when there are any.
 */
function refuseOthersServerFields(cfg, person, chosen, locale) {
  const extras = person.extras;
  if (!extras || typeof extras !== 'object' || Array.isArray(extras)) return;
  for (const p of PROVIDERS) {
    if (chosen.includes(p) || !Object.hasOwn(extras, p)) continue;
    const r = toProviderPayloads({ extras: { [p]: extras[p] } }, { [p]: cfg.serverFields[p] ?? {} }, { locale });
    const owned = r.ok ? [] : r.errors.filter((e) => e.code === 'FIELD_NOT_ALLOWED');
    if (owned.length > 0) throw invalid(owned, locale);
  }
}

/** The server's own fields (or what prepare made of them) are wrong: not the person's fault, a 500 that is logged. */
function serverFieldsBroken(errors) {
  return new HandlerError(`server fields rejected: ${errors.filter((e) => e.field.startsWith('server.')).map((e) => `${e.provider}.${e.field} ${e.code}`).join(', ')}`);
}

function invalid(errors, locale) {
  const notAllowed = errors.find((e) => e.code === 'FIELD_NOT_ALLOWED');
  if (notAllowed) {
    return new Refusal(400, 'FIELD_NOT_ALLOWED', WORDS[locale].serverOwned(), { field: notAllowed.field, errors });
  }
  return new Refusal(422, 'VALIDATION_FAILED', WORDS[locale].invalid(errors), { errors });
}

/**
 * `call` holding the Equals lock of the person (person-lock.mjs): a second
 * enrolment of them under another key waits, then its lookup finds them.
 * Held by another request past `waitMs`: Equals busy, retryable, nothing
 * sent. A store that fails at the lock: STORE_UNAVAILABLE, retryable,
 * nothing sent (unlocked, two keys of the person at once made two
 * personas). `unsent` (no lookup is a mere precaution next time) only where
 * nothing of this key had reached Equals before either (`precaution`): a
 * key whose earlier create may have made the person keeps that, so its next
 * try whose lookup cannot tell sends nothing. `save({ outcome, unsent })`
 * writes a call's outcome beside the lock's release (`saved: true` then).
 */
async function oneAtATime(cfg, body, locale, precaution, call, log, save) {
  const key = await personLockKey(body, cfg.idempotency.secret).catch(() => null);
  const held = await withPersonLock(cfg.store, key, cfg.idempotency, ({ mayExist }) => call(mayExist), ({ outcome }) => outcome.status === 'created' || outcome.status === 'exists' || mayHaveMade(outcome), save);
  if (held.ran) return { ...held.value, saved: true };
  if (held.storeFailed) {
    log('error', { event: 'enrol.store_failed', step: 'equals_lock', provider: 'equals', error: describe(held.storeFailed) });
    return { outcome: { status: 'failed', code: 'STORE_UNAVAILABLE', message: WORDS[locale].outcome.ours(LABELS.equals), retryable: true }, unsent: precaution };
  }
  const outcome = { status: 'failed', code: 'IN_PROGRESS', message: WORDS[locale].outcome.busy(LABELS.equals), retryable: true };
  return { outcome, unsent: precaution };
}

/**
 * `{ outcome, unsent }`: `unsent` when the call failed before its create left
 * (Equals and Verifik look every uncertain attempt up, so it made no person).
 * `precaution`: nothing of this key reached the provider, so a lookup first
 * is only a precaution, and a person it finds was there before.
 * `triedBefore`: an earlier request under this key sent a create that may
 * have made the person, so an "already there" may be its own.
 * `mayExist`: an enrolment of the person under another key made them or
 * may have (person-lock.mjs), so a lookup that cannot tell is no mere
 * precaution.
 */
async function callProvider(cfg, provider, payload, log, locale, lookFirst, precaution, triedBefore, mayExist) {
  const started = Date.now();
  const client = cfg.providers[provider].client;
  try {
    let r;
    try {
      r = await client.createPerson(payload, lookFirst ? { lookFirst } : undefined);
    } catch (err) {
      // A precautionary lookup that cannot tell does not stop the
      // enrolment: the create is sent as it would have been. Unless another
      // key's enrolment of the person made them or may have: nothing is sent.
      if (!(precaution && !mayExist && lookFirst && err?.code === 'OUTCOME_UNKNOWN' && err?.attempts === 0)) throw err;
      r = await client.createPerson(payload);
    }
    return { outcome: fromResult(provider, r, locale, precaution, triedBefore), unsent: false };
  } catch (err) {
    const outcome = fromError(provider, err, locale, triedBefore, canLookIn(provider, payload));
    const personal = personMarks(payload, cfg.serverFields[provider] ?? {});
    log(outcome.code === 'INTERNAL' ? 'error' : 'warn', {
      event: 'enrol.provider_failed', provider, code: outcome.code, status: err?.status, providerCode: loggable(err?.providerCode, personal),
      requestId: loggable(err?.requestId, personal), attempts: err?.attempts, ms: Date.now() - started,
      ...(outcome.code === 'INTERNAL' && { error: describe(err, { quoted: err?.name === 'PersonkitError' }) }),
    });
    // Horus repeats blindly within a call: its last attempt's refusal says nothing of the earlier ones.
    return { outcome, unsent: provider !== 'horus' && sentNothing(err) };
  }
}

/** Verifik looks for a person only in a collection (a body's `collections`): without one, nothing can tell. */
function canLookIn(provider, body) {
  return provider !== 'verifik' || (Array.isArray(body?.collections) && body.collections.length > 0);
}

async function authorize(cfg, request, words, log) {
  if (!cfg.authorize) return undefined;
  let auth;
  try {
    auth = await cfg.authorize(request);
  } catch (err) {
    const status = err?.status === 401 ? 401 : 403;
    // A bug in authorize would otherwise be silent 403s; its message may quote the request: the name only.
    if (status === 403) log('warn', { event: 'enrol.authorize_threw', error: describe(err, { quoted: false }) });
    throw new Refusal(status, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', status === 401 ? words.signIn() : words.forbidden());
  }
  // Any falsy answer refuses ('' for an empty header, 0, NaN): an authorize
  // written as `header?.length ?? false` must not let an empty one through.
  if (!auth) throw new Refusal(401, 'UNAUTHORIZED', words.signIn());
  // A refusal written as a return (a route's `return new Response(…, { status: 401 })`,
  // an auth service's fetch answer handed back, an Error) is truthy, and let
  // everyone in: neither is a session. A Response's 401 stays a 401.
  // Duck-typed too: a framework's own Response class, an Error of another realm.
  const returned = auth instanceof Response || (typeof auth === 'object' && typeof auth.status === 'number' && typeof auth.ok === 'boolean' && typeof auth.headers?.get === 'function')
    ? 'Response' : auth instanceof Error || Object.prototype.toString.call(auth) === '[object Error]' ? 'Error' : null;
  if (returned !== null) {
    const status = returned === 'Response' && auth.status === 401 ? 401 : 403;
    if (returned === 'Error' || (auth.status !== 401 && auth.status !== 403)) {
      log('warn', { event: 'enrol.authorize_refused', returned, ...(returned === 'Response' && { status: auth.status }) });
    }
    if (returned === 'Response') await Promise.resolve().then(() => auth.body?.cancel()).catch(() => {});
    throw new Refusal(status, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', status === 401 ? words.signIn() : words.forbidden());
  }
  return auth;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** `headers` with `name` added to its Vary (CORS may have set `vary: origin`). */
function withVary(headers, name) {
  const vary = headers?.vary;
  return { ...headers, vary: vary ? `${vary}, ${name}` : name };
}

function ordered(results, configured) {
  return Object.fromEntries(configured.map((p) => [p, results[p]]));
}

function json(status, value, headers = {}) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

function errorResponse(status, code, message, extra, cors, headers) {
  return json(status, { error: { code, message, ...extra } }, { ...(cors ?? {}), ...NO_STORE, ...headers });
}

/**
 * An error as a log may hold it, never a body or a value. A PersonkitError
 * gives its technical text (written to hold no personal data). Code of
 * yours that is handed the person (a client of your own, `prepare`) may
 * quote it in a message: with `quoted: false` only its name and code are kept.
 */
function describe(err, { quoted = true } = {}) {
  if (err?.name === 'PersonkitError' && typeof err.detail === 'string') return { name: err.name, code: err.code, message: err.detail.slice(0, 300) };
  // A callback's error may be named after the person: a name or code only when shaped like one.
  const named = { name: typeof err?.name === 'string' ? nameLike(err.name) ?? 'Error' : typeof err, code: nameLike(err?.code) };
  if (!quoted) return named;
  const text = err?.message;
  return { ...named, message: typeof text === 'string' ? text.slice(0, 300) : String(err).slice(0, 300) };
}

/** The handler's own failures (server fields broken by prepare): their text names fields, never values. */
class HandlerError extends Error {}

/** `log(level, fields)`: pino-style `logger[level](fields, msg)`; nothing without a logger. */
function logWith(logger) {
  if (!logger) return () => {};
  return (level, fields) => {
    const f = logger[level];
    if (typeof f === 'function') {
      try { f.call(logger, fields, fields.event); } catch { /* a logger must not break a request */ }
    }
  };
}
