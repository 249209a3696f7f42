"""What ``release prepare`` does to the changelog: the release section in the file's own style
(or towncrier's build, or the files of a release folder), or after a release the empty
unreleased section; every edit proven before anything is written.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from release.changelog import Changelog, LinkContext, folder, history, towncrier
from release.changelog.body import is_filled
from release.changelog.files import ChangelogFile, read_changelog
from release.changelog.insert import (
    KEEP,
    RENAME,
    heading_for,
    insert_release,
    pending_for_final,
    sample_entry,
    style_is_dated,
)
from release.changelog.model import Section
from release.changelog.proof import prove_release
from release.changelog.unreleased import open_unreleased
from release.errors import ChangelogError, RefusedError
from release.outside import files
from release.outside.git import Git
from release.outside.plan import FileChange
from release.project.versions import Spelling, Version, parse_or_none


def unreleased_step(found: ChangelogFile, target: Version) -> FileChange | None:
    """The post-release changelog edit: an empty unreleased section on top, in the file's
    style; ``None`` when there is one already, or for a towncrier project (its news
    fragments are the unreleased section)."""
    config = found.towncrier
    if config is not None and found.path.resolve() == (config.root / config.filename).resolve():
        return None
    path = found.target
    shown = _shown_target(found)
    if not (path.exists() or found.path.is_symlink()):
        raise ChangelogError(
            f"{found.shown} does not exist: there is no changelog to open an unreleased "
            "section in (a development version never starts a changelog of its own)",
            f"set `changelog` in [tool.release] to your changelog, or create {found.shown} "
            "(`release init` writes a Keep a Changelog file to start from)",
            file=found.shown)
    changelog = read_changelog(found.path, found.shown, found.format)
    new = open_unreleased(changelog, target)
    if new is None:
        return None
    old = files.read_bytes(path, shown)
    top = Changelog(new, found.shown, found.format).unreleased()
    what = f"`{top.display}`" if top is not None else "an unreleased section"
    return FileChange(path, shown, old, new.encode("utf-8"), f"new empty section {what}")


@dataclass
class ChangelogStep:
    """What ``prepare`` does to the changelog, and what the plan should say about it.

    No change and no build: the changelog stays as it is (a pre-release that keeps the
    final's unreleased section, a section already written by hand)."""

    changes: list[FileChange] = field(default_factory=list)
    build: towncrier.TowncrierBuild | None = None
    notes: list[str] = field(default_factory=list)


def changelog_step(
    found: ChangelogFile, target: Version, date: str, links: LinkContext,
    released: Collection[Version] = (), *, git: Git | None = None,
    tags: Sequence[tuple[str, Version]] = (), evidence: Collection[str] = (),
) -> ChangelogStep:
    """How ``prepare`` dates the changelog: an exact edit, or towncrier for its projects.

    The edit follows what the project did at its earlier releases (read from git through
    ``git`` and ``tags``, newest first: :mod:`release.changelog.history`), and is proven
    before anything is written (:func:`release.changelog.proof.prove_release`).
    Raises :class:`ReleaseError` (nothing is written) when the section cannot be placed.
    """
    config = found.towncrier
    if config is not None and found.path.resolve() == (config.root / config.filename).resolve():
        return ChangelogStep(build=_towncrier_step(found, config, target, date, evidence))
    if found.path.is_dir():
        edits, said = folder.plan_release(found.path, found.shown, target, date)
        return ChangelogStep([FileChange(edit.path, _shown(edit.path, found), edit.old,
                                         edit.new, edit.why) for edit in edits], notes=said)
    path = found.target
    shown = _shown_target(found)
    notes: list[str] = []
    if path.exists() or found.path.is_symlink():
        changelog = read_changelog(found.path, found.shown, found.format)
        old = files.read_bytes(path, shown)
    else:
        raise ChangelogError(
            f"{found.shown} does not exist, so the {target} section would be empty (and a "
            "release never starts a changelog of its own next to the one you may keep "
            "elsewhere)",
            f"set `changelog` in [tool.release] to your changelog, or create {found.shown} "
            "with an unreleased section that describes the changes (`release init` writes a "
            "Keep a Changelog file to start from), then run the command again",
            file=found.shown,
        )
    pending = changelog.pending()
    habit = KEEP
    kept = history.kept_template(git, shown, changelog.format, tags) \
        if git is not None and pending and not pending[0].names_version else None
    template = kept[0] if kept is not None else None
    written = _written_already(changelog, target, released, template)
    if written is not None:
        notes.append(f"{found.shown} already has the {target} section, line {written.line} "
                     f"(`{written.display}`), with its entries: it stays as it is")
        return ChangelogStep(notes=notes)
    if kept is not None and template is not None \
            and set(template) <= set(history.entry_lines(changelog.entries(pending[0]))):
        raise ChangelogError(
            f"`{pending[0].display}` (line {pending[0].line}) holds what the {kept[1]} release "
            "commit left in it unchanged (a template the project keeps above its releases), "
            f"so it cannot become the {target} section",
            f"write the {target} section with its entries below `{pending[0].display}`, as "
            f"the {kept[1]} release commit did, e.g.\n"
            + "\n".join("    " + line if line else ""
                        for line in (heading_for(changelog, str(target), date)
                                     + "\n\n" + sample_entry(changelog)).split("\n"))
            + "\nthen run the command again (it keeps that section and changes the version)",
            file=found.shown, line=pending[0].line,
        )
    if pending and pending_for_final(pending[0], target):
        learnt = history.prerelease_habit(git, shown, changelog.format, tags) \
            if git is not None else None
        if learnt is None or learnt.kind == history.BUMP_ONLY:
            why = (learnt.evidence if learnt is not None else
                   "no earlier pre-release to follow; the default: a pre-release keeps the "
                   "final's unreleased section")
            notes.append(f"{target} is a pre-release of {pending[0].version}: the "
                         f"changelog keeps `{pending[0].display}` unreleased, only the "
                         f"version changes ({why})")
            return ChangelogStep(notes=notes)
        notes.append(f"{target} gets its own section, under `{pending[0].display}` "
                     f"({learnt.evidence})")
    elif pending and not pending[0].names_version and git is not None \
            and changelog.style != "releases":
        learnt = history.release_habit(git, shown, changelog.format, tags)
        if learnt is not None and learnt.kind == history.RENAME:
            habit = RENAME
            notes.append(f"`{pending[0].display}` becomes the {target} heading, as "
                         f"before ({learnt.evidence})")
    newest_heading = changelog.first_release()
    heading_text = newest_heading.version_text if newest_heading is not None else None
    spelled = Spelling.learn([heading_text] if heading_text else list(evidence)[:1],
                             evidence=evidence).spell(target)  # no heading yet: as the tags
    spelled = _short_like_heading(spelled, heading_text, target, evidence)
    new = insert_release(changelog, target, date, links, released=released,
                         pending_habit=habit, spelled=spelled)
    standing = history.standing_text(git, shown, changelog.format, tags) \
        if git is not None else ""
    prove_release(changelog, new, target, date, standing)
    section = Changelog(new, found.shown, found.format).first_release()
    what = f"`{section.display}`" if section is not None else str(target)
    why = f"new section {what}"
    if found.link:
        why += f" (through the symlink {found.shown})"
    return ChangelogStep([FileChange(path, shown, old, new.encode("utf-8"), why)], notes=notes)


def _short_like_heading(spelled: str, heading: str | None, target: Version,
                        evidence: Collection[str]) -> str:
    """``spelled`` without its trailing zero release numbers when the newest heading leaves
    them out of a version tagged with them (mypy heads its 2.3.0 release ``## Mypy 2.3``:
    2.4.0 gets ``## Mypy 2.4``)."""
    shown = parse_or_none(heading) if heading else None
    if shown is None or target.pre or target.post is not None or target.dev is not None \
            or target.local:
        return spelled
    count = len(shown.release)
    tagged = [parse_or_none(text) for text in evidence]
    if not any(v is not None and v == shown and len(v.release) > count for v in tagged):
        return spelled
    if len(target.release) <= count or any(target.release[count:]):
        return spelled
    short = ".".join(spelled.split(".")[:count])
    return short if parse_or_none(short) == target else spelled


def _written_already(changelog: Changelog, target: Version, released: Collection[Version],
                     template: list[str] | None = None) -> Section | None:
    """The newest release section when it is already the one for ``target``, written by
    hand with its entries and its date (projects that write the changelog in the release
    commit), not tagged yet, and with no unreleased entries above it (``template``: the
    lines the last release commit left in the unreleased section, which are no entries)."""
    section = changelog.first_release()
    if section is None or section.version != target or target in released:
        return None
    if section.date is None and style_is_dated(changelog):
        return None
    if any(is_filled(changelog.body(p)) and history.entry_lines(changelog.entries(p)) != template
           for p in changelog.pending()):
        return None
    if not is_filled(changelog.body(section)) or changelog.later_mention(section, target):
        return None
    return section


def _shown(path: Path, found: ChangelogFile) -> str:
    """A file of a release folder as the user sees it."""
    return f"{found.shown.rstrip('/')}/{path.name}"


def _shown_target(found: ChangelogFile) -> str:
    return found.link or found.shown


def _towncrier_step(
    found: ChangelogFile, config: towncrier.TowncrierConfig, target: Version, date: str,
    evidence: Collection[str] = (),
) -> towncrier.TowncrierBuild:
    if towncrier.command() is None:
        raise RefusedError(
            f"{found.shown} is built by towncrier ({config.source} has a towncrier "
            "configuration), and towncrier is not installed",
            f"{towncrier.INSTALL_HINT}; `release prepare` then runs "
            f"`towncrier build --version {target} --date {date} --yes`",
        )
    stray = towncrier.strays_refused(config, config.shown_dir)
    if stray is not None:
        raise stray
    if found.path.exists():
        changelog = read_changelog(found.path, found.shown, found.format)
        existing = changelog.find(target)
        if existing is not None:
            raise ChangelogError(
                f"{found.shown}:{existing.line} already has a section for {target} "
                f"(`{existing.display}`)",
                "remove or rename that section, or prepare another version",
            )
    text = _towncrier_version(found, config, Spelling.learn(
        list(evidence)[:1], evidence=evidence).spell(target), date)
    preview = towncrier.draft(config, text, date)
    return towncrier.TowncrierBuild(config, text, date, _shown_target(found), preview,
                                    path=found.target, fmt=found.format)


def _towncrier_version(found: ChangelogFile, config: towncrier.TowncrierConfig, text: str,
                       date: str) -> str:
    """The version towncrier is given: with the ``v`` of the newest release title when the
    project's titles have one and ``title_format`` does not write it (jaraco's projects give
    towncrier ``v25.7.0`` for their ``v25.7.0`` titles)."""
    if not found.path.is_file():
        return text
    lead = _title_lead(read_changelog(found.path, found.shown, found.format).first_release())
    if not lead:
        return text
    drafted = Changelog(towncrier.draft(config, text, date), found.shown, found.format)
    return text if _title_lead(drafted.first_release()) else lead + text


def _title_lead(section: Section | None) -> str:
    """The ``v`` right before the version in a release title (``v25.7.0``), else ``""``."""
    span = section.info.version_span if section is not None else None
    if section is None or span is None or span[0] == 0:
        return ""
    lead = section.title[span[0] - 1]
    return lead if lead in "vV" else ""


def fragment_paths(step: towncrier.TowncrierBuild, root: Path) -> list[str]:
    """The news fragments towncrier removes (``git rm``), for a ``--commit``."""
    paths = []
    for fragment in step.config.fragments():
        try:
            paths.append(fragment.relative_to(root).as_posix())
        except ValueError:
            continue
    return paths
