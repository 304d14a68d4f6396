//! Horus: parsing the documented responses into results and errors.
