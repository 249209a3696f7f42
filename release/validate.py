"""Orchestration of ``release validate``: gather the facts, run the checks, report.

Reads only what the mode needs: pyproject.toml, the changelog (whose headings are
parsed lazily from the top), and two or three git processes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release import ci
from release.changelog import Changelog, decode
from release.changelog_files import ChangelogFile, find_changelog
from release.checks import Check, Facts, run_checks
from release.errors import ChangelogError, ReleaseError, UsageError
from release.git import Git
from release.hints import invoke_tasks_present
from release.project import Project, load
from release.versions import parse_or_none

MODES = ("auto", "branch", "tag")


@dataclass(frozen=True)
class Options:
    """What ``release validate`` is asked to check."""

    mode: str = "auto"
    tag: str | None = None
    pyproject: Path | None = None
    changelog: Path | None = None
    repo: Path = field(default_factory=Path)
    dist: Path | None = None
    today: str | None = None


@dataclass
class Report:
    """The outcome of a validation: every check, and what was validated."""

    mode: str
    version: str | None
    tag: str | None
    tag_source: str | None
    state: str | None
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return not any(check.failed for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "mode": self.mode,
            "version": self.version,
            "tag": self.tag,
            "state": self.state,
            "checks": [check.as_dict() for check in self.checks],
        }


def _shown(path: Path, repo: Path) -> str:
    """A path as the user sees it: relative to the repository when it is inside it."""
    try:
        return path.resolve().relative_to(repo.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def resolve_mode(
    options: Options, env: Mapping[str, str] | None = None
) -> tuple[str, str | None, str | None]:
    """``(mode, tag, where the tag came from)`` for the options and the CI environment."""
    if options.mode not in MODES:
        raise UsageError(f"unknown mode {options.mode!r}", "use --mode auto, branch or tag")
    tag, source = options.tag, "--tag" if options.tag else None
    if tag is None and options.mode != "branch":
        found = ci.detect_tag(env)
        if found is not None:
            tag, source = found
    if options.mode == "branch":
        return "branch", None, None
    if options.mode == "tag" and tag is None:
        raise UsageError(
            "tag mode needs a tag, and none was given or found in the CI environment",
            "pass --tag vX.Y.Z (CI variables read: GITHUB_REF_TYPE/GITHUB_REF_NAME, "
            "GITHUB_REF, " + ", ".join(ci.TAG_VARIABLES) + ")",
        )
    return ("tag" if tag else "branch"), tag, source


def gather(options: Options, env: Mapping[str, str] | None = None) -> Facts:
    mode, tag, source = resolve_mode(options, env)
    repo_dir = options.repo
    pyproject = options.pyproject or repo_dir / "pyproject.toml"
    facts = Facts(
        mode=mode,
        today=options.today or _dt.date.today().isoformat(),
        pyproject_file=_shown(pyproject, repo_dir),
        changelog_file="CHANGELOG.md",
        tag_prefix="v",
        main_branch="main",
        tag=tag,
        tag_source=source,
    )
    project: Project | None = None
    try:
        project = load(pyproject)
        facts.tag_prefix = project.config.tag_prefix
        facts.main_branch = project.config.main_branch
        facts.project_name = project.name
        location = project.locate_version()
        facts.version_text = location.value
        facts.version_file = _shown(location.file, repo_dir)
        facts.version_line = location.line
    except ReleaseError as exc:
        facts.version_error = exc
    found = changelog_of(repo_dir, project, options.changelog)
    facts.changelog_file = found.shown
    facts.changelog_fact = found.describe()
    _gather_changelog(facts, found)
    facts.invoke = invoke_tasks_present(repo_dir)
    git = Git(repo_dir)
    try:
        facts.repo = git.state(facts.main_branch)
    except ReleaseError as exc:
        facts.repo_error = exc
    facts.tag_date = _tag_date_if_needed(facts, git)
    if mode == "tag" and facts.repo is not None and facts.repo.head is not None:
        if tag is not None and tag in facts.repo.tags:
            facts.tag_commit = git.tag_commit(tag)
        mains = list(facts.repo.branches.values())
        facts.tag_on_main = (
            any(git.is_ancestor(facts.repo.head, commit) for commit in mains) if mains else None
        )
    if options.dist is not None:
        from release import distfiles  # archives are read only when --dist asks for it

        facts.dist_dir = _shown(options.dist, repo_dir)
        try:
            facts.artifacts = [distfiles.read(path) for path in distfiles.find(options.dist)]
        except ReleaseError as exc:
            facts.dist_error = exc
    return facts


def changelog_of(repo: Path, project: Project | None, given: Path | None = None) -> ChangelogFile:
    """The project's changelog (``--changelog``, configuration, towncrier, discovery)."""
    configured = None
    name = None
    if project is not None:
        table = project.data.get("tool", {}).get("release", {})
        value = table.get("changelog") if isinstance(table, dict) else None
        configured = value if isinstance(value, str) else None
        name = project.name
        repo = project.root
    return find_changelog(repo, configured, given=given, project=name)


def _gather_changelog(facts: Facts, found: ChangelogFile) -> None:
    """Read the changelog, and the pending news fragments of a towncrier project."""
    try:
        facts.changelog = read_changelog(found.path, found.shown, found.format)
    except ReleaseError as exc:
        facts.changelog_error = exc
    config = found.towncrier
    if config is not None:
        folder = config.fragments_dir
        facts.fragments_dir = _shown(folder, config.root)
        facts.fragments = [path.name for path in config.fragments()]


def _tag_date_if_needed(facts: Facts, git: Git) -> str | None:
    """The date of the version's tag, when its changelog section has none (for the hint)."""
    repo, log, text = facts.repo, facts.changelog, facts.version_text
    if repo is None or log is None or not text:
        return None
    version = parse_or_none(text)
    if version is None:
        return None
    tag = f"{facts.tag_prefix}{version}"
    if tag not in repo.tags:
        return None
    section = log.find(version)
    if section is None or section.date is not None:
        return None
    out = git.run("for-each-ref", "--format=%(creatordate:short)", f"refs/tags/{tag}",
                  check=False).strip()
    return out or None


def read_changelog(path: Path, shown: str, fmt: str | None = None) -> Changelog:
    """Read and decode the changelog (through a symlink), refusing what cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise ChangelogError(
                f"{shown} is a symlink to {path.readlink()}, which does not exist",
                "fix the link, or set `changelog` in [tool.release] to the real file",
                file=shown,
            ) from None
        raise ChangelogError(
            f"{shown} does not exist",
            "create it with `release prepare VERSION` (it writes a Keep a Changelog file), "
            "or set `changelog` in [tool.release]",
            file=shown,
        ) from None
    except IsADirectoryError:
        raise ChangelogError(f"{shown} is a folder, not a file", "", file=shown) from None
    except OSError as exc:
        raise ChangelogError(f"cannot read {shown}: {exc.strerror}", "", file=shown) from None
    return Changelog(decode(data, shown), shown, fmt)


def validate(options: Options, env: Mapping[str, str] | None = None) -> Report:
    facts = gather(options, env)
    checks, state = run_checks(facts)
    return Report(facts.mode, facts.version_text, facts.tag, facts.tag_source, state, checks)
