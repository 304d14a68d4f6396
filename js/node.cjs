'use strict';
// Node CommonJS entry.
const wasm = require('../pkg/node/personkit.js');

module.exports = {
  PersonkitError: wasm.personkitErrorClass(),
  version: wasm.version,
  validateVerifikPerson: wasm.validateVerifikPerson,
  validateEqualsPerson: wasm.validateEqualsPerson,
  validateHorusPerson: wasm.validateHorusPerson,
  VerifikClient: wasm.VerifikClient,
  EqualsClient: wasm.EqualsClient,
  HorusClient: wasm.HorusClient,
  encodeImage: wasm.encodeImage,
  prepareImage: wasm.prepareImage,
  setLocale: wasm.setLocale,
  getLocale: wasm.getLocale,
  errorsByField: wasm.errorsByField,
  validateField: wasm.validateField,
};
