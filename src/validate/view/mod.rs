//! [`Json`]: a JSON value the rules read without owning it.
//!
//! The rules run on two kinds of input: a `serde_json::Value` (native
//! callers) and a [`Doc`], the flat records the wasm edge copies in from its
//! JS walk, read where they lie (no tree, no map, no allocation per key or
//! value). Both look the same through [`Json`], so there is one set of rules.

use std::fmt;

use serde_json::{Map, Number, Value};

mod doc;
#[cfg(test)]
mod doc_buf;
#[cfg(test)]
mod tests;

pub use doc::Doc;
use doc::{kind, Siblings};
#[cfg(test)]
pub(crate) use doc_buf::DocBuf;

/// A JSON value, borrowed. `Debug` shows its kind and size, never its text
/// (a payload holds the person).
#[derive(Clone, Copy)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Num),
    /// A string.
    String(&'a str),
    /// An array.
    Array(Items<'a>),
    /// An object.
    Object(Entries<'a>),
}

impl fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Null => f.write_str("Null"),
            Self::Bool(b) => write!(f, "Bool({b})"),
            Self::Number(_) => f.write_str("Number"),
            Self::String(s) => write!(f, "String({:?})", crate::shape::Chars(s)),
            Self::Array(items) => items.fmt(f),
            Self::Object(entries) => entries.fmt(f),
        }
    }
}

impl<'a> From<&'a Value> for Json<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => Self::Number(Num::from(n)),
            Value::String(s) => Self::String(s),
            Value::Array(items) => Self::Array(Items(ItemsRepr::Values(items))),
            Value::Object(map) => Self::Object(Entries(EntriesRepr::Map(map))),
        }
    }
}

impl<'a> Json<'a> {
    /// The string, if this is one.
    #[must_use]
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is a number.
    #[must_use]
    pub fn is_number(self) -> bool {
        matches!(self, Self::Number(_))
    }

    /// Whether this is an object.
    #[must_use]
    pub fn is_object(self) -> bool {
        matches!(self, Self::Object(_))
    }

    /// Whether this is `null`.
    #[must_use]
    pub fn is_null(self) -> bool {
        matches!(self, Self::Null)
    }
}

/// A JSON number as `serde_json` reads it: an integer when it is one, else
/// a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A whole number ≥ 0.
    PosInt(u64),
    /// A whole number < 0.
    NegInt(i64),
    /// Anything else.
    Float(f64),
}

impl Num {
    /// The number as JS sends it (`JSON.stringify`, then `serde_json`):
    /// whole numbers that fit a `u64` or `i64` are integers, anything else a
    /// float (`JSON.stringify` never writes a fraction for a whole number
    /// under 10^21, and serde_json reads wider integers as floats; -2^63
    /// itself is printed as -9223372036854776000, below `i64::MIN`).
    #[must_use]
    pub fn from_f64(x: f64) -> Self {
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        if x.fract() == 0.0 && (0.0..2.0 * TWO_63).contains(&x) {
            Self::PosInt(x as u64)
        } else if x.fract() == 0.0 && x > -TWO_63 && x < 0.0 {
            Self::NegInt(x as i64)
        } else {
            Self::Float(x)
        }
    }

    /// As an `i64`, if it is an integer that fits.
    #[must_use]
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Self::PosInt(n) => i64::try_from(n).ok(),
            Self::NegInt(n) => Some(n),
            Self::Float(_) => None,
        }
    }

    /// As a `u64`, if it is an integer ≥ 0.
    #[must_use]
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Self::PosInt(n) => Some(n),
            _ => None,
        }
    }

    /// Whether it is an integer ≥ 0.
    #[must_use]
    pub fn is_u64(self) -> bool {
        matches!(self, Self::PosInt(_))
    }

    /// Whether it is not an integer.
    #[must_use]
    pub fn is_f64(self) -> bool {
        matches!(self, Self::Float(_))
    }
}

impl From<&Number> for Num {
    fn from(n: &Number) -> Self {
        if let Some(u) = n.as_u64() {
            Self::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Self::NegInt(i)
        } else {
            Self::Float(n.as_f64().unwrap_or(f64::NAN))
        }
    }
}

/// The items of an array. `Debug` shows how many.
#[derive(Clone, Copy)]
pub struct Items<'a>(ItemsRepr<'a>);

impl fmt::Debug for Items<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Array({} items)", self.len())
    }
}

#[derive(Clone, Copy)]
enum ItemsRepr<'a> {
    Values(&'a [Value]),
    /// `len` values, the first at record `first`.
    Doc {
        doc: &'a Doc<'a>,
        first: usize,
        len: usize,
    },
}

impl<'a> Items<'a> {
    /// How many items.
    #[must_use]
    pub fn len(self) -> usize {
        match self.0 {
            ItemsRepr::Values(v) => v.len(),
            ItemsRepr::Doc { len, .. } => len,
        }
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The items in order.
    #[must_use]
    pub fn iter(self) -> ItemsIter<'a> {
        ItemsIter(match self.0 {
            ItemsRepr::Values(v) => ItemsIterRepr::Values(v.iter()),
            ItemsRepr::Doc { doc, first, len } => {
                ItemsIterRepr::Doc(Siblings::new(doc, first, len))
            }
        })
    }
}

/// The items of an array, in order.
pub struct ItemsIter<'a>(ItemsIterRepr<'a>);

enum ItemsIterRepr<'a> {
    Values(std::slice::Iter<'a, Value>),
    Doc(Siblings<'a>),
}

impl<'a> Iterator for ItemsIter<'a> {
    type Item = Json<'a>;

    fn next(&mut self) -> Option<Json<'a>> {
        match &mut self.0 {
            ItemsIterRepr::Values(v) => v.next().map(Json::from),
            ItemsIterRepr::Doc(s) => s.next(),
        }
    }
}

/// The members of an object, in their order. `Debug` shows how many.
#[derive(Clone, Copy)]
pub struct Entries<'a>(EntriesRepr<'a>);

impl fmt::Debug for Entries<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Object({} members)", self.len())
    }
}

#[derive(Clone, Copy)]
enum EntriesRepr<'a> {
    Map(&'a Map<String, Value>),
    /// `len` (key, value) pairs, the first key at record `first`.
    Doc {
        doc: &'a Doc<'a>,
        first: usize,
        len: usize,
    },
}

impl<'a> Entries<'a> {
    /// How many members.
    #[must_use]
    pub fn len(self) -> usize {
        match self.0 {
            EntriesRepr::Map(m) => m.len(),
            EntriesRepr::Doc { len, .. } => len,
        }
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// `(key, value)` pairs in order.
    #[must_use]
    pub fn iter(self) -> EntriesIter<'a> {
        EntriesIter(match self.0 {
            EntriesRepr::Map(m) => EntriesIterRepr::Map(m.iter()),
            EntriesRepr::Doc { doc, first, len } => {
                EntriesIterRepr::Doc(Siblings::new(doc, first, len.saturating_mul(2)))
            }
        })
    }

    /// The value of `key`.
    #[must_use]
    pub fn get(self, key: &str) -> Option<Json<'a>> {
        match self.0 {
            EntriesRepr::Map(m) => m.get(key).map(Json::from),
            EntriesRepr::Doc { .. } => self.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
        }
    }
}

impl<'a> Entries<'a> {
    /// Where each of `names` sits among these members, in one pass; every
    /// other member's key goes to `unknown`, in order. Keys the JS walk
    /// matched to these very names (`[8, i]` records) are not compared again.
    pub fn sort_into<const N: usize>(
        self,
        names: &[&str; N],
        mut unknown: impl FnMut(&'a str),
    ) -> Slots<'a, N> {
        // Members usually come in document order: look from the last match on.
        let mut from = 0;
        let mut find = |key: &str| {
            let is_key = |n: &&str| *n == key;
            let found = names
                .get(from..)
                .and_then(|rest| rest.iter().position(is_key))
                .map(|i| i + from)
                .or_else(|| names.get(..from)?.iter().position(is_key));
            if let Some(i) = found {
                from = i + 1;
            }
            found
        };
        match self.0 {
            EntriesRepr::Map(map) => {
                let mut slots = [None; N];
                for (key, value) in map {
                    match find(key).and_then(|i| slots.get_mut(i)) {
                        Some(slot) => *slot = Some(value),
                        None => unknown(key),
                    }
                }
                Slots(SlotsRepr::Map(slots))
            }
            EntriesRepr::Doc { doc, first, len } => {
                let matched = std::ptr::eq(doc.names, names.as_slice());
                let mut slots = [0u32; N];
                let mut at = first;
                for _ in 0..len {
                    let found = match doc.record(at) {
                        Some((kind::FIELD, i, _)) if matched => Some(i),
                        _ => match doc.at(at).and_then(Json::as_str) {
                            Some(key) => {
                                let found = find(key);
                                if found.is_none() {
                                    unknown(key);
                                }
                                found
                            }
                            None => None,
                        },
                    };
                    let value = at + 1;
                    if let Some(slot) = found.and_then(|i| slots.get_mut(i)) {
                        *slot = u32::try_from(value).unwrap_or(0);
                    }
                    at = doc.skip(value);
                }
                Slots(SlotsRepr::Doc(doc, slots))
            }
        }
    }
}

/// The values of an object's documented fields, by the index of their name
/// (see [`Entries::sort_into`]).
pub struct Slots<'a, const N: usize>(SlotsRepr<'a, N>);

enum SlotsRepr<'a, const N: usize> {
    Map([Option<&'a Value>; N]),
    /// Record indexes (0: absent; record 0 is the object itself).
    Doc(&'a Doc<'a>, [u32; N]),
}

impl<'a, const N: usize> Slots<'a, N> {
    /// The value of field `i`, if present.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<Json<'a>> {
        match &self.0 {
            SlotsRepr::Map(values) => values.get(i).copied().flatten().map(Json::from),
            SlotsRepr::Doc(doc, at) => match at.get(i).copied()? {
                0 => None,
                at => doc.at(at as usize),
            },
        }
    }
}

/// The members of an object, in order.
pub struct EntriesIter<'a>(EntriesIterRepr<'a>);

enum EntriesIterRepr<'a> {
    Map(serde_json::map::Iter<'a>),
    /// Keys and values in turn.
    Doc(Siblings<'a>),
}

impl<'a> Iterator for EntriesIter<'a> {
    type Item = (&'a str, Json<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            EntriesIterRepr::Map(m) => m.next().map(|(k, v)| (k.as_str(), Json::from(v))),
            EntriesIterRepr::Doc(s) => {
                let key = s.next()?.as_str()?;
                Some((key, s.next()?))
            }
        }
    }
}
