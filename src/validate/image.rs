//! Base64 image strings: strict alphabet and padding, then what `encodeImage`
//! checks on bytes (JPEG or PNG, header, not cut off, size and pixel limits),
//! decoding only the ends of the string.

use super::*;
use crate::error::{ErrorCode, FieldError};
use crate::image::{
    check_size_before_reading, decoded_len_hint, inspect_encoded, ImageFormat, ImageLimits,
};

// ---------------------------------------------------------------------------
// Base64 images

/// Check a raw base64 image with the default limits (those of
/// `encodeImage`: 10 MiB of bytes, 50 megapixels); see [`base64_image_within`].
///
/// # Errors
/// As [`base64_image_within`].
pub fn base64_image(s: &str, path: impl Into<Path>) -> Result<ImageFormat, FieldError> {
    base64_image_within(s, path, &ImageLimits::default())
}

/// Check a raw base64 image: no `data:` prefix; at most `limits.max_bytes`
/// once decoded (known from the length, before reading); standard alphabet
/// with `=` padding over the whole string (SIMD, linear, no allocation); then
/// [`inspect_encoded`]: a JPEG or PNG by its magic bytes, a readable header,
/// an end marker (not cut off), the pixel limits.
///
/// # Errors
/// `IMAGE_EMPTY` for `""`, `IMAGE_TOO_LARGE` (bytes or pixels),
/// `INVALID_BASE64` (with the reason, never the data), `INVALID_IMAGE_FORMAT`
/// naming the format found, a corrupt header or a cut-off image,
/// `IMAGE_TOO_SMALL` when `limits` has a minimum.
pub fn base64_image_within(
    s: &str,
    path: impl Into<Path>,
    limits: &ImageLimits,
) -> Result<ImageFormat, FieldError> {
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
    let at_path = |e: crate::error::Error| {
        // "image is 12 MiB, …" → "images[0] is 12 MiB, …".
        let rest = e.message.strip_prefix("image ").unwrap_or(&e.message);
        path.error(e.code, message!(path.subject(), " ", rest))
    };
    // Text that decodes to nothing ("x", "==") is not empty but broken: the
    // base64 check below says so.
    let size = decoded_len_hint(s);
    if size > 0 {
        check_size_before_reading(size, limits).map_err(at_path)?;
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
    inspect_encoded(s, limits)
        .map(|info| info.format)
        .map_err(at_path)
}

/// Why a string failed the base64 check (error path only).
pub(crate) fn base64_problem(bytes: &[u8]) -> String {
    if crate::image::base64::looks_like_a_location(bytes) {
        return crate::image::base64::A_LOCATION.to_owned();
    }
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
