"""The only module that runs ``git``.

Every call asks for exactly what it needs, and the common questions are answered in as
few processes as possible (one ``for-each-ref`` gives every tag with its commit and the
main branch refs).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from release.errors import GitError

FETCH_HINT = (
    "fetch the full history and tags: `git fetch --tags --unshallow` (locally), or "
    "`fetch-depth: 0` in actions/checkout (GitHub Actions) / `GIT_DEPTH: 0` (GitLab CI)"
)


class RepoState:
    """What validation needs to know about the repository, from two git processes."""

    __slots__ = ("branches", "head", "shallow", "tags", "toplevel")

    def __init__(
        self,
        toplevel: Path,
        head: str | None,
        shallow: bool,
        tags: tuple[str, ...],
        branches: dict[str, str],
    ) -> None:
        self.toplevel = toplevel
        self.head = head
        self.shallow = shallow
        self.tags = tags
        self.branches = branches


class Git:
    """Runs git in one working directory; raises :class:`GitError` with a hint."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd

    def _start(self, args: tuple[str, ...], stdin: bool = False) -> subprocess.Popen[str]:
        env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
        try:
            return subprocess.Popen(
                ["git", *args],
                cwd=self.cwd,
                stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
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

    def _call(self, args: tuple[str, ...], input_text: str | None = None) -> tuple[int, str, str]:
        proc = self._start(args, stdin=input_text is not None)
        out, err = proc.communicate(input_text)
        return proc.returncode, out, err

    def _checked(self, args: tuple[str, ...], result: tuple[int, str, str]) -> str:
        code, out, err = result
        if code != 0:
            if "not a git repository" in err:
                raise GitError(
                    f"{self.cwd} is not inside a git repository",
                    "run the command in your project's git checkout, or pass --repo DIR",
                )
            detail = err.strip().splitlines()
            reason = detail[-1] if detail else f"exit code {code}"
            raise GitError(f"`git {' '.join(args)}` failed: {reason}", "")
        return out

    def run(self, *args: str, check: bool = True, input_text: str | None = None) -> str:
        """Run ``git ARGS`` and return stdout; raise :class:`GitError` when it fails."""
        result = self._call(args, input_text)
        return self._checked(args, result) if check else result[1]

    def succeeds(self, *args: str) -> bool:
        """True when ``git ARGS`` exits 0 (for yes/no questions)."""
        return self._call(args)[0] == 0

    def state(self, main_branch: str) -> RepoState:
        """Toplevel, HEAD, shallowness, tags and main-branch refs, from two parallel processes."""
        probe = ("rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
        listing = (
            "for-each-ref",
            "--format=%(refname)%00%(objectname)",  # no object reads: fast for 1000s of tags
            "refs/tags",
            f"refs/heads/{main_branch}",
            f"refs/remotes/*/{main_branch}",
        )
        first, second = self._start(probe), self._start(listing)
        out, _ = first.communicate()
        refs_out, refs_err = second.communicate()
        if first.returncode == 0:
            toplevel_s, shallow_s, head = out.splitlines()[:3]
        else:  # no commits yet (or not a repository: run() raises with a hint)
            toplevel_s, shallow_s = self.run(
                "rev-parse", "--show-toplevel", "--is-shallow-repository"
            ).splitlines()[:2]
            head = ""
        refs = self._checked(listing, (second.returncode, refs_out, refs_err))
        toplevel, shallow = Path(toplevel_s), shallow_s.strip() == "true"
        tags: list[str] = []
        branches: dict[str, str] = {}
        for line in refs.splitlines():
            ref, obj = line.split("\0")
            if ref.startswith("refs/tags/"):
                tags.append(ref[len("refs/tags/") :])
            else:
                branches[ref] = obj
        return RepoState(toplevel, head or None, shallow, tuple(tags), branches)

    def tag_commit(self, name: str) -> str | None:
        """The commit a tag points at (through an annotated tag), or ``None``."""
        out = self.run(
            "rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}", check=False
        ).strip()
        return out or None

    def is_ancestor(self, commit: str, of: str) -> bool:
        return self.succeeds("merge-base", "--is-ancestor", commit, of)

    def dirty_files(self) -> list[str]:
        """Tracked files with changes (staged or not); untracked files do not count."""
        out = self.run("status", "--porcelain", "--untracked-files=no")
        return [line[3:] for line in out.splitlines() if line.strip()]
