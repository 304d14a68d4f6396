//! A nationality given as a country code or as a name (Verifik's public docs:
//! "Nationality or country code", with `US`, `Mexican` and `Colombian`).

use super::*;
use crate::error::{ErrorCode, FieldError};

/// Fewest characters of a nationality name (`日本`); two ASCII letters are a code.
pub const MIN_NATIONALITY_NAME: usize = 2;
/// Most characters of a nationality name: room for the longest country
/// names ("United Kingdom of Great Britain and Northern Ireland", 52).
pub const MAX_NATIONALITY_NAME: usize = 64;

/// Whether `s` reads as a nationality or country name: 2–64 characters, a
/// letter first, then letters of any script (accented ones too, precomposed
/// or with combining accents), spaces, hyphens and apostrophes (`'` or `’`).
#[must_use]
pub fn is_nationality_name(s: &str) -> bool {
    let mut chars = s.chars();
    if !chars.next().is_some_and(char::is_alphabetic) {
        return false;
    }
    let ok = chars.all(|c| {
        c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '\u{0300}'..='\u{036F}')
    });
    ok && !exceeds_chars(s, MAX_NATIONALITY_NAME) && exceeds_chars(s, MIN_NATIONALITY_NAME - 1)
}

/// A nationality: two ASCII letters must be an assigned ISO 3166-1 alpha-2
/// code in uppercase (`US`; `us`, `UK` and `XX` are refused, see
/// [`country`]); anything else must be a name (see [`is_nationality_name`]:
/// `Mexican`, `Colombian`, `Côte d'Ivoire`). Three letters such as `USA`
/// read as a name: there is no alpha-3 list to check them against.
///
/// # Errors
/// `EMPTY` for a blank string, `TOO_LONG` over 64 characters,
/// `INVALID_COUNTRY` otherwise.
pub fn nationality(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    let path = path.into();
    if let [a, b] = s.as_bytes() {
        if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
            return country(s, path);
        }
    }
    if is_nationality_name(s) {
        return Ok(());
    }
    if is_blank(s) {
        return Err(path.error(
            ErrorCode::Empty,
            message!(path.subject(), " must not be empty"),
        ));
    }
    if exceeds_chars(s, MAX_NATIONALITY_NAME) {
        return Err(path.error(
            ErrorCode::TooLong,
            message!(
                path.subject(),
                " must be at most ",
                MAX_NATIONALITY_NAME,
                " characters (it has ",
                s.chars().count(),
                ")"
            ),
        ));
    }
    Err(path.error(
        ErrorCode::InvalidCountry,
        message!(
            path.subject(),
            " must be a two-letter ISO 3166-1 alpha-2 code such as US, or a nationality such as Mexican (letters, spaces, hyphens and apostrophes)"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Option<ErrorCode> {
        nationality(s, "nationality").err().map(|e| e.code)
    }

    #[test]
    fn codes_and_names() {
        for ok in [
            "US",
            "PE",
            "Mexican",
            "Colombian",
            "Lao",
            "USA",
            "Peruana",
            "Côte d'Ivoire",
            "Cote\u{0301} d’Ivoire",
            "Guinea-Bissau",
            "SAINT LUCIAN",
            "日本",
            "Ελληνική",
        ] {
            assert_eq!(code(ok), None, "{ok}");
        }
        let long = "a".repeat(MAX_NATIONALITY_NAME);
        assert_eq!(code(&long), None);
        for (bad, want) in [
            ("XX", ErrorCode::InvalidCountry),
            ("us", ErrorCode::InvalidCountry),
            ("UK", ErrorCode::InvalidCountry),
            ("M", ErrorCode::InvalidCountry),
            ("U.S.", ErrorCode::InvalidCountry),
            ("Mexican1", ErrorCode::InvalidCountry),
            (" Mexican", ErrorCode::InvalidCountry),
            ("-Mexican", ErrorCode::InvalidCountry),
            ("Mexi\ncan", ErrorCode::InvalidCountry),
            ("Mexi\u{200B}can", ErrorCode::InvalidCountry),
            ("", ErrorCode::Empty),
            ("   ", ErrorCode::Empty),
        ] {
            assert_eq!(code(bad), Some(want), "{bad:?}");
        }
        assert_eq!(code(&"a".repeat(65)), Some(ErrorCode::TooLong));
        assert!(nationality("us", "n")
            .unwrap_err()
            .message
            .contains("did you mean US?"));
    }
}
