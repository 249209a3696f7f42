"""Checks on git and the tags: the repository, the tag scheme, the version against the tags, the tag
being released and its branch.
"""

from __future__ import annotations

from release.errors import shorten
from release.outside.git import FETCH_HINT
from release.project.checks.base import WARNING, Facts, Run, from_error
from release.project.tags import (
    Tag,
    is_release_branch,
    newest,
    short_branch,
    split_tag,
)
from release.project.versions import Version, development_of, parse_or_none


def _describe_tags(facts: Facts) -> str:
    tags = facts.counted()
    if not tags:
        return f"no release tags ({facts.scheme.example()}) yet"
    top = max(tags, key=lambda t: t.version)
    return f"{len(tags)} release tag(s) ({facts.scheme.describe()}), newest {top.name}"


def check_repository(run: Run) -> list[Tag] | None:
    facts = run.facts
    if facts.repo_error is not None:
        run.checks.append(from_error("git-repository", facts.repo_error))
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


def _check_scheme(run: Run) -> None:
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


def is_development(version: Version) -> bool:
    """``1.4.0.dev0``, or a local marker (``1.4.0+dev``): work towards a release; only
    ``[Unreleased]`` is needed."""
    return version.dev is not None or version.local is not None


def check_tags(run: Run, version: Version, tags: list[Tag]) -> str:
    facts = run.facts
    state = "development" if is_development(version) else "preparing"
    mine = facts.tag_for(version)
    reachable = [t for t in tags if t.reachable]
    top = newest(reachable)
    compared = development_of(version)  # 1.4.0+dev is the development state of 1.4.0
    if version.local == "dev" and any(t.version == Version(version.public) for t in reachable):
        compared = version  # h11: 0.16.0+dev after the tag v0.16.0 is the work since it
    elsewhere = [t for t in tags if not t.reachable and t.version > compared]
    if mine is not None and state != "development":
        state = "released"
    elif top is not None and compared < top.version:
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
    elif state == "released" and mine is not None and top is not None \
            and top.version > compared:
        # pypa/build: 1.5.1 tagged in this history, the files back at 1.5.0 (rolled back)
        run.fail(
            "version-not-behind-tags",
            f"{version} is the release tag {mine.name}, but {top.name} was tagged later in "
            "this branch's history: the version went back",
            f"if {top.name} was released, set the version to it; else the next release must "
            f"be higher than {top.name}: "
            f"{run.command('prepare', str(facts.next_free(top.version)))}",
            facts.version_file,
            facts.version_line,
            severity=WARNING,
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


def check_tag(run: Run, version: Version, tags: list[Tag] | None) -> None:
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


def _check_on_main(run: Run, maintenance: str | None) -> None:
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
