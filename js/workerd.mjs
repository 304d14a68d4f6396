// Cloudflare Workers (workerd, wrangler) entry, picked by the "workerd" export
// condition. Workers may not compile WebAssembly from bytes at run time; they
// import a .wasm file as a compiled WebAssembly.Module, which is instantiated
// here synchronously (no import.meta.url, no fetch of our own file).
import { initSync } from '../pkg/web/personkit.js';
import module from '../pkg/web/personkit_bg.wasm';

initSync({ module });

/** Already resolved: the module is instantiated on import. */
export const ready = Promise.resolve();
export * from './web-api.mjs';
