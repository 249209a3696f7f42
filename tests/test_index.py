"""The package index client and the HTTP helpers: URLs, PyPI's JSON API, the simple API."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypi_server import serve_in_thread

from release.errors import PackageIndexError
from release.outside import http, index

SHA_WHEEL, SHA_SDIST = "a" * 64, "b" * 64


@pytest.mark.parametrize("upload, simple, json_url, pypi", [
    ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/",
     "https://pypi.org/pypi/sample-project/1.4.0/json", True),
    ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/",
     "https://test.pypi.org/pypi/sample-project/1.4.0/json", True),
    ("https://upload.pypi.org/legacy", "https://pypi.org/simple/",
     "https://pypi.org/pypi/sample-project/1.4.0/json", True),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/",
     "http://127.0.0.1:8080/pypi/sample-project/1.4.0/json", False),
    ("https://devpi.example/root/dev/legacy/", "https://devpi.example/root/dev/simple/",
     "https://devpi.example/root/dev/pypi/sample-project/1.4.0/json", False),
])
def test_urls_for_an_upload_url(upload: str, simple: str, json_url: str, pypi: bool) -> None:
    assert index.simple_url_for(upload) == simple
    assert index.json_url_for(upload, "Sample_Project", "1.4.0") == json_url
    assert index.is_pypi(upload) is pypi


@pytest.mark.parametrize("url, clean, shown", [
    ("https://u:secret@example.org/legacy/", "https://example.org/legacy/",
     "https://u:***@example.org/legacy/"),
    ("http://__token__:pypi-x@127.0.0.1:8080/", "http://127.0.0.1:8080/",
     "http://__token__:***@127.0.0.1:8080/"),
    ("https://user@example.org/", "https://example.org/", "https://user@example.org/"),
    ("http://u:p@[::1]:9/x", "http://[::1]:9/x", "http://u:***@[::1]:9/x"),
    ("https://example.org/", "https://example.org/", "https://example.org/"),
])
def test_credentials_are_split_and_redacted(url: str, clean: str, shown: str) -> None:
    assert http.split_credentials(url)[0] == clean
    assert http.redact_url(url) == shown


def test_next_link() -> None:
    headers = {"link": '<https://api.github.com/x?page=2>; rel="next", '
                       '<https://api.github.com/x?page=5>; rel="last"'}
    assert http.next_link(headers) == "https://api.github.com/x?page=2"
    assert http.next_link({"Link": '<https://a/x?page=1>; rel="prev"'}) is None
    assert http.next_link({}) is None


@contextlib.contextmanager
def serving(root: Path) -> Iterator[str]:
    """Static files over HTTP, laid out like an index's URLs."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_pypi_json_api_gives_names_and_digests(tmp_path: Path) -> None:
    release = tmp_path / "pypi" / "sample-project" / "1.4.0"
    release.mkdir(parents=True)
    (release / "json").write_text(json.dumps({  # the shape of pypi.org/pypi/<p>/<v>/json
        "info": {"name": "sample-project", "version": "1.4.0"}, "last_serial": 1,
        "urls": [
            {"filename": "sample_project-1.4.0-py3-none-any.whl", "packagetype": "bdist_wheel",
             "digests": {"md5": "0" * 32, "sha256": SHA_WHEEL, "blake2b_256": "1" * 64}},
            {"filename": "sample_project-1.4.0.tar.gz", "packagetype": "sdist",
             "digests": {"md5": "0" * 32, "sha256": SHA_SDIST, "blake2b_256": "1" * 64}},
        ]}))
    with serving(tmp_path) as url:
        listing = index.release_files(url, "Sample.Project", "1.4.0")
    assert listing.source == "JSON API"
    assert listing.files == {"sample_project-1.4.0-py3-none-any.whl": SHA_WHEEL,
                             "sample_project-1.4.0.tar.gz": SHA_SDIST}


def test_without_a_json_api_the_simple_index_answers(tmp_path: Path) -> None:
    page = tmp_path / "simple" / "sample-project"
    page.mkdir(parents=True)
    (page / "index.html").write_text(
        '<html><body>'
        f'<a href="../../packages/sample_project-1.4.0.tar.gz#sha256={SHA_SDIST}">s</a>'
        '<a href="../../packages/sample_project-1.3.0.tar.gz">old, no hash</a>'
        '</body></html>')
    with serving(tmp_path) as url:
        listing = index.release_files(url, "sample-project", "1.4.0")
        nothing = index.release_files(url, "other-project", "1.0")
    assert listing.source == "simple index"
    assert listing.files == {"sample_project-1.4.0.tar.gz": SHA_SDIST,
                             "sample_project-1.3.0.tar.gz": None}
    assert nothing.files == {}


def test_an_unreachable_index_names_it_without_the_password() -> None:
    from pypi_server import free_port

    url = f"http://__token__:pypi-SECRET-0123456789abcdef@127.0.0.1:{free_port()}/"
    with pytest.raises(PackageIndexError) as caught:
        index.release_files(http.split_credentials(url)[0], "p", "1", timeout=2)
    assert "cannot reach the package index" in caught.value.message
    with pytest.raises(http.Unreachable) as raw:
        http.request("GET", url, timeout=2)
    assert "SECRET" not in str(raw.value) and "***" in str(raw.value)
