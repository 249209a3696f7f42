"""Opening the next unreleased section after a release (``release prepare dev``), in the
file's own style. Pure logic, no I/O.

After ``release tag``, work goes on under an empty unreleased section at the top. Its
heading copies the newest release's heading block:

- a release whose date is on a line of its own (``Version 3.1.0`` / ``Released 2026-11-24``,
  the pallets style) gets the next version's title and the marker line ``Unreleased``
  (``Version 3.1.1`` / ``Unreleased``);
- any other release heading gets ``Unreleased`` at the same level and in the same markup
  (ATX, setext or rST, with its adornment characters), in brackets when the release titles
  are bracketed (``## [Unreleased]``), with an inline compare link when they have one
  (``## [Unreleased](…/compare/v1.4.0...HEAD)``); a Markdown file with compare link
  definitions gets an ``[Unreleased]: …/compare/<newest tag>...HEAD`` definition beside them.

A file that already has an unreleased section is left as it is (``None``): the section exists.
"""

from __future__ import annotations

from release.changelog import markdown
from release.changelog.body import is_filled
from release.changelog.insert import _DATE_SLOT, _gap_before, _render_block
from release.changelog.model import MARKDOWN, Changelog, Section
from release.changelog.spelling import with_variants as _with_variants
from release.errors import ChangelogError
from release.project.versions import Version

UNRELEASED = "Unreleased"


def open_unreleased(changelog: Changelog, target: Version) -> str | None:
    """The whole text with an empty unreleased section above the newest release, or
    ``None`` when the file has an unreleased section already.

    ``target`` is the development version (``1.4.1.dev0``); a heading that names its version
    names the release it leads to (``1.4.1``). Raises :class:`ChangelogError` (nothing is
    written) when there is no release to place it above.
    """
    if changelog.pending():
        return None
    newest = changelog.first_release()
    if newest is None:
        raise ChangelogError(
            f"{changelog.path} has no release section and no unreleased section, so there is "
            "no place for an unreleased section (a section is never appended at the end)",
            "add a `## [Unreleased]` heading where new sections go, then commit",
            file=changelog.path,
        )
    text = changelog.text
    releases = changelog.releases(2)
    previous = releases[1] if len(releases) > 1 else None
    gap = _gap_before(text, previous.start) if previous is not None else 1
    heading = _heading(changelog, newest, target)
    new = text[:newest.start] + heading + "\n" * max(1, min(gap, 3)) + text[newest.start:]
    if changelog.format == MARKDOWN and heading.lstrip("#").lstrip().startswith("["):
        new = _link(new, changelog, newest)
    _verify(changelog, new, newest)
    return changelog.render(new)


def _heading(changelog: Changelog, newest: Section, target: Version) -> str:
    """The unreleased heading block, ending with a newline."""
    raw = newest.raw
    if newest.date_line is not None and newest.version_text:
        spelled = {newest.version_text: target.base_version}
        block = _render_block(changelog, newest, _with_variants(spelled), _DATE_SLOT)
        lines = []
        for line in block.lines:
            if _DATE_SLOT in line:
                lines.append(UNRELEASED)
                break
            lines.append(line)
        return "\n".join(lines) + "\n"
    title = f"[{UNRELEASED}]" if raw.title.startswith("[") else UNRELEASED
    url = newest.info.link_url or ""
    if raw.title.startswith("[") and "/compare/" in url and "..." in url:
        # `## [1.4.0](…/compare/v1.3.0...v1.4.0) - date`: the link moves on from the new tag
        base, span = url.split("/compare/", 1)
        title += f"({base}/compare/{span.split('...', 1)[1]}...HEAD)"
    if raw.markup == "atx":
        return "#" * int(raw.rank[0]) + f" {title}\n"
    if raw.markup in ("bold", "plain"):  # `**Unreleased**`; pyflakes' plain lines
        return f"**{title}**\n" if raw.markup == "bold" else f"{title}\n"
    text = changelog.text
    under = text[raw.title_end + 1:raw.end].strip()[:1] or "-"
    rule = under * len(title)
    over = rule + "\n" if raw.rank[1:] == ("over",) else ""
    return f"{over}{title}\n{rule}\n"


def _link(text: str, changelog: Changelog, newest: Section) -> str:
    """An ``[Unreleased]`` compare link beside the newest release's, when the file has one."""
    probe = Changelog(text, changelog.path, changelog.format)
    start = probe.link_block_start()
    if start >= len(text) or newest.version is None:
        return text
    lines = text[start:].split("\n")
    for index, line in enumerate(lines):
        match = markdown.LINK_DEF.fullmatch(line)
        if match is None:
            continue
        label, url = match.group("label"), match.group("url")
        if label.lower() in ("unreleased", "upcoming"):
            return text
        version = label[1:] if label[:1] in "vV" else label
        if version != newest.version_text:
            continue
        if "/compare/" in url and "..." in url:
            base, span = url.split("/compare/", 1)
            tag = span.split("...", 1)[1]
        elif "/releases/tag/" in url:
            base, tag = url.split("/releases/tag/", 1)
        else:
            return text
        indent = line[: line.index("[")]
        lines.insert(index, f"{indent}[{UNRELEASED}]: {base}/compare/{tag}...HEAD")
        return text[:start] + "\n".join(lines)
    return text


def _verify(changelog: Changelog, new: str, newest: Section) -> None:
    """Re-read: one empty unreleased section on top, and the same newest release under it."""
    check = Changelog(new, changelog.path, changelog.format)
    pending = check.pending()
    first = check.first_release()
    if len(pending) != 1 or is_filled(check.body(pending[0])) or first is None \
            or first.version != newest.version or first.line <= pending[0].line:
        raise ChangelogError(
            f"could not write an unreleased section above `{newest.display}` that reads back "
            "as one",
            "please report this with the top of your changelog; add the section by hand",
            file=changelog.path,
        )
