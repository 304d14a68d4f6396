// Browser (and bundler) entry: initialises the wasm module once, with top-level
// await, so users import and call without an init() step. The glue finds its
// .wasm through import.meta.url, which Vite and other bundlers follow.
import init from '../pkg/web/personkit.js';

await init();

export { version } from '../pkg/web/personkit.js';
