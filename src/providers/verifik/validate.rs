//! Verifik create-person body: the typed person and its rules.
//!
//! Fields are Verifik's own (`date_of_birth`, not `dateOfBirth`). A missing
//! name is `NAME_REQUIRED` and a non-JPEG/PNG image `INVALID_IMAGE_FORMAT`,
//! the codes Verifik itself answers with.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::{ErrorCode, FieldError};
use crate::validate::message;
use crate::validate::{
    array, base64_image, iso_date, nationality_as_typed, object, one_of, present, string, text,
    CivilDate, Errors, Fields, Items, Json, Path, Steps, TextRule, Today,
};

/// Every field Verifik documents for the create-person body, in its order.
pub const FIELDS: [&str; 7] = [
    "name",
    "images",
    "gender",
    "date_of_birth",
    "nationality",
    "collections",
    "notes",
];

/// Where the rules trim or upper-case what they accept (`normalise.rs`):
/// the body sent is the input with these steps applied.
pub const STEPS: Steps = Steps {
    trimmed: &["name", "date_of_birth"],
    trimmed_items: &["collections"],
    code_items: &[],
    code_members: &[],
    code_or_name: &["nationality"],
    optional_members: &[],
};

/// Fewest images a person needs.
pub const MIN_IMAGES: usize = 1;
/// Most images a person may have.
pub const MAX_IMAGES: usize = 3;

/// `M` or `F`, as Verifik spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Gender {
    /// `"M"`.
    M,
    /// `"F"`.
    F,
}

/// A validated Verifik person. Serialized with serde_json it is exactly the
/// body sent to `POST /v2/face-recognition/persons`; absent fields stay absent.
///
/// `Debug` shows no personal data and no image, only how many images there are.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct VerifikPerson {
    /// Full name.
    pub name: String,
    /// 1 to 3 raw base64 JPEG or PNG images.
    pub images: Vec<String>,
    /// Gender.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Date of birth, sent as `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<CivilDate>,
    /// An ISO 3166-1 alpha-2 code (`US`) or a name (`Mexican`), as the
    /// public docs' "Nationality or country code".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Collection ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<String>>,
    /// Free notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl fmt::Debug for VerifikPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifikPerson")
            .field("images", &self.images.len())
            .finish_non_exhaustive()
    }
}

/// Validate a Verifik create-person body. `today` bounds `date_of_birth`.
///
/// # Errors
/// Every broken rule at once: `INVALID_TYPE` (field `""`) for a non-object;
/// `UNKNOWN_FIELD`; `NAME_REQUIRED`, `INVALID_TYPE`, `INVALID_CHARACTERS` for
/// `name`; `REQUIRED`, `INVALID_TYPE`, `TOO_FEW`, `TOO_MANY` for `images` and
/// `IMAGE_EMPTY`, `IMAGE_TOO_LARGE` (over 10 MiB decoded or 50 megapixels),
/// `INVALID_BASE64`, `INVALID_IMAGE_FORMAT` (not JPEG/PNG, a corrupt header,
/// cut off) for `images[i]`;
/// `NOT_ONE_OF` for `gender`; `INVALID_DATE` for `date_of_birth`;
/// `INVALID_COUNTRY`, `TOO_LONG` for `nationality` (a code or a name;
/// blank is absent); `EMPTY` for `collections[i]`.
pub fn validate<'t>(
    input: &Value,
    today: impl Into<Today<'t>>,
) -> Result<VerifikPerson, Vec<FieldError>> {
    validate_json(input.into(), today)
}

/// [`validate`] on a borrowed [`Json`] view (what the wasm edge reads from JS).
///
/// # Errors
/// As [`validate`].
pub fn validate_json<'t>(
    input: Json<'_>,
    today: impl Into<Today<'t>>,
) -> Result<VerifikPerson, Vec<FieldError>> {
    rules(input, today.into(), true).and_then(|person| Errors::new().finish(person))
}

/// The same rules as [`validate`] without building the person (nothing is
/// copied): every broken rule, empty when the body is valid.
#[must_use]
pub fn check<'t>(input: Json<'_>, today: impl Into<Today<'t>>) -> Vec<FieldError> {
    rules(input, today.into(), false).err().unwrap_or_default()
}

/// The rules; the person is built (`Some`) only when `build` and valid.
fn rules(
    input: Json<'_>,
    today: Today<'_>,
    build: bool,
) -> Result<Option<VerifikPerson>, Vec<FieldError>> {
    let entries = object(input, "the Verifik person").map_err(|e| vec![e])?;
    let mut errs = Errors::new();
    let map = &Fields::read(entries, &FIELDS, "Verifik", &mut errs);

    let name = errs.required(map, "name", ErrorCode::NameRequired, |v| {
        let s = text(v, "name", TextRule::ANY.name().trimmed())?;
        if s.is_empty() {
            return Err(Path::Key("name").error(ErrorCode::NameRequired, "name is required"));
        }
        Ok(s)
    });
    let images = errs
        .required(map, "images", ErrorCode::Required, |v| {
            array(present(v, "images")?, "images")
        })
        .and_then(|items| images(items, &mut errs));
    let gender = errs.optional(map, "gender", |v| {
        let s = text(v, "gender", TextRule::ANY)?;
        Ok(if one_of(s, "gender", &["M", "F"])? == 0 {
            Gender::M
        } else {
            Gender::F
        })
    });
    let date_of_birth = errs
        .optional(map, "date_of_birth", |v| {
            let s = text(v, "date_of_birth", TextRule::ANY.trimmed())?;
            // Blank after trimming is absent (step 2's tail), as '' is.
            if s.is_empty() {
                return Ok(None);
            }
            iso_date(s, "date_of_birth", today).map(Some)
        })
        .flatten();
    let nationality = errs
        .optional(map, "nationality", |v| {
            let s = text(v, "nationality", TextRule::ANY)?;
            nationality_as_typed(s, "nationality")
        })
        .filter(|n| !n.is_empty());
    let collections = errs
        .optional(map, "collections", |v| array(v, "collections"))
        .and_then(|items| {
            errs.items("collections", items, |v, path| {
                text(v, path, TextRule::NON_BLANK.trimmed())
            })
        });
    let notes = errs.optional(map, "notes", |v| text(v, "notes", TextRule::ANY));

    if !errs.is_empty() {
        return Err(errs.into_vec());
    }
    if !build {
        return Ok(None);
    }
    let own = |list: Vec<&str>| list.into_iter().map(str::to_owned).collect();
    let person = name.zip(images).map(|(name, images)| VerifikPerson {
        name: name.to_owned(),
        images: own(images),
        gender,
        date_of_birth,
        nationality: nationality.map(std::borrow::Cow::into_owned),
        collections: collections.map(own),
        notes: notes.map(str::to_owned),
    });
    errs.finish(person).map(Some)
}

/// Check the image list: count, then every item (all problems reported).
fn images<'a>(items: Items<'a>, errs: &mut Errors) -> Option<Vec<&'a str>> {
    let mut ok = true;
    if items.len() < MIN_IMAGES {
        errs.push(Path::Key("images").error(ErrorCode::TooFew, "at least one image is required"));
        ok = false;
    } else if items.len() > MAX_IMAGES {
        errs.push(Path::Key("images").error(
            ErrorCode::TooMany,
            message!(
                "at most ",
                MAX_IMAGES,
                " images are allowed (got ",
                items.len(),
                ")"
            ),
        ));
        ok = false;
    }
    let checked = errs.items("images", items, |v, path| {
        let s = string(v, path).map_err(|mut e| {
            // A `File` or `Blob` where its base64 goes: the page's code, not
            // the person's file, is wrong (said to the developer only).
            if matches!(v, Json::Object(_)) {
                e.message
                    .push_str(": pass (await encodeImage(file)).base64");
            }
            e
        })?;
        base64_image(s, path).map(|_| s)
    });
    // The images are copied (by the caller) only once every rule has passed.
    checked.filter(|_| ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TODAY: CivilDate = CivilDate {
        year: 2025,
        month: 6,
        day: 15,
    };
    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    fn codes(v: &Value) -> Vec<(String, &'static str)> {
        let mut c: Vec<_> = validate(v, TODAY)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field.into_owned(), e.code.as_str()))
            .collect();
        c.sort();
        c
    }

    #[test]
    fn valid_round_trips() {
        let input = json!({
            "name": "Ñañez Quispe",
            "images": [PNG],
            "gender": "F",
            "date_of_birth": "2000-02-29",
            "nationality": "PE",
            "collections": ["c1"],
            "notes": ""
        });
        let p = validate(&input, TODAY).unwrap();
        // The empty notes box is left out of the body (normalise.rs, step 1).
        let mut sent = input.clone();
        sent.as_object_mut().unwrap().remove("notes");
        assert_eq!(serde_json::to_value(&p).unwrap(), sent);
        assert_eq!(format!("{p:?}"), "VerifikPerson { images: 1, .. }");
        let minimal = json!({ "name": "A", "images": [PNG] });
        assert_eq!(
            serde_json::to_value(validate(&minimal, TODAY).unwrap()).unwrap(),
            minimal
        );
    }

    #[test]
    fn every_problem_at_once() {
        let input = json!({
            "images": [PNG, "data:image/png;base64,xx", 3, PNG],
            "gender": "male",
            "dateOfBirth": "1990-01-01",
            "nationality": "xx",
            "collections": ["", "ok"],
            "notes": null
        });
        assert_eq!(
            codes(&input),
            vec![
                ("collections[0]".into(), "EMPTY"),
                ("dateOfBirth".into(), "UNKNOWN_FIELD"),
                ("gender".into(), "NOT_ONE_OF"),
                ("images".into(), "TOO_MANY"),
                ("images[1]".into(), "INVALID_BASE64"),
                ("images[2]".into(), "INVALID_TYPE"),
                ("name".into(), "NAME_REQUIRED"),
                ("nationality".into(), "INVALID_COUNTRY"),
                ("notes".into(), "INVALID_TYPE"),
            ]
        );
    }

    #[test]
    fn name_rules() {
        for (name, code) in [
            (json!(null), "NAME_REQUIRED"),
            (json!(""), "NAME_REQUIRED"),
            (json!("  "), "NAME_REQUIRED"),
            (json!(7), "INVALID_TYPE"),
            (json!("a\nb"), "INVALID_CHARACTERS"),
        ] {
            assert_eq!(
                codes(&json!({ "name": name, "images": [PNG] })),
                vec![("name".into(), code)]
            );
        }
    }

    #[test]
    fn images_over_10_mib_or_cut_off_are_refused_at_their_index() {
        let big = "A".repeat(14 * 1024 * 1024);
        let cut = &PNG[..PNG.len() - 16];
        let input = json!({ "name": "A", "images": [PNG, big, format!("{cut}AAAA")] });
        assert_eq!(
            codes(&input),
            vec![
                ("images[1]".into(), "IMAGE_TOO_LARGE"),
                ("images[2]".into(), "INVALID_IMAGE_FORMAT"),
            ]
        );
        let e = validate(&input, TODAY).unwrap_err();
        assert_eq!(e[0].message, "images[1] is 10.5 MiB, the limit is 10 MiB");
        assert!(
            e[1].message.starts_with("images[2] is cut off"),
            "{}",
            e[1].message
        );
    }

    #[test]
    fn inputs_as_forms_give_them() {
        let input = json!({
            "name": " Ana Ñañez ", "images": [PNG], "gender": "", "nationality": "pe",
            "collections": [" staff "], "notes": ""
        });
        let p = validate(&input, TODAY).unwrap();
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({ "name": "Ana Ñañez", "images": [PNG], "nationality": "PE", "collections": ["staff"] })
        );
        let blank = json!({ "name": "   ", "images": [PNG] });
        assert_eq!(codes(&blank), vec![("name".into(), "NAME_REQUIRED")]);
    }

    #[test]
    fn nationality_is_a_code_or_a_name() {
        for ok in ["US", "Mexican", "Colombian", "Peruana"] {
            let input = json!({ "name": "A", "images": [PNG], "nationality": ok });
            assert!(validate(&input, TODAY).is_ok(), "{ok}");
        }
        let input = json!({ "name": "A", "images": [PNG], "nationality": "XX" });
        assert_eq!(
            codes(&input),
            vec![("nationality".into(), "INVALID_COUNTRY")]
        );
    }
}
