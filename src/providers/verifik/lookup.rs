//! Verifik: did a create whose answer was lost happen?
//!
//! A repeated create would store a second face record, so after an outcome
//! that may have created the person the client lists the person's first
//! collection (`GET /v2/face-recognition/persons?collection=<id>&page=&limit=`,
//! same Bearer auth; answered `{ data: [person], pagination: { page, limit,
//! total, pages } }`) and looks for the same name and date of birth: the
//! pair Verifik itself treats as "the same person in a collection" (it
//! answers a repeat `412 person_already_set`). A person sent without a
//! collection cannot be looked for: the call ends `OUTCOME_UNKNOWN`.

use serde_json::Value;

use super::response::{civil_date, with_civil_date, CreatedPerson};
use crate::error::{Error, Provider};
use crate::http::{
    bad_response, json_object, status_error, text_of, HttpResponse, ParseContext, RequestHead,
};

/// Persons asked for per page at most (the public docs' largest page).
const MAX_ROWS: u32 = 100;

/// The bytes of persons one page is sized to hold. A listed person may carry
/// their photos as the create's answer does, so a page of 100 people with
/// phone photos would be hundreds of MiB: [`rows_per_page`] asks for fewer.
pub const PAGE_BYTES: u64 = 32 << 20;

/// Pages read at most before the lookup gives up (then the outcome is
/// unknown): a bound on the work one uncertain create may cost, in the
/// order of [`page_to_read`].
pub const MAX_PAGES: u32 = 20;

/// What the lookup is looking for.
#[derive(Clone, PartialEq, Eq)]
pub struct Wanted {
    /// The collection to list.
    pub collection: String,
    /// The person's name as sent.
    pub name: String,
    /// The date of birth as sent, `(year, month, day)`.
    pub date_of_birth: Option<(i64, i64, i64)>,
}

/// One page of the list, as the lookup reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The person, when this page lists them.
    pub found: Option<CreatedPerson>,
    /// How many pages the collection has (`pagination.pages`; 1 when absent).
    pub pages: u32,
}

/// Persons to ask for per page when each may be as large as the create's
/// body of `person_bytes` (the photos of people in one collection are alike):
/// as many as fit in [`PAGE_BYTES`], from 1 to 100.
#[must_use]
pub fn rows_per_page(person_bytes: u64) -> u32 {
    let fit = PAGE_BYTES / person_bytes.max(1);
    u32::try_from(fit).map_or(MAX_ROWS, |n| n.clamp(1, MAX_ROWS))
}

/// The page to read as the `k`-th (from 0) of `pages`: from both ends in
/// turn, 1, last, 2, last but one, …, since a person just made is at one
/// end of the list, whichever order it keeps (the documents do not say).
/// `None`: all read.
#[must_use]
pub fn page_to_read(k: u32, pages: u32) -> Option<u32> {
    if k >= pages.max(1) {
        return None;
    }
    Some(if k % 2 == 0 { k / 2 + 1 } else { pages - k / 2 })
}

/// The most bytes of persons a page of `rows` may hold beyond the answer's
/// own: room for people with up to three times the create's photos (a
/// person sent with one photo, in a collection of people with three).
#[must_use]
pub fn page_room(rows: u32, person_bytes: u64) -> u64 {
    u64::from(rows)
        .saturating_mul(person_bytes)
        .saturating_mul(3)
}

/// The request for page `page` (1-based, `rows` persons a page) of `wanted.collection`.
#[must_use]
pub fn request(create: &RequestHead, wanted: &Wanted, page: u32, rows: u32) -> RequestHead {
    let page = page.to_string();
    let rows = rows.to_string();
    create.lookup(&[
        ("collection", &wanted.collection),
        ("page", &page),
        ("limit", &rows),
    ])
}

/// Reads one page.
///
/// # Errors
///
/// The answer's error (any status but 2xx), or `BAD_RESPONSE` when a 2xx
/// has no `data` array.
pub fn find(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
    wanted: &Wanted,
) -> Result<Page, Error> {
    if !response.is_success() {
        return Err(status_error(Provider::Verifik, response, ctx));
    }
    let mut body = json_object(&response.body).unwrap_or_default();
    let Some(Value::Array(persons)) = body.remove("data") else {
        return Err(bad_response(
            Provider::Verifik,
            response,
            ctx,
            "the list of persons has no `data` array",
        ));
    };
    let pages = body
        .get("pagination")
        .and_then(|p| p.get("pages"))
        .and_then(Value::as_u64)
        .map_or(1, |n| u32::try_from(n).unwrap_or(u32::MAX));
    let found = persons
        .into_iter()
        .find(|p| is_wanted(p, wanted))
        .and_then(|p| match p {
            Value::Object(person) => Some(person),
            _ => None,
        })
        .and_then(|person| {
            let id = text_of(person.get("_id")).or_else(|| text_of(person.get("id")))?;
            Some(CreatedPerson {
                id,
                response_id: None,
                person: with_civil_date(person),
                signature: None,
                retried: false,
            })
        });
    Ok(Page { found, pages })
}

fn is_wanted(person: &Value, wanted: &Wanted) -> bool {
    let same_name =
        text_of(person.get("name")).is_some_and(|n| crate::providers::same_text(&n, &wanted.name));
    let date = person
        .get("date_of_birth")
        .filter(|d| !d.is_null())
        .map(civil_date);
    let same_date = match (date, wanted.date_of_birth) {
        (None, None) => true,
        (Some(found), Some(sent)) => found == Some(sent),
        _ => false,
    };
    same_name && same_date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> Wanted {
        Wanted {
            collection: "staff".into(),
            name: "Ana Ñañez".into(),
            date_of_birth: Some((1990, 12, 4)),
        }
    }

    fn page(body: &str) -> Page {
        let r = HttpResponse::new(200, Vec::new(), body.as_bytes().to_vec());
        find(&r, &ParseContext::default(), &wanted()).unwrap()
    }

    #[test]
    fn finds_the_same_name_and_date_in_either_form() {
        let p = page(
            r#"{"data":[{"_id":"a","name":"Ana Ñañez","date_of_birth":"1990-12-05"},
                        {"_id":"b","name":"Ana Ñañez","date_of_birth":{"year":1990,"month":12,"day":4}}],
                "pagination":{"page":1,"limit":100,"total":2,"pages":3}}"#,
        );
        assert_eq!(p.pages, 3);
        assert_eq!(p.found.unwrap().id, "b");
        let p = page(
            r#"{"data":[{"_id":"c","name":"Ana Ñañez","date_of_birth":"1990-12-04T00:00:00.000Z"}]}"#,
        );
        let found = p.found.unwrap();
        assert_eq!(found.id, "c");
        assert_eq!(found.person["date_of_birth"]["day"], 4);
        assert_eq!(p.pages, 1);
    }

    #[test]
    fn debug_of_a_page_shows_the_id_never_the_person() {
        let p = page(
            r#"{"data":[{"_id":"u7","name":"Ana Ñañez","date_of_birth":"1990-12-04","images":["/9j/AAAA"]}]}"#,
        );
        let shown = format!("{p:?}");
        for value in ["Ana", "Ñañez", "1990", "/9j/"] {
            assert!(!shown.contains(value), "{value} in {shown}");
        }
        assert!(shown.contains("u7"), "{shown}");
    }

    #[test]
    fn a_name_in_other_case_is_the_same_person_accents_included() {
        let p = page(r#"{"data":[{"_id":"u","name":" ANA ÑAÑEZ ","date_of_birth":"1990-12-04"}]}"#);
        assert_eq!(p.found.unwrap().id, "u");
    }

    #[test]
    fn another_person_is_not_found() {
        let p = page(
            r#"{"data":[{"_id":"a","name":"Ana","date_of_birth":"1990-12-04"},{"_id":"b","name":"Ana Ñañez"}]}"#,
        );
        assert!(p.found.is_none());
    }

    #[test]
    fn the_request_lists_one_page_of_the_collection() {
        let create = RequestHead {
            method: "POST",
            url: "https://api.verifik.co/v2/face-recognition/persons".into(),
            headers: vec![("authorization".into(), "Bearer t".into())],
        };
        let r = request(&create, &wanted(), 2, 100);
        assert_eq!(r.method, "GET");
        assert_eq!(
            r.url,
            "https://api.verifik.co/v2/face-recognition/persons?collection=staff&page=2&limit=100"
        );
    }

    #[test]
    fn a_page_holds_fewer_persons_when_the_photos_are_large() {
        assert_eq!(rows_per_page(0), 100);
        assert_eq!(rows_per_page(4_000), 100);
        // A phone photo: 1.3 MB of base64.
        assert_eq!(rows_per_page(1_300_000), 25);
        // Three photos of 10 MiB: one person a page, never none.
        assert_eq!(rows_per_page(42_000_000), 1);
        assert_eq!(rows_per_page(u64::MAX), 1);
        assert_eq!(page_room(25, 1_300_000), 97_500_000);
    }

    #[test]
    fn pages_are_read_from_both_ends_in_turn() {
        let order = |pages| {
            (0..)
                .map_while(|k| page_to_read(k, pages))
                .collect::<Vec<_>>()
        };
        assert_eq!(order(1), [1]);
        assert_eq!(order(2), [1, 2]);
        assert_eq!(order(5), [1, 5, 2, 4, 3]);
        assert_eq!(order(6), [1, 6, 2, 5, 3, 4]);
        assert_eq!(order(0), [1]);
        assert_eq!(page_room(1, u64::MAX), u64::MAX);
    }
}
