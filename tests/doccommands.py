"""Commands as the docs and the hints spell them, checked against the real parsers.

`release ...` against :func:`release.cli.build_parser`; `inv ...` against the Invoke collection
of this repository's tasks.py (the tasks `inv --list` shows, their flags as Invoke parses
them); `nox ...` against nox's own option parser and the sessions `nox --list` shows, plus the
sessions that a noxfile template in the package declares (the release sessions other projects
get). Arguments after `--` are checked against the `release` command the session passes them
to. No pytest here: tests/test_docs.py and tests/test_bad_inputs.py share it.

A line with `[--option ...]` or `a|b` choices is a synopsis: every option in it must exist with
those choices, and it must name every option the command has.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHELL_LANGUAGES = {"", "bash", "sh", "shell", "console", "zsh"}
PROGRAMS = ("release", "inv", "invoke", "nox")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
_INLINE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_OPTION = re.compile(r"(?<![\w`-])(--[a-z][a-z0-9-]*)")
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_.-]*(\.\.\.)?$|[<>…$]|\.\.\.|^X\.Y")


@dataclass(frozen=True)
class Command:
    """One command found in a text: where, the words, and whether it is a synopsis."""

    where: str
    text: str
    synopsis: bool


# -- finding commands ---------------------------------------------------------------------

def in_markdown(text: str, name: str) -> list[Command]:
    """Every `release`, `inv` and `nox` command in shell code blocks and inline code."""
    found: list[Command] = []
    fence: str | None = None
    language = ""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, language, block = match.group(1), match.group(2).lower(), []
            continue
        if fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                if language in SHELL_LANGUAGES:
                    found += _in_block(block, language, name)
                fence = None
            else:
                block.append((number, line))
            continue
        for span in _INLINE.finditer(line):
            found += in_line(span.group(2).strip(), f"{name}:{number}")
    return found


def _in_block(lines: list[tuple[int, str]], language: str, name: str) -> list[Command]:
    joined: list[tuple[int, str]] = []
    for number, raw in lines:
        line = raw
        if language == "console":
            if not raw.lstrip().startswith("$ "):
                continue
            line = raw.lstrip()[2:]
        continues = joined and (joined[-1][1].endswith("\\")
                                or re.match(r"^\s+\[", line) is not None)
        if continues:
            start, previous = joined[-1]
            joined[-1] = (start, previous.rstrip("\\").rstrip() + " " + line.strip())
        else:
            joined.append((number, line))
    found: list[Command] = []
    for number, line in joined:
        found += in_line(line, f"{name}:{number}")
    return found


def in_line(line: str, where: str) -> list[Command]:
    """The commands in one line of shell (comments dropped, `&&`, `;`, `|` split)."""
    line = re.sub(r"(^|\s)#.*$", "", line).strip()
    if not line:
        return []
    if re.search(r"\[-|\w\|\w", line):  # a synopsis: `release tag [--push] [--mode a|b]`
        words = line.replace("[", " ").replace("]", " ").split()
        program = _program(words)
        return [Command(where, " ".join(program), True)] if program else []
    found = []
    for part in re.split(r"&&|\|\||;|\||\$\(|[()]", line):
        try:
            words = shlex.split(part)
        except ValueError:
            words = part.split()
        program = _program(words)
        if program:
            found.append(Command(where, shlex.join(program), False))
    return found


def _program(words: list[str]) -> list[str]:
    """``words`` from the program on (`release`, `inv`, `nox`), or [] for anything else."""
    while words and (_ASSIGNMENT.match(words[0]) or words[0] in ("env", "time")):
        words = words[1:]
    if len(words) >= 3 and re.fullmatch(r"python(3(\.\d+)?)?|py", words[0]) and words[1] == "-m":
        words = ["inv" if words[2] == "invoke" else words[2], *words[3:]]
    elif len(words) >= 2 and re.fullmatch(r"python(3(\.\d+)?)?", words[0]) and \
            words[1].endswith("validate_release.py"):
        words = ["release", "validate", *words[2:]]
    if not words or words[0] not in PROGRAMS:
        return []
    if len(words) == 1:
        return words
    # `release = "X"` (a Sphinx setting) or `release` followed by prose: not a command.
    if words[0] == "release" and not re.fullmatch(r"-{0,2}[a-z][a-z-]*", words[1]):
        return []
    return words


# -- the real parsers -----------------------------------------------------------------------

@functools.cache
def release_commands() -> dict[str, argparse.ArgumentParser]:
    from release.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **subparsers.choices}


@functools.cache
def invoke_tasks() -> dict[str, dict[str, object]]:
    """Task name -> {flag: Argument} for this repository's tasks.py."""
    from invoke.collection import Collection
    from invoke.loader import FilesystemLoader
    from invoke.parser import ParserContext

    module, _ = FilesystemLoader(start=str(ROOT)).load("tasks")
    collection = Collection.from_module(module)
    tasks: dict[str, dict[str, object]] = {}
    for name in collection.task_names:
        task = collection[name]
        context = ParserContext(name=name, args=task.get_arguments())
        tasks[name] = dict(context.flags)
        tasks[name][""] = list(context.positional_args)
    return tasks


@functools.cache
def inv_list() -> list[str]:
    """The task names `inv --list` prints (the real Invoke, this repository's tasks.py)."""
    proc = subprocess.run([sys.executable, "-m", "invoke", "--list", "--list-format", "json"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    data = json.loads(proc.stdout)

    def names(collection: dict[str, object], prefix: str) -> list[str]:
        found = [prefix + str(t["name"]) for t in collection["tasks"]]  # type: ignore[index,union-attr]
        for child in collection["collections"]:  # type: ignore[union-attr]
            found += names(child, prefix + child["name"] + ".")  # type: ignore[index,operator]
        return found

    return sorted(names(data, ""))


@functools.cache
def invoke_core_flags() -> set[str]:
    from invoke.parser import ParserContext
    from invoke.program import Program

    return set(ParserContext(args=Program().core_args()).flags)


@functools.cache
def nox_list() -> dict[str, bool]:
    """Every session `nox --list` shows for this noxfile -> whether it runs by default."""
    proc = subprocess.run([sys.executable, "-m", "nox", "--list"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return {m.group(2): m.group(1) == "*"
            for m in re.finditer(r"^([*-]) (\S+) ->", proc.stdout, re.M)}


@functools.cache
def nox_sessions() -> dict[str, str | None]:
    """Session name (with and without `-3.x`) -> the `release` command its posargs reach.

    The sessions `nox --list` shows for this noxfile, plus those a noxfile template in the
    package declares (the release sessions `release init` writes into other projects).
    """
    names = set(nox_list())
    names |= {re.sub(r"-\d+\.\d+$", "", name) for name in names}
    sources = [ROOT / "noxfile.py", *sorted((ROOT / "release").rglob("*noxfile*"))]
    reach: dict[str, str | None] = {}
    for path in sources:
        for session, command in session_commands(path.read_text()).items():
            if path.name != "noxfile.py":
                names.add(session)
            reach.setdefault(session, command)
    return {name: reach.get(re.sub(r"-\d+\.\d+$", "", name)) for name in names}


def session_commands(source: str) -> dict[str, str | None]:
    """Session -> the `release` command that gets its posargs (None: posargs go elsewhere)."""
    found: dict[str, str | None] = {}
    pattern = re.compile(r"@nox\.session(\((?P<args>[^\n]*)\))?\s*\ndef (?P<func>\w+)\("
                         r"(?P<body>.*?)(?=\n@|\ndef |\Z)", re.S)
    for match in pattern.finditer(source):
        named = re.search(r'name="([\w-]+)"', match.group("args") or "")
        name = named.group(1) if named else match.group("func")
        call = re.search(r'session\.run\(\s*"release",\s*"([\w-]+)"[^)]*?\*(session\.posargs|args)\b',
                         match.group("body"))
        found[name] = call.group(1) if call else None
    return found


@functools.cache
def nox_parser() -> argparse.ArgumentParser | None:
    try:
        from nox._options import options
    except ImportError:  # pragma: no cover - another nox: session names are still checked
        return None
    parser: argparse.ArgumentParser = options.parser()
    return parser


# -- checking -------------------------------------------------------------------------------

def problems(command: Command) -> list[str]:
    """What is wrong with one command (empty when it exists with the options shown)."""
    words = command.text.split() if command.synopsis else shlex.split(command.text)
    program, args = words[0], words[1:]
    if program == "release":
        found = _release(args, command.synopsis)
    elif program in ("inv", "invoke"):
        found = _inv(args, command.synopsis)
    else:
        found = _nox(args)
    return [f"{command.where}: `{command.text}`: {problem}" for problem in found]


def options_of(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return dict(parser._option_string_actions)


def _release(args: list[str], synopsis: bool) -> list[str]:
    commands = release_commands()
    if not args:
        return []
    if args[0].startswith("-"):
        name, parser, rest = "", commands[""], args
    else:
        name, rest = args[0], args[1:]
        if name not in commands or not name:
            return [f"`release {name}` is not a command (commands: "
                    f"{', '.join(c for c in commands if c)})"]
        parser = commands[name]
    known = options_of(parser)
    found = _options(rest, known, synopsis)
    if synopsis and name:
        shown = {word.split("=")[0] for word in rest}
        missing = sorted({max(a.option_strings, key=len) for a in known.values()
                          if "--help" not in a.option_strings} - shown)
        if missing:
            found.append(f"the synopsis leaves out {', '.join(missing)}")
    return found


def _options(args: list[str], known: dict[str, argparse.Action], synopsis: bool) -> list[str]:
    found = []
    items = list(args)
    for index, word in enumerate(items):
        if not word.startswith("-") or word == "-" or re.fullmatch(r"-\d.*", word):
            continue
        if word == "--":
            break
        name, _, inline = word.partition("=")
        action = known.get(name)
        if action is None:
            found.append(f"{name} is not an option here")
            continue
        value = inline or (items[index + 1] if index + 1 < len(items) else "")
        if action.nargs == 0 or not action.choices or not value or value.startswith("-"):
            continue
        values = value.split("|") if synopsis else [value]
        if _PLACEHOLDER.search(value):
            continue
        wrong = [v for v in values if v not in action.choices]
        if wrong:
            found.append(f"{name} does not take {', '.join(wrong)} (choices: "
                         f"{', '.join(map(str, action.choices))})")
        elif synopsis and set(values) != set(action.choices):
            found.append(f"{name} shows {value}, but the choices are "
                         f"{'|'.join(map(str, action.choices))}")
    return found


def _inv(args: list[str], synopsis: bool) -> list[str]:
    tasks = invoke_tasks()
    core = invoke_core_flags()
    found: list[str] = []
    index = 0
    while index < len(args) and args[index].startswith("-"):  # core flags: inv --list
        flag = args[index].split("=")[0]
        if flag not in core:
            found.append(f"{flag} is not an Invoke option")
        if flag in ("--help", "-h") and index + 1 < len(args):
            index += 1
            if args[index] not in tasks:
                found.append(f"{args[index]} is not a task (tasks: {', '.join(tasks)})")
        index += 1
    task: str | None = None
    flags: dict[str, object] = {}
    shown: set[str] = set()
    while index < len(args):
        word = args[index]
        index += 1
        if not word.startswith("-"):
            if "…" in word or "..." in word:  # `inv release.…`: any task
                return found
            if word in tasks or task is None:
                if word not in tasks:
                    found.append(f"{word} is not a task (tasks: {', '.join(tasks)})")
                    return found
                found += _inv_complete(task, flags, shown, synopsis)
                task, flags, shown = word, tasks[word], set()
            continue
        name = word.split("=")[0]
        shown.add(name)
        argument = flags.get(name)
        if argument is None:
            found.append(f"{name} is not an option of {task}")
        elif getattr(argument, "takes_value", False) and "=" not in word:
            index += 1  # its value
    found += _inv_complete(task, flags, shown, synopsis)
    return found


def _inv_complete(task: str | None, flags: dict[str, object], shown: set[str],
                  synopsis: bool) -> list[str]:
    if task is None or not synopsis:
        return []
    arguments = {id(a): a for k, a in flags.items() if k}
    missing = []
    for argument in arguments.values():
        names = [k for k, a in flags.items() if a is argument and k.startswith("--")
                 and not k.startswith("--no-")]
        positional = argument in flags.get("", [])  # type: ignore[operator]
        if names and not positional and not shown & set(names):
            missing.append(names[0])
    return [f"the synopsis of {task} leaves out {', '.join(sorted(missing))}"] if missing else []


def _nox(args: list[str]) -> list[str]:
    sessions = nox_sessions()
    found: list[str] = []
    before, dashes, posargs = (args[:args.index("--")], True, args[args.index("--") + 1:]) \
        if "--" in args else (args, False, [])
    parser = nox_parser()
    chosen: list[str] = []
    if parser is not None:
        namespace, unknown = parser.parse_known_args(before)
        found += [f"{word} is not a nox option" for word in unknown]
        chosen = list(getattr(namespace, "sessions", None) or [])
    elif "-s" in before:  # pragma: no cover - another nox
        chosen = before[before.index("-s") + 1:]
    for name in chosen:
        if name not in sessions:
            found.append(f"no nox session {name!r} (sessions: {', '.join(sorted(sessions))})")
    if dashes and len(chosen) == 1 and sessions.get(chosen[0]):
        found += _release([str(sessions[chosen[0]]), *posargs], False)
    return found


def option_mentions(text: str) -> set[str]:
    """The `--options` a text names outside backticked commands (bare, or backticked alone)."""
    outside = _INLINE.sub(lambda m: m.group(0) if m.group(2).strip().startswith("-") else " ",
                          text)
    return set(_OPTION.findall(outside))
