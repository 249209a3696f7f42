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

PROG = "release"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` owns every exit code."""

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


def build_parser() -> argparse.ArgumentParser:
    """The whole ``release`` parser (the docs' command reference is generated from it)."""
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
        add_arguments(
            commands.add_parser(name, help=texts["help"], description=texts.get("description"))
        )
    return parser


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run the ``release`` command; return its exit code (never raises for user errors)."""
    console = console or Console()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
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
    from release.report import show_report
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
    from release.prepare import PrepareOptions, build_plan, verify
    from release.report import show_report

    prepared = build_plan(PrepareOptions(
        target=args.target, repo=args.repo, date=args.date, allow_dirty=args.allow_dirty,
        commit=args.commit,
    ))
    current = prepared.current if prepared.current is not None else "(no release yet)"
    console.info(f"prepare {current} -> {prepared.target}"
                 + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    for note in prepared.notes:
        console.info(f"note: {note}")
    console.info(prepared.plan.describe())
    if args.dry_run:
        console.print(prepared.writes.diff().rstrip("\n"))
        return 0
    prepared.plan.execute()
    console.info("validating the result (release validate --mode branch):")
    report, blocking = verify(prepared)
    show_report(report, console)
    if blocking:
        raise ReleaseError(
            "the files were written, but validation reports the problems above",
            "fix them, then run `release validate`",
        )
    if not report.ok:
        console.warning(f"the {prepared.target} section still has the placeholder line",
                        "describe the changes in the changelog before tagging")
    nxt = f"`release tag` (creates {prepared.tag})" if args.commit else (
        f'git commit -am "Release {prepared.target}" (or open a PR), then `release tag` '
        f"(creates {prepared.tag})")
    console.info(f"next: {nxt}")
    return 0


def _cmd_tag(args: argparse.Namespace, console: Console) -> int:
    from release.tagging import TagOptions, build_plan

    planned = build_plan(TagOptions(repo=args.repo, push=args.push, remote=args.remote,
                                    sign=args.sign, allow_branch=args.allow_branch))
    tag = planned.tag
    if not planned.plan.actions:
        console.info(f"{tag} already points at HEAD; nothing to do")
        return 0
    console.info(f"tag {tag}" + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    console.info(planned.plan.describe())
    if args.dry_run:
        return 0
    planned.plan.execute()
    console.print(f"created {tag}" if planned.creates else f"{tag} exists")
    if args.push:
        console.print(f"pushed refs/tags/{tag} to {args.remote}")
    else:
        console.info(f"next: git push {args.remote} refs/tags/{tag}  (or `release tag --push`)")
    return 0


def _cmd_checksums(args: argparse.Namespace, console: Console) -> int:
    from release import ci
    from release.checksums import entries, format_sums, markdown
    from release.files import write_atomic

    folder: Path = args.dir
    output: Path | None = args.output
    if output is not None and output.resolve().parent == folder.resolve():
        raise UsageError(
            f"{output} is inside {folder}",
            "write it beside the folder (twine rejects extra files in dist/): "
            "--output SHA256SUMS",
        )
    items = entries(folder)
    text = format_sums(items)
    if output is None:
        console.out.write(text)
    else:
        write_atomic(output, text.encode("utf-8"))
        width = max(len(e.name) for e in items)
        for item in items:
            console.print(f"{item.name:<{width}}  {item.size:>10,} bytes  sha256 {item.sha256}")
        console.info(f"wrote {output} (check with: cd {folder} && sha256sum -c {output.resolve()})")
    if ci.is_github_actions():
        ci.append_step_summary(markdown(items))
    return 0


def _cmd_publish(args: argparse.Namespace, console: Console) -> int:
    from release import ci
    from release.publish import (
        NotReady,
        PublishOptions,
        find_credentials,
        remediation,
        run_publish,
    )
    from release.report import show_report

    env = os.environ
    token = find_credentials(env).token
    if token and ci.is_github_actions(env):
        console.raw_err(ci.mask(token))
    options = PublishOptions(repo=args.repo, dist=args.dist, repository_url=args.repository_url,
                             dry_run=args.dry_run)
    try:
        result = run_publish(options, env, console.info)
    except NotReady as exc:
        show_report(exc.report, console)
        raise
    if result.dry_run:
        if result.credentials.source == "none":
            console.warning(remediation(result.url, result.project))
        to_upload = sum(d.action == "upload" for d in result.decisions)
        console.print(f"dry run: {to_upload} to upload, {len(result.skipped)} already there")
        return 0
    for name in result.uploaded:
        console.print(f"uploaded {name}")
    for name in result.skipped:
        console.print(f"skipped {name} (already on the index, identical)")
    return 0


def _cmd_guard(args: argparse.Namespace, console: Console) -> int:
    from release.guard import GuardOptions, failure, run_guard

    result = run_guard(GuardOptions(
        sha=args.sha, repository=args.repository, branch=args.branch,
        allow_bots=tuple(args.allow_bot or ()), retries=args.retries,
        retry_delay=args.retry_delay,
    ), os.environ)
    if result.warning is not None:
        console.warning(*result.warning)
    if result.skipped:
        console.print(f"guard-main: {result.skipped}")
        return 0
    for verdict in result.verdicts:
        mark = "ok  " if verdict.ok else "FAIL"
        console.print(f"  {mark} {verdict.commit.sha[:12]} {verdict.evidence}")
    if result.bad:
        raise failure(result)
    console.print(f"guard-main: every pushed commit came from a merged pull request into "
                  f"{result.branch}")
    return 0


_HANDLERS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "validate": _cmd_validate,
    "notes": _cmd_notes,
    "prepare": _cmd_prepare,
    "tag": _cmd_tag,
    "checksums": _cmd_checksums,
    "publish": _cmd_publish,
    "guard-main": _cmd_guard,
}
