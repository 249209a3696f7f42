"""Presentation of a validation report: text, JSON, annotations, step summary, outputs.

Used by the CLI for ``release validate`` and by every command that shows a report
(``prepare`` after writing, ``tag`` and ``publish`` when they refuse). Nothing in the
library imports this module.
"""

from __future__ import annotations

import json
from typing import Any

from release.commands.validate import Report
from release.console import Console
from release.outside import ci
from release.project.checks import Check
from release.project.versions import parse_or_none


def show_report(report: Report, console: Console, fmt: str = "text") -> None:
    """Print a validation report: summary on stdout, problems on stderr, CI extras."""
    if fmt == "json":
        console.print(json.dumps(report.as_dict(), indent=2))
    else:
        head = f"release validate: {report.mode} mode, version {report.version or '?'}"
        if report.tag:
            head += f", tag {report.tag}"
            if report.tag_source and report.tag_source != "--tag":
                head += f" (from {report.tag_source})"
        if report.state:
            head += f" [{_STATES.get(report.state, report.state)}]"
        console.print(head, "bold")
        for line in facts_lines(report):
            console.print(line)
        width = max((len(check.id) for check in report.checks), default=10)
        for check in report.checks:
            if check.ok:
                mark, style = "ok  ", "green"
            elif check.failed:
                mark, style = "FAIL", "red bold"
            else:
                mark, style = "warn", "yellow"
            console.print(f"  {console.paint(mark, style)} {check.id:<{width}}  {check.message}")
        console.print(_verdict(report), "bold green" if report.ok else "bold red")
    for check in report.checks:
        if check.ok:
            continue
        if check.failed:
            console.error(problem_text(check), check.hint)
        else:
            console.warning(problem_text(check), check.hint)
    if ci.is_github_actions():
        for check in report.checks:
            if not check.ok:
                level = "error" if check.failed else "warning"
                message = check.message + (f"\n{check.hint}" if check.hint else "")
                console.command(
                    ci.annotation(
                        level,
                        message,
                        file=check.file,
                        line=check.line,
                        title=f"release validate: {check.id}",
                    )
                )
        ci.append_step_summary(summary_markdown(report))
        _set_outputs(report)


def problem_text(check: Check) -> str:
    """``file:line: [id] message``: one failed or warning check, as stderr shows it."""
    where = (f"{check.file}:{check.line}: " if check.file and check.line
             else f"{check.file}: " if check.file else "")
    return f"{where}[{check.id}] {check.message}"


def facts_lines(report: Report) -> list[str]:
    """The short "facts:" block: where the version, the tag scheme and the branch came from."""
    facts = report.facts
    if not facts:
        return []
    lines = ["facts:"]
    version = facts.get("version", {})
    if version.get("value") or version.get("source"):
        where = version.get("file")
        if where and version.get("line"):
            where = f"{where}:{version['line']}"
        text = version.get("value") or "?"
        lines.append(f"  version      {text}" + (f" from {where}" if where else "")
                     + (f" ({version['source']})" if version.get("source") else ""))
    prefix = facts.get("tag_prefix", {})
    if prefix.get("source"):
        shown = repr(prefix["value"]) if prefix["value"] else "none"
        lines.append(f"  tag prefix   {shown} ({prefix['source']})")
    branch = facts.get("main_branch", {})
    if branch.get("source"):
        lines.append(f"  main branch  {branch.get('value') or '?'} ({branch['source']})")
    for item in facts.get("version_files", []):
        lines.append(f"  also         {item['file']}:{item['line']} says {item['value']} "
                     f"({item['source']})")
    waiting = facts.get("pending")
    if waiting and (waiting.get("tag") or waiting.get("entries")):
        lines.append(f"  pending      {pending_text(waiting)}")
    return lines if len(lines) > 1 else []


def pending_text(waiting: dict[str, Any]) -> str:
    """``2 commits and 1 changelog entry since v1.4.0 (CHANGELOG.md:5)``, from the facts."""
    parts = []
    if waiting.get("commits") is not None:
        count = waiting["commits"]
        parts.append(f"{count} commit{'' if count == 1 else 's'}")
    count = waiting.get("entries", 0)
    source = waiting.get("source") or ""
    if source.endswith("/"):
        parts.append(f"{count} news fragment{'' if count == 1 else 's'}")
    else:
        parts.append(f"{count} changelog entr{'y' if count == 1 else 'ies'}")
    text = " and ".join(parts)
    text += f" since {waiting['tag']}" if waiting.get("tag") else " (no release tag yet)"
    return text + (f" ({source})" if source else "")


def _set_outputs(report: Report) -> None:
    """Step outputs for later jobs: version, tag and whether it is a pre-release."""
    version = parse_or_none(report.version or "")
    if version is None:
        return
    ci.set_output("version", str(version))
    if report.tag:
        ci.set_output("tag", report.tag)
    ci.set_output("prerelease", "true" if version.pre or version.dev is not None else "false")


_STATES = {
    "released": "already released",
    "pending": "released, with changes since",
    "preparing": "release in preparation",
    "behind": "behind the newest tag",
    "development": "development version",
}


def _verdict(report: Report) -> str:
    failed = sum(check.failed for check in report.checks)
    warned = sum(not check.ok and not check.failed for check in report.checks)
    counts = f"{len(report.checks)} checks, {failed} failed, {warned} warning(s)"
    return f"ready: {counts}" if report.ok else f"NOT READY: {counts}"


def summary_markdown(report: Report) -> str:
    """The Markdown table of checks for ``$GITHUB_STEP_SUMMARY``."""
    title = f"### release validate ({report.mode} mode): {'ready' if report.ok else 'NOT READY'}"
    lines = [
        title,
        "",
        f"Version `{report.version or '?'}`"
        + (f", tag `{report.tag}`" if report.tag else "")
        + (f" ({_STATES.get(report.state, report.state)})" if report.state else ""),
        "",
        "| | check | result | hint |",
        "|---|---|---|---|",
    ]
    for check in report.checks:
        icon = "✅" if check.ok else ("❌" if check.failed else "⚠️")
        where = f" ({check.file}:{check.line})" if check.file and check.line else ""
        lines.append(
            f"| {icon} | `{check.id}` | {ci.markdown_cell(check.message + where)} | "
            f"{ci.markdown_cell(check.hint)} |"
        )
    lines += ["", "#### Readiness checklist", ""]
    by_id = {check.id: check for check in report.checks}
    for item, ids in CHECKLIST:
        relevant = [by_id[i] for i in ids if i in by_id]
        if relevant:
            done = all(check.ok for check in relevant)
            lines.append(f"- [{'x' if done else ' '}] {item}")
    if report.mode == "branch" and report.state == "preparing":
        lines.append(f"- [ ] After the merge: `release tag --push` (tag for {report.version})")
    return "\n".join(lines) + "\n"


CHECKLIST: tuple[tuple[str, tuple[str, ...]], ...] = (
    # The readiness checklist of the job summary: each item is ticked when every check it
    # names passed. docs/releases/readiness-checklist.md is generated from this table
    # (`nox -s docs`); every check id belongs to exactly one item.
    (
        "The version is valid PEP 440, public, in normal form, and every place that repeats "
        "it agrees",
        ("version-readable", "version-pep440", "version-public", "version-normalised",
         "version-files-agree"),
    ),
    (
        "The changelog has one section for it, at the top, filled in and dated",
        (
            "changelog-readable",
            "changelog-section",
            "changelog-unique",
            "changelog-section-newest",
            "changelog-section-filled",
            "changelog-section-dated",
            "changelog-unreleased",
            "changelog-fragments",
        ),
    ),
    (
        "The version is ahead of every release tag",
        ("version-not-behind-tags", "tag-not-created", "tag-newest"),
    ),
    (
        "The full git history and the tags are available",
        ("git-repository", "git-history", "git-tags", "tag-scheme", "tags-abandoned"),
    ),
    (
        "The tag equals the version and points at the commit on the main branch",
        (
            "tag-prefix",
            "tag-matches-version",
            "tag-normalised",
            "tag-at-head",
            "tag-on-main-branch",
        ),
    ),
    (
        "The built files carry the version and nothing stray",
        ("dist-files", "dist-version", "dist-contents"),
    ),
)
