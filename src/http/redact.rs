//! Keeping secrets and whole bodies out of errors.
//!
//! A raw response body is kept only in `Error.body`, cut to
//! [`MAX_BODY_BYTES`] on a char boundary, after two passes that remove
//! secrets: values of secret-looking JSON keys (`clientSecret`, `password`,
//! `token`, …) become `[redacted]` even when the body is not valid JSON (an
//! echo of the request inside an HTML page, a truncated body), and every
//! occurrence of a secret the client holds is replaced wherever it appears.

use serde_json::Value;

use super::fold;
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

/// Replaces every occurrence of each non-empty secret with `[redacted]`, in
/// the forms a server may echo it in: raw; JSON-escaped (`\"`, `\/`, any
/// character as `\uXXXX`, in any mix); URL-encoded (`%XX` in either case,
/// space as `+` or `%20`); and base64 (standard or URL-safe, padded or not,
/// alone or inside the base64 of a longer text, where the secret's bytes
/// fall at one of three alignments: the characters that only its bytes
/// decide are replaced). Raw, it is also found respelt as a word of its own
/// (case and Latin accents: `ANA@EXAMPLE.PE`, `NUNEZ` for `Núñez`; see
/// `fold`); escaped and base64 forms (base64 is case-sensitive by nature)
/// only as they are. See [`secret_spans`].
#[must_use]
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let spans = secret_spans(text, secrets);
    if spans.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in spans {
        out.push_str(text.get(copied..start).unwrap_or(""));
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

/// Whether `text` holds any of `secrets` in any form [`scrub`] knows.
#[must_use]
pub fn contains_secret(text: &str, secrets: &[&str]) -> bool {
    !secret_spans(text, secrets).is_empty()
}

/// A header value (such as a request id a server echoes) fit to report:
/// `None` when it holds a secret in any form [`scrub`] knows.
#[must_use]
pub fn scrub_header_value(value: &str, secrets: &[&str]) -> Option<String> {
    (!contains_secret(value, secrets)).then(|| value.to_owned())
}

/// Shortest base64 run matched inside a longer text: shorter runs could be
/// anything (they cover fewer than 6 of the secret's bytes).
const MIN_BASE64_RUN: usize = 8;

/// The byte ranges of `text` that hold a secret, sorted, merged and on char
/// boundaries.
pub(super) fn secret_spans(text: &str, secrets: &[&str]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    if secrets.iter().all(|s| s.is_empty()) {
        return spans;
    }
    let bytes = text.as_bytes();
    let raw: Vec<(usize, usize)> = (0..bytes.len()).map(|i| (i, i + 1)).collect();
    let json = decoded(bytes, json_escape);
    let url = decoded(bytes, percent_escape);
    // The text folded too (case, accents: see `fold`), for a provider that
    // quotes a value re-written (`ANA@EXAMPLE.PE`, `NUNEZ` for `Núñez`).
    let folded = fold::folded(text);
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let (f, _) = fold::folded(secret);
        let s = secret.as_bytes();
        find_all(bytes, &raw, s, &mut spans);
        // Respelt (case, accents) as a word of its own, unless folding leaves it too short.
        if fold::chars(&f) >= fold::MIN_FOLDED_CHARS {
            fold::find_folded(text, &folded, &f, &mut spans);
        }
        find_all(&json.0, &json.1, s, &mut spans);
        find_all(&url.0, &url.1, s, &mut spans);
        // base64 is case-sensitive: its forms are matched as they are.
        for pattern in base64_forms(s) {
            find_all(bytes, &raw, pattern.as_bytes(), &mut spans);
        }
    }
    merge(text, spans)
}

/// Every occurrence of `needle` in the decoded `hay`, as ranges of the
/// original text (`map` gives each decoded byte's range).
fn find_all(hay: &[u8], map: &[(usize, usize)], needle: &[u8], out: &mut Vec<(usize, usize)>) {
    if needle.is_empty() || hay.len() < needle.len() {
        return;
    }
    for (i, w) in hay.windows(needle.len()).enumerate() {
        if w == needle {
            let first = map.get(i).map_or(0, |r| r.0);
            let last = map.get(i + needle.len() - 1).map_or(first, |r| r.1);
            out.push((first, last));
        }
    }
}

/// Reads one escape at `i`: its decoded bytes and its length.
type Step = fn(&[u8], usize) -> Option<(Vec<u8>, usize)>;

/// `text` decoded by `step` (which reads one unit at `i` and returns its
/// bytes and length, or `None` for a byte taken as it is), with the range
/// of the original each decoded byte came from.
fn decoded(text: &[u8], step: Step) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut out = Vec::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        match step(text, i) {
            Some((bytes, len)) => {
                for d in bytes {
                    out.push(d);
                    map.push((i, i + len));
                }
                i += len.max(1);
            }
            None => {
                out.push(b);
                map.push((i, i + 1));
                i += 1;
            }
        }
    }
    (out, map)
}

fn hex(text: &[u8], at: usize, n: usize) -> Option<u32> {
    let digits = std::str::from_utf8(text.get(at..at + n)?).ok()?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// One JSON escape at `i`: `\uXXXX` (a surrogate pair as one char), `\/`,
/// `\"`, `\\` and the control escapes.
fn json_escape(text: &[u8], i: usize) -> Option<(Vec<u8>, usize)> {
    if text.get(i) != Some(&b'\\') {
        return None;
    }
    let simple = match text.get(i + 1)? {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        b'/' => Some(b'/'),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((vec![c], 2));
    }
    if text.get(i + 1) != Some(&b'u') {
        return None;
    }
    let unit = hex(text, i + 2, 4)?;
    let (c, len) = if (0xD800..0xDC00).contains(&unit) {
        let low = (text.get(i + 6) == Some(&b'\\') && text.get(i + 7) == Some(&b'u'))
            .then(|| hex(text, i + 8, 4))
            .flatten()
            .filter(|l| (0xDC00..0xE000).contains(l))?;
        (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), 12)
    } else {
        (unit, 6)
    };
    let c = char::from_u32(c)?;
    let mut buf = [0u8; 4];
    Some((c.encode_utf8(&mut buf).as_bytes().to_vec(), len))
}

/// One URL-encoding unit at `i`: `%XX` (either case) or `+` for a space.
fn percent_escape(text: &[u8], i: usize) -> Option<(Vec<u8>, usize)> {
    match text.get(i)? {
        b'+' => Some((vec![b' '], 1)),
        b'%' => Some((vec![u8::try_from(hex(text, i + 1, 2)?).ok()?], 3)),
        _ => None,
    }
}

/// The base64 runs that give `secret` away: its whole encoding (padded or
/// not) and, for each of the three alignments it may have inside a longer
/// text, the characters that only its bytes decide; in the standard and
/// URL-safe alphabets.
fn base64_forms(secret: &[u8]) -> Vec<String> {
    let mut forms = Vec::new();
    let whole = crate::image::encode_base64(secret);
    forms.push(whole.trim_end_matches('=').to_owned());
    forms.push(whole);
    for r in 0..3 {
        let Some(rest) = secret.get(r..) else { break };
        let full = rest.len() / 3 * 3;
        let Some(middle) = rest.get(..full) else {
            break;
        };
        let run = crate::image::encode_base64(middle);
        forms.push(run);
    }
    let url_safe: Vec<String> = forms
        .iter()
        .map(|f| f.replace('+', "-").replace('/', "_"))
        .filter(|f| !forms.contains(f))
        .collect();
    forms.extend(url_safe);
    forms.retain(|f| f.len() >= MIN_BASE64_RUN);
    forms
}

/// Ranges sorted and merged, each widened to char boundaries. (A few
/// ranges: an insertion sort, which adds far less to the wasm than `sort`.)
fn merge(text: &str, mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    for i in 1..spans.len() {
        let mut j = i;
        while j > 0 && spans.get(j - 1) > spans.get(j) {
            spans.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (mut start, mut end) in spans {
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end.min(text.len()))),
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

    const SECRET: &str = "sk_live+Ab/9 zé~";

    fn clean(text: &str) {
        let out = scrub(text, &[SECRET, "other-secret"]);
        assert!(out.contains(REDACTED), "not scrubbed: {text} -> {out}");
        assert!(!contains_secret(&out, &[SECRET]), "left: {out}");
    }

    #[test]
    fn scrubs_url_encoded_forms() {
        // encodeURIComponent, form encoding (+ for space), lowercase hex
        clean("token=sk_live%2BAb%2F9%20z%C3%A9~&x=1");
        clean("token=sk_live%2BAb%2F9+z%C3%A9%7E&x=1");
        clean("token=sk_live%2bAb%2f9+z%c3%a9~");
        clean("https://x.test/?t=sk_live%2BAb/9%20zé~");
    }

    #[test]
    fn scrubs_json_escaped_forms() {
        let every: String = SECRET
            .encode_utf16()
            .map(|u| format!("\\u{u:04x}"))
            .collect();
        clean(&format!(r#"{{"echo":"{every}"}}"#));
        clean(&format!(
            r#"{{"echo":"{}"}}"#,
            every.to_uppercase().replace("\\U", "\\u")
        ));
        clean(r#"{"echo":"sk_live+Ab\/9 z\u00e9~"}"#);
        let astral = "key😀x1234";
        let escaped = r#"key\ud83d\ude00x1234"#;
        assert_eq!(scrub(escaped, &[astral]), REDACTED);
    }

    #[test]
    fn scrubs_base64_forms_at_every_alignment() {
        use crate::image::encode_base64;
        for prefix in ["", "a", "ab", "abc", "abcd"] {
            for suffix in ["", "x", "xy"] {
                let plain = format!("{prefix}Bearer {SECRET}{suffix}");
                let std = encode_base64(plain.as_bytes());
                let url = std.replace('+', "-").replace('/', "_");
                for b64 in [std.clone(), std.trim_end_matches('=').to_owned(), url] {
                    let out = scrub(&format!("echo {b64} end"), &[SECRET]);
                    assert!(out.contains(REDACTED), "{prefix}|{suffix}: {out}");
                    // what is left of the run decodes to no more than 2 bytes of the secret on each side
                    assert!(
                        !out.contains(&b64[b64.len() / 2 - 2..b64.len() / 2 + 2]),
                        "{out}"
                    );
                }
            }
        }
        let alone = encode_base64(SECRET.as_bytes());
        assert_eq!(scrub(&alone, &[SECRET]), REDACTED);
    }

    #[test]
    fn leaves_other_text_alone() {
        let text = "request 42 failed: %41%42 + \\u0041 QUJD";
        assert_eq!(scrub(text, &[SECRET]), text);
        assert_eq!(
            scrub_header_value("req-123", &[SECRET]).as_deref(),
            Some("req-123")
        );
        assert_eq!(
            scrub_header_value("sk_live%2BAb%2F9%20z%C3%A9~", &[SECRET]),
            None
        );
        // a cut body keeps the cut inside a multi-byte char safe
        assert_eq!(scrub("é", &["é"]), REDACTED);
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
