"""The changelog model: sections, their versions, dates and bodies, in either format.

Pure logic, no I/O. A :class:`Changelog` holds the text (BOM removed, ``\\n`` newlines; both
restored by :meth:`Changelog.render`) and reads its sections lazily from the top through the
format's reader (:mod:`release.changelog.markdown` or :mod:`release.changelog.rst`), so a
caller that needs the newest sections does not pay for the rest of the file.

Sections are the headings at the level of the first heading that names a release or says
"unreleased"; deeper headings (``### Added``) belong to the body, and a shallower heading
ends the section before it. A section's heading block is its heading plus what the file
repeats under every release title: a date line (``Released 2024-12-19``, ``*2025-09-16*``,
``_4 August 2026_``), a pending marker (``Unreleased``, ``.. note:: … not yet released``),
and a link line that names the version (``[GitHub release](…/tag/v2.14.0)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from release.changelog import markdown, plain, rst, sphinx_releases
from release.changelog.dates import FoundDate
from release.changelog.lines import BOLD, RawHeading, bold_title, iter_lines
from release.changelog.titles import Title, date_line, is_pending_marker, parse_title
from release.errors import ChangelogError
from release.project.versions import Version

MARKDOWN = "markdown"
RST = "rst"

_LINK_USE = re.compile(r"\[(?P<a>[^\]\n]{1,999})\](?:\[(?P<b>[^\]\n]{0,999})\])?(?![(:])")


def format_for(path: str) -> str:
    """``rst`` for ``.rst``/``.rest``/``.txt`` files, else ``markdown``."""
    lower = path.lower()
    return RST if lower.endswith((".rst", ".rest", ".txt")) else MARKDOWN


class _Block(NamedTuple):
    end: int
    date_line: tuple[int, int, FoundDate] | None
    marker: tuple[int, int] | None
    extra: tuple[int, int] | None


class Section:
    """One section: its heading block and where its body is.

    The title and the lines under it are parsed on first use, so that looking for one
    version among thousands of sections parses only the titles that can match.
    """

    def __init__(self, raw: RawHeading, text: str, index: int, info: Title | None = None,
                 owner: Changelog | None = None) -> None:
        self.raw = raw
        self.index = index
        self.end: int | None = None
        """Where the section ends; set once the reader has passed it."""
        self._text = text
        self._info = info
        self._block: _Block | None = None
        self._owner = owner
        self._undated: bool | None = None
        self.doubled: RawHeading | None = None
        """A second title for the same version right under this one (towncrier templates
        that render their own title under ``title_format``'s): part of the heading block."""

    @property
    def info(self) -> Title:
        if self._info is None:
            self._info = title_of(self.raw)
        return self._info

    @property
    def block(self) -> _Block:
        if self._block is None:
            block = _heading_block(self._text, self.raw, self.info)
            if self.doubled is not None:  # the second title's lines belong to the block too
                second = _heading_block(self._text, self.doubled, title_of(self.doubled))
                block = _Block(second.end, block.date_line or second.date_line,
                               block.marker or second.marker, block.extra or second.extra)
            self._block = block
        return self._block

    @property
    def block_end(self) -> int:
        """Offset after the heading block (heading, date line, marker, link line)."""
        return self.block.end

    @property
    def body_start(self) -> int:
        return self.block.end

    @property
    def date_line(self) -> tuple[int, int, FoundDate] | None:
        """``(line start, line end, date)`` of a date written on a line of its own."""
        return self.block.date_line

    @property
    def marker(self) -> tuple[int, int] | None:
        """``(start, end)`` of a pending marker line (``Unreleased``)."""
        return self.block.marker

    @property
    def extra(self) -> tuple[int, int] | None:
        """``(start, end)`` of a link line the file repeats under every release title."""
        return self.block.extra

    @property
    def line(self) -> int:
        return self.raw.line

    @property
    def start(self) -> int:
        return self.raw.start

    @property
    def title(self) -> str:
        return self.raw.title

    @property
    def display(self) -> str:
        """The heading as written: ``## [1.4.0] - 2026-11-24`` or an rST/setext title."""
        if self.raw.markup == "atx":
            return "#" * int(self.raw.rank[0]) + " " + self.raw.title
        return self.raw.title

    @property
    def version(self) -> Version | None:
        return self.info.version

    @property
    def version_text(self) -> str | None:
        return self.info.version_text

    @property
    def date(self) -> str | None:
        """The release date as ``YYYY-MM-DD`` (from the title or the date line)."""
        found = self.found_date
        return None if found is None else found.iso

    @property
    def found_date(self) -> FoundDate | None:
        if self.info.date is not None:
            return self.info.date
        return self.date_line[2] if self.date_line is not None else None

    @property
    def yanked(self) -> bool:
        return self.info.yanked

    @property
    def is_unreleased(self) -> bool:
        """Not released yet: ``Unreleased`` and friends, a version marked as pending, or the
        top version of a file that dates its releases, written with no date
        (``Version 3.2.0`` above ``Version 3.1.8`` / ``Released 2026-04-02``)."""
        return self.info.pending or self.marker is not None or self.undated_top

    @property
    def undated_top(self) -> bool:
        """The first section that names a version, with no date and no pending word, right
        above a dated release: the file's way of writing the version in development."""
        if self._undated is None:
            self._undated = self._owner is not None and self._owner.undated_top(self)
        return self._undated

    @property
    def is_release(self) -> bool:
        return self.info.version is not None and not self.is_unreleased

    @property
    def names_version(self) -> bool:
        return self.info.version is not None


Heading = Section
"""The name earlier versions used for a section."""


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
            "keep the changelog as UTF-8 text (Markdown or reStructuredText)",
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

    def __init__(self, content: str, path: str = "CHANGELOG.md", fmt: str | None = None) -> None:
        self.path = path
        self.format = fmt or format_for(path)
        self.bom = content.startswith("\ufeff")
        if self.bom:
            content = content[1:]
        self.newline = "\r\n" if "\r\n" in content else "\n"
        self.text = content.replace("\r\n", "\n") if self.newline == "\r\n" else content
        self._deepest = [6]
        self.style = ""
        """``releases`` for a file of the Sphinx ``releases`` extension, else empty."""
        if self.format == RST and sphinx_releases.is_releases(self.text):
            self.style = sphinx_releases.MARKUP
            self._raw = sphinx_releases.scan(self.text)
        elif self.format == RST:
            self._raw = rst.scan(self.text)
        else:
            self._raw = markdown.scan(self.text, self._deepest)
        self._ahead: list[RawHeading] = []
        self._sections: list[Section] = []
        self._ranks: list[tuple[str, ...]] = []
        self._rank: tuple[str, ...] | None = None
        self._open: Section | None = None
        self._done = False
        self._plain = False
        """The file's markup names no release: its plain release lines are read instead."""
        self.released: frozenset[Version] = frozenset()
        """Versions known to be released (their tags exist): an undated top section of one of
        them is a release that lacks its date, not the version in development."""

    # -- reading -----------------------------------------------------------------------

    def _outranks(self, rank: tuple[str, ...]) -> bool:
        """True when a heading of ``rank`` is above the section level.

        A bold paragraph (``**4.14.2**``) is never above anything; when bold paragraphs are
        the sections, a real heading ends one only if its kind appeared before the first of
        them (the document's title), as rST ranks its adornments.
        """
        section_rank = self._rank or rank
        if rank in (BOLD, plain.PLAIN):
            return False
        if self.format == MARKDOWN and section_rank not in (BOLD, plain.PLAIN):
            return int(rank[0]) < int(section_rank[0])
        return self._ranks.index(rank) < self._ranks.index(section_rank)

    def _advance(self) -> bool:
        """Read up to the next section heading; False at the end of the file."""
        while True:
            raw = self._next_raw()
            if raw is None and self._rank is None and not self._plain and not self.style:
                # no heading of the file's markup names a release: pyflakes' plain
                # `3.4.0 (2025-06-20)` lines, read again from the top
                self._plain, self._ranks = True, []
                self._raw = plain.scan(self.text)
                continue
            if raw is None:
                break
            if raw.rank not in self._ranks:
                self._ranks.append(raw.rank)
            info: Title | None = None
            if self._rank is None:
                info = title_of(raw)
                if info.version is None and not info.pending:
                    continue
                if raw.rank == BOLD and info.version is None and not self._bold_releases():
                    continue  # `**Unreleased**` above `## 1.4.0` headings: not a section
                above = self._plain_above(raw, info.version)
                if above:  # PyYAML: the newest releases are plain lines above the titles
                    self._plain = True
                    self._ahead[:0] = [*above, raw]
                    continue
                self._rank = raw.rank
                if self.format == MARKDOWN and raw.rank not in (BOLD, plain.PLAIN):
                    self._deepest[0] = int(raw.rank[0])
            elif raw.rank != self._rank:
                if self._outranks(raw.rank) and self._open is not None:
                    self._open.end = raw.start
                    self._open = None
                continue
            elif raw.markup in ("bold", "plain"):
                # Bold paragraphs are sections only when they name a release or say
                # "unreleased"; any other (``**Breaking changes**``) is body text.
                info = parse_title(raw.title)
                if info.version is None and not info.pending:
                    continue
            if self._open is not None:
                self._open.end = raw.start
            section = Section(raw, self.text, len(self._sections), info, self)
            self._sections.append(section)
            self._open = section
            if not self._ahead:
                following = next(self._raw, None)
                if following is not None:
                    self._ahead.append(following)
            if self._ahead and self._ahead[0].rank == raw.rank \
                    and self._doubles(section, self._ahead[0]):
                self._ahead.pop(0)
            return True
        self._done = True
        if self._open is not None:
            self._open.end = max(self._open.body_start, self.link_block_start(
                self._open.body_start))
            self._open = None
        return False

    def _plain_above(self, raw: RawHeading, version: Version | None) -> list[RawHeading]:
        """The plain release lines above the first release title ``raw`` (PyYAML's newest
        ``6.0.2 (2024-08-06)`` above its underlined ``3.13 (2018-07-05)``), as sections of its
        rank: only when every one names a version higher than ``version`` (the first may be
        pending), newest first; else none."""
        if self._plain or self.style or version is None or raw.rank == BOLD:
            return []
        found = list(plain.scan(self.text[:raw.start]))
        versions = [title_of(line).version for line in found]
        named = [v for v in versions if v is not None]
        if not found or None in versions[1:] or len(named) < len(found) - 1 \
                or any(v <= version for v in named) or named != sorted(named, reverse=True):
            return []
        return [line._replace(rank=raw.rank) for line in found]

    def _doubles(self, section: Section, raw: RawHeading) -> bool:
        """True (and ``raw`` joins the heading block of ``section``) when ``raw`` repeats the
        title of the section right above it: the same version, nothing but blank lines
        between (``2026.8.0 (2026-08-20)`` then ``mytool 2026.8.0 (2026-08-20)``)."""
        if section.doubled is not None or section.version is None \
                or self.text[section.block_end:raw.start].strip():
            return False
        if title_of(raw).version != section.version:
            return False
        section.doubled = raw
        section._block = None  # computed again, with the second title's lines
        return True

    def _next_raw(self) -> RawHeading | None:
        if self._ahead:
            return self._ahead.pop(0)
        return next(self._raw, None)

    def _bold_releases(self) -> bool:
        """True when the first heading below that names a version is a bold paragraph
        (read ahead; the headings read are kept for :meth:`_advance`)."""
        for seen in self._ahead:
            if parse_title(seen.title).version is not None:
                return seen.rank == BOLD
        while True:
            raw = next(self._raw, None)
            if raw is None:
                return False
            self._ahead.append(raw)
            if parse_title(raw.title).version is not None:
                return raw.rank == BOLD

    def sections(self) -> Iterator[Section]:
        """The sections from the top, parsed lazily and remembered."""
        index = 0
        while True:
            if index < len(self._sections):
                yield self._sections[index]
                index += 1
                continue
            if self._done or not self._advance():
                return

    headings = sections

    def next_heading(self, section: Section) -> Section | None:
        """The section after ``section`` (reading on only as far as needed)."""
        while section.index + 1 >= len(self._sections) and not self._done:
            self._advance()
        if section.index + 1 < len(self._sections):
            return self._sections[section.index + 1]
        return None

    def section_end(self, section: Section) -> int:
        """Offset where the section ends: the next heading at its level or above, or the
        link definitions at the end of the file."""
        while section.end is None and not self._done:
            self._advance()
        return section.end if section.end is not None else len(self.text)

    def link_block_start(self, after: int = 0) -> int:
        """Offset of the link definitions (Markdown) or targets (rST) that end the file."""
        if self.format == RST:
            block = rst.trailing_targets_start(self.text)
        else:
            block = markdown.trailing_links_start(self.text)
        return max(block, after)

    def body(self, section: Section) -> str:
        """The section text between its heading block and the next section."""
        return self.text[section.body_start : self.section_end(section)]

    def entries_start(self, section: Section) -> int:
        """After the heading block and the comments that open the body (markers such as
        ``.. vendor-insert-here``: they stay under the heading when the entries move)."""
        scan = rst.comments_end if self.format == RST else markdown.comments_end
        return scan(self.text, section.body_start, self.section_end(section))

    def entries(self, section: Section) -> str:
        """The body without the comments that open it (:meth:`entries_start`)."""
        return self.text[self.entries_start(section) : self.section_end(section)]

    def find(self, version: Version) -> Section | None:
        """The first section whose version equals ``version`` (PEP 440 equality)."""
        found = self.find_all(version, limit=1)
        return found[0] if found else None

    def find_all(self, version: Version, limit: int | None = None) -> list[Section]:
        """Every section for ``version`` (reads the whole file unless ``limit`` is reached)."""
        # Every non-zero release number is spelled in an equal heading's title: a substring
        # test that spares parsing the versions of all the other sections.
        needles = [str(number) for number in version.release if number]
        found: list[Section] = []
        for section in self.sections():
            if all(n in section.title for n in needles) and section.version == version:
                found.append(section)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def undated_top(self, section: Section) -> bool:
        """See :attr:`Section.undated_top`."""
        info = section.info
        if info.version is None or info.pending or section.found_date is not None \
                or section.marker is not None or info.version in self.released:
            return False
        if any(other.names_version for other in self._sections[: section.index]):
            return False
        following: Section | None = section
        while following is not None:
            following = self.next_heading(following)
            if following is not None and following.names_version:
                # a version in development is above the release it follows; a lower one is
                # a release that lacks its date (or is out of place)
                return (following.found_date is not None and not following.info.pending
                        and following.marker is None and following.version is not None
                        and info.version > following.version)
        return False

    def mark_released(self, versions: frozenset[Version]) -> None:
        """Tell the changelog which versions are released (see :attr:`released`)."""
        self.released = versions
        for section in self._sections:
            section._undated = None

    def pending(self) -> list[Section]:
        """The unreleased sections above the first release."""
        found = []
        for section in self.sections():
            if section.is_release:
                break
            if section.is_unreleased:
                found.append(section)
        return found

    def unreleased(self) -> Section | None:
        """The unreleased section, looked for among the sections above the first release."""
        pending = self.pending()
        return pending[0] if pending else None

    def first_release(self) -> Section | None:
        for section in self.sections():
            if section.is_release:
                return section
        return None

    def newest(self) -> Section | None:
        """The first section that names a version (a release, or a pending ``Version X``)."""
        for section in self.sections():
            if section.names_version:
                return section
        return None

    def releases(self, count: int) -> list[Section]:
        """The first ``count`` release sections."""
        found: list[Section] = []
        for section in self.sections():
            if section.is_release:
                found.append(section)
                if len(found) >= count:
                    break
        return found

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def heading_line_at(self, line_start: int) -> Title | None:
        """The title of a section-level heading whose title line starts at ``line_start``.

        For the duplicate search, which looks at single lines found with ``str.find``.
        """
        text = self.text
        end = text.find("\n", line_start)
        end = len(text) if end == -1 else end
        line = text[line_start:end]
        if self.style == sphinx_releases.MARKUP:
            match = sphinx_releases.RELEASE_LINE.fullmatch(line)
            return sphinx_releases.title_of(match.group("role")) if match else None
        if self._rank == BOLD:
            return parse_title(line.strip()) if bold_title(text, line_start, end) else None
        if self.format == MARKDOWN:
            stripped = line.lstrip(" ")
            if stripped.startswith("#"):
                title = stripped.lstrip("#").strip()
                return parse_title(title) if stripped[len(stripped) - len(stripped.lstrip("#"))
                                                     :][:1] in (" ", "\t") else None
        after = text.find("\n", end + 1)
        under = text[end + 1 : len(text) if after == -1 else after].strip()
        if under and len(under) >= 2 and under[0] in rst.ADORNMENT and not under.strip(under[0]):
            return parse_title(line.strip())
        return None

    def later_mention(self, section: Section, version: Version) -> int | None:
        """Line of another heading for the same version, without parsing the whole file.

        The next section is compared by PEP 440 equality; the rest of the file is searched
        with ``str.find`` for the version as the section spells it and in normal form, each
        hit checked for a heading title.
        """
        following = self.next_heading(section)
        if following is not None and following.version == version:
            return following.line
        seen_end = following.block_end if following is not None else section.block_end
        text = self.text
        needles = {str(version)}
        if section.version_text:
            needles.add(section.version_text)
        best: int | None = None
        for needle in needles:
            position = text.find(needle, seen_end)
            while position != -1 and (best is None or position < best):
                line_start = text.rfind("\n", 0, position) + 1
                title = self.heading_line_at(line_start)
                if title is not None and title.version == version:
                    best = line_start
                    break
                position = text.find(needle, position + 1)
        return None if best is None else self.line_of(best)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line (for messages)."""
        start = 0
        for _ in range(line - 1):
            start = self.text.find("\n", start) + 1
            if start == 0:
                return ""
        end = self.text.find("\n", start)
        return self.text[start : len(self.text) if end == -1 else end].strip()

    def notes(self, section: Section) -> str:
        """The section body as written, plus the link definitions it uses.

        The heading block is left out, except a link line under the title
        (``[GitHub release](…/tag/v2.14.0)``): it is the first line of the notes. Comments
        that open the body (a marker such as ``.. vendor-insert-here``) are left out too.
        """
        start = section.extra[0] if section.extra is not None else self.entries_start(section)
        body = _strip_separator(_strip_blank_lines(self.text[start:self.section_end(section)]))
        if self.format == MARKDOWN:
            definitions = markdown.link_definitions(self.text)
            used: list[str] = []
            for match in _LINK_USE.finditer(body):
                label = (match.group("b") or match.group("a")).lower()
                if label in definitions and label not in used:
                    used.append(label)
            inline = {m.group("label").lower() for m in markdown.LINK_DEF.finditer(body)}
            extra = [definitions[label][0] for label in used if label not in inline]
            if extra:
                body += "\n\n" + "\n".join(extra)
        return body + "\n" if body.strip() else ""

    # -- writing -----------------------------------------------------------------------

    def render(self, text: str | None = None) -> str:
        """Text ready to write back: the original newline style and BOM restored."""
        out = self.text if text is None else text
        if self.newline != "\n":
            out = out.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "") + out


def title_of(raw: RawHeading) -> Title:
    """What a heading's title says (a release line of the ``releases`` extension, or a
    title in any other form)."""
    if raw.markup == sphinx_releases.MARKUP:
        return sphinx_releases.title_of(raw.title)
    return parse_title(raw.title)


def _heading_block(text: str, raw: RawHeading, info: Title) -> _Block:
    """The lines under a title that belong to its heading block."""
    end = raw.end
    found_date = marker = extra = None
    if info.version is None or raw.markup == sphinx_releases.MARKUP:
        return _Block(end, None, None, None)
    lines = _first_lines(text, raw.end, 2)
    if lines and info.date is None:
        start, stop = lines[0]
        found = date_line(text[start:stop])
        if found is not None and not info.pending:
            found_date = (start, stop, found)
        elif is_pending_marker(text[start:stop]):
            marker = (start, stop)
        if found_date is not None or marker is not None:
            end = min(stop + 1, len(text))
            lines.pop(0)
    if lines:
        start, stop = lines[0]
        line = text[start:stop]
        if info.version_text and _is_link_line(line, info.version_text):
            extra = (start, stop)
            end = min(stop + 1, len(text))
    return _Block(end, found_date, marker, extra)


_INLINE_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")


def _is_link_line(line: str, version: str) -> bool:
    """A line of links that name the version (``[GitHub release](…/tag/v2.14.0)``), not
    prose that mentions it next to a link (mypy: ``We've just uploaded mypy 2.3.0 to the
    Python Package Index ([PyPI](…))`` under ``## Mypy 2.3``)."""
    if len(line) >= 500 or line.lstrip().startswith(("-", "*", "+", "#")):
        return False
    links = _INLINE_LINK.findall(line)
    whole = re.compile(r"(?<!\d)(?<!\d\.)" + re.escape(version) + r"(?!\d|\.\d)")
    if not any(whole.search(label) or whole.search(url) for label, url in links):
        return False
    return len(re.findall(r"[^\W_]+", _INLINE_LINK.sub(" ", line))) <= 3


def _first_lines(text: str, start: int, count: int) -> list[tuple[int, int]]:
    """The first ``count`` non-blank lines from ``start``, as ``(start, end)``."""
    found: list[tuple[int, int]] = []
    for begin, end in iter_lines(text, start):
        if text[begin:end].strip():
            found.append((begin, end))
            if len(found) >= count:
                break
    return found


_SEPARATOR = re.compile(r"\n[ \t]*\n[ \t]*(?:([!-/:-@\[-`{-~])\1{3,}|(?:[-*_][ \t]*){3,})[ \t]*$")
"""A last line that separates releases, after a blank line (so no setext underline): an rST
transition (``----``, aiosignal's towncrier template) or a Markdown thematic break (``---``)."""


def _strip_separator(body: str) -> str:
    """The notes without the separator that ends the section (it divides releases)."""
    match = _SEPARATOR.search(body)
    return _strip_blank_lines(body[:match.start()]) if match else body


def _strip_blank_lines(text: str) -> str:
    """``text`` without its leading and trailing blank (or whitespace-only) lines."""
    lines = text.split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    last = len(lines)
    while last > first and not lines[last - 1].strip():
        last -= 1
    return "\n".join(lines[first:last])
