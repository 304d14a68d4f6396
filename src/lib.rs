//! personkit: create a person in Verifik face recognition, Equals Money and
//! Horus identity from one validated, typed core.
//!
//! The core is pure Rust (no JS, no I/O): it validates payloads, builds HTTP
//! requests as plain data and parses responses. `src/wasm/` is the only code
//! that touches JavaScript (fetch, Blob, AbortSignal, JS errors).

pub mod error;
pub mod find;
pub mod http;
pub mod image;
pub mod person;
pub mod providers;
mod shape;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorCode, FieldError, Provider};

/// The crate version, as published in `Cargo.toml` and `package.json`.
#[must_use]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
