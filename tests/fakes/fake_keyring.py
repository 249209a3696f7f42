"""A keyring backend with the local test index's password: see tests/fakes/README.md."""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend
from keyring.credentials import SimpleCredential


class IndexKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return os.environ.get("FAKE_KEYRING_PASSWORD")

    def get_credential(self, service: str, username: str | None) -> SimpleCredential | None:
        password = os.environ.get("FAKE_KEYRING_PASSWORD")
        return SimpleCredential("__token__", password) if password else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError
