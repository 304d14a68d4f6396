// Node ESM entry: the nodejs build is CommonJS and loads its .wasm synchronously;
// ESM and CJS users share that one instance.
import wasm from '../pkg/node/personkit.js';

/** The one error class: `err instanceof PersonkitError`, branch on `err.code`. */
export const PersonkitError = wasm.personkitErrorClass();
export const {
  version,
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson,
  VerifikClient, EqualsClient, HorusClient,
  encodeImage, prepareImage,
  setLocale, getLocale, errorsByField, validateField,
} = wasm;
