#!/usr/bin/env bash
# Builds the wasm outputs the npm package is assembled from (cargo, then
# wasm-bindgen, then npm binaryen's wasm-opt, as wasm-pack would run them,
# without a fourth tool to compile on a fresh machine):
#   pkg/web          (--target web, SIMD: ES module, fetches its .wasm via import.meta.url)
#   pkg/web-nosimd   (the same module without SIMD, for engines that lack it; .wasm only)
#   pkg/node         (--target nodejs, SIMD: CommonJS, instantiates synchronously)
# scripts/inline-wasm.mjs then makes them loadable by every bundler and runtime
# (the .wasm as base64 where no bundler can be trusted to carry a file), and the
# hand-written entries in js/ wrap them so users never call init().
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"   # npm binaryen's wasm-opt, never Debian's

# Nothing to do when pkg/ was built from exactly these inputs (the second
# `make test` on an unchanged tree): wasm-opt alone takes minutes for the five
# builds. PERSONKIT_REBUILD=1 builds anyway.
# CommonJS copies of the ES modules js/node.cjs needs (js/cjs/, not committed:
# one source, the .mjs). Cheap, so made every time, before the up-to-date check.
node scripts/cjs-copies.mjs

inputs=$( {
  rustc --version; wasm-bindgen --version; wasm-opt --version
  find src Cargo.toml Cargo.lock scripts/build.sh scripts/inline-wasm.mjs scripts/strip-comments.mjs \
    scripts/cjs-snippets.mjs -type f -print0 | sort -z | xargs -0 sha256sum
} 2>&1 | sha256sum | cut -c1-64)
stamp=pkg/.built-from
if [ -z "${PERSONKIT_REBUILD:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
  echo "pkg/ is up to date with src/, Cargo.* and the build scripts (PERSONKIT_REBUILD=1 rebuilds)"
  exit 0
fi

# Start clean: wasm-bindgen never removes snippets of JS files that moved or went.
rm -rf pkg/web pkg/web-nosimd pkg/node pkg/page pkg/page-nosimd "$stamp"

# base64-simd picks its wasm kernel at compile time only (cfg target_feature),
# so SIMD and fallback are two builds, each in its own target dir to keep caches warm.
# The browser builds use Cargo.toml's opt-level ("s": bytes count there); the
# Node build, which nobody downloads into a page, is compiled for speed
# (opt-level 3, then wasm-opt -O3 rather than -Oz: faster validation for a
# few KB more; figures in bench/README.md).
# wasm-opt's flags are written once, in Cargo.toml ([package.metadata.personkit]).
read -ra wasm_opt_flags <<< "$(sed -n 's/^wasm-opt = \[\(.*\)\]$/\1/p' Cargo.toml | tr -d '",')"
[ "${#wasm_opt_flags[@]}" -gt 0 ] || { echo "no wasm-opt flags in Cargo.toml" >&2; exit 1; }
build() { # <target> <out-dir> <simd: + or -> <cargo target dir> [opt-level] [cargo args...]
  local opt=()
  if [ -n "${5:-}" ]; then opt=(CARGO_PROFILE_RELEASE_OPT_LEVEL="$5"); fi
  env CARGO_TARGET_DIR="$4" RUSTFLAGS="-C target-feature=${3}simd128" "${opt[@]}" \
    cargo build --quiet --lib --release --target wasm32-unknown-unknown "${@:6}"
  wasm-bindgen "$4/wasm32-unknown-unknown/release/personkit.wasm" \
    --out-dir "$2" --typescript --target "$1" --out-name personkit
  # The build compiled for speed is optimised for speed by wasm-opt too (-O3 for -Oz).
  local flags=("${wasm_opt_flags[@]}")
  if [ "${5:-}" = 3 ]; then flags=("${flags[@]/#-Oz/-O3}"); fi
  wasm-opt "$2/personkit_bg.wasm" -o "$2/personkit_bg.opt.wasm" "${flags[@]}"
  mv "$2/personkit_bg.opt.wasm" "$2/personkit_bg.wasm"
}
build web pkg/web + target/wasm-simd
build nodejs pkg/node + target/wasm-node 3
build web pkg/web-nosimd - target/wasm-nosimd
# What a page needs: the validators, encodeImage and prepareImage, without the
# provider clients (cargo feature "clients"), which hold secrets and belong on
# servers; js/browser.mjs loads the full build only when a page builds a client.
build web pkg/page + target/wasm-page "" --no-default-features
build web pkg/page-nosimd - target/wasm-page-nosimd "" --no-default-features
# The fallback shares pkg/web's glue: it must be the same JS, or the swap is unsafe.
for b in web page; do
  cmp -s pkg/$b/personkit.js pkg/$b-nosimd/personkit.js \
    || { echo "SIMD and fallback builds of pkg/$b have different JS glue" >&2; exit 1; }
  find pkg/$b-nosimd -type f ! -name personkit_bg.wasm -delete
  find pkg/$b-nosimd -type d -empty -delete
done
node scripts/inline-wasm.mjs
# What a browser downloads as it is, without its comments.
node scripts/strip-comments.mjs pkg/web pkg/page

# The browser build is ESM; tell Node so when it resolves it (Vite, node tests).
printf '{ "type": "module", "sideEffects": false }\n' > pkg/web/package.json
printf '{ "type": "module", "sideEffects": false }\n' > pkg/page/package.json
printf '{ "type": "commonjs" }\n' > pkg/node/package.json

# wasm-bindgen's nodejs glue require()s our ES-module snippets (src/wasm/*.js);
# Node 20 cannot require ESM, so turn their `export class/function` into CommonJS.
node scripts/cjs-snippets.mjs pkg/node/snippets

# Written last: an interrupted build leaves no stamp, so the next one runs in full.
echo "$inputs" > "$stamp"
