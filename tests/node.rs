//! The shared wasm suite, run in Node by `wasm-pack test --node`.
#![cfg(target_arch = "wasm32")]

mod common;
