"""czish."""
