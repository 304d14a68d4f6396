//! [`DocBuf`]: a `serde_json::Value` written as the JS walk writes it.

use serde_json::Value;

use super::doc::{kind, Doc, WIDTH};

/// Records, numbers, text and long strings for a [`Doc`], written from a
/// `Value` the way the JS walk writes them: the tests' stand-in for the walk.
/// `Debug` shows sizes, never the text.
#[derive(Default, Clone, PartialEq)]
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

impl std::fmt::Debug for DocBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocBuf")
            .field("records", &(self.rec.len() / WIDTH))
            .field("numbers", &self.nums.len())
            .field("text_bytes", &self.text.len())
            .field("longs", &self.longs.len())
            .finish()
    }
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
