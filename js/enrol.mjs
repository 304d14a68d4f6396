// enrol(person, options): the page's half of personkit/server. It checks the
// person with the same table the server uses (toProviderPayloads), sends it
// once with one Idempotency-Key, photos as multipart parts (File/Blob as they
// are, bytes as a Blob), and reports each provider's outcome as its ndjson line arrives.
//
// The key: options.idempotencyKey (or one in options.headers), else idempotencyKeyFor(person) (enrol-keys.mjs):
// an equal person (the same object, or one built again) gets the same key for
// the tab's life (a reload too), so a double click or a "Try again" is the same
// enrolment and the server never creates twice; a person edited since is a
// new key. Its File/Blob photos are read first, so they count by their bytes.
//
// Every rejection is a PersonkitError worded in the call's locale (its
// `locale` option, else setLocale's), an abort included wherever it happens.
import { idempotencyKeyFor, readPhotos, isBlob, dropKey, isFileList, photoList } from './enrol-keys.mjs';
import { pickLocale, wordsFor, photoError, serverWords, summaryOf, FOR_DEVELOPERS } from './enrol-messages.mjs';

export { idempotencyKeyFor };

const PROVIDERS = ['verifik', 'equals', 'horus'];
/** The codes that say a field lacks a value, not that its value is wrong. */
const LACKING = ['REQUIRED', 'TOO_FEW', 'EMPTY'];
const CREDENTIALS = ['omit', 'same-origin', 'include'];
/** The options enrol() reads: any other is a typo, refused as the clients refuse theirs (`credential` ignored sent no cookie). */
const OPTIONS = ['endpoint', 'providers', 'idempotencyKey', 'signal', 'onProgress', 'headers', 'fetch', 'credentials', 'locale', 'messages'];
/** The option `key` most likely meant: the same but for case, `-` and `_`, or one it starts or that starts it (4+ letters). */
function meant(key) {
  const n = (s) => s.toLowerCase().replace(/[-_]/g, '');
  const k = n(key);
  return OPTIONS.find((o) => n(o) === k) ?? (k.length >= 4 ? OPTIONS.find((o) => n(o).startsWith(k) || k.startsWith(n(o))) : undefined);
}
/** A refusal without personkit/server's JSON (a proxy's page), by its status. */
const BY_STATUS = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 413: 'PAYLOAD_TOO_LARGE', 429: 'RATE_LIMITED' };
/** An Idempotency-Key personkit/server takes (js/server/handler.mjs): 1 to 255 visible ASCII characters. */
const KEY = /^[\x21-\x7e]{1,255}$/;

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) return reject(signal.reason);
  const stop = () => { clearTimeout(t); reject(signal.reason); };
  // The listener goes with the wait: a page-wide signal would keep one per 409 otherwise.
  const t = setTimeout(() => { signal?.removeEventListener('abort', stop); resolve(); }, ms);
  signal?.addEventListener('abort', stop, { once: true });
});

/**
 * The person with other photos (base64 for the check, Blobs for bytes). A member whose
 * getter throws stays one that throws, so the check names its field (as
 * toProviderPayloads does for the person itself), not the whole person.
 */
function withPhotos(person, photos) {
  const copy = {};
  for (const k of Object.keys(person)) {
    if (k === 'photos') {
      copy.photos = photos;
      continue;
    }
    try {
      copy[k] = person[k];
    } catch (err) {
      Object.defineProperty(copy, k, { enumerable: true, get() { throw err; } });
    }
  }
  return copy;
}

/** Whether fetch can send to `endpoint`: an http(s) URL once resolved against the page's address, if there is one. */
function sendable(endpoint) {
  try {
    // The document's base URL, as fetch resolves it (an about:srcdoc frame's is its parent's).
    return /^https?:$/.test(new URL(endpoint, globalThis.document?.baseURI ?? globalThis.location?.href).protocol);
  } catch {
    return false;
  }
}

/** Whether a 409 is personkit/server's IN_PROGRESS (read from a copy: a refusal's body is read again after). */
async function inProgress(res) {
  try {
    return (await res.clone().json())?.error?.code === 'IN_PROGRESS';
  } catch {
    return false;
  }
}

const isBytes = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
/**
 * The person with its photos as an array of what is sent: a FileList
 * (`photos: input.files`, as a form hands them over) as its files, and
 * bytes (a Uint8Array, an ArrayBuffer), as the clients and encodeImage take
 * them, as files. The key reads a FileList as that array too (enrol-keys.mjs).
 */
function asSent(person) {
  const given = person.photos;
  const photos = photoList(given);
  if (photos === null || (!isFileList(given) && !photos.some(isBytes))) return person;
  return withPhotos(person, photos.map((p) => (isBytes(p) ? new Blob([p]) : p)));
}

/** enrol() bound to the package's wasm functions (each entry makes one). */
export function makeEnrol({ toProviderPayloads, encodeImage, PersonkitError, getLocale }) {
  // A cause as kept: its name, code and message, not its other properties,
  // where a fetch wrapper's error holds the request (its headers, the person).
  const bare = (e) => (e instanceof Error ? { name: e.name, code: e.code, message: e.message } : e);
  /** A PersonkitError in the call's words (`words`: { locale, messages }). */
  const error = (words, code, detail, details = {}, s = {}) => {
    const { message } = wordsFor(words.locale, words.messages, code, details.field ?? '', detail, s);
    return new PersonkitError(code, message, { ...details, detail });
  };

  /**
   * The person's errors, photos checked as the server will see them (raw
   * base64). Without `providers` the page cannot know which systems the
   * server creates in, so what a field lacks (REQUIRED, TOO_FEW, and EMPTY:
   * a form's empty field is "") is left to the server's 422, which names it
   * in the same words: a Verifik-only server takes a person without an
   * email, which Equals and Horus need.
   */
  async function checked(person, providers, words) {
    const errors = await allErrors(person, providers ?? PROVIDERS, words);
    return providers ? errors : errors.filter((e) => !LACKING.includes(e.code));
  }

  async function allErrors(person, providers, words) {
    const photos = Array.isArray(person.photos) ? person.photos : null;
    const errors = [];
    let encoded = photos;
    if (photos?.some(isBlob)) {
      encoded = await Promise.all(photos.map(async (p, i) => {
        if (!isBlob(p)) return p;
        try {
          return (await encodeImage(p)).base64;
        } catch (err) {
          const detail = typeof err?.detail === 'string' ? err.detail : String(err?.message ?? 'not a usable photo');
          errors.push(photoError(words.locale, words.messages, i, err?.code ?? 'INVALID_IMAGE_FORMAT', detail));
          return '';
        }
      }));
    }
    const server = Object.fromEntries(providers.map((p) => [p, true]));
    const mapped = toProviderPayloads(encoded === photos ? person : withPhotos(person, encoded), server, words);
    if (!mapped.ok) errors.push(...mapped.errors.filter((e) => !(errors.length && /^photos\[/.test(e.field) && errors.some((x) => x.field === e.field))));
    return errors;
  }

  function requestBody(person, providers) {
    const photos = Array.isArray(person.photos) ? person.photos : [];
    if (!photos.some(isBlob)) {
      return { body: JSON.stringify({ person, ...(providers && { providers }) }), type: 'application/json' };
    }
    const form = new FormData();
    const { photos: _, ...rest } = person;
    form.append('person', JSON.stringify(rest));
    photos.forEach((p, i) => (isBlob(p) ? form.append('photos', p, p.name || `photo-${i + 1}`) : form.append('photos', p)));
    if (providers) form.append('providers', JSON.stringify(providers));
    return { body: form, type: null };
  }

  // Declared before enrol() is returned: a const after the return stays
  // uninitialised, and every answer that is not JSON threw a ReferenceError.
  const notJson = (words) => error(words, 'BAD_RESPONSE', 'enrol: the answer is not the JSON personkit/server sends');
  const cutOff = (words, detail) => error(words, 'NETWORK', detail, {}, { why: 'cut off' });
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  return async function enrol(person, options = {}) {
    const { endpoint, providers, idempotencyKey, signal, onProgress, headers, fetch: fetchFn = globalThis.fetch, locale, messages, credentials = 'same-origin' } = options;
    // The call's locale, else the default; a language personkit has no words in is the default too, as for the validators.
    const words = { locale: pickLocale(locale) ?? pickLocale(getLocale?.()) ?? 'en', messages };
    let list;
    try { list = Array.isArray(person); } catch { list = true; } // a revoked proxy
    if (!person || typeof person !== 'object' || list) throw error(words, 'INVALID_TYPE', 'enrol: the person must be an object');
    if (typeof endpoint !== 'string' || endpoint === '') throw error(words, 'INVALID_OPTIONS', 'enrol: endpoint is required (your backend route)', { field: 'endpoint' });
    // As the server takes it: at least one, each once (it refuses [] and a name twice with 400).
    if (providers !== undefined && (!Array.isArray(providers) || providers.length === 0 || new Set(providers).size !== providers.length || providers.some((p) => !PROVIDERS.includes(p)))) {
      throw error(words, 'INVALID_OPTIONS', 'enrol: providers must be a list of distinct names among verifik, equals and horus (at least one)', { field: 'providers' });
    }
    // Found wrong only once sent: an onProgress that is not a function threw at the first line, after the server had run.
    for (const [name, ok] of [
      ['onProgress', onProgress == null || typeof onProgress === 'function'],
      // removeEventListener too: a wait takes its listener off (a 409's), as the clients' calls do.
      ['signal', signal == null || (typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function'
        && typeof signal.removeEventListener === 'function')],
      ['fetch', typeof fetchFn === 'function'],
    ]) {
      if (!ok) throw error(words, 'INVALID_OPTIONS', `enrol: ${name} must be ${name === 'signal' ? 'an AbortSignal' : 'a function'}`, { field: name });
    }
    let keys;
    try { keys = Object.keys(options); } catch { keys = []; } // a revoked proxy: its members were read above
    const unknown = keys.find((k) => !OPTIONS.includes(k));
    if (unknown !== undefined) {
      const shown = unknown.slice(0, 40);
      const hint = meant(unknown);
      throw error(words, 'INVALID_OPTIONS', `enrol: unknown option ${shown}${hint ? ` (did you mean ${hint}?)` : ''}; the options are ${OPTIONS.join(', ')}`, { field: shown });
    }
    let sent;
    try {
      sent = new Headers(headers);
    } catch {
      throw error(words, 'INVALID_OPTIONS', 'enrol: headers must be header names and values', { field: 'headers' });
    }
    // Refused here, not by the server after the photos went up ('' or a key
    // with a space was its 400; a line break or '€' a TypeError from Headers).
    const badKey = (field) => error(words, 'INVALID_OPTIONS', `enrol: ${field === 'headers' ? 'the Idempotency-Key in headers' : 'idempotencyKey'} must be 1 to 255 visible ASCII characters (no spaces), as personkit/server takes it, or left out`, { field });
    if (idempotencyKey != null && !(typeof idempotencyKey === 'string' && KEY.test(idempotencyKey))) throw badKey('idempotencyKey');
    // One the page put in headers (kept to survive a reload) is its key: it was replaced by a made one.
    const inHeaders = sent.get('idempotency-key');
    if (inHeaders !== null && !KEY.test(inHeaders)) throw badKey('headers');
    if (inHeaders !== null && idempotencyKey != null && inHeaders !== idempotencyKey) {
      throw error(words, 'INVALID_OPTIONS', 'enrol: idempotencyKey and the Idempotency-Key in headers differ: give one', { field: 'idempotencyKey' });
    }
    const given = idempotencyKey ?? inHeaders;
    if (!CREDENTIALS.includes(credentials)) {
      throw error(words, 'INVALID_OPTIONS', "enrol: credentials must be 'omit', 'same-origin' or 'include'", { field: 'credentials' });
    }
    // A person that cannot be read (a getter that throws, a revoked proxy) is
    // refused as one that is not an object is, not with whatever it threw.
    const unreadable = (err) => (err instanceof PersonkitError ? err
      : error(words, 'INVALID_TYPE', 'enrol: the person could not be read (a getter or proxy threw)', { cause: bare(err) }));
    let errors;
    try {
      errors = await checked(asSent(person), providers, words);
    } catch (err) {
      throw unreadable(err);
    }
    if (errors.length > 0) {
      const named = [...new Set(errors.map((e) => `${e.field} ${e.code}`))];
      throw error(words, 'VALIDATION_FAILED', `enrol: invalid person: ${named.slice(0, 5).join(', ')}${named.length > 5 ? ` (and ${named.length - 5} more)` : ''}`, { errors }, summaryOf(errors));
    }
    let key;
    let body;
    let type;
    try {
      // Read before keying, so a File/Blob photo counts by its bytes.
      if (given == null) await readPhotos(person);
      key = given ?? idempotencyKeyFor(person);
      // From the person as it is now, as the key is: a copy taken before the
      // checks sent what a reactive form held then under the key of what it
      // holds now, and "Try again" was refused IDEMPOTENCY_KEY_REUSED.
      ({ body, type } = requestBody(asSent(person), providers));
    } catch (err) {
      throw unreadable(err);
    }
    sent.set('idempotency-key', key);
    sent.set('accept', 'application/x-ndjson');
    // So the server words its outcomes and refusals in the page's language.
    sent.set('accept-language', words.locale);
    // The body's type is enrol's: a multipart body's is fetch's to write (with its boundary), whatever `headers` said.
    if (type) sent.set('content-type', type);
    else sent.delete('content-type');
    // A redirect is not followed: a 307/308 would send the person, photos
    // included, on to whatever address the answer names, and that address's
    // answer would be taken for the server's (the clients refuse redirects too).
    const init = { method: 'POST', body, signal, credentials, headers: sent, redirect: 'manual' };
    const aborted = () => error(words, 'ABORTED', 'enrol: aborted', { cause: signal.reason });
    // Reading the answer can fail too: an abort, or the connection broke (the
    // server goes on, and the same call again gets what it stored).
    const broken = (err) => (signal?.aborted ? aborted() : error(words, 'NETWORK', 'enrol: the answer was cut off', { cause: bare(err) }, { why: 'cut off' }));
    // 409 IN_PROGRESS: the same enrolment is running (a double click, another tab): wait for it.
    for (let attempt = 0; ; attempt += 1) {
      let res;
      try {
        res = await fetchFn(endpoint, init);
      } catch (err) {
        if (signal?.aborted) throw aborted();
        // An endpoint the runtime's fetch cannot send to is the page's setup,
        // not a server out of reach: a path outside a page (Node has no
        // location to resolve '/api/enrol' against), another scheme.
        if (options.fetch === undefined && !sendable(endpoint)) {
          throw error(words, 'INVALID_OPTIONS', 'enrol: endpoint must be an http(s) URL, or a path in a page (outside a page, give the whole URL)', { field: 'endpoint', cause: bare(err) });
        }
        throw error(words, 'NETWORK', 'enrol: the server could not be reached', { cause: bare(err) });
      }
      // Only personkit/server's IN_PROGRESS is waited out; another backend's 409 is its refusal, at once.
      if (res.status === 409 && attempt < 5 && await inProgress(res)) {
        await res.body?.cancel().catch(() => {});
        const asked = Number(res.headers.get('retry-after')) * 1000;
        try {
          await sleep(Math.min(Math.max(1000 * 2 ** attempt, asked > 0 ? asked : 0), 5000), signal);
        } catch {
          throw aborted();
        }
        continue;
      }
      // A browser hands over an opaque redirect (status 0); Node the 3xx itself.
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
        await res.body?.cancel().catch(() => {});
        throw error(words, 'BAD_RESPONSE', `enrol: the endpoint answered with a redirect${res.status ? ` (${res.status})` : ''}, which is not followed (the person is never sent on to another address): set endpoint to the route's own URL`, { status: res.status || undefined });
      }
      const answer = () => res.text().catch((err) => { throw broken(err); });
      if (!res.ok) {
        const refusal = await serverError(res, answer, words);
        // A key of ours the server holds for other details: the next send gets a new one (one the page gave stays its own).
        if (refusal.code === 'IDEMPOTENCY_KEY_REUSED' && given == null) dropKey(key);
        throw refusal;
      }
      return read(res, answer, broken, onProgress, words, signal);
    }
  };

  async function serverError(res, answer, words) {
    let e = null;
    const text = await answer();
    try { e = JSON.parse(text)?.error; } catch { /* not JSON */ }
    // Not the server's JSON (a proxy's or platform's HTML page): named by its status, so a 413 says "smaller photos", not "try again later".
    const code = typeof e?.code === 'string' ? e.code : BY_STATUS[res.status] ?? 'SERVER_ERROR';
    // Its field errors in the call's `messages`, as the same errors found here would be.
    const errors = Array.isArray(e?.errors) ? e.errors.map((x) => serverWords(words.locale, words.messages, x)) : [];
    const details = { status: res.status, errors, field: e?.field };
    // The server's own words (it read accept-language); ours when it gave none,
    // or gave its developer's English (kept in detail).
    const said = typeof e?.message === 'string' ? e.message : undefined;
    if (said !== undefined && !FOR_DEVELOPERS.includes(code)) return new PersonkitError(code, said, { ...details, detail: `enrol: the server answered ${res.status} ${code}` });
    // A 422 without a summary (another backend's) is summed up from its field errors, as a refusal found here is.
    return error(words, code, `enrol: the server answered ${res.status}${said === undefined ? '' : ` ${code}: ${said}`}`, details, summaryOf(errors));
  }

  async function read(res, answer, broken, onProgress, words, signal) {
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('ndjson')) {
      let summary;
      try { summary = JSON.parse(await answer()); } catch (err) { throw err instanceof PersonkitError ? err : notJson(words); }
      // What resolves is a summary: `null` or `{}` from something else in the way left the page reading `.results` of nothing.
      if (!isObject(summary) || !isObject(summary.results)) throw notJson(words);
      for (const [p, o] of Object.entries(summary.results)) onProgress?.(p, o);
      return summary;
    }
    let buffer = '';
    let summary = null;
    // `last`: the text after the last newline. The server ends every line
    // with one, so a last line that does not parse was cut off on the way.
    const line = (text, last = false) => {
      if (!text.trim()) return;
      let v;
      try { v = JSON.parse(text); } catch { throw last ? cutOff(words, 'enrol: the answer\'s last line was cut off') : notJson(words); }
      if (!isObject(v)) throw notJson(words);
      if (v.provider && v.outcome) onProgress?.(v.provider, v.outcome);
      else if (Object.hasOwn(v, 'results')) {
        // As in a JSON answer: `{ results: 5 }` is not a summary a page can read.
        if (!isObject(v.results)) throw notJson(words);
        summary = v;
      }
      else if (v.error) {
        const code = typeof v.error.code === 'string' ? v.error.code.slice(0, 64) : 'SERVER_ERROR';
        // `detail` as on every other rejection: a log reading it got undefined.
        const detail = `enrol: the server failed while answering (${code})`;
        throw typeof v.error.message === 'string' ? new PersonkitError(code, v.error.message, { detail }) : error(words, code, detail);
      }
    };
    if (!res.body) {
      // A fetch whose answers do not stream (a whatwg-fetch polyfill): the lines all at once.
      const lines = (await answer()).split('\n');
      const last = lines.pop();
      for (const text of lines) {
        if (signal?.aborted) throw broken(signal.reason);
        line(text);
      }
      line(last, true);
      if (!summary) throw cutOff(words, 'enrol: the answer ended before its summary');
      return summary;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        let next;
        try {
          next = await reader.read();
        } catch (err) {
          // The summary is the server's last line: dropped after it, the answer is whole.
          if (summary && !signal?.aborted && !buffer.trim()) break;
          throw broken(err);
        }
        const { done, value } = next;
        if (done) break;
        buffer += value;
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          // Aborted (perhaps by onProgress itself): no line after it reaches the page.
          if (signal?.aborted) throw broken(signal.reason);
          line(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
      }
      line(buffer, true);
    } catch (err) {
      // Whatever stops the reading (an abort, a line that is not the server's, onProgress throwing) lets go of the answer.
      reader.cancel().catch(() => {});
      throw err;
    }
    if (!summary) throw cutOff(words, 'enrol: the answer ended before its summary');
    return summary;
  }
}
