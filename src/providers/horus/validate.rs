//! Horus: the payload rules (every field of the document).
