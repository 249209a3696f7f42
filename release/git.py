"""The only module that runs ``git``.

Every call asks for exactly what it needs, and the common questions are answered in as
few processes as possible (one ``for-each-ref`` gives every tag with its commit and the
main branch refs).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from release.errors import GitError

FETCH_HINT = (
    "fetch the full history and tags: `git fetch --tags --unshallow` (locally), or "
    "`fetch-depth: 0` in actions/checkout (GitHub Actions) / `GIT_DEPTH: 0` (GitLab CI)"
)


@dataclass(frozen=True)
class Tag:
    name: str
    commit: str
    annotated: bool


@dataclass(frozen=True)
class RepoState:
    """What validation needs to know about the repository, from two git processes."""

    toplevel: Path
    head: str | None
    shallow: bool
    tags: tuple[Tag, ...]
    branches: dict[str, str]
    """``{ref name: commit}`` for the main branch refs that exist (local and remotes)."""


class Git:
    """Runs git in one working directory; raises :class:`GitError` with a hint."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd

    def _call(
        self, args: tuple[str, ...], input_text: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
        try:
            return subprocess.run(
                ["git", *args],
                cwd=self.cwd,
                capture_output=True,
                text=True,
                env=env,
                input=input_text,
                check=False,
            )
        except FileNotFoundError:
            if not self.cwd.is_dir():
                raise GitError(f"{self.cwd} is not a directory", "pass --repo DIR") from None
            raise GitError(
                "git is not installed or not on PATH",
                "install git (https://git-scm.com/downloads) and run the command again",
            ) from None
        except NotADirectoryError:
            raise GitError(f"{self.cwd} is not a directory", "pass --repo DIR") from None

    def run(self, *args: str, check: bool = True, input_text: str | None = None) -> str:
        """Run ``git ARGS`` and return stdout; raise :class:`GitError` when it fails."""
        proc = self._call(args, input_text)
        if check and proc.returncode != 0:
            if "not a git repository" in proc.stderr:
                raise GitError(
                    f"{self.cwd} is not inside a git repository",
                    "run the command in your project's git checkout, or pass --repo DIR",
                )
            detail = proc.stderr.strip().splitlines()
            reason = detail[-1] if detail else f"exit code {proc.returncode}"
            raise GitError(f"`git {' '.join(args)}` failed: {reason}", "")
        return proc.stdout

    def succeeds(self, *args: str) -> bool:
        """True when ``git ARGS`` exits 0 (for yes/no questions)."""
        return self._call(args).returncode == 0

    def state(self, main_branch: str) -> RepoState:
        proc = self._call(("rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"))
        if proc.returncode == 0:  # one process for the common case
            toplevel_s, shallow_s, head = proc.stdout.splitlines()[:3]
        else:  # no commits yet (or not a repository: run() raises with a hint)
            toplevel_s, shallow_s = self.run(
                "rev-parse", "--show-toplevel", "--is-shallow-repository").splitlines()[:2]
            head = ""
        toplevel, shallow = Path(toplevel_s), shallow_s.strip() == "true"
        refs = self.run(
            "for-each-ref",
            "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objectname)",
            "refs/tags",
            f"refs/heads/{main_branch}",
            f"refs/remotes/*/{main_branch}",
        )
        tags: list[Tag] = []
        branches: dict[str, str] = {}
        for line in refs.splitlines():
            ref, kind, obj, peeled = line.split("\0")
            if ref.startswith("refs/tags/"):
                tags.append(Tag(ref[len("refs/tags/") :], peeled or obj, kind == "tag"))
            else:
                branches[ref] = obj
        return RepoState(toplevel, head or None, shallow, tuple(tags), branches)

    def is_ancestor(self, commit: str, of: str) -> bool:
        return self.succeeds("merge-base", "--is-ancestor", commit, of)

    def dirty_files(self) -> list[str]:
        """Tracked files with changes (staged or not); untracked files do not count."""
        out = self.run("status", "--porcelain", "--untracked-files=no")
        return [line[3:] for line in out.splitlines() if line.strip()]
