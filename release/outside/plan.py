"""Plan, then act: every side effect is an action that can describe itself.

``--dry-run`` prints the plan; a real run executes the very same objects. File writes
are atomic, stay inside the repository (links followed), and a multi-file write puts every
file back if any write fails; a commit that git refuses puts the files and the index back.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from release.errors import GitError, RefusedError, ReleaseError
from release.outside import files
from release.outside.git import Git

_DEFERRED = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block is done, then deliver them.

    A multi-file write is all-or-nothing only if nobody stops it half-way: the signals are
    blocked while it runs (and while a failed write is rolled back) and arrive right after.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def project_lock(git: Git) -> Path:
    """The lock file that keeps two runs of ``prepare`` or ``init`` in one checkout apart."""
    return Path(git.run("rev-parse", "--absolute-git-dir").strip()) / "release-prepare.lock"


@contextlib.contextmanager
def exclusive(lock: Path | None) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` (a file) or refuse at once when another run has it."""
    if lock is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: compare-before-write still protects
        yield
        return
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise RefusedError(
                "another `release prepare` or `release init` is changing this project right "
                "now; nothing was written",
                "wait for it to finish, then run the command again (it will see the new "
                "version)",
            ) from None
        yield
    finally:
        os.close(fd)


class Action(Protocol):
    def describe(self) -> str: ...

    def execute(self) -> None: ...


@dataclass(frozen=True)
class FileChange:
    path: Path
    shown: str
    old: bytes | None
    new: bytes
    why: str
    setting: str = ""
    """What named this path (``changelog in [tool.release]``), for a refusal."""

    def diff(self) -> str:
        old = [] if self.old is None else self.old.decode("utf-8").splitlines(keepends=True)
        new = self.new.decode("utf-8").splitlines(keepends=True)
        lines = difflib.unified_diff(
            old, new, fromfile=f"a/{self.shown}" if self.old is not None else "/dev/null",
            tofile=f"b/{self.shown}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass
class WriteFiles:
    """Write several files atomically as one step: all of them change, or none.

    Before anything is written, every file must lie inside ``root`` (the repository) once
    its links are followed, folders included, and every file is read again and compared with
    what the plan was made from (another run, or an editor, may have changed it meanwhile);
    the writes hold ``lock`` and defer signals, create the missing folders, and a failed
    write puts every file back.
    """

    changes: Sequence[FileChange]
    lock: Path | None = None
    root: Path | None = None

    def describe(self) -> str:
        return "\n".join(f"write {c.shown}: {c.why}" for c in self.changes)

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)

    def check_inside(self) -> None:
        """Refuse (before anything is written) a file that lies outside ``root``."""
        if self.root is None:
            return
        for change in self.changes:
            files.inside(change.path, self.root, change.setting or change.shown, change.shown)

    def execute(self) -> None:
        with exclusive(self.lock), signals_deferred():
            self.check_inside()
            self._unchanged_since_planned()
            for change in self.changes:
                try:
                    change.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ReleaseError(f"cannot create the folder of {change.shown}: "
                                       f"{exc.strerror or exc}; nothing was written",
                                       "check the permissions of the project folder",
                                       file=change.shown) from None
            self._write_all()

    def restore(self) -> bool:
        """Put every file back as it was before :meth:`execute`; ``False`` if one could not be."""
        return _restore(list(self.changes))

    def _unchanged_since_planned(self) -> None:
        for change in self.changes:
            try:
                now: bytes | None = files.read_bytes(change.path, change.shown)
            except FileNotFoundError:
                now = None
            if now != change.old:
                raise RefusedError(
                    f"{change.shown} changed after the plan was made (another run or an "
                    "editor); nothing was written",
                    "run the command again: it plans from the files as they are now",
                    file=change.shown,
                )

    def _write_all(self) -> None:
        done: list[FileChange] = []
        for change in self.changes:
            try:
                files.write_atomic(change.path, change.new)
            except OSError as exc:
                restored = _restore(done)
                raise ReleaseError(
                    f"could not write {change.shown}: {exc.strerror or exc}; "
                    + ("every file is back as it was" if restored else "some files could not "
                       "be restored: check `git status`"),
                    "fix the cause (permissions, disk space) and run the command again",
                    file=change.shown,
                ) from None
            done.append(change)


def _put_back(index: Path, saved: bytes | None) -> bool:
    """The index file as it was (only if git changed it); ``False`` when that failed."""
    try:
        now: bytes | None = index.read_bytes()
    except OSError:
        now = None
    if now == saved:
        return True
    try:
        if saved is None:
            index.unlink()
        else:
            files.write_atomic(index, saved)
    except OSError:
        return False
    return True


def _restore(done: list[FileChange]) -> bool:
    ok = True
    for change in reversed(done):
        try:
            if change.old is None:
                change.path.unlink()
            else:
                files.write_atomic(change.path, change.old)
        except OSError:
            ok = False
    return ok


@dataclass
class GitCommit:
    """``git add`` and ``git commit`` of exactly the written files.

    When git refuses (a pre-commit hook says no, a stale ``.git/index.lock``), the index is
    put back as it was and, with ``undo``, every written file too: the run changes nothing.
    Without ``undo`` (files another tool wrote) the error lists exactly what was written.
    """

    git: Git
    paths: list[str]
    message: str
    removed: list[str] = field(default_factory=list)
    """Paths an earlier action removed with ``git rm`` (committed, not added)."""
    undo: WriteFiles | None = None
    """The writes this commit records, put back when the commit fails."""

    def describe(self) -> str:
        return f"git commit -m {self.message!r} -- {' '.join([*self.paths, *self.removed])}"

    def execute(self) -> None:
        index = Path(self.git.cwd) / self.git.run("rev-parse", "--git-path", "index").strip()
        try:
            saved: bytes | None = index.read_bytes()
        except OSError:
            saved = None
        try:
            self.git.run("add", "--", *self.paths)
            self.git.run("commit", "--quiet", "-m", self.message, "--", *self.paths,
                         *self.removed)
        except GitError as exc:
            raise self._rolled_back(exc, index, saved) from None

    def _rolled_back(self, exc: GitError, index: Path, saved: bytes | None) -> ReleaseError:
        with signals_deferred():
            index_back = _put_back(index, saved)
            files_back = self.undo.restore() if self.undo is not None else False
        written = ", ".join([*self.paths, *(f"{p} (removed)" for p in self.removed)])
        if files_back and index_back:
            state = "every written file and the index are back as they were; nothing changed"
        elif self.undo is None:
            state = (f"these files were written and are not committed: {written}"
                     + ("" if index_back else " (and staged)"))
        else:
            state = (f"not everything could be put back: check `git status` (written: "
                     f"{written})")
        return ReleaseError(
            f"{exc.message}\nThe commit was not made; {state}.",
            "fix what git reports (a pre-commit hook's complaint, or delete a stale "
            ".git/index.lock when no other git runs), then run the same command again",
        )


@dataclass
class GitTag:
    git: Git
    name: str
    message: str
    sign: bool = False

    def describe(self) -> str:
        kind = "signed" if self.sign else "annotated"
        first = self.message.splitlines()[0] if self.message else ""
        return f"git tag --{'sign' if self.sign else 'annotate'} {self.name} ({kind}, message " \
               f"{first!r} and the release notes)"

    def execute(self) -> None:
        self.git.run("tag", "--sign" if self.sign else "--annotate", "--cleanup=verbatim",
                     "--file=-", "--", self.name, input_text=self.message)


@dataclass
class GitPushTag:
    git: Git
    remote: str
    name: str

    def describe(self) -> str:
        return f"git push {self.remote} refs/tags/{self.name} (this tag only)"

    def execute(self) -> None:
        ref = f"refs/tags/{self.name}"
        try:
            self.git.push(self.remote, f"{ref}:{ref}")
        except ReleaseError as exc:
            raise ReleaseError(
                f"{exc.message}\nThe tag {self.name} exists here but not on {self.remote}.",
                f"fix the cause above, then push this one tag: `git push {self.remote} "
                f"refs/tags/{self.name}` (or run `release tag --push` again: it does not "
                "re-create an existing tag)",
            ) from None


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)

    def describe(self) -> str:
        """The steps, numbered; an action with nothing to say (no files to write) takes no
        number."""
        said = [lines for action in self.actions if (lines := action.describe().splitlines())]
        return "\n".join(f"{i}. {line}" if j == 0 else f"   {line}"
                         for i, lines in enumerate(said, 1) for j, line in enumerate(lines))

    def execute(self) -> None:
        for action in self.actions:
            action.execute()


@dataclass
class Snapshot:
    """Files, the git index and HEAD, as they were before a plan ran, to put back when its
    result is refused (``release prepare``: a result that does not validate)."""

    git: Git
    head: str | None
    index_path: Path
    index: bytes | None
    files: dict[Path, tuple[bytes, int] | None]

    @classmethod
    def take(cls, git: Git, repo: Path, touched: list[Path]) -> Snapshot:
        saved: dict[Path, tuple[bytes, int] | None] = {}
        for path in touched:
            try:
                saved[path] = (path.read_bytes(), path.stat().st_mode & 0o7777)
            except FileNotFoundError:
                saved[path] = None
        head = git.run("rev-parse", "-q", "--verify", "HEAD", check=False).strip() or None
        index_path = Path(git.run("rev-parse", "--git-path", "index").strip())
        if not index_path.is_absolute():
            index_path = repo / index_path
        try:
            index: bytes | None = index_path.read_bytes()
        except FileNotFoundError:
            index = None
        return cls(git, head, index_path, index, saved)

    def restore(self) -> None:
        """Put the files, the index (byte for byte) and HEAD back; nothing else is
        touched."""
        for path, data in self.files.items():
            if data is None:
                path.unlink(missing_ok=True)
                continue
            content, mode = data
            try:
                if path.read_bytes() == content:
                    continue
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(path, content)
            path.chmod(mode)
        head = self.git.run("rev-parse", "-q", "--verify", "HEAD", check=False).strip() or None
        if self.head is not None and head is not None and head != self.head:
            self.git.run("update-ref", "-m", "release prepare: put back", "HEAD", self.head,
                         head)
        try:
            now: bytes | None = self.index_path.read_bytes()
        except FileNotFoundError:
            now = None
        if now == self.index:
            return
        if self.index is None:
            self.index_path.unlink(missing_ok=True)
        else:
            files.write_atomic(self.index_path, self.index)
