"""``release github-release``: create or complete the GitHub Release of a tag, after PyPI.

``release github-release TAG --notes-file F FILES...`` creates or completes the GitHub
Release of a tag so that running it again is always safe:

1. find the release of the tag, published or draft (drafts are only visible in the list);
2. compare every file with the asset of the same name by sha256 (GitHub's ``digest`` field;
   an asset without one is downloaded and hashed): identical assets are skipped, a different
   one, or an incomplete upload left by an earlier run, stops the run *before* any change
   (assets are never deleted or replaced). Signature material (``*.sigstore.json``,
   ``*.intoto.jsonl``, ``*.publish.attestation``) is the exception: a re-run signs again with
   other bytes, so an attached signature is kept and the new one is not attached;
3. before either: every sdist and wheel given must be listed in the build's SHA256SUMS
   (``--checksums``, default: the file named SHA256SUMS among FILES) with the same sha256,
   and every file it lists must be given; in CI, or with ``--require-checksums``, a missing
   SHA256SUMS is an error. Other files (the signature bundles) are attached as given;
4. then act: create a draft when there is no release, update the notes, title and
   pre-release flag when they differ, upload the missing assets (checking the digest GitHub
   computed), and publish the draft last, as GitHub advises for immutable releases.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from packaging.version import InvalidVersion, Version

from release.errors import ReleaseError, UsageError, shorten
from release.outside import ci, http
from release.outside.files import read_bytes, sha256_of
from release.outside.github import GitHub, GitHubError, Progress, describe_error, release_id
from release.outside.github import find_release as _find_release
from release.outside.github import release_assets as list_assets

SIGNATURES = (".sigstore.json", ".sigstore", ".intoto.jsonl", ".publish.attestation")
"""Signature material: a re-run makes it anew with other bytes, so an attached one is kept."""


@dataclass(frozen=True)
class GitHubReleaseOptions:
    """What ``release github-release`` is asked to do."""

    tag: str
    files: tuple[Path, ...]
    notes_file: Path | None = None
    title: str | None = None
    prerelease: str = "auto"  # auto, true or false
    repository: str | None = None
    dry_run: bool = False
    checksums: Path | None = None
    require_checksums: bool = False


@dataclass(frozen=True)
class AssetDecision:
    path: Path
    sha256: str
    action: str  # "upload" or "skip"


@dataclass
class GitHubReleaseResult:
    """What ``release github-release`` did (or, in a dry run, would do)."""

    tag: str
    plan: list[str] = field(default_factory=list)
    decisions: list[AssetDecision] = field(default_factory=list)
    created: bool = False
    updated: list[str] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    published: bool = False
    extra_assets: list[str] = field(default_factory=list)
    url: str = ""
    dry_run: bool = False

    @property
    def skipped(self) -> list[str]:
        return [d.path.name for d in self.decisions if d.action in ("skip", "keep")]

    def as_dict(self) -> dict[str, Any]:
        """``release github-release --format json``."""
        files = []
        for decision in self.decisions:
            name = decision.path.name
            status = ("kept-identical" if decision.action == "skip" else "attached"
                      if name in self.uploaded else "would-attach" if self.dry_run
                      else "not-attached")
            files.append({"name": name, "sha256": decision.sha256, "status": status})
        state = "created" if self.created else "updated" if (
            self.uploaded or self.updated or self.published) else "complete"
        return {"tag": self.tag, "dry_run": self.dry_run,
                "state": "planned" if self.dry_run else state, "url": self.url or None,
                "published": self.published, "plan": self.plan, "files": files,
                "extra_assets": self.extra_assets}


def is_prerelease_tag(tag: str) -> bool:
    """``v1.4.0rc1`` and ``1.4.0.dev2`` are pre-releases (PEP 440); an unparsable tag is not."""
    text = re.sub(r"^[^0-9]*", "", tag)
    try:
        return Version(text).is_prerelease
    except InvalidVersion:
        return False


MAX_ASSET = 2 * 1024 * 1024 * 1024
"""GitHub's largest release asset: a download beyond it is not one."""


def asset_sha256(gh: GitHub, asset: dict[str, object]) -> str:
    digest = asset.get("digest")
    if isinstance(digest, str) and digest.startswith("sha256:"):
        return digest[len("sha256:"):]
    # Assets uploaded before GitHub computed digests: download and hash on the way (the token
    # goes along only when the URL is on the API's origin).
    url = asset.get("url")
    if not isinstance(url, str):
        raise GitHubError(f"the API named no download URL for the asset "
                          f"{shorten(str(asset.get('name')))!r}", "run the same command again")
    hashed = hashlib.sha256()
    gh.request("GET", url, accept="application/octet-stream", timeout=300, sink=hashed.update,
               limit=MAX_ASSET)
    return hashed.hexdigest()


def _upload_target(gh: GitHub, release: dict[str, object], name: str) -> str:
    template = str(release.get("upload_url") or "")
    base = template.split("{", 1)[0]
    if not gh.on_api(base) or urlsplit(base).query:
        raise GitHubError(f"the API named an unexpected upload URL "
                          f"{shorten(http.redact_url(base))!r}",
                          "check GITHUB_API_URL; the token is only sent to the API's own origin "
                          "(scheme, host and port)")
    return f"{base}?{urlencode({'name': name})}"


def run_github_release(options: GitHubReleaseOptions, env: Mapping[str, str],
                       progress: Progress) -> GitHubReleaseResult:
    """Create or complete the GitHub Release of a tag; refuse before changing anything."""
    gh = GitHub.from_env(env, options.repository)
    if not gh.token:
        raise UsageError("no GitHub token", "set GITHUB_TOKEN (in a workflow: "
                         "`env: GITHUB_TOKEN: ${{ github.token }}` with `contents: write`)")
    files = _check_files(options.files)
    _check_sums(files, options, env, progress)
    notes = _read_notes(options.notes_file)
    title = options.title or options.tag
    if options.prerelease not in ("auto", "true", "false"):
        raise UsageError(f"--prerelease {options.prerelease!r}", "use auto, true or false")
    prerelease = (is_prerelease_tag(options.tag) if options.prerelease == "auto"
                  else options.prerelease == "true")
    try:
        return _github_release(gh, options, files, notes, title, prerelease, env, progress)
    except (http.HttpError, http.Unreachable) as exc:
        raise GitHubError(gh.redact(f"the GitHub API: {describe_error(exc)}"),
                          "nothing that was done is undone; run the same command again (the "
                          "job is re-runnable) once the cause is fixed") from None
    except ReleaseError as exc:
        exc.message, exc.hint = gh.redact(exc.message), gh.redact(exc.hint)
        raise


def _check_files(paths: tuple[Path, ...]) -> list[Path]:
    if not paths:
        raise UsageError("no files to attach", "name the files: dist/* SHA256SUMS")
    names: dict[str, Path] = {}
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path} is not a file", "build first: `nox -s build`")
        if path.name in names:
            raise UsageError(f"two files are named {path.name}: {names[path.name]} and {path}",
                             "release assets are identified by name")
        names[path.name] = path
    return list(paths)


def _check_sums(files: list[Path], options: GitHubReleaseOptions, env: Mapping[str, str],
                progress: Progress) -> None:
    """The sdists and wheels to attach are exactly the ones SHA256SUMS lists, byte for byte."""
    from release.commands.checksums import differences, load_sums
    from release.project.distfiles import kind_of

    sums = options.checksums or next((p for p in files if p.name == "SHA256SUMS"), None)
    if sums is None or not sums.is_file():
        what = f"{sums} does not exist" if sums is not None else "no SHA256SUMS was given"
        if options.require_checksums or ci.is_ci(env):
            raise ReleaseError(
                f"{what}, so the files cannot be checked against the checksums the build "
                "recorded; nothing was changed",
                "pass the build's SHA256SUMS among the files (in CI: the release-meta "
                "artifact), or --checksums FILE")
        progress(f"note: {what}: the files are not checked against the build's checksums "
                 "(in CI, or with --require-checksums, this stops the run)")
        return
    expected = {n: d for n, d in load_sums(sums).items() if kind_of(Path(n)) is not None}
    wrong = differences({p.name: p for p in files if kind_of(p) is not None}, expected,
                        sums.name)
    if wrong:
        raise ReleaseError(
            "the files are not the ones the build checked; nothing was changed:\n  "
            + "\n  ".join(wrong),
            "attach the dist and release-meta artifacts of one build job, unchanged",
            file=str(sums))
    progress(f"every sdist and wheel matches {sums} (written by the build)")


def _read_notes(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return read_bytes(path, str(path)).decode("utf-8", "replace")
    except FileNotFoundError:
        raise UsageError(f"the notes file {path} does not exist",
                         "write it with `release notes TAG --output FILE`") from None
    except (OSError, ReleaseError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UsageError(f"cannot read the notes file {path}: {reason}",
                         "write it with `release notes TAG --output FILE`") from None


def _github_release(gh: GitHub, options: GitHubReleaseOptions, files: list[Path], notes: str,
                    title: str, prerelease: bool, env: Mapping[str, str], progress: Progress
                    ) -> GitHubReleaseResult:
    tag = options.tag
    result = GitHubReleaseResult(tag, dry_run=options.dry_run)
    release = _find_release(gh, tag)
    assets = list_assets(gh, release) if release is not None else []
    result.decisions, result.extra_assets = _decide(gh, tag, files, assets)
    uploads = [d for d in result.decisions if d.action == "upload"]
    draft = bool(release.get("draft")) if release is not None else True
    if release is not None and not draft and release.get("immutable") and uploads:
        raise ReleaseError(
            f"the GitHub Release of {tag} is published and immutable, and lacks "
            f"{', '.join(d.path.name for d in uploads)}; nothing was changed",
            "an immutable release can never get assets: the files stay available on PyPI "
            "(with SHA256SUMS in the workflow run's artifacts); note it in the release text",
        )
    if release is not None and uploads:
        _upload_target(gh, release, "check")  # an upload URL elsewhere stops before any change
    wanted = {"name": title, "body": notes, "prerelease": prerelease}
    changes = {} if release is None else {k: v for k, v in wanted.items() if release.get(k) != v}
    result.plan = ([f"create draft release {tag} ({'pre-release' if prerelease else 'release'}, "
                    f"title {title!r})"] if release is None else [])
    if changes:
        result.plan.append(f"update the release's {', '.join(sorted(changes))}")
    result.plan += [f"upload {d.path.name} (sha256 {d.sha256[:16]}...)" for d in uploads]
    result.plan += [f"keep {d.path.name} (attached, sha256 matches)" for d in result.decisions
                    if d.action == "skip"]
    result.plan += [f"keep {d.path.name} (a signature an earlier run attached, sha256 "
                    f"{d.sha256[:16]}...; the new one is not attached)"
                    for d in result.decisions if d.action == "keep"]
    if draft:
        result.plan.append(f"publish release {tag}")
    progress(f"GitHub Release {tag} of {gh.repo}" + (" (dry run: nothing is changed)"
                                                     if options.dry_run else "") + ":")
    for line in result.plan:
        progress(f"  {line}")
    if options.dry_run:
        return result
    if release is None:
        made = gh.request("POST", gh.url("/releases"), {
            "tag_name": tag, "name": title, "body": notes, "draft": True,
            "prerelease": prerelease}).json()
        if not isinstance(made, dict):
            raise GitHubError("the API did not return the new release", "run the command again")
        release, result.created = made, True
        progress(f"created draft release {tag}")
    elif changes:
        release = _patch(gh, release, changes)
        result.updated = sorted(changes)
    for decision in uploads:
        _upload(gh, release, decision, result, progress)
    if release.get("draft"):
        release = _patch(gh, release, {"draft": False, "make_latest": "legacy"})
        result.published = True
        progress(f"published release {tag}")
    result.url = str(release.get("html_url") or "")
    if ci.is_github_actions(env):
        ci.append_step_summary(_summary(result), env)
    return result


def _decide(gh: GitHub, tag: str, files: list[Path], assets: list[dict[str, object]]
            ) -> tuple[list[AssetDecision], list[str]]:
    """Per file: upload or skip; raise when an attached asset differs (before any change)."""
    by_name = {str(a.get("name")): a for a in assets}
    decisions, conflicts = [], []
    for path in files:
        digest = sha256_of(path)
        asset = by_name.get(path.name)
        if asset is None:
            decisions.append(AssetDecision(path, digest, "upload"))
        elif asset.get("state") not in (None, "uploaded"):
            conflicts.append(f"{path.name}: an incomplete upload (state {asset.get('state')!r}) "
                             "from an earlier run is attached")
        elif (theirs := asset_sha256(gh, asset)) == digest:
            decisions.append(AssetDecision(path, digest, "skip"))
        elif path.name.endswith(SIGNATURES):
            # A re-run signs again, with new bytes; the signature an earlier run attached
            # covers the same files (SHA256SUMS matched above) and stays.
            decisions.append(AssetDecision(path, theirs, "keep"))
        else:
            conflicts.append(f"{path.name}: local sha256 {digest[:16]}..., attached "
                             f"{theirs[:16]}...")
    if conflicts:
        raise ReleaseError(
            f"the GitHub Release of {tag} already has assets that differ from these files; "
            "nothing was changed:\n  " + "\n  ".join(conflicts),
            "assets are never replaced: compare with the files on PyPI and SHA256SUMS; if the "
            "attached one is wrong or incomplete, delete it on the release page (Edit), then "
            "run the same command again",
        )
    local = {p.name for p in files}
    return decisions, sorted(n for n in by_name if n not in local)


def _patch(gh: GitHub, release: dict[str, object], body: dict[str, object]
           ) -> dict[str, object]:
    answer = gh.request("PATCH", gh.url(f"/releases/{release_id(release)}"), body).json()
    return answer if isinstance(answer, dict) else release


def _upload(gh: GitHub, release: dict[str, object], decision: AssetDecision,
            result: GitHubReleaseResult, progress: Progress) -> None:
    name = decision.path.name
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    target = _upload_target(gh, release, name)
    try:
        answer = gh.request("POST", target, raw=decision.path.read_bytes(), content_type=kind,
                            timeout=600)
    except http.HttpError as exc:
        if exc.status != 422:
            raise
        # Already attached (an earlier, interrupted run, or a concurrent one): compare.
        for asset in list_assets(gh, release):
            if asset.get("name") == name and asset.get("state") in (None, "uploaded") and \
                    asset_sha256(gh, asset) == decision.sha256:
                progress(f"  {name}: already attached, sha256 matches")
                return
        raise GitHubError(f"GitHub refused to attach {name}: {describe_error(exc)}",
                          "if the release is immutable or an asset of that name differs, see "
                          "the release page; nothing is deleted or replaced") from None
    made = answer.json()
    digest = made.get("digest") if isinstance(made, dict) else None
    if isinstance(digest, str) and digest != f"sha256:{decision.sha256}":
        raise GitHubError(f"GitHub computed {digest} for the uploaded {name}, not "
                          f"sha256:{decision.sha256}",
                          "the upload was damaged: delete that asset on the release page, then "
                          "run the same command again")
    result.uploaded.append(name)
    progress(f"uploaded {name}")


def _summary(result: GitHubReleaseResult) -> str:
    rows = "\n".join([f"| `{n}` | attached now |" for n in result.uploaded]
                     + [f"| `{n}` | already attached (sha256 matches) |" for n in result.skipped])
    state = "created and published" if result.created else (
        "published" if result.published else "complete")
    return (f"### GitHub Release {result.tag}: {state}\n\n{result.url}\n\n"
            f"| asset | result |\n|---|---|\n{rows}\n")
