//! Equals Money: the payload rules (every field of the document).
