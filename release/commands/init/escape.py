"""Every value ``release init`` writes into a generated file goes through an escaper for the
language of the place it lands in, or is refused when it cannot be valid there.

The values come from the project (a branch name, a tag prefix, a folder, ``[build-system]
requires``), which a pull request can choose: a legal git branch may hold ``"``, ``,`` or
``(``, a TOML string a line break. Each escaper returns text that the language reads back as
exactly the value, and nothing more (no second YAML key, no Python statement, no extra
requirement line); the Python and TOML ones prove it by reading the result back. Each
refusal names the setting the value came from and what it holds.

- :func:`comment`: a value inside a ``#`` comment (YAML or Python): one line of printable
  text, else refused (a comment cannot escape a line break).
- :func:`yaml_scalar`: a whole YAML scalar (a flow sequence item, a mapping value): plain when
  it is a plain word YAML reads as a string, else double-quoted with escapes.
- :func:`yaml_inner`: text inside a double-quoted YAML scalar of the template.
- :func:`python_inner`: text inside a double-quoted Python string (or docstring).
- :func:`toml_string`: a TOML basic string, quotes included.
- :func:`requirement`: one line of a requirements file: a PEP 508 requirement, never an
  option (``--index-url``) or a second line.
- :func:`index_url`: the URL of an ``--index-url`` line.
- :func:`glob_literal`: a name in a workflow's branch or tag filter, matching only itself.
- :func:`folder`: a folder path written into workflows and globs: letters, digits and
  ``._+-/`` only.
"""

from __future__ import annotations

import ast
import re
import sys

from release.errors import ConfigError, shorten
from release.outside import sanitise

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
"""Plain words YAML 1.1 (GitHub's reader among them) takes for booleans or null."""
_FOLDER = re.compile(r"[A-Za-z0-9_.+-]+(?:/[A-Za-z0-9_.+-]+)*")


def _refuse(value: str, setting: str, where: str, why: str) -> ConfigError:
    return ConfigError(
        f"{setting} is {shorten(value)!r}, which cannot be written into {where}: {why}; "
        "nothing was written",
        f"change {setting}, or write that part of the file by hand",
    )


def _escapes(value: str, quote: str) -> str:
    """``value`` with backslashes, ``quote`` and every control, bidi or separator character
    written as a backslash escape (the form Python, YAML and TOML share)."""
    out = []
    for char in value:
        code = ord(char)
        if char in ("\\", quote):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif not char.isprintable() or sanitise.text(char) != char:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def comment(value: str, setting: str) -> str:
    """``value`` inside a comment: one printable line, else refused."""
    if not value or not value.isprintable() or sanitise.text(value) != value:
        raise _refuse(value, setting, "a comment", "it holds a line break, a control "
                      "character or a character that reorders text")
    return value


def yaml_inner(value: str, setting: str) -> str:
    """``value`` inside a double-quoted YAML scalar."""
    del setting
    return _escapes(value, '"')


def yaml_scalar(value: str, setting: str) -> str:
    """``value`` as a whole YAML scalar: plain when YAML reads that as this string, else
    double-quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return f'"{yaml_inner(value, setting)}"'


def python_inner(value: str, setting: str) -> str:
    """``value`` inside a double-quoted Python string; proven by reading it back."""
    escaped = _escapes(value, '"')
    try:
        same = ast.literal_eval(f'"{escaped}"') == value
    except (ValueError, SyntaxError):
        same = False
    if not same:
        raise _refuse(value, setting, "a Python string", "it does not read back as itself")
    return escaped


def toml_string(value: str, setting: str) -> str:
    """``value`` as a TOML basic string (quotes included); proven by reading it back."""
    quoted = f'"{_escapes(value, chr(34))}"'
    try:
        same = tomllib.loads(f"v = {quoted}\n")["v"] == value
    except tomllib.TOMLDecodeError:
        same = False
    if not same:
        raise _refuse(value, setting, "a TOML string", "it does not read back as itself")
    return quoted


def requirement(value: str, setting: str) -> str:
    """One requirement line: a PEP 508 requirement that ``packaging`` reads, on one line."""
    from packaging.requirements import InvalidRequirement, Requirement

    text = value.strip()
    if not text or not text.isprintable() or text.startswith("-"):
        raise _refuse(value, setting, "a requirements file", "a requirement is one line, and "
                      "never an option such as --index-url")
    try:
        Requirement(text)
    except InvalidRequirement as exc:
        raise _refuse(value, setting, "a requirements file", f"it is not a requirement "
                      f"({str(exc).splitlines()[0]})") from None
    return text


def index_url(value: str, setting: str) -> str:
    """The URL of an ``--index-url`` line: http(s) or file, no space or control character."""
    if not re.fullmatch(r"(https?|file)://[^\s#]+", value) or not value.isprintable():
        raise _refuse(value, setting, "a requirements file", "an index URL is http(s):// or "
                      "file:// without spaces, control characters or #")
    return value


def glob_literal(value: str) -> str:
    """``value`` as a GitHub Actions filter pattern that matches exactly it: the pattern
    characters (``* ? + [ ] !``) and the backslash escaped with a backslash."""
    return re.sub(r"([*?+\[\]!\\])", r"\\\1", value)


def folder(value: str, setting: str) -> str:
    """A folder path for workflows (``working-directory``, artifact globs, Dependabot)."""
    if value and not _FOLDER.fullmatch(value):
        raise _refuse(value, setting, "the workflows (paths and upload globs)", "only "
                      "letters, digits and . _ + - / are written there")
    return value
