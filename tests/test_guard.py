"""`release guard-main` against a small local HTTP server that answers like the GitHub API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_release

MERGED = "a" * 40
NO_PR = "b" * 40
OTHER_BRANCH = "c" * 40
FLAKY = "d" * 40
LAGGING = "e" * 40


class FakeGitHub:
    """Answers GET /repos/o/r/commits/{sha}/pulls from a script of responses per commit."""

    def __init__(self) -> None:
        self.script: dict[str, list[tuple[int, object, dict[str, str]]]] = {}
        self.requests: list[tuple[str, str | None]] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append((self.path, self.headers.get("Authorization")))
                parts = self.path.strip("/").split("/")
                sha = parts[4] if len(parts) == 6 and parts[5] == "pulls" else ""
                queue = fake.script.get(sha) or [(404, {"message": "Not Found"}, {})]
                status, body, headers = queue.pop(0) if len(queue) > 1 else queue[0]
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def pull(number: int, base: str, merged: bool = True) -> dict[str, object]:
    return {"number": number, "merged_at": "2026-11-24T10:00:00Z" if merged else None,
            "state": "closed", "base": {"ref": base}}


@pytest.fixture
def github() -> Iterator[tuple[FakeGitHub, str]]:
    fake = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def guard(tmp_path: Path, api: str, commits: list[tuple[str, str]], *extra: str,
          event: dict[str, object] | None = None, token: str | None = "ghs_faketoken"
          ) -> tuple[int, str, str, str]:
    payload = event or {
        "before": "f" * 40, "after": commits[-1][0], "created": False,
        "commits": [{"id": sha, "message": msg, "distinct": True,
                     "author": {"username": "octo"}} for sha, msg in commits],
    }
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(payload))
    summary = tmp_path / "summary.md"
    env = {"GITHUB_API_URL": api, "GITHUB_EVENT_PATH": str(event_file),
           "GITHUB_REPOSITORY": "o/r", "GITHUB_REF": "refs/heads/main",
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"}
    if token:
        env["GITHUB_TOKEN"] = token
    proc = run_release(tmp_path, "guard-main", "--retry-delay", "0", *extra, env=env)
    return proc.returncode, proc.stdout, proc.stderr, summary.read_text() if summary.exists() else ""


def test_merged_pull_request_passes(github: tuple[FakeGitHub, str], tmp_path: Path) -> None:
    fake, api = github
    fake.script[MERGED] = [(200, [pull(12, "main")], {})]
    code, out, err, summary = guard(tmp_path, api, [(MERGED, "Add a feature (#12)")])
    assert code == 0, err
    assert "merged pull request #12 (GitHub API)" in out
    assert fake.requests[0] == (f"/repos/o/r/commits/{MERGED}/pulls", "Bearer ghs_faketoken")
    assert "| ✅ |" in summary


def test_direct_push_fails_with_guidance(github: tuple[FakeGitHub, str], tmp_path: Path) -> None:
    fake, api = github
    fake.script[NO_PR] = [(200, [], {})]
    code, out, err, summary = guard(tmp_path, api, [(NO_PR, "quick fix")], "--retries", "2")
    assert code == 1
    assert "no merged pull request contains this commit (GitHub API)" in out
    assert "Require a pull request before merging" in err and "git revert bbbbbbbbbbbb" in err
    assert len(fake.requests) == 3  # bounded retries: 1 + 2
    assert "DIRECT PUSH" in summary


def test_pull_request_into_another_branch_fails(github: tuple[FakeGitHub, str],
                                                tmp_path: Path) -> None:
    fake, api = github
    fake.script[OTHER_BRANCH] = [(200, [pull(7, "develop")], {})]
    code, out, _, _ = guard(tmp_path, api, [(OTHER_BRANCH, "Merge pull request #7 from x/y")])
    assert code == 1
    assert "pull request #7 was merged into develop, not main" in out


def test_server_errors_then_success(github: tuple[FakeGitHub, str], tmp_path: Path) -> None:
    fake, api = github
    fake.script[FLAKY] = [(502, {}, {}), (503, {}, {}), (200, [pull(3, "main")], {})]
    code, out, err, _ = guard(tmp_path, api, [(FLAKY, "something")])
    assert code == 0, err
    assert "merged pull request #3" in out and len(fake.requests) == 3


def test_association_lag_is_retried(github: tuple[FakeGitHub, str], tmp_path: Path) -> None:
    fake, api = github
    fake.script[LAGGING] = [(200, [], {}), (200, [pull(9, "main")], {})]
    code, out, _, _ = guard(tmp_path, api, [(LAGGING, "Feature (#9)")])
    assert code == 0 and "merged pull request #9 (GitHub API)" in out


def test_not_found_falls_back_to_the_commit_message(github: tuple[FakeGitHub, str],
                                                    tmp_path: Path) -> None:
    _, api = github
    code, out, _, _ = guard(tmp_path, api, [("9" * 40, "Merge pull request #42 from a/b\n\nx")])
    assert code == 0
    assert "commit message names pull request #42 (fallback: GitHub API unavailable, HTTP 404)" in out
    code, out, _, _ = guard(tmp_path, api, [("8" * 40, "direct edit")])
    assert code == 1 and "no pull request in the commit message (fallback" in out


def test_rate_limit_falls_back(github: tuple[FakeGitHub, str], tmp_path: Path) -> None:
    fake, api = github
    fake.script[MERGED] = [(403, {"message": "API rate limit exceeded"},
                            {"X-RateLimit-Remaining": "0"})]
    code, out, _, _ = guard(tmp_path, api, [(MERGED, "Tidy up (#5)")])
    assert code == 0 and "rate limited (HTTP 403)" in out and "#5" in out
    assert len(fake.requests) == 1  # a rate limit is not retried


def test_every_distinct_commit_is_checked(github: tuple[FakeGitHub, str], tmp_path: Path) -> None:
    fake, api = github
    fake.script[MERGED] = [(200, [pull(1, "main")], {})]
    fake.script[NO_PR] = [(200, [], {})]
    code, out, err, _ = guard(tmp_path, api, [(MERGED, "a (#1)"), (NO_PR, "sneaky")],
                              "--retries", "0")
    assert code == 1
    assert "1 of 2 commit(s) reached main without a merged pull request" in err
    assert out.count("ok  ") == 1 and out.count("FAIL") == 1


def test_first_push_and_tags_and_bots(github: tuple[FakeGitHub, str], tmp_path: Path) -> None:
    fake, api = github
    first = {"before": "0" * 40, "after": NO_PR, "created": True, "commits": []}
    code, _, err, _ = guard(tmp_path, api, [(NO_PR, "init")], event=first)
    assert code == 0 and "first push" in err
    fake.script[NO_PR] = [(200, [], {})]
    event = {"before": "f" * 40, "after": NO_PR, "commits": [
        {"id": NO_PR, "message": "chore: bump", "distinct": True,
         "author": {"username": "release-bot[bot]"}}]}
    code, _, _, _ = guard(tmp_path, api, [], "--retries", "0", event=event)
    assert code == 1  # bots get no exemption by default
    code, out, _, _ = guard(tmp_path, api, [], "--allow-bot", "release-bot[bot]", event=event)
    assert code == 0 and "allowed bot release-bot[bot]" in out
    assert fake.requests.count((f"/repos/o/r/commits/{NO_PR}/pulls", "Bearer ghs_faketoken")) == 1


def test_tag_push_is_skipped(tmp_path: Path) -> None:
    proc = run_release(tmp_path, "guard-main", env={"GITHUB_REF": "refs/tags/v1.4.0"})
    assert proc.returncode == 0 and "tag push" in proc.stdout


def test_missing_repository_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_release(tmp_path, "guard-main", "--sha", MERGED)
    assert proc.returncode == 2 and "GITHUB_REPOSITORY" in proc.stderr
