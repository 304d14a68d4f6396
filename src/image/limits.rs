//! Size limits: byte length (checked before reading a Blob), pixel count
//! (a header may claim 65500x65500 in a few bytes) and minimum pixel
//! dimensions. Sizes in messages are in binary units (KiB, MiB), the same
//! units as the 10 MiB default, so the two numbers always compare.

use crate::error::{Error, ErrorCode};

/// The default `max_bytes`: 10 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The default `max_pixels`: 50 megapixels, above any phone camera's photo
/// (a 200 MP sensor saves 50 MP by default) and far below what a decoder
/// would need gigabytes for.
pub const DEFAULT_MAX_PIXELS: u64 = 50_000_000;

/// What an image must satisfy besides being a JPEG or PNG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageLimits {
    /// Largest accepted byte length (default [`DEFAULT_MAX_BYTES`], 10 MiB).
    pub max_bytes: u64,
    /// Largest accepted width × height, as the header states it (default
    /// [`DEFAULT_MAX_PIXELS`], 50 megapixels).
    pub max_pixels: u64,
    /// Smallest accepted width in pixels, as displayed (after EXIF orientation).
    pub min_width: Option<u32>,
    /// Smallest accepted height in pixels, as displayed (after EXIF orientation).
    pub min_height: Option<u32>,
}

impl Default for ImageLimits {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
            max_pixels: DEFAULT_MAX_PIXELS,
            min_width: None,
            min_height: None,
        }
    }
}

/// Reject an image from its byte length alone, before reading it: a 100 MiB
/// `Blob` is refused from its `size` without being copied into memory.
///
/// # Errors
///
/// `IMAGE_EMPTY` when `size` is 0; `IMAGE_TOO_LARGE` when `size` is above
/// `limits.max_bytes` (the message states both in KiB/MiB).
pub fn check_size_before_reading(size: u64, limits: &ImageLimits) -> Result<(), Error> {
    if size == 0 {
        return Err(Error::new(
            ErrorCode::ImageEmpty,
            "image is empty (0 bytes)",
        ));
    }
    if size > limits.max_bytes {
        return Err(Error::new(
            ErrorCode::ImageTooLarge,
            too_large_message(size, limits.max_bytes),
        ));
    }
    Ok(())
}

/// Refuse a header that claims more than `limits.max_pixels` pixels: such a
/// picture is not a face photo, and decoding it would need gigabytes.
///
/// # Errors
///
/// `IMAGE_TOO_LARGE` naming the size and the limit in megapixels.
pub fn check_pixels(width: u32, height: u32, limits: &ImageLimits) -> Result<(), Error> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels <= limits.max_pixels {
        return Ok(());
    }
    let (shown, limit) = (megapixels(pixels), megapixels(limits.max_pixels));
    let message = if shown == limit {
        // Just over the limit would read "50 megapixels, the limit is 50": show pixels.
        format!(
            "image is {width}x{height} pixels ({pixels} pixels), the limit is {} pixels",
            limits.max_pixels
        )
    } else {
        format!("image is {width}x{height} pixels ({shown} megapixels), the limit is {limit} megapixels")
    };
    Err(Error::new(ErrorCode::ImageTooLarge, message))
}

/// Megapixels with one decimal (rounded down), `.0` dropped.
fn megapixels(n: u64) -> String {
    let tenths = n / 100_000;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Check displayed dimensions against `min_width`/`min_height`.
///
/// # Errors
///
/// `IMAGE_TOO_SMALL` naming the actual size and the minimum that failed.
pub fn check_dimensions(width: u32, height: u32, limits: &ImageLimits) -> Result<(), Error> {
    let narrow = limits.min_width.filter(|&min| width < min);
    let short = limits.min_height.filter(|&min| height < min);
    let need = match (narrow, short) {
        (None, None) => return Ok(()),
        (Some(w), None) => format!("{w} pixels wide"),
        (None, Some(h)) => format!("{h} pixels high"),
        (Some(w), Some(h)) => format!("{w}x{h} pixels"),
    };
    Err(Error::new(
        ErrorCode::ImageTooSmall,
        format!("image is {width}x{height} pixels, it must be at least {need}"),
    ))
}

fn too_large_message(size: u64, limit: u64) -> String {
    let unit = Unit::for_size(size.max(limit));
    let (shown_size, shown_limit) = (unit.format(size), unit.format(limit));
    if shown_size == shown_limit {
        // 10 MiB + 1 byte would read "10 MiB, the limit is 10 MiB": show the bytes.
        format!("image is {size} bytes, the limit is {limit} bytes ({shown_limit})")
    } else {
        format!("image is {shown_size}, the limit is {shown_limit}")
    }
}

/// A size in binary units with one decimal, `.0` dropped ("12.3 MiB", "10 MiB").
#[must_use]
pub fn format_bytes(n: u64) -> String {
    Unit::for_size(n).format(n)
}

#[derive(Clone, Copy)]
enum Unit {
    Bytes,
    KiB,
    MiB,
    GiB,
}

impl Unit {
    fn for_size(n: u64) -> Self {
        match n {
            0..1024 => Self::Bytes,
            1024..0x10_0000 => Self::KiB,
            0x10_0000..0x4000_0000 => Self::MiB,
            _ => Self::GiB,
        }
    }

    fn format(self, n: u64) -> String {
        let (scale, name): (u128, &str) = match self {
            Self::Bytes => return format!("{n} bytes"),
            Self::KiB => (1 << 10, "KiB"),
            Self::MiB => (1 << 20, "MiB"),
            Self::GiB => (1 << 30, "GiB"),
        };
        let tenths = (u128::from(n) * 10 + scale / 2) / scale;
        let (whole, frac) = (tenths / 10, tenths % 10);
        if frac == 0 {
            format!("{whole} {name}")
        } else {
            format!("{whole}.{frac} {name}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_binary_units() {
        assert_eq!(format_bytes(0), "0 bytes");
        assert_eq!(format_bytes(1023), "1023 bytes");
        assert_eq!(format_bytes(1024), "1 KiB");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(DEFAULT_MAX_BYTES), "10 MiB");
        assert_eq!(format_bytes(12_897_485), "12.3 MiB");
        assert_eq!(format_bytes(u64::MAX), "17179869184 GiB");
    }

    #[test]
    fn too_large_states_size_and_limit() {
        let e = check_size_before_reading(12_897_485, &ImageLimits::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageTooLarge);
        assert_eq!(e.message, "image is 12.3 MiB, the limit is 10 MiB");

        let e = check_size_before_reading(100 << 20, &ImageLimits::default()).unwrap_err();
        assert_eq!(e.message, "image is 100 MiB, the limit is 10 MiB");
    }

    #[test]
    fn just_over_the_limit_shows_bytes() {
        let e =
            check_size_before_reading(DEFAULT_MAX_BYTES + 1, &ImageLimits::default()).unwrap_err();
        assert_eq!(
            e.message,
            "image is 10485761 bytes, the limit is 10485760 bytes (10 MiB)"
        );
        // Mixed units use the larger one, so the size never looks smaller.
        let limits = ImageLimits {
            max_bytes: 1000,
            ..ImageLimits::default()
        };
        let e = check_size_before_reading(1030, &limits).unwrap_err();
        assert_eq!(
            e.message,
            "image is 1030 bytes, the limit is 1000 bytes (1 KiB)"
        );
    }

    #[test]
    fn empty_and_exact_limit() {
        let limits = ImageLimits::default();
        let e = check_size_before_reading(0, &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageEmpty);
        assert!(check_size_before_reading(DEFAULT_MAX_BYTES, &limits).is_ok());
        assert!(check_size_before_reading(1, &limits).is_ok());
    }

    #[test]
    fn pixel_count() {
        let limits = ImageLimits::default();
        assert!(check_pixels(10_000, 5_000, &limits).is_ok());
        let e = check_pixels(65_500, 65_500, &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageTooLarge);
        assert_eq!(
            e.message,
            "image is 65500x65500 pixels (4290.2 megapixels), the limit is 50 megapixels"
        );
        let e = check_pixels(10_001, 5_000, &limits).unwrap_err();
        assert_eq!(
            e.message,
            "image is 10001x5000 pixels (50005000 pixels), the limit is 50000000 pixels"
        );
        assert!(check_pixels(
            u32::MAX,
            u32::MAX,
            &ImageLimits {
                max_pixels: u64::MAX,
                ..limits
            }
        )
        .is_ok());
    }

    #[test]
    fn minimum_dimensions() {
        let limits = ImageLimits {
            min_width: Some(100),
            min_height: Some(120),
            ..ImageLimits::default()
        };
        assert!(check_dimensions(100, 120, &limits).is_ok());
        let e = check_dimensions(99, 500, &limits).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageTooSmall);
        assert_eq!(
            e.message,
            "image is 99x500 pixels, it must be at least 100 pixels wide"
        );
        let e = check_dimensions(500, 1, &limits).unwrap_err();
        assert_eq!(
            e.message,
            "image is 500x1 pixels, it must be at least 120 pixels high"
        );
        let e = check_dimensions(64, 48, &limits).unwrap_err();
        assert_eq!(
            e.message,
            "image is 64x48 pixels, it must be at least 100x120 pixels"
        );
        assert!(check_dimensions(1, 1, &ImageLimits::default()).is_ok());
    }
}
