"""Orchestration of ``release validate``: gather the facts, run the checks, report.

Reads only what the mode needs: pyproject.toml (or setup.cfg) and the file that holds the
version, the changelog (whose headings are parsed lazily from the top), and three git
processes run in parallel (one more in tag mode, and one that reads tag dates when two tag
families of the project compete: the most recent decides). Says where each fact came from.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.changelog.files import ChangelogFile, find_changelog, read_changelog
from release.errors import ReleaseError, UsageError
from release.outside import ci
from release.outside.git import Git
from release.project import sources
from release.project.checks import Check, Facts, pending, run_checks
from release.project.hints import invoke_tasks_present
from release.project.pyproject import Project, load
from release.project.sources import VersionSource
from release.project.tags import (
    Tag,
    abandoned,
    choose_scheme,
    find_main_branch,
    newest,
    split_tag,
    with_details,
)
from release.project.versions import parse_or_none

MODES = ("auto", "branch", "tag")
MAX_TAG_LENGTH = 250


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
    facts: dict[str, Any] = field(default_factory=dict)
    """Where each fact came from (``version``, ``tag_prefix``, ``main_branch``,
    ``version_files``)."""

    @property
    def ok(self) -> bool:
        return not any(check.failed for check in self.checks)

    @property
    def problems(self) -> list[Check]:
        """The checks that failed, then the warnings."""
        return [c for c in self.checks if c.failed] + [
            c for c in self.checks if not c.ok and not c.failed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "command": "validate",
            "ok": self.ok,
            "mode": self.mode,
            "version": self.version,
            "tag": self.tag,
            "state": self.state,
            "facts": self.facts,
            "checks": [check.as_dict() for check in self.checks],
            "problems": [check.as_problem() for check in self.problems],
        }


def _shown(path: Path, repo: Path) -> str:
    """A path as the user sees it: relative to the repository when it is inside it."""
    try:
        return path.resolve().relative_to(repo.resolve()).as_posix()
    except (ValueError, OSError):
        import os

        try:
            return Path(os.path.relpath(path.resolve(), repo.resolve())).as_posix()
        except (ValueError, OSError):  # pragma: no cover - another drive on Windows
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
    if tag is not None and len(tag) > MAX_TAG_LENGTH:
        raise UsageError(f"the tag from {source} is {len(tag):,} characters long; a release tag "
                         f"is a prefix and a version (at most {MAX_TAG_LENGTH})",
                         "pass the tag that names the release, e.g. --tag v1.4.0")
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
        tag=tag,
        tag_source=source,
    )
    project: Project | None = None
    try:
        project = load(pyproject)
        facts.project_name = project.name
        if not pyproject.exists():
            facts.pyproject_file = _shown(project.root / "setup.cfg", repo_dir)
    except ReleaseError as exc:
        facts.version_error = exc
    try:
        found = changelog_of(repo_dir, project, options.changelog)
    except ReleaseError as exc:  # e.g. a broken towncrier.toml
        facts.changelog_error = exc
        facts.changelog_file = exc.file or "the changelog"
    else:
        facts.changelog_file = found.shown
        facts.changelog_fact = found.describe()
        _gather_changelog(facts, found)
    facts.invoke = invoke_tasks_present(repo_dir)
    git = Git(repo_dir)
    try:
        facts.repo = git.state()
    except ReleaseError as exc:
        facts.repo_error = exc
    layout = _version_source(facts, project, repo_dir)
    _tags_and_branches(facts, project, git)
    if facts.vcs:
        _vcs_version(facts, layout.tool if layout is not None else None)
    if project is not None and layout is not None:
        _version_files(facts, project, layout, repo_dir)
    if mode == "tag":
        _tag_mode_facts(facts, git)
    elif facts.repo is not None and facts.repo.head is not None:
        _since_newest_tag(facts, git)
    version = parse_or_none(facts.version_text or "")
    if version is not None and version.dev is not None:
        _changelog_habit(facts, git)
    if version is not None and facts.tag_for(version) is not None:
        facts.tag_date = facts.date_of(version)  # for a hint: a released section's real date
    if options.dist is not None:
        from release.project import distfiles  # archives are read only when --dist asks for it

        facts.dist_dir = _shown(options.dist, repo_dir)
        try:
            facts.artifacts = [distfiles.read(path) for path in distfiles.find(options.dist)]
        except ReleaseError as exc:
            facts.dist_error = exc
    return facts


def changelog_of(repo: Path, project: Project | None, given: Path | None = None) -> ChangelogFile:
    """The project's changelog (``--changelog``, configuration, towncrier, discovery)."""
    if project is None:
        return find_changelog(repo, None, given=given)
    return find_changelog(project.root, project.config.changelog, given=given,
                          project=project.name)


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
        facts.fragment_strays = [path.name for path in config.strays()]


def _changelog_habit(facts: Facts, git: Git) -> None:
    """A development version with no unreleased section: does the project write its
    changelog in the release commit? (Read from its history, only in this case.)"""
    changelog = facts.changelog
    if changelog is None or facts.fragments is not None or changelog.unreleased() is not None:
        return
    from release.changelog import history

    tags = sorted(((t.name, t.version) for t in facts.counted() if t.reachable),
                  key=lambda item: item[1], reverse=True)
    path = facts.changelog_file
    where = git.cwd / path
    if where.is_symlink():  # the history of the file it points at
        path = os.path.relpath(where.resolve(), git.cwd.resolve())
    try:
        habit = history.release_habit(git, path, changelog.format, tags)
    except ReleaseError:
        return
    if habit is not None and habit.kind == history.AT_RELEASE:
        facts.changelog_at_release = habit.evidence


def _version_source(facts: Facts, project: Project | None, repo_dir: Path
                    ) -> VersionSource | None:
    """Where the version lives, and the version when a file holds it."""
    if project is None:
        return None
    try:
        layout = sources.version_source(project)
    except ReleaseError as exc:
        facts.version_error = exc
        return None
    facts.version_label = layout.label
    facts.vcs = layout.vcs
    if layout.location is not None:
        facts.version_text = layout.location.value
        facts.version_file = _shown(layout.location.file, repo_dir)
        facts.version_line = layout.location.line
    return layout


def _version_files(facts: Facts, project: Project, layout: VersionSource, repo_dir: Path
                   ) -> None:
    """The other places that repeat the version, and those that disagree."""
    version = parse_or_none(facts.version_text or "")
    if version is None:
        return
    from release.project import repeats as versionfiles

    try:
        repeats = versionfiles.find(project, layout, version, facts.version_text or "")
    except ReleaseError as exc:
        facts.repeat_problems = [versionfiles.Disagreement(exc.file or "", exc.line,
                                                           exc.message, exc.hint)]
        return
    facts.version_files = [
        (_shown(r.location.file, repo_dir), r.location.line, r.location.value, r.source)
        for r in repeats.found
    ]
    facts.repeat_problems = repeats.problems


def _tag_mode_facts(facts: Facts, git: Git) -> None:
    """The tagged commit, whether it is on the main branch, and the branches that hold it."""
    repo, tag = facts.repo, facts.tag
    if repo is None or repo.head is None:
        return
    if tag is not None and tag in repo.tags:
        facts.tag_commit = git.tag_commit(tag)
    refs = facts.main.refs
    facts.tag_on_main = any(git.is_ancestor(repo.head, ref) for ref in refs) if refs else None
    if not facts.tag_on_main:
        facts.head_branches = git.branches_containing(repo.head)


def _since_newest_tag(facts: Facts, git: Git) -> None:
    """The newest release tag in HEAD's history and the commits after it (pending changes).

    The tags' commits and reachability are read only for the few highest versions, when
    :func:`_tags_and_branches` has not read them already.
    """
    ranked = sorted(facts.counted(), key=lambda t: t.version, reverse=True)[:20]
    unknown = []
    for tag in ranked:  # only the tags above the highest one known to be in this history
        if tag.commit and tag.reachable:
            break
        if not tag.commit:
            unknown.append(tag.name)
    if unknown:
        refs = git.tag_facts(unknown)
        ranked = [Tag(t.name, t.version, refs[t.name].commit, refs[t.name].date,
                      refs[t.name].reachable) if t.name in refs else t for t in ranked]
    top = next((t for t in ranked if t.reachable and t.commit), None)
    inside = facts.repo is not None and git.cwd.resolve() != facts.repo.toplevel.resolve()
    above = [t for t in ranked
             if t.commit and not t.reachable and (top is None or t.version > top.version)]
    if above and not inside:
        # A release tagged on its pull request's branch, then squash-merged (tomlkit's
        # 0.15.1), or tagged on master after git-flow merged its release branch into master
        # and develop (jmespath's 1.0.1; no release tag in develop's history at all): the
        # commit on this branch with the tag's tree is where it was released.
        after = git.commits_after_tree(above[0].name, top.name if top is not None else None)
        if after is not None:
            facts.since_tag = above[0]
            facts.commits_since = after
            return
    if top is None:
        return
    facts.since_tag = top
    facts.commits_since = git.commits_since(top.name, "." if inside else None)


def _tags_and_branches(facts: Facts, project: Project | None, git: Git) -> None:
    """The tag scheme and family, abandoned tags, and the main branch.

    Tag names are all that is listed up front; dates, commits and reachability are read
    (:meth:`Git.tag_facts`) only for the tags that decide something: those at or above the
    version, the pre-releases above the newest final release (and that release), or every
    tag when the version is the newest tag in this history (VCS).
    """
    repo = facts.repo
    config = project.config if project is not None else None
    version = parse_or_none(facts.version_text or "") if not facts.vcs else None
    if repo is None:
        if config is not None and config.tag_prefix is not None:
            facts.scheme = choose_scheme([], configured_prefix=config.tag_prefix).scheme
        return
    options: dict[str, Any] = {
        "configured_prefix": config.tag_prefix if config is not None else None,
        "project_name": facts.project_name,
        "version": version,
        "ignore": config.ignore_tags if config is not None else (),
        "package_folder": project is not None and in_package_folder(project.root, repo),
    }
    choice = choose_scheme(repo.tags, **options)
    if choice.needs_dates:  # two families of this project: their dates decide
        dates = git.tag_facts(choice.needs_dates, reachability=False)
        choice = choose_scheme({name: (dates[name].commit, dates[name].date) if name in dates
                                else ("", 0) for name in repo.tags}, **options)
    if repo.head is not None and choice.tags:
        if facts.vcs and facts.mode != "tag":
            wanted: set[str] | None = None
        else:
            floor = version
            if facts.vcs and facts.tag is not None:
                split = split_tag(facts.tag)
                floor = split[1] if split is not None else None
            wanted = {t.name for t in choice.tags if floor is None or t.version >= floor}
            finals = [t for t in choice.tags if not t.version.is_prerelease]
            if finals:
                top = max(finals, key=lambda t: t.version)
                above = [t.name for t in choice.tags
                         if t.version.is_prerelease and t.version > top.version]
                if above:
                    wanted |= {top.name, *above}
        refs = git.tag_facts(wanted)
        choice = with_details(choice, {name: (ref.commit, ref.date, ref.reachable)
                                       for name, ref in refs.items()})
    facts.scheme, facts.scheme_source = choice.scheme, choice.source
    facts.scheme_configured, facts.scheme_mismatch = choice.configured, choice.mismatch
    facts.stray_tags, facts.ignored_tags = choice.strays, choice.ignored
    facts.family = list(choice.tags)
    if facts.changelog is not None:  # an undated top section of a tagged version is released
        facts.changelog.mark_released(frozenset(t.version for t in facts.family))
    facts.abandoned = abandoned(choice.tags, current=version)
    facts.main = find_main_branch(
        config.main_branch if config is not None else None, repo.branches, repo.remote_heads
    )


def in_package_folder(root: Path, repo: Any) -> bool:
    """The project is a folder below the repository's root (a package of a monorepo)."""
    try:
        return root.resolve() != Path(repo.toplevel).resolve()
    except OSError:
        return False


def _vcs_version(facts: Facts, tool: str | None) -> None:
    """The version of a VCS-versioned project: the tag (tag mode), or the newest tag in this
    history, or the changelog's newest section when it is above that tag (prepared)."""
    label = tool or "git tags"
    if facts.mode == "tag" and facts.tag is not None:
        split = split_tag(facts.tag)
        if split is not None:
            facts.version_text = facts.tag[len(split[0]):].replace(split[2], ".")
            facts.version_label = f"{label}: the tag {facts.tag} is the version"
        return
    top_tag = newest(facts.counted(), reachable_only=True)
    heading = facts.changelog.first_release() if facts.changelog is not None else None
    prepared = heading.version if heading is not None else None
    if heading is not None and prepared is not None and (
            top_tag is None or prepared > top_tag.version):
        facts.version_text = heading.version_text
        facts.version_label = (f"{label}: the next tag, prepared in {facts.changelog_file}:"
                               f"{heading.line}")
    elif top_tag is not None:
        facts.version_text = top_tag.text
        facts.version_label = f"{label}: the newest tag {top_tag.name} in this history"
    else:
        facts.version_label = label


def facts_dict(facts: Facts) -> dict[str, Any]:
    """Where each fact came from, for the report (text and JSON)."""
    scheme = facts.scheme
    prefix: dict[str, Any] = {"value": scheme.prefix, "source": facts.scheme_source}
    if scheme.separator != ".":
        prefix["separator"] = scheme.separator
    return {
        "version": {"value": facts.version_text, "source": facts.version_label,
                    "file": facts.version_file, "line": facts.version_line},
        "tag_prefix": prefix,
        "main_branch": {"value": facts.main.name, "source": facts.main.source},
        "version_files": [{"file": file, "line": line, "value": value, "source": why}
                          for file, line, value, why in facts.version_files],
        "changelog": {"value": facts.changelog_file, "source": facts.changelog_fact},
        "pending": pending(facts).as_dict() if facts.mode == "branch" else None,
    }


def validate(options: Options, env: Mapping[str, str] | None = None) -> Report:
    facts = gather(options, env)
    checks, state = run_checks(facts)
    return Report(facts.mode, facts.version_text, facts.tag, facts.tag_source, state, checks,
                  facts_dict(facts))
