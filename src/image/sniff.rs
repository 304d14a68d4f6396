//! Format sniffing from the magic bytes (never the name or MIME type).
//!
//! Only JPEG and PNG are accepted by Verifik; everything else is named so the
//! user knows what they picked.

/// How many leading bytes [`sniff`] needs to tell every known format apart.
pub const SNIFF_LEN: usize = 12;

/// A format recognised from its magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WebP (`RIFF....WEBP`).
    WebP,
    /// GIF (`GIF87a` / `GIF89a`).
    Gif,
    /// BMP (`BM`).
    Bmp,
    /// HEIC/HEIF (an ISO-BMFF `ftyp` box with a HEIF brand): iPhone photos.
    Heic,
    /// AVIF (an ISO-BMFF `ftyp` box with an AVIF brand).
    Avif,
    /// TIFF (`II*\0` / `MM\0*`).
    Tiff,
    /// PDF (`%PDF-`).
    Pdf,
    /// Nothing we recognise.
    Unknown,
}

impl ImageFormat {
    /// Whether Verifik accepts this format.
    #[must_use]
    pub fn is_accepted(self) -> bool {
        matches!(self, Self::Jpeg | Self::Png)
    }

    /// The MIME type for accepted and known formats.
    #[must_use]
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::WebP => "image/webp",
            Self::Gif => "image/gif",
            Self::Bmp => "image/bmp",
            Self::Heic => "image/heic",
            Self::Avif => "image/avif",
            Self::Tiff => "image/tiff",
            Self::Pdf => "application/pdf",
            Self::Unknown => "application/octet-stream",
        }
    }

    /// A human name for messages ("a WebP image", "a PDF document").
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Jpeg => "a JPEG image",
            Self::Png => "a PNG image",
            Self::WebP => "a WebP image",
            Self::Gif => "a GIF image",
            Self::Bmp => "a BMP image",
            Self::Heic => "a HEIC/HEIF image",
            Self::Avif => "an AVIF image",
            Self::Tiff => "a TIFF image",
            Self::Pdf => "a PDF document",
            Self::Unknown => "data that is not a known image format",
        }
    }

    /// The message for a rejected format, with advice where there is some.
    #[must_use]
    pub fn rejection_message(self) -> String {
        let advice = match self {
            Self::Heic => " (iPhone photos must be converted to JPEG first)",
            _ => "",
        };
        format!(
            "image must be a JPEG or PNG, found {}{advice}",
            self.describe()
        )
    }
}

/// Recognise a format from the first bytes (at least [`SNIFF_LEN`] for full
/// accuracy; fewer bytes give `Unknown` unless a short signature matches).
#[must_use]
pub fn sniff(bytes: &[u8]) -> ImageFormat {
    const HEIF_BRANDS: [&[u8; 4]; 8] = [
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
    ];
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat::Jpeg,
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageFormat::Png,
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => ImageFormat::WebP,
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => ImageFormat::Gif,
        [b'%', b'P', b'D', b'F', b'-', ..] => ImageFormat::Pdf,
        [b'I', b'I', b'*', 0, ..] | [b'M', b'M', 0, b'*', ..] => ImageFormat::Tiff,
        [_, _, _, _, b'f', b't', b'y', b'p', b0, b1, b2, b3, ..] => {
            let brand = [*b0, *b1, *b2, *b3];
            if &brand == b"avif" || &brand == b"avis" {
                ImageFormat::Avif
            } else if HEIF_BRANDS.iter().any(|b| **b == brand) {
                ImageFormat::Heic
            } else {
                ImageFormat::Unknown
            }
        }
        [b'B', b'M', ..] => ImageFormat::Bmp,
        _ => ImageFormat::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_magic_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), ImageFormat::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0d"), ImageFormat::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), ImageFormat::WebP);
        assert_eq!(sniff(b"GIF89a"), ImageFormat::Gif);
        assert_eq!(sniff(b"%PDF-1.7"), ImageFormat::Pdf);
        assert_eq!(sniff(b"\0\0\0\x18ftypheic"), ImageFormat::Heic);
        assert_eq!(sniff(b"\0\0\0\x18ftypmif1"), ImageFormat::Heic);
        assert_eq!(sniff(b"\0\0\0\x18ftypavif"), ImageFormat::Avif);
        assert_eq!(sniff(b"BM\0\0"), ImageFormat::Bmp);
        assert_eq!(sniff(b""), ImageFormat::Unknown);
        assert_eq!(sniff(b"hello world!"), ImageFormat::Unknown);
    }

    #[test]
    fn heic_message_gives_advice() {
        assert!(ImageFormat::Heic
            .rejection_message()
            .contains("converted to JPEG"));
    }
}
