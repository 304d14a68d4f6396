//! Request building for the three providers: method, URL, headers and body
//! exactly as the documents say; option checks; no secret in Debug or errors.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap, index and panic, helpers included: a failing test is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64_simd::STANDARD;
use build::Request;
use personkit::http::{check_base_url, Endpoint};
use personkit::providers::horus::request::{self as horus, Credentials};
use personkit::providers::{equals::request as equals, verifik::request as verifik};
use personkit::ErrorCode;
use serde_json::{json, Map, Value};

const TOKEN: &str = "tok-SECRET-verifik-123";
const API_KEY: &str = "key-SECRET-equals-456";
const CLIENT_SECRET: &str = "bb145d5fxyz-SECRET";

fn map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!("not an object"),
    }
}

fn endpoint(base: &str) -> Endpoint {
    Endpoint::new(base, &[]).unwrap()
}

fn assert_no_secret(text: &str) {
    for secret in [TOKEN, API_KEY, CLIENT_SECRET] {
        assert!(!text.contains(secret), "secret leaked: {text}");
    }
}

/// Create-person requests as a client makes them: the provider's `head`
/// (built once per client) with a call's body, and for Horus the call's
/// `x-usil-request-id`.
mod build {
    use std::fmt;

    use personkit::http::{Endpoint, RequestHead};
    use personkit::providers::equals::request as equals_request;
    use personkit::providers::horus::request::{self as horus_request, Credentials};
    use personkit::providers::verifik::request::{self as verifik_request, ImageData};
    use personkit::Error;
    use serde_json::{Map, Value};

    /// A whole request: the head the library builds, and a body.
    pub struct Request {
        pub head: RequestHead,
        pub body: Vec<u8>,
    }

    impl std::ops::Deref for Request {
        type Target = RequestHead;
        fn deref(&self) -> &RequestHead {
            &self.head
        }
    }

    impl Request {
        /// The value of a header, by case-insensitive name.
        pub fn header(&self, name: &str) -> Option<&str> {
            let mut found = self
                .head
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name));
            let value = found.next().map(|(_, v)| v.as_str());
            assert!(found.next().is_none(), "{name} sent twice");
            value
        }
    }

    /// The head as the library prints it (secrets redacted), the body's length only.
    impl fmt::Debug for Request {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{:?} with {} bytes", self.head, self.body.len())
        }
    }

    pub fn verifik(
        endpoint: &Endpoint,
        token: Option<&str>,
        fields: &Map<String, Value>,
        images: &[ImageData<'_>],
    ) -> Result<Request, Error> {
        let head = verifik_request::head(endpoint, token)?;
        let body = verifik_request::build_body(fields, images)?;
        Ok(Request { head, body })
    }

    pub fn equals(
        endpoint: &Endpoint,
        api_key: Option<&str>,
        fields: &Map<String, Value>,
    ) -> Result<Request, Error> {
        let head = equals_request::head(endpoint, api_key)?;
        let body = equals_request::build_body(fields)?;
        Ok(Request { head, body })
    }

    pub fn horus(
        endpoint: &Endpoint,
        credentials: Option<&Credentials<'_>>,
        request_id: &str,
        fields: &Map<String, Value>,
    ) -> Result<Request, Error> {
        let (name, value) = horus_request::request_id_header(request_id)?;
        let mut head = horus_request::head(endpoint)?;
        let body = horus_request::build_body(credentials, fields)?;
        head.headers.push((name.to_owned(), value));
        Ok(Request { head, body })
    }
}

fn header_names(req: &Request) -> Vec<&str> {
    req.headers.iter().map(|(n, _)| n.as_str()).collect()
}

// ---------------------------------------------------------------- Verifik

fn verifik_fields() -> Map<String, Value> {
    map(json!({
        "name": "John Doe",
        "gender": "M",
        "date_of_birth": "1990-01-15",
        "nationality": "US",
        "collections": ["collection_123456789"],
        "notes": "VIP \"customer\"\nline two"
    }))
}

#[test]
fn verifik_request_is_as_documented() {
    let req = build::verifik(
        &endpoint(verifik::DEFAULT_BASE_URL),
        Some(TOKEN),
        &verifik_fields(),
        &[verifik::ImageData::Base64("aGVsbG8=")],
    )
    .unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url,
        "https://api.verifik.co/v2/face-recognition/persons"
    );
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("accept"), Some("application/json"));
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    let mut expected = verifik_fields();
    expected.insert("images".into(), json!(["aGVsbG8="]));
    assert_eq!(body, Value::Object(expected));
}

#[test]
fn verifik_body_equals_a_straightforward_build_with_three_1mib_images() {
    let images: Vec<Vec<u8>> = (0..3_u8)
        .map(|k| {
            (0..1024 * 1024 + usize::from(k))
                .map(|i| (i * 31 + usize::from(k)) as u8)
                .collect()
        })
        .collect();
    let data: Vec<verifik::ImageData<'_>> = images
        .iter()
        .map(|b| verifik::ImageData::Bytes(b))
        .collect();
    let body = verifik::build_body(&verifik_fields(), &data).unwrap();
    // One allocation of exactly the right size.
    assert_eq!(body.len(), body.capacity());

    // The reference: base64 strings, a serde_json object, to_vec.
    let mut reference = verifik_fields();
    reference.insert(
        "images".into(),
        Value::Array(
            images
                .iter()
                .map(|b| Value::String(STANDARD.encode_to_string(b)))
                .collect(),
        ),
    );
    let reference_bytes = serde_json::to_vec(&reference).unwrap();
    let ours: Value = serde_json::from_slice(&body).unwrap();
    let theirs: Value = serde_json::from_slice(&reference_bytes).unwrap();
    assert_eq!(ours, theirs);
    // Same members, so the same length as well.
    assert_eq!(body.len(), reference_bytes.len());
}

#[test]
fn verifik_mixed_images_and_odd_lengths() {
    for len in 0..7 {
        let bytes: Vec<u8> = (0..len).map(|i| i as u8 ^ 0xA5).collect();
        let body = verifik::build_body(
            &Map::new(),
            &[
                verifik::ImageData::Bytes(&bytes),
                verifik::ImageData::Base64("QUJD"),
            ],
        )
        .unwrap();
        assert_eq!(body.len(), body.capacity());
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            v,
            json!({"images": [STANDARD.encode_to_string(&bytes), "QUJD"]})
        );
    }
}

#[test]
fn verifik_base64_string_that_needs_escaping_stays_valid_json() {
    // Validation refuses such a string; the writer must still never emit broken JSON.
    let body =
        verifik::build_body(&Map::new(), &[verifik::ImageData::Base64("a\"b\\c\n")]).unwrap();
    assert_eq!(body.len(), body.capacity());
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["images"][0], "a\"b\\c\n");
}

#[test]
fn verifik_without_token_sends_no_authorization() {
    let req = build::verifik(
        &endpoint("http://localhost:8787/api/verifik"),
        None,
        &verifik_fields(),
        &[],
    )
    .unwrap();
    assert_eq!(
        req.url,
        "http://localhost:8787/api/verifik/v2/face-recognition/persons"
    );
    assert_eq!(req.header("authorization"), None);
    assert_eq!(header_names(&req), ["content-type", "accept"]);
}

#[test]
fn verifik_rejects_bad_tokens_without_echoing_them() {
    let ep = endpoint(verifik::DEFAULT_BASE_URL);
    for bad in [
        format!("{TOKEN}\r\nx-evil: 1"),
        format!("{TOKEN}\n"),
        format!("{TOKEN}\0"),
        String::new(),
    ] {
        let e = build::verifik(&ep, Some(&bad), &verifik_fields(), &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert_eq!(e.field.as_deref(), Some("token"));
        assert_no_secret(&e.to_string());
        assert_no_secret(&format!("{e:?}"));
    }
}

#[test]
fn token_and_authorization_header_together_is_refused() {
    let ep = Endpoint::new(
        verifik::DEFAULT_BASE_URL,
        &[("Authorization".into(), "Bearer other".into())],
    )
    .unwrap();
    let e = build::verifik(&ep, Some(TOKEN), &verifik_fields(), &[]).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    // Without a token, the user's own authorization header is sent.
    let req = build::verifik(&ep, None, &verifik_fields(), &[]).unwrap();
    assert_eq!(req.header("authorization"), Some("Bearer other"));
}

#[test]
fn images_in_fields_are_refused() {
    let mut fields = verifik_fields();
    fields.insert("images".into(), json!(["aGk="]));
    let e = verifik::build_body(&fields, &[]).unwrap_err();
    assert_eq!(e.code, ErrorCode::ValidationFailed);
}

// ----------------------------------------------------------------- Equals

fn equals_fields() -> Map<String, Value> {
    map(json!({
        "accountId": "F12345",
        "firstName": "Alison",
        "lastName": "Abraham",
        "roleName": "Viewer",
        "dob": "1996-07-17",
        "emailAddress": "a.abraham@acme.com",
        "primaryMobileNumber": "+447798121212",
        "status": "active",
        "employeeNumber": "948",
        "jobTitle": "Administrative Assistant",
        "notifyEmailTrans": true,
        "createdByPersonaId": "288cf796-c1ad-4ffd-9eb9-af210bff0ea0"
    }))
}

#[test]
fn equals_request_is_as_documented() {
    let ep = Endpoint::new(equals::SANDBOX_BASE_URL, &[("X-Trace".into(), "t1".into())]).unwrap();
    let req = build::equals(&ep, Some(API_KEY), &equals_fields()).unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(req.url, "https://api-sandbox.equalsmoney.com/v2/people");
    assert_eq!(
        req.header("authorization"),
        Some(format!("ApiKey {API_KEY}").as_str())
    );
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("x-trace"), Some("t1"));
    assert_eq!(
        header_names(&req),
        ["content-type", "accept", "authorization", "x-trace"]
    );
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body, Value::Object(equals_fields()));
    assert_eq!(req.body, serde_json::to_vec(&equals_fields()).unwrap());
    assert_eq!(equals::DEFAULT_BASE_URL, "https://api.equalsmoney.com");
}

#[test]
fn equals_without_key_and_with_bad_key() {
    let ep = endpoint(equals::DEFAULT_BASE_URL);
    let req = build::equals(&ep, None, &equals_fields()).unwrap();
    assert_eq!(req.header("authorization"), None);
    let e = build::equals(&ep, Some("k\r\n"), &equals_fields()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    assert_eq!(e.field.as_deref(), Some("apiKey"));
}

// ------------------------------------------------------------------ Horus

fn horus_fields() -> Map<String, Value> {
    map(json!({
        "mainIdentifier": "44512345",
        "externalId": "92dd9aa0",
        "firstName": "Jane",
        "additionalFirstName": "Alice",
        "lastName": "Doe",
        "additionalLastName": "Patterson",
        "email": "jane@828fligth.com",
        "password": "",
        "enabled": 1,
        "custom": "{\"key\":\"value\"}",
        "categoryId": 1,
        "positionId": 1
    }))
}

const CREDS: Credentials<'static> = Credentials {
    client_id: "bb145d5f",
    client_secret: CLIENT_SECRET,
};

#[test]
fn horus_request_is_as_documented() {
    let ep = endpoint("https://horus.example.com/base/");
    let id = horus::request_id_from_random(&[7; 16]);
    let req = build::horus(&ep, Some(&CREDS), &id, &horus_fields()).unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url,
        "https://horus.example.com/base/v1/nonspec/oauth2/management/person"
    );
    assert_eq!(req.header("x-usil-request-id"), Some(id.as_str()));
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("authorization"), None);
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    let mut expected = horus_fields();
    expected.insert("clientId".into(), json!("bb145d5f"));
    expected.insert("clientSecret".into(), json!(CLIENT_SECRET));
    assert_eq!(body, Value::Object(expected));
    assert!(req
        .body
        .starts_with(br#"{"clientId":"bb145d5f","clientSecret":"#));
    assert_eq!(req.body.len(), req.body.capacity());
}

#[test]
fn horus_without_credentials_sends_fields_only() {
    let req = build::horus(
        &endpoint("http://127.0.0.1:9999"),
        None,
        "abc-123",
        &horus_fields(),
    )
    .unwrap();
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body, Value::Object(horus_fields()));
}

#[test]
fn horus_checks_request_id_and_credentials() {
    let ep = endpoint("https://horus.example.com");
    for bad in [
        "",
        "has space",
        "semi;colon",
        "line\nbreak",
        &"a".repeat(129),
    ] {
        let e = build::horus(&ep, Some(&CREDS), bad, &horus_fields()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert_eq!(e.field.as_deref(), Some("requestId"));
    }
    let empty = Credentials {
        client_id: "id",
        client_secret: "",
    };
    let e = build::horus(&ep, Some(&empty), "r1", &horus_fields()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("clientSecret"));
    let mut fields = horus_fields();
    fields.insert("clientSecret".into(), json!("other"));
    let e = build::horus(&ep, Some(&CREDS), "r1", &fields).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    assert_no_secret(&e.to_string());
}

#[test]
fn request_ids_from_random_bytes() {
    let id = horus::request_id_from_random(&(0..32).collect::<Vec<u8>>());
    assert_eq!(id, "000102030405060708090a0b0c0d0e0f");
    assert!(horus::is_valid_request_id(&id));
    assert!(horus::is_valid_request_id(
        "0f8fad5b-d9cb-469f-a165-70867728950e"
    ));
    assert!(!horus::is_valid_request_id(&horus::request_id_from_random(
        &[]
    )));
}

// ------------------------------------------------------------ Debug / secrets

#[test]
fn debug_never_shows_secrets_or_bodies() {
    let v = build::verifik(
        &endpoint(verifik::DEFAULT_BASE_URL),
        Some(TOKEN),
        &verifik_fields(),
        &[],
    )
    .unwrap();
    let e = build::equals(
        &endpoint(equals::DEFAULT_BASE_URL),
        Some(API_KEY),
        &equals_fields(),
    )
    .unwrap();
    let h = build::horus(
        &endpoint("https://h.example"),
        Some(&CREDS),
        "r-1",
        &horus_fields(),
    )
    .unwrap();
    for req in [&v, &e, &h] {
        let text = format!("{req:?}");
        assert_no_secret(&text);
        assert!(
            !text.contains("Alison") && !text.contains("John") && !text.contains("Jane"),
            "{text}"
        );
        assert!(text.contains("[redacted]") || req.header("authorization").is_none());
    }
    assert!(format!("{h:?}").contains("x-usil-request-id: r-1"));
    assert_no_secret(&format!("{CREDS:?}"));
    let ep = Endpoint::new("https://x.example", &[("x-api-key".into(), API_KEY.into())]).unwrap();
    assert_no_secret(&format!("{ep:?}"));
    let img = [verifik::ImageData::Base64(TOKEN)];
    assert_no_secret(&format!("{img:?}"));
}

// --------------------------------------------------------------- options

#[test]
fn base_url_rules() {
    let accepted = [
        ("https://api.verifik.co", "https://api.verifik.co"),
        ("https://api.verifik.co/", "https://api.verifik.co"),
        ("HTTPS://API.VERIFIK.CO:443/", "https://api.verifik.co:443"),
        (
            "https://backend.example.com/proxy/verifik/",
            "https://backend.example.com/proxy/verifik",
        ),
        ("http://localhost", "http://localhost"),
        ("http://localhost:3000/api", "http://localhost:3000/api"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
        ("https://my_host.internal", "https://my_host.internal"),
    ];
    for (input, normalised) in accepted {
        assert_eq!(check_base_url(input).unwrap(), normalised, "{input}");
    }
    let rejected = [
        "",
        "api.verifik.co",
        "//api.verifik.co",
        "ftp://api.verifik.co",
        "http://api.verifik.co",
        "http://example.com",
        "http://localhost.evil.com",
        "http://127.0.0.2",
        "http://[::2]",
        "https://user:pass@api.verifik.co",
        "https://token@api.verifik.co",
        "https://api.verifik.co?x=1",
        "https://api.verifik.co/path?x=1",
        "https://api.verifik.co#frag",
        "https://api.verifik.co/a/../b",
        "https://api.verifik.co/a//b",
        "https://api.verifik.co:0",
        "https://api.verifik.co:65536",
        "https://api.verifik.co:",
        "https://api.verifik.co:8a",
        "https://",
        "https:///path",
        "https://api verifik.co",
        " https://api.verifik.co",
        "https://api.verifik.co\n",
        "https://api.verifik.co\\foo",
        "https://[::1",
        "https://bücher.example",
        "https://..example",
    ];
    for input in rejected {
        let e = check_base_url(input).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions, "{input:?}");
        assert_eq!(e.field.as_deref(), Some("baseUrl"));
    }
    let e = check_base_url("https://me:hunter2@x.example").unwrap_err();
    assert!(!e.message.contains("hunter2"));
}

#[test]
fn extra_header_rules() {
    let cases: [(&str, &str); 8] = [
        ("x-trace", "a\rb"),
        ("x-trace", "a\nb"),
        ("x-trace", "a\r\nx-evil: 1"),
        ("x-trace", "a\0b"),
        ("x-trace", "bell\u{7}"),
        ("x trace", "ok"),
        ("", "ok"),
        ("x-trace", "emoji 😀"),
    ];
    for (name, value) in cases {
        let e = Endpoint::new("https://x.example", &[(name.into(), value.into())]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions, "{name:?} {value:?}");
        assert!(!e.message.contains("evil"));
    }
    for reserved in [
        "Content-Type",
        "content-length",
        "Host",
        "Accept",
        "X-USIL-Request-Id",
    ] {
        assert!(
            Endpoint::new("https://x.example", &[(reserved.into(), "v".into())]).is_err(),
            "{reserved}"
        );
    }
    let e = Endpoint::new(
        "https://x.example",
        &[("x-key".into(), format!("{API_KEY}\r\n"))],
    )
    .unwrap_err();
    assert!(e.message.contains("x-key"));
    assert_no_secret(&e.message);
    let ok = Endpoint::new("https://x.example", &[("X-Tab".into(), "a\tb é".into())]).unwrap();
    assert_eq!(ok.headers(), [("x-tab".to_owned(), "a\tb é".to_owned())]);
}
