// Node ESM entry (also Bun and Deno): the nodejs build is CommonJS and
// instantiates its .wasm synchronously from bytes bundled as base64
// (pkg/node/wasm-inline.js), so a bundled server (esbuild, Next.js) needs no
// file beside it; ESM and CJS users share that one instance.
import glue from './node-glue.cjs';
import clients from './node-clients.cjs';

const { wasm } = glue;

/** The one error class: `err instanceof PersonkitError`, branch on `err.code`. */
export const PersonkitError = wasm.personkitErrorClass();
/** Already resolved: the module is instantiated on import. */
export const ready = Promise.resolve();
export const {
  version,
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson,
  setLocale, getLocale, errorsByField, validateField,
} = wasm;
/** A jsdom File too (js/node-glue.cjs). */
export const { encodeImage, prepareImage } = glue;
/** The provider clients (under Deno, a create never rides a reused connection: js/node-clients.cjs). */
export const { VerifikClient, EqualsClient, HorusClient } = clients;
export const { toProviderPayloads, mapPerson, checkProviderPayload } = wasm;
import { makeEnrol } from './enrol.mjs';
/** Sends one person to your backend (personkit/server), exactly once per enrolment. */
export const enrol = makeEnrol({ toProviderPayloads: wasm.toProviderPayloads, encodeImage, PersonkitError, getLocale: wasm.getLocale });
export { idempotencyKeyFor } from './enrol.mjs';
export { enrolMany } from './import/index.mjs';
