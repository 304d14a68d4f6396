// Cloudflare Workers (workerd, wrangler) entry, picked by the "workerd" export
// condition. Workers may not compile WebAssembly from bytes at run time; they
// import a .wasm file as a compiled WebAssembly.Module, which is instantiated
// here synchronously (no import.meta.url, no fetch of our own file).
import { initSync } from '../pkg/web/personkit.js';
import module from '../pkg/web/personkit_bg.wasm';

initSync({ module });

/** Already resolved: the module is instantiated on import. */
export const ready = Promise.resolve();
export { PersonkitError } from '../pkg/web/error.js';
export {
  version,
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson,
  VerifikClient, EqualsClient, HorusClient,
  encodeImage, prepareImage,
  toProviderPayloads, mapPerson, checkProviderPayload,
  setLocale, getLocale, errorsByField, validateField,
} from '../pkg/web/personkit.js';
import { PersonkitError as PersonkitErrorClass } from '../pkg/web/error.js';
import { toProviderPayloads as mapForEnrol, encodeImage as encodeForEnrol } from '../pkg/web/personkit.js';
import { makeEnrol } from './enrol.mjs';
/** Sends one person to your backend (personkit/server), exactly once per enrolment. */
export const enrol = makeEnrol({ toProviderPayloads: mapForEnrol, encodeImage: encodeForEnrol, PersonkitError: PersonkitErrorClass });
export { idempotencyKeyFor } from './enrol.mjs';
