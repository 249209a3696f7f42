"""``release prepare``: bump the version and date the changelog section, atomically.

Every precondition is checked before anything is touched; the edits are exact (each one
replaces one span, proven by re-reading the file the way its format is read) and written as
one atomic step: the version where the project keeps it, every place that repeats it
(:mod:`release.project.repeats`), and the changelog in its own style (or, for a towncrier
project, ``towncrier build``). Afterwards the result is validated in branch mode.

Three cases besides the plain bump:

- the version comes from the tag (hatch-vcs, setuptools-scm, …): no version file changes; the
  changelog gets the section and ``release tag`` later creates the tag that *is* the version;
- the files already say an unreleased version (8.3.0 above the tag v8.2.0):
  ``release prepare 8.3.0`` is accepted and dates the changelog only;
- the version is computed (from a ``__version_info__`` tuple): refused, with the place and
  what to write instead.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from release.changelog import NEW_CHANGELOG, Changelog, LinkContext, insert_release, towncrier
from release.changelog.dates import valid_iso
from release.changelog.files import ChangelogFile, read_changelog
from release.commands.validate import Options, Report, changelog_of, validate
from release.errors import ChangelogError, RefusedError, ReleaseError
from release.outside import files
from release.outside.git import Git, RepoState
from release.outside.plan import Action, FileChange, GitCommit, Plan, WriteFiles, project_lock
from release.project import sources
from release.project.checks import Check
from release.project.hints import command, invoke_tasks_present
from release.project.pyproject import Project, load
from release.project.repeats import Repeat
from release.project.sources import VersionLocation, VersionSource, edit, prove, shown
from release.project.tags import TagSet, newest, tag_set
from release.project.versions import (
    BUMP_KEYWORDS,
    Version,
    bump,
    local_part_refused,
    parse,
    resolve_target,
)

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
    current: Version | None
    target: Version
    repo: Path
    tag: str = ""
    """The tag ``release tag`` will create for this version."""
    notes: list[str] = field(default_factory=list)
    """What the user should know about this plan (VCS version, nothing to bump, …)."""
    previews: list[str] = field(default_factory=list)
    """What a dry run shows besides the diff (towncrier's draft)."""


def project_tags(project: Project, git: Git, state: RepoState, version: Version | None
                 ) -> TagSet:
    """The project's release tags (scheme inferred or configured, ignored and abandoned
    tags left out), with their dates, commits and reachability from HEAD."""
    refs = git.tag_facts() if state.head is not None else {}
    info = {name: (refs[name].commit, refs[name].date) if name in refs else ("", 0)
            for name in state.tags}
    return tag_set(
        info, configured_prefix=project.config.tag_prefix, project_name=project.name,
        version=version, ignore=project.config.ignore_tags,
        reachable={name for name, ref in refs.items() if ref.reachable}
        if state.head is not None else None,
    )


def build_plan(options: PrepareOptions) -> Prepared:
    """Check every precondition and return the plan; raise :class:`RefusedError` if any fail."""
    repo, requested, date = options.repo, options.target, options.date
    project = load(repo / "pyproject.toml")
    layout = sources.version_source(project)
    git = Git(repo)
    state = git.state()
    invoke = invoke_tasks_present(repo)
    location = layout.location if not layout.vcs else None
    current_text = location.value if location is not None else None
    current = (parse(current_text, what=f"the current version in {location.file.name}")
               if location is not None and current_text is not None else None)
    tags = project_tags(project, git, state, current)
    if layout.vcs:
        top = newest(tags.counted, reachable_only=True)
        current = top.version if top is not None else None
    target = _target(current, requested, layout, invoke)
    same = not layout.vcs and target == current
    if layout.kind == "computed" and not same:
        _refuse_computed(layout, target, invoke)
    day = date or _dt.date.today().isoformat()
    problems = _preconditions(
        project, git, tags, current, target, layout, same=same, date=date,
        allow_dirty=options.allow_dirty, invoke=invoke,
    )
    repeats: list[Repeat] = []
    if current is not None:
        from release.project import repeats as versionfiles

        spelled = current_text if current_text is not None else str(current)
        found = versionfiles.find(project, layout, current, spelled)
        repeats = found.found
        problems += [(p.message, p.hint) for p in found.problems]
    previous = newest(tags.counted, reachable_only=True)
    links = LinkContext(project.repository_url(), tags.scheme.prefix,
                        previous.name if previous is not None else None)
    step: FileChange | towncrier.TowncrierBuild | None = None
    if valid_iso(day):
        try:
            step = changelog_step(changelog_of(repo, project), target, day, links,
                                  [t.version for t in tags.counted])
        except ReleaseError as exc:
            problems.append((str(exc), exc.hint))
    if problems or step is None:
        raise RefusedError(
            "nothing was changed:\n" + "\n".join(f"  - {msg}\n    hint: {hint}"
                                                 for msg, hint in problems),
            "",
        )
    file_changes = _version_changes(project, layout, current, target, repeats, same=same)
    plan, writes = _assemble(project, git, file_changes, step, target, commit=options.commit)
    writes.root = state.toplevel  # links followed, every write stays in the repository
    tag = tags.scheme.format(target)
    notes = _notes(layout, current, target, requested, tag, same, tags)
    if isinstance(step, towncrier.TowncrierBuild) and not step.config.fragments():
        notes.append("there are no news fragments: towncrier writes the section as "
                     "\"No significant changes.\" (add a fragment per change first for "
                     "useful release notes)")
    previews = [step.preview] if isinstance(step, towncrier.TowncrierBuild) else []
    return Prepared(plan, writes, current, target, repo, tag, notes, previews)


def _target(current: Version | None, requested: str, layout: VersionSource, invoke: bool
            ) -> Version:
    """The version a request names: a bump keyword from the current version, or explicit."""
    if current is not None:
        return resolve_target(current, requested)
    if requested in BUMP_KEYWORDS:
        raise RefusedError(
            f"nothing was changed: there is no release tag yet to bump from ({layout.label})",
            f"name the first version: {command('prepare', '0.1.0', invoke=invoke)}")
    return parse(requested, what="requested version")


def _assemble(project: Project, git: Git, file_changes: list[FileChange],
              step: FileChange | towncrier.TowncrierBuild, target: Version, *, commit: bool
              ) -> tuple[Plan, WriteFiles]:
    """The plan: every file in one atomic write (towncrier first, when it writes the
    changelog: the version files follow only if it succeeded), then the optional commit."""
    actions: list[Action] = []
    if isinstance(step, FileChange):
        writes = WriteFiles([*file_changes, step])
    else:
        actions.append(step)
        writes = WriteFiles(file_changes)
    writes.lock = project_lock(git)
    actions.append(writes)
    plan = Plan(actions)
    if commit:
        paths = [c.shown for c in file_changes]
        paths.append(step.shown if isinstance(step, FileChange) else step.changelog)
        removed = [] if isinstance(step, FileChange) else fragment_paths(step, project.root)
        plan.actions.append(GitCommit(git, paths, f"Release {target}", removed,
                                      undo=writes if isinstance(step, FileChange) else None))
    return plan, writes


def _version_changes(project: Project, layout: VersionSource, current: Version | None,
                     target: Version, repeats: list[Repeat], *, same: bool) -> list[FileChange]:
    """One change per file: the version where the project keeps it, and every repeat."""
    changes: dict[Path, list[tuple[VersionLocation, str, str]]] = {}
    location = layout.location
    if same:
        return []
    if location is not None and layout.editable and not layout.vcs:
        changes.setdefault(location.file, []).append(
            (location, str(target), f"version {current} -> {target} ({layout.label})"))
    for repeat in repeats:
        value = repeat.new_value(target)
        if value != repeat.location.value:
            changes.setdefault(repeat.location.file, []).append(
                (repeat.location, value,
                 f"line {repeat.location.line}: {repeat.location.value} -> {value} "
                 f"({repeat.source})"))
    return [_file_change(project, path, items) for path, items in changes.items()]


def _file_change(project: Project, path: Path,
                 items: list[tuple[VersionLocation, str, str]]) -> FileChange:
    name = shown(path, project.root)
    old = files.read_bytes(path, name)
    text = old.decode("utf-8")
    pairs = [(location, value) for location, value, _ in items]
    new = edit(text, pairs)
    prove(text, new, pairs, name)
    return FileChange(path, name, old, new.encode("utf-8"), "; ".join(why for _, _, why in items))


def _notes(layout: VersionSource, current: Version | None, target: Version, requested: str,
           tag: str, same: bool, tags: TagSet) -> list[str]:
    notes = []
    if layout.vcs:
        notes.append(f"the version comes from the tag ({layout.label}): no version file "
                     f"changes; after merging, `release tag` creates {tag}, and that tag is "
                     f"the version {target}")
    elif same:
        notes.append(f"the version files already say {target} (not released yet): only the "
                     "changelog changes")
    elif current is not None and requested in BUMP_KEYWORDS and current.dev is None \
            and tags.equal(current) is None and all(t.version < current for t in tags.counted):
        notes.append(f"the files said {current}, which is not released yet; "
                     f"`release prepare {current}` would have released it as it is")
    return notes


def _refuse_computed(layout: VersionSource, target: Version, invoke: bool) -> None:
    location = layout.location
    line = location.line if location is not None else "?"
    name = location.key[0] if location is not None and location.key else "the version tuple"
    raise RefusedError(
        f"nothing was changed: {layout.fix}",
        f"edit line {line} (`{name}`) by hand to say {target}, commit, then run "
        f"{command('prepare', str(target), invoke=invoke)} (it then dates the changelog); or "
        f'replace the computation with a literal, `__version__ = "{target}"`, which '
        "release-lifecycle can edit",
    )


def changelog_step(
    found: ChangelogFile, target: Version, date: str, links: LinkContext,
    released: Collection[Version] = (),
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
        old: bytes | None = files.read_bytes(path, shown)
    else:
        changelog = Changelog(NEW_CHANGELOG, found.shown)
        old = None
    new = insert_release(changelog, target, date, links, released=released)
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
    project: Project, git: Git, tags: TagSet, current: Version | None, target: Version,
    layout: VersionSource, *, same: bool, date: str | None, allow_dirty: bool, invoke: bool,
) -> list[tuple[str, str]]:
    """Every reason to refuse that is not about the changelog, as ``(message, hint)``."""
    problems: list[tuple[str, str]] = []

    def prepare(version: Version) -> str:
        return command("prepare", str(version), invoke=invoke)

    if target.local is not None:
        problems.append((local_part_refused(target),
                         f"prepare the public version: {prepare(Version(target.public))}"))
    if date is not None and not valid_iso(date):
        problems.append((f"--date {date!r} is not a date in the form YYYY-MM-DD",
                         "pass --date 2026-11-24, or leave it out for today"))
    existing = tags.equal(target)
    higher = [t for t in tags.counted if t.reachable and t.version >= target]
    if current is not None and target < current:
        problems.append((f"{target} is not higher than the current version {current}",
                         f"choose a higher version: {prepare(tags.next_free(current))}"))
    elif current is not None and target == current and (layout.vcs or existing is not None):
        released = f" (tag {existing.name})" if existing is not None else ""
        problems.append((f"{target} is not higher than the current version {current}, which "
                         f"is released{released}",
                         f"prepare the next one: {prepare(tags.next_free(current))}"))
    elif same and target.dev is not None:
        problems.append((f"{target} is a development version, not a release",
                         "name the release, e.g. "
                         f"{prepare(bump(target, 'patch'))}"))
    if existing is not None and not existing.reachable and current is not None \
            and current.is_prerelease and Version(current.base_version) == target:
        problems.append((f"the tag {existing.name} already exists (released from another "
                         f"branch; this one still says {current})",
                         f"{target} was released from another branch: merge it here first "
                         f"(`git merge {existing.name}`), then prepare the next version: "
                         f"{prepare(tags.next_free(target))}"))
    elif existing is not None:
        problems.append((f"the tag {existing.name} already exists",
                         f"that version is released; prepare a higher one: "
                         f"{prepare(tags.next_free(target))}"))
    elif higher:
        highest = max(higher, key=lambda item: item.version)
        problems.append((f"{target} is not higher than the existing tag {highest.name}",
                         f"choose a version higher than every release tag: "
                         f"{prepare(tags.next_free(highest.version))}"))
    if not allow_dirty:
        dirty = git.dirty_files()
        if dirty:
            shown_dirty = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
            problems.append((f"the working tree has uncommitted changes ({shown_dirty})",
                             "commit or stash them first, or pass --allow-dirty"))
    return problems


def verify(prepared: Prepared) -> tuple[Report, list[Check]]:
    """Validate the written result in branch mode: the report, and the failures that count."""
    report = validate(Options(mode="branch", repo=prepared.repo))
    blocking = [c for c in report.checks if c.failed and c.id not in ALLOWED_AFTER]
    return report, blocking
