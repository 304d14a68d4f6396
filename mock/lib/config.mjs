// Configuration: defaults, merging a config object over them, and checking it.
// Kept separate so the CLI (flags, config file) and startMock() share one shape.

export const MIB = 1024 * 1024;

/** The credentials and reference data a fresh mock accepts. */
export function defaultConfig() {
  return {
    verifik: {
      token: 'verifik-test-token',
      // Which documented body shape Verifik answers with: 'file' or 'docs' (README, "How we read the documents").
      shape: 'file',
    },
    equals: {
      apiKey: 'equals-test-key',
      accountIds: ['F12345'],
    },
    horus: {
      // From the sample request in the Horus document.
      clientId: 'bb145d5f',
      clientSecret: 'bb145d5fxyz',
      categoryIds: [1, 2, 3],
      positionIds: [1, 2, 3],
    },
    // Request bodies above this many bytes get 413.
    bodyLimit: 50 * MIB,
    // A request's headers, then its body, must arrive within these (else 408
    // and the connection is closed): a slow or lying client cannot hold a socket.
    headersTimeoutMs: 10_000,
    bodyTimeoutMs: 10_000,
    // Host names accepted besides 127.0.0.1, localhost and [::1] (DNS rebinding
    // guard): "name" with any port, or "name:port".
    allowedHosts: [],
    // Size of the body sent by the `huge` fault.
    hugeBytes: 8 * MIB,
    // Recorded requests kept for GET /__mock/requests (oldest dropped first).
    maxRecorded: 1000,
  };
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep-merges `override` over `base` (arrays are replaced, not concatenated). */
export function mergeConfig(base, override) {
  if (override === undefined || override === null) return base;
  if (!isObject(override)) throw new TypeError('mock config must be a JSON object');
  const out = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    out[key] = isObject(value) ? mergeConfig(isObject(base[key]) ? base[key] : {}, value) : value;
  }
  return out;
}

/** Throws a TypeError naming the first bad setting; returns the config unchanged. */
export function checkConfig(config) {
  const fail = (msg) => {
    throw new TypeError(`mock config: ${msg}`);
  };
  const str = (v, name) => (typeof v === 'string' && v !== '') || fail(`${name} must be a non-empty string`);
  const list = (v, name, test, what) =>
    (Array.isArray(v) && v.length > 0 && v.every(test)) || fail(`${name} must be a non-empty array of ${what}`);
  const size = (v, name) => (Number.isSafeInteger(v) && v > 0) || fail(`${name} must be a positive integer`);

  // A typo such as `verifik.tokens` must not be ignored silently.
  const known = defaultConfig();
  for (const [key, value] of Object.entries(config)) {
    if (!(key in known)) fail(`unknown setting "${key}"`);
    if (isObject(known[key])) {
      if (!isObject(value)) fail(`${key} must be an object`);
      for (const sub of Object.keys(value)) if (!(sub in known[key])) fail(`unknown setting "${key}.${sub}"`);
    }
  }
  str(config.verifik?.token, 'verifik.token');
  if (!['file', 'docs'].includes(config.verifik?.shape)) fail('verifik.shape must be "file" or "docs"');
  str(config.equals?.apiKey, 'equals.apiKey');
  list(config.equals?.accountIds, 'equals.accountIds', (x) => typeof x === 'string' && x !== '', 'strings');
  str(config.horus?.clientId, 'horus.clientId');
  str(config.horus?.clientSecret, 'horus.clientSecret');
  list(config.horus?.categoryIds, 'horus.categoryIds', Number.isSafeInteger, 'integers');
  list(config.horus?.positionIds, 'horus.positionIds', Number.isSafeInteger, 'integers');
  size(config.bodyLimit, 'bodyLimit');
  size(config.headersTimeoutMs, 'headersTimeoutMs');
  size(config.bodyTimeoutMs, 'bodyTimeoutMs');
  if (!(Array.isArray(config.allowedHosts) && config.allowedHosts.every((h) => typeof h === 'string' && h !== ''))) {
    fail('allowedHosts must be an array of host names');
  }
  size(config.hugeBytes, 'hugeBytes');
  size(config.maxRecorded, 'maxRecorded');
  return config;
}

/** The lines printed at start: where to send what. Credentials are test values by design. */
export function describeConfig(config, url) {
  const { verifik, equals, horus } = config;
  return [
    `personkit-mock listening on ${url}`,
    `  Verifik  POST ${url}/v2/face-recognition/persons`,
    `           Authorization: Bearer ${verifik.token}   (shape: ${verifik.shape})`,
    `  Equals   POST ${url}/v2/people`,
    `           Authorization: ApiKey ${equals.apiKey}   accountIds: ${equals.accountIds.join(', ')}`,
    `  Horus    POST ${url}/v1/nonspec/oauth2/management/person`,
    `           clientId: ${horus.clientId}  clientSecret: ${horus.clientSecret}`,
    `           categoryIds: ${horus.categoryIds.join(', ')}  positionIds: ${horus.positionIds.join(', ')}`,
    `  Lookups  GET ${url}/v2/face-recognition/persons[/<_id>] · GET ${url}/v2/people?accountId=…`,
    `  Inspect  GET ${url}/__mock/persons · GET ${url}/__mock/requests · POST ${url}/__mock/reset`,
  ].join('\n');
}
