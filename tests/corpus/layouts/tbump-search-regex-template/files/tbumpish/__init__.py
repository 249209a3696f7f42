"""tbumpish."""

__version__ = "3.4.0"
MINIMUM_COMPATIBLE = "3.4.0"
