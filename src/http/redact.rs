//! Keeping secrets and whole bodies out of errors.
//!
//! A raw response body is kept only in `Error.body`, cut to
//! [`MAX_BODY_BYTES`] on a char boundary, after two passes that remove
//! secrets: values of secret-looking JSON keys (`clientSecret`, `password`,
//! `token`, …) become `[redacted]` even when the body is not valid JSON (an
//! echo of the request inside an HTML page, a truncated body), and every
//! occurrence of a secret the client holds is replaced wherever it appears.

use serde_json::Value;

use super::message::REDACTED;

/// The most bytes of a response body kept in `Error.body` (4 KiB).
pub const MAX_BODY_BYTES: usize = 4096;

/// The longest provider message or code copied into an error, in bytes.
pub const MAX_PROVIDER_TEXT_BYTES: usize = 200;

/// JSON keys whose values are redacted (compared case-insensitively, with
/// `_` and `-` ignored).
const SECRET_KEYS: &[&str] = &[
    "clientsecret",
    "password",
    "token",
    "accesstoken",
    "refreshtoken",
    "apikey",
    "authorization",
    "secret",
];

/// Whether a JSON key names a secret (`clientSecret`, `client_secret`,
/// `API-KEY`, …).
#[must_use]
pub fn is_secret_key(key: &str) -> bool {
    if key.len() > 64 {
        return false;
    }
    let folded: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_KEYS.contains(&folded.as_str())
}

/// The longest prefix of `s` that fits in `max` bytes and ends on a char
/// boundary.
#[must_use]
pub fn truncate_str(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut cut = max;
    while cut > 0 && !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.get(..cut).unwrap_or("")
}

/// A response body fit for `Error.body`: lossy UTF-8, secret keys redacted,
/// the given secrets replaced, at most [`MAX_BODY_BYTES`] bytes.
#[must_use]
pub fn body_excerpt(body: &[u8], secrets: &[&str]) -> String {
    // Keep enough past the limit that a secret straddling it is still seen
    // whole (and replaced) before the cut.
    let longest = secrets.iter().map(|s| s.len()).max().unwrap_or(0);
    let window = MAX_BODY_BYTES
        .saturating_add(longest.saturating_mul(6))
        .saturating_add(64);
    let prefix = body.get(..window.min(body.len())).unwrap_or(body);
    let text = String::from_utf8_lossy(prefix);
    let redacted = scrub(&redact_secret_fields(&text), secrets);
    truncate_str(&redacted, MAX_BODY_BYTES).to_owned()
}

/// Provider text (a message or a code) fit for `Error.message`: secrets
/// removed, control characters turned into spaces, at most
/// [`MAX_PROVIDER_TEXT_BYTES`] bytes. `None` when nothing is left.
#[must_use]
pub fn provider_text(text: &str, secrets: &[&str]) -> Option<String> {
    let window = truncate_str(text, MAX_PROVIDER_TEXT_BYTES.saturating_mul(4));
    let cleaned: String = scrub(&redact_secret_fields(window), secrets)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return None;
    }
    let cut = truncate_str(cleaned, MAX_PROVIDER_TEXT_BYTES);
    if cut.len() < cleaned.len() {
        Some(format!("{cut}…"))
    } else {
        Some(cut.to_owned())
    }
}

/// Replaces every occurrence of each non-empty secret (raw and JSON-escaped)
/// with `[redacted]`.
#[must_use]
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(secret) {
            out = out.replace(secret, REDACTED);
        }
        if let Ok(quoted) = serde_json::to_string(secret) {
            let escaped = quoted
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or("");
            if !escaped.is_empty() && escaped != *secret && out.contains(escaped) {
                out = out.replace(escaped, REDACTED);
            }
        }
    }
    out
}

/// Redacts, in place, the value of every secret-looking key in a JSON value.
pub fn redact_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_key(key) && !v.is_null() {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact_value(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_value),
        _ => {}
    }
}

/// Redacts the values of secret-looking keys in text that may be JSON, may
/// be cut short, or may hold an echo of the request in another form:
/// `"clientSecret": "abc"`, `\"clientSecret\":\"abc\"` (JSON inside a JSON
/// string), `clientSecret=abc` (a form or query) and `'password': 'abc'` all
/// have `abc` replaced by `[redacted]`. An unterminated value is redacted to
/// the end. Object and array values are left alone (their keys are scanned).
#[must_use]
pub fn redact_secret_fields(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes.get(i).copied().is_some_and(is_ident) {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).copied().is_some_and(is_ident) {
            i += 1;
        }
        let word = text.get(start..i).unwrap_or("");
        if !is_secret_key(word) {
            continue;
        }
        let Some((value_start, value_end)) = secret_value_span(bytes, i) else {
            continue;
        };
        out.push_str(text.get(copied..value_start).unwrap_or(""));
        out.push_str(REDACTED);
        copied = value_end;
        i = value_end.max(i);
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The byte span of the value after a secret key that ends at `k`, if the
/// key is followed by `:` or `=` (after an optional closing quote).
fn secret_value_span(bytes: &[u8], mut k: usize) -> Option<(usize, usize)> {
    match (bytes.get(k), bytes.get(k + 1)) {
        (Some(b'\\'), Some(b'"')) => k += 2,
        (Some(b'"' | b'\''), _) => k += 1,
        _ => {}
    }
    k = skip_ws(bytes, k);
    if !matches!(bytes.get(k), Some(b':' | b'=')) {
        return None;
    }
    k = skip_ws(bytes, k + 1);
    let len = bytes.len();
    let find = |from: usize, pat: &[u8]| {
        bytes
            .get(from..)
            .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
            .map_or(len, |p| from + p)
    };
    let span = match (bytes.get(k), bytes.get(k + 1)) {
        (Some(b'\\'), Some(b'"')) => (k + 2, find(k + 2, b"\\\"")),
        (Some(b'"'), _) => (k + 1, string_end(bytes, k + 1).unwrap_or(len)),
        (Some(b'\''), _) => (k + 1, find(k + 1, b"'")),
        (None | Some(b'{' | b'['), _) => return None,
        (Some(_), _) => {
            let end = bytes
                .iter()
                .skip(k)
                .position(|c| {
                    c.is_ascii_whitespace()
                        || matches!(c, b',' | b'}' | b']' | b'&' | b';' | b'<' | b'"' | b'\\')
                })
                .map_or(len, |p| k + p);
            (k, end)
        }
    };
    (span.1 > span.0).then_some(span)
}

/// Index of the closing quote of a JSON string whose content starts at
/// `start`, honouring backslash escapes.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    while let Some(&c) = bytes.get(j) {
        match c {
            b'\\' => j += 2,
            b'"' => return Some(j),
            _ => j += 1,
        }
    }
    None
}

fn skip_ws(bytes: &[u8], mut k: usize) -> usize {
    while bytes.get(k).is_some_and(|c| c.is_ascii_whitespace()) {
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_secret_keys_in_json_and_in_broken_json() {
        let text = r#"{"clientId":"bb145d5f","clientSecret" : "bb1\"45xyz","email":"a@b.c"}"#;
        let out = redact_secret_fields(text);
        assert_eq!(
            out,
            r#"{"clientId":"bb145d5f","clientSecret" : "[redacted]","email":"a@b.c"}"#
        );
        let cut = r#"<pre>{"client_secret":"bb145d5fx"#;
        assert_eq!(
            redact_secret_fields(cut),
            r#"<pre>{"client_secret":"[redacted]"#
        );
        assert_eq!(
            redact_secret_fields(r#"{"token": 12345, "a": 1}"#),
            r#"{"token": [redacted], "a": 1}"#
        );
        assert_eq!(redact_secret_fields(r#"{"a":"b"#), r#"{"a":"b"#);
        assert_eq!(
            redact_secret_fields(r#"{"m":"{\"clientSecret\":\"abc\",\"x\":1}"}"#),
            r#"{"m":"{\"clientSecret\":\"[redacted]\",\"x\":1}"}"#
        );
        assert_eq!(
            redact_secret_fields("clientId=a&clientSecret=abc&x=1"),
            "clientId=a&clientSecret=[redacted]&x=1"
        );
        assert_eq!(
            redact_secret_fields("{'password': 'p w'}"),
            "{'password': '[redacted]'}"
        );
        assert_eq!(
            redact_secret_fields(r#"{"token": {"a": 1}, "message": "token_expired"}"#),
            r#"{"token": {"a": 1}, "message": "token_expired"}"#
        );
        assert_eq!(redact_secret_fields("password"), "password");
        assert_eq!(redact_secret_fields("password:"), "password:");
    }

    #[test]
    fn scrubs_known_secrets_raw_and_escaped() {
        let out = scrub(r#"bad key sk"1 and sk\"1"#, &["sk\"1", ""]);
        assert_eq!(out, "bad key [redacted] and [redacted]");
    }

    #[test]
    fn excerpt_is_cut_on_a_char_boundary() {
        let body = "é".repeat(3000);
        let out = body_excerpt(body.as_bytes(), &[]);
        assert!(out.len() <= MAX_BODY_BYTES);
        assert_eq!(out.len(), MAX_BODY_BYTES);
        let mut body = "x".repeat(MAX_BODY_BYTES - 3).into_bytes();
        body.extend_from_slice(b"TOPSECRET");
        assert!(!body_excerpt(&body, &["TOPSECRET"]).contains("TOP"));
    }

    #[test]
    fn provider_text_is_short_and_clean() {
        assert_eq!(provider_text(" a\nb ", &[]), Some("a b".to_owned()));
        assert_eq!(provider_text("  ", &[]), None);
        let long = "x".repeat(1000);
        assert!(provider_text(&long, &[]).unwrap().len() <= MAX_PROVIDER_TEXT_BYTES + 3);
    }
}
