//! Width and height from the headers, without decoding a pixel: the JPEG frame
//! header (SOF) or the PNG `IHDR` chunk. Also the EXIF orientation of a JPEG,
//! read from its `APP1` segment on the way to the SOF.
//!
//! Every read is bounds-checked: truncated or corrupt headers are
//! `INVALID_IMAGE_FORMAT` with a message saying what is wrong and where.

use super::sniff::ImageFormat;
use crate::error::{Error, ErrorCode};

/// What the header says about an image's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dimensions {
    /// Width of the stored pixels.
    pub width: u32,
    /// Height of the stored pixels.
    pub height: u32,
    /// EXIF orientation (1–8) when a JPEG carries one; `None` otherwise.
    pub orientation: Option<u8>,
}

impl Dimensions {
    /// Width and height as displayed: swapped for EXIF orientations 5–8 (the
    /// ones that turn the picture by 90°), as browsers show it.
    #[must_use]
    pub fn display_size(&self) -> (u32, u32) {
        if matches!(self.orientation, Some(5..=8)) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Read the dimensions of a JPEG or PNG from its header.
///
/// # Errors
///
/// `INVALID_IMAGE_FORMAT` when `format` is neither JPEG nor PNG, or when the
/// header is truncated or corrupt.
pub fn dimensions(format: ImageFormat, bytes: &[u8]) -> Result<Dimensions, Error> {
    match format {
        ImageFormat::Jpeg => jpeg_dimensions(bytes),
        ImageFormat::Png => png_dimensions(bytes),
        other => Err(invalid(other.rejection_message())),
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidImageFormat, message)
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let pair = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes(pair.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let quad = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(quad.try_into().ok()?))
}

// ---------------------------------------------------------------- JPEG ----

const TRUNCATED_JPEG: &str = "image is truncated: the jpeg ends before its frame header (SOF)";

/// SOF0–SOF15, except DHT (`C4`), JPG (`C8`) and DAC (`CC`) which share the range.
fn is_sof(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Walk the segments from SOI to the first SOF, skipping each by its length.
///
/// Bytes between segments that are not a marker are skipped the way libjpeg
/// does ("extraneous bytes before marker"), so files that browsers open are
/// not refused here; fill bytes (`FF FF …`) before a marker are allowed.
fn jpeg_dimensions(bytes: &[u8]) -> Result<Dimensions, Error> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return Err(invalid(
            "image is corrupt: the jpeg does not start with a start-of-image marker",
        ));
    }
    let mut pos = 2usize;
    let mut orientation = None;
    loop {
        let rest = bytes.get(pos..).unwrap_or_default();
        let prefix = rest
            .iter()
            .position(|&b| b == 0xFF)
            .ok_or_else(|| invalid(TRUNCATED_JPEG))?;
        // Skip the 0xFF and any fill bytes; the marker is the first other byte.
        let after = rest.get(prefix..).unwrap_or_default();
        let fill = after.iter().take_while(|&&b| b == 0xFF).count();
        let marker_at = pos + prefix + fill;
        let marker = *bytes
            .get(marker_at)
            .ok_or_else(|| invalid(TRUNCATED_JPEG))?;
        pos = marker_at + 1;
        match marker {
            // A stuffed zero, TEM, RSTn or a repeated SOI carry no length.
            0x00 | 0x01 | 0xD0..=0xD8 => continue,
            0xD9 => {
                return Err(invalid(
                    "image is corrupt: the jpeg ends (EOI) before its frame header (SOF)",
                ))
            }
            0xDA => return Err(invalid(
                "image is corrupt: the jpeg image data (SOS) starts before its frame header (SOF)",
            )),
            _ => {}
        }
        let len = usize::from(be16(bytes, pos).ok_or_else(|| invalid(TRUNCATED_JPEG))?);
        if len < 2 {
            return Err(invalid(format!(
                "image is corrupt: the jpeg segment at byte {marker_at} has an invalid length"
            )));
        }
        let body = bytes
            .get(pos + 2..pos + len)
            .ok_or_else(|| invalid(TRUNCATED_JPEG))?;
        if is_sof(marker) {
            return sof(body, orientation);
        }
        if marker == 0xE1 && orientation.is_none() {
            if let Some(tiff) = body.strip_prefix(b"Exif\0\0") {
                orientation = exif_orientation(tiff);
            }
        }
        pos += len;
    }
}

/// The SOF body: precision, height, width, component count, 3 bytes per component.
fn sof(body: &[u8], orientation: Option<u8>) -> Result<Dimensions, Error> {
    let (height, width, components) = match (be16(body, 1), be16(body, 3), body.get(5)) {
        (Some(h), Some(w), Some(&n)) => (h, w, usize::from(n)),
        _ => {
            return Err(invalid(
                "image is corrupt: the jpeg frame header (SOF) is too short",
            ))
        }
    };
    if components == 0 || body.len() != 6 + 3 * components {
        return Err(invalid(
            "image is corrupt: the jpeg frame header (SOF) has an inconsistent length",
        ));
    }
    if width == 0 || height == 0 {
        // Height 0 means "given later by a DNL marker": legal, but nobody sends it.
        return Err(invalid(format!(
            "image is corrupt or unsupported: the jpeg frame header says {width}x{height} pixels"
        )));
    }
    Ok(Dimensions {
        width: u32::from(width),
        height: u32::from(height),
        orientation,
    })
}

/// The Orientation tag (`0x0112`, a SHORT) of IFD0 in an EXIF TIFF block.
/// Anything malformed yields `None`: orientation is a hint, never an error.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let little = match tiff.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let pair: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        })
    };
    let quad: [u8; 4] = tiff.get(4..8)?.try_into().ok()?;
    let ifd = usize::try_from(if little {
        u32::from_le_bytes(quad)
    } else {
        u32::from_be_bytes(quad)
    })
    .ok()?;
    let count = usize::from(u16_at(ifd)?);
    for i in 0..count {
        let entry = ifd.checked_add(2)?.checked_add(i.checked_mul(12)?)?;
        if u16_at(entry)? == 0x0112 {
            // Type 3 (SHORT), count 1: the value sits in the first 2 bytes.
            if u16_at(entry + 2)? != 3 {
                return None;
            }
            let value = u16_at(entry + 8)?;
            return u8::try_from(value).ok().filter(|v| (1..=8).contains(v));
        }
    }
    None
}

// ----------------------------------------------------------------- PNG ----

/// Signature (8), IHDR length and type (8), IHDR data (13), CRC (4).
const PNG_HEADER_LEN: usize = 33;

fn png_dimensions(bytes: &[u8]) -> Result<Dimensions, Error> {
    let header = bytes
        .get(..PNG_HEADER_LEN)
        .ok_or_else(|| invalid("image is truncated: the png ends inside its IHDR header"))?;
    if be32(header, 8) != Some(13) || header.get(12..16) != Some(&b"IHDR"[..]) {
        return Err(invalid(
            "image is corrupt: the png does not start with an IHDR chunk",
        ));
    }
    let chunk = header.get(12..29).unwrap_or_default();
    if be32(header, 29) != Some(crc32(chunk)) {
        return Err(invalid(
            "image is corrupt: the png IHDR checksum does not match",
        ));
    }
    let (width, height) = (
        be32(header, 16).unwrap_or_default(),
        be32(header, 20).unwrap_or_default(),
    );
    if width == 0 || height == 0 || width > 0x7FFF_FFFF || height > 0x7FFF_FFFF {
        return Err(invalid(format!(
            "image is corrupt: the png IHDR says {width}x{height} pixels"
        )));
    }
    Ok(Dimensions {
        width,
        height,
        orientation: None,
    })
}

/// CRC-32 (ISO-HDLC, as PNG uses), bitwise: it only ever sees 17 bytes.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, then the given segments, then a baseline SOF for `w`x`h`, 3 components.
    fn jpeg_with(prefix: &[u8], w: u16, h: u16) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend_from_slice(prefix);
        v.extend_from_slice(&[0xFF, 0xC0, 0x00, 17, 8]);
        v.extend_from_slice(&h.to_be_bytes());
        v.extend_from_slice(&w.to_be_bytes());
        v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        v.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0xFF, 0xD9]);
        v
    }

    fn exif_app1(big_endian: bool, orientation: u16) -> Vec<u8> {
        let mut tiff: Vec<u8> = if big_endian {
            b"MM\0*\0\0\0\x08".to_vec()
        } else {
            b"II*\0\x08\0\0\0".to_vec()
        };
        let (n, tag, typ, cnt): (u16, u16, u16, u32) = (2, 0x0112, 3, 1);
        let put16 = |v: &mut Vec<u8>, x: u16| {
            v.extend(if big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            });
        };
        put16(&mut tiff, n);
        // an unrelated tag first (ImageWidth), then Orientation
        put16(&mut tiff, 0x0100);
        put16(&mut tiff, 3);
        tiff.extend(if big_endian {
            cnt.to_be_bytes()
        } else {
            cnt.to_le_bytes()
        });
        tiff.extend([0, 0, 0, 0]);
        put16(&mut tiff, tag);
        put16(&mut tiff, typ);
        tiff.extend(if big_endian {
            cnt.to_be_bytes()
        } else {
            cnt.to_le_bytes()
        });
        put16(&mut tiff, orientation);
        tiff.extend([0, 0]);
        tiff.extend([0, 0, 0, 0]);
        let mut seg = vec![0xFF, 0xE1];
        let len = u16::try_from(2 + 6 + tiff.len()).unwrap();
        seg.extend(len.to_be_bytes());
        seg.extend(b"Exif\0\0");
        seg.extend(tiff);
        seg
    }

    #[test]
    fn reads_baseline_sof() {
        let d = jpeg_dimensions(&jpeg_with(&[], 640, 480)).unwrap();
        assert_eq!((d.width, d.height, d.orientation), (640, 480, None));
    }

    #[test]
    fn skips_app_segments_fill_bytes_and_tables() {
        let mut prefix = vec![0xFF, 0xE0, 0, 16];
        prefix.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        // a DHT-marked segment (C4) is a table, not a frame
        prefix.extend([0xFF, 0xC4, 0, 4, 0xC0, 0xC0]);
        // fill bytes before the next marker, and a segment full of 0xFF/SOF-looking data
        prefix.extend([0xFF, 0xFF, 0xFF, 0xFE, 0, 6, 0xFF, 0xC0, 0xFF, 0xC2]);
        let d = jpeg_dimensions(&jpeg_with(&prefix, 3, 5)).unwrap();
        assert_eq!((d.width, d.height), (3, 5));
    }

    #[test]
    fn every_sof_kind_but_dht_jpg_dac() {
        for marker in 0xC0..=0xCFu8 {
            let mut v = jpeg_with(&[], 7, 9);
            v[3] = marker;
            let r = jpeg_dimensions(&v);
            if matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                // skipped as a table; then SOS comes first
                assert!(r.unwrap_err().message.contains("(SOS)"), "{marker:x}");
            } else {
                assert_eq!(r.unwrap().width, 7, "{marker:x}");
            }
        }
    }

    #[test]
    fn tolerates_extraneous_bytes_like_libjpeg() {
        let d = jpeg_with(&[0x00, 0x12, 0x34], 10, 20);
        assert_eq!(jpeg_dimensions(&d).unwrap().height, 20);
    }

    #[test]
    fn reads_exif_orientation_both_byte_orders() {
        for big in [false, true] {
            for o in 1..=8u16 {
                let d = jpeg_dimensions(&jpeg_with(&exif_app1(big, o), 64, 48)).unwrap();
                assert_eq!(d.orientation, Some(u8::try_from(o).unwrap()));
            }
            let d = jpeg_dimensions(&jpeg_with(&exif_app1(big, 9), 64, 48)).unwrap();
            assert_eq!(d.orientation, None);
        }
        let d = jpeg_dimensions(&jpeg_with(&exif_app1(false, 6), 64, 48)).unwrap();
        assert_eq!(d.display_size(), (48, 64));
        let d = jpeg_dimensions(&jpeg_with(&exif_app1(false, 3), 64, 48)).unwrap();
        assert_eq!(d.display_size(), (64, 48));
    }

    #[test]
    fn truncation_anywhere_before_the_sof_end_is_an_error() {
        let full = jpeg_with(&exif_app1(true, 6), 64, 48);
        let sof_end = full.len() - 6;
        for cut in 0..sof_end {
            let e = jpeg_dimensions(&full[..cut]).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidImageFormat, "cut at {cut}");
        }
        assert!(jpeg_dimensions(&full[..sof_end]).is_ok());
    }

    #[test]
    fn corrupt_jpegs_say_why() {
        let e = jpeg_dimensions(&[0xFF, 0xD8, 0xFF, 0xD9]).unwrap_err();
        assert!(e.message.contains("(EOI)"));
        let e = jpeg_dimensions(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 1, 0, 0]).unwrap_err();
        assert!(e.message.contains("invalid length"));
        let e = jpeg_dimensions(&jpeg_with(&[], 0, 10)).unwrap_err();
        assert!(e.message.contains("0x10"));
        let mut v = jpeg_with(&[], 10, 10);
        v[5] = 16; // SOF length no longer matches 3 components
        assert!(jpeg_dimensions(&v).is_err());
        assert!(jpeg_dimensions(b"\xFF\xD9").is_err());
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        v.extend(w.to_be_bytes());
        v.extend(h.to_be_bytes());
        v.extend([8, 2, 0, 0, 0]);
        let crc = crc32(&v[12..29]);
        v.extend(crc.to_be_bytes());
        v
    }

    #[test]
    fn reads_png_ihdr() {
        let d = png_dimensions(&png(300, 200)).unwrap();
        assert_eq!((d.width, d.height, d.orientation), (300, 200, None));
        for cut in 0..PNG_HEADER_LEN {
            assert!(png_dimensions(&png(300, 200)[..cut]).is_err());
        }
        let mut bad = png(300, 200);
        bad[17] ^= 1;
        assert!(png_dimensions(&bad)
            .unwrap_err()
            .message
            .contains("checksum"));
        assert!(png_dimensions(&png(0, 1)).is_err());
        assert!(png_dimensions(&png(1 << 31, 1)).is_err());
    }

    #[test]
    fn crc32_matches_the_reference() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn other_formats_are_rejected() {
        let e = dimensions(ImageFormat::Heic, b"").unwrap_err();
        assert!(e.message.contains("converted to JPEG"));
    }
}
