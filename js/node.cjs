'use strict';
// Node CommonJS entry (the .wasm is bundled as base64: see node.mjs). Jest
// loads it in both its environments: it resolves with the "node" condition
// under jsdom too, and runs it in a vm context where import() and
// require(esm) fail, so the ES modules it needs come as CommonJS copies
// (js/cjs/, written by scripts/cjs-copies.mjs).
const { wasm, encodeImage, prepareImage } = require('./node-glue.cjs');
const clients = require('./node-clients.cjs');

module.exports = {
  PersonkitError: wasm.personkitErrorClass(),
  ready: Promise.resolve(),
  version: wasm.version,
  validateVerifikPerson: wasm.validateVerifikPerson,
  validateEqualsPerson: wasm.validateEqualsPerson,
  validateHorusPerson: wasm.validateHorusPerson,
  VerifikClient: clients.VerifikClient,
  EqualsClient: clients.EqualsClient,
  HorusClient: clients.HorusClient,
  encodeImage,
  prepareImage,
  setLocale: wasm.setLocale,
  getLocale: wasm.getLocale,
  errorsByField: wasm.errorsByField,
  validateField: wasm.validateField,
};
module.exports.toProviderPayloads = wasm.toProviderPayloads;
module.exports.mapPerson = wasm.mapPerson;
module.exports.checkProviderPayload = wasm.checkProviderPayload;
let enrolFn;
module.exports.enrol = async (person, options) => {
  enrolFn ??= require('./cjs/enrol.cjs').makeEnrol({ toProviderPayloads: wasm.toProviderPayloads, encodeImage, PersonkitError: module.exports.PersonkitError, getLocale: wasm.getLocale });
  return enrolFn(person, options);
};
// The same keys as the ES entry's: the copies keep their state under one
// registered symbol (js/enrol-keys.mjs).
module.exports.idempotencyKeyFor = (person) => require('./cjs/enrol-keys.cjs').idempotencyKeyFor(person);
module.exports.enrolMany = async (rows, options) => (await import('./import/index.mjs')).enrolMany(rows, options); // ESM inside: loaded on first use
