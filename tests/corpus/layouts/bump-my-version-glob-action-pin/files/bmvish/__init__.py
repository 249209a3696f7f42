"""bmvish."""
