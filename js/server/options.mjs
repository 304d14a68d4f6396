// createEnrolHandler's options, checked once when the handler is made: a
// mistake there is the developer's, so it throws at start-up instead of
// failing a person's signup later.
import { DEFAULTS } from './idempotency.mjs';

const TOP = ['providers', 'authorize', 'prepare', 'onComplete', 'store', 'maxBodyBytes', 'maxPhotoBytes', 'allowedOrigins', 'allowCredentials', 'allowedHeaders', 'logger', 'idempotency'];
const PROVIDERS = ['verifik', 'equals', 'horus'];
/** Server fields each provider cannot do without. */
const REQUIRED = { verifik: [], equals: ['accountId', 'roleName'], horus: ['categoryId', 'positionId'] };
/** A person every provider accepts, to check the server's fields against the rules. */
const SAMPLE = {
  firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.com', identityNumber: '45879632',
  photos: ['iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='],
};

const fail = (message) => { throw new TypeError(`createEnrolHandler: ${message}`); };

export function checkOptions(options, { toProviderPayloads }) {
  if (!options || typeof options !== 'object') fail('pass { providers: { verifik?, equals?, horus? }, … }');
  for (const k of Object.keys(options)) if (!TOP.includes(k)) fail(`unknown option "${k}"${hint(k, TOP)}`);
  const { providers } = options;
  if (!providers || typeof providers !== 'object') fail('providers is required: { verifik?: { client }, equals?: { client, accountId, roleName }, horus?: { client, categoryId, positionId } }');
  for (const k of Object.keys(providers)) if (!PROVIDERS.includes(k)) fail(`unknown provider "${k}"${hint(k, PROVIDERS)}`);
  const cfg = { providers: {}, serverFields: {} };
  for (const p of PROVIDERS) {
    const o = providers[p];
    if (o === undefined || o === null) continue;
    if (typeof o !== 'object' || typeof o.client?.createPerson !== 'function') {
      fail(`providers.${p}.client must be personkit's ${p[0].toUpperCase()}${p.slice(1)}Client (holding the secret)`);
    }
    const { client, ...fields } = o;
    for (const f of REQUIRED[p]) if (fields[f] === undefined) fail(`providers.${p}.${f} is required: the server decides it, never the page`);
    // An unset environment variable: the server meant to own the field, and
    // the core, seeing no value, would have let the page set it.
    for (const [f, v] of Object.entries(fields)) if (v === undefined) fail(`providers.${p}.${f} is undefined: give it a value, or leave the key out to let the page send it`);
    cfg.providers[p] = { client };
    cfg.serverFields[p] = fields;
  }
  if (Object.keys(cfg.providers).length === 0) fail('configure at least one of providers.verifik, providers.equals, providers.horus');
  // The server's fields against the providers' own rules, once.
  const checked = toProviderPayloads(SAMPLE, cfg.serverFields);
  const wrong = checked.ok ? [] : checked.errors.filter((e) => e.field.startsWith('server.'));
  if (wrong.length > 0) {
    fail(wrong.map((e) => `providers.${e.provider ?? ''}${e.provider ? '.' : ''}${e.field.replace(/^server\./, '')}: ${e.message.replace(/^server\./, '')}`).join('; '));
  }
  for (const f of ['authorize', 'prepare', 'onComplete']) {
    if (options[f] !== undefined && typeof options[f] !== 'function') fail(`${f} must be a function`);
  }
  cfg.authorize = options.authorize;
  cfg.prepare = options.prepare;
  cfg.onComplete = options.onComplete;
  const store = options.store;
  if (store !== undefined && !['get', 'create', 'replace'].every((m) => typeof store?.[m] === 'function')) {
    fail('store must have get, create and replace (memoryStore(), redisStore(client) or your own)');
  }
  cfg.store = store === undefined ? undefined : promising(store);
  cfg.maxBodyBytes = size(options.maxBodyBytes, 32 * 2 ** 20, 'maxBodyBytes');
  cfg.maxPhotoBytes = size(options.maxPhotoBytes, 10 * 2 ** 20, 'maxPhotoBytes');
  const origins = options.allowedOrigins;
  if (origins !== undefined && typeof origins !== 'function'
    && !(Array.isArray(origins) && origins.every((o) => typeof o === 'string' && /^https?:\/\/[^/]+$/.test(o)))) {
    fail('allowedOrigins must be a list of origins such as ["https://example.com"] (no path, no "*"), or a function (origin, request) => boolean');
  }
  // Compared as browsers write Origin (lower case, no default port, an IDN
  // in punycode): an entry written otherwise never matched, and refused its
  // own page with a 403 for every request.
  for (const o of Array.isArray(origins) ? origins : []) {
    const written = serialized(o);
    if (written !== o) fail(`allowedOrigins: "${o}" is never an Origin a browser sends${written ? `: write "${written}"` : ''}`);
  }
  cfg.allowedOrigins = origins;
  if (options.allowCredentials !== undefined && typeof options.allowCredentials !== 'boolean') fail('allowCredentials must be true or false');
  cfg.allowCredentials = options.allowCredentials === true;
  const extra = options.allowedHeaders ?? [];
  // A header name is an HTTP token; a list item that is not one would break the preflight's answer.
  if (!Array.isArray(extra) || !extra.every((h) => typeof h === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h))) {
    fail('allowedHeaders must be a list of request header names such as ["x-csrf-token"]');
  }
  cfg.allowedHeaders = extra.map((h) => h.toLowerCase());
  if (options.logger !== undefined && (options.logger === null || typeof options.logger !== 'object')) fail('logger must be an object with info, warn and error methods (console, pino, …)');
  cfg.logger = options.logger;
  const idem = options.idempotency ?? {};
  const idemKeys = [...Object.keys(DEFAULTS), 'secret'];
  for (const k of Object.keys(idem)) if (!idemKeys.includes(k)) fail(`unknown idempotency option "${k}"${hint(k, idemKeys)}`);
  // Guessable, it would hide nothing from whoever reads the store.
  if (idem.secret !== undefined && (typeof idem.secret !== 'string' || idem.secret.length < 16)) {
    fail('idempotency.secret must be a string of at least 16 characters (a random one, the same on every instance), or left out');
  }
  cfg.idempotency = {
    ttlMs: size(idem.ttlMs, DEFAULTS.ttlMs, 'idempotency.ttlMs'),
    waitMs: size(idem.waitMs, DEFAULTS.waitMs, 'idempotency.waitMs', 0),
    // Renewed every third of it: shorter, timers cannot keep it.
    leaseMs: size(idem.leaseMs, DEFAULTS.leaseMs, 'idempotency.leaseMs', 50),
    secret: idem.secret,
  };
  return cfg;
}

/** `o` as a browser's Origin header writes it, or null. */
function serialized(o) {
  try { return new URL(o).origin; } catch { return null; }
}

function size(v, fallback, name, min = 1) {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < min) fail(`${name} must be an integer ≥ ${min}`);
  return v;
}

function hint(k, known) {
  const lower = k.toLowerCase();
  const near = known.find((n) => n.toLowerCase() === lower || n.toLowerCase().startsWith(lower.slice(0, 4)));
  return near ? ` (did you mean ${near}?)` : '';
}

/**
 * A store of the server's own, its three methods made to always answer with
 * a promise: one that throws (a database busy) or answers a plain value (a
 * synchronous driver) then fails or settles as an async one would, and is
 * handled as a store failure, never mid-way through an enrolment.
 */
function promising(store) {
  const call = (method) => (...args) => {
    try {
      return Promise.resolve(store[method](...args));
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return { get: call('get'), create: call('create'), replace: call('replace') };
}
