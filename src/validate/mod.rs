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

/// An error message from its pieces (`&str`, `String`, numbers, a path's
/// [`Subject`], [`ListOr`]), each appended with [`Piece::put`]: no
/// `core::fmt`, whose machinery was a tenth of a rejected payload's time in
/// wasm. Room for a usual message from the start.
macro_rules! message {
    ($($piece:expr),+ $(,)?) => {{
        let mut m = String::with_capacity(96);
        $( $crate::validate::Piece::put(&$piece, &mut m); )+
        m
    }};
}
pub(crate) use message;

/// What [`message!`] is made of.
pub trait Piece {
    /// Appends the piece to `out`.
    fn put(&self, out: &mut String);
}

impl Piece for &str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

/// Integers, written by `itoa`.
macro_rules! integer_pieces {
    ($($t:ty),+) => {$(
        impl Piece for $t {
            fn put(&self, out: &mut String) {
                out.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )+};
}
integer_pieces!(usize, i64);

mod collect;
mod date;
mod email;
mod formats;
mod hints;
mod image;
mod json;
mod locale;
mod nationality;
mod normalise;
mod object;
#[cfg(test)]
mod tests;
mod text;
mod unreadable;
mod view;

pub use collect::*;
pub use date::*;
pub use email::*;
pub use formats::*;
pub use hints::*;
pub use image::*;
pub use json::*;
pub use locale::*;
pub use nationality::*;
pub use normalise::*;
pub use object::*;
pub use text::*;
pub use unreadable::*;
pub use view::*;
