"""`release github-release` against the local fake GitHub API: create, complete, re-run.

Draft first, then the missing assets, then publish; an attached asset is compared by
sha256 and never replaced or deleted; running the command again is a no-op.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_release
from fake_github import FakeGitHub, running

pytestmark = pytest.mark.in_process  # table-driven: release.cli.main in-process (conftest.py)

TAG = "v1.4.0"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running() as fake:
        yield fake


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    dist = tmp_path / "dist"
    dist.mkdir()
    made = []
    for name, data in [("sample_project-1.4.0.tar.gz", b"sdist bytes"),
                       ("sample_project-1.4.0-py3-none-any.whl", b"wheel bytes")]:
        (dist / name).write_bytes(data)
        made.append(dist / name)
    sums = tmp_path / "SHA256SUMS"
    sums.write_text("".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
                            for p in made))
    notes = tmp_path / "RELEASE_NOTES.md"
    notes.write_text("### Added\n\n- A feature worth releasing.\n")
    return [*made, sums]


def release(tmp_path: Path, fake: FakeGitHub, files: list[Path], *extra: str, tag: str = TAG,
            token: str | None = None, env: dict[str, str] | None = None
            ) -> tuple[int, str, str]:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_API_URL": fake.url, "GITHUB_REPOSITORY": "o/r",
           "GITHUB_TOKEN": fake.token if token is None else token,
           "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), **(env or {})}
    proc = run_release(tmp_path, "github-release", tag, "--notes-file",
                       str(tmp_path / "RELEASE_NOTES.md"), *extra, *map(str, files), env=env)
    text = proc.stdout + proc.stderr + (summary.read_text() if summary.exists() else "")
    assert fake.token not in text
    return proc.returncode, proc.stdout, proc.stderr


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path.split('?')[0]}" for r in fake.requests if r.method != "GET"]


def test_creates_a_draft_attaches_then_publishes(github: FakeGitHub, files: list[Path],
                                                 tmp_path: Path) -> None:
    code, out, err = release(tmp_path, github, files)
    assert code == 0, err
    assert writes(github) == [
        "POST /repos/o/r/releases",
        "POST /uploads/repos/o/r/releases/101/assets",
        "POST /uploads/repos/o/r/releases/101/assets",
        "POST /uploads/repos/o/r/releases/101/assets",
        "PATCH /repos/o/r/releases/101",
    ]
    created = github.calls("POST", r"/releases$")[0].body
    assert b'"draft": true' in created and b'"prerelease": false' in created
    assert b'"make_latest": "legacy"' in github.calls("PATCH", "/releases/101")[0].body
    published = github.release(TAG)
    assert published["draft"] is False
    assert published["body"] == "### Added\n\n- A feature worth releasing.\n"
    assert github.asset_names(TAG) == sorted(p.name for p in files)
    for asset in published["assets"]:
        path = next(p for p in files if p.name == asset["name"])
        assert asset["digest"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"GitHub Release {TAG}: created https://github.com/o/r/releases/tag/{TAG}" in out
    assert all(r.auth == f"Bearer {github.token}" for r in github.requests)


def test_running_again_changes_nothing(github: FakeGitHub, files: list[Path],
                                       tmp_path: Path) -> None:
    assert release(tmp_path, github, files)[0] == 0
    before = len(writes(github))
    code, out, err = release(tmp_path, github, files)
    assert code == 0, err
    assert len(writes(github)) == before
    assert out.count("kept ") == 3 and f"GitHub Release {TAG}: complete" in out


def test_finishes_an_interrupted_run(github: FakeGitHub, files: list[Path],
                                     tmp_path: Path) -> None:
    github.add_release(TAG, draft=True, body="### Added\n\n- A feature worth releasing.\n",
                       assets={files[0].name: files[0].read_bytes()})
    code, out, err = release(tmp_path, github, files)
    assert code == 0, err
    assert f"kept {files[0].name}" in out
    assert len(github.calls("POST", "/uploads/")) == 2
    assert not github.calls("POST", r"/releases$")
    assert github.release(TAG)["draft"] is False
    assert github.asset_names(TAG) == sorted(p.name for p in files)


def test_completes_a_release_made_by_hand(github: FakeGitHub, files: list[Path],
                                          tmp_path: Path) -> None:
    github.add_release(TAG, body="written by hand")
    code, _, err = release(tmp_path, github, files)
    assert code == 0, err
    assert github.release(TAG)["body"].startswith("### Added")  # the notes are updated
    assert len(github.calls("POST", "/uploads/")) == 3


def test_a_different_asset_is_never_replaced(github: FakeGitHub, files: list[Path],
                                             tmp_path: Path) -> None:
    github.add_release(TAG, assets={files[1].name: b"other wheel bytes"})
    code, _, err = release(tmp_path, github, files)
    assert code == 1
    assert "already has assets that differ from these files; nothing was changed" in err
    assert files[1].name in err and "never replaced" in err
    assert writes(github) == []


def test_an_incomplete_upload_stops_before_any_change(github: FakeGitHub, files: list[Path],
                                                      tmp_path: Path) -> None:
    github.add_release(TAG, draft=True, assets={files[0].name: b"sdi"}, state="starter")
    code, _, err = release(tmp_path, github, files)
    assert code == 1 and "an incomplete upload (state 'starter')" in err
    assert writes(github) == []


def test_assets_without_a_digest_are_downloaded_and_hashed(files: list[Path],
                                                           tmp_path: Path) -> None:
    with running(FakeGitHub(digests=False)) as github:
        github.add_release(TAG, body="### Added\n\n- A feature worth releasing.\n",
                           assets={p.name: p.read_bytes() for p in files})
        code, out, err = release(tmp_path, github, files)
        assert code == 0, err
        assert out.count("kept ") == 3 and writes(github) == []
        downloads = github.calls("GET", "^/download/")
        assert len(downloads) == 3  # redirected to the storage host, another origin
        assert all(d.auth is None and d.host.startswith("localhost") for d in downloads)
        assert all(a.auth for a in github.calls("GET", "^/repos/o/r/releases/assets/"))


def test_an_immutable_release_is_respected(github: FakeGitHub, files: list[Path],
                                           tmp_path: Path) -> None:
    github.add_release(TAG, immutable=True, body="### Added\n\n- A feature worth releasing.\n",
                       assets={files[0].name: files[0].read_bytes()})
    code, _, err = release(tmp_path, github, files)
    assert code == 1 and "published and immutable" in err and writes(github) == []
    with running() as complete:
        complete.add_release(TAG, immutable=True,
                             body="### Added\n\n- A feature worth releasing.\n",
                             assets={p.name: p.read_bytes() for p in files})
        code, _, err = release(tmp_path, complete, files)
        assert code == 0, err
        assert writes(complete) == []


def test_prerelease_follows_the_tag(github: FakeGitHub, files: list[Path],
                                    tmp_path: Path) -> None:
    code, _, err = release(tmp_path, github, files, tag="v1.5.0rc1")
    assert code == 0, err
    assert github.release("v1.5.0rc1")["prerelease"] is True


def test_dry_run_changes_nothing(github: FakeGitHub, files: list[Path], tmp_path: Path) -> None:
    code, out, err = release(tmp_path, github, files, "--dry-run")
    assert code == 0, err
    assert "create draft release v1.4.0" in err and "publish release v1.4.0" in err
    assert f"upload {files[0].name}" in err
    assert writes(github) == [] and "dry run: 5 step(s)" in out


def test_api_failure_is_a_clear_error(github: FakeGitHub, files: list[Path],
                                      tmp_path: Path) -> None:
    github.fail("POST", "/repos/o/r/releases", (500, {"message": "Server Error"}, {}))
    code, _, err = release(tmp_path, github, files)
    assert code == 1 and "the GitHub API: HTTP 500 (Server Error)" in err
    assert "run the same command again" in err and "Traceback" not in err


def test_needs_a_token_and_files(github: FakeGitHub, files: list[Path], tmp_path: Path) -> None:
    code, _, err = release(tmp_path, github, files, token="")
    assert code == 2 and "no GitHub token" in err
    code, _, err = release(tmp_path, github, [tmp_path / "missing.whl"])
    assert code == 2 and "is not a file" in err


# --- the files are the build's: SHA256SUMS first, and the signature bundles alongside ------

@pytest.mark.parametrize("change, expected", [
    (lambda dist: (dist / "sample_project-1.4.0.tar.gz").write_bytes(b"other bytes"),
     "sample_project-1.4.0.tar.gz: sha256 "),
    (lambda dist: (dist / "sample_project-1.4.0-cp312-none-any.whl").write_bytes(b"x"),
     "sample_project-1.4.0-cp312-none-any.whl: not listed in SHA256SUMS"),
], ids=["tampered", "unlisted"])
def test_files_that_differ_from_sha256sums_change_nothing(
        github: FakeGitHub, files: list[Path], tmp_path: Path, change: object,
        expected: str) -> None:
    change(tmp_path / "dist")  # type: ignore[operator]
    given = [*sorted((tmp_path / "dist").iterdir()), tmp_path / "SHA256SUMS"]
    code, _, err = release(tmp_path, github, given)
    assert code == 1
    assert "the files are not the ones the build checked; nothing was changed" in err
    assert expected in err
    assert github.requests == []  # refused before the first API call


def test_a_file_listed_but_not_given_is_refused(github: FakeGitHub, files: list[Path],
                                                tmp_path: Path) -> None:
    code, _, err = release(tmp_path, github, files[1:])
    assert code == 1
    assert "sample_project-1.4.0.tar.gz: listed in SHA256SUMS, but not here" in err
    assert github.requests == []


def test_without_sha256sums_in_ci_nothing_is_changed(github: FakeGitHub, files: list[Path],
                                                     tmp_path: Path) -> None:
    code, _, err = release(tmp_path, github, files[:2])  # GITHUB_ACTIONS=true
    assert code == 1 and "no SHA256SUMS was given" in err and github.requests == []
    code, _, err = release(tmp_path, github, files[:2], "--checksums",
                           str(tmp_path / "SHA256SUMS"))
    assert code == 0, err
    assert "every sdist and wheel matches" in err


def test_signature_bundles_are_attached_beside_the_files(github: FakeGitHub, files: list[Path],
                                                         tmp_path: Path) -> None:
    bundles = []
    for name in ("build-provenance.sigstore.json",
                 "sample_project-1.4.0.tar.gz.publish.attestation"):
        (tmp_path / name).write_text('{"fake": "bundle"}')
        bundles.append(tmp_path / name)
    code, _, err = release(tmp_path, github, [*files, *bundles])
    assert code == 0, err
    assert github.asset_names(TAG) == sorted(p.name for p in [*files, *bundles])


def test_a_rerun_keeps_the_signatures_an_earlier_run_attached(github: FakeGitHub,
                                                             files: list[Path],
                                                             tmp_path: Path) -> None:
    """Re-running the release workflow signs again, with new bytes: the attached signature
    stays (it covers the same files), while a different sdist or wheel still stops the run."""
    bundle = tmp_path / "build-provenance.sigstore.json"
    bundle.write_text('{"run": 1}')
    assert release(tmp_path, github, [*files, bundle])[0] == 0
    bundle.write_text('{"run": 2}')
    code, out, err = release(tmp_path, github, [*files, bundle])
    assert code == 0, err
    assert ("kept build-provenance.sigstore.json (a signature an earlier run attached; the new "
            "one is not attached)") in out
    assert github.blobs[max(a["id"] for a in github.release(TAG)["assets"])] == b'{"run": 1}'
    (tmp_path / "dist" / "sample_project-1.4.0.tar.gz").write_bytes(b"other sdist")
    (tmp_path / "SHA256SUMS").write_text("".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in files[:2]))
    code, _, err = release(tmp_path, github, [*files, bundle])
    assert code == 1 and "already has assets that differ" in err


# --- round 2: URLs from the API, loops, slow and hostile answers ----------------------------


def test_a_next_page_on_another_origin_gets_no_token(github: FakeGitHub, files: list[Path],
                                                     tmp_path: Path) -> None:
    github.fail("GET", "/repos/o/r/releases", (200, [], {
        "Link": f'<{github.other_origin}/repos/o/r/releases?page=2>; rel="next"'}))
    code, _, err = release(tmp_path, github, files)
    assert code == 1 and "on another host" in err and writes(github) == []
    assert not [r for r in github.requests if r.host.startswith("localhost")]


def test_a_release_list_that_points_at_itself_ends(github: FakeGitHub, files: list[Path],
                                                   tmp_path: Path) -> None:
    github.always("GET", "/repos/o/r/releases", (200, [], {
        "Link": f'<{github.url}/repos/o/r/releases?per_page=100&page=2>; rel="next"'}))
    code, _, err = release(tmp_path, github, files)
    assert code == 1 and "lead back to a page already read" in err and writes(github) == []
    assert len(github.calls("GET", "^/repos/o/r/releases$|^/repos/o/r/releases\\?")) == 2


def test_an_asset_url_on_another_origin_is_fetched_without_the_token(files: list[Path],
                                                                     tmp_path: Path) -> None:
    with running(FakeGitHub(digests=False)) as github:
        release_ = github.add_release(TAG, body="### Added\n\n- A feature worth releasing.\n",
                                      assets={p.name: p.read_bytes() for p in files})
        for asset in release_["assets"]:
            asset["url"] = f"{github.other_origin}/download/{asset['id']}"
        code, out, err = release(tmp_path, github, files)
        assert code == 0, err
        assert out.count("kept ") == 3
        assert all(r.auth is None for r in github.requests if r.host.startswith("localhost"))


@pytest.mark.slow
def test_a_dripping_asset_download_ends(files: list[Path], tmp_path: Path) -> None:
    with running(FakeGitHub(digests=False)) as github:
        github.add_release(TAG, body="### Added\n\n- A feature worth releasing.\n",
                           assets={files[0].name: b"x" * 500})
        github.drip["/download/.*"] = 0.2
        code, _, err = release(tmp_path, github, files, env={"RELEASE_NETWORK_TIMEOUT": "2"})
        assert code == 1 and "did not answer within 2 s" in err and writes(github) == []


@pytest.mark.parametrize(("release_", "expected"), [
    ({"id": "../../../user", "tag_name": TAG, "draft": False, "assets": []}, "not a number"),
    ({"id": [1], "tag_name": TAG, "draft": False}, "not a number"),
    ({"id": 1e300, "tag_name": TAG, "draft": False}, "not a number"),
    ({"id": 5, "tag_name": TAG, "draft": True, "upload_url": "http://127.0.0.1:1/x{?name}"},
     "unexpected upload URL"),
])
def test_hostile_release_values_are_clean_errors(github: FakeGitHub, files: list[Path],
                                                 tmp_path: Path, release_: dict[str, object],
                                                 expected: str) -> None:
    github.fail("GET", f"/repos/o/r/releases/tags/{TAG}", (200, release_, {}))
    github.always("GET", r"/repos/o/r/releases/\d+/assets", (200, [], {}))
    code, _, err = release(tmp_path, github, files)
    assert code == 1 and expected in err, err
    assert "internal error" not in err and "Traceback" not in err
    assert writes(github) == []  # refused before any change
    assert not [r for r in github.requests if "/user" in r.path]


def test_names_and_urls_from_the_api_cannot_command_the_runner(files: list[Path],
                                                               tmp_path: Path) -> None:
    hostile = "x\r::error::forged\x1b]0;title\x07\u202e"
    with running() as github:
        made = github.add_release(TAG, body="### Added\n\n- A feature worth releasing.\n",
                                  assets={p.name: p.read_bytes() for p in files})
        github._attach(made, f"extra{hostile}.txt", b"e")
        made["html_url"] = f"https://github.com/o/r/releases/{hostile}"
        code, out, err = release(tmp_path, github, files)
    assert code == 0, err
    shown = out + err + (tmp_path / "summary.md").read_text()
    lines = shown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert not [line for line in lines if line.lstrip().startswith("::") or "##[" in line]
    assert "\x1b" not in shown and "\u202e" not in shown and "\\x1b]0;title" in shown
