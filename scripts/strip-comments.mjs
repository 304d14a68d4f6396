// Strips the comments from the browser build's JavaScript (wasm-bindgen's
// glue and our snippets), which a browser downloads as it is when no bundler
// is used (the saving is in the README's Size figures). Only comments go (oxc's
// printer, through Vite's minifySync, with neither compression nor
// mangling): names, structure and line-per-statement layout stay readable.
// The Node build keeps its comments (nothing is downloaded there).
//   node scripts/strip-comments.mjs pkg/web
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifySync } from 'vite';

function* jsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* jsFiles(p);
    else if (e.name.endsWith('.js')) yield p;
  }
}

for (const dir of process.argv.slice(2)) {
  for (const file of jsFiles(dir)) {
    const source = readFileSync(file, 'utf8');
    const out = minifySync(file, source, { compress: false, mangle: false, codegen: { removeWhitespace: false } });
    if (out.errors && out.errors.length) {
      throw new Error(`${file}: ${out.errors.map((e) => e.message).join('; ')}`);
    }
    writeFileSync(file, out.code);
  }
}
