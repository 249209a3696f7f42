"""Sample projects in real git repositories, shared by the tests and the benchmarks.

No pytest here, so that benchmarks/run.py can use it too.
"""

from __future__ import annotations

import os
import subprocess
import sysconfig
import textwrap
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(sysconfig.get_path("scripts"))
RELEASE = str(SCRIPTS / "release")
ROOT = Path(__file__).resolve().parents[1]


IN_PROCESS = False
"""Set (by tests/conftest.py, for test modules marked ``in_process``): :func:`run_release`
runs ``release`` in-process instead, through :func:`run_in_process`."""


def run_release(
    repo: Path, *args: str, env: dict[str, str] | None = None, command: list[str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run the installed `release` command (or ``command``) in ``repo``.

    A command that has not finished after ``timeout`` seconds is a hang: it is killed and
    :class:`subprocess.TimeoutExpired` fails the test.
    """
    if IN_PROCESS and command is None:
        return run_in_process(repo, *args, env=env)
    return subprocess.run(
        [*(command or [RELEASE]), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=timeout,
    )


def run_in_process(
    repo: Path, *args: str, env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``release ARGS`` in this process: :func:`release.cli.main`, which the console script
    calls, with ``repo`` as the working directory, ``env`` added to the environment and both
    streams captured; the same result as :func:`run_release` without starting Python.

    The secrets registered by earlier runs are forgotten first, so a run redacts only what
    it registers itself (as a new process would).
    """
    import contextlib
    import io

    from release.cli import main
    from release.outside import ci, redact

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    redact._secrets.clear()
    ci.NOT_WRITTEN.clear()
    try:
        os.environ.update(env or {})
        os.chdir(repo)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        redact._secrets.clear()
    return subprocess.CompletedProcess([RELEASE, *args], code, out.getvalue(), err.getvalue())


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


CHANGELOG = """\
# Changelog

All notable changes to this project are documented in this file.

## [Unreleased]

## [{version}] - 2026-11-24

### Added

- A feature worth releasing.

## [1.3.0] - 2026-10-01

### Fixed

- An older fix.
"""


@dataclass
class Sample:
    """A sample project in a real git repository."""

    path: Path

    def git(self, *args: str) -> str:
        return git(self.path, *args)

    def release(self, *args: str, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[str]:
        return run_release(self.path, *args, env=env)

    def write(self, name: str, text: str) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        return target

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str, ref: str = "HEAD") -> None:
        self.git("tag", "-a", name, "-m", f"Release {name}", ref)

    def snapshot(self) -> dict[str, bytes]:
        """Every file outside .git with its bytes, to prove a command changed nothing."""
        return {
            str(p.relative_to(self.path)): p.read_bytes()
            for p in sorted(self.path.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.path).parts
        }


def pyproject(version: str = "1.4.0", name: str = "sample-project", extra: str = "") -> str:
    return textwrap.dedent(f"""\
        [build-system]
        requires = ["flit_core>=3.9"]
        build-backend = "flit_core.buildapi"

        [project]
        name = "{name}"
        version = "{version}"  # bumped by `inv release.prepare`
        description = "A sample project for release-lifecycle tests."
        readme = "README.md"
        requires-python = ">=3.10"
        license = {{ text = "MIT" }}

        [project.urls]
        Source = "https://github.com/example/sample-project"
        """) + extra


def make_sample(
    path: Path,
    version: str = "1.4.0",
    changelog: str | None = None,
    tags: tuple[str, ...] = ("v1.3.0",),
    extra: str = "",
) -> Sample:
    """A committed sample project; ``tags`` are created on an earlier commit."""
    path.mkdir(parents=True, exist_ok=True)
    sample = Sample(path)
    git(path, "init", "-q", "-b", "main")
    module = path / "sample_project"
    module.mkdir()
    (module / "__init__.py").write_text('"""A sample project."""\n\n__version__ = "0"\n')
    sample.write("README.md", "# sample-project\n")
    sample.write("pyproject.toml", pyproject("1.3.0", extra=extra))
    sample.write("CHANGELOG.md", "# Changelog\n\n## [1.3.0] - 2026-10-01\n\n- Older.\n")
    sample.commit("Release 1.3.0")
    for tag in tags:
        sample.tag(tag)
    sample.write("pyproject.toml", pyproject(version, extra=extra))
    sample.write("CHANGELOG.md", CHANGELOG.format(version=version) if changelog is None
                 else changelog)
    sample.commit(f"Prepare {version}")
    return sample
