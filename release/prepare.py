"""``release prepare``: bump the version and date the changelog section, atomically.

Every precondition is checked before anything is touched; the edits are exact (the
version edit matches exactly one place) and written as one atomic step; afterwards the
result is validated in branch mode.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from release.changelog import NEW_CHANGELOG, Changelog, LinkContext, release_unreleased
from release.console import Console
from release.errors import ChangelogError, RefusedError, ReleaseError
from release.git import Git, RepoState
from release.plan import FileChange, GitCommit, Plan, WriteFiles
from release.project import Project, check_static_edit, load, replace_span
from release.validate import Options, read_changelog, validate
from release.versions import Version, key_of, parse, release_tags, resolve_target

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ALLOWED_AFTER = {"changelog-section-filled"}


@dataclass
class Prepared:
    plan: Plan
    writes: WriteFiles
    current: Version
    target: Version


def build_plan(
    repo: Path, requested: str, *, date: str | None = None, allow_dirty: bool = False,
    commit: bool = False,
) -> Prepared:
    """Check every precondition and return the plan; raise :class:`RefusedError` if any fail."""
    project = load(repo / "pyproject.toml")
    location = project.locate_version()
    current = parse(location.value, what=f"the current version in {location.file.name}")
    target = resolve_target(current, requested)
    day = date or _dt.date.today().isoformat()
    git = Git(repo)
    state = git.state(project.config.main_branch)
    prefix = project.config.tag_prefix
    changelog_path = project.changelog_path
    shown_changelog = project.config.changelog
    tags = release_tags(state.tags, prefix)
    problems, changelog = _preconditions(
        project, git, state, current, target, date=date, allow_dirty=allow_dirty
    )
    if problems:
        raise RefusedError(
            "nothing was changed:\n" + "\n".join(f"  - {msg}\n    hint: {hint}"
                                                 for msg, hint in problems),
            "",
        )

    version_bytes = location.file.read_bytes()
    version_text = version_bytes.decode("utf-8")
    new_version_text = replace_span(version_text, location, str(target))
    shown_version = location.file.relative_to(project.root).as_posix()
    if location.file == project.pyproject:
        check_static_edit(version_text, new_version_text, str(target), shown_version)
    previous = max(tags, key=lambda item: item[2])[0] if tags else None
    links = LinkContext(project.repository_url(), prefix, previous)
    if changelog is None:
        changelog = Changelog(NEW_CHANGELOG, shown_changelog)
        old_changelog = None
    else:
        old_changelog = changelog_path.read_bytes()
    new_changelog = changelog.render(release_unreleased(changelog, str(target), day, links))
    writes = WriteFiles([
        FileChange(location.file, shown_version, version_bytes,
                   new_version_text.encode("utf-8"), f"version {current} -> {target}"),
        FileChange(changelog_path, shown_changelog, old_changelog,
                   new_changelog.encode("utf-8"),
                   f"[Unreleased] -> [{target}] - {day}"
                   + (" (new file)" if old_changelog is None else "")),
    ])
    plan = Plan([writes])
    if commit:
        plan.actions.append(GitCommit(git, [shown_version, shown_changelog], f"Release {target}"))
    return Prepared(plan, writes, current, target)


def _preconditions(
    project: Project, git: Git, state: RepoState, current: Version, target: Version, *,
    date: str | None, allow_dirty: bool,
) -> tuple[list[tuple[str, str]], Changelog | None]:
    """Every reason to refuse, as ``(message, hint)``, and the changelog when it exists."""
    prefix = project.config.tag_prefix
    tag = f"{prefix}{target}"
    tags = release_tags(state.tags, prefix)
    problems: list[tuple[str, str]] = []
    if date is not None and not _valid_date(date):
        problems.append((f"--date {date!r} is not a date in the form YYYY-MM-DD",
                         "pass --date 2026-11-24, or leave it out for today"))
    if target <= current:
        problems.append((f"{target} is not higher than the current version {current}",
                         "choose a higher version, or a bump keyword such as `patch`"))
    if tag in state.tags:
        problems.append((f"the tag {tag} already exists",
                         "that version is released; prepare a higher one"))
    else:
        higher = [item for item in tags if item[2] >= key_of(target)]
        if higher:
            highest = max(higher, key=lambda item: item[2])[0]
            problems.append((f"{target} is not higher than the existing tag {highest}",
                             "choose a version higher than every release tag"))
    if not allow_dirty:
        dirty = git.dirty_files()
        if dirty:
            shown = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
            problems.append((f"the working tree has uncommitted changes ({shown})",
                             "commit or stash them first, or pass --allow-dirty"))
    changelog_path = project.changelog_path
    shown_changelog = project.config.changelog
    changelog: Changelog | None = None
    if changelog_path.exists():
        try:
            changelog = read_changelog(changelog_path, shown_changelog)
        except ChangelogError as exc:
            problems.append((str(exc), exc.hint))
        else:
            existing = changelog.find(key_of(target))
            if existing is not None:
                problems.append((
                    f"{shown_changelog}:{existing.line} already has a section for {target} "
                    f"(`## {existing.title}`)",
                    "remove or rename that section, or prepare another version",
                ))
    return problems, changelog


def _valid_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def run_prepare(args: argparse.Namespace, console: Console) -> int:
    from release.cli import show_report

    repo: Path = args.repo
    prepared = build_plan(repo, args.target, date=args.date, allow_dirty=args.allow_dirty,
                          commit=args.commit)
    console.info(f"prepare {prepared.current} -> {prepared.target}"
                 + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    console.info(prepared.plan.describe())
    if args.dry_run:
        console.print(prepared.writes.diff().rstrip("\n"))
        return 0
    prepared.plan.execute()
    console.info("validating the result (release validate --mode branch):")
    report = validate(Options(mode="branch", repo=repo))
    show_report(report, console)
    remaining = {c.id for c in report.checks if c.failed} - _ALLOWED_AFTER
    if remaining:
        raise ReleaseError(
            "the files were written, but validation reports the problems above",
            "fix them, then run `release validate`",
        )
    if any(c.failed for c in report.checks):
        console.warning(f"the {prepared.target} section still has the placeholder line",
                        "describe the changes in the changelog before tagging")
    nxt = "inv release.tag" if args.commit else (
        f'git commit -am "Release {prepared.target}" (or open a PR), then `inv release.tag`')
    console.info(f"next: {nxt}")
    return 0
