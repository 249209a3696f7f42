"""``release publish``: upload this version's sdist and wheels, safely re-runnable.

0. Checksums, before anything else: every sdist and wheel in ``dist/`` must be listed in the
   build's SHA256SUMS (``--checksums``, default beside ``dist/``) with the same sha256, and
   every file it lists must be there. In CI, or with ``--require-checksums``, a missing
   SHA256SUMS stops the run; elsewhere it is a note.
1. Validate: tag mode with ``--dist`` on a tag (branch mode elsewhere); stop on any problem.
   With ``--files-only`` (the release workflow's publish job, which has no checkout of the
   sources) only the files are judged: one project, one sdist and wheels, all of the tag's
   version, every one matching SHA256SUMS (then required).
2. Credentials (``--credentials auto``, the default), in this order:

   - a ``user:password@`` in ``--repository-url`` (given explicitly, so used as given);
   - trusted publishing when this is a GitHub Actions job with ``id-token: write``, even when
     ``PYPI_API_TOKEN`` is set too (a note says the token is not used; ``--credentials token``
     uses it instead). twine >= 6.1 exchanges the job's OIDC token with PyPI itself;
   - ``PYPI_API_TOKEN``, sent by twine as user ``__token__`` through the environment;
   - else stop with the remediation, before anything is uploaded.

3. Attestations: under trusted publishing, every file to upload gets a PEP 740 attestation
   signed with the job's OIDC identity (``pypi-attestations sign``, in a scratch folder so
   that ``dist/`` stays as built and a re-run starts clean), uploaded with
   ``twine upload --attestations``. Never with a token or a password: PyPI accepts
   attestations only from trusted publishers.
4. Ask the index which files of this version it already has: identical files are skipped,
   a file with the same name and other content stops the run before anything is uploaded.
5. Upload the rest, one file at a time, with every line of twine's output redacted. The
   upload response decides: twine's exit status 0 means the index accepted the file; "already
   exists" is resolved by comparing the index's sha256 with the local file.
6. Confirm through the index (JSON API, else the simple index) with a bounded number of
   retries. PyPI serves both through a CDN, so a file not listed yet is a warning, not a
   failed release.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.commands.validate import Options, Report, validate
from release.errors import PublishError, ReleaseError
from release.outside import ci, http, index, timeouts
from release.outside.credentials import (
    TOKEN_VARIABLE,
    TRUSTED,
    URL_CREDENTIALS,
    Credentials,
    attestation_choice,
    child_env,
    find_credentials,
    remediation,
)
from release.outside.files import sha256_of
from release.outside.tools import (
    ATTESTATION_SUFFIX,
    Sign,
    Upload,
    install_hint,
    is_json_file,
    redact,
    run_tool,
)
from release.project import distfiles

Progress = Callable[[str], None]

"""Receives one line of progress at a time (the CLI prints it on stderr)."""


@dataclass(frozen=True)
class PublishOptions:
    """What ``release publish`` is asked to do."""

    repo: Path = field(default_factory=Path)
    dist: Path = field(default_factory=lambda: Path("dist"))
    repository_url: str | None = None
    dry_run: bool = False
    credentials: str = "auto"
    attestations: bool = True
    checksums: Path | None = None
    """The build's SHA256SUMS (default: beside the dist folder)."""
    require_checksums: bool = False
    files_only: bool = False
    attestations_dir: Path | None = None
    """Where to copy the PEP 740 attestations made (for the GitHub Release)."""
    confirm_attempts: int = 5
    confirm_delay: float = field(default_factory=lambda: timeouts.retry_delay(4.0))
    """Seconds before the first re-read of the index, growing by as much each time."""


class NotReady(PublishError):
    """Validation failed before anything was uploaded; carries the report to show."""

    def __init__(self, report: Report) -> None:
        super().__init__("validation failed; nothing was uploaded",
                         "fix the problems above, then run the same command again")
        self.report = report
        self.details = {"validation": report.as_dict(),
                        "problems": [c.as_problem() for c in report.problems]}


@dataclass(frozen=True)
class Decision:
    artifact: distfiles.Artifact
    sha256: str
    action: str  # "upload" or "skip"


def check_checksums(paths: list[Path], dist: Path, sums: Path, *, required: bool,
                    progress: Progress) -> None:
    """Every sdist and wheel in ``dist`` is listed in ``sums`` with its sha256, and every
    listed one is there; a missing ``sums`` is an error when ``required``, else a note."""
    from release.commands.checksums import differences, load_sums

    try:
        listed = load_sums(sums)
    except FileNotFoundError:
        if required:
            raise PublishError(
                f"{sums} does not exist, so the files in {dist} cannot be checked against the "
                "checksums the build recorded; nothing was uploaded",
                "in CI, download the build job's SHA256SUMS (the release-meta artifact) and "
                "pass --checksums release-meta/SHA256SUMS; locally, `nox -s build` writes it "
                "beside dist/") from None
        progress(f"note: no {sums}: the files are not checked against the build's checksums "
                 "(in CI, or with --require-checksums, this stops the run)")
        return
    expected = {n: d for n, d in listed.items() if distfiles.kind_of(Path(n)) is not None}
    wrong = differences({p.name: p for p in paths}, expected, sums.name)
    if wrong:
        raise PublishError(
            f"the files in {dist} are not the ones the build checked; nothing was uploaded:\n  "
            + "\n  ".join(wrong),
            "build again (`nox -s build`), which writes dist/ and SHA256SUMS together; never "
            "change files after the build. In CI: the dist and release-meta artifacts of one "
            "build job belong together",
            file=str(sums),
        )
    progress(f"every file matches {sums} (written by the build)")


def files_only(paths: list[Path], dist: Path, env: Mapping[str, str]
               ) -> list[distfiles.Artifact]:
    """``--files-only``: judge the built files without the sources: one project, one sdist
    and wheels, every one of the tag's version (the build job validated the sources)."""
    from packaging.utils import canonicalize_name

    from release.project.tags import split_tag
    from release.project.versions import parse_or_none

    found = ci.detect_tag(env)
    if found is None:
        raise PublishError("--files-only needs the release tag, to check the version of the "
                           "files; nothing was uploaded",
                           "run it in the tag's CI job (GITHUB_REF_NAME), or set RELEASE_TAG")
    tag, source = found
    parts = split_tag(tag)
    if parts is None:
        raise PublishError(f"the tag {tag!r} (from {source}) names no version; nothing was "
                           "uploaded", "release from a tag such as v1.4.0")
    wanted = parts[1]
    artifacts = [distfiles.read(p) for p in paths]
    sdists = [a for a in artifacts if a.kind == "sdist"]
    wrong = [] if len(sdists) == 1 and len(artifacts) > 1 else [
        f"{len(sdists)} sdist(s) and {len(artifacts) - len(sdists)} wheel(s); exactly one "
        "sdist and at least one wheel are needed"]
    projects = sorted({canonicalize_name(a.name) for a in artifacts})
    if len(projects) > 1:
        wrong.append(f"files of {len(projects)} projects: {', '.join(projects)}")
    wrong += [f"{a.path.name}: version {a.version} (metadata) / {a.name_version} (file name), "
              f"the tag {tag} says {wanted}" for a in artifacts
              if parse_or_none(a.version) != wanted
              or parse_or_none(a.name_version or "") != wanted]
    if wrong:
        raise PublishError(f"the files in {dist} are not a release of {tag}; nothing was "
                           "uploaded:\n  " + "\n  ".join(wrong),
                           "publish the dist artifact of the build job of this tag")
    return artifacts


def decide(artifacts: list[distfiles.Artifact], published: dict[str, str | None]
           ) -> list[Decision]:
    decisions: list[Decision] = []
    conflicts: list[str] = []
    refused: list[dict[str, object]] = []
    for artifact in artifacts:
        digest = sha256_of(artifact.path)
        name = artifact.path.name
        if name not in published:
            decisions.append(Decision(artifact, digest, "upload"))
        elif published[name] is None or published[name] == digest:
            decisions.append(Decision(artifact, digest, "skip"))
        else:
            conflicts.append(_conflict_line(name, digest, published[name]))
            refused.append({"name": name, "sha256": digest, "status": "refused",
                            "reason": f"the index has {name} with another sha256 "
                            f"({published[name]})", "attestation": False})
    if conflicts:
        error = _conflict(conflicts)
        error.details["files"] = [
            {"name": d.artifact.path.name, "sha256": d.sha256, "status": "not-uploaded",
             "reason": "stopped before any upload", "attestation": False}
            for d in decisions] + refused
        raise error
    return decisions


def _conflict_line(name: str, local: str, remote: str | None) -> str:
    return f"{name}: local sha256 {local[:16]}..., on the index {str(remote)[:16]}..."


def _conflict(lines: list[str], *, before_upload: bool = True) -> PublishError:
    done = "nothing was uploaded" if before_upload else "nothing more was uploaded"
    return PublishError(
        f"the index already has a file with the same name and different content; {done}:\n  "
        + "\n  ".join(lines),
        "a published file can never be replaced: build from the exact commit of the release "
        "with the locked build backend (`nox -s build`: SOURCE_DATE_EPOCH and "
        "requirements/build-constraints.txt make builds reproducible), or release a new version",
    )


def plan_steps(decisions: list[Decision], url: str, attest: bool, staging: Path
               ) -> list[Sign | Upload]:
    """The commands an upload runs, in order (``staging`` holds the files to sign)."""
    uploads = [d for d in decisions if d.action == "upload"]
    if not uploads:
        return []
    if not attest:
        return [Upload(d.artifact.path.absolute(), url) for d in uploads]
    sign = Sign(tuple(staging / d.artifact.path.name for d in uploads))
    return [sign, *(Upload(file, url, attestation)
                    for file, attestation in zip(sign.files, sign.produces, strict=True))]


@dataclass
class PublishResult:
    """What a publish run did (or, in a dry run, would do)."""

    project: str
    version: str
    url: str
    credentials: Credentials
    decisions: list[Decision]
    uploaded: list[str]
    dry_run: bool
    attest: bool = False
    attest_reason: str = ""
    steps: list[Sign | Upload] = field(default_factory=list)
    attestations: list[str] = field(default_factory=list)
    confirmed: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    found_at_upload: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        return [d.artifact.path.name for d in self.decisions if d.action == "skip"] \
            + self.found_at_upload

    def files(self) -> list[dict[str, object]]:
        """Per file: name, sha256, what happened (``uploaded``, ``skipped-identical``; in a
        dry run ``would-upload``; after a failure ``not-uploaded``), and its attestation."""
        skipped = set(self.skipped)
        rows: list[dict[str, object]] = []
        for decision in self.decisions:
            name = decision.artifact.path.name
            if name in self.uploaded:
                status, reason = "uploaded", ""
            elif name in skipped:
                status, reason = "skipped-identical", "the index has this file, same sha256"
            elif self.dry_run:
                status, reason = "would-upload", ""
            else:
                status, reason = "not-uploaded", "the run stopped before this file"
            rows.append({"name": name, "sha256": decision.sha256, "status": status,
                         "reason": reason, "attestation": status in ("uploaded", "would-upload")
                         and self.attest and (self.dry_run or f"{name}.publish.attestation"
                                              in self.attestations)})
        return rows

    def as_dict(self) -> dict[str, Any]:
        """``release publish --format json``."""
        return {"project": self.project, "version": self.version, "url": self.url,
                "dry_run": self.dry_run, "credentials": self.credentials.describe(),
                "attestations": {"enabled": self.attest, "reason": self.attest_reason},
                "files": self.files(), "confirmed": self.confirmed,
                "warnings": [{"message": m, "hint": h} for m, h in self.warnings]}


def run_publish(options: PublishOptions, env: Mapping[str, str], progress: Progress
                ) -> PublishResult:
    """Validate, decide per file, sign and upload what is missing; every message redacted."""
    dist = options.dist if options.dist.is_absolute() else options.repo / options.dist
    raw_url = options.repository_url or env.get("TWINE_REPOSITORY_URL") or index.PYPI_UPLOAD
    secrets = [env.get(TOKEN_VARIABLE, "").strip(), http.split_credentials(raw_url)[2] or ""]
    try:
        credentials = find_credentials(env, raw_url, options.credentials)
        return _publish(options, env, progress, dist=dist, raw_url=raw_url,
                        credentials=credentials, secrets=secrets)
    except ReleaseError as exc:
        exc.message = redact(exc.message, secrets)
        exc.hint = redact(exc.hint, secrets)
        if ci.is_github_actions(env):
            ci.append_step_summary(f"### release publish: FAILED\n\n```\n{exc.message}\n"
                                   f"{exc.hint}\n```\n", env)
        raise


def _publish(options: PublishOptions, env: Mapping[str, str], progress: Progress, *,
             dist: Path, raw_url: str, credentials: Credentials, secrets: list[str]
             ) -> PublishResult:
    paths = distfiles.find(dist)
    sums = options.checksums or dist.parent / "SHA256SUMS"
    sums = sums if sums.is_absolute() else options.repo / sums
    check_checksums(paths, dist, sums, progress=progress, required=(
        options.require_checksums or options.files_only or ci.is_ci(env)))
    if options.files_only:
        artifacts = files_only(paths, dist, env)
        version = artifacts[0].version
        progress(f"--files-only: {len(artifacts)} file(s) of {artifacts[0].name} {version}, "
                 "as the tag says; the sources are not read (the build job validated them)")
    else:
        report = validate(Options(repo=options.repo, dist=dist), env)
        if not report.ok:
            raise NotReady(report)
        artifacts = [distfiles.read(p) for p in paths]
        version = report.version or artifacts[0].version
    url, _, _ = http.split_credentials(raw_url)
    project = artifacts[0].name
    stored = artifacts[0].version  # the version as the index stores it (the metadata's)
    attest, reason = attestation_choice(credentials, options.attestations)
    progress(f"publish {project} {version} to {url}")
    progress(f"credentials: {credentials.describe()}")
    for note in credentials.notes:
        progress(f"  note: {note}")
    progress(f"attestations: {reason}")
    if credentials.source == "none" and not options.dry_run:
        raise PublishError(remediation(url, project),
                           "set up one of the two above, then run the same command again")
    auth = ((credentials.username or "", credentials.password or "")
            if credentials.source == URL_CREDENTIALS else None)
    listing = index.release_files(url, project, stored, auth=auth)
    decisions = decide(artifacts, listing.files)
    for decision in decisions:
        verb = ("upload" + (" with an attestation" if attest else "")
                if decision.action == "upload" else "skip (identical file on the index)")
        progress(f"  {decision.artifact.path.name}: {verb}")
    result = PublishResult(project, version, url, credentials, decisions, [], options.dry_run,
                           attest, reason)
    if options.dry_run:
        result.steps = plan_steps(decisions, url, attest, Path("<scratch folder>"))
        for step in result.steps:
            progress(f"  would run: {step.describe()}")
        return result

    def fresh() -> index.Listing:
        return index.release_files(url, project, stored, auth=auth, fresh=True)

    try:
        _sign_and_upload(result, options, child_env(env, credentials), secrets, progress,
                         fresh)
        if result.uploaded:
            _confirm(result, options, fresh, progress)
    except ReleaseError as exc:  # what was done before the failure, for a JSON result
        exc.details.setdefault("files", result.files())
        raise
    if ci.is_github_actions(env):
        ci.append_step_summary(_summary(result), env)
    return result


def _sign(step: Sign, decisions: list[Decision], env: dict[str, str], secrets: list[str],
          progress: Progress) -> None:
    by_name = {d.artifact.path.name: d for d in decisions}
    for staged in step.files:
        shutil.copyfile(by_name[staged.name].artifact.path, staged)
    progress(f"  {step.describe()}")
    code, output = run_tool(step.argv(), env, 600, secrets, progress, "pypi-attestations")
    missing = [p.name for p in step.produces if not is_json_file(p)]
    if code == 0 and not missing:
        for path in step.produces:
            progress(f"  attestation {path.name} ({path.stat().st_size:,} bytes)")
        return
    if "No module named pypi_attestations" in output:
        raise PublishError("pypi-attestations is not installed; nothing was uploaded",
                           install_hint("pypi-attestations"))
    detail = (f"exit {code}" if code > 0 else output if code < 0
              else f"no attestation written for {', '.join(missing)}")
    raise PublishError(
        f"could not sign the PEP 740 attestations ({detail}); nothing was uploaded",
        "the job needs `permissions: id-token: write`, and Sigstore must be reachable; run the "
        "job again, or upload without attestations: `nox -s publish -- --no-attestations`",
    )


def _sign_and_upload(result: PublishResult, options: PublishOptions, child: dict[str, str],
                     secrets: list[str], progress: Progress,
                     listing: Callable[[], index.Listing]) -> None:
    """Run the planned steps in a scratch folder: sign (under trusted publishing), then
    upload one file at a time."""
    decisions = result.decisions
    with tempfile.TemporaryDirectory(prefix="release-publish-") as scratch:
        result.steps = plan_steps(decisions, result.url, result.attest, Path(scratch))
        for step in result.steps:
            if isinstance(step, Sign):
                _sign(step, decisions, child, secrets, progress)
                result.attestations = [p.name for p in step.produces]
                if options.attestations_dir is not None:
                    _keep(step.produces, options.attestations_dir, progress)
            else:
                _upload(step, child, result.credentials, secrets, progress, result,
                        lambda: listing().files)

def _keep(made: tuple[Path, ...], folder: Path, progress: Progress) -> None:
    """Copy the attestations into ``folder`` (the workflow attaches them to the release)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path in made:
            shutil.copyfile(path, folder / path.name)
    except OSError as exc:
        raise PublishError(f"cannot copy the attestations into {folder}: "
                           f"{exc.strerror or exc}; nothing was uploaded",
                           "check --attestations-dir") from None
    progress(f"  kept {len(made)} attestation(s) in {folder}")


def _upload(step: Upload, env: dict[str, str], credentials: Credentials, secrets: list[str],
            progress: Progress, result: PublishResult,
            lookup: Callable[[], dict[str, str | None]]) -> None:
    name = step.file.name
    progress(f"  {step.describe()}")
    code, output = run_tool(step.argv(), env, 600, secrets, progress, "twine")
    if code == 0:
        result.uploaded.append(name)
        return
    if code < 0:
        raise PublishError(f"uploading {name} {output}",
                           "run the same command again: files already uploaded are skipped")
    # twine shows a refused upload as "400 Bad Request" (PyPI: "File already exists") or 409:
    # whether the index has the file, and with which sha256, decides.
    if "No module named twine" not in output and _already_there(
            name, sha256_of(step.file), lookup, result, progress):
        return
    if "No module named twine" in output:
        raise PublishError("twine is not installed; nothing was uploaded",
                           install_hint("twine>=6.1"))
    if credentials.source == TRUSTED and re.search(
            r"TrustedPublishingFailure|trusted publishing|OIDC", output, re.IGNORECASE):
        raise PublishError(
            f"trusted publishing failed while uploading {name}: the index did not accept this "
            "job's OIDC token",
            "on PyPI, project > Settings > Publishing must list this repository with workflow "
            "`release.yml` and environment `pypi`, and the job needs `id-token: write`. Files "
            "uploaded so far stay; running again skips them.",
        )
    if re.search(r"Credential not found|could not determine credentials", output):
        raise PublishError(
            f"twine found no credentials for {step.url} while uploading {name}",
            f"this index does not exchange OIDC tokens: set {TOKEN_VARIABLE} and pass "
            "--credentials token, or configure a keyring or ~/.pypirc for it",
        )
    if re.search(r"\b(403|401)\b|Invalid or non-existent authentication|Forbidden|Unauthorized",
                 output):
        raise PublishError(
            f"the index refused the credentials ({credentials.describe()}) while uploading "
            f"{name}",
            f"the token is invalid, expired or not scoped to this project: create a new one "
            f"and update the {TOKEN_VARIABLE} secret of the `pypi` environment; for trusted "
            "publishing check the publisher settings (workflow release.yml, environment pypi). "
            "Files uploaded so far stay; running again skips them.",
        )
    if re.search(r"Connection|timed out|Max retries|NewConnectionError|RemoteDisconnected",
                 output):
        raise PublishError(
            f"the index could not be reached while uploading {name}",
            "check the network and the URL, then run the same command again: files already "
            "uploaded are skipped",
        )
    if re.search(r"already been used|previously been used", output, re.IGNORECASE):
        raise PublishError(
            f"the index refused {name}: that file name was used before (then deleted)",
            "a file name can never be used again on PyPI: release a new version (for example "
            "a post release)",
        )
    raise PublishError(f"twine could not upload {name} (exit {code})",
                       "see twine's output above (`--verbose` in twine shows the index's reason); "
                       "files already uploaded are skipped on a re-run")


def _already_there(name: str, digest: str, lookup: Callable[[], dict[str, str | None]],
                   result: PublishResult, progress: Progress) -> bool:
    """After a refused upload: ``True`` when the index has this very file (then it counts as
    skipped); a file of that name with other content raises; ``False`` when it is absent."""
    try:
        listed = lookup()
    except ReleaseError:
        return False
    if name not in listed:
        return False
    if listed[name] in (digest, None):
        progress(f"  {name}: the index already has it, identical: skipped")
        result.found_at_upload.append(name)
        return True
    raise _conflict([_conflict_line(name, digest, listed[name])], before_upload=False)


def confirm(expected: Mapping[str, str], lookup: Callable[[], index.Listing], attempts: int,
            delay: float, sleep: Callable[[float], None] = time.sleep
            ) -> tuple[list[str], str]:
    """``(names still not listed, where the index was read)`` after bounded retries.

    A file listed with another sha256 raises :class:`PublishError`; an index that cannot be
    read counts as "not listed yet".
    """
    missing = sorted(expected)
    source = ""
    for attempt in range(max(attempts, 1)):
        if attempt:
            sleep(delay * attempt)
        try:
            listing = lookup()
        except ReleaseError:
            continue
        source = listing.source
        other = [_conflict_line(n, sha, listing.files[n]) for n, sha in sorted(expected.items())
                 if listing.files.get(n) not in (None, sha)]
        if other:
            raise _conflict(other, before_upload=False)
        missing = sorted(n for n in expected if n not in listing.files)
        if not missing:
            break
    return missing, source


def _confirm(result: PublishResult, options: PublishOptions, lookup: Callable[[], index.Listing],
             progress: Progress) -> None:
    expected = {d.artifact.path.name: d.sha256 for d in result.decisions
                if d.artifact.path.name in result.uploaded}
    missing, source = confirm(expected, lookup, options.confirm_attempts, options.confirm_delay)
    if not missing:
        result.confirmed = f"the index lists every uploaded file with its sha256 ({source})"
        progress(f"confirmed: {result.confirmed}")
        return
    waited = sum(options.confirm_delay * i for i in range(max(options.confirm_attempts, 1)))
    result.warnings.append((
        f"the index does not list {', '.join(missing)} yet (asked {options.confirm_attempts} "
        f"times over {waited:.0f} s), although it accepted the upload",
        "PyPI serves its pages through a CDN cache that can lag behind an upload: check the "
        "project page in a few minutes; running the same command again skips files the index "
        "lists",
    ))


def _summary(result: PublishResult) -> str:
    made = set(result.attestations)
    rows = "\n".join(
        [f"| `{n}` | uploaded | {'yes' if n + ATTESTATION_SUFFIX in made else 'no'} |"
         for n in result.uploaded]
        + [f"| `{n}` | already there (identical) | - |" for n in result.skipped])
    text = (f"### release publish: {result.project} {result.version}\n\n"
            f"Credentials: {result.credentials.describe()}. Attestations: {result.attest_reason}."
            f"\n\n| file | result | attestation |\n|---|---|---|\n{rows}\n")
    if result.confirmed:
        text += f"\nConfirmed: {result.confirmed}.\n"
    for message, hint in result.warnings:
        text += f"\n> warning: {message}. {hint}\n"
    return text
