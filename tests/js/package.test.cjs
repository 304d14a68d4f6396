// Tier 3: the package as Node CommonJS users require it.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const pkg = require('../../package.json');
const personkit = require('personkit');

test('CJS require works without init() and reports the crate version', () => {
  assert.equal(personkit.version(), pkg.version);
});

test('ESM and CJS entries share one wasm instance', async () => {
  const esm = await import('personkit');
  assert.equal(esm.version(), personkit.version());
});
