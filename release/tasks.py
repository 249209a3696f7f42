"""The Invoke collection ``release``: ``inv release.prepare``, ``release.tag``, ``release.notes``.

Mount it in any project's tasks.py::

    from invoke import Collection
    from release.tasks import release

    ns = Collection(release)

Each task is a few lines that call the ``release`` command; the logic lives in the package.
Needs Invoke (``pip install "release-lifecycle[invoke]"``).
"""

from __future__ import annotations

from invoke.collection import Collection
from invoke.context import Context
from invoke.exceptions import Exit
from invoke.tasks import task

from release.cli import main


def _run(argv: list[str]) -> None:
    code = main(argv)
    if code != 0:
        raise Exit(code=code)


@task(
    help={
        "version": "a PEP 440 version (1.4.0) or major|minor|patch|alpha|beta|rc|post|final|"
        "calver, or dev (after a release: the next .devN and an empty unreleased section)",
        "date": "release date YYYY-MM-DD (default: today)",
        "dry_run": "print the plan and the unified diff; change nothing",
        "allow_dirty": "allow uncommitted changes to tracked files",
        "commit": 'commit exactly the written files as "Release X.Y.Z"',
    },
)
def prepare(
    c: Context, version: str, date: str = "", dry_run: bool = False, allow_dirty: bool = False,
    commit: bool = False,
) -> None:
    """Bump the version and write the dated release section in the changelog's own style."""
    argv = ["prepare", version]
    argv += ["--date", date] if date else []
    argv += ["--dry-run"] if dry_run else []
    argv += ["--allow-dirty"] if allow_dirty else []
    argv += ["--commit"] if commit else []
    _run(argv)


@task(
    help={
        "push": "push this one tag (refs/tags/<tag>) to the remote afterwards",
        "remote": "remote for --push (default: origin)",
        "sign": "create a signed tag (git tag --sign)",
        "dry_run": "print the plan; change nothing",
        "allow_branch": "allow tagging a commit that is not on the main branch",
    },
)
def tag(
    c: Context, push: bool = False, remote: str = "origin", sign: bool = False,
    dry_run: bool = False, allow_branch: bool = False,
) -> None:
    """Run the tag-mode checks, then create the annotated tag with the release notes."""
    argv = ["tag", "--remote", remote]
    argv += ["--push"] if push else []
    argv += ["--sign"] if sign else []
    argv += ["--dry-run"] if dry_run else []
    argv += ["--allow-branch"] if allow_branch else []
    _run(argv)


@task(
    help={
        "version": "the version (default: the project's current version)",
        "output": "write the notes to this file instead of stdout",
    },
)
def notes(c: Context, version: str = "", output: str = "") -> None:
    """Print one version's changelog section (for a GitHub Release)."""
    argv = ["notes", *([version] if version else []), *(["--output", output] if output else [])]
    _run(argv)


release = Collection("release", prepare, tag, notes)
