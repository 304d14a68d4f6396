// personkit/init: the same API, loaded only when you hand it its .wasm; no
// enrolMany (Node only: it is on the Node entries). The values are listed
// (tests/js/audit-types.test.mjs holds them to what js/init.mjs exports);
// every type comes along.
export type * from './index.js';
export {
  PersonkitError, version,
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson,
  VerifikClient, EqualsClient, HorusClient,
  encodeImage, prepareImage,
  toProviderPayloads, mapPerson, checkProviderPayload,
  setLocale, getLocale, errorsByField, validateField,
  enrol, idempotencyKeyFor,
} from './index.js';

/**
 * A compiled `WebAssembly.Module` where the project's types have one (lib
 * "dom", "webworker", a Workers' types), else any object: a Node project's
 * lib (es2022 and @types/node 20) declares no WebAssembly namespace.
 */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;

/** What `init` accepts: where to fetch the .wasm, the answer of such a fetch, its bytes, or a compiled module. */
export type WasmSource =
  | string | URL | Request | Response | Promise<Response>
  | ArrayBuffer | ArrayBufferView | WasmModule;

/** Instantiates personkit from `source`; resolves when every function can be called. Later calls do nothing. */
export function init(source: WasmSource | { module_or_path: WasmSource }): Promise<void>;
/** Instantiates personkit synchronously from the .wasm bytes or a compiled module (also in wasm-bindgen's own form, `{ module }`). Later calls do nothing. */
export function initSync(source: ArrayBuffer | ArrayBufferView | WasmModule | { module: ArrayBuffer | ArrayBufferView | WasmModule }): void;
/** Resolves once `init` or `initSync` has loaded the .wasm; pending until then. A call that needs the .wasm before it throws (an async one rejects) `PersonkitError` `UNSUPPORTED_ENVIRONMENT`, saying to call `init()` or `initSync()` first. */
export const ready: Promise<void>;
