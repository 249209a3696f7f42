"""``release publish``: upload this version's sdist and wheels, safely re-runnable.

1. Validate: tag mode with ``--dist`` on a tag (branch mode elsewhere); stop on any problem.
2. Credentials: ``PYPI_API_TOKEN`` (sent by twine as user ``__token__``, through the
   environment, never on a command line), else trusted publishing inside GitHub Actions
   with ``id-token: write`` (twine >= 6.1 does the exchange), else stop with remediation.
3. Ask the index which files of this version it already has: identical files are skipped,
   a file with the same name and other content stops the run before anything is uploaded.
4. Upload the rest, one file at a time, with every line of twine's output redacted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from release import ci, distfiles, index
from release.checksums import sha256_of
from release.errors import PublishError, ReleaseError
from release.validate import Options, Report, validate

TOKEN_VARIABLE = "PYPI_API_TOKEN"  # noqa: S105 - the variable's name, not a secret
_TOKEN_SHAPED = re.compile(r"pypi-[A-Za-z0-9_\-]{16,}")

Progress = Callable[[str], None]
"""Receives one line of progress at a time (the CLI prints it on stderr)."""


@dataclass(frozen=True)
class PublishOptions:
    """What ``release publish`` is asked to do."""

    repo: Path = field(default_factory=Path)
    dist: Path = field(default_factory=lambda: Path("dist"))
    repository_url: str | None = None
    dry_run: bool = False


class NotReady(PublishError):
    """Validation failed before anything was uploaded; carries the report to show."""

    def __init__(self, report: Report) -> None:
        super().__init__("validation failed; nothing was uploaded",
                         "fix the problems above, then run the same command again")
        self.report = report


@dataclass(frozen=True)
class Credentials:
    source: str  # "PYPI_API_TOKEN", "trusted publishing" or "none"
    token: str | None = None

    def describe(self) -> str:
        if self.source == TOKEN_VARIABLE:
            return f"API token from ${TOKEN_VARIABLE} (sent as user __token__)"
        if self.source == "trusted publishing":
            return "trusted publishing (GitHub Actions OIDC, exchanged by twine)"
        return "none"


def find_credentials(env: Mapping[str, str]) -> Credentials:
    token = env.get(TOKEN_VARIABLE, "").strip()
    if token:
        return Credentials(TOKEN_VARIABLE, token)
    if (ci.is_github_actions(env) and env.get("ACTIONS_ID_TOKEN_REQUEST_URL")
            and env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN")):
        return Credentials("trusted publishing")
    return Credentials("none")


def remediation(repository_url: str, project: str) -> str:
    where = "PyPI" if "pypi.org" in repository_url else repository_url
    account = "https://test.pypi.org" if "test.pypi.org" in repository_url else "https://pypi.org"
    return (
        f"no credentials for uploading to {where}; nothing was uploaded.\n"
        "Fix it in one of two ways:\n"
        f"  1. API token: create one at {account}/manage/account/token/ (scope: project "
        f"{project}). In GitHub add it as the secret {TOKEN_VARIABLE}: Settings > Environments "
        "> pypi > Environment secrets > Add secret (or Settings > Secrets and variables > "
        f"Actions > New repository secret). Locally: export {TOKEN_VARIABLE}=... before "
        "`nox -s publish`.\n"
        f"  2. Trusted publishing (no token at all): on {account}, open project {project} > "
        "Settings > Publishing > Add a new publisher (GitHub): owner and repository, workflow "
        "file name `release.yml`, environment name `pypi`. The publish job needs "
        "`permissions: id-token: write` (release.yml has it)."
    )


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _TOKEN_SHAPED.sub("***", text)


@dataclass(frozen=True)
class Decision:
    artifact: distfiles.Artifact
    sha256: str
    action: str  # "upload" or "skip"


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
            conflicts.append(f"{name}: local sha256 {digest[:16]}..., on the index "
                             f"{str(published[name])[:16]}...")
    if conflicts:
        raise PublishError(
            "the index already has a file with the same name and different content; nothing "
            "was uploaded:\n  " + "\n  ".join(conflicts),
            "a published file can never be replaced: build from the exact commit of the "
            "release (SOURCE_DATE_EPOCH makes builds reproducible), or release a new version",
        )
    return decisions


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

    @property
    def skipped(self) -> list[str]:
        return [d.artifact.path.name for d in self.decisions if d.action == "skip"]


def run_publish(options: PublishOptions, env: Mapping[str, str], progress: Progress
                ) -> PublishResult:
    """Validate, decide per file, upload what is missing; every message redacted."""
    dist = options.dist if options.dist.is_absolute() else options.repo / options.dist
    url = options.repository_url or env.get("TWINE_REPOSITORY_URL") or index.PYPI_UPLOAD
    credentials = find_credentials(env)
    secrets = [credentials.token or ""]
    try:
        return _publish(options, env, progress, dist=dist, url=url, credentials=credentials)
    except ReleaseError as exc:
        exc.message = redact(exc.message, secrets)
        exc.hint = redact(exc.hint, secrets)
        if ci.is_github_actions(env):
            ci.append_step_summary(f"### release publish: FAILED\n\n```\n{exc.message}\n"
                                   f"{exc.hint}\n```\n", env)
        raise


def _publish(options: PublishOptions, env: Mapping[str, str], progress: Progress, *,
             dist: Path, url: str, credentials: Credentials) -> PublishResult:
    report = validate(Options(repo=options.repo, dist=dist), env)
    if not report.ok:
        raise NotReady(report)
    artifacts = [distfiles.read(p) for p in distfiles.find(dist)]
    project = artifacts[0].name
    version = report.version or artifacts[0].version
    progress(f"publish {project} {version} to {url}")
    progress(f"credentials: {credentials.describe()}")
    if credentials.source == "none" and not options.dry_run:
        raise PublishError(remediation(url, project), "")
    published = index.existing_files(index.simple_url_for(url), project)
    decisions = decide(artifacts, published)
    for decision in decisions:
        verb = "upload" if decision.action == "upload" else "skip (identical file on the index)"
        progress(f"  {decision.artifact.path.name}: {verb}")
    result = PublishResult(project, version, url, credentials, decisions, [], options.dry_run)
    if options.dry_run:
        return result
    for decision in decisions:
        if decision.action == "upload":
            _twine_upload(decision.artifact.path, url, credentials, progress, env)
            result.uploaded.append(decision.artifact.path.name)
    after = (index.existing_files(index.simple_url_for(url), project) if result.uploaded
             else published)
    missing = [d.artifact.path.name for d in decisions
               if after.get(d.artifact.path.name, "absent") not in (d.sha256, None)]
    if missing:
        raise PublishError(f"the index does not list {', '.join(missing)} after the upload",
                           "run the same command again; identical files are skipped")
    if ci.is_github_actions(env):
        rows = "\n".join([f"| `{n}` | uploaded |" for n in result.uploaded]
                         + [f"| `{n}` | already there (identical) |" for n in result.skipped])
        ci.append_step_summary(f"### release publish: {project} {version}\n\n"
                               f"| file | result |\n|---|---|\n{rows}\n", env)
    return result


def _twine_upload(path: Path, url: str, credentials: Credentials, progress: Progress,
                  env: Mapping[str, str]) -> None:
    child = {k: v for k, v in env.items() if k not in ("TWINE_PASSWORD", "TWINE_USERNAME")}
    if credentials.token:
        child["TWINE_USERNAME"] = "__token__"
        child["TWINE_PASSWORD"] = credentials.token
    child["PYTHONIOENCODING"] = "utf-8"
    command = [sys.executable, "-m", "twine", "upload", "--non-interactive",
               "--disable-progress-bar", "--repository-url", url, str(path)]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, env=child, timeout=600,
                              check=False)
    except subprocess.TimeoutExpired:
        raise PublishError(f"uploading {path.name} timed out after 600 s",
                           "run the same command again: files already uploaded are skipped"
                           ) from None
    output = redact(proc.stdout + proc.stderr, [credentials.token or ""])
    for line in output.splitlines():
        if line.strip():
            progress(f"    twine: {line}")
    if proc.returncode == 0:
        return
    if "No module named twine" in output:
        raise PublishError("twine is not installed", "run `nox -s publish`, or pip install "
                           "'twine>=6.1'")
    if re.search(r"\b(403|401)\b|Invalid or non-existent authentication|Forbidden|Unauthorized",
                 output):
        raise PublishError(
            f"the index refused the credentials ({credentials.describe()}) while uploading "
            f"{path.name}",
            f"the token is invalid, expired or not scoped to this project: create a new one "
            f"and update the {TOKEN_VARIABLE} secret; for trusted publishing check the "
            "publisher settings (workflow release.yml, environment pypi). "
            "Files uploaded so far stay; running again skips them.",
        )
    if re.search(r"Connection|timed out|Max retries|NewConnectionError|RemoteDisconnected",
                 output):
        raise PublishError(
            f"the index could not be reached while uploading {path.name}",
            "check the network and the URL, then run the same command again: files already "
            "uploaded are skipped",
        )
    raise PublishError(f"twine could not upload {path.name} (exit {proc.returncode})",
                       "see twine's output above; files already uploaded are skipped on a re-run")
