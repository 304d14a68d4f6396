// The only code that calls fetch. `run` is a call's attempt loop: it sends,
// reads the whole answer or says exactly how the attempt failed, and asks Rust
// (`calls`, the client's engine) what that means: the result, a wait before
// the next attempt, or the error. The retry policy itself is Rust's: it tells
// a request that never left (safe to repeat) from one that may have created a
// person.

const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

// Redirects are never followed: a create must not be re-sent, with its body
// and credentials, to wherever a server points. Node's fetch (undici) gets
// 'error', and with `window: null` (the spec's "no window") it skips the copy
// of each request it keeps for following one. Elsewhere 'manual': a browser
// hands over an opaque redirect, Cloudflare Workers (which refuse 'error',
// even with a `process`) the 3xx itself; either is reported as a redirect.
const NODE = typeof process === 'object' && process !== null && !!(process.versions && process.versions.node);
const WORKERS = !!globalThis.navigator && globalThis.navigator.userAgent === 'Cloudflare-Workers';
const REDIRECT = NODE && !WORKERS ? 'error' : 'manual';

function failure(kind, cause) {
  return { kind, cause };
}

// Resolves [status, body: Uint8Array, headers, name, value, name, value...]
// with the response headers named in `wanted` (lower case: the ones the Rust
// parsers read) for an error answer, or always when `headersAlways` (else
// Rust reads them from `headers` if it needs them after all); or rejects with
// { kind: 'timeout' | 'aborted' | 'network-before-send' | 'network' | 'redirect', cause }.
// `headers` is the client's own object, made once: fetch gets a copy, plus
// this call's `extraName: extraValue` when there is one.
export async function sendOnce(fetchFn, url, method, headers, extraName, extraValue, body, timeoutMs, userSignal, wanted, headersAlways) {
  if (userSignal && userSignal.aborted) throw failure('aborted', userSignal.reason);
  const sent = { ...headers };
  if (extraName !== undefined) sent[extraName] = extraValue;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  const onAbort = () => controller.abort(userSignal.reason);
  if (userSignal) userSignal.addEventListener('abort', onAbort, { once: true });
  try {
    const init = { method, headers: sent, signal: controller.signal, redirect: REDIRECT, window: null };
    if (body && body.length) init.body = body;
    const res = await (fetchFn ? fetchFn(url, init) : globalThis.fetch(url, init));
    if (res.type !== 'opaqueredirect') {
      // Reading the body is part of the deadline: a server that stalls mid-body times out too.
      const out = [res.status, new Uint8Array(await res.arrayBuffer()), res.headers];
      if (headersAlways || res.status < 200 || res.status >= 300) readHeaders(res.headers, wanted, out);
      return out;
    }
  } catch (err) {
    if (timedOut) throw failure('timeout', err);
    if (userSignal && userSignal.aborted) throw failure('aborted', userSignal.reason);
    const code = err && err.cause && err.cause.code;
    // redirect: 'error' (Node's fetch names the reason).
    if (err && err.cause && err.cause.message === 'unexpected redirect') throw failure('redirect', err);
    throw failure(code && BEFORE_SEND.has(code) ? 'network-before-send' : 'network', err);
  } finally {
    clearTimeout(timer);
    if (userSignal) userSignal.removeEventListener('abort', onAbort);
  }
  // Only an opaque redirect gets here (redirect: 'manual' in a browser: status 0, nothing to read).
  throw failure('redirect', undefined);
}

// One call: attempts until Rust says stop. Resolves with the result or rejects
// with the PersonkitError Rust made.
export async function run(calls, fetchFn, url, method, headers, extraName, extraValue, body, timeoutMs, signal, wanted, headersAlways, requestId) {
  for (let attempt = 1; ; attempt++) {
    let answer;
    let next;
    try {
      answer = await sendOnce(fetchFn, url, method, headers, extraName, extraValue, body, timeoutMs, signal, wanted, headersAlways);
    } catch (f) {
      next = calls.failed(attempt, f.kind, f.cause, false, timeoutMs, signal, requestId);
    }
    if (answer !== undefined) next = calls.answer(attempt, answer, timeoutMs, signal, requestId);
    if (typeof next !== 'number') return next;
    try {
      await sleep(next, signal);
    } catch (f) {
      calls.failed(attempt, f.kind, f.cause, true, timeoutMs, signal, requestId); // throws
      throw f.cause;
    }
  }
}

const decoder = new TextDecoder();

// An Equals result: the answer's bytes parsed once (the core has checked them
// and read the ids); `persona` is the person's own member.
export function withPerson(body, id, personaId, retried) {
  const person = JSON.parse(decoder.decode(body));
  return { id, personaId: personaId ?? null, person, persona: person.persona ?? null, retried };
}

// Appends to `out` the name and value of each header in `wanted` that `h` has.
export function readHeaders(h, wanted, out) {
  if (typeof Headers === 'function' && h instanceof Headers) {
    // A real Headers: get() gives what forEach would (names are case-insensitive).
    for (const name of wanted) {
      const v = h.get(name);
      if (v !== null) out.push(name, v);
    }
  } else if (h && typeof h.forEach === 'function') {
    h.forEach((v, k) => { k = k.toLowerCase(); if (wanted.includes(k)) out.push(k, v); });
  }
  return out;
}

// Waits `ms` unless `signal` aborts first (then rejects like sendOnce does).
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) { reject(failure('aborted', signal.reason)); return; }
    const onAbort = () => { clearTimeout(t); reject(failure('aborted', signal.reason)); };
    const t = setTimeout(() => { if (signal) signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

// Random bytes for request ids and jitter; crypto.getRandomValues exists in
// browsers, workers and Node 20.
export function randomBytes(n) {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

// A browser page (not a worker, not Node): where a secret must not be held.
export function isBrowserPage() {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}
