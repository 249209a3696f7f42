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

from release import towncrier
from release.changelog import NEW_CHANGELOG, Changelog, LinkContext, insert_release
from release.changelog_files import ChangelogFile
from release.checks import Check
from release.errors import ChangelogError, RefusedError, ReleaseError
from release.git import Git, RepoState
from release.plan import Action, FileChange, GitCommit, Plan, WriteFiles
from release.project import Project, check_static_edit, load, replace_span
from release.validate import Options, Report, changelog_of, read_changelog, validate
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
    previews: list[str] = field(default_factory=list)
    """What a dry run shows besides the diff (towncrier's draft)."""


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
    tags = release_tags(state.tags, prefix)
    problems = _preconditions(
        project, git, state, current, target, date=date, allow_dirty=allow_dirty
    )
    previous = max(tags, key=lambda item: item.version).name if tags else None
    links = LinkContext(project.repository_url(), prefix, previous)
    found = changelog_of(repo, project)
    step: FileChange | towncrier.TowncrierBuild | None = None
    if _valid_date(day):
        try:
            step = changelog_step(found, target, day, links)
        except ReleaseError as exc:
            problems.append((str(exc), exc.hint))
    if problems or step is None:
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
    version_change = FileChange(location.file, shown_version, version_bytes,
                                new_version_text.encode("utf-8"), f"version {current} -> {target}")
    actions: list[Action] = []
    if isinstance(step, FileChange):
        writes = WriteFiles([version_change, step])
    else:  # towncrier writes the changelog first; the version follows only if it succeeded
        actions.append(step)
        writes = WriteFiles([version_change])
    writes.lock = Path(git.run("rev-parse", "--absolute-git-dir").strip()) / "release-prepare.lock"
    actions.append(writes)
    plan = Plan(actions)
    if commit:
        paths = [shown_version, step.shown if isinstance(step, FileChange) else step.changelog]
        removed = [] if isinstance(step, FileChange) else fragment_paths(step, project.root)
        plan.actions.append(GitCommit(git, paths, f"Release {target}", removed))
    previews = [step.preview] if isinstance(step, towncrier.TowncrierBuild) else []
    return Prepared(plan, writes, current, target, repo, previews)


def changelog_step(
    found: ChangelogFile, target: Version, date: str, links: LinkContext
) -> FileChange | towncrier.TowncrierBuild:
    """How ``prepare`` dates the changelog: an exact edit, or towncrier for its projects.

    Raises :class:`ReleaseError` (nothing is written) when the section cannot be placed.
    VCS-versioned projects call this alone, to date the changelog without a version edit.
    """
    config = found.towncrier
    if config is not None and found.path.resolve() == (config.root / config.filename).resolve():
        return _towncrier_step(found, config, target, date)
    path = found.target
    shown = _shown_target(found)
    if path.exists() or found.path.is_symlink():
        changelog = read_changelog(found.path, found.shown, found.format)
        old: bytes | None = path.read_bytes()
        new = insert_release(changelog, target, date, links)
    else:
        changelog = Changelog(NEW_CHANGELOG, found.shown)
        old = None
        new = insert_release(changelog, target, date, links)
    section = Changelog(new, found.shown, found.format).first_release()
    what = f"`{section.display}`" if section is not None else str(target)
    why = f"new section {what}" + (" (new file)" if old is None else "")
    if found.link:
        why += f" (through the symlink {found.shown})"
    return FileChange(path, shown, old, new.encode("utf-8"), why)


def _shown_target(found: ChangelogFile) -> str:
    return found.link or found.shown


def _towncrier_step(
    found: ChangelogFile, config: towncrier.TowncrierConfig, target: Version, date: str
) -> towncrier.TowncrierBuild:
    if towncrier.command() is None:
        raise RefusedError(
            f"{found.shown} is built by towncrier ({config.source} has a towncrier "
            "configuration), and towncrier is not installed",
            f"{towncrier.INSTALL_HINT}; `release prepare` then runs "
            f"`towncrier build --version {target} --date {date} --yes`",
        )
    if found.path.exists():
        changelog = read_changelog(found.path, found.shown, found.format)
        existing = changelog.find(target)
        if existing is not None:
            raise ChangelogError(
                f"{found.shown}:{existing.line} already has a section for {target} "
                f"(`{existing.display}`)",
                "remove or rename that section, or prepare another version",
            )
    preview = towncrier.draft(config, str(target), date)
    return towncrier.TowncrierBuild(config, str(target), date, _shown_target(found), preview)


def fragment_paths(step: towncrier.TowncrierBuild, root: Path) -> list[str]:
    """The news fragments towncrier removes (``git rm``), for a ``--commit``."""
    paths = []
    for fragment in step.config.fragments():
        try:
            paths.append(fragment.relative_to(root).as_posix())
        except ValueError:
            continue
    return paths


def _preconditions(
    project: Project, git: Git, state: RepoState, current: Version, target: Version, *,
    date: str | None, allow_dirty: bool,
) -> list[tuple[str, str]]:
    """Every reason to refuse that is not about the changelog, as ``(message, hint)``."""
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
    return problems


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
