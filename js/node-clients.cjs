'use strict';
// The provider clients the Node entries export (node.mjs, node.cjs; also
// Bun's and Deno's, and enrolMany's): one set, so ESM and CommonJS share them.
// In Node and Bun they are the core's own classes. In Deno a client given no
// `fetch` gets one that mends Deno's pool: its fetch (hyper) sends a request
// again by itself when a connection it reused from its pool fails, a POST
// included: a create reset after the server handled it would reach the
// server twice, unseen by the client (one attempt, then its lookup finds the
// person): on Equals a second persona. So a request that is not a GET or
// HEAD goes on a connection of its own (an HttpClient that keeps none
// idle); lookups keep the pool, where a repeat is harmless.
const { wasm } = require('./node-glue.cjs');

const deno = typeof globalThis.Deno === 'object' && globalThis.Deno !== null
  && typeof globalThis.Deno.createHttpClient === 'function';
let unpooled;
function runtimeFetch(url, init) {
  const own = { ...init };
  const method = String((init && init.method) || 'GET').toUpperCase();
  if (deno && method !== 'GET' && method !== 'HEAD') {
    if (unpooled === undefined) {
      try {
        unpooled = globalThis.Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
      } catch {
        unpooled = null; // a Deno that has the function but not the feature: its own pool, as before
      }
    }
    if (unpooled) own.client = unpooled;
  }
  return globalThis.fetch(url, own);
}

/** The options with the runtime's fetch added, when they are a plain object (or absent) that names none. */
function withFetch(options) {
  if (options === undefined) return { fetch: runtimeFetch };
  try {
    const proto = options !== null && typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
    if ((proto !== Object.prototype && proto !== null) || options.fetch !== undefined) return options;
    return { ...options, fetch: runtimeFetch };
  } catch {
    return options; // a hostile object: the client reports it as it would anyway
  }
}

const wrap = (Base) => ({ [Base.name]: class extends Base { constructor(options) { super(withFetch(options)); } } })[Base.name];

module.exports = deno
  ? { VerifikClient: wrap(wasm.VerifikClient), EqualsClient: wrap(wasm.EqualsClient), HorusClient: wrap(wasm.HorusClient) }
  : { VerifikClient: wasm.VerifikClient, EqualsClient: wasm.EqualsClient, HorusClient: wasm.HorusClient };
