"""``release prepare``: bump the version and date the changelog section, atomically.

Every precondition is checked before anything is touched; the edits are exact (the
version edit matches exactly one place) and written as one atomic step; afterwards the
result is validated in branch mode.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from release.changelog import NEW_CHANGELOG, Changelog, LinkContext, release_unreleased
from release.checks import Check
from release.errors import ChangelogError, RefusedError
from release.git import Git, RepoState
from release.plan import FileChange, GitCommit, Plan, WriteFiles
from release.project import Project, check_static_edit, load, replace_span
from release.validate import Options, Report, read_changelog, validate
from release.versions import Version, parse, release_tags, resolve_target

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ALLOWED_AFTER = {"changelog-section-filled"}
"""Checks that may still fail after ``prepare``: an empty section is the user's to fill."""


@dataclass(frozen=True)
class PrepareOptions:
    """What ``release prepare`` is asked to do."""

    target: str
    repo: Path = field(default_factory=Path)
    date: str | None = None
    allow_dirty: bool = False
    commit: bool = False


@dataclass
class Prepared:
    """The checked plan of a ``prepare`` run: print it (dry run) or execute it."""

    plan: Plan
    writes: WriteFiles
    current: Version
    target: Version
    repo: Path


def build_plan(options: PrepareOptions) -> Prepared:
    """Check every precondition and return the plan; raise :class:`RefusedError` if any fail."""
    repo, requested, date = options.repo, options.target, options.date
    allow_dirty, commit = options.allow_dirty, options.commit
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
    previous = max(tags, key=lambda item: item.version).name if tags else None
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
    ], lock=Path(git.run("rev-parse", "--absolute-git-dir").strip()) / "release-prepare.lock")
    plan = Plan([writes])
    if commit:
        plan.actions.append(GitCommit(git, [shown_version, shown_changelog], f"Release {target}"))
    return Prepared(plan, writes, current, target, repo)


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
        higher = [item for item in tags if item.version >= target]
        if higher:
            highest = max(higher, key=lambda item: item.version).name
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
            existing = changelog.find(target)
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


def verify(prepared: Prepared) -> tuple[Report, list[Check]]:
    """Validate the written result in branch mode: the report, and the failures that count."""
    report = validate(Options(mode="branch", repo=prepared.repo))
    blocking = [c for c in report.checks if c.failed and c.id not in ALLOWED_AFTER]
    return report, blocking
