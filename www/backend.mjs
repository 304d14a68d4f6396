// The demo's backend routes: the page posts a validated payload without any
// secret, and this code calls the provider with personkit's client in Node,
// where the credentials live. Each answer is a small JSON outcome; it never
// carries a credential, and no body or image is ever logged.
import * as personkit from '../js/node.mjs';

export const BODY_LIMIT = 40 * 1024 * 1024; // 3 photos of 10 MiB in base64, plus the rest
const EQUALS_SANDBOX = 'https://api-sandbox.equalsmoney.com';
const FAULT_SPEC = /^[a-z0-9=;.-]{1,64}$/i;

/**
 * Where each provider's calls go: the real API when its env vars are set, else
 * the embedded mock (when there is one), else nowhere.
 * @returns `{ verifik, equals, horus }`, each `{ mode: 'live'|'mock'|'off', options, secrets }`
 */
export function configureProviders(env, mock) {
  const m = mock?.config;
  const setup = {};
  if (env.VERIFIK_TOKEN) {
    setup.verifik = live({ token: env.VERIFIK_TOKEN, ...(env.VERIFIK_BASE_URL && { baseUrl: env.VERIFIK_BASE_URL }) });
  } else {
    setup.verifik = m ? onMock({ token: m.verifik.token, baseUrl: mock.url }) : off();
  }
  if (env.EQUALS_API_KEY) {
    setup.equals = live({ apiKey: env.EQUALS_API_KEY, baseUrl: env.EQUALS_BASE_URL || EQUALS_SANDBOX });
    setup.equals.accountId = env.EQUALS_ACCOUNT_ID;
  } else {
    setup.equals = m ? onMock({ apiKey: m.equals.apiKey, baseUrl: mock.url }) : off();
    if (m) setup.equals.accountId = m.equals.accountIds[0];
  }
  const horus = ['HORUS_BASE_URL', 'HORUS_CLIENT_ID', 'HORUS_CLIENT_SECRET'];
  const set = horus.filter((k) => env[k]);
  if (set.length === horus.length) {
    setup.horus = live({ baseUrl: env.HORUS_BASE_URL, clientId: env.HORUS_CLIENT_ID, clientSecret: env.HORUS_CLIENT_SECRET });
  } else if (set.length > 0) {
    // Half a configuration would silently fall back to the mock: refuse instead.
    throw new Error(`set all of ${horus.join(', ')} to use the real Horus API (missing: ${horus.filter((k) => !env[k]).join(', ')})`);
  } else {
    setup.horus = m ? onMock({ baseUrl: mock.url, clientId: m.horus.clientId, clientSecret: m.horus.clientSecret }) : off();
  }
  return setup;
}

function live(options) { return { mode: 'live', options, secrets: secretsOf(options) }; }
function onMock(options) { return { mode: 'mock', options, secrets: secretsOf(options) }; }
function off() { return { mode: 'off', options: null, secrets: [] }; }
function secretsOf(o) { return [o.token, o.apiKey, o.clientSecret].filter((s) => typeof s === 'string' && s.length >= 4); }

/** What the page may know: modes and the Equals account to prefill. No credentials. */
export function publicConfig(setup) {
  return {
    providers: Object.fromEntries(Object.entries(setup).map(([k, v]) => [k, { mode: v.mode }])),
    equalsAccountId: setup.equals.accountId ?? null,
  };
}

const CLIENTS = { verifik: 'VerifikClient', equals: 'EqualsClient', horus: 'HorusClient' };

/** Runs one create; resolves to `[httpStatus, outcome]` and never rejects. */
export async function createPerson(provider, setup, body, faultSpec, locale = 'en') {
  const { mode, options, secrets } = setup[provider];
  if (mode === 'off') return [503, { outcome: 'error', code: 'NOT_CONFIGURED', message: `${provider} is not configured on this server` }];
  const Client = personkit[CLIENTS[provider]];
  if (typeof Client !== 'function') {
    return [501, { outcome: 'error', code: 'NOT_AVAILABLE', message: `this build of personkit has no ${CLIENTS[provider]}` }];
  }
  // Fault injection is a mock feature: never forwarded to a real API.
  const headers = mode === 'mock' && faultSpec && FAULT_SPEC.test(faultSpec) ? { 'x-mock-fault': faultSpec } : undefined;
  if (provider === 'horus') {
    // The page never sends credentials; it must not be able to override ours either.
    delete body.clientId;
    delete body.clientSecret;
  }
  try {
    const client = new Client({ ...options, timeoutMs: 30_000, ...(headers && { headers }) });
    const outcome = toOutcome(provider, await client.createPerson(body, { locale }), locale);
    return [outcome.outcome === 'created' ? 201 : 200, outcome];
  } catch (err) {
    return fromError(err, secrets);
  }
}

function toOutcome(provider, result, locale) {
  if (provider === 'horus' && result.created === false) {
    const email = result.reason === 'EMAIL_EXISTS';
    const es = locale === 'es';
    const what = es ? (email ? 'este correo' : 'este DNI') : (email ? 'this email' : 'this identity number');
    const message = es
      ? `Ya hay una persona registrada con ${what}${result.retried ? ' (nuestro reintento pudo ser el segundo intento de un registro que funcionó)' : ''}`
      : `A person with ${what} is already registered${result.retried ? ' (our retry may have been the second try of a create that worked)' : ''}`;
    return { outcome: 'exists', reason: result.reason, requestId: result.requestId, message };
  }
  return {
    outcome: 'created',
    id: result.id ?? result.person?._id ?? result.person?.id,
    personaId: result.persona?.id,
    requestId: result.requestId,
  };
}

function fromError(err, secrets) {
  if (!err || typeof err.code !== 'string' || !(err instanceof Error)) {
    return [500, { outcome: 'error', code: 'INTERNAL', message: 'the demo server failed unexpectedly' }];
  }
  const scrub = (s) => secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), String(s ?? ''));
  const base = {
    code: err.code, status: err.status, providerCode: err.providerCode, requestId: err.requestId,
    message: scrub(err.message),
  };
  if (err.code === 'ALREADY_EXISTS') {
    const existing = err.existingPerson;
    return [200, { outcome: 'exists', ...base, id: existing?._id ?? existing?.id }];
  }
  if (err.code === 'VALIDATION_FAILED') {
    const errors = (err.errors ?? []).map((e) => ({ field: e.field, code: e.code, message: scrub(e.message) }));
    return [422, { outcome: 'error', ...base, errors }];
  }
  return [err.code === 'TIMEOUT' ? 504 : 502, { outcome: 'error', ...base }];
}

/**
 * Reads a JSON body of at most `limit` bytes. Over the limit, the rest is read
 * and dropped (so the browser can read our 413 instead of a broken pipe).
 */
export function readJson(req, limit = BODY_LIMIT) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let over = declared > limit;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (over) return reject(Object.assign(new Error('body too large'), { status: 413 }));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(Object.assign(new Error('body is not JSON'), { status: 400 }));
      }
    });
  });
}
