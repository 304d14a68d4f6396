// Settling, on a later run, a create whose outcome nobody saw (a "start"
// without an "end", or OUTCOME_UNKNOWN): the same lookups the clients make
// after an uncertain attempt, built here with fetch and the same credentials
// (the clients do not expose theirs). Horus needs none: a repeat answers
// "already exists". Returns { found: outcome } | { found: null } | { error: code }.

const LIMIT = 100;
/** Pages of Equals people read at most before the outcome stays unknown. */
const MAX_PAGES = 1000;
/** Verifik people listed at most before the outcome stays unknown. */
const MAX_PERSONS = LIMIT * MAX_PAGES;
/**
 * The bytes of people one Verifik page is sized to hold, as the clients
 * size theirs (src/providers/verifik/lookup.rs): the list shows each person
 * whole, photos included, so 100 people with a phone's photos are
 * gigabytes, more than one JSON text can hold.
 */
const PAGE_BYTES = 32 * 2 ** 20;

// Both sides trimmed and case folded, as the clients compare (they fold
// Latin, Greek and Cyrillic, ÑANDÚ = ñandú; this folds every script).
const fold = (s) => (typeof s === 'string' ? s.trim().toLowerCase() : '');

async function getJson(fetchFn, url, headers, timeoutMs) {
  // A timer cleared once the answer is read, not AbortSignal.timeout: with a
  // lookup before every Equals create, each one's signal would otherwise stay
  // alive for the whole timeout (tens of thousands at once in a long run).
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new DOMException('the lookup timed out', 'TimeoutError')), timeoutMs);
  try {
    let res;
    try {
      // A string, as the clients hand the same `fetch` theirs (a wrapper may read it as one).
      res = await fetchFn(String(url), { headers, redirect: 'error', signal: stop.signal });
    } catch (err) {
      if (stop.signal.aborted) throw lookupError('the lookup timed out');
      // Its message may quote the URL, whose query holds the email (node-fetch's "request to <url> failed"): the name and code only.
      throw lookupError(`the lookup got no answer (${[err?.name, err?.cause?.code ?? err?.code].filter((v) => typeof v === 'string').join(' ')})`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      const e = new Error(`lookup answered http ${res.status}`);
      e.code = res.status === 429 ? 'RATE_LIMITED' : res.status === 401 || res.status === 403 ? 'UNAUTHORIZED' : 'LOOKUP_FAILED';
      // In seconds, as a client's RATE_LIMITED has it: the lane pauses for it (`Lane#rateLimited`).
      if (res.status === 429) e.retryAfter = retryAfter(res.headers.get('retry-after'));
      throw e;
    }
    try {
      return await res.json();
    } catch {
      if (stop.signal.aborted) throw lookupError('the lookup timed out');
      // JSON.parse's message quotes the answer's first characters: an echo of the credential or of the people listed.
      throw lookupError(`the lookup's answer (http ${res.status}) could not be read as JSON`);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** `Retry-After` in seconds: delta-seconds or an HTTP-date; undefined for neither (the lane then waits 1 s). */
function retryAfter(value) {
  if (value === null) return undefined;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

const lookupError = (message) => Object.assign(new Error(message), { code: 'LOOKUP_FAILED' });

/** Equals: GET /v2/people?accountId=&search=<email>; a row with the email on the account is the person. */
export async function lookUpEquals(cfg, payload) {
  const email = fold(payload.emailAddress);
  // The search matches parts of emails: every page is read, since the person may be on any of them.
  for (let offset = 0, page = 0; page < MAX_PAGES; page += 1) {
    const url = new URL('/v2/people', cfg.baseUrl);
    url.search = new URLSearchParams({ accountId: payload.accountId, search: payload.emailAddress, limit: String(LIMIT), offset: String(offset) }).toString();
    const body = await getJson(cfg.fetch, url, { ...cfg.headers, authorization: `ApiKey ${cfg.apiKey}`, accept: 'application/json' }, cfg.timeoutMs);
    if (!Array.isArray(body?.rows)) throw Object.assign(new Error('the list of people has no rows'), { code: 'LOOKUP_FAILED' });
    const row = body.rows.find((r) => {
      const emails = [r?.primaryEmailAddress, r?.emailAddress, r?.persona?.emailAddress].map(fold);
      const account = r?.persona?.accountId;
      return emails.includes(email) && (account === undefined || account === payload.accountId);
    });
    if (row) return { status: 'created', id: String(row.id), personaId: row.persona?.id, reconciled: true };
    offset += body.rows.length;
    if (typeof body.count !== 'number' || offset >= body.count) return null;
    // A page that adds nothing while the count says more: the list cannot be read to its end.
    if (body.rows.length === 0) break;
  }
  throw Object.assign(new Error('the list of people could not be read to its end'), { code: 'LOOKUP_FAILED' });
}

/** A date of birth as Verifik may give it: "YYYY-MM-DD" or { year, month, day }. */
function civil(d) {
  if (d === null || d === undefined) return null;
  if (typeof d === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
    return m ? `${+m[1]}-${+m[2]}-${+m[3]}` : d;
  }
  if (typeof d === 'object') return `${d.year}-${d.month}-${d.day}`;
  return String(d);
}

/**
 * Verifik: the persons of the first collection, page by page, looking for
 * the same name and date of birth (Verifik's own "same person"). One scan
 * per run answers every unknown row of that collection (`cache`).
 */
export async function lookUpVerifik(cfg, payload, cache) {
  const collection = payload.collections?.[0];
  if (typeof collection !== 'string') throw Object.assign(new Error('a person sent without collections cannot be looked for'), { code: 'NO_LOOKUP' });
  let index = cache.get(collection);
  if (index === undefined) {
    // Its people are taken to be the size of this one (the photos of one collection are alike).
    const bytes = (Array.isArray(payload.images) ? payload.images : []).reduce((n, i) => n + (typeof i === 'string' ? i.length : 0), 1024);
    index = scanVerifik(cfg, collection, Math.min(LIMIT, Math.max(1, Math.floor(PAGE_BYTES / bytes))));
    cache.set(collection, index);
    index.catch(() => cache.delete(collection)); // a failed scan is tried again by the next row
  }
  const found = (await index).get(`${fold(payload.name)}|${civil(payload.date_of_birth)}`);
  return found ? { status: 'created', id: found, reconciled: true } : null;
}

async function scanVerifik(cfg, collection, rows) {
  const index = new Map();
  const pages = Math.ceil(MAX_PERSONS / rows);
  for (let page = 1; page <= pages; page += 1) {
    const url = new URL('/v2/face-recognition/persons', cfg.baseUrl);
    url.search = new URLSearchParams({ collection, page: String(page), limit: String(rows) }).toString();
    const body = await getJson(cfg.fetch, url, { ...cfg.headers, authorization: `Bearer ${cfg.token}`, accept: 'application/json' }, cfg.timeoutMs);
    if (!Array.isArray(body?.data)) throw Object.assign(new Error('the list of persons has no data'), { code: 'LOOKUP_FAILED' });
    for (const p of body.data) {
      const id = p?._id ?? p?.id;
      if (typeof id === 'string') index.set(`${fold(p.name)}|${civil(p.date_of_birth)}`, id);
    }
    if (page >= (Number(body.pagination?.pages) || 1)) return index;
  }
  throw Object.assign(new Error(`collection ${collection} has more than ${MAX_PERSONS} persons`), { code: 'LOOKUP_FAILED' });
}
