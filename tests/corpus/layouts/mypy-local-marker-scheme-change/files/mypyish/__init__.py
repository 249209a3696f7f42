"""mypyish."""
