//! Whether an image is whole: an upload or download that was interrupted
//! leaves a file whose header is fine but whose picture stops part-way.
//!
//! The rule: a JPEG needs an end-of-image marker (`FF D9`) somewhere after
//! its image data starts (the first SOS); a PNG needs its `IEND` chunk
//! somewhere after its `IHDR`. "Somewhere", not "at the very end": cameras
//! and phones append data after the end marker (trailing zeros, the video of
//! a motion photo), and those files are whole. Inside JPEG image data `FF`
//! is always followed by `00` or a restart marker, so an `FF D9` there is the
//! end; an EXIF thumbnail's own `FF D9` lies before the SOS and does not count.

use super::sniff::ImageFormat;
use crate::error::{Error, ErrorCode};

/// The smallest structurally whole JPEG (SOI, a 1x1 frame header, a scan
/// header, EOI) as base64: a stand-in for image bytes checked elsewhere, for
/// a validator that must see a string. Not meant to be decoded.
pub const JPEG_STAND_IN: &str = "/9j/wAALCAABAAEBAREA/9oACAEBAAA/AP/Z";

/// A whole 1x1 PNG as base64 (see [`JPEG_STAND_IN`]).
pub const PNG_STAND_IN: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/// The end of a PNG: the `IEND` chunk type and its CRC, always these bytes.
const PNG_END: &[u8] = b"IEND\xAE\x42\x60\x82";
/// A JPEG's end-of-image marker.
const JPEG_END: &[u8] = &[0xFF, 0xD9];
/// A PNG's signature and `IHDR` chunk: the image data comes after.
const PNG_HEADER_LEN: usize = 33;

/// The bytes that end an image of `format` (none for other formats).
#[must_use]
pub fn end_marker(format: ImageFormat) -> &'static [u8] {
    match format {
        ImageFormat::Jpeg => JPEG_END,
        ImageFormat::Png => PNG_END,
        _ => &[],
    }
}

/// Where the image data of `head` (the first bytes of an image) starts: a
/// JPEG's first SOS marker, found by walking the segments by their lengths;
/// the end of a PNG's `IHDR`. `None` when `head` ends first (or a JPEG has no
/// SOS before its EOI).
#[must_use]
pub fn data_start(format: ImageFormat, head: &[u8]) -> Option<usize> {
    match format {
        ImageFormat::Jpeg => jpeg_scan_start(head),
        ImageFormat::Png => (head.len() >= PNG_HEADER_LEN).then_some(PNG_HEADER_LEN),
        _ => None,
    }
}

/// The segment walk of `dimensions` (extraneous bytes and fill bytes
/// skipped as libjpeg does), carried on to the first SOS.
fn jpeg_scan_start(bytes: &[u8]) -> Option<usize> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return None;
    }
    let mut pos = 2usize;
    loop {
        let rest = bytes.get(pos..)?;
        let prefix = rest.iter().position(|&b| b == 0xFF)?;
        let fill = rest
            .get(prefix..)?
            .iter()
            .take_while(|&&b| b == 0xFF)
            .count();
        let marker_at = pos + prefix + fill;
        let marker = *bytes.get(marker_at)?;
        pos = marker_at + 1;
        match marker {
            0x00 | 0x01 | 0xD0..=0xD8 => continue,
            0xDA => return Some(marker_at - 1),
            0xD9 => return None,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(pos)?, *bytes.get(pos + 1)?]));
        if len < 2 {
            return None;
        }
        pos = pos.checked_add(len)?;
    }
}

/// The error for an image that stops before its end marker.
#[must_use]
pub fn cut_off(format: ImageFormat) -> Error {
    let message = match format {
        ImageFormat::Png => {
            "image is cut off: the png ends before its last chunk (IEND); was the upload interrupted?"
        }
        _ => "image is cut off: the jpeg ends before its end-of-image marker; was the upload interrupted?",
    };
    Error::new(ErrorCode::InvalidImageFormat, message)
}

/// Check that a JPEG or PNG whose header was read is whole (see the module).
///
/// # Errors
///
/// `INVALID_IMAGE_FORMAT` ([`cut_off`]) when no end marker follows the
/// start of the image data.
pub fn check_complete(format: ImageFormat, bytes: &[u8]) -> Result<(), Error> {
    let marker = end_marker(format);
    if marker.is_empty() {
        return Ok(());
    }
    let found = data_start(format, bytes)
        .and_then(|start| bytes.get(start..))
        .is_some_and(|data| data.windows(marker.len()).rev().any(|w| w == marker));
    if found {
        Ok(())
    } else {
        Err(cut_off(format))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(thumbnail_eoi: bool, tail: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        // an APP1 whose body holds an FF D9, as an EXIF thumbnail does
        let app: &[u8] = if thumbnail_eoi {
            &[0xFF, 0xD8, 0xFF, 0xD9]
        } else {
            &[1, 2, 3, 4]
        };
        v.extend([0xFF, 0xE1, 0, 6]);
        v.extend(app);
        v.extend([0xFF, 0xC0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        v.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0]);
        v.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        v.extend(tail);
        v
    }

    #[test]
    fn a_jpeg_needs_an_eoi_after_its_scan_starts() {
        assert!(check_complete(ImageFormat::Jpeg, &jpeg(false, &[0xFF, 0xD9])).is_ok());
        // trailing zeros, and a motion photo's video after the EOI
        assert!(check_complete(ImageFormat::Jpeg, &jpeg(false, &[0xFF, 0xD9, 0, 0, 0])).is_ok());
        let mut motion = vec![0xFF, 0xD9];
        motion.extend(b"\0\0\0\x18ftypmp42");
        motion.extend([7u8; 300]);
        assert!(check_complete(ImageFormat::Jpeg, &jpeg(true, &motion)).is_ok());

        let e = check_complete(ImageFormat::Jpeg, &jpeg(false, &[])).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidImageFormat);
        assert!(e.message.starts_with("image is cut off"), "{}", e.message);
        // the thumbnail's EOI is before the scan: still cut off
        assert!(check_complete(ImageFormat::Jpeg, &jpeg(true, &[])).is_err());
        // cut inside the header: no scan at all
        let whole = jpeg(false, &[0xFF, 0xD9]);
        for cut in 0..whole.len() - 1 {
            assert!(
                check_complete(ImageFormat::Jpeg, &whole[..cut]).is_err(),
                "{cut}"
            );
        }
    }

    #[test]
    fn a_png_needs_its_iend() {
        let png = crate::image::decode_base64(PNG_STAND_IN).unwrap();
        assert!(check_complete(ImageFormat::Png, &png).is_ok());
        let mut padded = png.clone();
        padded.extend([0; 16]);
        assert!(check_complete(ImageFormat::Png, &padded).is_ok());
        for cut in 0..png.len() {
            let e = check_complete(ImageFormat::Png, &png[..cut]).unwrap_err();
            assert!(e.message.contains("(IEND)"), "{}", e.message);
        }
    }

    #[test]
    fn stand_ins_are_whole() {
        let jpeg = crate::image::decode_base64(JPEG_STAND_IN).unwrap();
        assert!(check_complete(ImageFormat::Jpeg, &jpeg).is_ok());
        assert!(crate::image::inspect(&jpeg, &crate::image::ImageLimits::default()).is_ok());
        let png = crate::image::decode_base64(PNG_STAND_IN).unwrap();
        assert!(crate::image::inspect(&png, &crate::image::ImageLimits::default()).is_ok());
    }

    #[test]
    fn other_formats_have_no_rule_here() {
        assert!(check_complete(ImageFormat::Gif, b"GIF89a").is_ok());
        assert_eq!(data_start(ImageFormat::Gif, b"GIF89a"), None);
    }
}
