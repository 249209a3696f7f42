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
    found = [Entry(p.name, p.stat().st_size, sha256_of(p))
             for p in sorted(folder.iterdir()) if p.is_file()]
    if not found:
        raise ReleaseError(f"{folder} is empty", "build first: `nox -s build`")
    return found


def format_sums(items: list[Entry]) -> str:
    """``<sha256>  <name>`` lines, as ``sha256sum`` writes them."""
    return "".join(f"{item.sha256}  {item.name}\n" for item in items)


def markdown(items: list[Entry]) -> str:
    rows = "\n".join(f"| `{e.name}` | {e.size:,} | `{e.sha256}` |" for e in items)
    return f"### Built files\n\n| file | bytes | sha256 |\n|---|---:|---|\n{rows}\n"
