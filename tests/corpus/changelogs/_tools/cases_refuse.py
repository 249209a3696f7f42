"""Refuse cases: a careful tool cannot tell where the new section belongs."""

from framework import L, case, sec

# ---------------------------------------------------------------- two pending blocks (real: click, May 2026)
two_pending = L(
    ".. currentmodule:: click",
    "",
    "Version 8.5.0",
    "-------------",
    "",
    "Unreleased",
    "",
    "-   Windows consoles use native ANSI support. :pr:`3600`",
    "",
    "",
    "Version 8.4.2",
    "-------------",
    "",
    "Unreleased",
    "",
    "-   Fish completion escapes newlines in option help. :issue:`3590`",
    "",
    "",
    "Version 8.4.1",
    "-------------",
    "",
    "Released 2026-05-21",
    "",
    "-   Zsh completion loads on Windows shells. :pr:`3566`",
    "",
    "",
    "Version 8.4.0",
    "-------------",
    "",
    "Released 2026-05-17",
    "",
    "-   Arguments can show help text. :issue:`3550`",
    "",
    "",
    "Version 8.3.3",
    "-------------",
    "",
    "Released 2026-04-20",
    "",
    "-   A prompt with an empty default no longer crashes. :issue:`3520`",
    "",
    "",
    "Version 8.3.2",
    "-------------",
    "",
    "Released 2026-04-02",
    "",
    "-   The pager keeps the arguments given in ``PAGER``. :pr:`3501`",
)

case(
    "refuse-two-pending-blocks",
    modelled_on="pallets/click",
    evidence="CHANGES.rst at 684b3f5b (2026-05-28), 1a994adb (2026-05-27), bc36cd1a (2026-05-21) and others: two "
    "consecutive pending blocks 'Version 8.5.0' / 'Unreleased' and 'Version 8.4.2' / 'Unreleased' above "
    "'Version 8.4.1' / 'Released 2026-05-21' (a bugfix branch merged into main before its release)",
    path="CHANGES.rst",
    format="rst",
    text=two_pending,
    unreleased=None,
    sections=[
        sec("8.4.1", "Version 8.4.1", "2026-05-21", skip=3),
        sec("8.4.0", "Version 8.4.0", "2026-05-17", skip=3),
        sec("8.3.3", "Version 8.3.3", "2026-04-20", skip=3),
        sec("8.3.2", "Version 8.3.2", "2026-04-02", skip=3),
    ],
    notes="Two pending blocks: releasing 8.5.0 would leave a pending 8.4.2 below a released 8.5.0, releasing 8.4.2 "
    "would leave the newest block pending above it, and a version that matches neither has two candidate "
    "blocks. Either way the file would no longer be newest-first with a single pending block.",
    insert=dict(version="8.5.0",
                refuse="two pending ('Unreleased') blocks, 8.5.0 and 8.4.2, at the top: cannot tell which one the "
                "release takes, and releasing either leaves the file out of order"),
)

# ---------------------------------------------------------------- ascending order
ascending = L(
    "# Changelog",
    "",
    "All notable changes to this project will be documented in this file.",
    "",
    "## [0.1.0] - 2025-02-03",
    "",
    "### Added",
    "",
    "- First release.",
    "",
    "## [0.2.0] - 2025-06-17",
    "",
    "### Added",
    "",
    "- A `--json` flag.",
    "",
    "## [0.3.0] - 2025-11-08",
    "",
    "### Changed",
    "",
    "- Read settings from `pyproject.toml`.",
    "",
    "## [0.3.1] - 2026-04-22",
    "",
    "### Fixed",
    "",
    "- Crash on an empty settings table.",
    "",
    "## [Unreleased]",
    "",
    "### Fixed",
    "",
    "- Typo in the help text.",
)

case(
    "refuse-ascending-order",
    modelled_on="olivierlacan/keep-a-changelog",
    evidence="Keep a Changelog headings ('## [0.3.1] - 2026-04-22', '## [Unreleased]') as in CHANGELOG.md at 006c1d4c, "
    "but written oldest-first with the unreleased section at the bottom, against the spec's 'latest version comes "
    "first'; versions and entries invented",
    path="CHANGELOG.md",
    format="md",
    text=ascending,
    unreleased=None,
    sections=[
        sec("0.1.0", "## [0.1.0] - 2025-02-03", "2025-02-03"),
        sec("0.2.0", "## [0.2.0] - 2025-06-17", "2025-06-17"),
        sec("0.3.0", "## [0.3.0] - 2025-11-08", "2025-11-08"),
        sec("0.3.1", "## [0.3.1] - 2026-04-22", "2026-04-22"),
    ],
    tail_marker="## [Unreleased]",
    notes="sections are listed in file order here (oldest first), not newest first; the last release's body "
    "ends at the '## [Unreleased]' heading below it.",
    insert=dict(version="0.4.0",
                refuse="release sections are in ascending order: the newest release is the last section, so 'directly "
                "above the newest release' is not where this file wants new entries, and appending elsewhere is "
                "not allowed"),
)

# ---------------------------------------------------------------- mixed heading styles at the top
mixed = L(
    "Changelog",
    "=========",
    "",
    "## 2.1.0 (2026-09-02)",
    "",
    "- Added a `--quiet` flag.",
    "",
    "2.0.1 - 2026-06-30",
    "------------------",
    "",
    "- Fixed the exit code on errors.",
    "",
    "2.0.0 - 2026-05-12",
    "------------------",
    "",
    "- Dropped Python 3.9.",
    "",
    "1.9.0 - 2026-01-15",
    "------------------",
    "",
    "- Added JSON output.",
)

case(
    "refuse-mixed-top-styles",
    modelled_on="psf/requests",
    evidence="Setext release headings '2.0.1 - 2026-06-30' / '------------------' as in requests' HISTORY.md "
    "(1f6589ec) and pre-commit's CHANGELOG.md (a9bba55a), with a newest section pasted in ATX style from another "
    "template ('## 2.1.0 (2026-09-02)'); invented",
    path="HISTORY.md",
    format="md",
    text=mixed,
    unreleased=None,
    sections=[
        sec("2.1.0", "## 2.1.0 (2026-09-02)", "2026-09-02"),
        sec("2.0.1", "2.0.1 - 2026-06-30", "2026-06-30", skip=1),
        sec("2.0.0", "2.0.0 - 2026-05-12", "2026-05-12", skip=1),
        sec("1.9.0", "1.9.0 - 2026-01-15", "2026-01-15", skip=1),
    ],
    notes="The two newest release headings differ in markup (ATX level 2 vs setext level 2) and in date format; the "
    "ATX one is the only one of its kind, so the file's style (and even the heading level structure) is ambiguous.",
    insert=dict(version="2.1.1",
                refuse="the two newest release headings use different styles ('## X (date)' vs setext 'X - date'): "
                "cannot tell which style to write"),
)

# ---------------------------------------------------------------- no release heading at all
noheadings = L(
    "# History",
    "",
    "Notable changes, newest first.",
    "",
    "- 2026-09-12: `fetch` retries on HTTP 503 (#88).",
    "- 2026-07-30: Python 3.15 support (#85).",
    "- 2026-05-02: New `--since` option for `list` (#80).",
    "- 2026-01-19: First public release (#71).",
)

case(
    "refuse-no-release-heading",
    modelled_on="(none: a dated bullet log)",
    evidence="A history file that is a flat list of dated bullets with no version headings (a shape seen in small "
    "projects that keep a log rather than a changelog); invented",
    path="HISTORY.md",
    format="md",
    text=noheadings,
    unreleased=None,
    sections=[],
    notes="No heading names a version, so there is no newest release to insert above and no heading style to copy.",
    insert=dict(version="1.1.0",
                refuse="no release heading: nothing names a version, so there is no style to follow and no place "
                "'directly above the newest release'"),
)
