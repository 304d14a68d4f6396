// Shared by the personkit/server suites: fake clients that count calls,
// requests built as a browser would send them, and a secrets scan that runs
// on every response of every handler the suites make (createEnrolHandler
// here wraps personkit's with `scanned`).
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { createServer } from 'node:http';
import { createEnrolHandler as createUnscanned, toNodeHandler } from 'personkit/server';
import { jpegBase64, pngBase64, fixture, SECRETS, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET } from './helpers.mjs';

export { jpegBase64, pngBase64, fixture };
export const ORIGIN = 'https://app.example';
export const URL_ = `${ORIGIN}/api/enrol`;

let n = 0;
export const uid = () => `${Date.now().toString(36)}${(n += 1)}`;

/** The three real clients with client options `o` (on personkit-mock), and the server's own fields. */
export function mockProviders(o, positionId = 1) {
  return {
    verifik: { client: new VerifikClient({ token: TOKEN, ...o }), collections: ['staff'] },
    equals: { client: new EqualsClient({ apiKey: API_KEY, ...o }), accountId: 'F12345', roleName: 'Viewer' },
    horus: { client: new HorusClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...o }), categoryId: 1, positionId },
  };
}

/** A neutral person every provider accepts. */
export const person = (over = {}) => ({
  firstName: 'Ana', lastName: `Ñañez ${uid()}`, email: `ana.${uid()}@example.pe`, phone: '+51987654321',
  dateOfBirth: '1990-12-04', gender: 'F', nationality: 'PE', identityNumber: `45${uid()}`,
  photos: [jpegBase64()], ...over,
});

/**
 * A fake client: records each payload, answers with `answer(payload, call)`
 * (a result, or throws), after `delayMs`.
 */
export function fakeClient(provider, { answer, delayMs = 0 } = {}) {
  const calls = [];
  const options = [];
  const client = {
    calls,
    options,
    async createPerson(payload, callOptions) {
      calls.push(structuredClone(payload));
      options.push(callOptions);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (answer) return answer(payload, calls.length);
      if (provider === 'verifik') return { id: `vf_${calls.length}`, person: {}, retried: false, attempts: 1, reconciled: false };
      if (provider === 'equals') return { id: `eq_${calls.length}`, personaId: `pa_${calls.length}`, person: {}, persona: {}, retried: false, attempts: 1, reconciled: false };
      return { created: true, code: '200001', message: 'success', requestId: 'r1', retried: false, attempts: 1, reconciled: false };
    },
  };
  return client;
}

/** A PersonkitError-shaped error (what the real clients throw). */
export function personkitError(code, extra = {}) {
  return Object.assign(new Error(`${code.toLowerCase()} from the provider (secret: ${SECRETS[1]})`), { name: 'PersonkitError', code, body: `PROVIDER-RAW-BODY ${SECRETS[0]}`, ...extra });
}

export function fakeProviders(opts = {}) {
  return {
    verifik: { client: fakeClient('verifik', opts.verifik), collections: ['staff'] },
    equals: { client: fakeClient('equals', opts.equals), accountId: 'F12345', roleName: 'Viewer' },
    horus: { client: fakeClient('horus', opts.horus), categoryId: 1, positionId: 1 },
  };
}

export const calls = (providers) => Object.fromEntries(Object.entries(providers).map(([p, o]) => [p, o.client.calls.length]));

/** A JSON enrolment request as a same-origin page sends it. */
export function jsonRequest(body, { key = `k-${uid()}`, headers = {}, url = URL_, origin = ORIGIN, method = 'POST' } = {}) {
  return new Request(url, {
    method,
    headers: { 'content-type': 'application/json', ...(key && { 'idempotency-key': key }), ...(origin && { origin }), ...headers },
    body: method === 'GET' || method === 'HEAD' ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
}

/** A multipart enrolment: a person part and photo file parts. */
export function multipartRequest(personValue, files, { key = `k-${uid()}`, headers = {}, providers } = {}) {
  const form = new FormData();
  form.append('person', JSON.stringify(personValue));
  for (const f of files) form.append('photos', f);
  if (providers) form.append('providers', JSON.stringify(providers));
  return new Request(URL_, { method: 'POST', headers: { 'idempotency-key': key, origin: ORIGIN, ...headers }, body: form });
}

/** The answer's text, checked for secrets and images first. */
export async function readChecked(response) {
  const text = await response.text();
  assertClean(text);
  for (const [, v] of response.headers) assertClean(v);
  return text;
}

export async function jsonOf(response) {
  return JSON.parse(await readChecked(response));
}

/** No credential, raw provider body or image in `text`. */
export function assertClean(text) {
  for (const s of SECRETS) assert.ok(!text.includes(s), `a secret leaked: ${text.slice(0, 300)}`);
  assert.ok(!text.includes('/9j/'), 'a JPEG image leaked');
  assert.ok(!text.includes('iVBORw0KGgo'), 'a PNG image leaked');
  assert.ok(!text.includes('PROVIDER-RAW-BODY'), 'a raw provider body leaked');
}

/** ndjson lines of an answer. */
export async function lines(response) {
  return (await readChecked(response)).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** personkit's createEnrolHandler, every answer scanned (see `scanned`). */
export const createEnrolHandler = (options) => scanned(createUnscanned(options));

/** Every scanning handler made in this file's process: the `after` hook below waits for their streams. */
const scanners = new Set();

/**
 * `handle` with every Response scanned for secrets, images and raw provider
 * bodies, whether or not the test reads it: the headers at once; a JSON
 * body (a copy, through tee) before the test gets the Response, so a leak
 * fails the call that made it; an ndjson stream line by line as it passes,
 * without holding it back (the suites time its lines), checked by
 * `settled()`, which the file's `after` hook calls for every handler.
 */
export function scanned(handle) {
  const running = new Set();
  const failures = [];
  const wrapped = async (request) => {
    const res = await handle(request);
    for (const [, v] of res.headers) assertClean(v);
    if (!res.body) return res;
    const [copy, body] = res.body.tee();
    const scan = scanBody(copy);
    const out = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    if (!(res.headers.get('content-type') ?? '').includes('ndjson')) {
      await scan;
      return out;
    }
    const p = scan.catch((err) => { failures.push(err); }).finally(() => running.delete(p));
    running.add(p);
    return out;
  };
  /** Waits for the streams still being scanned; throws the first leak found (once). */
  wrapped.settled = async () => {
    await Promise.all([...running]);
    const found = failures.splice(0);
    if (found.length > 0) throw found[0];
  };
  scanners.add(wrapped);
  return wrapped;
}

async function scanBody(stream) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let all = '';
  let line = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      all += value;
      line += value;
      for (let nl = line.indexOf('\n'); nl >= 0; nl = line.indexOf('\n')) {
        assertClean(line.slice(0, nl)); // each ndjson line as it arrives
        line = line.slice(nl + 1);
      }
    }
    assertClean(all);
  } finally {
    reader.cancel().catch(() => {});
  }
}

after(async () => {
  for (const s of scanners) await s.settled();
});

/**
 * personkit-mock and an enrol handler over its three providers on a node:http
 * server on 127.0.0.1: `{ mock, endpoint, close }` (the page's route is `endpoint`).
 */
export async function enrolRoute(mock, clientOptions) {
  const handle = createEnrolHandler({ providers: mockProviders({ baseUrl: mock.url, ...clientOptions }, 1) });
  const server = createServer(toNodeHandler(handle));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}/api/enrol`,
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

/**
 * One enrolment through a handler on `store`, then the same request again:
 * every provider created, the second a replay, each provider called once.
 */
export async function enrolsOnceThenReplays(store) {
  const providers = fakeProviders();
  const handle = createEnrolHandler({ providers, store });
  const p = person();
  const key = `once-${uid()}`;
  const first = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(first.status, 200, await first.clone().text());
  assert.deepEqual(Object.values((await jsonOf(first)).results).map((o) => o.status), ['created', 'created', 'created']);
  const again = await handle(jsonRequest({ person: p }, { key }));
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  await again.text();
  assert.deepEqual(calls(providers), { verifik: 1, equals: 1, horus: 1 });
}

/**
 * `count` requests with one key and one person, sent at once, alternately
 * to the handlers at `urls`: each answered 200 with clean text and the same
 * outcomes, every provider created. Returns the key and the body sent.
 */
export async function burstOfOneKey(urls, count) {
  const key = `burst-${uid()}`;
  const body = JSON.stringify({ person: person() });
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => fetch(urls[i % urls.length], {
    method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body,
  })));
  const texts = await Promise.all(answers.map((r) => r.text()));
  texts.forEach(assertClean);
  assert.deepEqual(answers.map((r) => r.status), Array(count).fill(200), texts.find((t) => !t.includes('results')));
  const results = texts.map((t) => JSON.parse(t).results);
  for (const r of results) assert.deepEqual(r, results[0], 'every request gets the same outcomes');
  assert.deepEqual(Object.values(results[0]).map((o) => o.status), ['created', 'created', 'created']);
  return { key, body };
}

/**
 * node:http servers on 127.0.0.1, each closed by `closeAll` (an after() hook):
 * `listen(server)` resolves to its `/api/enrol` URL.
 */
export function localServers() {
  const servers = [];
  return {
    async listen(server) {
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      return `http://127.0.0.1:${server.address().port}/api/enrol`;
    },
    async closeAll() {
      for (const s of servers) await new Promise((r) => { s.close(r); s.closeAllConnections?.(); });
    },
  };
}
