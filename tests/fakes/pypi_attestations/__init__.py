"""A test stand-in for pypi-attestations: see tests/fakes/README.md."""
