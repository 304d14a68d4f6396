// The request handler: guards (target, Host, size), routing, the exchange
// flow shared by creates and lookups (read → record → fault → handle →
// answer), and logging.

import { setTimeout as sleep } from 'node:timers/promises';
import { changesAnswer, faultAnswer, parseFault } from './faults.mjs';
import { declaresTooMuch, hostAllowed, isLoopbackOrigin, parseTarget, readBounded } from './guard.mjs';
import { parseJson, send, sendClose, setCors, statusText } from './http.mjs';
import { handleInspect } from './inspect.mjs';
import { alnumId } from './state.mjs';
import { EQUALS_PATH, equalsError, handleEquals, listEquals } from './equals.mjs';
import { HORUS_PATH, handleHorus } from './horus.mjs';
import { VERIFIK_PATH, handleVerifik, listVerifik, retrieveVerifik, verifikStatusBody } from './verifik.mjs';

const upperSnake = (text) => text.toUpperCase().replace(/[^A-Z]+/g, '_').replace(/^_|_$/g, '');

// Per provider: its success status and how an error of any status looks.
const PROVIDERS = {
  verifik: { successStatus: 200, errorBody: (status, text, ctx) => verifikStatusBody(status, ctx.shape, text) },
  equals: { successStatus: 201, errorBody: (status, text) => equalsError(status, upperSnake(statusText(status)), text).body },
  horus: { successStatus: 200, errorBody: (status, text) => ({ code: status * 1000 + 1, message: text }) },
};

// `kind` sorts requests for counting and for scenarios: a create, or a lookup
// (list / retrieve) that lets a client find out whether a lost create happened.
const ROUTES = [
  { provider: 'verifik', kind: 'create', method: 'POST', path: VERIFIK_PATH, handle: handleVerifik },
  { provider: 'verifik', kind: 'lookup', method: 'GET', path: VERIFIK_PATH, handle: listVerifik },
  { provider: 'verifik', kind: 'lookup', method: 'GET', prefix: `${VERIFIK_PATH}/`, handle: retrieveVerifik },
  { provider: 'equals', kind: 'create', method: 'POST', path: EQUALS_PATH, handle: handleEquals },
  { provider: 'equals', kind: 'lookup', method: 'GET', path: EQUALS_PATH, handle: listEquals },
  { provider: 'horus', kind: 'create', method: 'POST', path: HORUS_PATH, handle: handleHorus },
];

/** Route params when `route` serves `path`, else null. */
function match(route, path) {
  if (route.path) return path === route.path ? {} : null;
  const rest = path.startsWith(route.prefix) ? path.slice(route.prefix.length) : '';
  if (rest === '' || rest.includes('/')) return null;
  try {
    return { id: decodeURIComponent(rest) };
  } catch {
    return { id: rest };
  }
}

/**
 * Builds the node:http request listener. `log` gets one line per request (or
 * is null), `errorLog` the cause of a 500. `signal` aborts pending delays on
 * close; `bindHost` is the address the server listens on (for the Host check).
 */
export function createApp({ config, state, log, errorLog = log, signal, bindHost = '127.0.0.1' }) {
  return async function app(req, res) {
    const started = Date.now();
    const url = parseTarget(req.url);
    const path = url ? url.pathname.replace(/(.)\/+$/, '$1') : '(bad request target)';
    if (log) {
      res.on('close', () => {
        const status = res.headersSent ? res.statusCode : 'reset';
        log(`${req.method} ${path} ${status} ${Date.now() - started}ms`);
      });
    }
    try {
      setCors(req, res);
      if (!url) return sendClose(req, res, 400, { code: 'BAD_REQUEST_TARGET', message: 'the request target is not a valid URL' });
      // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends Host: evil.example.
      if (!hostAllowed(req.headers.host, { port: req.socket.localPort, bindHost, extra: config.allowedHosts })) {
        return sendClose(req, res, 421, { code: 'MISDIRECTED_REQUEST', message: 'this Host is not served here (see allowedHosts)' });
      }
      const routes = ROUTES.map((route) => ({ route, params: match(route, path) })).filter((r) => r.params);
      const hit = routes.find((r) => r.route.method === req.method);
      // Creates answer an oversized body in the provider's shape (and record it); the rest here.
      if (hit?.route.kind !== 'create' && declaresTooMuch(req, config.bodyLimit)) {
        return sendClose(req, res, 413, { code: 'PAYLOAD_TOO_LARGE', message: `request body over ${config.bodyLimit} bytes` });
      }
      // The Host check does not stop a page on another site that calls 127.0.0.1
      // itself: CORS would let it read every recorded request, and a form post
      // needs no CORS to reset the mock. So control routes refuse such origins.
      const control = path.startsWith('/__mock/');
      if (control && req.headers.origin !== undefined && !isLoopbackOrigin(req.headers.origin)) {
        res.removeHeader('access-control-allow-origin');
        return send(res, 403, { code: 'FORBIDDEN_ORIGIN', message: 'the /__mock/ routes only answer pages on this machine' });
      }
      if (req.method === 'OPTIONS') return send(res, 204, '', {}, 'text/plain');
      if (control) return await handleInspect(req, res, path, { state, config });
      if (routes.length === 0) return send(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${path}` });
      if (!hit) {
        const provider = routes[0].route.provider;
        const allow = [...new Set(routes.map((r) => r.route.method)), 'OPTIONS'].join(', ');
        if (provider === 'horus') setRequestId(req.headers, res); // on every Horus answer
        const body = PROVIDERS[provider].errorBody(405, statusText(405), { shape: config.verifik.shape });
        return send(res, 405, body, { allow });
      }
      return await exchange(req, res, url, path, hit, { config, state, signal });
    } catch (err) {
      if (err?.name === 'AbortError') return res.destroy(); // the mock is closing, or the client left
      send(res, 500, { code: 'MOCK_INTERNAL', message: 'personkit-mock failed; see its console' });
      // Quiet or not: the 500 tells the caller to look here.
      if (errorLog) errorLog(`mock error: ${err?.stack ?? err}`);
    }
  };
}

/** Horus request id: echo the caller's, under the name it used; make one otherwise. */
function setRequestId(headers, res) {
  const usil = headers['x-usil-request-id'];
  const horus = headers['x-horus-request-id'];
  if (usil || !horus) res.setHeader('x-usil-request-id', usil || alnumId(20));
  if (horus) res.setHeader('x-horus-request-id', horus); // the name in Horus's public repository
  return usil || horus || res.getHeader('x-usil-request-id');
}

async function exchange(req, res, url, path, { route, params }, { config, state, signal }) {
  const { provider: name, kind } = route;
  // A lookup's success is 200 everywhere (Equals creates answer 201).
  const provider = { ...PROVIDERS[name], ...(kind === 'lookup' && { successStatus: 200 }) };
  const headers = req.headers;
  // On every Horus answer, faults included.
  const requestId = name === 'horus' ? setRequestId(headers, res) : undefined;

  // Lookups take no body: never read, never kept.
  const read = kind === 'create'
    ? await readBounded(req, { limit: config.bodyLimit, timeoutMs: config.bodyTimeoutMs })
    : { ok: true, bytes: 0, buffer: null };
  const json = read.ok && kind === 'create' ? parseJson(read.buffer) : { ok: false, value: null };
  state.record({
    provider: name,
    kind,
    method: req.method,
    path,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers },
    body: json.ok ? json.value : null,
    bodyBytes: read.bytes,
  });

  const shape = headers['x-mock-verifik-shape'] ?? config.verifik.shape;
  const errorBody = (status, text) => provider.errorBody(status, text, { shape });
  if (read.aborted) return req.socket.destroy();
  if (read.timedOut) return sendClose(req, res, 408, errorBody(408, `request body not received within ${config.bodyTimeoutMs} ms`));
  if (read.tooLarge) return sendClose(req, res, 413, errorBody(413, `request body over ${config.bodyLimit} bytes`));
  if (shape !== 'file' && shape !== 'docs') {
    return send(res, 400, { code: 'MOCK_BAD_SHAPE', message: 'x-mock-verifik-shape must be file or docs' });
  }

  let fault;
  try {
    fault = pickFault(headers['x-mock-fault'], state, name, kind);
  } catch (err) {
    return send(res, 400, { code: 'MOCK_BAD_FAULT', message: err.message });
  }

  const ctx = { headers, json: json.value, jsonOk: json.ok, config, state, shape, requestId, url, params };
  if (fault && !fault.afterCreate) {
    // A caller that hangs up during a delay before the create step (its timeout
    // fired) never reaches it: nobody is created, whenever the test looks. Without
    // this, "nobody created" would race the client's retry backoff.
    if (fault.delay) await sleep(fault.delay, undefined, { signal: untilHangUp(res, signal) });
    if (changesAnswer(fault)) return answerFault(req, res, fault, provider, errorBody, null, config, json.value);
  }
  // after-create: the person IS created here, and the fault then replaces the answer.
  const result = route.handle(ctx);
  if (fault?.afterCreate) {
    if (fault.delay) await sleep(fault.delay, undefined, { signal });
    if (changesAnswer(fault)) return answerFault(req, res, fault, provider, errorBody, result, config, json.value);
  }
  send(res, result.status, result.body, result.headers);
}

/**
 * The fault for this request, or null. The header wins and leaves scenarios
 * alone, unless its `on=` names the other kind: then it is as if absent.
 * Throws on a malformed header.
 */
function pickFault(header, state, provider, kind) {
  if (header !== undefined) {
    if (header === '') return null;
    const fault = parseFault(header);
    if (fault.on === null || fault.on === kind) return fault;
  }
  const spec = state.takeScenario(provider, kind);
  return spec ? parseFault(spec) : null;
}

/** `signal`, also aborted when the client closes the connection before its answer. */
function untilHangUp(res, signal) {
  const gone = new AbortController();
  res.once('close', () => { if (!res.writableFinished) gone.abort(); });
  return AbortSignal.any([signal, gone.signal]);
}

function answerFault(req, res, fault, provider, errorBody, result, config, sent) {
  const answer = faultAnswer(fault, {
    successStatus: provider.successStatus,
    errorBody,
    result,
    hugeBytes: config.hugeBytes,
    url: req.url,
    sent,
  });
  if (answer.reset) return req.socket.destroy();
  send(res, answer.status, answer.body, answer.headers, answer.contentType);
}
