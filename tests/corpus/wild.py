"""Changelogs in the wild (tests/corpus/wild/): read a case, build its repository.

No pytest here. Each case folder has ``case.toml``, ``files/`` (the tree at HEAD, besides
pyproject.toml, which is written from the case), ``history/`` (the changelog at earlier
commits) and ``expected/`` (the files a release commit writes, and the release notes).

:func:`build` makes a real git repository: one commit per ``[[commits]]`` entry, oldest
first, each writing its files and a pyproject.toml with its version, and tagged when it
says so (annotated tags, dated one day apart from 2020-01-02); then the tree of ``files/``
at the version of ``[head]`` in one last commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

WILD = Path(__file__).resolve().parent / "wild"
_EPOCH = 1577836800  # 2020-01-01T00:00:00Z
DATE = "2026-11-26"


def names() -> list[str]:
    return sorted(p.name for p in WILD.iterdir() if (p / "case.toml").is_file())


@dataclass(frozen=True)
class Case:
    name: str
    data: dict[str, Any]

    @property
    def folder(self) -> Path:
        return WILD / self.name

    @property
    def prepare(self) -> dict[str, Any]:
        return dict(self.data.get("prepare", {}))

    def expected(self) -> dict[str, bytes]:
        """``{path in the repository: bytes}`` of every file the release commit changes
        besides pyproject.toml (``None`` for a file it removes)."""
        return {path: (self.folder / source).read_bytes()
                for path, source in self.prepare.get("files", {}).items()}


def load(name: str) -> Case:
    return Case(name, tomllib.loads((WILD / name / "case.toml").read_text(encoding="utf-8")))


def pyproject(case: Case, version: str) -> str:
    text = (f'[build-system]\nrequires = ["flit_core>=3.9"]\nbuild-backend = "flit_core.buildapi"'
            f'\n\n[project]\nname = "{case.data["project"]}"\nversion = "{version}"\n'
            'description = "A corpus project."\nreadme = "README.md"\n'
            'requires-python = ">=3.10"\n\n[project.urls]\n'
            f'Source = "https://github.com/example/{case.data["project"]}"\n')
    extra = case.data.get("pyproject_extra", "")
    return text + ("\n" + extra if extra else "")


def _git(repo: Path, *args: str, when: int | None = None) -> str:
    env = dict(os.environ)
    if when is not None:
        stamp = f"@{when} +0000"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env,
                          check=True)
    return proc.stdout.strip()


def _write(repo: Path, path: str, data: bytes) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def build(case: Case, repo: Path) -> Path:
    """The case as a real git repository at ``repo``; returns ``repo``."""
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _write(repo, "README.md", f"# {case.data['project']}\n".encode())
    day = 1
    for commit in case.data.get("commits", []):
        for path, source in commit.get("files", {}).items():
            _write(repo, path, (case.folder / source).read_bytes())
        for path in commit.get("remove", []):
            (repo / path).unlink()
        _write(repo, "pyproject.toml", pyproject(case, commit["version"]).encode())
        when = _EPOCH + day * 86400
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "--allow-empty", "-m", commit.get("message", "change"),
             when=when)
        if "tag" in commit:
            _git(repo, "tag", "-a", commit["tag"], "-m", f"Release {commit['tag']}", when=when)
        day += 1
    files = case.folder / "files"
    for source in sorted(files.rglob("*")):
        target = repo / source.relative_to(files)
        if source.is_symlink():
            target.unlink(missing_ok=True)
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            _write(repo, source.relative_to(files).as_posix(), source.read_bytes())
    for path in case.data.get("head", {}).get("remove", []):
        (repo / path).unlink()
    _write(repo, "pyproject.toml", pyproject(case, case.data["head"]["version"]).encode())
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "Work towards the next release",
         when=_EPOCH + day * 86400)
    return repo


def copy_files(case: Case, target: Path) -> None:
    """The HEAD tree of the case (for tests of discovery without git)."""
    shutil.copytree(case.folder / "files", target, dirs_exist_ok=True)
