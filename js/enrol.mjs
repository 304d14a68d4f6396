// enrol(person, options): the page's half of personkit/server. It checks the
// person with the same table the server uses (toProviderPayloads), sends it
// once with one Idempotency-Key, photos as multipart parts (File/Blob as they
// are), and reports each provider's outcome as its ndjson line arrives.
//
// The key: options.idempotencyKey, or one made for this person object on
// first use and kept (a WeakMap), so a double click or a "Try again" with the
// same object is the same enrolment, and the server never creates twice.
// A changed person is a new object, hence a new enrolment.
const PROVIDERS = ['verifik', 'equals', 'horus'];
// Shared through a registered symbol, so the CommonJS entry's idempotencyKeyFor sees the same keys.
const keys = (globalThis[Symbol.for('personkit.enrolKeys')] ??= new WeakMap());

/** The idempotency key enrol() uses for `person` (made once per object). */
export function idempotencyKeyFor(person) {
  if (!person || typeof person !== 'object') throw new TypeError('idempotencyKeyFor: pass the person object');
  let key = keys.get(person);
  if (key === undefined) {
    key = `pk-${randomId()}`;
    keys.set(person, key);
  }
  return key;
}

/** 128 random bits as hex: crypto.getRandomValues works in every context (randomUUID only in secure ones, and a phone on the LAN opens the demo over http). */
function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const isBlob = (v) => typeof Blob !== 'undefined' && v instanceof Blob;
const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

/** enrol() bound to the package's wasm functions (each entry makes one). */
export function makeEnrol({ toProviderPayloads, encodeImage, PersonkitError }) {
  const error = (code, message, details) => new PersonkitError(code, message, details);

  /** The person with each photo as the server will see it (raw base64), or the photo errors. */
  async function checked(person, providers, words) {
    const photos = Array.isArray(person.photos) ? person.photos : null;
    const errors = [];
    let encoded = photos;
    if (photos?.some(isBlob)) {
      encoded = await Promise.all(photos.map(async (p, i) => {
        if (!isBlob(p)) return p;
        try {
          return (await encodeImage(p)).base64;
        } catch (err) {
          errors.push({ field: `photos[${i}]`, code: err?.code ?? 'INVALID_IMAGE_FORMAT', message: `photo ${i + 1}: ${err?.message ?? 'not a usable photo'}` });
          return '';
        }
      }));
    }
    const server = Object.fromEntries(providers.map((p) => [p, true]));
    const mapped = toProviderPayloads({ ...person, ...(encoded && { photos: encoded }) }, server, words);
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

  return async function enrol(person, options = {}) {
    const { endpoint, providers, idempotencyKey, signal, onProgress, headers, fetch: fetchFn = globalThis.fetch, locale, messages } = options;
    if (!person || typeof person !== 'object' || Array.isArray(person)) throw error('INVALID_TYPE', 'enrol: the person must be an object');
    if (typeof endpoint !== 'string' || endpoint === '') throw error('INVALID_OPTIONS', 'enrol: endpoint is required (your backend route)', { field: 'endpoint' });
    if (providers !== undefined && (!Array.isArray(providers) || providers.some((p) => !PROVIDERS.includes(p)))) {
      throw error('INVALID_OPTIONS', 'enrol: providers must be a list among verifik, equals and horus', { field: 'providers' });
    }
    // `locale` and `messages`, as the validators take them, word the errors found before sending.
    const errors = await checked(person, providers ?? PROVIDERS, { locale, messages });
    if (errors.length > 0) {
      throw error('VALIDATION_FAILED', `invalid person: ${errors[0].field}: ${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, { errors });
    }
    const key = idempotencyKey ?? idempotencyKeyFor(person);
    const { body, type } = requestBody(person, providers);
    const init = {
      method: 'POST', body, signal, credentials: 'same-origin',
      headers: { ...headers, 'idempotency-key': key, accept: 'application/x-ndjson', ...(type && { 'content-type': type }) },
    };
    // 409 IN_PROGRESS: the same enrolment is running (a double click, another tab): wait for it.
    for (let attempt = 0; ; attempt += 1) {
      let res;
      try {
        res = await fetchFn(endpoint, init);
      } catch (err) {
        if (signal?.aborted) throw error('ABORTED', 'enrol: aborted', { cause: signal.reason });
        throw error('NETWORK', 'the server could not be reached; your details were kept, try again', { cause: err });
      }
      if (res.status === 409 && attempt < 5) {
        await res.body?.cancel().catch(() => {});
        await sleep(Math.min(1000 * 2 ** attempt, 5000), signal);
        continue;
      }
      if (!res.ok) throw await serverError(res);
      return read(res, onProgress);
    }
  };

  async function serverError(res) {
    let e = null;
    try { e = (await res.json())?.error; } catch { /* not JSON */ }
    const code = typeof e?.code === 'string' ? e.code : 'SERVER_ERROR';
    return error(code, typeof e?.message === 'string' ? e.message : `the server answered ${res.status}`, {
      status: res.status, errors: Array.isArray(e?.errors) ? e.errors : [], field: e?.field,
    });
  }

  async function read(res, onProgress) {
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('ndjson') || !res.body) {
      const summary = await res.json();
      for (const [p, o] of Object.entries(summary.results ?? {})) onProgress?.(p, o);
      return summary;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let summary = null;
    const line = (text) => {
      if (!text.trim()) return;
      const v = JSON.parse(text);
      if (v.provider && v.outcome) onProgress?.(v.provider, v.outcome);
      else if (v.results) summary = v;
      else if (v.error) throw error(v.error.code ?? 'SERVER_ERROR', v.error.message ?? 'the server failed');
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        line(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    }
    line(buffer);
    if (!summary) throw error('NETWORK', 'the answer was cut off; try again (nothing will be created twice)');
    return summary;
  }
}
