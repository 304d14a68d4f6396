//! Tests of the view: both kinds read back as the value, lookups, malformed records.
use super::*;
use serde_json::json;

/// The value read back through `Json`, as a `Value`.
fn back(j: Json<'_>) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(b),
        Json::Number(Num::PosInt(n)) => Value::from(n),
        Json::Number(Num::NegInt(n)) => Value::from(n),
        Json::Number(Num::Float(x)) => Value::from(x),
        Json::String(s) => Value::String(s.to_owned()),
        Json::Array(items) => Value::Array(items.iter().map(back).collect()),
        Json::Object(e) => Value::Object(e.iter().map(|(k, v)| (k.to_owned(), back(v))).collect()),
    }
}

/// The documented names some keys were recorded as; `None` for a
/// `serde_json` map.
fn field_names<'a>(e: Entries<'a>) -> Option<&'a [&'a str]> {
    match e.0 {
        EntriesRepr::Map(_) => None,
        EntriesRepr::Doc { doc, .. } => Some(doc.names),
    }
}

/// `(key, value)` pairs in order, each key with its index in
/// [`field_names`] when the JS walk already matched it there.
fn members<'a>(e: Entries<'a>) -> Vec<(&'a str, Option<usize>, Json<'a>)> {
    let mut out = Vec::new();
    match e.iter().0 {
        EntriesIterRepr::Map(m) => {
            out.extend(m.map(|(k, v)| (k.as_str(), None, Json::from(v))));
        }
        EntriesIterRepr::Doc(mut s) => loop {
            let field = match s.doc.record(s.next) {
                Some((kind::FIELD, i, _)) => Some(i),
                _ => None,
            };
            let (Some(key), Some(value)) = (s.next().and_then(Json::as_str), s.next()) else {
                break;
            };
            out.push((key, field, value));
        },
    }
    out
}

fn samples() -> Vec<Value> {
    vec![
        json!(null),
        json!([]),
        json!({}),
        json!("Ñañez 😀"),
        json!({"a": [1, [2, {}], {"b": null}], "c": "x", "d": {"e": [true, false]}}),
        json!([[[]], {"k": []}, 3.5, -1, {"ñ": "😀x", "long": "y".repeat(40)}]),
    ]
}

#[test]
fn doc_reads_back_as_the_value() {
    for v in samples() {
        for long in [1, 8, usize::MAX] {
            let buf = DocBuf::from_value(&v, long);
            let mut rec = Vec::new();
            let doc = buf.doc(&mut rec, &[]).unwrap();
            assert_eq!(back(doc.root()), v, "long = {long}");
        }
        assert_eq!(back(Json::from(&v)), v);
    }
}

#[test]
fn lookups_on_both_kinds() {
    let v = json!({"a": [1, 2], "b": {"c": 1}, "d": "x"});
    let buf = DocBuf::from_value(&v, usize::MAX);
    let mut rec = Vec::new();
    let doc = buf.doc(&mut rec, &[]).unwrap();
    for j in [doc.root(), Json::from(&v)] {
        let Json::Object(e) = j else { panic!() };
        assert_eq!(e.len(), 3);
        assert_eq!(e.get("d").and_then(Json::as_str), Some("x"));
        assert!(e.get("zz").is_none());
        let Some(Json::Array(items)) = e.get("a") else {
            panic!()
        };
        assert_eq!(items.len(), 2);
    }
}

#[test]
fn keys_the_walk_matched_read_as_their_names() {
    let rec = [7, 2, 5, 8, 1, 0, 0, 0, 0, 4, 0, 1, 2, 0, 0];
    let names = ["a", "b"];
    let doc = Doc::new(&rec, &[], "k", &[], &names).unwrap();
    let Json::Object(e) = doc.root() else {
        panic!()
    };
    assert_eq!(field_names(e), Some(&names[..]));
    let members: Vec<_> = members(e)
        .into_iter()
        .map(|(k, i, v)| (k, i, back(v)))
        .collect();
    assert_eq!(
        members,
        [("b", Some(1), Value::Null), ("k", None, Value::Bool(true))]
    );
    assert_eq!(back(doc.root()), json!({"b": null, "k": true}));
}

#[test]
fn malformed_records_are_refused() {
    let ok = |rec: &[u32], text: &str| Doc::new(rec, &[], text, &[], &[]).is_some();
    assert!(ok(&[7, 1, 3, 4, 0, 1, 0, 0, 0], "k"));
    assert!(!ok(&[], ""), "no value");
    assert!(!ok(&[7, 1, 3, 4, 0, 1], "k"), "end past the records");
    assert!(!ok(&[0, 0, 0, 0, 0, 0], ""), "two values");
    // A string past the text or inside a character reads as nothing.
    let doc = Doc::new(&[4, 0, 1], &[], "ñ", &[], &[]).unwrap();
    assert!(doc.root().is_null());
    let doc = Doc::new(&[4, 0, 2], &[], "ñ", &[], &[]).unwrap();
    assert_eq!(doc.root().as_str(), Some("ñ"));
    let doc = Doc::new(&[3, 1, 0], &[1.5], "", &[], &[]).unwrap();
    assert!(doc.root().is_null(), "no such number");
    // From the walk: UTF-16 ranges.
    let walk =
        |rec: &[u32], text: &str| Doc::from_walk(&mut rec.to_vec(), &[], text, &[], &[]).is_some();
    assert!(walk(&[4, 0, 1], "ñ"), "one unit, two bytes");
    assert!(!walk(&[4, 0, 1], "😀"), "half a character");
    assert!(!walk(&[4, 0, 3], "ñ"), "past the text");
    let mut rec = vec![6, 2, 3, 4, 0, 3, 4, 3, 1];
    let doc = Doc::from_walk(&mut rec, &[], "ñ😀x", &[], &[]).unwrap();
    let Json::Array(items) = doc.root() else {
        panic!()
    };
    let strings: Vec<_> = items.iter().filter_map(Json::as_str).collect();
    assert_eq!(strings, ["ñ😀", "x"]);
    // Strings before the first non-ASCII character, and one that starts
    // in the ASCII part and ends past it.
    let mut rec = vec![6, 3, 4, 4, 0, 2, 4, 2, 3, 4, 5, 2];
    let doc = Doc::from_walk(&mut rec, &[], "abcñdéf", &[], &[]).unwrap();
    let Json::Array(items) = doc.root() else {
        panic!()
    };
    let strings: Vec<_> = items.iter().filter_map(Json::as_str).collect();
    assert_eq!(strings, ["ab", "cñd", "éf"]);
}

#[test]
fn debug_shows_sizes_never_the_text() {
    let v = json!({"name": "Zyxwilda Quorblat", "dni": "73914628", "images": ["/9j/4AAQSkZJRg=="], "n": 51987});
    let buf = DocBuf::from_value(&v, 8);
    let mut rec = Vec::new();
    let doc = buf.doc(&mut rec, &[]).unwrap();
    let images = match Json::from(&v) {
        Json::Object(e) => e.iter().find(|(k, _)| *k == "images").unwrap().1,
        _ => unreachable!(),
    };
    let shown = [
        format!("{buf:?}"),
        format!("{doc:?}"),
        format!("{:?}", doc.root()),
        format!("{:?}", Json::from(&v)),
        format!("{images:?}"),
        format!("{:?}", Json::from(&v["name"])),
    ];
    for text in &shown {
        for value in ["Zyxwilda", "Quorblat", "73914628", "/9j/", "51987"] {
            assert!(!text.contains(value), "{value} in {text}");
        }
    }
    assert_eq!(shown[2], "Object(4 members)");
    assert_eq!(shown[4], "Array(1 items)");
    assert_eq!(shown[5], "String(<17 chars>)");
    assert!(shown[1].starts_with("Doc { records: "), "{}", shown[1]);
}
