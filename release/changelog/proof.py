"""Proof, before anything is written, that a changelog edit is a release worth committing.

Pure logic, no I/O. ``release prepare`` never commits a release section that is empty while
the real entries sit elsewhere: :func:`prove_release` re-reads the new text and checks that
the new section is the newest release and the only one for its version, that it holds
exactly the entries of the unreleased section, and that it says something;
:func:`unplaced_entries` finds entries above the newest release that no unreleased section
holds (an unreleased heading written in a way no reader knows), which would be left behind.
"""

from __future__ import annotations

import re

from release.changelog import markdown, rst
from release.changelog.body import is_filled
from release.changelog.insert import heading_for, pending_heading, sample_entry
from release.changelog.lines import RawHeading
from release.changelog.model import MARKDOWN, Changelog, Section
from release.changelog.titles import parse_title
from release.errors import ChangelogError
from release.project.versions import Version, parse

_ENTRY = re.compile(r" {0,3}(?:[-*+\u2022]|\d{1,9}[.)])[ \t]+\S")


def unplaced_entries(changelog: Changelog, standing: str = "") -> tuple[int, str] | None:
    """``(line, text)`` of entries above the newest release that no unreleased section
    holds, or ``None``.

    They would stay outside the new section (a release commit that leaves the real
    entries behind): a section-level heading that is neither a release nor unreleased and
    has entries under it, a deeper heading (``### Added``) or a list right above the newest
    release with no unreleased heading over them. Prose between the file's title and its
    first section (an introduction) is not an entry, and neither is a section that stood,
    as it is, above the newest release at its tag (``standing``: the text there then).
    """
    newest = changelog.first_release()
    if newest is None:
        return None
    text = changelog.text
    for section in changelog.sections():
        if section is newest:
            break
        if section.is_unreleased:
            continue
        body = text[section.body_start:changelog.section_end(section)]
        if _has_entries(body):
            return section.line, changelog.line_text(section.line)
    sections = [s for s in changelog.sections() if s.index < newest.index]
    if sections:
        return None  # the text right above the newest release is in a section (checked)
    scan = rst.scan if changelog.format != MARKDOWN else markdown.scan
    last: RawHeading | None = None
    for raw in scan(text[:newest.start]):
        if raw.markup in ("bold", "plain") and not parse_title(raw.title).pending:
            continue
        last = raw
    start = last.end if last is not None else 0
    if last is not None and last.markup not in ("bold", "plain") \
            and _deeper(changelog, last, newest):
        return last.line, changelog.line_text(last.line)
    chunk = text[start:newest.start]
    found = _last_block_is_list(changelog, start, chunk)
    if found is not None and last is not None and last.rank == newest.raw.rank:
        block = text[last.start:newest.start].strip()
        if block and block in standing.replace("\r\n", "\n"):
            return None  # it stood there at the last release too: not a pending entry
        # an unreleased heading written in a way no reader knows
        return last.line, changelog.line_text(last.line)
    return found


def _deeper(changelog: Changelog, raw: RawHeading, newest: Section) -> bool:
    """True for a heading below the section level (``### Added`` above ``## 1.4.0``)."""
    if changelog.format == MARKDOWN and "bold" not in (raw.markup, newest.raw.markup) \
            and "plain" not in (raw.markup, newest.raw.markup):
        return int(raw.rank[0]) > int(newest.raw.rank[0])
    return raw.rank != newest.raw.rank and raw.markup == newest.raw.markup == "rst" and \
        raw.line > 1 and _first_seen_after(changelog, raw, newest)


def _first_seen_after(changelog: Changelog, raw: RawHeading, newest: Section) -> bool:
    """rST ranks by first appearance: a kind of title first seen after the section kind is
    deeper. Here the newest release is the first section, so any other kind seen between the
    title and it comes first: deeper only if the file uses it below a release too."""
    body = changelog.text[newest.body_start:changelog.section_end(newest)]
    return any(r.rank == raw.rank for r in rst.scan(body))


def _has_entries(body: str) -> bool:
    return any(_ENTRY.match(line) for line in body.split("\n")) or any(
        line.lstrip().startswith("#") for line in body.split("\n") if line.strip())


def _last_block_is_list(changelog: Changelog, start: int, chunk: str) -> tuple[int, str] | None:
    """The first item of a list that ends ``chunk`` (blank lines and indented continuation
    lines between its items allowed), or ``None`` when ``chunk`` ends with prose."""
    lines = chunk.split("\n")
    first_item: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if _ENTRY.match(line):
            first_item = index
        elif line.strip() and not line[:1].isspace():
            break
    if first_item is None:
        return None
    return changelog.line_of(start) + first_item, lines[first_item].strip()


def prove_release(before: Changelog, after: str, version: Version | str, date: str = "YYYY-MM-DD",
                  standing: str = "") -> None:
    """Prove, before anything is written, that ``after`` is a changelog ``release prepare``
    may commit for ``version``; raise :class:`ChangelogError` naming the problem otherwise.

    The new section reads back as the newest release, it is the only section for the
    version, every entry of the unreleased section ends up inside it (nothing above the
    newest release is left behind), and it is not empty. ``standing``: the text above the
    newest release at its tag (:func:`release.changelog.history.standing_text`).
    """
    target = version if isinstance(version, Version) else parse(version)
    path = before.path
    if before.text.replace("\r\n", "\n") == Changelog(after, path, before.format).text:
        return  # the changelog does not change (a pre-release that keeps the final's section)
    left = unplaced_entries(before, standing)
    if left is not None:
        line, shown = left
        raise ChangelogError(
            f"line {line} (`{_short(shown)}`) is above the newest release but in no "
            f"unreleased section: cannot tell whether it belongs to {target}, so it would "
            "be left outside the new section",
            "put it under an unreleased heading (or remove it), then run the command again; "
            "the heading, in this file's markup:\n" + _indent(pending_heading(before)),
            file=path, line=line,
        )
    check = Changelog(after, path, before.format)
    section = check.find(target)
    first = check.first_release()
    if section is None or first is not section or section.is_unreleased:
        shown = first.display if first is not None else "nothing"
        raise ChangelogError(
            f"could not write a {target} section that reads back as the newest release "
            f"(it reads back as `{shown}`)",
            _by_hand(before, target, date),
            file=path,
        )
    later = check.later_mention(section, target)
    if later is not None:
        raise ChangelogError(
            f"the result would have two sections for {target} (lines {section.line} and "
            f"{later})",
            "keep one section per version: merge them, then run the command again",
            file=path, line=later,
        )
    pending = before.pending()
    wanted = _entry_lines(before, pending[0]) if pending else []
    got = _entry_lines(check, section)
    if got != wanted:
        raise ChangelogError(
            f"the new {target} section would not hold exactly the unreleased entries "
            f"({len(got)} line(s) instead of {len(wanted)})",
            _by_hand(before, target, date),
            file=path,
        )
    if not is_filled(check.body(section)):
        if pending:
            raise ChangelogError(
                f"the new {target} section would be empty: the unreleased section "
                f"`{pending[0].display}` (line {pending[0].line}) has no entries",
                f"describe the changes under `{pending[0].display}` first, then run the "
                "command again",
                file=path, line=pending[0].line,
            )
        if before.style == "releases":
            raise ChangelogError(
                f"the new {target} section would be empty: {path} has no entries above its "
                "newest release line",
                "add the changes as entries above it (`- :bug:`123` ...`, "
                "`- :feature:`-` ...`), then run the command again",
                file=path,
            )
        raise ChangelogError(
            f"the new {target} section would be empty: {path} has no unreleased section "
            "with entries above the newest release",
            f"write the {target} section with its entries above the newest release, e.g.\n"
            + _indent(heading_for(before, str(target), date) + "\n\n" + sample_entry(before))
            + "\nor describe the changes under an unreleased heading, in this file's markup:\n"
            + _indent(pending_heading(before)) + "\nthen run the command again",
            file=path,
        )


def _by_hand(before: Changelog, target: Version, date: str) -> str:
    """What to do when the written section does not prove: write it by hand (``prepare``
    keeps a dated section that is already there, with its entries and nothing pending)."""
    return (f"write the {target} section by hand above the newest release, move the "
            "unreleased entries under it (leave the unreleased heading empty or remove it), "
            f"and commit; `release prepare {target}` then keeps that section as it is. The "
            "heading, in this file's style:\n" + _indent(heading_for(before, str(target), date))
            + "\nPlease also report this with the top of your changelog: the section should "
            "have been written for you")


def _entry_lines(changelog: Changelog, section: Section) -> list[str]:
    """The entry lines of a section: its body but the comments that open it (a marker such
    as ``.. vendor-insert-here`` stays under the unreleased heading)."""
    return [line for line in changelog.entries(section).split("\n") if line.strip()]


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 60 else text[:57] + "..."


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.split("\n"))


def prove_towncrier(before: Changelog, after: str, version: Version | str,
                    template: str | None = None) -> None:
    """Prove that the changelog ``towncrier build`` wrote reads back with a section for
    ``version``, and still holds the newest release as it was, from its heading to the end
    of the file, on lines of its own; raise :class:`ChangelogError` otherwise.

    towncrier puts the rendered section directly in front of the previous one, and Jinja
    drops a template's last line break: a template that ends with ``----`` (python-semver's)
    turns the previous heading into ``----Version 3.0.4``, and that release is lost. A
    template whose title names the version in words no reader knows (astroid's
    ``What's new in astroid 4.4.0?``) writes a section that is no release.
    """
    target = version if isinstance(version, Version) else parse(version)
    where = f"the template {template}" if template else "its template"
    text = after[1:] if after.startswith("\ufeff") else after
    text = text.replace("\r\n", "\n")
    newest = before.first_release()
    tail = before.text[newest.start:] if newest is not None else ""
    at = len(text) - len(tail)
    if newest is not None and (at < 0 or not text.endswith(tail)):
        raise ChangelogError(
            f"towncrier did not keep `{newest.display}` (line {newest.line}) and the releases "
            "below it as they were",
            "check the towncrier configuration (`towncrier build --draft` shows what it "
            "writes), then run the command again",
            file=before.path, line=newest.line)
    if newest is not None and at > 0 and (text[at - 1] != "\n" or (
            before.format != MARKDOWN and at > 1 and text[at - 2] != "\n")):
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        joined = text[start:end if end != -1 else len(text)]
        raise ChangelogError(
            f"towncrier ran the new section into the heading of `{newest.display}` "
            f"(line {newest.line}): it read `{_short(joined)}`, and that release was no "
            "longer a section of its own",
            f"end {where} with two empty lines (Jinja drops a template's last line break, "
            "and towncrier writes the new section right above the previous one), then run "
            "the command again",
            file=before.path, line=newest.line,
        )
    if Changelog(text, before.path, before.format).find(target) is None:
        head = before.text[:newest.start] if newest is not None else before.text
        kept = {line.strip() for line in head.split("\n")}
        written = next((line.strip() for line in text[:max(at, 0)].split("\n")
                        if line.strip() and line.strip() not in kept), None)
        said = (f"under `{_short(written)}`, which is not a release heading for {target}"
                if written is not None else "and no heading names it")
        raise ChangelogError(
            f"towncrier wrote the {target} section {said} (a release heading is the version, "
            "with at most two words before it)",
            f"make towncrier's title read like `{target} (YYYY-MM-DD)`, "
            f"`Version {target}` or `PROJECT {target}` (title_format in the towncrier "
            f"configuration, or the title in {where}), then run the command again",
            file=before.path,
        )
