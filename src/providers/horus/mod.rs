//! Horus: create a person.

pub mod request;
pub mod response;
pub mod validate;

pub use validate::{check, validate, HorusPerson};
