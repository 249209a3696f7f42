"""``release checksums``: SHA256SUMS as ``sha256sum`` writes it (check: ``sha256sum -c``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from release.errors import ReleaseError
from release.outside.files import sha256_of


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str


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


def parse_sums(text: str, shown: str) -> dict[str, str]:
    """``{file name: sha256}`` from a ``sha256sum`` file (escaped names included)."""
    found: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        escaped = line.startswith("\\")
        body = line[1:] if escaped else line
        digest, sep, name = body.partition("  ")
        if not sep:
            digest, sep, name = body.partition(" *")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ReleaseError(
                f"line {number} is not `<sha256>  <file name>`",
                "write it again with `release checksums dist --output SHA256SUMS`",
                file=shown, line=number,
            )
        if escaped:
            name = name.replace("\\\\", "\0").replace("\\n", "\n").replace(
                "\\r", "\r").replace("\0", "\\")
        found[name] = digest
    return found


def load_sums(path: Path) -> dict[str, str]:
    """``{file name: sha256}`` from the SHA256SUMS at ``path``; ``FileNotFoundError`` when
    there is none (the caller decides whether that is an error)."""
    from release.outside.files import read_bytes

    text = read_bytes(path, str(path)).decode("utf-8", "replace")
    found = parse_sums(text, str(path))
    if not found:
        raise ReleaseError(f"{path} lists no files",
                           "write it again with `release checksums dist --output SHA256SUMS`",
                           file=str(path))
    return found


def differences(local: dict[str, Path], expected: dict[str, str], shown: str) -> list[str]:
    """What differs between files and the SHA256SUMS that lists them, one line each: a file
    not listed, a file with another sha256, a listed file that is not there."""
    wrong = []
    for name, path in sorted(local.items()):
        if name not in expected:
            wrong.append(f"{name}: not listed in {shown} (added after the build?)")
        elif (digest := sha256_of(path)) != expected[name]:
            wrong.append(f"{name}: sha256 {digest[:16]}..., {shown} recorded "
                         f"{expected[name][:16]}... at build time")
    wrong += [f"{name}: listed in {shown}, but not here" for name in sorted(expected)
              if name not in local]
    return wrong
