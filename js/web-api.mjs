// What the entries on the full web build (browser-inline.mjs, workerd.mjs,
// init.mjs) export besides their own way of loading the .wasm: one list, so
// the three cannot drift apart.
import { PersonkitError } from '../pkg/web/error.js';
import { toProviderPayloads, encodeImage, getLocale } from '../pkg/web/personkit.js';
import { makeEnrol } from './enrol.mjs';

export { PersonkitError };
export {
  version,
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson,
  VerifikClient, EqualsClient, HorusClient,
  encodeImage, prepareImage,
  toProviderPayloads, mapPerson, checkProviderPayload,
  setLocale, getLocale, errorsByField, validateField,
} from '../pkg/web/personkit.js';
/** Sends one person to your backend (personkit/server), exactly once per enrolment. */
export const enrol = makeEnrol({ toProviderPayloads, encodeImage, PersonkitError, getLocale });
export { idempotencyKeyFor } from './enrol.mjs';
