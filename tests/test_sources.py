"""release.project.sources and release.project.repeats: find the version where a project keeps it.

Table-driven on small trees; the end-to-end corpus is tests/test_layouts.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from release.errors import ConfigError
from release.project import repeats as versionfiles
from release.project.pyproject import load
from release.project.sources import edit, locate_version, prove, version_source
from release.project.sources.python import tuple_change
from release.project.versions import Version

HATCH = '[build-system]\nbuild-backend = "hatchling.build"\n'
SETUPTOOLS = '[build-system]\nbuild-backend = "setuptools.build_meta"\n'


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


DYNAMIC = '[project]\nname = "pkg"\ndynamic = ["version"]\n'

FOUND = [
    # (files, kind, file, line, value)
    ({"pyproject.toml": '[project]\nname = "pkg"\nversion = "1.2.0"\n'},
     "project", "pyproject.toml", 3, "1.2.0"),
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\npath = "pkg/v.py"\n',
      "pkg/v.py": '"""Doc."""\nVERSION = "v2.0.1"\n'}, "hatch", "pkg/v.py", 2, "2.0.1"),
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\npath = "VERSION"\n'
      'pattern = "(?P<version>.+)"\n', "VERSION": "3.1\n"}, "hatch", "VERSION", 1, "3.1"),
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]\n"
      'version = {attr = "pkg.about.VERSION"}\n',
      "src/pkg/__init__.py": "", "src/pkg/about.py": "VERSION = '4.0'\n"},
     "setuptools-attr", "src/pkg/about.py", 1, "4.0"),
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]\n"
      'version = {attr = "pkg.__version__"}\n',
      "pkg/__init__.py": "from ._version import __version__\n",
      "pkg/_version.py": "__version__ = '5.0.0rc1'\n"},
     "setuptools-attr", "pkg/_version.py", 1, "5.0.0rc1"),
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC + '[tool.setuptools.dynamic]\nversion = {file = "V"}\n',
      "V": "\n  6.1.2  \n"}, "setuptools-file", "V", 2, "6.1.2"),
    ({"pyproject.toml": '[build-system]\nbuild-backend = "flit_core.buildapi"\n'
      '[project]\nname = "my-mod"\ndynamic = ["version", "description"]\n',
      "my_mod.py": '"""Doc."""\n__version__: str = "0.9"\n'}, "flit", "my_mod.py", 2, "0.9"),
    ({"pyproject.toml": '[build-system]\nbuild-backend = "flit_core.buildapi"\n' + DYNAMIC,
      "src/pkg/__init__.py": "from .version import __version__\n",
      "src/pkg/version.py": "__version__ = '7.0'\n"}, "flit", "src/pkg/version.py", 1, "7.0"),
    ({"pyproject.toml": '[build-system]\nbuild-backend = "pdm.backend"\n' + DYNAMIC
      + '[tool.pdm.version]\nsource = "file"\npath = "pkg/__init__.py"\n',
      "pkg/__init__.py": '__version__ = "8.0"  # keep\n'}, "pdm", "pkg/__init__.py", 1, "8.0"),
    ({"pyproject.toml": '[tool.poetry]\nname = "pkg"\nversion = "9.0.0"\n'},
     "poetry", "pyproject.toml", 3, "9.0.0"),
    ({"setup.cfg": "[metadata]\nname = pkg\nversion = 1.0.0\n"}, "setup.cfg", "setup.cfg", 3,
     "1.0.0"),
    ({"setup.cfg": "[metadata]\nname = pkg\nversion = attr: pkg.__version__\n[options]\n"
      "package_dir =\n    =src\n", "src/pkg/__init__.py": "__version__ = '1.1'\n"},
     "setup.cfg", "src/pkg/__init__.py", 1, "1.1"),
    # responses: pyproject.toml only [build-system]; setup.py passes a literal
    ({"pyproject.toml": SETUPTOOLS, "setup.py": "from setuptools import setup\n\nsetup(\n"
      '    name="pkg",\n    version="0.26.1",\n)\n'}, "setup.py", "setup.py", 5, "0.26.1"),
    # jmespath: no pyproject.toml; setup.cfg without a version; the call under a main guard
    ({"setup.cfg": "[bdist_wheel]\nuniversal = 0\n", "setup.py": "import setuptools\n"
      "if __name__ == '__main__':\n    setuptools.setup(name='pkg', version='1.0.1')\n"},
     "setup.py", "setup.py", 3, "1.0.1"),
    # a module-level name that the call passes
    ({"setup.py": 'from setuptools import setup\nVERSION = "2.9.0"\nsetup(version=VERSION)\n'},
     "setup.py", "setup.py", 2, "2.9.0"),
    # pytz: setup.py imports the package beside it and passes its VERSION
    ({"setup.py": "import pkg\nfrom setuptools import setup\nsetup(version=pkg.VERSION)\n",
      "pkg/__init__.py": "OLSON = '2026b'\nVERSION = '2026.2'\n__version__ = VERSION\n"},
     "setup.py", "pkg/__init__.py", 2, "2026.2"),
    # docopt: `from docopt import __version__` in setup.py, the module beside it
    ({"setup.py": "from setuptools import setup\nfrom docopt import __version__\n"
      "setup(version=__version__)\n", "docopt.py": '"""Doc."""\n__version__ = "0.6.2"\n'},
     "setup.py", "docopt.py", 2, "0.6.2"),
    ({"setup.py": "from setuptools import setup\nfrom pkg.meta import VERSION as v\n"
      "setup(version=v)\n", "pkg/__init__.py": "", "pkg/meta.py": "VERSION = '5.1'\n"},
     "setup.py", "pkg/meta.py", 1, "5.1"),
    # PyYAML: an in-tree backend that wraps setuptools (backend-path), VERSION under a main guard
    ({"pyproject.toml": '[build-system]\nrequires = ["setuptools", "Cython"]\n'
      'backend-path = ["packaging"]\nbuild-backend = "_wrapped_pep517"\n',
      "setup.py": "NAME = 'pkg'\nVERSION = '7.0.0.dev0'\nfrom setuptools import setup\n"
      "if __name__ == '__main__':\n    setup(name=NAME, version=VERSION)\n"},
     "setup.py", "setup.py", 2, "7.0.0.dev0"),
    # a [project] table that declares the version dynamic leaves it to setup.py
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC, "setup.py": "from setuptools import setup\n"
      "setup(version='3.0')\n"}, "setup.py", "setup.py", 2, "3.0"),
    ({"pyproject.toml": "[tool.release]\nversion-source = \"VERSION.txt\"\n",
      "VERSION.txt": "2.2.2\n"}, "config", "VERSION.txt", 1, "2.2.2"),
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]\n"
      'version = {attr = "pkg.__version__"}\n',
      "pkg/__init__.py": "__version_info__ = (3, 1, 0, 'beta', 2)\n"
      "__version__ = make(__version_info__)\n"}, "computed", "pkg/__init__.py", 1, "3.1.0b2"),
]


@pytest.mark.parametrize(("files", "kind", "file", "line", "value"), FOUND)
def test_version_sources(tmp_path: Path, files: dict[str, str], kind: str, file: str,
                         line: int, value: str) -> None:
    root = tree(tmp_path, files)
    source = version_source(load(root / "pyproject.toml"))
    assert source.kind == kind
    assert source.location is not None
    assert source.location.file.relative_to(root).as_posix() == file
    assert (source.location.line, source.location.value) == (line, value)
    assert source.editable


@pytest.mark.parametrize(("files", "tool"), [
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\nsource = "vcs"\n'}, "hatch-vcs"),
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\nsource = "uv-dynamic-versioning"\n'},
     "uv-dynamic-versioning"),
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools_scm]\n"}, "setuptools-scm"),
    ({"pyproject.toml": '[build-system]\nrequires = ["setuptools-scm>=8"]\n' + DYNAMIC},
     "setuptools-scm"),
    ({"pyproject.toml": DYNAMIC + '[tool.pdm.version]\nsource = "scm"\n'}, "pdm-backend scm"),
    ({"pyproject.toml": DYNAMIC + "[tool.versioningit]\n"}, "versioningit"),
    ({"pyproject.toml": '[tool.poetry]\nname = "p"\nversion = "0.0.0"\n'
      "[tool.poetry-dynamic-versioning]\nenable = true\n"}, "poetry-dynamic-versioning"),
    ({"pyproject.toml": '[project]\nname = "p"\nversion = "1.0"\n[tool.release]\n'
      'version-source = "vcs"\n'}, "git tags"),
])
def test_vcs_sources(tmp_path: Path, files: dict[str, str], tool: str) -> None:
    source = version_source(load(tree(tmp_path, files) / "pyproject.toml"))
    assert source.vcs and source.tool == tool and source.location is None


@pytest.mark.parametrize(("files", "message"), [
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\nsource = "code"\n'},
     "runs Python"),
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\nsource = "mystery"\n'},
     "plugin release-lifecycle does not know"),
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\npath = "missing.py"\n'},
     "missing.py does not exist"),
    ({"pyproject.toml": HATCH + DYNAMIC + '[tool.hatch.version]\npath = "v.py"\n',
      "v.py": '__version__: str = "1.0"\n'}, "without a type annotation"),
    ({"pyproject.toml": DYNAMIC + '[tool.pdm.version]\nsource = "call"\n'}, "runs Python"),
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]\n"
      'version = {file = ["A", "B"]}\n'}, "joined from 2 files"),
    ({"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]\n"
      'version = {attr = "pkg.__version__"}\n', "pkg/__init__.py": "__version__ = get()\n"},
     "computes `__version__`"),
    ({"pyproject.toml": DYNAMIC}, "no version source that release-lifecycle knows"),
    ({"pyproject.toml": '[project]\nname = "p"\n'}, "has no `[project].version`"),
    ({"setup.cfg": "[metadata]\nname = p\n"}, "setup.cfg has no `version`"),
    ({"setup.py": "from setuptools import setup\nif X:\n    setup(version='1.0')\nelse:\n"
      "    setup(version='2.0')\n"}, "calls setup() more than once (lines 3 and 5)"),
    ({"setup.py": "from setuptools import setup\nsetup(version='1.0')\n",
      "setup.cfg": "[metadata]\nversion = 1.0\n"}, "setup.py and setup.cfg [metadata] both"),
    ({"setup.py": "from setuptools import setup\nsetup(version=get_version())\n"},
     "never runs setup.py"),
    ({"setup.py": "import other\nfrom setuptools import setup\nsetup(version=other.VERSION)\n"},
     "never runs setup.py"),
    # a name that setup.py changes after it is set is computed
    ({"setup.py": "import os\nfrom setuptools import setup\nVERSION = '1.0'\nif os.environ.get"
      "('DEV'):\n    VERSION = VERSION + '.dev0'\nsetup(version=VERSION)\n"}, "never runs setup.py"),
    ({"pyproject.toml": HATCH + DYNAMIC, "setup.py": "from setuptools import setup\n"
      "setup(version='1.0')\n"}, "no version source that release-lifecycle knows"),
    ({"pyproject.toml": '[tool.release]\nversion-files = "a.py"\n'},
     "version-files must be a list of strings"),
    ({"pyproject.toml": "[tool.release]\nignore-tags = [1]\n"},
     "ignore-tags must be a list of strings"),
])
def test_clear_errors(tmp_path: Path, files: dict[str, str], message: str) -> None:
    root = tree(tmp_path, files)
    with pytest.raises(ConfigError) as info:
        version_source(load(root / "pyproject.toml"))
    assert message in info.value.message, info.value.message
    assert info.value.hint


def test_no_project_files_at_all(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nor setup\.cfg or setup\.py"):
        load(tmp_path / "pyproject.toml")


def test_edit_and_prove(tmp_path: Path) -> None:
    root = tree(tmp_path, {"pyproject.toml": '[project]\r\nname = "p"\r\nversion = "1.0"\r\n'
                           '[tool.other]\r\nversion = "1.0"\r\n'})
    location = locate_version(load(root / "pyproject.toml"))
    old = (root / "pyproject.toml").read_bytes().decode()
    new = edit(old, [(location, "1.1")])
    assert new == old.replace('name = "p"\r\nversion = "1.0"', 'name = "p"\r\nversion = "1.1"')
    prove(old, new, [(location, "1.1")], "pyproject.toml")
    with pytest.raises(ConfigError, match="changed while it was being edited"):
        edit(old.replace('version = "1.0"', 'version = "1.5"', 1), [(location, "1.1")])
    with pytest.raises(ConfigError, match="did not set the version"):
        prove(old, old, [(location, "1.1")], "pyproject.toml")


def test_repeats_from_other_tools_and_lock_files(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": '[project]\nname = "Pkg.Name"\nversion = "2.0.dev"\n'
        '[tool.bumpversion]\ncurrent_version = "2.0.dev"\n'
        '[[tool.bumpversion.files]]\nfilename = "README.md"\nsearch = "pkg=={current_version}"\n'
        'replace = "pkg=={new_version}"\n'
        '[[tool.bumpversion.files]]\nfilename = "CHANGELOG.md"\n'
        '[tool.release]\nversion-files = ["docs/about.txt"]\n',
        "README.md": "pip install pkg==2.0.dev\nnot 2.0.dev here\n",
        "CHANGELOG.md": "## 2.0.dev\n",
        "docs/about.txt": "Version 2.0.dev0 of the docs\n",
        "uv.lock": 'version = 1\n\n[[package]]\nname = "pkg-name"\nversion = "2.0.dev0"\n'
        'source = { editable = "." }\n',
        "pkg_name/__init__.py": '__version__ = "2.0.dev0"\n',
        "docs/conf.py": "version = '2.0'\nrelease = '2.0.dev0'\n",
    })
    project = load(root / "pyproject.toml")
    source = version_source(project)
    found = versionfiles.find(project, source, Version("2.0.dev0"), "2.0.dev")
    assert found.problems == []
    places = {(r.location.file.relative_to(root).as_posix(), r.location.line, r.form)
              for r in found.found}
    assert places == {
        ("pyproject.toml", 5, "full"), ("README.md", 1, "full"), ("docs/about.txt", 1, "full"),
        ("uv.lock", 5, "full"), ("pkg_name/__init__.py", 1, "full"),
        ("docs/conf.py", 2, "full"), ("docs/conf.py", 1, "short"),
    }


def test_disagreements_are_reported(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": '[project]\nname = "p"\nversion = "1.1"\n'
        '[tool.commitizen]\nversion = "1.0"\nversion_files = ["p/__init__.py:__version__"]\n'
        '[tool.release]\nversion-files = ["missing.txt"]\n',
        "p/__init__.py": '__version__ = "1.0"\n',
        "uv.lock": '[[package]]\nname = "p"\nversion = "0.9"\nsource = { virtual = "." }\n',
    })
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("1.1"), "1.1")
    messages = sorted(p.message for p in found.problems)
    assert messages == [
        "[tool.commitizen] version is 1.0, the version is 1.1",
        "missing.txt (listed in version-files) cannot be read",
        "p/__init__.py:1 says 1.0, the version is 1.1 ([tool.commitizen] version_files)",
        "uv.lock records 0.9 for the project, the version is 1.1",
    ]


# -- re-exports, namespace packages and version tuples ---------------------------------------

REEXPORTS = [
    # setuptools attr through a re-export (absolute, relative with `as`, a name, a chain)
    ({"pkg/__init__.py": "from pkg.__version__ import __version__\n",
      "pkg/__version__.py": '__version__ = "1.4.0"\n'}, "pkg/__version__.py"),
    ({"pkg/__init__.py": "from ._version import version as __version__\n",
      "pkg/_version.py": '__version__ = version = "1.4.0"\n'}, "pkg/_version.py"),
    ({"pkg/__init__.py": 'VERSION = "1.4.0"\n__version__ = VERSION\n'}, "pkg/__init__.py"),
    ({"pkg/__init__.py": "from pkg.meta import __version__\n",
      "pkg/meta/__init__.py": "from .about import VERSION as __version__\n",
      "pkg/meta/about.py": 'VERSION = "1.4.0"\n'}, "pkg/meta/about.py"),
    # a namespace package (no acme/__init__.py), imported by its full name
    ({"src/acme/tool/__init__.py": "from acme.tool._version import __version__\n",
      "src/acme/tool/_version.py": '__version__ = "1.4.0"\n'}, "src/acme/tool/_version.py"),
]


@pytest.mark.parametrize(("files", "where"), REEXPORTS)
def test_re_exports_are_followed_without_running_code(tmp_path: Path, files: dict[str, str],
                                                       where: str) -> None:
    package = "acme.tool" if "acme" in where else "pkg"
    root = tree(tmp_path, {"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]"
                           f'\nversion = {{attr = "{package}.__version__"}}\n', **files})
    source = version_source(load(root / "pyproject.toml"))
    assert source.location is not None and source.location.value == "1.4.0"
    assert source.location.file.relative_to(root).as_posix() == where


def test_an_import_from_another_package_is_not_followed(tmp_path: Path) -> None:
    root = tree(tmp_path, {"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]"
                           '\nversion = {attr = "pkg.__version__"}\n',
                           "pkg/__init__.py": "from other import __version__\n",
                           "other.py": '__version__ = "9.9"\n'})
    with pytest.raises(ConfigError, match=r"has no `__version__ = \"\.\.\.\"` assignment"):
        version_source(load(root / "pyproject.toml"))


@pytest.mark.parametrize(("files", "found"), [
    # acme-tool ships the namespace package acme/tool/
    ({"pyproject.toml": '[project]\nname = "acme-tool"\nversion = "2.0.0"\n',
      "src/acme/tool/__init__.py": '__version__ = "2.0.0"\n'}, "src/acme/tool/__init__.py"),
    ({"pyproject.toml": '[tool.poetry]\nname = "x"\nversion = "2.0.0"\n'
      'packages = [{include = "pkg", from = "lib"}]\n',
      "lib/pkg/__about__.py": '__version__ = "2.0.0"\n'}, "lib/pkg/__about__.py"),
    ({"pyproject.toml": '[project]\nname = "x"\nversion = "2.0.0"\n'
      '[tool.hatch.build.targets.wheel]\npackages = ["src/shipped"]\n',
      "src/shipped/_version.py": '__version__ = "2.0.0"\n'}, "src/shipped/_version.py"),
    ({"pyproject.toml": '[project]\nname = "x"\nversion = "2.0.0"\n'
      '[tool.setuptools]\npackages = ["core", "core.sub"]\npackage-dir = {"" = "lib"}\n',
      "lib/core/sub/version.py": '__version__ = "2.0.0"\n'}, "lib/core/sub/version.py"),
])
def test_version_literals_in_the_packages_the_backend_ships(tmp_path: Path,
                                                            files: dict[str, str],
                                                            found: str) -> None:
    root = tree(tmp_path, files)
    project = load(root / "pyproject.toml")
    repeats = versionfiles.find(project, version_source(project), Version("2.0.0"), "2.0.0")
    assert [r.location.file.relative_to(root).as_posix() for r in repeats.found] == [found]


META = '''__version_info__ = (3, 10, 3, "final", 0)
LEVELS = {"alpha": "a", "beta": "b", "rc": "rc", "final": ""}
__version__ = _get_version(__version_info__)
'''


@pytest.mark.parametrize(("text", "target", "expected"), [
    (META, "3.10.4", '(3, 10, 4, "final", 0)'),
    (META, "3.11.0b2", '(3, 11, 0, "beta", 2)'),
    (META.replace('"rc"', '"candidate"'), "4.0rc1", '(4, 0, 0, "candidate", 1)'),
    ("VERSION = 1, 2, 3\n__version__ = '.'.join(map(str, VERSION))\n", "1.3.0", "1, 3, 0"),
    ("version_info = (0, 9)\n__version__ = '%d.%d' % version_info\n", "0.10", "(0, 10)"),
    # gunicorn: the comprehension's own variable is no input besides the tuple
    ("version_info = (26, 1, 0)\n__version__ = '.'.join([str(v) for v in version_info])\n",
     "26.1.1", "(26, 1, 1)"),
])
def test_version_tuples_are_edited_exactly(tmp_path: Path, text: str, target: str,
                                           expected: str) -> None:
    root = tree(tmp_path, {"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]"
                           '\nversion = {attr = "pkg.__version__"}\n', "pkg/__init__.py": text})
    source = version_source(load(root / "pyproject.toml"))
    assert source.editable and source.location is not None
    location, new = tuple_change(source.location, text, Version(target), "pkg/__init__.py")
    assert new == expected
    edited = edit(text, [(location, new)])
    prove(text, edited, [(location, new)], "pkg/__init__.py")
    assert edited.count(expected) == 1


@pytest.mark.parametrize(("text", "target", "message"), [
    (META, "3.10.4.post1", "cannot say 3.10.4.post1"),
    (META, "3.10.4.5", "cannot say 3.10.4.5"),
    ("VERSION = (1, 2, 3)\n__version__ = '.'.join(map(str, VERSION))\n", "1.3.0rc1",
     "has no release level"),
    (META.replace('"beta": "b", ', ""), "3.11.0b1", "does not say how its tuple"),
])
def test_a_tuple_that_cannot_say_the_version_is_refused(tmp_path: Path, text: str, target: str,
                                                        message: str) -> None:
    root = tree(tmp_path, {"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]"
                           '\nversion = {attr = "pkg.__version__"}\n', "pkg/__init__.py": text})
    source = version_source(load(root / "pyproject.toml"))
    assert source.location is not None
    with pytest.raises(ConfigError, match=message):
        tuple_change(source.location, text, Version(target), "pkg/__init__.py")


def test_a_computation_with_more_inputs_than_the_tuple_is_refused(tmp_path: Path) -> None:
    # coverage.py: version_info = (7, 11, 4, "alpha", 0) and _dev = 1 make 7.11.4a0.dev1.
    root = tree(tmp_path, {"pyproject.toml": SETUPTOOLS + DYNAMIC + "[tool.setuptools.dynamic]"
                           '\nversion = {attr = "pkg.__version__"}\n',
                           "pkg/__init__.py": 'version_info = (7, 11, 4, "alpha", 0)\n_dev = 1\n'
                           "__version__ = _make_version(*version_info, _dev)\n"})
    with pytest.raises(ConfigError, match="and `_dev`"):
        version_source(load(root / "pyproject.toml"))


# -- the version-file lists of other tools, applied as those tools apply them -------------


def bumped(root: Path, target: str, current: str = "1.2.3") -> dict[str, str]:
    """Every file the repeats change, as ``prepare`` writes it, by name."""
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version(current), current,
                              prefix="v")
    assert found.problems == [], found.problems
    by_file: dict[Path, list] = {}
    for repeat in found.found:
        by_file.setdefault(repeat.location.file, []).append(
            (repeat.location, repeat.new_value(Version(target))))
    result = {}
    for path, changes in by_file.items():
        old = path.read_text()
        new = edit(old, changes)
        prove(old, new, changes, path.name)
        result[path.relative_to(root).as_posix()] = new
    return result


PROJECT = '[project]\nname = "p"\nversion = "1.2.3"\n'


def test_commitizen_path_regex_selects_lines_and_keeps_the_prefix(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT + '[tool.commitizen]\nversion = "1.2.3"\nversion_files = [\n'
        '  ".pre-commit-config.yaml:rev:",\n  "docs/*.md",\n  "action.yml:uses:.*@",\n]\n',
        ".pre-commit-config.yaml": "- repo: x\n  rev: v1.2.3 # updated by cz\n"
        "  # pinned: 1.2.3 elsewhere\n",
        "docs/install.md": "pip install p==1.2.3\nsee 1.2.3.\n",
        "docs/deep/skip.md": "not globbed: 1.2.3\n",
        "action.yml": "steps:\n  - uses: org/p@v1.2.3\n  - run: echo 1.2.3\n",
    })
    files = bumped(root, "1.3.0")
    assert files[".pre-commit-config.yaml"] == (
        "- repo: x\n  rev: v1.3.0 # updated by cz\n  # pinned: 1.2.3 elsewhere\n")
    assert files["docs/install.md"] == "pip install p==1.3.0\nsee 1.3.0.\n"
    assert files["action.yml"] == "steps:\n  - uses: org/p@v1.3.0\n  - run: echo 1.2.3\n"
    assert "docs/deep/skip.md" not in files  # commitizen's glob does not recurse
    assert set(files) == {".pre-commit-config.yaml", "docs/install.md", "action.yml",
                          "pyproject.toml"}


def test_commitizen_inside_a_longer_number_is_refused(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT + '[tool.commitizen]\nversion_files = ["deps.txt"]\n',
        "deps.txt": "lib==1.2.3\nother==11.2.3\n"})
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("1.2.3"), "1.2.3")
    assert [p.message for p in found.problems] == [
        "deps.txt:2 has 1.2.3 inside a longer number ([tool.commitizen] version_files): the "
        "tool would change it, release-lifecycle does not guess"]


def test_bump_my_version_templates_globs_and_key_paths(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT + '[tool.bumpversion]\ncurrent_version = "1.2.3"\n'
        'search = "Version: {current_version}"\nreplace = "Version: {new_version}"\n'
        '[[tool.bumpversion.files]]\nglob = "docs/**/*.txt|README.md"\n'
        'glob_exclude = ["docs/old/*"]\n'
        '[[tool.bumpversion.files]]\nfilename = "plugin.toml"\nkey_path = "tool.plugin.requires"\n'
        'search = "p>={current_version}"\nreplace = "p>={new_version}"\n'
        '[[tool.bumpversion.files]]\nfilename = "image.txt"\nregex = true\n'
        'search = "^image: p:{current_version}$"\nreplace = "image: p:{new_version}"\n',
        "docs/a/b.txt": "Version: 1.2.3\n1.2.3 stays\n",
        "docs/old/c.txt": "Version: 1.2.3\n",
        "README.md": "Version: 1.2.3 (Version: 1.2.3)\n",
        "plugin.toml": '[other]\nrequires = "p>=1.2.3"\n[tool.plugin]\nrequires = "p>=1.2.3"\n',
        "image.txt": "image: p:1.2.3\n# image: p:1.2.3\n",
    })
    files = bumped(root, "1.3.0")
    assert files["docs/a/b.txt"] == "Version: 1.3.0\n1.2.3 stays\n"
    assert "docs/old/c.txt" not in files
    assert files["README.md"] == "Version: 1.3.0 (Version: 1.3.0)\n"
    assert files["plugin.toml"] == ('[other]\nrequires = "p>=1.2.3"\n[tool.plugin]\n'
                                    'requires = "p>=1.3.0"\n')
    assert files["image.txt"] == "image: p:1.3.0\n# image: p:1.2.3\n"


def test_bump_my_version_placeholders_it_cannot_fill_are_reported(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT + '[tool.bumpversion]\ncurrent_version = "1.2.3"\n'
        '[[tool.bumpversion.files]]\nfilename = "docs/stamp.txt"\n'
        'search = "{current_version} ({now:%Y})"\n',
        "docs/stamp.txt": "1.2.3 (2026)\n"})  # not the changelog: `prepare` writes that
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("1.2.3"), "1.2.3")
    assert len(found.problems) == 1 and "now" in found.problems[0].message
    assert "{current_version}" in found.problems[0].hint


def test_bump_my_version_entries_for_the_changelog_and_with_their_own_serialize(
        tmp_path: Path) -> None:
    # Scrapy: bump-my-version dates `(unreleased)` in docs/news.rst (the changelog, which
    # `prepare` writes itself: no problem), and writes `2.18.x` in SECURITY.md with its own
    # `serialize` (reported, with a hint that does not ask for the whole version there).
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT + '[tool.bumpversion]\ncurrent_version = "1.2.3"\n'
        '[[tool.bumpversion.files]]\nfilename = "docs/news.rst"\n'
        'search = "\\\\(unreleased\\\\)$"\nreplace = "({now:%Y-%m-%d})"\nregex = true\n'
        '[[tool.bumpversion.files]]\nfilename = "SECURITY.md"\n'
        'serialize = ["{major}.{minor}"]\n',
        "docs/news.rst": "News\n====\n\n1.2.3 (2026-01-01)\n------------------\n\n- A.\n",
        "SECURITY.md": "| 1.2.x | yes |\n"})
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("1.2.3"), "1.2.3")
    assert [p.file for p in found.problems] == ["SECURITY.md"], found.problems
    assert "own `serialize`" in found.problems[0].message
    assert "keep it in step by hand" in found.problems[0].hint
    assert "write 1.2.3" not in found.problems[0].hint


def test_bump_my_version_search_with_the_bare_default_replace_is_reported(
        tmp_path: Path) -> None:
    # pypa/build: `search = "__version__ = '{current_version}'"` and no `replace`: bump-my-version
    # falls back to `{new_version}` and would write the bare version over the whole line.
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT + '[tool.bumpversion]\ncurrent_version = "1.2.3"\n'
        '[[tool.bumpversion.files]]\nfilename = "p.py"\n'
        "search = \"__version__ = '{current_version}'\"\n",
        "p.py": "__version__ = '1.2.3'\n"})
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("1.2.3"), "1.2.3")
    assert [p.message for p in found.problems] == [
        "p.py ([tool.bumpversion] files): bump-my-version would replace `__version__ = "
        "'1.2.3'` with only the new version, since this entry's `replace` is the bare "
        "`{new_version}`"]
    assert found.problems[0].hint == (
        "give the entry `replace = \"__version__ = '{new_version}'\"` to match its `search`")
    # the hint works
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text()
                                         + "replace = \"__version__ = '{new_version}'\"\n")
    assert bumped(root, "1.3.0")["p.py"] == "__version__ = '1.3.0'\n"


def test_overlapping_edits_that_agree_are_written_once(tmp_path: Path) -> None:
    """flit's span `1.5.0` inside bump-my-version's `__version__ = '1.5.0'`: both give the
    same line, so it is written once; edits that disagree there are refused."""
    from release.project.sources.base import VersionLocation

    path = tmp_path / "__init__.py"
    text = "x = 1\n__version__ = '1.5.0'\n"
    line = text.index("__version__")
    inner = VersionLocation(path, 2, line + 15, line + 20, "1.5.0", "python", ("__version__",))
    outer = VersionLocation(path, 2, line, line + 21, "__version__ = '1.5.0'")
    agree = [(inner, "1.6.0"), (outer, "__version__ = '1.6.0'")]
    assert edit(text, agree) == "x = 1\n__version__ = '1.6.0'\n"
    assert edit(text, agree[::-1]) == "x = 1\n__version__ = '1.6.0'\n"
    with pytest.raises(ConfigError, match=r"two version edits overlap in src/p/__init__.py"):
        edit(text, [(inner, "1.6.0"), (outer, "1.6.0")], "src/p/__init__.py")


def test_tbump_search_is_a_regex_and_version_templates_are_filled(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT + '[tool.tbump.version]\ncurrent = "1.2.3"\n'
        "regex = '''\n  (?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)\n  '''\n"
        '[[tool.tbump.file]]\nsrc = "src/**/about.py"\nsearch = \'__version__\\s*=\\s*"{current_version}"\'\n'
        '[[tool.tbump.file]]\nsrc = "docs/conf.txt"\nversion_template = "{major}.{minor}"\n'
        'search = "^short = {current_version}"\n',
        "src/p/about.py": '__version__  =  "1.2.3"\nOTHER = "1.2.3"\n',
        "docs/conf.txt": "short = 1.2\nfull = 1.2.3\n",
    })
    files = bumped(root, "1.3.0")
    assert files["src/p/about.py"] == '__version__  =  "1.3.0"\nOTHER = "1.2.3"\n'
    assert files["docs/conf.txt"] == "short = 1.3\nfull = 1.2.3\n"


def test_version_files_keep_the_tag_prefix_and_their_spelling(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "pyproject.toml": '[project]\nname = "p"\nversion = "2026.08.17"\n'
        '[tool.release]\nversion-files = [".pre-commit-hooks.yaml", "README.md"]\n',
        ".pre-commit-hooks.yaml": "rev: v2026.08.17\n",
        "README.md": "uses: org/p@v2026.08.17\nand 2026.8.17\n",
    })
    files = bumped(root, "2026.9.1", current="2026.08.17")
    assert files[".pre-commit-hooks.yaml"] == "rev: v2026.09.01\n"
    assert files["README.md"] == "uses: org/p@v2026.09.01\nand 2026.9.1\n"


def test_bumpversion_cfg_labels_and_the_version_line_itself(tmp_path: Path) -> None:
    # pytest-cov: .bumpversion.cfg names pyproject.toml's own version line, and labels two
    # entries of one file: `[bumpversion:file (badge):README.rst]`.
    root = tree(tmp_path, {
        "pyproject.toml": PROJECT,
        ".bumpversion.cfg": "[bumpversion]\ncurrent_version = 1.2.3\n\n"
        '[bumpversion:file:pyproject.toml]\nsearch = version = "{current_version}"\n'
        'replace = version = "{new_version}"\n\n'
        "[bumpversion:file (badge):README.rst]\nsearch = /v{current_version}.svg\n"
        "replace = /v{new_version}.svg\n\n"
        "[bumpversion:file (link):README.rst]\nsearch = /v{current_version}...master\n"
        "replace = /v{new_version}...master\n",
        "README.rst": "img /v1.2.3.svg\nsee /v1.2.3...master\nnot 1.2.3\n",
    })
    files = bumped(root, "1.2.4")
    assert files["README.rst"] == "img /v1.2.4.svg\nsee /v1.2.4...master\nnot 1.2.3\n"
    assert files[".bumpversion.cfg"].startswith("[bumpversion]\ncurrent_version = 1.2.4\n")
    assert "pyproject.toml" not in files  # its version line is the version source itself


def test_bumpversion_cfg_files_option_lists_files_by_name(tmp_path: Path) -> None:
    # Faker: bumpversion's older `files = VERSION pkg/__init__.py docs/conf.py` (names
    # separated by spaces) in [bumpversion]; every file it names is bumped.
    root = tree(tmp_path, {
        "pyproject.toml": '[tool.release]\nversion-source = "VERSION"\n',
        "VERSION": "1.2.3\n",
        ".bumpversion.cfg": "[bumpversion]\ncurrent_version = 1.2.3\n"
        "files = VERSION pkg/__init__.py\n  notes.txt\ncommit = True\n",
        "pkg/__init__.py": 'VERSION = "1.2.3"\n',
        "notes.txt": "pkg 1.2.3\n",
    })
    files = bumped(root, "1.2.4")
    assert files["pkg/__init__.py"] == 'VERSION = "1.2.4"\n'
    assert files["notes.txt"] == "pkg 1.2.4\n"
    assert files[".bumpversion.cfg"].startswith("[bumpversion]\ncurrent_version = 1.2.4\n")


def test_a_setup_py_that_runs_its_module_is_told_to_name_it(tmp_path: Path) -> None:
    # tornado: setup.py runs tornado/__init__.py and takes its plain `version`.
    root = tree(tmp_path, {"pyproject.toml": SETUPTOOLS, "setup.py": "from setuptools import "
                           "setup\nns = {}\nexec(open('pkg/__init__.py').read(), ns)\n"
                           "setup(version=ns['version'])\n",
                           "pkg/__init__.py": 'version = "6.6.dev1"\n'})
    with pytest.raises(ConfigError) as refused:
        version_source(load(root / "pyproject.toml"))
    assert refused.value.hint.startswith(
        'add [tool.release] to pyproject.toml with `version-source = "pkg/__init__.py"`;')
    (root / "pyproject.toml").write_text(SETUPTOOLS + '[tool.release]\n'
                                         'version-source = "pkg/__init__.py"\n')
    source = version_source(load(root / "pyproject.toml"))
    assert source.location is not None and source.location.value == "6.6.dev1"


def test_a_configured_module_with_a_plain_version_name(tmp_path: Path) -> None:
    # tornado: `version = "6.5.dev1"` (no __version__), read with hatchling's default pattern.
    root = tree(tmp_path, {"pyproject.toml": '[tool.release]\nversion-source = "pkg/__init__.py"\n',
                           "pkg/__init__.py": '"""Pkg."""\n\nversion = "6.5.dev1"\n'
                           "version_info = (6, 5, 0, -100)\n"})
    source = version_source(load(root / "pyproject.toml"))
    assert source.location is not None and source.location.value == "6.5.dev1"
    assert source.location.line == 3


def test_a_setup_py_project_is_told_which_module_holds_its_version(tmp_path: Path) -> None:
    # certifi, mypy, tornado: setup.py reads the version from a module; pyproject.toml has
    # only [build-system]. The hint names the file, and that setting works.
    root = tree(tmp_path, {"pyproject.toml": SETUPTOOLS, "setup.py": "from setuptools import setup\n",
                           "certifiish/__init__.py": '__version__ = "2026.07.22"\n',
                           "certifiish/core.py": "", "tests/__init__.py": ""})
    with pytest.raises(ConfigError) as refused:
        version_source(load(root / "pyproject.toml"))
    assert refused.value.hint.startswith(
        'add [tool.release] to pyproject.toml with `version-source = "certifiish/__init__.py"`')
    (root / "pyproject.toml").write_text(SETUPTOOLS + '[tool.release]\n'
                                         'version-source = "certifiish/__init__.py"\n')
    source = version_source(load(root / "pyproject.toml"))
    assert source.location is not None and source.location.value == "2026.07.22"


@pytest.mark.parametrize(("setup_py", "module", "hint"), [
    # pexpect: setup.py reads the version from the module with a regex
    ("import re\nfrom setuptools import setup\nversion = read('pexpish/__init__.py')\n"
     "setup(name='pexpish', version=version)\n", "pexpish/__init__.py",
     '`version-source = "pexpish/__init__.py"`; or'),
    # the version from a function of setup.py
    ("from setuptools import setup\nsetup(name='pexpish', version=get_version())\n",
     "pexpish/__init__.py", '`version-source = "pexpish/__init__.py"`; or'),
])
def test_a_setup_py_project_without_pyproject_is_told_what_to_set(
        tmp_path: Path, setup_py: str, module: str, hint: str) -> None:
    # Its setup.cfg holds only tool settings: no `version = 0.1.0` under [metadata] (setup.py
    # would override it, and it is not the project's version).
    root = tree(tmp_path, {"setup.py": setup_py, "setup.cfg": "[bdist_wheel]\nuniversal = 1\n",
                           module: "__version__ = '4.9.0'\n"})
    with pytest.raises(ConfigError) as refused:
        version_source(load(root / "pyproject.toml"))
    assert "never runs setup.py" in refused.value.message
    assert "0.1.0" not in refused.value.hint and hint in refused.value.hint
    (root / "pyproject.toml").write_text(
        f'[tool.release]\nversion-source = "{module}"\nversion-files = ["setup.py"]\n')
    project = load(root / "pyproject.toml")
    source = version_source(project)
    assert source.location is not None and source.location.value == "4.9.0"


def test_a_setup_py_literal_is_edited_and_proven_and_its_module_kept_in_step(
        tmp_path: Path) -> None:
    # jmespath: setup.py passes version='1.0.1'; the package repeats `__version__`.
    setup_py = ("from setuptools import setup, find_packages\n\nsetup(\n    name='jmesish',\n"
                "    version='1.0.1',  # the release\n    packages=find_packages(),\n)\n")
    root = tree(tmp_path, {"setup.py": setup_py, "jmesish/__init__.py": "__version__ = '1.0.1'\n"})
    project = load(root / "pyproject.toml")
    assert project.name == "jmesish" and project.pyproject_shown == "setup.py"
    source = version_source(project)
    assert (source.kind, source.label) == ("setup.py", "setup.py setup(version=…)")
    location = locate_version(project)
    new = edit(setup_py, [(location, "1.0.2")])
    assert new == setup_py.replace("'1.0.1'", "'1.0.2'")
    prove(setup_py, new, [(location, "1.0.2")], "setup.py")
    with pytest.raises(ConfigError, match="did not set the version"):
        prove(setup_py, setup_py.replace("version='1.0.1'", "version=V"), [(location, "1.0.2")],
              "setup.py")
    found = versionfiles.find(project, source, Version("1.0.1"), "1.0.1")
    assert [r.location.file.relative_to(root).as_posix() for r in found.found] == [
        "jmesish/__init__.py"]


def test_a_pbr_project_is_told_that_the_tag_is_its_version(tmp_path: Path) -> None:
    # bandit: `setuptools.setup(setup_requires=["pbr>=2.0.0"], pbr=True)`, the name in
    # setup.cfg and no version anywhere in the files: pbr takes it from the git tag.
    root = tree(tmp_path, {"setup.py": "import setuptools\n\nsetuptools.setup(\n"
                                       "    setup_requires=['pbr>=2.0.0'],\n    pbr=True,\n)\n",
                           "setup.cfg": "[metadata]\nname = banditish\n",
                           "banditish/__init__.py": "import pbr.version\n"})
    with pytest.raises(ConfigError) as refused:
        version_source(load(root / "pyproject.toml"))
    assert "setup.py uses pbr (`pbr=True`)" in refused.value.message
    assert refused.value.hint.startswith(
        'add a pyproject.toml that holds only [tool.release] with `version-source = "vcs"`')
    (root / "pyproject.toml").write_text('[tool.release]\nversion-source = "vcs"\n')
    assert version_source(load(root / "pyproject.toml")).vcs


def test_a_sphinx_conf_py_at_the_root_is_kept_in_step(tmp_path: Path) -> None:
    # simplejson: conf.py at the root says `version = '4.1'` and `release = '4.1.1'`.
    root = tree(tmp_path, {"pyproject.toml": '[project]\nname = "pkg"\nversion = "4.1.1"\n',
                           "conf.py": "project = 'pkg'\nversion = '4.1'\nrelease = '4.1.1'\n"})
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("4.1.1"), "4.1.1")
    assert sorted((r.source, r.new_value(Version("4.1.2"))) for r in found.found) == [
        ("Sphinx conf.py release", "4.1.2"), ("Sphinx conf.py short version", "4.1")]


def test_sphinx_short_version_stays_short(tmp_path: Path) -> None:
    # pexpect: `__version__ = '4.9.0'` and doc/conf.py `version = '4.9'` ("the short X.Y
    # version"); 4.9.1 keeps `4.9` there, as pexpect's own 4.2.1 did.
    root = tree(tmp_path, {"pyproject.toml": '[project]\nname = "pkg"\nversion = "4.9.0"\n',
                           "doc/conf.py": "version = '4.9'\nrelease = version\n"})
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("4.9.0"), "4.9.0")
    assert [(r.source, r.form, r.new_value(Version("4.9.1"))) for r in found.found] == [
        ("Sphinx conf.py short version", "short", "4.9")]


def test_python_read_with_ast_stays_within_the_interpreters_limits() -> None:
    # 150,000 `+` crash Python 3.10's parser (a segmentation fault): such a file never
    # reaches it; a shorter chain that is still too deep for 3.11+ is a ValueError, not a crash
    import sys

    from release.project import pysource

    with pytest.raises(ValueError, match=r"setup.py is too large to be read without running "
                       r"it \(300,004 characters; at most 200,000\)"):
        pysource.parse("V = " + "1+" * 150_000, "setup.py")
    deep = "V = " + "+".join(["1"] * 60_000)
    if sys.version_info >= (3, 11):
        with pytest.raises(ValueError, match=r"setup\.py is nested too deeply"):
            pysource.parse(deep, "setup.py")
    else:
        assert pysource.parse(deep, "setup.py").body


def test_a_module_that_writes_the_version_no_rule_names_is_a_warning(tmp_path: Path) -> None:
    # sentry-python: sentry_sdk/consts.py `VERSION = "2.68.0"`, a module no rule names;
    # `prepare` would leave it behind. Other constants and other versions are not reported.
    root = tree(tmp_path, {"pyproject.toml": '[project]\nname = "sentryish"\nversion = "2.68.0"\n',
                           "sentryish/__init__.py": "from .consts import VERSION\n",
                           "sentryish/consts.py": 'DEFAULT = "x"\nVERSION = "2.68.0"\n',
                           "sentryish/other.py": 'VERSION = "1.0.0"\nAPI = "2.68.0"\n'})
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("2.68.0"), "2.68.0")
    assert [(p.file, p.line, p.severity) for p in found.problems] == [
        ("sentryish/consts.py", 2, "warning")]
    assert found.problems[0].hint == \
        'list it in [tool.release]: `version-files = ["sentryish/consts.py"]`'
    (root / "pyproject.toml").write_text('[project]\nname = "sentryish"\nversion = "2.68.0"\n'
                                         '[tool.release]\nversion-files = ["sentryish/consts.py"]\n')
    project = load(root / "pyproject.toml")
    found = versionfiles.find(project, version_source(project), Version("2.68.0"), "2.68.0")
    assert found.problems == []
    assert [r.location.file.name for r in found.found] == ["consts.py"]
