"""`release guard-main` against the local fake GitHub API: every way around it fails.

Each bypass from the security review is a failing case here: a force push that rewinds
main, deleting and re-creating main, an API that cannot answer (errors, an exhausted rate
limit, no network) while the commit subject says "(#N)", a bot exemption claimed through
the commit author, and pushes larger than one page of the compare API.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_release
from fake_github import FakeGitHub, pull_request, running

pytestmark = pytest.mark.in_process  # table-driven: release.cli.main in-process (conftest.py)

BASE = "0a" * 20
MERGE = "a1" * 20
C1, C2, C3 = "c1" * 20, "c2" * 20, "c3" * 20
DIRECT = "d0" * 20
ZERO = "0" * 40


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running() as fake:
        yield fake


def push_event(before: str, after: str, *, sender: str = "octocat", forced: bool = False,
               created: bool = False, deleted: bool = False,
               commits: list[tuple[str, str, str]] = ()) -> dict[str, Any]:
    return {
        "ref": "refs/heads/main", "before": before, "after": after, "forced": forced,
        "created": created, "deleted": deleted,
        "pusher": {"name": sender, "email": f"{sender}@example.invalid"},
        "sender": {"login": sender, "type": "Bot" if sender.endswith("[bot]") else "User"},
        "commits": [{"id": sha, "message": message, "distinct": True,
                     "author": {"name": author, "username": author}}
                    for sha, message, author in commits],
    }


def guard(tmp_path: Path, fake: FakeGitHub | None, event: dict[str, Any], *extra: str,
          api: str | None = None) -> tuple[int, str, str, str]:
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event))
    summary = tmp_path / "summary.md"
    summary.unlink(missing_ok=True)
    token = fake.token if fake else "ghs_unused_token_0123456789"
    env = {"GITHUB_API_URL": api or (fake.url if fake else ""),
           "GITHUB_EVENT_PATH": str(event_file), "GITHUB_REPOSITORY": "o/r",
           "GITHUB_REF": "refs/heads/main", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_ACTIONS": "true", "GITHUB_TOKEN": token}
    proc = run_release(tmp_path, "guard-main", "--retry-delay", "0", *extra, env=env)
    assert token not in proc.stdout + proc.stderr
    text = summary.read_text() if summary.exists() else ""
    assert token not in text
    return proc.returncode, proc.stdout, proc.stderr, text


# --- pushes that came from a merged pull request -------------------------------------------

def test_squash_merge_passes(github: FakeGitHub, tmp_path: Path) -> None:
    github.compare(BASE, MERGE, [MERGE])
    github.merged_pr(12, MERGE, [C1, C2])
    code, out, err, summary = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 0, err
    assert "merged through pull request #12 into main of o/r (GitHub API)" in out
    assert "pushed by octocat" in out
    assert github.requests[0].auth == f"Bearer {github.token}"
    assert "| ✅ |" in summary and "Pushed by `octocat`" in summary


def test_merge_commit_with_its_commits_passes(github: FakeGitHub, tmp_path: Path) -> None:
    github.compare(BASE, MERGE, [C1, C2, MERGE])
    github.merged_pr(7, MERGE, [C1, C2])
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 0, err
    assert out.count("in pull request #7, merged into main (GitHub API)") == 2
    # The pull request's own commit list covers C1 and C2: no lookup per commit.
    assert not github.calls("GET", f"/commits/({C1}|{C2})/pulls")
    assert len(github.calls("GET", "/pulls/7/commits")) == 1


def test_rebase_merge_passes(github: FakeGitHub, tmp_path: Path) -> None:
    # Rebasing writes new commits R1..R3; the pull request still lists its originals C1..C3.
    r1, r2, r3 = "e1" * 20, "e2" * 20, "e3" * 20
    github.compare(BASE, r3, [r1, r2, r3])
    github.merged_pr(5, r3, [C1, C2, C3])
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, r3))
    assert code == 0, err
    assert out.count("rebased from pull request #5") == 2
    assert not github.calls("GET", f"/commits/({r1}|{r2})/pulls")  # no waiting on them
    # One commit more than the pull request had is not explained by it.
    github.compare(BASE, r3, [DIRECT, r1, r2, r3])
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, r3), "--retries", "0")
    assert code == 1 and "FAIL d0d0d0d0d0d0 not in any pull request" in out


def test_association_lag_and_server_errors_are_retried(github: FakeGitHub,
                                                       tmp_path: Path) -> None:
    github.compare(BASE, MERGE, [MERGE])
    github.fail("GET", f"/repos/o/r/commits/{MERGE}/pulls", (502, {}, {}), (503, {}, {}))
    github.pulls[MERGE] = [(200, [], {}), (200, [pull_request(9, "main", MERGE)], {})]
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 0, err
    assert "merged through pull request #9" in out
    assert len(github.calls("GET", f"/commits/{MERGE}/pulls")) == 4


def test_every_commit_of_a_large_push_is_checked(github: FakeGitHub, tmp_path: Path) -> None:
    commits = [f"{i:040x}" for i in range(1, 251)]
    github.compare(BASE, MERGE, [*commits, MERGE])
    github.merged_pr(3, MERGE, commits)
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 0, err
    assert out.count("ok  ") == 251
    assert len(github.calls("GET", "/compare/")) == 3  # 100 + 100 + 51
    assert len(github.calls("GET", "/pulls/3/commits")) == 3  # 250 commits, 100 a page
    assert not github.calls("GET", "/commits/0+[1-9a-f]")  # none asked one by one


# --- the bypasses ---------------------------------------------------------------------------

def test_direct_push_fails_with_guidance(github: FakeGitHub, tmp_path: Path) -> None:
    github.compare(BASE, DIRECT, [DIRECT])
    code, out, err, summary = guard(tmp_path, github, push_event(BASE, DIRECT), "--retries", "2")
    assert code == 1
    assert "the pushed head is not the merge of a pull request into main" in out
    assert "Require a pull request before merging" in err and "git revert d0d0d0d0d0d0" in err
    assert len(github.calls("GET", f"/commits/{DIRECT}/pulls")) == 3  # bounded: 1 + 2
    assert "NOT VERIFIED" in summary


def test_force_push_that_rewinds_main_fails(github: FakeGitHub, tmp_path: Path) -> None:
    # main is reset to an older merge: its head really is a merged pull request's merge.
    github.merged_pr(4, MERGE, [C1])
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE, forced=True))
    assert code == 1
    assert "force push to main by octocat: it rewrote history" in out + err
    assert not github.requests  # decided by the event, before any API call


def test_history_rewrite_without_the_forced_flag_fails(github: FakeGitHub,
                                                       tmp_path: Path) -> None:
    github.compare(BASE, MERGE, [MERGE], status="diverged")
    github.merged_pr(4, MERGE, [C1])
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 1 and "the push rewrote main" in out + err and "diverged" in out + err


def test_deleted_and_recreated_main_fails(github: FakeGitHub, tmp_path: Path) -> None:
    github.merged_pr(4, MERGE, [C1])
    code, out, err, _ = guard(tmp_path, github, push_event(MERGE, ZERO, deleted=True))
    assert code == 1 and "main was deleted by octocat" in out + err
    recreated = push_event(ZERO, DIRECT, created=True,
                           commits=[(DIRECT, "Harmless (#4)", "octocat")])
    code, out, err, _ = guard(tmp_path, github, recreated)
    assert code == 1
    assert "this push created main" in out + err and "cannot be verified" in out + err
    # Even without the `created` flag, a zero `before` is a creation.
    code, out, err, _ = guard(tmp_path, github, push_event(ZERO, DIRECT))
    assert code == 1 and "this push created main" in out + err


def test_pull_request_commits_pushed_with_a_merge_of_ones_own_fail(github: FakeGitHub,
                                                                   tmp_path: Path) -> None:
    # C1 and C2 belong to pull request #7 (squash-merged elsewhere as MERGE); someone merges
    # that branch into main by hand and pushes: the commits pass, the push itself does not.
    github.merged_pr(7, MERGE, [C1, C2])
    github.compare(BASE, DIRECT, [C1, C2, DIRECT])
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, DIRECT), "--retries", "0")
    assert code == 1
    assert "the pushed head is not the merge of a pull request" in out


def test_a_pull_request_commit_is_not_a_merge(github: FakeGitHub, tmp_path: Path) -> None:
    github.merged_pr(7, MERGE, [C1, C2])
    github.compare(BASE, C2, [C1, C2])
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, C2), "--retries", "0")
    assert code == 1 and "the pushed head is not the merge" in out


def test_pull_request_into_another_branch_fails(github: FakeGitHub, tmp_path: Path) -> None:
    github.compare(BASE, MERGE, [MERGE])
    github.merged_pr(7, MERGE, [C1], base="develop")
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--retries", "0")
    assert code == 1 and "not the merge of a pull request into main" in out


def test_one_unmerged_commit_in_a_large_push_fails(github: FakeGitHub, tmp_path: Path) -> None:
    commits = [f"{i:040x}" for i in range(1, 231)]
    github.merged_pr(3, MERGE, [c for c in commits if c != commits[200]])
    github.compare(BASE, MERGE, [*commits, MERGE])
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--retries", "0")
    assert code == 1
    assert f"FAIL {commits[200][:12]} not in any pull request merged into main" in out
    assert "1 of 231 commit(s) reached main without a verified merged pull request" in err


@pytest.mark.parametrize("answer, reason", [
    ((404, {"message": "Not Found"}, {}), "HTTP 404 (Not Found)"),
    ((401, {"message": "Bad credentials"}, {}), "HTTP 401 (Bad credentials)"),
    ((403, {"message": "API rate limit exceeded"}, {"X-RateLimit-Remaining": "0"}),
     "rate limited (HTTP 403)"),
    ((429, {"message": "Too Many Requests"}, {}), "rate limited (HTTP 429)"),
], ids=["not-found", "bad-token", "rate-limit-403", "rate-limit-429"])
def test_api_that_cannot_answer_fails_closed(github: FakeGitHub, tmp_path: Path,
                                             answer: tuple[int, Any, dict[str, str]],
                                             reason: str) -> None:
    github.fail("GET", f"/repos/o/r/compare/{BASE}...{DIRECT}", answer)
    event = push_event(BASE, DIRECT, commits=[(DIRECT, "Tidy up (#5)", "octocat")])
    code, out, err, _ = guard(tmp_path, github, event)
    assert code == 1
    assert f"cannot verify: the GitHub API could not list the pushed commits ({reason})" \
        in out + err
    assert "#5" not in out  # a subject anyone can type decides nothing
    assert len(github.requests) == 1  # refusals and rate limits are not retried


def test_exhausted_rate_limit_on_the_pulls_api_fails_closed(github: FakeGitHub,
                                                            tmp_path: Path) -> None:
    github.compare(BASE, DIRECT, [DIRECT], messages={DIRECT: "Tidy up (#5)"})
    github.fail("GET", f"/repos/o/r/commits/{DIRECT}/pulls",
                (403, {"message": "API rate limit exceeded"}, {"X-RateLimit-Remaining": "0"}))
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, DIRECT))
    assert code == 1
    assert "cannot verify: the GitHub API did not answer (rate limited (HTTP 403))" in out


def test_unreachable_api_fails_closed(tmp_path: Path) -> None:
    from pypi_server import free_port

    event = push_event(BASE, DIRECT, commits=[(DIRECT, "Merge pull request #42 from a/b", "x")])
    code, out, err, _ = guard(tmp_path, None, event, api=f"http://127.0.0.1:{free_port()}")
    assert code == 1 and "cannot verify" in out + err and "cannot reach" in out + err


def test_message_conventions_only_when_enabled(github: FakeGitHub, tmp_path: Path) -> None:
    github.fail("GET", f"/repos/o/r/compare/{BASE}...{C2}", (404, {"message": "Not Found"}, {}))
    event = push_event(BASE, C2, commits=[(C1, "Merge pull request #42 from a/b\n\nx", "a"),
                                          (C2, "direct edit", "b")])
    code, out, _, _ = guard(tmp_path, github, event, "--message-fallback")
    assert code == 1
    assert "commit message names pull request #42 (--message-fallback: GitHub API " \
           "unavailable, HTTP 404 (Not Found))" in out
    assert "FAIL c2c2c2c2c2c2 no pull request in the commit message" in out


def test_bot_exemption_is_by_the_account_that_pushed(github: FakeGitHub, tmp_path: Path) -> None:
    github.compare(BASE, DIRECT, [DIRECT])
    # The commit claims to be the bot's; the push was made by mallory.
    claimed = push_event(BASE, DIRECT, sender="mallory",
                         commits=[(DIRECT, "chore: bump", "release-bot[bot]")])
    code, out, _, _ = guard(tmp_path, github, claimed, "--allow-bot", "release-bot[bot]",
                            "--retries", "0")
    assert code == 1 and "pushed by mallory" in out
    pushed = push_event(BASE, DIRECT, sender="release-bot[bot]",
                        commits=[(DIRECT, "chore: bump", "release-bot[bot]")])
    code, _, _, _ = guard(tmp_path, github, pushed, "--retries", "0")
    assert code == 1  # bots get no exemption unless named
    before = len(github.requests)
    code, out, err, _ = guard(tmp_path, github, pushed, "--allow-bot", "release-bot[bot]")
    assert code == 0, err
    assert "pushed by release-bot[bot], allowed with --allow-bot" in out
    assert len(github.requests) == before
    # An allowed bot still cannot force-push.
    code, _, _, _ = guard(tmp_path, github, push_event(BASE, DIRECT, sender="release-bot[bot]",
                                                       forced=True),
                          "--allow-bot", "release-bot[bot]")
    assert code == 1


def test_a_truncated_comparison_cannot_verify(github: FakeGitHub, tmp_path: Path) -> None:
    listed = [{"sha": f"{i:040x}", "commit": {"message": "x"}} for i in range(1, 101)]
    github.fail("GET", f"/repos/o/r/compare/{BASE}...{MERGE}",
                (200, {"status": "ahead", "total_commits": 300, "commits": listed}, {}))
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 1 and "the compare API listed 100 of 300 commits" in out + err


@pytest.mark.slow
def test_retries_stop_at_the_deadline(github: FakeGitHub, tmp_path: Path) -> None:
    github.compare(BASE, DIRECT, [DIRECT])
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(push_event(BASE, DIRECT)))
    env = {"GITHUB_API_URL": github.url, "GITHUB_EVENT_PATH": str(event_file),
           "GITHUB_REPOSITORY": "o/r", "GITHUB_REF": "refs/heads/main",
           "GITHUB_TOKEN": github.token}
    start = time.monotonic()
    proc = run_release(tmp_path, "guard-main", "--retries", "50", "--retry-delay", "0.5",
                       "--max-wait", "1", env=env)
    assert proc.returncode == 1
    assert time.monotonic() - start < 5
    assert len(github.calls("GET", f"/commits/{DIRECT}/pulls")) == 2  # 0.5 s, then 1.0 > 1


def test_single_commit_with_sha(github: FakeGitHub, tmp_path: Path) -> None:
    github.merged_pr(7, MERGE, [C1])
    env = {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": "o/r",
           "GITHUB_TOKEN": github.token}
    proc = run_release(tmp_path, "guard-main", "--sha", C1, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "in pull request #7, merged into main of o/r" in proc.stdout
    proc = run_release(tmp_path, "guard-main", "--sha", C3, "--retries", "0", env=env)
    assert proc.returncode == 1


def test_tag_pushes_and_other_branches_are_skipped(tmp_path: Path) -> None:
    proc = run_release(tmp_path, "guard-main", env={"GITHUB_REF": "refs/tags/v1.4.0"})
    assert proc.returncode == 0 and "tag push" in proc.stdout
    proc = run_release(tmp_path, "guard-main", env={"GITHUB_REF": "refs/heads/feature"})
    assert proc.returncode == 0 and "push to feature, not main" in proc.stdout


def test_missing_repository_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_release(tmp_path, "guard-main", "--sha", MERGE)
    assert proc.returncode == 2 and "GITHUB_REPOSITORY" in proc.stderr


# --- what is claimed is what was checked: forks never count, approvals when asked -----------

def test_a_pull_request_of_another_repository_never_counts(github: FakeGitHub,
                                                           tmp_path: Path) -> None:
    """A fork's own pull request, merged into the fork's main, holds the same commits: it
    says nothing about this repository's main."""
    github.compare(BASE, MERGE, [MERGE])
    github.merged_pr(12, MERGE, [C1], repo="someone/fork")
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--retries", "0")
    assert code == 1
    assert "the pushed head is not the merge of a pull request into main" in out
    assert "#12" not in out
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--sha", MERGE,
                            "--retries", "0")
    assert code == 1 and "not in any pull request merged into main" in out


@pytest.mark.parametrize("reviews, ok, evidence", [
    ([], False, "no approving review from anyone but its author alice"),
    ([("alice", "APPROVED")], False, "no approving review from anyone but its author alice"),
    ([("bob", "COMMENTED")], False, "no approving review"),
    ([("bob", "APPROVED")], True, "approved by bob (author alice)"),
    ([("bob", "APPROVED"), ("bob", "COMMENTED")], True, "approved by bob"),
    ([("bob", "APPROVED"), ("bob", "CHANGES_REQUESTED")], False, "no approving review"),
    ([("bob", "APPROVED"), ("bob", "DISMISSED")], False, "no approving review"),
    ([("bob", "CHANGES_REQUESTED"), ("bob", "APPROVED")], True, "approved by bob"),
    ([("Alice", "APPROVED"), ("carol", "APPROVED")], True, "approved by carol (author alice)"),
], ids=["none", "self", "comment", "other", "comment-after", "changes-after", "dismissed",
        "approved-after", "self-other-case"])
def test_require_approval_needs_someone_but_the_author(github: FakeGitHub, tmp_path: Path,
                                                       reviews: list[tuple[str, str]],
                                                       ok: bool, evidence: str) -> None:
    github.compare(BASE, MERGE, [C1, MERGE])
    github.merged_pr(12, MERGE, [C1], author="alice")
    for login, state in reviews:
        github.review(12, login, state)
    code, out, err, summary = guard(tmp_path, github, push_event(BASE, MERGE),
                                    "--require-approval")
    assert (code == 0) is ok, out + err
    assert out.count(evidence) == 2  # the merge and the commit it brought
    assert "merged through pull request #12 into main of o/r (GitHub API)" in out
    assert len(github.calls("GET", "/pulls/12/reviews")) == 1  # asked once per pull request
    if ok:
        assert "each approved by someone other than its author" in out
    else:
        assert "through a merged pull request, approved by someone other than its author" in err
        assert "NOT VERIFIED" in summary


def test_without_require_approval_nothing_is_claimed_about_reviews(github: FakeGitHub,
                                                                   tmp_path: Path) -> None:
    github.compare(BASE, MERGE, [MERGE])
    github.merged_pr(12, MERGE, [C1], author="alice")
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 0, err
    assert "approvals not checked: --require-approval" in out
    assert "review" not in out.replace("--require-approval", "")
    assert not github.calls("GET", "/reviews")


def test_require_approval_fails_closed_when_reviews_cannot_be_read(github: FakeGitHub,
                                                                   tmp_path: Path) -> None:
    github.compare(BASE, MERGE, [MERGE])
    github.merged_pr(12, MERGE, [C1], author="alice")
    github.fail("GET", "/repos/o/r/pulls/12/reviews", (403, {"message": "Forbidden"}, {}))
    code, out, _, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--require-approval")
    assert code == 1
    assert "cannot verify its approval: the GitHub API did not answer (HTTP 403" in out


# --- round 2: answers that point elsewhere, loop, or have the wrong shape --------------------


def compare_page(commits: list[str], total: object, link: str | None = None) -> Any:
    body = {"status": "ahead", "total_commits": total,
            "commits": [{"sha": s, "commit": {"message": "x"}} for s in commits]}
    return 200, body, ({"Link": f'<{link}>; rel="next"'} if link else {})


def test_a_next_page_on_another_origin_gets_no_token_and_no_trust(github: FakeGitHub,
                                                                  tmp_path: Path) -> None:
    elsewhere = f"{github.other_origin}/repos/o/r/compare/{BASE}...{MERGE}?page=2"
    github.fail("GET", rf"/repos/o/r/compare/{BASE}\.\.\.{MERGE}",
                compare_page([C1], 2, elsewhere))
    github.merged_pr(12, MERGE, [C1])
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE))
    assert code == 1 and "cannot verify" in err + out
    assert "on another host" in err + out
    assert all(r.auth is None for r in github.requests if r.host.startswith("localhost"))
    assert not [r for r in github.requests if r.host.startswith("localhost")]


@pytest.mark.parametrize("path", [
    rf"/repos/o/r/compare/{BASE}\.\.\.{MERGE}",
    r"/repos/o/r/pulls/7/commits",
])
def test_a_next_page_that_points_at_itself_ends(github: FakeGitHub, tmp_path: Path,
                                                path: str) -> None:
    github.compare(BASE, MERGE, [C1, MERGE])
    github.merged_pr(7, MERGE, [C1])
    url = github.url + path.replace("\\", "")
    if "compare" in path:
        github.always("GET", path, compare_page([C1], 2, url))
    else:
        github.always("GET", path, (200, [{"sha": C1}], {"Link": f'<{url}>; rel="next"'}))
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--retries", "0")
    assert "internal error" not in err
    assert len(github.calls("GET", path.replace("\\", ""))) <= 4  # each question pages twice
    if "compare" in path:
        assert code == 1 and "lead back to a page already read" in out + err
    else:  # the pull request's list is a shortcut: each commit is then asked on its own
        assert code == 0, out + err


@pytest.mark.parametrize("answer", [
    compare_page([C1, MERGE], "lots"),
    compare_page([C1, MERGE], None),
    compare_page([C1, MERGE], True),
    compare_page([C1, MERGE], -2),
    compare_page([C1, MERGE], 2.0),
    (200, {"status": "ahead", "total_commits": 2, "commits": None}, {}),
    (200, {"status": "ahead", "total_commits": 2, "commits": {"sha": C1}}, {}),
    (200, b'{"status": "ahead", "total_commits": 1e400, "commits": []}', {}),
    (200, b'{"status": "ahead", "total_commits": NaN, "commits": []}', {}),
    (200, b"[" * 100_000, {}),
    (200, b"\xff\xfe garbage", {}),
    (200, [1, 2, 3], {}),
    (200, "a string", {}),
    (200, {"status": ["ahead"], "total_commits": 1, "commits": [None, 5, "x"]}, {}),
])
def test_a_compare_answer_of_another_shape_cannot_verify(github: FakeGitHub, tmp_path: Path,
                                                         answer: Any) -> None:
    github.fail("GET", rf"/repos/o/r/compare/{BASE}\.\.\.{MERGE}", answer)
    github.merged_pr(12, MERGE, [C1])
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--retries", "0")
    assert "internal error" not in err and "Traceback" not in err, err
    assert code == 1 and "cannot verify" in out + err, out + err


@pytest.mark.parametrize("answer", [
    (200, {"message": "not a list"}, {}),
    (200, [None, 5, {"merged_at": 1, "base": "main", "number": "7"}], {}),
    (200, [{"merged_at": "x", "base": {"ref": ["main"]}, "number": True}], {}),
    (200, b'[{"number": 1e400}]', {}),
])
def test_a_pulls_answer_of_another_shape_is_not_a_pass(github: FakeGitHub, tmp_path: Path,
                                                       answer: Any) -> None:
    github.compare(BASE, MERGE, [MERGE])
    github.pulls[MERGE] = [answer]
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, MERGE), "--retries", "0")
    assert "internal error" not in err and "Traceback" not in err, err
    assert code == 1, out + err


def test_an_event_that_names_no_commit_is_refused(github: FakeGitHub, tmp_path: Path) -> None:
    code, out, err, _ = guard(tmp_path, github, push_event(BASE, "../../issues?x=1"))
    assert code == 1 and "is not a commit id" in out + err
    assert not github.requests
