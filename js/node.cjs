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
// ES modules inside, loaded on first use. A vm context (Jest's) has import()
// only with --experimental-vm-modules: say so, not Node's bare error.
module.exports.enrolMany = async (rows, options) => {
  let batch;
  try {
    batch = await import('./import/index.mjs');
  } catch (err) {
    if (!/^ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING/.test(err?.code)) throw err;
    throw new Error('enrolMany loads ES modules, which this vm context (Jest) loads only when Node runs with --experimental-vm-modules: NODE_OPTIONS=--experimental-vm-modules jest', { cause: err });
  }
  return batch.enrolMany(rows, options);
};
