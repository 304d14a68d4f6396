// wasm-bindgen's nodejs glue require()s our ES-module snippets (src/wasm/*.js);
// Node 20 cannot require ESM, so this turns their `export class/function` into
// CommonJS. Snippets must use only that form of export, and no imports.
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const walk = (d) => (existsSync(d) ? readdirSync(d).flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
}) : []);

for (const file of walk(process.argv[2]).filter((f) => f.endsWith('.js'))) {
  const src = readFileSync(file, 'utf8');
  if (/^\s*(import\b|export\s*[{*]|export\s+(const|let|var|default)\b)/m.test(src)) {
    throw new Error(`${file}: snippets may only use "export class/function/async function"`);
  }
  const names = [...src.matchAll(/^export (?:class|function|async function) (\w+)/gm)].map((m) => m[1]);
  const body = src.replace(/^export (class|function|async function) /gm, '$1 ');
  writeFileSync(file, `'use strict';\n${body}\nmodule.exports = { ${names.join(', ')} };\n`);
}
