#!/usr/bin/env bash
# Builds the two wasm-pack outputs the npm package is assembled from:
#   pkg/web   (--target web: ES module, fetches its .wasm via import.meta.url)
#   pkg/node  (--target nodejs: CommonJS, reads its .wasm synchronously)
# The hand-written entries in js/ wrap them so users never call init().
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"   # npm binaryen's wasm-opt, never Debian's

for target in web nodejs; do
  out=pkg/${target/nodejs/node}
  wasm-pack --log-level warn build --release --no-pack --target "$target" \
    --out-dir "$out" --out-name personkit
  rm -f "$out/.gitignore"
done
# The browser build is ESM; tell Node so when it resolves it (Vite, node tests).
printf '{ "type": "module", "sideEffects": false }\n' > pkg/web/package.json
printf '{ "type": "commonjs" }\n' > pkg/node/package.json

# wasm-bindgen's nodejs glue require()s our ES-module snippets (src/wasm/*.js);
# Node 20 cannot require ESM, so turn their `export class/function` into CommonJS.
node -e '
const fs = require("fs"), path = require("path");
const walk = (d) => fs.existsSync(d) ? fs.readdirSync(d).flatMap((f) => { const p = path.join(d, f); return fs.statSync(p).isDirectory() ? walk(p) : [p]; }) : [];
for (const file of walk("pkg/node/snippets").filter((f) => f.endsWith(".js"))) {
  const src = fs.readFileSync(file, "utf8");
  const names = [...src.matchAll(/^export (?:class|function|async function) (\w+)/gm)].map((m) => m[1]);
  if (/^\s*(import|export)\s*[{*]/m.test(src)) throw new Error(`${file}: only "export class/function" snippets are supported`);
  const cjs = `"use strict";\n${src.replace(/^export (class|function|async function) /gm, "$1 ")}\nmodule.exports = { ${names.join(", ")} };\n`;
  fs.writeFileSync(file, cjs);
}'
