"""Sessions that a maintainer runs locally and that CI runs unchanged.

Every session is a few lines that call the `release` command; the logic lives in the
package. Arguments after `--` reach the command, e.g. `nox -s publish -- --dry-run`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint", "validate"]
# uv must use the interpreters the machine has, never download one.
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
ROOT = Path(__file__).parent


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (real git, real builds, a real local package index)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff, mypy --strict, and zizmor and the JSON schema on the workflows."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", "release", "tests", "benchmarks", "noxfile.py", "tasks.py")
    session.run("mypy")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    if workflows:
        session.run("zizmor", "--offline", "--persona", "pedantic", ".github/workflows")
        session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)


@nox.session
def validate(session: nox.Session) -> None:
    """Check that version, changelog and tag agree (tag mode on a tag in CI)."""
    session.install(".")
    session.run("release", "validate", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build sdist and wheel into an empty dist/, inspect them, write SHA256SUMS."""
    session.install(".", "build[uv]", "twine>=7")
    shutil.rmtree("dist", ignore_errors=True)
    env = {"SOURCE_DATE_EPOCH": _source_date_epoch(session)}
    installer = ["--installer", "uv"] if shutil.which("uv", path=_venv_path(session)) else []
    session.run("python", "-m", "build", *installer, "--outdir", "dist", env=env)
    session.run("twine", "check", "--strict", *sorted(str(p) for p in Path("dist").iterdir()))
    session.run("release", "validate", "--dist", "dist")
    session.run("release", "checksums", "dist", "--output", "SHA256SUMS")


@nox.session
def publish(session: nox.Session) -> None:
    """Upload this version's sdist and wheels; skips files the index already has."""
    session.install(".", "twine>=7")
    session.run("release", "publish", *session.posargs)


@nox.session
def guard(session: nox.Session) -> None:
    """Fail when commits reached main without a merged pull request (protect-main)."""
    session.install(".")
    session.run("release", "guard-main", *session.posargs)


@nox.session(default=False)
def notes(session: nox.Session) -> None:
    """Print or write one version's release notes: `nox -s notes -- v1.4.0 --output F`."""
    session.install(".")
    session.run("release", "notes", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks against commitizen, bump-my-version, keepachangelog and uv build."""
    session.install(".", *nox.project.dependency_groups(PYPROJECT, "bench"))
    session.run("python", "benchmarks/validate_speed.py")
    session.run("python", "benchmarks/run.py", *session.posargs)


def _source_date_epoch(session: nox.Session) -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    out = session.run("git", "log", "-1", "--format=%ct", external=True, silent=True)
    return str(out).strip()


def _venv_path(session: nox.Session) -> str:
    return str(Path(session.bin)) + os.pathsep + os.environ.get("PATH", "")
