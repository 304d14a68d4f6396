//! Shared validation rules: required, string type, length in characters,
//! enum, ISO date, email, UUID, country, phone, IP, base64 image, unknown
//! fields with a "did you mean" hint, and a collector that keeps every
//! problem so a payload reports all of them at once.
//!
//! Every rule is a plain function from a value to `Result<T, FieldError>`.
//! On the valid path nothing allocates: field paths are [`Path`] values that
//! are only formatted into a `String` when an error is built.
//!
//! No rule reads the clock (`SystemTime::now()` panics on
//! `wasm32-unknown-unknown`): "not in the future" takes a [`CivilDate`] for
//! today, which the caller supplies.

/// `format!` for error messages: room for a usual message from the start
/// (a message starting with `{}` would otherwise grow from nothing, one
/// reallocation at a time).
macro_rules! message {
    ($($arg:tt)*) => {{
        let mut m = String::with_capacity(96);
        let _ = std::fmt::Write::write_fmt(&mut m, format_args!($($arg)*));
        m
    }};
}
pub(crate) use message;

mod collect;
mod date;
mod formats;
mod hints;
mod image;
mod json;
#[cfg(test)]
mod tests;
mod text;
mod view;

pub use collect::*;
pub use date::*;
pub use formats::*;
pub use hints::*;
pub use image::*;
pub use json::*;
pub use text::*;
pub use view::*;
