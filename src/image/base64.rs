//! Standard padded base64 (RFC 4648 §4) for images, with base64-simd: SSE/AVX2
//! natively (detected at run time), `simd128` on wasm32 when the build enables
//! it, a scalar fallback otherwise.
//!
//! Decoding is strict: the standard alphabet only, `=` padding required, no
//! whitespace, no line breaks. A rejected string gets a message saying what
//! is wrong and where (never the data itself).
//!
//! ## How the SIMD kernel is chosen
//!
//! On wasm32 base64-simd decides at **compile time** (vsimd's `dispatch!` has
//! no run-time detection there): `RUSTFLAGS="-C target-feature=+simd128"`
//! builds the `simd128` kernel (`i8x16.swizzle` & co; LLVM may then use v128
//! anywhere, so that module only loads on engines with Wasm SIMD), and a build
//! without it (`-C target-feature=-simd128`, today's default) has the scalar
//! kernel only. Two `.wasm` files plus a JS-side `WebAssembly.validate` probe
//! is the way to serve both. Natively, the default `detect` feature picks
//! AVX2/SSSE3 at run time.

use crate::error::{Error, ErrorCode};
use base64_simd::STANDARD;

/// Append the standard padded base64 of `bytes` to `out`, e.g. straight into
/// a JSON request body, without building a `String` first.
///
/// # Panics
///
/// Only where any `Vec` growth would: when the output would exceed
/// `isize::MAX` bytes (inputs over ~1.5 GiB on wasm32).
pub fn encode_base64_into(bytes: &[u8], out: &mut Vec<u8>) {
    STANDARD.encode_append(bytes, out);
}

/// The standard padded base64 of `bytes`.
#[must_use]
pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode_to_string(bytes)
}

/// The exact base64 length of `n` bytes (padded), or `None` on overflow.
#[must_use]
pub fn encoded_len(n: usize) -> Option<usize> {
    n.div_ceil(3).checked_mul(4)
}

/// Whether `s` starts with a `data:` URL scheme (any case).
#[must_use]
pub fn is_data_url(s: &str) -> bool {
    s.as_bytes()
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"data:"))
}

/// Decode raw standard base64 (what Verifik's `images` hold). A `data:` URL
/// is refused with a message saying to drop the prefix.
///
/// # Errors
///
/// `INVALID_BASE64` naming the first problem: a `data:` prefix, a character
/// outside the standard alphabet (whitespace, URL-safe `-`/`_`, …) and where,
/// misplaced or missing `=` padding, or non-zero trailing bits.
pub fn decode_base64(s: &str) -> Result<Vec<u8>, Error> {
    if is_data_url(s) {
        return Err(invalid(
            "image must be raw base64 without a data: url prefix (remove everything up to the first comma)",
        ));
    }
    decode_strict(s.as_bytes())
}

/// Decode an image given as a data URL (`data:image/jpeg;base64,…`, scheme
/// in any case, media type ignored because formats are sniffed from the
/// bytes) or as raw standard base64.
///
/// # Errors
///
/// `INVALID_BASE64` when a data URL has no comma or is not `;base64`, or when
/// the base64 itself is not strict standard base64 (see [`decode_base64`]).
pub fn decode_image_string(s: &str) -> Result<Vec<u8>, Error> {
    match data_url_payload(s)? {
        Some(payload) => decode_strict(payload.as_bytes()),
        None => decode_strict(s.as_bytes()),
    }
}

/// The exact decoded length of a raw base64 string if it were valid (an upper
/// bound for a malformed one): used to refuse an oversized image before
/// allocating for it.
#[must_use]
pub fn decoded_len_hint(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let pad = bytes
        .iter()
        .rev()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    let n = u64::try_from(bytes.len() - pad).unwrap_or(u64::MAX);
    n / 4 * 3 + (n % 4).saturating_sub(1)
}

/// `Some(payload)` for a data URL, `None` for anything else.
fn data_url_payload(s: &str) -> Result<Option<&str>, Error> {
    if !is_data_url(s) {
        return Ok(None);
    }
    let rest = s.get(5..).unwrap_or_default();
    let Some((header, payload)) = rest.split_once(',') else {
        return Err(invalid("data url has no comma before its data"));
    };
    let is_base64 = header
        .rsplit(';')
        .next()
        .is_some_and(|last| last.eq_ignore_ascii_case("base64"));
    if !is_base64 {
        return Err(invalid(
            "data url must be base64-encoded (data:image/jpeg;base64,...)",
        ));
    }
    Ok(Some(payload))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidBase64, message)
}

fn decode_strict(s: &[u8]) -> Result<Vec<u8>, Error> {
    STANDARD.decode_to_vec(s).map_err(|_| invalid(diagnose(s)))
}

fn is_alphabet(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Why text that names an image rather than holding it was refused.
pub(crate) const A_LOCATION: &str = "it looks like a file path or a URL, and personkit reads neither: pass the image's bytes (a File, a Blob, what readFile gives) or its base64";

/// Whether `s`, refused as base64, is rather a file path or a URL
/// (`./ana.jpg`, `C:\\fotos\\ana.png`, `https://…`): a short text with a
/// scheme, a relative or home prefix, a drive letter, or an image file's
/// extension. (A leading `/` alone is no sign: JPEG base64 starts `/9j/`.)
pub(crate) fn looks_like_a_location(s: &[u8]) -> bool {
    if s.len() > 4096 {
        return false;
    }
    let lower = |b: &u8| b.to_ascii_lowercase();
    let starts = |p: &[u8]| s.len() >= p.len() && s.iter().zip(p).all(|(a, b)| lower(a) == *b);
    let ends = |p: &[u8]| {
        s.len()
            .checked_sub(p.len())
            .and_then(|at| s.get(at..))
            .is_some_and(|tail| tail.iter().zip(p).all(|(a, b)| lower(a) == *b))
    };
    let drive = matches!(s, [l, b':', b'\\' | b'/', ..] if l.is_ascii_alphabetic());
    drive
        || [
            &b"./"[..],
            b"../",
            b"~/",
            b"file:",
            b"http:",
            b"https:",
            b"blob:",
        ]
        .iter()
        .any(|p| starts(p))
        || [
            &b".jpg"[..],
            b".jpeg",
            b".png",
            b".heic",
            b".heif",
            b".webp",
            b".gif",
        ]
        .iter()
        .any(|e| ends(e))
}

/// Explain why base64-simd refused `s` (the slow path runs only on failure).
fn diagnose(s: &[u8]) -> String {
    if looks_like_a_location(s) {
        return format!("image is not base64: {A_LOCATION}");
    }
    let first_bad = s.iter().position(|&b| !is_alphabet(b) && b != b'=');
    if let Some((at, &b)) = first_bad.and_then(|at| s.get(at).map(|b| (at, b))) {
        let what = match b {
            b'\n' | b'\r' => "a line break".to_owned(),
            b' ' | b'\t' => "whitespace".to_owned(),
            b'-' | b'_' => {
                return format!(
                    "base64 uses the url-safe alphabet ('{}' at character {at}); use standard base64 with '+' and '/'",
                    char::from(b)
                )
            }
            0x80.. => "a non-ascii character".to_owned(),
            0x21..=0x7E => format!("an invalid character '{}'", char::from(b)),
            _ => format!("an invalid control character (0x{b:02x})"),
        };
        return format!("base64 contains {what} at character {at}; only A-Z, a-z, 0-9, '+', '/' and '=' padding are allowed");
    }
    let data_len = s.iter().position(|&b| b == b'=').unwrap_or(s.len());
    let pad = s.len() - data_len;
    if pad > 2
        || s.get(data_len..)
            .is_some_and(|p| p.iter().any(|&b| b != b'='))
    {
        return format!("base64 has '=' padding in the middle or more than two at the end (character {data_len})");
    }
    if s.len() % 4 != 0 {
        return format!(
            "base64 length is {}, not a multiple of 4 (the '=' padding is missing or the data was cut)",
            s.len()
        );
    }
    "base64 is not canonical: the last character has bits set past the end of the data".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_rfc4648_vectors() {
        let cases: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"fooba", "Zm9vYmE="),
            (b"foobar", "Zm9vYmFy"),
        ];
        for (raw, b64) in cases {
            assert_eq!(encode_base64(raw), b64);
            assert_eq!(decode_base64(b64).unwrap(), raw);
            assert_eq!(encoded_len(raw.len()), Some(b64.len()));
            assert_eq!(decoded_len_hint(b64), raw.len() as u64);
        }
    }

    #[test]
    fn appends_to_a_body() {
        let mut body = b"{\"images\":[\"".to_vec();
        encode_base64_into(&[0xFF, 0xD8, 0xFF], &mut body);
        body.extend_from_slice(b"\"]}");
        assert_eq!(body, b"{\"images\":[\"/9j/\"]}");
    }

    #[test]
    fn data_urls() {
        assert_eq!(
            decode_image_string("data:image/jpeg;base64,/9j/").unwrap(),
            [0xFF, 0xD8, 0xFF]
        );
        assert_eq!(
            decode_image_string("DATA:image/png;BASE64,Zm8=").unwrap(),
            b"fo"
        );
        assert_eq!(decode_image_string("data:;base64,Zm8=").unwrap(), b"fo");
        assert_eq!(
            decode_image_string("data:image/jpeg;name=a.jpg;base64,Zm8=").unwrap(),
            b"fo"
        );
        assert_eq!(decode_image_string("Zm8=").unwrap(), b"fo");
        assert_eq!(decode_image_string("data:image/jpeg;base64,").unwrap(), b"");

        let e = decode_image_string("data:image/jpeg,%FF%D8").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBase64);
        assert!(e.message.contains(";base64"));
        assert!(decode_image_string("data:image/jpeg;base64")
            .unwrap_err()
            .message
            .contains("comma"));
        // raw-only decoding refuses the prefix, as Verifik's images must be raw
        let e = decode_base64("data:image/jpeg;base64,/9j/").unwrap_err();
        assert!(e.message.contains("data: url prefix"));
    }

    #[test]
    fn strict_and_says_why() {
        let msg = |s: &str| decode_image_string(s).unwrap_err().message;
        assert!(msg("Zm9v\nYmFy").contains("a line break at character 4"));
        assert!(msg(" Zm9v").contains("whitespace at character 0"));
        assert!(msg("Zm9v ").contains("whitespace at character 4"));
        assert!(msg("ab-_").contains("url-safe"));
        assert!(msg("Zm9v!A==").contains("'!'"));
        assert!(msg("Zm9vé===").contains("non-ascii"));
        assert!(msg("Zm\u{7}=").contains("0x07"));
        assert!(msg("Zg=a").contains("padding in the middle"));
        assert!(msg("Zg=====").contains("padding"));
        assert!(msg("Zm9").contains("not a multiple of 4"));
        assert!(msg("Zg").contains("not a multiple of 4"));
        assert!(msg("Zm9vY===").contains("padding"));
        assert!(msg("Zh==").contains("not canonical"));
        for s in ["Zm9v\nYmFy", "ab-_", "Zm9vé==="] {
            assert_eq!(
                decode_image_string(s).unwrap_err().code,
                ErrorCode::InvalidBase64
            );
        }
    }
}
