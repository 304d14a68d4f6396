// The /__mock/* endpoints: look at what the mock saw, reset it, script faults.

import { readBounded } from './guard.mjs';
import { parseJson, send, sendClose } from './http.mjs';
import { scenarioProblem } from './state.mjs';

const bad = (res, message) => send(res, 400, { code: 'MOCK_BAD_REQUEST', message });

async function addScenario(req, res, state, config) {
  const read = await readBounded(req, { limit: 64 * 1024, timeoutMs: config.bodyTimeoutMs });
  if (read.aborted) return req.socket.destroy();
  if (read.timedOut) return sendClose(req, res, 408, { code: 'REQUEST_TIMEOUT', message: 'scenario body not received in time' });
  if (read.tooLarge) return sendClose(req, res, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'a scenario is at most 64 KiB' });
  const parsed = parseJson(read.buffer);
  const body = parsed.value;
  if (!parsed.ok || body === null || typeof body !== 'object') return bad(res, 'body must be a JSON object');
  const count = body.count ?? 1;
  // Default 'create': lookups are only faulted when a scenario says so.
  const kind = body.kind ?? 'create';
  const problem = scenarioProblem({ fault: body.fault, count, provider: body.provider, kind });
  if (problem) return bad(res, problem);
  const scenario = state.addScenario({ fault: body.fault, count, provider: body.provider, kind });
  send(res, 201, { id: scenario.id, fault: scenario.fault, count, provider: scenario.provider, kind });
}

/** Handles a /__mock/* request. */
export async function handleInspect(req, res, path, { state, config }) {
  const route = `${req.method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__mock/persons':
      return send(res, 200, state.snapshot());
    case 'GET /__mock/requests':
      return send(res, 200, state.requests);
    case 'POST /__mock/reset':
      req.resume();
      state.reset();
      return send(res, 200, { reset: true });
    case 'POST /__mock/scenario':
      return addScenario(req, res, state, config);
    case 'GET /__mock/scenario':
      return send(res, 200, state.scenarios);
    case 'DELETE /__mock/scenario':
      // Drops the pending scenarios and keeps the persons: a test can retry
      // against what an earlier, faulted call left behind.
      req.resume();
      state.clearScenarios();
      return send(res, 200, { cleared: true });
    case 'GET /__mock/config':
      return send(res, 200, config);
    default:
      return send(res, 404, { code: 'NOT_FOUND', message: `no mock endpoint ${route}` });
  }
}
