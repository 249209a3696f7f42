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

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from release.commands.checksums import sha256_of
from release.commands.validate import Options, Report, validate
from release.errors import PublishError, ReleaseError, UsageError
from release.outside import ci, files, http, index, timeouts
from release.outside import redact as redaction
from release.project import distfiles

TOKEN_VARIABLE = "PYPI_API_TOKEN"  # noqa: S105 - the variable's name, not a secret
TRUSTED = "trusted publishing"
URL_CREDENTIALS = "repository URL"
CREDENTIAL_CHOICES = ("auto", "trusted-publishing", "token")
ATTESTATION_SUFFIX = ".publish.attestation"
# Never passed on to twine or the signer: the token goes to twine only as TWINE_PASSWORD.
_SCRUBBED = (TOKEN_VARIABLE, "TWINE_USERNAME", "TWINE_PASSWORD", "TWINE_REPOSITORY_URL",
             "TWINE_REPOSITORY")

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
    confirm_delay: float = 4.0


class NotReady(PublishError):
    """Validation failed before anything was uploaded; carries the report to show."""

    def __init__(self, report: Report) -> None:
        super().__init__("validation failed; nothing was uploaded",
                         "fix the problems above, then run the same command again")
        self.report = report


@dataclass(frozen=True)
class Credentials:
    source: str  # TOKEN_VARIABLE, TRUSTED, URL_CREDENTIALS or "none"
    username: str | None = None
    password: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def token(self) -> str | None:
        """The secret that must never be shown (token or password), if any."""
        return self.password or None

    def describe(self) -> str:
        if self.source == TOKEN_VARIABLE:
            return f"API token from ${TOKEN_VARIABLE} (sent as user __token__)"
        if self.source == TRUSTED:
            return "trusted publishing (this job's GitHub Actions OIDC token, exchanged by twine)"
        if self.source == URL_CREDENTIALS:
            return f"user {self.username} and password from the repository URL"
        return "none"


def oidc_available(env: Mapping[str, str]) -> bool:
    """A GitHub Actions job with ``id-token: write`` (the runner sets the request variables)."""
    return bool(ci.is_github_actions(env) and env.get("ACTIONS_ID_TOKEN_REQUEST_URL")
                and env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN"))


def find_credentials(env: Mapping[str, str], url: str = index.PYPI_UPLOAD,
                     choice: str = "auto") -> Credentials:
    """The credentials for an upload to ``url``; trusted publishing first in GitHub Actions."""
    if choice not in CREDENTIAL_CHOICES:
        raise UsageError(f"unknown credentials choice {choice!r}",
                         "use --credentials auto, trusted-publishing or token")
    _, user, password = http.split_credentials(url)
    token = env.get(TOKEN_VARIABLE, "").strip()
    oidc = oidc_available(env)
    if user is not None or password is not None:
        if choice == "trusted-publishing":
            raise UsageError("--credentials trusted-publishing, but the repository URL carries "
                             "a user and password", "remove them from --repository-url")
        return Credentials(URL_CREDENTIALS, user or "__token__", password or "")
    if choice == "token":
        if not token:
            raise PublishError(f"--credentials token, but ${TOKEN_VARIABLE} is not set (or "
                               "empty); nothing was uploaded",
                               f"set {TOKEN_VARIABLE}, or drop --credentials token")
        return Credentials(TOKEN_VARIABLE, "__token__", token)
    if choice == "trusted-publishing" and not oidc:
        raise PublishError(
            "--credentials trusted-publishing, but this is not a GitHub Actions job that may "
            "request an OIDC token; nothing was uploaded",
            "give the publish job `permissions: id-token: write` (release.yml does)",
        )
    if oidc and (choice == "trusted-publishing" or index.is_pypi(url) or not token):
        notes = []
        if token:
            notes.append(f"${TOKEN_VARIABLE} is set but not used: trusted publishing comes "
                         "first (pass --credentials token to upload with the token instead)")
        if not index.is_pypi(url):
            notes.append("only PyPI and TestPyPI exchange GitHub's OIDC token: for this index "
                         "twine looks for a password in a keyring or ~/.pypirc")
        return Credentials(TRUSTED, notes=tuple(notes))
    if token:
        notes = ["trusted publishing is not used: only PyPI and TestPyPI support it"] if oidc \
            else []
        return Credentials(TOKEN_VARIABLE, "__token__", token, tuple(notes))
    return Credentials("none")


def attestation_choice(credentials: Credentials, wanted: bool) -> tuple[bool, str]:
    """Whether PEP 740 attestations are made, and why (``release publish --dry-run`` says it)."""
    if credentials.source != TRUSTED:
        return False, ("no: PEP 740 attestations need trusted publishing (PyPI rejects them "
                       "from an API token or a password)")
    if not wanted:
        return False, "no (--no-attestations)"
    return True, ("yes: one PEP 740 attestation per uploaded file, signed with this job's OIDC "
                  "identity (pypi-attestations sign), sent with twine upload --attestations")


def remediation(repository_url: str, project: str) -> str:
    """What to set up when there are no credentials, for the index being uploaded to."""
    if not index.is_pypi(repository_url):
        where = http.redact_url(repository_url)
        return (
            f"no credentials for uploading to {where}; nothing was uploaded.\n"
            "This index is not PyPI: trusted publishing works only with PyPI and TestPyPI. "
            "Fix it in one of two ways:\n"
            f"  1. Its password (or token) in {TOKEN_VARIABLE}, sent as user __token__: "
            f"export {TOKEN_VARIABLE}=... before the command.\n"
            "  2. Its user and password in the URL: --repository-url with `user:password@` "
            "in front of the host (the password is never shown in any output)."
        )
    test = "test.pypi.org" in repository_url
    account = "https://test.pypi.org" if test else "https://pypi.org"
    return (
        f"no credentials for uploading to {'TestPyPI' if test else 'PyPI'}; nothing was "
        "uploaded.\n"
        "Fix it in one of two ways:\n"
        f"  1. Trusted publishing (recommended, no secret at all): on {account}, Your projects "
        f"> {project} > Manage > Publishing > Add a new publisher (GitHub): owner and "
        "repository, workflow file name `release.yml`, environment name `pypi` (a project that "
        "is not on PyPI yet: Your account > Publishing > Add a new pending publisher, with the "
        "project name). The publish job needs `permissions: id-token: write` (release.yml has "
        "it) and then also gets PEP 740 attestations.\n"
        f"  2. API token: create one at {account}/manage/account/token/ with scope \"Project: "
        f"{project}\". In GitHub store it as a secret of the `pypi` environment only: "
        f"Settings > Environments > pypi > Environment secrets > Add environment secret, name "
        f"{TOKEN_VARIABLE} (not a repository secret, which every job could read). Locally: "
        f"export {TOKEN_VARIABLE}=... before `nox -s publish`."
    )


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with these secrets, and every other registered one, hidden."""
    redaction.register(*secrets)
    return redaction.redact(text)


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


@dataclass(frozen=True)
class Sign:
    """``pypi-attestations sign``: writes ``<file>.publish.attestation`` beside each file."""

    files: tuple[Path, ...]

    @property
    def produces(self) -> tuple[Path, ...]:
        return tuple(f.with_name(f.name + ATTESTATION_SUFFIX) for f in self.files)

    def argv(self) -> list[str]:
        return [sys.executable, "-m", "pypi_attestations", "sign", *map(str, self.files)]

    def describe(self) -> str:
        return (f"pypi-attestations sign {' '.join(f.name for f in self.files)} -> "
                f"{', '.join(p.name for p in self.produces)}")


@dataclass(frozen=True)
class Upload:
    """``twine upload`` of one file (and its attestation), credentials through the environment."""

    file: Path
    url: str
    attestation: Path | None = None

    def argv(self) -> list[str]:
        extra = ["--attestations"] if self.attestation else []
        paths = [str(self.file)] + ([str(self.attestation)] if self.attestation else [])
        return [sys.executable, "-m", "twine", "upload", "--non-interactive",
                "--disable-progress-bar", "--repository-url", self.url, *extra, *paths]

    def describe(self) -> str:
        if self.attestation is None:
            return f"twine upload {self.file.name}"
        return f"twine upload --attestations {self.file.name} {self.attestation.name}"


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
        child = _child_env(env, credentials)
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


def _child_env(env: Mapping[str, str], credentials: Credentials) -> dict[str, str]:
    """The environment of twine and the signer: no token except twine's own variables.

    Under trusted publishing TWINE_USERNAME and TWINE_PASSWORD are *unset* (an empty
    TWINE_PASSWORD would stop twine from trying trusted publishing).
    """
    child = {k: v for k, v in env.items() if k not in _SCRUBBED}
    if credentials.source in (TOKEN_VARIABLE, URL_CREDENTIALS):
        child["TWINE_USERNAME"] = credentials.username or "__token__"
        child["TWINE_PASSWORD"] = credentials.password or ""
    child.pop("FORCE_COLOR", None)
    child["NO_COLOR"] = "1"  # plain lines in logs and step summaries
    child["PYTHONIOENCODING"] = "utf-8"
    return child


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
"""Terminal colour codes: twine (through rich) colours some lines even with NO_COLOR."""


def _without_tracebacks(output: str) -> str:
    """A tool's output with each Python traceback cut down to the error it ends with.

    twine (through requests) prints a traceback for a dropped connection; the user needs the
    last line of it, not the frames."""
    if "Traceback (most recent call last)" not in output:
        return output
    kept: list[str] = []
    inside = False
    for line in output.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            inside = True
            continue
        if line.startswith(("During handling of the above", "The above exception")):
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        if inside and line[:1].isalpha():
            inside = False
            if kept and kept[-1] == line:
                continue
        kept.append(line)
    return "\n".join(kept)


def _run(argv: list[str], env: dict[str, str], timeout: int, secrets: list[str],
         progress: Progress, label: str) -> tuple[int, str]:
    # An empty working directory: `python -m twine` puts it first on sys.path, and a project
    # named like one of twine's own dependencies (rich, requests, ...) would shadow it there.
    try:
        timeout = int(timeouts.network(timeout))
        with tempfile.TemporaryDirectory(prefix="release-publish-") as neutral:
            proc = subprocess.run(argv, capture_output=True, text=True, env=env,
                                  timeout=timeout, check=False, cwd=neutral)
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {timeout} s"
    output = _without_tracebacks(redact(_ANSI.sub("", proc.stdout + proc.stderr), secrets))
    for line in output.splitlines():
        if line.strip():
            progress(f"    {label}: {line}")
    return proc.returncode, output


def _sign(step: Sign, decisions: list[Decision], env: dict[str, str], secrets: list[str],
          progress: Progress) -> None:
    by_name = {d.artifact.path.name: d for d in decisions}
    for staged in step.files:
        shutil.copyfile(by_name[staged.name].artifact.path, staged)
    progress(f"  {step.describe()}")
    code, output = _run(step.argv(), env, 600, secrets, progress, "pypi-attestations")
    missing = [p.name for p in step.produces if not _is_json_file(p)]
    if code == 0 and not missing:
        for path in step.produces:
            progress(f"  attestation {path.name} ({path.stat().st_size:,} bytes)")
        return
    if "No module named pypi_attestations" in output:
        raise PublishError("pypi-attestations is not installed; nothing was uploaded",
                           _install_hint("pypi-attestations"))
    detail = (f"exit {code}" if code > 0 else output if code < 0
              else f"no attestation written for {', '.join(missing)}")
    raise PublishError(
        f"could not sign the PEP 740 attestations ({detail}); nothing was uploaded",
        "the job needs `permissions: id-token: write`, and Sigstore must be reachable; run the "
        "job again, or upload without attestations: `nox -s publish -- --no-attestations`",
    )


def _install_hint(requirement: str) -> str:
    """Where a missing tool must go: the environment that runs ``release`` (it runs
    ``python -m twine``), which a publish session fills from its lock file."""
    return (f"install it into the environment that runs `release` ({sys.executable} -m pip "
            f"install '{requirement}'); a noxfile's publish session installs it from its lock "
            "file (this project's: requirements/publish.txt)")


def _is_json_file(path: Path) -> bool:
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def _upload(step: Upload, env: dict[str, str], credentials: Credentials, secrets: list[str],
            progress: Progress, result: PublishResult,
            lookup: Callable[[], dict[str, str | None]]) -> None:
    name = step.file.name
    progress(f"  {step.describe()}")
    code, output = _run(step.argv(), env, 600, secrets, progress, "twine")
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
                           _install_hint("twine>=6.1"))
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
