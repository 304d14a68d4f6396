//! The one wasm-bindgen-test suite, run in Node (`tests/node.rs`) and in
//! headless Chromium (`tests/browser.rs`): the serde-wasm-bindgen layout.

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(personkit::wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn core_errors_become_personkit_errors_without_the_body_in_json() {
    use personkit::{Error, ErrorCode, Provider};
    let mut e =
        Error::new(ErrorCode::BadResponse, "unexpected answer").with_provider(Provider::Equals);
    e.status = Some(502);
    e.body = Some("<html>personal data</html>".into());
    let js: wasm_bindgen::JsValue = e.into();
    let class = personkit::wasm::error::personkit_error_class();
    assert!(wasm_bindgen::JsCast::is_instance_of::<js_sys::Error>(&js));
    assert!(js_sys::Reflect::get(&js, &"constructor".into()).unwrap() == class);
    let get = |k: &str| js_sys::Reflect::get(&js, &k.into()).unwrap();
    assert_eq!(get("name").as_string().unwrap(), "PersonkitError");
    assert_eq!(get("code").as_string().unwrap(), "BAD_RESPONSE");
    assert_eq!(get("provider").as_string().unwrap(), "equals");
    assert_eq!(get("status").as_f64().unwrap(), 502.0);
    let json = js_sys::JSON::stringify(&js).unwrap().as_string().unwrap();
    assert!(
        json.contains("BAD_RESPONSE") && !json.contains("personal data"),
        "{json}"
    );
}

/// The native case table, through the wasm functions JS calls, in Node and in Chromium.
#[wasm_bindgen_test]
fn validation_case_table_through_the_wasm_api() {
    use personkit::wasm::validate::{
        validate_equals_person, validate_horus_person, validate_verifik_person,
    };
    use wasm_bindgen::JsValue;
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    let doc = js_sys::JSON::parse(include_str!("../fixtures/validate_cases.json")).unwrap();
    let cases: js_sys::Array = get(&doc, "cases").into();
    assert!(cases.length() >= 200);
    // The default locale (English) and Spanish: the words change, the codes and paths do not.
    let es = js_sys::JSON::parse(r#"{"locale":"es"}"#).unwrap();
    for options in [JsValue::UNDEFINED, es] {
        for case in cases.iter() {
            let provider = get(&case, "provider").as_string().unwrap();
            let input = get(&case, "input");
            let r = match provider.as_str() {
                "verifik" => validate_verifik_person(input.clone(), options.clone()),
                "equals" => validate_equals_person(input.clone(), options.clone()),
                _ => validate_horus_person(input.clone(), options.clone()),
            };
            let pairs = |list: JsValue| {
                let mut v: Vec<String> = js_sys::Array::from(&list)
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {}",
                            get(&e, "field").as_string().unwrap(),
                            get(&e, "code").as_string().unwrap()
                        )
                    })
                    .collect();
                v.sort();
                v
            };
            let expect = pairs(get(&case, "expect"));
            let name = get(&case, "name").as_string().unwrap();
            if expect.is_empty() {
                assert_eq!(get(&r, "ok"), JsValue::TRUE, "{provider}: {name}");
            } else {
                assert_eq!(pairs(get(&r, "errors")), expect, "{provider}: {name}");
            }
        }
    }
}

/// A JS `Blob` of `bytes`, built through the global constructor (Node 20 and browsers).
fn blob_of(bytes: &[u8]) -> wasm_bindgen::JsValue {
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"Blob".into())
        .unwrap()
        .into();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&parts)).unwrap()
}

/// `read_image_source`, the reader the clients use for `images` entries: every
/// source kind gives the same checked bytes; errors are the core's codes.
#[wasm_bindgen_test]
async fn read_image_source_takes_every_source_kind() {
    use personkit::image::ImageLimits;
    use personkit::wasm::image::{read_and_inspect, read_image_source};
    use personkit::ErrorCode;
    use wasm_bindgen::JsValue;

    let png: &[u8] = include_bytes!("../fixtures/images/face-96x128.png");
    let b64 = personkit::image::encode_base64(png);
    let limits = ImageLimits::default();
    let u8s = js_sys::Uint8Array::from(png);
    let sources: [JsValue; 5] = [
        blob_of(png),
        u8s.clone().into(),
        u8s.buffer().into(),
        JsValue::from_str(&b64),
        JsValue::from_str(&format!("data:image/png;base64,{b64}")),
    ];
    for source in &sources {
        assert_eq!(read_image_source(source, &limits).await.unwrap(), png);
    }
    let (info, _) = read_and_inspect(&sources[0], &limits, &JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(
        (info.width, info.height, info.mime_type),
        (96, 128, "image/png")
    );

    let small = ImageLimits {
        max_bytes: 100,
        ..limits
    };
    for source in &sources {
        let e = read_image_source(source, &small).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageTooLarge, "{}", e.message);
    }
    let pdf: &[u8] = include_bytes!("../fixtures/images/document.pdf");
    let e = read_image_source(&blob_of(pdf), &limits).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidImageFormat);
    let e = read_image_source(&JsValue::from_f64(1.0), &limits)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidType);
    let e = read_image_source(&blob_of(&[]), &limits).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageEmpty);
}

/// `encodeImage` as JS calls it: a Promise of `{ base64, mimeType, … }`, or
/// one rejected with a `PersonkitError`.
#[wasm_bindgen_test]
async fn encode_image_resolves_and_rejects_with_personkit_errors() {
    use personkit::wasm::image::encode_image;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;

    let jpeg: &[u8] = include_bytes!("../fixtures/images/orientation-6.jpg");
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    let ok = JsFuture::from(encode_image(blob_of(jpeg), JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(
        get(&ok, "base64").as_string().unwrap(),
        personkit::image::encode_base64(jpeg)
    );
    assert_eq!(get(&ok, "width").as_f64(), Some(48.0));
    assert_eq!(get(&ok, "orientation").as_f64(), Some(6.0));

    let options = js_sys::JSON::parse(r#"{"maxBytes":0}"#).unwrap();
    let err = JsFuture::from(encode_image(js_sys::Uint8Array::from(jpeg).into(), options))
        .await
        .unwrap_err();
    let class = personkit::wasm::error::personkit_error_class();
    assert!(get(&err, "constructor") == class);
    assert_eq!(get(&err, "code").as_string().unwrap(), "INVALID_OPTIONS");
    assert_eq!(get(&err, "field").as_string().unwrap(), "maxBytes");
}

/// The validator's per-image limit (10 MiB decoded, as `encodeImage`'s
/// default) through the wasm API, in Node and in Chromium: an image whose
/// base64 decodes to one byte more is `IMAGE_TOO_LARGE`, one at the limit is
/// not refused for its size. The strings are made here: 14 MB of JSON would
/// not belong in the shared case table.
#[wasm_bindgen_test]
fn verifik_image_over_ten_mebibytes_is_too_large() {
    use personkit::wasm::validate::validate_verifik_person;
    use wasm_bindgen::JsValue;
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    let codes_at = |bytes: usize| {
        // Base64 of exactly `bytes` zero bytes (padded).
        let base64 = "A".repeat(bytes / 3 * 4) + ["", "AA==", "AAA="][bytes % 3];
        let input = js_sys::Object::new();
        js_sys::Reflect::set(&input, &"name".into(), &"Ana".into()).unwrap();
        let images = js_sys::Array::of1(&base64.into());
        js_sys::Reflect::set(&input, &"images".into(), &images).unwrap();
        let r = validate_verifik_person(input.into(), JsValue::UNDEFINED);
        let errors = get(&r, "errors");
        if errors.is_undefined() {
            return Vec::new();
        }
        js_sys::Array::from(&errors)
            .iter()
            .filter(|e| get(e, "field").as_string().as_deref() == Some("images[0]"))
            .map(|e| get(&e, "code").as_string().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes_at((10 << 20) + 1), ["IMAGE_TOO_LARGE"]);
    // At the limit it is refused for what it is (not a JPEG or PNG), not for its size.
    assert!(!codes_at(10 << 20).contains(&"IMAGE_TOO_LARGE".to_owned()));
}
