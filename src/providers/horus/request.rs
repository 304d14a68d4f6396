//! Horus: building the HTTP request as plain data.
