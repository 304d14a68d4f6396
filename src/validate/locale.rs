//! Locales: a well-formed BCP 47 language tag (`en-GB`), checked by its
//! shape only; no registry lookup, so `xx-QQ` is well-formed.

use super::*;
use crate::error::{ErrorCode, FieldError};

/// Longest accepted tag, in characters: far beyond any real locale.
pub const MAX_LOCALE: usize = 64;

/// Whether `s` is a well-formed BCP 47 (RFC 5646) language tag of the usual
/// shape, any case: a language of 2–3 letters; then optionally a script (4
/// letters), a region (2 letters or 3 digits), variants (5–8 letters or
/// digits, or a digit and 3 more), extensions (a singleton such as `u`, then
/// subtags of 2–8) and a private use part (`x`, then subtags of 1–8); all
/// separated by `-`. Extended language subtags and irregular grandfathered
/// tags (`i-klingon`) are not accepted.
#[must_use]
pub fn is_locale(s: &str) -> bool {
    if s.len() > MAX_LOCALE || !s.is_ascii() {
        return false;
    }
    let mut tags = s.split('-').peekable();
    let alpha = |t: &str| t.bytes().all(|b| b.is_ascii_alphabetic());
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let alnum = |t: &str| t.bytes().all(|b| b.is_ascii_alphanumeric());
    let sized = |t: &str, lo: usize, hi: usize| (lo..=hi).contains(&t.len());
    match tags.next() {
        Some(lang) if sized(lang, 2, 3) && alpha(lang) => {}
        _ => return false,
    }
    let _script = tags.next_if(|t| t.len() == 4 && alpha(t));
    let _region = tags.next_if(|t| (t.len() == 2 && alpha(t)) || (t.len() == 3 && digits(t)));
    while tags
        .next_if(|t| {
            alnum(t)
                && (sized(t, 5, 8)
                    || (t.len() == 4 && t.bytes().next().is_some_and(|b| b.is_ascii_digit())))
        })
        .is_some()
    {}
    // Extensions, then private use: each a singleton and its subtags.
    while let Some(singleton) = tags.next() {
        if singleton.len() != 1 || !alnum(singleton) {
            return false;
        }
        let private = singleton.eq_ignore_ascii_case("x");
        let (lo, hi) = if private { (1, 8) } else { (2, 8) };
        let mut subtags = 0usize;
        while tags.next_if(|t| sized(t, lo, hi) && alnum(t)).is_some() {
            subtags += 1;
        }
        if subtags == 0 || (private && tags.peek().is_some()) {
            return false;
        }
    }
    true
}

/// A locale (see [`is_locale`]).
///
/// # Errors
/// `INVALID_LOCALE`, with the `-` form as a hint for `en_GB`.
pub fn locale(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    if is_locale(s) {
        return Ok(());
    }
    let path = path.into();
    let dashed = s.replace('_', "-");
    let message = if dashed != s && is_locale(&dashed) {
        message!(
            path.subject(),
            " must use - between its parts (did you mean ",
            dashed,
            "?)"
        )
    } else {
        message!(
            path.subject(),
            " must be a language tag such as en-GB or es-PE (a 2- or 3-letter language, then optional script, region and variants)"
        )
    };
    Err(path.error(ErrorCode::InvalidLocale, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_tags() {
        for ok in [
            "en",
            "en-GB",
            "en-gb",
            "es-419",
            "zh-Hant",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "de-CH-1996",
            "sl-rozaj-biske",
            "ca-ES-valencia",
            "en-US-u-ca-gregory",
            "en-US-x-twain",
            "de-DE-u-co-phonebk-x-a-b",
            "en-GB-x-a-u-b",
            "haw",
        ] {
            assert!(is_locale(ok), "{ok}");
        }
        for bad in [
            "",
            "english",
            "e",
            "en_GB",
            "en-",
            "-en",
            "en--GB",
            "en-GB-",
            "en-G",
            "en-GBR",
            "en-12",
            "en-u",
            "en-x",
            "en-u-x",
            "en-x-toolongsubtag",
            "x-private",
            "i-klingon",
            "ñe-GB",
            "en GB",
            "12",
        ] {
            assert!(!is_locale(bad), "{bad}");
        }
        assert!(!is_locale(&format!("en{}", "-abcde".repeat(12))));
    }

    #[test]
    fn underscore_gets_a_hint() {
        let e = locale("en_GB", "locale").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidLocale);
        assert!(e.message.contains("did you mean en-GB?"), "{}", e.message);
        let e = locale("english", "locale").unwrap_err();
        assert!(e.message.contains("such as en-GB"), "{}", e.message);
    }
}
