"""``release checksums``: SHA256SUMS as ``sha256sum`` writes it (check: ``sha256sum -c``)."""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass
from pathlib import Path

from release import ci
from release.console import Console
from release.errors import ReleaseError, UsageError
from release.files import write_atomic


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


def run_checksums(args: argparse.Namespace, console: Console) -> int:
    folder: Path = args.dir
    output: Path | None = args.output
    if output is not None and output.resolve().parent == folder.resolve():
        raise UsageError(
            f"{output} is inside {folder}",
            "write it beside the folder (twine rejects extra files in dist/): "
            "--output SHA256SUMS",
        )
    items = entries(folder)
    text = format_sums(items)
    if output is None:
        console.out.write(text)
    else:
        write_atomic(output, text.encode("utf-8"))
        width = max(len(e.name) for e in items)
        for item in items:
            console.print(f"{item.name:<{width}}  {item.size:>10,} bytes  sha256 {item.sha256}")
        console.info(f"wrote {output} (check with: cd {folder} && sha256sum -c {output.resolve()})")
    if ci.is_github_actions():
        ci.append_step_summary(markdown(items))
    return 0
