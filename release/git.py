"""The only module that runs ``git``.

Every call asks for exactly what it needs, and the common questions are answered in as
few processes as possible, started in parallel. On POSIX systems git is started with
``os.posix_spawnp`` and read with ``select``: ``subprocess`` (and the threading, signal and
selectors modules it imports) costs ``release validate`` about 3 ms of start-up, which is
more than the git processes themselves. Elsewhere, and for a process that needs standard
input, ``subprocess`` is used.
"""

from __future__ import annotations

import os
from pathlib import Path

from release.errors import GitError


def _env() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}

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

    def _argv(self, args: tuple[str, ...]) -> list[str]:
        return ["git", "-C", str(self.cwd), *args]

    def _missing(self) -> GitError:
        return GitError(
            "git is not installed or not on PATH",
            "install git (https://git-scm.com/downloads) and run the command again",
        )

    def _spawn(self, args: tuple[str, ...]) -> tuple[int, int, int]:
        """Start git; return (pid, stdout fd, stderr fd)."""
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, out_w, 1),
            (os.POSIX_SPAWN_DUP2, err_w, 2),
            (os.POSIX_SPAWN_CLOSE, out_r),
            (os.POSIX_SPAWN_CLOSE, err_r),
        ]
        try:
            pid = os.posix_spawnp("git", self._argv(args), _env(), file_actions=actions)
        except FileNotFoundError:
            os.close(out_r)
            os.close(err_r)
            raise self._missing() from None
        finally:
            os.close(out_w)
            os.close(err_w)
        return pid, out_r, err_r

    def _run_all(
        self, commands: list[tuple[str, ...]], input_text: str | None = None
    ) -> list[tuple[int, str, str]]:
        """Run git commands in parallel; return (exit code, stdout, stderr) for each."""
        if not hasattr(os, "posix_spawnp") or input_text is not None:
            return [self._subprocess(args, input_text) for args in commands]
        import select  # a built-in module: no start-up cost worth mentioning

        started = [self._spawn(args) for args in commands]
        chunks: dict[int, list[bytes]] = {fd: [] for _, *fds in started for fd in fds}
        pending = set(chunks)
        while pending:
            ready, _, _ = select.select(list(pending), [], [])
            for fd in ready:
                data = os.read(fd, 1 << 16)
                if data:
                    chunks[fd].append(data)
                else:
                    pending.discard(fd)
                    os.close(fd)
        results = []
        for pid, out_fd, err_fd in started:
            _, status = os.waitpid(pid, 0)
            out, err = (b"".join(chunks[fd]).decode("utf-8", "replace") for fd in (out_fd, err_fd))
            results.append((os.waitstatus_to_exitcode(status), out, err))
        return results

    def _subprocess(self, args: tuple[str, ...], input_text: str | None) -> tuple[int, str, str]:
        import subprocess

        try:
            proc = subprocess.run(
                self._argv(args),
                input=input_text,
                stdin=None if input_text is not None else subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env=_env(),
                check=False,
            )
        except FileNotFoundError:
            raise self._missing() from None
        return proc.returncode, proc.stdout, proc.stderr

    def _call(self, args: tuple[str, ...], input_text: str | None = None) -> tuple[int, str, str]:
        return self._run_all([args], input_text)[0]

    def _checked(self, args: tuple[str, ...], result: tuple[int, str, str]) -> str:
        code, out, err = result
        if code != 0:
            if "not a git repository" in err:
                raise GitError(
                    f"{self.cwd} is not inside a git repository",
                    "run the command in your project's git checkout, or pass --repo DIR",
                )
            if "cannot change to" in err:
                raise GitError(f"{self.cwd} is not a directory", "pass --repo DIR")
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
        (probe_code, out, _), refs_result = self._run_all([probe, listing])
        if probe_code == 0:
            toplevel_s, shallow_s, head = out.splitlines()[:3]
        else:  # no commits yet (or not a repository: run() raises with a hint)
            toplevel_s, shallow_s = self.run(
                "rev-parse", "--show-toplevel", "--is-shallow-repository"
            ).splitlines()[:2]
            head = ""
        refs = self._checked(listing, refs_result)
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
