"""Checks on the changelog: readable, the section for the version, newest, unique, filled and dated;
towncrier's pending fragments.
"""

from __future__ import annotations

from release.changelog import Changelog, Section, has_stub, is_filled
from release.changelog.titles import unsectioned
from release.project.checks.base import WARNING, Run, from_error
from release.project.versions import Version


def check_changelog_file(run: Run) -> Changelog | None:
    facts = run.facts
    if facts.changelog_error is not None:
        run.checks.append(from_error("changelog-readable", facts.changelog_error))
        return None
    fact = facts.changelog_fact or facts.changelog_file
    run.ok("changelog-readable", f"{fact} is readable", facts.changelog_file)
    return facts.changelog


def _check_fragments(run: Run, state: str | None, built: Section | None = None) -> None:
    """towncrier projects: the pending news fragments stand in for an Unreleased section
    (``built``: the section of the version being prepared, once towncrier has written it)."""
    facts = run.facts
    count = len(facts.fragments or [])
    where = f"{facts.fragments_dir}/"
    if facts.fragment_strays:
        strays = facts.fragment_strays
        names = ", ".join(strays[:4]) + (" ..." if len(strays) > 4 else "")
        run.fail("changelog-fragments",
                 f"{len(strays)} file(s) in {where} are no news fragment of a known type "
                 f"({names}): towncrier would leave them out of the release without a word",
                 "rename each to ISSUE.TYPE (e.g. `123.bugfix.md`) with a type of the "
                 "towncrier configuration, or list what is no fragment in its "
                 "`build_ignore_filenames`", f"{facts.fragments_dir}/{strays[0]}")
        return
    if not count and state == "preparing" and built is not None:
        run.ok("changelog-fragments", f"no pending news fragments in {where}: the news "
               f"fragments are in the {built.version} section", facts.fragments_dir)
        return
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


def _check_unreleased(run: Run, version: Version, changelog: Changelog) -> None:
    """A development version: the changelog collects the changes somewhere."""
    facts = run.facts
    file = facts.changelog_file
    unreleased = changelog.unreleased()
    newest = changelog.newest()
    ahead = newest if newest is not None and newest.version == Version(version.base_version) \
        else None
    if unreleased is None and changelog.style == "releases":
        run.ok("changelog-unreleased", "no unreleased entries yet (they go above the "
               "newest `:release:` line)", file)
    elif unreleased is None and ahead is not None:
        run.ok("changelog-unreleased", f"`{ahead.display}` collects the changes for "
               f"{ahead.version}", file, ahead.line)
    elif unreleased is None and facts.changelog_at_release is not None:
        run.ok(
            "changelog-unreleased",
            f"no unreleased section: this project writes its changelog in the release "
            f"commit ({facts.changelog_at_release}); the release is checked then",
            file,
        )
    elif unreleased is None:
        first = changelog.first_release()
        run.fail(
            "changelog-unreleased",
            f"{file} has no unreleased section for the development version {version}",
            "add an unreleased heading above the newest release section, e.g.\n"
            + _shown_block(pending_heading(changelog)),
            file,
            first.line if first else None,
        )
    else:
        run.ok("changelog-unreleased", f"`{unreleased.display}` section present", file,
               unreleased.line)


def check_sections(run: Run, version: Version, changelog: Changelog, state: str | None) -> None:
    facts = run.facts
    file = facts.changelog_file
    today = facts.today
    towncrier = facts.fragments is not None
    if towncrier and facts.mode == "branch":
        _check_fragments(run, state, changelog.find(version))
    # typing_extensions' 4.16.0rc2.dev below the tag 4.16.0rc2 ("behind") is a development
    # version all the same: it needs an unreleased section, never a dated one of its own
    if state == "development" or (state == "behind" and version.is_devrelease):
        if not towncrier:
            _check_unreleased(run, version, changelog)
        return
    newest = changelog.newest()
    section = newest if newest is not None and newest.version == version else changelog.find(
        version)
    if section is None and _for_final(run, version, changelog):
        return
    # A pending `Version X` block above the releases is newest; a release must be the first.
    top = newest if section is not None and section.is_unreleased else changelog.first_release()
    prepare = run.command("prepare", version.public)  # never a local version
    released = facts.tag_for(version)
    day = facts.date_of(version) if released is not None else today
    if section is None:
        block = _shown_block(heading_for(changelog, str(version), day))
        where = f"`{top.display}` is the newest section" if top else "there is no release section"
        why = unsectioned(changelog.text, changelog.format, str(version)) if top is None \
            else None
        if why is not None:
            where = f"{why[1]}, line {why[0]}"
            how = why[2]
        elif released is not None:
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
            f"{top.version_text} ({run.command('prepare', top.version_text or '')}), or, while "
            "it is not released, give it an unreleased heading instead (`"
            + pending_heading(changelog).split("\n")[0] + "`)",
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
    run: Run, changelog: Changelog, section: Section, version: Version, state: str | None
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


def _for_final(run: Run, version: Version, changelog: Changelog) -> bool:
    """A pre-release described by the unreleased section of its final release
    (``3.2.0rc1`` and ``Version 3.2.0`` + ``Unreleased``, as projects that bump only the
    version for a release candidate write it): the section checks pass on that section."""
    pending = changelog.unreleased()
    if not version.is_prerelease or pending is None or pending.version is None \
            or pending.version != Version(version.base_version):
        return False
    file = run.facts.changelog_file
    run.ok("changelog-section", f"`{pending.display}` (unreleased) describes the "
           f"pre-release {version}", file, pending.line)
    if is_filled(changelog.body(pending)):
        run.ok("changelog-section-filled", "the section describes the changes", file,
               pending.line)
    else:
        run.fail("changelog-section-filled", f"the {pending.version} section is empty",
                 "describe what changed (Added / Changed / Fixed / Removed ...)", file,
                 pending.line)
    return True


def pending_heading(changelog: Changelog) -> str:
    """An unreleased heading in the file's markup (the writer is imported only for hints)."""
    from release.changelog.insert import pending_heading as heading

    return heading(changelog)


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


def _check_duplicates(run: Run, changelog: Changelog, section: Section, version: Version) -> None:
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
