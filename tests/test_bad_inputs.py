"""Run the bad-input corpus (tests/badinputs.py) against the `release` command.

For every case: no traceback, the expected exit code (1 or 2), the message fragment, the file
or option named, a hint that proposes only commands and options that exist, and no file or ref
changed. The table runs in-process (``release.cli.main``, what the console script calls);
one case per command also runs the installed command in a process of its own and must give
the same exit code and the same output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from badinputs import CASES, Case
from conftest import ROOT, Sample, make_sample, run_release
from doccommands import in_line, option_mentions, problems, release_commands
from samples import run_in_process
from test_prepare import UNRELEASED

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NEEDS_PERMISSIONS = ("unreadable", "readonly")
"""Cases that need file permissions to bite; root reads and writes everything."""


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bases")
    released = make_sample(root / "released", version="1.3.0", changelog=UNRELEASED)
    prepared = make_sample(root / "prepared", version="1.3.0", changelog=UNRELEASED)
    proc = prepared.release("prepare", "1.4.0", "--commit", "--date", "2026-11-25")
    assert proc.returncode == 0, proc.stderr
    return {"released": released.path, "prepared": prepared.path}


def state(sample: Sample) -> tuple[dict[str, bytes], str]:
    files = {}
    for path in sorted(sample.path.rglob("*")):
        relative = path.relative_to(sample.path)
        if ".git" in relative.parts or not path.is_file() or not os.access(path, os.R_OK):
            continue
        files[str(relative)] = path.read_bytes()
    return files, sample.git("for-each-ref")


def run(case: Case, sample: Sample, *, process: bool = False
        ) -> subprocess.CompletedProcess[str]:
    env = {**case.env, "PYTHONWARNINGS": "ignore"}
    if case.command == "shim":
        command = [sys.executable, str(ROOT / "scripts" / "release" / "validate_release.py")]
        return run_release(sample.path, *case.argv, env=env, command=command, timeout=60)
    if process:
        return run_release(sample.path, *case.argv, env=env, timeout=60)
    return run_in_process(sample.path, *case.argv, env=env)


def hint_problems(case: Case, stderr: str) -> list[str]:
    """Commands a hint proposes must exist with their options; an option named on its own
    must belong to the command that was run or to a command the hint names."""
    found: list[str] = []
    first = case.argv[0] if case.argv and not case.argv[0].startswith("-") else ""
    running = "validate" if case.command == "shim" else first
    commands = release_commands()
    for line in stderr.splitlines():
        if "hint:" not in line:
            continue
        named = {running}
        for span in re.findall(r"`([^`]+)`", line):
            for command in in_line(span, case.id):
                found += problems(command)
                words = command.text.split()
                if words[0] == "release" and len(words) > 1:
                    named.add(words[1])
                elif words[0] == "inv" and len(words) > 1:
                    named.add(words[1].removeprefix("release."))
        named |= set(re.findall(r"release ([a-z-]+)", line)) & set(commands)
        known = {o for name in named if name in commands for o in commands[name]._option_string_actions}
        found += [f"{case.id}: {option} is not an option of {' or '.join(sorted(named))}: {line}"
                  for option in sorted(option_mentions(line) - known)]
    return found


def prepared(case: Case, bases: dict[str, Path], tmp_path: Path) -> Sample:
    path = tmp_path / "project"
    shutil.copytree(bases[case.base], path, symlinks=True)
    sample = Sample(path)
    for name, content in case.files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
    if case.files and case.commit:
        sample.commit(f"bad input: {case.id}")
    if case.setup is not None:
        case.setup(sample)
    return sample


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, bases: dict[str, Path], tmp_path: Path) -> None:
    if AS_ROOT and any(word in case.id for word in NEEDS_PERMISSIONS):
        pytest.skip("running as root: file permissions do not stop root")
    sample = prepared(case, bases, tmp_path)
    before = state(sample)
    proc = run(case, sample)
    shown = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr + proc.stdout, shown
    assert proc.returncode == case.code, shown
    assert case.fragment in proc.stderr, shown
    if case.names:
        assert case.names in proc.stderr, shown
    if case.hint:
        assert "hint:" in proc.stderr, shown
    assert hint_problems(case, proc.stderr) == [], shown
    assert state(sample) == before, "the command changed files or refs although it failed"


def test_the_corpus_is_large_and_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert len(CASES) >= 150


def _one_per_command() -> list[Case]:
    chosen: dict[str, Case] = {}
    for case in CASES:
        key = case.command if case.command == "shim" or not case.argv else case.argv[0]
        if not any(word in case.id for word in NEEDS_PERMISSIONS):
            chosen.setdefault(key, case)
    return list(chosen.values())


@pytest.mark.parametrize("case", _one_per_command(), ids=lambda case: case.id)
def test_a_real_process_gives_the_same_answer(case: Case, bases: dict[str, Path],
                                              tmp_path: Path) -> None:
    """The installed command, in a process of its own, says exactly what main() said."""
    if case.command == "shim":
        pytest.skip("the shim always runs in a process of its own")
    inside = run(case, prepared(case, bases, tmp_path / "inside"))
    outside = run(case, prepared(case, bases, tmp_path / "outside"), process=True)
    shown = lambda text: text.replace(str(tmp_path / "outside"), "TMP").replace(  # noqa: E731
        str(tmp_path / "inside"), "TMP")
    assert (outside.returncode, shown(outside.stdout), shown(outside.stderr)) == (
        inside.returncode, shown(inside.stdout), shown(inside.stderr))
