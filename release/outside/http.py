"""HTTP with the standard library: credentials only for their own origin, a deadline for the
whole answer, a size cap on every body, http(s) only, no secret in any message.

Used for the package index (``release publish``) and the GitHub REST API (``release
guard-main``, ``release github-release``). The rules hold on every request path:

- A :class:`Credential` belongs to one origin (scheme, host and port; GitHub's API and its
  upload host for api.github.com). It is attached only when the URL is on that origin, as a
  header that urllib does not copy to a redirect; a redirect back to the same origin gets it
  again, one to another host or port, or from https to http, never does.
- A redirect may only lead to http or https (urllib would follow ``ftp:``).
- ``timeout`` bounds the whole answer, headers and body, not one read: a server that
  drips one byte a second is cut off when the time is up (the sockets of the request are
  shut down). ``RELEASE_NETWORK_TIMEOUT`` overrides it (:mod:`release.outside.timeouts`).
- A body larger than ``limit`` is refused while it is read; ``sink`` receives a body in
  chunks instead of keeping it (an asset hashed while it downloads).
- A URL with a space or a control character, a bad port, an answer that breaks the
  protocol, are :class:`Unreachable`, never an exception from inside urllib.

Failures are :class:`HttpError` (the server answered with a status >= 400) or
:class:`Unreachable` (no usable answer), whose messages name the URL without credentials.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

from release.outside import redact, timeouts

DEFAULT_TIMEOUT = 20.0
MAX_BODY = 64 * 1024 * 1024
"""The largest answer read into memory: an index page of a project with thousands of files
is a few megabytes; anything near this is a mistake or an attack."""
MAX_ERROR_BODY = 1024 * 1024
_CHUNK = 64 * 1024
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?([^";]+)"?')
_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str = ""
    """The URL that answered (after redirects)."""

    def json(self) -> object:
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
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
        except (ValueError, RecursionError):
            return ""
        return str(data.get("message", ""))[:300] if isinstance(data, dict) else ""


class Unreachable(Exception):
    """No usable answer: network error, deadline, oversized answer, or an unusable URL."""


def check_url(url: str) -> SplitResult:
    """The parts of an http(s) URL; :class:`Unreachable` when it is not one (a space or a
    control character anywhere, another scheme, no host, a port that is not a number)."""
    shown = redact_url(url)
    if any(char.isspace() or not char.isprintable() for char in url):
        raise Unreachable(f"{shown!r} is not a URL: it contains a space or a control character")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Unreachable(f"{shown} is not a URL: {exc}") from None
    if parts.scheme not in _PORTS:
        raise Unreachable(f"unsupported URL {shown} (only http and https)")
    if not parts.hostname:
        raise Unreachable(f"{shown} is not a URL: it names no host")
    del port
    return parts


def origin(url: str) -> Origin | None:
    """``(scheme, host, port)`` of an http(s) URL (the port filled in), ``None`` otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or _PORTS[parts.scheme]


@dataclass(frozen=True)
class Credential:
    """An ``Authorization`` header value and the origins it may be sent to."""

    header: str
    origins: frozenset[Origin]

    @classmethod
    def for_urls(cls, header: str, *urls: str) -> Credential:
        return cls(header, frozenset(o for o in map(origin, urls) if o is not None))

    @classmethod
    def basic(cls, url: str, user: str, password: str) -> Credential:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return cls.for_urls(f"Basic {pair}", url)

    def allows(self, url: str) -> bool:
        return origin(url) in self.origins

    def __repr__(self) -> str:  # never the secret, even in a debugger or a traceback
        return f"Credential(origins={sorted(self.origins)})"


class _Deadline:
    """Shuts the sockets of one request down when its time is up, wherever it is waiting
    (connecting, the TLS handshake, the headers, the body)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(0.01, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        """Watch ``sock`` through a duplicate of its descriptor (the TLS layer takes over the
        original object, the connection stays the same)."""
        twin = socket.socket(fileno=os.dup(sock.fileno()))
        with self._lock:
            self._sockets.append(twin)
            if self.expired:
                self._shut(twin)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @contextlib.contextmanager
    def running(self) -> Iterator[_Deadline]:
        self._timer.start()
        try:
            yield self
        finally:
            self._timer.cancel()
            with self._lock:
                for sock in self._sockets:
                    sock.close()
                self._sockets.clear()


def _watched(base: type[http.client.HTTPConnection], deadline: _Deadline, host: str,
             **kwargs: Any) -> http.client.HTTPConnection:
    connection = base(host, **{**kwargs, "timeout": deadline.remaining()})
    create = connection._create_connection  # type: ignore[attr-defined]

    def create_watched(*args: Any, **named: Any) -> socket.socket:
        sock: socket.socket = create(*args, **named)
        deadline.watch(sock)
        return sock

    connection._create_connection = create_watched  # type: ignore[attr-defined]
    return connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_watched, http.client.HTTPConnection,
                                              self.deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_watched, http.client.HTTPSConnection,
                                              self.deadline), req,
                            context=self._context)  # type: ignore[attr-defined]


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to http(s); the credential only to its own origin. A 308 is
    followed like a 307 on every Python (urllib follows it itself from 3.11 on)."""

    http_error_308 = urllib.request.HTTPRedirectHandler.http_error_302

    def __init__(self, credential: Credential | None) -> None:
        super().__init__()
        self.credential = credential

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str
                         ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in _PORTS:
            raise Unreachable(f"{redact_url(req.full_url)} redirected to "
                              f"{redact_url(newurl)!r}: only http and https are followed")
        new = super().redirect_request(req, fp, 307 if code == 308 else code, msg, headers,
                                       newurl)
        if new is not None and self.credential is not None \
                and self.credential.allows(new.full_url):
            new.add_unredirected_header("Authorization", self.credential.header)
        return new


def _read(answer: Any, limit: int, deadline: _Deadline, url: str,
          sink: Callable[[bytes], None] | None = None) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := answer.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise Unreachable(f"the answer from {redact_url(url)} is larger than {limit:,} "
                              "bytes")
        if sink is not None:
            sink(chunk)
        else:
            chunks.append(chunk)
    if deadline.expired:  # the socket was shut down: what arrived is not the whole answer
        raise TimeoutError
    return b"".join(chunks)


def request(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    data: bytes | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    credential: Credential | None = None,
    limit: int = MAX_BODY,
    sink: Callable[[bytes], None] | None = None,
) -> Response:
    """One HTTP request, finished within ``timeout`` seconds; raise :class:`HttpError` for a
    status >= 400 and :class:`Unreachable` for no usable answer.

    ``credential`` is sent only when ``url`` (or a redirect's target) is on its origin.
    """
    check_url(url)
    seconds = timeouts.network(timeout)
    req = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=data, method=method, headers=dict(headers or {}))
    if credential is not None and credential.allows(url):
        req.add_unredirected_header("Authorization", credential.header)
    deadline = _Deadline(seconds)
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), _HTTP(deadline), _HTTPS(deadline),
                    _Redirects(credential),
                    urllib.request.HTTPErrorProcessor(), urllib.request.HTTPDefaultErrorHandler()):
        opener.add_handler(handler)
    try:
        with deadline.running():
            try:
                with opener.open(req, timeout=deadline.remaining()) as answer:
                    body = _read(answer, limit, deadline, url, sink)
                    return Response(answer.status, dict(answer.headers.items()), body,
                                    answer.geturl())
            except urllib.error.HTTPError as exc:
                error_body = b""
                with contextlib.suppress(OSError, http.client.HTTPException, Unreachable):
                    error_body = _read(exc, MAX_ERROR_BODY, deadline, url)
                raise HttpError(url, exc.code, dict(exc.headers.items()) if exc.headers else {},
                                error_body) from None
    except (HttpError, Unreachable):
        raise
    except TimeoutError:
        raise Unreachable(f"{redact_url(url)} did not answer within {seconds:g} s") from None
    except (urllib.error.URLError, OSError) as exc:
        if deadline.expired:
            raise Unreachable(f"{redact_url(url)} did not answer within {seconds:g} s") from None
        reason = getattr(exc, "reason", None) or exc
        raise Unreachable(f"cannot reach {redact_url(url)}: {reason}") from None
    except http.client.HTTPException as exc:
        if deadline.expired:
            raise Unreachable(f"{redact_url(url)} did not answer within {seconds:g} s") from None
        raise Unreachable(f"{redact_url(url)} broke the HTTP protocol "
                          f"({type(exc).__name__})") from None
    except ValueError:  # a header value or URL part that http.client refuses
        raise Unreachable(f"cannot send the request to {redact_url(url)}: a header or the URL "
                          "holds a character HTTP does not allow") from None


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
