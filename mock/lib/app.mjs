// The request handler: routing, the create flow shared by the three providers
// (read → record → fault → validate/create → answer), and logging.

import { setTimeout as sleep } from 'node:timers/promises';
import { changesAnswer, faultAnswer, parseFault } from './faults.mjs';
import { parseJson, readBody, send, setCors, statusText } from './http.mjs';
import { handleInspect } from './inspect.mjs';
import { alnumId } from './state.mjs';
import { EQUALS_PATH, equalsError, handleEquals } from './equals.mjs';
import { HORUS_PATH, handleHorus } from './horus.mjs';
import { VERIFIK_PATH, handleVerifik, verifikStatusBody } from './verifik.mjs';

const upperSnake = (text) => text.toUpperCase().replace(/[^A-Z]+/g, '_').replace(/^_|_$/g, '');

// Per provider: its handler, success status and how an error of any status looks.
const PROVIDERS = {
  [VERIFIK_PATH]: {
    name: 'verifik',
    handle: handleVerifik,
    successStatus: 200,
    errorBody: (status, text, ctx) => verifikStatusBody(status, ctx.shape, text),
  },
  [EQUALS_PATH]: {
    name: 'equals',
    handle: handleEquals,
    successStatus: 201,
    errorBody: (status, text) => equalsError(status, upperSnake(statusText(status)), text).body,
  },
  [HORUS_PATH]: {
    name: 'horus',
    handle: handleHorus,
    successStatus: 200,
    errorBody: (status, text) => ({ code: status * 1000 + 1, message: text }),
  },
};

/** Builds the node:http request listener. `signal` aborts pending delays on close. */
export function createApp({ config, state, log, signal }) {
  return async function app(req, res) {
    const started = Date.now();
    const path = new URL(req.url ?? '/', 'http://mock.invalid').pathname;
    if (log) {
      res.on('close', () => {
        const status = res.headersSent ? res.statusCode : 'reset';
        log(`${req.method} ${path} ${status} ${Date.now() - started}ms`);
      });
    }
    try {
      setCors(req, res);
      if (req.method === 'OPTIONS') {
        req.resume();
        return send(res, 204, '', {}, 'text/plain');
      }
      if (path.startsWith('/__mock/')) return await handleInspect(req, res, path, { state, config });

      const provider = PROVIDERS[path.replace(/\/+$/, '')];
      if (!provider) {
        req.resume();
        return send(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${path}` });
      }
      if (req.method !== 'POST') {
        req.resume();
        const shape = config.verifik.shape;
        return send(res, 405, provider.errorBody(405, statusText(405), { shape }), { allow: 'POST, OPTIONS' });
      }
      return await create(req, res, path, provider, { config, state, signal });
    } catch (err) {
      if (err?.name === 'AbortError') return res.destroy(); // the mock is closing
      send(res, 500, { code: 'MOCK_INTERNAL', message: 'personkit-mock failed; see its console' });
      if (log) log(`mock error: ${err?.stack ?? err}`);
    }
  };
}

async function create(req, res, path, provider, { config, state, signal }) {
  const headers = req.headers;
  let requestId;
  if (provider.name === 'horus') {
    // Echo the caller's id or make one; on every Horus answer, faults included.
    requestId = headers['x-usil-request-id'] || alnumId(20);
    res.setHeader('x-usil-request-id', requestId);
  }

  const read = await readBody(req, config.bodyLimit);
  const json = read.tooLarge ? { ok: false, value: null } : parseJson(read.buffer);
  state.record({
    provider: provider.name,
    method: req.method,
    path,
    headers: { ...headers },
    body: json.ok ? json.value : null,
    bodyBytes: read.bytes,
  });

  const shape = headers['x-mock-verifik-shape'] ?? config.verifik.shape;
  const errorBody = (status, text) => provider.errorBody(status, text, { shape });
  if (read.tooLarge) {
    // No 'connection: close': the rest of the upload is drained (not kept), so the client
    // finishes sending and reads the 413 instead of failing with EPIPE.
    return send(res, 413, errorBody(413, `request body over ${config.bodyLimit} bytes`));
  }
  if (shape !== 'file' && shape !== 'docs') {
    return send(res, 400, { code: 'MOCK_BAD_SHAPE', message: 'x-mock-verifik-shape must be file or docs' });
  }

  let fault = null;
  const spec = headers['x-mock-fault'] ?? state.takeScenario(provider.name);
  if (spec) {
    try {
      fault = parseFault(spec);
    } catch (err) {
      return send(res, 400, { code: 'MOCK_BAD_FAULT', message: err.message });
    }
  }

  const ctx = { headers, json: json.value, jsonOk: json.ok, config, state, shape, requestId };
  if (fault && !fault.afterCreate) {
    // A caller that hangs up during a delay before the create step (its timeout
    // fired) never reaches it: nobody is created, whenever the test looks. Without
    // this, "nobody created" would race the client's retry backoff.
    if (fault.delay) await sleep(fault.delay, undefined, { signal: untilHangUp(res, signal) });
    if (changesAnswer(fault)) return answerFault(req, res, fault, provider, errorBody, null, config);
  }
  const result = provider.handle(ctx);
  if (fault?.afterCreate) {
    if (fault.delay) await sleep(fault.delay, undefined, { signal });
    if (changesAnswer(fault)) return answerFault(req, res, fault, provider, errorBody, result, config);
  }
  send(res, result.status, result.body, result.headers);
}

/** `signal`, also aborted when the client closes the connection before its answer. */
function untilHangUp(res, signal) {
  const gone = new AbortController();
  res.once('close', () => { if (!res.writableFinished) gone.abort(); });
  return AbortSignal.any([signal, gone.signal]);
}

function answerFault(req, res, fault, provider, errorBody, result, config) {
  const answer = faultAnswer(fault, {
    successStatus: provider.successStatus,
    errorBody,
    result,
    hugeBytes: config.hugeBytes,
    url: req.url,
  });
  if (answer.reset) return req.socket.destroy();
  send(res, answer.status, answer.body, answer.headers, answer.contentType);
}
