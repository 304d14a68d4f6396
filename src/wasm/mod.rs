//! The JS edge: the only code that touches `JsValue`, fetch, Blob and AbortSignal.

pub mod convert;
pub mod error;
pub mod image;
pub mod validate;

use wasm_bindgen::prelude::*;

/// The personkit version (the crate version, same as the npm package's).
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    crate::version().to_owned()
}
