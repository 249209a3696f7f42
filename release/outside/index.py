"""The package index: which files of a release it already has, with their sha256.

Asks PyPI's JSON API first (``/pypi/<project>/<version>/json``: file names with their
digests), then the simple repository API: JSON (PEP 691) when the index offers it, else the
HTML form (PEP 503) with ``#sha256=`` fragments (pypiserver, devpi and most private indexes
have no JSON API). Standard library only (:mod:`release.outside.http`).

Credentials (a password from the upload URL) belong to the upload URL's origin: they go
only to pages on that scheme, host and port, never to a redirect elsewhere
(:class:`release.outside.http.Credential`); every answer has a deadline and a size cap.

PyPI serves both APIs through a CDN, so right after an upload either may still show the old
state for a while; ``release publish`` therefore trusts the upload response and treats a
file missing from a listing as "not visible yet", never as a failed upload.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urljoin

from packaging.utils import canonicalize_name

from release.errors import PackageIndexError
from release.outside import http

PYPI_UPLOAD = "https://upload.pypi.org/legacy/"
TESTPYPI_UPLOAD = "https://test.pypi.org/legacy/"
_KNOWN = {
    PYPI_UPLOAD: "https://pypi.org/",
    TESTPYPI_UPLOAD: "https://test.pypi.org/",
}
_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, " \
          "text/html;q=0.1"


def is_pypi(upload_url: str) -> bool:
    """PyPI or TestPyPI: the indexes with trusted publishing and PEP 740 attestations."""
    return (upload_url if upload_url.endswith("/") else upload_url + "/") in _KNOWN


def _root_for(upload_url: str) -> str:
    url = upload_url if upload_url.endswith("/") else upload_url + "/"
    if url in _KNOWN:
        return _KNOWN[url]
    if url.endswith("/legacy/"):
        return url[: -len("legacy/")]
    return url


def simple_url_for(upload_url: str) -> str:
    """The simple API root that belongs to an upload URL."""
    return urljoin(_root_for(upload_url), "simple/")


def json_url_for(upload_url: str, project: str, version: str) -> str:
    """PyPI's JSON API URL for one release of ``project``."""
    name = quote(canonicalize_name(project))
    return urljoin(_root_for(upload_url), f"pypi/{name}/{quote(version)}/json")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


@dataclass(frozen=True)
class Listing:
    """The files an index showed for a release: ``{filename: sha256 or None}``, and where from."""

    files: dict[str, str | None]
    source: str


def _headers(accept: str, fresh: bool) -> dict[str, str]:
    headers = {"Accept": accept, "User-Agent": "release-lifecycle"}
    if fresh:
        headers["Cache-Control"] = "no-cache"
    return headers


def _credential(upload_url: str, auth: tuple[str, str] | None) -> http.Credential | None:
    """The upload URL's user and password, for that origin only."""
    return None if auth is None else http.Credential.basic(upload_url, *auth)


def _unreachable(url: str, reason: str) -> PackageIndexError:
    return PackageIndexError(
        f"cannot reach the package index at {http.redact_url(url)}: {reason}",
        "check the URL and your network; nothing was uploaded, so simply run the same "
        "command again",
    )


def release_files(upload_url: str, project: str, version: str, *,
                  auth: tuple[str, str] | None = None, fresh: bool = False,
                  timeout: float = 20.0) -> Listing:
    """The files of ``project`` ``version`` the index has: JSON API, else the simple API."""
    credential = _credential(upload_url, auth)
    url = json_url_for(upload_url, project, version)
    answer = _get(url, _headers("application/json", fresh), timeout, credential,
                  absent=(404, 405, 406))
    found = parse_json_api(answer.body) if answer is not None else None
    if found is not None:
        return Listing(found, "JSON API")
    simple = simple_url_for(upload_url)
    return Listing(existing_files(simple, project, credential=credential, fresh=fresh,
                                  timeout=timeout), "simple index")


def existing_files(simple_root: str, project: str, *, credential: http.Credential | None = None,
                   fresh: bool = False, timeout: float = 20.0) -> dict[str, str | None]:
    """``{filename: sha256 or None}`` for every file the simple index has for ``project``."""
    url = urljoin(simple_root, canonicalize_name(project) + "/")
    answer = _get(url, _headers(_ACCEPT, fresh), timeout, credential, absent=(404,))
    if answer is None:
        return {}
    return parse_simple(answer.body, answer.header("Content-Type"), http.redact_url(url))


def _get(url: str, headers: dict[str, str], timeout: float,
         credential: http.Credential | None, *, absent: tuple[int, ...]
         ) -> http.Response | None:
    """GET ``url``; ``None`` for a status in ``absent`` (nothing there); else an error."""
    try:
        return http.request("GET", url, headers=headers, timeout=timeout,
                            credential=credential)
    except http.HttpError as exc:
        if exc.status in absent:
            return None
        raise PackageIndexError(
            f"the index answered HTTP {exc.status} for {http.redact_url(url)}",
            "check --repository-url, and that the index is up",
        ) from None
    except http.Unreachable as exc:
        raise _unreachable(url, str(exc)) from None


def _sha256(hashes: object) -> str | None:
    value = hashes.get("sha256") if isinstance(hashes, dict) else None
    return value.lower() if isinstance(value, str) and len(value) == 64 else None


def _json_files(body: bytes, key: str, hashes: str) -> dict[str, str | None] | None:
    """``{filename: sha256}`` from the list ``key`` of a JSON answer (each item's digests
    under ``hashes``); ``None`` when the answer is not JSON with such a list."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    return {item["filename"]: _sha256(item.get(hashes))
            for item in items
            if isinstance(item, dict) and isinstance(item.get("filename"), str)}


def parse_json_api(body: bytes) -> dict[str, str | None] | None:
    """``{filename: sha256}`` from PyPI's JSON API answer, or ``None`` when the answer is not
    one (a web page, another shape): then the simple index is asked."""
    return _json_files(body, "urls", "digests")


def parse_simple(body: bytes, content_type: str, where: str) -> dict[str, str | None]:
    """``{filename: sha256 or None}`` from a simple-index page: PEP 691 JSON or PEP 503 HTML.

    Raises :class:`PackageIndexError` for a JSON answer that is not a project page.
    """
    if "json" in content_type:
        listed = _json_files(body, "files", "hashes")
        if listed is None:
            raise PackageIndexError(
                f"the index's answer for {where} is not a PEP 691 project page "
                "(no list of files)",
                "check --repository-url: it must be the upload URL of a package index",
            )
        return listed
    parser = _Links()
    try:
        parser.feed(body.decode("utf-8", "replace"))
        parser.close()
    except (ValueError, AssertionError):  # html.parser gives up on some broken markup
        pass
    found: dict[str, str | None] = {}
    for href in parser.links:
        path, _, fragment = href.partition("#")
        name = path.rstrip("/").rsplit("/", 1)[-1]
        sha = fragment[len("sha256="):] if fragment.startswith("sha256=") else None
        if name:
            found[name] = sha if sha and len(sha) == 64 else None
    return found


INTEGRITY_ACCEPT = "application/vnd.pypi.integrity.v1+json"


def provenance_url(upload_url: str, project: str, version: str, filename: str) -> str:
    """PyPI's Integrity API URL for the PEP 740 provenance of one file."""
    name = quote(canonicalize_name(project))
    return urljoin(_root_for(upload_url),
                   f"integrity/{name}/{quote(version)}/{quote(filename)}/provenance")


def provenance(upload_url: str, project: str, version: str, filename: str, *,
               timeout: float = 20.0) -> object | None:
    """The PEP 740 provenance object the index keeps for ``filename`` (parsed JSON), or
    ``None`` when it has none (404). Any other answer raises :class:`PackageIndexError`."""
    url = provenance_url(upload_url, project, version, filename)
    answer = _get(url, {"Accept": INTEGRITY_ACCEPT, "User-Agent": "release-lifecycle"}, timeout,
                  None, absent=(404,))
    if answer is None:
        return None
    try:
        found: object = json.loads(answer.body)
    except (ValueError, RecursionError):
        raise PackageIndexError(f"the provenance of {filename} at {http.redact_url(url)} is "
                                "not JSON", "check --repository-url") from None
    return found
