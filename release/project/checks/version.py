"""Checks on the version: readable, PEP 440, public, normal form; the places that repeat it."""

from __future__ import annotations

from dataclasses import replace

from release.project.checks.base import ERROR, WARNING, Run, from_error
from release.project.versions import Spelling, Version, local_part_refused, parse_or_none


def check_version(run: Run) -> Version | None:
    facts = run.facts
    if facts.version_error is not None:
        run.checks.append(from_error("version-readable", facts.version_error))
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
    if version.local is not None and facts.mode == "branch":
        since = version.local == "dev" and facts.tag_for(Version(version.public)) is not None
        meaning = (f"the work since the release {version.public}" if since
                   else f"the development state of {version.public}")
        run.ok("version-public", f"{text} is {meaning} (a local marker between releases: "
               "`release prepare` writes the public version, and a tag is refused until it "
               "does)", facts.version_file, facts.version_line)
    elif version.local is not None:
        run.fail(
            "version-public",
            "version " + local_part_refused(version, text),
            f"release {version.public} instead: {run.command('prepare', version.public)} "
            "writes it (a local version is for builds you never upload)",
            facts.version_file,
            facts.version_line,
        )
    else:
        run.ok("version-public", f"{text} is a public version (no local part)",
               facts.version_file, facts.version_line)
    if str(version) != text and not facts.vcs:
        tags = [t.text for t in sorted(facts.counted(), key=lambda t: t.version, reverse=True)
                if t.name.startswith(facts.scheme.prefix)][:20]
        if not own_spelling(text, version, tags):
            run.fail(
                "version-normalised",
                f"version {text!r} is not in normal form, and the release tags do not spell "
                "versions that way",
                f'write it as "{version}" (the form PyPI, pip and tags use)',
                facts.version_file,
                facts.version_line,
                severity=WARNING,
            )
        else:
            run.ok("version-normalised", f"{text} is written in the project's own spelling "
                   f"(equal to {version}); new versions are written the same way",
                   facts.version_file, facts.version_line)
    return version


def check_version_files(run: Run) -> None:
    """``version-files-agree``: every place that repeats the version says the same."""
    facts = run.facts
    for problem in facts.repeat_problems:
        run.fail("version-files-agree", problem.message, problem.hint, problem.file,
                 problem.line, severity=WARNING if problem.severity == "warning" else ERROR)
    if all(problem.severity == "warning" for problem in facts.repeat_problems):
        places = ", ".join(f"{file}:{line}" for file, line, _, _ in facts.version_files)
        run.ok("version-files-agree", f"{len(facts.version_files)} other place(s) repeat the "
               "version "
               f"and agree: {places}")


def own_spelling(text: str, version: Version, tags: list[str]) -> bool:
    """``text`` is how this project writes versions, not a slip: the release numbers are
    padded and the pre- and post-releases written as its release tags write them (newest
    first; with no tag, the file is the only evidence). The lead (``v1.2.3`` in a file) and
    the development part (``0.14-dev``), which tags never show, are the file's own."""
    mine = Spelling.learn([text], evidence=tags)
    if not tags:
        return mine.spell(version) == text
    theirs = Spelling.learn(tags, evidence=tags)
    heads = {**dict(theirs.heads), **{k: v for k, v in mine.heads if k == "dev"}}
    bare = tuple(k for k in theirs.bare if k != "dev") + tuple(k for k in mine.bare
                                                                if k == "dev")
    combined = replace(theirs, lead=mine.lead, heads=tuple(heads.items()), bare=bare)
    return combined.spell(version) == text
