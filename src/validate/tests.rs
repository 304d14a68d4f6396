//! Unit tests of the shared rules; `mod.rs` declares this module under #[cfg(test)].
use super::*;
use crate::error::ErrorCode;
use crate::image::ImageFormat;
use serde_json::json;

const TODAY: CivilDate = CivilDate {
    year: 2025,
    month: 6,
    day: 15,
};

#[test]
fn dates_are_real_and_not_in_the_future() {
    assert!(CivilDate::parse_iso("1990-01-15").is_some());
    assert!(CivilDate::parse_iso("2000-02-29").is_some());
    assert!(CivilDate::parse_iso("2024-02-29").is_some());
    assert!(CivilDate::parse_iso("1900-02-29").is_none());
    assert!(CivilDate::parse_iso("2023-02-29").is_none());
    assert!(CivilDate::parse_iso("1990-02-30").is_none());
    assert!(CivilDate::parse_iso("1990-04-31").is_none());
    assert!(CivilDate::parse_iso("1990-13-01").is_none());
    assert!(CivilDate::parse_iso("1990-00-10").is_none());
    assert!(CivilDate::parse_iso("0000-01-01").is_none());
    assert!(CivilDate::parse_iso("1990-1-15").is_none());
    assert!(CivilDate::parse_iso("1990/01/15").is_none());
    assert!(CivilDate::parse_iso("1990-01-15T00:00:00Z").is_none());
    assert!(CivilDate::parse_iso("１990-01-15").is_none());
    assert_eq!(
        CivilDate::parse_iso("0001-01-01").unwrap().to_string(),
        "0001-01-01"
    );
    assert!(iso_date("2025-06-15", "d", TODAY).is_ok());
    let e = iso_date("2025-06-16", "d", TODAY).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidDate);
    assert!(e.message.contains("future"));
    assert!(iso_date("1990-02-30", "d", TODAY)
        .unwrap_err()
        .message
        .contains("real calendar date"));
}

#[test]
fn civil_date_serializes_as_iso() {
    let d = CivilDate::new(1996, 7, 17).unwrap();
    assert_eq!(serde_json::to_string(&d).unwrap(), "\"1996-07-17\"");
}

#[test]
fn lengths_count_characters() {
    assert!(!exceeds_chars("Ñañez", 5));
    assert!(exceeds_chars("Ñañez!", 5));
    assert!(!exceeds_chars("", 0));
    let r = TextRule::NON_BLANK.max(5).name();
    assert!(text((&json!("Ñañez")).into(), "n", r).is_ok());
    assert_eq!(
        text((&json!("Ñañez Q")).into(), "n", r).unwrap_err().code,
        ErrorCode::TooLong
    );
    assert_eq!(
        text((&json!("  ")).into(), "n", r).unwrap_err().code,
        ErrorCode::Empty
    );
    assert_eq!(
        text((&json!("a\tb")).into(), "n", r).unwrap_err().code,
        ErrorCode::InvalidCharacters
    );
    assert_eq!(
        text((&json!("a\u{85}b")).into(), "n", r).unwrap_err().code,
        ErrorCode::InvalidCharacters
    );
    assert_eq!(
        text((&json!(5)).into(), "n", r).unwrap_err().code,
        ErrorCode::InvalidType
    );
}

#[test]
fn names_refuse_what_reorders_them_and_keep_other_format_characters() {
    // "Ali\u{202E}cia" shows as "Aliaic": one name passing for another.
    let r = TextRule::NON_BLANK.max(100).name();
    for bad in [
        "Ali\u{202e}cia",
        "\u{202a}Ana",
        "Ana\u{2066}B\u{2069}",
        "Ana\u{202d}",
        // Invisible, and no script's: "Ana" pasted with one is another name.
        "Ana\u{200b}",
        "\u{feff}Ana",
        "Quis\u{ad}pe",
        "Ana\u{2060}",
    ] {
        assert_eq!(
            text((&json!(bad)).into(), "n", r).unwrap_err().code,
            ErrorCode::InvalidCharacters,
            "{bad:?}"
        );
    }
    // Persian needs ZWNJ; a right-to-left mark is how a mixed name is written.
    for good in [
        "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}",
        "Ana \u{200f}\u{5d3}\u{5df}",
    ] {
        assert_eq!(text((&json!(good)).into(), "n", r), Ok(good));
    }
}

#[test]
fn identifiers_refuse_invisible_characters() {
    // A DNI pasted with a left-to-right mark would be stored as another DNI.
    let r = TextRule::NON_BLANK.identifier();
    for bad in [
        "\u{200e}45879632",
        "45879632\u{200b}",
        "4587\u{2060}9632",
        "\u{feff}45879632",
        "4587\t9632",
    ] {
        assert_eq!(
            text((&json!(bad)).into(), "id", r).unwrap_err().code,
            ErrorCode::InvalidCharacters,
            "{bad:?}"
        );
    }
    assert_eq!(text((&json!(" 45879632 ")).into(), "id", r), Ok("45879632"));
    assert_eq!(
        text((&json!("Ñ-45879632")).into(), "id", r),
        Ok("Ñ-45879632")
    );
}

#[test]
fn emails() {
    for ok in [
        "a.abraham@acme.com",
        "jane@828fligth.com",
        "x+tag@sub.example.co.uk",
        "josé@correo.pe",
        "a@b.cd",
    ] {
        assert!(is_email(ok), "{ok}");
    }
    for bad in [
        "",
        "plain",
        "@acme.com",
        "a@",
        "a@acme",
        "a@@acme.com",
        "a b@acme.com",
        "a@acme..com",
        ".a@acme.com",
        "a.@acme.com",
        "a..b@acme.com",
        "a@-acme.com",
        "a@acme-.com",
        "a@1.2",
        "a@acme.com.",
        "a@ac_me.com",
        "a\n@acme.com",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
}

#[test]
fn uuids() {
    assert!(is_uuid("288cf796-c1ad-4ffd-9eb9-af210bff0ea0"));
    assert!(is_uuid("288CF796-C1AD-4FFD-9EB9-AF210BFF0EA0"));
    assert!(!is_uuid("288cf796c1ad4ffd9eb9af210bff0ea0"));
    assert!(!is_uuid("288cf796-c1ad-4ffd-9eb9-af210bff0eag"));
    assert!(!is_uuid("{288cf796-c1ad-4ffd-9eb9-af210bff0ea}"));
}

#[test]
fn countries() {
    assert_eq!(COUNTRY_CODES.len(), 249);
    let mut sorted = COUNTRY_CODES;
    sorted.sort_unstable();
    assert_eq!(sorted, COUNTRY_CODES, "sorted, no duplicates");
    assert!(sorted.windows(2).all(|w| w[0] < w[1]));
    for c in COUNTRY_CODES {
        assert!(is_country_code(c), "{c}");
    }
    let assigned = (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| String::from_utf8(vec![a, b]).unwrap()))
        .filter(|s| is_country_code(s))
        .count();
    assert_eq!(assigned, 249);
    for bad in ["us", "XK", "AN", "UK", "EU", "USA", "U", "", "Ü1"] {
        assert!(!is_country_code(bad), "{bad}");
    }
    assert_eq!(
        one_of("m", "gender", &["M", "F"]).unwrap_err().message,
        "gender must be M or F (did you mean M?)"
    );
    assert!(country("us", "n")
        .unwrap_err()
        .message
        .contains("did you mean US?"));
}

#[test]
fn json_objects_in_strings() {
    assert!(json_object_string(r#"{"key":"value"}"#, "c").is_ok());
    assert!(json_object_string(" {} ", "c").is_ok());
    for bad in ["", "[]", "1", "\"x\"", "{", "{\"a\":1} x", "null"] {
        assert_eq!(
            json_object_string(bad, "c").unwrap_err().code,
            ErrorCode::InvalidJson,
            "{bad}"
        );
    }
    let deep = "{\"a\":".repeat(10_000) + &"}".repeat(10_000);
    assert!(json_object_string(&deep, "c").is_err());
}

#[test]
fn integers() {
    assert_eq!(integer((&json!(1)).into(), "n", 1, 10).unwrap(), 1);
    assert_eq!(
        integer((&json!(0)).into(), "n", 1, 10).unwrap_err().code,
        ErrorCode::OutOfRange
    );
    assert_eq!(
        integer((&json!(-3)).into(), "n", 1, 10).unwrap_err().code,
        ErrorCode::OutOfRange
    );
    assert_eq!(
        integer((&json!(u64::MAX)).into(), "n", 1, 10)
            .unwrap_err()
            .code,
        ErrorCode::OutOfRange
    );
    assert_eq!(
        integer((&json!(1.5)).into(), "n", 1, 10).unwrap_err().code,
        ErrorCode::InvalidType
    );
    assert_eq!(
        integer((&json!("1")).into(), "n", 1, 10).unwrap_err().code,
        ErrorCode::InvalidType
    );
    assert_eq!(
        integer((&json!(true)).into(), "n", 1, 10).unwrap_err().code,
        ErrorCode::InvalidType
    );
}

// A whole 1x1 PNG and a whole, smallest JPEG, base64.
const PNG: &str = crate::image::PNG_STAND_IN;
const JPEG: &str = crate::image::JPEG_STAND_IN;

#[test]
fn base64_images() {
    assert_eq!(base64_image(PNG, ("images", 0)).unwrap(), ImageFormat::Png);
    assert_eq!(
        base64_image(JPEG, ("images", 0)).unwrap(),
        ImageFormat::Jpeg
    );
    let e = base64_image(&format!("data:image/png;base64,{PNG}"), ("images", 1)).unwrap_err();
    assert_eq!(
        (e.field.as_ref(), e.code),
        ("images[1]", ErrorCode::InvalidBase64)
    );
    assert!(e.message.contains("remove the data: prefix"));
    assert_eq!(
        base64_image("", "i").unwrap_err().code,
        ErrorCode::ImageEmpty
    );
    // A file path or a URL given for the image says so (personkit reads neither).
    for location in [
        "./ana.jpg",
        "fotos/ana.JPEG",
        "C:\\fotos\\ana.png",
        "https://x.pe/a",
        "~/a.heic",
    ] {
        let e = base64_image(location, "i").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBase64, "{location}");
        assert!(e.message.contains("file path or a URL"), "{}", e.message);
        let e = crate::image::inspect_base64(location, &crate::image::ImageLimits::default())
            .unwrap_err();
        assert!(e.message.contains("file path or a URL"), "{}", e.message);
    }
    // JPEG base64 starts with "/": broken base64 of that kind is not called a path.
    let e = base64_image("/9j/4AAQ SkZJ", "i").unwrap_err();
    assert!(!e.message.contains("file path"), "{}", e.message);
    // Text that decodes to no bytes is broken, not empty.
    for broken in ["x", "A", "=", "==", "==="] {
        assert_eq!(
            base64_image(broken, "i").unwrap_err().code,
            ErrorCode::InvalidBase64,
            "{broken}"
        );
        assert_eq!(
            crate::image::inspect_base64(broken, &crate::image::ImageLimits::default())
                .unwrap_err()
                .code,
            ErrorCode::InvalidBase64,
            "{broken}"
        );
    }
    let spaced = format!("{} {}", &PNG[..8], &PNG[8..]);
    let e = base64_image(&spaced, "i").unwrap_err();
    assert!(
        e.message.contains("space or line break at position 8"),
        "{}",
        e.message
    );
    let url_safe = JPEG.replace('/', "_");
    assert_eq!(
        base64_image(&url_safe, "i").unwrap_err().code,
        ErrorCode::InvalidBase64
    );
    let unpadded = PNG.trim_end_matches('=');
    assert!(base64_image(unpadded, "i")
        .unwrap_err()
        .message
        .contains("multiple of 4"));
    // "GIF89a" in base64, and plain text.
    let gif = base64_image("R0lGODlhAQABAAAAACw=", "i").unwrap_err();
    assert_eq!(gif.code, ErrorCode::InvalidImageFormat);
    assert_eq!(gif.message, "i must be a JPEG or PNG, found a GIF image");
    assert_eq!(
        base64_image("aGVsbG8=", "i").unwrap_err().code,
        ErrorCode::InvalidImageFormat
    );
    // Magic bytes alone are not an image: the header is read too.
    let e = base64_image("/9j/", "i").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidImageFormat);
    assert_eq!(
        e.message,
        "i is truncated: the jpeg ends before its frame header (SOF)"
    );
    assert_eq!(
        base64_image("/9g=", "i").unwrap_err().code,
        ErrorCode::InvalidImageFormat
    );
}

#[test]
fn base64_images_cut_off_or_too_large() {
    // The JPEG without its last two bytes (FF D9).
    let jpeg = crate::image::decode_base64(JPEG).unwrap();
    let cut = crate::image::encode_base64(&jpeg[..jpeg.len() - 2]);
    let e = base64_image(&cut, ("images", 2)).unwrap_err();
    assert_eq!(
        (e.field.as_ref(), e.code),
        ("images[2]", ErrorCode::InvalidImageFormat)
    );
    assert!(
        e.message.starts_with("images[2] is cut off"),
        "{}",
        e.message
    );
    // A 1x1 PNG whose IHDR claims 65500x65500 (CRC fixed up).
    let mut png = crate::image::decode_base64(PNG).unwrap();
    png[16..24].copy_from_slice(&[0, 0, 0xFF, 0xDC, 0, 0, 0xFF, 0xDC]);
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let e = base64_image(&crate::image::encode_base64(&png), "i").unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
    assert!(
        e.message.starts_with("i is 65500x65500 pixels"),
        "{}",
        e.message
    );
    // Over 10 MiB once decoded: refused from the length, before any check.
    let big = "A".repeat(14 * 1024 * 1024);
    let e = base64_image(&big, "i").unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
    assert_eq!(e.message, "i is 10.5 MiB, the limit is 10 MiB");
    let limits = crate::image::ImageLimits {
        min_width: Some(2),
        ..crate::image::ImageLimits::default()
    };
    let e = base64_image_within(PNG, "i", &limits).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooSmall);
}

/// CRC-32 as PNG uses it (test-side, independent of the library's).
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

#[test]
fn base64_large_image_is_checked_whole() {
    // A whole JPEG with 6 MiB of scan data.
    let jpeg = crate::image::decode_base64(JPEG).unwrap();
    let (head, eoi) = jpeg.split_at(jpeg.len() - 2);
    let mut bytes = head.to_vec();
    bytes.resize(head.len() + 6 * 1024 * 1024 - 1, 0);
    bytes.extend(eoi);
    let mut s = crate::image::encode_base64(&bytes);
    assert!(base64_image(&s, "i").is_ok());
    s.replace_range(8_000_000..8_000_001, "*");
    let e = base64_image(&s, "i").unwrap_err();
    assert!(e.message.contains("position 8000000"), "{}", e.message);
    assert!(e.message.len() < 200);
}

#[test]
fn edit_distance_matches_strsim() {
    let words = [
        "",
        "a",
        "ab",
        "ba",
        "abc",
        "ca",
        "abdc",
        "externaid",
        "externalid",
        "emailaddress",
        "email",
        "dateofbirth",
        "dob",
        "ñañez",
        "ñaez",
        "aabbcc",
        "ccbbaa",
        "abcabc",
        "bacbac",
        "firstname",
        "fristname",
        "lastname",
        "categoryid",
        "categroyid",
        "positionid",
    ];
    for a in words {
        for b in words {
            assert_eq!(
                damerau_levenshtein(a, b),
                strsim::damerau_levenshtein(a, b),
                "{a} / {b}"
            );
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn edit_distance_matches_strsim_on_arbitrary_words(a in "[abcñ_]{0,9}", b in "[abcñ_]{0,9}") {
        proptest::prop_assert_eq!(damerau_levenshtein(&a, &b), strsim::damerau_levenshtein(&a, &b));
    }

    #[test]
    fn control_and_blank_checks_match_the_char_ones(s in "[ a\t\n\u{0}\u{b}\u{c}\u{1c}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{3000}\u{1680}ñÂ\u{200b}\u{feff}\u{ad}]{0,8}") {
        proptest::prop_assert_eq!(has_control_chars(&s), s.chars().any(char::is_control));
        // Blank: nothing but whitespace and invisible format characters (Cf).
        let invisible = |c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}');
        proptest::prop_assert_eq!(is_blank(&s), s.chars().all(invisible));
    }

    #[test]
    fn ascii_email_check_matches_the_unicode_one(s in "[a-z0-9.@_+-]{0,12}(@[a-z0-9.-]{0,12})?") {
        proptest::prop_assert_eq!(email::is_ascii_email(s.as_bytes()), email::is_unicode_email(&s));
    }
}

#[test]
fn hints() {
    let horus = [
        "clientId",
        "externalId",
        "email",
        "firstName",
        "additionalFirstName",
    ];
    assert_eq!(did_you_mean("externaId", &horus), Some("externalId"));
    assert_eq!(did_you_mean("external_id", &horus), Some("externalId"));
    assert_eq!(did_you_mean("emailAddress", &horus), Some("email"));
    assert_eq!(did_you_mean("zzz", &horus), None);
    let verifik = ["name", "images", "gender", "date_of_birth", "nationality"];
    assert_eq!(did_you_mean("dateOfBirth", &verifik), Some("date_of_birth"));
    assert_eq!(did_you_mean("dob", &verifik), Some("date_of_birth"));
    assert_eq!(did_you_mean("image", &verifik), Some("images"));
    assert_eq!(did_you_mean("gendre", &verifik), Some("gender"));
    let equals = ["firstName", "lastName", "roleName", "emailAddress", "dob"];
    assert_eq!(did_you_mean("email", &equals), Some("emailAddress"));
    assert_eq!(did_you_mean("date_of_birth", &equals), Some("dob"));
    assert_eq!(did_you_mean("name", &equals), None, "ambiguous");
    assert_eq!(did_you_mean("", &equals), None);
    // A form's own name for the identity number, in the neutral person and Horus.
    let person = &crate::person::table::FIELDS;
    let horus = &crate::providers::horus::validate::FIELDS;
    for name in [
        "dni",
        "DNI",
        "cedula",
        "Cédula",
        "document_number",
        "nationalId",
    ] {
        assert_eq!(did_you_mean(name, person), Some("identityNumber"), "{name}");
        assert_eq!(did_you_mean(name, horus), Some("mainIdentifier"), "{name}");
    }
}

/// Hints fold only ASCII case (`hints::normalise`): sound while every name a
/// hint can point at is ASCII.
#[test]
fn hinted_names_are_ascii() {
    let lists: [&[&str]; 4] = [
        &crate::providers::verifik::validate::FIELDS,
        &crate::providers::equals::validate::FIELDS,
        &crate::providers::horus::validate::FIELDS,
        &crate::person::table::FIELDS,
    ];
    for name in lists.iter().flat_map(|l| l.iter()) {
        assert!(name.is_ascii(), "{name}");
    }
    // Non-ASCII letters keep their case, and cost a hint nothing more.
    assert_eq!(did_you_mean("Émail", &["email"]), Some("email"));
    assert_eq!(did_you_mean("FÍRSTNAME", &["firstName"]), Some("firstName"));
}

#[test]
fn unknown_field_messages_are_short() {
    let long = "x".repeat(8 << 20);
    const KNOWN: [&str; 2] = ["name", "externalId"];
    let errs = [long.as_str(), "externaId"].map(|key| unknown_field(key, &KNOWN, "Horus"));
    assert_eq!(errs.len(), 2);
    assert!(errs.iter().all(|e| e.code == ErrorCode::UnknownField));
    assert!(errs
        .iter()
        .all(|e| e.message.len() < 120 && e.field.len() < 50));
    assert!(errs.iter().any(|e| e.field == "externaId"
        && e.message == "unknown field \"externaId\", did you mean externalId?"));
}

#[test]
fn non_objects() {
    for v in [json!(null), json!(1), json!([1]), json!("x"), json!(true)] {
        let e = object((&v).into(), "the person").unwrap_err();
        assert_eq!((e.field.as_ref(), e.code), ("", ErrorCode::InvalidType));
    }
}
