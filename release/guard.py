"""``release guard-main``: did the commits pushed to main come from merged pull requests?

Evidence, in order:

1. The GitHub API: ``GET /repos/{owner}/{repo}/commits/{sha}/pulls`` lists the pull requests
   a commit belongs to; a commit passes when one of them is merged into the main branch.
   The association can lag a few seconds behind a merge, so an empty answer or a 5xx is
   retried a bounded number of times.
2. Only when the API cannot be asked (no token, 401/403/404, rate limit, network): the
   commit message conventions GitHub writes, ``Merge pull request #N`` or a subject ending in
   ``(#N)``. The output names the evidence used for each commit.

Rules: a push that creates the branch (the first push of a repository) passes with a
warning, since no pull request can exist yet; commits by bots get no exemption unless named
with ``--allow-bot``; tag pushes are not checked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from release import ci
from release.console import Console
from release.errors import ReleaseError, UsageError

_ZERO = "0" * 40
_MESSAGE_PR = re.compile(r"^Merge pull request #(\d+)|\(#(\d+)\)\s*$")
MAX_COMMITS = 100


@dataclass(frozen=True)
class Commit:
    sha: str
    message: str
    author: str


@dataclass(frozen=True)
class Verdict:
    commit: Commit
    ok: bool
    evidence: str


class ApiUnavailable(Exception):
    """The API cannot answer (auth, not found, rate limit, network): use the fallback."""


def _api_get(url: str, token: str | None, timeout: float) -> object:
    headers = {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "release-lifecycle-guard",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) from config
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())


def pulls_for(
    api: str,
    repo: str,
    sha: str,
    token: str | None,
    *,
    retries: int,
    delay: float,
    timeout: float = 15.0,
) -> list[dict[str, object]]:
    """The pull requests GitHub associates with ``sha`` (retrying an empty answer and 5xx)."""
    url = f"{api.rstrip('/')}/repos/{repo}/commits/{sha}/pulls"
    last: list[dict[str, object]] = []
    answered = False
    failure = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(delay * attempt)
        try:
            data = _api_get(url, token, timeout)
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                failure = f"HTTP {exc.code}"
                continue
            remaining = exc.headers.get("X-RateLimit-Remaining")
            if exc.code == 429 or (exc.code == 403 and remaining == "0"):
                raise ApiUnavailable(f"rate limited (HTTP {exc.code})") from None
            raise ApiUnavailable(f"HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError) as exc:
            raise ApiUnavailable(f"cannot reach {api}: {getattr(exc, 'reason', exc)}") from None
        answered = True
        last = [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []
        if any(_merged_into(item) for item in last):
            return last
    if not answered:
        raise ApiUnavailable(f"{failure} on all {retries + 1} attempts")
    return last


def _merged_into(pull: dict[str, object], branch: str | None = None) -> bool:
    base = pull.get("base")
    ref = base.get("ref") if isinstance(base, dict) else None
    return bool(pull.get("merged_at")) and (branch is None or ref == branch)


def judge(
    commit: Commit,
    *,
    api: str,
    repo: str,
    token: str | None,
    branch: str,
    retries: int,
    delay: float,
    allow_bots: set[str],
) -> Verdict:
    if commit.author in allow_bots:
        return Verdict(commit, True, f"allowed bot {commit.author} (--allow-bot)")
    try:
        pulls = pulls_for(api, repo, commit.sha, token, retries=retries, delay=delay)
    except ApiUnavailable as exc:
        match = _MESSAGE_PR.search(commit.message.splitlines()[0] if commit.message else "")
        if match:
            number = match.group(1) or match.group(2)
            return Verdict(
                commit,
                True,
                f"commit message names pull request #{number} "
                f"(fallback: GitHub API unavailable, {exc})",
            )
        return Verdict(
            commit,
            False,
            f"no pull request in the commit message (fallback: GitHub API unavailable, {exc})",
        )
    merged = [p for p in pulls if _merged_into(p, branch)]
    if merged:
        return Verdict(commit, True, f"merged pull request #{merged[0].get('number')} (GitHub API)")
    others = [p for p in pulls if _merged_into(p)]
    if others:
        base = others[0].get("base")
        into = base.get("ref") if isinstance(base, dict) else "?"
        return Verdict(
            commit,
            False,
            f"pull request #{others[0].get('number')} was merged into "
            f"{into}, not {branch} (GitHub API)",
        )
    return Verdict(commit, False, "no merged pull request contains this commit (GitHub API)")


def _event(env: dict[str, str]) -> dict[str, object]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"cannot read the event file {path}: {exc}", "") from None
    return data if isinstance(data, dict) else {}


def commits_to_check(event: dict[str, object], sha: str | None) -> list[Commit]:
    if sha:
        return [Commit(sha, "", "")]
    found = []
    items = event.get("commits")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or item.get("distinct") is False:
            continue
        author = item.get("author")
        name = ""
        if isinstance(author, dict):
            name = str(author.get("username") or author.get("name") or "")
        found.append(Commit(str(item.get("id", "")), str(item.get("message", "")), name))
    if not found and event.get("after"):
        head = event.get("head_commit")
        message = str(head.get("message", "")) if isinstance(head, dict) else ""
        found.append(Commit(str(event["after"]), message, ""))
    return found


GUIDANCE = (
    "Commits must reach {branch} through a reviewed pull request.\n"
    "Turn on protection: Settings > Rules > Rulesets > New branch ruleset, target {branch}, "
    'enable "Require a pull request before merging" (or Settings > Branches > Add branch '
    "protection rule).\n"
    "Undo this push: open a pull request that reverts it (`git revert {sha}`), or re-do the "
    "change through a pull request."
)


def run_guard(args: argparse.Namespace, console: Console) -> int:
    env = dict(os.environ)
    if env.get("GITHUB_REF", "").startswith("refs/tags/"):
        console.print("guard-main: tag push, nothing to check")
        return 0
    repo = args.repository or env.get("GITHUB_REPOSITORY")
    if not repo or "/" not in repo:
        raise UsageError("no repository given", "pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    event = _event(env)
    sha = args.sha or (None if event else env.get("GITHUB_SHA"))
    branch = args.branch
    if event.get("created") or event.get("before") == _ZERO:
        console.warning(
            f"guard-main: this push created {branch} (the first push of the "
            "repository): no pull request can exist yet",
            GUIDANCE.split("\n")[1].format(branch=branch),
        )
        return 0
    commits = commits_to_check(event, sha)
    if not commits:
        raise UsageError("no commit to check", "pass --sha SHA, or run on a push event")
    if len(commits) > MAX_COMMITS:
        console.warning(f"{len(commits)} commits pushed; checking the newest {MAX_COMMITS}")
        commits = commits[-MAX_COMMITS:]
    api = env.get("GITHUB_API_URL", "https://api.github.com")
    token = env.get("GITHUB_TOKEN") or None
    verdicts = [
        judge(
            c,
            api=api,
            repo=repo,
            token=token,
            branch=branch,
            retries=args.retries,
            delay=args.retry_delay,
            allow_bots=set(args.allow_bot or []),
        )
        for c in commits
    ]
    rows = []
    for verdict in verdicts:
        mark = "ok  " if verdict.ok else "FAIL"
        console.print(f"  {mark} {verdict.commit.sha[:12]} {verdict.evidence}")
        rows.append(
            f"| {'✅' if verdict.ok else '❌'} | `{verdict.commit.sha[:12]}` | "
            f"{ci.markdown_cell(verdict.evidence)} |"
        )
    bad = [v for v in verdicts if not v.ok]
    summary = (
        f"### guard-main: {'ok' if not bad else 'DIRECT PUSH'} on {branch}\n\n"
        "| | commit | evidence |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    if bad:
        guidance = GUIDANCE.format(branch=branch, sha=bad[-1].commit.sha[:12])
        summary += "\n" + guidance.replace("\n", "\n\n") + "\n"
        ci.append_step_summary(summary)
        raise ReleaseError(
            f"{len(bad)} of {len(verdicts)} commit(s) reached {branch} without a merged pull "
            "request",
            guidance,
        )
    ci.append_step_summary(summary)
    console.print(f"guard-main: every pushed commit came from a merged pull request into {branch}")
    return 0
