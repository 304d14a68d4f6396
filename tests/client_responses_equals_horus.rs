//! Equals and Horus response parsing: every documented status and code,
//! "already exists" never reported as a creation, secrets never in messages.
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

use personkit::http::ParseContext;
use personkit::providers::equals::response as equals;
use personkit::providers::horus::response::{self as horus, NotCreatedReason};
use personkit::{ErrorCode, Provider};
use responses::*;
use serde_json::{json, Value};

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
    let person: Value = serde_json::from_str(&p.person).unwrap();
    assert_eq!(person["firstName"], "Alison");
    let persona: Value = serde_json::from_str(p.persona.as_ref().unwrap()).unwrap();
    assert_eq!(persona["status"], "invited");
    assert_eq!(person["persona"], persona, "the person is the whole body");
    let js: Value = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!(js["personaId"], "32684fcd-b4be-438a-88d2-ee9b5f3eecd3");
    assert_eq!(js["persona"]["employeeNumber"], "948");
    assert_eq!(js["retried"], false);
    assert!(!format!("{p:?}").contains("Alison"));
}

#[test]
fn equals_201_without_persona_keeps_the_person() {
    let p = equals::parse_response(&resp(201, r#"{"id": "p1", "persona": null}"#), &ctx()).unwrap();
    assert!(p.persona.is_none());
    assert_eq!(p.persona_id, None);
    let js: Value = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!(js["persona"], Value::Null);
    assert_eq!(js["personaId"], Value::Null);
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
    // A 404 with nothing of the provider's own may be the wrong base URL; one
    // with the provider's error code (an unknown account) is not.
    let e = equals::parse_response(&resp(404, "not here"), &ctx()).unwrap_err();
    assert!(e.message.contains("check baseUrl"), "{}", e.message);
    let body = r#"{"code":"ACCOUNT_NOT_FOUND","message":"account not found"}"#;
    let e = equals::parse_response(&resp(404, body), &ctx()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(!e.message.contains("baseUrl"), "{}", e.message);
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
