"""What ``release init`` writes, rendered from the detected facts: pure, no I/O but reading
the templates shipped in ``release/commands/init/templates/``.

Templates hold ``<<name>>`` placeholders (``<<uses:actions/checkout>>`` is the pinned action
from :mod:`release.commands.init.pins`);
a placeholder without a value is a bug and raises. Every value that comes from the project
(the main branch, the tag prefix, the project folder, ``[build-system] requires``, the extra
index) is escaped for the place it lands in, or refused (:mod:`release.commands.init.escape`):
one placeholder per context (``<<branch>>`` in a comment, ``<<branch_filter>>`` in a YAML
filter, ``<<branch_text>>`` in a Python string). The parts:

- managed blocks inside the project's own files: noxfile.py, tasks.py, .gitignore;
- managed whole files: the three workflows and the ``requirements/release-*.in`` inputs;
- seeds, written only when missing and the project's own afterwards: CHANGELOG.md,
  .github/dependabot.yml, the first lines of a new noxfile.py or tasks.py.

The hash-locked ``requirements/release-*.txt`` are compiled from the inputs by uv
(:mod:`release.commands.init`), exactly as the noxfile's ``lock`` session compiles them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from release.commands.init import escape, pins
from release.commands.init.detect import ProjectFacts

_PLACEHOLDER = re.compile(r"<<([\w:/.-]+)>>")
REQUIREMENTS = "requirements"
PYPI = "https://pypi.org/simple"
LOCKS = ("release-nox", "release", "release-build", "release-publish",
         "release-build-constraints")
"""The lock files, in the order they are compiled (the noxfile block is rendered from it)."""


def compile_args(lock_python: str, emit_index: bool) -> tuple[str, ...]:
    """The arguments of ``uv pip compile`` for every lock (besides constraints and files):
    wheels only, as the sessions install (a version whose wheels are not uploaded yet, or
    that has only an sdist, is never pinned)."""
    return ("--quiet", "--no-python-downloads", "--generate-hashes", "--universal",
            "--only-binary", ":all:",
            "--python-version", lock_python,
            *(("--emit-index-url",) if emit_index else ()), "--custom-compile-command",
            "nox -s lock")


def constraints_of(lock: str) -> tuple[str, ...]:
    return ("-c", f"{REQUIREMENTS}/release.txt") if lock in ("release-build",
                                                              "release-publish") else ()


def template(name: str) -> str:
    folder = resources.files("release.commands.init").joinpath("templates")
    return folder.joinpath(name).read_text(encoding="utf-8")


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with every ``<<name>>`` replaced; ``KeyError`` for one without a value."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.startswith("uses:"):
            return pins.uses(key[len("uses:"):])
        return values[key]

    return _PLACEHOLDER.sub(one, text)


@dataclass(frozen=True)
class Part:
    """One thing init manages or seeds."""

    path: str
    """Relative to the project folder (``../.github/...`` in a monorepo)."""
    kind: str
    """``block`` (inside the project's file), ``file`` (the whole file is the block) or
    ``seed`` (written only when missing)."""
    body: str
    """The block's body (``block``, ``file``) or the whole text (``seed``)."""
    why: str
    head: str = ""
    """For a ``block`` in a file that does not exist yet: the text above the block."""


def _python_list(versions: tuple[str, ...]) -> str:
    if len(versions) == 1:
        return f'"{versions[0]}"'
    return "|\n" + "".join(f"            {v}\n" for v in versions).rstrip("\n")


BRANCH = "the main branch (`main-branch` in [tool.release])"
TAG_PREFIX = "the release tags' prefix (`tag-prefix` in [tool.release])"
FOLDER = "the project folder's path in the repository"
REQUIRES = "[build-system] requires in pyproject.toml"


def workflows(facts: ProjectFacts) -> dict[str, str]:
    """The three workflows' text (without markers), by file name."""
    where = escape.folder(facts.project_dir, FOLDER)
    branch = facts.main_branch
    values = {
        "tag_pattern": escape.comment(facts.tag_pattern, TAG_PREFIX),
        "tag_filter": escape.yaml_inner(facts.tag_pattern, TAG_PREFIX),
        "python": facts.session_python,
        "branch": escape.comment(branch, BRANCH),
        "branch_filter": escape.yaml_scalar(escape.glob_literal(branch), BRANCH),
        "guard_step": escape.yaml_scalar(f"Guard {branch}", BRANCH),
        "dir": f"{where}/" if where else "",
        "defaults": f"\ndefaults:\n  run:\n    working-directory: {where}\n" if where else "",
        # one concurrency group per package of a monorepo (the groups are repository-wide)
        "package": facts.workflow_file(".yml")[:-4],
        # verify compares the provenance's workflow with this file's own name
        "verify_workflow": (f" --workflow {facts.workflow_file('release.yml')}"
                            if facts.project_dir else ""),
    }
    tests = ""
    summary = ""
    if facts.test_command:
        tests = fill(template("release-readiness-tests.yml"), {
            **values, "test_pythons": _python_list(facts.test_pythons),
            "test_command": facts.test_command})
        summary = f"the project's tests (`{facts.test_command}`), then "
    return {
        "release.yml": fill(template("release.yml"), values),
        "release-readiness.yml": fill(template("release-readiness.yml"),
                                      {**values, "tests_job": tests, "tests_summary": summary}),
        "protect-main.yml": fill(template("protect-main.yml"), values),
    }


def requirement_inputs(facts: ProjectFacts, version: str, extra_index_url: str | None
                       ) -> dict[str, str]:
    """The bodies of ``requirements/release-*.in``, by lock name."""
    if extra_index_url:
        extra_index_url = escape.index_url(extra_index_url, "--extra-index-url")
    index = ("# release-lifecycle comes from this index until it is on PyPI (release init\n"
             "# --extra-index-url). PyPI is named as the extra index: uv asks it first for every\n"
             "# package, so that no other name can come from the index above.\n"
             f"--index-url {extra_index_url}\n--extra-index-url {PYPI}\n"
             ) if extra_index_url else ""
    backend = "".join(f"{escape.requirement(item, REQUIRES)}\n" for item in facts.build_requires)
    return {
        "release-nox": "# The tools that run the release sessions, installed first by the "
                       "workflows:\n# pip install --require-hashes -r "
                       "requirements/release-nox.txt\nnox>=2025.2.9\nuv\n",
        "release": "# release-lifecycle, for the sessions validate, notes, guard, github-release"
                   " and init.\n" + index + f"release-lifecycle=={version}\n",
        "release-build": "# The tools of `nox -s build`: pypa/build with uv as its installer, "
                         "and twine for\n# `twine check`; with release-lifecycle (kept at the "
                         "versions of release.txt).\n-r release.in\nbuild[uv]>=1.2\n"
                         "twine>=6.1\n",
        "release-publish": "# The tools of `nox -s publish`, the job that can mint a PyPI upload"
                           " token: twine (trusted\n# publishing) and pypi-attestations (PEP 740)"
                           "; with release-lifecycle.\n-r release.in\ntwine>=6.1\n"
                           "pypi-attestations>=0.0.26\n",
        "release-build-constraints": "# This project's build backend and its requirements "
                                     "([build-system] requires), locked:\n# `nox -s build` "
                                     "builds with exactly these, so one commit builds to the "
                                     "same bytes twice.\n" + backend,
    }


def _tuple(items: tuple[str, ...]) -> str:
    """A tuple of strings as Python source, in double quotes."""
    return "(" + ", ".join(json.dumps(i) for i in items) + ("," if len(items) == 1 else "") + ")"


def noxfile_block(facts: ProjectFacts, version: str, emit_index: bool) -> str:
    example = facts.scheme.example()
    args = compile_args(facts.lock_python, emit_index)
    locks = "".join(f"    ({json.dumps(lock)}, {_tuple(constraints_of(lock))}),\n"
                    for lock in LOCKS)
    return fill(template("noxfile-block.tmpl"), {
        "version": version, "branch_text": escape.python_inner(facts.main_branch, BRANCH),
        "example_tag_text": escape.python_inner(example, TAG_PREFIX),
        "compile_args": "(\n" + "".join(f"    {json.dumps(a)},\n" for a in args) + ")",
        "locks": "(\n" + locks + ")",
        "lock_python": "(" + ", ".join(facts.lock_python.split(".")) + ")",
        "lock_python_text": facts.lock_python,
    })


NOXFILE_HEAD = '''"""Nox sessions: `nox --list`. The release sessions are in the block that
`release init` manages, at the end of this file; add your own sessions above it."""

from __future__ import annotations

import nox

nox.needs_version = ">=2025.2.9"
nox.options.sessions = ["validate"]

'''

TASKS_HEAD = '''"""Invoke tasks: `inv --list`. Define your own tasks above the block at the end
of this file, which mounts release-lifecycle's tasks next to them."""

'''


def tasks_block(collection: str | None) -> str:
    """The block that mounts ``release.tasks`` in the project's collection (``ns``), or in
    a new one made of the tasks defined above it."""
    head = ("# The release tasks, written by `release init`: `inv release.prepare 1.4.0`,\n"
            "# `inv release.tag`, `inv release.notes` (release-lifecycle's Invoke\n"
            "# collection, mounted next to your own tasks). `release init --upgrade`\n"
            "# rewrites this block.\n")
    if collection is not None:
        return (head + "from release.tasks import release as _release_tasks  # noqa: E402\n\n"
                f"{collection}.add_collection(_release_tasks)\n")
    return (head + "from invoke import Collection as _ReleaseCollection  # noqa: E402\n"
            "from invoke import Task as _ReleaseTask  # noqa: E402\n"
            "from release.tasks import release as _release_tasks  # noqa: E402\n\n"
            "# Your tasks (those defined above this block), and the release collection.\n"
            "ns = _ReleaseCollection(\n"
            "    *[t for t in list(globals().values()) if isinstance(t, _ReleaseTask)])\n"
            "ns.add_collection(_release_tasks)\n")


GITIGNORE = ("# What the release sessions write (release init): the built files,\n"
             "# their checksums, the notes, and what setuptools leaves behind.\n/dist/\n"
             "/SHA256SUMS\n/RELEASE_NOTES.md\n/release-meta/\n/.nox/\n/build/\n"
             "*.egg-info/\n")


def dependabot(facts: ProjectFacts) -> str:
    folder = escape.folder(facts.project_dir, FOLDER)
    where = f"/{folder}/{REQUIREMENTS}" if folder else f"/{REQUIREMENTS}"
    return f"""\
# Keeps the pins fresh: the actions in the workflows (full commit SHAs with their version
# comments) and the hash-locked tools in {where.lstrip('/')}/; a new release waits a week before
# it is proposed. New action pins in the workflows release init manages are kept by
# `release init --check` and `--upgrade`. If a pull request fails `nox -s lock -- --check`,
# run `nox -s lock` on its branch.
version: 2
updates:
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
    cooldown:
      default-days: 7
    groups:
      actions:
        patterns: ["*"]
  - package-ecosystem: uv
    directory: {where}
    schedule:
      interval: weekly
    cooldown:
      default-days: 7
    groups:
      locked-tools:
        patterns: ["*"]
"""


def parts(facts: ProjectFacts, version: str, extra_index_url: str | None) -> list[Part]:
    """Every part init manages or seeds for this project, in the order they are reported."""
    from release.changelog.insert import NEW_CHANGELOG

    up = "../" * len(facts.project_dir.split("/")) if facts.project_dir else ""
    found: list[Part] = [
        Part("noxfile.py", "block", noxfile_block(facts, version, extra_index_url is not None),
             "the release sessions", head=NOXFILE_HEAD),
    ]
    if not facts.tasks.mounts_release and not facts.tasks_package:  # see init.py
        found.append(Part("tasks.py", "block", tasks_block(facts.tasks.collection),
                          "the release tasks (Invoke)", head=TASKS_HEAD))
    for name, body in workflows(facts).items():
        found.append(Part(f"{up}.github/workflows/{facts.workflow_file(name)}", "file", body,
                          "workflow"))
    for lock, body in requirement_inputs(facts, version, extra_index_url).items():
        found.append(Part(f"{REQUIREMENTS}/{lock}.in", "file", body, "lock input"))
    found.append(Part(".gitignore", "block", GITIGNORE, "files the sessions write"))
    if not facts.changelog_exists and facts.changelog.towncrier is None \
            and facts.changelog_elsewhere is None:
        found.append(Part("CHANGELOG.md", "seed", NEW_CHANGELOG, "Keep a Changelog"))
    if not any(name in ("dependabot.yml", "dependabot.yaml") for name in _github_files(facts)):
        found.append(Part(f"{up}.github/dependabot.yml", "seed", dependabot(facts),
                          "keeps the action pins and the locks fresh"))
    return found


def _github_files(facts: ProjectFacts) -> list[str]:
    try:
        return [p.name for p in (facts.toplevel / ".github").iterdir()]
    except OSError:
        return []

