// Browser (and bundler) entry: initialises the wasm module once, with top-level
// await, so users import and call without an init() step. The glue finds its
// .wasm through import.meta.url, which Vite and other bundlers follow.
import init, { personkitErrorClass } from '../pkg/web/personkit.js';

await init();

/** The one error class: `err instanceof PersonkitError`, branch on `err.code`. */
export const PersonkitError = personkitErrorClass();
export { version } from '../pkg/web/personkit.js';
