#!/usr/bin/env bash
# Installs everything the build and the tests need, only from the registries
# (crates.io, npm, Debian). Idempotent: each step checks first, so a second run
# takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }

# 0. Room for a first set-up: on a full disk npm stops with "TAR_ENTRY_ERROR ENOSPC"
#    from deep inside a tarball, which does not say how much was wanted. Said first.
#    (A fresh clone's set-up, build and test took 3.9 GB: tests/consumers 1.2 GB,
#    npm's cache 0.5 GB, target/ 1.8 GB, node_modules 0.2 GB, cargo tools 0.3 GB.)
need_mb=4000
free_mb=$(df -Pm . | awk 'NR == 2 { print $4 }')
if [ ! -f tests/consumers/node_modules/.package-lock.sha ] && [ "${free_mb:-0}" -lt "$need_mb" ]; then
  say "warning: ${free_mb} MB free on this disk; a first set-up, build and test take about ${need_mb} MB"
fi

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
#    (Without --locked: its lockfile pins a webpki-roots the registry lacks.)
[ -f Cargo.lock ] || cargo generate-lockfile
want_wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wb" != "$want_wb" ]; then
  say "installing wasm-bindgen-cli $want_wb (had: ${have_wb:-none})"
  cargo install wasm-bindgen-cli --version "$want_wb" --force
fi

# (No wasm-pack: scripts/build.sh and scripts/test.sh run cargo, wasm-bindgen,
# its test runner and wasm-opt themselves, which spares a fresh machine
# compiling a fourth tool.)

# 3. twiggy, which `make size` uses to name the largest contributors to the page's .wasm.
if ! command -v twiggy >/dev/null 2>&1; then
  say "installing twiggy"
  cargo install twiggy --locked
fi

# 4. Debian's Chromium + ChromeDriver for the browser tiers (never a downloaded browser).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing chromium and chromium-driver from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi

# 4b. Debian's redis-server for personkit/server's redisStore tests (the test
#     starts its own on 127.0.0.1 with a free port, no persistence).
if ! command -v redis-server >/dev/null 2>&1; then
  say "installing redis-server from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server
fi

# 4c. Debian's zsh (macOS's default shell) for the README's shell walk-throughs,
#     which must paste the same there as in bash (tests/js/audit-newuser.test.mjs).
if ! command -v zsh >/dev/null 2>&1; then
  say "installing zsh from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq zsh
fi

# 5. npm dev dependencies from the committed lockfile (binaryen's current wasm-opt,
#    playwright-core, vite, typescript, benchmark peers). Re-run only when the lock changed.
stamp=node_modules/.package-lock.sha
want_lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_lock" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
  echo "$want_lock" > "$stamp"
fi

# 5b. The consumers tier's bundlers and runtimes (tests/consumers/package.json, pinned
#     in its lockfile: esbuild, webpack, Rollup, Vite, Next.js, wrangler, Node 24 (the current LTS) for them,
#     Bun, Deno), likewise only when that lock changed. npm runs none of their install
#     scripts; each finds its binary in its platform package.
cstamp=tests/consumers/node_modules/.package-lock.sha
want_clock=$(sha256sum tests/consumers/package-lock.json | cut -d' ' -f1)
if [ ! -f "$cstamp" ] || [ "$(cat "$cstamp")" != "$want_clock" ]; then
  say "npm ci in tests/consumers"
  (cd tests/consumers && npm ci --no-audit --no-fund)
  echo "$want_clock" > "$cstamp"
fi

# 6. Never let Debian's wasm-opt (108) run: it writes wasm that fails to load.
wasm_opt=$(PATH="$PWD/node_modules/.bin:$PATH" command -v wasm-opt)
case "$wasm_opt" in
  "$PWD"/node_modules/.bin/wasm-opt) ;;
  *) say "wrong wasm-opt on PATH: $wasm_opt"; exit 1 ;;
esac
say "ready (wasm-bindgen $want_wb, $("$wasm_opt" --version | cut -d' ' -f1-3), $(/usr/bin/chromium --version 2>/dev/null | cut -d' ' -f1-2))"
