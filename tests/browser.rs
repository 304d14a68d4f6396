//! The shared wasm suite, run in headless Chromium by `wasm-pack test --headless --chrome`.
//! Without `run_in_browser` the Chrome run would skip every test and still exit 0.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
