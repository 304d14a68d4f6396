'use strict';
// The nodejs glue as the Node entries (node.mjs, node.cjs, node-clients.cjs)
// use it, made to load and read a File in Jest's jsdom environment too: Jest
// resolves with the "node" condition there, so a jsdom test gets this build.
const wasm = loadGlue();

// Jest's jsdom environment has no TextEncoder or TextDecoder (jsdom has
// none), which the glue builds its coders with as it loads: lend it Node's
// for that moment only, leaving the test's globals as they were.
function loadGlue() {
  const lent = ['TextEncoder', 'TextDecoder'].filter((name) => !(name in globalThis));
  if (lent.length === 0) return require('../pkg/node/personkit.js');
  const util = require('node:util');
  for (const name of lent) globalThis[name] = util[name];
  try {
    return require('../pkg/node/personkit.js');
  } finally {
    for (const name of lent) delete globalThis[name];
  }
}

// jsdom's Blob and File have no arrayBuffer(), which is how the core reads
// a Blob (it would call a File from a jsdom form "not a photo"): hand it one
// that reads through jsdom's FileReader. Node has no FileReader, so there
// this is one typeof.
function readable(source) {
  if (typeof FileReader !== 'function') return source;
  try {
    if (typeof Blob !== 'function' || !(source instanceof Blob) || typeof source.arrayBuffer === 'function') return source;
  } catch {
    return source; // a hostile object: the core reports it as it would anyway
  }
  const arrayBuffer = () => new Promise((resolve, reject) => {
    const reader = new FileReader();
    // Copied into this context's ArrayBuffer: jsdom may hand out Node's.
    reader.onload = () => resolve(new Uint8Array(reader.result).slice().buffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(source);
  });
  return { size: source.size, type: source.type, name: source.name, arrayBuffer };
}
const encodeImage = (source, options) => wasm.encodeImage(readable(source), options);
// Where it has nothing to redraw with (jsdom has no createImageBitmap), the
// core gives back the file it was given: the user's File, never the stand-in.
const prepareImage = async (file, options) => {
  const given = readable(file);
  const prepared = await wasm.prepareImage(given, options);
  return prepared === given && given !== file ? file : prepared;
};

module.exports = { wasm, encodeImage, prepareImage };
