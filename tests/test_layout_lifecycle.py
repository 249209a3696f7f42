"""The whole release of the layouts marked ``lifecycle = true`` in tests/corpus/layouts/.

Each is a real git repository with real tags; with zero configuration the installed
``release`` command validates it (branch mode), prepares the next patch release and commits
it, validates the tag before it exists, creates exactly the expected tag; then the project
is built by its own build backend (pypa/build, from PyPI), checked by ``release validate
--dist``, published to a real pypiserver on 127.0.0.1 by ``release publish``, and installed
from that index into a fresh virtual environment, which must report the new version.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import once_each, run_release
from pypi_server import PASSWORD, running_index

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from layouts import build_repo, load_case, names

from release.project.versions import Version

DATE = "2026-03-04"
LIFECYCLE = [n for n in names() if load_case(n).data.get("lifecycle")]


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def test_enough_layouts_go_through_the_whole_release() -> None:
    assert len(LIFECYCLE) >= 12


@pytest.mark.slow
@pytest.mark.parametrize(  # the release steps run on every Python in test_layouts.py
    "name", once_each("the build-publish-install round trip", LIFECYCLE))
def test_validate_prepare_tag_build_publish_install(name: str, tmp_path: Path) -> None:
    case = load_case(name)
    expect = case.expect
    work = build_repo(case, tmp_path / "repo")
    folder = work / case.project_dir
    if expect.get("changelog") and expect["changelog"] != "CHANGELOG.md":
        assert run_release(folder, "validate").returncode == 0  # found without configuration
    (folder / ".gitignore").write_text("dist/\n")
    git(work, "add", ".gitignore")
    git(work, "commit", "-qm", "ignore dist")
    branch = run_release(folder, "validate", "--format", "json")
    assert branch.returncode == 0, branch.stderr
    assert json.loads(branch.stdout)["state"] == expect["state"]

    prepared = run_release(folder, "prepare", "patch", "--date", DATE, "--commit")
    assert prepared.returncode == 0, prepared.stderr
    ready = run_release(folder, "validate", "--mode", "tag", "--tag", expect["new_tag"])
    assert ready.returncode == 0, ready.stderr
    tagged = run_release(folder, "tag")
    assert tagged.returncode == 0, tagged.stderr
    assert git(work, "tag", "--points-at", "HEAD") == expect["new_tag"]

    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--installer", "uv", "--outdir", str(dist)],
        cwd=folder, capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": git(work, "log", "-1", "--format=%ct"),
             "PIP_CONFIG_FILE": os.devnull})
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    checked = run_release(folder, "validate", "--tag", expect["new_tag"], "--dist", str(dist))
    assert checked.returncode == 0, checked.stderr

    with running_index(tmp_path / "index") as index:
        published = run_release(folder, "publish", "--dist", str(dist), "--repository-url",
                                index.upload_url, env={"PYPI_API_TOKEN": PASSWORD})
        assert published.returncode == 0, published.stderr
        assert len(index.files()) == 2
        env_dir = tmp_path / "venv"  # a fresh environment, by uv (no pip to bootstrap)
        uv = Path(sys.executable).parent / "uv"
        only_local = {**os.environ, "UV_NO_CONFIG": "1", "PIP_CONFIG_FILE": os.devnull}
        subprocess.run([str(uv), "venv", "--quiet", "--python", sys.executable, str(env_dir)],
                       check=True, env=only_local)
        python = env_dir / "bin" / "python"
        project = _name(folder)
        install = subprocess.run(
            [str(uv), "pip", "install", "--quiet", "--no-cache", "--python", str(python),
             "--index-url", index.simple_url, f"{project}=={expect['after_patch_version']}"],
            capture_output=True, text=True, check=False, env=only_local)
        assert install.returncode == 0, install.stderr
    shown = subprocess.run([str(python), "-c", "import importlib.metadata as m, sys; "
                            f"print(m.version({project!r}))"],
                           capture_output=True, text=True, check=True)
    assert Version(shown.stdout.strip()) == Version(expect["after_patch_version"])


def _name(folder: Path) -> str:
    from release.project.pyproject import load

    name = load(folder / "pyproject.toml").name
    assert name is not None
    return name
