//! Properties: base64 round-trips on arbitrary bytes, and no input (bytes or
//! strings) makes the image code panic.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
// Helpers outside #[test] fns are not covered by clippy.toml's in-tests allowances;
// in a test file a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use personkit::image::{
    decode_base64, decode_image_string, dimensions, encode_base64, encode_base64_into, encoded_len,
    inspect, inspect_base64, inspect_encoded, ImageFormat, ImageLimits,
};
use proptest::prelude::*;

/// A real JPEG header (SOI, APP0, APP1/EXIF, DQT…) to mutate: mutations of
/// real headers reach deeper into the parser than random bytes.
fn real_jpeg() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/images/orientation-6.jpg"
    );
    std::fs::read(path).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encode_decode_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let s = encode_base64(&bytes);
        prop_assert_eq!(Some(s.len()), encoded_len(bytes.len()));
        prop_assert_eq!(&decode_base64(&s).unwrap(), &bytes);
        prop_assert_eq!(&decode_image_string(&s).unwrap(), &bytes);
        let url = format!("data:image/jpeg;base64,{s}");
        prop_assert_eq!(&decode_image_string(&url).unwrap(), &bytes);

        let mut out = b"prefix".to_vec();
        encode_base64_into(&bytes, &mut out);
        prop_assert_eq!(&out[..6], b"prefix");
        prop_assert_eq!(&out[6..], s.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = inspect(&bytes, &ImageLimits::default());
        let _ = dimensions(ImageFormat::Jpeg, &bytes);
        let _ = dimensions(ImageFormat::Png, &bytes);
    }

    #[test]
    fn arbitrary_headers_after_magic_never_panic(
        tail in prop::collection::vec(any::<u8>(), 0..512),
        png in any::<bool>(),
    ) {
        let mut bytes = if png {
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec()
        } else {
            vec![0xFF, 0xD8, 0xFF]
        };
        bytes.extend(tail);
        let _ = inspect(&bytes, &ImageLimits::default());
    }

    #[test]
    fn mutated_real_jpegs_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = real_jpeg();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let len = cut.index(bytes.len() + 1);
        let r = inspect(&bytes[..len], &ImageLimits::default());
        if let Ok(info) = r {
            prop_assert!(info.width > 0 && info.height > 0);
        }
        // The base64 road, decoding only the ends, says the same.
        let encoded = inspect_encoded(&encode_base64(&bytes[..len]), &ImageLimits::default());
        prop_assert_eq!(encoded, r);
    }

    #[test]
    fn whole_images_with_arbitrary_data_agree_on_both_roads(
        data in prop::collection::vec(any::<u8>(), 0..9000),
        png in any::<bool>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let stand_in = if png { personkit::image::PNG_STAND_IN } else { personkit::image::JPEG_STAND_IN };
        let whole = decode_base64(stand_in).unwrap();
        let header = if png { 33 } else { whole.len() - 2 };
        let mut bytes = whole[..header].to_vec();
        bytes.extend(&data);
        bytes.extend(&whole[header..]);
        let len = cut.index(bytes.len() + 1);
        for b in [&bytes[..], &bytes[..len]] {
            let r = inspect(b, &ImageLimits::default());
            prop_assert_eq!(inspect_encoded(&encode_base64(b), &ImageLimits::default()), r);
        }
        prop_assert!(inspect(&bytes, &ImageLimits::default()).is_ok());
    }

    #[test]
    fn arbitrary_base64_text_never_panics(s in "[A-Za-z0-9+/=]{0,64}") {
        let _ = inspect_encoded(&s, &ImageLimits::default());
        let _ = inspect_encoded(&format!("/9j/{s}"), &ImageLimits::default());
        let _ = inspect_encoded(&format!("iVBORw0KGgo{s}"), &ImageLimits::default());
    }

    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,64}", prefix in prop::sample::select(vec!["", "data:", "DATA:image/png;base64,", "data:,"])) {
        let s = format!("{prefix}{s}");
        let _ = decode_image_string(&s);
        let _ = decode_base64(&s);
        let _ = inspect_base64(&s, &ImageLimits::default());
    }

    #[test]
    fn base64_alphabet_strings_decode_or_explain(s in "[A-Za-z0-9+/=]{0,40}") {
        if let Err(e) = decode_base64(&s) {
            prop_assert_eq!(e.code, personkit::ErrorCode::InvalidBase64);
            prop_assert!(!e.message.is_empty());
        }
    }
}
