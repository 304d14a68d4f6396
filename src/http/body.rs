//! Writing JSON request bodies straight into one `Vec<u8>`.
//!
//! Builders compute the exact size first, allocate once, and append: members
//! serialised by serde_json, strings escaped by hand, and (for Verifik)
//! images base64-encoded in place, with no intermediate `String`.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode, FieldError};

/// The members of a JSON object (`"a":1,"b":2`, without braces) as bytes.
///
/// # Errors
///
/// `VALIDATION_FAILED` if serde_json cannot serialise the map (it cannot
/// fail for a `Map<String, Value>`; kept so no path panics).
pub(crate) fn members_json(fields: &Map<String, Value>) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec(fields).map_err(|_| {
        Error::validation(vec![FieldError::new(
            "",
            ErrorCode::InvalidType,
            "the payload could not be written as JSON",
        )])
    })?;
    // `{…}` → `…`
    bytes.pop();
    if !bytes.is_empty() {
        bytes.remove(0);
    }
    Ok(bytes)
}

/// An object being written into a buffer of known capacity.
pub(crate) struct ObjectWriter {
    buf: Vec<u8>,
    empty: bool,
}

impl ObjectWriter {
    /// Starts `{` in a buffer of exactly `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let mut buf = Vec::with_capacity(capacity);
        buf.push(b'{');
        Self { buf, empty: true }
    }

    /// Writes `,"key":` (no comma before the first member).
    pub(crate) fn key(&mut self, key: &str) {
        if !self.empty {
            self.buf.push(b',');
        }
        self.empty = false;
        write_json_str(&mut self.buf, key);
        self.buf.push(b':');
    }

    /// Writes `"key":"value"`.
    pub(crate) fn str_member(&mut self, key: &str, value: &str) {
        self.key(key);
        write_json_str(&mut self.buf, value);
    }

    /// Appends already-serialised members (`"a":1,"b":2`).
    pub(crate) fn raw_members(&mut self, members: &[u8]) {
        if members.is_empty() {
            return;
        }
        if !self.empty {
            self.buf.push(b',');
        }
        self.empty = false;
        self.buf.extend_from_slice(members);
    }

    /// The buffer, to append a value after [`ObjectWriter::key`].
    pub(crate) fn buf_mut(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Closes the object and returns the bytes.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.buf.push(b'}');
        self.buf
    }
}

/// The size of `"key":` for the exact capacity (without the comma).
pub(crate) fn key_len(key: &str) -> usize {
    json_str_len(key) + 1
}

/// The size of `s` written as a JSON string, quotes included.
pub(crate) fn json_str_len(s: &str) -> usize {
    2 + s.bytes().map(escaped_byte_len).sum::<usize>()
}

fn escaped_byte_len(b: u8) -> usize {
    match b {
        b'"' | b'\\' | 0x08 | 0x0C | b'\n' | b'\r' | b'\t' => 2,
        0..=0x1F => 6,
        _ => 1,
    }
}

/// Writes `s` as a JSON string (quoted, escaped). Bytes ≥ 0x80 are copied:
/// `s` is UTF-8 and JSON is UTF-8.
pub(crate) fn write_json_str(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    buf.push(b'"');
    let bytes = s.as_bytes();
    if bytes.iter().all(|&b| escaped_byte_len(b) == 1) {
        buf.extend_from_slice(bytes);
    } else {
        for &b in bytes {
            match b {
                b'"' => buf.extend_from_slice(b"\\\""),
                b'\\' => buf.extend_from_slice(b"\\\\"),
                0x08 => buf.extend_from_slice(b"\\b"),
                0x0C => buf.extend_from_slice(b"\\f"),
                b'\n' => buf.extend_from_slice(b"\\n"),
                b'\r' => buf.extend_from_slice(b"\\r"),
                b'\t' => buf.extend_from_slice(b"\\t"),
                0..=0x1F => {
                    buf.extend_from_slice(b"\\u00");
                    buf.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
                    buf.push(HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0'));
                }
                _ => buf.push(b),
            }
        }
    }
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_serde_json() {
        for s in [
            "plain",
            "q\"b\\s",
            "ctl\u{1}\u{1f}\n\t\r\u{8}\u{c}",
            "ünï",
            "",
        ] {
            let mut buf = Vec::new();
            write_json_str(&mut buf, s);
            assert_eq!(buf.len(), json_str_len(s));
            let back: String = serde_json::from_slice(&buf).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn writer_builds_objects() {
        let mut fields = Map::new();
        fields.insert("b".into(), Value::from(2));
        let members = members_json(&fields).unwrap();
        let mut w = ObjectWriter::with_capacity(32);
        w.str_member("a", "x");
        w.raw_members(&members);
        let out = w.finish();
        assert_eq!(out, br#"{"a":"x","b":2}"#);
        let empty = members_json(&Map::new()).unwrap();
        let mut w = ObjectWriter::with_capacity(2);
        w.raw_members(&empty);
        assert_eq!(w.finish(), b"{}");
    }
}
