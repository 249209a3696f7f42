"""Keep a Changelog files: read liberally, write canonically.

Pure logic, no I/O. The heading grammar lives here and only here.

Read: ``## [1.4.0] - 2026-11-24``, ``## 1.4.0 - 2026-11-24``, ``## [1.4.0](url) - date``,
``## v1.4.0``, ``## 1.4.0 (2026-11-24)``, ``## [Unreleased]``, ``[YANKED]`` markers, CRLF
line endings, a UTF-8 BOM, and ``## `` lines inside fenced code blocks (which are not
headings). Headings are found lazily, so a caller that needs only the top sections does
not pay for the rest of the file.

Write: ``## [Unreleased]``, ``## [X.Y.Z] - YYYY-MM-DD``, compare links at the bottom when
the file already uses link definitions. Every edit keeps the file's newline style and BOM
and changes no byte outside the edited spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from release.errors import ChangelogError
from release.versions import Version, parse_or_none

STUB_LINE = "- TODO: describe the changes in this release."
"""The placeholder ``prepare`` writes into an empty release; validation reports it."""

_SCAN = re.compile(r"^ {0,3}(?:(?P<fence>`{3,}|~{3,})[^\n]*|##[ \t]+(?P<title>[^\n]*))$", re.M)
_TITLE = re.compile(r"\[(?P<bracket>[^\]]+)\](?:\([^)\n]*\))?|(?P<plain>[^\s(\[]+)")
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_LINK_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*(?P<url>\S+)[^\n]*$", re.M)
_LINK_USE = re.compile(r"\[(?P<a>[^\]\n]+)\](?:\[(?P<b>[^\]\n]*)\])?(?![(:])")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(eq=False)
class Heading:
    """One ``## `` section heading of the changelog; its title is parsed on first use."""

    line: int
    start: int
    body_start: int
    title: str
    index: int = -1
    """Position among the file's headings, set by :class:`Changelog`."""

    @cached_property
    def _parts(self) -> tuple[str, str | None, bool]:
        """``(token, date, yanked)`` from the title."""
        match = _TITLE.match(self.title)
        if match is None:
            token, rest = self.title, ""
        else:
            token = (match.group("bracket") or match.group("plain") or "").strip()
            rest = self.title[match.end() :]
        date_match = _DATE.search(rest)
        return token, (date_match.group(1) if date_match else None), "[yanked]" in rest.lower()

    @property
    def token(self) -> str:
        """The version or label as written (``v1.4.0``, ``1.4.0-rc.1``, ``Unreleased``)."""
        return self._parts[0]

    @property
    def date(self) -> str | None:
        return self._parts[1]

    @property
    def yanked(self) -> bool:
        return self._parts[2]

    @property
    def is_unreleased(self) -> bool:
        return self.token.lower() == "unreleased"

    @property
    def version_text(self) -> str | None:
        """The version the heading names (``v`` stripped), or ``None``."""
        if self.version is None:
            return None
        return self.token[1:] if self.token[:1] in "vV" else self.token

    @cached_property
    def version(self) -> Version | None:
        """The version the heading names, or ``None`` (Unreleased, other titles)."""
        token = self.token
        if token.lower() == "unreleased":
            return None
        return parse_or_none(token[1:] if token[:1] in "vV" else token)

    @property
    def is_release(self) -> bool:
        return self.version is not None


def decode(data: bytes, path: str) -> str:
    """Decode changelog bytes, refusing empty, binary and non-UTF-8 content."""
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ChangelogError(
            "the changelog is empty",
            "start it with `# Changelog` and a `## [Unreleased]` section, or run "
            "`release prepare VERSION` to create it",
            file=path,
        )
    if b"\x00" in data:
        raise ChangelogError(
            "the changelog is a binary file (it contains NUL bytes)",
            "keep the changelog as UTF-8 Markdown text",
            file=path,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ChangelogError(
            f"the changelog is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "re-save the file as UTF-8",
            file=path,
            line=line,
        ) from None


class Changelog:
    """A parsed changelog. ``text`` is the content without BOM and with ``\\n`` newlines."""

    def __init__(self, content: str, path: str = "CHANGELOG.md") -> None:
        self.path = path
        self.bom = content.startswith("\ufeff")
        if self.bom:
            content = content[1:]
        self.newline = "\r\n" if "\r\n" in content else "\n"
        self.text = content.replace("\r\n", "\n") if self.newline == "\r\n" else content
        self._found: list[Heading] = []
        self._scan = self._iter_scan()
        self._done = False

    # -- reading -----------------------------------------------------------------------

    def _iter_scan(self) -> Iterator[Heading]:
        text = self.text
        line = 1
        pos = 0
        fence: str | None = None
        for match in _SCAN.finditer(text):
            start = match.start()
            line += text.count("\n", pos, start)
            pos = start
            marker = match.group("fence")
            if marker is not None:
                if fence is None:
                    fence = marker
                elif marker[0] == fence[0] and len(marker) >= len(fence):
                    fence = None
                continue
            if fence is not None:
                continue
            title = match.group("title").strip()
            end = match.end()
            body_start = end + 1 if end < len(text) else end
            yield Heading(line, start, body_start, title)

    def headings(self) -> Iterator[Heading]:
        """The ``## `` headings from the top, parsed lazily and remembered."""
        index = 0
        while True:
            if index < len(self._found):
                yield self._found[index]
                index += 1
                continue
            if self._done:
                return
            heading = next(self._scan, None)
            if heading is None:
                self._done = True
                return
            heading.index = len(self._found)
            self._found.append(heading)

    def next_heading(self, heading: Heading) -> Heading | None:
        """The heading after ``heading`` (scanning on only as far as needed)."""
        if heading.index + 1 < len(self._found):
            return self._found[heading.index + 1]
        for other in self.headings():
            if other.index > heading.index:
                return other
        return None

    def section_end(self, heading: Heading) -> int:
        """Offset where the section ends: the next heading, or the trailing link block."""
        following = self.next_heading(heading)
        if following is not None:
            return following.start
        return self.link_block_start(heading.body_start)

    def link_block_start(self, after: int = 0) -> int:
        """Offset of the link definitions (and blank lines) that end the file.

        ``len(text)`` when the file does not end with link definitions.
        """
        text = self.text
        offset = len(text)
        block = offset
        for raw in reversed(text[after:].split("\n")):
            offset -= len(raw)
            if _LINK_DEF.fullmatch(raw):
                block = offset
            elif raw.strip():
                break
            offset -= 1
        return block

    def body(self, heading: Heading) -> str:
        """The section text between its heading and the next section."""
        return self.text[heading.body_start : self.section_end(heading)]

    def find(self, version: Version) -> Heading | None:
        """The first section whose version equals ``version`` (PEP 440 equality)."""
        # Every non-zero release number must be spelled in an equal heading's title: a
        # substring test that spares parsing the titles of all the other sections.
        needles = [str(number) for number in version.release if number]
        for heading in self.headings():
            if all(n in heading.title for n in needles) and heading.version == version:
                return heading
        return None

    def unreleased(self) -> Heading | None:
        """The Unreleased section, looked for among the sections above the first release."""
        for heading in self.headings():
            if heading.is_unreleased:
                return heading
            if heading.is_release:
                return None
        return None

    def first_release(self) -> Heading | None:
        for heading in self.headings():
            if heading.is_release:
                return heading
        return None

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def link_definitions(self) -> dict[str, tuple[str, int]]:
        """``{label (lower case): (url, line)}`` for every link reference definition."""
        found: dict[str, tuple[str, int]] = {}
        start = self.link_block_start()
        for match in _LINK_DEF.finditer(self.text, start):
            found.setdefault(
                match.group("label").lower(), (match.group("url"), self.line_of(match.start()))
            )
        return found

    def notes(self, heading: Heading) -> str:
        """The section body (no heading) plus the link definitions it uses."""
        body = self.body(heading).strip("\n")
        definitions = _all_definitions(self.text)
        used: list[str] = []
        for match in _LINK_USE.finditer(body):
            label = (match.group("b") or match.group("a")).lower()
            if label in definitions and label not in used:
                used.append(label)
        inline = {m.group("label").lower() for m in _LINK_DEF.finditer(body)}
        extra = [definitions[label] for label in used if label not in inline]
        text = body + ("\n\n" + "\n".join(extra) if extra else "")
        return text.strip("\n") + "\n" if text.strip() else ""

    # -- writing -----------------------------------------------------------------------

    def render(self, text: str | None = None) -> str:
        """Text ready to write back: the original newline style and BOM restored."""
        out = self.text if text is None else text
        if self.newline != "\n":
            out = out.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "") + out


def _all_definitions(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _LINK_DEF.finditer(text):
        found.setdefault(match.group("label").lower(), match.group(0).strip())
    return found


def is_filled(body: str) -> bool:
    """True when a section body says something: more than headings, comments and the stub."""
    text = _COMMENT.sub("", body)
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#") or _LINK_DEF.fullmatch(raw):
            continue
        if line == STUB_LINE:
            continue
        return True
    return False


def has_stub(body: str) -> bool:
    return any(line.strip() == STUB_LINE for line in body.split("\n"))


def canonical_heading(version: str, date: str) -> str:
    return f"## [{version}] - {date}"


NEW_CHANGELOG = """# Changelog

All notable changes to this project are documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),
and this project adheres to [PEP 440](https://peps.python.org/pep-0440/) versions.

## [Unreleased]
"""


@dataclass(frozen=True)
class LinkContext:
    """What compare links need: the repository URL and the tags around the release."""

    repository_url: str | None
    tag_prefix: str
    previous_tag: str | None


def release_unreleased(changelog: Changelog, version: str, date: str, links: LinkContext) -> str:
    """The new changelog text (``\\n`` newlines) with ``[Unreleased]`` turned into a release.

    The content of ``[Unreleased]`` becomes ``## [version] - date`` under a fresh empty
    ``## [Unreleased]``; an empty or missing Unreleased section gives a stub release
    section whose placeholder validation reports. Compare links are updated when the file
    already has link definitions for its sections.
    """
    text = changelog.text
    unreleased = changelog.unreleased()
    heading = canonical_heading(version, date)
    if unreleased is not None:
        body = changelog.body(unreleased)
        end = changelog.section_end(unreleased)
        if is_filled(body):
            replacement = f"## [Unreleased]\n\n{heading}\n{body}"
        else:
            replacement = f"## [Unreleased]\n\n{heading}\n\n{STUB_LINE}\n\n"
        if end >= len(text) and not replacement.endswith("\n"):
            replacement += "\n"
        new = text[: unreleased.start] + replacement + text[end:]
    else:
        first = changelog.first_release()
        anchor = first.start if first is not None else changelog.link_block_start()
        before, after = text[:anchor], text[anchor:]
        if before and not before.endswith("\n"):
            before += "\n"
        if before and not before.endswith("\n\n"):
            before += "\n"
        block = f"## [Unreleased]\n\n{heading}\n\n{STUB_LINE}\n\n"
        new = before + (block if after else block.rstrip("\n") + "\n") + after
    return _update_links(Changelog(new, changelog.path), version, links)


def _update_links(changelog: Changelog, version: str, links: LinkContext) -> str:
    text = changelog.text
    definitions = changelog.link_definitions()
    section_labels = {
        label for label in definitions if label == "unreleased" or parse_or_none(label.lstrip("v"))
    }
    if not section_labels:
        return text
    base = links.repository_url
    if not base and "unreleased" in definitions:
        url = definitions["unreleased"][0]
        if "/compare/" in url:
            base = url.split("/compare/", 1)[0]
    if not base:
        return text
    base = base.rstrip("/")
    if base.endswith(".git"):
        base = base[:-4]
    tag = f"{links.tag_prefix}{version}"
    unreleased_line = f"[unreleased]: {base}/compare/{tag}...HEAD"
    if links.previous_tag:
        release_line = f"[{version}]: {base}/compare/{links.previous_tag}...{tag}"
    else:
        release_line = f"[{version}]: {base}/releases/tag/{tag}"
    lines = text.split("\n")
    start_line = changelog.line_of(changelog.link_block_start()) - 1
    unreleased_index = None
    for index in range(start_line, len(lines)):
        match = _LINK_DEF.fullmatch(lines[index])
        if match and match.group("label").lower() == "unreleased":
            unreleased_index = index
            label = match.group("label")
            unreleased_line = f"[{label}]:" + unreleased_line.split("]:", 1)[1]
            break
    if version.lower() in definitions:
        release_line = ""
    if unreleased_index is not None:
        lines[unreleased_index] = unreleased_line
        if release_line:
            lines.insert(unreleased_index + 1, release_line)
    else:
        insert_at = start_line
        new_lines = [unreleased_line] + ([release_line] if release_line else [])
        lines[insert_at:insert_at] = new_lines
    return "\n".join(lines)
