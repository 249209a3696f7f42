"""The ``release`` command: parse argv, call the library, print, return an exit code.

Exit codes: 0 success; 1 the project is not ready or the step failed; 2 wrong usage.
stdout carries the result (summary, notes, JSON); stderr carries problems and progress.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from release.console import Console
from release.errors import ReleaseError, UsageError

PROG = "release"
EXIT_CODES = {
    # The same for every command (docs/reference/cli.md is generated from this table).
    0: "success (`validate`: ready; warnings do not change the code)",
    1: "not ready, or the step failed: every problem is listed with the file, the line where "
       "known, and a hint",
    2: "wrong usage: an unknown command or option, a bad or empty value",
    130: "interrupted (Ctrl-C)",
}


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, f"see `{self.prog} --help`")


def _count(text: str) -> int:
    """A small non-negative whole number (retries)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{value} is out of range: use 0 to 100")
    return value


def _seconds(text: str) -> float:
    """A duration in seconds: finite, not negative, at most an hour."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 3600:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{text} is out of range: use 0 to 3600 seconds")
    return value


def _repo_option(parser: argparse.ArgumentParser,
                 text: str = "the project folder (default: .)") -> None:
    parser.add_argument("--repo", type=Path, default=Path(), metavar="DIR", help=text)


def _args_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode",
        default="auto",
        choices=("auto", "branch", "tag"),
        help="auto (default): tag mode when a tag is given or found in CI",
    )
    parser.add_argument("--tag", help="the tag being released, e.g. v1.4.0")
    parser.add_argument("--pyproject", type=Path, metavar="PATH",
                        help="default: DIR/pyproject.toml (DIR from --repo)")
    parser.add_argument(
        "--changelog", type=Path, metavar="PATH",
        help="default: [tool.release] changelog, else found (CHANGELOG.md, CHANGES.rst, ...)"
    )
    _repo_option(parser, "the git checkout (default: .)")
    parser.add_argument(
        "--dist", type=Path, metavar="DIR",
        help="also check the sdist and wheels in DIR carry the version"
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
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="release date (default: today)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and the diff")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="allow uncommitted changes to tracked files"
    )
    parser.add_argument(
        "--commit", action="store_true",
        help='commit exactly the written files as "Release X.Y.Z"'
    )
    _repo_option(parser)


def _args_tag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print the plan only")
    parser.add_argument("--push", action="store_true", help="push that one tag to the remote")
    parser.add_argument("--remote", default="origin", metavar="NAME",
                        help="remote for --push (default: origin)")
    parser.add_argument("--sign", action="store_true", help="create a signed tag (git tag -s)")
    parser.add_argument(
        "--allow-branch",
        action="store_true",
        help="allow tagging a commit that is not on the main branch",
    )
    _repo_option(parser)


def _args_notes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("version", nargs="?",
                        help="a version or its tag (1.4.0, v1.4.0, hatch-v1.4.0); default: the "
                        "project's current version")
    parser.add_argument(
        "--changelog", type=Path, metavar="PATH",
        help="default: [tool.release] changelog, else found (CHANGELOG.md, CHANGES.rst, ...)",
    )
    parser.add_argument("--output", type=Path, metavar="FILE",
                        help="write to FILE instead of stdout")
    _repo_option(parser)


def _args_checksums(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR")
    parser.add_argument("--output", type=Path, metavar="FILE",
                        help="write to FILE (keep it outside DIR)")


def _args_publish(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, default=Path("dist"), metavar="DIR",
                        help="default: dist")
    parser.add_argument(
        "--repository-url",
        default=None,
        metavar="URL",
        help="upload URL (default: https://upload.pypi.org/legacy/)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be uploaded where, with which credentials and attestations",
    )
    parser.add_argument(
        "--credentials",
        default=None,
        choices=("auto", "trusted-publishing", "token"),
        help="auto (the default, or $RELEASE_PUBLISH_CREDENTIALS): trusted publishing in a "
        "GitHub Actions job with id-token: write, even when PYPI_API_TOKEN is set; else "
        "PYPI_API_TOKEN",
    )
    parser.add_argument(
        "--no-attestations",
        dest="attestations",
        action="store_false",
        help="under trusted publishing, upload without PEP 740 attestations",
    )
    _repo_option(parser)


def _args_github_release(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tag", metavar="TAG",
                        help="the release tag, e.g. v1.4.0 (it must exist on GitHub)")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE",
                        help="the files to attach: dist/* SHA256SUMS")
    parser.add_argument("--notes-file", type=Path, metavar="FILE",
                        help="the release text (`release notes`)")
    parser.add_argument("--title", metavar="TEXT", help="default: the tag")
    parser.add_argument(
        "--prerelease",
        default="auto",
        choices=("auto", "true", "false"),
        help="auto (default): a pre-release when the tag is a PEP 440 pre- or dev-release",
    )
    parser.add_argument(
        "--repo", dest="repository", metavar="OWNER/NAME", help="default: GITHUB_REPOSITORY"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan only")


def _args_guard_main(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sha", help="check this commit only (default: the push event)")
    parser.add_argument(
        "--repo", dest="repository", metavar="OWNER/NAME", help="default: GITHUB_REPOSITORY"
    )
    parser.add_argument("--branch", default="main", metavar="NAME",
                        help="the protected branch (default: main)")
    parser.add_argument(
        "--allow-bot",
        action="append",
        metavar="LOGIN",
        help="exempt pushes by this account (the event's sender, e.g. my-app[bot]); repeatable",
    )
    parser.add_argument(
        "--message-fallback",
        action="store_true",
        help="when the GitHub API cannot answer, accept commit messages that name a pull "
        "request (off by default: the guard then fails with 'cannot verify')",
    )
    parser.add_argument(
        "--retries",
        type=_count,
        default=4,
        metavar="N",
        help="retries when GitHub has not linked the commit yet, or answers 5xx (default: 4)",
    )
    parser.add_argument(
        "--retry-delay",
        type=_seconds,
        default=3.0,
        metavar="SECONDS",
        help="seconds before the first retry, growing linearly (default: 3)",
    )
    parser.add_argument(
        "--max-wait",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="at most this many seconds of retries in all (default: 60)",
    )


def _args_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="print what was detected and every change as a diff; write nothing")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a managed file differs from what this version writes")
    parser.add_argument("--upgrade", action="store_true",
                        help="also rewrite managed parts written by another version")
    parser.add_argument("--force", action="store_true",
                        help="also replace managed parts that were edited by hand, and "
                        "workflow files release init did not write")
    parser.add_argument("--extra-index-url", metavar="URL",
                        help="an index that holds release-lifecycle besides PyPI (written to "
                        "requirements/release.in)")
    parser.add_argument("--no-lock", dest="lock", action="store_false",
                        help="write the lock inputs only; compile them later with `nox -s lock`")
    _repo_option(parser)


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
            "help": "bump the version and write the release section in the changelog's style",
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
            "description": "Ask the GitHub API whether the push to main was the merge of a pull "
            "request and every pushed commit belongs to one; force pushes, deleting and "
            "re-creating main fail, and so does a push the API cannot verify.",
        },
    ),
    "publish": (
        _args_publish,
        {
            "help": "upload this version's sdist and wheels, safely re-runnable",
            "description": "Upload the sdist and wheels of this version. Files the index "
            "already has with the same sha256 are skipped; a file with the same name and other "
            "content stops the run. Credentials: trusted publishing in a GitHub Actions job "
            "with id-token: write (with PEP 740 attestations); else PYPI_API_TOKEN (as user "
            "__token__).",
        },
    ),
    "github-release": (
        _args_github_release,
        {
            "help": "create or complete the GitHub Release of a tag, re-runnable",
            "description": "Find or create (as a draft) the GitHub Release of TAG, attach the "
            "files it lacks, then publish it. An attached file with the same name and other "
            "content stops the run before any change; nothing is ever deleted or replaced. "
            "Reads GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL.",
        },
    ),
    "init": (
        _args_init,
        {
            "help": "set up (or upgrade) the release sessions, tasks and workflows",
            "description": "Detect the project's version source, changelog, tag scheme, main "
            "branch and Pythons; write the release sessions into noxfile.py, the release "
            "tasks into tasks.py, the three GitHub workflows and the hash-locked "
            "requirements/release-*.txt, in managed blocks that --check verifies and "
            "--upgrade rewrites. Prints the one-time repository settings to do by hand.",
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
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    for name, (add_arguments, texts) in _COMMANDS.items():
        add_arguments(
            commands.add_parser(name, help=texts["help"], description=texts.get("description"))
        )
    return parser


def _refuse_blank(args_list: list[str]) -> None:
    """No command, an option before the command, or an empty value: usage errors.

    An empty or blank value is never meant: ``--tag ''`` would otherwise silently run branch
    mode, a CI gate that passes by accident.
    """
    if not args_list:
        raise UsageError("no command given", f"see `{PROG} --help`, e.g. `{PROG} validate`")
    if args_list[0].startswith("-") and args_list != ["--version"]:
        raise UsageError(f"unknown option {args_list[0]} (options go after the command)",
                         f"see `{PROG} --help`")
    for index, token in enumerate(args_list):
        if token.startswith("--") and "=" in token:
            name, value = token.split("=", 1)
            if not value.strip():
                raise UsageError(f"{name} is given an empty value", f"give {name} a value, or "
                                 "leave the option out for its default")
        elif not token.strip():
            previous = args_list[index - 1] if index else ""
            what = f"{previous} is given" if previous.startswith("-") else "an argument is"
            raise UsageError(f"{what} an empty value", "give it a value, or leave the option "
                             "out for its default")


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run the ``release`` command; return its exit code (never raises for user errors)."""
    console = console or Console()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    _hide_secrets()
    try:
        if not args_list:
            console.raw_err(parser.format_usage().rstrip())
        if args_list[:1] in (["-h"], ["--help"]):
            console.print(parser.format_help().rstrip())
            return 0
        _refuse_blank(args_list)
        if args_list == ["--version"]:
            from release import __version__

            console.print(f"{PROG} {__version__}")
            return 0
        args = parser.parse_args(args_list)
        return _HANDLERS[args.command](args, console)
    except SystemExit as exc:  # --help of a sub-command
        return exc.code if isinstance(exc.code, int) else 0
    except ReleaseError as exc:
        if _wants_json(args_list):
            console.print(json.dumps({"ok": False, "error": {
                "message": exc.message, "hint": exc.hint, "file": exc.file, "line": exc.line,
                "exit_code": exc.exit_code}}, indent=2))
        console.error(str(exc), exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        console.error("interrupted")
        return 130
    except BrokenPipeError:  # `release notes | head -1`: the reader has gone, that is fine
        console.detach_stdout()
        return 1
    except Exception as exc:  # a bug in release-lifecycle, not something the user did
        if os.environ.get("RELEASE_DEBUG"):
            raise
        console.error(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in release-lifecycle; nothing was left half-written. Run again with "
            "RELEASE_DEBUG=1 for the traceback and report it",
        )
        return 1
    finally:
        from release.outside import ci

        for problem in ci.NOT_WRITTEN:
            console.warning(problem, "check the runner's file system; the result above stands")
        ci.NOT_WRITTEN.clear()
        console.flush()


def _hide_secrets() -> None:
    """Register the secrets in the environment, so that no output shows them.

    No ``::add-mask::`` for them: GitHub masks the values of ``secrets.*`` and
    ``github.token`` itself, and a mask command would print the secret into the log of any
    other CI system that sets ``GITHUB_ACTIONS``.
    """
    from release.outside import redact

    redact.register_environment()


def _wants_json(args_list: list[str]) -> bool:
    return "--format=json" in args_list or any(
        a == "--format" and b == "json" for a, b in itertools.pairwise(args_list)
    )


def _cmd_validate(args: argparse.Namespace, console: Console) -> int:
    from release.commands.validate import Options, validate
    from release.report import show_report

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
    from release.commands.notes import notes_for

    text = notes_for(args.repo, args.version, args.changelog)
    if args.output is not None:
        from release.outside.files import write_output

        write_output(args.output, text.encode("utf-8"))
        console.info(f"wrote {args.output}")
    else:
        console.out.write(text)
    return 0


def _cmd_prepare(args: argparse.Namespace, console: Console) -> int:
    from release.commands.prepare import PrepareOptions, build_plan, verify
    from release.project.hints import command, invoke_tasks_present
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
        for preview in prepared.previews:
            console.print(preview.rstrip("\n"))
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
        console.warning(f"the {prepared.target} section is still empty",
                        "describe the changes in the changelog before tagging")
    tag = command("tag", invoke=invoke_tasks_present(args.repo))
    nxt = f"{tag} (creates {prepared.tag})" if args.commit else (
        f'git commit -am "Release {prepared.target}" (or open a PR), then {tag} '
        f"(creates {prepared.tag})")
    console.info(f"next: {nxt}")
    return 0


def _cmd_tag(args: argparse.Namespace, console: Console) -> int:
    from release.commands.tag import TagOptions, build_plan
    from release.report import facts_lines, problem_text

    planned = build_plan(TagOptions(repo=args.repo, push=args.push, remote=args.remote,
                                    sign=args.sign, allow_branch=args.allow_branch))
    tag = planned.tag
    for check in planned.report.checks:  # what validation warns about, before acting on it
        if not check.ok and not check.failed:
            console.warning(problem_text(check), check.hint)
    if not planned.plan.actions:
        console.info(f"{tag} already points at HEAD; nothing to do")
        return 0
    console.info(f"tag {tag}" + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    for line in facts_lines(planned.report):  # the main branch it checked, and where from
        console.info(line)
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
    from release.commands.checksums import entries, format_sums, markdown
    from release.outside import ci
    from release.outside.files import write_output

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
        write_output(output, text.encode("utf-8"))
        width = max(len(e.name) for e in items)
        for item in items:
            console.print(f"{item.name:<{width}}  {item.size:>10,} bytes  sha256 {item.sha256}")
        console.info(f"wrote {output} (check with: cd {folder} && sha256sum -c {output.resolve()})")
    if ci.is_github_actions():
        ci.append_step_summary(markdown(items))
    return 0


def _cmd_publish(args: argparse.Namespace, console: Console) -> int:
    from release.commands.publish import NotReady, PublishOptions, remediation, run_publish
    from release.outside import ci, http, redact
    from release.report import show_report

    env = os.environ
    password = http.split_credentials(args.repository_url or env.get("TWINE_REPOSITORY_URL")
                                      or "")[2]
    redact.register(password)
    if password and ci.is_github_actions(env):
        for command in ci.mask(password):
            console.raw_err_unredacted(command)
    choice = args.credentials or env.get("RELEASE_PUBLISH_CREDENTIALS", "").strip() or "auto"
    options = PublishOptions(repo=args.repo, dist=args.dist, repository_url=args.repository_url,
                             dry_run=args.dry_run, credentials=choice,
                             attestations=args.attestations)
    try:
        result = run_publish(options, env, console.info)
    except NotReady as exc:
        show_report(exc.report, console)
        raise
    if result.dry_run:
        if result.credentials.source == "none":
            console.warning(remediation(result.url, result.project))
        to_upload = sum(d.action == "upload" for d in result.decisions)
        console.print(f"dry run: {to_upload} to upload, {len(result.skipped)} already there; "
                      f"attestations: {'yes' if result.attest else 'no'}")
        return 0
    for name in result.uploaded:
        made = f"{name}.publish.attestation" in result.attestations
        console.print(f"uploaded {name}" + (" with its attestation" if made else ""))
    for name in result.skipped:
        console.print(f"skipped {name} (already on the index, identical)")
    for message, hint in result.warnings:
        console.warning(message, hint)
    return 0


def _cmd_github_release(args: argparse.Namespace, console: Console) -> int:
    from release.outside.github import GitHubReleaseOptions, run_github_release

    result = run_github_release(GitHubReleaseOptions(
        tag=args.tag, files=tuple(args.files), notes_file=args.notes_file, title=args.title,
        prerelease=args.prerelease, repository=args.repository, dry_run=args.dry_run,
    ), os.environ, console.info)
    if result.dry_run:
        console.print(f"dry run: {len(result.plan)} step(s) planned for {result.tag}")
        return 0
    for name in result.uploaded:
        console.print(f"attached {name}")
    for name in result.skipped:
        console.print(f"kept {name} (already attached, sha256 matches)")
    for name in result.extra_assets:
        console.info(f"note: the release also has {name}, which was not given; left as it is")
    state = "created" if result.created else "updated" if (result.uploaded or result.updated
                                                           or result.published) else "complete"
    console.print(f"GitHub Release {result.tag}: {state}" + (f" {result.url}" if result.url
                                                            else ""))
    return 0


def _cmd_guard(args: argparse.Namespace, console: Console) -> int:
    from release.commands.guard import GuardOptions, failure, run_guard

    result = run_guard(GuardOptions(
        sha=args.sha, repository=args.repository, branch=args.branch,
        allow_bots=tuple(args.allow_bot or ()), message_fallback=args.message_fallback,
        retries=args.retries, retry_delay=args.retry_delay, max_wait=args.max_wait,
    ), os.environ)
    if result.warning is not None:
        console.warning(*result.warning)
    if result.skipped:
        console.print(f"guard-main: {result.skipped}")
        return 0
    if result.pusher:
        console.print(f"  pushed by {result.pusher}")
    for problem in result.problems:
        console.print(f"  FAIL {problem}")
    for verdict in result.verdicts:
        mark = "ok  " if verdict.ok else "FAIL"
        console.print(f"  {mark} {verdict.commit.sha[:12]} {verdict.evidence}")
    if not result.ok:
        raise failure(result)
    console.print(f"guard-main: the push came from a merged pull request into {result.branch}")
    return 0


def _cmd_init(args: argparse.Namespace, console: Console) -> int:
    from release.commands.init import InitOptions, need_dirs, plan_init

    plan = plan_init(InitOptions(repo=args.repo, check=args.check, upgrade=args.upgrade,
                                 force=args.force, extra_index_url=args.extra_index_url,
                                 lock=args.lock))
    facts = plan.facts
    title = f"release init: {facts.name} (release-lifecycle {plan.version})"
    suffix = " --check" if args.check else " (dry run: nothing is changed)" if args.dry_run \
        else ""
    console.print(console.paint(title + suffix, "bold"))
    console.print("detected:")
    width = max(len(f.what) for f in facts.facts)
    for fact in facts.facts:
        console.print(f"  {fact.what:<{width}}  {fact.value}" + (
            console.paint(f"  <- {fact.source}", "dim") if fact.source else ""))
    console.print("files:")
    shown_width = max(len(s.shown) for s in plan.statuses)
    marks = {"current": "ok", "seed": "ok", "missing": "new", "outdated": "upgrade",
             "stale": "upgrade", "edited": "EDITED", "unmanaged": "NOT MANAGED"}
    for status in plan.statuses:
        console.print(f"  {marks[status.state]:<11} {status.shown:<{shown_width}}  "
                      f"{status.detail}")
    for message, hint in plan.warnings:
        console.warning(message, hint)
    if args.check:
        problems = plan.problems
        if problems:
            for status in problems:
                where = f"{status.shown}:{status.line}" if status.line else status.shown
                console.error(f"{where}: {status.detail}", "")
            raise ReleaseError(
                f"{len(problems)} managed part(s) differ from what release-lifecycle "
                f"{plan.version} writes",
                "`release init --upgrade` rewrites outdated parts (add --force for parts "
                "edited by hand, after moving your changes outside the managed blocks); "
                "`--dry-run` shows the diff first")
        console.print(f"release init --check: every managed part is what release-lifecycle "
                      f"{plan.version} writes")
        return 0
    if not plan.writes.changes:
        console.print("nothing to change: release init has set up this project already")
    elif args.dry_run:
        console.print(plan.writes.diff().rstrip("\n"))
    else:
        need_dirs(plan)
        plan.writes.execute()
        console.print(f"wrote {len(plan.writes.changes)} file(s): "
                      + ", ".join(c.shown for c in plan.writes.changes))
    if plan.lock_note:
        console.warning(plan.lock_note)
    console.print("one-time settings, by hand:")
    for line in plan.checklist:
        console.print(f"  {line}")
    if plan.writes.changes and not args.dry_run:
        console.print("next: review and commit the files (git add -A && git commit), then "
                      "`nox -s validate`")
    return 0


_HANDLERS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "init": _cmd_init,
    "validate": _cmd_validate,
    "notes": _cmd_notes,
    "prepare": _cmd_prepare,
    "tag": _cmd_tag,
    "checksums": _cmd_checksums,
    "publish": _cmd_publish,
    "guard-main": _cmd_guard,
    "github-release": _cmd_github_release,
}
