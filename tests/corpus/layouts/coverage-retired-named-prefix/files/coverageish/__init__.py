"""coverageish."""
