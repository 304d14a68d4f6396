// Browser entry for bundlers that set the "development"/"production"
// conditions (Vite, webpack, Rollup with node-resolve, Next.js) and for a plain
// <script type="module">. No top-level await, so bundlers may wrap it in an
// iife or CommonJS (Vite's workers, webpack's require()), and a worker's
// onmessage is set before any message can arrive.
//
// Vite's and webpack's builds carry the .wasm as a file (they follow the
// literal `new URL(..., import.meta.url)` below) and replace the test on
// `__webpack_require__` / `import.meta.env` at build time, which drops the
// base64 copy of the bytes from their bundles. There the .wasm is fetched and
// compiled as soon as this module runs; `ready` resolves once it is
// instantiated, the async functions wait for it, and a synchronous call made
// before it (a validator, a client constructor) loads the file synchronously —
// freely in a worker; a page blocks for that moment, which `await ready`
// avoids. Everywhere else (Rollup, Vite's dev server, no bundler) the base64
// copy is instantiated synchronously on import and nothing is fetched.
//
// This is the page build (pkg/page: validators, encodeImage, prepareImage);
// the provider clients live in js/browser-clients.mjs on the full build.
import { initSync } from '../pkg/page/personkit.js';
import * as glue from '../pkg/page/personkit.js';
import inlined from '../pkg/page/wasm-inline.js';
import { PersonkitError } from '../pkg/web/error.js';
import { makeEnrol } from './enrol.mjs';
import { cannotLoadNow } from './cannot-load-now.mjs';
import { setClientsLocale } from './browser-clients.mjs';

// The smallest module using a v128 instruction: engines without Wasm SIMD
// (older Safari) get the fallback build, which has the same exports.
const simd = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3,
  2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
const wasmUrl = () => (simd
  ? new URL('../pkg/page/personkit_bg.wasm', import.meta.url)
  : new URL('../pkg/page-nosimd/personkit_bg.wasm', import.meta.url));
const bytes = (typeof __webpack_require__ === 'function' || (typeof import.meta.env === 'object' && import.meta.env.PROD === true))
  ? null
  : inlined;

let live = false;
if (bytes !== null && simd) {
  initSync({ module: typeof Uint8Array.fromBase64 === 'function' ? Uint8Array.fromBase64(bytes) : Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)) });
  live = true;
}
const help = ' (see the README: "Handing personkit its .wasm yourself")';

async function compile() {
  const url = wasmUrl();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`personkit: could not load ${url}: HTTP ${res.status}${help}`);
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(res.headers.get('content-type') || '')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

/** Resolves once the WebAssembly module is ready (every function works before it too). */
export const ready = live ? Promise.resolve() : compile().then((module) => {
  if (!live) { initSync({ module }); live = true; }
});
ready.catch(() => {}); // reported by the first call that needs it

// A synchronous call before `ready`: fetch the bytes synchronously (a worker
// can ask for an ArrayBuffer; a page reads them as x-user-defined text).
function loadNow() {
  if (live) return;
  const url = wasmUrl();
  if (typeof XMLHttpRequest !== 'function') throw cannotLoadNow(url);
  const xhr = new XMLHttpRequest();
  xhr.open('GET', url, false);
  const page = typeof document !== 'undefined';
  if (page) xhr.overrideMimeType('text/plain; charset=x-user-defined');
  else xhr.responseType = 'arraybuffer';
  xhr.send();
  if (xhr.status !== 200) throw new Error(`personkit: could not load ${url}: HTTP ${xhr.status}${help}`);
  const bytes = page ? Uint8Array.from(xhr.responseText, (c) => c.charCodeAt(0) & 0xff) : new Uint8Array(xhr.response);
  initSync({ module: bytes });
  live = true;
}

export { PersonkitError };
export const version = () => { loadNow(); return glue.version(); };
export const validateVerifikPerson = (input, options) => { if (!live) loadNow(); return glue.validateVerifikPerson(input, options); };
export const validateEqualsPerson = (input, options) => { if (!live) loadNow(); return glue.validateEqualsPerson(input, options); };
export const validateHorusPerson = (input, options) => { if (!live) loadNow(); return glue.validateHorusPerson(input, options); };
export const validateField = (provider, field, value, options) => { if (!live) loadNow(); return glue.validateField(provider, field, value, options); };
export const errorsByField = (result) => { if (!live) loadNow(); return glue.errorsByField(result); };
// Both builds' default: the page build's now, and the clients' (the full
// build) now if it is loaded, else when it loads. The page build checks the
// tag first, so the clients only ever get one it accepted.
export const setLocale = (locale) => {
  if (!live) loadNow();
  glue.setLocale(locale);
  setClientsLocale(locale);
};
export const getLocale = () => { if (!live) loadNow(); return glue.getLocale(); };
export const encodeImage = async (source, options) => { if (!live) await ready; return glue.encodeImage(source, options); };
export const prepareImage = async (file, options) => { if (!live) await ready; return glue.prepareImage(file, options); };
// The clients run on the full build, loaded only when a page builds one.
export { VerifikClient, EqualsClient, HorusClient } from './browser-clients.mjs';
export const toProviderPayloads = (person, serverFields, options) => { if (!live) loadNow(); return glue.toProviderPayloads(person, serverFields, options); };
export const mapPerson = (person, serverFields, options) => { if (!live) loadNow(); return glue.mapPerson(person, serverFields, options); };
export const checkProviderPayload = (provider, payload, serverFields, options) => { if (!live) loadNow(); return glue.checkProviderPayload(provider, payload, serverFields, options); };
/** Sends one person to your backend (personkit/server), exactly once per enrolment. */
// Before the .wasm is loaded nobody has called setLocale (it loads it), so the default is 'en': asking must not load it synchronously.
export const enrol = makeEnrol({ toProviderPayloads, encodeImage, PersonkitError, getLocale: () => (live ? glue.getLocale() : 'en') });
export { idempotencyKeyFor } from './enrol.mjs';
