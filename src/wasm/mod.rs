//! The JS edge: the only code that touches `JsValue`, fetch, Blob and AbortSignal.

mod clients;
pub mod convert;
mod engine;
pub mod error;
pub mod image;
mod lookup;
mod messages;
pub(crate) mod options;
mod scratch;
mod transport;
pub mod validate;
mod verifik_images;

pub use clients::{EqualsClient, HorusClient, VerifikClient};

use wasm_bindgen::prelude::*;

/// The personkit version (the crate version, same as the npm package's).
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    crate::version().to_owned()
}
