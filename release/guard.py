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

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from release import ci
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


def _event(env: Mapping[str, str]) -> dict[str, object]:
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


@dataclass(frozen=True)
class GuardOptions:
    """What ``release guard-main`` is asked to check."""

    sha: str | None = None
    repository: str | None = None
    branch: str = "main"
    allow_bots: tuple[str, ...] = ()
    retries: int = 4
    retry_delay: float = 3.0


@dataclass
class GuardResult:
    """The verdict for each pushed commit; ``skipped`` says why nothing was checked."""

    branch: str
    verdicts: list[Verdict] = field(default_factory=list)
    skipped: str = ""
    warning: tuple[str, str] | None = None

    @property
    def bad(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.ok]


def run_guard(options: GuardOptions, env: Mapping[str, str]) -> GuardResult:
    """Judge every commit of the push; raise :class:`ReleaseError` when one was not merged."""
    branch = options.branch
    if env.get("GITHUB_REF", "").startswith("refs/tags/"):
        return GuardResult(branch, skipped="tag push, nothing to check")
    repo = options.repository or env.get("GITHUB_REPOSITORY")
    if not repo or "/" not in repo:
        raise UsageError("no repository given", "pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    event = _event(env)
    sha = options.sha or (None if event else env.get("GITHUB_SHA"))
    if event.get("created") or event.get("before") == _ZERO:
        created = (f"this push created {branch} (the first push of the repository): no pull "
                   "request can exist yet")
        return GuardResult(
            branch,
            skipped=created,
            warning=(f"guard-main: {created}", GUIDANCE.split("\n")[1].format(branch=branch)),
        )
    commits = commits_to_check(event, sha)
    if not commits:
        raise UsageError("no commit to check", "pass --sha SHA, or run on a push event")
    result = GuardResult(branch)
    if len(commits) > MAX_COMMITS:
        result.warning = (f"{len(commits)} commits pushed; checking the newest {MAX_COMMITS}", "")
        commits = commits[-MAX_COMMITS:]
    api = env.get("GITHUB_API_URL", "https://api.github.com")
    token = env.get("GITHUB_TOKEN") or None
    result.verdicts = [
        judge(
            c,
            api=api,
            repo=repo,
            token=token,
            branch=branch,
            retries=options.retries,
            delay=options.retry_delay,
            allow_bots=set(options.allow_bots),
        )
        for c in commits
    ]
    rows = [
        f"| {'✅' if v.ok else '❌'} | `{v.commit.sha[:12]}` | {ci.markdown_cell(v.evidence)} |"
        for v in result.verdicts
    ]
    summary = (
        f"### guard-main: {'ok' if not result.bad else 'DIRECT PUSH'} on {branch}\n\n"
        "| | commit | evidence |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    if result.bad:
        guidance = GUIDANCE.format(branch=branch, sha=result.bad[-1].commit.sha[:12])
        summary += "\n" + guidance.replace("\n", "\n\n") + "\n"
    ci.append_step_summary(summary, env)
    return result


def failure(result: GuardResult) -> ReleaseError:
    """The error for a result with commits that did not come from a merged pull request."""
    guidance = GUIDANCE.format(branch=result.branch, sha=result.bad[-1].commit.sha[:12])
    return ReleaseError(
        f"{len(result.bad)} of {len(result.verdicts)} commit(s) reached {result.branch} without "
        "a merged pull request",
        guidance,
    )
