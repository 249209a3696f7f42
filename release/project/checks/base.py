"""What every check works with: the facts gathered from the project, a finding, a run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from release.changelog import Changelog
from release.errors import ReleaseError
from release.outside.git import RepoState
from release.project.hints import command
from release.project.tags import (
    MainBranch,
    Scheme,
    Tag,
)
from release.project.versions import Version, bump

if TYPE_CHECKING:
    from release.project.distfiles import Artifact
    from release.project.repeats import Disagreement


ERROR = "error"

WARNING = "warning"

CHECK_IDS: dict[str, tuple[str, str]] = {
    # id: (when it runs: all, branch, tag or --dist; what it checks). The one list of check
    # ids: docs/reference/cli.md is generated from it and docs/validate.md is tested against it.
    "version-readable": ("all", "the project declares a version that can be read"),
    "version-pep440": ("all", "the version is PEP 440"),
    "version-public": ("all", "the version has no local part (`+local`), which indexes refuse "
                       "(branch mode: a local marker is the development state of its version)"),
    "version-normalised": ("all", "warning: the version is in normal form, or spelled as the "
                           "project's tags spell versions"),
    "changelog-readable": ("all", "the changelog exists and is readable UTF-8 text"),
    "git-repository": ("all", "a git checkout with commits"),
    "git-history": ("all", "the clone is not shallow"),
    "git-tags": ("all", "warning: release tags in the project's scheme exist"),
    "tag-scheme": ("all", "warning: the tags follow the configured or inferred scheme"),
    "tags-abandoned": ("all", "warning: no abandoned pre-release tag is left uncounted"),
    "version-files-agree": ("all", "every place that repeats the version says the same"),
    "version-not-behind-tags": ("branch", "the version is not lower than the newest tag"),
    "tag-not-created": ("branch", "a release in preparation has no tag yet"),
    "changelog-unreleased": ("branch", "a `.devN` version has an unreleased section"),
    "changelog-fragments": ("branch", "towncrier: the pending news fragments"),
    "changelog-section": ("all", "the changelog has a section for the version"),
    "changelog-unique": ("all", "only one section for the version"),
    "changelog-section-newest": ("all", "that section is the newest release section"),
    "changelog-section-filled": ("all", "that section describes the changes"),
    "changelog-section-dated": ("all", "that section has a release date"),
    "tag-prefix": ("tag", "the tag follows the project's tag scheme"),
    "tag-matches-version": ("tag", "the tag's version is the project's version"),
    "tag-normalised": ("tag", "warning: the tag is spelled in normal form"),
    "tag-newest": ("tag", "no equal or higher release tag exists"),
    "tag-at-head": ("tag", "the tag, when it exists, points at HEAD"),
    "tag-on-main-branch": ("tag", "the tagged commit is on the main branch (or a release "
                           "branch for its line)"),
    "dist-files": ("--dist", "exactly one sdist and at least one wheel"),
    "dist-version": ("--dist", "each file's metadata and name carry the project and version"),
    "dist-contents": ("--dist", "wheels hold code and no stray files; the sdist can be rebuilt"),
}


@dataclass
class Check:
    """One finding: a stable id, whether it passed, and what to do when it did not."""

    id: str
    ok: bool
    severity: str
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None

    @property
    def failed(self) -> bool:
        return not self.ok and self.severity == ERROR

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def as_problem(self) -> dict[str, Any]:
        """The finding as one item of a JSON result's ``problems``."""
        return {"id": self.id, "severity": self.severity, "message": self.message,
                "hint": self.hint, "file": self.file, "line": self.line}


@dataclass
class Facts:
    """Everything the checks look at, gathered by :mod:`release.commands.validate`."""

    mode: str
    today: str
    pyproject_file: str
    changelog_file: str
    version_text: str | None = None
    version_file: str | None = None
    version_line: int | None = None
    version_error: ReleaseError | None = None
    version_label: str | None = None
    """Where the version came from: ``hatch version path``, ``hatch-vcs (git tags)``, …"""
    vcs: bool = False
    """The version is the tag (hatch-vcs, setuptools-scm, …): no file holds it."""
    changelog: Changelog | None = None
    changelog_error: ReleaseError | None = None
    repo: RepoState | None = None
    repo_error: ReleaseError | None = None
    scheme: Scheme = field(default_factory=Scheme)
    scheme_source: str = ""
    scheme_configured: bool = False
    scheme_mismatch: str | None = None
    stray_tags: tuple[str, ...] = ()
    ignored_tags: tuple[str, ...] = ()
    family: list[Tag] = field(default_factory=list)
    """The release tags of the project's scheme (``ignore-tags`` removed)."""
    abandoned: list[Tag] = field(default_factory=list)
    main: MainBranch = field(default_factory=lambda: MainBranch(None, "not looked up"))
    version_files: list[tuple[str, int, str, str]] = field(default_factory=list)
    """Other places that repeat the version: ``(file, line, value, why)``."""
    repeat_problems: list[Disagreement] = field(default_factory=list)
    tag: str | None = None
    tag_source: str | None = None
    tag_on_main: bool | None = None
    tag_commit: str | None = None
    head_branches: list[str] = field(default_factory=list)
    """Branches (local and remote-tracking) whose history has HEAD; tag mode only."""
    dist_dir: str | None = None
    artifacts: list[Artifact] | None = None
    dist_error: ReleaseError | None = None
    project_name: str | None = None
    invoke: bool = False
    """The project mounts the Invoke collection: hints may name ``inv release.…``."""
    changelog_fact: str | None = None
    """Where the changelog is and how it was found: ``CHANGES.rst (rst, discovered)``."""
    fragments_dir: str | None = None
    """A towncrier project's news fragments folder (the changelog is built from it)."""
    fragments: list[str] | None = None
    fragment_strays: list[str] = field(default_factory=list)
    """Files of the fragments folder that are no fragment of a known type (towncrier's
    build would leave them out)."""
    tag_date: str | None = None
    """The date of the version's tag, when its changelog section has no date."""
    since_tag: Tag | None = None
    """The newest release tag in HEAD's history (branch mode), with its date and commit."""
    commits_since: int | None = None
    """Commits after :attr:`since_tag` that touch the project's folder (branch mode)."""
    changelog_at_release: str | None = None
    """Why the project is known to write its changelog in the release commit (no
    unreleased section between releases), read from its history; ``None`` otherwise."""

    @property
    def tag_prefix(self) -> str:
        return self.scheme.prefix

    @property
    def main_branch(self) -> str:
        return self.main.name or "main"

    def counted(self) -> list[Tag]:
        """The family's tags that count: abandoned pre-releases left out."""
        if not self.abandoned:
            return self.family
        skip = {t.name for t in self.abandoned}
        return [t for t in self.family if t.name not in skip]

    def _by_version(self) -> dict[Version, Tag]:
        index: dict[Version, Tag] = {}
        for tag in self.family:
            if tag.version not in index or tag.date > index[tag.version].date:
                index[tag.version] = tag
        return index

    def tag_for(self, version: Version) -> Tag | None:
        """The existing release tag equal to ``version`` (PEP 440), if any."""
        return self._by_version().get(version)

    def next_free(self, version: Version) -> Version:
        """The first patch release above ``version`` that is not tagged yet."""
        names = self._by_version()
        candidate = bump(version, "patch")
        while candidate in names:
            candidate = bump(candidate, "patch")
        return candidate

    def date_of(self, version: Version) -> str:
        """The release date to propose for ``version``: its tag's date, else today."""
        import datetime as _dt

        tag = self.tag_for(version)
        if tag is None or not tag.date:
            return self.today
        return _dt.datetime.fromtimestamp(tag.date, _dt.timezone.utc).date().isoformat()


def from_error(check_id: str, error: ReleaseError) -> Check:
    return Check(check_id, False, ERROR, error.message, error.hint, error.file, error.line)


class Run:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.checks: list[Check] = []

    def command(self, name: str, *args: str) -> str:
        """A command for a hint, as this project runs it (``release`` or ``inv release.``)."""
        return command(name, *args, invoke=self.facts.invoke)

    def ok(
        self, check_id: str, message: str, file: str | None = None, line: int | None = None
    ) -> None:
        self.checks.append(Check(check_id, True, ERROR, message, "", file, line))

    def fail(
        self,
        check_id: str,
        message: str,
        hint: str,
        file: str | None = None,
        line: int | None = None,
        *,
        severity: str = ERROR,
    ) -> None:
        self.checks.append(Check(check_id, False, severity, message, hint, file, line))
