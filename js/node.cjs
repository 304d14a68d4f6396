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
  enrolFn ??= import('./enrol.mjs').then((m) => m.makeEnrol({ toProviderPayloads: wasm.toProviderPayloads, encodeImage: wasm.encodeImage, PersonkitError: module.exports.PersonkitError }));
  return (await enrolFn)(person, options);
};
// The same keys as js/enrol.mjs (one WeakMap under a registered symbol).
module.exports.idempotencyKeyFor = (person) => {
  if (!person || typeof person !== 'object') throw new TypeError('idempotencyKeyFor: pass the person object');
  const keys = (globalThis[Symbol.for('personkit.enrolKeys')] ??= new WeakMap());
  let key = keys.get(person);
  if (key === undefined) keys.set(person, (key = `pk-${[...crypto.getRandomValues(new Uint8Array(16))].map((x) => x.toString(16).padStart(2, '0')).join('')}`));
  return key;
};
module.exports.enrolMany = async (rows, options) => (await import('./import/index.mjs')).enrolMany(rows, options); // ESM inside: loaded on first use
