"""``release checksums``: SHA256SUMS as ``sha256sum`` writes it (check: ``sha256sum -c``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from release.errors import ReleaseError


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def entries(folder: Path) -> list[Entry]:
    if not folder.is_dir():
        raise ReleaseError(f"{folder} is not a folder", "build first: `nox -s build`")
    try:
        found = [Entry(p.name, p.stat().st_size, sha256_of(p))
                 for p in sorted(folder.iterdir()) if p.is_file()]
    except OSError as exc:
        where = exc.filename or folder
        raise ReleaseError(f"cannot read {where}: {exc.strerror or exc}",
                           "check the permissions of the built files, or build again",
                           file=str(where)) from None
    if not found:
        raise ReleaseError(f"{folder} is empty", "build first: `nox -s build`")
    return found


def format_sums(items: list[Entry]) -> str:
    """``<sha256>  <name>`` lines, as ``sha256sum`` writes them.

    Like GNU ``sha256sum``, a name with a backslash or a line break is escaped and its line
    starts with a backslash, so that every file stays on one line and ``sha256sum -c`` reads
    it back.
    """
    lines = []
    for item in items:
        name = item.name
        if "\\" in name or "\n" in name or "\r" in name:
            escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            lines.append(f"\\{item.sha256}  {escaped}\n")
        else:
            lines.append(f"{item.sha256}  {name}\n")
    return "".join(lines)


def markdown(items: list[Entry]) -> str:
    rows = "\n".join(
        f"| `{e.name.replace('`', '').replace('|', '/')}` | {e.size:,} | `{e.sha256}` |"
        for e in items
    )
    return f"### Built files\n\n| file | bytes | sha256 |\n|---|---:|---|\n{rows}\n"
