'use strict';
// Node CommonJS entry.
const wasm = require('../pkg/node/personkit.js');

module.exports = {
  version: wasm.version,
};
