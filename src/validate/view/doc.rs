//! [`Doc`]: a JSON value as the flat records the JS walk writes, read in place.

use super::{Entries, EntriesRepr, Items, ItemsRepr, Json, Num};

/// Record kinds (the first of a record's three numbers).
pub(super) mod kind {
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
pub(super) const WIDTH: usize = 3;

/// A JSON value as flat records of three `u32`, in document order: the form
/// the wasm edge's JS walk writes (see `src/wasm/convert.js`) and the rules
/// read in place. Numbers sit in their own array; short strings and keys
/// back to back in one text; long strings (images) in their own buffers.
/// `Debug` shows their sizes, never the text.
pub struct Doc<'a> {
    rec: &'a [u32],
    nums: &'a [f64],
    text: &'a str,
    longs: &'a [String],
    /// The documented names `[8, i]` records point at.
    pub(super) names: &'a [&'a str],
}

impl std::fmt::Debug for Doc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Doc")
            .field("records", &(self.rec.len() / WIDTH))
            .field("numbers", &self.nums.len())
            .field("text_bytes", &self.text.len())
            .field("longs", &self.longs.len())
            .field("names", &self.names)
            .finish()
    }
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
        let bytes = text.as_bytes();
        // Up to the first non-ASCII byte, units are bytes: records that end
        // there are left as they are, and the cursor starts from it.
        // (`is_ascii` reads a word at a time, so the usual ASCII text is checked first.)
        let first = if text.is_ascii() {
            None
        } else {
            bytes.iter().position(|b| !b.is_ascii())
        };
        if let Some(first) = first {
            // Units and bytes read so far.
            let (mut units, mut at) = (first, first);
            for r in rec.chunks_exact_mut(WIDTH) {
                let [k, start, len] = r else { return None };
                if *k != kind::STRING {
                    continue;
                }
                let from = *start as usize;
                let to = from.checked_add(*len as usize)?;
                if to <= first {
                    continue;
                }
                let begin = if from <= first {
                    from
                } else {
                    advance(bytes, &mut units, &mut at, from)?
                };
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
    pub(super) fn record(&self, i: usize) -> Option<(u32, usize, usize)> {
        match self.rec.get(i * WIDTH..i * WIDTH + WIDTH)? {
            [k, a, b] => Some((*k, *a as usize, *b as usize)),
            _ => None,
        }
    }

    /// The value at record `i`.
    pub(super) fn at(&self, i: usize) -> Option<Json<'_>> {
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
    pub(super) fn skip(&self, i: usize) -> usize {
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
pub(super) struct Siblings<'a> {
    pub(super) doc: &'a Doc<'a>,
    pub(super) next: usize,
    left: usize,
}

impl<'a> Siblings<'a> {
    pub(super) fn new(doc: &'a Doc<'a>, first: usize, count: usize) -> Self {
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
