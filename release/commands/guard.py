"""``release guard-main``: did this push to main come from a merged pull request?

The GitHub API decides, and the push event says who pushed and how:

1. The push itself: a push that deleted main, created it (a first push, or main deleted and
   pushed again: nothing to compare it with), or was forced (``forced`` in the event) fails.
2. The pushed commits, all of them: ``GET /repos/{o}/{r}/compare/{before}...{after}``, 100 a
   page, until ``total_commits`` are collected. The comparison must be ``ahead``: anything
   else means the push rewrote history.
3. The pushed head must be the merge of a pull request: ``GET .../commits/{after}/pulls``
   must name a pull request merged into main whose ``merge_commit_sha`` is ``after`` (a
   merge commit, a squash or a rebase all satisfy this; GitHub can take a few seconds to link
   them, so an empty answer is retried within ``--max-wait`` seconds).
4. Every other pushed commit must belong to a pull request merged into main: the merged pull
   request's own commits (``GET .../pulls/{n}/commits``), or, for a rebase merge (new commits),
   as many pushed commits as the pull request had (``GET .../pulls/{n}``), else
   ``GET .../commits/{sha}/pulls`` for each remaining commit (a merge queue's batch).

5. Only pull requests of this repository count: one whose ``base.repo`` is another repository
   (a fork's own pull request that holds the same commits) never does.
6. With ``--require-approval``, every such pull request also needs an approving review from
   someone other than its author (``GET .../pulls/{n}/reviews``; each reviewer's latest
   review that approves, requests changes or was dismissed counts).

The evidence says exactly what was checked ("merged through pull request #N into main of
OWNER/NAME", "approved by LOGIN"); nothing is claimed about reviews unless they were asked.
When the API cannot answer (no token, 401/403/404, a rate limit, network, a truncated
comparison) the guard fails with "cannot verify". Only with ``--message-fallback`` do the
commit messages GitHub writes (``Merge pull request #N``, a subject ending in ``(#N)``)
stand in for the API, and the output says so. A bot is exempt only when the *account that
pushed* (the event's ``sender``) is named with ``--allow-bot``; the commit author, which the
pusher chooses freely, never counts. Tag pushes and other branches are not checked.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.errors import ReleaseError, UsageError
from release.outside import ci, files
from release.outside.github import CannotVerify, Commit, GitHub, PushApi

_ZERO = "0" * 40
_MESSAGE_PR = re.compile(r"^Merge pull request #(\d+)|\(#(\d+)\)\s*$")


@dataclass(frozen=True)
class Verdict:
    commit: Commit
    ok: bool
    evidence: str
    pull: int | None = None
    """The merged pull request that explains the commit (GitHub API), if any."""


@dataclass(frozen=True)
class GuardOptions:
    """What ``release guard-main`` is asked to check."""

    sha: str | None = None
    repository: str | None = None
    branch: str = "main"
    allow_bots: tuple[str, ...] = ()
    message_fallback: bool = False
    require_approval: bool = False
    retries: int = 4
    retry_delay: float = 3.0
    max_wait: float = 60.0


@dataclass
class GuardResult:
    """The verdict on a push: its own problems, and one verdict per pushed commit."""

    branch: str
    verdicts: list[Verdict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: str = ""
    pusher: str = ""
    warning: tuple[str, str] | None = None
    require_approval: bool = False

    @property
    def bad(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.ok]

    @property
    def ok(self) -> bool:
        return not self.bad and not self.problems

    def as_dict(self) -> dict[str, Any]:
        """``release guard-main --format json``."""
        return {"branch": self.branch, "skipped": self.skipped or None,
                "pusher": self.pusher or None,
                "commits": [{"sha": v.commit.sha, "ok": v.ok, "evidence": v.evidence}
                            for v in self.verdicts],
                "failures": self.problems,
                "warnings": [{"message": self.warning[0], "hint": self.warning[1]}]
                if self.warning is not None else []}


def _number(pull: dict[str, object]) -> int:
    value = pull.get("number")
    return value if isinstance(value, int) else -1


def _event(env: Mapping[str, str]) -> dict[str, object]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = json.loads(files.read_bytes(Path(path), "$GITHUB_EVENT_PATH"))
    except FileNotFoundError:
        raise ReleaseError(f"the event file {path} ($GITHUB_EVENT_PATH) does not exist",
                           "run on a push event, or unset GITHUB_EVENT_PATH and pass --sha"
                           ) from None
    except (OSError, ValueError, RecursionError) as exc:
        raise ReleaseError(f"cannot read the event file {path}: {exc}",
                           "run on a push event, or unset GITHUB_EVENT_PATH and pass --sha"
                           ) from None
    return data if isinstance(data, dict) else {}


def pusher_of(event: Mapping[str, object]) -> str:
    """The GitHub account that pushed: the event's ``sender.login`` (not a git identity)."""
    sender = event.get("sender")
    return str(sender.get("login", "")) if isinstance(sender, dict) else ""


def _event_commits(event: Mapping[str, object]) -> list[Commit]:
    items = event.get("commits")
    return [Commit(str(item.get("id", "")), str(item.get("message", "")))
            for item in (items if isinstance(items, list) else []) if isinstance(item, dict)]


GUIDANCE = (
    "Commits must reach {branch} through a merged pull request{approved}.\n"
    "Turn on protection: Settings > Rules > Rulesets > New branch ruleset, target {branch}, "
    'enable "Restrict deletions", "Require a pull request before merging" and "Block force '
    'pushes" (docs/releases/branch-protection.md).\n'
    "Undo this push: open a pull request that reverts it (`git revert {sha}`), or re-do the "
    "change through a pull request."
)


def run_guard(options: GuardOptions, env: Mapping[str, str],
              sleep: Callable[[float], None] = time.sleep,
              clock: Callable[[], float] = time.monotonic) -> GuardResult:
    """Judge the push; the CLI raises :func:`failure` when the result is not ok."""
    branch = options.branch
    ref = env.get("GITHUB_REF", "")
    if ref.startswith("refs/tags/"):
        return GuardResult(branch, skipped="tag push, nothing to check")
    if ref.startswith("refs/heads/") and ref != f"refs/heads/{branch}" and not options.sha:
        return GuardResult(branch, skipped=f"push to {ref[len('refs/heads/'):]}, not {branch}")
    gh = GitHub.from_env(env, options.repository)
    api = PushApi(gh, branch, retries=options.retries, delay=options.retry_delay,
                  max_wait=options.max_wait, sleep=sleep, clock=clock)
    event = _event(env)
    result = GuardResult(branch, pusher=pusher_of(event),
                         require_approval=options.require_approval)
    if options.sha:
        result.verdicts = _approved(api, [_judge_head(api, Commit(options.sha), options,
                                                      merge_of=False)], options)
        _summarise(result, env)
        return result
    after, before = str(event.get("after", "")), str(event.get("before", ""))
    if not after:
        raise UsageError("no push event to check", "pass --sha SHA, or run on a push event")
    if event.get("deleted") or after == _ZERO:
        result.problems.append(f"{branch} was deleted by {result.pusher or 'someone'}")
    elif event.get("created") or before == _ZERO:
        result.problems.append(
            f"this push created {branch}, so there is nothing to compare it with and it cannot "
            f"be verified: either {branch} was deleted and pushed again, or this is the "
            "repository's very first push (then this one failure is expected)")
    elif event.get("forced"):
        result.problems.append(f"force push to {branch} by {result.pusher or 'someone'}: it "
                               "rewrote history")
    if result.problems:
        _summarise(result, env)
        return result
    if result.pusher and result.pusher in options.allow_bots:
        result.verdicts = [Verdict(Commit(after), True,
                                   f"pushed by {result.pusher}, allowed with --allow-bot "
                                   "(the account that pushed, from the event)")]
        _summarise(result, env)
        return result
    try:
        status, commits = api.compare(before, after)
    except CannotVerify as exc:
        if not options.message_fallback:
            result.problems.append(f"cannot verify: the GitHub API could not list the pushed "
                                   f"commits ({exc})")
            _summarise(result, env)
            return result
        result.verdicts = [_by_message(c, str(exc)) for c in _event_commits(event)] or [
            Verdict(Commit(after), False, f"no commits in the event (fallback, {exc})")]
        _summarise(result, env)
        return result
    if status not in ("ahead", "identical"):
        result.problems.append(f"the push rewrote {branch}: {before[:12]}...{after[:12]} is "
                               f"{status or 'unknown'}, not ahead")
        _summarise(result, env)
        return result
    if len(commits) > 250:
        result.warning = (f"{len(commits)} commits pushed; every one was checked", "")
    result.verdicts = _approved(api, _judge_all(api, after, commits, options), options)
    _summarise(result, env)
    return result


def _judge_all(api: PushApi, after: str, commits: list[Commit], options: GuardOptions
               ) -> list[Verdict]:
    by_sha = {c.sha: c for c in commits}
    head = by_sha.get(after, Commit(after))
    verdicts = {after: _judge_head(api, head, options)}
    merged = api.head_pr
    others = [c for c in commits if c.sha != after]
    if merged is not None and others and not all(
            c.sha in api.pr_commits.get(merged, set()) for c in others):
        # A rebase merge writes new commits, one per commit of the pull request: the push is
        # exactly that pull request when it holds as many commits as the pull request had.
        with contextlib.suppress(CannotVerify):
            if api.commit_count(merged) == len(commits):
                for commit in others:
                    verdicts[commit.sha] = Verdict(
                        commit, True, f"rebased from pull request #{merged} (as many commits "
                                      "as it had; GitHub API)", merged)
    for commit in commits:
        if commit.sha in verdicts:
            continue
        known = next((n for n, shas in api.pr_commits.items() if commit.sha in shas), None)
        if known is not None:
            verdicts[commit.sha] = Verdict(commit, True, f"in pull request #{known}, merged "
                                                         f"into {api.branch} (GitHub API)", known)
            continue
        try:
            pulls = api.pulls(commit.sha, want_merge_of=False)
        except CannotVerify as exc:
            verdicts[commit.sha] = _cannot(commit, str(exc), options)
            continue
        if pulls:
            number = _number(pulls[0])
            _remember(api, number)
            verdicts[commit.sha] = Verdict(commit, True, f"in pull request #{number}, merged "
                                                         f"into {api.branch} (GitHub API)", number)
        else:
            verdicts[commit.sha] = Verdict(commit, False, f"not in any pull request merged into "
                                                          f"{api.branch} (GitHub API)")
    return [verdicts[c.sha] for c in commits if c.sha in verdicts] + (
        [verdicts[after]] if after not in by_sha else [])


def _approved(api: PushApi, verdicts: list[Verdict], options: GuardOptions) -> list[Verdict]:
    """``--require-approval``: each pull request that explains a commit needs an approving
    review from someone other than its author (each reviewer's latest review counts)."""
    if not options.require_approval:
        return verdicts
    decided: dict[int, tuple[bool, str]] = {}
    judged = []
    for verdict in verdicts:
        if not verdict.ok:
            judged.append(verdict)
            continue
        if verdict.pull is None:  # an allowed bot, or a commit message (no API)
            if "--allow-bot" in verdict.evidence:
                judged.append(verdict)
            else:
                judged.append(Verdict(verdict.commit, False, f"{verdict.evidence}; its approval "
                                      "cannot be checked without the GitHub API "
                                      "(--require-approval)"))
            continue
        if verdict.pull not in decided:
            decided[verdict.pull] = _approval(api, verdict.pull)
        ok, what = decided[verdict.pull]
        judged.append(Verdict(verdict.commit, ok, f"{verdict.evidence}; {what}", verdict.pull))
    return judged


def _approval(api: PushApi, number: int) -> tuple[bool, str]:
    from release.outside.github import approvers, author_of

    try:
        author = author_of(api.pull(number))
        reviews = api.reviews(number)
    except CannotVerify as exc:
        return False, f"cannot verify its approval: the GitHub API did not answer ({exc})"
    if not author:
        return False, f"cannot verify its approval: pull request #{number} names no author"
    approved = approvers(reviews, author)
    if approved:
        return True, f"approved by {', '.join(approved)} (author {author})"
    return False, (f"no approving review from anyone but its author {author} "
                   "(--require-approval; each reviewer's latest review counts)")


def _remember(api: PushApi, number: int) -> None:
    with contextlib.suppress(CannotVerify):  # each commit is then asked on its own
        api.commits_of(number)


def _judge_head(api: PushApi, commit: Commit, options: GuardOptions, *, merge_of: bool = True
                ) -> Verdict:
    """The pushed head must be the merge (``merge_commit_sha``) of a merged pull request."""
    try:
        pulls = api.pulls(commit.sha, want_merge_of=merge_of)
    except CannotVerify as exc:
        return _cannot(commit, str(exc), options)
    if pulls:
        number = _number(pulls[0])
        _remember(api, number)
        if merge_of:
            api.head_pr = number
        what = (f"merged through pull request #{number} into" if merge_of
                else f"in pull request #{number}, merged into")
        return Verdict(commit, True, f"{what} {api.branch} of {api.gh.repo} (GitHub API)",
                       number)
    if not merge_of:
        return Verdict(commit, False, f"not in any pull request merged into {api.branch} "
                                      "(GitHub API)")
    return Verdict(commit, False, f"the pushed head is not the merge of a pull request into "
                                  f"{api.branch} (GitHub API)")


def _cannot(commit: Commit, reason: str, options: GuardOptions) -> Verdict:
    if options.message_fallback and commit.message:
        return _by_message(commit, reason)
    return Verdict(commit, False, f"cannot verify: the GitHub API did not answer ({reason})")


def _by_message(commit: Commit, reason: str) -> Verdict:
    match = _MESSAGE_PR.search(commit.message.splitlines()[0] if commit.message else "")
    if match:
        number = match.group(1) or match.group(2)
        return Verdict(commit, True, f"commit message names pull request #{number} "
                                     f"(--message-fallback: GitHub API unavailable, {reason})")
    return Verdict(commit, False, "no pull request in the commit message (--message-fallback: "
                                  f"GitHub API unavailable, {reason})")


def _summarise(result: GuardResult, env: Mapping[str, str]) -> None:
    rows = [f"| {'✅' if v.ok else '❌'} | `{v.commit.sha[:12]}` | {ci.markdown_cell(v.evidence)} |"
            for v in result.verdicts]
    text = f"### guard-main: {'ok' if result.ok else 'NOT VERIFIED'} on {result.branch}\n\n"
    if result.pusher:
        text += f"Pushed by `{result.pusher}`.\n\n"
    text += "".join(f"- ❌ {ci.markdown_cell(p)}\n" for p in result.problems)
    if rows:
        text += "\n| | commit | evidence |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    if not result.ok:
        sha = result.bad[-1].commit.sha[:12] if result.bad else "<sha>"
        text += "\n" + GUIDANCE.format(branch=result.branch, sha=sha, approved=_approved_text(
            result)).replace("\n", "\n\n") + "\n"
    ci.append_step_summary(text, env)


def _approved_text(result: GuardResult) -> str:
    return (", approved by someone other than its author" if result.require_approval else "")


def failure(result: GuardResult) -> ReleaseError:
    """The error for a push that did not come (verifiably) from a merged pull request."""
    sha = result.bad[-1].commit.sha[:12] if result.bad else "<sha>"
    guidance = GUIDANCE.format(branch=result.branch, sha=sha, approved=_approved_text(result))
    if result.problems:
        return ReleaseError("; ".join(result.problems), guidance)
    return ReleaseError(
        f"{len(result.bad)} of {len(result.verdicts)} commit(s) reached {result.branch} without "
        "a verified merged pull request", guidance)
