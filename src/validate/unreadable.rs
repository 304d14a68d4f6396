//! Members that could not be read.
//!
//! A member JSON cannot hold (a bigint, a cycle, a lone surrogate from text
//! cut inside an emoji, a getter that throws) is left out of what the rules
//! check, and reported on its own: a form then shows that field's problem
//! and every other field's, instead of one error for the whole payload.

use std::borrow::Cow;

use crate::error::{ErrorCode, FieldError};

/// The error of member `field`, which could not be read.
#[must_use]
pub fn unreadable_member(field: Cow<'static, str>) -> FieldError {
    let message = message!(&*field, " could not be read");
    FieldError::new(field, ErrorCode::InvalidType, message)
}

/// Whether an error at `field` is about member `name`: the member itself,
/// an item (`name[0]`) or a member of it (`name.city`).
#[must_use]
pub fn is_about(field: &str, name: &str) -> bool {
    field
        .strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['[', '.']))
}

/// Whether an error at `field` with `code` says member `name` is unknown
/// (an unknown-field error shortens a long name, as `hints::short` does).
#[must_use]
pub fn calls_unknown(field: &str, code: ErrorCode, name: &str) -> bool {
    code == ErrorCode::UnknownField && (field == name || field == super::hints::short(name))
}

/// The rules' `errors` for a payload read without the values of the
/// members of `left_out` (each [`unreadable_member`]'s error): those first,
/// then the rules' errors but what they said about those members. A member
/// the rules call unknown stays unknown: its value was never theirs to read.
#[must_use]
pub fn with_unreadable(errors: Vec<FieldError>, mut left_out: Vec<FieldError>) -> Vec<FieldError> {
    left_out.retain(|u| {
        !errors
            .iter()
            .any(|e| calls_unknown(&e.field, e.code, &u.field))
    });
    if left_out.is_empty() {
        return errors;
    }
    let kept: Vec<FieldError> = errors
        .into_iter()
        .filter(|e| !left_out.iter().any(|u| is_about(&e.field, &u.field)))
        .collect();
    left_out.extend(kept);
    left_out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_left_out_member_replaces_what_the_rules_said_of_its_absence() {
        let rules = vec![
            FieldError::new("name", ErrorCode::Required, "name is required"),
            FieldError::new("images[0]", ErrorCode::InvalidBase64, "x"),
            FieldError::new("gender", ErrorCode::NotOneOf, "y"),
            FieldError::new("names", ErrorCode::UnknownField, "z"),
        ];
        let got = with_unreadable(
            rules,
            vec![
                unreadable_member("name".into()),
                unreadable_member("images".into()),
            ],
        );
        let got: Vec<_> = got.iter().map(|e| (&*e.field, e.code)).collect();
        assert_eq!(
            got,
            [
                ("name", ErrorCode::InvalidType),
                ("images", ErrorCode::InvalidType),
                ("gender", ErrorCode::NotOneOf),
                ("names", ErrorCode::UnknownField),
            ]
        );
        assert_eq!(
            unreadable_member("notes".into()).message,
            "notes could not be read"
        );
        assert!(is_about("address.city", "address") && !is_about("addressLine", "address"));
    }

    #[test]
    fn an_unknown_member_stays_unknown() {
        let rules = vec![
            FieldError::new("nmae", ErrorCode::UnknownField, "unknown"),
            FieldError::new("name", ErrorCode::Required, "name is required"),
        ];
        assert_eq!(
            with_unreadable(rules.clone(), vec![unreadable_member("nmae".into())]),
            rules
        );
    }

    #[test]
    fn a_long_unknown_name_is_known_by_its_short_form() {
        let long = "x".repeat(300);
        let rules = vec![crate::validate::unknown_field(&long, &["name"], "Verifik")];
        assert_eq!(
            with_unreadable(rules.clone(), vec![unreadable_member(long.into())]),
            rules
        );
    }

    #[test]
    fn nothing_left_out_changes_nothing() {
        let rules = vec![FieldError::new("gender", ErrorCode::NotOneOf, "y")];
        assert_eq!(with_unreadable(rules.clone(), Vec::new()), rules);
    }
}
