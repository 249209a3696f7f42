"""The ``release`` command: parse argv, call the library, print, return an exit code.

Exit codes: 0 success; 1 the project is not ready or the step failed; 2 wrong usage.
stdout carries the result (summary, notes, JSON); stderr carries problems and progress.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from release.console import Console
from release.errors import ReleaseError, UsageError
from release.output import HANDLERS, error_envelope

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
    """argparse that raises instead of exiting, so ``main`` owns every exit code, and takes
    every option by its full name only: an abbreviation (``--repository`` for
    ``--repository-url``) would slip past the wrappers that keep a URL with a password out of
    sight (the Nox sessions), so it is refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

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


def _commit(text: str) -> str:
    """A commit id: hex digits (it becomes part of a GitHub API path)."""
    if not re.fullmatch(r"[0-9a-fA-F]{4,64}", text):
        raise argparse.ArgumentTypeError(f"{text[:60]!r} is not a commit id (hex digits)")
    return text


def _workflow(text: str) -> str:
    """A workflow file name in .github/workflows (it is compared with the provenance's)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml", text):
        raise argparse.ArgumentTypeError(
            f"{text[:60]!r} is not a workflow file name (such as release.yml)")
    return text


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


def _args_prepare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="VERSION|KEYWORD",
        help="a PEP 440 version, or major|minor|patch|alpha|beta|rc|post|final|calver, or dev "
        "(the post-release step: the next development version and an empty unreleased "
        "section)",
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="release date (default: today)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and the diff")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="allow uncommitted changes to tracked files"
    )
    parser.add_argument(
        "--commit", action="store_true",
        help='commit exactly the written files as "Release X.Y.Z" (a development version: '
        '"Back to development: X.Y.Z.devN")'
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
    _checksums_options(parser, "the build's SHA256SUMS (default: SHA256SUMS beside DIR)")
    parser.add_argument("--files-only", action="store_true",
                        help="judge only the built files (SHA256SUMS, one project, the tag's "
                        "version), not the sources: the release workflow's publish job")
    parser.add_argument("--attestations-dir", type=Path, metavar="DIR",
                        help="also copy the PEP 740 attestations made into DIR")
    _repo_option(parser)


def _checksums_options(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--checksums", type=Path, metavar="FILE", help=text)
    parser.add_argument("--require-checksums", action="store_true",
                        help="a missing SHA256SUMS is an error (always so in CI)")


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
    _checksums_options(parser, "the build's SHA256SUMS (default: the FILE named SHA256SUMS)")


def _args_verify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("version", nargs="?", metavar="VERSION",
                        help="a version or its tag (1.4.0, v1.4.0); default: the version of the "
                        "files in SHA256SUMS")
    parser.add_argument("--repository-url", metavar="URL",
                        help="the index, by its upload URL (default: "
                        "https://upload.pypi.org/legacy/, read from https://pypi.org/)")
    parser.add_argument("--checksums", type=Path, metavar="FILE",
                        help="the build's SHA256SUMS (default: SHA256SUMS; with --github and no "
                        "such file, the one attached to the release)")
    parser.add_argument("--github", action="store_true",
                        help="also check the GitHub Release's assets (GITHUB_TOKEN, "
                        "GITHUB_API_URL)")
    parser.add_argument("--repo", dest="repository", metavar="OWNER/NAME",
                        help="the repository whose release workflow published the files (default: "
                        "GITHUB_REPOSITORY)")
    parser.add_argument("--provenance", default="verify", choices=("verify", "present", "skip"),
                        help="verify (default): PEP 740 provenance from this repository's "
                        "release workflow, signatures checked with pypi-attestations; present: "
                        "provenance and publisher only; skip: not checked")
    parser.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS",
                        help="ask again for files the index does not list yet, for at most "
                        "SECONDS (PyPI's CDN lags behind an upload; default: 0)")
    parser.add_argument("--workflow", type=_workflow, default="release.yml", metavar="FILE",
                        help="the workflow of .github/workflows that must have published the "
                        "files (default: release.yml; release init names a monorepo "
                        "package's own, such as release-hatchling.yml)")


def _args_guard_main(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sha", type=_commit,
                        help="check this commit only (default: the push event)")
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
        "--require-approval",
        action="store_true",
        help="each pull request also needs an approving review from someone other than its "
        "author (each reviewer's latest review counts)",
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
                        help="write the lock inputs only; `release init` compiles them when "
                        "run again")
    parser.add_argument("--local-index", action="store_true",
                        help="allow an --extra-index-url on this machine or network (loopback, "
                        "private or file:), for trying things out: such locks are not fit to "
                        "commit")
    _repo_option(parser)


def _args_status(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--repository-url", metavar="URL",
                       help="the index's upload URL, as for publish (default: "
                       "$TWINE_REPOSITORY_URL, else PyPI)")
    where.add_argument("--offline", action="store_true",
                       help="do not ask the package index")
    parser.add_argument("--github", action="store_true",
                        help="also ask GitHub whether the release exists with the same files "
                        "(GITHUB_TOKEN or GH_TOKEN; GITHUB_REPOSITORY, else the project's "
                        "GitHub URL)")
    parser.add_argument("--all", action="store_true",
                        help="one line per package of a monorepo (folders with their own "
                        "pyproject.toml, or the members of a uv workspace)")
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
            "description": "Bump the version and date the changelog section, atomically. "
            "`release prepare dev` (or a .devN version) is the post-release step: the next "
            "development version and an empty unreleased section, no dated section.",
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
    "verify": (
        _args_verify,
        {
            "help": "check that the index serves exactly what the build listed in SHA256SUMS",
            "description": "Read the release back: the index lists exactly the files of "
            "SHA256SUMS with their sha256, each with PEP 740 provenance from this repository's "
            "release.yml whose signatures verify; with --github, the GitHub Release holds the "
            "same files and a signature bundle. Changes nothing; any difference is exit 1.",
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
    "status": (
        _args_status,
        {
            "help": "where the release stands: state, pending changes, tag, index, GitHub",
            "description": "Report the version and where it comes from, the release state with "
            "the commits and changelog entries since the newest release tag, whether the index "
            "(and, with --github, the GitHub Release) has every file of the last release, and "
            "the one command to run next. Exit 0 for any readable project: it reports, it "
            "does not judge.",
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
        sub = commands.add_parser(name, help=texts["help"], description=texts.get("description"))
        add_arguments(sub)
        sub.add_argument("--format", default="text", choices=("text", "json"),
                         help="text (default) or json: one object on stdout "
                         "(docs/reference/json.md)")
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
        return HANDLERS[args.command](args, console)
    except SystemExit as exc:  # --help of a sub-command
        return exc.code if isinstance(exc.code, int) else 0
    except ReleaseError as exc:
        if _wants_json(args_list):
            console.print(json.dumps(error_envelope(_command_of(args_list), exc), indent=2))
        console.error(str(exc), exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        if _wants_json(args_list):
            console.print(json.dumps(error_envelope(_command_of(args_list), ReleaseError(
                "interrupted", "run the command again"), exit_code=130), indent=2))
        console.error("interrupted")
        return 130
    except BrokenPipeError:  # `release notes | head -1`: the reader has gone, that is fine
        console.detach_stdout()
        return 1
    except Exception as exc:  # a bug in release-lifecycle, not something the user did
        if os.environ.get("RELEASE_DEBUG"):
            raise
        if _wants_json(args_list):
            console.print(json.dumps(error_envelope(_command_of(args_list), ReleaseError(
                f"internal error: {type(exc).__name__}: {exc}", "this is a bug in "
                "release-lifecycle; run again with RELEASE_DEBUG=1 for the traceback and report "
                "it")), indent=2))
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


def _command_of(args_list: list[str]) -> str | None:
    """The command named on the line (for an error envelope), when it is one."""
    first = args_list[0] if args_list else ""
    return first if first in _COMMANDS else None


def _wants_json(args_list: list[str]) -> bool:
    return "--format=json" in args_list or any(
        a == "--format" and b == "json" for a, b in itertools.pairwise(args_list)
    )
