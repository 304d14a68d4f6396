//! A Horus client's credentials: read from the options or the environment
//! (or declared absent with `withoutCredentials`), and written into the
//! body, where Horus takes them.

use serde_json::Value;

use super::clients::to_fields;
use super::convert::today;
use super::options::{unreadable_var, Reader};
use super::transport::is_server;
use crate::error::{Error, ErrorCode, FieldError};
use crate::providers::horus;
use crate::validate::Today;

/// The credentials a Horus client sends in the body, when it holds them.
pub(super) struct HorusCredentials {
    client_id: Option<String>,
    client_secret: Option<String>,
    /// `withoutCredentials: true`: `baseUrl` is the caller's backend.
    backend: bool,
}

/// Stands in for credentials a client without them never sends (its
/// `baseUrl` is the caller's backend, which adds them), so the rest of the
/// body can still be validated.
const ABSENT_CREDENTIAL: &str = "held-by-your-backend";

impl HorusCredentials {
    /// The Horus credentials: both, from the options or the environment, or
    /// neither when `withoutCredentials: true` says the client calls the
    /// caller's own backend, which adds them. Horus has no public address, so
    /// a client cannot tell its backend from Horus by the URL: on a server,
    /// where a missing variable is the likely cause, a client with neither
    /// credential is refused rather than sending Horus an unauthenticated
    /// request. A browser page holds no secret, so there neither is the norm.
    pub(super) fn read(r: &Reader) -> Result<Self, Error> {
        if r.boolean("withoutCredentials")? {
            for key in ["clientId", "clientSecret"] {
                if r.string(key)?.is_some() {
                    let both = format!(
                        "horus: {key} with withoutCredentials: true; \
                         give the credentials or withoutCredentials, not both"
                    );
                    return Err(Error::new(ErrorCode::InvalidOptions, both).with_field(key));
                }
            }
            return Ok(Self {
                client_id: None,
                client_secret: None,
                backend: true,
            });
        }
        let client_id = r.string_or_env("clientId", "HORUS_CLIENT_ID")?;
        let client_secret = r.string_or_env("clientSecret", "HORUS_CLIENT_SECRET")?;
        if client_id.is_some() != client_secret.is_some() {
            let half = "horus: give both clientId and clientSecret, or neither with \
                        withoutCredentials: true (when baseUrl is your own backend)";
            let missing = if client_id.is_some() {
                "clientSecret"
            } else {
                "clientId"
            };
            return Err(Error::new(ErrorCode::InvalidOptions, half).with_field(missing));
        }
        Ok(Self {
            client_id,
            client_secret,
            backend: false,
        })
    }

    /// What errors must never show: the client secret (the id is no secret).
    pub(super) fn secrets(&self) -> Vec<String> {
        self.client_secret.iter().cloned().collect()
    }

    /// Refuses a server's Horus client that has neither credential and did not
    /// say `withoutCredentials: true` (see [`Self::read`]). Checked after
    /// the common options, so a client missing its `baseUrl` too is told that first.
    pub(super) fn refuse_unauthenticated(&self) -> Result<(), Error> {
        if self.client_id.is_some() || self.backend || !is_server() {
            return Ok(());
        }
        let required = format!(
            "horus: clientId and clientSecret are required on a server: pass them, \
             set HORUS_CLIENT_ID and HORUS_CLIENT_SECRET{}, or pass withoutCredentials: true \
             when baseUrl is your own backend, which adds them",
            unreadable_var("HORUS_CLIENT_ID")
        );
        Err(Error::new(ErrorCode::InvalidOptions, required).with_field("clientId"))
    }

    /// The Horus body: the person validated, with the credentials held (none
    /// for a backend), in the documented order.
    pub(super) fn body(&self, mut json: Value) -> Result<Vec<u8>, Error> {
        let held = self.client_id.as_deref().zip(self.client_secret.as_deref());
        let mut stand_ins = Vec::new();
        if let Value::Object(map) = &mut json {
            for key in ["clientId", "clientSecret"] {
                if map.contains_key(key) && held.is_some() {
                    return Err(Error::validation(vec![FieldError::new(
                        key,
                        ErrorCode::UnknownField,
                        "credentials come from the client options; leave them out of the person",
                    )]));
                }
                if !map.contains_key(key) {
                    map.insert(key.into(), Value::from(ABSENT_CREDENTIAL));
                    stand_ins.push(key);
                }
            }
        }
        let person = horus::validate(&json, Today::ask(&today)).map_err(Error::validation)?;
        let mut fields = to_fields(&person)?;
        // The documented order kept (see verifik_body).
        fields.retain(|k, _| !stand_ins.contains(&k.as_str()));
        let credentials = held.map(|(client_id, client_secret)| horus::request::Credentials {
            client_id,
            client_secret,
        });
        horus::request::build_body(credentials.as_ref(), &fields)
    }
}
