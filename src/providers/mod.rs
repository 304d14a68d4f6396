//! One module per API: its rules, its request building, its response parsing.

pub mod equals;
pub mod horus;
pub mod verifik;

/// Whether a lookup's `found` text is the `sent` one, ignoring spaces around
/// and case in every script (`ÑANDÚ` is `ñandú`): a lookup that missed the
/// person over case would have the create sent again.
pub(crate) fn same_text(found: &str, sent: &str) -> bool {
    let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
    let (found, sent) = (found.trim(), sent.trim());
    found.eq_ignore_ascii_case(sent) || lower(found) == lower(sent)
}

#[cfg(test)]
mod tests;
