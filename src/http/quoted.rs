//! What a provider may quote back of a request in an error (Verifik's and
//! Equals' error bodies are not documented; a server that echoes the body
//! would put the person in `detail`): the request's own values, scrubbed
//! from a client's error as the credentials are.

use serde_json::Value;

use super::json_object;
use super::redact::{contains_secret, scrub, MAX_PROVIDER_TEXT_BYTES};
use crate::error::Error;

/// Shortest value scrubbed: shorter ones (`PE`, `F`) would redact ordinary text.
const MIN_CHARS: usize = 3;
/// Shortest word of a value scrubbed on its own (`del`, `de` would redact
/// ordinary words).
const MIN_WORD: usize = 4;
/// A long value (a photo's base64) is scrubbed in pieces this long, over as
/// much of it as an error may show.
const PIECE: usize = 64;

/// The string values of a JSON request `body`, but the top-level members in
/// `skip` (the server's own fields: an account id, a role): each whole, and
/// a long one in pieces. Empty when the body is not a JSON object (every
/// create body is one).
#[must_use]
pub fn sent_values(body: &[u8], skip: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in json_object(body).iter().flatten() {
        if !skip.contains(&k.as_str()) {
            collect(v, &mut out);
        }
    }
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let s = s.trim();
            pieces(s, out);
            // A name sent whole ("Ana Quispe") may be quoted in part: its
            // words, between spaces and punctuation ("María-José", "Quispe,").
            if s.len() <= PIECE && s.contains(' ') {
                let words = s
                    .split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
                    .filter(|w| w.chars().count() >= MIN_WORD);
                out.extend(words.map(str::to_owned));
            }
        }
        Value::Array(items) => items.iter().for_each(|x| collect(x, out)),
        Value::Object(map) => map.values().for_each(|x| collect(x, out)),
        _ => {}
    }
}

fn pieces(s: &str, out: &mut Vec<String>) {
    let (mut piece, mut count, mut shown) = (String::new(), 0, 0);
    for c in s.chars() {
        piece.push(c);
        count += 1;
        if count == PIECE {
            shown += piece.len();
            out.push(std::mem::take(&mut piece));
            count = 0;
            if shown > MAX_PROVIDER_TEXT_BYTES * 4 {
                return;
            }
        }
    }
    if count >= MIN_CHARS {
        out.push(piece);
    }
}

/// `e`'s texts from the provider (`detail`, its code, its request id) with
/// every one of `secrets` replaced by `[redacted]`; a request id holding one
/// is dropped.
pub fn scrub_quoted(e: &mut Error, secrets: &[&str]) {
    e.message = scrub(&e.message, secrets);
    if let Some(code) = e.provider_code.as_mut() {
        *code = scrub(code, secrets);
    }
    if e.request_id
        .as_deref()
        .is_some_and(|id| contains_secret(id, secrets))
    {
        e.request_id = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_the_person_not_of_the_server() {
        let body = br#"{"accountId":"F12345","roleName":"Viewer","firstName":" Ana ","emailAddress":"ana@example.pe","nationalities":["PE"],"address":{"city":"Lima"},"n":1}"#;
        assert_eq!(
            sent_values(body, &["accountId", "roleName"]),
            vec!["Ana", "ana@example.pe", "Lima"]
        );
        // A whole name, and its words long enough to be a name on their own
        // (without the punctuation around them).
        assert_eq!(
            sent_values(br#"{"name":"Ana del Quispe"}"#, &[]),
            vec!["Ana del Quispe", "Quispe"]
        );
        assert_eq!(
            sent_values(br#"{"name":"Quispe, Ana (Lima)"}"#, &[]),
            vec!["Quispe, Ana (Lima)", "Quispe", "Lima"]
        );
        assert_eq!(
            sent_values("{\"name\":\"María-José Quispe\"}".as_bytes(), &[]),
            vec!["María-José Quispe", "María", "José", "Quispe"]
        );
        assert!(sent_values(b"not json", &[]).is_empty());
    }

    #[test]
    fn a_photo_in_pieces_over_what_an_error_shows() {
        let photo = |n| format!(r#"{{"images":["{}"]}}"#, "A".repeat(n));
        // Ten pieces and the tail.
        assert_eq!(sent_values(photo(10 * PIECE + 5).as_bytes(), &[]).len(), 11);
        // A large one: as far as an error shows (provider_text's window), no further.
        let got = sent_values(photo(1000 * PIECE).as_bytes(), &[]);
        assert!(got.iter().all(|p| p.len() == PIECE));
        assert_eq!(got.len(), MAX_PROVIDER_TEXT_BYTES * 4 / PIECE + 1);
    }

    #[test]
    fn an_error_quoting_the_person_is_scrubbed() {
        let mut e = Error::new(
            crate::error::ErrorCode::BadRequest,
            "verifik: duplicate Ana Quispe (DNI 44512345)",
        );
        e.provider_code = Some("DUP 44512345".into());
        e.request_id = Some("req-44512345".into());
        scrub_quoted(&mut e, &["Ana Quispe", "44512345"]);
        assert_eq!(e.message, "verifik: duplicate [redacted] (DNI [redacted])");
        assert_eq!(e.provider_code.as_deref(), Some("DUP [redacted]"));
        assert_eq!(e.request_id, None);
    }

    #[test]
    fn a_quote_in_another_case_or_without_accents_is_scrubbed() {
        let body = r#"{"name":"Quispe Ñañez, María José","email":"ANA@Example.PE","dni":"44512345","roleName":"Viewer"}"#;
        let person = sent_values(body.as_bytes(), &["roleName"]);
        let person: Vec<&str> = person.iter().map(String::as_str).collect();
        let mut e = Error::new(
            crate::error::ErrorCode::BadRequest,
            "equals: ana@example.pe exists (QUISPE ÑAÑEZ, MARÍA JOSÉ; NANEZ, JOSE) as Viewer",
        );
        e.provider_code = Some("DUP-QUISPE".into());
        e.request_id = Some("req-maria".into());
        scrub_quoted(&mut e, &person);
        assert_eq!(
            e.message,
            "equals: [redacted] exists ([redacted]; [redacted], [redacted]) as Viewer"
        );
        assert_eq!(e.provider_code.as_deref(), Some("DUP-[redacted]"));
        assert_eq!(e.request_id, None);
    }
}
