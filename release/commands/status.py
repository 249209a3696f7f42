"""``release status``: where a release stands, in one report; it reports, it does not judge.

For one project (or, with ``--all``, every package of a monorepo): the version and where it
comes from; the state (:data:`release.project.checks.STATES`) with the commits and changelog
entries since the newest release tag; that tag, its date and whether it is on the main
branch; whether the package index has that version with an sdist and a wheel (the index
code ``release publish`` uses; ``--offline`` skips it); with ``--github``, whether the GitHub
Release of the tag exists, is published and has the same files; and the one thing to do next.

Only a project that cannot be read (no pyproject.toml, no version) raises; an index or API
that cannot answer is part of the report.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    parse_sdist_filename,
    parse_wheel_filename,
)

from release.commands.validate import Options, facts_dict, gather
from release.errors import ReleaseError
from release.outside import http, index
from release.outside.git import Git
from release.outside.github import GitHub, describe_error, find_release, release_assets
from release.project.checks import STATES, Facts, pending, run_checks
from release.project.hints import command
from release.project.packages import find_packages
from release.project.pyproject import load
from release.project.versions import Version, bump, development_of, parse_or_none


@dataclass(frozen=True)
class StatusOptions:
    """What ``release status`` is asked to look at."""

    repo: Path = field(default_factory=Path)
    repository_url: str | None = None
    offline: bool = False
    github: bool = False
    all: bool = False


@dataclass
class IndexState:
    """What the package index has of one release."""

    url: str
    version: str
    files: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None

    @property
    def missing(self) -> list[str]:
        """``sdist`` and/or ``wheel`` when the index has none of that kind."""
        kinds = {"sdist" if name.endswith((".tar.gz", ".zip")) else "wheel"
                 for name in self.files}
        return [kind for kind in ("sdist", "wheel") if kind not in kinds]

    @property
    def complete(self) -> bool:
        return self.error is None and not self.missing

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "version": self.version, "complete": self.complete,
                "missing": self.missing if self.error is None else [],
                "files": [{"name": n, "sha256": s} for n, s in sorted(self.files.items())],
                "error": self.error}


@dataclass
class GitHubState:
    """The GitHub Release of one tag, compared with the index's files."""

    repository: str
    tag: str
    exists: bool = False
    draft: bool = False
    url: str | None = None
    files: dict[str, str | None] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    """Files of the index's release that the GitHub Release lacks."""
    different: list[str] = field(default_factory=list)
    """Files attached with another sha256 than the index's."""
    error: str | None = None

    @property
    def complete(self) -> bool:
        return self.error is None and self.exists and not self.draft and not self.missing \
            and not self.different

    def as_dict(self) -> dict[str, Any]:
        return {"repository": self.repository, "tag": self.tag, "exists": self.exists,
                "draft": self.draft, "url": self.url, "complete": self.complete,
                "files": [{"name": n, "sha256": s} for n, s in sorted(self.files.items())],
                "missing": self.missing, "different": self.different, "error": self.error}


@dataclass
class PackageStatus:
    """Where one package's release stands."""

    folder: str
    facts: Facts
    state: str | None
    problems: list[dict[str, Any]]
    tag_on_main: bool | None = None
    index: IndexState | None = None
    github: GitHubState | None = None
    next: str | None = None
    """The one command to run next (``None``: nothing to do)."""
    why: str = ""

    def as_dict(self) -> dict[str, Any]:
        facts = self.facts
        tag = facts.since_tag
        return {
            "folder": self.folder,
            "project": facts.project_name,
            "version": facts_dict(facts)["version"],
            "state": self.state,
            "state_text": STATES.get(self.state or "", "unknown"),
            "pending": pending(facts).as_dict(),
            "tag": None if tag is None else {
                "name": tag.name, "version": str(tag.version), "commit": tag.commit,
                "date": _day(tag.date), "on_main": self.tag_on_main,
                "main_branch": facts.main.name},
            "index": self.index.as_dict() if self.index is not None else None,
            "github": self.github.as_dict() if self.github is not None else None,
            "next": {"command": self.next, "why": self.why},
            "checks_failed": self.problems,
        }


@dataclass
class Unreadable:
    """A package of ``--all`` that cannot be read: the others are still reported."""

    folder: str
    error: ReleaseError

    @property
    def file(self) -> str | None:
        """The file of the error as the repository shows it (``packages/b/pyproject.toml``)."""
        file, folder = self.error.file, self.folder.rstrip("/")
        if file is None or folder in ("", ".") or file.startswith(folder + "/"):
            return file
        return f"{folder}/{file}"

    def as_problem(self) -> dict[str, Any]:
        return {**self.error.as_problem(), "file": self.file}

    def as_dict(self) -> dict[str, Any]:
        error = self.error
        return {"folder": self.folder, "state": "unreadable",
                "error": {"message": error.message, "hint": error.hint, "file": self.file,
                          "line": error.line}}


@dataclass
class StatusResult:
    """``release status``: one package, or every package with ``--all``."""

    packages: list[PackageStatus | Unreadable]
    all: bool = False

    @property
    def single(self) -> PackageStatus:
        """The one package of a run without ``--all`` (an unreadable one has raised)."""
        package = self.packages[0]
        if isinstance(package, Unreadable):
            raise package.error
        return package

    @property
    def unreadable(self) -> list[Unreadable]:
        return [p for p in self.packages if isinstance(p, Unreadable)]

    def as_dict(self) -> dict[str, Any]:
        if self.all:
            return {"packages": [p.as_dict() for p in self.packages]}
        return self.packages[0].as_dict()


def _day(stamp: int) -> str | None:
    return _dt.datetime.fromtimestamp(stamp, _dt.timezone.utc).date().isoformat() \
        if stamp else None


def status(options: StatusOptions, env: Mapping[str, str]) -> StatusResult:
    """The status of the project (or of every package, with ``--all``)."""
    if not options.all:
        return StatusResult([package_status(options.repo, ".", options, env)])
    folders = find_packages(options.repo)
    if not folders:
        raise ReleaseError(f"no package found in {options.repo.resolve()}",
                           "run it in a repository with pyproject.toml files (tracked by git), "
                           "or without --all in a package's folder")
    found: list[PackageStatus | Unreadable] = []
    for folder in folders:
        try:
            found.append(package_status(options.repo / folder, folder, options, env))
        except ReleaseError as exc:  # one broken package does not hide the others
            found.append(Unreadable(folder, exc))
    return StatusResult(found, all=True)


def package_status(folder: Path, shown: str, options: StatusOptions, env: Mapping[str, str]
                   ) -> PackageStatus:
    """One package: read as branch-mode validation reads it, then the index and GitHub."""
    facts = gather(Options(mode="branch", repo=folder), {})
    if facts.version_error is not None and facts.version_text is None and not facts.vcs:
        error = facts.version_error
        raise ReleaseError(f"cannot read the project in {shown}: {error.message}", error.hint,
                           file=error.file, line=error.line)
    checks, state = run_checks(facts)
    result = PackageStatus(shown, facts, state,
                           [c.as_problem() for c in checks if c.failed])
    tag = facts.since_tag
    if tag is not None and tag.commit and facts.main.refs:
        git = Git(folder)
        result.tag_on_main = any(git.is_ancestor(tag.commit, ref) for ref in facts.main.refs)
    if tag is not None and not options.offline and facts.project_name:
        result.index = index_state(options.repository_url or env.get("TWINE_REPOSITORY_URL")
                                   or index.PYPI_UPLOAD, facts.project_name, tag.version)
    if tag is not None and options.github:
        result.github = github_state(env, github_repository(env, folder), tag.name,
                                     result.index)
    result.next, result.why = next_step(result)
    return result


def index_state(upload_url: str, project: str, version: Version) -> IndexState:
    """The files of ``project`` ``version`` on the index (the same lookup as publish)."""
    url, user, password = http.split_credentials(upload_url)
    auth = (user or "", password or "") if password is not None else None
    state = IndexState(url, str(version))
    try:
        listing = index.release_files(url, project, str(version), auth=auth)
    except ReleaseError as exc:
        state.error = exc.message
        return state
    state.files = {name: sha for name, sha in listing.files.items()
                   if _file_version(name) == version}
    return state


def _file_version(name: str) -> Version | None:
    try:
        if name.endswith(".whl"):
            return parse_wheel_filename(name)[1]
        return parse_sdist_filename(name)[1]
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


def github_repository(env: Mapping[str, str], folder: Path) -> str | None:
    """``OWNER/NAME``: ``GITHUB_REPOSITORY``, else the project's GitHub URL."""
    if env.get("GITHUB_REPOSITORY"):
        return env["GITHUB_REPOSITORY"]
    try:
        url = load(folder / "pyproject.toml").repository_url() or ""
    except ReleaseError:
        return None
    match = re.match(r"https?://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?$", url)
    return match.group(1) if match else None


def github_state(env: Mapping[str, str], repository: str | None, tag: str,
                 on_index: IndexState | None) -> GitHubState:
    """The GitHub Release of ``tag``: exists, published, and has the index's files."""
    state = GitHubState(repository or "", tag)
    try:
        gh = GitHub.from_env(env, repository or None)
        found = find_release(gh, tag)
        if found is None:
            return state
        state.exists, state.draft = True, bool(found.get("draft"))
        state.url = str(found.get("html_url") or "") or None
        for asset in release_assets(gh, found):
            digest = asset.get("digest")
            state.files[str(asset.get("name"))] = (
                digest[len("sha256:"):] if isinstance(digest, str)
                and digest.startswith("sha256:") else None)
    except ReleaseError as exc:
        state.error = exc.message
        return state
    except (http.HttpError, http.Unreachable) as exc:
        state.error = f"the GitHub API: {describe_error(exc)}"
        return state
    if on_index is not None and on_index.error is None:
        for name, sha in on_index.files.items():
            if name not in state.files:
                state.missing.append(name)
            elif sha and state.files[name] and sha != state.files[name]:
                state.different.append(name)
    return state


def next_step(result: PackageStatus) -> tuple[str | None, str]:
    """The one command to run next, and why."""
    facts = result.facts
    invoke = facts.invoke
    version = parse_or_none(facts.version_text or "")
    waiting = pending(facts)
    tag = facts.since_tag
    if result.state is None or version is None:
        return command("validate", invoke=False), (
            f"the state cannot be known ({len(result.problems)} problem(s)): validation says why")
    incomplete = _incomplete(result)
    if incomplete and result.state in ("released", "pending", "development"):
        return "re-run the release workflow", incomplete
    if result.state == "behind" and tag is not None:
        return command("prepare", str(facts.next_free(tag.version)), invoke=invoke), (
            f"the version {version} is lower than the newest tag {tag.name}")
    if result.state == "preparing":
        if result.problems:
            return command("validate", invoke=False), (
                f"{len(result.problems)} problem(s) to fix before {version} can be tagged")
        return command("tag", invoke=invoke), (
            f"{version} is prepared: tag it on the main branch (it creates "
            f"{facts.scheme.format(version)})")
    if result.state == "development":
        if waiting.entries:
            # 2.4.0+dev -> 2.4.0; 4.3.0.dev0 -> 4.3 when the tags write X.Y.0 as X.Y
            target = bump(development_of(version), "patch", short=bool(facts.scheme.short))
            return command("prepare", str(target), invoke=invoke), (
                f"{_waiting_text(waiting.commits, waiting.entries)} wait for a release")
        if waiting.commits:
            return None, (f"development version {version}: {_waiting_text(waiting.commits, 0)} "
                          f"since {waiting.tag} and no changelog entry yet (describe the "
                          "changes under the unreleased section)")
        return None, f"development version {version}: nothing to release yet"
    if result.state == "pending":
        named = _named_unreleased(facts)
        if named is not None:
            # `v4.15.0 (unreleased)` above v4.14.0 (pytest-django): `patch` would be refused
            return command("prepare", str(named), invoke=invoke), (
                f"{_waiting_text(waiting.commits, waiting.entries)} since {waiting.tag} wait "
                f"for {named}, the version the unreleased section names")
        others = "`minor`/`major`" + ("" if facts.vcs else
                                      "; `dev` to keep a development version on main")
        return command("prepare", "patch", invoke=invoke), (
            f"{_waiting_text(waiting.commits, waiting.entries)} since {waiting.tag} wait for a "
            f"release (or {others})")
    return None, f"{version} is released" + (" everywhere that was asked" if result.index
                                               or result.github else "") + "; nothing pending"


def _named_unreleased(facts: Facts) -> Version | None:
    """The version the unreleased section names (`4.15.0 (unreleased)`), when it is above the
    newest tag: the release being worked towards."""
    section = facts.changelog.unreleased() if facts.changelog is not None else None
    tag = facts.since_tag
    if section is None or section.version is None or tag is None:
        return None
    return section.version if section.version > tag.version else None


def _waiting_text(commits: int | None, entries: int) -> str:
    parts = []
    if commits:
        parts.append(f"{commits} commit{'s' if commits != 1 else ''}")
    if entries:
        parts.append(f"{entries} changelog entr{'ies' if entries != 1 else 'y'}")
    return " and ".join(parts) or "changes"


def _incomplete(result: PackageStatus) -> str:
    """Why the last release is not complete everywhere that was asked, or ``""``."""
    tag = result.facts.since_tag
    name = tag.name if tag is not None else "the last release"
    found = result.index
    if found is not None and found.error is None and found.missing:
        where = "PyPI" if index.is_pypi(found.url) else "the index"
        if len(found.missing) == 2:
            return f"{where} has no file of {found.version} (tag {name}): publish it"
        return f"{where} lacks the {found.missing[0]} of {found.version} (tag {name})"
    hub = result.github
    if hub is not None and hub.error is None and not hub.complete:
        if not hub.exists:
            return f"the GitHub Release of {name} does not exist"
        if hub.draft:
            return f"the GitHub Release of {name} is still a draft"
        lacking = ", ".join(hub.missing or hub.different)
        what = "lacks" if hub.missing else "has other content for"
        return f"the GitHub Release of {name} {what} {lacking}"
    return ""
