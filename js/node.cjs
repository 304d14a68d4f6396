'use strict';
// Node CommonJS entry (the .wasm is bundled as base64: see node.mjs).
const wasm = require('../pkg/node/personkit.js');
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
  encodeImage: wasm.encodeImage,
  prepareImage: wasm.prepareImage,
  setLocale: wasm.setLocale,
  getLocale: wasm.getLocale,
  errorsByField: wasm.errorsByField,
  validateField: wasm.validateField,
};
module.exports.toProviderPayloads = wasm.toProviderPayloads;
module.exports.mapPerson = wasm.mapPerson;
module.exports.checkProviderPayload = wasm.checkProviderPayload;
// enrol() is an ES module: CommonJS gets it through a dynamic import (it returns a promise anyway).
let enrolFn;
module.exports.enrol = async (person, options) => {
  enrolFn ??= import('./enrol.mjs').then((m) => m.makeEnrol({ toProviderPayloads: wasm.toProviderPayloads, encodeImage: wasm.encodeImage, PersonkitError: module.exports.PersonkitError, getLocale: wasm.getLocale }));
  return (await enrolFn)(person, options);
};
// The same keys as the ESM entry: one module, whose state sits under a
// registered symbol, required as an ES module (Node 20.19+; older Node 20
// gets an error saying so, not a second copy that could hand out other keys).
module.exports.idempotencyKeyFor = (person) => {
  let keys;
  try {
    keys = require('./enrol-keys.mjs');
  } catch (err) {
    if (err?.code !== 'ERR_REQUIRE_ESM') throw err;
    throw new Error("idempotencyKeyFor from CommonJS needs Node 20.19 or later (require of an ES module); use import('personkit') on older Node", { cause: err });
  }
  return keys.idempotencyKeyFor(person);
};
module.exports.enrolMany = async (rows, options) => (await import('./import/index.mjs')).enrolMany(rows, options); // ESM inside: loaded on first use
