//! HttpRequest / HttpResponse as plain data, and the retry policy (pure, no I/O).
