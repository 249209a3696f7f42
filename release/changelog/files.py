"""Which file is the changelog: configuration, towncrier, then the usual names and places.

An I/O seam of the project layout (it looks at the file system, nothing else). Zero
configuration finds what real projects use, root first, then ``docs/`` and ``doc/``:
``CHANGELOG``, ``CHANGES``, ``HISTORY``, ``NEWS``, ``RELEASE-NOTES``, ``WHATS-NEW`` (any
case, ``-``/``_``/no separator) with ``.md``, ``.markdown`` or ``.rst``; ``docs/*/`` and
``docs/*/*/`` (``docs/en/docs/release-notes.md``); a history folder named after the project
(``docs/history/hatch.md``); with none of them, a README that ends with its changelog.
``[tool.release] changelog`` wins over all of it; a towncrier configuration names its file
itself.

Symlinks are followed for reading and writing: :attr:`ChangelogFile.target` is the real
file, which an edit replaces atomically, so the link stays a link. A changelog the project
names (configured, towncrier's, discovered) must lie inside the repository, links followed
(:func:`release.outside.files.inside`); ``--changelog`` is the user's own choice.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from release.changelog import Changelog, decode, format_for
from release.changelog import folder as release_folder
from release.changelog.model import MARKDOWN, RST
from release.errors import ChangelogError, ReleaseError
from release.outside import files
from release.project.versions import Version

if TYPE_CHECKING:
    from release.changelog.towncrier import TowncrierConfig

_STEMS = ("changelog", "changes", "history", "news", "releasenotes", "whatsnew",
          "versionhistory")
_SUFFIXES = (".md", ".rst", ".markdown")
_NAMED_SUFFIXES = (*_SUFFIXES, ".txt", "")
"""A file named like a changelog may also be plain text: ``CHANGES`` (Pygments, pyparsing),
``CHANGELOG`` (sqlparse), ``CHANGES.txt``."""
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
_DOC_DIRS = ("docs", "doc")
_HISTORY_DIRS = ("history", "changelog", "changelogs", "changes", "releasenotes", "news")


@dataclass(frozen=True)
class ChangelogFile:
    """The changelog of a project: where it is, how it was found, and its format."""

    path: Path
    """The path as found (it may be a symlink)."""
    shown: str
    """``path`` as the user sees it (relative to the project root)."""
    how: str
    """``configured``, ``--changelog``, ``towncrier``, ``discovered`` or ``default``."""
    format: str
    """``markdown`` or ``rst``."""
    towncrier: TowncrierConfig | None = None

    @property
    def target(self) -> Path:
        """The file to read and write: the symlink's target, or the path itself."""
        return self.path.resolve() if self.path.is_symlink() else self.path

    @property
    def link(self) -> str | None:
        """``docs/release-notes.md`` when ``path`` is a symlink (what it points at)."""
        if not self.path.is_symlink():
            return None
        root = self.path.parent
        target = self.target
        try:
            return target.relative_to(_root_of(self.path, self.shown)).as_posix()
        except ValueError:
            return str(target if target.is_absolute() else root / target)

    def describe(self) -> str:
        """``CHANGES.rst (rst, discovered)``: the changelog fact for a report."""
        parts = [self.format, self.how]
        if self.towncrier is not None and self.how != "towncrier":
            parts.append("towncrier")
        link = self.link
        where = f"{self.shown} -> {link}" if link else self.shown
        return f"{where} ({', '.join(parts)})"


def _root_of(path: Path, shown: str) -> Path:
    """The project root, from a path and its shown (relative) form."""
    depth = len(Path(shown).parts) if not Path(shown).is_absolute() else 0
    root = path
    for _ in range(depth):
        root = root.parent
    return root.resolve()


def _normal(name: str) -> str:
    return re.sub(r"[-_ .]", "", name.lower())


def _match(folder: Path) -> Path | None:
    """The first changelog-like file directly in ``folder`` (by stem order, then suffix)."""
    try:
        entries = [entry for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return None
    by_key: dict[tuple[int, int], Path] = {}
    for entry in entries:
        suffix = entry.suffix.lower()
        if suffix not in _NAMED_SUFFIXES:
            continue
        stem = _normal(entry.stem)
        if stem in _STEMS:
            key = (_STEMS.index(stem), _NAMED_SUFFIXES.index(suffix))
            if key not in by_key or entry.name < by_key[key].name:
                by_key[key] = entry
    return by_key[min(by_key)] if by_key else None


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def _history_file(folder: Path, project: str | None) -> Path | None:
    """``docs/history/<project>.md``, or the only changelog-like file of a history folder."""
    try:
        files = sorted(p for p in folder.iterdir() if p.is_file()
                       and p.suffix.lower() in _SUFFIXES and p.stem.lower() != "index")
    except OSError:
        return None
    if project:
        wanted = _normal(project)
        for path in files:
            if _normal(path.stem) == wanted:
                return path
    return files[0] if len(files) == 1 else None


def _named(root: Path, project: str | None) -> list[Path]:
    """Every file whose name says changelog, in the order they are preferred: the root,
    ``docs/``, ``doc/``, ``sites/*/`` (``sites/www/changelog.rst``), ``news/``, then
    ``docs/*/`` (a history folder gives the project's own file) and ``docs/*/*/``."""
    found: list[Path] = []

    def add(path: Path | None) -> None:
        if path is not None and path not in found:
            found.append(path)

    add(_match(root))
    docs = [root / name for name in _DOC_DIRS if (root / name).is_dir()]
    sites = _subfolders(root / "sites") if (root / "sites").is_dir() else []
    news = [root / "news"] if (root / "news").is_dir() else []
    for folder in [*docs, *sites, *news]:
        add(_match(folder))
    for folder in docs:
        for sub in _subfolders(folder):
            if _normal(sub.name) in _HISTORY_DIRS:
                add(_history_file(sub, project))
            add(_match(sub))
    for folder in docs:
        for sub in _subfolders(folder):
            for deeper in _subfolders(sub):
                add(_match(deeper))
    for folder in [*docs, *(d / "source" for d in docs)]:
        for path in _toctree_pages(folder):
            add(path)
    return found


_TOCTREE_ENTRY = re.compile(r"^[ \t]+(?:[^<\n]*<)?(?P<page>[\w./-]+?)>?[ \t]*$")
_CHANGELOG_WORDS = re.compile(r"change|history|news|release|whats-?new", re.IGNORECASE)


def _toctree_pages(folder: Path) -> list[Path]:
    """Pages a docs index lists in a toctree whose name says changelog
    (``versionhistory``, ``release-history``, ``project/changes``)."""
    index = folder / "index.rst"
    if not index.is_file():
        return []
    text = _top(index)
    found: list[Path] = []
    for block in text.split(".. toctree::")[1:]:
        for line in block.split("\n")[1:]:
            if line.strip() and not line[:1].isspace():
                break
            match = _TOCTREE_ENTRY.match(line)
            if match is None or line.strip().startswith(":"):
                continue
            page = match.group("page")
            if not _CHANGELOG_WORDS.search(page):
                continue
            for suffix in (".rst", ".md"):
                path = folder / f"{page}{suffix}"
                if path.is_file():
                    found.append(path)
    return found


_INCLUDE = re.compile(
    r"^(?:\.\.[ \t]+include::[ \t]*(?P<rst>\S+)"
    r"|```\{include\}[ \t]*(?P<myst>\S+)"
    r"|-{2}8<-{2}[ \t]*[\"'](?P<snippet>[^\"'\n]+)[\"']"
    r"|\{!(?P<mdinclude>[^!\n]+)!\})[ \t]*$",
    re.MULTILINE,
)
_PEEK = 65536
"""Bytes read from the top of a candidate to see what it holds."""


def _top(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(_PEEK)
    except OSError:
        return ""
    return data.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n")


def _follow(path: Path, root: Path) -> Path:
    """The file a changelog page only includes (``.. include:: ../CHANGES.rst``, MyST
    ``{include}``, mkdocs ``--8<--`` snippets), or ``path`` itself."""
    text = _top(path)
    match = _INCLUDE.search(text)
    if match is None:
        return path
    name = next(group for group in match.groups() if group)
    for base in (path.parent, root):  # snippets are relative to the project root
        target = (base / name).resolve()
        try:
            target.relative_to(root.resolve())
        except ValueError:
            continue
        if target.is_file() and target.suffix.lower() in _NAMED_SUFFIXES:
            return target
    return path


def format_of(path: Path) -> str:
    """The markup of a changelog file: by its suffix, and for a file without one
    (``CHANGES``) by its headings: Markdown when it has ``#`` headings, else
    reStructuredText (underlined titles)."""
    if path.suffix or path.is_dir():
        return format_for(path.name)
    return MARKDOWN if _ATX_HEADING.search(_top(path)) else RST


def _newest(path: Path) -> Version | None:
    """The newest version a file's top sections name, or ``None`` for a file that names
    none (a pointer, a stub, an empty changelog)."""
    text = _top(path)
    if not text.strip():
        return None
    try:
        changelog = Changelog(text, path.name, format_of(path))
        versions = [s.version for s in itertools.islice(changelog.sections(), 8)
                    if s.version is not None]
    except ReleaseError:
        return None
    return max(versions) if versions else None


def _by_content(root: Path, skip: set[Path]) -> list[tuple[Path, Version]]:
    """Files with another name that read as a changelog: at least two dated release
    sections at the top (``docs/releases.rst``, ``doc/source/history-of-changes.md``), or
    at least three release sections, newest first, without dates (``docs/versions.rst``)."""
    folders = [root, *(root / name for name in _DOC_DIRS)]
    folders += [folder / "source" for folder in folders[1:]]
    found: list[tuple[Path, Version]] = []
    for folder in folders:
        try:
            entries = sorted(p for p in folder.iterdir() if p.is_file()
                             and p.suffix.lower() in _SUFFIXES and p.resolve() not in skip
                             and p.stem.lower() not in ("readme", "index", "contributing"))
        except OSError:
            continue
        for path in entries:
            text = _top(path)
            if not text.strip():
                continue
            try:
                changelog = Changelog(text, path.name, format_for(path.name))
                top = [s for s in itertools.islice(changelog.sections(), 8)
                       if s.version is not None]
            except ReleaseError:
                continue
            dated = [s.version for s in top if s.date is not None]
            listed = [s.version for s in top if s.version is not None]
            if len(dated) >= 2 or (len(listed) >= 3 and listed == sorted(listed, reverse=True)):
                found.append((path, max(listed)))
    return found


_README_CHANGELOG = re.compile(
    r"^(?:#{1,6}[ \t]+)?(?:changelog|change[ \t]+log|changes|history|release[ \t]+history|"
    r"release[ \t]+notes|news)[ \t]*\n(?:[=\-~^*+#\"'`:.]{3,}[ \t]*\n)?",
    re.IGNORECASE | re.MULTILINE,
)


def _readme(root: Path) -> list[tuple[Path, Version]]:
    """A README whose ``Changelog`` heading is followed by at least two release sections,
    newest first (pytest-timeout keeps its changelog at the end of README.rst)."""
    for name in ("README.rst", "README.md"):
        path = root / name
        text = _top(path) if path.is_file() else ""
        for match in _README_CHANGELOG.finditer(text):
            try:
                changelog = Changelog(text[match.end():], name, format_for(name))
                listed = [s.version for s in itertools.islice(changelog.sections(), 3)
                          if s.version is not None]
            except ReleaseError:
                continue
            if len(listed) >= 2 and listed == sorted(listed, reverse=True):
                return [(path, listed[0])]
    return []


def discover(root: Path, project: str | None = None) -> Path | None:
    """The changelog found with zero configuration, or ``None``.

    Every file named like a changelog is looked at, an include is followed to the file it
    includes, and the one whose sections name the newest version wins (an older history
    such as ``changelog-v1.rst`` loses). Two files at the same newest version are two
    readings of the project: refused, naming both, with the setting that decides.
    """
    named = _named(root, project)
    seen: dict[Path, tuple[Path, Version | None]] = {}
    for path in named:
        target = _follow(path, root)
        key = target.resolve()
        if key not in seen:
            seen[key] = (path if target == path else target, _newest(target))
    ranked = [(path, version) for path, version in seen.values() if version is not None]
    if not ranked:
        ranked = _by_content(root, set(seen)) or _readme(root)
    releases = release_folder.find_folder(root)
    if releases is not None:
        ranked.append((releases, release_folder.release_files(releases)[0][0]))
    if not ranked:
        return named[0] if named else None
    top = max(version for _, version in ranked)
    best = [path for path, version in ranked if version == top]
    if len(best) > 1:
        shown = [_shown(path, root) for path in best[:2]]
        raise ChangelogError(
            f"two files look like this project's changelog, both up to {top}: {shown[0]} "
            f"and {shown[1]}",
            f'say which one in pyproject.toml: [tool.release] changelog = "{shown[0]}" (or '
            f'"{shown[1]}")',
            file=shown[0],
        )
    return best[0]


def _towncrier(root: Path) -> TowncrierConfig | None:
    """towncrier's configuration, read only when a file mentions it."""
    pyproject = root / "pyproject.toml"
    try:
        mentioned = (root / "towncrier.toml").is_file() or b"tool.towncrier" in files.read_bytes(
            pyproject)
    except (OSError, ReleaseError):
        mentioned = False
    if not mentioned:
        return None
    from release.changelog.towncrier import find_config

    return find_config(root)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return str(path)


def find_changelog(
    root: Path,
    configured: str | None,
    *,
    given: Path | None = None,
    project: str | None = None,
) -> ChangelogFile:
    """The project's changelog: ``--changelog``, ``[tool.release] changelog``, towncrier's
    ``filename`` when it exists, else the usual names and places, else towncrier's file (its
    first build creates it), else ``CHANGELOG.md``."""
    towncrier = _towncrier(root)
    if given is not None:
        path, how = given, "--changelog"
    elif configured:
        path, how = root / configured, "configured"
    elif towncrier is not None and (towncrier.root / towncrier.filename).exists():
        path, how = towncrier.root / towncrier.filename, "towncrier"
    else:
        # A towncrier configuration whose file does not exist yet loses to a changelog that
        # exists; with none, towncrier's file is the one its first build creates.
        found = discover(root, project)
        if found is not None:
            path, how = found, "discovered"
        elif towncrier is not None:
            path, how = towncrier.root / towncrier.filename, "towncrier"
        else:
            path, how = root / "CHANGELOG.md", "default"
    shown = _shown(path, root)
    if how != "--changelog":  # a path from the project, not from the command line
        setting = {"configured": "changelog in [tool.release]",
                   "towncrier": "filename in the towncrier configuration"}.get(how, shown)
        files.inside(path, files.repository_root(root), setting, configured if how ==
                     "configured" else shown)
    fmt = format_of(path)
    if path.is_dir():
        members = release_folder.release_files(path)
        fmt = format_for(members[0][1].name) if members else fmt
    return ChangelogFile(path, shown, how, fmt, towncrier)


def read_changelog(path: Path, shown: str, fmt: str | None = None) -> Changelog:
    """Read and decode the changelog (through a symlink), refusing what cannot be read.

    A folder of release files is read as one changelog, newest first
    (:class:`release.changelog.folder.FolderChangelog`)."""
    if path.is_dir() and release_folder.release_files(path):
        return release_folder.read_folder(path, shown)
    try:
        data = files.read_bytes(path, shown)
    except FileNotFoundError:
        if path.is_symlink():
            raise ChangelogError(
                f"{shown} is a symlink to {path.readlink()}, which does not exist",
                "fix the link, or set `changelog` in [tool.release] to the real file",
                file=shown,
            ) from None
        raise ChangelogError(
            f"{shown} does not exist",
            "create it with `release init` (it writes a Keep a Changelog file with an "
            "unreleased section), or set `changelog` in [tool.release] to your changelog",
            file=shown,
        ) from None
    except ReleaseError as exc:
        raise ChangelogError(exc.message, exc.hint or "set `changelog` in [tool.release] to the "
                             "changelog's path", file=shown) from None
    return Changelog(decode(data, shown), shown, fmt)
