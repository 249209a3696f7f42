"""towncrier cases: attrs (md, template renders the title), pip (rst, template renders the title), pytest (rst,
title_format), tox (rst, title_format = false, overlined titles), pdm (md, default template, no start marker).

expected-after is produced by running `towncrier build --version V --date 2026-11-26 --keep` in a copy of the case
folder (towncrier 26.9.0). The templates are small stand-ins written for this corpus that give the same output
shape as the projects' own templates.
"""

from framework import L, case, sec

# ================================================================ attrs
ATTRS_CFG = """[tool.towncrier]
name = "attrs"
directory = "changelog.d"
filename = "CHANGELOG.md"
start_string = "<!-- towncrier release notes start -->\\n"
template = "changelog.d/towncrier_template.md.jinja"
title_format = ""
issue_format = "[#{issue}](https://github.com/python-attrs/attrs/issues/{issue})"
underlines = ["", "", ""]

[[tool.towncrier.section]]
path = ""

[[tool.towncrier.type]]
directory = "breaking"
name = "Backwards-incompatible Changes"
showcontent = true

[[tool.towncrier.type]]
directory = "deprecation"
name = "Deprecations"
showcontent = true

[[tool.towncrier.type]]
directory = "change"
name = "Changes"
showcontent = true
"""

ATTRS_TEMPLATE = """{#- Release title: a link to the tag's tree and the ISO date. -#}
{%- set v = versiondata["version"] -%}
{%- if v == "main" -%}
## Not yet released
{% else -%}
## [{{ v }}](https://github.com/python-attrs/attrs/tree/{{ v }}) - {{ versiondata["date"] }}
{%- endif %}

{% for section, _ in sections.items() %}
{% if sections[section] %}
{% for kind, _unused in definitions.items() if kind in sections[section] %}

### {{ definitions[kind]['name'] }}

{% for text, refs in sections[section][kind].items() %}
- {{ text }}
  {{ refs|join(',\\n  ') }}
{% endfor %}

{% endfor %}
{% else %}
No significant changes.


{% endif %}
{% endfor %}
"""

AI = "https://github.com/python-attrs/attrs/issues"
attrs = L(
    "# Changelog",
    "",
    "Versions follow [Calendar Versioning](https://calver.org): the first number is the year, the second counts the",
    "releases of that year.",
    "",
    "<!--",
    "Entries are collected from changelog.d/ by towncrier when a release is made; do not edit below by hand.",
    "-->",
    "",
    "<!-- towncrier release notes start -->",
    "",
    "## [26.1.0](https://github.com/python-attrs/attrs/tree/26.1.0) - 2026-03-19",
    "",
    "### Backwards-incompatible Changes",
    "",
    "- Field aliases are resolved before `field_transformer` runs.",
    f"  [#1510]({AI}/1510)",
    "",
    "",
    "### Changes",
    "",
    "- `attrs.validators.disabled()` can be nested.",
    f"  [#1514]({AI}/1514)",
    "",
    "",
    "## [25.4.0](https://github.com/python-attrs/attrs/tree/25.4.0) - 2025-10-06",
    "",
    "### Changes",
    "",
    "- Class-level `kw_only=True` matches `dataclasses`.",
    f"  [#1458]({AI}/1458)",
    "",
    "",
    "## [25.3.0](https://github.com/python-attrs/attrs/tree/25.3.0) - 2025-03-13",
    "",
    "### Changes",
    "",
    "- Generator-based field transformers work again.",
    f"  [#1418]({AI}/1418)",
    "",
    "",
    "## [25.2.0](https://github.com/python-attrs/attrs/tree/25.2.0) - 2025-03-12",
    "",
    "### Changes",
    "",
    "- `attrs.make_class()` accepts non-ASCII class names.",
    f"  [#1407]({AI}/1407)",
    "",
    "",
    "## [25.1.0](https://github.com/python-attrs/attrs/tree/25.1.0) - 2025-01-25",
    "",
    "### Changes",
    "",
    "- Correct the license metadata on PyPI.",
    f"  [#1387]({AI}/1387)",
)

case(
    "python-attrs-towncrier",
    modelled_on="python-attrs/attrs",
    evidence="CHANGELOG.md at c1dc5dcb (2026-08-07): marker '<!-- towncrier release notes start -->', releases "
    "'## [26.1.0](https://github.com/python-attrs/attrs/tree/26.1.0) - 2026-03-19', '### <type>' groups, issue "
    "links on the line after each entry, two blank lines before each '##'/'###'; pyproject [tool.towncrier] with "
    "title_format = \"\" (the template renders the title) and fragments changelog.d/<issue>.<type>.md",
    path="CHANGELOG.md",
    format="md",
    towncrier=True,
    towncrier_config=ATTRS_CFG,
    files={
        "pyproject.toml": ATTRS_CFG,
        "changelog.d/towncrier_template.md.jinja": ATTRS_TEMPLATE,
        "changelog.d/1610.breaking.md": "Dropped support for Python 3.9.\n",
        "changelog.d/1601.change.md": "`attrs.asdict()` keeps the order of fields declared in a subclass.\n",
        "changelog.d/1605.change.md": "`attrs.validators.in_()` lists the allowed values in its error message.\n",
    },
    text=attrs,
    unreleased=None,
    sections=[
        sec("26.1.0", "## [26.1.0](https://github.com/python-attrs/attrs/tree/26.1.0) - 2026-03-19", "2026-03-19"),
        sec("25.4.0", "## [25.4.0](https://github.com/python-attrs/attrs/tree/25.4.0) - 2025-10-06", "2025-10-06"),
        sec("25.3.0", "## [25.3.0](https://github.com/python-attrs/attrs/tree/25.3.0) - 2025-03-13", "2025-03-13"),
        sec("25.2.0", "## [25.2.0](https://github.com/python-attrs/attrs/tree/25.2.0) - 2025-03-12", "2025-03-12"),
        sec("25.1.0", "## [25.1.0](https://github.com/python-attrs/attrs/tree/25.1.0) - 2025-01-25", "2025-01-25"),
    ],
    notes="Pending entries live in changelog.d/, not in the file. expected-after is towncrier 26.9.0's output: the "
    "new block is inserted right after the start marker's line and a blank, and is followed by ONE blank line "
    "(older blocks keep their two).",
    insert=dict(
        version="26.2.0",
        expected_heading="## [26.2.0](https://github.com/python-attrs/attrs/tree/26.2.0) - 2026-11-26",
    ),
)

# ================================================================ pip
PIP_CFG = """[tool.towncrier]
# For writing into the correct file
filename = "NEWS.rst"
# For finding the news fragments
directory = "news/"

# For rendering properly for this project
issue_format = "`#{issue} <https://github.com/pypa/pip/issues/{issue}>`_"
template = "tools/news/template.rst"

# Grouping of entries, within our changelog
type = [
  { name = "Deprecations and Removals", directory = "removal", showcontent = true },
  { name = "Features",                  directory = "feature", showcontent = true },
  { name = "Bug Fixes",                 directory = "bugfix",  showcontent = true },
  { name = "Vendored Libraries",        directory = "vendor",  showcontent = true },
  { name = "Improved Documentation",    directory = "doc",     showcontent = true },
  { name = "Process",                   directory = "process", showcontent = true },
  { name = "Trivial Changes",           directory = "trivial", showcontent = false },
]
"""

PIP_TEMPLATE = """{#- Stand-in for pip's customised template (same output shape). -#}
{% if sections[''] %}
{% set title = versiondata.version ~ " (" ~ versiondata.date ~ ")" %}
{{ title }}
{{ top_underline * title|length }}

{% for section_name in sections %}
{% for kind in definitions if (sections[section_name][kind] and definitions[kind]['showcontent']) %}
{{ definitions[kind]['name'] }}
{{ underlines[0] * definitions[kind]['name']|length }}

{% for message, refs in sections[section_name][kind]|dictsort(by='value') %}
- {{ message }}{% if kind not in ["vendor", "process"] %} ({{ refs|sort|join(', ') }}){% endif %}

{% endfor %}

{% endfor %}
{% endfor %}
{% endif %}
"""

PI = "https://github.com/pypa/pip/issues"
pip = L(
    ".. note",
    "",
    "    This file is written by towncrier from the fragments in news/.",
    "    Older entries may be corrected by hand; new ones go into news/.",
    "",
    ".. towncrier release notes start",
    "",
    "26.2.1 (2026-08-04)",
    "===================",
    "",
    "Bug Fixes",
    "---------",
    "",
    f"- A keyring found in an inactive virtual environment is used again. (`#14228 <{PI}/14228>`_)",
    "",
    "26.2 (2026-07-29)",
    "=================",
    "",
    "Deprecations and Removals",
    "-------------------------",
    "",
    f"- Remove support for legacy ``virtualenv`` detection. (`#13690 <{PI}/13690>`_)",
    "",
    "Features",
    "--------",
    "",
    f"- Add ``--refresh-package``. (`#13681 <{PI}/13681>`_)",
    "",
    "26.1.2 (2026-05-31)",
    "===================",
    "",
    "Bug Fixes",
    "---------",
    "",
    f"- Fix the progress bar for downloads of unknown size. (`#14100 <{PI}/14100>`_)",
    "",
    "26.1.1 (2026-05-04)",
    "===================",
    "",
    "Vendored Libraries",
    "------------------",
    "",
    "- Upgrade packaging to 26.1",
    "",
    "26.1 (2026-04-26)",
    "=================",
    "",
    "Features",
    "--------",
    "",
    f"- Lock files record the index a package came from. (`#13950 <{PI}/13950>`_)",
)

case(
    "pypa-pip-towncrier",
    modelled_on="pypa/pip",
    evidence="NEWS.rst at 6d309205 (2026-08-20): an rst comment '.. note' block, then '.. towncrier release notes "
    "start', releases '26.2.1 (2026-08-04)' / '===================' and two-part '26.2 (2026-07-29)', type headings "
    "with '-' underlines, issue links '(`#14227 <https://github.com/pypa/pip/issues/14227>`_)'; pyproject "
    "[tool.towncrier] with filename, directory = \"news/\", template = \"tools/news/template.rst\" and an inline "
    "'type = [...]' array (package/package_dir omitted here)",
    path="NEWS.rst",
    format="rst",
    towncrier=True,
    towncrier_config=PIP_CFG,
    files={
        "pyproject.toml": PIP_CFG,
        "tools/news/template.rst": PIP_TEMPLATE,
        "news/14310.feature.rst": "Show the hash of each downloaded file in verbose mode.\n",
        "news/14301.bugfix.rst": "Respect ``--no-cache-dir`` when building isolated environments.\n",
        "news/truststore.vendor.rst": "Upgrade truststore to 0.11.0\n",
        "news/14330.trivial.rst": "Tidy the test fixtures.\n",
    },
    text=pip,
    unreleased=None,
    sections=[
        sec("26.2.1", "26.2.1 (2026-08-04)", "2026-08-04", skip=1),
        sec("26.2", "26.2 (2026-07-29)", "2026-07-29", skip=1),
        sec("26.1.2", "26.1.2 (2026-05-31)", "2026-05-31", skip=1),
        sec("26.1.1", "26.1.1 (2026-05-04)", "2026-05-04", skip=1),
        sec("26.1", "26.1 (2026-04-26)", "2026-04-26", skip=1),
    ],
    notes="'Trivial Changes' has showcontent = false and does not appear. A fragment named without an issue number "
    "(news/truststore.vendor.rst) renders without a link.",
    insert=dict(version="26.3", expected_heading="26.3 (2026-11-26)\n================="),
)

# ================================================================ pytest
PYTEST_CFG = """[tool.towncrier]
filename = "doc/en/changelog.rst"
directory = "changelog/"
title_format = "pytest {version} ({project_date})"
template = "changelog/_template.rst"

[[tool.towncrier.type]]
directory = "breaking"
name = "Removals and backward incompatible breaking changes"
showcontent = true

[[tool.towncrier.type]]
directory = "feature"
name = "New features"
showcontent = true

[[tool.towncrier.type]]
directory = "improvement"
name = "Improvements in existing functionality"
showcontent = true

[[tool.towncrier.type]]
directory = "bugfix"
name = "Bug fixes"
showcontent = true

[[tool.towncrier.type]]
directory = "doc"
name = "Improved documentation"
showcontent = true

[[tool.towncrier.type]]
directory = "misc"
name = "Miscellaneous internal changes"
showcontent = true
"""

PYTEST_TEMPLATE = """{#- Stand-in for pytest's changelog/_template.rst (same output shape). -#}
{% for section in sections %}
{% set underline = "-" %}
{% if sections[section] %}
{% for kind, _unused in definitions.items() if kind in sections[section] %}

{{ definitions[kind]['name'] }}
{{ underline * definitions[kind]['name']|length }}

{% for text, refs in sections[section][kind]|dictsort(by='value') %}
{% set sep = joiner(', ') %}
- {% for ref in refs|sort %}{{ sep() }}`{{ ref }} <https://github.com/pytest-dev/pytest/issues/{{ ref[1:] }}>`_{% endfor %}: {{ text }}


{% endfor %}
{% endfor %}
{% else %}

No significant changes.


{% endif %}
{% endfor %}
"""

PT = "https://github.com/pytest-dev/pytest/issues"
pytest = L(
    ".. _`changelog`:",
    "",
    "=========",
    "Changelog",
    "=========",
    "",
    "Versions follow `Semantic Versioning <https://semver.org/>`_ (``<major>.<minor>.<patch>``).",
    "",
    "..",
    "    This file is generated by towncrier from the fragments in changelog/.",
    "",
    ".. only:: not is_release",
    "",
    "   To be included in v\\ |release| (if present)",
    "   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
    "",
    "   .. towncrier-draft-entries:: |release| [UNRELEASED DRAFT]",
    "",
    "   Released versions",
    "   ^^^^^^^^^^^^^^^^^",
    "",
    ".. towncrier release notes start",
    "",
    "pytest 9.1.1 (2026-06-19)",
    "=========================",
    "",
    "Bug fixes",
    "---------",
    "",
    f"- `#14222 <{PT}/14222>`_: Fixed the message of :class:`pytest.RaisesGroup` for a nested mismatch.",
    "",
    "",
    f"- `#14609 <{PT}/14609>`_: Fixed loading of ``conftest.py`` files in ``test*`` directories of the invocation dir.",
    "",
    "",
    "pytest 9.1.0 (2026-06-13)",
    "=========================",
    "",
    "New features",
    "------------",
    "",
    f"- `#14400 <{PT}/14400>`_: Added the :option:`--max-warnings` option.",
    "",
    "",
    "pytest 9.0.3 (2026-04-07)",
    "=========================",
    "",
    "Bug fixes",
    "---------",
    "",
    f"- `#14310 <{PT}/14310>`_: Fixed a crash in the assertion rewriter on a starred target.",
    "",
    "",
    "pytest 9.0.2 (2025-12-06)",
    "=========================",
    "",
    "Bug fixes",
    "---------",
    "",
    f"- `#14020 <{PT}/14020>`_: Fixed ``--lf`` after a collection error.",
    "",
    "",
    "pytest 9.0.1 (2025-11-12)",
    "=========================",
    "",
    "Bug fixes",
    "---------",
    "",
    f"- `#13990 <{PT}/13990>`_: Fixed a regression in parametrize ids.",
)

case(
    "pytest-dev-pytest-towncrier",
    modelled_on="pytest-dev/pytest",
    evidence="doc/en/changelog.rst at df87db7b (2026-08-20): target '.. _`changelog`:', overlined title '=========' / "
    "'Changelog' / '=========', an '.. only:: not is_release' block whose indented '^^^^' titles and "
    "'.. towncrier-draft-entries::' precede '.. towncrier release notes start', releases 'pytest 9.1.1 (2026-06-19)' "
    "/ '=========================' (project name before the version), entries '- `#n <url>`_: text' separated by "
    "two blank lines; pyproject title_format = \"pytest {version} ({project_date})\", template changelog/_template.rst",
    path="doc/en/changelog.rst",
    format="rst",
    towncrier=True,
    towncrier_config=PYTEST_CFG,
    files={
        "pyproject.toml": PYTEST_CFG,
        "changelog/_template.rst": PYTEST_TEMPLATE,
        "changelog/14650.bugfix.rst": "Fixed ``--deselect`` with a parametrized id that contains ``::``.\n",
        "changelog/14655.improvement.rst": "The short test summary shows the reason of an ``xfail(strict=True)`` pass.\n",
    },
    text=pytest,
    unreleased=None,
    sections=[
        sec("9.1.1", "pytest 9.1.1 (2026-06-19)", "2026-06-19", skip=1),
        sec("9.1.0", "pytest 9.1.0 (2026-06-13)", "2026-06-13", skip=1),
        sec("9.0.3", "pytest 9.0.3 (2026-04-07)", "2026-04-07", skip=1),
        sec("9.0.2", "pytest 9.0.2 (2025-12-06)", "2025-12-06", skip=1),
        sec("9.0.1", "pytest 9.0.1 (2025-11-12)", "2025-11-12", skip=1),
    ],
    notes="The title and its '=' underline come from title_format + underlines[0]; the template renders only the "
    "type groups. Headings above the start marker (the overlined title, the indented '^^^' titles inside "
    "'.. only::') are not releases.",
    insert=dict(version="9.1.2", expected_heading="pytest 9.1.2 (2026-11-26)\n========================="),
)

# ================================================================ tox
TOX_CFG = """[tool.towncrier]
name = "tox"
directory = "docs/changelog"
filename = "docs/changelog.rst"
template = "docs/changelog/template.jinja2"
title_format = false
issue_format = ":issue:`{issue}`"
type = [
  { directory = "breaking", name = "Backward incompatible changes", showcontent = true },
  { directory = "deprecation", name = "Deprecations (removal in next major release)", showcontent = true },
  { directory = "feature", name = "Features", showcontent = true },
  { directory = "bugfix", name = "Bug fixes", showcontent = true },
  { directory = "doc", name = "Improved documentation", showcontent = true },
  { directory = "misc", name = "Miscellaneous internal changes", showcontent = true },
]
"""

TOX_TEMPLATE = """{#- Stand-in for tox's docs/changelog/template.jinja2 (same output shape). -#}
{% set title = " v" ~ versiondata.version ~ " (" ~ versiondata.date ~ ")" %}
{{ "*" * (title|length + 1) }}
{{ title }}
{{ "*" * (title|length + 1) }}

{% for section, _ in sections.items() %}
{% if sections[section] %}
{% for kind, _unused in definitions.items() if kind in sections[section] %}
{% set group = definitions[kind]['name'] ~ " - " ~ versiondata.version %}
{{ group }}
{{ "=" * group|length }}

{% for text, refs in sections[section][kind].items() %}
- {{ text }} ({{ refs|join(', ') }})
{% endfor %}

{% endfor %}
{% else %}
No significant changes.


{% endif %}
{% endfor %}
"""

tox = L(
    "#################",
    " Release History",
    "#################",
    "",
    ".. towncrier-draft-entries::",
    "",
    ".. towncrier release notes start",
    "",
    "**********************",
    " v4.58.0 (2026-07-21)",
    "**********************",
    "",
    "Miscellaneous internal changes - 4.58.0",
    "=======================================",
    "",
    "- Run the test suite on the Python 3.15 beta. (:issue:`4002`)",
    "",
    "**********************",
    " v4.57.2 (2026-07-21)",
    "**********************",
    "",
    "Bug fixes - 4.57.2",
    "==================",
    "",
    "- Report the first failing package environment instead of a later one. (:issue:`3988`)",
    "",
    "**********************",
    " v4.57.1 (2026-07-20)",
    "**********************",
    "",
    "Bug fixes - 4.57.1",
    "==================",
    "",
    "- Keep ``depends`` cycles from raising a traceback. (:issue:`3985`)",
    "",
    "**********************",
    " v4.57.0 (2026-07-17)",
    "**********************",
    "",
    "Features - 4.57.0",
    "=================",
    "",
    "- Add ``tox config --format json``. (:issue:`3970`)",
    "",
    "**********************",
    " v4.56.4 (2026-07-08)",
    "**********************",
    "",
    "Bug fixes - 4.56.4",
    "==================",
    "",
    "- Quote environment names with spaces in ``tox list``. (:issue:`3960`)",
)

case(
    "tox-dev-tox-towncrier",
    modelled_on="tox-dev/tox",
    evidence="docs/changelog.rst at ccb12fc2 (2026-07-24): overlined title '#################' / ' Release History' / "
    "'#################', '.. towncrier-draft-entries::', '.. towncrier release notes start', releases with '*' "
    "over- and underline and a space-indented title '**********************' / ' v4.58.0 (2026-07-21)' / "
    "'**********************', groups 'Bug fixes - 4.57.2' / '=================='; pyproject title_format = false "
    "and template docs/changelog/template.jinja2 (the template renders the title)",
    path="docs/changelog.rst",
    format="rst",
    towncrier=True,
    towncrier_config=TOX_CFG,
    files={
        "pyproject.toml": TOX_CFG,
        "docs/changelog/template.jinja2": TOX_TEMPLATE,
        "docs/changelog/4010.bugfix.rst": "Pass ``PYTHONSAFEPATH`` through to test environments.\n",
        "docs/changelog/4015.feature.rst": "``tox run`` accepts ``--skip-env`` more than once.\n",
    },
    text=tox,
    unreleased=None,
    sections=[
        sec("4.58.0", " v4.58.0 (2026-07-21)", "2026-07-21", skip=1, pre=1),
        sec("4.57.2", " v4.57.2 (2026-07-21)", "2026-07-21", skip=1, pre=1),
        sec("4.57.1", " v4.57.1 (2026-07-20)", "2026-07-20", skip=1, pre=1),
        sec("4.57.0", " v4.57.0 (2026-07-17)", "2026-07-17", skip=1, pre=1),
        sec("4.56.4", " v4.56.4 (2026-07-08)", "2026-07-08", skip=1, pre=1),
    ],
    notes="Release titles have an overline and a leading space inside the adornment (the adornment is one char longer "
    "than the indented title). In rst an overlined style is distinct from an underline-only style with the same "
    "character. The heading_line is the title line (between the adornments).",
    insert=dict(version="4.58.1",
                expected_heading="**********************\n v4.58.1 (2026-11-26)\n**********************"),
)

# ================================================================ pdm
PDM_CFG = """[tool.towncrier]
package = "pdm"
filename = "CHANGELOG.md"
issue_format = "[#{issue}](https://github.com/pdm-project/pdm/issues/{issue})"
directory = "news/"
title_format = "## Release v{version} ({project_date})"
underlines = ["", "", ""]

  [[tool.towncrier.type]]
  directory = "break"
  name = "Breaking Changes"
  showcontent = true

  [[tool.towncrier.type]]
  directory = "feature"
  name = "Features & Improvements"
  showcontent = true

  [[tool.towncrier.type]]
  directory = "bugfix"
  name = "Bug Fixes"
  showcontent = true
"""

PDI = "https://github.com/pdm-project/pdm/issues"
pdm = L(
    "## Release v2.28.2 (2026-08-18)",
    "",
    "### Bug Fixes",
    "",
    f"- Keep environment inspection working for older target interpreters. ([#3839]({PDI}/3839))",
    f"- Cache the update check time even when the lookup fails. ([#3841]({PDI}/3841))",
    "",
    "",
    "## Release v2.28.1 (2026-08-11)",
    "",
    "### Features & Improvements",
    "",
    f"- `pdm outdated` can print JSON. ([#3820]({PDI}/3820))",
    "",
    "",
    "## Release v2.28.0 (2026-06-23)",
    "",
    "### Breaking Changes",
    "",
    f"- Drop support for Python 3.8 as a runtime. ([#3790]({PDI}/3790))",
    "",
    "",
    "## Release v2.27.0 (2026-05-21)",
    "",
    "### Bug Fixes",
    "",
    f"- Resolve relative requirement paths against the requirements file. ([#3760]({PDI}/3760))",
    "",
    "",
    "## Release v2.26.9 (2026-05-10)",
    "",
    "### Bug Fixes",
    "",
    f"- Fix `pdm venv purge` for a custom venv location. ([#3745]({PDI}/3745))",
)

case(
    "pdm-project-pdm-towncrier",
    modelled_on="pdm-project/pdm",
    evidence="CHANGELOG.md at a7e9d001 (2026-08-21): no title and no start marker (the file starts with '## Release "
    "v2.28.2 (2026-08-18)'), '### <type>' groups, two blank lines between releases; pyproject title_format = \"## "
    "Release v{version} ({project_date})\" with towncrier's built-in Markdown template and fragments news/<n>.<type>.md",
    path="CHANGELOG.md",
    format="md",
    towncrier=True,
    towncrier_config=PDM_CFG.replace('package = "pdm"\n', ""),
    files={
        "pyproject.toml": PDM_CFG.replace('package = "pdm"\n', ""),
        "news/3855.bugfix.md": "Keep the order of `[tool.pdm.scripts]` entries in `pdm run --list`.\n",
        "news/3858.feature.md": "`pdm lock --check` prints which groups are stale.\n",
    },
    text=pdm,
    unreleased=None,
    sections=[
        sec("2.28.2", "## Release v2.28.2 (2026-08-18)", "2026-08-18"),
        sec("2.28.1", "## Release v2.28.1 (2026-08-11)", "2026-08-11"),
        sec("2.28.0", "## Release v2.28.0 (2026-06-23)", "2026-06-23"),
        sec("2.27.0", "## Release v2.27.0 (2026-05-21)", "2026-05-21"),
        sec("2.26.9", "## Release v2.26.9 (2026-05-10)", "2026-05-10"),
    ],
    notes="Without the start marker in the file towncrier writes at the very top. 'Release v' precedes the version.",
    insert=dict(version="2.28.3", expected_heading="## Release v2.28.3 (2026-11-26)"),
)
