//! `Debug` of a mapped person: the bodies' shape (provider, field names,
//! lengths), never a value (see `crate::shape`).

use std::fmt;

use super::Mapped;
use crate::shape::Shape;

impl fmt::Debug for Mapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let payloads: Vec<_> = self
            .payloads
            .iter()
            .map(|(p, body)| (p, Shape(body)))
            .collect();
        f.debug_struct("Mapped")
            .field("payloads", &payloads)
            .field("errors", &self.errors)
            .field("broken", &self.broken)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn debug_shows_the_bodies_shape_never_the_person() {
        let person = json!({
            "firstName": "Zyxwilda", "lastName": "Quorblat", "email": "zyx@leakcheck.test",
            "identityNumber": "73914628", "dateOfBirth": "1987-03-29", "photos": ["/9j/4AAQSkZJRg=="],
            "phone": 51987654321_u64,
        });
        let server = json!({ "equals": { "accountId": "F12345", "roleName": "Viewer" }, "horus": true, "verifik": true });
        let mapped = super::super::map_person(&person, &server);
        assert_eq!(mapped.payloads.len(), 3);
        let shown = format!("{mapped:?}");
        for value in [
            "Zyxwilda",
            "Quorblat",
            "leakcheck",
            "73914628",
            "1987",
            "/9j/",
            "F12345",
            "Viewer",
            "51987",
        ] {
            assert!(!shown.contains(value), "{value} in {shown}");
        }
        // The shape is there: providers, field names, lengths, the error about `phone`.
        for part in [
            "Verifik",
            "\"firstName\": <8 chars>",
            "\"images\": [1 items]",
            "phone",
            "broken",
        ] {
            assert!(shown.contains(part), "{part} not in {shown}");
        }
    }
}
