//! The JSON text of a few top-level members of an answer, found without
//! building a tree: what a success parser needs (an id, a nested object),
//! while the rest of the body is kept as the text it came in.
//!
//! serde_json first checks that the text is one JSON value (`IgnoredAny`,
//! which accepts any value and so never formats a type error); then a small
//! scan over the object's top level cuts out the members asked for. (Reading
//! into a typed struct, a `String` or a `RawValue` instead would link float
//! formatting into the wasm, a sizeable part of it, for "invalid type:
//! floating point" messages nobody reads.)

use serde::de::IgnoredAny;

/// The JSON text of the members of `text` named in `names` (the last one of
/// each name, as `serde_json::Map` keeps), or `None` if `text` is not one
/// JSON object.
pub(crate) fn members<'a, const N: usize>(
    text: &'a str,
    names: &[&str; N],
) -> Option<[Option<&'a str>; N]> {
    serde_json::from_str::<IgnoredAny>(text).ok()?;
    let mut s = Scan {
        bytes: text.as_bytes(),
        at: 0,
    };
    s.space();
    s.eat(b'{')?;
    let mut out = [None; N];
    s.space();
    if s.eat(b'}').is_some() {
        return Some(out);
    }
    loop {
        s.space();
        let key = s.string()?;
        s.space();
        s.eat(b':')?;
        s.space();
        let start = s.at;
        s.value()?;
        let value = text.get(start..s.at)?;
        let key = text.get(key.0..key.1)?;
        // A key with escapes is compared unescaped (read as a `Value`, not a
        // `String`: see the module docs).
        let name = if key.contains('\\') {
            serde_json::from_str::<serde_json::Value>(&format!("\"{key}\"")).ok()
        } else {
            None
        };
        let key = name
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .unwrap_or(key);
        if let Some(slot) = names
            .iter()
            .position(|n| *n == key)
            .and_then(|i| out.get_mut(i))
        {
            *slot = Some(value);
        }
        s.space();
        if s.eat(b',').is_none() {
            s.eat(b'}')?;
            return Some(out);
        }
    }
}

/// A cursor over text serde_json has already found to be valid JSON.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string: the byte range between its quotes.
    fn string(&mut self) -> Option<(usize, usize)> {
        self.eat(b'"')?;
        let start = self.at;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some((start, self.at - 1));
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    /// Any value, skipped.
    fn value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    self.at += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_members_as_text() {
        let [id, persona] = members(
            r#" { "id" : "a\"}" , "x":[1,{"id":2},"]"],"persona":{"id":"p"} } "#,
            &["id", "persona"],
        )
        .unwrap();
        assert_eq!(id, Some(r#""a\"}""#));
        assert_eq!(persona, Some(r#"{"id":"p"}"#));
        assert_eq!(members(r#"{"a":1}"#, &["id"]), Some([None]));
        assert_eq!(members(r#"{}"#, &["id"]), Some([None]));
        assert_eq!(
            members(r#"{"id":1,"id":-2.5e3}"#, &["id"]),
            Some([Some("-2.5e3")]),
            "the last one, as serde_json::Map keeps"
        );
        assert_eq!(
            members(r#"{"i\u0064":true}"#, &["id"]),
            Some([Some("true")])
        );
    }

    #[test]
    fn anything_but_one_object_is_none() {
        for text in [
            "1.5", "[1,2]", "\"x\"", "null", "true", "{", "{} {}", "", "<html>", "{\"a\":}",
        ] {
            assert!(members(text, &["id"]).is_none(), "{text}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::members;
    use proptest::prelude::*;
    use serde_json::Value;

    proptest! {
        /// Every member of a serde_json object is found, as text that reads
        /// back as the same value.
        #[test]
        fn agrees_with_serde_json(
            v in proptest::collection::btree_map("[a-c\"\\\\]{0,3}", any::<i32>(), 0..5),
            pretty in any::<bool>(),
        ) {
            let value = Value::Object(v.iter().map(|(k, n)| (k.clone(), Value::from(*n))).collect());
            let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
            for (key, want) in &v {
                let [got] = members(&text, &[key.as_str()]).unwrap();
                let got: Value = serde_json::from_str(got.unwrap()).unwrap();
                prop_assert_eq!(got, Value::from(*want));
            }
        }
    }
}
