//! Shared validation rules: required, max length, enum, ISO date, email, uuid, country, base64 image.
