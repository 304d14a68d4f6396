//! Images, pure: sniff the format from the bytes, read the size from the
//! header without decoding pixels, apply limits, and encode/decode base64.
//!
//! One idea per file: [`sniff`](mod@sniff) (magic bytes), [`dimensions`](mod@dimensions)
//! (JPEG SOF / PNG IHDR, EXIF orientation), [`complete`] (a cut-off file),
//! [`limits`] (bytes and pixels), [`base64`] (SIMD encode, strict decode,
//! data URLs), [`encoded`] (the checks on base64 text, decoding only its
//! ends). [`inspect`] runs them in the order a caller wants the errors:
//! empty, too large, wrong format, corrupt header, cut off, too many pixels,
//! too small.

pub mod base64;
pub mod complete;
pub mod dimensions;
pub mod encoded;
pub mod limits;
pub mod sniff;

pub use self::base64::{
    decode_base64, decode_image_string, decoded_len_hint, encode_base64, encode_base64_into,
    encoded_len, is_data_url,
};
pub use self::complete::{check_complete, JPEG_STAND_IN, PNG_STAND_IN};
pub use self::dimensions::{dimensions, Dimensions};
pub use self::encoded::{inspect_encoded, inspect_in_parts};
pub use self::limits::{
    check_dimensions, check_pixels, check_size_before_reading, format_bytes, ImageLimits,
    DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS,
};
pub use self::sniff::{sniff, ImageFormat, SNIFF_LEN};

use crate::error::{Error, ErrorCode};

/// What [`inspect`] found out about an accepted image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// JPEG or PNG (nothing else gets this far).
    pub format: ImageFormat,
    /// `image/jpeg` or `image/png`.
    pub mime_type: &'static str,
    /// Length in bytes.
    pub byte_length: u64,
    /// Width of the stored pixels, from the header.
    pub width: u32,
    /// Height of the stored pixels, from the header.
    pub height: u32,
    /// EXIF orientation (1–8) of a JPEG that has one. 5–8 mean the picture is
    /// shown turned by 90°: see [`ImageInfo::display_size`].
    pub orientation: Option<u8>,
}

impl ImageInfo {
    /// Width and height as a browser displays the image (after EXIF orientation).
    #[must_use]
    pub fn display_size(&self) -> (u32, u32) {
        Dimensions {
            width: self.width,
            height: self.height,
            orientation: self.orientation,
        }
        .display_size()
    }
}

/// Check image bytes: size, format (JPEG or PNG, sniffed from the bytes), a
/// readable header, a whole file (not cut off), the pixel count and the
/// minimum dimensions (as displayed).
///
/// # Errors
///
/// In this order: `IMAGE_EMPTY` (no bytes), `IMAGE_TOO_LARGE` (over
/// `limits.max_bytes`), `INVALID_IMAGE_FORMAT` (not JPEG/PNG, naming what was
/// found; a truncated/corrupt header; or "image is cut off": no end marker,
/// see [`complete`]), `IMAGE_TOO_LARGE` (over `limits.max_pixels`),
/// `IMAGE_TOO_SMALL` (below `min_width`/`min_height`).
pub fn inspect(bytes: &[u8], limits: &ImageLimits) -> Result<ImageInfo, Error> {
    let byte_length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    check_size_before_reading(byte_length, limits)?;
    let format = sniff(bytes);
    if !format.is_accepted() {
        return Err(Error::new(
            ErrorCode::InvalidImageFormat,
            format.rejection_message(),
        ));
    }
    let dims = dimensions(format, bytes)?;
    check_complete(format, bytes)?;
    check_pixels(dims.width, dims.height, limits)?;
    let (shown_width, shown_height) = dims.display_size();
    check_dimensions(shown_width, shown_height, limits)?;
    Ok(ImageInfo {
        format,
        mime_type: format.mime_type(),
        byte_length,
        width: dims.width,
        height: dims.height,
        orientation: dims.orientation,
    })
}

/// [`inspect`] for raw base64 (Verifik's `images`): refuses an oversized image
/// from the string length before decoding, then decodes strictly and inspects.
///
/// # Errors
///
/// `IMAGE_EMPTY`, `IMAGE_TOO_LARGE`, `INVALID_BASE64` (including a `data:`
/// prefix), then everything [`inspect`] reports.
pub fn inspect_base64(s: &str, limits: &ImageLimits) -> Result<(ImageInfo, Vec<u8>), Error> {
    // Text that decodes to nothing ("x", "==") is broken, not empty: the decode says so.
    let size = decoded_len_hint(s);
    if size > 0 || s.is_empty() {
        check_size_before_reading(size, limits)?;
    }
    let bytes = decode_base64(s)?;
    let info = inspect(&bytes, limits)?;
    Ok((info, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_in_order() {
        let limits = ImageLimits::default();
        assert_eq!(
            inspect(b"", &limits).unwrap_err().code,
            ErrorCode::ImageEmpty
        );
        let tiny = ImageLimits {
            max_bytes: 4,
            ..limits
        };
        assert_eq!(
            inspect(b"%PDF-1.4", &tiny).unwrap_err().code,
            ErrorCode::ImageTooLarge
        );
        let e = inspect(b"%PDF-1.4", &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidImageFormat);
        assert_eq!(
            e.message,
            "image must be a JPEG or PNG, found a PDF document"
        );
        let e = inspect(&[0xFF, 0xD8, 0xFF], &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidImageFormat);
        assert!(e.message.contains("truncated"));
    }

    #[test]
    fn base64_is_sized_before_decoding() {
        let limits = ImageLimits {
            max_bytes: 3,
            ..ImageLimits::default()
        };
        // 8 chars decode to 6 bytes: refused as too large even though invalid
        let e = inspect_base64("!!!!!!!!", &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageTooLarge);
        assert_eq!(
            inspect_base64("", &limits).unwrap_err().code,
            ErrorCode::ImageEmpty
        );
        assert_eq!(
            inspect_base64("!!!!", &limits).unwrap_err().code,
            ErrorCode::InvalidBase64
        );
    }
}
