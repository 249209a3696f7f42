"""Regenerate the parts of docs/ that the code already says: `nox -s docs`.

- docs/reference/cli.md: every `release` command, option, default and exit code, from
  ``release.cli.build_parser()`` and ``EXIT_CODES``, and every check id from
  ``release.project.checks.CHECK_IDS``;
- docs/reference/invoke-tasks.md: the tasks of the Invoke collection ``release.tasks.release``,
  with the flags Invoke gives them;
- docs/reference/nox-sessions.md: the sessions of noxfile.py, as `nox --list` shows them;
- docs/releases/readiness-checklist.md: the checklist of the readiness job summary
  (``release.report.CHECKLIST``).

Each page is written by hand around blocks that start with ``<!-- begin generated: NAME``
and end with ``<!-- end generated: NAME -->``; only the blocks are rewritten.
``--check`` changes nothing and exits 1 when a page is stale (tests/test_docs.py checks the
same). Needs the project, Invoke and nox importable (the `docs` session installs them).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
_BLOCK = re.compile(r"(<!-- begin generated: (?P<name>[\w-]+)[^>]*-->\n)(?P<body>.*?)"
                    r"(<!-- end generated: (?P=name) -->)", re.S)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _wrap(words: list[str], indent: int, width: int = 92) -> str:
    """A synopsis on lines of at most ``width``, continuation lines under the first option."""
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) > width:
            lines.append(" " * indent + word)
        else:
            lines[-1] += " " + word
    return "\n".join(lines)


# -- release ------------------------------------------------------------------------------

def _metavar(action: argparse.Action) -> str:
    if action.choices is not None:
        return "|".join(map(str, action.choices))
    if action.metavar is not None:
        return str(action.metavar)
    return action.dest.upper()


def _synopsis(prog: str, parser: argparse.ArgumentParser) -> str:
    words = [prog]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            name = _metavar(action)
            words.append({"?": f"[{name}]", "+": f"{name}..."}.get(str(action.nargs), name))
            continue
        flag = max(action.option_strings, key=len)
        words.append(f"[{flag}]" if action.nargs == 0 else f"[{flag} {_metavar(action)}]")
    return _wrap(words, len(prog) + 1)


def _default(action: argparse.Action) -> str:
    default = action.default
    if action.nargs == 0 or default in (None, argparse.SUPPRESS) or default == []:
        return ""
    return f"`{default}`"


def _option_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| argument | default | meaning |", "|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        value = f" {_metavar(action)}" if action.nargs != 0 and action.choices is None else ""
        if action.option_strings:
            names = ", ".join(f"`{name}{value}`" for name in sorted(
                action.option_strings, key=len, reverse=True))
        else:
            names = f"`{_metavar(action)}`"
        meaning = action.help or ""
        if action.choices is not None:
            meaning += f" (one of: {', '.join(f'`{c}`' for c in action.choices)})"
        if isinstance(action, argparse._AppendAction):
            meaning += " (repeatable)"
        rows.append(f"| {_cell(names)} | {_default(action)} | {_cell(meaning)} |")
    return rows


def cli_block() -> str:
    from release.cli import EXIT_CODES, PROG, build_parser
    from release.project.checks import CHECK_IDS

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in subparsers._choices_actions}
    out = ["## Exit codes", "", "The same for every command.", "", "| code | meaning |",
           "|---|---|"]
    out += [f"| `{code}` | {_cell(text)} |" for code, text in EXIT_CODES.items()]
    out += ["", "## Commands", "", "| command | what it does |", "|---|---|"]
    out += [f"| [`{PROG} {name}`](#{PROG}-{name}) | {_cell(helps.get(name, ''))} |"
            for name in subparsers.choices]
    out += ["", f"`{PROG} --version` prints the version; `{PROG} --help` and "
            f"`{PROG} COMMAND --help` print the help.", ""]
    for name, sub in subparsers.choices.items():
        out += [f"### `{PROG} {name}`", "", sub.description or helps.get(name) or "", "",
                "```", _synopsis(f"{PROG} {name}", sub), "```", "", *_option_rows(sub), ""]
    out += ["## Check ids", "",
            "`release validate` reports these (so do `prepare`, `tag` and `publish`, which "
            "validate); `--format json` gives each as `checks[].id`. *Runs*: in every mode, "
            "only in branch or tag mode, or with `--dist`. What makes each fail, and the fix: "
            "[validate.md](../validate.md#check-ids).", "",
            "| id | runs | checks that |", "|---|---|---|"]
    out += [f"| `{check}` | {mode} | {_cell(text)} |" for check, (mode, text) in CHECK_IDS.items()]
    return "\n".join(out) + "\n"


# -- Invoke -----------------------------------------------------------------------------------

def invoke_block() -> str:
    from release.tasks import release

    out = []
    for name in release.task_names:
        task = release[name]
        arguments = task.get_arguments()
        words = [f"inv release.{name}"]
        rows = ["| flag | default | meaning |", "|---|---|---|"]
        for argument in arguments:
            long, short = argument.names[0], argument.names[1:]
            flags = ", ".join([f"`--{long}`", *(f"`-{s}`" for s in short)])
            if argument.positional:
                words.append(long.upper())
                flags = f"`{long.upper()}` (or {flags})"
            elif argument.takes_value:
                words.append(f"[--{long} {long.upper()}]")
            else:
                words.append(f"[--{long}]")
            default = "" if argument.default in (None, "", False) else f"`{argument.default}`"
            rows.append(f"| {flags} | {default} | {_cell(argument.help or '')} |")
        doc = (task.__doc__ or "").strip().splitlines()[0]
        out += [f"### `inv release.{name}`", "", doc, "", "```",
                _wrap(words, len(words[0]) + 1), "```", "", *rows, ""]
    return "\n".join(out)


# -- nox ---------------------------------------------------------------------------------------

def nox_block() -> str:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    listing = subprocess.run([sys.executable, "-m", "nox", "--list"], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout
    sessions: dict[str, dict[str, object]] = {}
    for mark, name, text in re.findall(r"^([*-]) (\S+) -> (.*)$", listing, re.M):
        base, _, python = re.fullmatch(r"(.+?)(-(\d+\.\d+))?", name).groups()  # type: ignore[union-attr]
        entry = sessions.setdefault(base, {"pythons": [], "default": mark == "*", "text": text})
        if python:
            entry["pythons"].append(python)  # type: ignore[union-attr]
    out = ["| session | runs by default | Pythons | what it does |", "|---|---|---|---|"]
    for name, entry in sessions.items():
        pythons = ", ".join(entry["pythons"]) or "the one running nox"  # type: ignore[arg-type]
        out.append(f"| `{name}` | {'yes' if entry['default'] else 'no'} | {pythons} | "
                   f"{_cell(str(entry['text']))} |")
    return "\n".join(out) + "\n"


# -- the readiness checklist --------------------------------------------------------------------

def checklist_block() -> str:
    from release.report import CHECKLIST

    out = []
    for item, ids in CHECKLIST:
        out += [f"- [ ] {item}", f"  ({', '.join(f'`{i}`' for i in ids)})"]
    out.append("- [ ] After the merge: `release tag --push` (listed in branch mode while a "
               "release is in preparation)")
    return "\n".join(out) + "\n"


BLOCKS: dict[str, tuple[str, Callable[[], str]]] = {
    "cli": ("reference/cli.md", cli_block),
    "invoke-tasks": ("reference/invoke-tasks.md", invoke_block),
    "nox-sessions": ("reference/nox-sessions.md", nox_block),
    "readiness-checklist": ("releases/readiness-checklist.md", checklist_block),
}


def render(text: str, names: Iterable[str] | None = None) -> str:
    """``text`` with each generated block (of ``names``, default all) rewritten."""
    wanted = set(BLOCKS if names is None else names)

    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in wanted:
            return match.group(0)
        if name not in BLOCKS:
            raise SystemExit(f"unknown generated block {name!r}")
        return match.group(1) + "\n" + BLOCKS[name][1]() + "\n" + match.group(4)

    return _BLOCK.sub(fill, text)


def pages() -> dict[Path, tuple[str, str]]:
    """Every page with a generated block -> (its text now, its text regenerated)."""
    result = {}
    for name, (page, _) in BLOCKS.items():
        path = DOCS / page
        text = path.read_text(encoding="utf-8")
        if f"<!-- begin generated: {name}" not in text:
            raise SystemExit(f"{path.relative_to(ROOT)} has no block {name!r}")
        before, after = result.get(path, (text, text))
        result[path] = (before, render(after, [name]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a page is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, (before, after) in pages().items():
        shown = path.relative_to(ROOT)
        if before == after:
            continue
        stale.append(str(shown))
        if not args.check:
            path.write_text(after, encoding="utf-8")
            print(f"wrote {shown}")
    if args.check and stale:
        print(f"stale (run `nox -s docs`): {', '.join(stale)}", file=sys.stderr)
        return 1
    if not stale:
        print("docs: every generated block is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
