"""Exact spans of a version in TOML, INI (setup.cfg), uv.lock, a pattern's match, or a whole file.

Every locator returns a :class:`~release.project.sources.base.VersionLocation` whose ``fmt``
and ``key`` say how to read the file back (:mod:`.edit`).
"""

from __future__ import annotations

import re
from pathlib import Path

from release.errors import ConfigError
from release.project.sources.base import (
    HATCH_PATTERN,
    VersionLocation,
    line_of,
    load_toml,
    read,
    shown,
    toml_table,
)

_TABLE_HEADER = re.compile(
    r"^[ \t]*\[(\[?)[ \t]*([^\]\n]+?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.M)


def whole_file(path: Path, text: str) -> VersionLocation:
    stripped = text.strip()
    if not stripped or "\n" in stripped:
        raise ConfigError(f"{path.name} must hold only the version", "write just `1.2.3`",
                          file=path.name)
    start = text.index(stripped)
    return VersionLocation(path, line_of(text, start), start, start + len(stripped), stripped,
                           "text")


def locate_cfg(path: Path, root: Path, section: str, option: str) -> VersionLocation:
    """The span of ``option = value`` in ``[section]`` of an INI file (setup.cfg)."""
    text = read(path, root, "the file")
    headers = list(re.finditer(r"^\[([^\]\n]+)\][ \t]*(?:[#;][^\n]*)?\r?$", text, re.M))
    line = re.compile(
        rf"^{re.escape(option)}[ \t]*[=:][ \t]*(?P<value>[^\s#;][^\n]*?)[ \t\r]*$", re.M)
    for index, header in enumerate(headers):
        if header.group(1).strip() != section:
            continue
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        found = list(line.finditer(text, header.end(), end))
        if len(found) == 1:
            m = found[0]
            return VersionLocation(path, line_of(text, m.start("value")), m.start("value"),
                                   m.end("value"), m.group("value"), "cfg", (section, option))
    raise ConfigError(f"cannot find exactly one `{option} = …` line in [{section}] of "
                      f"{shown(path, root)}", f"write it on one line: `{option} = 1.2.3`",
                      file=shown(path, root))


def tables(text: str) -> list[tuple[str, bool, int, int]]:
    """``(name, is array table, body start, body end)`` for every table header."""
    found = []
    matches = list(_TABLE_HEADER.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        name = ".".join(part.strip().strip("\"'") for part in match.group(2).split("."))
        found.append((name, bool(match.group(1)), match.end(), end))
    return found


def key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(
        rf"""^(?P<lead>[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
        r"""[ \t]*=[ \t]*)(?P<q>"(?!"")|'(?!''))(?P<value>[^"'\n]*)(?P=q)""",
        re.M,
    )


def locate_toml(path: Path, root: Path, table: tuple[str, ...], key: str,
                text: str | None = None) -> VersionLocation:
    """The span of ``key = "…"`` directly in ``[table]`` of a TOML file (one line, no
    escapes), proven against what :mod:`tomllib` reads."""
    text = read(path, root, "the file") if text is None else text
    data = load_toml(text)
    value = toml_table(data, *table).get(key)
    name = ".".join(table)
    where = shown(path, root)
    if not isinstance(value, str):
        raise ConfigError(
            f"`[{name}].{key}` must be a string, found {type(value).__name__} {value!r}",
            f'quote it: {key} = "{value}"', file=where, line=find_line(text, key))
    candidates = [
        m for (found, array, start, end) in tables(text) if found == name and not array
        for m in key_pattern(key).finditer(text, start, end) if m.group("value") == value
    ]
    if len(candidates) != 1:
        raise ConfigError(
            f'cannot find exactly one `{key} = "{value}"` line in [{name}] '
            f"(found {len(candidates)})",
            f'write it on its own line as `{key} = "{value}"` inside [{name}]', file=where)
    match = candidates[0]
    return VersionLocation(path, line_of(text, match.start()), match.start("value"),
                           match.end("value"), value, "toml", (*table, key))


def locate_uv_lock(path: Path, root: Path, name: str) -> VersionLocation | None:
    """The project's own ``[[package]]`` version in uv.lock (``None`` when uv left it out)."""
    text = read(path, root, "uv.lock")
    wanted = canonical(name)
    for found, array, start, end in tables(text):
        if found != "package" or not array:
            continue
        body = text[start:end]
        match = re.search(r'^name = "([^"]+)"$', body, re.M)
        source = re.search(r"^source = \{ *(editable|virtual) = \"\.\" *\}", body, re.M)
        if match is None or source is None or canonical(match.group(1)) != wanted:
            continue
        version = key_pattern("version").search(text, start, end)
        if version is None:
            return None
        return VersionLocation(path, line_of(text, version.start()), version.start("value"),
                               version.end("value"), version.group("value"), "uvlock",
                               (wanted,))
    return None


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def find_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    return None if match is None else line_of(text, match.start())


def regex_location(path: Path, root: Path, text: str, pattern: str, group: str
                    ) -> VersionLocation:
    where = shown(path, root)
    try:
        compiled = re.compile(pattern, re.M)
    except re.error as exc:
        raise ConfigError(f"the version pattern is not a valid regular expression: {exc}",
                          "fix `pattern`", file=where) from None
    key: str | int = int(group) if group.isdigit() else group
    match = compiled.search(text)
    if match is None:
        raise ConfigError(
            f"{where} has no line the version pattern matches"
            + (" (hatchling's default needs `__version__ = \"1.2.3\"` or "
               "`VERSION = \"1.2.3\"`, without a type annotation)"
               if pattern == HATCH_PATTERN else ""),
            'write the version as `__version__ = "1.2.3"` at the start of a line',
            file=where)
    try:
        start, end = match.span(key)
    except (IndexError, re.error):
        raise ConfigError(f"the version pattern has no group {group!r}",
                          "name the group `version` (hatch) or use group 1 (pdm)",
                          file=where) from None
    return VersionLocation(path, line_of(text, start), start, end, text[start:end], "regex",
                           (pattern, group))
