"""HTTP with the standard library: bounded timeouts, http(s) only, no secret in any message.

Used for the package index (``release publish``) and the GitHub REST API (``release
guard-main``, ``release github-release``). Every request has a timeout; failures become
:class:`HttpError` (the server answered with a status >= 400) or :class:`Unreachable`
(no answer), whose messages name the URL without credentials.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from release.outside import redact, timeouts

DEFAULT_TIMEOUT = 20.0
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?([^";]+)"?')


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> object:
        try:
            return json.loads(self.body)
        except ValueError:
            raise Unreachable("the server answered with something that is not JSON") from None

    def header(self, name: str) -> str:
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), "")


class HttpError(Exception):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int, headers: Mapping[str, str], body: bytes) -> None:
        super().__init__(f"HTTP {status} from {redact_url(url)}")
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str:
        return Response(self.status, self.headers, self.body).header(name)

    def message(self) -> str:
        """The ``message`` field of a JSON error body (GitHub), else the empty string."""
        try:
            data = json.loads(self.body)
        except ValueError:
            return ""
        return str(data.get("message", "")) if isinstance(data, dict) else ""


class Unreachable(Exception):
    """No usable answer: network error, timeout, or an unsupported URL."""


def _headers(message: Message) -> dict[str, str]:
    return dict(message.items())


def request(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    data: bytes | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    authorization: str | None = None,
) -> Response:
    """One HTTP request; raise :class:`HttpError` for a status >= 400.

    ``authorization`` is sent to ``url`` only, never to the target of a redirect.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise Unreachable(f"unsupported URL {redact_url(url)} (only http and https)")
    timeout = timeouts.network(timeout)
    req = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=data, method=method, headers=dict(headers or {}))
    if authorization:
        req.add_unredirected_header("Authorization", authorization)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:  # noqa: S310
            return Response(answer.status, _headers(answer.headers), answer.read())
    except urllib.error.HTTPError as exc:
        body = b""
        with contextlib.suppress(OSError):
            body = exc.read()
        raise HttpError(url, exc.code, _headers(exc.headers), body) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise Unreachable(f"cannot reach {redact_url(url)}: {reason}") from None


def next_link(headers: Mapping[str, str]) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (GitHub pagination), if any."""
    value = Response(0, headers, b"").header("Link")
    for url, rel in _LINK.findall(value):
        if rel == "next":
            return str(url)
    return None


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``(url without user:password, user, password)``; the password is registered as a
    secret (see :mod:`release.outside.redact`)."""
    return redact.split_url_credentials(url)


def redact_url(url: str) -> str:
    """``url`` with the password of its ``user:password@`` part replaced by ``***``."""
    return redact.redact(url)
