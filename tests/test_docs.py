"""The docs stay true: every test here fails when README.md or docs/ drift from the code.

- every `release …`, `inv …` and `nox …` command shown exists with the options shown (the real
  argparse parser, the Invoke collection that `inv --list` shows, nox's parser and the
  sessions `nox --list` shows), and a synopsis names every option of its command;
- the check ids in the docs are the code's (`CHECK_IDS`), both ways, and the readiness
  checklist covers each once;
- every `error:`, `warning:` and `hint:` line that a page quotes is one the code can print;
- the generated blocks (`nox -s docs`) are current;
- toc.yml and index.md list every page; every relative link and #anchor resolves;
- the README's test command is the one .ci/run runs.

Fast and offline: it reads files and asks the parsers; the only processes are `inv --list`,
`nox --list` and the checks on one sample repository.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT, Sample, make_sample
from doccommands import (
    in_markdown,
    inv_list,
    invoke_tasks,
    nox_list,
    problems,
    release_commands,
)

DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = sorted(DOCS.rglob("*.md"))
CHECKED = [README, *PAGES, ROOT / "scripts" / "release" / "README.md"]
"""The pages whose commands are checked: what a user follows."""
MARKDOWN = sorted(
    path for path in ROOT.rglob("*.md")
    if not {".git", ".nox", ".venv", "node_modules", "corpus"} & set(path.relative_to(ROOT).parts)
)
"""Every Markdown file of the repository (the corpus copies other projects' files)."""
_FENCE = re.compile(r"^\s*(```+|~~~+)")


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT))


def outside_code(text: str) -> list[tuple[int, str]]:
    """The lines of a Markdown text that are not inside fenced code blocks."""
    lines, fence = [], None
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if match and (fence is None or match.group(1).startswith(fence)):
            fence = None if fence else match.group(1)
            continue
        if fence is None:
            lines.append((number, line))
    return lines


def code_blocks(text: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Every fenced block: its language and its lines."""
    blocks: list[tuple[str, list[tuple[int, str]]]] = []
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"^\s*(```+|~~~+)\s*([\w+-]*)", line)
        if fence is None and match:
            fence = match.group(1)
            blocks.append((match.group(2), []))
        elif fence is not None and line.strip().startswith(fence) and not line.strip().strip(
                fence[0]):
            fence = None
        elif fence is not None:
            blocks[-1][1].append((number, line))
    return blocks


# -- commands ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_every_command_shown_exists_with_the_options_shown() -> None:
    found = [problem for path in CHECKED
             for command in in_markdown(path.read_text(encoding="utf-8"), shown(path))
             for problem in problems(command)]
    assert found == []


def test_the_command_finder_sees_what_a_reader_sees() -> None:
    text = """\
Run `release validate --mode branch` or `inv release.tag --push`; `release = "X"` is Sphinx.

```bash
GITHUB_REF_NAME=v1.4.0 nox -s validate -- --mode tag  # a comment
python3 -m pip install x && python3 -m nox -s tests lint validate
release notes 1.4.0 | head -3
```

```
release tag [--dry-run] [--push]
            [--remote NAME]
```

```text
release validate: branch mode, version 1.4.0
```
"""
    found = [(c.text, c.synopsis) for c in in_markdown(text, "x.md")]
    assert found == [
        ("release validate --mode branch", False), ("inv release.tag --push", False),
        ("nox -s validate -- --mode tag", False), ("nox -s tests lint validate", False),
        ("release notes 1.4.0", False),
        ("release tag --dry-run --push --remote NAME", True),
    ]


@pytest.mark.parametrize(("line", "expected"), [
    ("release valdate", "is not a command"),
    ("release validate --frobnicate", "--frobnicate is not an option"),
    ("release notes --pyproject x", "--pyproject is not an option"),
    ("release validate --mode trunk", "does not take trunk"),
    ("inv release.tagg", "is not a task"),
    ("inv release.prepare 1.4.0 --allow-branch", "--allow-branch is not an option"),
    ("nox -s publsh", "no nox session 'publsh'"),
    ("nox -s publish -- --credentials password", "does not take password"),
    ("nox --frob -s lint", "--frob is not a nox option"),
    ("release tag [--dry-run] [--push]", "leaves out"),
    ("release validate [--format text|yaml]", "does not take yaml"),
    ("inv release.tag [--push]", "leaves out"),
])
def test_a_wrong_command_is_caught(line: str, expected: str) -> None:
    found = [p for c in in_markdown(f"`{line}`", "x.md") for p in problems(c)]
    assert any(expected in problem for problem in found), found


def test_inv_list_shows_the_collection_the_docs_are_checked_against() -> None:
    assert inv_list() == sorted(invoke_tasks())


def test_the_readme_names_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [name for name in release_commands() if name and f"release {name}" not in text]
    assert missing == []


# -- check ids --------------------------------------------------------------------------------

def id_table(path: Path) -> list[str]:
    """The ids in the first column of the tables headed `| id |` on a page."""
    ids, inside = [], False
    for _, line in outside_code(path.read_text(encoding="utf-8")):
        if re.match(r"^\|\s*id\s*\|", line):
            inside = True
        elif inside and line.startswith("|"):
            match = re.match(r"^\|\s*`([a-z0-9-]+)`\s*\|", line)
            if match:
                ids.append(match.group(1))
        else:
            inside = False
    return ids


@pytest.mark.parametrize("page", ["validate.md", "reference/cli.md"])
def test_the_check_id_tables_list_every_real_id_once(page: str) -> None:
    from release.project.checks import CHECK_IDS

    ids = id_table(DOCS / page)
    assert sorted(ids) == sorted(CHECK_IDS), set(ids) ^ set(CHECK_IDS)
    assert len(ids) == len(set(ids))


def test_every_id_table_names_real_checks() -> None:
    from release.project.checks import CHECK_IDS

    unknown = {shown(p): sorted(set(id_table(p)) - set(CHECK_IDS)) for p in PAGES}
    assert {page: ids for page, ids in unknown.items() if ids} == {}


def test_the_checks_emit_exactly_the_listed_ids() -> None:
    """Every id the check code can emit is in CHECK_IDS, and every listed id is emitted."""
    from release.project.checks import CHECK_IDS

    emitted = set()
    trees = [ast.parse(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "release" / "project" / "checks").glob("*.py"))]
    for node in (node for tree in trees for node in ast.walk(tree)):
        if isinstance(node, ast.Call) and node.args:
            name = ast.unparse(node.func)
            first = node.args[0]
            if name in ("run.ok", "run.fail", "from_error", "Check") and isinstance(
                    first, ast.Constant) and isinstance(first.value, str):
                emitted.add(first.value)
    assert emitted == set(CHECK_IDS), emitted ^ set(CHECK_IDS)


def test_a_real_run_reports_only_listed_ids(tmp_path: Path) -> None:
    from release.commands.validate import Options, validate
    from release.project.checks import CHECK_IDS

    sample: Sample = make_sample(tmp_path / "p")
    sample.tag("v1.4.0")
    for options in (Options(mode="branch", repo=sample.path),
                    Options(mode="tag", tag="v1.4.0", repo=sample.path),
                    Options(mode="branch", repo=sample.path, dist=tmp_path / "dist")):
        report = validate(options, {})
        assert {check.id for check in report.checks} <= set(CHECK_IDS)


def test_the_readiness_checklist_covers_every_check_once() -> None:
    from release.project.checks import CHECK_IDS
    from release.report import CHECKLIST

    listed = [check for _, ids in CHECKLIST for check in ids]
    assert sorted(listed) == sorted(CHECK_IDS)


def test_exit_codes_are_the_ones_the_errors_use() -> None:
    from release.cli import EXIT_CODES
    from release.errors import ReleaseError, UsageError

    assert {0, ReleaseError.exit_code, UsageError.exit_code} <= set(EXIT_CODES)


def test_the_environment_variables_in_the_reference_are_read_by_the_code() -> None:
    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    section = text.split("## Environment variables", 1)[1]
    names = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})`", section))
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "release").rglob("*.py"))
    assert names and sorted(n for n in names if f'"{n}"' not in source) == []


# -- quoted messages ----------------------------------------------------------------------------

HOLE = object()
_QUOTED = re.compile(r"^\s*(error|warning|hint):\s(?P<message>.*)$"
                     r"|^nox > Session \S+ aborted: (?P<aborted>.*)\.$")
"""`error: …`, `warning: …`, `hint: …` (release) and `nox > Session X aborted: ….` (a
session's own error, which nox ends with a full stop)."""


def _parts(node: ast.AST) -> list[object] | None:
    """A string expression as literal parts and holes (f-string values, other operands)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value if isinstance(v, ast.Constant) else HOLE for v in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _parts(node.left), _parts(node.right)
        if left is None and right is None:
            return None
        return [*(left or [HOLE]), *(right or [HOLE])]
    return None


@pytest.fixture(scope="module")
def message_lines() -> list[tuple[re.Pattern[str], str]]:
    """Every line of every string the package and the noxfile can print: as a pattern (holes
    match anything) and as text (holes written `X`)."""
    found = []
    for path in [*sorted((ROOT / "release").rglob("*.py")), ROOT / "noxfile.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            parts = _parts(node)
            if parts is None:
                continue
            line: list[object] = []
            lines = [line]
            for part in parts:
                if part is HOLE:
                    line.append(HOLE)
                    continue
                first, *rest = str(part).split("\n")
                line.append(first)
                for piece in rest:
                    line = [piece]
                    lines.append(line)
            for line in lines:
                literal = "".join(p for p in line if isinstance(p, str))
                if isinstance(line[0], str):  # "    hint: ..." inside a longer message
                    line[0] = re.sub(r"^\s*((error|warning|hint):\s)?", "", line[0])
                if isinstance(line[-1], str):
                    line[-1] = line[-1].rstrip()
                if len(literal.strip()) >= 12:
                    regex = "".join(".*" if p is HOLE else re.escape(str(p)) for p in line)
                    text = "".join("X" if p is HOLE else str(p) for p in line)
                    found.append((re.compile(regex), text))
    return found


def printable(message: str, lines: list[tuple[re.Pattern[str], str]]) -> bool:
    """The message is a line the code prints: `<placeholder>` stands for a value, `…` for the
    rest of the line; `file:line: ` and `[check-id] ` in front are allowed."""
    text = re.sub(r"<[^<>]+>|…", "\x00", message.strip())
    located = re.sub(r"^(\S+?:(\d+:|\x00:)? )?(\[[a-z0-9-]+\] )?", "", text)
    for candidate in {text, located}:
        filled = candidate.replace("\x00", "X")
        pattern = re.compile(re.escape(candidate).replace("\x00", ".*"))
        if any(source.fullmatch(filled) or pattern.fullmatch(rendered)
               for source, rendered in lines):
            return True
    return False


def is_quote(message: str) -> bool:
    """A message, not a description of the format (`error: <file>:<line>: <message>`)."""
    return len(re.sub(r"<[^<>]+>|…|\[[^\]]*\]|[\s:]", "", message)) >= 12


def quoted_messages(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    found = []
    for _, lines in code_blocks(text):
        for number, line in lines:
            match = _QUOTED.match(line)
            if match:
                found.append((number, match.group("message") or match.group("aborted")))
    for number, line in outside_code(text):
        for span in re.findall(r"`([^`]+)`", line):
            match = _QUOTED.match(span)
            if match:
                found.append((number, match.group("message") or match.group("aborted")))
    return found


@pytest.mark.slow
def test_every_quoted_message_is_one_the_code_prints(
        message_lines: list[tuple[re.Pattern[str], str]]) -> None:
    quoted = {path: quoted_messages(path) for path in CHECKED}
    assert quoted[DOCS / "releases" / "troubleshooting.md"], "troubleshooting quotes nothing"
    unknown = [f"{shown(path)}:{number}: {message}" for path, found in quoted.items()
               for number, message in found if is_quote(message)
               and not printable(message, message_lines)]
    assert unknown == []


def test_a_made_up_message_is_caught(message_lines: list[tuple[re.Pattern[str], str]]) -> None:
    assert printable("the clone is shallow, so older tags and history may be missing and "
                     "the version cannot be compared with every release tag", message_lines)
    assert printable("<file>: [changelog-section-dated] the clone is shallow, so older tags "
                     "and history may be missing and …", message_lines)
    assert printable("tag v1.4.0 points at <sha>, not at HEAD <sha>", message_lines)
    assert not printable("the clone is very shallow, so nothing works", message_lines)
    assert not printable("tag v1.4.0 points somewhere else", message_lines)
    assert not is_quote("<file>:<line>: [<check id>] <message>")


# -- generated blocks ------------------------------------------------------------------------------

def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_docs",
                                                  ROOT / "scripts" / "generate_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_generated_blocks_are_current() -> None:
    stale = [shown(path) for path, (before, after) in generator().pages().items()
             if before != after]
    assert stale == [], "run `nox -s docs` and commit the result"


def test_the_nox_reference_lists_every_session() -> None:
    text = (DOCS / "reference" / "nox-sessions.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([\w-]+)` \|", text, re.M))
    assert listed == {re.sub(r"-\d+\.\d+$", "", name) for name in nox_list()}


# -- pages, links and anchors ---------------------------------------------------------------------

def test_toc_and_index_list_every_page_once() -> None:
    toc = re.findall(r"^\s*href:\s*(\S+)\s*$", (DOCS / "toc.yml").read_text(encoding="utf-8"),
                     re.M)
    pages = sorted(str(p.relative_to(DOCS)) for p in PAGES)
    assert sorted(toc) == pages, set(toc) ^ set(pages)
    assert len(toc) == len(set(toc)), [href for href in toc if toc.count(href) > 1]
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)#\s]+\.md)", index))
    assert sorted(set(pages) - linked - {"index.md"}) == []


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").replace("*", "")
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


@pytest.mark.parametrize(("heading", "anchor"), [
    ("Repository settings", "repository-settings"),
    ("`release validate`", "release-validate"),
    ("1. The `pypi` environment: tags `v*` only, with a reviewer",
     "1-the-pypi-environment-tags-v-only-with-a-reviewer"),
    ("CI variables read for the tag", "ci-variables-read-for-the-tag"),
    ("protect-main.yml and `release guard-main`", "protect-mainyml-and-release-guard-main"),
])
def test_slugs_are_githubs(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in outside_code(path.read_text(encoding="utf-8")):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[tuple[int, str]]:
    found = []
    for number, raw in outside_code(path.read_text(encoding="utf-8")):
        line = re.sub(r"`[^`]*`", "", raw)
        found += [(number, target) for target in re.findall(
            r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", line)]
        found += [(number, m) for m in re.findall(r"^\s*\[[^\]]+\]:\s*(\S+)", line)]
    return found


def test_every_relative_link_and_anchor_resolves() -> None:
    broken = []
    for path in MARKDOWN:
        for number, target in links(path):
            if re.match(r"^[a-z][a-z+.-]*:", target):  # https:, mailto:
                continue
            file, _, anchor = target.partition("#")
            resolved = (path.parent / file).resolve() if file else path
            where = f"{shown(path)}:{number}: {target}"
            if not resolved.exists():
                broken.append(f"{where} (no such file)")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                broken.append(f"{where} (no such heading)")
    assert broken == []


# -- the README's test command ------------------------------------------------------------------

def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [line.strip() for language, lines in code_blocks(text) if language == "bash"
            for _, line in lines if line.strip() and not line.strip().startswith("#")]


def test_ci_runs_the_readmes_test_command_exactly() -> None:
    """The one command that sets up and runs the tests (the inner loop, `nox -s tests-3.12`,
    is not it); .ci/run runs it with nothing in front but comments."""
    tests = [line for line in readme_commands()
             if "pip install" in line and "nox -s tests" in line]
    assert len(tests) == 1, tests
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in script if line.strip()
                and not line.lstrip().startswith("#")]
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', tests[0]]


def test_the_readme_says_which_pythons_the_tests_need_and_what_a_missing_one_does() -> None:
    noxfile = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    values = {ast.unparse(node.targets[0]): ast.literal_eval(node.value) for node in noxfile.body
              if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Constant))}
    pythons = values["PYTHONS"]
    assert values["nox.options.error_on_missing_interpreters"] is True
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert ", ".join(pythons[:-1]) + f" and {pythons[-1]}" in text
    assert f"Python interpreter {pythons[0]} not found" in text
