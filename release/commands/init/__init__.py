"""Orchestration of ``release init``: detect, render, compare with what is there, then plan
the writes (or, with ``--check``, only report).

Every part is in one of these states (see
:mod:`release.commands.init.managed` for the block format):

- ``missing``: not there yet (a new file, or a file of the project without the block);
- ``current``: exactly what this version writes for the detected facts;
- ``outdated``: written by release init and not edited since, but another version or other
  facts would write something else: ``--upgrade`` rewrites it;
- ``edited``: changed by hand inside the block; reported, and overwritten only with
  ``--force``;
- ``unmanaged``: a file of the project where init writes a whole file (its own release.yml,
  say): left alone unless ``--force``.

``init`` writes what is missing and refuses, before writing anything, when a part is
outdated (``--upgrade`` is for that), edited or unmanaged. ``--upgrade`` also rewrites
outdated parts. All writes are one :class:`~release.outside.plan.WriteFiles`: all files or none.
The lock files ``requirements/release-*.txt`` are compiled by ``uv pip compile`` in a scratch
folder (the same arguments as the noxfile's ``lock`` session), so that they join that one
write; ``--no-lock`` leaves them for a later ``release init`` (``nox -s lock`` needs the
lock of uv that the first one writes).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.commands.init import escape, managed
from release.commands.init import render as initfiles
from release.commands.init.detect import ProjectFacts, detect, find_block, read_text
from release.errors import ConfigError, RefusedError, ReleaseError, UsageError
from release.outside.plan import FileChange, WriteFiles, project_lock
from release.outside.redact import redact

_PIN = re.compile(r"^release-lifecycle==(\S+)", re.M)
_EXTRA_INDEX = re.compile(r"^--index-url[ =](\S+)", re.M)
DOCS = ("https://github.com/release-lifecycle/release-lifecycle/blob/main/docs/"
        "workflows.md#repository-settings")


@dataclass(frozen=True)
class InitOptions:
    repo: Path = field(default_factory=Path)
    check: bool = False
    upgrade: bool = False
    force: bool = False
    extra_index_url: str | None = None
    lock: bool = True
    local_index: bool = False
    """An index on this machine or network is allowed (for trying things out)."""


@dataclass(frozen=True)
class Status:
    """The state of one part: ``missing``, ``current``, ``outdated``, ``edited``,
    ``unmanaged``, ``stale`` (a lock file), ``seed`` (written once, then the project's),
    ``local-index`` (a lock naming a local index) or ``ignored`` (git ignores the file)."""

    shown: str
    state: str
    detail: str
    line: int | None = None

    @property
    def ok(self) -> bool:
        return self.state in ("current", "seed")


@dataclass
class InitPlan:
    """What init found and what it would write."""

    facts: ProjectFacts
    version: str
    statuses: list[Status]
    writes: WriteFiles
    checklist: list[str]
    warnings: list[tuple[str, str]] = field(default_factory=list)
    lock_note: str | None = None

    @property
    def problems(self) -> list[Status]:
        return [s for s in self.statuses if not s.ok]

    def as_dict(self) -> dict[str, Any]:
        """``release init --format json``: what was detected, and every managed part."""
        return {"project": self.facts.name, "release_lifecycle": self.version,
                "detected": [{"what": f.what, "value": f.value, "source": f.source or None}
                             for f in self.facts.facts],
                "files": [{"path": s.shown, "state": s.state, "detail": s.detail,
                           "line": s.line} for s in self.statuses],
                "changes": [c.shown for c in self.writes.changes],
                "warnings": [{"message": m, "hint": h} for m, h in self.warnings]
                + ([{"message": self.lock_note, "hint": ""}] if self.lock_note else []),
                "checklist": self.checklist}


def this_version() -> str:
    from release import __version__

    return str(__version__)


@dataclass
class _Planned:
    status: Status
    old: str | None
    new: str | None


def _plan_part(part: initfiles.Part, root: Path, version: str, toplevel: Path) -> _Planned:
    path = root / part.path
    shown = part.path
    old = read_text(path, shown, toplevel)  # a link out of the repository is never read
    if part.kind == "seed":
        if old is None:
            return _Planned(Status(shown, "missing", f"new: {part.why}"), None, part.body)
        return _Planned(Status(shown, "seed", "exists (the project's own)"), old, None)
    desired = managed.render(part.body, version)
    if old is None:
        new = (part.head if part.kind == "block" else "") + desired
        return _Planned(Status(shown, "missing", f"new file: {part.why}"), None, new)
    found = find_block(old, shown)
    if found is None:
        if part.kind == "file":
            return _Planned(Status(shown, "unmanaged", "exists and was not written by release "
                                   "init"), old, managed.place("", desired))
        return _Planned(Status(shown, "missing", f"adds the managed block: {part.why}"), old,
                        managed.place(old, desired))
    new = managed.place(old, desired)
    if found.edited:
        return _Planned(Status(shown, "edited", "changed by hand inside the managed block "
                               f"(written by release-lifecycle {found.version})",
                               found.line), old, new)
    if new == old:
        return _Planned(Status(shown, "current", "current"), old, None)
    if managed.without_pins(new) == managed.without_pins(old):
        return _Planned(Status(shown, "current", "current (newer action pins, e.g. from "
                               "Dependabot, are kept)"), old, None)
    why = (f"written by release-lifecycle {found.version}" if found.version != version else
           "written for other facts (the project changed since)")
    return _Planned(Status(shown, "outdated", why, found.line), old, new)


def _tool_release(facts: ProjectFacts) -> list[tuple[str, str, str]]:
    """``(key, value, reason)`` for ``[tool.release]``: what detection cannot find."""
    entries = []
    if facts.changelog_elsewhere is not None:
        entries.append(("changelog", facts.changelog_elsewhere,
                        "outside the project folder, where discovery does not look"))
    if facts.main_configured is not None:
        entries.append(("main-branch", facts.main_configured,
                        "no origin/HEAD and no main, master or trunk branch to detect"))
    return entries


def _with_tool_release(text: str, entries: list[tuple[str, str, str]]) -> str:
    lines = "".join(f"# release init: {why}\n{key} = {escape.toml_string(value, key)}\n"
                    for key, value, why in entries)
    header = re.search(r"^\[tool\.release\][ \t]*(#[^\n]*)?\n", text, re.M)
    if header is not None:
        return text[:header.end()] + lines + text[header.end():]
    if text and not text.endswith("\n"):
        text += "\n"
    return text + ("\n" if text else "") + "[tool.release]\n" + lines


def local_index(url: str) -> str | None:
    """Why an index URL only works here (``file:``, loopback, a private or link-local
    address, ``localhost``), or ``None`` for an index anyone can reach."""
    import ipaddress
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "file":
        return "a file: URL"
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return f"the host {host}"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None if "." in host else f"the host {host!r} (no domain)"
    if address.is_loopback:
        return f"the loopback address {host}"
    if address.is_private or address.is_link_local or address.is_unspecified:
        return f"the private address {host}"
    return None


def _locks_naming_local_index(root: Path) -> list[tuple[str, str, str]]:
    """``(file, url, why)`` for every lock input or lock file that names a local index."""
    found = []
    for lock in initfiles.LOCKS:
        for suffix in (".in", ".txt"):
            shown = f"{initfiles.REQUIREMENTS}/{lock}{suffix}"
            text = read_text(root / shown, shown, root) or ""
            for url in re.findall(r"^--(?:extra-)?index-url[ =](\S+)", text, re.M):
                why = local_index(url)
                if why is not None:
                    found.append((shown, url, why))
    return found


def _extra_index(options: InitOptions, root: Path) -> str | None:
    if options.extra_index_url is not None:
        url = options.extra_index_url.strip()
        if not re.match(r"^(https?|file)://\S+$", url) or not url.isprintable():
            raise UsageError(f"--extra-index-url {url!r} is not a URL",
                             "give the index's simple URL, e.g. http://127.0.0.1:8080/simple/")
        return url
    text = read_text(root / initfiles.REQUIREMENTS / "release.in", "requirements/release.in",
                     root)
    found = _EXTRA_INDEX.search(text or "")
    return found.group(1) if found else None


def uv_command() -> list[str] | None:
    """How to run uv here: on PATH, else this Python's ``uv`` module."""
    import importlib.util

    found = shutil.which("uv")
    if found:
        return [found]
    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv"]
    return None


def compile_locks(inputs: dict[str, str], existing: dict[str, str | None], lock_python: str,
                  emit_index: bool, exclude_newer: str | None = None) -> dict[str, str]:
    """Compile the lock files from their inputs, as ``nox -s lock`` does, in a scratch folder:
    the existing pins are kept where they still fit (no ``--upgrade``). The project's uv
    ``exclude-newer``, which uv applies to the installs in the project folder (and to
    ``nox -s lock`` there), is applied here too: a lock must not pin what they refuse."""
    uv = uv_command()
    if uv is None:
        raise RefusedError(
            "uv is needed to compile the hash-locked requirements/release-*.txt, and it is not "
            "installed; nothing was written",
            "install it (`pip install uv`) and run `release init` again")
    scratch = Path(tempfile.mkdtemp(prefix="release-init-"))
    try:
        folder = scratch / initfiles.REQUIREMENTS
        folder.mkdir()
        for lock, text in inputs.items():
            (folder / f"{lock}.in").write_text(text, encoding="utf-8")
            if existing.get(lock) is not None:
                (folder / f"{lock}.txt").write_text(str(existing[lock]), encoding="utf-8")
        results = {}
        for lock in initfiles.LOCKS:
            argv = [*uv, "pip", "compile", *initfiles.compile_args(lock_python, emit_index),
                    *(("--exclude-newer", exclude_newer) if exclude_newer else ()),
                    *initfiles.constraints_of(lock), f"{initfiles.REQUIREMENTS}/{lock}.in",
                    "-o", f"{initfiles.REQUIREMENTS}/{lock}.txt"]
            try:
                proc = subprocess.run(argv, cwd=scratch, capture_output=True, text=True,
                                      check=False, timeout=600)
            except (OSError, subprocess.SubprocessError) as exc:
                raise ReleaseError(f"could not run uv: {exc}", "check the uv installation") \
                    from None
            if proc.returncode != 0:
                detail = "\n  ".join(proc.stderr.strip().splitlines()[-12:])
                cooldown = (f"the project's uv `exclude-newer = {exclude_newer!r}` holds back "
                            "what was uploaded since (release-lifecycle too): wait until the "
                            "versions it names are old enough, or ") if exclude_newer and \
                    "exclude-newer" in proc.stderr else ""
                raise ReleaseError(
                    f"uv cannot lock requirements/{lock}.in; nothing was written:\n  {detail}",
                    cooldown + "check the network and the index (release-lifecycle comes from "
                    "PyPI, or from --extra-index-url URL), then run `release init` again "
                    "(`--no-lock` writes the rest now and leaves the locks for that run)",
                    file=f"requirements/{lock}.in")
            results[lock] = (folder / f"{lock}.txt").read_text(encoding="utf-8")
        return results
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def checklist(facts: ProjectFacts) -> list[str]:
    """The one-time settings still to do by hand, with the values filled in."""
    owner, repo = facts.repository or ("OWNER", "REPO")
    settings = f"https://github.com/{owner}/{repo}/settings"
    pattern = facts.tag_pattern
    checks = "`Tests` and `Release readiness`" if facts.test_command else "`Release readiness`"
    return [
        f"[ ] PyPI trusted publisher for {facts.name} (https://pypi.org/manage/project/"
        f"{facts.name}/settings/publishing/; not on PyPI yet: https://pypi.org/manage/account/"
        "publishing/ > \"Add a new pending publisher\"): GitHub, "
        f"Owner `{owner}`, Repository name `{repo}`, Workflow name "
        f"`{facts.workflow_file('release.yml')}`, Environment name `pypi`",
        f"[ ] Environment `pypi` ({settings}/environments > New environment): Required "
        f"reviewers, Prevent self-review; Deployment branches and tags: Selected, one tag rule "
        f"`{pattern}`; no PYPI_API_TOKEN repository secret",
        f"[ ] Tag ruleset ({settings}/rules > New tag ruleset): target `{pattern}`; Restrict "
        "creations, updates and deletions; Block force pushes; release maintainers in the "
        "bypass list",
        f"[ ] Branch ruleset for `{facts.main_branch}` ({settings}/rules > New branch "
        f"ruleset): Require a pull request, Require status checks {checks}, Restrict "
        "deletions, Block force pushes",
        f"Every click of these: {DOCS}",
    ]


def plan_init(options: InitOptions) -> InitPlan:
    """Detect, render and compare; the writes are planned, not made."""
    if options.check and (options.upgrade or options.force):
        raise UsageError("--check only reports: it cannot be combined with --upgrade or "
                         "--force", "run `release init --check` alone")
    version = this_version()
    facts = detect(options.repo)
    root = facts.root
    extra_index = _extra_index(options, root)
    local = local_index(extra_index) if extra_index is not None else None
    if local is not None and not options.check and not options.local_index:
        raise RefusedError(
            f"--extra-index-url {redact(extra_index or '')} is {local}: the lock files (and so "
            "every workflow that installs from them) would name an index that only this "
            "machine or network can reach; nothing was written",
            "give an index anyone can reach (or none: release-lifecycle from PyPI), or pass "
            "--local-index to try things out with it (such locks are not fit to commit)")
    planned = [_plan_part(part, root, version, facts.toplevel)
               for part in initfiles.parts(facts, version, extra_index)]
    statuses = [p.status for p in planned]
    changes = [FileChange(root / p.status.shown, p.status.shown,
                          None if p.old is None else p.old.encode("utf-8"),
                          p.new.encode("utf-8"), p.status.detail)
               for p in planned if p.new is not None]
    entries = _tool_release(facts)
    if entries and not options.check:
        pyproject = root / "pyproject.toml"
        old = read_text(pyproject, "pyproject.toml", root)
        if old is None:
            raise ConfigError(
                "release init must write " + ", ".join(k for k, _, _ in entries)
                + " to [tool.release], and the project has no pyproject.toml",
                "create one with a [tool.release] table holding "
                + ", ".join(f'{k} = "{v}"' for k, v, _ in entries) + ", then run it again")
        statuses.append(Status("pyproject.toml", "missing", "[tool.release] "
                               + ", ".join(k for k, _, _ in entries)))
        changes.append(FileChange(pyproject, "pyproject.toml", old.encode("utf-8"),
                                  _with_tool_release(old, entries).encode("utf-8"),
                                  "[tool.release]: what cannot be detected"))
    shown = [p.status.shown for p in planned]
    shown += [f"{initfiles.REQUIREMENTS}/{lock}.txt" for lock in initfiles.LOCKS]
    ignored = _ignored(root, shown)
    if ignored and not options.check:
        listed = "\n  ".join(f"{path}: ignored by {rule}" for path, rule in ignored.items())
        raise RefusedError(
            "these files that release init writes are ignored by git, so they would never be "
            f"committed and the workflows would not find them; nothing was written:\n  {listed}",
            "remove or narrow those rules in the ignore file (`git check-ignore -v PATH` shows "
            "each), then run `release init` again", file=next(iter(ignored)))
    statuses.extend(Status(path, "ignored", f"ignored by git ({rule}): it cannot be committed")
                    for path, rule in ignored.items())
    if not options.check:  # before the locks are compiled: a refusal costs no network
        _refuse(options, statuses, version)
    lock_note = _plan_locks(options, facts, planned, statuses, changes, extra_index, version)
    plan = InitPlan(facts, version, statuses, WriteFiles(changes, root=facts.toplevel),
                    checklist(facts), lock_note=lock_note)
    _local_index_findings(options, plan, local, extra_index)
    if facts.tasks_package:
        plan.warnings.append((
            "the Invoke tasks are a package (tasks/__init__.py): release init leaves it alone",
            "mount the release tasks there: `from release.tasks import release` and "
            "`ns.add_collection(release)`"))
    for name in facts.publishers:
        plan.warnings.append((
            f".github/workflows/{name} also uploads to PyPI",
            "remove its upload once release.yml publishes, so that a tag is published once"))
    if not options.check:
        from release.outside.git import Git

        plan.writes.lock = project_lock(Git(root))
    return plan


def _ignored(root: Path, shown: list[str]) -> dict[str, str]:
    """The files init writes (or keeps) that git ignores (``.gitignore:5: /noxfile.py``): a
    project that moved from nox to tox may ignore ``noxfile.py``."""
    from release.outside.git import Git

    return Git(root).ignored(shown)


def _local_index_findings(options: InitOptions, plan: InitPlan, local: str | None,
                          extra_index: str | None) -> None:
    """A local index in the locks: a loud warning when allowed, else (``--check``) a problem
    per file, since such locks fail everywhere but here."""
    named = _locks_naming_local_index(plan.facts.root) if options.check else []
    if local is not None and options.local_index:
        plan.warnings.append((
            f"the lock files name {redact(extra_index or '')} ({local}): they work only on "
            "this machine or network; do not commit them",
            "before committing, run `release init --upgrade` without --extra-index-url once "
            "release-lifecycle is on PyPI (or with an index anyone can reach)"))
        return
    for shown, url, why in named:
        plan.statuses.append(Status(shown, "local-index", f"names {redact(url)} ({why}): not "
                                    "fit to commit, CI cannot reach it"))


def _plan_locks(options: InitOptions, facts: ProjectFacts, planned: list[_Planned],
                statuses: list[Status], changes: list[FileChange], extra_index: str | None,
                version: str) -> str | None:
    root = facts.root
    inputs = {}
    changed_inputs = False
    for item in planned:
        name = Path(item.status.shown).name
        if item.status.shown.startswith(f"{initfiles.REQUIREMENTS}/") and name.endswith(".in"):
            text = item.new if item.new is not None else item.old
            inputs[name[:-3]] = text or ""
            changed_inputs = changed_inputs or item.new is not None
    existing: dict[str, str | None] = {}
    lock_states = []
    for lock in initfiles.LOCKS:
        shown = f"{initfiles.REQUIREMENTS}/{lock}.txt"
        text = read_text(root / shown, shown, root)
        existing[lock] = text
        pinned = _PIN.search(text or "")
        if text is None:
            lock_states.append(Status(shown, "missing", "new lock file"))
        elif lock in ("release", "release-build", "release-publish") and (
                pinned is None or pinned.group(1) != version):
            lock_states.append(Status(shown, "stale", "pins release-lifecycle "
                                      + (pinned.group(1) if pinned else "nowhere")
                                      + f", not {version}: run `release init --upgrade`"))
        else:
            lock_states.append(Status(shown, "current", "current"))
    needs = changed_inputs or any(not s.ok for s in lock_states)
    if options.check or not needs:
        statuses.extend(lock_states)
        return None
    if not options.lock:
        statuses.extend(Status(s.shown, s.state, s.detail + " (left for later: --no-lock)")
                        for s in lock_states)
        return ("the lock files were not compiled (--no-lock): run `release init` again to "
                "compile them before the sessions, which install only from them (`nox -s lock` "
                "recompiles them once they exist)")
    compiled = compile_locks(inputs, existing, facts.lock_python, extra_index is not None,
                             facts.exclude_newer)
    for lock, text in compiled.items():
        shown = f"{initfiles.REQUIREMENTS}/{lock}.txt"
        old = existing[lock]
        if old == text:
            statuses.append(Status(shown, "current", "current"))
            continue
        statuses.append(Status(shown, "missing" if old is None else "outdated",
                               "new lock file" if old is None else "recompiled"))
        changes.append(FileChange(root / shown, shown, None if old is None
                                  else old.encode("utf-8"), text.encode("utf-8"),
                                  "hash-locked (uv pip compile --generate-hashes)"))
    return None


def _refuse(options: InitOptions, statuses: list[Status], version: str) -> None:
    edited = [s for s in statuses if s.state in ("edited", "unmanaged")]
    if edited and not options.force:
        listed = "\n  ".join(f"{s.shown}{f':{s.line}' if s.line else ''}: {s.detail}"
                             for s in edited)
        force = f"`release init {'--upgrade ' if options.upgrade else ''}--force --dry-run`"
        own = [s.shown for s in edited if s.state == "unmanaged"]
        keep = ("keep your change outside the managed block (or in another file)"
                if len(own) < len(edited) else "")
        if own:
            keep += ("; " if keep else "") + (
                f"rename your own {own[0]} (`git mv {own[0]} <another name>`) to keep it "
                "beside the one release init writes (then drop its upload steps, or both "
                "would publish)")
        raise RefusedError(
            f"these files were changed by hand where release init writes; nothing was "
            f"written:\n  {listed}",
            f"{keep}; or run {force} to see what would replace it, then `--force` to "
            "replace it",
            file=edited[0].shown, line=edited[0].line)
    outdated = [s for s in statuses if s.state == "outdated"]
    if outdated and not options.upgrade and not options.force:
        listed = "\n  ".join(f"{s.shown}: {s.detail}" for s in outdated)
        raise RefusedError(
            f"release init already set up this project, and these parts differ from what "
            f"release-lifecycle {version} writes; nothing was written:\n  {listed}",
            "run `release init --upgrade --dry-run` to see the changes, then "
            "`release init --upgrade`")


def need_dirs(plan: InitPlan) -> None:
    """Create the folders the planned files go into (``.github/workflows``, ``requirements``),
    after checking that none of them leads outside the repository (a folder that is a link)."""
    plan.writes.check_inside()
    for change in plan.writes.changes:
        change.path.parent.mkdir(parents=True, exist_ok=True)
