//! Equals Money: building the HTTP request as plain data.
