'use strict';
// The provider clients the Node entries export (node.mjs, node.cjs; also
// Bun's and Deno's, and enrolMany's): one set, so ESM and CommonJS share them.
//
// Deno's fetch (hyper) sends a request again by itself when a connection it
// reused from its pool fails, a POST included. A create whose connection is
// reset after the server handled it would reach the server twice, unseen by
// the client (one attempt, then its lookup finds the person): on Equals a
// second persona. So under Deno a client given no `fetch` sends each request
// that is not a GET or HEAD on a connection of its own (an HttpClient that
// keeps none idle); lookups keep the pool, where a repeat is harmless.
const wasm = require('../pkg/node/personkit.js');

const deno = typeof globalThis.Deno === 'object' && globalThis.Deno !== null
  && typeof globalThis.Deno.createHttpClient === 'function';
let unpooled;
function denoFetch(url, init) {
  const method = String((init && init.method) || 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return globalThis.fetch(url, init);
  if (unpooled === undefined) {
    try {
      unpooled = globalThis.Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
    } catch {
      unpooled = null; // a Deno that has the function but not the feature: its own fetch, as before
    }
  }
  return globalThis.fetch(url, unpooled ? { ...init, client: unpooled } : init);
}

/** The options with Deno's fetch added, when they are a plain object (or absent) that names none. */
function withFetch(options) {
  if (options === undefined) return { fetch: denoFetch };
  try {
    const proto = options !== null && typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
    if ((proto !== Object.prototype && proto !== null) || options.fetch !== undefined) return options;
    return { ...options, fetch: denoFetch };
  } catch {
    return options; // a hostile object: the client reports it as it would anyway
  }
}

const wrap = (Base) => ({ [Base.name]: class extends Base { constructor(options) { super(withFetch(options)); } } })[Base.name];

module.exports = deno
  ? { VerifikClient: wrap(wasm.VerifikClient), EqualsClient: wrap(wasm.EqualsClient), HorusClient: wrap(wasm.HorusClient) }
  : { VerifikClient: wasm.VerifikClient, EqualsClient: wasm.EqualsClient, HorusClient: wasm.HorusClient };
