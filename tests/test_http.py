"""`release.outside.http` against a real local server that misbehaves on purpose.

Credentials go only to their own origin (scheme, host, port), redirects included; an answer
has a deadline for the whole of it (a server that drips one byte at a time is cut off) and a
size cap; a URL or a header that HTTP cannot carry is an `Unreachable`, never an exception
from inside urllib. The server is reached under two host names (127.0.0.1 and localhost):
two origins for the client, one recorder for the test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pypi_server import Misbehaving, Reply, free_port, misbehaving

from release.outside import http

SECRET = "Bearer ghs_http_test_SECRET_0123456789"


@pytest.fixture
def server() -> Iterator[Misbehaving]:
    with misbehaving() as running:
        yield running


def credential(server: Misbehaving) -> http.Credential:
    return http.Credential.for_urls(SECRET, server.url)


def test_the_credential_goes_to_its_origin_only(server: Misbehaving) -> None:
    server.replies["/a"] = Reply(200, b"ok")
    http.request("GET", f"{server.url}/a", credential=credential(server))
    http.request("GET", f"{server.other_origin}/a", credential=credential(server))
    other_port = f"http://127.0.0.1:{free_port()}/a"
    assert not credential(server).allows(other_port)
    assert not credential(server).allows(f"https://127.0.0.1:{server.url.rsplit(':', 1)[1]}/")
    assert [(r.host.split(":")[0], r.authorization) for r in server.requests] == [
        ("127.0.0.1", SECRET), ("localhost", None)]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_never_carries_the_credential(server: Misbehaving,
                                                                   status: int) -> None:
    server.replies["/index/.*"] = Reply(status, headers={
        "Location": f"{server.other_origin}/elsewhere/"})
    server.replies["/elsewhere/"] = Reply(200, b"{}")
    answer = http.request("GET", f"{server.url}/index/x", credential=credential(server))
    assert answer.body == b"{}" and answer.url.startswith(server.other_origin)
    assert [r.authorization for r in server.seen("^/elsewhere/")] == [None]
    assert [r.authorization for r in server.seen("^/index/")] == [SECRET]


def test_a_redirect_within_the_origin_keeps_the_credential(server: Misbehaving) -> None:
    server.replies["/simple/Foo/"] = Reply(301, headers={"Location": "/simple/foo/"})
    server.replies["/simple/foo/"] = Reply(200, b"<html></html>")
    http.request("GET", f"{server.url}/simple/Foo/", credential=credential(server))
    assert [r.authorization for r in server.requests] == [SECRET, SECRET]


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/x", "file:///etc/passwd"])
def test_a_redirect_out_of_http_is_refused(server: Misbehaving, target: str) -> None:
    server.replies["/x"] = Reply(302, headers={"Location": target})
    with pytest.raises((http.Unreachable, http.HttpError)):
        http.request("GET", f"{server.url}/x", credential=credential(server))


@pytest.mark.parametrize("where", ["body", "headers"])
@pytest.mark.slow
def test_a_dripping_answer_is_cut_off_at_the_deadline(server: Misbehaving, where: str) -> None:
    reply = Reply(200, b"x" * 200, drip=0.2) if where == "body" else \
        Reply(200, b"{}", headers={"X-Slow": "y" * 200}, headers_drip=0.2)
    server.replies["/slow"] = reply
    with pytest.raises(http.Unreachable, match=r"did not answer within 1\.5 s"):
        http.request("GET", f"{server.url}/slow", timeout=1.5)


@pytest.mark.slow
def test_the_deadline_comes_from_release_network_timeout(server: Misbehaving,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("RELEASE_NETWORK_TIMEOUT", "1")
    server.replies["/slow"] = Reply(200, b"x" * 100, drip=0.2)
    with pytest.raises(http.Unreachable, match="within 1 s"):
        http.request("GET", f"{server.url}/slow", timeout=600)


def test_a_body_over_the_cap_is_refused_and_a_sink_gets_chunks(server: Misbehaving) -> None:
    server.replies["/big"] = Reply(200, b"y" * 300_000)
    with pytest.raises(http.Unreachable, match="larger than 100,000 bytes"):
        http.request("GET", f"{server.url}/big", limit=100_000)
    chunks: list[bytes] = []
    answer = http.request("GET", f"{server.url}/big", sink=chunks.append)
    assert answer.body == b"" and b"".join(chunks) == b"y" * 300_000


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/with space/",
    "https://api.github.com\n/repos",
    "http://127.0.0.1:9/\x1b]0;title\x07",
    "http://127.0.0.1:notaport/",
    "http://127.0.0.1:99999/",
    "http:///no-host",
    "ftp://127.0.0.1/",
    "",
])
def test_a_url_http_cannot_carry_is_unreachable(url: str) -> None:
    with pytest.raises(http.Unreachable):
        http.request("GET", url, timeout=2)


def test_a_header_http_cannot_carry_is_unreachable_without_the_secret(server: Misbehaving
                                                                      ) -> None:
    broken = http.Credential.for_urls(SECRET + "\r\nX-Injected: 1", server.url)
    with pytest.raises(http.Unreachable) as caught:
        http.request("GET", f"{server.url}/a", credential=broken)
    assert "ghs_" not in str(caught.value)
    assert server.requests == []
    assert "ghs_" not in repr(broken)


@pytest.mark.parametrize("body", [b"not json", b"[" * 100_000, b"\xff\xfe"])
def test_an_answer_that_is_not_json_is_unreachable(server: Misbehaving, body: bytes) -> None:
    server.replies["/j"] = Reply(200, body)
    with pytest.raises(http.Unreachable, match="not JSON"):
        http.request("GET", f"{server.url}/j").json()


def test_an_error_answer_keeps_a_bounded_body(server: Misbehaving) -> None:
    server.replies["/e"] = Reply(404, json.dumps({"message": "m" * 1000}).encode())
    with pytest.raises(http.HttpError) as caught:
        http.request("GET", f"{server.url}/e")
    assert caught.value.status == 404 and len(caught.value.message()) == 300
