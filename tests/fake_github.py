"""A small local HTTP server that answers like the GitHub REST API for one repository.

The only fake in the test suite: GitHub cannot be run locally. It serves what
`release guard-main` and `release github-release` ask (compare, commits/{sha}/pulls,
pulls/{n}/commits, releases, assets and uploads), paginates with `Link` headers like GitHub,
keeps the uploaded bytes and computes `digest` as GitHub does, and records every request with
its Authorization header and the host it was sent to. `fail(...)` queues error answers (5xx,
rate limits, redirects, answers of the wrong shape) for a path; `always(...)` gives one answer
for good (a page whose `Link: rel="next"` points at itself); `drip` sends the bodies of the
paths it names one byte at a time. Asset downloads redirect to `other_origin`, the same
server under another host name, as GitHub sends them to its storage host.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pypi_server import serve_in_thread

Answer = tuple[int, Any, dict[str, str]]


@dataclass
class Seen:
    method: str
    path: str
    auth: str | None
    body: bytes = b""
    host: str = ""


@dataclass
class FakeGitHub:
    repo: str = "o/r"
    token: str = "ghs_fake_token_0123456789"
    url: str = ""
    requests: list[Seen] = field(default_factory=list)
    # guard-main
    compares: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    pulls: dict[str, list[Answer]] = field(default_factory=dict)
    pr_commits: dict[int, list[str]] = field(default_factory=dict)
    reviews: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    authors: dict[int, str] = field(default_factory=dict)
    # github-release
    releases: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[int, bytes] = field(default_factory=dict)
    digests: bool = True  # False: assets without `digest`, as before GitHub computed them
    # injected failures: (method, path regex) -> answers used once each, in order
    failures: dict[tuple[str, str], list[Answer]] = field(default_factory=dict)
    overrides: dict[tuple[str, str], Answer] = field(default_factory=dict)
    drip: dict[str, float] = field(default_factory=dict)
    """``{path regex: seconds between two bytes}``: a server that answers, slowly."""
    _ids: int = 100

    @property
    def other_origin(self) -> str:
        """The same server under another host name: another origin for the client."""
        return self.url.replace("127.0.0.1", "localhost")

    # --- set-up helpers -------------------------------------------------------------------

    def compare(self, base: str, head: str, commits: list[str], status: str = "ahead",
                messages: dict[str, str] | None = None) -> None:
        self.compares[(base, head)] = {"status": status, "commits": commits,
                                       "messages": messages or {}}

    def merged_pr(self, number: int, merge_sha: str, commits: list[str], base: str = "main",
                  *, repo: str | None = None, author: str = "author") -> dict[str, Any]:
        """A pull request merged into `base` (of `repo`: a fork's own pull request when it is
        not this repository) as `merge_sha`, linked to each of its commits."""
        pull = pull_request(number, base, merge_sha, repo=repo or self.repo, author=author)
        self.pr_commits[number] = list(commits)
        self.authors[number] = author
        for sha in {merge_sha, *commits}:
            self.pulls.setdefault(sha, []).append((200, [pull], {}))
        return pull

    def review(self, number: int, login: str, state: str) -> None:
        """A review of pull request `number` (APPROVED, CHANGES_REQUESTED, COMMENTED,
        DISMISSED), after the ones given before."""
        self.reviews.setdefault(number, []).append(
            {"id": len(self.reviews.get(number, [])) + 1, "user": {"login": login},
             "state": state, "submitted_at": "2026-11-24T09:00:00Z"})

    def fail(self, method: str, path: str, *answers: Answer) -> None:
        self.failures.setdefault((method, path), []).extend(answers)

    def always(self, method: str, path: str, answer: Answer) -> None:
        """Answer every request of ``method`` whose path matches ``path`` with ``answer``."""
        self.overrides[(method, path)] = answer

    def add_release(self, tag: str, *, draft: bool = False, body: str = "",
                    immutable: bool = False, assets: dict[str, bytes] | None = None,
                    state: str = "uploaded") -> dict[str, Any]:
        release = self._new_release({"tag_name": tag, "name": tag, "body": body,
                                     "draft": draft, "prerelease": False})
        release["immutable"] = immutable
        for name, data in (assets or {}).items():
            self._attach(release, name, data, state)
        return release

    # --- inspection --------------------------------------------------------------------------

    def calls(self, method: str, pattern: str) -> list[Seen]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def release(self, tag: str) -> dict[str, Any]:
        return next(r for r in self.releases if r["tag_name"] == tag)

    def asset_names(self, tag: str) -> list[str]:
        return sorted(a["name"] for a in self.release(tag)["assets"])

    # --- behaviour ---------------------------------------------------------------------------

    def _new_release(self, data: dict[str, Any]) -> dict[str, Any]:
        self._ids += 1
        release = {
            "id": self._ids, "tag_name": data["tag_name"], "name": data.get("name"),
            "body": data.get("body", ""), "draft": bool(data.get("draft")),
            "prerelease": bool(data.get("prerelease")), "immutable": False, "assets": [],
            "html_url": f"https://github.com/{self.repo}/releases/tag/{data['tag_name']}",
            "upload_url": f"{self.url}/uploads/repos/{self.repo}/releases/{self._ids}/assets"
                          "{?name,label}",
        }
        self.releases.insert(0, release)
        return release

    def _attach(self, release: dict[str, Any], name: str, data: bytes, state: str = "uploaded"
                ) -> dict[str, Any]:
        self._ids += 1
        asset = {"id": self._ids, "name": name, "size": len(data), "state": state,
                 "url": f"{self.url}/repos/{self.repo}/releases/assets/{self._ids}",
                 "digest": "sha256:" + hashlib.sha256(data).hexdigest() if self.digests
                 else None}
        self.blobs[self._ids] = data
        release["assets"].append(asset)
        return asset

    def answer(self, method: str, target: str, body: bytes) -> Answer:
        parts = urlsplit(target)
        path, query = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
        for (m, pattern), queue in self.failures.items():
            if m == method and queue and re.fullmatch(pattern, path):
                return queue.pop(0)
        for (m, pattern), fixed in self.overrides.items():
            if m == method and re.fullmatch(pattern, path):
                return fixed
        repo = f"/repos/{self.repo}"
        if method == "GET" and (m := re.fullmatch(rf"{repo}/compare/(\w+)\.\.\.(\w+)", path)):
            return self._compare(m.group(1), m.group(2), query, path)
        if method == "GET" and (m := re.fullmatch(rf"{repo}/commits/(\w+)/pulls", path)):
            script = self.pulls.get(m.group(1)) or [(200, [], {})]
            return script.pop(0) if len(script) > 1 else script[0]
        if method == "GET" and (m := re.fullmatch(rf"{repo}/pulls/(\d+)", path)):
            number = int(m.group(1))
            if number not in self.pr_commits:
                return 404, {"message": "Not Found"}, {}
            return 200, {"number": number, "commits": len(self.pr_commits[number]),
                         "user": {"login": self.authors.get(number, "author")}}, {}
        if method == "GET" and (m := re.fullmatch(rf"{repo}/pulls/(\d+)/reviews", path)):
            return self._page(self.reviews.get(int(m.group(1)), []), query, path)
        if method == "GET" and (m := re.fullmatch(rf"{repo}/pulls/(\d+)/commits", path)):
            shas = self.pr_commits.get(int(m.group(1)), [])
            return self._page([{"sha": s} for s in shas], query, path)
        return self._releases(method, path, query, body)

    def _page(self, items: list[Any], query: dict[str, str], path: str, key: str | None = None,
              extra: dict[str, Any] | None = None) -> Answer:
        per_page, page = int(query.get("per_page", 30)), int(query.get("page", 1))
        chunk = items[(page - 1) * per_page: page * per_page]
        headers = {}
        if page * per_page < len(items):
            headers["Link"] = (f'<{self.url}{path}?per_page={per_page}&page={page + 1}>; '
                               f'rel="next", <{self.url}{path}?page=1>; rel="first"')
        return 200, ({key: chunk, **(extra or {})} if key else chunk), headers

    def _compare(self, base: str, head: str, query: dict[str, str], path: str) -> Answer:
        found = self.compares.get((base, head))
        if found is None:
            return 404, {"message": "Not Found"}, {}
        commits = [{"sha": s, "commit": {"message": found["messages"].get(s, "change")}}
                   for s in found["commits"]]
        return self._page(commits, query, path, "commits", {
            "status": found["status"], "total_commits": len(commits),
            "ahead_by": len(commits), "behind_by": 0})

    def _releases(self, method: str, path: str, query: dict[str, str], body: bytes) -> Answer:
        repo = f"/repos/{self.repo}"
        by_id = {r["id"]: r for r in self.releases}
        if method == "GET" and (m := re.fullmatch(rf"{repo}/releases/tags/(.+)", path)):
            found = [r for r in self.releases if r["tag_name"] == m.group(1) and not r["draft"]]
            return (200, found[0], {}) if found else (404, {"message": "Not Found"}, {})
        if method == "GET" and path == f"{repo}/releases":
            return self._page(self.releases, query, path)
        if method == "POST" and path == f"{repo}/releases":
            data = json.loads(body)
            if any(r["tag_name"] == data["tag_name"] for r in self.releases):
                return 422, {"message": "Validation Failed",
                             "errors": [{"code": "already_exists"}]}, {}
            return 201, self._new_release(data), {}
        if (m := re.fullmatch(rf"{repo}/releases/(\d+)", path)) and method == "PATCH":
            release = by_id.get(int(m.group(1)))
            if release is None:
                return 404, {"message": "Not Found"}, {}
            data = json.loads(body)
            data.pop("make_latest", None)
            release.update(data)
            return 200, release, {}
        if method == "GET" and (m := re.fullmatch(rf"{repo}/releases/(\d+)/assets", path)):
            release = by_id.get(int(m.group(1)))
            if release is None:
                return 404, {"message": "Not Found"}, {}
            return self._page(release["assets"], query, path)
        if method == "POST" and (m := re.fullmatch(rf"/uploads{repo}/releases/(\d+)/assets",
                                                   path)):
            release = by_id[int(m.group(1))]
            if release["immutable"] and not release["draft"]:
                return 422, {"message": "Cannot upload assets to an immutable release."}, {}
            if any(a["name"] == query["name"] for a in release["assets"]):
                return 422, {"message": "Validation Failed",
                             "errors": [{"code": "already_exists"}]}, {}
            return 201, self._attach(release, query["name"], body), {}
        if method == "GET" and (m := re.fullmatch(rf"{repo}/releases/assets/(\d+)", path)):
            return 302, b"", {"Location": f"{self.other_origin}/download/{m.group(1)}"}
        if method == "GET" and (m := re.fullmatch(r"/download/(\d+)", path)):
            return 200, self.blobs[int(m.group(1))], {"Content-Type": "application/octet-stream"}
        return 404, {"message": "Not Found"}, {}


def pull_request(number: int, base: str = "main", merge_sha: str | None = None,
                 merged: bool = True, repo: str = "o/r", author: str = "author"
                 ) -> dict[str, Any]:
    return {"number": number, "state": "closed", "user": {"login": author},
            "base": {"ref": base, "repo": {"full_name": repo}},
            "merged_at": "2026-11-24T10:00:00Z" if merged else None,
            "merge_commit_sha": merge_sha}


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            fake.requests.append(Seen(self.command, self.path, self.headers.get("Authorization"),
                                      body, self.headers.get("Host", "")))
            status, data, headers = fake.answer(self.command, self.path, body)
            raw = data if isinstance(data, bytes) else json.dumps(data).encode()
            self.send_response(status)
            if not isinstance(data, bytes):
                self.send_header("Content-Type", "application/json")
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            pause = next((seconds for pattern, seconds in fake.drip.items()
                          if re.fullmatch(pattern, urlsplit(self.path).path)), None)
            if pause is None:
                self.wfile.write(raw)
                return
            with contextlib.suppress(OSError):  # until the client gives up
                for byte in raw:
                    time.sleep(pause)
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextlib.contextmanager
def running(fake: FakeGitHub | None = None) -> Iterator[FakeGitHub]:
    fake = fake or FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True  # a dripping answer must not hold up the shutdown
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    serve_in_thread(server)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
