//! The JS edge: the only code that touches `JsValue`, fetch, Blob and AbortSignal.

// Without the clients (the page build), helpers only they use are unused.
#![cfg_attr(not(feature = "clients"), allow(dead_code))]

#[cfg(feature = "clients")]
mod call;
#[cfg(feature = "clients")]
mod clients;
pub mod convert;
#[cfg(feature = "clients")]
mod ending;
#[cfg(feature = "clients")]
mod engine;
pub mod error;
mod field;
#[cfg(feature = "clients")]
mod horus_credentials;
pub mod image;
#[cfg(feature = "clients")]
mod lookup;
mod messages;
pub(crate) mod options;
pub mod person;
mod scratch;
#[cfg(feature = "clients")]
mod settle;
#[cfg(feature = "clients")]
mod transport;
pub mod validate;
#[cfg(feature = "clients")]
mod verifik_images;

#[cfg(feature = "clients")]
pub use clients::{EqualsClient, HorusClient, VerifikClient};

use wasm_bindgen::prelude::*;

// talc instead of dlmalloc: fewer bytes in every build, and faster for the
// many small allocations of a validation (figures in bench/README.md).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The personkit version (the crate version, same as the npm package's).
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    crate::version().to_owned()
}
