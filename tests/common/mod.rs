//! The one wasm-bindgen-test suite, run in Node (`tests/node.rs`) and in
//! headless Chromium (`tests/browser.rs`): the serde-wasm-bindgen layout.

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(personkit::wasm::version(), env!("CARGO_PKG_VERSION"));
}
