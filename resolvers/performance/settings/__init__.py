"""Performance settings and time zones."""
