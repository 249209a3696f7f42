"""Consistency checks: facts in, a list of findings out. Pure logic, no I/O.

Every check has a stable kebab-case id (:data:`CHECK_IDS`, documented in docs/validate.md
and docs/reference/cli.md); one run reports every problem at once, each with the file, the
line where known, and a hint. The checks are split by subject: :mod:`.version`,
:mod:`.changelog`, :mod:`.tags` and :mod:`.dist`; :mod:`.base` has the facts and findings.
"""

from __future__ import annotations

from release.project.checks.base import CHECK_IDS, ERROR, WARNING, Check, Facts, Run
from release.project.checks.changelog import check_changelog_file, check_sections
from release.project.checks.dist import check_dist
from release.project.checks.pending import Pending, pending
from release.project.checks.tags import check_repository, check_tag, check_tags, is_development
from release.project.checks.version import check_version, check_version_files

__all__ = ["CHECK_IDS", "ERROR", "STATES", "WARNING", "Check", "Facts", "Pending", "pending",
           "run_checks"]

STATES: dict[str, str] = {
    # The release states (docs/validate.md explains them; `release status` names the next step).
    "released": "already released: the version is a release tag and nothing is pending",
    "pending": "released, with changes since: commits or changelog entries after the tag",
    "preparing": "release in preparation: higher than every tag in this history",
    "behind": "behind the newest tag: lower than a release tag in this history",
    "development": "development version (.devN): work towards the next release",
}


def run_checks(facts: Facts) -> tuple[list[Check], str | None]:
    """Run every check that applies; return the findings and the release state.

    The state is one of :data:`STATES`: ``"released"`` (a release tag equals the version and
    nothing is pending), ``"pending"`` (the same, with commits or changelog entries after the
    tag: branch mode only), ``"preparing"`` (higher than the tags in this history),
    ``"behind"`` (lower than the newest tag in this history), ``"development"`` (a ``.devN``
    version), or ``None`` when it cannot be known.
    """
    run = Run(facts)
    version = check_version(run)
    changelog = check_changelog_file(run)
    tags = check_repository(run)
    state = None
    if version is not None and tags is not None:
        state = check_tags(run, version, tags)
    elif version is not None and is_development(version):
        state = "development"
    if facts.version_files or facts.repeat_problems:
        check_version_files(run)
    if version is not None and changelog is not None:
        first = len(run.checks)
        check_sections(run, version, changelog, state)
        locate = getattr(changelog, "locate", None)  # a folder of release files
        if locate is not None:
            for check in run.checks[first:]:
                if check.file == facts.changelog_file and check.line is not None:
                    check.file, check.line = locate(check.line)
    if facts.mode == "tag" and version is not None:
        check_tag(run, version, tags)
    if facts.dist_dir is not None and version is not None:
        check_dist(run, version)
    if state == "released" and facts.mode == "branch" and pending(facts).any:
        state = "pending"  # after the checks: a released version's checks stay as they are
    return run.checks, state
