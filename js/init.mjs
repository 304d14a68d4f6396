// `personkit/init`: the same API with nothing loaded until you hand personkit
// its .wasm — for a CDN, a custom asset path, or a Content-Security-Policy that
// only allows what you list. Call `init` (or `initSync`) once, first:
//   await init(new URL('/assets/personkit.wasm', location.href));   // URL, string, Request, Response or its promise
//   initSync(bytes);                                              // ArrayBuffer, Uint8Array or WebAssembly.Module
// The files are exported as personkit/personkit.wasm (SIMD) and
// personkit/personkit-nosimd.wasm (engines without Wasm SIMD).
import glueInit, { initSync as glueInitSync } from '../pkg/web/personkit.js';

/** Instantiates personkit from `source`; resolves when every function can be called. Later calls do nothing. */
export async function init(source) {
  if (source === undefined) throw new TypeError('personkit init(): pass the .wasm (a URL, a Response, bytes or a WebAssembly.Module)');
  await glueInit({ module_or_path: source });
}

/** Instantiates personkit synchronously from bytes or a WebAssembly.Module. Later calls do nothing. */
export function initSync(source) {
  if (source === undefined) throw new TypeError('personkit initSync(): pass the .wasm bytes or a WebAssembly.Module');
  glueInitSync({ module: source });
}

export * from './web-api.mjs';
