"""Cases in the Keep a Changelog family and its relatives: rich, structlog, poetry, keep-a-changelog itself
(+ a yanked newest release), hatch, plus CRLF and BOM variants."""

from framework import L, case, sec

KAC_INTRO = (
    "All notable changes to this project will be documented in this file.",
    "",
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.0.0/),",
    "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).",
)

# ---------------------------------------------------------------- rich
rich = L(
    "# Changelog",
    "",
    *KAC_INTRO,
    "",
    "## Unreleased",
    "",
    "### Fixed",
    "",
    "- Fixed `Live` leaving the cursor hidden after a `KeyboardInterrupt` https://github.com/Textualize/rich/pull/4012",
    "",
    "### Added",
    "",
    "- Added `Table.add_rows` https://github.com/Textualize/rich/pull/4015",
    "",
    "## [14.3.3] - 2026-02-19",
    "",
    "### Fixed",
    "",
    "- Fixed a hang when splitting a string that ends in a combining mark https://github.com/Textualize/rich/pull/4007",
    "",
    "## [14.3.2] - 2026-02-01",
    "",
    "### Fixed",
    "",
    "- Fixed width of a lone zero-width joiner https://github.com/Textualize/rich/pull/3954",
    "",
    "## [14.3.1] - 2026-01-24",
    "",
    "### Fixed",
    "",
    "- Fixed cell width of characters outside the Unicode range https://github.com/Textualize/rich/pull/3945",
    "",
    "## [14.3.0] - 2026-01-24",
    "",
    "### Added",
    "",
    "- Added support for multi-codepoint glyphs in cell width calculations https://github.com/Textualize/rich/pull/3931",
    "",
    "### Fixed",
    "",
    "- Fixed padding of the first cell in `Columns` https://github.com/Textualize/rich/pull/3936",
    "",
    "## [14.2.0] - 2025-10-09",
    "",
    "### Changed",
    "",
    "- `Console.print` accepts `end=None` https://github.com/Textualize/rich/pull/3880",
    "",
    "## [14.1.0] - 2025-06-25",
    "",
    "### Added",
    "",
    "- Added `Syntax.get_line_numbers` https://github.com/Textualize/rich/pull/3760",
    "",
    "[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3",
    "[14.3.2]: https://github.com/textualize/rich/compare/v14.3.1...v14.3.2",
    "[14.3.1]: https://github.com/textualize/rich/compare/v14.3.0...v14.3.1",
    "[14.3.0]: https://github.com/textualize/rich/compare/v14.2.0...v14.3.0",
    "[14.2.0]: https://github.com/textualize/rich/compare/v14.1.0...v14.2.0",
    "[14.1.0]: https://github.com/textualize/rich/compare/v14.0.0...v14.1.0",
)

case(
    "textualize-rich",
    modelled_on="Textualize/rich",
    evidence="CHANGELOG.md at 42899d8a (2026-02-19): Keep a Changelog intro, releases '## [14.3.3] - 2026-02-19', "
    "link definitions at the bottom '[14.3.1]: https://github.com/textualize/rich/compare/v14.3.0...v14.3.1' "
    "(lower-case owner, v-prefixed tags); pending work under an UNbracketed '## Unreleased' (b3a50f08, 2025-12-17) "
    "that the release commit 14a47c92 'bump' renamed to '## [14.3.3] - 2026-02-19'",
    path="CHANGELOG.md",
    format="md",
    text=rich,
    unreleased=dict(find="## Unreleased"),
    sections=[
        sec("14.3.3", "## [14.3.3] - 2026-02-19", "2026-02-19"),
        sec("14.3.2", "## [14.3.2] - 2026-02-01", "2026-02-01"),
        sec("14.3.1", "## [14.3.1] - 2026-01-24", "2026-01-24"),
        sec("14.3.0", "## [14.3.0] - 2026-01-24", "2026-01-24"),
        sec("14.2.0", "## [14.2.0] - 2025-10-09", "2025-10-09"),
        sec("14.1.0", "## [14.1.0] - 2025-06-25", "2025-06-25"),
    ],
    tail_marker="[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3",
    notes="The real file lags: its newest link definitions stop at 14.3.1; here every release has one, so prepare "
    "adds '[14.3.4]: .../compare/v14.3.3...v14.3.4' above the newest definition. Headings are bracketed because "
    "of those definitions; the unreleased heading is not (it has no definition).",
    insert=dict(
        version="14.3.4",
        expected_heading="## [14.3.4] - 2026-11-26",
        keeps=True,  # the pending heading stays as spelled; the release goes under it
        compare_link="[14.3.4]: https://github.com/textualize/rich/compare/v14.3.3...v14.3.4",
        edits=[
            ("## Unreleased\n", "## Unreleased\n\n## [14.3.4] - 2026-11-26\n"),
            ("\n[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3\n",
             "\n[14.3.4]: https://github.com/textualize/rich/compare/v14.3.3...v14.3.4\n"
             "[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3\n"),
        ],
    ),
)

# ---------------------------------------------------------------- rich, 64 sections (generated)
def _rich_long():
    # versions newest first: 64 releases 10.0.0 .. 17.x, dates descending
    import datetime as dt

    versions = []
    for major in range(17, 9, -1):
        for minor in range(3, -1, -1):
            for patch in (1, 0):
                versions.append(f"{major}.{minor}.{patch}")
    assert len(versions) == 64
    day = dt.date(2026, 10, 30)
    lines = ["# Changelog", "", *KAC_INTRO, "", "## Unreleased", "", "### Fixed", "",
             "- Fixed a rounding error in `Progress` percentages https://github.com/Textualize/rich/pull/4101", ""]
    secs = []
    kinds = ["Fixed", "Added", "Changed"]
    for n, v in enumerate(versions):
        date = day.isoformat()
        head = f"## [{v}] - {date}"
        lines += [head, "", f"### {kinds[n % 3]}", "",
                  f"- Entry {n + 1} for {v}: adjusted the renderer for case {n * 7 % 97}", ""]
        if n % 5 == 0:
            lines += [f"- Second entry for {v}", ""]
        secs.append(sec(v, head, date))
        day -= dt.timedelta(days=11 + n % 9)
    links = []
    for n, v in enumerate(versions):
        prev = versions[n + 1] if n + 1 < len(versions) else "9.13.0"
        links.append(f"[{v}]: https://github.com/textualize/rich/compare/v{prev}...v{v}")
    text = "\n".join(lines + links) + "\n"
    return text, secs, links[0]


_long_text, _long_secs, _long_first_link = _rich_long()
case(
    "textualize-rich-long",
    modelled_on="Textualize/rich",
    evidence="CHANGELOG.md at 42899d8a: 2,200+ lines, hundreds of '## [X.Y.Z] - YYYY-MM-DD' sections and one "
    "compare-link definition per release at the bottom; this case is generated by _tools/cases_kac.py::_rich_long "
    "(64 sections, invented entries) to check that prepare reads only the top of a long file",
    path="CHANGELOG.md",
    format="md",
    text=_long_text,
    unreleased=dict(find="## Unreleased"),
    sections=_long_secs,
    tail_marker=_long_first_link,
    notes="Generated: 64 release sections + 64 link definitions.",
    insert=dict(
        version="17.3.2",
        expected_heading="## [17.3.2] - 2026-11-26",
        keeps=True,  # the pending heading stays as spelled; the release goes under it
        compare_link="[17.3.2]: https://github.com/textualize/rich/compare/v17.3.1...v17.3.2",
        edits=[
            ("## Unreleased\n", "## Unreleased\n\n## [17.3.2] - 2026-11-26\n"),
            ("\n" + _long_first_link + "\n",
             "\n[17.3.2]: https://github.com/textualize/rich/compare/v17.3.1...v17.3.2\n" + _long_first_link + "\n"),
        ],
    ),
)

# ---------------------------------------------------------------- structlog
structlog = L(
    "# Changelog",
    "",
    "All notable changes to this project will be documented in this file.",
    "",
    "The format is based on [Keep a Changelog](https://keepachangelog.com/) and this project adheres to [Calendar Versioning](https://calver.org/).",
    "",
    "The first number of the version is the year, the second one counts the releases of that year.",
    "",
    "<!-- changelog follows -->",
    "",
    "",
    "## [Unreleased](https://github.com/hynek/structlog/compare/26.1.0...HEAD)",
    "",
    "### Added",
    "",
    "- `structlog.testing.capture_logs()` accepts a *processors* argument.",
    "  [#830](https://github.com/hynek/structlog/pull/830)",
    "",
    "",
    "### Fixed",
    "",
    "- `ConsoleRenderer` no longer pads the event when *pad_event_to* is 0.",
    "  [#834](https://github.com/hynek/structlog/issues/834)",
    "",
    "",
    "## [26.1.0](https://github.com/hynek/structlog/compare/25.5.0...26.1.0) - 2026-06-06",
    "",
    "### Removed",
    "",
    "- Python 3.9 is not supported anymore.",
    "",
    "",
    "### Added",
    "",
    "- Snake-case aliases for two standard library logger methods.",
    "  [#818](https://github.com/hynek/structlog/pull/818)",
    "",
    "",
    "## [25.5.0](https://github.com/hynek/structlog/compare/25.4.0...25.5.0) - 2025-10-27",
    "",
    "### Fixed",
    "",
    "- Rendering an exception without a traceback works again.",
    "",
    "",
    "## [25.4.0](https://github.com/hynek/structlog/compare/25.3.0...25.4.0) - 2025-06-02",
    "",
    "### Changed",
    "",
    "- The default processor chain adds the log level before the timestamp.",
    "",
    "",
    "## [25.3.0](https://github.com/hynek/structlog/compare/25.2.0...25.3.0) - 2025-04-25",
    "",
    "### Fixed",
    "",
    "- `BoundLogger.exception()` honours an explicit *exc_info*.",
    "",
    "",
    "## [25.2.0](https://github.com/hynek/structlog/compare/25.1.0...25.2.0) - 2025-03-11",
    "",
    "### Added",
    "",
    "- `structlog.dev.ConsoleRenderer` can hide the logger name.",
)

case(
    "hynek-structlog",
    modelled_on="hynek/structlog",
    evidence="CHANGELOG.md at 025edaf (2026-06-06): marker '<!-- changelog follows -->', then "
    "'## [Unreleased](https://github.com/hynek/structlog/compare/26.1.0...HEAD)' and releases "
    "'## [26.1.0](https://github.com/hynek/structlog/compare/25.5.0...26.1.0) - 2026-06-06' (compare link inside "
    "the heading, bare tags); two blank lines before every '##'/'###'; commits 8174a86 'Prepare 26.1.0' and "
    "f64e2ec 'Start new development cycle' keep an empty Unreleased heading whose link moves to 26.1.0...HEAD",
    path="CHANGELOG.md",
    format="md",
    text=structlog,
    unreleased=dict(find="## [Unreleased](https://github.com/hynek/structlog/compare/26.1.0...HEAD)"),
    sections=[
        sec("26.1.0", "## [26.1.0](https://github.com/hynek/structlog/compare/25.5.0...26.1.0) - 2026-06-06", "2026-06-06"),
        sec("25.5.0", "## [25.5.0](https://github.com/hynek/structlog/compare/25.4.0...25.5.0) - 2025-10-27", "2025-10-27"),
        sec("25.4.0", "## [25.4.0](https://github.com/hynek/structlog/compare/25.3.0...25.4.0) - 2025-06-02", "2025-06-02"),
        sec("25.3.0", "## [25.3.0](https://github.com/hynek/structlog/compare/25.2.0...25.3.0) - 2025-04-25", "2025-04-25"),
        sec("25.2.0", "## [25.2.0](https://github.com/hynek/structlog/compare/25.1.0...25.2.0) - 2025-03-11", "2025-03-11"),
    ],
    unreleased_heading_after="## [Unreleased](https://github.com/hynek/structlog/compare/26.2.0...HEAD)",
    notes="Both the kept Unreleased heading (its compare link now starts at the new tag) and the new heading carry "
    "compare links; the new section is separated by two blank lines, as every section in this file.",
    insert=dict(
        version="26.2.0",
        expected_heading="## [26.2.0](https://github.com/hynek/structlog/compare/26.1.0...26.2.0) - 2026-11-26",
        keeps=True,
        edits=[(
            "## [Unreleased](https://github.com/hynek/structlog/compare/26.1.0...HEAD)\n\n### Added\n",
            "## [Unreleased](https://github.com/hynek/structlog/compare/26.2.0...HEAD)\n\n\n"
            "## [26.2.0](https://github.com/hynek/structlog/compare/26.1.0...26.2.0) - 2026-11-26\n\n### Added\n",
        )],
    ),
)

# ---------------------------------------------------------------- poetry
poetry = L(
    "# Change Log",
    "",
    "## [2.4.1] - 2026-05-09",
    "",
    "### Changed",
    "",
    "- Allow an older `installer` again ([#10888](https://github.com/python-poetry/poetry/pull/10888)).",
    "",
    "### Fixed",
    "",
    "- Fix `poetry update <package>` for a transitive dependency ([#10886](https://github.com/python-poetry/poetry/pull/10886)).",
    "",
    "## [2.4.0] - 2026-05-03",
    "",
    "### Added",
    "",
    "- Add `--only-root` to `poetry sync` ([#10850](https://github.com/python-poetry/poetry/pull/10850)).",
    "",
    "## [2.3.4] - 2026-04-12",
    "",
    "### Fixed",
    "",
    "- Fix a crash when a source has no URL ([#10801](https://github.com/python-poetry/poetry/pull/10801)).",
    "",
    "## [2.3.3] - 2026-03-29",
    "",
    "### Fixed",
    "",
    "- Respect `virtualenvs.in-project` for new projects ([#10790](https://github.com/python-poetry/poetry/pull/10790)).",
    "",
    "## [2.3.2] - 2026-02-01",
    "",
    "### Docs",
    "",
    "- Document the `--lock` flag of `poetry add` ([#10722](https://github.com/python-poetry/poetry/pull/10722)).",
    "",
    "",
    "[Unreleased]: https://github.com/python-poetry/poetry/compare/2.4.1...main",
    "[2.4.1]: https://github.com/python-poetry/poetry/releases/tag/2.4.1",
    "[2.4.0]: https://github.com/python-poetry/poetry/releases/tag/2.4.0",
    "[2.3.4]: https://github.com/python-poetry/poetry/releases/tag/2.3.4",
    "[2.3.3]: https://github.com/python-poetry/poetry/releases/tag/2.3.3",
    "[2.3.2]: https://github.com/python-poetry/poetry/releases/tag/2.3.2",
)

case(
    "python-poetry",
    modelled_on="python-poetry/poetry",
    evidence="CHANGELOG.md at f4670233 (2026-06-21): '# Change Log' / '' / '## [2.4.1] - 2026-05-09' (no unreleased "
    "heading: notes are written at release time), bottom definitions '[Unreleased]: "
    "https://github.com/python-poetry/poetry/compare/2.4.1...main' and '[2.4.1]: "
    "https://github.com/python-poetry/poetry/releases/tag/2.4.1' (release-page links, bare tags, branch main)",
    path="CHANGELOG.md",
    format="md",
    text=poetry,
    unreleased=None,
    sections=[
        sec("2.4.1", "## [2.4.1] - 2026-05-09", "2026-05-09"),
        sec("2.4.0", "## [2.4.0] - 2026-05-03", "2026-05-03"),
        sec("2.3.4", "## [2.3.4] - 2026-04-12", "2026-04-12"),
        sec("2.3.3", "## [2.3.3] - 2026-03-29", "2026-03-29"),
        sec("2.3.2", "## [2.3.2] - 2026-02-01", "2026-02-01"),
    ],
    tail_marker="[Unreleased]: https://github.com/python-poetry/poetry/compare/2.4.1...main",
    notes="An '[Unreleased]' link definition exists without an unreleased heading. Prepare inserts an empty section, "
    "moves the [Unreleased] compare base to the new tag and adds a releases/tag definition (not a compare link: "
    "that is this project's scheme).",
    insert=dict(
        version="2.4.2",
        expected_heading="## [2.4.2] - 2026-11-26",
        keeps=False,
        compare_link="[2.4.2]: https://github.com/python-poetry/poetry/releases/tag/2.4.2",
        edits=[
            ("# Change Log\n\n## [2.4.1]", "# Change Log\n\n## [2.4.2] - 2026-11-26\n\n## [2.4.1]"),
            ("[Unreleased]: https://github.com/python-poetry/poetry/compare/2.4.1...main\n",
             "[Unreleased]: https://github.com/python-poetry/poetry/compare/2.4.2...main\n"
             "[2.4.2]: https://github.com/python-poetry/poetry/releases/tag/2.4.2\n"),
        ],
    ),
)

# ---------------------------------------------------------------- keep-a-changelog itself, newest release yanked
kac = L(
    "# Changelog",
    "",
    "All notable changes to this project will be documented in this file.",
    "",
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),",
    "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).",
    "",
    "## [Unreleased]",
    "",
    "### Fixed",
    "",
    "- Restore the anchor links on translated pages.",
    "",
    "## [1.2.1] - 2026-10-02 [YANKED]",
    "",
    "### Fixed",
    "",
    "- Broken build of the Korean pages.",
    "",
    "## [1.2.0] - 2026-09-14",
    "",
    "### Added",
    "",
    "- Greek translation.",
    "- A dark colour scheme.",
    "",
    "### Changed",
    "",
    "- Upgrade the site generator.",
    "",
    "## [1.1.1] - 2023-03-05",
    "",
    "### Fixed",
    "",
    "- Missing periods at the end of entries.",
    "",
    "## [1.1.0] - 2019-02-15",
    "",
    "### Added",
    "",
    "- Danish translation.",
    "",
    "## [1.0.0] - 2017-06-20",
    "",
    "### Added",
    "",
    "- Version navigation.",
    "",
    "[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.1...HEAD",
    "[1.2.1]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.0...v1.2.1",
    "[1.2.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.1.1...v1.2.0",
    "[1.1.1]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.1.0...v1.1.1",
    "[1.1.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.0.0...v1.1.0",
    "[1.0.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.3.0...v1.0.0",
)

case(
    "keepachangelog-yanked",
    modelled_on="olivierlacan/keep-a-changelog",
    evidence="CHANGELOG.md at 006c1d4c: '## [Unreleased]' over '## [1.1.1] - 2023-03-05', bottom definitions with a "
    "lower-case label '[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.1.1...HEAD' and "
    "'[1.1.1]: .../compare/v1.1.0...v1.1.1'; the spec (1.1.0) marks pulled releases '## [0.0.5] - 2014-12-13 "
    "[YANKED]'. Versions 1.2.x and their entries are invented so that the newest release is the yanked one",
    path="CHANGELOG.md",
    format="md",
    text=kac,
    unreleased=dict(find="## [Unreleased]"),
    sections=[
        sec("1.2.1", "## [1.2.1] - 2026-10-02 [YANKED]", "2026-10-02", yanked=True),
        sec("1.2.0", "## [1.2.0] - 2026-09-14", "2026-09-14"),
        sec("1.1.1", "## [1.1.1] - 2023-03-05", "2023-03-05"),
        sec("1.1.0", "## [1.1.0] - 2019-02-15", "2019-02-15"),
        sec("1.0.0", "## [1.0.0] - 2017-06-20", "2017-06-20"),
    ],
    tail_marker="[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.1...HEAD",
    unreleased_heading_after="## [Unreleased]",
    notes="The newest release is yanked: the new section still goes directly above it and compares against its "
    "tag. The [YANKED] suffix must not be copied into the new heading. Link labels are matched case-insensitively "
    "([unreleased] defines [Unreleased]); the label's own spelling is kept.",
    insert=dict(
        version="1.2.2",
        expected_heading="## [1.2.2] - 2026-11-26",
        keeps=True,
        compare_link="[1.2.2]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.1...v1.2.2",
        edits=[
            ("## [Unreleased]\n\n### Fixed\n", "## [Unreleased]\n\n## [1.2.2] - 2026-11-26\n\n### Fixed\n"),
            ("[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.1...HEAD\n",
             "[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.2...HEAD\n"
             "[1.2.2]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.1...v1.2.2\n"),
        ],
    ),
)

# ---------------------------------------------------------------- CRLF + fenced code with '## ' lines
crlf = L(
    "# Changelog",
    "",
    "All notable changes to this project will be documented in this file.",
    "",
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),",
    "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).",
    "",
    "## [Unreleased]",
    "",
    "### Added",
    "",
    "- `init` writes a changelog skeleton:",
    "",
    "  ```markdown",
    "  ## [Unreleased]",
    "",
    "  ## [0.1.0] - 2026-01-01",
    "  ```",
    "",
    "```sh",
    "## comment lines in a shell snippet are not headings either",
    "tool init --changelog",
    "```",
    "",
    "## [0.4.0] - 2026-09-30",
    "",
    "### Changed",
    "",
    "- Read configuration from `pyproject.toml` first.",
    "",
    "## [0.3.1] - 2026-08-12",
    "",
    "### Fixed",
    "",
    "- Windows paths in the lock file.",
    "",
    "## [0.3.0] - 2026-07-01",
    "",
    "### Added",
    "",
    "- A `--dry-run` flag.",
    "",
    "## [0.2.0] - 2026-04-18",
    "",
    "### Added",
    "",
    "- First public release.",
    "",
    "[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.4.0...HEAD",
    "[0.4.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.3.1...v0.4.0",
    "[0.3.1]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.3.0...v0.3.1",
    "[0.3.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.2.0...v0.3.0",
    "[0.2.0]: https://github.com/olivierlacan/keep-a-changelog/releases/tag/v0.2.0",
)

case(
    "crlf-fenced-keepachangelog",
    modelled_on="olivierlacan/keep-a-changelog",
    evidence="Headings and link definitions exactly as CHANGELOG.md at 006c1d4c (first release linked as "
    "'releases/tag/v0.0.1', later ones as compare links); this variant is written with CRLF line endings (as a "
    "Windows checkout without .gitattributes produces) and puts '## ' lines inside fenced code blocks (an "
    "indented ```markdown fence in a list item and a top-level ```sh fence). Versions and entries are invented",
    path="CHANGELOG.md",
    format="md",
    crlf=True,
    text=crlf,
    unreleased=dict(find="## [Unreleased]"),
    sections=[
        sec("0.4.0", "## [0.4.0] - 2026-09-30", "2026-09-30"),
        sec("0.3.1", "## [0.3.1] - 2026-08-12", "2026-08-12"),
        sec("0.3.0", "## [0.3.0] - 2026-07-01", "2026-07-01"),
        sec("0.2.0", "## [0.2.0] - 2026-04-18", "2026-04-18"),
    ],
    tail_marker="[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.4.0...HEAD",
    unreleased_heading_after="## [Unreleased]",
    notes="Every line ends in CRLF, in the file and in expected-after (values in this TOML are given without line "
    "ends). '## [Unreleased]' and '## [0.1.0] - 2026-01-01' inside the fence are code, not headings: the newest "
    "release is 0.4.0.",
    insert=dict(
        version="0.5.0",
        expected_heading="## [0.5.0] - 2026-11-26",
        keeps=True,
        compare_link="[0.5.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.4.0...v0.5.0",
        edits=[
            ("## [Unreleased]\n\n### Added\n", "## [Unreleased]\n\n## [0.5.0] - 2026-11-26\n\n### Added\n"),
            ("[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.4.0...HEAD\n",
             "[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.5.0...HEAD\n"
             "[0.5.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.4.0...v0.5.0\n"),
        ],
    ),
)

# ---------------------------------------------------------------- BOM
bom = L(
    "# Changelog",
    "",
    *KAC_INTRO,
    "",
    "## Unreleased",
    "",
    "### Changed",
    "",
    "- `Text.wrap` keeps trailing whitespace when `no_wrap=True` https://github.com/Textualize/rich/pull/4020",
    "",
    "## [14.3.3] - 2026-02-19",
    "",
    "### Fixed",
    "",
    "- Fixed a hang when splitting a string that ends in a combining mark https://github.com/Textualize/rich/pull/4007",
    "",
    "## [14.3.2] - 2026-02-01",
    "",
    "### Fixed",
    "",
    "- Fixed width of a lone zero-width joiner https://github.com/Textualize/rich/pull/3954",
    "",
    "## [14.3.1] - 2026-01-24",
    "",
    "### Fixed",
    "",
    "- Fixed cell width of characters outside the Unicode range https://github.com/Textualize/rich/pull/3945",
    "",
    "## [14.3.0] - 2026-01-24",
    "",
    "### Added",
    "",
    "- Added support for multi-codepoint glyphs in cell width calculations https://github.com/Textualize/rich/pull/3931",
    "",
    "[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3",
    "[14.3.2]: https://github.com/textualize/rich/compare/v14.3.1...v14.3.2",
    "[14.3.1]: https://github.com/textualize/rich/compare/v14.3.0...v14.3.1",
    "[14.3.0]: https://github.com/textualize/rich/compare/v14.2.0...v14.3.0",
)

case(
    "bom-rich",
    modelled_on="Textualize/rich",
    evidence="Same heading, unreleased and link-definition style as CHANGELOG.md at 42899d8a / b3a50f08; this variant "
    "starts with a UTF-8 byte order mark (EF BB BF), as files saved by some Windows editors do",
    path="CHANGELOG.md",
    format="md",
    bom=True,
    text=bom,
    unreleased=dict(find="## Unreleased"),
    sections=[
        sec("14.3.3", "## [14.3.3] - 2026-02-19", "2026-02-19"),
        sec("14.3.2", "## [14.3.2] - 2026-02-01", "2026-02-01"),
        sec("14.3.1", "## [14.3.1] - 2026-01-24", "2026-01-24"),
        sec("14.3.0", "## [14.3.0] - 2026-01-24", "2026-01-24"),
    ],
    tail_marker="[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3",
    notes="The BOM is kept in expected-after; heading_line counts lines of the decoded text (the BOM is not a line).",
    insert=dict(
        version="14.4.0",
        expected_heading="## [14.4.0] - 2026-11-26",
        keeps=True,  # the pending heading stays as spelled; the release goes under it
        compare_link="[14.4.0]: https://github.com/textualize/rich/compare/v14.3.3...v14.4.0",
        edits=[
            ("## Unreleased\n", "## Unreleased\n\n## [14.4.0] - 2026-11-26\n"),
            ("\n[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3\n",
             "\n[14.4.0]: https://github.com/textualize/rich/compare/v14.3.3...v14.4.0\n"
             "[14.3.3]: https://github.com/textualize/rich/compare/v14.3.2...v14.3.3\n"),
        ],
    ),
)

# ---------------------------------------------------------------- hatch
hatch = L(
    "# Hatch history",
    "",
    "-----",
    "",
    "All notable changes to Hatch will be documented in this file.",
    "",
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.0.0/), and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).",
    "",
    "## Unreleased",
    "",
    "***Fixed:***",
    "",
    "- `hatch env show` lists matrix variables in the order they were declared",
    "",
    "## [1.18.0](https://github.com/pypa/hatch/releases/tag/hatch-v1.18.0) - 2026-08-11 ## {: #hatch-v1.18.0 }",
    "",
    "***Added:***",
    "",
    "- Environments can redirect a dependency to a local path",
    "",
    "## [1.17.1](https://github.com/pypa/hatch/releases/tag/hatch-v1.17.1) - 2026-07-08 ## {: #hatch-v1.17.1 }",
    "",
    "***Fixed:***",
    "",
    "- Resolve the Python of a workspace member relative to the workspace root",
    "",
    "## [1.17.0](https://github.com/pypa/hatch/releases/tag/hatch-v1.17.0) - 2026-05-31 ## {: #hatch-v1.17.0 }",
    "",
    "***Changed:***",
    "",
    "- Drop support for Python 3.9",
    "",
    "## [1.16.5](https://github.com/pypa/hatch/releases/tag/hatch-v1.16.5) - 2026-02-26 ## {: #hatch-v1.16.5 }",
    "",
    "***Fixed:***",
    "",
    "- Keep the `uv` cache between environment syncs",
    "",
    "## [1.16.4](https://github.com/pypa/hatch/releases/tag/hatch-v1.16.4) - 2026-02-23 ## {: #hatch-v1.16.4 }",
    "",
    "***Fixed:***",
    "",
    "- Quote paths with spaces in generated scripts",
)

case(
    "pypa-hatch",
    modelled_on="pypa/hatch",
    evidence="docs/history/hatch.md at ed8e30be (2026-08-13): '# Hatch history' / '' / '-----' (a thematic break, "
    "not a setext underline), '## Unreleased', releases '## [1.18.0](https://github.com/pypa/hatch/releases/tag/"
    "hatch-v1.18.0) - 2026-08-11 ## {: #hatch-v1.18.0 }' (tag prefix 'hatch-v', closing '##' plus an attribute "
    "list); release commit bc6d1bc1 kept '## Unreleased' and inserted the new heading under it",
    path="docs/history/hatch.md",
    format="md",
    text=hatch,
    unreleased=dict(find="## Unreleased"),
    sections=[
        sec("1.18.0", "## [1.18.0](https://github.com/pypa/hatch/releases/tag/hatch-v1.18.0) - 2026-08-11 ## {: #hatch-v1.18.0 }", "2026-08-11"),
        sec("1.17.1", "## [1.17.1](https://github.com/pypa/hatch/releases/tag/hatch-v1.17.1) - 2026-07-08 ## {: #hatch-v1.17.1 }", "2026-07-08"),
        sec("1.17.0", "## [1.17.0](https://github.com/pypa/hatch/releases/tag/hatch-v1.17.0) - 2026-05-31 ## {: #hatch-v1.17.0 }", "2026-05-31"),
        sec("1.16.5", "## [1.16.5](https://github.com/pypa/hatch/releases/tag/hatch-v1.16.5) - 2026-02-26 ## {: #hatch-v1.16.5 }", "2026-02-26"),
        sec("1.16.4", "## [1.16.4](https://github.com/pypa/hatch/releases/tag/hatch-v1.16.4) - 2026-02-23 ## {: #hatch-v1.16.4 }", "2026-02-23"),
    ],
    unreleased_heading_after="## Unreleased",
    notes="The version appears three times in a heading (link text, tag, anchor id); all three must be the new "
    "version, with the 'hatch-v' tag prefix. The sibling file docs/history/hatchling.md uses 'hatchling-v'.",
    insert=dict(
        version="1.18.1",
        expected_heading="## [1.18.1](https://github.com/pypa/hatch/releases/tag/hatch-v1.18.1) - 2026-11-26 ## {: #hatch-v1.18.1 }",
        keeps=True,
        edits=[("## Unreleased\n\n***Fixed:***\n",
                "## Unreleased\n\n## [1.18.1](https://github.com/pypa/hatch/releases/tag/hatch-v1.18.1) - 2026-11-26 "
                "## {: #hatch-v1.18.1 }\n\n***Fixed:***\n")],
    ),
)
