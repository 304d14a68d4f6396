//! Formats: ISO date, UUID, ISO 3166-1 country, phone, IP, JSON-in-a-string
//! (email has its own file).

use super::*;
use crate::error::{ErrorCode, FieldError};

// ---------------------------------------------------------------------------
// Formats

/// A date `YYYY-MM-DD` that exists and is not after `today`.
///
/// # Errors
/// `INVALID_DATE` for another form, a day that does not exist, or a future date.
pub fn iso_date<'t>(
    s: &str,
    path: impl Into<Path>,
    today: impl Into<Today<'t>>,
) -> Result<CivilDate, FieldError> {
    let path = path.into();
    let Some(date) = CivilDate::parse_iso(s) else {
        let shape_ok = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let message = if shape_ok {
            message!(path.subject(), " is not a real calendar date")
        } else {
            message!(path.subject(), " must be a date in the form YYYY-MM-DD")
        };
        return Err(path.error(ErrorCode::InvalidDate, message));
    };
    if date > today.into().date() {
        return Err(path.error(
            ErrorCode::InvalidDate,
            message!(path.subject(), " must not be in the future"),
        ));
    }
    Ok(date)
}

/// Whether `s` is a UUID in its 36-character hyphenated form (any version, either case).
#[must_use]
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A UUID (see [`is_uuid`]).
///
/// # Errors
/// `INVALID_UUID`.
pub fn uuid(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    if is_uuid(s) {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidUuid,
        message!(
            path.subject(),
            " must be a UUID such as 288cf796-c1ad-4ffd-9eb9-af210bff0ea0"
        ),
    ))
}

/// The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance
/// Agency list; user-assigned codes such as `XK` and withdrawn ones such as
/// `AN` are not included).
pub const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// One bit per `AA..ZZ` pair (26 × 26 = 676 bits), built from [`COUNTRY_CODES`] at compile time.
// Indexing here runs in const evaluation: a mistake fails the build, it cannot panic at run time.
#[allow(clippy::indexing_slicing)]
pub(crate) const COUNTRY_BITS: [u32; 22] = {
    let mut bits = [0u32; 22];
    let mut i = 0;
    while i < COUNTRY_CODES.len() {
        let b = COUNTRY_CODES[i].as_bytes();
        let n = (b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize;
        bits[n / 32] |= 1 << (n % 32);
        i += 1;
    }
    bits
};

/// Whether `s` is an assigned ISO 3166-1 alpha-2 code, in uppercase (`US`, not `us`).
#[must_use]
pub fn is_country_code(s: &str) -> bool {
    let &[a, b] = s.as_bytes() else {
        return false;
    };
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return false;
    }
    let n = usize::from(a - b'A') * 26 + usize::from(b - b'A');
    COUNTRY_BITS
        .get(n / 32)
        .is_some_and(|word| word & (1 << (n % 32)) != 0)
}

/// An ISO 3166-1 alpha-2 country code (see [`is_country_code`]).
///
/// # Errors
/// `INVALID_COUNTRY`, with the uppercase form as a hint for `us`, and GB for `UK`.
pub fn country(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    if is_country_code(s) {
        return Ok(());
    }
    let path = path.into();
    let upper = s.to_ascii_uppercase();
    let message = if upper == "UK" {
        // The code people in the United Kingdom type; ISO 3166-1 keeps it reserved.
        message!(
            path.subject(),
            " must be an ISO 3166-1 alpha-2 code; the United Kingdom is GB (did you mean GB?)"
        )
    } else if is_country_code(&upper) {
        message!(
            path.subject(),
            " must be an uppercase ISO 3166-1 alpha-2 code (did you mean ",
            upper,
            "?)"
        )
    } else {
        message!(
            path.subject(),
            " must be a two-letter ISO 3166-1 alpha-2 country code such as US or PE"
        )
    };
    Err(path.error(ErrorCode::InvalidCountry, message))
}

/// Fewest digits in a phone number: shorter is not a subscriber number anywhere.
pub const MIN_PHONE_DIGITS: usize = 7;

/// Whether `s` is a phone number as people type it, national or
/// international: digits, spaces, `-`, `.` and parentheses, at least
/// [`MIN_PHONE_DIGITS`] digits, a `+` only as the first character (or just
/// inside a first parenthesis: `(+51) 987 654 321`), and parentheses in
/// pairs, not nested, around digits (`+1 (567) 362-8910`, `01234 567890`,
/// `+44 (0)20 7946 0958`). A space or a dash pasted from a page or a phone's
/// contacts (no-break and thin spaces, Unicode hyphens and dashes up to the
/// em dash and horizontal bar, the minus sign, small and full-width
/// hyphen-minus) is one too. Letters (`ext. 12`) are refused.
#[must_use]
pub fn is_phone(s: &str) -> bool {
    // Digits inside the open parenthesis, if one is open.
    let (rest, mut open) = match s.strip_prefix("(+") {
        Some(rest) => (rest, Some(0usize)),
        None => (s.strip_prefix('+').unwrap_or(s), None),
    };
    let mut digits = 0usize;
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                digits += 1;
                if let Some(inside) = open.as_mut() {
                    *inside += 1;
                }
            }
            ' ' | '-' | '.' => {}
            '\u{a0}'
            | '\u{2007}'
            | '\u{2009}'
            | '\u{202f}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{fe63}'
            | '\u{ff0d}' => {}
            '(' if open.is_none() => open = Some(0),
            ')' if open.is_some_and(|inside| inside > 0) => open = None,
            _ => return false,
        }
    }
    open.is_none() && digits >= MIN_PHONE_DIGITS
}

/// A phone number (see [`is_phone`]).
///
/// # Errors
/// `INVALID_PHONE`.
pub fn phone(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    if is_phone(s) {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidPhone,
        message!(
            path.subject(),
            " must be a phone number of at least 7 digits, written with digits, spaces, - . ( ) and an optional leading +, such as +44 7798 121212 or 01234 567890"
        ),
    ))
}

/// An IPv4 or IPv6 address as `std::net` parses it.
///
/// # Errors
/// `INVALID_IP`.
pub fn ip_address(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    if s.parse::<std::net::IpAddr>().is_ok() {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidIp,
        message!(
            path.subject(),
            " must be an IPv4 or IPv6 address such as 203.0.113.7"
        ),
    ))
}

/// A string that holds a JSON object (`"{\"key\":\"value\"}"`). Checked
/// without building a tree; nesting deeper than 128 levels is refused.
///
/// # Errors
/// `INVALID_JSON`.
pub fn json_object_string(s: &str, path: impl Into<Path>) -> Result<(), FieldError> {
    let is_object =
        s.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok();
    if is_object {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidJson,
        message!(
            path.subject(),
            " must be a string holding a JSON object, such as {\"key\":\"value\"}"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "+447798121212",
            "+51 987 654 321",
            "+1-202-555-0143",
            "+6831234",
            "+1 (567) 362-8910",
            "01234 567890",
            "(01234) 567890",
            "+44 (0)20 7946 0958",
            "020.7946.0958",
            "1234567",
            "+44  7798 121212",
            "+ 44 7798 121212",
            "07798121212",
            // As people paste or write them: the country code in parentheses,
            // no-break spaces, Unicode hyphens.
            "(+51) 987 654 321",
            "+51\u{a0}987\u{a0}654\u{a0}321",
            "+51 987\u{2011}654\u{2011}321",
            "01234\u{202f}567890",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        // Every dash the README promises counts as '-': en and em dash,
        // horizontal bar, minus sign, small and full-width hyphen-minus.
        for dash in [
            '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}', '\u{fe63}', '\u{ff0d}',
        ] {
            assert!(is_phone(&format!("+51 987{dash}654{dash}321")), "{dash:?}");
        }
        for bad in [
            "",
            "+",
            "12-34",
            "123456",
            "+44-",
            "+44 77a 121212",
            "0800 FLOWERS",
            "+44 7798 121212 ext. 5",
            "44+7798121212",
            "++447798121212",
            "+44 (77 98121212",
            "+44 77) 98121212",
            "+44 ((77)) 98121212",
            "+44 () 7798121212",
            "+44 7798/121212",
            "\u{FF11}234567",
            "(+) 1234567",
            "(+51 987 654 321",
            "+(+51) 987 654 321",
            "+51\u{200b}987654321",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
        let e = phone("12-34", "p").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidPhone);
        assert!(
            e.message.starts_with("p must be a phone number"),
            "{}",
            e.message
        );
    }
}
