//! Text as the scrub compares it when a provider may have re-written what it
//! quotes: `ANA@EXAMPLE.PE` for `ana@example.pe`, `QUISPE ÑAÑEZ` or `NUNEZ`
//! for `Núñez`. Letters are compared lower-cased (Latin, Greek, Cyrillic:
//! [`crate::providers::fold`], no Unicode tables) and Latin letters without
//! their accents, as `js/server/log-safe.mjs` compares them (NFKD, marks
//! dropped); combining marks go. Each folded byte keeps where its
//! character starts in the original, so a match maps back to whole
//! characters whatever the folding did to their UTF-8 length (`İ` is `i`).
//! A respelt value counts as a word of its own only (`Doe` folded is in
//! `does`). Only the text as it is is folded: its JSON- or URL-escaped forms
//! are matched exactly (a provider's message arrives decoded; an escaped
//! echo is the request's own bytes).

/// The shortest folded secret searched folded: a value that folding shrinks
/// below this (`á` written as `a` and a mark) is searched only as it is.
pub(super) const MIN_FOLDED_CHARS: usize = 3;

/// NFKD's base letter, lower-cased, of U+00C0 to U+024F (Latin-1,
/// Extended-A and -B); `_` where there is none (`Æ`, `Ø`, `ß`, `Ł`: they only
/// change case). Made from Unicode's data; a test checks samples.
const LATIN: &[u8; 400] = b"aaaaaa_ceeeeiiii_nooooo__uuuuy__aaaaaa_ceeeeiiii_nooooo__uuuuy_y\
aaaaaaccccccccdd__eeeeeeeeeegggggggghh__iiiiiiiii___jjkk_llllll_\
___nnnnnn___oooooo__rrrrrrsssssssstttt__uuuuuuuuuuuuwwyyyzzzzzzs\
________________________________oo_____________uu_______________\
_____________aaiioouuuuuuuuuu_aaaa____ggkkoooo__j___gg__nnaa____\
aaaaeeeeiiiioooorrrruuuusstt__hh______aaeeooooooooyy____________\
________________";
/// The same for U+1E00 to U+1EFF (Vietnamese and other Latin Extended
/// Additional letters).
const LATIN_ADDITIONAL: &[u8; 256] =
    b"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm\
mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv\
wwwwwwwwwwxxxxyyzzzzzzhtwy_s____aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy______";

/// `c` as compared folded; `None` for a combining mark, which goes.
fn fold_char(c: char) -> Option<char> {
    let n = c as u32;
    let base = match n {
        0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => {
            return None
        }
        0xC0..=0x24F => LATIN.get((n - 0xC0) as usize),
        0x1E00..=0x1EFF => LATIN_ADDITIONAL.get((n - 0x1E00) as usize),
        _ => None,
    };
    match base {
        Some(&b) if b != b'_' => Some(char::from(b)),
        // ẞ's lower case, which `fold` leaves alone.
        _ if n == 0x1E9E => Some('ß'),
        _ => Some(crate::providers::fold(c)),
    }
}

/// How many characters the folded UTF-8 `bytes` hold.
pub(super) fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() // not a continuation byte
}

/// `s` folded, as text (for tests).
#[cfg(test)]
fn fold_str(s: &str) -> String {
    String::from_utf8_lossy(&folded(s).0).into_owned()
}

/// `text` folded, with where in `text` the character each folded byte
/// comes from starts. Marks are dropped: a match ends where the next letter
/// kept starts, so it takes the accents after its last letter with it.
pub(super) fn folded(text: &str) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        if let Some(f) = fold_char(c) {
            let mut buf = [0u8; 4];
            for &b in f.encode_utf8(&mut buf).as_bytes() {
                out.push(b);
                starts.push(start);
            }
        }
    }
    (out, starts)
}

/// Every range of `text` whose folding (`hay`, from [`folded`]) holds the
/// folded `needle` as whole words: whole characters, as `text`'s byte
/// ranges, not inside a longer word where the match starts or ends with a
/// letter or digit. (A surname `Orted` folded is in `ABORTED`, `Doe` in
/// `does`: an exact match is found anywhere, a respelt one only on its own.)
pub(super) fn find_folded(
    text: &str,
    hay: &(Vec<u8>, Vec<usize>),
    needle: &[u8],
    out: &mut Vec<(usize, usize)>,
) {
    if needle.is_empty() {
        return;
    }
    let at = |i: usize| hay.1.get(i).copied().unwrap_or(text.len());
    // A letter (a mark is part of one) or a digit.
    let word = |c: Option<char>| {
        c.is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit() || fold_char(c).is_none())
    };
    for (i, w) in hay.0.windows(needle.len()).enumerate() {
        if w != needle {
            continue;
        }
        let (start, end) = (at(i), at(i + needle.len()));
        let (Some(before), Some(inside), Some(after)) =
            (text.get(..start), text.get(start..end), text.get(end..))
        else {
            continue;
        };
        let first = inside.chars().next();
        let last = inside.chars().rev().find(|&c| fold_char(c).is_some());
        let joined = |edge, next| word(edge) && word(next);
        if !joined(first, before.chars().next_back()) && !joined(last, after.chars().next()) {
            out.push((start, end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::redact::{scrub, secret_spans as spans};

    #[test]
    fn case_and_latin_accents_fold_away() {
        assert_eq!(
            fold_str("QUISPE ÑAÑEZ, MARÍA JOSÉ"),
            fold_str("Quispe Ñañez, María José")
        );
        assert_eq!(fold_str("Núñez"), "nunez");
        assert_eq!(fold_str("ANA@Example.PE"), "ana@example.pe");
        // Decomposed accents (NFD), İ, ẞ, Vietnamese, Romanian, Polish, Greek, Cyrillic.
        assert_eq!(fold_str("Jose\u{301}"), "jose");
        assert_eq!(fold_str("İSTANBUL"), "istanbul");
        assert_eq!(fold_str("STRAẞE"), "straße");
        assert_eq!(fold_str("NGUYỄN"), "nguyen");
        assert_eq!(fold_str("ȘTEFAN ŁÓDŹ"), "stefan łodz");
        assert_eq!(fold_str("ΝΙΚΌΛΑΟΣ МОСКВА"), "νικόλαοσ москва");
    }

    #[test]
    fn the_table_is_unicode_nfkd_on_the_letters_it_covers() {
        // Spot checks against NFKD (the table was made from it): a letter with
        // no decomposition to one ASCII letter is only lower-cased.
        for (c, base) in [('À', 'a'), ('ÿ', 'y'), ('Ā', 'a'), ('ſ', 's'), ('ț', 't')] {
            assert_eq!(fold_char(c), Some(base), "{c}");
        }
        for c in ['Æ', 'Ø', 'ß', 'Ł', 'Đ', 'ı', 'Œ'] {
            assert_eq!(fold_char(c), Some(crate::providers::fold(c)), "{c}");
        }
    }

    #[test]
    fn a_quote_re_written_by_the_provider_is_scrubbed() {
        let sent = [
            "ANA@Example.PE",
            "Quispe Ñañez, María José",
            "Núñez",
            "İlkay",
        ];
        let quoted =
            "dup: ana@example.pe / QUISPE ÑAÑEZ, MARÍA JOSÉ / NUNEZ / i\u{307}lkay / ILKAY";
        assert_eq!(
            scrub(quoted, &sent),
            "dup: [redacted] / [redacted] / [redacted] / [redacted] / [redacted]"
        );
        // Escaped forms are matched as they are (a provider's text arrives
        // decoded; an escaped quote is the request's own bytes).
        assert_eq!(scrub(r"{\u00d1a\u00f1ez}", &["Ñañez"]), "{[redacted]}");
        assert_eq!(scrub("q=%C3%91a%C3%B1ez&x", &["Ñañez"]), "q=[redacted]&x");
        // A match takes the accent written after its letter with it.
        assert_eq!(scrub("JOSE\u{301}!", &["José"]), "[redacted]!");
        // Folding drops nothing else: other words and short values stay.
        assert_eq!(scrub("Ana, ANA", &["zz"]), "Ana, ANA");
        // A value folding leaves under 3 chars is matched only as it is.
        assert_eq!(
            scrub("A\u{301} a\u{301}", &["a\u{301}"]),
            "A\u{301} [redacted]"
        );
    }

    #[test]
    fn a_respelt_value_inside_a_longer_word_is_left() {
        // Our own words and codes are not the person's (exactly, they would be).
        let sent = ["Ab", "Orted", "Doe", "ana@example.pe"];
        assert_eq!(
            scrub(
                "ABORTED: personkit does not; ORTED, doe; xANA@example.pe2 xana@example.pe2",
                &sent
            ),
            "ABORTED: personkit does not; [redacted], [redacted]; xANA@example.pe2 x[redacted]2"
        );
        assert_eq!(scrub("DOEDOE ORTED1", &sent), "DOEDOE ORTED1");
        assert_eq!(scrub("ANA@EXAMPLE.PE.", &sent), "[redacted].");
    }

    #[test]
    fn spans_land_on_char_boundaries_whatever_folding_did_to_lengths() {
        // İ (2 bytes) folds to i (1), ẞ (3) to ß (2), a mark (2) to nothing.
        let text = "x İSTANBUL, STRAẞE e\u{301}\u{301}lan";
        let got = spans(text, &["istanbul", "straße", "élan"]);
        assert_eq!(got.len(), 3);
        for (a, b) in &got {
            assert!(text.is_char_boundary(*a) && text.is_char_boundary(*b));
        }
        let cut: Vec<&str> = got.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(cut, ["İSTANBUL", "STRAẞE", "e\u{301}\u{301}lan"]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use crate::http::message::REDACTED;
    use crate::http::redact::{scrub, secret_spans};
    use proptest::prelude::*;

    /// Pieces that change length when folded or decoded, escapes whole and cut.
    const ODD: &[&str] = &[
        "İ",
        "ẞ",
        "ß",
        "Ñ",
        "ñ",
        "n",
        "N",
        "\u{303}",
        "\u{301}",
        "\u{307}",
        "É",
        "e",
        "Σ",
        "ς",
        "%C3%91",
        "%c3",
        "%",
        "%FF",
        "+",
        "\\u00d1",
        "\\u0130",
        "\\ud83d\\ude00",
        "\\ud83d",
        "\\",
        "Ǆ",
        "ǅ",
        "😀",
        "\u{0}",
    ];

    fn odd_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                any::<char>().prop_map(String::from),
                proptest::sample::select(ODD).prop_map(str::to_owned),
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Spellings the scrub takes as one letter (none of them in `[redacted]`).
    const SAME: &[&[&str]] = &[
        &["ñ", "Ñ", "n", "N", "n\u{303}", "N\u{303}"],
        &["é", "É", "e", "E", "e\u{301}", "Ê", "ễ"],
        &["i", "I", "İ", "í", "Ï", "i\u{307}"],
        &["ß", "ẞ"],
        &["σ", "Σ", "ς"],
        &["ж", "Ж"],
        &["ł", "Ł"],
        &["s", "S", "ș", "Ș", "Š", "ſ"],
        &["o", "O", "ó", "Ö", "ő", "Ồ"],
        &["u", "U", "ú", "Ü", "ư", "Ự"],
        &["z", "Z", "ź", "Ž"],
        &["@"],
        &["1"],
    ];

    proptest! {
        /// Whatever the text and the secrets, spans are whole characters,
        /// in order, apart; the scrub keeps every byte outside them.
        #[test]
        fn spans_are_whole_chars(text in odd_text(), secrets in proptest::collection::vec(odd_text(), 0..3)) {
            let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
            let spans = secret_spans(&text, &secrets);
            let mut at = 0;
            let mut rebuilt = String::new();
            for &(a, b) in &spans {
                prop_assert!(at <= a && a < b && b <= text.len(), "{spans:?}");
                prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                rebuilt.push_str(&text[at..a]);
                rebuilt.push_str(REDACTED);
                at = b;
            }
            rebuilt.push_str(&text[at..]);
            prop_assert_eq!(scrub(&text, &secrets), rebuilt);
        }

        /// A value quoted in other spellings of its letters (case, accents,
        /// decomposed) as a word of its own, between any text, is found whole.
        #[test]
        fn a_re_written_value_is_found(
            before in odd_text(),
            after in odd_text(),
            letters in proptest::collection::vec((0..SAME.len(), 0..8_usize, 0..8_usize), 3..8),
        ) {
            let pick = |group: usize, k: usize| SAME[group][k % SAME[group].len()];
            let sent: String = letters.iter().map(|&(g, k, _)| pick(g, k)).collect();
            let quoted: String = letters.iter().map(|&(g, _, k)| pick(g, k)).collect();
            let text = format!("{before} {quoted} {after}");
            let (from, to) = (before.len() + 1, before.len() + 1 + quoted.len());
            let spans = secret_spans(&text, &[&sent]);
            prop_assert!(spans.iter().any(|&(a, b)| a <= from && to <= b), "{text:?} {sent:?} {spans:?}");
            prop_assert!(!scrub(&text, &[&sent]).contains(&quoted));
        }
    }
}
