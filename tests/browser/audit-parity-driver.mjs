// The one driver of the parity audit (tests/browser/audit-parity.test.mjs),
// imported by Node and by the page alike, so both run the very same code on
// the very same inputs. Jobs are JSON; `revive` turns their tags into what
// JSON cannot carry (undefined, NaN, -0, bigint, a throwing getter, a cycle,
// bytes, message functions), and `canon` writes an answer down whole: key
// order, types, an error's every own property, its class.

/** JSON tags → the values a page or a server may hand personkit. */
export function revive(v) {
  if (Array.isArray(v)) return v.map(revive);
  if (v === null || typeof v !== 'object') return v;
  if ('$u' in v) return undefined;
  if ('$n' in v) return Number(v.$n === '-0' ? -0 : v.$n);
  if ('$b' in v) return BigInt(v.$b);
  if ('$bytes' in v) return bytes(v.$bytes, v.as);
  if ('$fn' in v) return messageFn(v.$fn);
  if ('$deep' in v) {
    // Nested `$deep` levels of arrays or objects around `in`.
    let x = revive(v.in);
    for (let i = 0; i < v.$deep; i++) x = v.objects ? { a: x } : [x];
    return x;
  }
  if ('$repeat' in v) return v.$repeat.repeat(v.n);
  if ('$many' in v) return Array.from({ length: v.n }, (_, i) => (v.$many === 'obj' ? { [`k${i}`]: i } : i));
  if ('$js' in v) return jsValue(v.$js, v.in);
  if ('$revoked' in v) {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  }
  const o = v.$nullproto ? Object.create(null) : {};
  for (const [k, x] of Object.entries(v.$o ?? v)) {
    if (x && typeof x === 'object' && '$throws' in x) {
      Object.defineProperty(o, k, { enumerable: true, configurable: true, get() { throw new Error(x.$throws); } });
    } else if (x && typeof x === 'object' && '$self' in x) {
      Object.defineProperty(o, k, { value: o, enumerable: true, writable: true, configurable: true });
    } else {
      Object.defineProperty(o, k, { value: revive(x), enumerable: true, writable: true, configurable: true });
    }
  }
  return o;
}

// What a page's or a server's own objects can be, beyond JSON.
function jsValue(kind, inner) {
  switch (kind) {
    case 'date': return new Date(Date.UTC(1990, 11, 4));
    case 'map': return new Map([[1, 2]]);
    case 'set': return new Set(['a']);
    case 'trap': return new Proxy({ a: 1 }, { get() { throw new Error('trap'); } });
    case 'proxy': return new Proxy(revive(inner), {});
    case 'toJSON': return { toJSON: () => revive(inner) };
    case 'toJSONthrows': return { toJSON() { throw new Error('toJSON'); } };
    case 'boxed': return new String('boxed');
    case 'symbol': return Symbol('s');
    case 'function': return () => 1;
    case 'frozen': return Object.freeze(revive(inner));
    case 'class': return new (class Person { constructor() { this.name = 'A'; } })();
    case 'sparse': return [1, , 3]; // eslint-disable-line no-sparse-arrays
    case 'symbolKey': return { [Symbol('k')]: 1, a: revive(inner) };
    default: throw new Error(`unknown $js ${kind}`);
  }
}

function bytes(b64, as) {
  const raw = atob(b64);
  const u8 = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  switch (as) {
    case 'buffer': return u8.buffer;
    case 'blob': return new Blob([u8], { type: 'image/jpeg' });
    case 'base64': return b64;
    case 'dataurl': return `data:image/jpeg;base64,${b64}`;
    case 'view': return new DataView(u8.buffer);
    default: return u8;
  }
}

// A `messages` function: writes down the context it was handed (key order
// included), or answers as personkit documents a non-answer.
function messageFn(kind) {
  switch (kind) {
    case 'throws': return () => { throw new Error('mine'); };
    case 'empty': return () => '';
    case 'number': return () => 7;
    case 'limit': return ({ limit }) => `max ${limit}`;
    default: return (ctx) => (ctx.code === 'REQUIRED' ? undefined : `ctx ${JSON.stringify(canon(ctx))}`);
  }
}

/** A value written down whole, as JSON. */
export function canon(v, seen = new Set()) {
  if (v === undefined) return { $u: 1 };
  if (typeof v === 'number') return Object.is(v, -0) || !Number.isFinite(v) ? { $n: Object.is(v, -0) ? '-0' : String(v) } : v;
  if (typeof v === 'bigint') return { $b: String(v) };
  if (typeof v === 'function') return { $f: v.name };
  if (typeof v === 'symbol') return { $sym: String(v) };
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return { $cycle: 1 };
  seen.add(v);
  try {
    if (v instanceof Error) {
      const own = Object.getOwnPropertyNames(v).filter((k) => k !== 'stack')
        .map((k) => [k, canon(v[k], seen), Object.getOwnPropertyDescriptor(v, k).enumerable]);
      let json;
      try { json = JSON.stringify(v); } catch (e) { json = `throws ${e}`; }
      return { $err: v.constructor?.name, name: v.name, own, json, cause: 'cause' in v ? canon(v.cause, seen) : null };
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return { $t: v.constructor.name, n: v.byteLength };
    if (Array.isArray(v)) return v.map((x) => canon(x, seen));
    const proto = Object.getPrototypeOf(v);
    const kind = proto === Object.prototype ? undefined : proto === null ? 'null' : proto.constructor?.name;
    const entries = Object.keys(v).map((k) => [k, canon(v[k], seen)]);
    return kind === undefined ? { $o: entries } : { $o: entries, kind };
  } finally {
    seen.delete(v);
  }
}

const VALIDATORS = { verifik: 'validateVerifikPerson', equals: 'validateEqualsPerson', horus: 'validateHorusPerson' };

/** One job on the module `pk`: its answer (or what it threw) and, for results, errorsByField of it. */
export async function runJob(pk, job) {
  const opt = revive(job.opt);
  let call;
  switch (job.k) {
    case 'v': call = () => pk[VALIDATORS[job.p]](revive(job.input), opt); break;
    case 'f': call = () => pk.validateField(job.p, job.field, revive(job.value), opt); break;
    case 't': call = () => pk.toProviderPayloads(revive(job.input), revive(job.server), opt); break;
    case 'm': call = () => pk.mapPerson(revive(job.input), revive(job.server)); break;
    case 'c': call = () => pk.checkProviderPayload(job.p, revive(job.input), revive(job.server), opt); break;
    case 'e': call = () => pk.errorsByField(revive(job.input)); break;
    case 'i': call = () => pk.encodeImage(revive(job.input), opt); break;
    case 'l': call = () => { pk.setLocale(job.input); return pk.getLocale(); }; break;
    case 'cl': call = () => create(pk, job, opt); break;
    case 'en': call = () => enrolOnce(pk, job, opt); break;
    default: throw new Error(`unknown job ${job.k}`);
  }
  if (job.locale) pk.setLocale(job.locale);
  let out;
  try {
    const r = await call();
    out = { r: canon(r) };
    if (r && typeof r === 'object' && 'ok' in r) out.byField = canon(pk.errorsByField(r));
  } catch (e) {
    out = { threw: canon(e), pk: e instanceof pk.PersonkitError };
    if (e instanceof pk.PersonkitError) out.byField = canon(pk.errorsByField(e));
  } finally {
    if (job.locale || job.k === 'l') pk.setLocale('en');
  }
  return JSON.stringify(out);
}

const CREDENTIALS = { verifik: { token: 't0k' }, equals: { apiKey: 'k3y' }, horus: { clientId: 'id', clientSecret: 's3cret' } };
const CLIENTS = { verifik: 'VerifikClient', equals: 'EqualsClient', horus: 'HorusClient' };

// A client's createPerson against a fetch that answers `job.status`: what it
// sent (address, method, headers but the server-only User-Agent, body as
// text) and how it ended.
async function create(pk, job, opt) {
  const sent = [];
  const fetch = async (url, init) => {
    const headers = Object.entries(init.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'user-agent');
    const body = typeof init.body === 'string' ? init.body : new TextDecoder().decode(init.body);
    sent.push([String(url), init.method, headers, body]);
    return new Response(job.answer ?? '{"error":"refused","code":"E1"}', { status: job.status ?? 400, headers: { 'content-type': 'application/json' } });
  };
  const client = new pk[CLIENTS[job.p]]({
    ...CREDENTIALS[job.p], baseUrl: 'https://api.example.com', fetch, maxRetries: 0, dangerouslyAllowBrowser: true, ...revive(job.copt),
  });
  try {
    return { result: await client.createPerson(revive(job.input), opt), sent };
  } catch (error) {
    return { error, instance: error instanceof pk.PersonkitError, sent };
  } finally {
    client.free();
  }
}

// enrol() against a fetch that answers `job.answer`: the request as sent
// (the random Idempotency-Key left out; a multipart body's parts, files as
// their name, type and size), and how it ended.
async function enrolOnce(pk, job, opt) {
  const sent = [];
  const fetch = async (url, init) => {
    const headers = [...new Headers(init.headers)].filter(([k]) => k !== 'idempotency-key' && !(k === 'content-type' && k.includes('boundary')));
    let body = init.body;
    if (body instanceof FormData) body = [...body].map(([k, v]) => [k, typeof v === 'string' ? v : [v.name, v.type, v.size]]);
    sent.push([String(url), init.method, headers.map(([k, v]) => [k, v.replace(/boundary=.*/, 'boundary=…')]), body]);
    return new Response(job.answer, { status: job.status, headers: { 'content-type': 'application/json' } });
  };
  try {
    return { result: await pk.enrol(revive(job.input), { endpoint: 'https://my.example/api/enrol', fetch, ...opt, ...revive(job.eopt) }), sent };
  } catch (error) {
    return { error, instance: error instanceof pk.PersonkitError, sent };
  }
}

/** Every job, in order (one at a time: setLocale is shared state). */
export async function runAll(pk, jobs) {
  const out = [];
  for (const job of jobs) out.push(await runJob(pk, job));
  return out;
}
