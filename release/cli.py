"""The ``release`` command: parse argv, call the library, print, return an exit code.

Exit codes: 0 success; 1 the project is not ready or the step failed; 2 wrong usage.
stdout carries the result (summary, notes, JSON); stderr carries problems and progress.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from release.console import Console
from release.errors import ReleaseError, UsageError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from release.validate import Report

PROG = "release"


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized without importing shutil (which the validate path avoids)."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            columns = 80
        super().__init__(prog, width=max(columns - 2, 40))


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` owns every exit code."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, f"see `{self.prog} --help`")


def _args_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode",
        default="auto",
        choices=("auto", "branch", "tag"),
        help="auto (default): tag mode when a tag is given or found in CI",
    )
    parser.add_argument("--tag", help="the tag being released, e.g. v1.4.0")
    parser.add_argument("--pyproject", type=Path, help="default: REPO/pyproject.toml")
    parser.add_argument(
        "--changelog", type=Path, help="default: [tool.release] changelog, or CHANGELOG.md"
    )
    parser.add_argument("--repo", type=Path, default=Path(), help="the git checkout (default: .)")
    parser.add_argument(
        "--dist", type=Path, help="also check the sdist and wheels in DIR carry the version"
    )
    parser.add_argument(
        "--format", default="text", choices=("text", "json"), help="text (default) or json"
    )


def _args_prepare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="VERSION|KEYWORD",
        help="a PEP 440 version, or major|minor|patch|alpha|beta|rc|post|final",
    )
    parser.add_argument("--date", help="release date YYYY-MM-DD (default: today)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and the diff")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="allow uncommitted changes to tracked files"
    )
    parser.add_argument(
        "--commit", action="store_true", help='commit the two files as "Release X.Y.Z"'
    )
    parser.add_argument("--repo", type=Path, default=Path(), help="the project folder")


def _args_tag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print the plan only")
    parser.add_argument("--push", action="store_true", help="push that one tag to the remote")
    parser.add_argument("--remote", default="origin", help="remote for --push (default: origin)")
    parser.add_argument("--sign", action="store_true", help="create a signed tag (git tag -s)")
    parser.add_argument(
        "--allow-branch",
        action="store_true",
        help="allow tagging a commit that is not on the main branch",
    )
    parser.add_argument("--repo", type=Path, default=Path(), help="the project folder")


def _args_notes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("version", nargs="?", help="default: the project's current version")
    parser.add_argument("--changelog", type=Path, help="default: from [tool.release]")
    parser.add_argument("--output", type=Path, help="write to FILE instead of stdout")
    parser.add_argument("--repo", type=Path, default=Path(), help="the project folder")


def _args_checksums(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR")
    parser.add_argument("--output", type=Path, help="write to FILE (keep it outside DIR)")


def _args_publish(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="default: dist")
    parser.add_argument(
        "--repository-url",
        default=None,
        help="upload URL (default: https://upload.pypi.org/legacy/)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be uploaded where, with which credentials",
    )
    parser.add_argument("--repo", type=Path, default=Path(), help="the project folder")


def _args_guard_main(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sha", help="check this commit only (default: the push event's commits)")
    parser.add_argument(
        "--repo", dest="repository", metavar="OWNER/NAME", help="default: GITHUB_REPOSITORY"
    )
    parser.add_argument("--branch", default="main", help="the protected branch (default: main)")
    parser.add_argument(
        "--allow-bot",
        action="append",
        metavar="LOGIN",
        help="exempt commits by this bot account (repeatable)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=4,
        help="retries when GitHub has not linked the commit yet (default: 4)",
    )
    parser.add_argument(
        "--retry-delay",
        type=float,
        default=3.0,
        help="seconds before the first retry, growing linearly (default: 3)",
    )


_COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], dict[str, str]]] = {
    "validate": (
        _args_validate,
        {
            "help": "check that version, changelog and tag agree",
            "description": "Check that the version, the changelog and (in tag mode) the tag agree. "
            "Reports every problem at once.",
        },
    ),
    "prepare": (
        _args_prepare,
        {
            "help": "bump the version and turn [Unreleased] into a release section",
            "description": "Bump the version and date the changelog section, atomically.",
        },
    ),
    "tag": (
        _args_tag,
        {
            "help": "check everything, then create the annotated release tag",
            "description": "Run the tag-mode checks, then create the annotated tag with the notes.",
        },
    ),
    "notes": (
        _args_notes,
        {
            "help": "print one version's changelog section (for a GitHub Release)",
            "description": "Print the body of one changelog section, plus the link "
            "definitions it uses.",
        },
    ),
    "checksums": (
        _args_checksums,
        {"help": "SHA256SUMS for the files in DIR (sha256sum -c compatible)"},
    ),
    "guard-main": (
        _args_guard_main,
        {
            "help": "fail when commits reached main without a merged pull request",
            "description": "Ask the GitHub API whether each pushed commit came from a pull "
            "request merged into main (commit message conventions only as a fallback).",
        },
    ),
    "publish": (
        _args_publish,
        {
            "help": "upload this version's sdist and wheels, safely re-runnable",
            "description": "Upload the sdist and wheels of this version. Files the index "
            "already has with the same sha256 are skipped; a file with the same name and other "
            "content stops the run. Token: PYPI_API_TOKEN (as user __token__); else trusted "
            "publishing in GitHub Actions.",
        },
    ),
}


def _parser(only: str | None = None) -> _Parser:
    """The parser; with ``only``, just that sub-command's arguments are built (faster)."""
    parser = _Parser(
        prog=PROG,
        description="Version, changelog, tag, build and publish that always agree.",
        epilog="Exit codes: 0 success, 1 not ready or failed, 2 wrong usage. Docs: docs/index.md",
    )
    parser.add_argument(
        "--version", dest="show_version", action="store_true", help="print the version and exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for name, (add_arguments, texts) in _COMMANDS.items():
        if only is None or name == only:
            add_arguments(
                commands.add_parser(name, help=texts["help"], description=texts.get("description"))
            )
    return parser


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run the ``release`` command; return its exit code (never raises for user errors)."""
    console = console or Console()
    args_list = list(sys.argv[1:] if argv is None else argv)
    known = args_list[0] if args_list and args_list[0] in _COMMANDS else None
    parser = _parser(only=known)
    try:
        if not args_list or args_list[0] in ("-h", "--help"):
            console.print(parser.format_help().rstrip())
            return 0 if args_list else 2
        args = parser.parse_args(args_list)
        if args.show_version:
            from release import __version__

            console.print(f"{PROG} {__version__}")
            return 0
        handler = _HANDLERS.get(args.command)
        if handler is None:
            raise UsageError("no command given", f"see `{PROG} --help`")
        return handler(args, console)
    except SystemExit as exc:  # --help of a sub-command
        return exc.code if isinstance(exc.code, int) else 0
    except ReleaseError as exc:
        console.error(str(exc), exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        console.error("interrupted")
        return 130
    finally:
        console.flush()


def _cmd_validate(args: argparse.Namespace, console: Console) -> int:
    from release.validate import Options, validate

    report = validate(
        Options(
            mode=args.mode,
            tag=args.tag,
            pyproject=args.pyproject,
            changelog=args.changelog,
            repo=args.repo,
            dist=args.dist,
        )
    )
    show_report(report, console, args.format)
    return 0 if report.ok else 1


def show_report(report: Report, console: Console, fmt: str = "text") -> None:
    """Print a validation report: summary on stdout, problems on stderr, CI extras."""
    from release import ci

    if fmt == "json":
        import json

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
        where = (
            f"{check.file}:{check.line}: "
            if check.file and check.line
            else (f"{check.file}: " if check.file else "")
        )
        text = f"{where}[{check.id}] {check.message}"
        if check.failed:
            console.error(text, check.hint)
        else:
            console.warning(text, check.hint)
    if ci.is_github_actions():
        for check in report.checks:
            if not check.ok:
                level = "error" if check.failed else "warning"
                message = check.message + (f"\n{check.hint}" if check.hint else "")
                console.raw_err(
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


def _set_outputs(report: Report) -> None:
    """Step outputs for later jobs: version, tag and whether it is a pre-release."""
    from release import ci
    from release.versions import parse_or_none

    version = parse_or_none(report.version or "")
    if version is None:
        return
    ci.set_output("version", str(version))
    if report.tag:
        ci.set_output("tag", report.tag)
    ci.set_output("prerelease", "true" if version.pre or version.dev is not None else "false")


_STATES = {
    "released": "already released",
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
    from release.ci import markdown_cell

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
            f"| {icon} | `{check.id}` | {markdown_cell(check.message + where)} | "
            f"{markdown_cell(check.hint)} |"
        )
    lines += ["", "#### Readiness checklist", ""]
    by_id = {check.id: check for check in report.checks}
    for item, ids in _CHECKLIST:
        relevant = [by_id[i] for i in ids if i in by_id]
        if relevant:
            done = all(check.ok for check in relevant)
            lines.append(f"- [{'x' if done else ' '}] {item}")
    if report.mode == "branch" and report.state == "preparing":
        lines.append(f"- [ ] After the merge: `inv release.tag --push` (tag for {report.version})")
    return "\n".join(lines) + "\n"


_CHECKLIST = (
    (
        "The version is valid PEP 440, in normal form",
        ("version-readable", "version-pep440", "version-normalised"),
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
        ),
    ),
    (
        "The version is ahead of every release tag",
        ("version-not-behind-tags", "tag-not-created", "tag-newest"),
    ),
    (
        "The full git history and the tags are available",
        ("git-repository", "git-history", "git-tags"),
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


def _cmd_notes(args: argparse.Namespace, console: Console) -> int:
    from release.notes import notes_for

    text = notes_for(args.repo, args.version, args.changelog)
    if args.output is not None:
        from release.files import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
        console.info(f"wrote {args.output}")
    else:
        console.out.write(text)
    return 0


def _cmd_prepare(args: argparse.Namespace, console: Console) -> int:
    from release.prepare import run_prepare

    return run_prepare(args, console)


def _cmd_tag(args: argparse.Namespace, console: Console) -> int:
    from release.tagging import run_tag

    return run_tag(args, console)


def _cmd_checksums(args: argparse.Namespace, console: Console) -> int:
    from release.checksums import run_checksums

    return run_checksums(args, console)


def _cmd_publish(args: argparse.Namespace, console: Console) -> int:
    from release.publish import run_publish

    return run_publish(args, console)


def _cmd_guard(args: argparse.Namespace, console: Console) -> int:
    from release.guard import run_guard

    return run_guard(args, console)


_HANDLERS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "validate": _cmd_validate,
    "notes": _cmd_notes,
    "prepare": _cmd_prepare,
    "tag": _cmd_tag,
    "checksums": _cmd_checksums,
    "publish": _cmd_publish,
    "guard-main": _cmd_guard,
}
