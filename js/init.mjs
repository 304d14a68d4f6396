// `personkit/init`: the same API with nothing loaded until you hand personkit
// its .wasm — for a CDN, a custom asset path, or a Content-Security-Policy that
// only allows what you list. Call `init` (or `initSync`) once, first:
//   await init(new URL('/assets/personkit.wasm', location.href));   // URL, string, Request, Response or its promise
//   initSync(bytes);                                              // ArrayBuffer, Uint8Array or WebAssembly.Module
// The files are exported as personkit/personkit.wasm (SIMD) and
// personkit/personkit-nosimd.wasm (engines without Wasm SIMD).
//
// Every function that needs the .wasm is wrapped here, so a call made before
// it is loaded says what to do instead of failing inside the glue. These
// local exports take precedence over the same names of `export *` below,
// which keeps web-api.mjs the one list of names.
import glueInit, * as glue from '../pkg/web/personkit.js';
import { PersonkitError } from '../pkg/web/error.js';
import { makeEnrol } from './enrol.mjs';

let live = false;
let markReady;
/** Resolves once `init` or `initSync` has loaded the .wasm. */
export const ready = new Promise((resolve) => { markReady = resolve; });

function loaded() {
  live = true;
  markReady();
}

/** `bag[key]` when `v` is wasm-bindgen's own options bag (`{ module }`, `{ module_or_path }`), else `v`. */
function unbagged(v, key) {
  const plain = v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
  return plain && Object.hasOwn(v, key) ? v[key] : v;
}

/** Instantiates personkit from `source`; resolves when every function can be called. Later calls do nothing. */
export async function init(source) {
  if (source === undefined) throw new TypeError('personkit init(): pass the .wasm (a URL, a Response, bytes or a WebAssembly.Module)');
  let from = await unbagged(source, 'module_or_path');
  if (typeof from === 'string' || from instanceof URL || (typeof Request === 'function' && from instanceof Request)) from = await fetch(from);
  // Served as something other than application/wasm (a CDN's or S3's
  // octet-stream): read as bytes here, where the glue would compile them
  // the same after a console warning with a stack trace.
  if (typeof Response === 'function' && from instanceof Response && from.ok
    && !/^application\/wasm\b/i.test(from.headers.get('content-type') || '')) from = await from.arrayBuffer();
  await glueInit({ module_or_path: from });
  loaded();
}

/** Instantiates personkit synchronously from bytes or a WebAssembly.Module. Later calls do nothing. */
export function initSync(source) {
  if (source === undefined) throw new TypeError('personkit initSync(): pass the .wasm bytes or a WebAssembly.Module');
  glue.initSync({ module: unbagged(source, 'module') });
  loaded();
}

/** Throws unless the .wasm is loaded: the code a runtime lacking what a call needs gets. */
function needsWasm(name) {
  if (live) return;
  throw new PersonkitError('UNSUPPORTED_ENVIRONMENT', "personkit is not loaded yet: call init() or initSync() from 'personkit/init' first", {
    detail: `${name} was called before personkit/init's init() or initSync() had loaded the .wasm (a call made while init() is still pending counts too)`,
  });
}

export const version = () => { needsWasm('version()'); return glue.version(); };
export const validateVerifikPerson = (input, options) => { needsWasm('validateVerifikPerson()'); return glue.validateVerifikPerson(input, options); };
export const validateEqualsPerson = (input, options) => { needsWasm('validateEqualsPerson()'); return glue.validateEqualsPerson(input, options); };
export const validateHorusPerson = (input, options) => { needsWasm('validateHorusPerson()'); return glue.validateHorusPerson(input, options); };
export const validateField = (provider, field, value, options) => { needsWasm('validateField()'); return glue.validateField(provider, field, value, options); };
export const errorsByField = (result) => { needsWasm('errorsByField()'); return glue.errorsByField(result); };
export const setLocale = (locale) => { needsWasm('setLocale()'); return glue.setLocale(locale); };
export const getLocale = () => { needsWasm('getLocale()'); return glue.getLocale(); };
export const toProviderPayloads = (person, serverFields, options) => { needsWasm('toProviderPayloads()'); return glue.toProviderPayloads(person, serverFields, options); };
export const mapPerson = (person, serverFields, options) => { needsWasm('mapPerson()'); return glue.mapPerson(person, serverFields, options); };
export const checkProviderPayload = (provider, payload, serverFields, options) => { needsWasm('checkProviderPayload()'); return glue.checkProviderPayload(provider, payload, serverFields, options); };
export const encodeImage = async (source, options) => { needsWasm('encodeImage()'); return glue.encodeImage(source, options); };
export const prepareImage = async (file, options) => { needsWasm('prepareImage()'); return glue.prepareImage(file, options); };
export class VerifikClient extends glue.VerifikClient { constructor(options) { needsWasm('new VerifikClient()'); super(options); } }
export class EqualsClient extends glue.EqualsClient { constructor(options) { needsWasm('new EqualsClient()'); super(options); } }
export class HorusClient extends glue.HorusClient { constructor(options) { needsWasm('new HorusClient()'); super(options); } }
/** Sends one person to your backend (personkit/server), exactly once per enrolment. */
export const enrol = makeEnrol({ toProviderPayloads, encodeImage, PersonkitError, getLocale: () => (live ? glue.getLocale() : 'en') });

export * from './web-api.mjs';
