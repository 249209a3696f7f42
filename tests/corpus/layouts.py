"""The corpus of project layouts (tests/corpus/layouts/): read a case, build its repository.

No pytest here, so that the benchmarks can use it too. Each layout has ``case.toml`` (what
to expect) and ``files/`` (the tree at the tip of the default branch). :func:`build_repo`
makes a real git repository for it, in a reference order: stray tags first, each on its own
commit; then one annotated tag per release commit; then the maintenance branch with its tags;
then the tree itself in one last commit; then a bare ``origin`` with ``origin/HEAD`` set.
Commits and tags carry dates one day apart, starting 2020-01-02, so that "older" means
something; ``[git] dates`` gives a tag (and its commit) a date of its own (``{"2026.07.22" =
"2026-07-22"}``: date-shaped tags made on the day they name).
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

LAYOUTS = Path(__file__).resolve().parent / "layouts"
_EPOCH = 1577836800  # 2020-01-01T00:00:00Z


def names() -> list[str]:
    """Every layout, sorted by name."""
    return sorted(p.name for p in LAYOUTS.iterdir() if (p / "case.toml").is_file())


@dataclass(frozen=True)
class Case:
    """One layout: its name, ``case.toml`` and the folder of its files."""

    name: str
    data: dict[str, Any]

    @property
    def files(self) -> Path:
        return LAYOUTS / self.name / "files"

    @property
    def git(self) -> dict[str, Any]:
        return dict(self.data["git"])

    @property
    def expect(self) -> dict[str, Any]:
        return dict(self.data["expect"])

    @property
    def project_dir(self) -> str:
        return str(self.expect.get("project_dir", "."))

    @property
    def all_tags(self) -> list[str]:
        g = self.git
        return [*g.get("stray_tags", []), *g["tags"], *g.get("maintenance", {}).get("tags", [])]


def load_case(name: str) -> Case:
    return Case(name, tomllib.loads((LAYOUTS / name / "case.toml").read_text(encoding="utf-8")))


def _git(cwd: Path, *args: str, day: int | str | None = None) -> str:
    env = dict(os.environ)
    if day is not None:
        stamp = (f"{day}T12:00:00+00:00" if isinstance(day, str)
                 else f"@{_EPOCH + day * 86400} +0000")
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = stamp
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True)
    return proc.stdout.strip()


def build_repo(case: Case, dest: Path) -> Path:
    """The layout as a real repository under ``dest``; returns the work tree.

    With ``RELEASE_LAYOUT_TEMPLATES`` set (the test suite sets it to a folder of the run), each
    layout is built once there, by whichever process needs it first, and copied: its
    ``origin`` is pointed at the copy's own bare repository and the index is refreshed, so
    the copy is what a build in ``dest`` would have made."""
    folder = os.environ.get("RELEASE_LAYOUT_TEMPLATES")
    if not folder:
        return _build_repo(case, dest)
    import fcntl

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    template = root / case.name
    with (root / f"{case.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / f"{case.name}.done").exists():
            shutil.rmtree(template, ignore_errors=True)
            _build_repo(case, template)
            (root / f"{case.name}.done").touch()
    shutil.copytree(template, dest, symlinks=True, dirs_exist_ok=True)
    work = dest / "work"
    if (dest / "origin.git").is_dir():
        _git(work, "remote", "set-url", "origin", str(dest / "origin.git"))
    _git(work, "update-index", "-q", "--refresh")
    return work


def _build_repo(case: Case, dest: Path) -> Path:
    g = case.git
    work = dest / "work"
    work.mkdir(parents=True)
    _git(work, "init", "-q", "-b", g["default_branch"])
    day = 0
    dates: dict[str, str] = dict(g.get("dates", {}))

    def commit(message: str, tag_name: str | None = None) -> int | str:
        nonlocal day
        day += 1
        when: int | str = dates.get(tag_name or "", day)
        _git(work, "commit", "-q", "--allow-empty", "-m", message, day=when)
        return when

    def tag(name: str, when: int | str) -> None:
        _git(work, "tag", "-a", name, "-m", f"Release {name}", day=when)

    (work / "README.md").write_text("history\n", encoding="utf-8")
    _git(work, "add", "-A")
    commit("start")
    for name in g.get("stray_tags", []):
        tag(name, commit(f"work before {name}", name))
    for name in g["tags"]:
        tag(name, commit(f"release {name}", name))
    maintenance = g.get("maintenance")
    if maintenance:
        _git(work, "switch", "-q", "-c", maintenance["branch"], maintenance["from_tag"])
        for name in maintenance["tags"]:
            tag(name, commit(f"release {name}", name))
        _git(work, "switch", "-q", g["default_branch"])
    for source in sorted(case.files.rglob("*")):
        target = work / source.relative_to(case.files)
        if source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                target.unlink()
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    _git(work, "add", "-A")
    commit("unreleased work")
    if g.get("remote_head"):
        bare = dest / "origin.git"
        _git(dest, "clone", "-q", "--bare", str(work), str(bare))
        _git(work, "remote", "add", "origin", str(bare))
        _git(work, "fetch", "-q", "origin")
        _git(work, "remote", "set-head", "origin", "-a")
        _git(work, "branch", "-q", "--set-upstream-to", f"origin/{g['default_branch']}")
    return work
