//! One module per API: its rules, its request building, its response parsing.

pub mod equals;
pub mod horus;
pub mod verifik;

/// Whether a lookup's `found` text is the `sent` one, ignoring spaces around
/// and case in the Latin, Greek and Cyrillic alphabets (`ÑANDÚ` is
/// `ñandú`): a lookup that missed the person over case would have the create
/// sent again. [`fold`] rather than `char::to_lowercase`, whose tables for
/// every script would grow the browser build past its size budget.
pub(crate) fn same_text(found: &str, sent: &str) -> bool {
    let (found, sent) = (found.trim(), sent.trim());
    found.eq_ignore_ascii_case(sent) || found.chars().map(fold).eq(sent.chars().map(fold))
}

/// A letter's lower case in the alphabets above; any other character as is.
pub(crate) fn fold(c: char) -> char {
    let n = c as u32;
    let lower = match n {
        // A–Z, À–Þ (not ×), Greek Α–Ω and Ϊ Ϋ (U+03A2 is unassigned), Cyrillic А–Я.
        0x41..=0x5A | 0xC0..=0xDE | 0x391..=0x3AB | 0x410..=0x42F if n != 0xD7 && n != 0x3A2 => {
            n + 0x20
        }
        // Greek with tonos: Ά, then Έ Ή Ί, Ό, Ύ Ώ.
        0x386 => 0x3AC,
        0x388..=0x38A => n + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => n + 0x3F,
        // Final ς is σ: ΕΛΈΝΗΣ is Ελένης (one Σ, two lower cases).
        0x3C2 => 0x3C3,
        // Cyrillic Ѐ–Џ.
        0x400..=0x40F => n + 0x50,
        // Latin Extended-A pairs: upper case at even, then odd, then even again.
        // (İ is not: its lower case is two characters.)
        0x100..=0x137 | 0x14A..=0x177 if n % 2 == 0 && n != 0x130 => n + 1,
        0x139..=0x148 | 0x179..=0x17E if n % 2 == 1 => n + 1,
        0x178 => 0xFF,
        _ => n,
    };
    char::from_u32(lower).unwrap_or(c)
}

#[cfg(test)]
mod tests;
