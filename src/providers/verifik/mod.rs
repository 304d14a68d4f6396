//! Verifik: create a person.

pub mod lookup;
pub mod request;
pub mod response;
pub mod validate;

pub use validate::{check, validate, Gender, VerifikPerson};
