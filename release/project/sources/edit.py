"""Edit the spans a locator found, and prove the result by reading it back the way the source is
read: an edit that did not land, or landed elsewhere, fails loudly.
"""

from __future__ import annotations

import configparser
import re
import sys

from release.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from release.project.sources.base import VersionLocation, toml_table
from release.project.sources.formats import canonical
from release.project.sources.python import Literal, python_value


def edit(text: str, changes: list[tuple[VersionLocation, str]], shown: str | None = None
         ) -> str:
    """``text`` with every span replaced; every span must still hold its value.

    Two spans may overlap when they agree: flit's ``1.5.0`` inside bump-my-version's
    ``__version__ = '1.5.0'`` (pypa/build), each edit giving the same text for the two spans
    together, which is then written once. Edits that disagree there are refused."""
    name = shown or ""
    merged: list[tuple[int, int, str]] = []
    for location, new in sorted(changes, key=lambda item: (item[0].start, -item[0].end)):
        where = name or location.file.name
        if text[location.start:location.end] != location.value:
            raise ConfigError(f"{where} changed while it was being edited",
                              "run the command again", file=where, line=location.line)
        if merged and location.start < merged[-1][1]:
            start, end, replacement = merged[-1]
            low, high = start, max(end, location.end)
            mine = text[low:location.start] + new + text[location.end:high]
            theirs = replacement + text[end:high]
            if mine != theirs:
                raise ConfigError(
                    f"two version edits overlap in {where} (line {location.line}): two "
                    "tools' version-file entries change the same text in different ways",
                    "make the entries agree (one template for that line), or drop one",
                    file=where, line=location.line)
            merged[-1] = (low, high, theirs)
            continue
        merged.append((location.start, location.end, new))
    for start, end, replacement in reversed(merged):
        text = text[:start] + replacement + text[end:]
    return text


def read_back(location: VersionLocation, text: str) -> str | None:
    """The value at ``location``'s place in ``text``, read the way the source is read."""
    fmt, key = location.fmt, location.key
    if fmt == "toml":
        value = toml_table(tomllib.loads(text.removeprefix("\ufeff")), *key[:-1]).get(key[-1])
        return value if isinstance(value, str) else None
    if fmt == "uvlock":
        for package in tomllib.loads(text).get("package", []):
            if isinstance(package, dict) and canonical(str(package.get("name"))) == key[0]:
                source = package.get("source", {})
                local = source.get("editable", source.get("virtual")) if isinstance(
                    source, dict) else None
                if local == ".":
                    version = package.get("version")
                    return version if isinstance(version, str) else None
        return None
    if fmt == "cfg":
        parser = configparser.RawConfigParser()
        parser.read_string(text)
        return parser.get(key[0], key[1], fallback=None)
    if fmt == "python":
        found = python_value(location.file, key[0], text)
        return str(found.node.value) if isinstance(found, Literal) else None
    if fmt == "regex":
        match = re.compile(key[0], re.M).search(text)
        group: str | int = int(key[1]) if key[1].isdigit() else key[1]
        return None if match is None else match.group(group)
    if fmt == "text":
        return text.strip()
    if fmt == "tuple":
        from release.project.sources.python import tuple_source

        return tuple_source(text, location)
    from release.project.sources.registry import kinds  # a kind's own format (setup.py's)

    for kind in kinds():
        if kind.name == fmt:
            return kind.read_back(location, text)
    return None


def prove(old: str, new: str, changes: list[tuple[VersionLocation, str]], shown_as: str) -> None:
    """Re-read ``new``: every location now says its new value, and TOML/cfg files changed in
    nothing else that their parser can see."""
    for location, value in changes:
        if location.fmt == "token":
            continue
        if read_back(location, new) != value:
            raise ConfigError(f"editing {shown_as} did not set the version at line "
                              f"{location.line}", "report this as a bug", file=shown_as,
                              line=location.line)
    tomls = [(loc, val) for loc, val in changes if loc.fmt == "toml"]
    if tomls:
        before = tomllib.loads(old.removeprefix("\ufeff"))
        after = tomllib.loads(new.removeprefix("\ufeff"))
        for location, _ in tomls:
            toml_table(after, *location.key[:-1])[location.key[-1]] = location.value
        if before != after and all(loc.fmt == "toml" for loc, _ in changes):
            raise ConfigError(f"editing {shown_as} would change more than the version", "",
                              file=shown_as)
