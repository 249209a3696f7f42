"""Projects for the `release init` tests, and the local index they install release-lifecycle from.

No pytest here. The projects are layouts of the real-project corpus (tests/corpus/layouts/)
built as real git repositories, some combined with a changelog of the changelog corpus
(tests/corpus/changelogs/) or given a noxfile.py, a tasks.py or a workflow of their own.
release-lifecycle is not on PyPI yet: its wheel, built once from this checkout, is served by
a real pypiserver on 127.0.0.1 that the generated lock files name as an extra index; every
other package comes from PyPI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from samples import ROOT, git

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from layouts import build_repo, load_case

CHANGELOGS = Path(__file__).parent / "corpus" / "changelogs"

OWN_NOXFILE = '''"""The project's own sessions."""

import nox


@nox.session(python=["3.11", "3.12"])
def tests(session: nox.Session) -> None:
    """Run the tests."""
    session.run("python", "-c", "print('tests pass')")


@nox.session(name="build-docs")
def docs(session: nox.Session) -> None:
    """Build the documentation."""
    session.run("python", "-c", "print('docs')")
'''

OWN_WORKFLOW = """\
name: tests
on:
  pull_request:
permissions: {}
jobs:
  tests:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read # check out
    steps:
      - run: echo "the project's own workflow"
"""

OWN_TASKS = '''"""The project's own tasks."""

from invoke import task


@task
def hello(c):
    """Say hello."""
    print("hello")
'''

OWN_TASKS_NS = '''"""The project's own tasks, in a collection."""

from invoke import Collection, task


@task
def hello(c):
    """Say hello."""
    print("hello")


ns = Collection(hello)
'''

# name -> (corpus layout, what is added to it)
PROJECTS = {
    "flask-static-rst-own-noxfile": "flask-project-static",
    "httpx-hatch-path": "httpx-hatch-path",
    "black-hatch-vcs-own-tasks": "black-hatch-vcs",
    "rich-poetry1": "rich-poetry1",
    "precommit-setup-cfg": "precommit-setup-cfg-literal",
    "sphinx-flit-own-tasks-ns": "sphinx-flit-module-maintenance",
    "pip-flit-towncrier-rst": "pip-flit-src",
    "pytest-setuptools-scm": "pytest-setuptools-scm",
}


def _commit(work: Path, message: str) -> None:
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", message)


def make_project(name: str, dest: Path) -> Path:
    """The project ``name`` as a real git repository under ``dest``; returns its folder."""
    layout = PROJECTS.get(name, name)
    case = load_case(layout)
    work = build_repo(case, dest)
    folder = work / case.project_dir
    if name == "flask-static-rst-own-noxfile":
        # Flask's own reStructuredText changelog (same releases as the layout's tags), an
        # existing noxfile.py with a tests session, and a workflow of the project's own.
        (folder / "CHANGELOG.md").unlink()
        shutil.copy(CHANGELOGS / "pallets-flask-rst" / "CHANGES.rst", folder / "CHANGES.rst")
        (folder / "noxfile.py").write_text(OWN_NOXFILE)
        (work / ".github" / "workflows").mkdir(parents=True)
        (work / ".github" / "workflows" / "tests.yml").write_text(OWN_WORKFLOW)
        _commit(work, "Flask's changelog, noxfile and workflow")
    elif name == "black-hatch-vcs-own-tasks":
        (folder / "tasks.py").write_text(OWN_TASKS)
        _commit(work, "Own tasks")
    elif name == "sphinx-flit-own-tasks-ns":
        (folder / "tasks.py").write_text(OWN_TASKS_NS)
        _commit(work, "Own tasks in a collection")
    elif name == "pip-flit-towncrier-rst":
        # pip's towncrier setup (NEWS.rst, news/ fragments, template) on pip's flit layout.
        source = CHANGELOGS / "pypa-pip-towncrier"
        (folder / "CHANGELOG.md").unlink()
        shutil.copy(source / "NEWS.rst", folder / "NEWS.rst")
        shutil.copytree(source / "news", folder / "news")
        shutil.copytree(source / "tools", folder / "tools")
        pyproject = folder / "pyproject.toml"
        pyproject.write_text(pyproject.read_text() + "\n" + (source / "pyproject.toml")
                             .read_text())
        _commit(work, "towncrier")
    return folder


def index_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for pip, uv and nox in these tests: no machine-wide pip.conf, no local
    wheel folders; the lock files say where each package comes from."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_INDEX"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "UV_PYTHON_DOWNLOADS": "never", **(extra or {})}


def build_wheel(dest: Path) -> Path:
    """This checkout's wheel, built once (pypa/build from the tests' environment)."""
    dest.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--installer", "uv", "--outdir", str(dest),
         str(ROOT)], capture_output=True, text=True, env=index_env(), check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout[-3000:] + proc.stderr[-3000:])
    (wheel,) = dest.glob("release_lifecycle-*.whl")
    return wheel


def nox(folder: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    """The real nox of the tests' environment, in ``folder``."""
    return subprocess.run([sys.executable, "-m", "nox", "--no-color", *args], cwd=folder,
                          capture_output=True, text=True, env=index_env(env), check=False)
