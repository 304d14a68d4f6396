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
