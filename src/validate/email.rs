//! Email addresses: RFC 5321 lengths in UTF-8 octets, no invisible characters.

use super::*;
use crate::error::{ErrorCode, FieldError};

/// Longest local part, in octets (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL_OCTETS: usize = 64;
/// Longest address, in octets (RFC 5321's 256-octet path minus the `<>`).
const MAX_ADDRESS_OCTETS: usize = 254;

/// Whether `s` is a usable email address: one `@`; a local part of 1–64
/// octets (UTF-8 bytes, as RFC 5321 counts them) without spaces, quotes,
/// misplaced dots or invisible characters (Unicode category Cf: zero-width
/// space, joiners, BOM, soft hyphen, bidi controls…); at most 254 octets in
/// all; a domain of at least two labels (letters, digits, hyphens, Unicode for
/// IDN; no leading or trailing hyphen; a top-level label that is not all digits).
#[must_use]
pub fn is_email(s: &str) -> bool {
    if s.is_ascii() {
        is_ascii_email(s.as_bytes())
    } else {
        is_unicode_email(s)
    }
}

/// [`is_email`] character by character (any string).
pub(crate) fn is_unicode_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > MAX_LOCAL_OCTETS || s.len() > MAX_ADDRESS_OCTETS {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || crate::find::contains(local, "..") {
        return false;
    }
    const LOCAL_SPECIALS: &[u8] = b".!#$%&'*+/=?^_`{|}~-";
    let local_ok = local.chars().all(|c| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(&(c as u8))
        } else {
            // Invisible characters make two addresses look the same.
            !c.is_control() && !c.is_whitespace() && !is_format_char(c)
        }
    });
    if !local_ok {
        return false;
    }
    let mut labels = 0usize;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty() || exceeds_chars(label, 63) {
            return false;
        }
        if label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        // Format characters are not alphanumeric: refused here too.
        let label_ok = label.chars().all(|c| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric() || c == '-'
            } else {
                c.is_alphanumeric()
            }
        });
        if !label_ok {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && !last.bytes().all(|b| b.is_ascii_digit())
}

/// [`is_email`] for ASCII, byte by byte (the same rules; most addresses).
pub(crate) fn is_ascii_email(s: &[u8]) -> bool {
    const LOCAL_SPECIALS: &[u8] = b".!#$%&'*+/=?^_`{|}~-";
    let Some(at) = s.iter().position(|&b| b == b'@') else {
        return false;
    };
    let (local, domain) = (
        s.get(..at).unwrap_or_default(),
        s.get(at + 1..).unwrap_or_default(),
    );
    if local.is_empty() || local.len() > MAX_LOCAL_OCTETS || s.len() > MAX_ADDRESS_OCTETS {
        return false;
    }
    if local.first() == Some(&b'.') || local.last() == Some(&b'.') {
        return false;
    }
    let local_ok = local.windows(2).all(|w| w != b"..")
        && local
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(b));
    if !local_ok {
        return false;
    }
    let mut labels = 0usize;
    let mut last: &[u8] = &[];
    for label in domain.split(|&b| b == b'.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label.first() != Some(&b'-')
            && label.last() != Some(&b'-')
            && label
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-');
        if !ok {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && !last.iter().all(u8::is_ascii_digit)
}

/// The Unicode general category Cf (format characters, Unicode 15.1), as
/// inclusive ranges: invisible, yet they change what a string compares equal to.
const FORMAT_CHARS: [(u32, u32); 21] = [
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Whether `c` is a format character (category Cf): zero-width space and
/// joiners, word joiner, BOM, soft hyphen, bidi marks and controls, …
#[must_use]
pub fn is_format_char(c: char) -> bool {
    let c = u32::from(c);
    FORMAT_CHARS.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// An email address (see [`is_email`]).
///
/// # Errors
/// `INVALID_EMAIL`.
pub fn email(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    if is_email(s) {
        return Ok(());
    }
    let path = path.into();
    let why = if s.chars().any(is_format_char) {
        " must be an email address without invisible characters (such as a zero-width space)"
    } else if s
        .split_once('@')
        .is_some_and(|(l, _)| l.len() > MAX_LOCAL_OCTETS)
    {
        " must have at most 64 bytes before the @ (accented letters count 2 or more)"
    } else if s.len() > MAX_ADDRESS_OCTETS {
        " must be at most 254 bytes long (accented letters count 2 or more)"
    } else {
        " must be an email address such as name@example.com"
    };
    Err(path.error(ErrorCode::InvalidEmail, message!(path.subject(), why)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_refused_everywhere() {
        for c in [
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{202A}',
            '\u{202E}',
            '\u{2066}',
            '\u{2069}',
            '\u{200E}',
            '\u{200F}',
            '\u{E0041}',
        ] {
            assert!(is_format_char(c), "{:X}", u32::from(c));
            for s in [
                format!("jo{c}se@example.com"),
                format!("josé{c}@example.com"),
                format!("jose@exa{c}mple.com"),
                format!("{c}jose@example.com"),
            ] {
                assert!(!is_email(&s), "{s:?}");
                let e = email(&s, "e").unwrap_err();
                assert!(e.message.contains("invisible"), "{}", e.message);
            }
        }
        for c in ['a', 'é', 'ñ', '\u{0301}', ' ', '\u{85}'] {
            assert!(!is_format_char(c), "{c:?}");
        }
    }

    #[test]
    fn lengths_are_octets_not_characters() {
        let ok = format!("{}@example.com", "a".repeat(64));
        assert!(is_email(&ok));
        // 32 two-byte characters: 64 octets, accepted; 33: 66 octets, refused.
        assert!(is_email(&format!("{}@example.com", "é".repeat(32))));
        let long = format!("{}a@example.com", "é".repeat(32));
        assert!(!is_email(&long));
        assert!(email(&long, "e").unwrap_err().message.contains("64 bytes"));
        // 254 octets in all: a 64-octet local part, a domain of 189.
        let domain = format!(
            "{}.{}.{}.com",
            "d".repeat(62),
            "d".repeat(62),
            "d".repeat(59)
        );
        let at_limit = format!("{}@{domain}", "é".repeat(32));
        assert_eq!(at_limit.len(), 254);
        assert!(is_email(&at_limit));
        let over = format!("{}@{domain}x", "é".repeat(32));
        assert!(!is_email(&over));
        assert!(email(&over, "e").unwrap_err().message.contains("254 bytes"));
    }
}
