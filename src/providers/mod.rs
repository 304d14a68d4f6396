//! One module per API: its rules, its request building, its response parsing.

pub mod equals;
pub mod horus;
pub mod verifik;

#[cfg(test)]
mod tests;
