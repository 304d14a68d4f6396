//! [`inspect`](super::inspect) for an image given as base64 text (Verifik's
//! `images`) or held where copying all of it costs (the bytes of a `File` in
//! JS), without reading all of it: the header from the first bytes, the end
//! marker from the last. A valid image is read at most twice where it starts
//! and ends, never copied whole.

use base64_simd::{Out, STANDARD};

use super::complete::{cut_off, data_start, end_marker};
use super::{check_dimensions, check_pixels, check_size_before_reading, dimensions, sniff};
use super::{ImageInfo, ImageLimits};
use crate::error::{Error, ErrorCode};

/// Bytes read first for the header (a JPEG's tables, up to its scan, fit);
/// when the header goes on (EXIF with a thumbnail), four times as much is
/// read, only the new part decoded. A multiple of 3, as are all the steps,
/// so that a step of base64 text starts on a whole group of 4 characters.
const HEAD_BYTES: usize = 1536;
/// Bytes read first from the end looking for the end marker (usually the
/// last two); each step back reads four times more, up to [`TAIL_BYTES`].
const FIRST_TAIL_BYTES: usize = 48;
/// The most bytes read per step from the end backwards.
const TAIL_BYTES: usize = 3 * 1024;

/// What [`inspect`](super::inspect) says about the bytes of `s`, which the
/// caller has already checked is strict standard base64 (no `data:` prefix).
///
/// # Errors
///
/// As [`inspect`](super::inspect): `IMAGE_EMPTY`, `IMAGE_TOO_LARGE` (bytes),
/// `INVALID_IMAGE_FORMAT` (not JPEG/PNG, a corrupt header, cut off),
/// `IMAGE_TOO_LARGE` (pixels), `IMAGE_TOO_SMALL`; `INVALID_BASE64` if `s` is
/// not valid base64 after all.
pub fn inspect_encoded(s: &str, limits: &ImageLimits) -> Result<ImageInfo, Error> {
    let text = s.as_bytes();
    if text.len() % 4 != 0 {
        return Err(not_base64());
    }
    let pad = text
        .iter()
        .rev()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    let byte_length = text.len() / 4 * 3 - pad;
    // Bytes [begin, end) are characters [begin / 3 * 4, end / 3 * 4), or to
    // the end of the text for the last bytes (begin is always a multiple of 3).
    inspect_in_parts(byte_length, limits, |begin, end| {
        let to = if end == byte_length {
            text.len()
        } else {
            end / 3 * 4
        };
        decode(text.get(begin / 3 * 4..to).unwrap_or_default())
    })
}

/// [`inspect`](super::inspect) of an image of `byte_length` bytes that
/// `read(begin, end)` gives a part of at a time (`begin` a multiple of 3).
///
/// # Errors
///
/// As [`inspect`](super::inspect), and whatever `read` returns.
pub fn inspect_in_parts(
    byte_length: usize,
    limits: &ImageLimits,
    mut read: impl FnMut(usize, usize) -> Result<Vec<u8>, Error>,
) -> Result<ImageInfo, Error> {
    let byte_length_u64 = u64::try_from(byte_length).unwrap_or(u64::MAX);
    check_size_before_reading(byte_length_u64, limits)?;

    let mut head = read(0, HEAD_BYTES.min(byte_length))?;
    let (format, dims, start) = loop {
        let whole = head.len() == byte_length;
        let format = sniff(&head);
        if !format.is_accepted() {
            return Err(Error::new(
                ErrorCode::InvalidImageFormat,
                format.rejection_message(),
            ));
        }
        match (dimensions(format, &head), data_start(format, &head)) {
            (Ok(dims), Some(start)) => break (format, dims, start),
            (Err(e), _) if whole => return Err(e),
            (Ok(_), None) if whole => return Err(cut_off(format)),
            // The header goes on past what was read: read more.
            _ => {
                let more = head.len().saturating_mul(4).min(byte_length);
                let next = read(head.len(), more)?;
                if next.is_empty() {
                    return Err(cut_off(format));
                }
                head.extend_from_slice(&next);
            }
        }
    };
    let marker = end_marker(format);
    // A small image was read whole for its header: look for the marker
    // there rather than decode its end again.
    let whole = if head.len() == byte_length {
        head.get(start..)
            .is_some_and(|data| data.windows(marker.len()).rev().any(|w| w == marker))
    } else {
        ends_with_marker(byte_length, start, marker, &mut read)?
    };
    if !whole {
        return Err(cut_off(format));
    }
    check_pixels(dims.width, dims.height, limits)?;
    let (shown_width, shown_height) = dims.display_size();
    check_dimensions(shown_width, shown_height, limits)?;
    Ok(ImageInfo {
        format,
        mime_type: format.mime_type(),
        byte_length: byte_length_u64,
        width: dims.width,
        height: dims.height,
        orientation: dims.orientation,
    })
}

/// Whether `marker` occurs at or after byte `start`, reading steps from the
/// end backwards (a whole image usually answers in the first step).
fn ends_with_marker(
    byte_length: usize,
    start: usize,
    marker: &[u8],
    read: &mut impl FnMut(usize, usize) -> Result<Vec<u8>, Error>,
) -> Result<bool, Error> {
    // The first bytes of the step before, kept so that a marker split across
    // two steps is seen.
    let mut carry: Vec<u8> = Vec::new();
    let floor = start / 3 * 3;
    let mut end = byte_length;
    let mut step = FIRST_TAIL_BYTES;
    while end > floor {
        let begin = (end.saturating_sub(step) / 3 * 3).max(floor);
        step = step.saturating_mul(4).min(TAIL_BYTES);
        let mut bytes = read(begin, end)?;
        bytes.extend_from_slice(&carry);
        let found = bytes
            .windows(marker.len())
            .rposition(|w| w == marker)
            .is_some_and(|i| begin + i >= start);
        if found {
            return Ok(true);
        }
        bytes.truncate(marker.len().saturating_sub(1));
        carry = bytes;
        end = begin;
    }
    Ok(false)
}

/// Decode 4-aligned base64 (a prefix, a middle part, or the padded end).
fn decode(chunk: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; chunk.len() / 4 * 3];
    let n = STANDARD
        .decode(chunk, Out::from_slice(&mut out))
        .map_err(|_| not_base64())?
        .len();
    out.truncate(n);
    Ok(out)
}

fn not_base64() -> Error {
    Error::new(ErrorCode::InvalidBase64, "image is not valid base64")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::complete::{JPEG_STAND_IN, PNG_STAND_IN};
    use crate::image::{decode_base64, encode_base64, inspect};

    /// The stand-in JPEG with `n` bytes of scan data (no `FF`) before its EOI.
    fn jpeg_with_data(n: usize, eoi: bool) -> Vec<u8> {
        let mut v = decode_base64(JPEG_STAND_IN).unwrap();
        v.truncate(v.len() - 2);
        v.extend((0..n).map(|i| (i % 251) as u8));
        if eoi {
            v.extend([0xFF, 0xD9]);
        }
        v
    }

    /// `inspect_in_parts` over plain bytes (how the browser reads a File's).
    fn in_parts(bytes: &[u8], limits: &ImageLimits) -> Result<ImageInfo, Error> {
        inspect_in_parts(bytes.len(), limits, |b, e| Ok(bytes[b..e].to_vec()))
    }

    /// Both readers of parts (base64 text, plain bytes) say what `inspect`
    /// of the whole says. An empty image is not base64-encoded (`""` is
    /// checked in `sizes_and_pixels`).
    fn agree(bytes: &[u8], what: &str) {
        let limits = ImageLimits::default();
        let whole = inspect(bytes, &limits);
        assert_eq!(in_parts(bytes, &limits), whole, "in parts: {what}");
        if !bytes.is_empty() {
            let b64 = encode_base64(bytes);
            assert_eq!(inspect_encoded(&b64, &limits), whole, "encoded: {what}");
        }
    }

    #[test]
    fn agrees_with_inspect_on_whole_and_cut_images() {
        for n in [
            0,
            1,
            2,
            3,
            100,
            3 * 1024 - 1,
            3 * 1024,
            3 * 1024 + 1,
            20_000,
            60_000,
        ] {
            for eoi in [true, false] {
                agree(&jpeg_with_data(n, eoi), &format!("{n} {eoi}"));
            }
        }
        let png = decode_base64(PNG_STAND_IN).unwrap();
        for cut in 0..=png.len() {
            agree(&png[..cut], &format!("png cut at {cut}"));
        }
        for (name, fixture) in [
            (
                "orientation-6",
                &include_bytes!("../../tests/fixtures/images/orientation-6.jpg")[..],
            ),
            (
                "trailing-video",
                include_bytes!("../../tests/fixtures/images/trailing-video.jpg"),
            ),
            (
                "cut-in-data.jpg",
                include_bytes!("../../tests/fixtures/images/cut-in-data.jpg"),
            ),
            (
                "cut-in-data.png",
                include_bytes!("../../tests/fixtures/images/cut-in-data.png"),
            ),
            (
                "truncated-before-sof",
                include_bytes!("../../tests/fixtures/images/truncated-before-sof.jpg"),
            ),
            (
                "iphone-header",
                include_bytes!("../../tests/fixtures/images/iphone-header.heic"),
            ),
            (
                "progressive",
                include_bytes!("../../tests/fixtures/images/progressive-200x150.jpg"),
            ),
        ] {
            agree(fixture, name);
        }
    }

    #[test]
    fn a_marker_split_across_two_steps_is_found() {
        let limits = ImageLimits::default();
        for extra in 0..8 {
            // The EOI's FF ends one decoding step, its D9 starts the next.
            let mut bytes = jpeg_with_data(10_000, true);
            bytes.extend(std::iter::repeat_n(7u8, 3 * 1024 - 1 + extra));
            let b64 = encode_base64(&bytes);
            assert!(inspect_encoded(&b64, &limits).is_ok(), "{extra}");
        }
    }

    #[test]
    fn a_long_header_is_decoded_in_steps() {
        // An APP segment of 60 000 bytes before the frame header.
        let mut bytes = vec![0xFF, 0xD8];
        for _ in 0..4 {
            bytes.extend([0xFF, 0xE2, 0x3A, 0x98]);
            bytes.extend(std::iter::repeat_n(0u8, 14_998));
        }
        let stand_in = decode_base64(JPEG_STAND_IN).unwrap();
        bytes.extend(&stand_in[2..]);
        let info = inspect_encoded(&encode_base64(&bytes), &ImageLimits::default()).unwrap();
        assert_eq!((info.width, info.height), (1, 1));
    }

    #[test]
    fn sizes_and_pixels() {
        let limits = ImageLimits {
            max_bytes: 20,
            ..ImageLimits::default()
        };
        let e = inspect_encoded(PNG_STAND_IN, &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageTooLarge);
        let limits = ImageLimits {
            min_width: Some(2),
            ..ImageLimits::default()
        };
        let e = inspect_encoded(PNG_STAND_IN, &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageTooSmall);
        assert_eq!(
            inspect_encoded("", &ImageLimits::default())
                .unwrap_err()
                .code,
            ErrorCode::ImageEmpty
        );
        assert_eq!(
            inspect_encoded("abc", &ImageLimits::default())
                .unwrap_err()
                .code,
            ErrorCode::InvalidBase64
        );
    }
}
