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
    for case in cases.iter() {
        let provider = get(&case, "provider").as_string().unwrap();
        let input = get(&case, "input");
        let r = match provider.as_str() {
            "verifik" => validate_verifik_person(&input),
            "equals" => validate_equals_person(&input),
            _ => validate_horus_person(&input),
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
