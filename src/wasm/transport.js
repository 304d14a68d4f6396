// The only code that calls fetch: one request (`send`) and one wait
// (`sleep`). The attempt loop, the retry policy and the lookups that settle
// an uncertain create are Rust's (src/wasm/engine.rs).

const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT',
  'ConnectionRefused']); // Bun's name for ECONNREFUSED (on the error itself)
// A server certificate refused (OpenSSL's verify codes, as Node and Bun name
// them): checked during the TLS handshake, before a byte of the request is
// written. A proxy's or an expired certificate is not "the person may exist".
const CERT_REFUSED = /^(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(?:GET_ISSUER_CERT(?:_LOCALLY)?|VERIFY_LEAF_SIGNATURE)|CERT_(?:HAS_EXPIRED|NOT_YET_VALID|REVOKED|UNTRUSTED|REJECTED|SIGNATURE_FAILURE)|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;

// Whether a failed fetch shows that no connection was made, so nothing was
// sent. Node (undici) puts the system code on `cause`, Bun on the error;
// Deno has a TypeError whose message or cause reads "Connection refused"
// ("tcp connect error: Connection refused (os error 111)"). Browsers say
// only "Failed to fetch": that cannot be told apart from a dropped
// connection, so it stays 'network' (the message says it cannot tell).
// Node's fetch also refuses a port the Fetch standard blocks (6000, 1, …)
// before connecting: its cause is an Error "bad port" with no code; Deno's
// says "Requests to port 6000 are blocked". A TLS handshake that failed sent
// nothing either: a refused certificate (above); Bun's "The TLS handshake
// failed" (https to a plain-HTTP port); Deno's "client error (Connect)", its
// HTTP client's name for a failure while connecting, the handshake included.
// Node's "wrong version number" (https to a plain-HTTP port) is not counted:
// OpenSSL says the same of a bad record later on the connection.
function neverSent(err) {
  if (!err) return false;
  const code = (err.cause && err.cause.code) || err.code;
  if (typeof code === 'string' && (BEFORE_SEND.has(code) || CERT_REFUSED.test(code))) return true;
  const text = `${err.message || ''} ${(err.cause && err.cause.message) || ''}`;
  return /Connection refused|os error 111|dns error|\bbad port$|Requests to port \d+ are blocked|TLS handshake failed|client error \(Connect\)/.test(text);
}

// Redirects are never followed: a create must not be re-sent, with its body
// and credentials, to wherever a server points. Node's fetch (undici) gets
// 'error', and with `window: null` (the spec's "no window") it skips the copy
// of each request it keeps for following one. Elsewhere 'manual': a browser
// hands over an opaque redirect, Cloudflare Workers (which refuse 'error',
// even with a `process`) the 3xx itself; either is reported as a redirect.
// Bun and Deno have `process.versions.node` too, but their fetch rejects a
// redirect under 'error' with an error of its own, read as a dropped connection.
const NODE = typeof process === 'object' && process !== null && !!(process.versions && process.versions.node)
  && !globalThis.Bun && !globalThis.Deno;
const WORKERS = !!globalThis.navigator && globalThis.navigator.userAgent === 'Cloudflare-Workers';
const REDIRECT = NODE && !WORKERS ? 'error' : 'manual';

function failure(kind, cause) {
  return { kind, cause };
}

// One request. Resolves [status, body, headers, name, value, name, value...]:
// `body` a Uint8Array, or null when the answer is over `maxBytes` (then the
// connection is dropped and nothing more is read); the pairs are the
// response headers named in `wanted` (lower case: the ones the Rust parsers
// read), copied out for an error answer or when `headersAlways` (else Rust
// reads them from `headers` only if it needs them after all). Rejects with { kind: 'timeout' | 'aborted' | 'network-before-send' |
// 'network' | 'redirect', cause }. `timeoutMs` bounds the whole attempt,
// the body included, whatever rate the server sends it at.
export async function send(fetchFn, url, method, headers, extra, body, timeoutMs, userSignal, maxBytes, wanted, headersAlways) {
  if (userSignal && userSignal.aborted) throw failure('aborted', userSignal.reason);
  const controller = new AbortController();
  const reading = { reader: undefined };
  let ended;
  let stop;
  let thrownBeforeSend = false;
  // The deadline or the caller's abort: whatever fetch then throws, the call
  // ends the way `ended` says. fetch itself rejects on the abort; fetch and
  // reading the body are raced against `stop`, because a `fetch` option may
  // ignore the signal and a body that keeps streaming may not notice it.
  const end = (f, reason) => {
    ended = f;
    if (stop) stop(f);
    controller.abort(reason);
    if (reading.reader) reading.reader.cancel().catch(() => {});
  };
  const timer = setTimeout(() => end(failure('timeout')), timeoutMs);
  const onAbort = () => end(failure('aborted', userSignal.reason), userSignal.reason);
  if (userSignal) userSignal.addEventListener('abort', onAbort, { once: true });
  try {
    const sent = extra === undefined ? { ...headers } : { ...headers, ...extra };
    const init = { method, headers: sent, signal: controller.signal, redirect: REDIRECT, window: null };
    if (body && body.length) init.body = body;
    // Raced against `stop` too: a `fetch` option that drops the signal and
    // never settles must not hold the call past its deadline or its abort.
    const res = await new Promise((resolve, reject) => {
      stop = reject;
      let pending;
      try {
        pending = fetchFn ? fetchFn(url, init) : globalThis.fetch(url, init);
      } catch (err) {
        // A `fetch` option that throws instead of rejecting has sent nothing.
        thrownBeforeSend = true;
        reject(err);
        return;
      }
      Promise.resolve(pending).then(resolve, reject);
    });
    if (ended) throw ended;
    if (res.type === 'opaqueredirect') throw failure('redirect', undefined);
    // Promise.race written out: in Node the built-in, racing a promise that
    // stays pending, cost each create measurably more CPU (bench/README.md).
    const bytes = await new Promise((resolve, reject) => {
      stop = reject;
      readBody(res, maxBytes, controller, reading).then(resolve, reject);
    });
    const out = [res.status, bytes, res.headers];
    if (headersAlways || res.status < 200 || res.status >= 300) readHeaders(res.headers, wanted, out);
    return out;
  } catch (err) {
    if (ended) throw ended;
    if (err && typeof err.kind === 'string') throw err;
    if (userSignal && userSignal.aborted) throw failure('aborted', userSignal.reason);
    // redirect: 'error' (Node's fetch names the reason).
    if (err && err.cause && err.cause.message === 'unexpected redirect') throw failure('redirect', err);
    const f = failure(thrownBeforeSend || neverSent(err) ? 'network-before-send' : 'network', err);
    const code = err && ((err.cause && err.cause.code) || err.code);
    if (typeof code === 'string') f.code = code;
    throw f;
  } finally {
    clearTimeout(timer);
    if (userSignal) userSignal.removeEventListener('abort', onAbort);
  }
}

// The body, or null past `maxBytes` (decoded bytes are counted, so a small
// compressed answer that inflates without end is cut off too).
async function readBody(res, maxBytes, controller, reading) {
  const declared = res.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    controller.abort();
    return null;
  }
  // A plain body of a declared, allowed length cannot grow past it: fetch
  // fails a body longer than its content-length.
  if (declared !== null && !res.headers.has('content-encoding')) return new Uint8Array(await res.arrayBuffer());
  if (!res.body) return new Uint8Array(0);
  const reader = (reading.reader = res.body.getReader());
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      controller.abort();
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

// `send` and `sleep` for Rust: the outcome goes to `settle(slot, ok, value)`
// (src/wasm/settle.rs), one callback made once, instead of a promise Rust
// would wrap in two new closures per await.
export function sendTo(settle, slot, ...args) {
  send(...args).then((v) => settle(slot, true, v), (e) => settle(slot, false, e));
}

export function sleepTo(settle, slot, ms, signal) {
  sleep(ms, signal).then((v) => settle(slot, true, v), (e) => settle(slot, false, e));
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

// Waits `ms` unless `signal` aborts first (then rejects like `send` does).
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) { reject(failure('aborted', signal.reason)); return; }
    const onAbort = () => { clearTimeout(t); reject(failure('aborted', signal.reason)); };
    const t = setTimeout(() => { if (signal) signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

// A call's tally on its result or error, in one step.
export function tally(target, attempts, reconciled) {
  target.retried = attempts > 1;
  target.attempts = attempts;
  target.reconciled = reconciled;
  return target;
}

const decoder = new TextDecoder();

// An Equals result: the answer's bytes parsed once (the core has checked them
// and read the ids); `persona` is the person's own member.
export function withPerson(body, id, personaId, retried) {
  const person = JSON.parse(decoder.decode(body));
  return { id, personaId: personaId ?? null, person, persona: person.persona ?? null, retried };
}

// Random bytes for request ids and jitter; crypto.getRandomValues exists in
// browsers, workers and Node 20.
export function randomBytes(n) {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

// One line to the caller's logger, if it has that level; a logger that
// throws never breaks a call.
export function log(logger, level, message, fields) {
  try {
    const f = logger && logger[level];
    // No second argument when there are no fields: console.info would print "undefined".
    const r = typeof f === 'function' ? (fields === undefined ? f.call(logger, message) : f.call(logger, message, fields)) : undefined;
    // An async logger whose sink fails: its rejection would end a Node process.
    if (r !== null && typeof r === 'object' && typeof r.then === 'function') r.then(undefined, () => {});
  } catch {
    // The caller's logger failed; the call goes on.
  }
}

// An environment variable where the runtime has them (Node, Bun, Deno's
// Node compatibility); undefined elsewhere, or where reading is not allowed.
export function envVar(name) {
  try {
    const v = typeof process === 'object' && process !== null && process.env ? process.env[name] : undefined;
    return typeof v === 'string' && v !== '' ? v : undefined;
  } catch {
    return undefined;
  }
}

// Whether reading `name` was refused (Deno without --allow-env throws): a
// client refused for want of it then says so, not "set VERIFIK_TOKEN".
export function envDenied(name) {
  try {
    if (typeof process === 'object' && process !== null && process.env) void process.env[name];
    return false;
  } catch {
    return true;
  }
}

// A server runtime, where a client may name itself in User-Agent (a page's
// fetch sends the browser's own).
export function isServer() {
  return NODE || typeof globalThis.Bun === 'object' || typeof globalThis.Deno === 'object' || WORKERS;
}

// A browser page (not a worker, not Node): where a secret must not be held.
export function isBrowserPage() {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}
