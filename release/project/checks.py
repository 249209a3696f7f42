"""Consistency checks: facts in, a list of findings out. Pure logic, no I/O.

Every check has a stable kebab-case id (:data:`CHECK_IDS`, documented in docs/validate.md
and docs/reference/cli.md); one run reports
every problem at once, each with the file, the line where known, and a hint.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from release.changelog import Changelog, Section, has_stub, is_filled
from release.errors import ReleaseError, shorten
from release.outside.git import FETCH_HINT, RepoState
from release.project.hints import command
from release.project.tags import (
    MainBranch,
    Scheme,
    Tag,
    is_release_branch,
    newest,
    short_branch,
    split_tag,
)
from release.project.versions import Version, bump, local_part_refused, parse_or_none

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
    "version-public": ("all", "the version has no local part (`+local`), which indexes refuse"),
    "version-normalised": ("all", "warning: the version is in normal form"),
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
    tag_date: str | None = None
    """The date of the version's tag, when its changelog section has no date."""

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


def _from_error(check_id: str, error: ReleaseError) -> Check:
    return Check(check_id, False, ERROR, error.message, error.hint, error.file, error.line)


class _Run:
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


def run_checks(facts: Facts) -> tuple[list[Check], str | None]:
    """Run every check that applies; return the findings and the release state.

    The state is ``"released"`` (a release tag equals the version), ``"preparing"``
    (higher than the tags in this history), ``"behind"`` (lower than the newest tag in this
    history), ``"development"`` (a ``.devN`` version) or ``None`` when it cannot be known.
    """
    run = _Run(facts)
    version = _check_version(run)
    changelog = _check_changelog_file(run)
    tags = _check_repository(run)
    state = None
    if version is not None and tags is not None:
        state = _check_tags(run, version, tags)
    elif version is not None and _is_development(version):
        state = "development"
    if facts.version_files or facts.repeat_problems:
        _check_version_files(run)
    if version is not None and changelog is not None:
        _check_sections(run, version, changelog, state)
    if facts.mode == "tag" and version is not None:
        _check_tag(run, version, tags)
    if facts.dist_dir is not None and version is not None:
        _check_dist(run, version)
    return run.checks, state


def _check_version(run: _Run) -> Version | None:
    facts = run.facts
    if facts.version_error is not None:
        run.checks.append(_from_error("version-readable", facts.version_error))
        return None
    text = facts.version_text
    where = facts.version_file + (f":{facts.version_line}" if facts.version_line else "") \
        if facts.version_file else None
    label = facts.version_label or "pyproject.toml"
    if text is None:
        run.ok("version-readable", f"the version comes from git tags ({label}); no release "
               "tag and no release section yet")
        return None
    run.ok(
        "version-readable",
        f"version {text} from {where} ({label})" if where else f"version {text} ({label})",
        facts.version_file,
        facts.version_line,
    )
    version = parse_or_none(text)
    if version is None or text != text.strip():
        run.fail(
            "version-pep440",
            f"version {text!r} is not a valid PEP 440 version",
            "use a version such as 1.4.0, 1.4.0rc1, 1.4.0.post1 or 1.4.0.dev0 "
            "(https://peps.python.org/pep-0440/)",
            facts.version_file,
            facts.version_line,
        )
        return None
    run.ok(
        "version-pep440",
        f"{text} is a valid PEP 440 version",
        facts.version_file,
        facts.version_line,
    )
    if version.local is not None:
        run.fail(
            "version-public",
            "version " + local_part_refused(version, text),
            f"release {version.public} instead (a local version is for builds you never "
            "upload)",
            facts.version_file,
            facts.version_line,
        )
    else:
        run.ok("version-public", f"{text} is a public version (no local part)",
               facts.version_file, facts.version_line)
    if str(version) != text and not facts.vcs:
        run.fail(
            "version-normalised",
            f"version {text!r} is not in normal form",
            f'write it as "{version}" (the form PyPI, pip and tags use)',
            facts.version_file,
            facts.version_line,
            severity=WARNING,
        )
    return version


def _check_changelog_file(run: _Run) -> Changelog | None:
    facts = run.facts
    if facts.changelog_error is not None:
        run.checks.append(_from_error("changelog-readable", facts.changelog_error))
        return None
    fact = facts.changelog_fact or facts.changelog_file
    run.ok("changelog-readable", f"{fact} is readable", facts.changelog_file)
    return facts.changelog


def _describe_tags(facts: Facts) -> str:
    tags = facts.counted()
    if not tags:
        return f"no release tags ({facts.scheme.example()}) yet"
    top = max(tags, key=lambda t: t.version)
    return f"{len(tags)} release tag(s) ({facts.scheme.describe()}), newest {top.name}"


def _check_repository(run: _Run) -> list[Tag] | None:
    facts = run.facts
    if facts.repo_error is not None:
        run.checks.append(_from_error("git-repository", facts.repo_error))
        return None
    repo = facts.repo
    if repo is None:
        return None
    if repo.head is None:
        run.fail(
            "git-repository",
            "the repository has no commits yet",
            "commit your project first: `git add -A && git commit -m 'Initial commit'`",
        )
        return None
    run.ok("git-repository", f"git repository at {repo.toplevel}")
    if repo.shallow:
        run.fail(
            "git-history",
            "the clone is shallow, so older tags and history may be missing and "
            "the version cannot be compared with every release tag",
            FETCH_HINT,
        )
    else:
        run.ok("git-history", "full history available")
    tags = facts.counted()
    if not tags:
        version = parse_or_none(facts.version_text or "")
        if version is not None and version.dev is None and version.local is None:
            first = (f"fine for a first release: {run.command('tag')} will create "
                     f"{facts.scheme.format(version)}")
        else:  # a development version is not tagged: the first release is prepared first
            target = version.base_version if version is not None else "0.1.0"
            first = ("fine before the first release: prepare it with "
                     f"{run.command('prepare', target)}, then {run.command('tag')}")
        run.fail(
            "git-tags",
            f"no release tags ({facts.scheme.example()} style) found in the repository",
            first + ("; if there are older releases, " + FETCH_HINT if repo.shallow else ""),
            severity=WARNING,
        )
    else:
        run.ok("git-tags", _describe_tags(facts))
    _check_scheme(run)
    return tags


def _check_scheme(run: _Run) -> None:
    """``tag-scheme``: the configuration agrees with the tags; stray and abandoned tags."""
    facts = run.facts
    if facts.scheme_mismatch is not None:
        run.fail(
            "tag-scheme",
            facts.scheme_mismatch,
            "change `tag-prefix` in [tool.release] to the prefix the tags use (or remove it: "
            "the prefix is then read from the tags)",
            facts.pyproject_file,
            severity=WARNING,
        )
    elif facts.stray_tags:
        shown = ", ".join(facts.stray_tags[:5]) + (" ..." if len(facts.stray_tags) > 5 else "")
        run.fail(
            "tag-scheme",
            f"{len(facts.stray_tags)} tag(s) do not follow the {facts.scheme.describe()} scheme "
            f"of the other release tags and are not counted: {shown}",
            "if they are the real releases, set `tag-prefix` in [tool.release]; to silence "
            "this, add them to `ignore-tags` in [tool.release]",
            severity=WARNING,
        )
    elif facts.family:
        top = max(facts.counted() or facts.family, key=lambda t: t.version)
        run.ok("tag-scheme", f"new tags follow the {facts.scheme.describe()} scheme of "
               f"{top.name} ({facts.scheme_source})")
    if facts.abandoned:
        names = ", ".join(t.name for t in facts.abandoned)
        patterns = ", ".join(f'"{t.name}"' for t in facts.abandoned)
        run.fail(
            "tags-abandoned",
            f"pre-release tag(s) {names} of a line that never reached a final release are "
            "older than the newest final release; they are not counted as the newest release",
            f"to silence this, set `ignore-tags = [{patterns}]` in [tool.release]",
            severity=WARNING,
        )


def _is_development(version: Version) -> bool:
    """``1.4.0.dev0``: work towards a release; only ``[Unreleased]`` is needed."""
    return version.dev is not None


def _check_tags(run: _Run, version: Version, tags: list[Tag]) -> str:
    facts = run.facts
    state = "development" if _is_development(version) else "preparing"
    mine = facts.tag_for(version)
    reachable = [t for t in tags if t.reachable]
    top = newest(reachable)
    elsewhere = [t for t in tags if not t.reachable and t.version > version]
    if mine is not None and state != "development":
        state = "released"
    elif top is not None and version < top.version:
        state = "behind"
    if not tags:
        if facts.mode != "tag":
            run.ok("version-not-behind-tags", f"{version} (no release tags yet)")
        return state
    if facts.mode == "tag":
        return state
    aside = ""
    if elsewhere:
        names = ", ".join(t.name for t in sorted(elsewhere, key=lambda t: t.version)[-3:])
        aside = f" ({names} on other branches, not in this history)"
    if state == "behind" and top is not None:
        run.fail(
            "version-not-behind-tags",
            f"version {version} is lower than the newest release tag {top.name} (in this "
            "branch's history)",
            f"set a version higher than {top.name}: "
            f"{run.command('prepare', str(facts.next_free(top.version)))}",
            facts.version_file,
            facts.version_line,
        )
    elif state == "released" and mine is not None:
        run.ok("version-not-behind-tags", f"{version} is the release tag {mine.name} "
               f"(already released){aside}")
    else:
        above = (f"the tag {top.name}" if top is not None and top.version == version else
                 f"higher than {top.name}" if top is not None else "higher than every tag here")
        run.ok("version-not-behind-tags", f"{version} is {above}{aside}")
        if state == "preparing":
            run.ok("tag-not-created", f"tag {facts.scheme.format(version)} does not exist yet")
    return state


def _check_fragments(run: _Run, state: str | None) -> None:
    """towncrier projects: the pending news fragments stand in for an Unreleased section."""
    facts = run.facts
    count = len(facts.fragments or [])
    where = f"{facts.fragments_dir}/"
    if count:
        names = ", ".join((facts.fragments or [])[:3]) + (" ..." if count > 3 else "")
        message = (f"{count} pending news fragment(s) in {where} ({names}); towncrier writes "
                   "them into the changelog at release time")
    else:
        message = f"no pending news fragments in {where}"
    if count or state != "preparing":
        run.ok("changelog-fragments", message, facts.fragments_dir)
    else:
        run.fail(
            "changelog-fragments",
            message,
            f"add a fragment for each change (e.g. `{facts.fragments_dir}/123.feature.md`), "
            "then run " + run.command("prepare", "VERSION") + " (it runs `towncrier build`)",
            facts.fragments_dir,
            severity=WARNING,
        )


def _check_version_files(run: _Run) -> None:
    """``version-files-agree``: every place that repeats the version says the same."""
    facts = run.facts
    for problem in facts.repeat_problems:
        run.fail("version-files-agree", problem.message, problem.hint, problem.file,
                 problem.line)
    if not facts.repeat_problems:
        places = ", ".join(f"{file}:{line}" for file, line, _, _ in facts.version_files)
        run.ok("version-files-agree", f"{len(facts.version_files)} other place(s) repeat the "
               "version "
               f"and agree: {places}")


def _check_sections(run: _Run, version: Version, changelog: Changelog, state: str | None) -> None:
    facts = run.facts
    file = facts.changelog_file
    today = facts.today
    towncrier = facts.fragments is not None
    if towncrier and facts.mode == "branch":
        _check_fragments(run, state)
    if state == "development":
        if towncrier:
            return
        unreleased = changelog.unreleased()
        if unreleased is None:
            first = changelog.first_release()
            run.fail(
                "changelog-unreleased",
                f"{file} has no unreleased section for the development version {version}",
                "add an `Unreleased` heading above the newest release section "
                "(e.g. `## [Unreleased]`)",
                file,
                first.line if first else None,
            )
        else:
            run.ok(
                "changelog-unreleased", f"`{unreleased.display}` section present", file,
                unreleased.line,
            )
        return
    newest = changelog.newest()
    section = newest if newest is not None and newest.version == version else changelog.find(
        version)
    # A pending `Version X` block above the releases is newest; a release must be the first.
    top = newest if section is not None and section.is_unreleased else changelog.first_release()
    prepare = run.command("prepare", str(version))
    released = facts.tag_for(version)
    day = facts.date_of(version) if released is not None else today
    if section is None:
        block = _shown_block(heading_for(changelog, str(version), day))
        where = f"`{top.display}` is the newest section" if top else "there is no release section"
        if released is not None:
            how = (f"{version} is released (tag {released.name}, {day}): add a section "
                   "describing it:\n" + block)
        elif towncrier:
            how = f"run {prepare} (it runs `towncrier build`)"
        elif state in ("preparing", None) or facts.mode == "tag":
            how = f"run {prepare}, or add a section at the top:\n" + block
        else:
            how = "add a section at the top:\n" + block
        run.fail(
            "changelog-section",
            f"{file} has no section for {version} ({where})",
            how,
            file,
            top.line if top else None,
        )
        return
    run.ok("changelog-section", f"`{section.display}` describes {version}", file, section.line)
    _check_duplicates(run, changelog, section, version)
    if top is not None and top is not section:
        newer = (
            top.version is not None and section.version is not None
            and top.version > section.version
        )
        run.fail(
            "changelog-section-newest",
            f"`{top.display}` is the newest release section but the version is {version}"
            + (" (a newer release is listed above)" if newer else " (an older section is above)"),
            f"move the `{section.display}` section to the top (below the unreleased section)"
            if not newer
            else f"the version ({version}) is older than that section: set it to "
            f"{top.version_text}, or move that section below `## [Unreleased]`",
            file,
            top.line,
        )
    else:
        run.ok("changelog-section-newest", "it is the newest release section", file, section.line)
    body = changelog.body(section)
    if has_stub(body) or not is_filled(body):
        what = "still has the placeholder line" if has_stub(body) else "is empty"
        run.fail(
            "changelog-section-filled",
            f"the {version} section {what}",
            "describe what changed (Added / Changed / Fixed / Removed ...)",
            file,
            section.line,
        )
    else:
        run.ok("changelog-section-filled", "the section describes the changes", file, section.line)
    if state in ("preparing", "released", "behind") or facts.mode == "tag":
        _check_dated(run, changelog, section, version, state)


def _check_dated(
    run: _Run, changelog: Changelog, section: Section, version: Version, state: str | None
) -> None:
    """The release section has a date (in any form the file uses), or the file dates none."""
    facts = run.facts
    file = facts.changelog_file
    tagged = state in ("released", "behind") or facts.tag_date is not None
    date = facts.tag_date if tagged else facts.today
    if section.is_unreleased:
        run.fail(
            "changelog-section-dated",
            f"`{section.display}` is still marked as not released",
            "write it as a release, e.g.:\n"
            + _shown_block(heading_for(changelog, section.version_text or str(version),
                                       date or facts.today)),
            file,
            section.line,
        )
        return
    if section.date is not None:
        run.ok("changelog-section-dated", f"released on {section.date}", file, section.line)
        return
    if not style_is_dated(changelog):
        run.ok("changelog-section-dated", f"{file} does not date its releases", file,
               section.line)
        return
    if tagged and date is None:
        hint = "add the date it was released, written like the other sections' dates"
    else:
        what = f"the date of its tag, {date}" if tagged else "today's date"
        hint = (f"add {what}, as the other sections do:\n"
                + _shown_block(heading_for(changelog, section.version_text or str(version),
                                           date)))
    run.fail(
        "changelog-section-dated",
        f"`{section.display}` has no release date",
        hint,
        file,
        section.line,
    )


def heading_for(changelog: Changelog, version: str, date: str | None) -> str:
    """The heading ``prepare`` would write (the writer is imported only for such hints)."""
    from release.changelog.insert import heading_for as styled

    return styled(changelog, version, date)


def style_is_dated(changelog: Changelog) -> bool:
    from release.changelog.insert import style_is_dated as dated

    return dated(changelog)


def _shown_block(text: str) -> str:
    """A heading block for a hint, indented under it."""
    return "\n".join("    " + line if line else "" for line in text.split("\n"))


def _check_duplicates(run: _Run, changelog: Changelog, section: Section, version: Version) -> None:
    file = run.facts.changelog_file
    later = changelog.later_mention(section, version)
    if later is not None:
        run.fail(
            "changelog-unique",
            f"{version} has more than one section (lines {section.line} and {later})",
            "keep one section per version: merge the two",
            file,
            later,
        )
    else:
        run.ok("changelog-unique", f"one section for {version}", file, section.line)


def _check_tag(run: _Run, version: Version, tags: list[Tag] | None) -> None:
    facts = run.facts
    tag = facts.tag
    if tag is None:  # the orchestrator refuses tag mode without a tag
        return
    scheme = facts.scheme
    expected = scheme.format(version)
    split = split_tag(tag)
    if split is None or (split[0], split[2]) != (scheme.prefix, scheme.separator):
        run.fail(
            "tag-prefix",
            f"tag {shorten(tag)!r} does not follow the release tags' scheme ({scheme.describe()}, "
            f"{facts.scheme_source})",
            f"tag releases as {expected}, or set `tag-prefix` in [tool.release]",
        )
        return
    run.ok("tag-prefix", f"tag {tag} follows the scheme ({scheme.describe()})")
    tag_version = split[1]
    if tag_version != version:
        run.fail(
            "tag-matches-version",
            f"tag {tag} is version {tag_version} but the project says {version}",
            f"tag the commit whose version is {tag_version}, or set the version to "
            f"{tag_version} and tag again",
            facts.version_file,
            facts.version_line,
        )
        return
    if facts.vcs:
        run.ok("tag-matches-version", f"the tag is the version ({facts.version_label})")
    else:
        run.ok("tag-matches-version", f"tag {tag} equals version {version}")
    text = tag[len(scheme.prefix):].replace(scheme.separator, ".")
    if tag != expected and text != facts.version_text:
        run.fail(
            "tag-normalised",
            f"tag {tag} and version {facts.version_text} are equal but spelled differently",
            f"prefer the normal form {expected} for tags and {version} for the version",
            severity=WARNING,
        )
    repo = facts.repo
    head = repo.head if repo is not None else None
    rerun = facts.tag_commit is not None and facts.tag_commit == head
    maintenance = _maintenance(facts, version)
    if tags is not None:
        others = [t for t in tags if t.name != tag and t.version >= version]
        here = [t for t in others if t.reachable]
        aside = [t for t in others if not t.reachable]
        mine = facts.tag_for(version)
        later = rerun and mine is not None and all(t.date > mine.date for t in aside)
        blocking = here + ([] if maintenance or later else aside)
        if blocking:
            highest = max(blocking, key=lambda item: item.version)
            run.fail("tag-newest",
                     f"{tag} is not higher than the existing release tag {highest.name}",
                     "release a version higher than every existing tag: "
                     f"{run.command('prepare', str(facts.next_free(highest.version)))}")
        elif aside and later:
            highest = max(aside, key=lambda item: item.version)
            run.fail("tag-newest",
                     f"{tag} is lower than {highest.name}, released after it (a re-run of the "
                     f"{tag} release: {tag} already points at HEAD)",
                     "nothing to do for the check; later releases need versions above "
                     f"{highest.name}", severity=WARNING)
        elif aside:
            names = ", ".join(t.name for t in sorted(aside, key=lambda t: t.version)[-3:])
            run.ok("tag-newest", f"{tag} is the newest of its line (maintenance release; "
                   f"{names} on other branches)")
        else:
            run.ok("tag-newest", f"{tag} is higher than every other release tag")
    if repo is not None and head is not None:
        local = facts.tag_commit
        if local is not None:
            if local != head:
                run.fail(
                    "tag-at-head",
                    f"tag {tag} points at {local[:12]}, not at HEAD {head[:12]}",
                    f"check out the tag (`git checkout {tag}`) before validating or building",
                )
            else:
                run.ok("tag-at-head", f"tag {tag} points at HEAD")
        _check_on_main(run, maintenance)


def _maintenance(facts: Facts, version: Version) -> str | None:
    """Why HEAD is a maintenance release (not on the main branch), or ``None``."""
    if facts.tag_on_main:
        return None
    for ref in facts.head_branches:
        name = short_branch(ref)
        if name != facts.main.name and is_release_branch(name, version):
            return f"release branch {name}"
    higher = [t for t in facts.counted() if not t.reachable and t.version > version]
    if higher and facts.head_branches:
        top = max(higher, key=lambda t: t.version)
        return f"{top.name} is already released from another branch"
    return None


def _check_on_main(run: _Run, maintenance: str | None) -> None:
    facts = run.facts
    main = facts.main
    if main.name is None:
        run.fail(
            "tag-on-main-branch",
            f"cannot tell which branch releases are tagged on ({main.source})",
            'set `main-branch = "NAME"` in [tool.release], or let origin say it: '
            "`git remote set-head origin --auto`",
        )
    elif facts.tag_on_main is None:
        run.fail(
            "tag-on-main-branch",
            f"the {main.name} branch ({main.source}) is not available locally, so it is "
            "unknown whether the tagged commit is on it",
            f"fetch it (`git fetch origin {main.name}`), or use `fetch-depth: 0` in "
            "actions/checkout",
        )
    elif facts.tag_on_main:
        run.ok("tag-on-main-branch", f"the tagged commit is on {main.name} ({main.source})")
    elif maintenance is not None:
        run.ok("tag-on-main-branch", f"maintenance release: not on {main.name}, but "
               f"{maintenance}")
    else:
        run.fail(
            "tag-on-main-branch",
            f"the tagged commit is not on the {main.name} branch ({main.source})",
            f"release from {main.name}: merge first, then tag the merged commit (a maintenance "
            "release is tagged on a branch named for its line, such as 1.5.x; "
            "or pass `--allow-branch` to `release tag`)",
        )


def _check_dist(run: _Run, version: Version) -> None:
    from packaging.utils import canonicalize_name  # only `--dist` needs it

    facts = run.facts
    where = facts.dist_dir
    if facts.dist_error is not None:
        run.checks.append(_from_error("dist-files", facts.dist_error))
        return
    artifacts = facts.artifacts or []
    sdists = [a for a in artifacts if a.kind == "sdist"]
    wheels = [a for a in artifacts if a.kind == "wheel"]
    if len(sdists) != 1 or not wheels:
        run.fail(
            "dist-files",
            f"{where} holds {len(sdists)} sdist(s) and {len(wheels)} wheel(s); "
            "exactly one sdist and at least one wheel are needed",
            f"empty {where} and build again (`nox -s build`)",
        )
    else:
        run.ok("dist-files", f"{where}: 1 sdist, {len(wheels)} wheel(s)")
    wrong = [a for a in artifacts if parse_or_none(a.version) != version]
    for artifact in wrong:
        run.fail(
            "dist-version",
            f"{artifact.path.name} carries version {artifact.version} in its metadata, "
            f"not {version}",
            f"empty {where} and build again from the commit of version {version}",
            str(artifact.path),
        )
    name = facts.project_name
    if name is not None:
        canonical = canonicalize_name(name)
        for artifact in artifacts:
            if canonicalize_name(artifact.name) != canonical:
                run.fail(
                    "dist-version",
                    f"{artifact.path.name} is the project {artifact.name!r}, not {name!r}",
                    f"remove it from {where}",
                    str(artifact.path),
                )
                wrong.append(artifact)
    for artifact in artifacts:
        if artifact in wrong:
            continue
        named = parse_or_none(artifact.name_version or "")
        if named != version:
            spelled = artifact.name_version
            run.fail(
                "dist-version",
                f"the file name {artifact.path.name} "
                + ("is not a valid wheel or sdist name" if spelled is None
                   else f"says version {spelled}, its metadata says {artifact.version}"),
                f"empty {where} and build again (`nox -s build`); do not rename built files",
                str(artifact.path),
            )
            wrong.append(artifact)
    if artifacts and not wrong:
        run.ok("dist-version", f"every file in {where} carries version {version}")
    problems = [
        f"{a.path.name}: {problem}"
        for a in artifacts
        if (problem := _content_problem(a)) is not None
    ]
    if problems:
        run.fail(
            "dist-contents",
            "; ".join(problems),
            "fix the build configuration's include/exclude rules, then rebuild",
        )
    elif artifacts:
        run.ok(
            "dist-contents", "the wheels hold the code and no stray files; the sdist can be rebuilt"
        )


_STRAY = re.compile(
    r"(^|/)(\.git|\.hg|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|"
    r"\.nox|\.tox|\.venv)(/|$)|\.py[co]$"
)


def _content_problem(artifact: Artifact) -> str | None:
    members = artifact.members
    stray = sorted({m for m in members if _STRAY.search(m)})
    if artifact.kind == "wheel":
        code = [m for m in members if ".dist-info/" not in m and ".data/" not in m]
        if not code:
            return "the wheel contains no package or module, only metadata"
        tests = sorted({m.split("/")[0] for m in code if m.split("/")[0] in ("tests", "test")})
        stray += [f"{t}/ (top-level tests would be installed into site-packages)" for t in tests]
    else:
        top = {m.split("/", 1)[1] for m in members if "/" in m}
        if "pyproject.toml" not in top and "setup.py" not in top:
            return "the sdist has no pyproject.toml (or setup.py): it cannot be rebuilt"
    if stray:
        return "stray files: " + ", ".join(stray[:5]) + (" ..." if len(stray) > 5 else "")
    return None
