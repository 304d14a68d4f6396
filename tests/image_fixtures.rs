//! Every fixture in `tests/fixtures/images/` through `inspect`, and the same
//! images as data URLs and raw base64. See that folder's README for the files.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
// Helpers outside #[test] fns are not covered by clippy.toml's in-tests allowances;
// in a test file a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use personkit::image::{
    decode_base64, decode_image_string, encode_base64, encode_base64_into, inspect, inspect_base64,
    inspect_encoded, sniff, ImageFormat, ImageLimits,
};
use personkit::ErrorCode;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/images", name]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn limits() -> ImageLimits {
    ImageLimits::default()
}

#[test]
fn accepted_images_report_format_and_size() {
    let cases = [
        (
            "orientation-6.jpg",
            ImageFormat::Jpeg,
            "image/jpeg",
            64,
            48,
            Some(6),
        ),
        (
            "portrait-120x160.jpg",
            ImageFormat::Jpeg,
            "image/jpeg",
            120,
            160,
            None,
        ),
        (
            "progressive-200x150.jpg",
            ImageFormat::Jpeg,
            "image/jpeg",
            200,
            150,
            None,
        ),
        (
            "face-96x128.png",
            ImageFormat::Png,
            "image/png",
            96,
            128,
            None,
        ),
    ];
    for (name, format, mime, width, height, orientation) in cases {
        let bytes = fixture(name);
        let info = inspect(&bytes, &limits()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(info.format, format, "{name}");
        assert_eq!(info.mime_type, mime, "{name}");
        assert_eq!(info.byte_length, bytes.len() as u64, "{name}");
        assert_eq!((info.width, info.height), (width, height), "{name}");
        assert_eq!(info.orientation, orientation, "{name}");
    }
}

#[test]
fn orientation_6_is_displayed_portrait() {
    let info = inspect(&fixture("orientation-6.jpg"), &limits()).unwrap();
    assert_eq!(
        (info.width, info.height),
        (64, 48),
        "stored pixels are landscape"
    );
    assert_eq!(info.display_size(), (48, 64), "browsers show it portrait");

    // min_width/min_height apply to the displayed size
    let portrait_only = ImageLimits {
        min_width: Some(48),
        min_height: Some(64),
        ..limits()
    };
    assert!(inspect(&fixture("orientation-6.jpg"), &portrait_only).is_ok());
    let e = inspect(
        &fixture("orientation-6.jpg"),
        &ImageLimits {
            min_width: Some(64),
            ..limits()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooSmall);
    assert_eq!(
        e.message,
        "image is 48x64 pixels, it must be at least 64 pixels wide"
    );
}

#[test]
fn rejected_formats_name_what_was_found() {
    let cases = [
        ("face-64x64.webp", ImageFormat::WebP, "found a WebP image"),
        ("face-64x64.gif", ImageFormat::Gif, "found a GIF image"),
        ("face-32x32.bmp", ImageFormat::Bmp, "found a BMP image"),
        ("document.pdf", ImageFormat::Pdf, "found a PDF document"),
        (
            "iphone-header.heic",
            ImageFormat::Heic,
            "found a HEIC/HEIF image",
        ),
    ];
    for (name, format, found) in cases {
        let bytes = fixture(name);
        assert_eq!(sniff(&bytes), format, "{name}");
        let e = inspect(&bytes, &limits()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidImageFormat, "{name}");
        assert!(
            e.message.starts_with("image must be a JPEG or PNG"),
            "{name}: {e}"
        );
        assert!(e.message.contains(found), "{name}: {e}");
    }
}

#[test]
fn heic_says_to_convert_iphone_photos() {
    let e = inspect(&fixture("iphone-header.heic"), &limits()).unwrap_err();
    assert_eq!(
        e.message,
        "image must be a JPEG or PNG, found a HEIC/HEIF image (iPhone photos must be converted to JPEG first)"
    );
}

#[test]
fn truncated_jpeg_is_an_invalid_format() {
    let bytes = fixture("truncated-before-sof.jpg");
    assert_eq!(
        sniff(&bytes),
        ImageFormat::Jpeg,
        "it still looks like a JPEG"
    );
    let e = inspect(&bytes, &limits()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidImageFormat);
    assert_eq!(
        e.message,
        "image is truncated: the jpeg ends before its frame header (SOF)"
    );
}

/// End of the first SOF segment, found by walking segment lengths (test-side,
/// independent of the library's walker).
fn sof_end(jpeg: &[u8]) -> usize {
    let mut pos = 2;
    loop {
        assert_eq!(jpeg[pos], 0xFF);
        let marker = jpeg[pos + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return pos + 2 + len;
        }
        pos += 2 + len;
    }
}

#[test]
fn every_cut_of_a_real_jpeg_is_rejected() {
    for name in [
        "orientation-6.jpg",
        "portrait-120x160.jpg",
        "progressive-200x150.jpg",
    ] {
        let full = fixture(name);
        let end = sof_end(&full);
        for cut in 0..full.len() {
            let e = inspect(&full[..cut], &limits()).map(|_| ()).unwrap_err();
            let expected = if cut == 0 {
                ErrorCode::ImageEmpty
            } else {
                ErrorCode::InvalidImageFormat
            };
            assert_eq!(e.code, expected, "{name} cut at {cut}");
            // Before the frame header ends the header is truncated; after,
            // the end-of-image marker is missing.
            if cut >= end {
                assert!(
                    e.message.starts_with("image is cut off"),
                    "{name} cut at {cut}: {e}"
                );
            }
        }
        assert!(inspect(&full, &limits()).is_ok(), "{name}");
    }
}

#[test]
fn every_cut_of_a_real_png_is_rejected() {
    let full = fixture("face-96x128.png");
    for cut in 1..full.len() {
        let e = inspect(&full[..cut], &limits()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidImageFormat, "cut at {cut}");
    }
}

#[test]
fn cut_off_fixtures_are_refused_and_trailing_data_is_not() {
    for (name, format) in [("cut-in-data.jpg", "jpeg"), ("cut-in-data.png", "png")] {
        let bytes = fixture(name);
        let e = inspect(&bytes, &limits()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidImageFormat, "{name}");
        assert!(e.message.starts_with("image is cut off"), "{name}: {e}");
        assert!(e.message.contains(format), "{name}: {e}");
        assert_eq!(inspect_encoded(&encode_base64(&bytes), &limits()), Err(e));
    }
    let bytes = fixture("trailing-video.jpg");
    let info = inspect(&bytes, &limits()).unwrap();
    assert_eq!((info.width, info.height), (120, 160));
    assert_eq!(inspect_encoded(&encode_base64(&bytes), &limits()), Ok(info));
}

#[test]
fn a_header_claiming_65500x65500_is_too_large() {
    let bytes = fixture("claims-65500x65500.png");
    let e = inspect(&bytes, &limits()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
    assert_eq!(
        e.message,
        "image is 65500x65500 pixels (4290.2 megapixels), the limit is 50 megapixels"
    );
    assert_eq!(inspect_encoded(&encode_base64(&bytes), &limits()), Err(e));
    let no_limit = ImageLimits {
        max_pixels: u64::MAX,
        ..limits()
    };
    assert!(inspect(&bytes, &no_limit).is_ok());
}

#[test]
fn base64_text_is_inspected_like_the_bytes() {
    for name in [
        "orientation-6.jpg",
        "portrait-120x160.jpg",
        "progressive-200x150.jpg",
        "face-96x128.png",
        "face-64x64.webp",
        "iphone-header.heic",
        "truncated-before-sof.jpg",
    ] {
        let bytes = fixture(name);
        assert_eq!(
            inspect_encoded(&encode_base64(&bytes), &limits()),
            inspect(&bytes, &limits()),
            "{name}"
        );
    }
}

#[test]
fn empty_file_is_image_empty() {
    let e = inspect(&fixture("empty.jpg"), &limits()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageEmpty);
}

#[test]
fn too_large_is_checked_first() {
    let bytes = fixture("portrait-120x160.jpg");
    let small = ImageLimits {
        max_bytes: 2048,
        ..limits()
    };
    let e = inspect(&bytes, &small).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
    assert_eq!(e.message, "image is 3.6 KiB, the limit is 2 KiB");
    // a PDF over the limit is "too large" before it is "not an image"
    let e = inspect(&fixture("document.pdf"), &small).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
}

#[test]
fn fixtures_round_trip_as_data_urls_and_raw_base64() {
    for (name, mime) in [
        ("portrait-120x160.jpg", "image/jpeg"),
        ("face-96x128.png", "image/png"),
        ("orientation-6.jpg", "image/jpeg"),
    ] {
        let bytes = fixture(name);
        let b64 = encode_base64(&bytes);

        assert_eq!(decode_base64(&b64).unwrap(), bytes, "{name}");
        assert_eq!(decode_image_string(&b64).unwrap(), bytes, "{name}");
        let url = format!("data:{mime};base64,{b64}");
        assert_eq!(decode_image_string(&url).unwrap(), bytes, "{name}");
        let shouty = format!("DATA:{mime};BASE64,{b64}");
        assert_eq!(decode_image_string(&shouty).unwrap(), bytes, "{name}");

        let (info, decoded) = inspect_base64(&b64, &limits()).unwrap();
        assert_eq!(decoded, bytes);
        assert_eq!(info.byte_length, bytes.len() as u64);

        // Verifik wants raw base64: the data URL is refused there
        let e = inspect_base64(&url, &limits()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBase64);
    }
}

#[test]
fn encode_into_appends_to_a_json_body() {
    let bytes = fixture("portrait-120x160.jpg");
    let mut body = br#"{"images":[""#.to_vec();
    encode_base64_into(&bytes, &mut body);
    body.extend_from_slice(br#""]}"#);
    let parsed: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let b64 = parsed["images"][0].as_str().unwrap();
    assert_eq!(b64, encode_base64(&bytes));
    assert!(b64.starts_with("/9j/"), "a JPEG's base64 starts with /9j/");
}

#[test]
fn mangled_base64_of_a_real_image_is_refused() {
    let b64 = encode_base64(&fixture("portrait-120x160.jpg"));
    // MIME-style line breaks every 76 characters
    let wrapped: String = b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n");
    let e = decode_image_string(&wrapped).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidBase64);
    assert!(e.message.contains("a line break at character 76"), "{e}");

    let url_safe = b64.replace('+', "-").replace('/', "_");
    let e = decode_image_string(&url_safe).unwrap_err();
    assert!(e.message.contains("url-safe"), "{e}");

    let unpadded = b64.trim_end_matches('=');
    if unpadded.len() != b64.len() {
        let e = decode_image_string(unpadded).unwrap_err();
        assert!(e.message.contains("not a multiple of 4"), "{e}");
    }

    let e = decode_image_string(&format!("{b64}\n")).unwrap_err();
    assert!(e.message.contains("line break"), "{e}");
}
