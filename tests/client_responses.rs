//! Response parsing for the three providers: every documented status and
//! code, both Verifik shapes, secrets never in messages, arbitrary bodies
//! never panic.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap, index and panic, helpers included: a failing test is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use personkit::http::redact::{body_excerpt, redact_secret_fields, MAX_BODY_BYTES};
use personkit::http::{HttpResponse, ParseContext};
use personkit::providers::equals::response as equals;
use personkit::providers::horus::response::{self as horus, NotCreatedReason};
use personkit::providers::verifik::response as verifik;
use personkit::{Error, ErrorCode, Provider};
use proptest::prelude::*;
use serde_json::{json, Value};

const TOKEN: &str = "tok-SECRET-verifik-123";
const API_KEY: &str = "key-SECRET-equals-456";
const CLIENT_SECRET: &str = "bb145d5fxyz-SECRET";
const SECRETS: &[&str] = &[TOKEN, API_KEY, CLIENT_SECRET];

fn ctx() -> ParseContext<'static> {
    ParseContext {
        secrets: SECRETS,
        ..ParseContext::default()
    }
}

fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        vec![("content-type".into(), "application/json".into())],
        body.as_bytes().to_vec(),
    )
}

fn resp_h(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body.as_bytes().to_vec(),
    )
}

fn assert_clean(e: &Error) {
    let texts = [
        e.message.clone(),
        e.to_string(),
        format!("{e:?}"),
        e.provider_code.clone().unwrap_or_default(),
        e.body.clone().unwrap_or_default(),
        e.data.as_ref().map(Value::to_string).unwrap_or_default(),
    ];
    for text in texts {
        for secret in SECRETS {
            assert!(!text.contains(secret), "secret in {text}");
        }
    }
    assert!(e.body.as_ref().is_none_or(|b| b.len() <= MAX_BODY_BYTES));
    assert!(!e.message.ends_with('.'), "{}", e.message);
}

// ---------------------------------------------------------------- Verifik

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
  "id": "65f1c0ffee",
  "data": {"_id": "65f1c0ffee", "name": "John Doe", "date_of_birth": {"year": 1990, "month": 1, "day": 15}},
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
    assert!(!format!("{p:?}").contains("John"));
}

#[test]
fn verifik_public_docs_success_shape() {
    let c = ParseContext {
        retried: true,
        ..ctx()
    };
    let p = verifik::parse_response(&resp(201, VERIFIK_PUBLIC_SUCCESS), &c).unwrap();
    assert_eq!(p.id, "65f1c0ffee");
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

// ----------------------------------------------------------------- Equals

const EQUALS_DOC_SUCCESS: &str = r#"{
  "avatar": {"url": "", "fileName": ""},
  "id": "ef6d922f-70d5-4433-835c-8c77fa40d814",
  "productId": "d926625b-5e11-4ec1-b4cd-0af2a8021efc",
  "sub": "2a5a39cf-fda0-4901-9372-3f9039a2ee94",
  "firstName": "Alison",
  "lastName": "Abraham",
  "title": null,
  "dob": "1996-07-17",
  "status": "active",
  "primaryEmailAddress": "a.abraham@acme.com",
  "emailTheme": "em-light",
  "persona": {
    "id": "32684fcd-b4be-438a-88d2-ee9b5f3eecd3",
    "emailAddress": "a.abraham@acme.com",
    "employeeNumber": "948",
    "status": "invited",
    "transactionalEmailPreference": true
  }
}"#;

#[test]
fn equals_201_is_person_with_persona() {
    let p = equals::parse_response(&resp(201, EQUALS_DOC_SUCCESS), &ctx()).unwrap();
    assert_eq!(p.id, "ef6d922f-70d5-4433-835c-8c77fa40d814");
    assert_eq!(
        p.persona_id.as_deref(),
        Some("32684fcd-b4be-438a-88d2-ee9b5f3eecd3")
    );
    assert_eq!(p.person["firstName"], "Alison");
    assert_eq!(p.persona.as_ref().unwrap()["status"], "invited");
    let js = serde_json::to_value(&p).unwrap();
    assert_eq!(js["personaId"], "32684fcd-b4be-438a-88d2-ee9b5f3eecd3");
    assert_eq!(js["persona"]["employeeNumber"], "948");
    assert_eq!(js["retried"], false);
    assert!(!format!("{p:?}").contains("Alison"));
}

#[test]
fn equals_201_without_persona_keeps_the_person() {
    let p = equals::parse_response(&resp(201, r#"{"id": "p1", "persona": null}"#), &ctx()).unwrap();
    assert_eq!(p.persona, None);
    assert_eq!(p.persona_id, None);
    assert_eq!(serde_json::to_value(&p).unwrap()["persona"], Value::Null);
}

#[test]
fn equals_every_documented_status() {
    let cases: &[(u16, ErrorCode)] = &[
        (400, ErrorCode::BadRequest),
        (401, ErrorCode::Unauthorized),
        (403, ErrorCode::Unauthorized),
        (404, ErrorCode::NotFound),
        (405, ErrorCode::BadRequest),
        (415, ErrorCode::BadRequest),
        (422, ErrorCode::BadRequest),
        (429, ErrorCode::RateLimited),
        (500, ErrorCode::ServerError),
    ];
    for (status, code) in cases {
        for body in [r#"{"message": "nope", "code": "E42"}"#, "Forbidden", ""] {
            let e = equals::parse_response(&resp_h(*status, &[("retry-after", "1")], body), &ctx())
                .unwrap_err();
            assert_eq!(e.code, *code, "{status} {body}");
            assert_eq!(e.status, Some(*status));
            assert_eq!(e.provider, Some(Provider::Equals));
            assert_eq!(e.body.as_deref(), Some(body));
            if body.starts_with('{') {
                assert_eq!(e.provider_code.as_deref(), Some("E42"));
                assert!(e.message.ends_with(": nope"), "{}", e.message);
            }
            assert_eq!(e.retry_after, Some(1.0), "{status}");
            assert_clean(&e);
        }
    }
    let e = equals::parse_response(&resp(405, ""), &ctx()).unwrap_err();
    assert!(e.message.contains("check baseUrl"), "{}", e.message);
}

#[test]
fn equals_success_with_bad_body_is_bad_response() {
    for body in ["", "not json", "{}", r#"{"persona": {}}"#] {
        let e = equals::parse_response(&resp(201, body), &ctx()).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse, "{body}");
        assert_eq!(e.status, Some(201));
    }
}

#[test]
fn equals_error_echoing_the_key_is_scrubbed() {
    let body = format!(r#"{{"message": "ApiKey {API_KEY} is not valid"}}"#);
    let e = equals::parse_response(&resp(403, &body), &ctx()).unwrap_err();
    assert_clean(&e);
}

// ------------------------------------------------------------------ Horus

#[test]
fn horus_created() {
    let c = ParseContext {
        request_id: Some("sent-1"),
        ..ctx()
    };
    let r = horus::parse_response(
        &resp_h(
            200,
            &[("X-USIL-Request-Id", "echoed-1")],
            r#"{"code": 200001, "message": "entity was created"}"#,
        ),
        &c,
    )
    .unwrap();
    assert!(r.created);
    assert_eq!(r.reason, None);
    assert_eq!(r.code, "200001");
    assert_eq!(r.message.as_deref(), Some("entity was created"));
    assert_eq!(r.request_id.as_deref(), Some("echoed-1"));
    let js = serde_json::to_value(&r).unwrap();
    assert_eq!(
        js,
        json!({"created": true, "code": "200001", "message": "entity was created", "requestId": "echoed-1", "retried": false})
    );
}

#[test]
fn horus_request_id_falls_back_to_the_sent_one() {
    let c = ParseContext {
        request_id: Some("sent-1"),
        ..ctx()
    };
    let r =
        horus::parse_response(&resp(200, r#"{"code": "200001", "message": "ok"}"#), &c).unwrap();
    assert_eq!(r.request_id.as_deref(), Some("sent-1"));
    // An echoed value that is not a plausible id is ignored.
    let r = horus::parse_response(
        &resp_h(
            200,
            &[("x-usil-request-id", "has space")],
            r#"{"code": 200001}"#,
        ),
        &c,
    )
    .unwrap();
    assert_eq!(r.request_id.as_deref(), Some("sent-1"));
}

#[test]
fn horus_document_sample_20000_is_success() {
    let r = horus::parse_response(
        &resp(200, r#"{"code": 20000, "message": "success"}"#),
        &ctx(),
    )
    .unwrap();
    assert!(r.created);
    assert_eq!(r.code, "20000");
    let r =
        horus::parse_response(&resp(200, r#"{"code": 200099, "message": "x"}"#), &ctx()).unwrap();
    assert!(r.created);
}

#[test]
fn horus_already_exists_is_never_a_creation() {
    for (code, reason, text) in [
        (200023, NotCreatedReason::EmailExists, "EMAIL_EXISTS"),
        (
            200024,
            NotCreatedReason::IdentifierExists,
            "IDENTIFIER_EXISTS",
        ),
    ] {
        for retried in [false, true] {
            let c = ParseContext {
                retried,
                request_id: Some("r1"),
                ..ctx()
            };
            let body = format!(r#"{{"code": {code}, "message": "a person already exist"}}"#);
            let r = horus::parse_response(&resp(200, &body), &c).unwrap();
            assert!(!r.created);
            assert_eq!(r.reason, Some(reason));
            assert_eq!(r.retried, retried);
            let js = serde_json::to_value(&r).unwrap();
            assert_eq!(js["reason"], text);
            assert_eq!(js["created"], false);
            assert_eq!(js["retried"], retried);
        }
    }
}

#[test]
fn horus_every_documented_error() {
    let cases: &[(u16, &str, ErrorCode, Option<&str>)] = &[
        (
            403,
            r#"{"code": 403051, "message": "clientId or clientScret are invalid"}"#,
            ErrorCode::Unauthorized,
            Some("403051"),
        ),
        (
            401,
            r#"{"code": 401001, "message": "unauthorized"}"#,
            ErrorCode::Unauthorized,
            Some("401001"),
        ),
        (
            400,
            r#"{"code": 400002, "message": "field is required"}"#,
            ErrorCode::BadRequest,
            Some("400002"),
        ),
        (
            404,
            r#"{"code": 404001, "message": "category not found"}"#,
            ErrorCode::NotFound,
            Some("404001"),
        ),
        (
            429,
            r#"{"code": 429001, "message": "slow"}"#,
            ErrorCode::RateLimited,
            Some("429001"),
        ),
        (
            500,
            r#"{"code": 500001, "message": "internal"}"#,
            ErrorCode::ServerError,
            Some("500001"),
        ),
        (
            502,
            "<html>Bad Gateway</html>",
            ErrorCode::ServerError,
            None,
        ),
        (503, "", ErrorCode::ServerError, None),
        // The code's class wins over a mismatched HTTP status.
        (
            200,
            r#"{"code": 400002, "message": "field is required"}"#,
            ErrorCode::BadRequest,
            Some("400002"),
        ),
        (
            500,
            r#"{"code": 403051, "message": "bad client"}"#,
            ErrorCode::Unauthorized,
            Some("403051"),
        ),
        // A code of no known class falls back to the status.
        (
            409,
            r#"{"code": 123, "message": "?"}"#,
            ErrorCode::BadRequest,
            Some("123"),
        ),
        (
            200,
            r#"{"code": 123, "message": "?"}"#,
            ErrorCode::BadResponse,
            Some("123"),
        ),
        // Success codes with an error status are errors by status.
        (
            500,
            r#"{"code": 200001}"#,
            ErrorCode::ServerError,
            Some("200001"),
        ),
        // No code in a 2xx.
        (
            200,
            r#"{"message": "success"}"#,
            ErrorCode::BadResponse,
            None,
        ),
        (200, "success", ErrorCode::BadResponse, None),
        (200, "", ErrorCode::BadResponse, None),
    ];
    for (status, body, code, provider_code) in cases {
        let c = ParseContext {
            request_id: Some("sent-7"),
            ..ctx()
        };
        let e = horus::parse_response(&resp(*status, body), &c).unwrap_err();
        assert_eq!(e.code, *code, "{status} {body}");
        assert_eq!(e.status, Some(*status));
        assert_eq!(e.provider, Some(Provider::Horus));
        assert_eq!(
            e.provider_code.as_deref(),
            *provider_code,
            "{status} {body}"
        );
        assert_eq!(e.request_id.as_deref(), Some("sent-7"));
        assert_clean(&e);
    }
}

#[test]
fn horus_error_echoing_the_request_never_leaks_the_client_secret() {
    let echoed = format!(
        r#"{{"code": 400002, "message": "field is required: {{\"clientId\":\"bb145d5f\",\"clientSecret\":\"{CLIENT_SECRET}\"}}",
            "request": {{"clientId": "bb145d5f", "clientSecret": "{CLIENT_SECRET}", "password": "hunter2"}}}}"#
    );
    let e = horus::parse_response(&resp(400, &echoed), &ctx()).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert_clean(&e);
    let body = e.body.unwrap();
    assert!(body.contains(r#""clientSecret": "[redacted]""#), "{body}");
    assert!(!body.contains("hunter2"), "{body}");
    // Even when the parser is not told the secret, the key-based pass removes it.
    let e = horus::parse_response(&resp(400, &echoed), &ParseContext::default()).unwrap_err();
    assert!(!e.body.unwrap().contains(CLIENT_SECRET));
    assert!(!e.message.contains(CLIENT_SECRET), "{}", e.message);
}

// --------------------------------------------------------------- properties

fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200_u16),
        Just(201),
        Just(400),
        Just(403),
        Just(412),
        Just(429),
        Just(500),
        0..1000_u16
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_any_parser(status in any_status(), body in proptest::collection::vec(any::<u8>(), 0..6000)) {
        let r = HttpResponse::new(status, vec![("retry-after".into(), "3".into())], body);
        let c = ctx();
        for e in [
            verifik::parse_response(&r, &c).err(),
            equals::parse_response(&r, &c).err(),
            horus::parse_response(&r, &c).err(),
        ].into_iter().flatten() {
            prop_assert!(e.body.as_ref().is_some_and(|b| b.len() <= MAX_BODY_BYTES));
            prop_assert_eq!(e.status, Some(status));
        }
    }

    #[test]
    fn json_like_bodies_never_panic(status in any_status(), body in r#"\{("(code|message|error|data|id|_id|success|persona|clientSecret)"\s*:\s*("[a-z_0-9 \\"]*"|[0-9]{1,7}|true|false|null|\{\}|\[\])[,}]?)*"#) {
        let r = HttpResponse::new(status, Vec::new(), body.into_bytes());
        let c = ctx();
        let _ = verifik::parse_response(&r, &c);
        let _ = equals::parse_response(&r, &c);
        let _ = horus::parse_response(&r, &c);
    }

    #[test]
    fn redaction_never_panics_and_stays_bounded(text in ".{0,300}", secret in "[A-Z0-9\"\\\\]{1,12}") {
        let _ = redact_secret_fields(&text);
        let with_secret = format!("{text}{secret}{text}");
        let out = body_excerpt(with_secret.as_bytes(), &[&secret]);
        prop_assert!(out.len() <= MAX_BODY_BYTES);
        prop_assert!(!out.contains(secret.as_str()));
    }
}
