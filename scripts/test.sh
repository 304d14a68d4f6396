#!/usr/bin/env bash
# Every test tier, in order from fastest feedback to slowest. Servers the tiers
# need (mock APIs, static pages) are started by the suites themselves on
# 127.0.0.1 and closed in their after() hooks, also when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

tier() { printf '\n==== %s ====\n' "$*"; }

tier "lint: rustfmt, clippy (native and wasm32)"
cargo fmt --all --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
# The page build (scripts/build.sh: pkg/page) is the library without the clients feature.
cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings

tier "1. native core: cargo test"
cargo test --quiet

tier "2. wasm suite in Node and in headless Chromium"
# Without debug info the test .wasm is a fraction of its size, quicker to
# build and load (both suites share the build, so they get the same setting).
export CARGO_PROFILE_DEV_DEBUG=0
# cargo runs each test .wasm with wasm-bindgen's own runner (what `wasm-pack
# test` sets up), in Node or, for the browser suite, through chromedriver.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
WASM_BINDGEN_TEST_ONLY_NODE=1 cargo test --target wasm32-unknown-unknown --test node
# Chromium reaches the test runner's server through scripts/serial-proxy.mjs,
# which says why (without it, the page often never finished loading). Bounds
# in case anything else stalls a page: webdriver.json's timeouts.pageLoad for
# loading it, WASM_BINDGEN_TEST_TIMEOUT for the results (the suite itself
# takes under a second), 120 s for an attempt, three attempts. The test crate
# is built first, so no attempt's time goes to compiling.
cargo test --quiet --no-run --target wasm32-unknown-unknown --test browser
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-30}
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/target/webdriver-proxied.json"
coproc PROXY { exec node scripts/serial-proxy.mjs webdriver.json "$WASM_BINDGEN_TEST_WEBDRIVER_JSON"; }
proxy_pid=$PROXY_PID
trap 'kill "$proxy_pid" 2>/dev/null || true' EXIT
read -r ready <&"${PROXY[0]}" || true
[ "$ready" = ready ] || { echo "serial-proxy did not start"; exit 1; }
browser_suite() {
  WASM_BINDGEN_TEST_ONLY_WEB=1 CHROMEDRIVER=/usr/bin/chromedriver \
    setsid timeout -k 5 120 cargo test --target wasm32-unknown-unknown --test browser 2>&1 &
  local pid=$!
  wait "$pid"
  local rc=$?
  # What a stopped attempt leaves behind: its runner, chromedriver and Chromium.
  [ "$rc" -eq 124 ] && pkill -KILL -f 'wasm-bindgen-test-runner .*/browser-' ; [ "$rc" -eq 124 ] && pkill -KILL -f 'chromium.*--test-type=webdriver'
  return "$rc"
}
for attempt in 1 2 3; do
  out=$(browser_suite) && break
  # Passed, and then chromedriver hung while closing: the tests did run.
  if echo "$out" | grep -qE 'test result: ok\. [1-9][0-9]* passed'; then break; fi
  if echo "$out" | grep -q 'test result: FAILED' || [ "$attempt" -eq 3 ]; then echo "$out"; exit 1; fi
  echo "browser wasm suite: attempt $attempt did not finish (the page did not load); running it again"
done
kill "$proxy_pid" 2>/dev/null || true
echo "$out" | grep -E '^(test |running|test result)'
# A browser suite that silently skipped everything would still exit 0.
echo "$out" | grep -qE 'test result: ok\. [1-9][0-9]* passed' \
  || { echo "browser wasm suite ran no test"; exit 1; }

tier "3. node --test against the built package (ESM, CJS, packed tarball)"
# Eight files at a time: much of their time is spent waiting on the mock's
# timers and sockets, not the CPU (node's default on two cores is one; how
# the number was chosen: bench/README.md, "History: CI on a fresh machine").
# The longest files first (scripts/node-tests.mjs says why).
node scripts/node-tests.mjs 8 tests/js
# The files by name, as the shell lists them: Node 22 and later take a
# folder given to --test as a module to run, not as the files in it.
# The mock's own suite, four files at a time (node's default here is one):
# each file starts its own mock on port 0, and half of their time is waiting.
if [ -d mock/test ]; then node --test --test-concurrency=4 mock/test/*.test.mjs; fi

tier "fuzz: seeded JS fuzzers (validators, encodeImage) and the proptests"
# Longer runs: PERSONKIT_FUZZ_CASES=200000 make test (the proptests that take
# their case count from the environment follow it too).
if [ -n "${PERSONKIT_FUZZ_CASES:-}" ]; then export PROPTEST_CASES="$PERSONKIT_FUZZ_CASES"; fi
# Three files at a time: the fault fuzzers mostly wait on the mock's timers.
node --test --test-concurrency=3 tests/fuzz/*.test.mjs
# The proptests ran with tier 1's `cargo test` at their default case count:
# again here only for a longer run.
if [ -n "${PERSONKIT_FUZZ_CASES:-}" ]; then
  cargo test --quiet --test validate_props --test image_props --test client_responses_props
fi

tier "4. headless Chromium pages (playwright-core + /usr/bin/chromium)"
# Two files at a time: each launches its own Chromium and starts its own
# servers on port 0, and much of a page test is waiting on the page.
node --test --test-concurrency=2 tests/browser/*.test.mjs

tier "5. consumers: the packed tarball in Next.js, esbuild, webpack, Rollup, Vite, wrangler (workerd), Bun, Deno, a plain page"
start=$(date +%s)
node --test --test-concurrency=1 tests/consumers/consumers.test.mjs
echo "consumers tier: $(( $(date +%s) - start )) s"

tier "size report (fails over the browser budget)"
node scripts/size.mjs
