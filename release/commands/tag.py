"""``release tag``: run the tag-mode checks, then create the annotated release tag.

The tag is spelled in the project's scheme (``v1.4.0``, ``0.28.2``, ``hatchling-v1.27.1``,
``rel_2_1_0``). For a project whose version comes from the tag (hatch-vcs, setuptools-scm,
…) the version is the changelog's newest release section, prepared by ``release prepare``.
Never moves or deletes a tag; ``--push`` pushes ``refs/tags/<tag>`` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.changelog import Changelog
from release.changelog.files import read_changelog
from release.commands.prepare import project_tags, tag_scheme
from release.commands.validate import Options, Report, changelog_of, validate
from release.errors import RefusedError
from release.outside.git import Git
from release.outside.plan import GitPushTag, GitTag, Plan
from release.project import sources
from release.project.hints import command, invoke_tasks_present
from release.project.pyproject import load
from release.project.tags import TagSet, newest
from release.project.versions import Version, bump, local_part_refused, parse


@dataclass(frozen=True)
class TagOptions:
    """What ``release tag`` is asked to do."""

    repo: Path = field(default_factory=Path)
    push: bool = False
    remote: str = "origin"
    sign: bool = False
    allow_branch: bool = False


@dataclass
class TagPlan:
    """The checked plan: create (unless it already points at HEAD) and maybe push the tag."""

    plan: Plan
    report: Report
    tag: str
    commit: str = ""
    """The commit the tag points at (HEAD)."""
    remote: str | None = None
    """The remote it is pushed to, with ``--push``."""

    @property
    def creates(self) -> bool:
        return any(isinstance(action, GitTag) for action in self.plan.actions)

    def as_dict(self, *, done: bool) -> dict[str, Any]:
        """``release tag --format json``: the tag, its commit, and what was (or would be) done."""
        return {"tag": self.tag, "version": self.report.version, "commit": self.commit,
                "created": done and self.creates, "pushed": done and self.remote is not None,
                "remote": self.remote, "exists": not self.creates,
                "actions": [a.describe() for a in self.plan.actions]}


def _prepared(tags: TagSet, changelog: Changelog, head: str | None, label: str, invoke: bool
              ) -> Version:
    """The version a VCS-versioned project tags: the changelog's newest section above the
    newest tag, or that tag when it already points at HEAD."""
    top = newest(tags.counted, reachable_only=True)
    heading = changelog.first_release()
    prepared = heading.version if heading is not None else None
    if prepared is not None and (top is None or prepared > top.version):
        return prepared
    if top is not None and top.commit == head:
        return top.version
    raise RefusedError(
        "not tagging, nothing was changed: the version comes from the tag "
        f"({label}) and no release is prepared"
        + (f" (the newest changelog section is {top.name}'s)" if top is not None else ""),
        f"prepare one first: {command('prepare', 'patch', invoke=invoke)}"
        if top is not None else
        f"prepare the first release: {command('prepare', '0.1.0', invoke=invoke)}",
    )


def _public(written: str, invoke: bool) -> Version:
    """The version the files say; refused when it has a local marker (``0.34.0+dev``)."""
    version = parse(written)
    if version.local is not None:
        raise RefusedError(
            f"not tagging, nothing was changed: the version is {written}, "
            + local_part_refused(version, written)
            + f"; it is the development state of {version.public}, not a release",
            f"prepare the release first: {command('prepare', version.public, invoke=invoke)}"
            " writes the public version; merge it, then tag")
    return version


def _refuse_development(version: Version, invoke: bool, *, short: bool = False) -> None:
    """A ``.devN`` version is work towards a release: never tagged. ``short``: the project
    writes ``X.Y.0`` releases as ``X.Y`` (the hint proposes ``4.3`` for ``4.3.0.dev0``)."""
    if version.dev is None:
        return
    release = bump(version, "patch", short=short)
    raise RefusedError(
        f"not tagging, nothing was changed: {version} is a development version (work "
        "towards a release), and development versions are not tagged",
        f"prepare the release first: {command('prepare', str(release), invoke=invoke)} "
        f"(or {command('prepare', 'patch', invoke=invoke)}), merge it, then tag",
    )


def build_plan(options: TagOptions) -> TagPlan:
    """Check everything; return the plan or raise :class:`RefusedError` with every reason."""
    repo = options.repo
    project = load(repo / "pyproject.toml")
    layout = sources.version_source(project)
    git = Git(repo)
    state = git.state()
    invoke = invoke_tasks_present(repo)
    found = changelog_of(repo, project)
    changelog = read_changelog(found.path, found.shown, found.format)
    written: str | None = None
    if layout.vcs:
        tags = project_tags(project, git, state, None)
        version = _prepared(tags, changelog, state.head, layout.label, invoke)
    else:
        written = sources.locate_version(project).value
        version = _public(written, invoke)
        tags = project_tags(project, git, state, version)
    _refuse_development(version, invoke, short=bool(tags.scheme.short))
    equal = [t for t in tags.counted if t.version == version]
    tag = equal[0].name if equal else tag_scheme(tags, written).format(version)
    report = validate(Options(mode="tag", tag=tag, repo=repo))
    ignored = {"tag-on-main-branch"} if options.allow_branch else set()
    problems = [c for c in report.checks if c.failed and c.id not in ignored]
    dirty = git.dirty_files()
    reasons = [f"[{c.id}] {c.message}\n    hint: {c.hint}" for c in problems]
    if dirty:
        reasons.append(f"[clean-tree] uncommitted changes to tracked files: {', '.join(dirty[:5])}"
                       "\n    hint: commit them (the tag must point at what was validated)")
    existing = git.tag_commit(tag) if tag in state.tags else None
    if options.push:
        remotes = git.run("remote").split()
        if options.remote not in remotes:
            known = ", ".join(remotes) if remotes else "none"
            reasons.append(f"[push-remote] {options.remote!r} is not a remote of this repository "
                           f"(remotes: {known})\n    hint: pass --remote NAME with one of them, "
                           "or add it with `git remote add NAME URL`")
    if existing is not None and existing != state.head:
        reasons.append(f"[tag-exists] {tag} already exists on another commit\n"
                       "    hint: tags are never moved; release a higher version")
    if reasons:
        raise RefusedError("not tagging, nothing was changed:\n  - " + "\n  - ".join(reasons), "")
    notes = changelog.notes(heading) if (heading := changelog.find(version)) is not None else ""
    message = f"Release {version}\n\n{notes}".rstrip("\n") + "\n"
    plan = Plan()
    if existing is None:
        plan.actions.append(GitTag(git, tag, message, options.sign))
    if options.push:
        plan.actions.append(GitPushTag(git, options.remote, tag))
    return TagPlan(plan, report, tag, state.head or "",
                   options.remote if options.push else None)
