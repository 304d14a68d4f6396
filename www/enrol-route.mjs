// The demo's backend: one route, POST /api/enrol, made by personkit/server.
// The clients (holding the credentials) and the fields only the server may
// set (the Equals account and role, the Horus category and position, the
// Verifik collection) live here; the page sends a neutral person and never
// chooses them. Each provider runs on the real API when its variables are
// set, else on the embedded mock, else not at all.
import * as personkit from '../js/node.mjs';
import { createEnrolHandler, toNodeHandler } from '../js/server.mjs';

const EQUALS_SANDBOX = 'https://api-sandbox.equalsmoney.com';
const FAULT = /^(verifik|equals|horus):([a-z0-9=;.-]{1,64})$/i;

/**
 * The providers' clients and server-owned fields from `env` (and the mock).
 * @returns `{ modes: { verifik, equals, horus }, providers }` for createEnrolHandler
 */
export function configureProviders(env, mock) {
  const m = mock?.config;
  const modes = {};
  const providers = {};
  const timeouts = { timeoutMs: 30_000 };
  if (env.VERIFIK_TOKEN || m) {
    modes.verifik = env.VERIFIK_TOKEN ? 'live' : 'mock';
    const o = env.VERIFIK_TOKEN
      ? { token: env.VERIFIK_TOKEN, ...(env.VERIFIK_BASE_URL && { baseUrl: env.VERIFIK_BASE_URL }) }
      : { token: m.verifik.token, baseUrl: mock.url };
    providers.verifik = { client: new personkit.VerifikClient({ ...o, ...timeouts }), collections: [env.VERIFIK_COLLECTION || 'staff'] };
  }
  if (env.EQUALS_API_KEY || m) {
    modes.equals = env.EQUALS_API_KEY ? 'live' : 'mock';
    const o = env.EQUALS_API_KEY
      ? { apiKey: env.EQUALS_API_KEY, baseUrl: env.EQUALS_BASE_URL || EQUALS_SANDBOX }
      : { apiKey: m.equals.apiKey, baseUrl: mock.url };
    const accountId = env.EQUALS_API_KEY ? env.EQUALS_ACCOUNT_ID : m.equals.accountIds[0];
    if (!accountId) throw new Error('set EQUALS_ACCOUNT_ID (the account people are added to) to use the real Equals API');
    providers.equals = { client: new personkit.EqualsClient({ ...o, ...timeouts }), accountId, roleName: env.EQUALS_ROLE || 'Viewer' };
  }
  const horus = ['HORUS_BASE_URL', 'HORUS_CLIENT_ID', 'HORUS_CLIENT_SECRET'];
  const set = horus.filter((k) => env[k]);
  if (set.length > 0 && set.length < horus.length) {
    // Half a configuration would silently fall back to the mock: refuse instead.
    throw new Error(`set all of ${horus.join(', ')} to use the real Horus API (missing: ${horus.filter((k) => !env[k]).join(', ')})`);
  }
  if (set.length === horus.length || m) {
    modes.horus = set.length ? 'live' : 'mock';
    const o = set.length
      ? { baseUrl: env.HORUS_BASE_URL, clientId: env.HORUS_CLIENT_ID, clientSecret: env.HORUS_CLIENT_SECRET }
      : { baseUrl: mock.url, clientId: m.horus.clientId, clientSecret: m.horus.clientSecret };
    providers.horus = {
      client: new personkit.HorusClient({ ...o, ...timeouts }),
      categoryId: Number(env.HORUS_CATEGORY_ID || 2), positionId: Number(env.HORUS_POSITION_ID || 3), enabled: 1,
    };
  }
  for (const k of ['verifik', 'equals', 'horus']) modes[k] ??= 'off';
  return { modes, providers };
}

/**
 * The route: `(req, res)` for node:http. `x-demo-fault: horus:500` (from the
 * page's `?fault=`) becomes a one-off scenario on the mock for a provider that
 * runs there; a real API never sees it.
 */
export function createEnrolRoute({ modes, providers }, mock, log, limits = {}) {
  if (Object.keys(providers).length === 0) {
    return (req, res) => res.writeHead(503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code: 'NOT_CONFIGURED', message: 'no provider is configured on this server' } }));
  }
  const handler = createEnrolHandler({
    providers,
    ...(limits.bodyLimit && { maxBodyBytes: limits.bodyLimit }),
    ...(log && {
      // One line per enrolment: outcomes and codes, never a body, an image or a credential.
      logger: { info: (f) => f.event === 'enrol' && log(`enrol: ${Object.entries(f.outcomes).map(([p, o]) => `${p} ${o}`).join(', ')} (${f.ms} ms${f.replayed ? ', replayed' : ''})`) },
    }),
  });
  const node = toNodeHandler(handler);
  return async (req, res) => {
    const fault = FAULT.exec(String(req.headers['x-demo-fault'] ?? ''));
    if (fault && mock && modes[fault[1]] === 'mock') {
      // The clients retry a 5xx up to twice: the fault holds for every attempt.
      await fetch(`${mock.url}/__mock/scenario`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fault: fault[2], provider: fault[1], count: 3 }),
      }).catch(() => {});
    }
    node(req, res);
  };
}

/** What the page may know: where each provider runs. No credential, no server-owned value. */
export function publicConfig(modes) {
  return { providers: Object.fromEntries(Object.entries(modes).map(([k, mode]) => [k, { mode }])) };
}
