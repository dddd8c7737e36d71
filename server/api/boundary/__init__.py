"""The HTTP boundary: security headers, strict input, the access log."""
