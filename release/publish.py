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

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from release import ci, distfiles, index
from release.checksums import sha256_of
from release.console import Console
from release.errors import PublishError, ReleaseError
from release.validate import Options, validate

TOKEN_VARIABLE = "PYPI_API_TOKEN"  # noqa: S105 - the variable's name, not a secret
_TOKEN_SHAPED = re.compile(r"pypi-[A-Za-z0-9_\-]{16,}")


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


def run_publish(args: argparse.Namespace, console: Console) -> int:
    env = os.environ
    repo: Path = args.repo
    dist: Path = args.dist if args.dist.is_absolute() else repo / args.dist
    url: str = args.repository_url or env.get("TWINE_REPOSITORY_URL") or index.PYPI_UPLOAD
    credentials = find_credentials(env)
    if credentials.token and ci.is_github_actions(env):
        console.raw_err(ci.mask(credentials.token))
    secrets = [credentials.token or ""]
    try:
        return _publish(args, console, env=env, repo=repo, dist=dist, url=url,
                        credentials=credentials)
    except ReleaseError as exc:
        exc.message = redact(exc.message, secrets)
        exc.hint = redact(exc.hint, secrets)
        if ci.is_github_actions(env):
            ci.append_step_summary(f"### release publish: FAILED\n\n```\n{exc.message}\n"
                                   f"{exc.hint}\n```\n", env)
        raise


def _publish(args: argparse.Namespace, console: Console, *, env: Mapping[str, str], repo: Path,
             dist: Path, url: str, credentials: Credentials) -> int:
    from release.cli import show_report

    report = validate(Options(repo=repo, dist=dist))
    if not report.ok:
        show_report(report, console)
        raise PublishError("validation failed; nothing was uploaded",
                           "fix the problems above, then run the same command again")
    artifacts = [distfiles.read(p) for p in distfiles.find(dist)]
    project = artifacts[0].name
    console.info(f"publish {project} {report.version} to {url}", "bold")
    console.info(f"credentials: {credentials.describe()}")
    if credentials.source == "none" and not args.dry_run:
        raise PublishError(remediation(url, project), "")
    published = index.existing_files(index.simple_url_for(url), project)
    decisions = decide(artifacts, published)
    for decision in decisions:
        verb = "upload" if decision.action == "upload" else "skip (identical file on the index)"
        console.info(f"  {decision.artifact.path.name}: {verb}")
    if args.dry_run:
        if credentials.source == "none":
            console.warning(remediation(url, project))
        console.print(f"dry run: {sum(d.action == 'upload' for d in decisions)} to upload, "
                      f"{sum(d.action == 'skip' for d in decisions)} already there")
        return 0
    uploaded: list[str] = []
    for decision in decisions:
        if decision.action == "upload":
            _twine_upload(decision.artifact.path, url, credentials, console, env)
            uploaded.append(decision.artifact.path.name)
    after = index.existing_files(index.simple_url_for(url), project) if uploaded else published
    missing = [d.artifact.path.name for d in decisions
               if after.get(d.artifact.path.name, "absent") not in (d.sha256, None)]
    if missing:
        raise PublishError(f"the index does not list {', '.join(missing)} after the upload",
                           "run the same command again; identical files are skipped")
    skipped = [d.artifact.path.name for d in decisions if d.action == "skip"]
    for name in uploaded:
        console.print(f"uploaded {name}")
    for name in skipped:
        console.print(f"skipped {name} (already on the index, identical)")
    if ci.is_github_actions(env):
        rows = "\n".join([f"| `{n}` | uploaded |" for n in uploaded]
                         + [f"| `{n}` | already there (identical) |" for n in skipped])
        ci.append_step_summary(f"### release publish: {project} {report.version}\n\n"
                               f"| file | result |\n|---|---|\n{rows}\n", env)
    return 0


def _twine_upload(path: Path, url: str, credentials: Credentials, console: Console,
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
            console.info(f"    twine: {line}")
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
