"""Markdown cases with project-specific shapes: pydantic, fastapi, mkdocstrings, pre-commit, mypy, cibuildwheel,
pyodide, a level-1 calendar-version file."""

from framework import L, case, sec

# ---------------------------------------------------------------- pydantic
GH = "https://github.com/pydantic/pydantic"
pydantic = L(
    "<!-- markdownlint-disable no-bare-urls -->",
    "<!-- markdownlint-disable descriptive-link-text -->",
    "<!-- markdownlint-disable-next-line first-line-heading -->",
    "",
    "## v2.14.0b1 (2026-08-06)",
    "",
    f"[GitHub release]({GH}/releases/tag/v2.14.0b1)",
    "",
    "### What's Changed",
    "",
    "#### New Features",
    "",
    f"* Support `typing.ReadOnly` in `TypedDict` fields by @jdoe in [#13610]({GH}/pull/13610)",
    "",
    "#### Fixes",
    "",
    f"* Keep field order for dataclasses with `kw_only` fields by @asmith in [#13622]({GH}/pull/13622)",
    "",
    "## v2.14.0a1 (2026-05-22)",
    "",
    f"[GitHub release]({GH}/releases/tag/v2.14.0a1)",
    "",
    "### What's Changed",
    "",
    "#### Packaging",
    "",
    f"* Bump `pydantic-core` to the 2.14 series by @jdoe in [#13450]({GH}/pull/13450)",
    "",
    "## v2.13.4 (2026-05-06)",
    "",
    f"[GitHub release]({GH}/releases/tag/v2.13.4)",
    "",
    "### What's Changed",
    "",
    "#### Fixes",
    "",
    f"* Fix a recursion error in generic model rebuilds by @asmith in [#13430]({GH}/pull/13430)",
    "",
    "## v2.13.3 (2026-04-20)",
    "",
    f"[GitHub release]({GH}/releases/tag/v2.13.3)",
    "",
    "### What's Changed",
    "",
    "#### Fixes",
    "",
    f"* Accept `None` for optional discriminators again by @jdoe in [#13401]({GH}/pull/13401)",
    "",
    "## v2.13.2 (2026-04-17)",
    "",
    f"[GitHub release]({GH}/releases/tag/v2.13.2)",
    "",
    "### What's Changed",
    "",
    "#### Fixes",
    "",
    f"* Restore the JSON schema title of root models by @asmith in [#13388]({GH}/pull/13388)",
)

case(
    "pydantic",
    modelled_on="pydantic/pydantic",
    evidence="HISTORY.md at 2151025a (2026-08-18): three markdownlint HTML comments, then '## v2.14.0b1 (2026-08-06)' "
    "/ '' / '[GitHub release](https://github.com/pydantic/pydantic/releases/tag/v2.14.0b1)', '### What's Changed', "
    "'#### <group>' and '* ... by @user in [#n](.../pull/n)'; pre-releases (a1, b1) are sections of their own; no "
    "unreleased section",
    path="HISTORY.md",
    format="md",
    text=pydantic,
    unreleased=None,
    sections=[
        sec("2.14.0b1", "## v2.14.0b1 (2026-08-06)", "2026-08-06", skip=2),
        sec("2.14.0a1", "## v2.14.0a1 (2026-05-22)", "2026-05-22", skip=2),
        sec("2.13.4", "## v2.13.4 (2026-05-06)", "2026-05-06", skip=2),
        sec("2.13.3", "## v2.13.3 (2026-04-20)", "2026-04-20", skip=2),
        sec("2.13.2", "## v2.13.2 (2026-04-17)", "2026-04-17", skip=2),
    ],
    notes="Newest is a pre-release: 2.14.0 > 2.14.0b1 > 2.14.0a1 > 2.13.4 (PEP 440). The heading block includes the "
    "'[GitHub release](.../releases/tag/vX)' line the file repeats under every release heading (v-prefixed tag). "
    "The file's first lines are HTML comments, not a title.",
    insert=dict(
        version="2.14.0",
        expected_heading=f"## v2.14.0 (2026-11-26)\n\n[GitHub release]({GH}/releases/tag/v2.14.0)",
        keeps=False,
        edits=[("\n## v2.14.0b1 (2026-08-06)\n",
                f"\n## v2.14.0 (2026-11-26)\n\n[GitHub release]({GH}/releases/tag/v2.14.0)\n\n## v2.14.0b1 (2026-08-06)\n")],
    ),
)

# ---------------------------------------------------------------- fastapi
def pr(n, user="jdoe"):
    return (f"PR [#{n}](https://github.com/tiangolo/fastapi/pull/{n}) by "
            f"[@{user}](https://github.com/{user}).")


fastapi = L(
    "# Release Notes",
    "",
    "## Latest Changes",
    "",
    f"* 🐛 Fix the OpenAPI schema of a `Form` model with a default. {pr(2210)}",
    f"* 📝 Add a docs example for dependency overrides in tests. {pr(2205, 'asmith')}",
    f"* 🌐 Add Spanish translation for Tutorial - Path Parameters. {pr(2201, 'mgarcia')}",
    "",
    "## 0.61.1",
    "",
    "### Fixes",
    "",
    f"* Fix `jsonable_encoder` for objects with a `__dict__` and slots. {pr(1990)}",
    "",
    "### Docs",
    "",
    f"* Fix a typo in the security tutorial. {pr(1981, 'asmith')}",
    "",
    "## 0.61.0",
    "",
    "### Features",
    "",
    f"* Inject `HTTPConnection` into dependencies. {pr(1830)}",
    "",
    "### Breaking Changes",
    "",
    "* Require Pydantic > `1.0.0`.",
    "    * Remove a deprecated path operation parameter.",
    f"    * {pr(1865)}",
    "",
    "## 0.60.2",
    "",
    f"* Raise early when form data is declared without `python-multipart`. {pr(1852, 'asmith')}",
    f"* Fix a typo in the query parameters docs. {pr(1833)}",
    "",
    "## 0.60.1",
    "",
    f"* Pin the Swagger UI version used by the docs. {pr(1765)}",
    "",
    "## 0.60.0",
    "",
    f"* Add support for a request body on GET in the OpenAPI schema. {pr(1628, 'mgarcia')}",
    "",
    "## 0.59.0",
    "",
    f"* Generate a server entry from `root_path`. {pr(1598)}",
)

case(
    "fastapi",
    modelled_on="fastapi/fastapi",
    evidence="docs/en/docs/release-notes.md at 00104c92 (2020): '# Release Notes' / '' / '## Latest Changes' (kept "
    "at the top at all times, filled by a bot), releases '## 0.61.1' without a date, '### Fixes' / '### Docs' "
    "groups or flat '* <emoji> ... PR [#n](.../pull/n) by [@user](https://github.com/user).' bullets; a release "
    "adds '## <version>' under 'Latest Changes' so the pending bullets become that release",
    path="docs/en/docs/release-notes.md",
    format="md",
    text=fastapi,
    unreleased=dict(find="## Latest Changes"),
    sections=[
        sec("0.61.1", "## 0.61.1"),
        sec("0.61.0", "## 0.61.0"),
        sec("0.60.2", "## 0.60.2"),
        sec("0.60.1", "## 0.60.1"),
        sec("0.60.0", "## 0.60.0"),
        sec("0.59.0", "## 0.59.0"),
    ],
    unreleased_heading_after="## Latest Changes",
    notes="Undated. 'Latest Changes' stays; the new heading goes right under it, above the pending bullets.",
    insert=dict(
        version="0.62.0",
        expected_heading="## 0.62.0",
        keeps=True,
        edits=[("## Latest Changes\n\n", "## Latest Changes\n\n## 0.62.0\n\n")],
    ),
)

# ---------------------------------------------------------------- mkdocstrings (git-changelog)
MK = "https://github.com/mkdocstrings/mkdocstrings"


def mk_head(v, prev, date):
    return (f"## [{v}]({MK}/releases/tag/{v}) - {date}",
            f"<small>[Compare with {prev}]({MK}/compare/{prev}...{v})</small>")


_mk = [("0.24.0", "0.23.0", "2023-11-14"), ("0.23.0", "0.22.0", "2023-08-28"), ("0.22.0", "0.21.2", "2023-05-25"),
       ("0.21.2", "0.21.1", "2023-04-06"), ("0.21.1", "0.21.0", "2023-04-05")]
_mk_bodies = {
    "0.24.0": ["### Features", "", f"- Cache downloaded inventories on disk ([a1b2c3d]({MK}/commit/a1b2c3d) by Jane Doe)."],
    "0.23.0": ["### Bug Fixes", "", f"- Resolve template paths relative to the config file ([b2c3d4e]({MK}/commit/b2c3d4e) by Ann Smith)."],
    "0.22.0": ["### Features", "", f"- Let extensions register extra templates ([c3d4e5f]({MK}/commit/c3d4e5f) by Jane Doe)."],
    "0.21.2": ["### Bug Fixes", "", f"- Fix a regression with a cached method ([d4e5f6a]({MK}/commit/d4e5f6a) by Ann Smith)."],
    "0.21.1": ["### Bug Fixes", "", f"- Add a missing dependency on older Pythons ([e5f6a7b]({MK}/commit/e5f6a7b) by Jane Doe)."],
}
_mk_lines = [
    "# Changelog",
    "All notable changes to this project will be documented in this file.",
    "",
    "The format is based on [Keep a Changelog](http://keepachangelog.com/en/1.0.0/)",
    "and this project adheres to [Semantic Versioning](http://semver.org/spec/v2.0.0.html).",
    "",
    "<!-- insertion marker -->",
]
for v, prev, date in _mk:
    h, small = mk_head(v, prev, date)
    _mk_lines += [h, "", small, "", *_mk_bodies[v], ""]
mkdocstrings = "\n".join(_mk_lines[:-1]) + "\n"

case(
    "mkdocstrings",
    modelled_on="mkdocstrings/mkdocstrings",
    evidence="CHANGELOG.md at 032e4175 (git-changelog output): '# Changelog' with no blank line before the intro, "
    "'<!-- insertion marker -->' immediately followed (no blank line) by '## [0.24.0](https://github.com/mkdocstrings/"
    "mkdocstrings/releases/tag/0.24.0) - 2023-11-14', then '' and '<small>[Compare with 0.23.0](.../compare/0.23.0..."
    "0.24.0)</small>'",
    path="CHANGELOG.md",
    format="md",
    text=mkdocstrings,
    unreleased=None,
    sections=[sec(v, mk_head(v, p, d)[0], d, skip=2) for v, p, d in _mk],
    notes="The heading block is the heading plus its '<small>[Compare with PREV](...compare/PREV...NEW)</small>' "
    "line. New sections go right after the insertion marker, keeping the marker's no-blank-line adjacency.",
    insert=dict(
        version="0.24.1",
        expected_heading="\n".join([mk_head("0.24.1", "0.24.0", "2026-11-26")[0], "",
                                    mk_head("0.24.1", "0.24.0", "2026-11-26")[1]]),
        keeps=False,
        compare_link=mk_head("0.24.1", "0.24.0", "2026-11-26")[1],
        edits=[("<!-- insertion marker -->\n",
                "<!-- insertion marker -->\n" + mk_head("0.24.1", "0.24.0", "2026-11-26")[0] + "\n\n"
                + mk_head("0.24.1", "0.24.0", "2026-11-26")[1] + "\n\n")],
    ),
)

# ---------------------------------------------------------------- pre-commit (setext md)
precommit = L(
    "4.6.2 - 2026-08-10",
    "==================",
    "",
    "### Fixes",
    "- Fix `language: node` hooks whose package has a build script.",
    "    - #3744 PR by @jdoe.",
    "    - #3738 issue by @asmith.",
    "",
    "4.6.1 - 2026-07-21",
    "==================",
    "",
    "### Fixes",
    "- Install `language: node` hooks from a git checkout.",
    "    - #3720 PR by @jdoe.",
    "- Report a mistyped `--repo` for `pre-commit autoupdate`.",
    "    - #3702 PR by @asmith.",
    "",
    "4.6.0 - 2026-04-21",
    "==================",
    "",
    "### Features",
    "- `pre-commit run --files` accepts directories.",
    "    - #3650 PR by @jdoe.",
    "",
    "4.5.1 - 2025-12-16",
    "==================",
    "",
    "### Fixes",
    "- Fix `language: r` hooks on Windows.",
    "    - #3601 PR by @asmith.",
    "",
    "4.5.0 - 2025-11-22",
    "==================",
    "",
    "### Features",
    "- Add `pre-commit hazmat`.",
    "    - #3585 PR by @jdoe.",
)

case(
    "pre-commit",
    modelled_on="pre-commit/pre-commit",
    evidence="CHANGELOG.md at a9bba55a (2026-08-17): no title, first line '4.6.2 - 2026-08-10' over '=================="
    "' (setext level 1 in Markdown), '### Fixes' directly followed by '- ' bullets with 4-space '- #n PR by @user.' "
    "sub-bullets; no unreleased section",
    path="CHANGELOG.md",
    format="md",
    text=precommit,
    unreleased=None,
    sections=[
        sec("4.6.2", "4.6.2 - 2026-08-10", "2026-08-10", skip=1),
        sec("4.6.1", "4.6.1 - 2026-07-21", "2026-07-21", skip=1),
        sec("4.6.0", "4.6.0 - 2026-04-21", "2026-04-21", skip=1),
        sec("4.5.1", "4.5.1 - 2025-12-16", "2025-12-16", skip=1),
        sec("4.5.0", "4.5.0 - 2025-11-22", "2025-11-22", skip=1),
    ],
    notes="Setext underline length equals the title length (18). The new section goes at the very top of the file.",
    insert=dict(
        version="4.6.3",
        expected_heading="4.6.3 - 2026-11-26\n==================",
        keeps=False,
        edits=[("4.6.2 - 2026-08-10\n==================\n",
                "4.6.3 - 2026-11-26\n==================\n\n4.6.2 - 2026-08-10\n==================\n")],
    ),
)

# ---------------------------------------------------------------- mypy
mypy = L(
    "# Mypy Release Notes",
    "",
    "## Next Release",
    "",
    "### Stricter Checks for `TypedDict` Updates",
    "",
    "Mypy now reports an error when `update()` is called with a key that is not in the `TypedDict`:",
    "",
    "```python",
    "# mypy: strict",
    "## a doubled comment marker is still a comment",
    "class Movie(TypedDict):",
    "    name: str",
    "",
    "m: Movie = {\"name\": \"Blade Runner\"}",
    "m.update({\"year\": 1982})  # error",
    "```",
    "",
    "Contributed by Jane Doe (PR [21400](https://github.com/python/mypy/pull/21400)).",
    "",
    "## Mypy 1.20",
    "",
    "We've just uploaded mypy 1.20.0 to the Python Package Index.",
    "",
    "### Drop Support for Python 3.9",
    "",
    "Mypy no longer runs on Python 3.9.",
    "",
    "## Mypy 1.19",
    "",
    "We've just uploaded mypy 1.19.0 to the Python Package Index.",
    "",
    "### Faster Incremental Checks",
    "",
    "- Reuse the fine-grained dependency cache (Ann Smith, PR [20110](https://github.com/python/mypy/pull/20110))",
    "",
    "## Mypy 1.18",
    "",
    "We've just uploaded mypy 1.18.1 to the Python Package Index.",
    "",
    "### Other Notable Fixes",
    "",
    "- Fix a crash on a recursive type alias (Jane Doe, PR [19810](https://github.com/python/mypy/pull/19810))",
    "",
    "## Mypy 1.17",
    "",
    "We've just uploaded mypy 1.17.0 to the Python Package Index.",
    "",
    "### Flags",
    "",
    "```",
    "# mypy.ini",
    "[mypy]",
    "strict_bytes = True",
    "```",
)

case(
    "python-mypy",
    modelled_on="python/mypy",
    evidence="CHANGELOG.md at 01bc979b: '# Mypy Release Notes' / '' / '## Next Release' (the unreleased spelling), "
    "releases '## Mypy 1.20' (product name before the version, no date, feature versions only), '### <Topic>' "
    "subsections, fenced ```python blocks whose lines start with '# ' (e.g. '# mypy: allow-redefinition')",
    path="CHANGELOG.md",
    format="md",
    text=mypy,
    unreleased=dict(find="## Next Release"),
    sections=[
        sec("1.20", "## Mypy 1.20"),
        sec("1.19", "## Mypy 1.19"),
        sec("1.18", "## Mypy 1.18"),
        sec("1.17", "## Mypy 1.17"),
    ],
    notes="Lines starting with '# ' or '## ' inside ``` fences are code. 'Mypy 1.20' names version 1.20 "
    "(== 1.20.0 by PEP 440); prepare 1.21 writes '## Mypy 1.21'.",
    insert=dict(
        version="1.21",
        expected_heading="## Mypy 1.21",
        keeps=True,  # the pending heading stays as spelled; the release goes under it
        edits=[("## Next Release\n", "## Next Release\n\n## Mypy 1.21\n")],
    ),
)

# ---------------------------------------------------------------- cibuildwheel
cibw = L(
    "---",
    "title: Changelog",
    "ref: changelog",
    "---",
    "",
    "# Changelog",
    "",
    "### v4.2.0",
    "",
    "_4 August 2026_",
    "",
    "- 🌟 CPython 3.15 wheels are built by default (#2945)",
    "- 🐛 Retries a failed download with backoff (#2954)",
    "",
    "### v4.1.1",
    "",
    "_24 July 2026_",
    "",
    "- 🐛 Fixes the `build-frontend` override on Pyodide (#2940)",
    "",
    "### v4.1.0",
    "",
    "_12 June 2026_",
    "",
    "- ✨ Adds an `xbuild-tools` default for iOS (#2910)",
    "- 🛠 Updates the manylinux images (#2915)",
    "",
    "### v4.0.0",
    "",
    "_7 June 2026_",
    "",
    "- 🌟 Drops support for building with Python 3.8 (#2880)",
    "",
    "### v3.4.1",
    "",
    "_2 April 2026_",
    "",
    "- 🐛 Fixes the test command on Windows ARM (#2850)",
)

case(
    "pypa-cibuildwheel",
    modelled_on="pypa/cibuildwheel",
    evidence="docs/changelog.md at 8832cf6b (2026-08-18): YAML front matter (title, ref), '# Changelog', releases at "
    "level 3 '### v4.2.0' with the date alone on the next paragraph in italics '_4 August 2026_' (day month year, "
    "unpadded day); emoji-prefixed bullets; no unreleased section",
    path="docs/changelog.md",
    format="md",
    text=cibw,
    unreleased=None,
    sections=[
        sec("4.2.0", "### v4.2.0", "2026-08-04", skip=2),
        sec("4.1.1", "### v4.1.1", "2026-07-24", skip=2),
        sec("4.1.0", "### v4.1.0", "2026-06-12", skip=2),
        sec("4.0.0", "### v4.0.0", "2026-06-07", skip=2),
        sec("3.4.1", "### v3.4.1", "2026-04-02", skip=2),
    ],
    notes="Release headings are level 3 under a level-1 title; the level is taken from the newest release heading.",
    insert=dict(
        version="4.2.1",
        expected_heading="### v4.2.1\n\n_26 November 2026_",
        keeps=False,
        edits=[("### v4.2.0\n", "### v4.2.1\n\n_26 November 2026_\n\n### v4.2.0\n")],
    ),
)

# ---------------------------------------------------------------- pyodide
pyodide = L(
    "---",
    "myst:",
    "  substitutions:",
    "    Fix: \"<span class='badge badge-success'>Fix</span>\"",
    "    Enhancement: \"<span class='badge badge-success'>Enhancement</span>\"",
    "---",
    "",
    "(changelog)=",
    "",
    "# Change Log",
    "",
    "## Unreleased",
    "",
    "- {{ Fix }} `loadPackage()` explains that requirement specifiers belong to",
    "  `micropip.install()`. {pr}`6440`",
    "",
    "## Version 314.0.5",
    "",
    "_August 15, 2026_",
    "",
    "- {{ Fix }} Thread state is restored correctly after a stack switch.",
    "  {pr}`6420`",
    "",
    "## Version 314.0.4",
    "",
    "_August 4, 2026_",
    "",
    "- {{ Enhancement }} Smaller lock file for the default distribution. {pr}`6410`",
    "",
    "## Version 314.0.3",
    "",
    "_July 24, 2026_",
    "",
    "- {{ Fix }} `pyodide.ffi.to_js` handles cyclic dicts. {pr}`6398`",
    "",
    "## Version 314.0.2",
    "",
    "_June 30, 2026_",
    "",
    "- {{ Fix }} The REPL no longer echoes pasted newlines twice. {pr}`6380`",
    "",
    "## Version 314.0.0",
    "",
    "_June 09, 2026_",
    "",
    "- {{ Enhancement }} Python 3.14. {pr}`6300`",
)

case(
    "pyodide",
    modelled_on="pyodide/pyodide",
    evidence="docs/project/changelog.md at fa845658 (2026-08-21): MyST front matter with substitutions, '(changelog)=' "
    "target, '# Change Log', '## Unreleased', releases '## Version 314.0.5' / '' / '_August 15, 2026_' (also "
    "zero-padded '_June 09, 2026_'); the 314.0.5 release commit renamed '## Unreleased' to '## Version 314.0.5' and "
    "added the date line",
    path="docs/project/changelog.md",
    format="md",
    text=pyodide,
    unreleased=dict(find="## Unreleased"),
    sections=[
        sec("314.0.5", "## Version 314.0.5", "2026-08-15", skip=2),
        sec("314.0.4", "## Version 314.0.4", "2026-08-04", skip=2),
        sec("314.0.3", "## Version 314.0.3", "2026-07-24", skip=2),
        sec("314.0.2", "## Version 314.0.2", "2026-06-30", skip=2),
        sec("314.0.0", "## Version 314.0.0", "2026-06-09", skip=2),
    ],
    notes="The unreleased heading stays; the release heading and its date paragraph go under it.",
    insert=dict(
        version="314.0.6",
        expected_heading="## Version 314.0.6\n\n_November 26, 2026_",
        keeps=True,  # the pending heading stays as spelled; the release goes under it
        edits=[("## Unreleased\n",
                "## Unreleased\n\n## Version 314.0.6\n\n_November 26, 2026_\n")],
    ),
)

# ---------------------------------------------------------------- level-1 calendar versions, *date* next line
level1 = L(
    "# 2026.10.2.0",
    "",
    "*2026-10-02*",
    "",
    "- Added",
    "  - Export of the download queue",
    "- Fixed",
    "  - Minor bugs",
    "",
    "# 2026.9.14.0",
    "",
    "*2026-09-14*",
    "",
    "- Updated",
    "  - yt-dlp up to version **2026.09.10**",
    "",
    "# 2026.8.30.1",
    "",
    "*2026-08-30*",
    "",
    "- Fixed",
    "  - Settings window does not open",
    "",
    "# 2026.8.30.0",
    "",
    "*2026-08-30*",
    "",
    "- Added",
    "  - Dark theme",
    "",
    "# 2026.7.1.0",
    "",
    "*2026-07-01*",
    "",
    "- Added",
    "  - Scheduler pause button",
)

case(
    "level1-calver-italic-date",
    modelled_on="AAndyProgram/SCrawler",
    evidence="Release notes file (index id 20599609385; the index did not show the path): each release is a level-1 "
    "heading with a four-part calendar version '# 2025.3.17.0', then '' and the date alone in asterisk italics "
    "'*2025-03-17*'; nested '- Added' / '  - item' lists; no title and no unreleased section. (Not a Python project: "
    "used for the heading grammar only)",
    path="ReleaseNotes.md",
    format="md",
    text=level1,
    unreleased=None,
    sections=[
        sec("2026.10.2.0", "# 2026.10.2.0", "2026-10-02", skip=2),
        sec("2026.9.14.0", "# 2026.9.14.0", "2026-09-14", skip=2),
        sec("2026.8.30.1", "# 2026.8.30.1", "2026-08-30", skip=2),
        sec("2026.8.30.0", "# 2026.8.30.0", "2026-08-30", skip=2),
        sec("2026.7.1.0", "# 2026.7.1.0", "2026-07-01", skip=2),
    ],
    notes="Level-1 headings are releases here (there is no title). Versions have four numeric parts and no zero "
    "padding; 2026.9.14.0 < 2026.10.2.0 numerically (string order would say otherwise).",
    insert=dict(
        version="2026.11.26.0",
        expected_heading="# 2026.11.26.0\n\n*2026-11-26*",
        keeps=False,
        edits=[("# 2026.10.2.0\n", "# 2026.11.26.0\n\n*2026-11-26*\n\n# 2026.10.2.0\n")],
    ),
)
