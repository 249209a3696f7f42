"""`release publish` / `nox -s publish` logic against a real local index (pypiserver).

Every test builds real distributions with `python -m build` and talks to pypiserver on
127.0.0.1 over HTTP; nothing leaves this machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Sample, make_sample, run_release
from pypi_server import PASSWORD, Index, running_index

pytestmark = pytest.mark.slow

TOKEN_ENV = {"PYPI_API_TOKEN": PASSWORD}


def build(sample: Sample, out: Path | None = None) -> Path:
    dist = out or sample.path / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    epoch = sample.git("log", "-1", "--format=%ct")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--installer", "uv", "--outdir", str(dist)],
        cwd=sample.path, capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return dist


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tagged sample project with its dist/ built once for the module."""
    sample = make_sample(tmp_path_factory.mktemp("built") / "p")
    sample.write(".gitignore", "dist/\n")
    sample.commit("ignore dist")
    sample.tag("v1.4.0")
    build(sample)
    return sample.path


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Sample:
    target = tmp_path / "p"
    shutil.copytree(built, target, symlinks=True)
    return Sample(target)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[Index]:
    with running_index(tmp_path / "index") as server:
        yield server


def publish(sample: Sample, index: Index, *extra: str, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return sample.release("publish", "--repository-url", index.upload_url, *extra,
                          env={**TOKEN_ENV, **(env or {})})


def test_publish_then_install_from_the_index(project: Sample, index: Index, tmp_path: Path
                                             ) -> None:
    proc = publish(project, index)
    assert proc.returncode == 0, proc.stderr
    assert index.files() == ["sample_project-1.4.0-py3-none-any.whl",
                             "sample_project-1.4.0.tar.gz"]
    assert "uploaded sample_project-1.4.0.tar.gz" in proc.stdout
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-cache-dir", "--index-url",
         index.simple_url, "sample-project==1.4.0"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
    )
    assert install.returncode == 0, install.stderr
    shown = subprocess.run([str(python), "-c", "import importlib.metadata as m; "
                            "print(m.version('sample-project'))"],
                           capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "1.4.0"


def test_second_publish_is_a_green_no_op(project: Sample, index: Index) -> None:
    assert publish(project, index).returncode == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()}
    again = publish(project, index)
    assert again.returncode == 0, again.stderr
    assert "skipped sample_project-1.4.0.tar.gz (already on the index, identical)" in again.stdout
    assert "uploaded" not in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()} == stamps


def test_publish_finishes_a_half_done_release(project: Sample, index: Index) -> None:
    shutil.copy(project.path / "dist" / "sample_project-1.4.0.tar.gz", index.packages)
    proc = publish(project, index)
    assert proc.returncode == 0, proc.stderr
    assert "skipped sample_project-1.4.0.tar.gz" in proc.stdout
    assert "uploaded sample_project-1.4.0-py3-none-any.whl" in proc.stdout


def test_a_rebuilt_file_with_other_content_is_refused(project: Sample, index: Index) -> None:
    assert publish(project, index).returncode == 0
    project.write("sample_project/extra.py", "X = 1\n")
    project.commit("changed after the release")
    project.git("tag", "-f", "-a", "v1.4.0", "-m", "moved for the test")
    build(project)
    proc = publish(project, index)
    assert proc.returncode == 1
    assert "same name and different content; nothing was uploaded" in proc.stderr


def test_wrong_password_gives_remediation_and_no_secret(project: Sample, index: Index) -> None:
    wrong = "pypi-WRONG-token-0123456789abcdefghijklmnop"
    proc = publish(project, index, env={"PYPI_API_TOKEN": wrong})
    assert proc.returncode == 1
    assert "refused the credentials" in proc.stderr and "PYPI_API_TOKEN" in proc.stderr
    assert wrong not in proc.stdout + proc.stderr
    assert index.files() == []


def test_no_credentials_stops_before_any_upload(project: Sample, index: Index) -> None:
    proc = project.release("publish", "--repository-url", index.upload_url)
    assert proc.returncode == 1
    assert "no credentials" in proc.stderr and "Add a new publisher" in proc.stderr
    assert "release.yml" in proc.stderr and "environment name `pypi`" in proc.stderr
    assert index.files() == []


def test_dry_run_names_files_target_and_credentials(project: Sample, index: Index) -> None:
    proc = publish(project, index, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "sample_project-1.4.0.tar.gz: upload" in proc.stderr
    assert "API token from $PYPI_API_TOKEN" in proc.stderr
    assert index.upload_url in proc.stderr
    assert index.files() == []


def test_only_this_versions_files_are_uploaded(project: Sample, index: Index) -> None:
    (project.path / "dist" / "notes.txt").write_text("not a distribution\n")
    proc = publish(project, index)
    assert proc.returncode == 0, proc.stderr
    assert "notes.txt" not in " ".join(index.files())


def test_a_stale_file_in_dist_stops_the_run(project: Sample, index: Index) -> None:
    stale = project.path / "dist" / "sample_project-1.3.0-py3-none-any.whl"
    shutil.copy(project.path / "dist" / "sample_project-1.4.0-py3-none-any.whl", stale)
    # Same metadata inside, but a second wheel for the same tag is fine; a different
    # version inside is not: rewrite one as a fake older wheel.
    import zipfile
    stale.unlink()
    with zipfile.ZipFile(stale, "w") as archive:
        archive.writestr("sample_project-1.3.0.dist-info/METADATA",
                         "Metadata-Version: 2.1\nName: sample_project\nVersion: 1.3.0\n")
    proc = publish(project, index)
    assert proc.returncode == 1 and "validation failed; nothing was uploaded" in proc.stderr
    assert index.files() == []


def test_server_gone_gives_a_clear_error(project: Sample, index: Index) -> None:
    index.stop()
    proc = publish(project, index)
    assert proc.returncode == 1
    assert "cannot reach the package index" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_secret_anywhere_on_any_path(project: Sample, index: Index, tmp_path: Path) -> None:
    token = "pypi-DISTINCTIVE-fake-token-9f8e7d6c5b4a39281706"
    summary = tmp_path / "summary.md"
    gha = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    outputs = []
    for extra, env in [((), {}), (("--dry-run",), {}), ((), gha), (("--dry-run",), gha)]:
        proc = project.release("publish", "--repository-url", index.upload_url, *extra,
                               env={"PYPI_API_TOKEN": token, **env})
        outputs.append(proc.stdout + proc.stderr)
    index.stop()
    proc = project.release("publish", "--repository-url", index.upload_url,
                           env={"PYPI_API_TOKEN": token, **gha})
    outputs.append(proc.stdout + proc.stderr)
    for text in outputs:
        # Under GitHub Actions the one allowed appearance is the ::add-mask:: command,
        # which the runner consumes and never shows.
        assert token not in text.replace(f"::add-mask::{token}", "")
    assert token not in summary.read_text()


def test_checksums_file_is_sha256sum_compatible(project: Sample, tmp_path: Path) -> None:
    out = tmp_path / "SHA256SUMS"
    proc = run_release(project.path, "checksums", "dist", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    check = subprocess.run(["sha256sum", "-c", str(out)], cwd=project.path / "dist",
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0 and check.stdout.count(": OK") == 2
    inside = run_release(project.path, "checksums", "dist", "--output", "dist/SHA256SUMS")
    assert inside.returncode == 2 and "twine rejects" in inside.stderr


def test_two_builds_of_one_commit_are_identical(project: Sample, tmp_path: Path) -> None:
    first = build(project, tmp_path / "one")
    second = build(project, tmp_path / "two")
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_full_lifecycle_through_the_commands(tmp_path: Path, index: Index) -> None:
    """prepare -> tag -> validate (tag mode) -> build -> validate --dist -> publish -> install."""
    from test_prepare import UNRELEASED

    sample = make_sample(tmp_path / "life", version="1.3.0", changelog=UNRELEASED)
    sample.write(".gitignore", "dist/\n")
    sample.commit("ignore dist")
    steps = [
        ("prepare", "1.4.0", "--commit"),
        ("tag",),
        ("validate", "--mode", "tag", "--tag", "v1.4.0"),
    ]
    for step in steps:
        proc = sample.release(*step)
        assert proc.returncode == 0, (step, proc.stderr)
    build(sample)
    gha = {"GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v1.4.0"}
    assert sample.release("validate", "--dist", "dist", env=gha).returncode == 0
    proc = sample.release("publish", "--repository-url", index.upload_url, env={**TOKEN_ENV, **gha})
    assert proc.returncode == 0, proc.stderr
    assert index.files() == ["sample_project-1.4.0-py3-none-any.whl", "sample_project-1.4.0.tar.gz"]
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         "--index-url", index.simple_url, "sample-project==1.4.0"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
    )
    assert install.returncode == 0, install.stderr
    assert (target / "sample_project-1.4.0.dist-info").is_dir()
