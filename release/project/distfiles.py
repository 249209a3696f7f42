"""Built distributions: find the sdist and wheels in a folder and read their metadata.

The version is read from the metadata inside each archive (``PKG-INFO`` of the sdist,
``*.dist-info/METADATA`` of a wheel), never from the file name.
"""

from __future__ import annotations

import tarfile
import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    parse_sdist_filename,
    parse_wheel_filename,
)

from release.errors import ReleaseError

SDIST_SUFFIX = ".tar.gz"
WHEEL_SUFFIX = ".whl"


@dataclass(frozen=True)
class Artifact:
    path: Path
    kind: str  # "sdist" or "wheel"
    name: str
    version: str
    metadata_version: str
    members: tuple[str, ...] = ()
    name_version: str | None = None
    """The version in the file name; ``None`` when the name is not a valid wheel/sdist name."""


def kind_of(path: Path) -> str | None:
    if path.name.endswith(SDIST_SUFFIX):
        return "sdist"
    if path.name.endswith(WHEEL_SUFFIX):
        return "wheel"
    return None


def find(dist: Path) -> list[Path]:
    """The sdists and wheels directly in ``dist``, sorted by name."""
    if not dist.is_dir():
        raise ReleaseError(
            f"{dist} is not a folder",
            "build first (`nox -s build`), or pass --dist DIR with the built files",
        )
    return sorted(p for p in dist.iterdir() if p.is_file() and kind_of(p) is not None)


def read(path: Path) -> Artifact:
    """Read name and version from the metadata inside the archive."""
    kind = kind_of(path)
    try:
        if kind == "sdist":
            raw = _sdist_pkg_info(path)
            members = tuple(sdist_members(path))
        elif kind == "wheel":
            raw = _wheel_metadata(path)
            members = tuple(wheel_members(path))
        else:
            raise ReleaseError(f"{path.name} is neither an sdist nor a wheel", "")
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ReleaseError(
            f"{path.name} cannot be read: {exc}",
            "delete dist/ and build again",
            file=str(path),
        ) from None
    headers = HeaderParser().parsestr(raw.decode("utf-8", "replace"))
    name, version = headers.get("Name"), headers.get("Version")
    if not name or not version:
        raise ReleaseError(
            f"{path.name} has metadata without Name or Version",
            "delete dist/ and build again",
            file=str(path),
        )
    return Artifact(path, kind, name, version, headers.get("Metadata-Version", ""), members,
                    filename_version(path))


def filename_version(path: Path) -> str | None:
    """The version the file name spells (``packaging.utils``), or ``None`` when it is not valid.

    A wheel or sdist whose name does not parse is refused by PyPI.
    """
    try:
        if path.name.endswith(WHEEL_SUFFIX):
            return str(parse_wheel_filename(path.name)[1])
        return str(parse_sdist_filename(path.name)[1])
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        return None


def _sdist_pkg_info(path: Path) -> bytes:
    with tarfile.open(path, "r:gz") as archive:
        candidates = [
            member for member in archive.getmembers()
            if member.isfile() and member.name.count("/") == 1
            and member.name.endswith("/PKG-INFO")
        ]
        if len(candidates) != 1:
            raise ReleaseError(
                f"{path.name} has no top-level PKG-INFO", "delete dist/ and build again",
                file=str(path),
            )
        handle = archive.extractfile(candidates[0])
        if handle is None:  # pragma: no cover - isfile() members always extract
            raise ReleaseError(f"{path.name}: PKG-INFO cannot be read", "")
        return handle.read()


def _wheel_metadata(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        names = [
            name for name in archive.namelist()
            if name.count("/") == 1 and name.endswith(".dist-info/METADATA")
        ]
        if len(names) != 1:
            raise ReleaseError(
                f"{path.name} has no .dist-info/METADATA", "delete dist/ and build again",
                file=str(path),
            )
        return archive.read(names[0])


def wheel_members(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def sdist_members(path: Path) -> list[str]:
    with tarfile.open(path, "r:gz") as archive:
        return archive.getnames()
