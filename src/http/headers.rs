//! Header checking: names are HTTP tokens, values carry no CR, LF or NUL.
//!
//! A value with a line break could smuggle a second header (or a body) into
//! the request, so it is refused before anything is sent. Messages name the
//! header, never its value: the value may be a token.

use crate::error::{Error, ErrorCode};

/// Headers the core sets itself; extra headers may not set them.
///
/// `authorization` is not in this list: a client without a credential (one
/// pointed at the user's own backend) may send its own.
pub const RESERVED_HEADERS: &[&str] = &[
    "accept",
    "connection",
    "content-length",
    "content-type",
    "host",
    "transfer-encoding",
    "x-usil-request-id",
];

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidOptions, message).with_field("headers")
}

/// Checks a header name: 1 to 256 token characters (RFC 9110 `tchar`).
///
/// # Errors
///
/// `INVALID_OPTIONS` (field `headers`) for an empty, overlong or non-token
/// name.
pub fn check_header_name(name: &str) -> Result<(), Error> {
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() {
        return Err(invalid("a header name is empty".to_owned()));
    }
    if name.len() > 256 || !name.bytes().all(is_tchar) {
        return Err(invalid(
            "a header name has characters that are not allowed in HTTP header names".to_owned(),
        ));
    }
    Ok(())
}

/// Checks a header value: no CR, LF or NUL (they would end the header and
/// start another), no other control character except tab, nothing above
/// U+00FF (`fetch` cannot send it).
///
/// # Errors
///
/// `INVALID_OPTIONS` (field `headers`); the message names `name`, never the
/// value.
pub fn check_header_value(name: &str, value: &str) -> Result<(), Error> {
    if value.contains(['\r', '\n']) {
        return Err(invalid(format!(
            "header `{}` contains a line break (CR or LF)",
            printable_name(name)
        )));
    }
    if value.contains('\0') {
        return Err(invalid(format!(
            "header `{}` contains a NUL character",
            printable_name(name)
        )));
    }
    if value
        .chars()
        .any(|c| (c.is_control() && c != '\t') || u32::from(c) > 0xFF)
    {
        return Err(invalid(format!(
            "header `{}` contains a control character or a character above U+00FF",
            printable_name(name)
        )));
    }
    Ok(())
}

/// Checks a credential that goes into a header (token, API key): not empty
/// and a valid header value. `what` names it in the message (`"token"`).
///
/// # Errors
///
/// `INVALID_OPTIONS` with `field` = `what`; the value is never repeated.
pub fn check_credential(what: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(
            Error::new(ErrorCode::InvalidOptions, format!("{what} is empty")).with_field(what),
        );
    }
    check_header_value(what, value).map_err(|mut e| {
        if let Some((before, after)) = crate::find::split_once(&e.message, "header ") {
            e.message = format!("{before}{after}");
        }
        e.field = Some(what.to_owned());
        e
    })
}

/// Checks the user's extra headers and returns them with lower-case names.
///
/// # Errors
///
/// `INVALID_OPTIONS` (field `headers`) for a bad name or value, a name given
/// twice (case-insensitively), or one of [`RESERVED_HEADERS`].
pub fn check_extra_headers(headers: &[(String, String)]) -> Result<Vec<(String, String)>, Error> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        check_header_name(name)?;
        let lower = name.to_ascii_lowercase();
        check_header_value(&lower, value)?;
        if RESERVED_HEADERS.contains(&lower.as_str()) {
            return Err(invalid(format!(
                "header `{lower}` is set by personkit and cannot be overridden"
            )));
        }
        if out.iter().any(|(n, _)| *n == lower) {
            return Err(invalid(format!("header `{lower}` is given twice")));
        }
        out.push((lower, value.clone()));
    }
    Ok(out)
}

/// A header name fit for a message: the name as given when it is a token,
/// else a placeholder (never arbitrary user text).
fn printable_name(name: &str) -> &str {
    if check_header_name(name).is_ok() {
        name
    } else {
        "<invalid name>"
    }
}

/// The secret parts of a header's value, when its name says it carries a
/// credential (`authorization`, `proxy-authorization`, `cookie`, or a name
/// holding key, token, secret, auth or session, as an API gateway's
/// `x-api-key`): the whole value, the credential after a scheme, and each
/// cookie's value. Parts under 4 bytes are left out (they would redact
/// ordinary words).
#[must_use]
pub fn header_secrets<'a>(name: &str, value: &'a str) -> Vec<&'a str> {
    let lower = name.to_ascii_lowercase();
    let named = ["key", "token", "secret", "auth", "session", "cookie"]
        .iter()
        .any(|w| crate::find::contains(&lower, w));
    if !named {
        return Vec::new();
    }
    let mut parts = vec![value];
    if crate::find::contains(&lower, "cookie") {
        parts.extend(
            value
                .split(';')
                .filter_map(|pair| pair.split_once('=').map(|(_, v)| v.trim())),
        );
    } else {
        parts.push(value.split_once(' ').map_or(value, |(_, c)| c).trim());
    }
    parts.retain(|s| s.len() >= 4);
    parts.dedup();
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_crlf_without_echoing() {
        let e = check_header_value("x-trace", "abc\r\nx-evil: 1").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert!(e.message.contains("x-trace"));
        assert!(!e.message.contains("evil"));
    }

    #[test]
    fn credential_message_names_it() {
        let e = check_credential("token", "abc\nsecret").unwrap_err();
        assert_eq!(e.message, "`token` contains a line break (CR or LF)");
        assert!(check_credential("apiKey", "  ").is_err());
        assert!(check_credential("apiKey", "k-123").is_ok());
    }

    #[test]
    fn extra_headers_lowercased_and_checked() {
        let ok = check_extra_headers(&[("X-Trace".into(), "1".into())]).unwrap();
        assert_eq!(ok, vec![("x-trace".to_owned(), "1".to_owned())]);
        assert!(check_extra_headers(&[("Content-Type".into(), "text/plain".into())]).is_err());
        assert!(
            check_extra_headers(&[("a".into(), "1".into()), ("A".into(), "2".into())]).is_err()
        );
        assert!(check_extra_headers(&[("bad name".into(), "1".into())]).is_err());
    }

    #[test]
    fn header_secrets_by_name() {
        assert_eq!(
            header_secrets("Authorization", "Bearer abcd1234"),
            vec!["Bearer abcd1234", "abcd1234"]
        );
        assert_eq!(header_secrets("x-api-key", "k-123456"), vec!["k-123456"]);
        assert_eq!(
            header_secrets("cookie", "sid=s3cr3t; theme=dark"),
            vec!["sid=s3cr3t; theme=dark", "s3cr3t", "dark"]
        );
        assert_eq!(header_secrets("Cookie", "a=1"), Vec::<&str>::new());
        assert!(header_secrets("x-request-id", "trace-1").is_empty());
        assert!(header_secrets("proxy-authorization", "Basic ab").contains(&"Basic ab"));
    }
}
