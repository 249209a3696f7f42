"""Plan, then act: every side effect is an action that can describe itself.

``--dry-run`` prints the plan; a real run executes the very same objects. File writes
are atomic, and a multi-file write puts every file back if any write fails.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from release import files
from release.errors import ReleaseError
from release.git import Git


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
    """Write several files atomically as one step: all of them change, or none."""

    changes: Sequence[FileChange]

    def describe(self) -> str:
        return "\n".join(f"write {c.shown}: {c.why}" for c in self.changes)

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)

    def execute(self) -> None:
        done: list[FileChange] = []
        try:
            for change in self.changes:
                files.write_atomic(change.path, change.new)
                done.append(change)
        except OSError as exc:
            restored = _restore(done)
            raise ReleaseError(
                f"could not write {change.shown}: {exc.strerror or exc}; "
                + ("every file is back as it was" if restored else "some files could not be "
                   "restored: check `git status`"),
                "fix the cause (permissions, disk space) and run the command again",
                file=change.shown,
            ) from None


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
    git: Git
    paths: list[str]
    message: str
    removed: list[str] = field(default_factory=list)
    """Paths an earlier action removed with ``git rm`` (committed, not added)."""

    def describe(self) -> str:
        return f"git commit -m {self.message!r} -- {' '.join([*self.paths, *self.removed])}"

    def execute(self) -> None:
        self.git.run("add", "--", *self.paths)
        self.git.run("commit", "--quiet", "-m", self.message, "--", *self.paths, *self.removed)


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
                     "--file=-", self.name, input_text=self.message)


@dataclass
class GitPushTag:
    git: Git
    remote: str
    name: str

    def describe(self) -> str:
        return f"git push {self.remote} refs/tags/{self.name} (this tag only)"

    def execute(self) -> None:
        ref = f"refs/tags/{self.name}"
        self.git.run("push", "--porcelain", self.remote, f"{ref}:{ref}")


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)

    def describe(self) -> str:
        return "\n".join(f"{i}. {line}" if j == 0 else f"   {line}"
                         for i, action in enumerate(self.actions, 1)
                         for j, line in enumerate(action.describe().splitlines()))

    def execute(self) -> None:
        for action in self.actions:
            action.execute()
