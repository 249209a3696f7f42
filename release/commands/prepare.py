"""``release prepare``: bump the version and date the changelog section, atomically.

Or, for a development version (``release prepare dev``, ``release prepare 1.5.0.dev0``), the
post-release step: bump to the next development version and open an empty unreleased
section at the top in the file's own style (:mod:`release.changelog.unreleased`); no dated
section is ever written for a development version, and a towncrier project's changelog is
left alone (its news fragments are the unreleased section).

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from release.changelog import Changelog, LinkContext, towncrier
from release.changelog.dates import valid_iso
from release.changelog.step import ChangelogStep, changelog_step, fragment_paths, unreleased_step
from release.commands.validate import (
    Options,
    Report,
    changelog_of,
    in_package_folder,
    validate,
)
from release.errors import RefusedError, ReleaseError
from release.outside import files
from release.outside.git import Git, RepoState
from release.outside.plan import (
    Action,
    FileChange,
    GitCommit,
    Plan,
    Snapshot,
    WriteFiles,
    project_lock,
)
from release.project import sources
from release.project.checks import Check
from release.project.hints import command, invoke_tasks_present
from release.project.pyproject import Project, load
from release.project.repeats import Repeat
from release.project.sources import VersionLocation, VersionSource, edit, prove, shown
from release.project.sources.python import tuple_change
from release.project.tags import Scheme, TagSet, newest, tag_set
from release.project.versions import (
    BUMP_KEYWORDS,
    CALVER_KEYWORD,
    DEV_KEYWORD,
    Spelling,
    Version,
    bump,
    calver,
    development_of,
    local_part_refused,
    next_development,
    parse,
    resolve_target,
    short_form,
)

ALLOWED_AFTER: frozenset[str] = frozenset()

"""Checks that may still fail after ``prepare``: none (a result that does not validate is
put back, commit included)."""

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
    touched: list[Path] = field(default_factory=list)
    """Every file the plan may change, put back when the result does not validate."""
    edits: list[dict[str, Any]] = field(default_factory=list)
    """Each action of the plan with its kind, path, line, old and new value (for JSON)."""
    spelled: str = ""
    """The target as the project writes it (``2026.08.17``)."""
    current_text: str | None = None
    """The current version as the files write it (``2.4.0+dev``, ``2026.07.22``)."""

    @property
    def development(self) -> bool:
        return self.target.dev is not None

    def as_dict(self) -> dict[str, Any]:
        """The plan as ``release prepare --format json`` shows it."""
        return {"current": str(self.current) if self.current is not None else None,
                "target": str(self.target), "development": self.development,
                "tag": None if self.development else self.tag, "notes": self.notes,
                "actions": self.edits}

def _written(layout: VersionSource) -> tuple[str | None, Version | None]:
    """The version as the files write it, and parsed (``None`` for a VCS version)."""
    location = layout.location if not layout.vcs else None
    if location is None:
        return None, None
    return location.value, parse(location.value,
                                 what=f"the current version in {location.file.name}")

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
        package_folder=in_package_folder(project.root, state),
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
    current_text, current = _written(layout)
    tags = project_tags(project, git, state, current)
    if layout.vcs:
        top = newest(tags.counted, reachable_only=True)
        current = top.version if top is not None else None
    day = date or _dt.date.today().isoformat()
    target = _target(current, requested, layout, invoke, tags, day,
                     short=bool(tags.scheme.short))
    same = not layout.vcs and target == current
    if not layout.editable and not layout.vcs and not same:
        _refuse_computed(layout, target, invoke)
    evidence = tag_texts(tags)
    spelling = Spelling.learn([current_text] if current_text else evidence[:1],
                              evidence=evidence)
    problems = _preconditions(
        project, git, tags, current, target, layout, same=same, date=date,
        allow_dirty=options.allow_dirty, invoke=invoke,
    )
    repeats, refused, unlisted = _repeats(project, layout, current, current_text, tags)
    problems += refused
    previous = newest(tags.counted, reachable_only=True)
    links = LinkContext(project.repository_url(), tags.scheme.prefix,
                        previous.name if previous is not None else None)
    development = target.dev is not None
    if development and requested == DEV_KEYWORD and current is not None and not layout.vcs \
            and tags.equal(current) is None:
        problems.append(_unreleased_current(current, tags.scheme.format(current), invoke))
    step = _changelog_change(project, git, target, day, links, tags, problems, evidence)
    if problems or step is None:
        raise RefusedError(
            "nothing was changed:\n" + "\n".join(f"  - {msg}\n    hint: {hint}"
                                                 for msg, hint in problems),
            "",
        )
    edits: list[dict[str, Any]] = []
    text = spelling.spell(target)
    file_changes = _version_changes(project, layout, current, target, repeats, same=same,
                                    edits=edits, spelling=spelling, evidence=evidence)
    if not development and not step.changes and step.build is None and not file_changes:
        raise RefusedError(
            f"nothing was changed: there is nothing to change for {target} (the version "
            "files already say it, and the changelog keeps its section as it is)",
            f"tag it: {command('tag', invoke=invoke)}")
    plan, writes = _assemble(project, git, [*file_changes, *step.changes], step.build,
                             target, text, commit=options.commit)
    writes.root = state.toplevel  # links followed, every write stays in the repository
    edits += _step_edits(step, target, plan)
    tag = tag_scheme(tags, current_text).format(target)
    notes = (_development_notes(layout, step, target) if development
             else _notes(layout, current, target, requested, tag, same, tags)) + step.notes
    notes += unlisted + _spelling_notes(current_text, current, target, text, tags) + _short_notes(
        current, requested, layout, invoke, tags, day, target, text)
    action = step.build
    if action is not None and not action.config.fragments():
        notes.append("there are no news fragments: towncrier writes the section as "
                     "\"No significant changes.\" (add a fragment per change first for "
                     "useful release notes)")
    previews = [action.preview] if action is not None else []
    return Prepared(plan, writes, current, target, repo, tag, notes, previews,
                    touched=_touched(project, writes, action), edits=edits, spelled=text,
                    current_text=current_text)

def _step_edits(step: ChangelogStep, target: Version, plan: Plan) -> list[dict[str, Any]]:
    """The changelog actions and the commit, as ``{kind, path, line, old, new}``."""
    edits: list[dict[str, Any]] = []
    if step.build is not None:
        edits.append({"kind": "towncrier", "path": step.build.changelog, "line": None,
                      "old": None, "new": str(target)})
    for change in step.changes:
        log = Changelog(change.new.decode("utf-8"), change.shown)
        section = log.unreleased() if target.dev is not None else log.first_release()
        edits.append({"kind": "changelog", "path": change.shown,
                      "line": section.line if section is not None else None, "old": None,
                      "new": section.display if section is not None else str(target)})
    for action in plan.actions:
        if isinstance(action, GitCommit):
            edits.append({"kind": "commit", "path": None, "line": None, "old": None,
                          "new": action.message, "paths": [*action.paths, *action.removed]})
    return edits

def _changelog_change(project: Project, git: Git, target: Version, day: str,
                      links: LinkContext, tags: TagSet, problems: list[tuple[str, str]],
                      evidence: list[str]) -> ChangelogStep | None:
    """The changelog's part of the plan: the release section, or for a development version
    the unreleased section; a reason to refuse goes to ``problems``."""
    try:
        if target.dev is not None:
            change = unreleased_step(changelog_of(project.root, project), target)
            return ChangelogStep([change] if change is not None else [])
        if valid_iso(day):
            return changelog_step(changelog_of(project.root, project), target, day, links,
                                  [t.version for t in tags.counted], git=git,
                                  tags=_newest_first(tags), evidence=evidence)
    except ReleaseError as exc:
        problems.append((str(exc), exc.hint))
    return None

def _newest_first(tags: TagSet) -> list[tuple[str, Version]]:
    """The release tags reachable from HEAD, newest version first (for the history)."""
    found = [(t.name, t.version) for t in tags.counted if t.reachable]
    return sorted(found, key=lambda item: item[1], reverse=True)

def tag_texts(tags: TagSet) -> list[str]:
    """How the release tags of the project's scheme write their versions, newest first (the
    evidence for the project's spelling)."""
    own = [t for t in tags.counted if t.name.startswith(tags.scheme.prefix)]
    return [t.text for t in sorted(own, key=lambda t: (t.date, t.version), reverse=True)][:20]

def tag_scheme(tags: TagSet, current_text: str | None) -> Scheme:
    """The scheme new tags follow: spelled like the tags, or like the files before the first
    tag of the scheme (``2026.08.17`` in pyproject.toml, no tag yet)."""
    if any(t.name.startswith(tags.scheme.prefix) for t in tags.counted) or not current_text:
        return tags.scheme
    return replace(tags.scheme, spelling=replace(Spelling.learn([current_text]), lead=""))

def _target(current: Version | None, requested: str, layout: VersionSource, invoke: bool,
            tags: TagSet, day: str, *, short: bool = False) -> Version:
    """The version a request names: a bump keyword from the current version, ``dev`` (the
    development version after it), ``calver`` (the date in the pattern of the tags), or
    explicit. ``short``: the project writes its ``X.Y.0`` releases as ``X.Y`` (its tags say
    so, :attr:`Scheme.short`), and so do the keywords; an explicit version is as written."""
    if requested == CALVER_KEYWORD:
        own = [t for t in tags.counted if t.name.startswith(tags.scheme.prefix)]
        pattern = calver((t.version, t.date) for t in own)
        if pattern is None:
            raise RefusedError(
                "nothing was changed: `calver` names today's date in the pattern of the "
                "project's date-shaped release tags, and its tags are not date-shaped "
                f"({tags.scheme.describe()}: the year and month they name are not the dates "
                "they were made)",
                "name the version (e.g. " + command("prepare", "2026.1.0", invoke=invoke)
                + ") or use a keyword: patch, minor, major")
        try:
            when = _dt.date.fromisoformat(day)
        except ValueError:
            when = _dt.date.today()  # --date is refused with its own message
        found = pattern.version_for(when, [t.version for t in tags.counted])
        return short_form(found) if short else found
    if current is not None and requested == DEV_KEYWORD:
        return next_development(current)
    if current is not None and current.local == "dev" and requested in BUMP_KEYWORDS \
            and tags.equal(Version(current.public)) is not None:
        current = Version(current.public)  # h11: 0.16.0+dev after the tag v0.16.0
    if current is not None:
        return resolve_target(current, requested, short=short)
    if requested in (*BUMP_KEYWORDS, DEV_KEYWORD):
        raise RefusedError(
            f"nothing was changed: there is no release tag yet to bump from ({layout.label})",
            f"name the first version: {command('prepare', '0.1.0', invoke=invoke)}")
    return parse(requested, what="requested version")

def _assemble(project: Project, git: Git, file_changes: list[FileChange],
              step: towncrier.TowncrierBuild | None, target: Version, text: str, *,
              commit: bool) -> tuple[Plan, WriteFiles]:
    """The plan: every file in one atomic write (towncrier first, when it writes the
    changelog: the version files follow only if it succeeded), then the optional commit.
    A development version has no towncrier step, and maybe no changelog change at all."""
    actions: list[Action] = []
    if step is not None:
        actions.append(step)
    writes = WriteFiles(file_changes)
    writes.lock = project_lock(git)
    actions.append(writes)
    plan = Plan(actions)
    if commit:
        paths = [c.shown for c in writes.changes]
        removed: list[str] = []
        if step is not None:
            paths.append(step.changelog)
            removed = fragment_paths(step, project.root)
        message = (f"Back to development: {text}" if target.dev is not None
                   else f"Release {text}")
        if paths or removed:
            plan.actions.append(GitCommit(git, paths, message, removed,
                                          undo=writes if step is None else None))
    return plan, writes

def _touched(project: Project, writes: WriteFiles,
             step: towncrier.TowncrierBuild | None) -> list[Path]:
    """Every file the plan may change (towncrier: its changelog and the fragments it
    removes), for putting them back when the result does not validate."""
    paths = [change.path for change in writes.changes]
    if step is not None:
        paths.append(project.root / step.changelog)
        paths.extend(step.config.fragments())
    return paths

def _version_changes(project: Project, layout: VersionSource, current: Version | None,
                     target: Version, repeats: list[Repeat], *, same: bool,
                     edits: list[dict[str, Any]], spelling: Spelling, evidence: list[str]
                     ) -> list[FileChange]:
    """One change per file: the version where the project keeps it, and every repeat, each
    written in the spelling of the text it replaces (each also recorded in ``edits``)."""
    changes: dict[Path, list[tuple[VersionLocation, str, str]]] = {}
    location = layout.location
    if same:
        return []
    if location is not None and layout.editable and not layout.vcs:
        text = spelling.spell(target)
        why = f"version {location.value} -> {text} ({layout.label})"
        if location.fmt == "tuple":  # __version_info__ = (3, 10, 3, 'final', 0)
            name = shown(location.file, project.root)
            source = files.read_bytes(location.file, name).decode("utf-8")
            location, text = tuple_change(location, source, target, name)
            why = f"`{location.key[0]}` {location.value} -> {text} ({layout.label})"
        changes.setdefault(location.file, []).append((location, text, why))
        edits.append({"kind": "version", "path": shown(location.file, project.root),
                      "line": location.line, "old": location.value, "new": text,
                      "source": layout.label})
    for repeat in repeats:
        if repeat.location.fmt == "tuple":  # __version_info__ = (2, 0, 0) beside it
            name = shown(repeat.location.file, project.root)
            source = files.read_bytes(repeat.location.file, name).decode("utf-8")
            spot, value = tuple_change(repeat.location, source, target, name)
            changes.setdefault(spot.file, []).append(
                (spot, value, f"line {spot.line}: {spot.value} -> {value} ({repeat.source})"))
            edits.append({"kind": "version", "path": name, "line": spot.line,
                          "old": spot.value, "new": value, "source": repeat.source})
            continue
        value = repeat.new_value(target, evidence)
        if value != repeat.location.value:
            changes.setdefault(repeat.location.file, []).append(
                (repeat.location, value,
                 f"line {repeat.location.line}: {repeat.location.value} -> {value} "
                 f"({repeat.source})"))
            edits.append({"kind": "version", "path": shown(repeat.location.file, project.root),
                          "line": repeat.location.line, "old": repeat.location.value,
                          "new": value, "source": repeat.source})
    return [_file_change(project, path, items) for path, items in changes.items()]

def _file_change(project: Project, path: Path,
                 items: list[tuple[VersionLocation, str, str]]) -> FileChange:
    name = shown(path, project.root)
    old = files.read_bytes(path, name)
    text = old.decode("utf-8")
    pairs = [(location, value) for location, value, _ in items]
    new = edit(text, pairs, name)
    prove(text, new, pairs, name)
    return FileChange(path, name, old, new.encode("utf-8"), "; ".join(why for _, _, why in items))

def _repeats(project: Project, layout: VersionSource, current: Version | None,
             current_text: str | None, tags: TagSet
             ) -> tuple[list[Repeat], list[tuple[str, str]], list[str]]:
    """The other places that repeat the version, the problems that refuse the release, and
    the notes on places no rule keeps in step (sentry-python's ``consts.py``)."""
    if current is None:
        return [], [], []
    from release.project import repeats as versionfiles

    spelled = current_text if current_text is not None else str(current)
    found = versionfiles.find(project, layout, current, spelled, prefix=tags.scheme.prefix)
    refused = [(p.message, p.hint) for p in found.problems if p.severity != "warning"]
    unlisted = [f"{p.message}; {p.hint}" for p in found.problems if p.severity == "warning"]
    return found.found, refused, unlisted


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
            and current.local is None \
            and tags.equal(current) is None and all(t.version < current for t in tags.counted):
        notes.append(f"the files said {current}, which is not released yet; "
                     f"`release prepare {current}` would have released it as it is")
    return notes

def _spelling_notes(current_text: str | None, current: Version | None, target: Version,
                    text: str, tags: TagSet) -> list[str]:
    notes = []
    if current_text is not None and current is not None and current.local is not None:
        since = current.local == "dev" and tags.equal(Version(current.public)) is not None
        meaning = (f"the work since the release {current.public}" if since
                   else f"the development state of {current.public}")
        notes.append(f"the files said {current_text}, {meaning} (a local marker): they now "
                     f"say the public version {text}")
    if text != str(target):
        notes.append(f"{text} is written in the project's own spelling (equal to {target} "
                     "by PEP 440)")
    return notes

def _short_notes(current: Version | None, requested: str, layout: VersionSource, invoke: bool,
                 tags: TagSet, day: str, target: Version, text: str) -> list[str]:
    """Why a keyword gave ``4.3`` where it would give ``4.3.0``: the project's own habit,
    shown with the tags it was learnt from."""
    if not tags.scheme.short or requested not in (*BUMP_KEYWORDS, CALVER_KEYWORD):
        return []
    plain = _target(current, requested, layout, invoke, tags, day)
    if plain.release == target.release:
        return []
    examples = ", ".join(tags.scheme.format(v) for v in tags.scheme.short[:3])
    return [f"{text}, not {tags.scheme.spelling.spell(plain)}: the project writes its X.Y.0 "
            f"releases without the .0 (its release tags {examples}; none is X.Y.0); "
            f"{command('prepare', str(plain), invoke=invoke)} writes the .0"]

def _unreleased_current(current: Version, tag: str, invoke: bool) -> tuple[str, str]:
    """``dev`` after a version that was never tagged would skip its release."""
    return (f"{current} is not released yet (there is no tag {tag}): `dev` moves on from a "
            "released version",
            f"release it first ({command('tag', invoke=invoke)}), then prepare the development "
            "version; or name the development version explicitly, e.g. "
            f"{command('prepare', str(next_development(current)), invoke=invoke)}")

def _development_notes(layout: VersionSource, step: ChangelogStep, target: Version
                       ) -> list[str]:
    notes = [f"{target} is a development version: no release section is written"]
    if not step.changes:
        notes.append("the changelog already has an unreleased section (or towncrier news "
                     "fragments stand for it): it is left as it is")
    if layout.vcs:
        notes[0] = (f"the version comes from the tag ({layout.label}): no version file "
                    "changes and no tag is created for a development version")
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
    if current is not None and current.local is not None:  # 0.34.0+dev: working towards 0.34.0
        current = development_of(current)
    if current is not None and target < current:
        problems.append((f"{target} is not higher than the current version {current}",
                         f"choose a higher version: {prepare(tags.next_free(current))}"))
    elif current is not None and target == current and (layout.vcs or existing is not None):
        released = f" (tag {existing.name})" if existing is not None else ""
        problems.append((f"{target} is not higher than the current version {current}, which "
                         f"is released{released}",
                         f"prepare the next one: {prepare(tags.next_free(current))}"))
    elif same and target.dev is not None:
        problems.append((f"the version is {target} already (a development version)",
                         "to release, name the release, e.g. "
                         f"{prepare(bump(target, 'patch', short=bool(tags.scheme.short)))}"))
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

class NotValid(RefusedError):
    """The written result did not validate; every file, the index and HEAD are back."""

    def __init__(self, report: Report, blocking: list[Check]) -> None:
        ids = ", ".join(dict.fromkeys(check.id for check in blocking))
        super().__init__(
            f"nothing was changed: the result would not validate ({ids}), so every file, "
            "the index and HEAD were put back as they were",
            "fix the problems above, then run the command again",
        )
        self.report = report

def execute(prepared: Prepared) -> Report:
    """Execute the plan and validate the result; put everything back when it fails.

    The files the plan touches, their entries in the git index and HEAD are saved first;
    when a step fails, or the result does not validate, they are restored (a commit made by
    ``--commit`` included) and :class:`NotValid` (or the step's error) is raised.
    """
    git = Git(prepared.repo)
    saved = Snapshot.take(git, prepared.repo, prepared.touched)
    try:
        prepared.plan.execute()
        report, blocking = verify(prepared)
    except ReleaseError as exc:  # a write, towncrier or the commit (a hook) failed
        saved.restore()
        if "back as it was" in exc.message:
            raise
        raise type(exc)(f"{exc.message}; nothing was changed: every file, the index and HEAD "
                        "were put back", exc.hint, file=exc.file, line=exc.line) from None
    except BaseException:
        saved.restore()
        raise
    if blocking:
        saved.restore()
        raise NotValid(report, blocking)
    return report
