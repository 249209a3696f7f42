"""switchish."""
