"""Reading and writing the project's files safely.

- :func:`read_bytes` reads only regular files (never waits on a FIFO or a device), of a
  bounded size, and turns every failure into a :class:`ReleaseError` that names the file.
- :func:`write_atomic` writes a temporary file in the same folder and renames it over the
  target, so that readers see the old or the new file, never half; a symbolic link is
  followed, so the file it points at changes and the link stays a link. A new file gets the
  mode ``open()`` would give it (0666 less the umask), an existing one keeps its mode.
- :func:`write_output` writes a file the user named (``--output``) and never through a
  symbolic link: a link there is refused, so a link committed in a pull request cannot
  redirect the output onto another file.
- :func:`inside` is the one rule for paths that come from a project's configuration: the
  file, links followed, must lie inside the repository (:func:`repository_root`), or the
  setting that named it is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

from release.errors import ConfigError, ReleaseError

MAX_SIZE = 32 * 1024 * 1024
"""No project file this tool reads comes near 32 MiB; a bigger one is a mistake or an attack."""


def read_bytes(path: Path, shown: str | None = None, *, limit: int = MAX_SIZE) -> bytes:
    """The bytes of a regular file; :class:`ReleaseError` (with the file named) otherwise.

    Raises :class:`FileNotFoundError` unchanged when the file does not exist, so that callers
    can say what to do about a missing file in their own words.
    """
    name = shown or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ReleaseError(f"cannot read {name}: {exc.strerror or exc}",
                           "check the path and its permissions", file=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReleaseError(f"{name} is a folder, not a file",
                           "pass the path of a file, or move the folder out of the way",
                           file=name)
    if not stat.S_ISREG(info.st_mode):
        raise ReleaseError(f"{name} is not a regular file (a pipe, socket or device)",
                           "replace it with an ordinary file", file=name)
    if info.st_size > limit:
        raise ReleaseError(f"{name} is {info.st_size:,} bytes; files over {limit:,} bytes "
                           "are not read", "check that this is the right file", file=name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ReleaseError(f"cannot read {name}: {exc.strerror or exc}",
                           "check the file's permissions", file=name) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else meanwhile
            raise ReleaseError(f"{name} is not a regular file", "", file=name)
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:
                raise ReleaseError(f"{name} grew beyond {limit:,} bytes while being read", "",
                                   file=name)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise ReleaseError(f"cannot read {name}: {exc.strerror or exc}", "", file=name) from None
    finally:
        os.close(fd)


def repository_root(start: Path) -> Path:
    """The work tree that holds ``start``: the nearest folder (``start`` included) with a
    ``.git`` (a folder, or the file of a linked work tree), else ``start`` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def inside(path: Path, root: Path, setting: str, shown: str | None = None) -> Path:
    """``path`` when it lies inside ``root`` once every symbolic link is followed; else a
    :class:`ConfigError` that names ``setting`` (what pointed there; ``shown`` itself when
    only a link leads out)."""
    name = shown or str(path)
    try:
        resolved, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        resolved, base = None, root
    if resolved is None or (resolved != base and base not in resolved.parents):
        where = "a loop of symbolic links" if resolved is None else str(resolved)
        what = (f"{name} lies outside the repository once its links are followed: it is "
                f"{where}" if setting == name else
                f"{setting} points outside the repository: {name} is {where}")
        fix = (f"replace the symbolic link on the way to {name} with a real file or folder"
               if setting == name else f"make {setting} a path inside the repository, "
               "relative to the project folder")
        raise ConfigError(
            f"{what}; nothing was read or written there",
            f"{fix} (the repository is {base}): release-lifecycle never reads or writes a "
            "project file outside it", file=name)
    return path


_UMASK: list[int] = []


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file: 0666 less the process's umask."""
    if not _UMASK:
        current = os.umask(0o022)
        os.umask(current)
        _UMASK.append(current)
    return 0o666 & ~_UMASK[0]


def resolve_link(path: Path) -> Path:
    """The file a write to ``path`` must change: the target of a symbolic link, else ``path``."""
    return path.resolve() if path.is_symlink() else path


def write_atomic(path: Path, data: bytes, *, follow: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half.

    ``follow``: a symbolic link at ``path`` is followed (its target changes); otherwise the
    link itself is replaced."""
    import tempfile

    if follow:
        path = resolve_link(path)
    folder = path.parent if str(path.parent) else Path()
    try:
        mode = path.lstat().st_mode & 0o7777 if follow or not path.is_symlink() else None
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(new_file_mode() if mode is None else mode)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for (``--output``): atomically, with a clear refusal when
    the folder is missing or the path is a folder."""
    shown = str(path)
    if path.is_symlink():
        raise ReleaseError(f"--output {shown} is a symbolic link (to {path.readlink()}); "
                           "nothing was written", "release never writes through a link: remove "
                           "it, or choose another file name", file=shown)
    if path.is_dir():
        raise ReleaseError(f"--output {shown} is a folder", "pass a file name, e.g. "
                           f"{shown.rstrip('/')}/notes.md", file=shown)
    if not path.parent.is_dir():
        raise ReleaseError(f"the folder of --output {shown} does not exist",
                           f"create it first (`mkdir -p {path.parent}`) or choose another "
                           "path", file=shown)
    try:
        write_atomic(path, data, follow=False)
    except OSError as exc:
        raise ReleaseError(f"cannot write {shown}: {exc.strerror or exc}",
                           "check the folder's permissions and free space", file=shown) from None


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
