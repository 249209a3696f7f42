"""``release publish``: upload this version's sdist and wheels, safely re-runnable.

1. Validate: tag mode with ``--dist`` on a tag (branch mode elsewhere); stop on any problem.
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

from release.commands.validate import Options, Report, validate
from release.errors import PublishError, ReleaseError
from release.outside import ci, files, http, index, timeouts
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
    confirm_attempts: int = 5
    confirm_delay: float = field(default_factory=lambda: timeouts.retry_delay(4.0))
    """Seconds before the first re-read of the index, growing by as much each time."""


class NotReady(PublishError):
    """Validation failed before anything was uploaded; carries the report to show."""

    def __init__(self, report: Report) -> None:
        super().__init__("validation failed; nothing was uploaded",
                         "fix the problems above, then run the same command again")
        self.report = report


@dataclass(frozen=True)
class Decision:
    artifact: distfiles.Artifact
    sha256: str
    action: str  # "upload" or "skip"


def _match_checksums(artifacts: list[distfiles.Artifact], sums: Path, progress: Progress
                     ) -> None:
    """When the build wrote SHA256SUMS beside dist/, every file must still match it."""
    from release.commands.checksums import parse_sums

    try:
        text = files.read_bytes(sums, sums.name).decode("utf-8", "replace")
    except FileNotFoundError:
        return
    expected = parse_sums(text, sums.name)
    wrong = []
    for artifact in artifacts:
        name = artifact.path.name
        if name not in expected:
            wrong.append(f"{name}: not listed in {sums.name}")
        elif expected[name] != sha256_of(artifact.path):
            wrong.append(f"{name}: its sha256 is not the one {sums.name} recorded at build time")
    if wrong:
        raise PublishError(
            f"the files in {artifacts[0].path.parent.name}/ are not the ones the build "
            f"checked; nothing was uploaded:\n  " + "\n  ".join(wrong),
            "build again (`nox -s build`), which writes dist/ and SHA256SUMS together; never "
            "change files after the build",
            file=sums.name,
        )
    progress(f"every file matches {sums.name} (written by the build)")


def decide(artifacts: list[distfiles.Artifact], published: dict[str, str | None]
           ) -> list[Decision]:
    decisions: list[Decision] = []
    conflicts: list[str] = []
    for artifact in artifacts:
        digest = sha256_of(artifact.path)
        name = artifact.path.name
        if name not in published:
            decisions.append(Decision(artifact, digest, "upload"))
        elif published[name] is None or published[name] == digest:
            decisions.append(Decision(artifact, digest, "skip"))
        else:
            conflicts.append(_conflict_line(name, digest, published[name]))
    if conflicts:
        raise _conflict(conflicts)
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
    report = validate(Options(repo=options.repo, dist=dist), env)
    if not report.ok:
        raise NotReady(report)
    url, _, _ = http.split_credentials(raw_url)
    artifacts = [distfiles.read(p) for p in distfiles.find(dist)]
    _match_checksums(artifacts, dist.parent / "SHA256SUMS", progress)
    project = artifacts[0].name
    version = report.version or artifacts[0].version
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
    with tempfile.TemporaryDirectory(prefix="release-publish-") as scratch:
        result.steps = plan_steps(decisions, url, attest, Path(scratch))
        child = child_env(env, credentials)
        for step in result.steps:
            if isinstance(step, Sign):
                _sign(step, decisions, child, secrets, progress)
                result.attestations = [p.name for p in step.produces]
            else:
                _upload(step, child, credentials, secrets, progress, result,
                        lambda: index.release_files(url, project, stored, auth=auth,
                                                    fresh=True).files)
    if result.uploaded:
        _confirm(result, options, lambda: index.release_files(
            url, project, stored, auth=auth, fresh=True), progress)
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
