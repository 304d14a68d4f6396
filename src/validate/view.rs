//! [`Json`]: a JSON value the rules read without owning it.
//!
//! The rules run on two kinds of input: a `serde_json::Value` (native
//! callers) and a [`Doc`], the flat records the wasm edge copies in from its
//! JS walk, read where they lie (no tree, no map, no allocation per key or
//! value). Both look the same through [`Json`], so there is one set of rules.

use serde_json::{Map, Number, Value};

/// A JSON value, borrowed.
#[derive(Clone, Copy, Debug)]
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

/// The items of an array.
#[derive(Clone, Copy, Debug)]
pub struct Items<'a>(ItemsRepr<'a>);

#[derive(Clone, Copy, Debug)]
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

/// The members of an object, in their order.
#[derive(Clone, Copy, Debug)]
pub struct Entries<'a>(EntriesRepr<'a>);

#[derive(Clone, Copy, Debug)]
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

    /// The documented names some keys were recorded as (see
    /// [`Entries::members`]); `None` for a `serde_json` map.
    #[must_use]
    pub fn field_names(self) -> Option<&'a [&'a str]> {
        match self.0 {
            EntriesRepr::Map(_) => None,
            EntriesRepr::Doc { doc, .. } => Some(doc.names),
        }
    }

    /// `(key, value)` pairs in order, each key with its index in
    /// [`Entries::field_names`] when the JS walk already matched it there.
    #[must_use]
    pub fn members(self) -> MembersIter<'a> {
        MembersIter(self.iter().0)
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

/// The members of an object, in order, with the index of keys the walk
/// matched to a documented name.
pub struct MembersIter<'a>(EntriesIterRepr<'a>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (&'a str, Option<usize>, Json<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            EntriesIterRepr::Map(m) => m.next().map(|(k, v)| (k.as_str(), None, Json::from(v))),
            EntriesIterRepr::Doc(s) => {
                let field = match s.doc.record(s.next) {
                    Some((kind::FIELD, i, _)) => Some(i),
                    _ => None,
                };
                let key = s.next()?.as_str()?;
                Some((key, field, s.next()?))
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Doc: a JSON value as flat records

/// Record kinds (the first of a record's three numbers).
mod kind {
    pub const NULL: u32 = 0;
    pub const FALSE: u32 = 1;
    pub const TRUE: u32 = 2;
    /// `[3, k, _]`: number `k` of the doc's numbers.
    pub const NUMBER: u32 = 3;
    /// `[4, start, len]`: bytes `start..start + len` of the text (the walk
    /// writes UTF-16 units; see [`Doc::from_walk`]).
    pub const STRING: u32 = 4;
    /// `[5, k, _]`: long string `k`.
    pub const LONG: u32 = 5;
    /// `[6, len, end]`: `len` items follow; `end` is the record after them
    /// (the walk fills it in when it leaves the array).
    pub const ARRAY: u32 = 6;
    /// `[7, len, end]`: `len` times a key (a string record) and a value.
    pub const OBJECT: u32 = 7;
    /// `[8, i, _]`: a key that is the doc's documented name `i` (the walk
    /// matched it, so no text is compared).
    pub const FIELD: u32 = 8;
}

/// Numbers per record.
const WIDTH: usize = 3;

/// Deepest nesting a doc may have (the JS walk sends deeper values through
/// `JSON.stringify` instead).
pub const MAX_DEPTH: usize = 64;

/// A JSON value as flat records of three `u32`, in document order: the form
/// the wasm edge's JS walk writes (see `src/wasm/convert.js`) and the rules
/// read in place. Numbers sit in their own array; short strings and keys
/// back to back in one text; long strings (images) in their own buffers.
#[derive(Debug)]
pub struct Doc<'a> {
    rec: &'a [u32],
    nums: &'a [f64],
    text: &'a str,
    longs: &'a [String],
    /// The documented names `[8, i]` records point at.
    names: &'a [&'a str],
}

impl<'a> Doc<'a> {
    /// The records over their numbers, text, long strings and documented
    /// names; `None` if the first record is not one whole value over all
    /// the records.
    ///
    /// Every read is bounds-checked, so records that are otherwise wrong
    /// (a bug of the walk) give wrong answers, never a panic or a hang.
    #[must_use]
    pub fn new(
        rec: &'a [u32],
        nums: &'a [f64],
        text: &'a str,
        longs: &'a [String],
        names: &'a [&'a str],
    ) -> Option<Self> {
        let records = rec.len() / WIDTH;
        if records == 0 || rec.len() % WIDTH != 0 {
            return None;
        }
        let doc = Self {
            rec,
            nums,
            text,
            longs,
            names,
        };
        (doc.skip(0) == records).then_some(doc)
    }

    /// [`Doc::new`] over records as the JS walk writes them, with string
    /// ranges in UTF-16 units: unless the text is ASCII (where units are
    /// bytes) they are turned into byte ranges in place first, in one
    /// forward pass (strings sit in `text` in record order). `None` also if
    /// a range does not fall on the text's characters.
    #[must_use]
    pub fn from_walk(
        rec: &'a mut [u32],
        nums: &'a [f64],
        text: &'a str,
        longs: &'a [String],
        names: &'a [&'a str],
    ) -> Option<Self> {
        if !text.is_ascii() {
            let bytes = text.as_bytes();
            // Units and bytes read so far.
            let (mut units, mut at) = (0usize, 0usize);
            for r in rec.chunks_exact_mut(WIDTH) {
                let [k, start, len] = r else { return None };
                if *k != kind::STRING {
                    continue;
                }
                let from = *start as usize;
                let to = from.checked_add(*len as usize)?;
                let begin = advance(bytes, &mut units, &mut at, from)?;
                let end = advance(bytes, &mut units, &mut at, to)?;
                *start = u32::try_from(begin).ok()?;
                *len = u32::try_from(end - begin).ok()?;
            }
        }
        Self::new(rec, nums, text, longs, names)
    }

    /// The value.
    #[must_use]
    pub fn root(&self) -> Json<'_> {
        self.at(0).unwrap_or(Json::Null)
    }

    /// Record `i`: kind, and its two numbers.
    #[inline]
    fn record(&self, i: usize) -> Option<(u32, usize, usize)> {
        match self.rec.get(i * WIDTH..i * WIDTH + WIDTH)? {
            [k, a, b] => Some((*k, *a as usize, *b as usize)),
            _ => None,
        }
    }

    /// The value at record `i`.
    fn at(&self, i: usize) -> Option<Json<'_>> {
        let (k, a, b) = self.record(i)?;
        Some(match k {
            kind::STRING => Json::String(self.text.get(a..a.checked_add(b)?)?),
            kind::NULL => Json::Null,
            kind::FALSE => Json::Bool(false),
            kind::TRUE => Json::Bool(true),
            kind::NUMBER => Json::Number(Num::from_f64(*self.nums.get(a)?)),
            kind::LONG => Json::String(self.longs.get(a)?),
            kind::FIELD => Json::String(self.names.get(a)?),
            kind::ARRAY => Json::Array(Items(ItemsRepr::Doc {
                doc: self,
                first: i + 1,
                len: a,
            })),
            kind::OBJECT => Json::Object(Entries(EntriesRepr::Doc {
                doc: self,
                first: i + 1,
                len: a,
            })),
            _ => return None,
        })
    }

    /// The record just past the value at `i`.
    #[inline]
    fn skip(&self, i: usize) -> usize {
        match self.record(i) {
            Some((kind::ARRAY | kind::OBJECT, _, end)) => end,
            _ => i + 1,
        }
    }
}

/// Moves a cursor (`units` UTF-16 units = `at` bytes into `bytes`, which
/// are UTF-8) forward to `target` units; the byte offset there. `None` if
/// `target` is behind the cursor, past the end, or inside a character.
fn advance(bytes: &[u8], units: &mut usize, at: &mut usize, target: usize) -> Option<usize> {
    // Usually the stretch is ASCII (one byte per unit): one check, one step.
    let want = target.saturating_sub(*units);
    if bytes.get(*at..*at + want).is_some_and(<[u8]>::is_ascii) {
        *units += want;
        *at += want;
    }
    while *units < target {
        // A character's UTF-8 length from its lead byte; 4 bytes are 2 units.
        let (len, width) = match *bytes.get(*at)? {
            0x00..=0x7F => (1, 1),
            0xC0..=0xDF => (2, 1),
            0xE0..=0xEF => (3, 1),
            _ => (4, 2),
        };
        *units += width;
        *at += len;
    }
    (*units == target && *at <= bytes.len()).then_some(*at)
}

/// `count` consecutive values starting at record `first`.
struct Siblings<'a> {
    doc: &'a Doc<'a>,
    next: usize,
    left: usize,
}

impl<'a> Siblings<'a> {
    fn new(doc: &'a Doc<'a>, first: usize, count: usize) -> Self {
        Self {
            doc,
            next: first,
            left: count,
        }
    }
}

impl<'a> Iterator for Siblings<'a> {
    type Item = Json<'a>;

    fn next(&mut self) -> Option<Json<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let i = self.next;
        self.next = self.doc.skip(i);
        self.doc.at(i)
    }
}

/// Records, numbers, text and long strings for a [`Doc`], written from a
/// `Value` the way the JS walk writes them (for tests, and for checking the
/// reader).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DocBuf {
    /// The records, as the walk writes them.
    pub rec: Vec<u32>,
    /// The numbers.
    pub nums: Vec<f64>,
    /// Keys and short strings, back to back.
    pub text: String,
    /// Strings of at least `long` UTF-16 units.
    pub longs: Vec<String>,
}

impl DocBuf {
    /// `v` as records; strings of `long` or more UTF-16 units go to `longs`.
    #[must_use]
    pub fn from_value(v: &Value, long: usize) -> Self {
        let mut buf = Self::default();
        buf.value(v, long);
        buf
    }

    /// `v` as the JS walk writes a payload: when `v` is an object, each of
    /// its keys found in `names` is recorded as that name's index.
    #[must_use]
    pub fn from_payload(v: &Value, long: usize, names: &[&str]) -> Self {
        let mut buf = Self::default();
        match v {
            Value::Object(map) => {
                let at = buf.open(kind::OBJECT, map.len());
                for (k, item) in map {
                    match names.iter().position(|n| n == k) {
                        Some(i) => buf.record(kind::FIELD, i),
                        None => buf.string(k, usize::MAX),
                    }
                    buf.value(item, long);
                }
                buf.close(at);
            }
            other => buf.value(other, long),
        }
        buf
    }

    fn record(&mut self, k: u32, a: usize) {
        self.rec.extend_from_slice(&[k, count32(a), 0]);
    }

    fn string(&mut self, s: &str, long: usize) {
        let units = s.encode_utf16().count();
        if units >= long {
            self.record(kind::LONG, self.longs.len());
            self.longs.push(s.to_owned());
        } else {
            let start = self.text.encode_utf16().count();
            self.rec
                .extend_from_slice(&[kind::STRING, count32(start), count32(units)]);
            self.text.push_str(s);
        }
    }

    fn open(&mut self, k: u32, len: usize) -> usize {
        self.record(k, len);
        self.rec.len() - 1
    }

    /// The container whose end slot is `at` ends here.
    fn close(&mut self, at: usize) {
        let end = count32(self.rec.len() / WIDTH);
        if let Some(slot) = self.rec.get_mut(at) {
            *slot = end;
        }
    }

    fn value(&mut self, v: &Value, long: usize) {
        match v {
            Value::Null => self.record(kind::NULL, 0),
            Value::Bool(b) => self.record(if *b { kind::TRUE } else { kind::FALSE }, 0),
            Value::Number(n) => {
                self.record(kind::NUMBER, self.nums.len());
                self.nums.push(n.as_f64().unwrap_or(f64::NAN));
            }
            Value::String(s) => self.string(s, long),
            Value::Array(items) => {
                let at = self.open(kind::ARRAY, items.len());
                for item in items {
                    self.value(item, long);
                }
                self.close(at);
            }
            Value::Object(map) => {
                let at = self.open(kind::OBJECT, map.len());
                for (k, item) in map {
                    self.string(k, usize::MAX);
                    self.value(item, long);
                }
                self.close(at);
            }
        }
    }

    /// The doc over these buffers (string ranges made bytes in `rec`, a
    /// copy of the records), with the `names` of [`DocBuf::from_payload`].
    #[must_use]
    pub fn doc<'a>(&'a self, rec: &'a mut Vec<u32>, names: &'a [&'a str]) -> Option<Doc<'a>> {
        rec.clone_from(&self.rec);
        Doc::from_walk(rec, &self.nums, &self.text, &self.longs, names)
    }
}

/// A count as a record holds it (saturating: records never come near 2^32).
fn count32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
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
            Json::Object(e) => {
                Value::Object(e.iter().map(|(k, v)| (k.to_owned(), back(v))).collect())
            }
        }
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
        assert_eq!(e.field_names(), Some(&names[..]));
        let members: Vec<_> = e.members().map(|(k, i, v)| (k, i, back(v))).collect();
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
        let walk = |rec: &[u32], text: &str| {
            Doc::from_walk(&mut rec.to_vec(), &[], text, &[], &[]).is_some()
        };
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
    }
}
