// The only code that calls fetch. One attempt: send, read the whole answer, and
// say exactly how it failed, so the Rust retry policy can tell a request that
// never left (safe to repeat) from one that may have created a person.

const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function failure(kind, cause) {
  return { kind, cause };
}

// Resolves [status, body: Uint8Array, name, value, name, value...] with only
// the response headers named in `wanted` (lower case: the ones the Rust
// parsers read), or rejects with
// { kind: 'timeout' | 'aborted' | 'network-before-send' | 'network', cause }.
// The request headers come as one string and the UTF-16 lengths of each name
// and value in turn (one string crossing instead of one per name and value);
// fetch gets them as an array of [name, value] pairs, as before.
export async function sendOnce(fetchFn, url, method, headerText, headerCuts, body, timeoutMs, userSignal, wanted) {
  if (userSignal && userSignal.aborted) throw failure('aborted', userSignal.reason);
  const headers = [];
  for (let i = 0, p = 0; i + 1 < headerCuts.length; i += 2) {
    const name = headerText.slice(p, (p += headerCuts[i]));
    headers.push([name, headerText.slice(p, (p += headerCuts[i + 1]))]);
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  const onAbort = () => controller.abort(userSignal.reason);
  if (userSignal) userSignal.addEventListener('abort', onAbort, { once: true });
  try {
    const init = { method, headers, signal: controller.signal };
    if (body && body.length) init.body = body;
    const res = await (fetchFn ? fetchFn(url, init) : globalThis.fetch(url, init));
    // Reading the body is part of the deadline: a server that stalls mid-body times out too.
    const out = [res.status, new Uint8Array(await res.arrayBuffer())];
    const h = res.headers;
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
  } catch (err) {
    if (timedOut) throw failure('timeout', err);
    if (userSignal && userSignal.aborted) throw failure('aborted', userSignal.reason);
    const code = err && err.cause && err.cause.code;
    throw failure(code && BEFORE_SEND.has(code) ? 'network-before-send' : 'network', err);
  } finally {
    clearTimeout(timer);
    if (userSignal) userSignal.removeEventListener('abort', onAbort);
  }
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
