"""What ``release init`` needs to know about a project, and where each fact came from.

The version source, the changelog, towncrier, the tag scheme and the main branch come from
the same machinery as ``release validate``
(:func:`release.commands.validate.gather`); this module adds
what only init needs: the repository on GitHub, the Python versions the project supports, its
build requirements, and what it already has (a noxfile.py and its sessions, a tasks.py and its
collection, workflows). Python files are read with :mod:`ast` and never run.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.changelog.files import ChangelogFile, discover
from release.changelog.insert import canonical_heading
from release.commands.init import managed
from release.errors import ConfigError, ReleaseError
from release.outside.git import Git
from release.project import pysource
from release.project.setup_script import setup_py_keywords
from release.project.sources import shown
from release.project.sources.base import load_toml
from release.project.tags import Scheme

SESSION_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
"""The Pythons the release sessions can run on (release-lifecycle's own), newest last."""
TEST_PYTHONS = ("3.9", *SESSION_PYTHONS, "3.14")
"""The Pythons a project's own tests job may ask setup-python for (from its requires-python
and classifiers)."""
SETUP_PYTHON = re.compile(r"3\.(?:[89]|1[0-4])t?|pypy-?3\.(?:9|1[01])")
"""The interpreters actions/setup-python installs on ubuntu-latest: a tests job asks only for
these, and runs nox only for these (``-p``), so that no session fails for want of one."""
DEFAULT_BUILD_REQUIRES = ("setuptools>=40.8.0",)
"""What pypa/build uses for a project without ``[build-system]`` (PEP 517's fallback)."""
MANAGED_SESSIONS = ("validate", "build", "publish", "verify", "github-release", "guard",
                    "notes", "init", "lock")
"""The sessions of the noxfile block: a session of the project with one of these names clashes."""
WORKFLOWS = ("release.yml", "release-readiness.yml", "protect-main.yml")
_GITHUB = re.compile(
    r"^(?:https://|ssh://git@|git@)github\.com[:/](?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)"
    r"(?:\.git)?/?$")


@dataclass(frozen=True)
class Fact:
    """One detected fact: what, its value, and where it came from."""

    what: str
    value: str
    source: str


@dataclass(frozen=True)
class Noxfile:
    """The project's noxfile.py as found: its sessions outside the managed block."""

    exists: bool
    sessions: dict[str, int] = field(default_factory=dict)
    """``{session name: line}``."""
    pythons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """``{session name: its literal python=[...] list}``."""
    managed: managed.Found | None = None


@dataclass(frozen=True)
class Tasks:
    """The project's tasks.py as found."""

    exists: bool
    collection: str | None = None
    """The module-level ``ns``/``namespace`` it defines (outside the managed block)."""
    mounts_release: bool = False
    """It imports ``release.tasks`` itself (outside the managed block)."""
    managed: managed.Found | None = None


@dataclass
class ProjectFacts:
    """Everything init detected, with the facts to print in order."""

    root: Path
    """The project folder (pyproject.toml / setup.cfg)."""
    toplevel: Path
    """The git work tree's root (where .github/ lives)."""
    name: str
    version: str | None
    scheme: Scheme
    main_branch: str
    changelog: ChangelogFile
    changelog_exists: bool
    changelog_elsewhere: str | None
    """A changelog found outside the project folder (``../docs/history/x.md``): configured."""
    repository: tuple[str, str] | None
    pythons: tuple[str, ...]
    session_python: str
    lock_python: str
    build_requires: tuple[str, ...]
    noxfile: Noxfile
    tasks: Tasks
    workflows: list[str]
    publishers: list[str]
    test_command: str | None
    test_pythons: tuple[str, ...]
    facts: list[Fact] = field(default_factory=list)
    main_configured: str | None = None
    """``main-branch`` to write to [tool.release] (undetectable)."""
    tasks_package: bool = False
    """The Invoke tasks are a package (``tasks/__init__.py``, no tasks.py): left alone."""
    exclude_newer: str | None = None
    """uv's ``exclude-newer`` of the project (``7 days``): the locks are compiled with it, as
    the sessions' installs in the project folder apply it."""

    @property
    def project_dir(self) -> str:
        """The project folder relative to the repository root (``""`` at the root)."""
        relative = shown(self.root, self.toplevel)
        return "" if relative == "." else relative

    def workflow_file(self, name: str) -> str:
        """A workflow's file name: ``release.yml`` at the repository's root; in a package
        folder of a monorepo, named after the package (``release-hatchling.yml``), so that
        each package of the repository has its own."""
        if not self.project_dir:
            return name
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "package"
        return name.replace(".yml", f"-{slug}.yml")

    @property
    def tag_pattern(self) -> str:
        """The glob GitHub matches release tags with: ``v*``, ``[0-9]*``, ``hatchling-v*``."""
        prefix = self.scheme.prefix
        if not prefix:
            return "[0-9]*"
        return re.sub(r"([*?+\[\]!\\])", r"\\\1", prefix) + "*"


def github_repository(url: str) -> tuple[str, str] | None:
    """``(owner, name)`` of a GitHub URL (https, ssh or scp form), else ``None``."""
    found = _GITHUB.match(url.strip())
    return (found.group("owner"), found.group("name")) if found else None


def _specifier(text: str) -> Any:
    """A :class:`packaging.specifiers.SpecifierSet` for ``requires-python`` (Poetry's ``^``
    and ``~`` read too), or ``None`` when it cannot be read."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    parts = []
    for raw in text.split(","):
        item = raw.strip()
        caret = re.fullmatch(r"\^\s*(\d+)(?:\.(\d+))?(?:\.\d+)?", item)
        tilde = re.fullmatch(r"~\s*(\d+)\.(\d+)(?:\.\d+)?", item)
        if item in ("*", ""):
            continue
        if caret:
            major = int(caret.group(1))
            parts += [f">={major}.{caret.group(2) or 0}", f"<{major + 1}"]
        elif tilde:
            parts += [f">={tilde.group(1)}.{tilde.group(2)}",
                      f"<{tilde.group(1)}.{int(tilde.group(2)) + 1}"]
        else:
            parts.append(item)
    try:
        return SpecifierSet(",".join(parts))
    except InvalidSpecifier:
        return None


def supported_pythons(data: dict[str, Any], setup_cfg: Any,
                      setup_py: dict[str, object] | None = None) -> tuple[tuple[str, ...], str]:
    """The Pythons of :data:`TEST_PYTHONS` the project supports, and where that came from
    (``setup_py``: the constant keywords of setup.py's ``setup()`` call, h11's
    ``python_requires``)."""
    setup_py = setup_py or {}
    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    found: str | None = None
    source = ""
    if isinstance(project.get("requires-python"), str):
        found, source = project["requires-python"], "requires-python in pyproject.toml"
    elif isinstance(poetry, dict) and isinstance(poetry.get("dependencies", {}).get("python"),
                                                 str):
        found = poetry["dependencies"]["python"]
        source = "[tool.poetry.dependencies] python"
    elif setup_cfg is not None and setup_cfg.get("options", "python_requires", fallback=None):
        found = setup_cfg.get("options", "python_requires").strip()
        source = "python_requires in setup.cfg"
    elif isinstance(setup_py.get("python_requires"), str):
        found, source = str(setup_py["python_requires"]), "python_requires in setup.py"
    candidates = list(TEST_PYTHONS)
    if found is not None:
        spec = _specifier(found)
        if spec is not None:
            candidates = [v for v in candidates if spec.contains(f"{v}.0", prereleases=True)
                          or spec.contains(f"{v}.99", prereleases=True)]
            source = f"{found!r} ({source})"
    classifiers = project.get("classifiers", [])
    if setup_cfg is not None and not classifiers:
        classifiers = setup_cfg.get("metadata", "classifiers", fallback="").splitlines()
    if not classifiers and isinstance(setup_py.get("classifiers"), list):
        classifiers = setup_py["classifiers"]
    listed = {m.group(1) for c in classifiers if isinstance(c, str)
              for m in [re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c.strip())]
              if m}
    if listed and {v for v in candidates if v in listed}:
        candidates = [v for v in candidates if v in listed]
        source = (source + " and " if source else "") + "the Python classifiers"
    elif TEST_PYTHONS[-1] in candidates:  # the newest only where the project says so
        candidates.remove(TEST_PYTHONS[-1])
    return tuple(candidates), source or (
        "nothing declared: the CPython releases setup-python installs, the newest only where "
        "a project declares it")


def read_noxfile(path: Path) -> Noxfile:
    """The sessions of a noxfile (outside the managed block), read with :mod:`ast`."""
    source = _python_source(path)
    if source is None:
        return Noxfile(False)
    text, found, tree = source
    sessions: dict[str, int] = {}
    pythons: dict[str, tuple[str, ...]] = {}
    names = {t.id: stmt.value for stmt in tree.body if isinstance(stmt, ast.Assign)
             for t in stmt.targets if isinstance(t, ast.Name)}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if found is not None and _inside(node.lineno, text, found):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call is not None else decorator
            if ast.unparse(target) not in ("nox.session", "session", "nox.session_decorator"):
                continue
            name = node.name
            python: tuple[str, ...] = ()
            for keyword in call.keywords if call is not None else []:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    name = str(keyword.value.value)
                if keyword.arg in ("python", "py"):
                    value = keyword.value
                    if isinstance(value, ast.Name) and value.id in names:
                        value = names[value.id]  # python=PYTHON_VERSIONS, a list above
                    python = _strings(value, names)
            sessions[name] = node.lineno
            if python:
                pythons[name] = python
    return Noxfile(True, sessions, pythons, found)


def read_tasks(path: Path) -> Tasks:
    """tasks.py's collection variable and whether it mounts ``release.tasks`` itself."""
    source = _python_source(path)
    if source is None:
        return Tasks(False)
    text, found, tree = source
    collection = None
    mounts = False
    for node in tree.body:
        if found is not None and _inside(node.lineno, text, found):
            continue
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in ("ns", "namespace"):
                    collection = target.id
        if isinstance(node, ast.ImportFrom) and node.module in ("release.tasks", "release"):
            mounts = mounts or node.module == "release.tasks" or any(
                alias.name == "tasks" for alias in node.names)
        if isinstance(node, ast.Import):
            mounts = mounts or any(a.name == "release.tasks" for a in node.names)
    return Tasks(True, collection, mounts, found)


def read_text(path: Path, shown: str, root: Path) -> str | None:
    """A project file init reads or extends, as text; ``None`` when it does not exist. It must
    lie inside the repository of ``root`` once its links are followed (else a refusal)."""
    from release.outside import files

    files.inside(path, files.repository_root(root), shown, shown)
    try:
        return files.read_bytes(path, shown).decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown} is not valid UTF-8", "re-save it as UTF-8",
                          file=shown) from None


def find_block(text: str, shown: str) -> managed.Found | None:
    """The managed block of a file's text; a :class:`ConfigError` when its markers are
    broken."""
    try:
        return managed.find(text)
    except managed.BlockError as exc:
        raise ConfigError(exc.message, "put the marker lines back as `release init` wrote "
                          "them, or delete the whole block (both markers and everything "
                          "between) and run `release init` again", file=shown,
                          line=exc.line) from None


def _python_source(path: Path) -> tuple[str, managed.Found | None, ast.Module] | None:
    """A Python file's text, its managed block and its syntax tree; ``None`` when missing."""
    text = read_text(path, path.name, path.parent)
    if text is None:
        return None
    return text, find_block(text, path.name), _parse(text, path.name)


def _parse(text: str, name: str) -> ast.Module:
    try:
        return pysource.parse(text, name)
    except SyntaxError as exc:
        raise ConfigError(f"{name} is not valid Python: {exc.msg}",
                          "fix it first: release init adds to it and must read it",
                          file=name, line=exc.lineno) from None
    except ValueError as exc:  # too large, or nested past what ast can build
        raise ConfigError(str(exc), "simplify it first: release init adds to it and must "
                          "read it", file=name) from None


def _inside(lineno: int, text: str, found: managed.Found) -> bool:
    end_line = text.count("\n", 0, found.end) + 1
    return found.line <= lineno < end_line


PROJECT_PYTHONS = "*"
"""In a session's python= list, an element init cannot read (packaging's
``*nox.project.python_versions(PYPROJECT)``): the project's own Pythons."""


def _strings(node: ast.expr, names: dict[str, ast.expr] | None = None) -> tuple[str, ...]:
    if isinstance(node, ast.List | ast.Tuple):
        found: list[str] = []
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                found.append(element.value)
            elif isinstance(element, ast.Starred):
                inner = element.value
                if isinstance(inner, ast.Name) and names and isinstance(
                        names.get(inner.id), ast.List | ast.Tuple):
                    found.extend(_strings(names[inner.id]))  # *PYTHONS, a list above
                else:
                    found.append(PROJECT_PYTHONS)
        return tuple(dict.fromkeys(found))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    return ()


def _workflows(toplevel: Path) -> tuple[list[str], list[str]]:
    """The workflow files, and those not written by init that upload to PyPI."""
    folder = toplevel / ".github" / "workflows"
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))
    except OSError:
        return [], []
    names, publishers = [], []
    for path in paths:
        names.append(path.name)
        text = read_text(path, path.name, toplevel) or ""
        if managed.BEGIN.search(text) and any(path.name.startswith(w[:-4]) for w in WORKFLOWS):
            continue  # written by release init (for this package or another one)
        if "pypa/gh-action-pypi-publish" in text or "twine upload" in text:
            publishers.append(path.name)
    return names, publishers


def _urls_source(project: Any) -> str:
    """Where :meth:`Project.repository_url` found the URL, for the facts."""
    poetry = project.data.get("tool", {}).get("poetry", {})
    if project.data.get("project", {}).get("urls") or project.setup_cfg is None or (
            isinstance(poetry, dict) and (poetry.get("repository") or poetry.get("homepage"))):
        return "[project.urls] in pyproject.toml"
    return "[metadata] url or project_urls in setup.cfg"


def _repository(git: Git, url: str | None, source: str = "[project.urls] in pyproject.toml"
                ) -> tuple[tuple[str, str] | None, str]:
    remote = git.run("remote", "get-url", "origin", check=False).strip()
    found = github_repository(remote) if remote else None
    if found is not None:
        return found, "the git remote origin"
    found = github_repository(url) if url else None
    if found is not None:
        return found, source
    return None, ("no GitHub URL in the git remote origin or [project.urls]: the checklist "
                  "shows OWNER/REPO")


def detect(root: Path) -> ProjectFacts:
    """Detect what ``release init`` needs in the project folder ``root``; raise a
    :class:`ReleaseError` with a hint when the project cannot be used as it is."""
    from release.commands.validate import Options, gather
    from release.project.pyproject import load

    root = root.resolve()
    facts = gather(Options(mode="branch", repo=root), env={})
    if facts.repo_error is not None:
        raise facts.repo_error
    if facts.version_error is not None:
        raise facts.version_error
    project = load(root / "pyproject.toml")
    name = project.name
    if not name:
        setup_py = (root / "setup.py").is_file()
        raise ConfigError(
            "the project has no name ([project] name, [tool.poetry] name, setup.cfg [metadata] "
            "name" + (" or a literal `name=` in setup.py's setup(); setup.py is never run)"
                      if setup_py else ")"),
            "add `name = your-project` under [metadata] in setup.cfg, or write it as "
            "`setup(name=\"your-project\")`" if setup_py else
            "add one ([project] name in pyproject.toml): PyPI needs it",
            file="setup.py" if setup_py else project.pyproject_shown)
    git = Git(root)
    toplevel = facts.repo.toplevel.resolve() if facts.repo is not None else root
    found: list[Fact] = []
    found.append(Fact("version", facts.version_text or "(from the next tag)",
                      f"{facts.version_label} ({facts.version_file}:{facts.version_line})"
                      if facts.version_file else facts.version_label or ""))
    changelog, exists, elsewhere = _changelog(facts, project, root, toplevel, found)
    found.append(Fact("tag scheme", f"{facts.scheme.describe()}, e.g. {facts.scheme.example()}",
                      facts.scheme_source))
    main, main_configured = _main_branch(facts, git, found)
    repository, repo_source = _repository(git, project.repository_url(), _urls_source(project))
    found.append(Fact("repository", "/".join(repository) if repository else "unknown",
                      repo_source))
    pythons, python_source = supported_pythons(project.data, project.setup_cfg,
                                               setup_py_keywords(root))
    runnable = [v for v in pythons if v in SESSION_PYTHONS]
    found.append(Fact("Python", ", ".join(pythons) or "none of " + ", ".join(TEST_PYTHONS),
                      python_source))
    requires = project.data.get("build-system", {}).get("requires")
    if isinstance(requires, list) and all(isinstance(r, str) for r in requires):
        build_requires, build_source = tuple(requires), "[build-system] requires"
    else:
        build_requires, build_source = DEFAULT_BUILD_REQUIRES, "no [build-system]: setuptools"
    found.append(Fact("build backend", ", ".join(build_requires) or "nothing to install (the "
                      "backend is in the project's own tree)", build_source))
    exclude_newer = _uv_exclude_newer(root, toplevel, found)
    noxfile = read_noxfile(root / "noxfile.py")
    tasks = read_tasks(root / "tasks.py")
    workflows, publishers = _workflows(toplevel)
    test_command, test_pythons = _own_files(noxfile, tasks, workflows, pythons, found, toplevel)
    result = ProjectFacts(
        root=root, toplevel=toplevel, name=name, version=facts.version_text,
        scheme=facts.scheme, main_branch=main, changelog=changelog, changelog_exists=exists,
        changelog_elsewhere=elsewhere, repository=repository, pythons=pythons,
        session_python=runnable[-1] if runnable else SESSION_PYTHONS[-2],
        lock_python=runnable[0] if runnable else SESSION_PYTHONS[0],
        build_requires=build_requires, noxfile=noxfile, tasks=tasks, workflows=workflows,
        publishers=publishers, test_command=test_command,
        test_pythons=test_pythons or tuple(runnable[-1:]) or SESSION_PYTHONS[-2:-1],
        facts=found,
        main_configured=main_configured,
        tasks_package=(root / "tasks" / "__init__.py").is_file() and not tasks.exists,
        exclude_newer=exclude_newer,
    )
    _refuse_clashes(result)
    return result


def _uv_exclude_newer(root: Path, toplevel: Path, found: list[Fact]) -> str | None:
    """uv's ``exclude-newer`` where uv reads it for a command run in ``root``: the nearest
    ``uv.toml``, or ``pyproject.toml`` with a ``[tool.uv]`` table, from ``root`` up to the
    repository's root."""
    folder = root
    while True:
        for name, table in (("uv.toml", ()), ("pyproject.toml", ("tool", "uv"))):
            path = folder / name
            if not path.is_file():
                continue
            try:
                data: Any = load_toml(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # UnicodeDecodeError and TOMLDecodeError too
                continue
            for key in table:
                data = data.get(key) if isinstance(data, dict) else None
            if not isinstance(data, dict):
                continue
            value = data.get("exclude-newer")
            shown = path.relative_to(toplevel).as_posix() if path.is_relative_to(toplevel) \
                else name
            if isinstance(value, str) and value.strip():
                found.append(Fact("uv exclude-newer", value, f"{shown}: the locks are "
                                  "compiled with it"))
                return value.strip()
            return None  # the configuration uv reads here has none
        if folder in (toplevel, folder.parent):
            return None
        folder = folder.parent


def _changelog(facts: Any, project: Any, root: Path, toplevel: Path, found: list[Fact]
               ) -> tuple[ChangelogFile, bool, str | None]:
    """The changelog, whether it exists, and a changelog found outside the project folder."""
    from release.commands.validate import changelog_of

    changelog = changelog_of(root, project)
    exists = changelog.path.exists()
    elsewhere = None
    if not exists and changelog.how == "default" and toplevel != root:
        outside = discover(toplevel, project.name)
        if outside is not None:
            import os

            elsewhere = Path(os.path.relpath(outside, root)).as_posix()
    if exists:
        found.append(Fact("changelog", changelog.describe(), _style(facts)))
    elif elsewhere is not None:
        found.append(Fact("changelog", f"{elsewhere} (outside the project folder)",
                          "not found by discovery from here: written to [tool.release]"))
    elif changelog.towncrier is not None:
        found.append(Fact("changelog", f"{changelog.shown} (towncrier creates it)",
                          f"towncrier's filename in {changelog.towncrier.source}"))
    else:
        found.append(Fact("changelog", "none", "no CHANGELOG/CHANGES/HISTORY/NEWS file: init "
                          "writes CHANGELOG.md (Keep a Changelog)"))
    if changelog.towncrier is not None:
        config = changelog.towncrier
        found.append(Fact("towncrier", f"fragments in {shown(config.fragments_dir, root)}/",
                          f"[tool.towncrier] in {config.source}"))
    return changelog, exists, elsewhere


def _main_branch(facts: Any, git: Git, found: list[Fact]) -> tuple[str, str | None]:
    """The main branch, and the value to configure when it cannot be detected."""
    main = facts.main.name
    if main is not None:
        found.append(Fact("main branch", main, facts.main.source))
        return main, None
    current = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
    if not current:
        raise ConfigError("cannot tell the main branch: no origin/HEAD, no main, master or "
                          "trunk branch, and HEAD is detached",
                          'set `main-branch = "NAME"` in [tool.release], or check out the '
                          "main branch, and run `release init` again")
    found.append(Fact("main branch", current, "no origin/HEAD and no main, master or trunk "
                      "branch: the current branch, written to [tool.release]"))
    return current, current


def _own_files(noxfile: Noxfile, tasks: Tasks, workflows: list[str], pythons: tuple[str, ...],
               found: list[Fact], root: Path) -> tuple[str | None, tuple[str, ...]]:
    """Facts about the project's noxfile, tasks and workflows; its test command and the
    Pythons of its tests job."""
    own = sorted(noxfile.sessions)
    nox_why = ("the release sessions are in its managed block" if noxfile.managed else
               "init adds the release sessions in a managed block" if noxfile.exists else
               "init writes one")
    found.append(Fact("noxfile.py", ("sessions " + ", ".join(own) if own else
                                     "no sessions of its own") if noxfile.exists else "none",
                      nox_why))
    tasks_why = ("left as it is" if tasks.mounts_release else
                 "the release tasks are in its managed block" if tasks.managed else
                 "init mounts the release tasks")
    found.append(Fact("tasks.py", ("mounts release.tasks itself" if tasks.mounts_release else
                                   f"collection `{tasks.collection}`" if tasks.collection else
                                   "no collection of its own") if tasks.exists else "none",
                      tasks_why))
    found.append(Fact("workflows", ", ".join(workflows) or "none", ".github/workflows/"))
    test_session = next((s for s in ("tests", "test") if s in noxfile.sessions), None)
    test_command = f"nox -s {test_session}" if test_session else None
    declared = noxfile.pythons.get(test_session or "", ())
    unread = PROJECT_PYTHONS in declared
    if unread:  # `*nox.project.python_versions(...)`: the Pythons the project declares
        declared = tuple(dict.fromkeys(
            v for d in declared for v in (pythons if d == PROJECT_PYTHONS else (d,))))
    installable = tuple(v for v in declared if SETUP_PYTHON.fullmatch(v))
    if declared:
        test_pythons, source = installable, f"python= of the session `{test_session}`"
        if unread:
            source += " (a starred element read as requires-python and the classifiers)"
        if installable and len(installable) < len(declared):  # nox would miss the others
            test_command = f"nox -s {test_session} -p {' '.join(installable)}"
            source += (" (without " + ", ".join(v for v in declared if v not in installable)
                       + ": setup-python has no such interpreter)")
    else:
        matrix = _ci_matrix(root)
        test_pythons, source = (matrix, "the Python matrix of the project's workflows") \
            if matrix else (pythons, "requires-python and the classifiers")
    found.append(Fact("test command", test_command or "none",
                      f"session `{test_session}` in noxfile.py" if test_session else
                      "no `tests` session in noxfile.py: release-readiness runs no tests job"))
    if test_session:
        found.append(Fact("test Pythons", ", ".join(test_pythons) or "the default", source))
    return test_command, test_pythons


def _ci_matrix(root: Path) -> tuple[str, ...]:
    """The Pythons of the project's own workflow matrices (``python-version: [...]``)."""
    folder = root / ".github" / "workflows"
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))
    except OSError:
        return ()
    found: list[str] = []
    for path in paths:
        if any(path.name.startswith(w[:-4]) for w in WORKFLOWS):
            continue
        text = read_text(path, path.name, root) or ""
        for match in re.finditer(r"^\s*python(?:-version)?:\s*(\[[^\]\n]*\]|\n(?:\s*-\s*\S+\n)+)",
                                 text, re.M):
            for item in re.findall(r"[\w.\-]+", match.group(1)):
                if SETUP_PYTHON.fullmatch(item) and item not in found:
                    found.append(item)
    return tuple(sorted(found, key=lambda v: (v.startswith("pypy"), tuple(
        int(n) for n in re.findall(r"\d+", v)))))


def _style(facts: Any) -> str:
    """The changelog's style: its newest release heading, which new sections imitate."""
    changelog = facts.changelog
    newest = changelog.first_release() if changelog is not None else None
    if newest is None:
        title, _, under = canonical_heading("X.Y.Z", "YYYY-MM-DD", changelog).partition("\n")
        shape = f"`{title}` over `{under}`" if under else f"`{title}`"
        return f"no release section yet: the first one is written as {shape}"
    return (f"new sections follow the newest heading, line {newest.line}: "
            f"`{changelog.line_text(newest.line)}`")


def _refuse_clashes(facts: ProjectFacts) -> None:
    clashes = {name: line for name, line in facts.noxfile.sessions.items()
               if name in MANAGED_SESSIONS}
    if clashes:
        listed = ", ".join(f"`{name}` (line {line})" for name, line in sorted(clashes.items()))
        raise ReleaseError(
            f"noxfile.py already has session(s) {listed} with the name(s) of the release "
            "sessions; nothing was written",
            "rename yours (e.g. `build` -> `build-docs`, with @nox.session(name=...)), or "
            "delete them if they do what the release sessions do, then run `release init` "
            f"again (the release sessions: {', '.join(MANAGED_SESSIONS)})",
            file="noxfile.py", line=min(clashes.values()))
