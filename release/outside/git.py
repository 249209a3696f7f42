"""The only module that runs ``git``.

git runs through :mod:`subprocess` with a fixed locale, no terminal prompt and standard
input closed, and every git process has an overall deadline. ``git push`` runs in a session
of its own, without the terminal (ssh cannot stop to ask for a password or a host key), and
at its deadline the whole session is stopped, ssh and the remote helpers with it. The common
questions of validation are answered by three processes started in parallel (one listing
every tag, branch and remote HEAD with dates).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from release.errors import GitError
from release.outside import timeouts

FETCH_HINT = (
    "fetch the full history and tags: `git fetch --tags --unshallow` (locally), or "
    "`fetch-depth: 0` in actions/checkout (GitHub Actions) / `GIT_DEPTH: 0` (GitLab CI)"
)


def _env() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


@dataclass(frozen=True)
class Result:
    """What a finished git process left: exit code, stdout and stderr."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class TagRef:
    """A tag: the commit it points at (through an annotated tag), its creation date, and
    whether HEAD's history has it."""

    name: str
    commit: str
    date: int
    """Tagger date of an annotated tag, committer date of a lightweight one (Unix seconds)."""
    reachable: bool


@dataclass(frozen=True)
class RepoState:
    """What validation needs to know about the repository, from two git processes."""

    toplevel: Path
    head: str | None
    shallow: bool
    tags: tuple[str, ...]
    branches: dict[str, str] = field(default_factory=dict)
    """``{full ref name: commit}`` for every local and remote-tracking branch."""
    remote_heads: dict[str, str] = field(default_factory=dict)
    """``{remote: branch}`` from ``refs/remotes/<remote>/HEAD`` (the remote's default branch)."""


LOCAL_TIMEOUT = 120.0
"""Seconds a local git command may take (even on a huge repository) before it is stopped."""

NETWORK_TIMEOUT = 180.0
"""Seconds ``git push`` may take before it is stopped (a remote that never answers);
``RELEASE_NETWORK_TIMEOUT`` overrides it."""


def stop(process: subprocess.Popen[str], group: bool) -> None:
    """Stop ``process`` if it still runs (``group``: its whole session, children included)."""
    if process.poll() is not None:
        return
    if group:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # the session leader's id is the group's
    if process.poll() is None:
        process.kill()
    process.wait()


class Git:
    """Runs git in one working directory; raises :class:`GitError` with a hint.

    Arguments that come from users (remotes, tag names, paths) are always placed after
    ``--`` or checked, so that none can be taken as an option.
    """

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd

    def _argv(self, args: tuple[str, ...]) -> list[str]:
        return ["git", "-C", str(self.cwd), *args]

    def _missing(self) -> GitError:
        return GitError(
            "git is not installed or not on PATH",
            "install git (https://git-scm.com/downloads) and run the command again",
        )

    def _start(self, args: tuple[str, ...], input_text: str | None = None,
               detached: bool = False) -> subprocess.Popen[str]:
        try:
            return subprocess.Popen(
                self._argv(args),
                stdin=subprocess.PIPE if input_text is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=_env(),
                start_new_session=detached,
            )
        except FileNotFoundError:
            raise self._missing() from None

    def _run_all(
        self,
        commands: list[tuple[str, ...]],
        input_text: str | None = None,
        timeout: float = LOCAL_TIMEOUT,
        detached: bool = False,
    ) -> list[Result]:
        """Start every command, then collect them: they run in parallel. ``detached``: in a
        session of their own, stopped as a whole (with their children) at the deadline."""
        started = [(args, self._start(args, input_text, detached)) for args in commands]
        results = []
        try:
            for args, process in started:
                try:
                    out, err = process.communicate(input_text, timeout=timeout)
                except subprocess.TimeoutExpired:
                    raise GitError(
                        f"`git {' '.join(args)}` did not finish within {timeout:.0f} s and "
                        "was stopped",
                        "check the network and the remote (`git remote -v`), then run the "
                        "command again",
                    ) from None
                results.append(Result(args, process.returncode, out, err))
        finally:
            for _, process in started:
                stop(process, detached)
        return results

    def _checked(self, result: Result) -> str:
        if result.code != 0:
            err = result.err
            if "not a git repository" in err:
                raise GitError(
                    f"{self.cwd} is not inside a git repository",
                    "run the command in your project's git checkout, or pass --repo DIR",
                )
            if "cannot change to" in err:
                raise GitError(f"{self.cwd} is not a directory", "pass --repo DIR")
            detail = err.strip().splitlines()
            reason = detail[-1] if detail else f"exit code {result.code}"
            raise GitError(f"`git {' '.join(result.args)}` failed: {reason}", "")
        return result.out

    def run(self, *args: str, check: bool = True, input_text: str | None = None) -> str:
        """Run ``git ARGS`` and return stdout; raise :class:`GitError` when it fails."""
        (result,) = self._run_all([args], input_text)
        return self._checked(result) if check else result.out

    def succeeds(self, *args: str) -> bool:
        """True when ``git ARGS`` exits 0 (for yes/no questions)."""
        return self._run_all([args])[0].code == 0

    def state(self) -> RepoState:
        """Toplevel, HEAD, shallowness, tag names, branches and remote HEADs, from two
        processes run in parallel (no object is read: dates and reachability of the few tags
        that need them come from :meth:`tag_facts`)."""
        probe = ("rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
        listing = (
            "for-each-ref",
            "--format=%(refname)%00%(objectname)%00%(symref)",
            "refs/tags",
            "refs/heads",
            "refs/remotes",
        )
        probe_result, refs_result = self._run_all([probe, listing])
        if probe_result.code == 0:
            toplevel_s, shallow_s, head = probe_result.out.splitlines()[:3]
        else:  # no commits yet (or not a repository: run() raises with a hint)
            toplevel_s, shallow_s = self.run(
                "rev-parse", "--show-toplevel", "--is-shallow-repository"
            ).splitlines()[:2]
            head = ""
        tags: list[str] = []
        branches: dict[str, str] = {}
        remote_heads: dict[str, str] = {}
        for line in self._checked(refs_result).splitlines():
            ref, obj, symref = line.split("\0")
            if ref.startswith("refs/tags/"):
                tags.append(ref[len("refs/tags/") :])
            elif ref.startswith("refs/remotes/") and ref.endswith("/HEAD"):
                remote = ref[len("refs/remotes/") : -len("/HEAD")]
                if symref.startswith(f"refs/remotes/{remote}/"):
                    remote_heads[remote] = symref[len(f"refs/remotes/{remote}/") :]
            else:
                branches[ref] = obj
        return RepoState(
            Path(toplevel_s), head or None, shallow_s.strip() == "true", tuple(tags), branches,
            remote_heads,
        )

    def push(self, remote: str, refspec: str) -> str:
        """``git push --porcelain -- REMOTE REFSPEC``, bounded in time.

        A failure reports every line git gave as a reason (not only the last one).
        """
        if not remote or remote.startswith("-") or any(c.isspace() for c in remote):
            raise GitError(
                f"{remote!r} is not a remote name",
                "pass the name of a remote (`git remote -v` lists them), e.g. --remote origin",
            )
        args = ("push", "--porcelain", "--", remote, refspec)
        timeout = timeouts.network(NETWORK_TIMEOUT)
        (result,) = self._run_all([args], timeout=timeout, detached=True)
        if result.code == 0:
            return result.out
        reasons = [
            line.strip()
            for line in (result.err + "\n" + result.out).splitlines()
            if line.strip().startswith(("error:", "fatal:", "remote:", "!", "hint:"))
            or "[rejected]" in line or "[remote rejected]" in line
        ]
        detail = "\n  ".join(reasons) or result.err.strip() or f"exit code {result.code}"
        raise GitError(f"`git push {remote} {refspec}` failed:\n  {detail}", "")

    def tag_facts(self, names: Iterable[str] | None = None, *, reachability: bool = True
                  ) -> dict[str, TagRef]:
        """Commit, date and reachability from HEAD of the named tags (``None``: every tag),
        from two processes run in parallel (one, without the walk of HEAD's history, when
        ``reachability`` is not wanted: every tag then says reachable)."""
        wanted = None if names is None else sorted(set(names))
        if wanted == []:
            return {}
        patterns = ["refs/tags"] if wanted is None or len(wanted) > 200 else [
            f"refs/tags/{name}" for name in wanted]
        details = ("for-each-ref", "--format=%(refname)%00%(objectname)%00%(*objectname)"
                   "%00%(creatordate:unix)", *patterns)
        reachable: set[str] = set()
        if not reachability:
            (details_result,) = self._run_all([details])
        else:
            merged = ("for-each-ref", "--merged", "HEAD", "--format=%(refname)", *patterns)
            details_result, merged_result = self._run_all([details, merged])
            reachable = set(merged_result.out.splitlines()) if merged_result.code == 0 \
                else set()
        found: dict[str, TagRef] = {}
        for line in self._checked(details_result).splitlines():
            ref, obj, peeled, date = line.split("\0")
            name = ref[len("refs/tags/") :]
            if wanted is None or name in wanted:
                found[name] = TagRef(name, peeled or obj, int(date) if date.isdigit() else 0,
                                     ref in reachable or not reachability)
        return found

    def branches_containing(self, commit: str) -> list[str]:
        """Full names of the local and remote-tracking branches whose history has ``commit``."""
        out = self.run(
            "for-each-ref", "--contains", commit, "--format=%(refname)", "refs/heads",
            "refs/remotes", check=False,
        )
        return [line for line in out.splitlines() if line and not line.endswith("/HEAD")]

    def tag_commit(self, name: str) -> str | None:
        """The commit a tag points at (through an annotated tag), or ``None``."""
        out = self.run(
            "rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}", check=False
        ).strip()
        return out or None

    def commits_since(self, tag: str, path: str | None = None) -> int | None:
        """How many commits of HEAD's history came after the tag (only those touching
        ``path``, relative to the working directory, when given: a package of a monorepo);
        ``None`` when the tag is unknown here. Merge commits do not count: merging the
        released branch back (idna's "Merge pull request … from kjd/release-3.13") brings
        nothing to release."""
        limit = ("--", path) if path is not None else ()
        out = self.run("rev-list", "--count", "--no-merges", f"refs/tags/{tag}..HEAD", *limit,
                       check=False).strip()
        return int(out) if out.isdigit() else None

    def commits_after_tree(self, tag: str, since: str | None) -> int | None:
        """How many commits of HEAD's history came after the newest commit of its
        first-parent history whose tree is the tree of ``tag`` (a tag outside this history:
        a release squash-merged from its branch, or git-flow's release branch merged into
        both master, where the tag is, and develop), looking only after the tag ``since``
        (the whole history when ``None``); ``None`` when no such commit is there. Merge
        commits do not count (as in :meth:`commits_since`)."""
        tree = self.run("rev-parse", "--verify", "-q", f"refs/tags/{tag}^{{tree}}",
                        check=False).strip()
        if not tree:
            return None
        span = f"refs/tags/{since}..HEAD" if since is not None else "HEAD"
        out = self.run("log", "--first-parent", "--format=%H %T", span, check=False)
        for line in out.splitlines():
            fields = line.split()
            if len(fields) == 2 and fields[1] == tree:
                count = self.run("rev-list", "--count", "--no-merges", f"{fields[0]}..HEAD",
                                 check=False).strip()
                return int(count) if count.isdigit() else None
        return None

    def is_ancestor(self, commit: str, of: str) -> bool:
        return self.succeeds("merge-base", "--is-ancestor", commit, of)

    def ignored(self, paths: Iterable[str]) -> dict[str, str]:
        """The paths (relative to the working directory) that git would not add, each with
        the rule that ignores it (``.gitignore:5: /noxfile.py``); tracked files never are.
        A path whose last matching rule is a negation (``!/noxfile.py`` after ``/*.py``) is
        not ignored. Empty outside a repository."""
        names = list(paths)
        if not names:
            return {}
        (result,) = self._run_all([("check-ignore", "--verbose", "-z", "--stdin")],
                                  "".join(f"{name}\0" for name in names))
        if result.code == 1 or (result.code == 128 and "not a git repository" in result.err):
            return {}
        fields = self._checked(result).split("\0")
        found = {}
        for start in range(0, len(fields) - 3, 4):
            source, line, pattern, path = fields[start:start + 4]
            if not pattern.startswith("!"):  # --verbose also lists the rule that re-includes
                found[path] = f"{source}:{line}: {pattern}"
        return found

    def dirty_files(self) -> list[str]:
        """Tracked files with changes (staged or not); untracked files do not count."""
        out = self.run("status", "--porcelain", "--untracked-files=no")
        return [line[3:] for line in out.splitlines() if line.strip()]
