// What Jest needs of the Node entries, checked without Jest (the consumers
// tier runs Jest itself: tests/consumers/apps/jest/): CommonJS copies of the
// ES modules node.cjs loads, since Jest's vm context has neither import()
// nor require(esm); and a File as jsdom makes it, which has no arrayBuffer().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { SOURCES, cjsCopy, copyPath } from '../../scripts/cjs-copies.mjs';
import * as esm from '../../js/node.mjs';

const require = createRequire(import.meta.url);
const cjs = require('../../js/node.cjs');
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

test('js/cjs/ holds what scripts/cjs-copies.mjs writes from the ES modules (run it after editing one)', () => {
  for (const name of SOURCES) assert.equal(readFileSync(copyPath(name), 'utf8'), cjsCopy(name), `js/cjs/ copy of ${name} is stale: node scripts/cjs-copies.mjs`);
});

test('each CommonJS copy exports what its ES module does', async () => {
  for (const name of SOURCES) {
    const mod = await import(`../../js/${name}`);
    assert.deepEqual(Object.keys(require(copyPath(name))).sort(), Object.keys(mod).sort(), name);
  }
});

test('node.cjs loads no ES module for enrol or idempotencyKeyFor, and hands out the ES entry\'s keys', async () => {
  const person = { firstName: 'Ana', lastName: 'Q', email: 'ana@example.pe' };
  assert.equal(cjs.idempotencyKeyFor(person), esm.idempotencyKeyFor({ ...person }));
  const err = await cjs.enrol({ ...person, email: 'nope' }, { endpoint: 'http://127.0.0.1:1/api/enrol' }).catch((e) => e);
  assert.ok(err instanceof esm.PersonkitError);
  assert.equal(err.code, 'VALIDATION_FAILED');
  const source = readFileSync(new URL('../../js/node.cjs', import.meta.url), 'utf8');
  const code = source.slice(0, source.indexOf('module.exports.enrolMany')).replace(/\/\/[^\n]*/g, '');
  assert.doesNotMatch(code, /import\(|\.mjs'\)/, 'node.cjs loads an ES module outside enrolMany');
});

/** A Blob as jsdom's: instanceof the global Blob, no arrayBuffer(); read with a FileReader. */
function withJsdomBlobs(fn, { readerFails = false } = {}) {
  class JsdomFile extends File {}
  Object.defineProperty(JsdomFile.prototype, 'arrayBuffer', { value: undefined });
  class FileReader {
    readAsArrayBuffer(blob) {
      if (readerFails) { this.error = new Error('NotReadableError'); setTimeout(() => this.onerror()); return; }
      File.prototype.arrayBuffer.call(blob).then((b) => { this.result = b; this.onload(); });
    }
  }
  globalThis.FileReader = FileReader;
  return fn(JsdomFile).finally(() => { delete globalThis.FileReader; });
}

test('encodeImage and prepareImage read a jsdom File (no arrayBuffer) through FileReader, from ESM and CommonJS alike', async () => {
  assert.equal(cjs.encodeImage, esm.encodeImage);
  assert.equal(cjs.prepareImage, esm.prepareImage);
  await withJsdomBlobs(async (JsdomFile) => {
    const file = new JsdomFile([Buffer.from(PNG, 'base64')], 'ana.png', { type: 'image/png' });
    assert.equal(typeof file.arrayBuffer, 'undefined');
    const img = await esm.encodeImage(file);
    assert.deepEqual([img.mimeType, img.width, img.height, img.base64 === PNG], ['image/png', 1, 1, true]);
    // Not a photo: the core's own answer, as for any File (not "choose a JPEG or PNG": it is a File).
    const err = await esm.encodeImage(new JsdomFile(['not a photo'], 'a.txt')).catch((e) => e);
    assert.equal(err.code, 'INVALID_IMAGE_FORMAT');
    // With nothing to redraw with (no createImageBitmap here, nor in jsdom), the File given comes back: the user's, not a stand-in.
    assert.equal(await esm.prepareImage(file), file);
    // The size is checked before reading, as for a Blob.
    const big = await esm.encodeImage(new JsdomFile([new Uint8Array(2048)], 'big.png'), { maxBytes: 1024 }).catch((e) => e);
    assert.ok(big instanceof esm.PersonkitError, String(big));
    assert.notEqual(big.code, 'INVALID_TYPE');
  });
});

test('a jsdom File that cannot be read rejects with a PersonkitError, not a hang', async () => {
  await withJsdomBlobs(async (JsdomFile) => {
    const err = await esm.encodeImage(new JsdomFile([Buffer.from(PNG, 'base64')], 'ana.png')).catch((e) => e);
    assert.ok(err instanceof esm.PersonkitError, String(err));
  }, { readerFails: true });
});

test('without a FileReader (Node) a Blob and any other value reach the core as they are', async () => {
  assert.equal(typeof globalThis.FileReader, 'undefined');
  const img = await esm.encodeImage(new Blob([Buffer.from(PNG, 'base64')]));
  assert.equal(img.base64, PNG);
  const err = await esm.encodeImage({ size: 3 }).catch((e) => e);
  assert.equal(err.code, 'INVALID_TYPE');
});

test('enrolMany in a vm context without import() (Jest without --experimental-vm-modules) says which flag it needs', async () => {
  // As Jest runs a CommonJS module: compiled in a function whose import() callback Node refuses without the flag.
  const file = fileURLToPath(new URL('../../js/node.cjs', import.meta.url));
  const run = compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'],
    { filename: file, importModuleDynamically: () => { throw new Error('not reached without --experimental-vm-modules'); } });
  const module = { exports: {} };
  run(module.exports, createRequire(file), module, file, fileURLToPath(new URL('../../js/', import.meta.url)));
  const err = await module.exports.enrolMany([], {}).catch((e) => e);
  assert.match(err.message, /NODE_OPTIONS=--experimental-vm-modules/);
  assert.equal(err.cause.code, 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG');
  // enrol and idempotencyKeyFor need no import() there.
  assert.match(module.exports.idempotencyKeyFor({ firstName: 'A' }), /^pk-[0-9a-f]{32}$/);
  assert.equal((await module.exports.enrol({ firstName: 'A', email: 'nope' }, { endpoint: 'http://127.0.0.1:1/api/enrol' }).catch((e) => e)).code, 'VALIDATION_FAILED');
});
