"""Changelogs kept as one file per release: ``docs/releasenotes/11.1.0.rst``,
``docs/releases/5.1.txt``, with an ``index`` page whose toctree lists them.

An I/O seam of the layout (it lists the folder and reads its files). Reading: the files are
read in version order, newest first, as one changelog (:class:`FolderChangelog`), so that
validation and notes work as for a single file; a line in it is mapped back to its file.
A file named ``unreleased``/``next``/``development`` (or whose title says so) holds the
entries not released yet.

Writing (:func:`release_files`): the file for the version, when it exists, is dated in
place (or kept as it is, in a folder that dates nothing); otherwise the unreleased file's
entries become the new file, written in the style of the newest release's file (its title
with the version replaced), and the unreleased file keeps only its title. Either way the
index gets a line for the new file above the newest one, with the same indent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from release.changelog.model import Changelog, Section, format_for
from release.errors import ChangelogError
from release.project.versions import Version, parse_or_none

FOLDER_NAMES = frozenset({"releases", "releasenotes", "changes", "changelog", "whatsnew",
                          "news", "history", "changelogs"})
"""Folder names (lower case, ``-``/``_`` removed) that may hold one file per release."""
SUFFIXES = (".rst", ".txt", ".md")
PENDING_STEMS = frozenset({"unreleased", "next", "development", "upcoming", "dev"})
INDEX_STEMS = ("index",)
_VERSION_STEM = re.compile(r"v?(?P<version>\d+(?:\.\d+)+(?:[a-z]+\d*)?)", re.IGNORECASE)


def _normal(name: str) -> str:
    return re.sub(r"[-_ .]", "", name.lower())


def version_of(path: Path) -> Version | None:
    """The version a release file is named for (``7.3.1.rst`` -> 7.3.1)."""
    match = _VERSION_STEM.fullmatch(path.stem)
    return parse_or_none(match.group("version")) if match else None


def release_files(folder: Path) -> list[tuple[Version, Path]]:
    """The files named for a version, newest first."""
    try:
        entries = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES]
    except OSError:
        return []
    found = [(version, path) for path in entries if (version := version_of(path)) is not None]
    return sorted(found, key=lambda item: item[0], reverse=True)


def pending_file(folder: Path) -> Path | None:
    """``unreleased.rst`` and friends: the entries of the next release, not yet named."""
    try:
        entries = sorted(p for p in folder.iterdir() if p.is_file()
                         and p.suffix.lower() in SUFFIXES and _normal(p.stem) in PENDING_STEMS)
    except OSError:
        return None
    return entries[0] if entries else None


def index_file(folder: Path) -> Path | None:
    for suffix in SUFFIXES:
        path = folder / f"index{suffix}"
        if path.is_file():
            return path
    return None


def is_release_folder(folder: Path) -> bool:
    """A folder with a release-notes name and at least two files named for versions."""
    return _normal(folder.name) in FOLDER_NAMES and len(release_files(folder)) >= 2


def find_folder(root: Path) -> Path | None:
    """The one-file-per-release folder under the root, ``docs/``, ``doc/`` or their
    ``source/`` folder, or ``None``."""
    bases = [root, *(root / name for name in ("docs", "doc"))]
    bases += [base / "source" for base in bases[1:]]
    for base in bases:
        try:
            subs = sorted(p for p in base.iterdir() if p.is_dir())
        except OSError:
            continue
        for sub in subs:
            if is_release_folder(sub):
                return sub
    return None


class FolderChangelog(Changelog):
    """The files of a release folder read as one changelog, newest first."""

    def __init__(self, folder: Path, shown: str, texts: list[tuple[str, str]]) -> None:
        self.folder = folder
        self.parts: list[tuple[int, str]] = []
        """``(first line in the joined text, file as shown)``."""
        pieces: list[str] = []
        line = 1
        for name, text in texts:
            body = text.lstrip("\ufeff").replace("\r\n", "\n").rstrip("\n") + "\n"
            self.parts.append((line, name))
            pieces.append(body)
            line += body.count("\n") + 1
        fmt = format_for(texts[0][0]) if texts else "rst"
        super().__init__("\n".join(pieces), shown, fmt)

    def locate(self, line: int) -> tuple[str, int]:
        """``(file, line in it)`` for a line of the joined text."""
        file, first = self.path, 1
        for start, name in self.parts:
            if start > line:
                break
            file, first = name, start
        return file, line - first + 1

    def file_of(self, section: Section) -> str:
        return self.locate(section.line)[0]


def read_folder(folder: Path, shown: str) -> FolderChangelog:
    """Read the release files (and the unreleased one) of ``folder``."""
    paths: list[Path] = []
    pending = pending_file(folder)
    if pending is not None:
        paths.append(pending)
    paths.extend(path for _, path in release_files(folder))
    texts = []
    for path in paths:
        try:
            data = path.read_bytes()
            texts.append((f"{shown.rstrip('/')}/{path.name}", data.decode("utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise ChangelogError(f"cannot read {path.name}: {exc}",
                                 "keep release notes as UTF-8 text", file=shown) from None
    if not texts:
        raise ChangelogError(f"{shown} has no release files", "set `changelog` in "
                             "[tool.release] to the changelog", file=shown)
    return FolderChangelog(folder, shown, texts)


@dataclass(frozen=True)
class FolderEdit:
    """One file ``prepare`` writes in a release folder: its path, old and new bytes."""

    path: Path
    old: bytes | None
    new: bytes
    why: str


def _heading(changelog: Changelog, version: str, date: str) -> str:
    from release.changelog.insert import heading_for

    return heading_for(changelog, version, date)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8").replace("\r\n", "\n")


def plan_release(folder: Path, shown: str, target: Version, date: str
                 ) -> tuple[list[FolderEdit], list[str]]:
    """The files to write so that ``folder`` has the release ``target``, and notes for the
    plan; :class:`ChangelogError` (nothing written) when it cannot be done exactly."""
    files = release_files(folder)
    others = [(version, path) for version, path in files if version != target]
    existing = next((path for version, path in files if version == target), None)
    where = shown.rstrip("/")
    if others and others[0][0] > target:
        raise ChangelogError(
            f"{where}/{others[0][1].name} is for {others[0][0]}, higher than {target}",
            "prepare a version higher than the newest release file", file=shown)
    newest = others[0][1] if others else None
    notes: list[str] = []
    edits: list[FolderEdit] = []
    if existing is not None:
        edit = _date_existing(existing, newest, target, date, where)
        if edit is None:
            notes.append(f"{where}/{existing.name} already describes {target}: it stays as "
                         "it is")
        else:
            edits.append(edit)
    else:
        edits.extend(_from_pending(folder, newest, target, date, where))
    name = existing.name if existing is not None else edits[0].path.name
    index = _index_edit(folder, newest, name, where)
    if index is not None:
        edits.append(index)
    return edits, notes


def _date_existing(path: Path, newest: Path | None, target: Version, date: str, where: str
                   ) -> FolderEdit | None:
    """The release file written ahead (``13.0.0.rst``): dated in place when it says it is
    not released yet, else kept."""
    from release.changelog.insert import insert_release
    from release.changelog.links import LinkContext

    text = _read(path)
    other = _read(newest) if newest is not None else ""
    joined = text.rstrip("\n") + "\n\n" + other if other else text
    log = Changelog(joined, path.name, format_for(path.name))
    section = log.find(target)
    if section is None or section.start >= len(text):
        raise ChangelogError(f"{where}/{path.name} has no title naming {target}",
                             f"start it with a title for {target}, like the other release "
                             "files", file=f"{where}/{path.name}")
    if not section.is_unreleased:
        return None
    new = insert_release(log, target, date, LinkContext(None, "", None))
    kept = joined[len(text.rstrip("\n")):]
    if not new.endswith(kept):
        raise ChangelogError(f"could not date {where}/{path.name} without touching "
                             f"{newest.name if newest else 'another file'}",
                             "date it by hand, then run the command again",
                             file=f"{where}/{path.name}")
    content = new[: len(new) - len(kept)] + ("\n" if text.endswith("\n") else "")
    return FolderEdit(path, path.read_bytes(), content.encode("utf-8"),
                      f"{target} dated in place")


def _from_pending(folder: Path, newest: Path | None, target: Version, date: str, where: str
                  ) -> list[FolderEdit]:
    """The unreleased file's entries become ``<target>.<suffix>``, titled like the newest
    release file; the unreleased file keeps its title."""
    pending = pending_file(folder)
    suffix = newest.suffix if newest is not None else ".rst"
    prefix = "v" if newest is not None and newest.stem[:1] in "vV" else ""
    name = f"{prefix}{target}{suffix}"
    if pending is None or newest is None:
        like = newest.name if newest is not None else "the other release files"
        raise ChangelogError(
            f"the new {target} section would be empty: {where}/ has no {name} and no "
            "unreleased file with entries",
            f"write {where}/{name} with the changes (like {like}), list it in the index, "
            "then run the command again",
            file=where)
    text = _read(pending)
    log = Changelog(text, pending.name, format_for(pending.name))
    section = next(iter(log.sections()), None)
    if section is None:
        raise ChangelogError(f"{where}/{pending.name} has no title",
                             "start it with an `Unreleased` title", file=where)
    body = log.text[section.body_start:].strip("\n")
    template = Changelog(_read(newest), newest.name, format_for(newest.name))
    heading = _heading(template, str(target), date)
    new_file = heading + "\n\n" + body + "\n"
    check = Changelog(new_file, name, format_for(name))
    first = check.first_release()
    if first is None or first.version != target or not body.strip():
        raise ChangelogError(
            f"the new {target} section would be empty: {where}/{pending.name} has no entries"
            if not body.strip() else f"could not write {name} so that it reads back as {target}",
            f"describe the changes in {where}/{pending.name} first, then run the command again",
            file=f"{where}/{pending.name}")
    kept = log.text[: section.body_start].rstrip("\n") + "\n"
    return [
        FolderEdit(folder / name, None, new_file.encode("utf-8"),
                   f"new file for {target}, titled like {newest.name}, with the entries of "
                   f"{pending.name}"),
        FolderEdit(pending, pending.read_bytes(), kept.encode("utf-8"),
                   f"its entries moved to {name}"),
    ]


def _index_edit(folder: Path, newest: Path | None, name: str, where: str) -> FolderEdit | None:
    """The index's toctree line for the new file, above the newest release's line."""
    index = index_file(folder)
    if index is None:
        return None
    text = _read(index)
    stem = Path(name).stem
    lines = text.split("\n")
    if any(line.strip() in (stem, name) for line in lines):
        return None
    if newest is None:
        return None
    for number, line in enumerate(lines):
        if line.strip() in (newest.stem, newest.name):
            indent = line[: len(line) - len(line.lstrip())]
            entry = line.strip().replace(newest.stem, stem, 1)
            lines.insert(number, indent + entry)
            return FolderEdit(index, index.read_bytes(), "\n".join(lines).encode("utf-8"),
                              f"lists {name} above {newest.name}")
    raise ChangelogError(
        f"{where}/{index.name} does not list {newest.name}, so there is no place for {name}",
        f"add `{stem}` to its toctree by hand, then run the command again",
        file=f"{where}/{index.name}")
