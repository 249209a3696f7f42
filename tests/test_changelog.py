"""release.changelog: the heading grammar, sections, notes and the Unreleased edit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from release.changelog import (
    STUB_LINE,
    Changelog,
    LinkContext,
    is_filled,
    release_unreleased,
)
from release.versions import parse


@pytest.mark.parametrize(("heading", "token", "date", "yanked"), [
    ("## [1.4.0] - 2026-11-24", "1.4.0", "2026-11-24", False),
    ("## 1.4.0 - 2026-11-24", "1.4.0", "2026-11-24", False),
    ("## [1.4.0](https://x/compare/v1.3.0...v1.4.0) - 2026-11-24", "1.4.0", "2026-11-24", False),
    ("## v1.4.0", "1.4.0", None, False),
    ("## 1.4.0 (2026-11-24)", "1.4.0", "2026-11-24", False),
    ("## [1.4.0] - 2026-11-24 [YANKED]", "1.4.0", "2026-11-24", True),
    ("## [1.4.0-rc.1] — 2026-11-24", "1.4.0-rc.1", "2026-11-24", False),
    ("## [Unreleased]", None, None, False),
    ("##   Unreleased  ", None, None, False),
])
def test_heading_styles(heading: str, token: str | None, date: str | None, yanked: bool) -> None:
    log = Changelog(f"# Changelog\n\n{heading}\n\n- x\n")
    (found,) = list(log.headings())
    assert found.version_text == token
    assert found.date == date and found.yanked is yanked
    assert found.is_unreleased is (token is None)
    assert found.line == 3


def test_fenced_headings_are_not_sections() -> None:
    text = "# C\n\n~~~\n## [2.0.0]\n~~~\n\n````\n```\n## [3.0.0]\n````\n\n## [1.0.0] - 2026-01-01\n"
    assert [h.version_text for h in Changelog(text).headings()] == ["1.0.0"]


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
    ("\nSome prose.\n", True),
])
def test_is_filled(body: str, filled: bool) -> None:
    assert is_filled(body) is filled


def test_release_without_unreleased_writes_a_stub() -> None:
    log = Changelog("# Changelog\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n")
    new = release_unreleased(log, "1.4.0", "2026-11-25", LinkContext(None, "v", "v1.3.0"))
    assert new == ("# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2026-11-25\n\n"
                   f"{STUB_LINE}\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n")


def test_compare_links_are_added_when_the_file_uses_links() -> None:
    text = ("# Changelog\n\n## [Unreleased]\n\n- New.\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n\n"
            "[1.3.0]: https://github.com/o/r/releases/tag/v1.3.0\n")
    new = release_unreleased(Changelog(text), "1.4.0", "2026-11-25",
                             LinkContext("https://github.com/o/r", "v", "v1.3.0"))
    assert new.endswith(
        "[unreleased]: https://github.com/o/r/compare/v1.4.0...HEAD\n"
        "[1.4.0]: https://github.com/o/r/compare/v1.3.0...v1.4.0\n"
        "[1.3.0]: https://github.com/o/r/releases/tag/v1.3.0\n")


def test_no_link_block_means_no_links_added() -> None:
    text = "# Changelog\n\n## [Unreleased]\n\n- New.\n"
    new = release_unreleased(Changelog(text), "1.4.0", "2026-11-25",
                             LinkContext("https://github.com/o/r", "v", None))
    assert "compare" not in new


def test_crlf_and_bom_survive_rendering() -> None:
    original = "\ufeff# C\r\n\r\n## [Unreleased]\r\n\r\n- New.\r\n"
    log = Changelog(original)
    assert log.render() == original
    new = release_unreleased(log, "1.0.0", "2026-11-25", LinkContext(None, "v", None))
    assert log.render(new) == ("\ufeff# C\r\n\r\n## [Unreleased]\r\n\r\n## [1.0.0] - 2026-11-25"
                               "\r\n\r\n- New.\r\n")


lines = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(lambda s: "- " + s.replace("#", "").replace("[", "(").replace("]", ")").strip() or "- x"),
    min_size=1, max_size=6,
)


@given(lines, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_prepare_then_notes_returns_the_former_unreleased(
    items: list[str], newline: str, links: bool
) -> None:
    body = "\n".join(items)
    text = f"# Changelog\n\n## [Unreleased]\n\n{body}\n\n## [1.3.0] - 2026-01-01\n\n- Old.\n"
    if links:
        text += "\n[unreleased]: https://github.com/o/r/compare/v1.3.0...HEAD\n"
    log = Changelog(text.replace("\n", newline))
    new = Changelog(log.render(release_unreleased(log, "1.4.0", "2026-11-25",
                                                  LinkContext(None, "v", "v1.3.0"))))
    heading = new.find(parse("1.4.0"))
    assert heading is not None
    assert new.notes(heading) == body.strip("\n") + "\n"


@given(st.sampled_from(["[{v}] - {d}", "{v} - {d}", "[{v}](https://x) - {d}", "v{v} ({d})",
                        "{v} ({d})", "[{v}] - {d} [YANKED]"]),
       st.from_regex(r"\A[1-9][0-9]?\.[0-9]{1,2}\.[0-9]{1,2}((a|b|rc)[0-9])?\Z"),
       st.dates().map(lambda d: d.isoformat()))
def test_heading_round_trip(style: str, version: str, date: str) -> None:
    log = Changelog("# C\n\n## " + style.format(v=version, d=date) + "\n\n- x\n")
    (heading,) = list(log.headings())
    assert heading.version == parse(version)
    assert heading.date == date
