//! Verifik response parsing: both documented success and error shapes, every
//! documented status, secrets never in messages.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap, index and panic, helpers included: a failing test is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod responses;

use personkit::http::redact::MAX_BODY_BYTES;
use personkit::http::ParseContext;
use personkit::providers::verifik::response as verifik;
use personkit::{ErrorCode, Provider};
use responses::*;
use serde_json::json;

const VERIFIK_DOC_SUCCESS: &str = r#"{
  "success": true,
  "data": {
    "_id": "person_123456789",
    "name": "John Doe",
    "gender": "M",
    "date_of_birth": {"year": 1990, "month": 1, "day": 15},
    "nationality": "US",
    "images": ["base64_encoded_image_1", "base64_encoded_image_2"],
    "collections": ["collection_123456789"],
    "notes": "VIP customer",
    "client": "client_123456789",
    "status": "active",
    "faceEncodings": ["face_encoding_1", "face_encoding_2"],
    "createdAt": "2024-01-15T10:30:00Z",
    "updatedAt": "2024-01-15T10:30:00Z"
  }
}"#;

const VERIFIK_PUBLIC_SUCCESS: &str = r#"{
  "id": "GGQX1",
  "data": {"_id": "65f1c0ffee", "name": "John Doe", "date_of_birth": "1990-01-15"},
  "signature": {"message": "Certified by Verifik.co", "dateTime": "March 13, 2024 3:44 PM"}
}"#;

#[test]
fn verifik_document_success_shape() {
    let p = verifik::parse_response(&resp(200, VERIFIK_DOC_SUCCESS), &ctx()).unwrap();
    assert_eq!(p.id, "person_123456789");
    assert_eq!(p.person["name"], "John Doe");
    assert_eq!(
        p.person["date_of_birth"],
        json!({"year": 1990, "month": 1, "day": 15})
    );
    assert_eq!(p.signature, None);
    assert!(!p.retried);
    let js = serde_json::to_value(&p).unwrap();
    assert_eq!(js["id"], "person_123456789");
    assert!(js.get("signature").is_none());
    assert!(js.get("responseId").is_none());
    assert!(!format!("{p:?}").contains("John"));
}

#[test]
fn verifik_public_docs_success_shape() {
    let c = ParseContext {
        retried: true,
        ..ctx()
    };
    let p = verifik::parse_response(&resp(201, VERIFIK_PUBLIC_SUCCESS), &c).unwrap();
    assert_eq!(p.id, "65f1c0ffee", "the person's _id, not the response id");
    assert_eq!(p.response_id.as_deref(), Some("GGQX1"));
    assert_eq!(
        p.person["date_of_birth"],
        json!({"year": 1990, "month": 1, "day": 15}),
        "one form whichever shape the server used"
    );
    assert_eq!(
        p.signature.as_ref().unwrap()["message"],
        "Certified by Verifik.co"
    );
    assert!(p.retried);
    assert_eq!(serde_json::to_value(&p).unwrap()["retried"], true);
}

#[test]
fn verifik_success_with_bad_body_is_bad_response() {
    for body in [
        "",
        "<html>ok</html>",
        "[]",
        "null",
        r#"{"success": true}"#,
        r#"{"success": true, "data": {"name": "no id"}}"#,
        r#"{"success": true, "data": "person_1"}"#,
        r#"{"id": "x", "data": [1]}"#,
        r#"{"id": "GGQX1", "data": {"name": "only the response has an id"}}"#,
    ] {
        let e = verifik::parse_response(&resp(200, body), &ctx()).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse, "{body}");
        assert_eq!(e.provider, Some(Provider::Verifik));
        assert_eq!(e.status, Some(200));
        assert_eq!(e.body.as_deref(), Some(body));
        assert_clean(&e);
    }
}

#[test]
fn verifik_every_documented_error() {
    let cases: &[(u16, &str, ErrorCode, Option<&str>)] = &[
        (
            400,
            r#"{"error": "Invalid image format", "message": "INVALID_IMAGE_FORMAT"}"#,
            ErrorCode::BadRequest,
            Some("INVALID_IMAGE_FORMAT"),
        ),
        (
            400,
            r#"{"error": "Person name is required", "message": "NAME_REQUIRED"}"#,
            ErrorCode::BadRequest,
            Some("NAME_REQUIRED"),
        ),
        (
            401,
            r#"{"code": "UNAUTHORIZED", "message": "Unauthorized"}"#,
            ErrorCode::Unauthorized,
            Some("UNAUTHORIZED"),
        ),
        (
            403,
            r#"{"code": "FORBIDDEN", "message": "token_expired"}"#,
            ErrorCode::Unauthorized,
            Some("token_expired"),
        ),
        (
            404,
            r#"{"code": "NotFound", "message": "route not found"}"#,
            ErrorCode::NotFound,
            Some("NotFound"),
        ),
        (
            409,
            r#"{"code": "MissingParameter", "message": "missing name"}"#,
            ErrorCode::BadRequest,
            Some("MissingParameter"),
        ),
        (
            412,
            r#"{"code": "PreconditionFailed", "message": "only_images_in_base64"}"#,
            ErrorCode::BadRequest,
            Some("only_images_in_base64"),
        ),
        (
            415,
            r#"{"message": "unsupported media type"}"#,
            ErrorCode::BadRequest,
            None,
        ),
        (
            422,
            r#"{"code": "Unprocessable", "message": "bad"}"#,
            ErrorCode::BadRequest,
            Some("Unprocessable"),
        ),
        (
            429,
            r#"{"code": "TooManyRequests", "message": "slow down"}"#,
            ErrorCode::RateLimited,
            Some("TooManyRequests"),
        ),
        (
            500,
            r#"{"code": "ERROR", "message": "something broke"}"#,
            ErrorCode::ServerError,
            Some("ERROR"),
        ),
        (
            502,
            "<html><body>Bad Gateway</body></html>",
            ErrorCode::ServerError,
            None,
        ),
        (503, "", ErrorCode::ServerError, None),
        (504, "upstream timeout", ErrorCode::ServerError, None),
        (301, "", ErrorCode::BadResponse, None),
        (418, "{}", ErrorCode::BadRequest, None),
    ];
    for (status, body, code, provider_code) in cases {
        let e = verifik::parse_response(&resp(*status, body), &ctx()).unwrap_err();
        assert_eq!(e.code, *code, "{status} {body}");
        assert_eq!(e.status, Some(*status));
        assert_eq!(e.provider, Some(Provider::Verifik));
        assert_eq!(
            e.provider_code.as_deref(),
            *provider_code,
            "{status} {body}"
        );
        assert_eq!(e.body.as_deref(), Some(*body));
        assert!(e.message.starts_with("verifik: "), "{}", e.message);
        assert_clean(&e);
    }
}

#[test]
fn verifik_message_reads_well() {
    let e = verifik::parse_response(
        &resp(
            400,
            r#"{"error": "Invalid image format", "message": "INVALID_IMAGE_FORMAT"}"#,
        ),
        &ctx(),
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "verifik: the request was rejected (http 400, code INVALID_IMAGE_FORMAT): Invalid image format"
    );
}

#[test]
fn verifik_person_already_set_is_already_exists_with_the_person() {
    let body = r#"{"code": "PreconditionFailed", "message": "person_already_set",
                   "data": {"_id": "existing_1", "name": "John Doe"}}"#;
    let e = verifik::parse_response(&resp(412, body), &ctx()).unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists);
    assert_eq!(e.provider_code.as_deref(), Some("person_already_set"));
    assert_eq!(e.data.as_ref().unwrap()["_id"], "existing_1");
    assert_eq!(e.status, Some(412));
    assert_clean(&e);
    // Without `data` it is still ALREADY_EXISTS.
    let e = verifik::parse_response(&resp(412, r#"{"message": "person_already_set"}"#), &ctx())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists);
    assert_eq!(e.data, None);
    // The existing person's date of birth comes in the result's one form, whichever the answer used.
    for dob in [
        r#""1990-12-04""#,
        r#"{"year": 1990, "month": 12, "day": 4}"#,
    ] {
        let body = format!(
            r#"{{"message": "person_already_set", "data": {{"_id": "e1", "date_of_birth": {dob}}}}}"#
        );
        let e = verifik::parse_response(&resp(412, &body), &ctx()).unwrap_err();
        assert_eq!(
            e.data.as_ref().unwrap()["date_of_birth"],
            serde_json::json!({ "year": 1990, "month": 12, "day": 4 }),
            "{dob}"
        );
    }
}

#[test]
fn verifik_rate_limit_carries_retry_after() {
    let r = resp_h(
        429,
        &[("Retry-After", "7"), ("X-Request-Id", "req-9")],
        r#"{"message":"slow"}"#,
    );
    let e = verifik::parse_response(&r, &ctx()).unwrap_err();
    assert_eq!(e.code, ErrorCode::RateLimited);
    assert_eq!(e.retry_after, Some(7.0));
    assert_eq!(e.request_id.as_deref(), Some("req-9"));
    let r = resp_h(503, &[("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")], "");
    let c = ParseContext {
        now_ms: Some(784_111_775_000),
        ..ctx()
    };
    assert_eq!(
        verifik::parse_response(&r, &c).unwrap_err().retry_after,
        Some(2.0)
    );
    assert_eq!(
        verifik::parse_response(&r, &ctx()).unwrap_err().retry_after,
        None
    );
}

#[test]
fn verifik_success_false_in_a_200_is_an_error() {
    let e = verifik::parse_response(
        &resp(200, r#"{"success": false, "error": "Invalid image format", "message": "INVALID_IMAGE_FORMAT"}"#),
        &ctx(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert_eq!(e.provider_code.as_deref(), Some("INVALID_IMAGE_FORMAT"));
    let e = verifik::parse_response(
        &resp(
            200,
            r#"{"success": false, "message": "person_already_set", "data": {"_id": "p0"}}"#,
        ),
        &ctx(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists);
    assert_eq!(e.data.unwrap()["_id"], "p0");
}

#[test]
fn verifik_error_echoing_the_token_is_scrubbed() {
    let body = format!(
        r#"{{"message": "invalid token Bearer {TOKEN}", "code": "UNAUTHORIZED", "token": "{TOKEN}"}}"#
    );
    let e = verifik::parse_response(&resp(401, &body), &ctx()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert!(e.message.contains("[redacted]"), "{}", e.message);
    assert_clean(&e);
}

#[test]
fn huge_error_body_is_truncated_on_a_char_boundary() {
    let body = format!(r#"{{"message": "{}"}}"#, "ü".repeat(10_000));
    let e = verifik::parse_response(&resp(500, &body), &ctx()).unwrap_err();
    let kept = e.body.unwrap();
    assert!(kept.len() <= MAX_BODY_BYTES && kept.len() >= MAX_BODY_BYTES - 3);
    assert!(body.starts_with(&kept));
    assert!(e.message.len() < 400, "{}", e.message.len());
}
