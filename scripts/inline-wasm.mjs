// Makes the wasm-bindgen outputs loadable by every bundler and runtime
// (scripts/build.sh runs it after the builds):
//   pkg/node/personkit.js  requires its snippets with plain string literals
//                          (esbuild and Turbopack cannot follow String.raw``)
//                          and takes its .wasm from pkg/node/wasm-inline.js,
//                          the bytes as base64, instead of reading
//                          `${__dirname}/personkit_bg.wasm` (a path that is
//                          gone once a server is bundled: esbuild, Next.js)
//   pkg/web/personkit.js   no default `new URL('personkit_bg.wasm',
//                          import.meta.url)`: every entry hands the glue its
//                          module, and a stray import.meta.url breaks iife
//                          bundles and Cloudflare Workers
//   pkg/web/wasm-inline.js the SIMD .wasm as base64, for js/browser-inline.mjs
//                          (esbuild, Rollup: bundlers that emit no .wasm asset)
//   pkg/web/error.js       PersonkitError under a stable path (the snippet
//                          folder's name is a hash), usable before the wasm
//                          is instantiated
//   pkg/page/              the same as pkg/web for the page build (no
//                          clients), whose glue takes PersonkitError from
//                          pkg/web's snippet: one class for both instances
import { readFileSync, writeFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const swap = (file, from, to) => {
  const src = readFileSync(file, 'utf8');
  if (!src.includes(from)) throw new Error(`${file}: expected to find ${JSON.stringify(from)} (wasm-bindgen's glue changed?)`);
  writeFileSync(file, src.split(from).join(to));
};
const find = (dir, name) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const r = find(p, name); if (r) return r; } else if (e.name === name) return p;
  }
  return null;
};

// Node build.
{
  const glue = 'pkg/node/personkit.js';
  let src = readFileSync(glue, 'utf8').replace(/require\(String\.raw`([^`]*)`\)/g, (_, p) => `require(${JSON.stringify(p)})`);
  const load = "const wasmPath = `${__dirname}/personkit_bg.wasm`;\nconst wasmBytes = require('fs').readFileSync(wasmPath);";
  if (!src.includes(load)) throw new Error(`${glue}: the .wasm loading lines changed (wasm-bindgen update?)`);
  src = src.replace(load, "const wasmBytes = require('./wasm-inline.js');");
  if (/String\.raw|readFileSync|__dirname/.test(src)) throw new Error(`${glue}: still has a dynamic require or a file read`);
  writeFileSync(glue, src);
  const b64 = readFileSync('pkg/node/personkit_bg.wasm').toString('base64');
  writeFileSync('pkg/node/wasm-inline.js', `'use strict';
// personkit's .wasm (Node build) as base64: a server bundle (esbuild, Next.js) keeps it with the code.
const b64 = '${b64}';
module.exports = typeof Buffer === 'function' ? Buffer.from(b64, 'base64') : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
`);
}

// Browser build.
{
  const glue = 'pkg/web/personkit.js';
  swap(glue, "module_or_path = new URL('personkit_bg.wasm', import.meta.url);",
    "throw new TypeError('personkit: init() needs the .wasm: a URL, a Response, bytes or a WebAssembly.Module');");
  if (readFileSync(glue, 'utf8').includes('import.meta')) throw new Error(`${glue}: still uses import.meta`);
  const b64 = readFileSync('pkg/web/personkit_bg.wasm').toString('base64');
  writeFileSync('pkg/web/wasm-inline.js', `export default '${b64}';\n`);
  const snippet = find('pkg/web/snippets', 'personkit_error.js');
  if (!snippet) throw new Error('pkg/web/snippets: no personkit_error.js');
  writeFileSync('pkg/web/error.js', `export { PersonkitError } from './${relative('pkg/web', snippet)}';\n`);

  // The page build.
  const page = 'pkg/page/personkit.js';
  swap(page, "module_or_path = new URL('personkit_bg.wasm', import.meta.url);",
    "throw new TypeError('personkit: init() needs the .wasm: a URL, a Response, bytes or a WebAssembly.Module');");
  const own = find('pkg/page/snippets', 'personkit_error.js');
  if (!own) throw new Error('pkg/page/snippets: no personkit_error.js');
  swap(page, `./${relative('pkg/page', own)}`, `../web/${relative('pkg/web', snippet)}`);
  rmSync(own);
  writeFileSync('pkg/page/wasm-inline.js', `export default '${readFileSync('pkg/page/personkit_bg.wasm').toString('base64')}';\n`);
}
if (!existsSync('pkg/node/wasm-inline.js')) process.exit(1);
