//! Verifik: building the HTTP request as plain data.
//!
//! `POST {base}/v2/face-recognition/persons`, `Authorization: Bearer <token>`,
//! a JSON body whose `images` are base64 strings. Image bytes are encoded
//! straight into the body: the size is computed first, the body allocated
//! once, the other fields written by serde_json and each image written by
//! base64-simd into the same buffer, with no intermediate base64 `String`.

use base64_simd::STANDARD;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode, FieldError};
use crate::http::body::{json_str_len, key_len, members_json, write_json_str, ObjectWriter};
use crate::http::{request_headers, Endpoint, RequestHead};
use crate::providers::verifik::validate::FIELDS;

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.verifik.co";

/// Verifik's own domain: a client sent to any host under it needs the token.
pub const OWN_DOMAIN: &str = "verifik.co";

/// The endpoint path under the base URL.
pub const PATH: &str = "/v2/face-recognition/persons";

/// One image for the `images` array.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageData<'a> {
    /// Already base64 (standard alphabet, no `data:` prefix), copied as is.
    Base64(&'a str),
    /// Raw bytes (JPEG/PNG), base64-encoded straight into the body.
    Bytes(&'a [u8]),
}

impl ImageData<'_> {
    /// The length of the base64 text this image becomes, or `None` if it
    /// could not fit in memory.
    #[must_use]
    pub fn base64_len(&self) -> Option<usize> {
        match self {
            Self::Base64(s) => Some(s.len()),
            Self::Bytes(b) if b.len() <= usize::MAX / 2 => Some(STANDARD.encoded_length(b.len())),
            Self::Bytes(_) => None,
        }
    }

    /// The size of this image in the body: a JSON string, quotes included.
    fn json_len(&self) -> Option<usize> {
        match self {
            Self::Base64(s) => Some(json_str_len(s)),
            Self::Bytes(_) => self.base64_len()?.checked_add(2),
        }
    }

    fn write(&self, buf: &mut Vec<u8>) {
        match self {
            Self::Base64(s) => write_json_str(buf, s),
            Self::Bytes(bytes) => {
                buf.push(b'"');
                STANDARD.encode_append(bytes, buf);
                buf.push(b'"');
            }
        }
    }
}

impl std::fmt::Debug for ImageData<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Base64(s) => write!(f, "Base64(<{} chars>)", s.len()),
            Self::Bytes(b) => write!(f, "Bytes(<{} bytes>)", b.len()),
        }
    }
}

/// Whether documented field `key` comes before `images` in [`FIELDS`].
fn comes_before_images(key: &str) -> bool {
    FIELDS
        .iter()
        .take_while(|f| **f != "images")
        .any(|f| *f == key)
}

fn too_large() -> Error {
    Error::validation(vec![FieldError::new(
        "images",
        ErrorCode::ImageTooLarge,
        "the images are too large to send in one request",
    )])
}

/// The JSON body: `fields` (already validated: `name`, `gender`,
/// `date_of_birth`, …) with `"images":[…]` where the documented field order
/// puts it ([`FIELDS`]: after `name`), so the body is the accepted `value`
/// of `validateVerifikPerson`, key order included. The buffer is allocated
/// once with the exact size.
///
/// # Errors
///
/// `VALIDATION_FAILED` when `fields` holds an `images` key (images go in
/// `images`, so none is dropped silently) or the images cannot fit in memory.
pub fn build_body(fields: &Map<String, Value>, images: &[ImageData<'_>]) -> Result<Vec<u8>, Error> {
    if fields.contains_key("images") {
        return Err(Error::validation(vec![FieldError::new(
            "images",
            ErrorCode::InvalidType,
            "images must be passed as image data, not among the other fields",
        )]));
    }
    let (before, after): (Map<String, Value>, Map<String, Value>) = fields
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .partition(|(k, _)| comes_before_images(k));
    let (before, after) = (members_json(&before)?, members_json(&after)?);
    let mut images_len: usize = 2 + images.len().saturating_sub(1); // `[` `]` and commas
    for image in images {
        images_len = image
            .json_len()
            .and_then(|n| images_len.checked_add(n))
            .ok_or_else(too_large)?;
    }
    // `{` before `,` `"images":` images `,` after `}`
    let commas = usize::from(!before.is_empty()) + usize::from(!after.is_empty());
    let capacity = (before.len() + after.len())
        .checked_add(images_len)
        .and_then(|n| n.checked_add(2 + commas + key_len("images")))
        .ok_or_else(too_large)?;
    let mut object = ObjectWriter::with_capacity(capacity);
    object.raw_members(&before);
    object.key("images");
    let buf = object.buf_mut();
    buf.push(b'[');
    for (i, image) in images.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        image.write(buf);
    }
    buf.push(b']');
    object.raw_members(&after);
    Ok(object.finish())
}

/// Method, URL and headers of this client's create-person requests.
/// `token` is optional: a client pointed at the user's own backend may hold
/// none (then no `authorization` header is sent, unless the endpoint's extra
/// headers carry one).
///
/// # Errors
///
/// `INVALID_OPTIONS` for an empty token, a token with CR/LF, or a token given
/// while the extra headers also set `authorization`.
pub fn head(endpoint: &Endpoint, token: Option<&str>) -> Result<RequestHead, Error> {
    Ok(RequestHead {
        method: "POST",
        url: endpoint.url(PATH),
        headers: request_headers(endpoint, token.map(|t| ("token", "Bearer", t)))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_exact_and_parses() {
        let mut fields = Map::new();
        fields.insert("name".into(), Value::from("John \"JD\" Doe"));
        let bytes = [0xFF_u8, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        let body = build_body(
            &fields,
            &[ImageData::Bytes(&bytes), ImageData::Base64("aGk=")],
        )
        .unwrap();
        assert_eq!(body.len(), body.capacity());
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["name"], "John \"JD\" Doe");
        assert_eq!(v["images"][0], STANDARD.encode_to_string(bytes));
        assert_eq!(v["images"][1], "aGk=");
    }

    #[test]
    fn images_go_where_the_documented_order_puts_them() {
        let mut fields = Map::new();
        for (k, v) in [("name", "Ana"), ("gender", "F"), ("notes", "n")] {
            fields.insert(k.into(), Value::from(v));
        }
        let body = build_body(&fields, &[ImageData::Base64("aGk=")]).unwrap();
        assert_eq!(
            body,
            br#"{"name":"Ana","images":["aGk="],"gender":"F","notes":"n"}"#
        );
        assert_eq!(body.len(), body.capacity());
        fields.shift_remove("name");
        let body = build_body(&fields, &[]).unwrap();
        assert_eq!(body, br#"{"images":[],"gender":"F","notes":"n"}"#);
        assert_eq!(body.len(), body.capacity());
    }

    #[test]
    fn images_key_in_fields_is_refused() {
        let mut fields = Map::new();
        fields.insert("images".into(), Value::Array(vec![]));
        assert!(build_body(&fields, &[]).is_err());
    }

    #[test]
    fn empty_fields_and_images() {
        let body = build_body(&Map::new(), &[]).unwrap();
        assert_eq!(body, br#"{"images":[]}"#);
        assert_eq!(body.len(), body.capacity());
    }
}
