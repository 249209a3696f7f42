"""``release verify``: what the index (and the GitHub Release) serve is exactly what was built.

A read-back that anyone can run after a release, and the last job of release.yml:

1. The expected files: the build's SHA256SUMS (``--checksums``, default ``SHA256SUMS``; with
   ``--github`` and no such file, the SHA256SUMS attached to the release). Its sdist and
   wheels name one project and one version (``VERSION`` must agree when it is given).
2. The index (``--repository-url``, default PyPI): its listing of that version must hold
   exactly those files with exactly those sha256 (PyPI's JSON API, else the simple API). A
   missing, extra or different file is a failure; with ``--wait`` a file not listed yet is
   asked again (PyPI's CDN lags behind an upload), a different or extra one never.
3. Provenance (``--provenance verify``, the default): the index's PEP 740 provenance for each
   file (PyPI's Integrity API) must exist and name this repository's ``release.yml``
   (``--workflow``: a monorepo package's own) as its GitHub publisher; then pypi-attestations
   checks every attestation's signature against the file's sha256 and that publisher, with
   Sigstore's trust root fetched first. When the trust root cannot be reached, or
   pypi-attestations is missing, the check fails and says so; ``--provenance present`` checks
   existence and publisher only, ``--provenance skip`` nothing (a token-mode release, an index
   without PEP 740), and the result says which.
4. ``--github``: the GitHub Release of the tag holds the same files with the same sha256
   (GitHub's ``digest``), the SHA256SUMS, at least one signature bundle (``*.sigstore.json``,
   ``*.sigstore``, ``*.intoto.jsonl``) and, besides, only the PEP 740 attestation of a listed
   file (``FILE.publish.attestation``): anything else attached is a failure.

Nothing is changed anywhere; every finding is reported, and any failure is exit 1.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from release.commands.checksums import load_sums, parse_sums
from release.commands.github_release import asset_sha256
from release.errors import ReleaseError, UsageError, shorten
from release.outside import attestations, ci, http, index
from release.outside.github import GitHub, GitHubError, describe_error
from release.outside.github import release_assets as list_assets
from release.project import distfiles
from release.project.tags import split_tag
from release.project.versions import Version, parse_or_none

Progress = Callable[[str], None]
WORKFLOW = "release.yml"
SIGNATURE_SUFFIXES = (".sigstore.json", ".sigstore", ".intoto.jsonl")
PROVENANCE_CHOICES = ("verify", "present", "skip")


@dataclass(frozen=True)
class VerifyOptions:
    """What ``release verify`` is asked to check."""

    version: str | None = None
    repository_url: str | None = None
    checksums: Path | None = None
    github: bool = False
    repository: str | None = None
    provenance: str = "verify"
    wait: float = 0.0
    workflow: str = WORKFLOW


@dataclass(frozen=True)
class Finding:
    """One thing checked: where (``index``, ``provenance``, ``signature``, ``github``), about
    which file, whether it holds, and what was seen."""

    where: str
    subject: str
    ok: bool
    message: str


@dataclass
class VerifyResult:
    project: str
    version: str
    url: str
    expected: dict[str, str]
    checksums: str
    tag: str = ""
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    def as_dict(self) -> dict[str, Any]:
        """``release verify --format json``."""
        return {"project": self.project, "version": self.version, "url": self.url,
                "tag": self.tag or None, "checksums": self.checksums,
                "expected": [{"name": name, "sha256": digest}
                             for name, digest in sorted(self.expected.items())],
                "findings": [{"where": f.where, "subject": f.subject, "ok": f.ok,
                              "message": f.message} for f in self.findings],
                "notes": self.notes}


def run_verify(options: VerifyOptions, env: Mapping[str, str], progress: Progress,
               sleep: Callable[[float], None] = time.sleep,
               clock: Callable[[], float] = time.monotonic) -> VerifyResult:
    """Check the index (and the GitHub Release) against SHA256SUMS; never changes anything."""
    if options.provenance not in PROVENANCE_CHOICES:
        raise UsageError(f"--provenance {options.provenance!r}",
                         f"use one of {', '.join(PROVENANCE_CHOICES)}")
    needs_repo = options.github or options.provenance != "skip"
    gh = GitHub.from_env(env, options.repository) if needs_repo else None
    raw_url = options.repository_url or index.PYPI_UPLOAD
    url, user, password = http.split_credentials(raw_url)
    auth = (user or "", password or "") if user is not None else None
    sums_path = options.checksums or Path("SHA256SUMS")
    release: dict[str, object] | None = None
    assets: list[dict[str, object]] = []
    tag = ""
    try:
        if sums_path.is_file() or not options.github:
            text = _read_sums(sums_path)
            project, version, expected = _expected(text, str(sums_path), options.version)
        else:
            if gh is None:  # pragma: no cover - --github always makes one
                raise UsageError("no repository", "pass --repo OWNER/NAME")
            release, tag = _find_release(gh, options.version, None, env)
            assets = list_assets(gh, release)
            text = _download_sums(gh, assets, tag)
            project, version, expected = _expected(text, f"SHA256SUMS of {tag}",
                                                   options.version)
            progress(f"no {sums_path}: using the SHA256SUMS attached to the release {tag}")
        result = VerifyResult(project, version, url, expected,
                              str(sums_path) if release is None else f"{tag}:SHA256SUMS")
        progress(f"verify {project} {version}: {len(expected)} file(s) from "
                 f"{result.checksums} against {url}")
        _check_index(result, auth, options.wait, progress, sleep, clock)
        if options.provenance == "skip":
            result.notes.append("provenance: not checked (--provenance skip)")
        elif gh is not None:
            _check_provenance(result, gh.repo, options, auth, progress)
        if options.github and gh is not None:
            if release is None:
                release, tag = _find_release(gh, options.version or version, version, env)
                assets = list_assets(gh, release)
            result.tag = tag
            _check_github(result, gh, release, assets, sums_path, progress)
    except (http.HttpError, http.Unreachable) as exc:
        raise GitHubError(f"the GitHub API: {describe_error(exc)}",
                          "run the same command again once GitHub answers; nothing was "
                          "verified") from None
    if ci.is_github_actions(env):
        ci.append_step_summary(summary(result), env)
    return result


def _read_sums(path: Path) -> str:
    try:
        load_sums(path)  # the clear errors for an empty or missing file
    except FileNotFoundError:
        raise ReleaseError(f"{path} does not exist: nothing to compare the index with",
                           "pass the build's SHA256SUMS (--checksums FILE; in CI the "
                           "release-meta artifact), or --github to use the one attached to the "
                           "GitHub Release") from None
    return path.read_text(encoding="utf-8", errors="replace")


def _expected(text: str, shown: str, wanted: str | None) -> tuple[str, str, dict[str, str]]:
    """``(project, version, {sdist or wheel: sha256})`` from a SHA256SUMS text."""
    listed = parse_sums(text, shown)
    expected = {n: d for n, d in listed.items() if distfiles.kind_of(Path(n)) is not None}
    names: dict[str, set[str]] = {}
    for name in expected:
        parsed = _name_version(name)
        if parsed is None:
            raise ReleaseError(f"{shown} lists {name}, which is not a valid sdist or wheel name",
                               "verify the SHA256SUMS that the build wrote", file=shown)
        names.setdefault(parsed[0], set()).add(str(parsed[1]))
    if not expected:
        raise ReleaseError(f"{shown} lists no sdist or wheel", "pass the build's SHA256SUMS",
                           file=shown)
    if len(names) != 1 or len(next(iter(names.values()))) != 1:
        found = ", ".join(f"{p} {v}" for p, vs in sorted(names.items()) for v in sorted(vs))
        raise ReleaseError(f"{shown} lists files of more than one release: {found}",
                           "pass the SHA256SUMS of one release", file=shown)
    project, versions = next(iter(names.items()))
    version = next(iter(versions))
    if wanted is not None:
        asked = parse_or_none(wanted) or (split_tag(wanted) or ("", None, ""))[1]
        if asked is None or asked != Version(version):
            raise ReleaseError(f"{shown} lists the files of {project} {version}, not {wanted}",
                               "pass the SHA256SUMS of that release, or leave VERSION out",
                               file=shown)
    return project, version, expected


def _name_version(name: str) -> tuple[str, Version] | None:
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    try:
        if name.endswith(distfiles.WHEEL_SUFFIX):
            project, version, _, _ = parse_wheel_filename(name)
        else:
            project, version = parse_sdist_filename(name)
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        return None
    return str(project), version


def shown(text: str, limit: int = 120) -> str:
    """Text from an index or an API as it is printed: control characters (a lone CR starts a
    workflow command on the Actions runner) replaced, long values cut."""
    return shorten("".join(c if c.isprintable() else "?" for c in text), limit)


# --- the index ----------------------------------------------------------------------------

def _check_index(result: VerifyResult, auth: tuple[str, str] | None, wait: float,
                 progress: Progress, sleep: Callable[[float], None],
                 clock: Callable[[], float]) -> None:
    deadline = clock() + wait
    attempt = 0
    while True:
        listing = index.release_files(result.url, result.project, result.version, auth=auth,
                                      fresh=attempt > 0)
        mine = {n: d for n, d in listing.files.items() if _of_version(n, result)}
        missing = [n for n in result.expected if n not in mine]
        pause = min(5.0 * (attempt + 1), 30.0)
        if not missing or clock() + pause > deadline:
            break
        attempt += 1
        progress(f"  the index does not list {', '.join(sorted(missing))} yet; asking again in "
                 f"{pause:.0f} s (--wait)")
        sleep(pause)
    where = f"index ({listing.source})"
    for name, digest in sorted(result.expected.items()):
        if name not in mine:
            result.findings.append(Finding("index", name, False,
                                           f"not on the index ({listing.source})"))
        elif mine[name] is None:
            result.findings.append(Finding("index", name, False, "the index gives no sha256 for "
                                           "it, so it cannot be compared"))
        elif mine[name] != digest:
            result.findings.append(Finding(
                "index", name, False, f"the index serves sha256 {shown(str(mine[name]))[:16]}..., "
                f"{result.checksums} says {digest[:16]}..."))
        else:
            result.findings.append(Finding("index", name, True, f"sha256 matches ({where})"))
    for name in sorted(set(mine) - set(result.expected)):
        result.findings.append(Finding("index", shown(name), False,
                                       f"on the index, but not in {result.checksums}"))


def _of_version(name: str, result: VerifyResult) -> bool:
    """A file of this project and version (the simple index lists every version's files)."""
    parsed = _name_version(name)
    if parsed is None:
        return False
    return (canonicalize_name(parsed[0]) == canonicalize_name(result.project)
            and parsed[1] == Version(result.version))


# --- PEP 740 provenance -----------------------------------------------------------------------

def _check_provenance(result: VerifyResult, repository: str, options: VerifyOptions,
                      auth: tuple[str, str] | None, progress: Progress) -> None:
    signatures = options.provenance == "verify"
    cannot = ""
    if signatures:
        try:
            attestations.refresh_trust_root()
        except attestations.CannotVerify as exc:
            cannot = str(exc)
    else:
        result.notes.append("signatures: not checked (--provenance present): the provenance "
                            "was checked for existence and its publisher only")
    wanted = f"{repository}/.github/workflows/{options.workflow}"
    for name, digest in sorted(result.expected.items()):
        try:
            found = index.provenance(result.url, result.project, result.version, name)
        except ReleaseError as exc:
            result.findings.append(Finding("provenance", name, False,
                                           f"cannot read it: {exc.message}"))
            continue
        if found is None:
            result.findings.append(Finding(
                "provenance", name, False, "the index has no PEP 740 provenance for it "
                "(uploaded without trusted publishing and attestations?)"))
            continue
        bundle, seen = _matching_bundle(found, repository, options.workflow)
        if bundle is None:
            result.findings.append(Finding(
                "provenance", name, False, f"its provenance names {seen or 'no publisher'}, "
                f"not {wanted}"))
            continue
        result.findings.append(Finding("provenance", name, True,
                                       f"PEP 740 provenance from {wanted}"))
        if not signatures:
            continue
        if cannot:
            result.findings.append(Finding("signature", name, False,
                                           f"not verified: {cannot}"))
            continue
        items = bundle.get("attestations")
        problems = [attestations.verify(item, name, digest, repository, options.workflow)
                    for item in (items if isinstance(items, list) else [])] or [
            "the provenance holds no attestation"]
        bad = [p for p in problems if p is not None]
        result.findings.append(Finding(
            "signature", name, not bad, "; ".join(bad) if bad else
            f"{len(problems)} attestation(s) verified with Sigstore against its sha256"))
    progress(f"  provenance checked for {len(result.expected)} file(s)")


def _matching_bundle(found: object, repository: str, workflow: str
                     ) -> tuple[dict[str, object] | None, str]:
    """The attestation bundle whose GitHub publisher is ``repository``'s ``workflow``; else
    ``None`` and the publishers that were named instead."""
    bundles = found.get("attestation_bundles") if isinstance(found, dict) else None
    seen = []
    for bundle in bundles if isinstance(bundles, list) else []:
        publisher = bundle.get("publisher") if isinstance(bundle, dict) else None
        if not isinstance(publisher, dict):
            continue
        kind, repo = publisher.get("kind"), str(publisher.get("repository", ""))
        flow = str(publisher.get("workflow", ""))
        seen.append(f"{kind} {repo}/.github/workflows/{flow}" if kind == "GitHub"
                    else f"a {kind} publisher")
        if kind == "GitHub" and repo.lower() == repository.lower() and flow == workflow \
                and isinstance(bundle, dict):
            return bundle, ""
    return None, shown(", ".join(seen), 300)


# --- the GitHub Release -----------------------------------------------------------------------

def _find_release(gh: GitHub, wanted: str | None, version: str | None, env: Mapping[str, str]
                  ) -> tuple[dict[str, object], str]:
    """The release of ``wanted`` (a tag, or a version matched by PEP 440 equality)."""
    target = parse_or_none(version or "") or parse_or_none(wanted or "") or (
        split_tag(wanted or "") or ("", None, ""))[1]
    ci_tag = (ci.detect_tag(env) or ("", ""))[0]
    if target is None:
        split = split_tag(ci_tag)
        target = split[1] if split else None
    if target is None:
        raise UsageError("which release? no VERSION and no tag in the environment",
                         "pass VERSION (1.4.0 or v1.4.0), or --checksums FILE")
    found = []
    for _, items in gh.pages(gh.url("/releases", per_page=100)):
        for item in items:
            if not isinstance(item, dict):
                continue
            name = str(item.get("tag_name", ""))
            split = split_tag(name)
            if name == wanted or (split is not None and split[1] == target):
                found.append(item)
    exact = [r for r in found if r.get("tag_name") in (wanted, ci_tag)]
    chosen = exact[:1] or found
    if not chosen:
        raise ReleaseError(f"{gh.repo} has no GitHub Release for {wanted or target}",
                           "run the release workflow's github-release job, or leave --github "
                           "out")
    if len(chosen) > 1:
        tags = ", ".join(str(r.get("tag_name")) for r in chosen)
        raise ReleaseError(f"more than one GitHub Release is version {target}: {shown(tags)}",
                           "pass the tag as VERSION")
    return chosen[0], str(chosen[0].get("tag_name"))


def _download_sums(gh: GitHub, assets: list[dict[str, object]], tag: str) -> str:
    asset = next((a for a in assets if a.get("name") == "SHA256SUMS"), None)
    if asset is None:
        raise ReleaseError(f"the GitHub Release {tag} has no SHA256SUMS, and there is none here",
                           "pass the build's SHA256SUMS with --checksums FILE")
    answer = gh.request("GET", str(asset.get("url")), accept="application/octet-stream")
    return answer.body.decode("utf-8", "replace")


def _check_github(result: VerifyResult, gh: GitHub, release: dict[str, object],
                  assets: list[dict[str, object]], sums_path: Path, progress: Progress) -> None:
    tag = result.tag
    where = f"release {tag}"
    if release.get("draft"):
        result.findings.append(Finding("github", tag, False, "the release is still a draft"))
    by_name = {str(a.get("name")): a for a in assets}
    wanted = dict(result.expected)
    if sums_path.is_file() and result.checksums == str(sums_path):
        wanted["SHA256SUMS"] = hashlib.sha256(sums_path.read_bytes()).hexdigest()
    elif "SHA256SUMS" in by_name:
        wanted["SHA256SUMS"] = asset_sha256(gh, by_name["SHA256SUMS"])
    for name, digest in sorted(wanted.items()):
        asset = by_name.get(name)
        if asset is None:
            result.findings.append(Finding("github", name, False, f"not attached to {where}"))
        elif (theirs := asset_sha256(gh, asset)) != digest:
            result.findings.append(Finding(
                "github", name, False,
                f"attached with sha256 {shown(theirs)[:16]}..., expected {digest[:16]}..."))
        else:
            result.findings.append(Finding("github", name, True, f"attached to {where}, "
                                           "sha256 matches"))
    signed = sorted(n for n in by_name if n.endswith(SIGNATURE_SUFFIXES))
    result.findings.append(Finding(
        "github", "signatures", bool(signed),
        f"signature bundle(s) attached: {shown(', '.join(signed), 300)}"
        if signed else f"no signature bundle attached to {where} (*.sigstore.json, "
        "*.intoto.jsonl)"))
    allowed = {f"{n}.publish.attestation" for n in result.expected}
    for name in sorted(set(by_name) - set(wanted) - set(signed)):
        if name in allowed:
            result.findings.append(Finding("github", name, True, "PEP 740 attestation of a "
                                           "listed file"))
        else:
            result.findings.append(Finding("github", shown(name), False,
                                           f"attached to {where}, but not a file of this "
                                           "release"))
    progress(f"  GitHub Release {tag} of {gh.repo}: {len(assets)} asset(s) checked")


def summary(result: VerifyResult) -> str:
    rows = "\n".join(f"| {'✅' if f.ok else '❌'} | {f.where} | `{ci.markdown_cell(f.subject)}` "
                     f"| {ci.markdown_cell(f.message)} |" for f in result.findings)
    state = "verified" if result.ok else "NOT VERIFIED"
    notes = "".join(f"\n> {note}\n" for note in result.notes)
    return (f"### release verify: {result.project} {result.version} {state}\n\n"
            f"Against {result.checksums} and {result.url}.\n{notes}\n"
            f"| | where | file | finding |\n|---|---|---|---|\n{rows}\n")


def failure(result: VerifyResult) -> ReleaseError:
    """The error for a release that does not verify."""
    lines = "\n  ".join(f"{f.where}: {f.subject}: {f.message}" for f in result.failed)
    hint = ("a file that differs or is extra on the index can never be replaced: yank the "
            "release on PyPI and release a new version; a file missing from the index or the "
            "GitHub Release: re-run the release workflow's publish or github-release job")
    if any(f.where == "signature" and "not verified" in f.message for f in result.failed):
        hint = ("the signatures could not be checked here (see above): run it where Sigstore "
                "is reachable with pypi-attestations installed (`nox -s verify`), or check "
                "existence and publisher only with --provenance present")
    elif any(f.where == "provenance" for f in result.failed):
        hint = (f"a file uploaded without trusted publishing has no provenance: publish from "
                f"the release workflow; for an index without PEP 740 use --provenance skip. "
                f"{hint}")
    return ReleaseError(f"{len(result.failed)} finding(s) for {result.project} "
                        f"{result.version} do not hold:\n  {lines}", hint)
