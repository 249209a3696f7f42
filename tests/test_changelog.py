"""release.changelog: the heading grammar, both readers, dates, notes and the style-keeping writer."""

from __future__ import annotations

import contextlib
import difflib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from release.changelog import (
    STUB_LINE,
    Changelog,
    LinkContext,
    heading_for,
    insert_release,
    is_filled,
)
from release.changelog.dates import find_date
from release.errors import ChangelogError
from release.project.versions import parse

NO_LINKS = LinkContext(None, "v", None)


@pytest.mark.parametrize(("heading", "token", "date", "yanked"), [
    ("## [1.4.0] - 2026-11-24", "1.4.0", "2026-11-24", False),
    ("## 1.4.0 - 2026-11-24", "1.4.0", "2026-11-24", False),
    ("## [1.4.0](https://x/compare/v1.3.0...v1.4.0) - 2026-11-24", "1.4.0", "2026-11-24", False),
    ("## v1.4.0", "1.4.0", None, False),
    ("## 1.4.0 (2026-11-24)", "1.4.0", "2026-11-24", False),
    ("## [1.4.0] - 2026-11-24 [YANKED]", "1.4.0", "2026-11-24", True),
    ("## [1.4.0-rc.1] — 2026-11-24", "1.4.0-rc.1", "2026-11-24", False),
    ("## Version 8.4.2", "8.4.2", None, False),
    ("## Release v2.28.2 (2026-08-18)", "2.28.2", "2026-08-18", False),
    ("## Mypy 1.20", "1.20", None, False),
    ("## 0.28.1 (6th December, 2024)", "0.28.1", "2024-12-06", False),
    ("## 0.35.0 (June 28, 2025)", "0.35.0", "2025-06-28", False),
    ("## v2026.07.0 (Jul 9, 2026)", "2026.07.0", "2026-07-09", False),
    ("## Release 9.1.0 (released Dec 31, 2025)", "9.1.0", "2025-12-31", False),
    ("### v4.2.0", "4.2.0", None, False),
    ("# 2023.9.1", "2023.9.1", None, False),
    ("## [Unreleased]", None, None, False),
    ("##   Unreleased  ", None, None, False),
    ("## [UNRELEASED]", None, None, False),
    ("## Latest Changes", None, None, False),
    ("## Unreleased changes", None, None, False),
    ("## dev", None, None, False),
    ("## NEXT (UNRELEASED)", None, None, False),
    ("## Upcoming release", None, None, False),
    ("## Changes not yet released", None, None, False),
    ("### 8.0.0 February 19 2026", "8.0.0", "2026-02-19", False),
    ("### 5.6.1 [Hotfix] October 8, 2020", "5.6.1", "2020-10-08", False),
    ("## Quill 5.1 release notes", "5.1", None, False),
])
def test_heading_styles(heading: str, token: str | None, date: str | None, yanked: bool) -> None:
    log = Changelog(f"# Changelog\n\n{heading}\n\n- x\n")
    (found,) = list(log.sections())
    assert found.version_text == token
    assert found.date == date and found.yanked is yanked
    assert found.is_unreleased is (token is None)
    assert found.line == 3


@pytest.mark.parametrize(("text", "version", "date", "pending"), [
    ("## 8.4.2\n\nReleased 2024-01-02\n\n- x\n", "8.4.2", "2024-01-02", False),
    ("## 0.27.0\n\nMay 14, 2023\n\n- x\n", "0.27.0", "2023-05-14", False),
    ("### v4.2.0\n\n_4 August 2026_\n\n- x\n", "4.2.0", "2026-08-04", False),
    ("# 2026.10.2.0\n\n*2026-08-11*\n\n- x\n", "2026.10.2.0", "2026-08-11", False),
    ("## Version 3.2.0\n\nUnreleased\n\n- x\n", "3.2.0", None, True),
    ("## Version 3.2.0 (unreleased)\n\n- x\n", "3.2.0", None, True),
    ("## Quill 5.1.2 release notes\n\n*Expected December 1, 2026*\n\n- x\n", "5.1.2", None, True),
    ("## Quill 5.2 release notes - UNDER DEVELOPMENT\n\n- x\n", "5.2", None, True),
    ("2.34.2 (2026-05-14)\n-------------------\n- x\n", "2.34.2", "2026-05-14", False),
])
def test_dates_and_markers_on_the_next_line(
    text: str, version: str, date: str | None, pending: bool
) -> None:
    log = Changelog("# Changelog\n\n" + text)
    (section,) = list(log.sections())
    assert section.version == parse(version)
    assert section.date == date and section.is_unreleased is pending
    assert log.notes(section) == "- x\n"


def test_rst_titles_targets_and_directives() -> None:
    text = (
        "=========\nChangelog\n=========\n\n.. only:: not is_release\n\n   Draft\n   ^^^^^\n\n"
        "   - pending\n\n.. _v2-0-0:\n\n2.0.0 - 2026-03-01\n~~~~~~~~~~~~~~~~~~\n\nFixed\n-----\n\n"
        "* A fix.\n\n**********************\n v1.0.0 (2026-01-01)\n**********************\n\n"
        "* First.\n\n.. _`main`: https://example.invalid/\n"
    )
    log = Changelog(text, "CHANGES.rst")
    sections = list(log.sections())
    assert [s.version_text for s in sections] == ["2.0.0"]
    assert sections[0].start == text.index(".. _v2-0-0:")
    assert log.notes(sections[0]) == "Fixed\n-----\n\n* A fix.\n\n**********************\n" \
        " v1.0.0 (2026-01-01)\n**********************\n\n* First.\n"


def test_markdown_not_headings() -> None:
    text = (
        "---\ntitle: x\n---\n\n# C\n\n<!-- a comment\n## [9.0.0] - 2030-01-01\n-->\n\n"
        "- item\n---\n\n~~~\n## [2.0.0]\n~~~\n\n````\n```\n## [3.0.0]\n````\n\n"
        "1. list\n   ```python\n   # 4.0.0\n   ```\n\n## [1.0.0] - 2026-01-01\n\n- x\n"
    )
    assert [s.version_text for s in Changelog(text).sections()] == ["1.0.0"]


@pytest.mark.parametrize("path", ["NEWS.rst", "CHANGES"])
def test_plain_release_lines_when_the_markup_names_no_release(path: str) -> None:
    # pyflakes: `3.4.0 (2025-06-20)` lines with no heading markup; an unreleased line too.
    text = ("Unreleased\n\n- Pending.\n\n3.4.0 (2025-06-20)\n\n- Add 3.14.\n\n"
            "2.0 is the default now, and\n\n3.3.2 (2025-03-31)\n- Fix a crash.\n\n"
            "0.5.0 (2011-09-02):\n\n- Old.\n")
    log = Changelog(text, path)
    sections = list(log.sections())
    assert [(s.title, s.version_text) for s in sections] == [
        ("Unreleased", None), ("3.4.0 (2025-06-20)", "3.4.0"), ("3.3.2 (2025-03-31)", "3.3.2"),
        ("0.5.0 (2011-09-02):", "0.5.0")]
    assert log.notes(sections[1]) == "- Add 3.14.\n\n2.0 is the default now, and\n"
    new = insert_release(log, "3.4.1", "2026-12-07", LinkContext(None, "", "3.4.0"))
    assert new.startswith("Unreleased\n\n3.4.1 (2026-12-07)\n\n- Pending.\n\n3.4.0 "), new[:80]


@pytest.mark.parametrize("text", [
    # real headings name the releases: a plain line in a body is body text
    "# Changelog\n\n## 1.1.0\n\n2.0.1 (2025-01-01)\n\n- Text.\n\n## 1.0.0\n\n- First.\n",
    "1.1.0\n=====\n\n2.0.1 (2025-01-01)\n\n- Text.\n",
])
def test_plain_lines_are_never_read_beside_real_headings(text: str) -> None:
    path = "CHANGES.md" if text.startswith("#") else "CHANGES.rst"
    found = [s.version_text for s in Changelog(text, path).sections()]
    assert found == (["1.1.0", "1.0.0"] if text.startswith("#") else ["1.1.0"])


def test_notes_include_used_link_definitions_only() -> None:
    text = ("# C\n\n## [1.1.0] - 2026-02-01\n\n- Fix [#12] and [docs][d].\n\n"
            "## [1.0.0] - 2026-01-01\n\n- First [#3].\n\n"
            "[1.1.0]: https://x/compare/v1.0.0...v1.1.0\n[#12]: https://x/pull/12\n"
            "[d]: https://x/docs\n[#3]: https://x/pull/3\n")
    log = Changelog(text)
    assert log.notes(log.find(parse("1.1"))) == (
        "- Fix [#12] and [docs][d].\n\n[#12]: https://x/pull/12\n[d]: https://x/docs\n")
    assert log.notes(log.find(parse("1.0.0"))) == "- First [#3].\n\n[#3]: https://x/pull/3\n"


@pytest.mark.parametrize(("body", "filled"), [
    ("\n- Something.\n", True),
    ("\n### Added\n\n", False),
    (f"\n{STUB_LINE}\n", False),
    ("\n<!-- nothing yet -->\n", False),
    ("\n<!-- two\nlines -->\n", False),
    ("\n<!-- a --> text <!-- b -->\n", True),
    ("\n<!-- never closed\n- hidden\n", False),
    ("\nSome prose.\n", True),
    ("\nNothing yet.\n", False),  # sqlparse, under `Development Version` between releases
    ("\n- No changes so far\n", False),
    ("\nNothing yet.\n\n* Fix the splitter.\n", True),
    ("\nNo significant changes.\n", True),  # what towncrier writes for a release
    ("\n- Nothing yet works on Windows 95.\n", True),
    ("\n* TBD\n", False),  # PyYAML's pending section before its first entry
    ("\n- ...\n", False),  # the sample entry of this tool's own hints, copied as it is
    ("\n- TBD: decide the default encoding.\n", True),
    ("\n.. vendor-insert-here\n", False),  # an rST comment: check-jsonschema's marker
    ("\n..\n   a comment block\n\n   over two paragraphs\n", False),
    ("\n.. vendor-insert-here\n\n- Update the schemas.\n", True),
    ("\n.. note:: Python 3.9 is no longer supported.\n", True),  # a directive says something
    ("\n.. _target: https://example.org\n", True),
])
def test_is_filled(body: str, filled: bool) -> None:
    assert is_filled(body) is filled


@pytest.mark.parametrize(("text", "iso", "rendered"), [
    ("2026-02-19", "2026-02-19", "2026-11-26"),
    ("6th December, 2024", "2024-12-06", "26th November, 2026"),
    ("21st February, 2024", "2024-02-21", "26th November, 2026"),
    ("August 24, 2025", "2025-08-24", "November 26, 2026"),
    ("Jul 9, 2026", "2026-07-09", "Nov 26, 2026"),
    ("Dec 04, 2025", "2025-12-04", "Nov 26, 2026"),
    ("4 August 2026", "2026-08-04", "26 November 2026"),
    ("June 09, 2026", "2026-06-09", "November 26, 2026"),
    ("2026-02-30", None, "2026-11-26"),
])
def test_dates_in_words_are_read_and_written_alike(text: str, iso: str | None, rendered: str) -> None:
    found = find_date(f"x ({text}) y")
    assert found is not None and found.iso == iso and found.text == text
    assert found.form.render("2026-11-26") == rendered


@pytest.mark.parametrize(("day", "ordinal"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"),
                                               (11, "11th"), (12, "12th"), (13, "13th"),
                                               (21, "21st"), (22, "22nd"), (23, "23rd"),
                                               (31, "31st")])
def test_ordinal_days(day: int, ordinal: str) -> None:
    found = find_date("6th December, 2024")
    assert found is not None
    assert found.form.render(f"2026-01-{day:02d}") == f"{ordinal} January, 2026"


# -- writing ---------------------------------------------------------------------------------


def test_release_without_unreleased_goes_above_the_newest() -> None:
    log = Changelog("# Changelog\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n")
    new = insert_release(log, "1.4.0", "2026-11-25", LinkContext(None, "v", "v1.3.0"))
    assert new == "# Changelog\n\n## [1.4.0] - 2026-11-25\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n"


def test_compare_links_are_added_when_the_file_uses_links() -> None:
    text = ("# Changelog\n\n## [Unreleased]\n\n- New.\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n\n"
            "[1.3.0]: https://github.com/o/r/releases/tag/v1.3.0\n")
    new = insert_release(Changelog(text), "1.4.0", "2026-11-25",
                         LinkContext("https://github.com/o/r", "v", "v1.3.0"))
    assert new.endswith(
        "[unreleased]: https://github.com/o/r/compare/v1.4.0...HEAD\n"
        "[1.4.0]: https://github.com/o/r/compare/v1.3.0...v1.4.0\n"
        "[1.3.0]: https://github.com/o/r/releases/tag/v1.3.0\n")


def test_compare_links_follow_an_underscore_tag_scheme() -> None:
    # SQLAlchemy-style tags `rel_2_0_0`: the new links are spelled the same way.
    base = "https://github.com/o/r/compare/"
    text = ("# Changelog\n\n## [Unreleased]\n\n- New.\n\n## [2.0.0] - 2026-01-01\n\n- Old.\n\n"
            "## [1.4.0] - 2025-01-01\n\n- Older.\n\n"
            f"[Unreleased]: {base}rel_2_0_0...HEAD\n[2.0.0]: {base}rel_1_4_0...rel_2_0_0\n"
            f"[1.4.0]: {base}rel_1_3_0...rel_1_4_0\n")
    new = insert_release(Changelog(text), "2.1.0", "2026-11-25",
                         LinkContext("https://github.com/o/r", "rel_", "rel_2_0_0"))
    assert new.endswith(f"[Unreleased]: {base}rel_2_1_0...HEAD\n"
                        f"[2.1.0]: {base}rel_2_0_0...rel_2_1_0\n"
                        f"[2.0.0]: {base}rel_1_4_0...rel_2_0_0\n"
                        f"[1.4.0]: {base}rel_1_3_0...rel_1_4_0\n")


def test_no_link_block_means_no_links_added() -> None:
    text = "# Changelog\n\n## [Unreleased]\n\n- New.\n"
    new = insert_release(Changelog(text), "1.4.0", "2026-11-25",
                         LinkContext("https://github.com/o/r", "v", None))
    assert new == "# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2026-11-25\n\n- New.\n"


@pytest.mark.parametrize(("after", "between"), [(1, 2), (2, 2), (1, 1)])
def test_an_empty_unreleased_section_keeps_the_files_own_spacing(after: int, between: int
                                                                  ) -> None:
    # hatch keeps one blank line under an empty `## Unreleased` and two between releases;
    # structlog keeps two everywhere. The new release takes both gaps from the file.
    gap_after, gap_between = "\n" * after, "\n" * between
    text = (f"# C\n\n## Unreleased\n{gap_after}## [1.3.0] - 2026-01-01\n\n- Old.\n"
            f"{gap_between}## [1.2.0] - 2025-01-01\n\n- Older.\n")
    new = insert_release(Changelog(text), "1.4.0", "2026-11-25", NO_LINKS)
    assert new == text.replace(
        f"## Unreleased\n{gap_after}",
        f"## Unreleased\n{gap_after}## [1.4.0] - 2026-11-25\n{gap_between}", 1)


def test_crlf_and_bom_survive_rendering() -> None:
    original = "\ufeff# C\r\n\r\n## [Unreleased]\r\n\r\n- New.\r\n"
    log = Changelog(original)
    assert log.render() == original
    new = insert_release(log, "1.0.0", "2026-11-25", NO_LINKS)
    assert new == ("\ufeff# C\r\n\r\n## [Unreleased]\r\n\r\n## [1.0.0] - 2026-11-25"
                   "\r\n\r\n- New.\r\n")


def test_first_release_of_an_rst_file_uses_its_adornment() -> None:
    text = "Changes\n=======\n\nUnreleased\n----------\n\n- New.\n"
    new = insert_release(Changelog(text, "CHANGES.rst"), "0.1.0", "2026-11-25", NO_LINKS)
    assert new == ("Changes\n=======\n\nUnreleased\n----------\n\n0.1.0 (2026-11-25)\n"
                   "------------------\n\n- New.\n")


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("CHANGES.md", "# C\n\n## Version 0.1.0\n\nUnreleased\n\n- x\n",
     "# C\n\n## Version 0.1.0\n\nReleased 2026-11-25\n\n- x\n"),
    ("CHANGES.rst", "C\n=\n\nv0.1.0 (unreleased)\n-------------------\n\n- x\n",
     "C\n=\n\nv0.1.0 (2026-11-25)\n-------------------\n\n- x\n"),
    ("CHANGES.rst", "C\n=\n\n.. _v0-2-0:\n\n0.2.0 - `main`_\n~~~~~~~~~~~~~~~\n\n"
     ".. note:: This version is not yet released.\n\n- x\n\n0.1.0 - 2026-01-01\n"
     "~~~~~~~~~~~~~~~~~~\n\n- y\n",
     "C\n=\n\n.. _v0-2-0:\n\n0.2.0 - 2026-11-25\n~~~~~~~~~~~~~~~~~~\n\n- x\n\n"
     "0.1.0 - 2026-01-01\n~~~~~~~~~~~~~~~~~~\n\n- y\n"),
])
def test_a_pending_section_that_names_its_version_becomes_the_release(
    path: str, text: str, expected: str
) -> None:
    assert insert_release(Changelog(text, path), "0.1.0" if "0.2.0" not in text else "0.2.0",
                          "2026-11-25", NO_LINKS) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("# History\n\n- 2026-01-01: things.\n", "no release section and no unreleased section"),
    ("# C\n\n## [0.1.0] - 2025-01-01\n\n- a\n\n## [0.2.0] - 2025-06-01\n\n- b\n",
     "oldest first"),
    ("C\n=\n\n## 2.1.0 (2026-09-02)\n\n- a\n\n2.0.1 - 2026-06-30\n------------------\n\n- b\n",
     "different styles"),
    ("# C\n\n## Unreleased\n\n- a\n\n## Latest Changes\n\n- b\n\n## 1.0.0\n\n- c\n",
     "more than one unreleased section (lines 3 and 7)"),
    ("# C\n\n## Version 2.0.0\n\nUnreleased\n\n- a\n\n## Version 1.0.0\n\n- c\n",
     "is for 2.0.0, not 1.5.0"),
    ("# C\n\n## [2.0.0] - 2026-01-01\n\n- a\n", "not lower than 1.5.0"),
    ("# C\n\n## [1.5.0] - 2026-01-01\n\n- a\n", "already has a section for 1.5.0"),
])
def test_refusals(text: str, reason: str) -> None:
    with pytest.raises(ChangelogError) as caught:
        insert_release(Changelog(text), "1.5.0", "2026-11-25", NO_LINKS)
    assert reason in str(caught.value)


def test_heading_for_shows_the_files_own_style() -> None:
    text = "# C\n\n## 0.28.1 (6th December, 2024)\n\n- a\n\n## 0.28.0 (28th November, 2024)\n"
    assert heading_for(Changelog(text), "0.28.2", "2026-01-05") == "## 0.28.2 (5th January, 2026)"


@pytest.mark.parametrize(("text", "expected"), [
    # babel: rST titles without dates, release after release: the hint shows no date
    ("Changes\n=======\n\nVersion 2.18.0\n--------------\n\n- a\n\nVersion 2.17.0\n"
     "--------------\n\n- b\n", "Version 2.18.1\n--------------"),
    # one undated release says nothing about dates: the date goes on the title, never
    # after the underline
    ("Changes\n=======\n\nVersion 2.18.0\n--------------\n\n- a\n",
     "Version 2.18.1 (2026-01-05)\n---------------------------"),
])
def test_heading_for_an_undated_rst_file(text: str, expected: str) -> None:
    assert heading_for(Changelog(text, "CHANGES.rst", "rst"), "2.18.1", "2026-01-05") \
        == expected


# -- properties ------------------------------------------------------------------------------

ENTRY = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;!?()", min_size=1,
                max_size=40).map(lambda s: "- " + (s.strip() or "x"))

STYLES = {
    # name: (path, preamble, pending heading, release heading with {v} and {d})
    "kac": ("CHANGELOG.md", "# Changelog\n\n", "## [Unreleased]", "## [{v}] - {d}"),
    "plain": ("CHANGELOG.md", "# Changes\n\n", "## Unreleased", "## {v} ({d})"),
    "words": ("CHANGELOG.md", "# Changes\n\n", "## [UNRELEASED]", "## {v} ({w})"),
    "version": ("CHANGES.md", "", "## Unreleased", "## Version {v}\n\nReleased {d}"),
    "setext": ("HISTORY.md", "History\n=======\n\n", "dev\n---", "{v} ({d})\n{u}"),
    "level1": ("NEWS.md", "", "# Unreleased", "# {v}\n\n*{d}*"),
    "level3": ("docs/changelog.md", "# Changelog\n\n", "### Latest Changes", "### v{v}"),
    "rst": ("CHANGES.rst", "Changes\n=======\n\n", "Unreleased\n----------", "{v} ({d})\n{u}"),
    "rst-tilde": ("CHANGELOG.rst", "Changelog\n---------\n\n", "*unreleased*\n~~~~~~~~~~~~",
                  "{v} - {d}\n{t}"),
}


def _heading(template: str, version: str, date: str) -> str:
    from release.changelog.dates import find_date as _find

    words = _find("6th December, 2024")
    assert words is not None
    title = template.format(v=version, d=date, w=words.form.render(date), u="{u}", t="{t}")
    first = title.split("\n")[0]
    return title.replace("{u}", "-" * len(first)).replace("{t}", "~" * len(first))


def build(style: str, pending: list[str], releases: int) -> str:
    _, preamble, pending_heading, template = STYLES[style]
    parts = [preamble]
    if pending:
        parts.append(pending_heading + "\n\n" + "\n".join(pending) + "\n\n")
    for minor in range(releases, 0, -1):
        day = f"2026-{minor % 12 + 1:02d}-{minor % 27 + 1:02d}"
        parts.append(_heading(template, f"1.{minor}.0", day) + f"\n\n- Change {minor}.\n\n")
    return "".join(parts).rstrip("\n") + "\n"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(STYLES)), st.lists(ENTRY, min_size=1, max_size=5),
       st.integers(1, 4), st.sampled_from(["\n", "\r\n"]))
def test_prepare_then_notes_returns_the_former_unreleased(
    style: str, entries: list[str], releases: int, newline: str
) -> None:
    path = STYLES[style][0]
    text = build(style, entries, releases)
    log = Changelog(text.replace("\n", newline), path)
    new = insert_release(log, f"1.{releases + 1}.0", "2026-11-25", NO_LINKS)
    again = Changelog(new, path)
    section = again.find(parse(f"1.{releases + 1}.0"))
    assert section is not None and section is again.first_release()
    assert again.notes(section) == "\n".join(entries) + "\n"
    # The file minus the inserted lines is the original, byte for byte.
    old_lines = log.render().split(newline)
    new_lines = new.split(newline)
    ops = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} <= {"equal", "insert"}


@settings(max_examples=40)
@given(st.sampled_from(sorted(STYLES)), st.integers(1, 4))
def test_prepare_without_unreleased_inserts_only_the_heading(style: str, releases: int) -> None:
    path = STYLES[style][0]
    text = build(style, [], releases)
    new = insert_release(Changelog(text, path), "2.0.0", "2026-11-25", NO_LINKS)
    ops = difflib.SequenceMatcher(None, text.split("\n"), new.split("\n"),
                                  autojunk=False).get_opcodes()
    inserted = [op for op in ops if op[0] != "equal"]
    assert len(inserted) == 1 and inserted[0][0] == "insert"
    again = Changelog(new, path)
    first = again.first_release()
    assert first is not None and first.version == parse("2.0.0")
    previous = Changelog(text, path).first_release()
    assert previous is not None and again.next_heading(first) is not None
    assert again.next_heading(first).version == previous.version  # type: ignore[union-attr]


@given(st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_keep_a_changelog_links_round_trip(newline: str, links: bool) -> None:
    text = "# Changelog\n\n## [Unreleased]\n\n- New.\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n"
    if links:
        text += ("\n[unreleased]: https://github.com/o/r/compare/v1.3.0...HEAD\n"
                 "[1.3.0]: https://github.com/o/r/compare/v1.2.0...v1.3.0\n")
    log = Changelog(text.replace("\n", newline))
    new = Changelog(insert_release(log, "1.4.0", "2026-11-25", LinkContext(None, "v", "v1.3.0")))
    heading = new.find(parse("1.4.0"))
    assert heading is not None
    assert new.notes(heading) == "- New.\n"
    if links:
        assert "[unreleased]: https://github.com/o/r/compare/v1.4.0...HEAD" in new.text
        assert "[1.4.0]: https://github.com/o/r/compare/v1.3.0...v1.4.0\n[1.3.0]" in new.text


@given(st.sampled_from(["[{v}] - {d}", "{v} - {d}", "[{v}](https://x) - {d}", "v{v} ({d})",
                        "{v} ({d})", "[{v}] - {d} [YANKED]", "Version {v} ({d})"]),
       st.from_regex(r"\A[1-9][0-9]?\.[0-9]{1,2}\.[0-9]{1,2}((a|b|rc)[0-9])?\Z"),
       st.dates().map(lambda d: d.isoformat()))
@pytest.mark.slow
def test_heading_round_trip(style: str, version: str, date: str) -> None:
    log = Changelog("# C\n\n## " + style.format(v=version, d=date) + "\n\n- x\n")
    (heading,) = list(log.sections())
    assert heading.version == parse(version)
    assert heading.date == date


# -- hostile input ---------------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("#=-~*_`[]()<!>:.\n 0123456789vV-Unreleasd\t\r"
                                             "abcxyzJanuary,")), max_size=400),
       st.sampled_from(["CHANGELOG.md", "CHANGES.rst"]))
def test_the_reader_raises_only_changelog_errors(text: str, path: str) -> None:
    log = Changelog(text, path)
    for section in log.sections():
        log.notes(section)
        is_filled(log.body(section))
        heading_for(log, "99.0.0", "2026-11-25")
    with contextlib.suppress(ChangelogError):
        insert_release(log, "99.0.0", "2026-11-25", LinkContext("https://github.com/o/r", "v",
                                                                 "v1.0.0"))


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_decoding_raises_only_changelog_errors(data: bytes) -> None:
    from release.changelog import decode

    with contextlib.suppress(ChangelogError):
        decode(data, "CHANGELOG.md")


MB = 1_000_000
HOSTILE = {
    "unclosed comment": "# C\n\n## [1.0.0] - 2026-01-01\n\n<!--" + "x\n" * (MB // 2),
    "many comment openers": "# C\n\n## [1.0.0] - 2026-01-01\n\n" + "<!-- " * (MB // 5),
    "digits in a heading": "# C\n\n## " + "1" * MB + "\n\n- x\n",
    "dotted digits": "# C\n\n## " + "1." * (MB // 2) + "\n\n- x\n",
    "spaces in a heading": "# C\n\n## a" + " " * MB + "b\n",
    "hash lines": "#\n" * (MB // 2),
    "brackets": "[" * MB,
    "link definitions": "[a]: b\n" * (MB // 7),
    "underlines": ("x\n---\n" * (MB // 6)),
    "rst adornments": "=" * MB,
    "date-like": "## 1.0.0 (" + "1st January " * (MB // 12) + ")\n",
    "fences": "```\n" * (MB // 4),
    "unclosed fence": "# C\n\n## [1.0.0] - 2026-01-01\n\n```\n" + "## [0.1.0]\n" * (MB // 11),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("path", ["CHANGELOG.md", "CHANGES.rst"])
@pytest.mark.slow
def test_hostile_megabyte_inputs_are_read_or_refused(name: str, path: str) -> None:
    # How long this takes is measured by `nox -s bench` (benchmarks/hostile_inputs.py): the
    # quadratic readers these inputs were written against took minutes.
    text = HOSTILE[name]
    log = Changelog(text, path)
    for index, section in enumerate(log.sections()):
        assert isinstance(is_filled(log.body(section)), bool)
        assert isinstance(log.notes(section), str)
        if index > 3:
            break
    assert isinstance(is_filled(text), bool)
    try:
        new = insert_release(log, "99.0.0", "2026-11-25", NO_LINKS)
    except ChangelogError as exc:
        assert exc.message and exc.hint
    else:
        assert "99.0.0" in new


@pytest.mark.parametrize("title", ["Next steps", "Version history", "Migration guide",
                                   "Upgrading from 1.x", "Unreleased features of the 2.0 API"])
def test_titles_that_are_not_pending(title: str) -> None:
    log = Changelog(f"# Changelog\n\n## {title}\n\n- x\n\n## 1.0.0 (2026-01-01)\n\n- y\n")
    assert [s.title for s in log.sections()] == ["1.0.0 (2026-01-01)"]


@pytest.mark.parametrize("path", ["docs/versionhistory.rst", "CHANGELOG.md"])
def test_bold_paragraphs_are_sections_when_they_name_releases(path: str) -> None:
    text = ("Version history\n===============\n\nSemantic versioning.\n\n**UNRELEASED**\n\n"
            "- Added x\n\n**4.14.2**\n\n- Changed a\n\n**Breaking changes**\n\n- b\n\n"
            "**4.14.1 (2026-01-02)**\n\n- c\n")
    log = Changelog(text, path)
    sections = list(log.sections())
    assert [s.title for s in sections] == ["**UNRELEASED**", "**4.14.2**",
                                           "**4.14.1 (2026-01-02)**"]
    assert sections[0].is_unreleased and sections[2].date == "2026-01-02"
    assert log.notes(sections[1]) == "- Changed a\n\n**Breaking changes**\n\n- b\n"


@pytest.mark.parametrize("path", ["docs/news.rst", "CHANGELOG.md"])
def test_a_bold_version_with_its_date_after_it_is_a_section(path: str) -> None:
    # wheel's release commit wrote `**0.48.0** (2026-08-12)` before a fix-up moved the date
    text = ("Release Notes\n=============\n\n**0.48.0** (2026-08-12)\n\n- a\n\n"
            "**Known issue** (see below)\n\n- b\n\n**0.47.0 (2026-04-22)**\n\n- c\n")
    log = Changelog(text, path)
    releases = log.releases(3)
    assert [(s.version, s.date) for s in releases] == [
        (parse("0.48.0"), "2026-08-12"), (parse("0.47.0"), "2026-04-22")]
    assert log.notes(releases[0]) == "- a\n\n**Known issue** (see below)\n\n- b\n"


def test_a_bold_unreleased_line_above_real_headings_is_not_a_section() -> None:
    log = Changelog("# Changelog\n\n**Unreleased**\n\n- x\n\n## 1.0 (2026-01-01)\n\n- y\n")
    assert [s.title for s in log.sections()] == ["1.0 (2026-01-01)"]


def test_an_undated_top_version_in_a_dated_file_is_the_unreleased_section() -> None:
    text = ("Version 3.2.0\n-------------\n\n-   New.\n\n\nVersion 3.1.8\n-------------\n\n"
            "Released 2026-04-02\n\n-   Old.\n")
    log = Changelog(text, "CHANGES.rst")
    pending = log.unreleased()
    assert pending is not None and pending.version == parse("3.2.0")
    new = insert_release(log, "3.2.0", "2026-11-26", NO_LINKS)
    assert new == text.replace("-------------\n\n-   New.",
                               "-------------\n\nReleased 2026-11-26\n\n-   New.")
    # undated everywhere: the top version is a release like the others
    plain = Changelog(text.replace("Released 2026-04-02\n\n", ""), "CHANGES.rst")
    assert plain.unreleased() is None


def test_the_doubled_title_of_a_towncrier_template_is_one_section() -> None:
    text = ("2026.8.0 (2026-08-20)\n=====================\nmytool 2026.8.0 (2026-08-20)\n"
            "============================\n\n- x (#1)\n\n2026.7.0 (2026-07-01)\n"
            "=====================\nmytool 2026.7.0 (2026-07-01)\n"
            "============================\n\n- y (#2)\n")
    log = Changelog(text, "NEWS.rst")
    sections = list(log.sections())
    assert [s.version for s in sections] == [parse("2026.8.0"), parse("2026.7.0")]
    assert [log.notes(s) for s in sections] == ["- x (#1)\n", "- y (#2)\n"]
    assert log.later_mention(sections[1], parse("2026.7.0")) is None


def test_notes_start_with_a_link_line_under_the_title() -> None:
    text = ("## v1.8.0 (2026-08-01)\n\n[GitHub release](https://x/releases/tag/v1.8.0)\n\n"
            "- A change.\n")
    log = Changelog(text)
    (section,) = list(log.sections())
    assert log.notes(section) == "[GitHub release](https://x/releases/tag/v1.8.0)\n\n- A change.\n"


def test_a_rename_habit_turns_the_unreleased_heading_into_the_release() -> None:
    from release.changelog.insert import RENAME

    text = "**UNRELEASED**\n\n- New.\n\n**4.14.2**\n\n- Old.\n"
    log = Changelog(text, "docs/versionhistory.rst")
    assert insert_release(log, "4.15.0", "2026-11-26", NO_LINKS, pending_habit=RENAME) == \
        text.replace("**UNRELEASED**", "**4.15.0**")
    assert insert_release(log, "4.15.0", "2026-11-26", NO_LINKS) == text.replace(
        "**UNRELEASED**\n\n", "**UNRELEASED**\n\n**4.15.0**\n\n")


@pytest.mark.parametrize(("text", "path", "expected"), [
    ("Changelog\n=========\n\n1.0 (2026-01-01)\n~~~~~~~~~~~~~~~~\n\n- x\n", "CHANGES.rst",
     "1.1.0 (2026-11-26)\n~~~~~~~~~~~~~~~~~~"),
    ("Changelog\n=========\n\nUnreleased\n----------\n", "CHANGES.rst",
     "1.1.0 (2026-11-26)\n------------------"),
    ("# Changelog\n\n## Unreleased\n", "CHANGELOG.md", "## [1.1.0] - 2026-11-26"),
])
def test_hints_are_written_in_the_files_markup(text: str, path: str, expected: str) -> None:
    from release.changelog.insert import canonical_heading

    log = Changelog(text, path)
    if log.first_release() is None:
        assert heading_for(log, "1.1.0", "2026-11-26") == expected
    else:
        assert canonical_heading("1.1.0", "2026-11-26", log) == expected


@pytest.mark.parametrize(("text", "path", "line"), [
    ("# Changelog\n\n## Coming next\n\n- x\n\n## 1.0.0 (2026-01-01)\n\n- y\n", "CHANGELOG.md", 3),
    ("# Changelog\n\n### Added\n\n- x\n\n## 1.0.0 (2026-01-01)\n\n### Added\n\n- y\n",
     "CHANGELOG.md", 3),
    ("Changelog\n=========\n\n- x\n- z\n\n1.0 (2026-01-01)\n----------------\n\n- y\n",
     "CHANGES.rst", 4),
    ("# Changelog\n\nAll notable changes.\n\n- Added for new features.\n\n## [Unreleased]\n\n"
     "- x\n\n## 1.0.0 (2026-01-01)\n\n- y\n", "CHANGELOG.md", None),
    ("# Changelog\n\nAll notable changes are listed here.\n\n## 1.0.0 (2026-01-01)\n\n- y\n",
     "CHANGELOG.md", None),
])
def test_entries_no_unreleased_section_holds(text: str, path: str, line: int | None) -> None:
    from release.changelog.proof import unplaced_entries

    found = unplaced_entries(Changelog(text, path))
    assert (found[0] if found else None) == line


def test_the_proof_refuses_an_empty_release_and_names_the_pending_heading() -> None:
    from release.changelog.proof import prove_release

    log = Changelog("# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n\n- y\n")
    new = insert_release(log, "1.1.0", "2026-11-26", NO_LINKS)
    with pytest.raises(ChangelogError, match=r"the new 1.1.0 section would be empty: the "
                       r"unreleased section `## \[Unreleased\]` \(line 3\) has no entries"):
        prove_release(log, new, "1.1.0")
    log = Changelog("# Changelog\n\n## [Unreleased]\n\n- x\n\n## [1.0.0] - 2026-01-01\n\n- y\n")
    prove_release(log, insert_release(log, "1.1.0", "2026-11-26", NO_LINKS), "1.1.0")


@pytest.mark.parametrize(("path", "text", "hinted"), [
    ("CHANGELOG.md", "# Changelog\n\n## [1.0.0] - 2026-01-01\n\n- y\n", "## [Unreleased]"),
    # markdown-it-py: release titles without brackets
    ("CHANGELOG.md", "# Changelog\n\n## 1.0.0 - 2026-01-01\n\n- y\n", "## Unreleased"),
    # pyflakes: plain release lines
    ("NEWS.rst", "1.0.0 (2026-01-01)\n\n- y\n\n0.9.0 (2025-01-01)\n\n- z\n", "Unreleased"),
    # pre-commit: setext releases, `### Fixes` below them
    ("CHANGELOG.md", "1.0.0 - 2026-01-01\n==================\n\n### Fixes\n- y\n",
     "Unreleased\n=========="),
    ("CHANGELOG.md", "Changes\n=======\n\n1.0.0 (2026-01-01)\n------------------\n\n- y\n",
     "Unreleased\n----------"),
    ("CHANGELOG.md", "# 1.0.0\n\n- y\n", "# Unreleased"),
    ("CHANGELOG.md", "# Changelog\n\n### v1.0.0\n\n- y\n", "### Unreleased"),
    ("CHANGES.rst", "Changes\n=======\n\n1.0.0 (2026-01-01)\n------------------\n\n- y\n",
     "Unreleased\n----------"),
    ("changelog.rst", "*********************\n 1.0.0 (2026-01-01)\n*********************\n\n"
     "- y\n", "**********\nUnreleased\n**********"),
    ("CHANGES.rst", "**1.0.0**\n\n- y\n\n**0.9.0**\n\n- z\n", "**Unreleased**"),
])
def test_the_hinted_unreleased_heading_is_read_back_in_the_files_markup(
        path: str, text: str, hinted: str) -> None:
    """The refusal of an empty release names an unreleased heading in the file's own markup,
    and a file that follows the hint prepares: `## [Unreleased]` above setext releases was
    read as the only section, with no release under it."""
    from release.changelog.proof import prove_release

    log = Changelog(text, path)
    with pytest.raises(ChangelogError) as refused:
        prove_release(log, insert_release(log, "1.1.0", "2026-11-26", NO_LINKS), "1.1.0")
    assert "\n".join("    " + line for line in hinted.split("\n")) in (refused.value.hint or "")
    newest = log.first_release()
    assert newest is not None
    at = newest.raw.start
    followed = Changelog(text[:at] + hinted + "\n\n- x\n\n" + text[at:], path)
    assert followed.unreleased() is not None and followed.first_release() is not None
    assert followed.first_release().version == parse("1.0.0")
    new = insert_release(followed, "1.1.0", "2026-11-26", NO_LINKS)
    prove_release(followed, new, "1.1.0")
    assert Changelog(new, path).first_release().version == parse("1.1.0")


def test_a_section_that_does_not_hold_the_entries_is_refused_with_what_to_do() -> None:
    from release.changelog.proof import prove_release

    log = Changelog("# Changelog\n\n## [Unreleased]\n\n- x\n\n## [1.0.0] - 2026-01-01\n\n- y\n")
    new = insert_release(log, "1.1.0", "2026-11-26", NO_LINKS).replace("- x\n", "- x\n- z\n")
    with pytest.raises(ChangelogError, match=r"would not hold exactly the unreleased entries "
                       r"\(2 line\(s\) instead of 1\)") as caught:
        prove_release(log, new, "1.1.0", "2026-11-26")
    hint = caught.value.hint
    assert "write the 1.1.0 section by hand" in hint and "please report" not in hint[:40]
    assert "    ## [1.1.0] - 2026-11-26" in hint


@pytest.mark.parametrize(("line", "link"), [
    ("[GitHub release](https://github.com/o/p/releases/tag/v2.14.0)", True),
    ("[Full changelog](https://github.com/o/p/compare/v2.13.0...v2.14.0)", True),
    ("<small>[Compare with 2.13.0](https://github.com/o/p/compare/2.13.0...2.14.0)</small>",
     True),
    # mypy: prose that names the version next to a link is the body, not a link line
    ("We've just uploaded mypy 2.14.0 to the Python Package Index "
     "([PyPI](https://pypi.org/project/mypy/)).", False),
    ("[GitHub release](https://github.com/o/p/releases/tag/v2.14.01)", False),
])
def test_a_link_line_under_a_title_is_made_of_links_that_name_the_version(
    line: str, link: bool
) -> None:
    text = f"# Changelog\n\n## 2.14.0 (2026-01-01)\n\n{line}\n\n- y\n"
    section = Changelog(text, "CHANGELOG.md").first_release()
    assert section is not None and (section.extra is not None) is link


def test_sphinx_releases_files_are_read_and_written_only_when_exact() -> None:
    text = ("=========\nChangelog\n=========\n\n- :bug:`9` A fix.\n- :release:`1.0.1 <2026-02-01>`\n"
            "- :bug:`7` Older fix.\n- :release:`1.0.0 <2026-01-01>`\n- :feature:`1` First.\n")
    log = Changelog(text, "sites/www/changelog.rst")
    sections = list(log.sections())
    assert [s.version for s in sections] == [None, parse("1.0.1"), parse("1.0.0")]
    assert sections[0].is_unreleased and sections[1].date == "2026-02-01"
    assert log.notes(sections[1]) == "- :bug:`7` Older fix.\n"
    new = insert_release(log, "1.0.2", "2026-11-26", NO_LINKS)
    assert new == text.replace("- :bug:`9`", "- :release:`1.0.2 <2026-11-26>`\n- :bug:`9`")
    with pytest.raises(ChangelogError, match=r"would not be part of 1\.1\.0"):
        insert_release(log, "1.1.0", "2026-11-26", NO_LINKS)
    major = Changelog(text.replace(":bug:`9`", ":bug:`9 major`"), "changelog.rst")
    assert "- :release:`1.1.0 <2026-11-26>`" in insert_release(major, "1.1.0", "2026-11-26",
                                                                NO_LINKS)


RST_MARKER = ("CHANGELOG.rst", "CHANGELOG\n=========\n\nUnreleased\n----------\n\n{c}\n\n"
              "- Add a hook.\n\n0.37.4\n------\n\n- Update schemas.\n", "0.37.5\n------")
MD_MARKER = ("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n{c}\n\n### Added\n\n- A hook.\n\n"
             "## [1.0.0] - 2026-01-01\n\n- First.\n", "## [1.1.0] - 2026-11-26")


@pytest.mark.parametrize(("form", "comment"), [
    (RST_MARKER, ".. vendor-insert-here"),  # check-jsonschema
    (RST_MARKER, ".. vendor-insert-here\n.. (the vendoring job writes below)"),
    (RST_MARKER, "..\n   Entries go below this comment,\n\n   newest first."),
    (MD_MARKER, "<!-- towncrier release notes start -->"),
    (MD_MARKER, "<!-- Add entries below, under Added / Changed / Fixed.\n     Newest first. -->"),
    (MD_MARKER, "<!-- one --> <!-- two -->\n\n<!-- three -->"),
])
def test_comments_that_open_the_unreleased_section_stay_under_its_heading(
    form: tuple[str, str, str], comment: str
) -> None:
    from release.changelog.proof import prove_release

    path, template, heading = form
    log = Changelog(template.format(c=comment), path)
    version = heading.split()[-3].strip("[]") if path.endswith(".md") else heading.split()[0]
    new = insert_release(log, version, "2026-11-26", NO_LINKS)
    assert new == log.text.replace(comment + "\n\n", comment + "\n\n" + heading + "\n\n", 1)
    prove_release(log, new, version, "2026-11-26")
    after = Changelog(new, path)
    section = after.first_release()
    assert section is not None and str(section.version) == version
    pending = after.unreleased()
    assert pending is not None and comment in after.body(pending)
    assert not is_filled(after.body(pending))
    notes = after.notes(section)
    assert notes.startswith(("- Add a hook.", "### Added")) and comment not in notes


@pytest.mark.parametrize(("form", "comment"), [
    (RST_MARKER, ".. note:: Read this first."),  # a directive is content: it moves
    (MD_MARKER, "<!-- new --> Faster start-up."),  # text after the comment: an entry
    (MD_MARKER, "- First entry.\n\n<!-- below the first entry -->"),
])
def test_content_at_the_top_of_the_unreleased_section_moves_with_the_entries(
    form: tuple[str, str, str], comment: str
) -> None:
    path, template, heading = form
    log = Changelog(template.format(c=comment), path)
    version = heading.split()[-3].strip("[]") if path.endswith(".md") else heading.split()[0]
    new = Changelog(insert_release(log, version, "2026-11-26", NO_LINKS), path)
    section = new.first_release()
    assert section is not None and new.notes(section).startswith(comment + "\n")


@pytest.mark.parametrize(("path", "text"), [
    ("CHANGES.rst", "0.2.0\n-----\n\n.. vendor-insert-here\n\n- Two.\n\n0.1.0\n-----\n\n- One.\n"),
    ("CHANGELOG.md", "## 0.2.0\n\n<!-- towncrier release notes start -->\n\n- Two.\n\n"
     "## 0.1.0\n\n- One.\n"),
])
def test_notes_never_start_with_a_marker_comment(path: str, text: str) -> None:
    log = Changelog(text, path)
    section = log.find(parse("0.2.0"))
    assert section is not None and log.notes(section) == "- Two.\n"


@pytest.mark.parametrize(("path", "text", "sample"), [
    # pexpect: `Version 4.9` / backticks, `* Add ...` entries
    ("doc/history.rst", "History\n=======\n\nVersion 4.9\n```````````\n* Add a thing.\n\n"
     "Version 4.8\n```````````\n\n* Fix a bug.\n", "* ..."),
    # jmespath: `1.0.1` / `=====`, `* Fix ...`
    ("CHANGELOG.rst", "1.0.1\n=====\n\n* Fix floats.\n  (issue 281)\n\n\n1.0.0\n=====\n\n"
     "* Drop 3.6.\n", "* ..."),
    ("CHANGELOG.md", "# Changes\n\n## 1.0.1\n\n### Fixed\n\n  + Indented.\n\n## 1.0.0\n\n"
     "  + First.\n", "  + ..."),
    ("CHANGELOG.md", "# Changes\n\n## 1.0.1\n\n1. Numbered.\n\n## 1.0.0\n\n2. Two.\n",
     "1. ..."),
    ("CHANGELOG.md", "# Changes\n\n## 1.0.1\n\nProse only.\n\n## 1.0.0\n\nMore.\n", "- ..."),
])
def test_the_sample_entry_of_a_hint_uses_the_files_own_bullet(path: str, text: str,
                                                              sample: str) -> None:
    from release.changelog.proof import prove_release

    log = Changelog(text, path)
    with pytest.raises(ChangelogError) as caught:
        prove_release(log, insert_release(log, "5.0.0", "2026-11-26", NO_LINKS), "5.0.0")
    hint = caught.value.hint
    assert f"\n\n    {sample}\n" in hint, hint
    other = "- ..." if sample != "- ..." else "* ..."
    assert f"    {other}\n" not in hint


@pytest.mark.parametrize(("text", "line", "item"), [
    ("Changes\n\n-  8.2.1\n\n   - Fix the matcher.\n", 3, "-  8.2.1"),  # vcrpy
    ("- 0.11.0:\n  Drop the legacy format.\n- 0.10.0: Add Python 3.13.\n", 1, "- 0.11.0:"),
    ("- 0.10.0: Add Python 3.13.\n", 1, "- 0.10.0: Add Python 3.13."),  # tabulate
])
def test_releases_written_as_list_items_are_named(text: str, line: int, item: str) -> None:
    from release.changelog.titles import unsectioned

    found = unsectioned(text, "rst", "0.10.1")
    assert found is not None and found[0] == line
    assert found[1] == f"its releases are list items (`{item}`), not headings"


def test_a_list_of_versions_in_prose_is_not_a_release_list() -> None:
    from release.changelog.titles import unsectioned

    assert unsectioned("Supported:\n\n- Python 3.11 and newer\n- v2 API\n", "rst", "1.0") is None
