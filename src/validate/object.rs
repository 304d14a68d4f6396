//! Object fields (Equals `address`): documented members, each with its own
//! rule and a path such as `address.city`, kept in the caller's order.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::*;
use crate::error::FieldError;

/// The members of an object field, in the order the caller gave them, each
/// under its documented name. Serializes as that object, unchanged.
/// `Debug` shows the names given, never the values (an address is the
/// person's).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Members<T>(pub Vec<(&'static str, T)>);

impl<T> std::fmt::Debug for Members<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Members")
            .field(&self.0.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish()
    }
}

impl<T> Members<T> {
    /// The value of member `name`, if given.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Each value turned into another (e.g. borrowed text into owned).
    #[must_use]
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Members<U> {
        let mut f = f;
        Members(self.0.into_iter().map(|(n, v)| (n, f(v))).collect())
    }
}

impl<T: Serialize> Serialize for Members<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// The object field `key`, whose members are each optional: every member
/// must be one of `names` (others are `UNKNOWN_FIELD` at `key.member`, with
/// a hint) and pass `rule`, which gets the member's value, its path and its
/// name; a member holding `""` is absent (left out, not checked). Every
/// problem is recorded in `errs`; `None` if any.
pub fn members<'a, T>(
    v: Json<'a>,
    key: &'static str,
    names: &'static [&'static str],
    errs: &mut Errors,
    mut rule: impl FnMut(Json<'a>, Path, &'static str) -> Result<Option<T>, FieldError>,
) -> Option<Members<T>> {
    let entries = match v {
        Json::Object(entries) => entries,
        other => {
            let path = Path::Key(key);
            errs.push(path.error(
                crate::error::ErrorCode::InvalidType,
                message!(key, " must be an object, got ", type_name(other)),
            ));
            return None;
        }
    };
    let mut out = Vec::with_capacity(entries.len());
    let mut ok = true;
    for (member, value) in entries.iter() {
        let Some(name) = names.iter().copied().find(|n| *n == member) else {
            errs.push(unknown_member(key, member, names));
            ok = false;
            continue;
        };
        // Step 1 (normalise.rs): every member is optional, and "" is absent.
        if matches!(value, Json::String("")) {
            continue;
        }
        // A rule may find the member absent (a country code of spaces only).
        match errs.take(rule(value, Path::Member(key, name), name)) {
            Some(Some(v)) => out.push((name, v)),
            Some(None) => {}
            None => ok = false,
        }
    }
    ok.then_some(Members(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    const NAMES: [&str; 2] = ["streetName", "city"];

    fn run(v: &serde_json::Value) -> (Option<Members<String>>, Vec<(String, ErrorCode)>) {
        let mut errs = Errors::new();
        let m = members(v.into(), "address", &NAMES, &mut errs, |v, path, _| {
            text(v, path, TextRule::ANY.max(5)).map(|s| Some(s.to_owned()))
        });
        let e = errs
            .into_vec()
            .into_iter()
            .map(|e| (e.field.into_owned(), e.code))
            .collect();
        (m, e)
    }

    #[test]
    fn members_keep_their_order_and_paths() {
        let v = json!({ "city": "Lima", "streetName": "Jr. A" });
        let (m, e) = run(&v);
        assert!(e.is_empty());
        let m = m.unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), v.to_string());
        assert_eq!(m.get("city").map(String::as_str), Some("Lima"));
        // Debug names the members given, never their values.
        assert_eq!(format!("{m:?}"), r#"Members(["city", "streetName"])"#);

        let (m, e) = run(&json!({ "street": "x", "city": 3, "streetName": "too long" }));
        assert!(m.is_none());
        assert_eq!(
            e,
            [
                ("address.street".to_owned(), ErrorCode::UnknownField),
                ("address.city".to_owned(), ErrorCode::InvalidType),
                ("address.streetName".to_owned(), ErrorCode::TooLong),
            ]
        );
        let (_, e) = run(&json!("Lima"));
        assert_eq!(e, [("address".to_owned(), ErrorCode::InvalidType)]);
    }

    #[test]
    fn unknown_members_get_a_hint() {
        let e = unknown_member("address", "street", &NAMES);
        assert_eq!(e.field, "address.street");
        assert_eq!(
            e.message,
            "unknown field \"address.street\", did you mean address.streetName?"
        );
        let e = unknown_member(
            "address",
            "zip",
            &crate::providers::equals::validate::ADDRESS_FIELDS,
        );
        assert_eq!(
            e.message,
            "unknown field \"address.zip\", did you mean address.postcode?"
        );
        let e = unknown_member("address", "zzzzzz", &NAMES);
        assert_eq!(
            e.message,
            "unknown field \"address.zzzzzz\": address has only streetName or city"
        );
    }
}
