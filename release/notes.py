"""``release notes``: the body of one changelog section, ready for a GitHub Release."""

from __future__ import annotations

from pathlib import Path

from release.errors import ChangelogError, ReleaseError
from release.hints import command
from release.project import load
from release.validate import read_changelog
from release.versions import parse


def notes_for(repo: Path, version: str | None, changelog: Path | None) -> str:
    """The notes for ``version`` (default: the project's version), with its link definitions."""
    project = None
    if version is None or changelog is None:
        try:
            project = load(repo / "pyproject.toml")
        except ReleaseError:
            if version is None:
                raise
    if version is None and project is not None:
        version = project.locate_version().value
    if version is None:  # pragma: no cover - load() raised above
        raise ChangelogError("no version given", "pass VERSION")
    path = changelog or (project.changelog_path if project else repo / "CHANGELOG.md")
    prefix = project.config.tag_prefix if project else "v"
    text = version[len(prefix):] if prefix and version.startswith(prefix) else version
    if text[:1] in "vV":
        text = text[1:]
    wanted = parse(text, what="requested version")
    shown = str(path.relative_to(repo)) if path.is_relative_to(repo) else str(path)
    log = read_changelog(path, shown)
    heading = log.find(wanted)
    if heading is None:
        top = log.first_release()
        raise ChangelogError(
            f"{shown} has no section for {wanted}",
            f"the newest section is `## {top.title}`; add `## [{wanted}] - YYYY-MM-DD` or run "
            f"{command('prepare', str(wanted))}" if top else
            f"add a `## [{wanted}] - YYYY-MM-DD` section or run {command('prepare', str(wanted))}",
            file=shown,
        )
    return log.notes(heading)
