//! Unknown fields and the "did you mean" hint (our own Damerau–Levenshtein).

use crate::error::{ErrorCode, FieldError};

// ---------------------------------------------------------------------------
// Unknown fields

/// Truncate a user-supplied key for a message or path (at most 40 characters).
pub(crate) fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => message!(s.get(..i).unwrap_or_default(), "…"),
        None => s.to_owned(),
    }
}

pub(crate) fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(s, &mut out);
    out
}

/// [`normalise`], appended to `out`: without `_`, `-`, `.` and spaces, ASCII
/// letters in lower case. Other characters keep their case: every documented
/// name is ASCII (a test checks), so folding them could never make a match,
/// and Unicode's case tables are not worth their bytes in a page's wasm.
fn normalise_into(s: &str, out: &mut String) {
    for c in s.chars().filter(|c| !matches!(c, '_' | '-' | ' ' | '.')) {
        out.push(c.to_ascii_lowercase());
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
    ("language", "locale"),
    ("lang", "locale"),
    ("zip", "postcode"),
    ("zipcode", "postcode"),
    ("postalcode", "postcode"),
    ("country", "countrycode"),
    ("state", "region"),
    // What a Peruvian or Colombian form calls the identity number.
    ("dni", "identitynumber"),
    ("dni", "mainidentifier"),
    ("cedula", "identitynumber"),
    ("cedula", "mainidentifier"),
    ("cédula", "identitynumber"),
    ("cédula", "mainidentifier"),
    ("documentnumber", "identitynumber"),
    ("documentnumber", "mainidentifier"),
    ("nationalid", "identitynumber"),
    ("nationalid", "mainidentifier"),
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
    Known::new(known).hint(unknown)
}

/// Documented names, each with its [`normalise`]d form and that form's
/// length in characters: worked out once per list, not once per hint.
pub(crate) struct Known<'k> {
    names: Vec<(&'k str, String, usize)>,
}

impl<'k> Known<'k> {
    pub(crate) fn new(known: &[&'k str]) -> Self {
        let names = known
            .iter()
            .map(|k| {
                let n = normalise(k);
                let chars = n.chars().count();
                (*k, n, chars)
            })
            .collect();
        Self { names }
    }

    /// [`did_you_mean`] over these names (without its length limit).
    pub(crate) fn hint(&self, unknown: &str) -> Option<&'k str> {
        let u = normalise(unknown);
        if u.is_empty() {
            return None;
        }
        let normals = &self.names;
        if let Some((k, ..)) = normals.iter().find(|(_, n, _)| *n == u) {
            return Some(k);
        }
        // An abbreviation of `u`: the first documented name one points at.
        if ALIASES.iter().any(|(a, _)| *a == u) {
            if let Some((k, ..)) = normals
                .iter()
                .find(|(_, n, _)| ALIASES.iter().any(|(a, b)| *a == u && b == n))
            {
                return Some(k);
            }
        }
        let u_len = u.chars().count();
        // Containment, for names of 3+ characters. A prefix of documented names
        // (`email` → `emailAddress`, before `emailTheme`): the first in document
        // order. A name that holds a documented one (`emailAddress` → `email`):
        // the longest. A suffix (`name` → `firstName`/`lastName`): only if unique.
        if u_len >= 3 {
            let long_enough = |chars: usize| chars >= 3;
            if let Some((k, ..)) = normals
                .iter()
                .find(|(_, n, c)| long_enough(*c) && n.starts_with(u.as_str()))
            {
                return Some(k);
            }
            if let Some((k, ..)) = normals
                .iter()
                .filter(|(_, n, c)| {
                    long_enough(*c) && (u.starts_with(n.as_str()) || u.ends_with(n.as_str()))
                })
                .max_by_key(|(_, n, _)| n.len())
            {
                return Some(k);
            }
            let mut suffixes = normals
                .iter()
                .filter(|(_, n, c)| long_enough(*c) && n.ends_with(u.as_str()));
            if let (Some((k, ..)), None) = (suffixes.next(), suffixes.next()) {
                return Some(k);
            }
        }
        let allowed = match u_len {
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
        let u_chars: Vec<char> = u.chars().collect();
        let mut scratch = Scratch::default();
        let mut best: Option<(&'k str, usize)> = None;
        let mut tie = false;
        let candidates = normals.iter().filter(|(_, n, c)| {
            c.abs_diff(u_len) <= allowed
                && letters_apart(&u, n).is_none_or(|apart| apart <= 2 * allowed)
        });
        for (k, n, _) in candidates {
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
        best.filter(|(_, d)| !tie && *d <= allowed).map(|(k, _)| k)
    }
}

thread_local! {
    /// [`Known`] of each provider's field list, made on its first unknown
    /// field. Keyed by the list's address: a `'static` list never moves.
    static KNOWN: std::cell::RefCell<Vec<(usize, std::rc::Rc<Known<'static>>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// [`did_you_mean`] for a `'static` list (a provider's fields), whose
/// normalised names are kept after the first use.
fn did_you_mean_static(unknown: &str, known: &'static [&'static str]) -> Option<&'static str> {
    if unknown.len() > 64 {
        return None;
    }
    let id = known.as_ptr() as usize;
    let cached = KNOWN.with(|cell| {
        // A borrow left behind by an unwinding call must not become a panic.
        let mut list = cell.try_borrow_mut().ok()?;
        if let Some((_, k)) = list
            .iter()
            .find(|(at, k)| *at == id && k.names.len() == known.len())
        {
            return Some(std::rc::Rc::clone(k));
        }
        let k = std::rc::Rc::new(Known::new(known));
        list.push((id, std::rc::Rc::clone(&k)));
        Some(k)
    })?;
    cached.hint(unknown)
}

/// The `UNKNOWN_FIELD` error for `key`, which is not in `known`, with a
/// "did you mean" hint when one is close. `provider` names the API in the message.
#[must_use]
pub fn unknown_field(key: &str, known: &'static [&'static str], provider: &str) -> FieldError {
    let name = short(key);
    let message = match did_you_mean_static(key, known) {
        Some(hint) => message!("unknown field \"", name, "\", did you mean ", hint, "?"),
        None => message!(
            "unknown field \"",
            name,
            "\" is not part of the ",
            provider,
            " person"
        ),
    };
    FieldError::new(name, ErrorCode::UnknownField, message)
}

/// The `UNKNOWN_FIELD` error for member `key` of the object field `object`
/// (path `address.street`), with a hint among `known` when one is close.
#[must_use]
pub fn unknown_member(
    object: &'static str,
    key: &str,
    known: &'static [&'static str],
) -> FieldError {
    let name = short(key);
    let field = message!(object, ".", name);
    let message = match did_you_mean_static(key, known) {
        Some(hint) => message!(
            "unknown field \"",
            field,
            "\", did you mean ",
            object,
            ".",
            hint,
            "?"
        ),
        None => message!(
            "unknown field \"",
            field,
            "\": ",
            object,
            " has only ",
            super::ListOr(known)
        ),
    };
    FieldError::new(field, ErrorCode::UnknownField, message)
}
