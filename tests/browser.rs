//! The shared wasm suite, run in headless Chromium by `cargo test --target
//! wasm32-unknown-unknown --test browser` (scripts/test.sh sets up
//! wasm-bindgen-test-runner and chromedriver).
//! Without `run_in_browser` the Chrome run would skip every test and still exit 0.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
