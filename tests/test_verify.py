"""`release verify`: the index and the GitHub Release read back against SHA256SUMS.

The listing is checked against a real pypiserver after a real `release publish`; PEP 740
provenance against a small local index that serves provenance objects the way PyPI's
Integrity API does (pypiserver has none); the GitHub Release against the local stand-in for
the GitHub API. Signatures go through the real pypi-attestations and Sigstore: offline, the
trust root cannot be fetched, and verify must say so and fail.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import Sample, run_release
from fake_github import FakeGitHub, running
from pypi_server import Index, serve_in_thread
from test_publish import (  # noqa: F401 - fixtures
    SDIST,
    TOKEN_ENV,
    WHEEL,
    built,
    index,
    project,
    publish,
)

pytestmark = pytest.mark.slow

REPO = "o/r"


def verify(where: Path, *args: str, env: dict[str, str] | None = None
           ) -> tuple[int, str, str]:
    proc = run_release(where, "verify", *args,
                       env={"GITHUB_REPOSITORY": REPO, **(env or {})})
    assert "Traceback" not in proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


# --- the listing, against a real pypiserver ---------------------------------------------------

def test_publish_then_verify_passes(project: Sample, index: Index) -> None:  # noqa: F811
    assert publish(project, index).returncode == 0
    code, out, err = verify(project.path, "--repository-url", index.upload_url,
                            "--provenance", "skip")
    assert code == 0, err
    assert f"ok   index      {WHEEL}: sha256 matches (index (simple index))" in out
    assert "note: provenance: not checked (--provenance skip)" in out
    assert ("release verify: the index serves exactly the 2 file(s) of sample-project 1.4.0 "
            "that SHA256SUMS lists") in out
    code, out, err = verify(project.path, "1.4.0", "--repository-url", index.upload_url,
                            "--provenance", "skip")
    assert code == 0, err
    # pypiserver has no PEP 740 provenance: the default check fails, and says why.
    code, out, err = verify(project.path, "--repository-url", index.upload_url,
                            "--provenance", "present")
    assert code == 1
    assert f"FAIL provenance {SDIST}: the index has no PEP 740 provenance for it" in out
    assert "for an index without PEP 740 use --provenance skip" in err


def _replace(packages: Path) -> str:
    (packages / WHEEL).write_bytes(b"other bytes under the same name")
    return f"FAIL index      {WHEEL}: the index serves sha256 "


def _delete(packages: Path) -> str:
    (packages / SDIST).unlink()
    return f"FAIL index      {SDIST}: not on the index"


def _extra(packages: Path) -> str:
    extra = "sample_project-1.4.0-py3-none-manylinux1_x86_64.whl"
    shutil.copy(packages / WHEEL, packages / extra)
    return f"FAIL index      {extra}: on the index, but not in SHA256SUMS"


@pytest.mark.parametrize("change", [_replace, _delete, _extra],
                         ids=["replaced", "deleted", "extra"])
def test_a_served_file_that_differs_fails(project: Sample, index: Index,  # noqa: F811
                                          change: Any) -> None:
    assert publish(project, index).returncode == 0
    expected = change(index.packages)
    code, out, err = verify(project.path, "--repository-url", index.upload_url,
                            "--provenance", "skip")
    assert code == 1
    assert expected in out
    assert "do not hold" in err and "yank the release" in err


def test_other_versions_on_the_index_are_not_extra(project: Sample, index: Index  # noqa: F811
                                                   ) -> None:
    assert publish(project, index).returncode == 0
    (index.packages / "sample_project-1.3.0.tar.gz").write_bytes(b"an older release")
    code, _, err = verify(project.path, "--repository-url", index.upload_url,
                          "--provenance", "skip")
    assert code == 0, err


@pytest.mark.parametrize("args, message", [
    (("--checksums", "nowhere/SHA256SUMS"), "nowhere/SHA256SUMS does not exist"),
    (("1.4.1",), "SHA256SUMS lists the files of sample-project 1.4.0, not 1.4.1"),
])
def test_bad_input_is_a_clear_error(project: Sample, index: Index, args: tuple[str, ...],  # noqa: F811
                                    message: str) -> None:
    code, _, err = verify(project.path, *args, "--repository-url", index.upload_url,
                          "--provenance", "skip")
    assert code == 1 and message in err


def test_a_file_not_listed_yet_is_asked_again_within_wait(
        project: Sample, index: Index) -> None:  # noqa: F811
    code, _, err = verify(project.path, "--repository-url", index.upload_url,
                          "--provenance", "skip", "--wait", "6")
    assert code == 1
    assert "not listed yet" in err or "yet; asking again in 5 s (--wait)" in err


# --- PEP 740 provenance, from an index that serves it -----------------------------------------

@dataclass
class ProvenanceIndex:
    """PyPI's JSON API and Integrity API for one release, from memory."""

    project: str
    version: str
    files: dict[str, str]
    provenance: dict[str, Any] = field(default_factory=dict)
    url: str = ""

    @property
    def upload_url(self) -> str:
        return self.url + "/legacy/"

    def answer(self, path: str) -> tuple[int, Any]:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if parts[:1] == ["pypi"] and len(parts) == 4 and parts[3] == "json":
            return 200, {"urls": [{"filename": n, "digests": {"sha256": d}}
                                  for n, d in self.files.items()]}
        if parts[:1] == ["integrity"] and len(parts) == 5 and parts[4] == "provenance":
            found = self.provenance.get(parts[3])
            return (200, found) if found is not None else (404, {"message": "Not Found"})
        return 404, {"message": "Not Found"}


@contextlib.contextmanager
def serving(fake: ProvenanceIndex) -> Iterator[ProvenanceIndex]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, data = fake.answer(self.path)
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    serve_in_thread(server)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def forged_attestation(name: str, digest: str) -> dict[str, Any]:
    """A PEP 740 attestation in the right shape, signed by a self-made certificate: nobody
    but Sigstore's CA can make one that verifies."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forger")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(minutes=5))
            .sign(key, hashes.SHA256()))
    statement = json.dumps({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": name, "digest": {"sha256": digest}}],
        "predicateType": "https://docs.pypi.org/attestations/publish/v1", "predicate": {},
    }).encode()
    signature = key.sign(statement, ec.ECDSA(hashes.SHA256()))
    return {
        "version": 1,
        "verification_material": {
            "certificate": base64.b64encode(cert.public_bytes(serialization.Encoding.DER))
            .decode(),
            "transparency_entries": [{"logIndex": "1", "kindVersion": {"kind": "dsse",
                                                                       "version": "0.0.1"}}],
        },
        "envelope": {"statement": base64.b64encode(statement).decode(),
                     "signature": base64.b64encode(signature).decode()},
    }


def provenance_of(name: str, digest: str, repository: str = REPO,
                  workflow: str = "release.yml") -> dict[str, Any]:
    return {"version": 1, "attestation_bundles": [{
        "publisher": {"kind": "GitHub", "repository": repository, "workflow": workflow,
                      "environment": "pypi"},
        "attestations": [forged_attestation(name, digest)],
    }]}


@pytest.fixture
def release_dir(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A SHA256SUMS for two files (no sources: verify needs none)."""
    files = {SDIST: hashlib.sha256(b"sdist").hexdigest(),
             WHEEL: hashlib.sha256(b"wheel").hexdigest()}
    (tmp_path / "SHA256SUMS").write_text("".join(f"{d}  {n}\n" for n, d in files.items()))
    return tmp_path, files


@pytest.mark.parametrize("setup, mode, fails_with", [
    ("both", "present", ""),
    ("sdist-only", "present", f"FAIL provenance {WHEEL}: the index has no PEP 740 provenance"),
    ("other-repo", "present", f"FAIL provenance {SDIST}: its provenance names GitHub "
     "someone/else/.github/workflows/release.yml, not o/r/.github/workflows/release.yml"),
    ("other-workflow", "present", "names GitHub o/r/.github/workflows/publish.yml, not "),
    ("both", "skip", ""),
], ids=["present", "missing", "other-repository", "other-workflow", "skipped"])
def test_provenance_present_missing_or_naming_another_repository(
        release_dir: tuple[Path, dict[str, str]], setup: str, mode: str, fails_with: str
        ) -> None:
    where, files = release_dir
    fake = ProvenanceIndex("sample-project", "1.4.0", dict(files))
    for name, digest in files.items():
        if setup == "sdist-only" and name == WHEEL:
            continue
        fake.provenance[name] = provenance_of(
            name, digest, repository="someone/else" if setup == "other-repo" else REPO,
            workflow="publish.yml" if setup == "other-workflow" else "release.yml")
    with serving(fake):
        code, out, err = verify(where, "--repository-url", fake.upload_url,
                                "--provenance", mode)
    if fails_with:
        assert code == 1 and fails_with in out, out + err
    else:
        assert code == 0, out + err
        if mode == "present":
            assert (f"ok   provenance {SDIST}: PEP 740 provenance from "
                    "o/r/.github/workflows/release.yml") in out
            assert "note: signatures: not checked (--provenance present)" in out


def test_a_monorepo_package_names_its_own_workflow(release_dir: tuple[Path, dict[str, str]]
                                                  ) -> None:
    """release init names a package's workflow release-<package>.yml; its verify job says so
    with --workflow, and provenance from release.yml is then someone else's."""
    where, files = release_dir
    fake = ProvenanceIndex("sample-project", "1.4.0", dict(files))
    for name, digest in files.items():
        fake.provenance[name] = provenance_of(name, digest, workflow="release-sample.yml")
    with serving(fake):
        code, out, err = verify(where, "--repository-url", fake.upload_url,
                                "--provenance", "present")
        assert code == 1 and "not o/r/.github/workflows/release.yml" in out, out + err
        code, out, err = verify(where, "--repository-url", fake.upload_url,
                                "--provenance", "present", "--workflow", "release-sample.yml")
    assert code == 0, out + err
    assert ("PEP 740 provenance from o/r/.github/workflows/release-sample.yml") in out


def test_signatures_are_never_passed_unchecked(release_dir: tuple[Path, dict[str, str]]
                                               ) -> None:
    """The default checks each attestation with pypi-attestations. Without Sigstore's trust
    root (offline) that cannot happen: verify says so and fails; where the trust root can be
    fetched, the forged attestation does not verify. It never passes."""
    where, files = release_dir
    fake = ProvenanceIndex("sample-project", "1.4.0", dict(files),
                           {n: provenance_of(n, d) for n, d in files.items()})
    with serving(fake):
        code, out, err = verify(where, "--repository-url", fake.upload_url)
    assert code == 1
    assert (f"FAIL signature  {SDIST}: not verified: Sigstore's trust root could not be "
            "reached" in out) or "the signature does not verify" in out, out
    assert "--provenance present" in err


def test_a_forged_attestation_does_not_verify() -> None:
    """With the trust root Sigstore ships (no network), a self-signed attestation fails."""
    from release.outside import attestations

    digest = hashlib.sha256(b"wheel").hexdigest()
    problem = attestations.verify(forged_attestation(WHEEL, digest), WHEEL, digest, REPO,
                                  "release.yml", offline=True)
    assert problem is not None and problem.startswith(("the signature does not verify",
                                                       "the signature cannot be checked"))
    assert attestations.verify({"version": 1}, WHEEL, digest, REPO, "release.yml") \
        .startswith("not a PEP 740 attestation")


# --- the GitHub Release -----------------------------------------------------------------------

@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running() as fake:
        yield fake


def _assets(files: dict[str, str], sums: bytes) -> dict[str, bytes]:
    return {SDIST: b"sdist", WHEEL: b"wheel", "SHA256SUMS": sums,
            "build-provenance.sigstore.json": b'{"bundle": 1}',
            f"{WHEEL}.publish.attestation": b'{"version": 1}'}


@pytest.mark.parametrize("change, fails_with", [
    (None, ""),
    (lambda a: a.pop("build-provenance.sigstore.json"),
     "FAIL github     signatures: no signature bundle attached to release v1.4.0"),
    (lambda a: a.update({"notes.txt": b"?"}),
     "FAIL github     notes.txt: attached to release v1.4.0, but not a file of this release"),
    (lambda a: a.update({WHEEL: b"other"}), f"FAIL github     {WHEEL}: attached with sha256 "),
    (lambda a: a.pop(SDIST), f"FAIL github     {SDIST}: not attached to release v1.4.0"),
], ids=["complete", "unsigned", "extra", "different", "missing"])
def test_the_github_release_holds_the_same_files_and_a_signature(
        release_dir: tuple[Path, dict[str, str]], github: FakeGitHub, change: Any,
        fails_with: str) -> None:
    where, files = release_dir
    assets = _assets(files, (where / "SHA256SUMS").read_bytes())
    if change is not None:
        change(assets)
    github.add_release("v1.4.0", assets=assets)
    fake = ProvenanceIndex("sample-project", "1.4.0", dict(files))
    env = {"GITHUB_API_URL": github.url, "GITHUB_TOKEN": github.token}
    with serving(fake):
        code, out, err = verify(where, "--github", "--repository-url", fake.upload_url,
                                "--provenance", "skip", env=env)
        if not fails_with:
            assert code == 0, out + err
            assert "ok   github     signatures: signature bundle(s) attached: " \
                   "build-provenance.sigstore.json" in out
            # Without a local SHA256SUMS: the one attached to the release is used.
            (where / "SHA256SUMS").unlink()
            code, out, err = verify(where, "v1.4.0", "--github", "--repository-url",
                                    fake.upload_url, "--provenance", "skip", env=env)
            assert code == 0, out + err
            assert "using the SHA256SUMS attached to the release v1.4.0" in err
        else:
            assert code == 1 and fails_with in out, out + err
    assert github.token not in out + err
    assert not [r for r in github.requests if r.method != "GET"]  # verify changes nothing
