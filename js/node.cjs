'use strict';
// Node CommonJS entry (the .wasm is bundled as base64: see node.mjs).
const wasm = require('../pkg/node/personkit.js');

module.exports = {
  PersonkitError: wasm.personkitErrorClass(),
  ready: Promise.resolve(),
  version: wasm.version,
  validateVerifikPerson: wasm.validateVerifikPerson,
  validateEqualsPerson: wasm.validateEqualsPerson,
  validateHorusPerson: wasm.validateHorusPerson,
  VerifikClient: wasm.VerifikClient,
  EqualsClient: wasm.EqualsClient,
  HorusClient: wasm.HorusClient,
  encodeImage: wasm.encodeImage,
  prepareImage: wasm.prepareImage,
};
