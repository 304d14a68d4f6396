// Browser (and bundler) entry: initialises the wasm module once, with top-level
// await, so users import and call without an init() step. Both .wasm URLs are
// literal `new URL(..., import.meta.url)`, which Vite and other bundlers follow.
import init, { personkitErrorClass } from '../pkg/web/personkit.js';

// The smallest module using a v128 instruction: engines without Wasm SIMD
// (older Safari) get the fallback build, which has the same exports.
const simd = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3,
  2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
await init({
  module_or_path: simd
    ? new URL('../pkg/web/personkit_bg.wasm', import.meta.url)
    : new URL('../pkg/web-nosimd/personkit_bg.wasm', import.meta.url),
});

/** The one error class: `err instanceof PersonkitError`, branch on `err.code`. */
export const PersonkitError = personkitErrorClass();
export {
  version,
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson,
  VerifikClient, EqualsClient, HorusClient,
  encodeImage, prepareImage,
  setLocale, getLocale, errorsByField, validateField,
} from '../pkg/web/personkit.js';
