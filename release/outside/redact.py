"""The one place that keeps secrets out of output: tokens, passwords in URLs, GitHub tokens.

Every line the CLI prints (stdout and stderr), every step summary, step output and
annotation, and every error message passes through :func:`redact`. Secrets are registered
from the environment variables that can hold one (:data:`SECRET_VARIABLES`) and by the code
that reads a credential (:func:`register`); a multi-line secret is hidden line by line.
Passwords inside URLs (``https://user:PASSWORD@host/``) are hidden wherever a URL appears,
and anything shaped like a PyPI token (``pypi-…``) or an OIDC token (a JSON Web Token) is
hidden even when nobody registered it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

MASK = "***"

SECRET_VARIABLES = (
    "PYPI_API_TOKEN",
    "TWINE_PASSWORD",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "ACTIONS_RUNTIME_TOKEN",
)
"""Environment variables whose values are secrets wherever they appear."""

_URL_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/\s:@]*):[^@\s/]*@")
_TOKEN_SHAPED = re.compile(r"pypi-[A-Za-z0-9_\-]{16,}")
_JWT_SHAPED = re.compile(r"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+")
"""An OIDC token (a JSON Web Token), such as the one trusted publishing exchanges."""
_MIN_LENGTH = 4  # shorter values would blank out ordinary words

_secrets: set[str] = set()


def register(*values: str | None) -> None:
    """Hide these values (and each of their lines) in everything printed from now on."""
    for value in values:
        if not value:
            continue
        for part in [value, *value.splitlines()]:
            stripped = part.strip()
            if len(stripped) >= _MIN_LENGTH:
                _secrets.add(stripped)


def register_environment(env: Mapping[str, str] | None = None) -> list[str]:
    """Register the secrets in :data:`SECRET_VARIABLES`; return the names that were set."""
    env = os.environ if env is None else env
    found = [name for name in SECRET_VARIABLES if env.get(name, "").strip()]
    register(*(env[name] for name in found))
    return found


def secrets() -> Iterable[str]:
    """The registered secrets, longest first (so that a secret inside another is no problem)."""
    return sorted(_secrets, key=len, reverse=True)


def redact(text: str) -> str:
    """``text`` with every registered secret, URL password and token-shaped string hidden."""
    for secret in secrets():
        if secret in text:
            text = text.replace(secret, MASK)
    text = _URL_USERINFO.sub(lambda m: f"{m.group('scheme')}{m.group('user')}:{MASK}@", text)
    return _JWT_SHAPED.sub(MASK, _TOKEN_SHAPED.sub(MASK, text))


def split_url_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``(url without user and password, user, password)``; the password is registered.

    Credentials in an upload URL are taken out of it (they would otherwise be printed, and
    most HTTP clients do not send them anyway) and passed on the proper way.
    """
    try:
        parts = urlsplit(url)
        user, password = parts.username, parts.password
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return redact(url), None, None
    if user is None and password is None:
        return url, None, None
    register(password)
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    return urlunsplit(parts._replace(netloc=netloc)), user, password
