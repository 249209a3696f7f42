"""Link definitions after a release: the new version's compare (or release) link in the shape
of the newest one's, and the ``[Unreleased]`` definition moved on to the new tag; in rST, the
hyperlink targets that end the file (``.. _0.7.3: url``). Pure logic, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from release.changelog import markdown
from release.changelog.model import MARKDOWN, Changelog, Section
from release.changelog.spelling import spellings as _spellings
from release.changelog.spelling import substitute as _substitute
from release.changelog.spelling import with_variants as _with_variants
from release.project.versions import Version, parse_or_none

_RST_TARGET = re.compile(
    r"\.\. _(?P<label>`[^`\n]{1,999}`|[^:\s`][^:\n]{0,999}):[ \t]+(?P<url>\S+)[ \t]*")
"""A hyperlink target with its URL: ``.. _0.7.3: https://…/releases/tag/0.7.3``."""


@dataclass(frozen=True)
class LinkContext:
    """What compare links need: the repository URL and the tags around the release."""

    repository_url: str | None
    tag_prefix: str
    previous_tag: str | None


def update_links(
    changelog: Changelog, target: Version, newest: Section | None, previous: Section | None,
    pending: Section | None, links: LinkContext, spelled: str | None = None,
) -> str:
    """Add the new version's link definition and move the ``[Unreleased]`` one on (in rST,
    the hyperlink targets that end the file: ``.. _0.7.3: url``)."""
    text = changelog.text
    definition = markdown.LINK_DEF if changelog.format == MARKDOWN else _RST_TARGET
    start = changelog.link_block_start()
    if start >= len(text):
        return text
    new = spelled or str(target)
    lines = text[start:].split("\n")
    version_rows: list[tuple[int, str, str, Version]] = []
    unreleased_row: int | None = None
    for index, line in enumerate(lines):
        match = definition.fullmatch(line)
        if match is None:
            continue
        label = match.group("label")
        bare = label.strip("`")
        parsed = parse_or_none(bare[1:] if bare[:1] in "vV" else bare)
        if parsed is not None:
            version_rows.append((index, label, match.group("url"), parsed))
        elif bare.lower() in ("unreleased", "upcoming", "latest changes", "next release"):
            unreleased_row = index
    if any(row[3] == target for row in version_rows):
        return text
    newest_spelled = newest.version_text if newest is not None else None
    newest_row = next((row for row in version_rows if newest is not None
                       and row[3] == newest.version), None)
    new_row: str | None = None
    if newest_row is not None and newest_spelled is not None:
        index, label, url, _ = newest_row
        spellings = _spellings(new, newest, previous)
        new_label = _substitute(label, spellings)
        new_url = _new_link_url(url, [row[2] for row in version_rows], newest_spelled, new,
                                spellings)
        if changelog.format == MARKDOWN:
            prefix = lines[index][: lines[index].index("[")]
            new_row = f"{prefix}[{new_label}]: {new_url}"
        else:
            new_row = f".. _{new_label}: {new_url}"
        lines.insert(index, new_row)
        if unreleased_row is not None and unreleased_row >= index:
            unreleased_row += 1
    if unreleased_row is not None and newest_spelled is not None:
        line = lines[unreleased_row]
        found = definition.fullmatch(line)
        cut = found.end("label") + 1 if found is not None else 0  # after `]` or `.. _label`
        lines[unreleased_row] = line[:cut] + _substitute(
            line[cut:], _with_variants({newest_spelled: new}))
    elif changelog.format == MARKDOWN and unreleased_row is None and pending is not None \
            and new_row is not None \
            and pending.title == "[Unreleased]" and "/compare/" in new_row:
        base = new_row.split("]: ", 1)[1].split("/compare/", 1)[0]
        tag = new_row.rsplit("...", 1)[1]
        lines.insert(lines.index(new_row), f"[unreleased]: {base}/compare/{tag}...HEAD")
    return text[:start] + "\n".join(lines)


def _new_link_url(url: str, urls: list[str], newest: str, new: str,
                  spellings: dict[str, str]) -> str:
    """The new version's URL in the shape of the newest one's (``url``); ``urls``: every
    version's. A single ``/releases/tag/`` link becomes a compare link from that tag."""
    tag_url = "/releases/tag/"
    if tag_url in url and len(urls) == 1:
        base, old_tag = url.split(tag_url, 1)
        new_tag = _substitute(old_tag, _with_variants({newest: new}))
        return f"{base}/compare/{old_tag}...{new_tag}"
    if "/compare/" in url and "..." in url:
        base, span = url.split("/compare/", 1)
        old_tag = span.split("...", 1)[1]
        return (f"{base}/compare/{old_tag}..."
                + _substitute(old_tag, _with_variants({newest: new})))
    return _substitute(url, spellings)
