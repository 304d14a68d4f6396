//! The shared wasm suite, run in Node by `cargo test --target
//! wasm32-unknown-unknown --test node` (scripts/test.sh sets up
//! wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

mod common;
