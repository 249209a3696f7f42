"""Faults injected between `release publish` and a real index, then a re-run that finishes.

A small proxy on 127.0.0.1 sits in front of a real pypiserver. It passes requests through,
or, for the requests a test names, answers 500, answers garbage, closes the connection in
the middle of an upload, or never answers. Afterwards the index holds only whole files, and
running the same command again completes the release.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import Sample, made_once, make_sample, run_release
from pypi_server import PASSWORD, Index, Misbehaving, Reply, misbehaving, serve_in_thread
from test_publish import build

pytestmark = pytest.mark.slow

Fault = Callable[[BaseHTTPRequestHandler], bool]
"""Handles a request itself (and returns True), or returns False to pass it through."""


class Proxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.removeprefix("http://").rstrip("/")
        self.faults: list[tuple[str, str, Fault, int]] = []
        self.seen: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = serve_in_thread(self.server)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def fail(self, method: str, path_part: str, fault: Fault, times: int = 1) -> None:
        """Apply ``fault`` to the next ``times`` requests of ``method`` whose path has ``path_part``."""
        self.faults.append((method, path_part, fault, times))

    def _take(self, method: str, path: str) -> Fault | None:
        for index, (m, part, fault, times) in enumerate(self.faults):
            if m == method and part in path and times > 0:
                self.faults[index] = (m, part, fault, times - 1)
                return fault
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                proxy.seen.append((self.command, self.path))
                length = int(self.headers.get("Content-Length") or 0)
                fault = proxy._take(self.command, self.path)
                if fault is not None and fault(self):
                    return
                body = self.rfile.read(length) if length else None
                connection = http.client.HTTPConnection(proxy.upstream, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_GET = do_POST = _forward

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def answer(status: int, body: bytes, content_type: str) -> Fault:
    def fault(handler: BaseHTTPRequestHandler) -> bool:
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            handler.rfile.read(length)
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        return True

    return fault


def close_mid_upload(handler: BaseHTTPRequestHandler) -> bool:
    """Read part of the upload, then drop the connection without an answer."""
    length = int(handler.headers.get("Content-Length") or 0)
    handler.rfile.read(min(length, 1024))
    handler.close_connection = True
    handler.connection.shutdown(2)
    return True


def silence(seconds: float) -> Fault:
    def fault(handler: BaseHTTPRequestHandler) -> bool:
        time.sleep(seconds)
        handler.close_connection = True
        return True

    return fault


PEP691 = "application/vnd.pypi.simple.v1+json"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's sdist and wheel, built once for the run (copied by each test)."""
    return made_once(tmp_path_factory, "faults-sample",
                     lambda folder: build(make_sample(folder / "p"))) / "p" / "dist"


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Sample:
    sample = make_sample(tmp_path / "p")
    dist = sample.path / "dist"
    dist.mkdir()
    for path in built.iterdir():
        (dist / path.name).write_bytes(path.read_bytes())
    return sample


@pytest.fixture
def index(package_index: Index) -> Index:
    """An empty local index, this worker's (tests/conftest.py)."""
    return package_index


@pytest.fixture
def proxy(index: Index) -> Iterator[Proxy]:
    running = Proxy(index.url)
    yield running
    running.close()


def publish(sample: Sample, url: str, timeout: str = "20") -> tuple[int, str]:
    proc = run_release(sample.path, "publish", "--repository-url", url,
                       env={"PYPI_API_TOKEN": PASSWORD, "RELEASE_NETWORK_TIMEOUT": timeout,
                            "RELEASE_RETRY_DELAY": "0.2"},
                       timeout=240)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    assert PASSWORD not in output
    return proc.returncode, output


def whole_files(index: Index, dist: Path) -> list[str]:
    """The index's files, each byte-identical to the built one."""
    names = index.files()
    for name in names:
        assert (index.packages / name).read_bytes() == (dist / name).read_bytes(), name
    return names


def finish(sample: Sample, index: Index, proxy: Proxy) -> None:
    code, output = publish(sample, proxy.url)
    assert code == 0, output
    assert whole_files(index, sample.path / "dist") == sorted(
        p.name for p in (sample.path / "dist").iterdir())


@pytest.mark.parametrize(("name", "method", "part", "fault", "expected"), [
    ("listing-500", "GET", "/simple/", answer(500, b"oops", "text/plain"), "HTTP 500"),
    ("listing-garbage-html", "GET", "/simple/", answer(200, b"<a href=", "text/html"), None),
    ("listing-json-a-list", "GET", "/simple/", answer(200, b"[1, 2]", PEP691), None),
    ("listing-json-files-null", "GET", "/simple/",
     answer(200, json.dumps({"name": "x", "files": None}).encode(), PEP691), None),
    ("listing-json-no-filename", "GET", "/simple/",
     answer(200, json.dumps({"files": [{"hashes": {}}]}).encode(), PEP691), None),
    ("listing-not-json", "GET", "/simple/", answer(200, b"\xff\xfe{", PEP691), None),
    ("upload-500", "POST", "/", answer(500, b"Internal Server Error", "text/plain"), None),
    ("upload-closed-midway", "POST", "/", close_mid_upload, None),
    ("upload-garbage", "POST", "/", answer(200, b"\x00\x01", "application/octet-stream"), None),
])
def test_a_faulty_index_then_a_rerun_finishes(
    project: Sample, index: Index, proxy: Proxy, name: str, method: str, part: str,
    fault: Fault, expected: str | None,
) -> None:
    proxy.fail(method, part, fault)
    code, output = publish(project, proxy.url)
    if code == 0:
        # The fault was survivable (a garbage answer read as "nothing there yet", or an
        # upload that the index confirms): then everything must be there and whole.
        assert whole_files(index, project.path / "dist"), output
    else:
        assert code == 1, output
        assert "error:" in output and "hint:" in output, output
        if expected:
            assert expected in output, output
        whole_files(index, project.path / "dist")  # what is there is whole
    finish(project, index, proxy)


def test_an_index_that_never_answers_is_given_up_on(project: Sample, index: Index,
                                                    proxy: Proxy) -> None:
    proxy.fail("GET", "/", silence(30), times=20)
    started = time.monotonic()
    code, output = publish(project, proxy.url, timeout="2")
    assert code == 1, output
    assert time.monotonic() - started < 120
    assert "hint:" in output
    assert index.files() == []
    proxy.faults.clear()
    finish(project, index, proxy)


def test_an_upload_that_never_gets_an_answer_is_given_up_on(project: Sample, index: Index,
                                                            proxy: Proxy) -> None:
    proxy.fail("POST", "/", silence(60))
    code, output = publish(project, proxy.url, timeout="3")
    assert code == 1, output
    assert "hint:" in output and "again" in output
    whole_files(index, project.path / "dist")
    finish(project, index, proxy)


# -- round 2: an index that redirects elsewhere, or drips its answer ------------------------


@pytest.fixture
def index_here() -> Iterator[Misbehaving]:
    with misbehaving() as running:
        yield running


@pytest.fixture
def elsewhere() -> Iterator[Misbehaving]:
    with misbehaving() as running:
        yield running


def dry_run(sample: Sample, url: str, timeout: str = "20") -> tuple[int, str]:
    proc = run_release(sample.path, "publish", "--dry-run", "--repository-url", url,
                       env={"RELEASE_NETWORK_TIMEOUT": timeout}, timeout=120)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert PASSWORD not in output
    return proc.returncode, output


@pytest.mark.parametrize("status", [301, 302, 307, 308])
@pytest.mark.parametrize("target", ["another host", "another port"])
def test_the_password_never_follows_a_redirect_to_another_origin(
        project: Sample, index_here: Misbehaving, elsewhere: Misbehaving, status: int,
        target: str) -> None:
    away = index_here.other_origin if target == "another host" else elsewhere.url
    index_here.replies["/pypi/.*"] = Reply(status, headers={"Location": f"{away}/json-here"})
    index_here.replies["/simple/.*"] = Reply(status, headers={"Location": f"{away}/simple-here/"})
    for server in (index_here, elsewhere):
        server.replies["/json-here"] = Reply(404)
        server.replies["/simple-here/"] = Reply(200, b"<html></html>",
                                                {"Content-Type": "text/html"})
    url = index_here.url.replace("http://", f"http://__token__:{PASSWORD}@") + "/"
    code, output = dry_run(project, url)
    assert code == 0, output
    arrived = [r for r in index_here.requests + elsewhere.requests if "-here" in r.path]
    assert len(arrived) == 2 and all(r.authorization is None for r in arrived)
    asked = [r for r in index_here.requests if "-here" not in r.path]
    assert asked and all(r.authorization and r.authorization.startswith("Basic ")
                         for r in asked)


def test_a_listing_that_drips_is_given_up_on(project: Sample, index_here: Misbehaving) -> None:
    index_here.replies["/pypi/.*"] = Reply(200, b'{"urls": []}' + b" " * 200, drip=0.2)
    code, output = dry_run(project, index_here.url + "/", timeout="2")
    assert code == 1 and "did not answer within 2 s" in output and "hint:" in output


def test_a_listing_too_large_is_refused(project: Sample, index_here: Misbehaving) -> None:
    index_here.replies["/pypi/.*"] = Reply(404)
    index_here.replies["/simple/.*"] = Reply(200, b"<a>" * (22 * 1024 * 1024),
                                             {"Content-Type": "text/html"})
    code, output = dry_run(project, index_here.url + "/")
    assert code == 1 and "larger than" in output
