//! Base64 image strings: strict alphabet and padding, JPEG/PNG magic bytes.

use super::*;
use crate::error::{ErrorCode, FieldError};
use crate::image::{sniff, ImageFormat, SNIFF_LEN};

// ---------------------------------------------------------------------------
// Base64 images

/// Check a raw base64 image: no `data:` prefix, standard alphabet with `=`
/// padding over the whole string (SIMD, linear, no allocation), and a JPEG or
/// PNG by the magic bytes of its first decoded bytes.
///
/// # Errors
/// `IMAGE_EMPTY` for `""`, `INVALID_BASE64` (with the reason, never the data)
/// or `INVALID_IMAGE_FORMAT` naming the format found.
pub fn base64_image(s: &str, path: impl Into<Path>) -> Result<ImageFormat, FieldError> {
    let path = path.into();
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(path.error(
            ErrorCode::ImageEmpty,
            message!(
                path.subject(),
                " is empty; it must hold a base64-encoded image"
            ),
        ));
    }
    if bytes
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"data:"))
    {
        return Err(path.error(
            ErrorCode::InvalidBase64,
            message!(path.subject(), " must be raw base64: remove the data: prefix (everything up to and including the comma)"),
        ));
    }
    if base64_simd::STANDARD.check(bytes).is_err() {
        return Err(path.error(
            ErrorCode::InvalidBase64,
            message!(
                path.subject(),
                " is not valid base64: ",
                base64_problem(bytes)
            ),
        ));
    }
    // 16 base64 characters decode to the SNIFF_LEN = 12 bytes sniffing needs.
    // A prefix of a checked string is valid base64 when its length is a
    // multiple of 4 (padding only ever sits at the very end).
    let head = bytes.get(..16).unwrap_or(bytes);
    let mut buf = [0u8; SNIFF_LEN];
    let format = match base64_simd::STANDARD.decode(head, base64_simd::Out::from_slice(&mut buf)) {
        Ok(decoded) => sniff(decoded),
        Err(_) => ImageFormat::Unknown,
    };
    if format.is_accepted() {
        Ok(format)
    } else {
        let message = format.rejection_message();
        // "image must be a JPEG or PNG, found …" → "images[0] must be a JPEG or PNG, found …".
        let rest = message.strip_prefix("image ").unwrap_or(&message);
        Err(path.error(
            ErrorCode::InvalidImageFormat,
            message!(path.subject(), " ", rest),
        ))
    }
}

/// Why a string failed the base64 check (error path only).
pub(crate) fn base64_problem(bytes: &[u8]) -> String {
    let body_end = bytes.iter().rposition(|b| *b != b'=').map_or(0, |i| i + 1);
    let body = bytes.get(..body_end).unwrap_or(bytes);
    if let Some(pos) = body
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/'))
    {
        let what = match body.get(pos) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => "a space or line break",
            Some(b'-' | b'_') => {
                return message!(
                    "it uses the URL-safe alphabet (- or _ at position ",
                    pos,
                    "); use standard base64 with + and /"
                )
            }
            Some(b'=') => "padding (=) in the middle",
            _ => "a character outside A-Z, a-z, 0-9, + and /",
        };
        return message!("it contains ", what, " at position ", pos);
    }
    let pad = bytes.len() - body_end;
    if bytes.len() % 4 != 0 {
        "its length is not a multiple of 4 (is the = padding missing?)".to_owned()
    } else if pad > 2 {
        "it ends with too much = padding".to_owned()
    } else {
        "its last characters do not form a valid ending".to_owned()
    }
}
