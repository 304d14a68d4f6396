// Browser entry for every other bundler and runtime (esbuild, Rollup, workers
// built by them, anything that sets no "development"/"production" condition):
// the .wasm travels inside the JavaScript as base64, so nothing has to emit or
// serve a file, and it is instantiated synchronously on import — no top-level
// await, so any output format (esm, iife, cjs) holds it. Costs more download
// than the separate file js/browser.mjs fetches (the README's Size says how much).
import { initSync } from '../pkg/web/personkit.js';
import b64 from '../pkg/web/wasm-inline.js';

const bytes = typeof Uint8Array.fromBase64 === 'function'
  ? Uint8Array.fromBase64(b64)
  : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
try {
  initSync({ module: bytes });
} catch (err) {
  throw new Error('personkit: this engine cannot compile the bundled WebAssembly (it needs Wasm SIMD); '
    + 'load personkit/personkit-nosimd.wasm with personkit/init instead (README: "Handing personkit its .wasm yourself")', { cause: err });
}

/** Already resolved: the module is instantiated on import. */
export const ready = Promise.resolve();
export * from './web-api.mjs';
