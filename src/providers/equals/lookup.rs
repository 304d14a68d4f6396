//! Equals Money: did a create whose answer was lost happen?
//!
//! A repeated create is not harmless on Equals (a known email gets a *new*
//! persona on the account), so after an outcome that may have created the
//! person the client asks "List people" first:
//! `GET /v2/people?accountId=<id>&search=<email>` (same `ApiKey` auth),
//! answered `{ count, limit, offset, rows: [person with its persona] }`.
//! The person is found when a row has the email (case-insensitive) and its
//! persona belongs to the account; not found only once every match has been
//! listed (`count` no more than the rows read), page by page (`offset`): the
//! search matches parts of emails, so the person may be past the first page,
//! and read as absent there they would be created again.

use serde_json::Value;

use super::response::CreatedPerson;
use crate::error::{Error, ErrorCode, Provider};
use crate::http::{
    bad_response, json_object, status_error, text_of, HttpResponse, ParseContext, RequestHead,
};

/// Rows asked for per page: a search by one email on one account matches a handful.
const LIMIT: &str = "100";

/// Pages read at most before the lookup gives up (then the outcome is
/// unknown): a bound on the work one uncertain create may cost.
pub const MAX_PAGES: u32 = 20;

/// The lookup request for `email` on `account_id` from row `offset` (0: the
/// first page, asked without one), from the client's create request head
/// (same URL and credentials).
#[must_use]
pub fn request(create: &RequestHead, account_id: &str, email: &str, offset: u64) -> RequestHead {
    let from = offset.to_string();
    let mut query = vec![
        ("accountId", account_id),
        ("search", email),
        ("limit", LIMIT),
    ];
    if offset > 0 {
        query.push(("offset", &from));
    }
    create.lookup(&query)
}

/// What one answer of "List people" says of the person.
#[derive(Debug)]
pub enum Listed {
    /// A row is the person on the account.
    Found(CreatedPerson),
    /// Every match is listed, and none is the person.
    NotFound,
    /// None of the rows given is the person, but `count` says more matched
    /// than were listed up to this page: absence is not shown (yet).
    Incomplete {
        /// Rows this answer listed.
        listed: usize,
        /// Matches the answer counted.
        count: u64,
    },
}

/// What the answer for rows from `offset` says of the person with `email`
/// on `account_id`.
///
/// # Errors
///
/// The answer's error (any status but 2xx), or `BAD_RESPONSE` when a 2xx
/// is not the documented `{ rows: [...] }`.
pub fn find(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
    account_id: &str,
    email: &str,
    offset: u64,
) -> Result<Listed, Error> {
    if !response.is_success() {
        return Err(status_error(Provider::Equals, response, ctx));
    }
    let mut body = json_object(&response.body);
    let count = body
        .as_mut()
        .and_then(|b| b.remove("count"))
        .and_then(|c| c.as_u64());
    let Some(Value::Array(rows)) = body.and_then(|mut b| b.remove("rows")) else {
        return Err(bad_response(
            Provider::Equals,
            response,
            ctx,
            "the list of people has no `rows` array",
        ));
    };
    let listed = rows.len();
    match rows
        .into_iter()
        .find(|row| is_on_account(row, account_id, email))
    {
        Some(row) => created_from_row(&row).map(Listed::Found),
        // `count` past the rows read up to this page: matches not listed yet.
        None => match count {
            Some(count) if count > offset.saturating_add(listed as u64) => {
                Ok(Listed::Incomplete { listed, count })
            }
            _ => Ok(Listed::NotFound),
        },
    }
}

fn is_on_account(row: &Value, account_id: &str, email: &str) -> bool {
    let persona = row.get("persona");
    let same_email = [
        row.get("primaryEmailAddress"),
        row.get("emailAddress"),
        persona.and_then(|p| p.get("emailAddress")),
    ]
    .into_iter()
    .filter_map(|v| text_of(v))
    .any(|e| crate::providers::same_text(&e, email));
    // A persona that names no account is taken as the account asked for.
    let account = persona.and_then(|p| text_of(p.get("accountId")));
    same_email && account.is_none_or(|a| a == account_id)
}

fn created_from_row(row: &Value) -> Result<CreatedPerson, Error> {
    let id = text_of(row.get("id"));
    let persona = row.get("persona").filter(|p| !p.is_null());
    let (Some(id), Ok(person)) = (id, serde_json::to_string(row)) else {
        return Err(
            Error::new(ErrorCode::BadResponse, "equals: a listed person has no id")
                .with_provider(Provider::Equals),
        );
    };
    Ok(CreatedPerson {
        id,
        persona_id: persona.and_then(|p| text_of(p.get("id"))),
        person,
        persona: persona.and_then(|p| serde_json::to_string(p).ok()),
        retried: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> HttpResponse {
        HttpResponse::new(200, Vec::new(), body.as_bytes().to_vec())
    }

    /// The first page of a search for `email` on `account`, answered `body`.
    fn first_page(body: &str, account: &str, email: &str) -> Result<Listed, Error> {
        find(&answer(body), &ParseContext::default(), account, email, 0)
    }

    #[test]
    fn finds_the_row_with_the_email_on_the_account() {
        let body = r#"{"count":2,"limit":100,"offset":0,"rows":[
            {"id":"p1","primaryEmailAddress":"ana@example.pe","persona":{"id":"x","accountId":"OTHER"}},
            {"id":"p2","primaryEmailAddress":"Ana@Example.pe","persona":{"id":"y","accountId":"F1"}}]}"#;
        let found = first_page(body, "F1", "ana@example.pe").unwrap();
        let Listed::Found(found) = found else {
            panic!("not found: {found:?}")
        };
        assert_eq!(found.id, "p2");
        assert_eq!(found.persona_id.as_deref(), Some("y"));
        let none = first_page(body, "F2", "ana@example.pe").unwrap();
        assert!(matches!(none, Listed::NotFound));
    }

    #[test]
    fn debug_of_a_row_found_shows_the_ids_never_the_person() {
        let body = r#"{"rows":[{"id":"p9","firstName":"Ana","lastName":"Ñañez","primaryEmailAddress":"ana@example.pe","persona":{"id":"q9","accountId":"F1"}}]}"#;
        let found = first_page(body, "F1", "ana@example.pe").unwrap();
        let shown = format!("{found:?}");
        for value in ["Ana", "Ñañez", "ana@example"] {
            assert!(!shown.contains(value), "{value} in {shown}");
        }
        assert!(shown.contains("p9") && shown.contains("q9"), "{shown}");
    }

    #[test]
    fn an_email_in_other_case_is_the_person_accents_included() {
        let body = r#"{"rows":[{"id":"p1","primaryEmailAddress":"ÑANDÚ@Correo.PE","persona":{"accountId":"F1"}}]}"#;
        let found = first_page(body, "F1", "ñandú@correo.pe");
        assert!(matches!(found, Ok(Listed::Found(_))));
    }

    #[test]
    fn a_search_that_matches_a_longer_email_is_not_the_person() {
        let body = r#"{"rows":[{"id":"p1","primaryEmailAddress":"xana@example.pe","persona":{"accountId":"F1"}}]}"#;
        let found = first_page(body, "F1", "ana@example.pe").unwrap();
        assert!(matches!(found, Listed::NotFound));
    }

    #[test]
    fn a_list_cut_short_does_not_show_absence() {
        let body = r#"{"count":240,"limit":100,"offset":0,"rows":[{"id":"p1","primaryEmailAddress":"xana@example.pe","persona":{"accountId":"F1"}}]}"#;
        let listed = first_page(body, "F1", "ana@example.pe").unwrap();
        assert!(matches!(
            listed,
            Listed::Incomplete {
                listed: 1,
                count: 240
            }
        ));
    }

    #[test]
    fn a_later_page_counts_the_rows_before_it() {
        let body = r#"{"count":240,"limit":100,"offset":200,"rows":[{"id":"p1","primaryEmailAddress":"xana@example.pe","persona":{"accountId":"F1"}}]}"#;
        let ctx = ParseContext::default();
        let more = find(&answer(body), &ctx, "F1", "ana@example.pe", 100).unwrap();
        assert!(matches!(more, Listed::Incomplete { listed: 1, .. }));
        let last = find(&answer(body), &ctx, "F1", "ana@example.pe", 239).unwrap();
        assert!(matches!(last, Listed::NotFound));
    }

    #[test]
    fn errors_and_bad_shapes() {
        let ctx = ParseContext::default();
        let e = find(
            &HttpResponse::new(500, Vec::new(), Vec::new()),
            &ctx,
            "F1",
            "a@b.co",
            0,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::ServerError);
        let e = find(&answer(r#"{"data":[]}"#), &ctx, "F1", "a@b.co", 0).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse);
    }

    #[test]
    fn the_request_is_a_get_with_the_query_encoded() {
        let create = RequestHead {
            method: "POST",
            url: "https://api.example.com/v2/people".into(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("authorization".into(), "ApiKey k".into()),
            ],
        };
        let r = request(&create, "F 1", "ana+test@example.pe", 0);
        assert_eq!(r.method, "GET");
        assert_eq!(
            r.url,
            "https://api.example.com/v2/people?accountId=F%201&search=ana%2Btest%40example.pe&limit=100"
        );
        let next = request(&create, "F 1", "ana+test@example.pe", 100);
        assert_eq!(
            next.url,
            "https://api.example.com/v2/people?accountId=F%201&search=ana%2Btest%40example.pe&limit=100&offset=100"
        );
        assert_eq!(
            r.headers,
            vec![("authorization".to_owned(), "ApiKey k".to_owned())]
        );
    }
}
