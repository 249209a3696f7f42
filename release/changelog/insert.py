"""Writing a release section in the file's own style, directly above the newest release.

Pure logic, no I/O. The style is learnt from the newest release's heading block, which is
copied with three substitutions: its version becomes the new version, the version before it
becomes its own (so ``compare/0.23.0...0.24.0`` becomes ``compare/0.24.0...0.24.1`` and
``hatch-v1.18.0`` becomes ``hatch-v1.18.1``), and its date becomes the release date written in
the same form. rST and setext underlines follow the new title's length. ``[YANKED]`` is not
copied.

The unreleased section becomes the release:

- a pending section that names the version (``Version 8.1.9`` + ``Unreleased``,
  ``v2026.07.1 (unreleased)``, ``Release 9.1.1 (in development)``) is turned into the release
  in place: its title is rewritten in the release style (keeping its own version spelling)
  and its pending marker becomes the date line, or goes;
- any other pending heading (``## [Unreleased]``, ``## Unreleased``, ``## Latest Changes``,
  ``dev``) stays as it is spelled, and the release heading is inserted under it, so the
  pending entries become the release's body. A compare link in it (``…/compare/26.1.0...HEAD``)
  moves on to the new tag;
- with no pending section, the release heading goes directly above the newest release.

Link reference definitions at the end of a Markdown file get a line for the new version,
above the newest one and in the same URL shape, and an ``[Unreleased]`` definition moves on.

Canonical Keep a Changelog form (``## [X.Y.Z] - YYYY-MM-DD``) only when the file has no
release yet. Whatever cannot be placed is refused with :class:`ChangelogError` before
anything is written: two pending sections, releases oldest first, the two newest releases
in different heading styles, a file with no release and no unreleased section, or a newest
release that is not lower than the new version. No section is ever appended at the end.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from release.changelog import sphinx_releases
from release.changelog.dates import ISO, valid_iso
from release.changelog.lines import RawHeading
from release.changelog.links import LinkContext, update_links
from release.changelog.model import MARKDOWN, Changelog, Section
from release.changelog.spelling import spellings as _spellings
from release.changelog.spelling import substitute as _substitute
from release.changelog.titles import unsectioned
from release.errors import ChangelogError
from release.project.versions import Version, parse, parse_or_none

NEW_CHANGELOG = """# Changelog

All notable changes to this project are documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),
and this project adheres to [PEP 440](https://peps.python.org/pep-0440/) versions.

## [Unreleased]
"""

_DATE_SLOT = "\x00DATE\x00"
_YANKED = re.compile(r"[ \t]*\[yanked\]", re.IGNORECASE)
_BULLET = re.compile(r"(?P<bullet> {0,3}(?:[-*+\u2022]|\d{1,9}[.)])[ \t]+)\S")


def canonical_heading(version: str, date: str, changelog: Changelog | None = None) -> str:
    """Keep a Changelog's ``## [1.4.0] - 2026-11-24``; for an rST file, a title with the
    underline its sections use (``1.4.0 (2026-11-24)`` over ``------------------``)."""
    if changelog is not None and _plain(changelog):  # pyflakes: `3.4.0 (2025-06-20)`
        return f"{version} ({date})"
    if changelog is None or changelog.format == MARKDOWN:
        return f"## [{version}] - {date}"
    title = f"{version} ({date})"
    return title + "\n" + _rst_char(changelog) * len(title)


def _plain(changelog: Changelog) -> bool:
    """True when the file's releases are plain lines (:mod:`release.changelog.plain`)."""
    first = next(iter(changelog.sections()), None)
    return first is not None and first.raw.markup == "plain"


def pending_heading(changelog: Changelog) -> str:
    """An unreleased heading in the file's own markup, for hints."""
    if changelog.style == sphinx_releases.MARKUP:
        return "- :bug:`123` ... (entries above the newest release line are unreleased)"
    raw = next((section.raw for section in changelog.sections()), None)
    if raw is not None and raw.markup == "bold":
        return "**Unreleased**"
    if raw is not None and raw.markup == "plain":
        return "Unreleased"
    if changelog.format == MARKDOWN:
        if raw is not None and raw.markup == "setext":  # `4.6.2 - 2026-08-10` / `====`
            return "Unreleased\n" + ("=" if raw.rank == ("1",) else "-") * len("Unreleased")
        if raw is not None and raw.markup == "atx" and raw.rank != ("2",):
            return "#" * int(raw.rank[0]) + " Unreleased"
        if raw is not None and raw.markup == "atx" and not raw.title.startswith("["):
            return "## Unreleased"  # markdown-it-py: `## 4.2.0 - 2026-…`, no brackets
        return "## [Unreleased]"
    char = raw.rank[0] if raw is not None and raw.markup == "rst" else "-"
    line = char * len("Unreleased")
    over = raw is not None and raw.markup == "rst" and raw.rank[1:] == ("over",)
    return (line + "\n" if over else "") + "Unreleased\n" + line


def sample_entry(changelog: Changelog) -> str:
    """A sample entry for hints, with the bullet and indent of the file's own entries
    (``* ...`` where they read ``* Fix ...``; ``- ...`` when there are none)."""
    for section in [*changelog.pending()[:1], *changelog.releases(2)]:
        for line in changelog.entries(section).split("\n"):
            match = _BULLET.match(line)
            if match is not None:
                return re.sub(r"\d+", "1", match.group("bullet")) + "..."
    return "- ..."


def _rst_char(changelog: Changelog) -> str:
    """The adornment of the file's sections (``-`` when it has none yet)."""
    for section in changelog.sections():
        if section.raw.markup == "rst":
            return section.raw.rank[0]
        break
    return "-"


def _refuse(
    changelog: Changelog, message: str, hint: str, line: int | None = None
) -> ChangelogError:
    return ChangelogError(message, hint, file=changelog.path, line=line)


def _gap_before(text: str, offset: int) -> int:
    """Number of blank lines just above ``offset`` (a line start)."""
    count = 0
    pos = offset - 1  # the newline that ends the line above
    while pos > 0:
        start = text.rfind("\n", 0, pos) + 1
        if text[start:pos].strip():
            break
        count += 1
        if start == 0:
            break
        pos = start - 1
    return count


@dataclass
class _Block:
    """A heading block as lines, with the index of its title line."""

    lines: list[str]
    title: int
    markup: str
    overline: bool

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _template(changelog: Changelog, newest: Section) -> tuple[_Block, bool]:
    """The newest release's heading block with its date replaced by a slot."""
    text = changelog.text
    start, end = newest.start, newest.block_end
    found = newest.found_date
    block = text[start:end]
    if found is not None:
        if newest.info.date is not None or newest.date_line is None:
            line = text[newest.raw.title_start:newest.raw.title_end]
            where = newest.raw.title_start + line.index(newest.raw.title) + found.start
        else:
            where = newest.date_line[0] + found.start
        offset = where - start
        block = block[:offset] + _DATE_SLOT + block[offset + len(found.text):]
    block = block.rstrip("\n")
    title_index = text.count("\n", start, newest.raw.title_start)
    lines = block.split("\n")
    return _Block(lines, title_index, newest.raw.markup, newest.raw.rank[1:] == ("over",)), \
        found is not None


def _fix_adornments(block: _Block, old_width: int, old_underline: int) -> None:
    """Make an rST or setext underline (and overline) fit the new title."""
    if block.markup in ("atx", "bold", "plain"):
        return
    width = len(block.lines[block.title].rstrip())
    length = max(1, width + (old_underline - old_width))
    under = block.title + 1
    if under < len(block.lines) and block.lines[under].strip():
        char = block.lines[under].strip()[0]
        block.lines[under] = char * length
    if block.overline and block.title >= 1:
        over = block.lines[block.title - 1]
        if over.strip():
            block.lines[block.title - 1] = over.strip()[0] * length


def _render_block(
    changelog: Changelog, newest: Section, spellings: dict[str, str], date_text: str | None
) -> _Block:
    template, dated = _template(changelog, newest)
    lines = [_substitute(line, spellings) for line in template.lines]
    lines[template.title] = _YANKED.sub("", lines[template.title])
    block = _Block(lines, template.title, template.markup, template.overline)
    if dated:
        rendered = date_text or ""
        block.lines = [line.replace(_DATE_SLOT, rendered) for line in block.lines]
    _fix_adornments(block, newest.raw.title_width, newest.raw.underline)
    return block


def _date_text(newest: Section | None, date: str) -> str:
    found = newest.found_date if newest is not None else None
    form = found.form if found is not None else ISO
    return form.render(date)


def style_is_dated(changelog: Changelog, releases: list[Section] | None = None) -> bool:
    """False when the file writes no dates: several releases and none of the newest dated."""
    top = releases if releases is not None else changelog.releases(3)
    if len(top) < 2:
        return True
    return any(section.date is not None for section in top)


def heading_for(changelog: Changelog, version: str, date: str | None) -> str:
    """The heading block ``prepare`` would write for ``version`` (for hints).

    The style comes from the newest release of another version that has a date (the newest
    release when none has), so that a hint for an undated section shows the file's dates.
    """
    releases = changelog.releases(3)
    if changelog.style == sphinx_releases.MARKUP:
        return sphinx_releases.release_line(version, date or "YYYY-MM-DD")
    if not releases:
        return canonical_heading(version, date or "YYYY-MM-DD", changelog)
    wanted = parse_or_none(version)
    others = [s for s in releases if s.version != wanted] or releases
    template = next((s for s in others if s.found_date is not None), others[0])
    index = releases.index(template)
    previous = releases[index + 1] if index + 1 < len(releases) else None
    spellings = _spellings(version, template, previous)
    text = _date_text(template, date) if date and valid_iso(date) else (date or "YYYY-MM-DD")
    block = _render_block(changelog, template, spellings, text)
    if template.found_date is None and date and style_is_dated(changelog, releases):
        title = block.lines[block.title].rstrip()
        under = block.lines[block.title + 1:block.title + 2] or [title]
        block.lines[block.title] = f"{title} ({text})"
        _fix_adornments(block, len(title), len(under[0].rstrip()))  # fit the dated title
    return "\n".join(block.lines).strip("\n")


KEEP = "keep"
"""An unreleased heading with no version stays (``## [Unreleased]``); the release heading
goes under it and takes its entries."""
RENAME = "rename"
"""An unreleased heading with no version becomes the release heading (``**UNRELEASED**`` ->
``**4.14.2**``), as projects that write no empty unreleased section do."""


def insert_release(
    changelog: Changelog, version: Version | str, date: str, links: LinkContext,
    *, released: Collection[Version] = (), pending_habit: str = KEEP,
    spelled: str | None = None,
) -> str:
    """The whole new changelog text with a section for ``version`` dated ``date``.

    ``released`` are the versions that have a release tag, so that a refusal never
    proposes to prepare one of them. ``pending_habit`` says what happens to an unreleased
    heading that names no version (:data:`KEEP` or :data:`RENAME`). A pre-release whose
    unreleased section is named for its final release (``Version 3.2.0`` + ``Unreleased``,
    preparing ``3.2.0rc1``) gets its own section under that one, which stays pending.
    ``spelled`` is the version as the project writes it (``2026.08.17``; default: the normal
    form).

    Returns the text ready to write (the file's newline style and BOM kept), or raises
    :class:`ChangelogError` without changing anything when the section cannot be placed.
    """
    target = version if isinstance(version, Version) else parse(version)
    new_text = spelled if spelled is not None and parse(spelled) == target else str(target)
    path = changelog.path
    releases = changelog.releases(2)
    pending = changelog.pending()
    newest = releases[0] if releases else None
    previous = releases[1] if len(releases) > 1 else None
    if changelog.style == sphinx_releases.MARKUP:
        _check_pending(changelog, target, pending, released, links.tag_prefix)
        _check_order(changelog, target, newest, previous)
        start = pending[0].start if pending else newest.start if newest else 0
        new = sphinx_releases.insert(changelog.text, path, start, target, date,
                                     changelog.line_text(newest.line) if newest else None)
        return changelog.render(new)
    for_final = bool(pending) and pending_for_final(pending[0], target)
    try:
        _check_pending(changelog, target, pending, released, links.tag_prefix,
                       for_final=for_final)
        _check_order(changelog, target, newest, previous)
    except ChangelogError as exc:
        expected = _expected(changelog, new_text, date)
        if expected:
            exc.hint += "; the heading it expected (in the newest release's style):\n" + expected
        raise
    spellings = _spellings(new_text, newest, previous)
    text = changelog.text
    date_text = _date_text(newest, date)
    if pending:
        section = pending[0]
        if section.names_version and not for_final:
            new = _release_in_place(changelog, section, newest, previous, date, date_text)
        elif pending_habit == RENAME and not for_final and newest is not None:
            new = _rename_pending(changelog, section, newest, spellings, date_text)
        else:
            new = _insert_under(changelog, section, newest, previous, spellings, date,
                                date_text, new_text)
    elif newest is not None:
        block = _render_block(changelog, newest, spellings, date_text)
        gap = _gap_before(text, previous.start) if previous is not None else 1
        gap = max(1, min(gap, 3))
        new = text[: newest.start] + block.text() + "\n" * gap + text[newest.start :]
    elif (why := unsectioned(changelog.text, changelog.format, new_text)) is not None:
        raise _refuse(
            changelog,
            f"{path} has no release section to place {target} above: {why[1]} (line "
            f"{why[0]})", why[2], why[0],
        )
    else:
        raise _refuse(
            changelog,
            f"{path} has no release section and no unreleased section, so there is no place "
            f"for {target} (a new section is never appended at the end)",
            "add this heading where new sections go (or an unreleased heading), then run the "
            "command again:\n" + _indent(canonical_heading(new_text, date, changelog)),
        )
    new = update_links(Changelog(new, path, changelog.format), target, newest, previous,
                        pending[0] if pending else None, links, new_text)
    dated = newest is None or newest.found_date is not None
    _verify(changelog, new, target, date if dated else None)
    return changelog.render(new)


def pending_for_final(section: Section, target: Version) -> bool:
    """True for a pre-release (``3.2.0rc1``) against an unreleased section named for its
    final release (``Version 3.2.0`` + ``Unreleased``)."""
    return (target.is_prerelease and section.names_version and section.version is not None
            and section.version == Version(target.base_version))


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.split("\n"))


def _expected(changelog: Changelog, version: str, date: str) -> str:
    """The heading block for a refusal's hint, indented (empty when there is no style)."""
    try:
        block = heading_for(changelog, version, date)
    except (ChangelogError, ValueError):
        return ""
    return "\n".join("    " + line if line else "" for line in block.split("\n"))


def _check_pending(changelog: Changelog, target: Version, pending: list[Section],
                   released: Collection[Version], prefix: str, *, for_final: bool = False
                   ) -> None:
    path = changelog.path
    if len(pending) > 1:
        lines = " and ".join(str(section.line) for section in pending[:2])
        raise _refuse(
            changelog,
            f"{path} has more than one unreleased section (lines {lines}): cannot tell which "
            f"one becomes {target}",
            "merge them into one, or release the older one first",
            pending[1].line,
        )
    existing = changelog.find(target)
    if existing is not None and existing not in pending:
        raise _refuse(
            changelog,
            f"already has a section for {target} (`{existing.display}`)",
            "remove or rename that section, or prepare another version",
            existing.line,
        )
    if pending and pending[0].names_version and pending[0].version != target and not for_final:
        section = pending[0]
        raise _refuse(
            changelog,
            f"the unreleased section `{section.display}` is for {section.version}, not {target}",
            (f"{section.version} is already tagged: when it was released from another branch, "
             f"merge its tag here first (`git merge {prefix}{section.version}`); otherwise "
             f"rename this section to {target}"
             if section.version in released else
             f"prepare {section.version}, or rename that section to {target}"),
            section.line,
        )


def _check_order(
    changelog: Changelog, target: Version, newest: Section | None, previous: Section | None
) -> None:
    if newest is None or newest.version is None:
        return
    if previous is not None and previous.version is not None and newest.version < previous.version:
        raise _refuse(
            changelog,
            f"the release sections of {changelog.path} are oldest first (`{newest.display}` at "
            f"line {newest.line} comes before `{previous.display}`): the newest release is not "
            "at the top, so there is no place above it for the new section",
            "put the newest release first (https://keepachangelog.com), then run the command "
            "again",
            newest.line,
        )
    if previous is not None and (newest.raw.markup, newest.raw.rank) != (
        previous.raw.markup, previous.raw.rank
    ):
        raise _refuse(
            changelog,
            f"the two newest release headings of {changelog.path} are written in different "
            f"styles (`{newest.display}` at line {newest.line}, `{previous.display}` at line "
            f"{previous.line}): cannot tell which style to write",
            "write the newest heading like the others, then run the command again",
            newest.line,
        )
    if newest.version >= target:
        raise _refuse(
            changelog,
            f"the newest section of {changelog.path} is `{newest.display}` (line "
            f"{newest.line}), not lower than {target}",
            "prepare a version higher than the newest section",
            newest.line,
        )


def _release_in_place(
    changelog: Changelog, section: Section, newest: Section | None, previous: Section | None,
    date: str, date_text: str,
) -> str:
    """A pending section that names its version becomes the release (title and marker)."""
    text = changelog.text
    spelled = section.version_text or ""
    raw = section.raw
    head_start = raw.title_start
    if raw.rank[1:] == ("over",):
        head_start = text.rfind("\n", 0, raw.title_start - 1) + 1
    if newest is not None:
        block = _render_block(changelog, newest, _spellings(spelled, newest, previous),
                              date_text)
        has_date_line = newest.date_line is not None
        first_extra = block.title + (1 if block.markup in ("atx", "bold", "plain") else 2)
        heading_lines = block.lines[block.title - (1 if block.overline else 0):first_extra]
        date_line_text = None
        if has_date_line:
            for line in block.lines[first_extra:]:
                if date_text in line:
                    date_line_text = line
                    break
    else:
        title = raw.title
        if section.info.pending_span is not None:
            a, b = section.info.pending_span
            title = (title[:a] + date + title[b:]).rstrip()
        width = len(title)
        heading_lines = [title]
        if raw.markup in ("bold", "plain"):
            pass
        elif raw.markup != "atx":
            char = text[raw.title_end + 1:raw.end].strip()[:1] or "-"
            heading_lines.append(char * max(width, 1))
            if raw.rank[1:] == ("over",):
                heading_lines.insert(0, char * max(width, 1))
        else:
            heading_lines = ["#" * int(raw.rank[0]) + " " + title]
        date_line_text = f"Released {date}" if section.marker is not None else None
    new = text[:head_start] + "\n".join(heading_lines) + "\n"
    after = raw.end
    if section.marker is not None:
        m_start, m_end = section.marker
        between = text[after:m_start]
        rest = text[m_end + 1:] if m_end < len(text) else ""
        if date_line_text is not None:
            return new + between + date_line_text + "\n" + rest
        # The marker goes; the blank line(s) above it now separate the heading from the body.
        return new + between + rest.lstrip("\n")
    if date_line_text is not None:
        return new + "\n" + date_line_text + "\n" + text[after:]
    return new + text[after:]


def _rename_pending(
    changelog: Changelog, section: Section, newest: Section, spellings: dict[str, str],
    date_text: str,
) -> str:
    """The unreleased heading becomes the release heading, written in the newest release's
    style; the entries under it stay where they are."""
    text = changelog.text
    block = _render_block(changelog, newest, spellings, date_text)
    return text[: section.start] + block.text() + text[section.block_end:]


def _insert_under(
    changelog: Changelog, section: Section, newest: Section | None, previous: Section | None,
    spellings: dict[str, str], date: str, date_text: str, new_text: str,
) -> str:
    """Keep the pending heading; the release heading goes right under it, below the
    comments that open its body (``.. vendor-insert-here``), which stay with the heading."""
    text = changelog.text
    raw = section.raw
    kept = changelog.entries_start(section)
    if kept > raw.end:  # a marker line (`Unreleased`) and opening comments stay with it
        raw = raw._replace(end=kept)
    if newest is not None:
        block = _render_block(changelog, newest, spellings, date_text)
        gap = _gap_before(text, previous.start) if previous is not None else _gap_before(
            text, newest.start)
        gap = max(1, min(gap, 3))
        heading = block.text()
    else:
        gap = 1
        heading = _canonical_block(changelog, section, new_text, date)
    title_line = text[raw.title_start:raw.title_end]
    moved = title_line
    if section.info.link_url and newest is not None and newest.version_text:
        url = section.info.link_url
        moved = title_line.replace(url, _substitute(url, {newest.version_text: new_text}), 1)
    head = text[:raw.title_start] + moved + text[raw.title_end:raw.end]
    if moved != title_line and raw.markup not in ("atx", "bold", "plain"):
        head = _refit_underline(text, raw, moved)
    rest = text[raw.end:]
    body = rest.lstrip("\n")
    after = len(rest) - len(body)
    if newest is not None and raw.end + after == newest.start:
        # An empty pending section: the file shows the gap it keeps between the pending
        # heading and a release (hatch: one blank line; the gap between releases follows).
        insert = "\n" * max(1, min(after, 3)) + heading + "\n" * gap
        return head + insert + body
    insert = "\n" * gap + heading
    if text[raw.end - 1:raw.end] != "\n":
        insert = "\n" + insert
    if rest and not rest.startswith("\n"):
        insert += "\n"
    return head + insert + rest


def _refit_underline(text: str, raw: RawHeading, moved: str) -> str:
    under_start = raw.title_end + 1
    under_end = text.find("\n", under_start)
    under_end = len(text) if under_end == -1 else under_end
    under = text[under_start:under_end].strip()
    length = len(moved.rstrip()) + (raw.underline - raw.title_width)
    head = text[:raw.title_start] + moved + "\n" + under[:1] * length
    if raw.rank[1:] == ("over",):
        over_start = text.rfind("\n", 0, raw.title_start - 1) + 1
        head = text[:over_start] + under[:1] * length + "\n" + moved + "\n" + under[:1] * length
    return head + text[under_end:raw.end]


def _canonical_block(changelog: Changelog, section: Section, version: str, date: str) -> str:
    """Keep a Changelog's heading at the pending section's level (a file with no release)."""
    raw = section.raw
    if raw.markup == "plain":
        return f"{version} ({date})\n"
    if changelog.format == MARKDOWN:
        level = int(raw.rank[0]) if raw.markup == "atx" else 2
        return "#" * level + f" [{version}] - {date}\n"
    title = f"{version} ({date})"
    char = raw.rank[0]
    line = char * len(title)
    return (line + "\n" if raw.rank[1:] == ("over",) else "") + title + "\n" + line + "\n"


def _verify(changelog: Changelog, new: str, target: Version, date: str | None) -> None:
    """Re-read the result: the new section must be the newest release, dated as asked."""
    check = Changelog(new, changelog.path, changelog.format)
    first = check.first_release()
    if first is None or first.version != target or (date is not None and first.date != date):
        shown = first.display if first is not None else "nothing"
        raise ChangelogError(
            f"could not write a {target} section that reads back as the newest release "
            f"(it reads back as `{shown}`)",
            "please report this with the top of your changelog; add the section by hand",
            file=changelog.path,
        )

