"""The upload tools, twine and pypi-attestations: the commands they run, each run with a deadline
in an empty folder, their output redacted, coloured lines and tracebacks cut down.

A tool runs in a session of its own: at its deadline (``RELEASE_NETWORK_TIMEOUT`` overrides
it) the whole session is stopped, whatever it started, and the run reports a timeout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from release.outside import redact as redaction
from release.outside import timeouts
from release.outside.git import stop

Progress = Callable[[str], None]


ATTESTATION_SUFFIX = ".publish.attestation"


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with these secrets, and every other registered one, hidden."""
    redaction.register(*secrets)
    return redaction.redact(text)


@dataclass(frozen=True)
class Sign:
    """``pypi-attestations sign``: writes ``<file>.publish.attestation`` beside each file."""

    files: tuple[Path, ...]

    @property
    def produces(self) -> tuple[Path, ...]:
        return tuple(f.with_name(f.name + ATTESTATION_SUFFIX) for f in self.files)

    def argv(self) -> list[str]:
        return [sys.executable, "-m", "pypi_attestations", "sign", *map(str, self.files)]

    def describe(self) -> str:
        return (f"pypi-attestations sign {' '.join(f.name for f in self.files)} -> "
                f"{', '.join(p.name for p in self.produces)}")


@dataclass(frozen=True)
class Upload:
    """``twine upload`` of one file (and its attestation), credentials through the environment."""

    file: Path
    url: str
    attestation: Path | None = None

    def argv(self) -> list[str]:
        extra = ["--attestations"] if self.attestation else []
        paths = [str(self.file)] + ([str(self.attestation)] if self.attestation else [])
        return [sys.executable, "-m", "twine", "upload", "--non-interactive",
                "--disable-progress-bar", "--repository-url", self.url, *extra, *paths]

    def describe(self) -> str:
        if self.attestation is None:
            return f"twine upload {self.file.name}"
        return f"twine upload --attestations {self.file.name} {self.attestation.name}"


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

"""Terminal colour codes: twine (through rich) colours some lines even with NO_COLOR."""


def without_tracebacks(output: str) -> str:
    """A tool's output with each Python traceback cut down to the error it ends with.

    twine (through requests) prints a traceback for a dropped connection; the user needs the
    last line of it, not the frames."""
    if "Traceback (most recent call last)" not in output:
        return output
    kept: list[str] = []
    inside = False
    for line in output.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            inside = True
            continue
        if line.startswith(("During handling of the above", "The above exception")):
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        if inside and line[:1].isalpha():
            inside = False
            if kept and kept[-1] == line:
                continue
        kept.append(line)
    return "\n".join(kept)


def run_tool(argv: list[str], env: dict[str, str], timeout: float, secrets: list[str],
         progress: Progress, label: str) -> tuple[int, str]:
    # An empty working directory: `python -m twine` puts it first on sys.path, and a project
    # named like one of twine's own dependencies (rich, requests, ...) would shadow it there.
    seconds = timeouts.network(timeout)
    with tempfile.TemporaryDirectory(prefix="release-publish-") as neutral:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                errors="replace", env=env, cwd=neutral, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            return -1, f"timed out after {seconds:g} s"
        finally:
            stop(proc, group=True)
    output = without_tracebacks(redact(_ANSI.sub("", out + err), secrets))
    for line in output.splitlines():
        if line.strip():
            progress(f"    {label}: {line}")
    return proc.returncode, output


def install_hint(requirement: str) -> str:
    """Where a missing tool must go: the environment that runs ``release`` (it runs
    ``python -m twine``), which a publish session fills from its lock file."""
    return (f"install it into the environment that runs `release` ({sys.executable} -m pip "
            f"install '{requirement}'); a noxfile's publish session installs it from its lock "
            "file (this project's: requirements/publish.txt)")


def is_json_file(path: Path) -> bool:
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    return True
