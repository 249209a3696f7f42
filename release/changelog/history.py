"""How a project wrote its changelog at its earlier releases, read from its git history.

An I/O seam: it reads old versions of the changelog through git (``git show TAG:path`` and
``TAG^:path``), nothing else. A release tool should write the next release the way the
project wrote the last ones, and three choices cannot be read from today's file alone:

- what a release does to an unreleased heading that names no version: it stays, empty,
  above the new section (:data:`KEEP`, Keep a Changelog), or it becomes the release heading
  (:data:`RENAME`: ``**UNRELEASED**`` -> ``**4.14.2**``);
- whether the project keeps an unreleased section at all: some write the entries in the
  release commit itself, so between releases there is none (:data:`AT_RELEASE`);
- whether the unreleased section's entries are a template the project keeps: requests'
  ``dev`` section holds ``- \\[Short description of non-trivial change.\\]`` before and
  after every release commit, which writes its section below it (:func:`kept_template`);
- what a pre-release did to an unreleased section named for the final release
  (``Version 2.0.0`` + ``Unreleased``): only the version changed (:data:`BUMP_ONLY`, as
  pallets did for 2.0.0rc1), or the entries became a section of the pre-release
  (:data:`SECTION`).

Each answer names the release it was learnt from, so that the plan can say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from release.changelog.model import Changelog
from release.outside.git import Git
from release.project.versions import Version

KEEP = "keep"
RENAME = "rename"
AT_RELEASE = "at-release"
BUMP_ONLY = "bump-only"
SECTION = "section"

LOOK_BACK = 3
"""How many of the newest releases are read (each costs two ``git show``)."""


@dataclass(frozen=True)
class Habit:
    """What the project did, and the release it was seen at."""

    kind: str
    evidence: str


def _read(git: Git, rev: str, path: str, fmt: str) -> Changelog | None:
    text = git.run("show", f"{rev}:./{path}", check=False)
    if not text.strip():
        return None
    return Changelog(text, path, fmt)


def release_habit(git: Git, path: str, fmt: str, tags: Sequence[tuple[str, Version]]
                  ) -> Habit | None:
    """:data:`KEEP`, :data:`RENAME` or :data:`AT_RELEASE`, from the newest final releases
    (``tags``: ``(name, version)``, newest first), or ``None`` when none of them says."""
    finals = [(name, version) for name, version in tags if not version.is_prerelease]
    for name, version in finals[:LOOK_BACK]:
        after = _read(git, name, path, fmt)
        if after is None or after.find(version) is None:
            continue
        before = _before_section(git, name, path, fmt, version)
        if before is None:
            continue
        pending = before.unreleased()
        if pending is not None and pending.names_version:
            continue  # `Version X` + `Unreleased`: released in place, says nothing here
        if pending is not None:
            kept = after.unreleased()
            if kept is not None:
                return Habit(KEEP, f"at {name} the unreleased heading stayed above the "
                             "new section")
            return Habit(RENAME, f"at {name} the unreleased heading `{pending.display}` "
                         "became the release heading")
        if before.find(version) is None:
            return Habit(AT_RELEASE, f"the {name} release commit wrote its section; the "
                         "commit before it had no unreleased section")
    return None


def _before_section(git: Git, name: str, path: str, fmt: str, version: Version
                    ) -> Changelog | None:
    """The changelog just before the commit that wrote the section for ``version``: at
    ``name^`` when the tagged commit wrote it, else before the newest of the few earlier
    commits that changed the file and still had it (wheel: 'Created a new release' wrote
    ``**0.48.0** (2026-08-12)``, and the tagged commit after it only fixed the heading's
    form); ``None`` when no commit within reach shows the file without it."""
    before = _read(git, f"{name}^", path, fmt)
    if before is None or before.find(version) is None:
        return before
    if before.unreleased() is not None:
        return before  # an unreleased section beside it (`Version X` + `Unreleased`)
    commits = git.run("log", "--format=%H", f"-n{LOOK_BACK + 1}", f"{name}^", "--",
                      path, check=False).split()
    for commit in commits[1:]:  # the first one made the file as it is at name^
        older = _read(git, commit, path, fmt)
        if older is None or older.find(version) is None:
            return older
    return None


def prerelease_habit(git: Git, path: str, fmt: str, tags: Sequence[tuple[str, Version]]
                     ) -> Habit | None:
    """:data:`BUMP_ONLY` or :data:`SECTION`, from the newest pre-release tag that had an
    unreleased section named for its final release, or ``None``."""
    pre = [(name, version) for name, version in tags if version.is_prerelease]
    for name, version in pre[:LOOK_BACK]:
        after = _read(git, name, path, fmt)
        if after is None:
            continue
        if after.find(version) is not None:
            return Habit(SECTION, f"{name} has its own section in {path}")
        pending = after.unreleased()
        if pending is not None and pending.version == Version(version.base_version):
            return Habit(BUMP_ONLY, f"at {name} only the version changed; "
                         f"`{pending.display}` stayed unreleased")
    return None


def standing_text(git: Git, path: str, fmt: str, tags: Sequence[tuple[str, Version]]) -> str:
    """The text above the newest release section of the changelog as it was at the newest
    release tag (``tags``: newest first), or ``""``. What stood there then and was not
    released with it (mkdocs' ``## Maintenance team`` list) is part of the page, not an
    entry waiting for the next release."""
    for name, version in tags[:1]:
        after = _read(git, name, path, fmt)
        newest = after.first_release() if after is not None else None
        if after is not None and newest is not None and newest.version == version:
            return after.text[:newest.start]
    return ""


def kept_template(git: Git, path: str, fmt: str, tags: Sequence[tuple[str, Version]]
                  ) -> tuple[list[str], str] | None:
    """The entry lines of an unreleased section that the newest final release commit left
    exactly as they were (a template such as requests' placeholder under ``dev``, not entries
    waiting for a release), and that release's tag; ``None`` when it moved or emptied them."""
    finals = [(name, version) for name, version in tags if not version.is_prerelease]
    for name, version in finals[:1]:
        before = _read(git, f"{name}^", path, fmt)
        after = _read(git, name, path, fmt)
        if before is None or after is None or after.find(version) is None:
            return None
        old, new = before.unreleased(), after.unreleased()
        if old is None or new is None or old.names_version or new.names_version:
            return None
        kept = entry_lines(after.entries(new))  # a marker comment on top is no template
        if kept and kept == entry_lines(before.entries(old)):
            return kept, name
    return None


def entry_lines(body: str) -> list[str]:
    """The non-blank lines of a section's body, stripped."""
    return [line.strip() for line in body.split("\n") if line.strip()]
