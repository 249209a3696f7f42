"""``release notes``: the body of one changelog section, ready for a GitHub Release."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release.changelog import heading_for
from release.changelog.files import read_changelog
from release.commands.validate import Options, changelog_of, gather
from release.errors import ChangelogError, ReleaseError
from release.project import sources
from release.project.hints import command
from release.project.pyproject import Project, load
from release.project.versions import Version, parse, parse_or_none


@dataclass(frozen=True)
class Notes:
    """One version's changelog section: what ``release notes`` prints."""

    version: str
    heading: str
    body: str
    file: str
    line: int

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "heading": self.heading, "body": self.body,
                "file": self.file, "line": self.line}


def notes_for(repo: Path, version: str | None, changelog: Path | None) -> str:
    """The notes for ``version`` (default: the project's version), with its link definitions."""
    return find_notes(repo, version, changelog).body


def _project_version(repo: Path, project: Project) -> str:
    """The version in the project's files, or, when the tag is the version (hatch-vcs,
    setuptools-scm), the one ``release validate`` reads in branch mode: the prepared section
    above the newest tag, else the newest tag in this history."""
    if sources.version_source(project).location is not None:
        return sources.locate_version(project).value
    facts = gather(Options(mode="branch", repo=repo))
    if facts.version_text is None:
        raise ChangelogError(
            f"{project.pyproject_shown} takes its version from git tags, and this history has "
            "no release tag and no prepared section",
            f"name the version: {command('notes', 'VERSION')}", file=project.pyproject_shown)
    return facts.version_text


def find_notes(repo: Path, version: str | None, changelog: Path | None) -> Notes:
    """The section for ``version`` (default: the project's version): heading and notes."""
    project = None
    if version is None or changelog is None:
        try:
            project = load(repo / "pyproject.toml")
        except ReleaseError:
            if version is None:
                raise
    if version is None and project is not None:
        version = _project_version(repo, project)
    if version is None:  # pragma: no cover - load() raised above
        raise ChangelogError("no version given", "pass VERSION")
    found = changelog_of(repo, project, changelog)
    prefix = project.config.tag_prefix if project else "v"
    text = version[len(prefix):] if prefix and version.startswith(prefix) else version
    if text[:1] in "vV":
        text = text[1:]
    # A tag of a per-package scheme (`hatch-v1.18.0`, `pkg@2.0.0`) names the version after
    # its prefix.
    tagged = re.fullmatch(r"[A-Za-z][\w.@-]*?[-_@]v?(\d[\w.+!-]*)", text)
    if parse_or_none(text) is None and tagged is not None \
            and parse_or_none(tagged.group(1)) is not None:
        text = tagged.group(1)
    wanted = parse(text, what="requested version")
    shown = found.shown
    log = read_changelog(found.path, shown, found.format)
    section = log.find(wanted)
    pending = log.unreleased() if section is None and wanted.is_prerelease else None
    if pending is not None and pending.version == Version(wanted.base_version):
        section = pending  # `Version 3.2.0` + `Unreleased` describes 3.2.0rc1
    if section is None:
        top = log.newest()
        styled = heading_for(log, str(wanted), "YYYY-MM-DD")
        raise ChangelogError(
            f"no section for {wanted}",
            (f"the newest section is `{top.display}`; " if top else "")
            + f"run {command('prepare', str(wanted))}, or add a section:\n"
            + textwrap.indent(styled, "    "),
            file=shown,
        )
    later = log.later_mention(section, wanted)
    if later is not None:
        raise ChangelogError(
            f"more than one section for {wanted}: lines {section.line} "
            f"(`{section.display}`) and {later} (`{log.line_text(later)}`)",
            "keep one section per version (merge them), then run the command again",
            file=shown,
            line=later,
        )
    return Notes(str(wanted), section.display, log.notes(section), shown, section.line)
