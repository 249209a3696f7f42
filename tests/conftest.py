"""Shared fixtures: real git repositories with sample projects, and the installed command.

How the suite stays fast (issue 25) without testing less:

- It runs on every core (pytest-xdist, two workers per core in ``nox -s tests``: many tests
  wait on git, builds and a local index, and the waits overlap). Every fixture is safe under
  it, and no test depends on another having run on the same worker: temporary folders are
  per worker, pypiserver listens on a free port of its own, nothing is shared between
  workers but read-only inputs.
- Expensive inputs are made once and copied: the bad-input corpus copies two sample
  repositories built once per module, the publish tests build the sample's sdist and wheel
  once per module; once for the whole run, shared by the workers (:func:`made_once`): this
  checkout's wheel (:func:`release_index`), the table of projects after ``release init``
  (test_init.py), and each corpus layout's git repository (``RELEASE_LAYOUT_TEMPLATES``,
  tests/corpus/layouts.py), copied per test with its ``origin`` re-pointed.
- Local servers notice ``shutdown()`` within 10 ms (pypi_server.serve_in_thread), so no
  test waits for a server to stop.
- What users run is run for real: the installed ``release`` in a process of its own for a
  representative set per command (tests/test_prepare.py, test_tag.py, test_notes.py,
  test_publish.py, test_github_release.py, test_guard.py, test_init.py ...), every exit-code
  contract, the secret sweep (test_secret_sweep.py), the signal, hang and fault tests
  (test_hardening.py, test_faults.py), and the end-to-end round trips through nox.
- Table-driven bulk cases run ``release`` in-process through :func:`release.cli.main`, the
  function the console script calls, with the same working directory, environment and
  assertions (samples.run_in_process): the bad-input table (test_bad_inputs.py, where one
  case per command also runs in a real process and must print exactly the same), and the
  modules marked ``pytestmark = pytest.mark.in_process`` (the changelog and layout corpora,
  the fuzzing). Starting Python for each of those cases measured nothing more.
- Deadlines come from the environment, set small by the tests that wait on purpose
  (``RELEASE_NETWORK_TIMEOUT``, ``RELEASE_RETRY_DELAY``), so a test waits seconds, not the
  production default.
- One pypiserver per worker (:func:`package_index`), emptied before each test that uses it,
  instead of one started per test; the tests that need an index of their own (a proxy in
  front, a server stopped on purpose) still get a working one.
- The slow tier is marked ``slow``: builds, a package index, nox round trips, the tests
  that need the table of projects after ``release init`` (marked here, by the fixture), and
  every test that takes more than about a third of a second (mostly several real processes
  of ``release``, git and towncrier in a row, and the corpus tables run through them).
  ``nox -s tests-3.12 -- -m 'not slow' -x`` is the inner loop while working (under a
  minute); CI runs both tiers. Once is enough for what
  does not change with the Python that runs the tests, spread over the Pythons
  (:data:`ONCE`, :func:`once`, :func:`once_each`): each nox round trip of ``release init``
  and each corpus layout's build, publish and install (its release steps run on every Python
  in test_layouts.py) on one Python in turn, the quickstart and the noxfile's publish session
  in the secret sweep on 3.10, and the rehearsal of release.yml on the Python its jobs use
  (3.12). The rest runs on every Python.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from samples import (  # noqa: F401 - re-exported for the test modules
    CHANGELOG,
    RELEASE,
    ROOT,
    SCRIPTS,
    Sample,
    git,
    make_sample,
    pyproject,
    run_release,
)

if TYPE_CHECKING:
    from pypi_server import Index

T = TypeVar("T")

CI_VARIABLES = (
    "CI", "GITHUB_ACTIONS", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
    "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_SHA", "GITHUB_REPOSITORY",
    "GITHUB_EVENT_PATH", "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "CI_COMMIT_TAG", "BUILDKITE_TAG",
    "CIRCLE_TAG", "TRAVIS_TAG", "RELEASE_TAG", "PYPI_API_TOKEN", "TWINE_USERNAME",
    "TWINE_PASSWORD", "TWINE_REPOSITORY_URL", "RELEASE_PUBLISH_CREDENTIALS", "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "NO_COLOR", "FORCE_COLOR", "SOURCE_DATE_EPOCH",
)


@pytest.fixture(autouse=True, scope="session")
def _clean_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No CI variables from the machine running the tests; a neutral git identity."""
    saved = dict(os.environ)
    for name in CI_VARIABLES:
        os.environ.pop(name, None)
    home = tmp_path_factory.mktemp("gitconfig")
    config = home / "gitconfig"
    config.write_text(
        "[init]\n\tdefaultBranch = main\n[tag]\n\tgpgSign = false\n"
        "[commit]\n\tgpgSign = false\n[advice]\n\tdetachedHead = false\n"
    )
    os.environ.update({
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Maintainer",
        "GIT_AUTHOR_EMAIL": "maintainer@example.invalid",
        "GIT_COMMITTER_NAME": "Test Maintainer",
        "GIT_COMMITTER_EMAIL": "maintainer@example.invalid",
        # each corpus layout's repository is built once for the run and copied per test
        "RELEASE_LAYOUT_TEMPLATES": str(_run_folder(tmp_path_factory) / "layout-templates"),
    })
    yield
    os.environ.clear()
    os.environ.update(saved)


PYTHONS = ("3.10", "3.11", "3.12", "3.13")
"""The Pythons of ``nox -s tests`` (noxfile.PYTHONS)."""
ONCE = {
    "quickstart": "3.10",
    "noxfile publish session": "3.10",
}
"""The end-to-end round trips that run on one Python: what they add to the rest of the suite
(builds, a package index, nox, new virtual environments) does not change with the Python
that runs the tests, and they take minutes; spread over the Pythons, no session waits for
all of them (the parametrized ones take turns: :func:`once_each`). ``RELEASE_ONCE=all`` runs
them on every Python, ``none`` on none."""


def once_each(what: str, cases: Iterable[T]) -> list[Any]:
    """``cases`` as pytest parameters, each on one Python of :data:`PYTHONS` in turn."""
    found = []
    for number, case in enumerate(cases):
        python = PYTHONS[number % len(PYTHONS)]
        found.append(pytest.param(case, marks=_once_on(f"{what} of {case}", python)))
    return found


def once(what: str) -> pytest.MarkDecorator:
    """Skip unless this is the Python :data:`ONCE` names for ``what`` (decided before any
    fixture is set up)."""
    return _once_on(f"the {what}", ONCE[what])


def _once_on(what: str, python: str) -> pytest.MarkDecorator:
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    wanted = os.environ.get("RELEASE_ONCE", "")
    skip = wanted != "all" and (wanted == "none" or here != python)
    return pytest.mark.skipif(skip, reason=f"{what} runs on Python {python} only "
                              "(RELEASE_ONCE=all runs it on every Python)")


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder, shared by the pytest-xdist workers (above their own)."""
    root = factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]
              ) -> Path:
    """A folder ``make`` fills once for the whole run: under pytest-xdist the workers share it
    (the first one makes it while the others wait on a lock), so an expensive input such as a
    build is made once, not once per worker. Tests copy from it and never change it."""
    import fcntl

    root = _run_folder(factory)
    target = root / f"made-once-{name}"
    with (root / f"made-once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / f"made-once-{name}.done").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            make(target)
            (root / f"made-once-{name}.done").touch()
    return target


@pytest.fixture(autouse=True)
def _in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """``release`` in-process for the modules marked ``in_process`` (see above)."""
    import samples

    samples.IN_PROCESS = request.node.get_closest_marker("in_process") is not None
    yield
    samples.IN_PROCESS = False


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    return make_sample(tmp_path / "sample")


class _Indexes:
    """This worker's pypiserver: started once, emptied for each test, started again when a
    test stopped it (to see what a publish does when the index is gone)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.started = 0
        self.current: Index | None = None
        self.stack = contextlib.ExitStack()

    def empty(self) -> Index:
        from pypi_server import running_index

        if self.current is None or self.current.process.poll() is not None:
            self.started += 1
            self.current = self.stack.enter_context(
                running_index(self.root / f"index-{self.started}"))
        for path in self.current.packages.iterdir():
            path.unlink()
        return self.current


@pytest.fixture(scope="session")
def _indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Indexes]:
    indexes = _Indexes(tmp_path_factory.mktemp("indexes"))
    with indexes.stack:
        yield indexes


@pytest.fixture
def package_index(_indexes: _Indexes) -> Index:
    """An empty real package index (pypiserver on 127.0.0.1, --disable-fallback), shared by
    the tests of this worker one after the other: nothing a test uploaded is left for the
    next one."""
    return _indexes.empty()


@pytest.fixture(scope="session")
def release_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real pypiserver on 127.0.0.1 holding this checkout's wheel, built once per session:
    where projects set up by `release init` install release-lifecycle from (it is not on PyPI
    yet); they upload their own files to it too."""
    from init_projects import build_wheel
    from pypi_server import running_index

    root = tmp_path_factory.mktemp("release-index")
    (wheel,) = made_once(tmp_path_factory, "release-wheel", build_wheel).glob("*.whl")
    with running_index(root / "index") as index:
        shutil.copy(wheel, index.packages / wheel.name)
        yield index


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that need the table of projects after ``release init`` (test_init.py's
    ``inited``, made once per run in about ten seconds) belong to the slow tier."""
    for item in items:
        if "inited" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
