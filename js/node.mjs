// Node ESM entry: the nodejs build is CommonJS and loads its .wasm synchronously;
// ESM and CJS users share that one instance.
export { version } from '../pkg/node/personkit.js';
