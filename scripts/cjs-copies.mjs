// CommonJS copies of the ES modules js/node.cjs needs (enrol and its keys
// and messages), written to js/cjs/. node.cjs used to load them with import()
// and require(esm), which a CommonJS host that runs modules in a vm context
// has neither of: Jest without --experimental-vm-modules, the default, throws
// ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG on the first enrol().
//
// The copies are made by the build (scripts/build.sh, so `make build`,
// `make test` and `make demo`) and are not committed: the .mjs is the one
// source. tests/js/audit-jest.test.mjs fails when one differs from what this writes.
//   node scripts/cjs-copies.mjs            (after editing one of the sources)
//   node scripts/cjs-copies.mjs --check    (exit 1 when a copy is stale)
// A source may use only `import { a, b } from './x.mjs'` of another source,
// `export function|async function|class|const NAME` and `export { a, b }`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const js = fileURLToPath(new URL('../js/', import.meta.url));
export const SOURCES = ['enrol.mjs', 'enrol-keys.mjs', 'enrol-messages.mjs'];

/** The CommonJS text of js/<name>. */
export function cjsCopy(name) {
  const src = readFileSync(join(js, name), 'utf8');
  const names = [];
  const body = src
    .replace(/^import \{([^}]+)\} from '\.\/([\w-]+)\.mjs';$/gm, (_, list, from) => {
      if (!SOURCES.includes(`${from}.mjs`)) throw new Error(`${name}: imports ./${from}.mjs, which has no CommonJS copy`);
      return `const {${list}} = require('./${from}.cjs');`;
    })
    .replace(/^export \{([^}]+)\};$/gm, (_, list) => { names.push(...list.split(',').map((s) => s.trim())); return ''; })
    .replace(/^export (function|async function|class|const) (\w+)/gm, (_, kind, id) => { names.push(id); return `${kind} ${id}`; });
  const left = body.match(/^\s*(import\b.*|export\b.*)$|\bimport\s*\(|\bimport\.meta\b/m);
  if (left) throw new Error(`${name}: "${left[0].trim()}" has no CommonJS form here (see scripts/cjs-copies.mjs)`);
  return `'use strict';\n// Generated from js/${name} by scripts/cjs-copies.mjs: edit that file, then run the script.\n`
    + `${body}\nmodule.exports = { ${names.join(', ')} };\n`;
}

export const copyPath = (name) => join(js, 'cjs', basename(name, '.mjs') + '.cjs');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  mkdirSync(join(js, 'cjs'), { recursive: true });
  for (const name of SOURCES) {
    const want = cjsCopy(name);
    let have = null;
    try { have = readFileSync(copyPath(name), 'utf8'); } catch { /* not written yet */ }
    if (have === want) continue;
    if (check) { stale++; console.error(`js/cjs/${basename(copyPath(name))} is stale: run node scripts/cjs-copies.mjs`); } else writeFileSync(copyPath(name), want);
  }
  process.exitCode = stale ? 1 : 0;
}
