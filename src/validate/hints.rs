//! Unknown fields and the "did you mean" hint (our own Damerau–Levenshtein).

use serde_json::{Map, Value};

use super::*;
use crate::error::{ErrorCode, FieldError};

// ---------------------------------------------------------------------------
// Unknown fields

/// Truncate a user-supplied key for a message or path (at most 40 characters).
pub(crate) fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
        None => s.to_owned(),
    }
}

pub(crate) fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(s, &mut out);
    out
}

/// [`normalise`], appended to `out`.
fn normalise_into(s: &str, out: &mut String) {
    for c in s.chars().filter(|c| !matches!(c, '_' | '-' | ' ' | '.')) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Abbreviations edit distance cannot see, compared after [`normalise`].
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("dob", "dateofbirth"),
    ("birthdate", "dateofbirth"),
    ("birthday", "dateofbirth"),
    ("dateofbirth", "dob"),
    ("birthdate", "dob"),
    ("birthday", "dob"),
    ("phone", "primarymobilenumber"),
    ("mobile", "primarymobilenumber"),
    ("phonenumber", "primarymobilenumber"),
    ("mobilenumber", "primarymobilenumber"),
    ("role", "rolename"),
    ("secret", "clientsecret"),
];

/// Damerau–Levenshtein distance in characters (insertions, deletions,
/// substitutions and transpositions of adjacent characters, unrestricted):
/// the same number as `strsim::damerau_levenshtein`, computed without its
/// hash map (the alphabet of two short field names fits a small list), which
/// made unknown-field hints the slowest part of a rejected payload.
#[must_use]
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    Scratch::default().distance(&a, b)
}

/// Buffers reused across the distances of one hint (a rejected payload
/// measures a key against up to every documented name).
#[derive(Default)]
struct Scratch {
    b: Vec<char>,
    d: Vec<usize>,
    alphabet: Vec<char>,
    slots: Vec<usize>,
    last_row: Vec<usize>,
}

impl Scratch {
    /// [`damerau_levenshtein`] between the characters `a` and the string `b`.
    fn distance(&mut self, a: &[char], b: &str) -> usize {
        self.b.clear();
        self.b.extend(b.chars());
        let b = &self.b;
        let (n, m) = (a.len(), b.len());
        if n == 0 || m == 0 {
            return n.max(m);
        }
        let max = n + m;
        let width = m + 2;
        // d[(i + 1) * width + (j + 1)] is the distance between a[..i] and b[..j];
        // row and column 0 hold `max` as a sentinel.
        let d = &mut self.d;
        d.clear();
        d.resize((n + 2) * width, max);
        let at = |d: &[usize], i: usize, j: usize| d.get(i * width + j).copied().unwrap_or(max);
        let put = |d: &mut [usize], i: usize, j: usize, v: usize| {
            if let Some(cell) = d.get_mut(i * width + j) {
                *cell = v;
            }
        };
        for i in 0..=n {
            put(d, i + 1, 1, i);
        }
        for j in 0..=m {
            put(d, 1, j + 1, j);
        }
        // The distinct characters of `b`, each position of `b` as an index into
        // them, and the last row (1-based) of `a` where each was seen.
        let alphabet = &mut self.alphabet;
        alphabet.clear();
        let slots = &mut self.slots;
        slots.clear();
        for c in b {
            let slot = alphabet.iter().position(|x| x == c).unwrap_or_else(|| {
                alphabet.push(*c);
                alphabet.len() - 1
            });
            slots.push(slot);
        }
        let last_row = &mut self.last_row;
        last_row.clear();
        last_row.resize(alphabet.len(), 0);
        for (i, ca) in a.iter().enumerate().map(|(i, c)| (i + 1, *c)) {
            let mut last_col = 0;
            for (j, (cb, slot)) in b.iter().zip(slots.iter()).enumerate() {
                let j = j + 1;
                let i1 = last_row.get(*slot).copied().unwrap_or(0);
                let j1 = last_col;
                let cost = if ca == *cb {
                    last_col = j;
                    0
                } else {
                    1
                };
                let v = (at(d, i, j) + cost)
                    .min(at(d, i + 1, j) + 1)
                    .min(at(d, i, j + 1) + 1)
                    .min(at(d, i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1));
                put(d, i + 1, j + 1, v);
            }
            if let Some(row) = alphabet
                .iter()
                .position(|x| *x == ca)
                .and_then(|p| last_row.get_mut(p))
            {
                *row = i;
            }
        }
        at(d, n + 1, m + 1)
    }
}

/// How many letters two ASCII strings do not share (the size of the
/// symmetric difference of their letter multisets); `None` if either is not
/// ASCII. An insertion or deletion changes it by one, a substitution by at
/// most two and a transposition not at all, so the edit distance is at least
/// half of it.
fn letters_apart(a: &str, b: &str) -> Option<usize> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let mut count = [0i32; 128];
    for (s, step) in [(a, 1), (b, -1)] {
        for byte in s.bytes() {
            if let Some(c) = count.get_mut(usize::from(byte)) {
                *c += step;
            }
        }
    }
    // Sum over the letters present only (each taken once, then zeroed).
    let mut apart = 0;
    for byte in a.bytes().chain(b.bytes()) {
        if let Some(c) = count.get_mut(usize::from(byte)) {
            apart += c.unsigned_abs() as usize;
            *c = 0;
        }
    }
    Some(apart)
}

/// The documented field an unknown key most likely meant, if any: the same
/// name up to case, `_`/`-` (`dateOfBirth` → `date_of_birth`); a known
/// abbreviation (`dob`); a name that contains or is contained in it
/// (`email` → `emailAddress`); or a small edit distance (`externaId` → `externalId`).
///
/// Keys longer than 64 bytes get no hint: edit distance is quadratic and a
/// huge key (say an image pasted as a key) must not cost time or memory.
#[must_use]
pub fn did_you_mean<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    if unknown.len() > 64 {
        return None;
    }
    let u = normalise(unknown);
    if u.is_empty() {
        return None;
    }
    // Every documented name normalised into one buffer (one allocation,
    // not one per name), then viewed as (name, normalised) pairs.
    let mut buf = String::with_capacity(known.iter().map(|k| k.len()).sum());
    let ends: Vec<usize> = known
        .iter()
        .map(|k| {
            normalise_into(k, &mut buf);
            buf.len()
        })
        .collect();
    let normals: Vec<(&'k str, &str)> = known
        .iter()
        .zip(&ends)
        .scan(0, |start, (k, end)| {
            let n = buf.get(*start..*end).unwrap_or_default();
            *start = *end;
            Some((*k, n))
        })
        .collect();
    if let Some((k, _)) = normals.iter().find(|(_, n)| *n == u.as_str()) {
        return Some(k);
    }
    if let Some((k, _)) = normals
        .iter()
        .find(|(_, n)| ALIASES.iter().any(|(a, b)| *a == u && b == n))
    {
        return Some(k);
    }
    let closest = |candidates: &mut dyn Iterator<Item = &(&'k str, &str)>| {
        let u_chars: Vec<char> = u.chars().collect();
        let mut scratch = Scratch::default();
        let mut best: Option<(&'k str, usize)> = None;
        let mut tie = false;
        for (k, n) in candidates {
            let d = scratch.distance(&u_chars, n);
            match best {
                Some((_, bd)) if d > bd => {}
                Some((_, bd)) if d == bd => tie = true,
                _ => {
                    best = Some((k, d));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie)
    };
    // Containment, for names of 3+ characters. A prefix of documented names
    // (`email` → `emailAddress`, before `emailTheme`): the first in document
    // order. A name that holds a documented one (`emailAddress` → `email`):
    // the longest. A suffix (`name` → `firstName`/`lastName`): only if unique.
    if u.chars().count() >= 3 {
        let long_enough = |n: &str| n.chars().count() >= 3;
        if let Some((k, _)) = normals
            .iter()
            .find(|(_, n)| long_enough(n) && n.starts_with(u.as_str()))
        {
            return Some(k);
        }
        if let Some((k, _)) = normals
            .iter()
            .filter(|(_, n)| long_enough(n) && (u.starts_with(*n) || u.ends_with(*n)))
            .max_by_key(|(_, n)| n.len())
        {
            return Some(k);
        }
        let mut suffixes = normals
            .iter()
            .filter(|(_, n)| long_enough(n) && n.ends_with(u.as_str()));
        if let (Some((k, _)), None) = (suffixes.next(), suffixes.next()) {
            return Some(k);
        }
    }
    let allowed = match u.chars().count() {
        0..=2 => 0,
        3..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    // A name whose length differs by more than `allowed` is further than
    // `allowed` (the distance is at least the difference): it can be neither
    // the answer nor tie with it, so it is not measured.
    // Likewise a name whose letters differ from the key's by more than
    // 2 × `allowed` (each edit adds or drops at most two letters; see
    // [`letters_apart`]).
    let u_len = u.chars().count();
    closest(&mut normals.iter().filter(|(_, n)| {
        n.chars().count().abs_diff(u_len) <= allowed
            && letters_apart(&u, n).is_none_or(|apart| apart <= 2 * allowed)
    }))
    .filter(|(_, d)| *d <= allowed)
    .map(|(k, _)| k)
}

/// One `UNKNOWN_FIELD` error per key of `map` that is not in `known`, with a
/// "did you mean" hint when one is close. `provider` names the API in the message.
pub fn unknown_fields(
    map: &Map<String, Value>,
    known: &[&str],
    provider: &str,
    errors: &mut Errors,
) {
    for key in map.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let name = short(key);
        let message = match did_you_mean(key, known) {
            Some(hint) => format!("unknown field \"{name}\", did you mean {hint}?"),
            None => format!("unknown field \"{name}\" is not part of the {provider} person"),
        };
        errors.push(FieldError::new(name, ErrorCode::UnknownField, message));
    }
}
