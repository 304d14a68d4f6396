// The only code that calls fetch. One attempt: send, read the whole answer, and
// say exactly how it failed, so the Rust retry policy can tell a request that
// never left (safe to repeat) from one that may have created a person.

const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function failure(kind, cause) {
  return { kind, cause };
}

// Resolves { status, headers: [[name, value]...], body: Uint8Array } or rejects
// with { kind: 'timeout' | 'aborted' | 'network-before-send' | 'network', cause }.
export async function sendOnce(fetchFn, url, method, headers, body, timeoutMs, userSignal) {
  if (userSignal && userSignal.aborted) throw failure('aborted', userSignal.reason);
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
    const bytes = new Uint8Array(await res.arrayBuffer());
    const pairs = [];
    if (res.headers && typeof res.headers.forEach === 'function') res.headers.forEach((v, k) => pairs.push([k.toLowerCase(), v]));
    return { status: res.status, headers: pairs, body: bytes };
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
