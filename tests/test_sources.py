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
    assert source.editable is (kind != "computed")


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
    with pytest.raises(ConfigError, match=r"nor setup\.cfg"):
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
