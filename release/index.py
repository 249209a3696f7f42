"""The package index: which files of a project it already has, with their sha256.

Speaks the simple repository API: JSON (PEP 691) when the index offers it, else the
HTML form (PEP 503) with ``#sha256=`` fragments. Standard library only.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from packaging.utils import canonicalize_name

from release.errors import PackageIndexError

PYPI_UPLOAD = "https://upload.pypi.org/legacy/"
_KNOWN = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}
_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, " \
          "text/html;q=0.1"


def simple_url_for(upload_url: str) -> str:
    """The simple API root that belongs to an upload URL."""
    url = upload_url if upload_url.endswith("/") else upload_url + "/"
    if url in _KNOWN:
        return _KNOWN[url]
    if url.endswith("/legacy/"):
        return url[: -len("legacy/")] + "simple/"
    return urljoin(url, "simple/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def existing_files(simple_root: str, project: str, timeout: float = 20.0) -> dict[str, str | None]:
    """``{filename: sha256 or None}`` for every file the index has for ``project``."""
    url = urljoin(simple_root, canonicalize_name(project) + "/")
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT})  # noqa: S310 - http(s) only
    if urlsplit(url).scheme not in ("http", "https"):
        raise PackageIndexError(f"unsupported index URL {url}", "use an http(s) URL")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
            kind = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return {}
        raise PackageIndexError(
            f"the index answered HTTP {exc.code} for {url}",
            "check --repository-url, and that the index is up",
        ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PackageIndexError(
            f"cannot reach the package index at {url}: {reason}",
            "check the URL and your network; nothing was uploaded, so simply run the same "
            "command again",
        ) from None
    if "json" in kind:
        data = json.loads(body)
        return {item["filename"]: item.get("hashes", {}).get("sha256")
                for item in data.get("files", [])}
    parser = _Links()
    parser.feed(body.decode("utf-8", "replace"))
    found: dict[str, str | None] = {}
    for href in parser.links:
        path, _, fragment = href.partition("#")
        name = path.rstrip("/").rsplit("/", 1)[-1]
        sha = fragment[len("sha256="):] if fragment.startswith("sha256=") else None
        found[name] = sha
    return found
