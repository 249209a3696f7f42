"""Environment fixture module."""
