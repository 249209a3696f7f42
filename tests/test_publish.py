"""`release publish` / `nox -s publish` logic against a real local index (pypiserver).

Every test builds real distributions with `python -m build` and talks to pypiserver on
127.0.0.1 over HTTP; nothing leaves this machine.
"""

from __future__ import annotations

import json
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
PYPI = "https://upload.pypi.org/legacy/"


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
    """A local index: the remediation is about that index, never pypi.org."""
    proc = project.release("publish", "--repository-url", index.upload_url)
    assert proc.returncode == 1
    assert f"no credentials for uploading to {index.upload_url}" in proc.stderr
    assert "PYPI_API_TOKEN" in proc.stderr and "`user:password@`" in proc.stderr
    assert "pypi.org" not in proc.stderr and "Add a new publisher" not in proc.stderr
    assert index.files() == []


@pytest.mark.parametrize(("url", "account"), [
    ("https://upload.pypi.org/legacy/", "https://pypi.org"),
    ("https://test.pypi.org/legacy/", "https://test.pypi.org"),
])
def test_no_credentials_for_pypi_points_at_its_publisher_and_token_pages(url: str,
                                                                        account: str) -> None:
    from release.outside.credentials import remediation

    text = remediation(url, "sample-project")
    assert "Add a new publisher" in text and "Add a new pending publisher" in text
    assert "release.yml" in text and "environment name `pypi`" in text
    assert f"{account}/manage/account/token/" in text and "Environment secrets" in text


def test_a_missing_twine_names_the_environment_to_install_it_into(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from release.commands import publish as module
    from release.errors import PublishError

    monkeypatch.setattr(module, "run_tool", lambda *a, **k: (1, "python: No module named twine"))
    step = module.Upload(tmp_path / "sample_project-1.4.0.tar.gz", "http://127.0.0.1:1/")
    result = module.PublishResult("sample-project", "1.4.0", step.url,
                                  module.Credentials(module.TOKEN_VARIABLE), [], [], False)
    with pytest.raises(PublishError) as caught:
        module._upload(step, {}, result.credentials, [], lambda _: None, result, dict)
    assert caught.value.message == "twine is not installed; nothing was uploaded"
    assert f"{sys.executable} -m pip install 'twine>=6.1'" in caught.value.hint
    assert "run `nox -s publish`" not in caught.value.hint


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


# --- trusted publishing and PEP 740 attestations (simulated GitHub Actions OIDC) ----------

FAKES = Path(__file__).parent / "fakes"
OIDC = {"GITHUB_ACTIONS": "true", "ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:9/token",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "fake-request-token"}


def trusted_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A GitHub Actions job with id-token: write, the Sigstore signer faked (no network), and
    the local index's password in a keyring (PyPI alone would exchange the OIDC token)."""
    return {**OIDC, "PYTHONPATH": str(FAKES), "PYTHON_KEYRING_BACKEND": "fake_keyring.IndexKeyring",
            "FAKE_KEYRING_PASSWORD": PASSWORD, "FAKE_ATTESTATIONS_LOG": str(tmp_path / "signed.log"),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), **extra}


def signed(tmp_path: Path) -> list[dict[str, object]]:
    log = tmp_path / "signed.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_trusted_publishing_signs_and_uploads_attestations(project: Sample, index: Index,
                                                           tmp_path: Path) -> None:
    before = project.snapshot()
    proc = project.release("publish", "--repository-url", index.upload_url,
                           env=trusted_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert index.files() == ["sample_project-1.4.0-py3-none-any.whl",
                             "sample_project-1.4.0.tar.gz"]
    assert "credentials: trusted publishing" in proc.stderr
    assert "attestations: yes" in proc.stderr
    calls = signed(tmp_path)
    assert len(calls) == 1  # one signing run for every file to upload
    assert [Path(f).name for f in calls[0]["files"]] == [
        "sample_project-1.4.0-py3-none-any.whl", "sample_project-1.4.0.tar.gz"]
    assert calls[0]["oidc"] is True and calls[0]["secrets_seen"] == []
    for name in ("sample_project-1.4.0-py3-none-any.whl", "sample_project-1.4.0.tar.gz"):
        assert f"twine upload --attestations {name} {name}.publish.attestation" in proc.stderr
        assert f"attestation {name}.publish.attestation" in proc.stderr
        assert f"uploaded {name} with its attestation" in proc.stdout
    # twine received --attestations with the files (it warns that only PyPI uses them).
    assert "Only PyPI and TestPyPI support attestations" in proc.stderr
    assert project.snapshot() == before  # signed in a scratch folder; dist/ stays as built
    summary = (tmp_path / "summary.md").read_text()
    assert "| `sample_project-1.4.0.tar.gz` | uploaded | yes |" in summary


def test_trusted_publishing_wins_over_a_token_and_a_rerun_signs_nothing(
        project: Sample, index: Index, tmp_path: Path) -> None:
    token = "pypi-UNUSED-token-for-this-test-0123456789"
    env = trusted_env(tmp_path, PYPI_API_TOKEN=token)
    proc = project.release("publish", "--repository-url", index.upload_url,
                           "--credentials", "trusted-publishing", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "PYPI_API_TOKEN is set but not used: trusted publishing comes first" in proc.stderr
    assert signed(tmp_path)[0]["secrets_seen"] == []  # the token reaches no child process
    assert token not in (proc.stdout + proc.stderr).replace(f"::add-mask::{token}", "")
    again = project.release("publish", "--repository-url", index.upload_url,
                            "--credentials", "trusted-publishing", env=env)
    assert again.returncode == 0, again.stderr
    assert "uploaded" not in again.stdout and len(signed(tmp_path)) == 1


def test_a_token_upload_never_sends_attestations(project: Sample, index: Index,
                                                 tmp_path: Path) -> None:
    for extra, env in [((), {**trusted_env(tmp_path), **TOKEN_ENV,
                             "ACTIONS_ID_TOKEN_REQUEST_URL": ""}),
                       (("--credentials", "token"), {**trusted_env(tmp_path), **TOKEN_ENV})]:
        for path in index.packages.iterdir():
            path.unlink()
        proc = project.release("publish", "--repository-url", index.upload_url, *extra, env=env)
        assert proc.returncode == 0, proc.stderr
        assert "credentials: API token from $PYPI_API_TOKEN" in proc.stderr
        assert "attestations: no: PEP 740 attestations need trusted publishing" in proc.stderr
        assert "--attestations" not in proc.stderr and "with its attestation" not in proc.stdout
        assert len(index.files()) == 2
    assert signed(tmp_path) == []


def test_dry_run_says_whether_attestations_are_made(project: Sample, index: Index,
                                                    tmp_path: Path) -> None:
    proc = project.release("publish", "--repository-url", index.upload_url, "--dry-run",
                           env=trusted_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "attestations: yes: one PEP 740 attestation per uploaded file" in proc.stderr
    assert ("would run: pypi-attestations sign sample_project-1.4.0-py3-none-any.whl "
            "sample_project-1.4.0.tar.gz -> sample_project-1.4.0-py3-none-any.whl"
            ".publish.attestation, sample_project-1.4.0.tar.gz.publish.attestation") in proc.stderr
    assert ("would run: twine upload --attestations sample_project-1.4.0.tar.gz "
            "sample_project-1.4.0.tar.gz.publish.attestation") in proc.stderr
    assert "attestations: yes" in proc.stdout
    proc = project.release("publish", "--repository-url", index.upload_url, "--dry-run",
                           "--no-attestations", env=trusted_env(tmp_path))
    assert "attestations: no (--no-attestations)" in proc.stderr
    assert "would run: twine upload sample_project-1.4.0.tar.gz" in proc.stderr
    assert signed(tmp_path) == [] and index.files() == []


def test_a_signing_failure_uploads_nothing(project: Sample, index: Index, tmp_path: Path) -> None:
    proc = project.release("publish", "--repository-url", index.upload_url,
                           env=trusted_env(tmp_path, FAKE_ATTESTATIONS_FAIL="1"))
    assert proc.returncode == 1
    assert "could not sign the PEP 740 attestations (exit 1); nothing was uploaded" in proc.stderr
    assert "--no-attestations" in proc.stderr
    assert index.files() == []


def test_credentials_in_the_url_are_used_and_never_shown(project: Sample, index: Index,
                                                         tmp_path: Path) -> None:
    url = index.upload_url.replace("http://", f"http://__token__:{PASSWORD}@")
    summary = tmp_path / "summary.md"
    for extra in (("--dry-run",), ()):
        proc = project.release("publish", "--repository-url", url, *extra,
                               env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
        assert proc.returncode == 0, proc.stderr
        assert "user __token__ and password from the repository URL" in proc.stderr
        assert PASSWORD not in (proc.stdout + proc.stderr).replace(f"::add-mask::{PASSWORD}", "")
    assert len(index.files()) == 2 and PASSWORD not in summary.read_text()


@pytest.mark.parametrize("env, url, choice, source, note", [
    ({}, PYPI, "auto", "none", ""),
    (TOKEN_ENV, PYPI, "auto", "PYPI_API_TOKEN", ""),
    (OIDC, PYPI, "auto", "trusted publishing", ""),
    ({**OIDC, **TOKEN_ENV}, PYPI, "auto", "trusted publishing", "is set but not used"),
    ({**OIDC, **TOKEN_ENV}, PYPI, "token", "PYPI_API_TOKEN", ""),
    ({**OIDC, **TOKEN_ENV}, "http://127.0.0.1:1/", "auto", "PYPI_API_TOKEN",
     "only PyPI and TestPyPI support it"),
    (OIDC, "http://127.0.0.1:1/", "auto", "trusted publishing", "keyring or ~/.pypirc"),
    ({**OIDC, "ACTIONS_ID_TOKEN_REQUEST_TOKEN": ""}, PYPI, "auto", "none", ""),
    ({**OIDC, **TOKEN_ENV}, "https://u:p@example.invalid/", "auto", "repository URL", ""),
], ids=["nothing", "token", "oidc", "oidc-and-token", "token-asked", "oidc-other-index",
        "oidc-other-index-no-token", "no-id-token-permission", "url-credentials"])
def test_credentials_precedence(env: dict[str, str], url: str, choice: str, source: str,
                                note: str) -> None:
    from release.outside.credentials import find_credentials

    found = find_credentials(env, url, choice)
    assert found.source == source
    assert note in " ".join(found.notes)


def test_planned_commands_per_credentials(tmp_path: Path) -> None:
    from release.commands.publish import Decision, plan_steps
    from release.outside.tools import Sign, Upload
    from release.project.distfiles import Artifact

    decisions = [Decision(Artifact(tmp_path / n, "wheel", "p", "1", "2.4"), "0" * 64, action)
                 for n, action in [("p-1-py3-none-any.whl", "upload"), ("p-1.tar.gz", "skip")]]
    steps = plan_steps(decisions, PYPI, True, tmp_path / "scratch")
    assert isinstance(steps[0], Sign) and isinstance(steps[1], Upload) and len(steps) == 2
    assert steps[0].argv()[1:] == ["-m", "pypi_attestations", "sign",
                                   str(tmp_path / "scratch" / "p-1-py3-none-any.whl")]
    assert steps[1].argv()[-3:] == [
        "--attestations", str(tmp_path / "scratch" / "p-1-py3-none-any.whl"),
        str(tmp_path / "scratch" / "p-1-py3-none-any.whl.publish.attestation")]
    token_steps = plan_steps(decisions, PYPI, False, tmp_path / "scratch")
    assert [type(s) for s in token_steps] == [Upload]
    assert "--attestations" not in token_steps[0].argv()
    assert token_steps[0].argv()[-1] == str(tmp_path / "p-1-py3-none-any.whl")


# --- the upload response decides; the index may lag behind it ------------------------------

def test_confirm_waits_a_bounded_time_for_a_slow_index() -> None:
    from release.commands.publish import confirm
    from release.outside.index import Listing

    sleeps: list[float] = []
    answers = iter([Listing({}, "JSON API"), Listing({}, "JSON API"),
                    Listing({"a.whl": "1" * 64}, "JSON API")])
    missing, source = confirm({"a.whl": "1" * 64}, lambda: next(answers), 5, 2.0, sleeps.append)
    assert missing == [] and source == "JSON API" and sleeps == [2.0, 4.0]
    sleeps.clear()
    missing, _ = confirm({"a.whl": "1" * 64}, lambda: Listing({}, "JSON API"), 4, 1.0,
                         sleeps.append)
    assert missing == ["a.whl"] and sleeps == [1.0, 2.0, 3.0]


def test_confirm_refuses_a_different_file() -> None:
    from release.commands.publish import confirm
    from release.errors import PublishError
    from release.outside.index import Listing

    with pytest.raises(PublishError, match="same name and different content"):
        confirm({"a.whl": "1" * 64}, lambda: Listing({"a.whl": "2" * 64}, "simple index"), 3,
                0.0, lambda _: None)


def test_a_lagging_index_is_a_warning_not_a_failed_release(
        project: Sample, index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index keeps showing the state from before the upload (a CDN cache)."""
    import release.outside.index
    from release.commands.publish import PublishOptions, run_publish

    real = release.outside.index.release_files
    stale = real(index.upload_url, "sample-project", "1.4.0")
    monkeypatch.setattr(release.outside.index, "release_files", lambda *a, **k: stale)
    lines: list[str] = []
    result = run_publish(PublishOptions(repo=project.path, repository_url=index.upload_url,
                                        confirm_attempts=3, confirm_delay=0.01),
                         {**os.environ, **TOKEN_ENV}, lines.append)
    assert sorted(result.uploaded) == ["sample_project-1.4.0-py3-none-any.whl",
                                       "sample_project-1.4.0.tar.gz"]
    assert len(index.files()) == 2
    assert len(result.warnings) == 1
    message, hint = result.warnings[0]
    assert "does not list" in message and "although it accepted the upload" in message
    assert "CDN" in hint


def test_already_there_at_upload_time_is_resolved_by_digest(
        project: Sample, index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-check missed files the index had (stale): the upload's "already exists"
    answer is resolved by comparing sha256, and the run stays green."""
    import release.outside.index
    from release.commands.publish import PublishOptions, run_publish
    from release.outside.index import Listing

    assert publish(project, index).returncode == 0
    real = release.outside.index.release_files
    calls = []

    def lagging(*args: object, **kwargs: object) -> Listing:
        calls.append(kwargs.get("fresh"))
        return Listing({}, "JSON API") if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(release.outside.index, "release_files", lagging)
    lines: list[str] = []
    try:
        result = run_publish(PublishOptions(repo=project.path, repository_url=index.upload_url),
                             {**os.environ, **TOKEN_ENV}, lines.append)
    finally:
        print("\n".join(lines))
    assert result.uploaded == []
    assert sorted(result.found_at_upload) == ["sample_project-1.4.0-py3-none-any.whl",
                                              "sample_project-1.4.0.tar.gz"]
