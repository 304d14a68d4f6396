//! The one table: which neutral field fills which provider field, and which
//! provider fields belong to the server.
//!
//! | neutral          | Verifik                          | Equals                     | Horus            |
//! | ---------------- | -------------------------------- | -------------------------- | ---------------- |
//! | `firstName`      | `name` (first part)              | `firstName`                | `firstName`      |
//! | `lastName`       | `name` (after a space)           | `lastName`                 | `lastName`       |
//! | `email`          | —                                | `emailAddress`             | `email`          |
//! | `phone`          | —                                | `primaryMobileNumber`      | —                |
//! | `dateOfBirth`    | `date_of_birth`                  | `dob`                      | —                |
//! | `gender`         | `gender`                         | —                          | —                |
//! | `nationality`    | `nationality`                    | `nationalities: [it]`      | —                |
//! | `identityNumber` | —                                | —                          | `mainIdentifier` |
//! | `photos`         | `images`                         | —                          | —                |
//!
//! Server-owned (set in the server's options, never by a browser):
//! Verifik `collections`; Equals `accountId`, `roleName`, `status`,
//! `createdByPersonaId`, `addToUserPool`, `sendInvite`, `sessionId`,
//! `mfaCode`, `customerIp`; Horus `clientId`, `clientSecret`, `categoryId`,
//! `positionId`, `enabled`; and any other provider field the server's
//! options give a value.

use crate::error::Provider;

/// The neutral person's fields, in the order the README lists them.
pub const FIELDS: [&str; 10] = [
    "firstName",
    "lastName",
    "email",
    "phone",
    "dateOfBirth",
    "gender",
    "nationality",
    "identityNumber",
    "photos",
    "extras",
];

/// The neutral fields that hold a string (or `null`, which counts as absent).
pub const TEXT_FIELDS: [&str; 8] = [
    "firstName",
    "lastName",
    "email",
    "phone",
    "dateOfBirth",
    "gender",
    "nationality",
    "identityNumber",
];

/// How a neutral value becomes a provider value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum How {
    /// As it is.
    Same,
    /// Inside a one-item array (Equals `nationalities`).
    Listed,
    /// Joined with the other `Joined` fields by one space, blanks left out,
    /// each part trimmed (Verifik `name` = firstName + ' ' + lastName).
    Joined,
}

/// One row of the table: a neutral field and where it goes in each body.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The neutral field.
    pub neutral: &'static str,
    /// Verifik field and how.
    pub verifik: Option<(&'static str, How)>,
    /// Equals field and how.
    pub equals: Option<(&'static str, How)>,
    /// Horus field and how.
    pub horus: Option<(&'static str, How)>,
}

impl Row {
    /// Where this row goes for `provider`.
    #[must_use]
    pub fn target(&self, provider: Provider) -> Option<(&'static str, How)> {
        match provider {
            Provider::Verifik => self.verifik,
            Provider::Equals => self.equals,
            Provider::Horus => self.horus,
        }
    }
}

const fn row(
    neutral: &'static str,
    verifik: Option<(&'static str, How)>,
    equals: Option<(&'static str, How)>,
    horus: Option<(&'static str, How)>,
) -> Row {
    Row {
        neutral,
        verifik,
        equals,
        horus,
    }
}

/// The table (see the module docs). `firstName` comes before `lastName`, so
/// Verifik's `name` is "first last", and errors on `name` name `firstName`.
pub const TABLE: [Row; 9] = [
    row(
        "firstName",
        Some(("name", How::Joined)),
        Some(("firstName", How::Same)),
        Some(("firstName", How::Same)),
    ),
    row(
        "lastName",
        Some(("name", How::Joined)),
        Some(("lastName", How::Same)),
        Some(("lastName", How::Same)),
    ),
    row(
        "email",
        None,
        Some(("emailAddress", How::Same)),
        Some(("email", How::Same)),
    ),
    row(
        "phone",
        None,
        Some(("primaryMobileNumber", How::Same)),
        None,
    ),
    row(
        "dateOfBirth",
        Some(("date_of_birth", How::Same)),
        Some(("dob", How::Same)),
        None,
    ),
    row("gender", Some(("gender", How::Same)), None, None),
    row(
        "nationality",
        Some(("nationality", How::Same)),
        Some(("nationalities", How::Listed)),
        None,
    ),
    row(
        "identityNumber",
        None,
        None,
        Some(("mainIdentifier", How::Same)),
    ),
    row("photos", Some(("images", How::Same)), None, None),
];

/// Verifik fields only the server sets.
pub const VERIFIK_SERVER: [&str; 1] = ["collections"];
/// Equals fields only the server sets: access (account, role, status,
/// invitations) and the creator's own session.
pub const EQUALS_SERVER: [&str; 9] = [
    "accountId",
    "roleName",
    "status",
    "createdByPersonaId",
    "addToUserPool",
    "sendInvite",
    "sessionId",
    "mfaCode",
    "customerIp",
];
/// Horus fields only the server sets: credentials and access.
pub const HORUS_SERVER: [&str; 5] = [
    "clientId",
    "clientSecret",
    "categoryId",
    "positionId",
    "enabled",
];

/// The three providers, in the order results are listed.
pub const PROVIDERS: [Provider; 3] = [Provider::Verifik, Provider::Equals, Provider::Horus];

/// The fields `provider` always reserves for the server.
#[must_use]
pub fn server_owned(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::Verifik => &VERIFIK_SERVER,
        Provider::Equals => &EQUALS_SERVER,
        Provider::Horus => &HORUS_SERVER,
    }
}

/// The neutral field that fills `field` of `provider`'s body, if the table has one.
#[must_use]
pub fn neutral_for(provider: Provider, field: &str) -> Option<(&'static str, How)> {
    TABLE.iter().find_map(|r| match r.target(provider) {
        Some((f, how)) if f == field => Some((r.neutral, how)),
        _ => None,
    })
}

/// The provider a top-level key belongs to when it is a server-owned field
/// of any of them (`roleName` → Equals).
#[must_use]
pub fn owner_of(key: &str) -> Option<Provider> {
    PROVIDERS
        .into_iter()
        .find(|p| server_owned(*p).contains(&key))
}
