"""`release init`: a project of the real-project corpus adopts the whole lifecycle.

Real git repositories built from tests/corpus/layouts (some with a changelog of
tests/corpus/changelogs, or a noxfile.py, tasks.py or workflow of their own), the installed
`release` command, real zizmor and check-jsonschema on the generated workflows, real Invoke,
and, for the round trip, real `nox` sessions that install release-lifecycle from a local
pypiserver (its wheel built once from this checkout) and everything else from PyPI, build with
pypa/build and upload to that pypiserver.

Each project's round trip (8 projects) runs on one Python, the Pythons taking turns
(conftest.once_each); everything else runs on every Python of the test session.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, git, made_once, once_each, run_release
from init_projects import PROJECTS, index_env, make_project, nox
from layouts import load_case, names
from pypi_server import PASSWORD, Index
from samples import run_in_process

from release.commands.init import managed, pins, render
from release.commands.init.detect import github_repository, supported_pythons

SCRIPTS = Path(sys.executable).parent
WORKFLOWS = ("release.yml", "release-readiness.yml", "protect-main.yml")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def init(folder: Path, *args: str, env: dict[str, str] | None = None, local: bool = True,
         process: bool = False) -> subprocess.CompletedProcess[str]:
    """`release init ARGS`; with ``local``, `--local-index` too: these tests install
    release-lifecycle from a pypiserver on 127.0.0.1, which real projects must not commit.
    In-process (the table of layouts and refusals, conftest.py), or with ``process`` the
    installed command (the round trip)."""
    argv = ["init", *args, *(["--local-index"] if local else [])]
    proc = (run_release(folder, *argv, env=index_env(env)) if process
            else run_in_process(folder, *argv, env=index_env(env)))
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def snapshot(work: Path) -> dict[str, bytes]:
    return {str(p.relative_to(work)): p.read_bytes() for p in sorted(work.rglob("*"))
            if p.is_file() and not {".git", ".nox"} & set(p.relative_to(work).parts)}


def flows_of(folder: Path) -> dict[str, Path]:
    """The three workflows init writes for the project in ``folder``, by their root name
    (``release-hatchling.yml`` for the package hatchling in a monorepo folder)."""
    from release.project.pyproject import load

    top = toplevel(folder)
    slug = "" if folder.resolve() == top.resolve() else "-" + re.sub(
        r"[^a-z0-9]+", "-", (load(folder / "pyproject.toml").name or "").lower()).strip("-")
    return {name: top / ".github" / "workflows" / name.replace(".yml", f"{slug}.yml")
            for name in WORKFLOWS}


def toplevel(folder: Path) -> Path:
    return Path(git(folder, "rev-parse", "--show-toplevel"))


# -- managed blocks (pure) ----------------------------------------------------------------


def test_a_block_round_trips_and_knows_when_it_was_edited() -> None:
    block = managed.render("line one\nline two\n", "1.2.3")
    text = "# mine\nprint('user')\n\n" + block + "# after\n"
    found = managed.find(text)
    assert found is not None and found.version == "1.2.3" and not found.edited
    assert found.body == "line one\nline two\n" and found.line == 4
    edited = text.replace("line two", "line 2")
    assert managed.find(edited).edited  # type: ignore[union-attr]
    again = managed.place(edited, managed.render("new body\n", "1.2.4"))
    assert again.startswith("# mine\nprint('user')\n\n") and again.endswith("# after\n")
    assert "line 2" not in again and "new body" in again


def test_a_block_is_appended_after_a_blank_line_and_keeps_crlf() -> None:
    assert managed.place("a = 1", "B\n") == "a = 1\n\nB\n"
    assert managed.place("a = 1\r\n", "B\nC\n") == "a = 1\r\n\r\nB\r\nC\r\n"
    crlf = managed.place("a = 1\r\n", managed.render("x\n", "1"))
    found = managed.find(crlf)
    assert found is not None and not found.edited


@pytest.mark.parametrize(("text", "message"), [
    (managed.render("x\n", "1").split("\n", 1)[1], "begin marker is missing"),
    (managed.render("x\n", "1").rsplit("# <<<", 1)[0], "end marker is missing"),
    (managed.render("x\n", "1") * 2, "more than one"),
    (managed.render("x\n", "1").replace("sha256 ", "sha256:"), "marker line was changed"),
])
def test_broken_markers_are_reported(text: str, message: str) -> None:
    with pytest.raises(managed.BlockError, match=message):
        managed.find(text)


# -- detection (pure) ----------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("https://github.com/pallets/flask", ("pallets", "flask")),
    ("https://github.com/pallets/flask.git", ("pallets", "flask")),
    ("git@github.com:pallets/flask.git", ("pallets", "flask")),
    ("ssh://git@github.com/pallets/flask.git", ("pallets", "flask")),
    ("https://gitlab.com/pallets/flask", None),
    ("../origin.git", None),
])
def test_github_repository(url: str, expected: tuple[str, str] | None) -> None:
    assert github_repository(url) == expected


@pytest.mark.parametrize(("data", "expected"), [
    ({"project": {"requires-python": ">=3.10"}}, ("3.10", "3.11", "3.12", "3.13")),
    ({"project": {"requires-python": ">=3.9,<3.12"}}, ("3.9", "3.10", "3.11")),
    ({"tool": {"poetry": {"dependencies": {"python": "^3.11"}}}}, ("3.11", "3.12", "3.13")),
    ({"project": {"requires-python": ">=3.8", "classifiers": [
        "Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12"]}},
     ("3.11", "3.12")),
    ({}, ("3.9", "3.10", "3.11", "3.12", "3.13")),
])
def test_supported_pythons(data: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert supported_pythons(data, None)[0] == expected


def test_supported_pythons_from_setup_py() -> None:
    # h11: python_requires and the classifiers only in setup.py's setup() call
    found = supported_pythons({}, None, {"python_requires": ">=3.8", "classifiers": [
        "Programming Language :: Python :: 3.12", "Programming Language :: Python :: 3.13"]})
    assert found == (("3.12", "3.13"),
                     "'>=3.8' (python_requires in setup.py) and the Python classifiers")


# -- every layout of the corpus: init without locks ----------------------------------------


@pytest.fixture(scope="module")
def inited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, str]]:
    """Every corpus layout and every test project, after `release init --no-lock`:
    ``{name: (project folder, stdout, stderr)}``. Table-driven: in-process (conftest.py).
    Made once for the run and copied per worker (the tests run git in them), each copy's
    ``origin`` pointed at its own bare repository."""
    def make(template: Path) -> None:
        outputs = {}
        for name in ALL:
            folder = make_project(name, template / name)
            proc = run_in_process(folder, "init", "--no-lock", env=index_env())
            assert "Traceback" not in proc.stderr, proc.stderr
            assert proc.returncode == 0, f"{name}: {proc.stderr}"
            outputs[name] = [str(folder.relative_to(template)), proc.stdout, proc.stderr]
        (template / "outputs.json").write_text(json.dumps(outputs))

    base = tmp_path_factory.mktemp("inited")
    shutil.copytree(made_once(tmp_path_factory, "inited", make), base, symlinks=True,
                    dirs_exist_ok=True)
    found = {}
    for name, (where, out, err) in json.loads((base / "outputs.json").read_text()).items():
        if (base / name / "origin.git").is_dir():
            git(base / name / "work", "remote", "set-url", "origin",
                str(base / name / "origin.git"))
        found[name] = (base / where, out, err)
    return found


ALL = sorted({*names(), *PROJECTS})


@pytest.mark.parametrize("name", ALL)
@pytest.mark.slow
def test_init_twice_changes_nothing(inited: dict[str, tuple[Path, str, str]], name: str
                                    ) -> None:
    folder = inited[name][0]
    before = snapshot(toplevel(folder))
    proc = init(folder, "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert "nothing to change" in proc.stdout
    assert snapshot(toplevel(folder)) == before


@pytest.mark.parametrize("name", ALL)
@pytest.mark.slow
def test_generated_workflows_are_hardened(inited: dict[str, tuple[Path, str, str]], name: str
                                          ) -> None:
    folder = inited[name][0]
    top = toplevel(folder)
    where = folder.relative_to(top).as_posix()
    for file, path in flows_of(folder).items():
        text = path.read_text()
        workflow = load(path)
        found = managed.find(text)
        assert found is not None and found.start == 0 and found.end == len(text)
        assert workflow["permissions"] == {}
        if where != ".":
            assert workflow["defaults"] == {"run": {"working-directory": where}}
        for job_id, job in workflow["jobs"].items():
            assert "permissions" in job and 0 < job["timeout-minutes"] <= 45, job_id
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), (file, job_id)
                if "pip install" in step.get("run", ""):
                    assert "--require-hashes -r requirements/release-nox.txt" in \
                        step["run"].replace("--only-binary ':all:' ", "")
                if "uses" in step:
                    action, sha = step["uses"].split("@")
                    assert pins.ACTIONS[action][0] == sha
                    assert f"{step['uses']} # {pins.ACTIONS[action][1]}" in text
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
        for line in re.findall(r"^ {6}(?:contents|id-token|attestations|pull-requests): .*$",
                               text, re.M):
            assert " # " in line, f"{file}: a permission without its reason: {line}"
    release = load(flows_of(folder)["release.yml"])
    holders = {job_id for job_id, job in release["jobs"].items()
               if job["permissions"].get("id-token") == "write"}
    assert holders == {"publish", "provenance"}
    assert release["jobs"]["publish"]["environment"] == "pypi"
    assert set(release["jobs"]["github-release"]["needs"]) == {"build", "publish"}
    assert "cache" not in flows_of(folder)["release.yml"].read_text()


# Per project: (tag pattern, main branch, session Python, tests job, working directory).
EXPECTED = {
    "flask-static-rst-own-noxfile": ("[0-9]*", "main", "3.13", "nox -s tests", None),
    "httpx-hatch-path": ("[0-9]*", "master", "3.13", None, None),
    "black-hatch-vcs-own-tasks": ("[0-9]*", "main", "3.13", None, None),
    "rich-poetry1": ("v*", "master", "3.13", None, None),
    "precommit-setup-cfg": ("v*", "main", "3.13", None, None),
    "sphinx-flit-own-tasks-ns": ("v*", "master", "3.13", None, None),
    "pip-flit-towncrier-rst": ("[0-9]*", "main", "3.13", None, None),
    "pytest-setuptools-scm": ("[0-9]*", "main", "3.13", None, None),
    "hatch-monorepo-per-package-tags": ("hatchling-v*", "master", "3.13", None, "backend"),
    "gradio-hatch-pattern-package-json": ("gradio@*", "main", "3.13", None, None),
    "sqlalchemy-attr-lib-docs-conf": ("rel_*", "main", "3.13", None, None),
    "sage-setup-cfg-file-symlink": ("[0-9]*", "develop", "3.13", None, None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.slow
def test_workflows_follow_what_was_detected(inited: dict[str, tuple[Path, str, str]],
                                            name: str) -> None:
    pattern, branch, python, tests, where = EXPECTED[name]
    folder = inited[name][0]
    flows = flows_of(folder)
    release = load(flows["release.yml"])
    assert release["on"]["push"]["tags"] == [pattern]
    assert release["jobs"]["build"]["steps"][1]["with"]["python-version"] == python
    readiness = load(flows["release-readiness.yml"])
    assert readiness["on"]["pull_request"]["branches"] == [branch]
    assert load(flows["protect-main.yml"])["on"] == {"push": {"branches": [branch]}}
    if tests is None:
        assert set(readiness["jobs"]) == {"readiness"}
    else:
        assert readiness["jobs"]["tests"]["steps"][-1]["run"] == tests
    runs = [s.get("run") for s in readiness["jobs"]["readiness"]["steps"]]
    assert runs[-3:] == ["nox -s validate -- --mode branch", "nox -s lock -- --check",
                         "nox -s init -- --check"]
    noxfile = (folder / "noxfile.py").read_text()
    assert f'"guard-main", "--branch", "{branch}"' in noxfile
    if where:
        assert release["defaults"]["run"]["working-directory"] == where
        artifact = release["jobs"]["build"]["steps"][-2]["with"]["path"]
        assert artifact == f"{where}/dist/"


def test_the_facts_are_printed_with_their_sources(inited: dict[str, tuple[Path, str, str]]
                                                  ) -> None:
    out = inited["flask-static-rst-own-noxfile"][1]
    for fact in ("version        3.2.0.dev  <- [project].version (pyproject.toml:3)",
                 "changelog      CHANGES.rst (rst, discovered)",
                 "`Version 3.1.3`", "tag scheme     unprefixed",
                 "main branch    main  <- origin/HEAD", "noxfile.py     sessions build-docs, tests",
                 "workflows      tests.yml", "test command   nox -s tests"):
        assert fact in out, fact
    towncrier = inited["pip-flit-towncrier-rst"][1]
    assert "NEWS.rst (rst, towncrier)" in towncrier and "fragments in news/" in towncrier
    rich = inited["rich-poetry1"][1]
    assert "repository     Textualize/rich  <- [project.urls]" in rich
    assert "Owner `Textualize`, Repository name `rich`, Workflow name `release.yml`, " \
           "Environment name `pypi`" in rich
    assert "tag rule `v*`" in rich and "docs/workflows.md#repository-settings" in rich


def test_only_what_cannot_be_detected_goes_to_tool_release(
        inited: dict[str, tuple[Path, str, str]]) -> None:
    folder = inited["hatch-monorepo-per-package-tags"][0]
    text = (folder / "pyproject.toml").read_text()
    assert text.endswith('[tool.release]\n# release init: outside the project folder, where '
                         'discovery does not look\nchangelog = "../docs/history/hatchling.md"\n')
    # hatchling builds itself from its own tree (backend-path): nothing to lock for the build.
    constraints = (folder / "requirements" / "release-build-constraints.in").read_text()
    assert [x for x in constraints.splitlines() if not x.startswith("#")] == []
    for name in ("httpx-hatch-path", "rich-poetry1", "pip-flit-towncrier-rst"):
        assert "[tool.release]" not in (inited[name][0] / "pyproject.toml").read_text(), name


def test_a_changelog_is_written_only_when_there_is_none(
        inited: dict[str, tuple[Path, str, str]], tmp_path: Path) -> None:
    from release.changelog.insert import NEW_CHANGELOG

    for name, (_, out, _) in inited.items():  # every corpus project has a changelog
        assert "new: Keep a Changelog" not in out, name
    assert not (inited["flask-static-rst-own-noxfile"][0] / "CHANGELOG.md").exists()
    assert not (inited["pip-flit-towncrier-rst"][0] / "CHANGELOG.md").exists()
    folder = make_project("httpx-hatch-path", tmp_path / "httpx")
    git(folder, "rm", "-q", "CHANGELOG.md")
    git(folder, "commit", "-qm", "no changelog")
    proc = init(folder, "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert "changelog      none  <- no CHANGELOG/CHANGES/HISTORY/NEWS file" in proc.stdout
    assert (folder / "CHANGELOG.md").read_text() == NEW_CHANGELOG


@pytest.mark.slow
def test_own_sessions_and_tasks_stay_and_the_release_ones_join_them(
        inited: dict[str, tuple[Path, str, str]]) -> None:
    from init_projects import OWN_NOXFILE, OWN_TASKS, OWN_TASKS_NS

    flask = inited["flask-static-rst-own-noxfile"][0]
    assert (flask / "noxfile.py").read_text().startswith(OWN_NOXFILE + "\n# >>> release-")
    proc = subprocess.run([sys.executable, "-m", "nox", "--list"], cwd=flask,
                          capture_output=True, text=True, check=False)
    listed = set(re.findall(r"^[*-] (\S+)", proc.stdout, re.M))
    assert {"tests-3.11", "tests-3.12", "build-docs", "validate", "build", "publish", "guard",
            "notes", "github-release", "init", "lock"} <= listed, proc.stdout + proc.stderr
    for name, own in (("black-hatch-vcs-own-tasks", OWN_TASKS),
                      ("sphinx-flit-own-tasks-ns", OWN_TASKS_NS)):
        folder = inited[name][0]
        assert (folder / "tasks.py").read_text().startswith(own + "\n# >>> release-")
        proc = subprocess.run([str(SCRIPTS / "inv"), "--list"], cwd=folder,
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        for task in ("hello", "release.prepare", "release.tag", "release.notes"):
            assert re.search(rf"^\s+{re.escape(task)}\b", proc.stdout, re.M), proc.stdout


def test_generated_python_passes_ruff(inited: dict[str, tuple[Path, str, str]]) -> None:
    found = [str(inited[name][0] / file) for name in PROJECTS for file in ("noxfile.py",
                                                                           "tasks.py")]
    proc = subprocess.run([str(SCRIPTS / "ruff"), "check", "--isolated", "--line-length",
                           "88", "--select", "E,F,W,B,UP", "--target-version", "py310", *found],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_generated_workflows_pass_zizmor_and_the_schemas(
        inited: dict[str, tuple[Path, str, str]]) -> None:
    tops = sorted({toplevel(folder) for folder, _, _ in inited.values()})
    flows = [str(path) for folder, _, _ in inited.values() for path in flows_of(folder).values()]
    bots = [str(top / ".github" / "dependabot.yml") for top in tops]
    proc = subprocess.run([str(SCRIPTS / "zizmor"), "--offline", "--persona", "pedantic",
                           "--no-progress", *flows, *bots], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "No findings to report" in proc.stdout + proc.stderr
    proc = subprocess.run([str(SCRIPTS / "check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", *flows], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = subprocess.run([str(SCRIPTS / "check-jsonschema"), "--builtin-schema",
                           "vendor.dependabot", *bots], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_this_projects_workflows_are_what_init_writes_for_a_project_like_it(
        inited: dict[str, tuple[Path, str, str]]) -> None:
    """release.yml and protect-main.yml are the same jobs and steps; they differ in the lock
    file's name (requirements/nox.txt here, release-nox.txt in a project that installs
    release-lifecycle from its locks), in the Python version (3.12 here: the newest a project
    supports there) and in the header comment. release-readiness.yml here runs this project's
    tests and lint and checks the locks in the tests job; it has no `nox -s init -- --check`
    (this project's files are the source of the templates, not a copy of them)."""
    top = toplevel(inited["rich-poetry1"][0])  # v* tags; its branch is master

    def normal(path: Path, branch: str) -> dict[str, Any]:
        text = path.read_text().replace("requirements/release-nox.txt", "requirements/nox.txt")
        text = re.sub(r'python-version: "3\.\d+"', 'python-version: "3.x"', text)
        text = text.replace(f"[{branch}]", "[main]").replace(f"Guard {branch}", "Guard main")
        return load_text(text)

    for file in ("release.yml", "protect-main.yml"):
        ours = normal(ROOT / ".github" / "workflows" / file, "main")
        generated = normal(top / ".github" / "workflows" / file, "master")
        assert generated == ours, file
    ours = normal(ROOT / ".github" / "workflows" / "release-readiness.yml", "main")
    generated = normal(top / ".github" / "workflows" / "release-readiness.yml", "master")
    assert generated["on"] == ours["on"] and generated["permissions"] == ours["permissions"]
    assert generated["concurrency"] == ours["concurrency"]
    mine, theirs = ours["jobs"]["readiness"], generated["jobs"]["readiness"]
    assert theirs["steps"][:-2] == mine["steps"]
    assert {k: v for k, v in theirs.items() if k != "steps"} == {
        k: v for k, v in mine.items() if k != "steps"}


def test_this_projects_noxfile_has_the_sessions_init_writes() -> None:
    """The same session names and the same install rule (hash-locked, wheels only); this
    project installs itself from source or from the wheel it built, a project set up by init
    installs release-lifecycle from requirements/release.txt. `init` is only in the latter."""
    from release.commands.init.detect import MANAGED_SESSIONS, read_noxfile

    ours = read_noxfile(ROOT / "noxfile.py")
    assert set(MANAGED_SESSIONS) - {"init"} <= set(ours.sessions)
    template = (ROOT / "release" / "commands" / "init" / "templates" / "noxfile-block.tmpl"
                ).read_text()
    assert 'session.install("--require-hashes", "--only-binary", ":all:",' in template
    assert ('session.install("--require-hashes", "--only-binary", ":all:", "-r", '
            'f"requirements/{name}")') in (ROOT / "noxfile.py").read_text()


def load_text(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    if True in data:
        data["on"] = data.pop(True)
    return data


# -- refusals: clear message, exit code, nothing written -----------------------------------


@pytest.fixture
def httpx(tmp_path: Path) -> Path:
    return make_project("httpx-hatch-path", tmp_path / "httpx")


def _refused(folder: Path, *args: str, code: int = 1) -> str:
    before = snapshot(toplevel(folder))
    proc = init(folder, *args)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert snapshot(toplevel(folder)) == before
    return proc.stderr


def test_a_setup_py_project_is_named_by_its_setup_call(tmp_path: Path) -> None:
    # jmespath: setup.py alone names the project and its version, as literals; with a name
    # setup.py computes, init is refused with the two places a name can go.
    work = tmp_path / "jmesish"
    (work / "jmesish").mkdir(parents=True)
    (work / "jmesish" / "__init__.py").write_text("__version__ = '1.0.1'\n")
    (work / "setup.py").write_text("from setuptools import setup\nNAME = 'jmes' + 'ish'\n"
                                   "setup(name=NAME, version='1.0.1')\n")
    (work / "setup.cfg").write_text("[bdist_wheel]\nuniversal = 1\n")
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Start")
    err = _refused(work, "--no-lock")
    assert "setup.py: the project has no name" in err
    assert "or a literal `name=` in setup.py's setup(); setup.py is never run" in err
    assert 'hint: add `name = your-project` under [metadata] in setup.cfg, or write it as ' \
        '`setup(name="your-project")`' in err
    (work / "setup.py").write_text("from setuptools import setup\n"
                                   "setup(name='jmesish', version='1.0.1')\n")
    git(work, "commit", "-q", "-am", "Name it")
    proc = init(work, "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert "version        1.0.1  <- setup.py setup(version=…) (setup.py:2)" in proc.stdout
    assert ("Python         3.9, 3.10, 3.11, 3.12, 3.13  <- nothing declared: the CPython "
            "releases setup-python installs, the newest only where a project declares it"
            ) in proc.stdout  # its tests' Pythons, not the ones release-lifecycle runs on
    assert not (work / "pyproject.toml").exists()  # nothing to configure
    # a first init with --no-lock: `nox -s lock` cannot run yet (it installs uv from a lock
    # that does not exist), so the advice is to run init again
    assert "the lock files were not compiled (--no-lock): run `release init` again" in \
        proc.stdout + proc.stderr
    assert "nox -s lock` before" not in proc.stdout + proc.stderr


@pytest.mark.slow
def test_a_setup_py_project_with_only_a_build_system_table_needs_no_settings(
        tmp_path: Path) -> None:
    # PyYAML: pyproject.toml holds only [build-system]; setup.py says `NAME = 'PyYAML'`,
    # `VERSION = '7.0.0.dev0'` and passes them to setup(); the package under lib/ repeats it.
    work = tmp_path / "yamlish"
    (work / "lib" / "yamlish").mkdir(parents=True)
    (work / "lib" / "yamlish" / "__init__.py").write_text("__version__ = '7.0.0.dev0'\n")
    (work / "setup.py").write_text(
        "NAME = 'yamlish'\nVERSION = '7.0.0.dev0'\n\nfrom setuptools import setup\n\n"
        "setup(name=NAME, version=VERSION, package_dir={'': 'lib'}, packages=['yamlish'])\n")
    (work / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n')
    (work / "CHANGES").write_text("7.0.0 (unreleased)\n------------------\n\n* A fix.\n")
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Start")
    proc = init(work, "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert "release init: yamlish " in proc.stdout
    assert "version        7.0.0.dev0  <- setup.py setup(version=VERSION) (setup.py:2)" \
        in proc.stdout
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "release init")
    prepared = run_release(work, "prepare", "7.0.0", "--commit")
    assert prepared.returncode == 0, prepared.stderr
    assert git(work, "show", "--name-only", "--format=", "HEAD").split() == [
        "CHANGES", "lib/yamlish/__init__.py", "setup.py"]
    assert "VERSION = '7.0.0'\n" in (work / "setup.py").read_text()
    assert (work / "lib" / "yamlish" / "__init__.py").read_text() == "__version__ = '7.0.0'\n"


def test_a_session_with_a_release_name_is_refused(httpx: Path) -> None:
    (httpx / "noxfile.py").write_text("import nox\n\n\n@nox.session\ndef build(session):\n"
                                      "    session.run('make')\n")
    err = _refused(httpx, "--no-lock")
    assert "noxfile.py:5: noxfile.py already has session(s) `build` (line 5)" in err
    assert "rename yours" in err


def test_a_workflow_of_the_project_with_a_managed_name_is_left_alone(httpx: Path) -> None:
    flows = httpx / ".github" / "workflows"
    flows.mkdir(parents=True)
    (flows / "release.yml").write_text("name: mine\n")
    err = _refused(httpx, "--no-lock")
    assert "../" not in err and ".github/workflows/release.yml: exists and was not written " \
        "by release init" in err
    assert "managed block" not in err  # a whole file of the project's: no block to keep out of
    assert "`git mv .github/workflows/release.yml <another name>`" in err
    # the hint works: renamed, the project's own workflow stays beside the one init writes
    git(httpx, "add", "-A")
    git(httpx, "commit", "-qm", "own workflow")
    git(httpx, "mv", ".github/workflows/release.yml", ".github/workflows/mine.yml")
    proc = init(httpx, "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert (flows / "mine.yml").read_text() == "name: mine\n"
    (flows / "release.yml").write_text("name: mine\n")
    proc = init(httpx, "--no-lock", "--force")
    assert proc.returncode == 0, proc.stderr
    assert "name: mine" not in (flows / "release.yml").read_text()


def test_a_file_the_project_ignores_is_refused_and_reported_by_check(httpx: Path) -> None:
    # pipx moved from nox to tox and ignores `/noxfile.py`: a noxfile written there would
    # never be committed, and every release workflow would fail to find its sessions.
    (httpx / ".gitignore").write_text("*.pyc\n/noxfile.py\n")
    git(httpx, "add", ".gitignore")
    git(httpx, "commit", "-q", "-m", "ignore the old noxfile")
    err = _refused(httpx, "--no-lock")
    assert "noxfile.py: ignored by .gitignore:2: /noxfile.py" in err
    assert "nothing was written" in err and "git check-ignore -v" in err
    check = init(httpx, "--check", "--no-lock")
    assert check.returncode == 1
    assert re.search(r"IGNORED +noxfile\.py +ignored by git \(\.gitignore:2: /noxfile\.py\)",
                     check.stdout), check.stdout


def test_a_rule_that_takes_the_file_back_is_followed(httpx: Path) -> None:
    # python-semver ignores every .py file at the root but setup.py (`/*.py`, `!/setup.py`):
    # refused, and the hint works: the files taken back with `!` are no longer ignored
    # (`git check-ignore -v` names the `!` rule that matched last: not an ignore).
    (httpx / ".gitignore").write_text("/*.py\n!/setup.py\n")
    git(httpx, "add", ".gitignore")
    git(httpx, "commit", "-q", "-m", "ignore scratch scripts")
    err = _refused(httpx, "--no-lock")
    assert "noxfile.py: ignored by .gitignore:1: /*.py" in err
    assert "tasks.py: ignored by .gitignore:1: /*.py" in err
    with (httpx / ".gitignore").open("a") as ignore:
        ignore.write("!/noxfile.py\n!/tasks.py\n")
    git(httpx, "commit", "-qam", "keep the release files")
    proc = init(httpx, "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert "ignored" not in proc.stderr
    assert "noxfile.py" in git(httpx, "status", "--porcelain")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--check", "--upgrade"), 2, "--check only reports"),
    (("--extra-index-url", "not a url"), 2, "is not a URL"),
    (("--extra-index-url", "https://index.example/\x1b]0;t\x07"), 2, "is not a URL"),
    (("--bogus",), 2, "unrecognized arguments"),
])
def test_wrong_usage_exits_2(httpx: Path, args: tuple[str, ...], code: int, message: str
                             ) -> None:
    assert message in _refused(httpx, *args, code=code)


def test_broken_markers_and_broken_python_are_refused(httpx: Path) -> None:
    assert init(httpx, "--no-lock").returncode == 0
    noxfile = httpx / "noxfile.py"
    text = noxfile.read_text()
    noxfile.write_text(text.replace("# <<< release-lifecycle managed block <<<\n", ""))
    err = _refused(httpx, "--no-lock")
    assert "the managed block's end marker is missing" in err and "noxfile.py:" in err
    noxfile.write_text(text + "\ndef broken(:\n")
    assert "noxfile.py is not valid Python" in _refused(httpx, "--no-lock")


@pytest.mark.parametrize(("name", "text", "said"), [
    # vcrpy: an .rst changelog whose releases are list items, none a heading yet
    ("CHANGES.rst", "Changelog\n=========\n\nUnreleased\n~~~~~~~~~~\n\n- A fix.\n",
     "`X.Y.Z (YYYY-MM-DD)` over `~~~~~~~~~~~~~~~~~~`"),
    ("CHANGELOG.md", "# Changelog\n\n## Unreleased\n\n- A fix.\n",
     "`## [X.Y.Z] - YYYY-MM-DD`"),
])
def test_the_first_release_heading_is_said_in_the_changelogs_markup(
        tmp_path: Path, name: str, text: str, said: str) -> None:
    work = tmp_path / "work"
    (work / "tinylib").mkdir(parents=True)
    (work / "tinylib" / "__init__.py").write_text('"""Tiny."""\n__version__ = "0.1.0"\n')
    (work / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["flit_core>=3.9"]\nbuild-backend = "flit_core.buildapi"\n'
        '\n[project]\nname = "tinylib"\ndynamic = ["version", "description"]\n')
    (work / name).write_text(text)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Start")
    proc = init(work, "--dry-run", "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert f"no release section yet: the first one is written as {said}\n" in proc.stdout


@pytest.mark.parametrize("metadata", [
    "url = https://github.com/example/cfgtool\n",  # freezegun, pytest-timeout
    "url = https://cfgtool.example.org\nproject_urls =\n"
    "    Bug Tracker = https://github.com/example/cfgtool/issues\n"
    "    Source = https://github.com/example/cfgtool\n",
])
def test_the_repository_is_read_from_setup_cfg(tmp_path: Path, metadata: str) -> None:
    work = tmp_path / "work"
    (work / "cfgtool").mkdir(parents=True)
    (work / "cfgtool" / "__init__.py").write_text('__version__ = "1.5.5"\n')
    (work / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n')
    (work / "setup.cfg").write_text("[metadata]\nname = cfgtool\n"
                                    "version = attr: cfgtool.__version__\n" + metadata)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Start")
    proc = init(work, "--dry-run", "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"repository +example/cfgtool  <- \[metadata\] url or project_urls in "
                     r"setup\.cfg\n", proc.stdout), proc.stdout
    assert "https://github.com/example/cfgtool/settings/environments" in proc.stdout


def test_outside_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.0"\n')
    proc = init(tmp_path, "--no-lock")
    assert proc.returncode == 1 and "not inside a git repository" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pyproject.toml"]


# -- with real lock files: --check, --upgrade, edits ----------------------------------------


@pytest.mark.slow
def test_a_session_on_an_older_python_than_the_locks_says_which_to_use(tmp_path: Path
                                                                     ) -> None:
    # python-jsonschema/referencing: requires-python >=3.13, so the locks are compiled for
    # 3.13; run on an older Python, uv failed with "no trusted hash for backports-tarfile".
    if sys.version_info >= (3, 13):
        pytest.skip("needs a release-lifecycle Python newer than the one running nox")
    newer = f"3.{sys.version_info.minor + 1}"
    folder = make_project("httpx-hatch-path", tmp_path / "httpx")
    pyproject = folder / "pyproject.toml"
    text = re.sub(r'requires-python = "[^"]*"', f'requires-python = ">={newer}"',
                  pyproject.read_text())
    pyproject.write_text(text)
    git(folder, "commit", "-qam", f"{newer} and newer")
    assert init(folder, "--no-lock").returncode == 0
    proc = nox(folder, "-s", "validate")  # on nox's own Python, older than the locks'
    said = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert (f"the locks are compiled for Python {newer} and newer (the project's oldest): run "
            f"the session on it, e.g. `nox -s validate --force-python {newer}`") in said, said


@pytest.mark.slow
def test_the_locks_are_compiled_with_the_projects_uv_cooldown(httpx: Path,
                                                            release_index: Index) -> None:
    # starlette: `[tool.uv] exclude-newer = "7 days"`. uv applies it to the sessions' installs
    # in the project folder, so init compiles with it too (a lock of newer files failed
    # `nox -s build`). Here the cutoff is older than everything: the compile says why.
    pyproject = httpx / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.uv]\nexclude-newer = "2020-01-01"\n')
    git(httpx, "commit", "-qam", "a supply-chain cooldown")
    assert re.search(r"uv exclude-newer +2020-01-01 +<- pyproject\.toml",
                     init(httpx, "--no-lock", "--dry-run").stdout)
    err = _refused(httpx, "--extra-index-url", release_index.simple_url)
    assert re.search(r"uv cannot lock requirements/release-?\w*\.in; nothing was written", err)
    assert "the project's uv `exclude-newer = '2020-01-01'` holds back" in err


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory, release_index: Index) -> Path:
    """httpx after `release init` with compiled locks (release-lifecycle from the local
    index), committed; each test works on a copy."""
    folder = make_project("httpx-hatch-path", tmp_path_factory.mktemp("locked"))
    proc = init(folder, "--extra-index-url", release_index.simple_url)
    assert proc.returncode == 0, proc.stderr
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "release init")
    return folder


@pytest.fixture
def project(locked: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "work"
    shutil.copytree(locked, copy, symlinks=True)
    return copy


@pytest.mark.slow
def test_check_passes_right_after_init_and_locks_pin_this_version(project: Path) -> None:
    from release import __version__

    proc = init(project, "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"every managed part is what release-lifecycle {__version__} writes" in proc.stdout
    release_txt = (project / "requirements" / "release.txt").read_text()
    assert f"release-lifecycle=={__version__} \\\n    --hash=sha256:" in release_txt
    # PyPI first for every package (uv's priority), the local index only for what PyPI lacks.
    assert re.search(r"^--index-url http://127\.0\.0\.1:\d+/simple/\n--extra-index-url "
                     r"https://pypi\.org/simple\n", release_txt, re.M), release_txt[:400]
    for lock in ("release-nox", "release", "release-build", "release-publish",
                 "release-build-constraints"):
        text = (project / "requirements" / f"{lock}.txt").read_text()
        assert text.startswith("# This file was autogenerated by uv via the following "
                               "command:\n#    nox -s lock\n")
        assert all("--hash=sha256:" in block for block in re.split(r"\n(?=\S)", text)
                   if re.match(r"[a-z]", block)), lock
    proc = init(project)
    assert proc.returncode == 0 and "nothing to change" in proc.stdout


@pytest.mark.slow
def test_newer_action_pins_from_dependabot_are_kept(project: Path) -> None:
    """The generated dependabot.yml moves the actions' pins in the managed workflows too: a
    newer pin is neither an edit nor outdated, and init keeps it; any other change is an
    edit."""
    release_yml = project / ".github" / "workflows" / "release.yml"
    text = release_yml.read_text()
    bumped = re.sub(r"actions/checkout@[0-9a-f]{40} # v[\d.]+",
                    "actions/checkout@" + "ab" * 20 + " # v7.9.9", text)
    assert bumped != text
    release_yml.write_text(bumped)
    proc = init(project, "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "newer action pins, e.g. from Dependabot, are kept" in proc.stdout
    assert init(project, "--upgrade").returncode == 0
    assert release_yml.read_text() == bumped
    release_yml.write_text(bumped.replace("timeout-minutes: 20", "timeout-minutes: 21", 1))
    proc = init(project, "--check")
    assert proc.returncode == 1 and "changed by hand inside the managed block" in proc.stderr


def test_dependabot_keeps_the_actions_and_the_locks_fresh(
        inited: dict[str, tuple[Path, str, str]]) -> None:
    for folder, _, _ in inited.values():
        top = toplevel(folder)
        config = yaml.safe_load((top / ".github" / "dependabot.yml").read_text())
        updates = {u["package-ecosystem"]: u for u in config["updates"]}
        assert set(updates) == {"github-actions", "uv"}, folder
        actions = updates["github-actions"]
        assert actions["directory"] == "/" and actions["schedule"]["interval"] == "weekly"
        assert actions["groups"] == {"actions": {"patterns": ["*"]}}
        assert actions["cooldown"]["default-days"] >= 7
        # protect-main.yml, or protect-main-<package>.yml in a package folder of a monorepo
        (protect,) = (top / ".github" / "workflows").glob("protect-main*.yml")
        assert "nox -s guard -- --require-approval" in protect.read_text()  # commented


@pytest.mark.slow
def test_an_edit_inside_a_block_is_reported_and_replaced_only_with_force(project: Path
                                                                         ) -> None:
    noxfile = project / "noxfile.py"
    text = noxfile.read_text()
    user_session = '@nox.session\ndef docs(session):\n    """Mine."""\n\n\n'
    edited = text.replace('"--only-binary", ":all:",', '"--only-binary", ":none:",')
    edited = edited.replace("# >>> release-lifecycle", user_session + "# >>> release-lifecycle")
    noxfile.write_text(edited)
    line = edited.splitlines().index(next(x for x in edited.splitlines()
                                          if x.startswith("# >>> release-lifecycle"))) + 1
    proc = init(project, "--check")
    assert proc.returncode == 1
    assert f"error: noxfile.py:{line}: changed by hand inside the managed block" in proc.stderr
    assert "1 managed part(s) differ" in proc.stderr
    err = _refused(project, "--upgrade")
    assert "changed by hand where release init writes; nothing was written" in err
    assert "--upgrade --force --dry-run" in err
    proc = init(project, "--upgrade", "--force")
    assert proc.returncode == 0, proc.stderr
    after = noxfile.read_text()
    assert ":none:" not in after and user_session in after
    assert init(project, "--check").returncode == 0


@pytest.mark.slow
def test_parts_from_another_version_are_upgraded(project: Path) -> None:
    release_yml = project / ".github" / "workflows" / "release.yml"
    text = release_yml.read_text()
    found = managed.find(text)
    assert found is not None
    older = managed.render(found.body.replace("timeout-minutes: 20", "timeout-minutes: 30"),
                           "0.0.1")
    release_yml.write_text(older)
    proc = init(project, "--check")
    assert proc.returncode == 1
    assert ".github/workflows/release.yml:1: written by release-lifecycle 0.0.1" in proc.stderr
    err = _refused(project)
    assert "run `release init --upgrade --dry-run`" in err
    proc = init(project, "--upgrade", "--dry-run")
    assert proc.returncode == 0 and "-    timeout-minutes: 30" in proc.stdout
    assert release_yml.read_text() == older
    assert init(project, "--upgrade").returncode == 0
    assert release_yml.read_text() == text
    assert init(project, "--check").returncode == 0


@pytest.mark.slow
def test_a_lock_that_pins_another_version_fails_the_check(project: Path) -> None:
    lock = project / "requirements" / "release.txt"
    lock.write_text(re.sub(r"release-lifecycle==\S+", "release-lifecycle==0.0.1",
                           lock.read_text()))
    proc = init(project, "--check")
    assert proc.returncode == 1
    assert "requirements/release.txt: pins release-lifecycle 0.0.1, not" in proc.stderr


@pytest.mark.parametrize(("url", "local"), [
    ("http://127.0.0.1:8080/simple/", True), ("http://localhost/simple/", True),
    ("https://10.1.2.3/simple/", True), ("http://192.168.1.5:3141/root/dev/", True),
    ("file:///srv/wheels/", True), ("http://[::1]:8080/simple/", True),
    ("http://devpi/simple/", True), ("https://pypi.example.org/simple/", False),
    ("https://8.8.8.8/simple/", False),
])
def test_which_indexes_are_local(url: str, local: bool) -> None:
    from release.commands.init import local_index

    assert (local_index(url) is not None) is local


def test_a_local_index_is_refused_without_local_index(httpx: Path) -> None:
    before = snapshot(toplevel(httpx))
    proc = init(httpx, "--extra-index-url", "http://127.0.0.1:9/simple/", "--no-lock",
                local=False)
    assert proc.returncode == 1
    assert "the loopback address 127.0.0.1" in proc.stderr and "--local-index" in proc.stderr
    assert snapshot(toplevel(httpx)) == before


@pytest.mark.slow
def test_locks_that_name_a_local_index_are_not_fit_to_commit(project: Path) -> None:
    proc = init(project, "--check", local=False)
    assert proc.returncode == 1
    assert "LOCAL INDEX" in proc.stdout
    assert "requirements/release.txt: names http://127.0.0.1:" in proc.stderr
    assert "not fit to commit" in proc.stderr
    allowed = init(project, "--check")
    assert allowed.returncode == 0, allowed.stderr
    assert "do not commit them" in allowed.stderr


# -- the round trip: init, then the real nox sessions --------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", once_each("the init round trip", sorted(PROJECTS)))
def test_round_trip(name: str, release_index: Index, tmp_path: Path) -> None:
    """init (twice: a no-op; --check passes), prepare, `nox -s validate` and `nox -s init --
    --check`, tag, `nox -s build`, `nox -s publish` to a local pypiserver."""
    index = release_index
    folder = make_project(name, tmp_path / name)
    proc = init(folder, "--extra-index-url", index.simple_url, process=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    work = toplevel(folder)
    git(work, "add", "-A")
    git(work, "commit", "-qm", "release init")
    before = snapshot(work)
    again = init(folder, process=True)
    assert again.returncode == 0 and "nothing to change" in again.stdout, again.stderr
    assert init(folder, "--check", process=True).returncode == 0
    assert snapshot(work) == before
    if load_case(PROJECTS[name]).expect["state"] != "preparing":  # else: not ready until prepared
        result = nox(folder, "-s", "validate")
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    prepared = run_release(folder, "prepare", "patch", "--commit", "--date", "2026-11-26")
    assert prepared.returncode == 0, prepared.stderr
    for session in ("validate", "init"):
        result = nox(folder, "-s", session,
                     *(["--", "--check", "--local-index"] if session == "init" else []))
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    tagged = run_release(folder, "tag")
    assert tagged.returncode == 0, tagged.stderr
    tag = git(work, "describe", "--tags", "--exact-match")
    build = nox(folder, "-s", "build")
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    installs = re.findall(r"^nox > (?:\S*/)?((?:uv )?pip install .*)$", build.stderr, re.M)
    assert installs == ["uv pip install --require-hashes --only-binary :all: -r "
                        "requirements/release-build.txt"], installs
    dist = sorted(p.name for p in (folder / "dist").iterdir())
    assert len(dist) == 2 and (folder / "SHA256SUMS").exists(), dist
    if name == "httpx-hatch-path":
        # faker: a build that failed `twine check` left dist/ without SHA256SUMS, and the
        # publish session uploaded it. Outside CI too, no SHA256SUMS means no upload.
        (folder / "SHA256SUMS").rename(folder / "SHA256SUMS.kept")
        refused = nox(folder, "-s", "publish", "--", "--repository-url", index.upload_url,
                      env={"PYPI_API_TOKEN": PASSWORD, "UV_NO_BUILD": "1"})
        said = refused.stdout + refused.stderr
        assert refused.returncode != 0 and "SHA256SUMS does not exist" in said, said
        assert not set(dist) & set(index.files())
        (folder / "SHA256SUMS.kept").rename(folder / "SHA256SUMS")
    publish = nox(folder, "-s", "publish", "--", "--repository-url", index.upload_url,
                  env={"PYPI_API_TOKEN": PASSWORD, "UV_NO_BUILD": "1"})
    assert publish.returncode == 0, (publish.stdout + publish.stderr)[-4000:]
    assert set(dist) <= set(index.files()), (tag, dist, index.files())
    # Re-run with the password in the URL: every file is skipped, and nox's echo of the
    # command never shows the password.
    secret_url = index.upload_url.replace("://", f"://__token__:{PASSWORD}@", 1)
    again = nox(folder, "-s", "publish", "--", "--repository-url", secret_url,
                env={"PYPI_API_TOKEN": "", "UV_NO_BUILD": "1"})
    assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
    assert PASSWORD not in again.stdout + again.stderr
    assert git(work, "status", "--porcelain") == ""  # dist/, SHA256SUMS, .nox/ are ignored


@pytest.mark.slow
def test_an_undetectable_main_branch_is_configured_with_its_reason(tmp_path: Path) -> None:
    from conftest import make_sample

    sample = make_sample(tmp_path / "p")
    sample.git("branch", "-m", "main", "develop")  # no origin, no main/master/trunk
    proc = init(sample.path, "--no-lock")
    assert proc.returncode == 0, proc.stderr
    assert "main branch    develop  <- no origin/HEAD and no main, master or trunk" in proc.stdout
    text = (sample.path / "pyproject.toml").read_text()
    assert text.endswith('\n[tool.release]\n# release init: no origin/HEAD and no main, master '
                         'or trunk branch to detect\nmain-branch = "develop"\n')
    assert load(sample.path / ".github" / "workflows" / "protect-main.yml")["on"] == {
        "push": {"branches": ["develop"]}}
    sample.commit("release init")
    again = init(sample.path, "--no-lock")
    assert again.returncode == 0 and "nothing to change" in again.stdout, again.stdout
    assert "main branch    develop  <- main-branch in [tool.release]" in again.stdout


# -- the tests job installs the Pythons the project's own tests need ------------------------

NOX_TESTS = '''import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14"]


@nox.session(python=PYTHONS)
def tests(session):
    session.run("python", "-c", "print(1)")
'''

MATRIX = """\
name: ci
on: [push]
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.11", "3.12", "3.14", "pypy3.10"]
    steps:
      - run: echo
"""


@pytest.mark.parametrize(("noxfile", "workflow", "command", "pythons"), [
    # the session's own list (through a name), 3.14 included
    (NOX_TESTS, None, "nox -s tests", ("3.10", "3.11", "3.12", "3.13", "3.14")),
    # an interpreter setup-python cannot install: nox is told to skip it (-p)
    (NOX_TESTS.replace('"3.10", ', '"3.7", "3.10", '), None,
     "nox -s tests -p 3.10 3.11 3.12 3.13 3.14", ("3.10", "3.11", "3.12", "3.13", "3.14")),
    # packaging: `*nox.project.python_versions(PYPROJECT)` is the project's Pythons (here
    # requires-python >=3.10), plus the literal extras; it was dropped, leaving the extras only
    (NOX_TESTS.replace("python=PYTHONS", 'python=[*nox.project.python_versions(PYPROJECT), '
                       '"3.13t", "3.15t", "pypy3.11"]'), None,
     "nox -s tests -p 3.10 3.11 3.12 3.13 3.13t pypy3.11",
     ("3.10", "3.11", "3.12", "3.13", "3.13t", "pypy3.11")),
    # a starred list assigned above is read as its elements
    (NOX_TESTS.replace("python=PYTHONS", 'python=[*PYTHONS, "pypy3.10"]'), None, "nox -s tests",
     ("3.10", "3.11", "3.12", "3.13", "3.14", "pypy3.10")),
    # no python= on the session: the project's CI matrix
    (NOX_TESTS.replace("python=PYTHONS", ""), MATRIX, "nox -s tests",
     ("3.11", "3.12", "3.14", "pypy3.10")),
    # neither: requires-python (>=3.10 in the sample), 3.14 only when a classifier says so
    (NOX_TESTS.replace("python=PYTHONS", ""), None, "nox -s tests",
     ("3.10", "3.11", "3.12", "3.13")),
])
def test_the_tests_job_gets_the_pythons_of_the_projects_tests(
        tmp_path: Path, noxfile: str, workflow: str | None, command: str,
        pythons: tuple[str, ...]) -> None:
    from conftest import make_sample

    from release.commands.init.detect import detect

    sample = make_sample(tmp_path / "p")  # requires-python = ">=3.10", no classifiers
    sample.write("noxfile.py", noxfile)
    if workflow:
        sample.write(".github/workflows/ci.yml", workflow)
    sample.commit("tests")
    facts = detect(sample.path)
    assert (facts.test_command, facts.test_pythons) == (command, pythons)
    test_job = load_text(render.workflows(facts)["release-readiness.yml"])["jobs"]["tests"]
    assert test_job["steps"][-1]["run"] == command
    asked = str(test_job["steps"][1]["with"]["python-version"]).split()
    assert tuple(asked) == pythons


@pytest.mark.slow
def test_two_packages_of_a_monorepo_get_workflows_of_their_own(tmp_path: Path) -> None:
    folder = make_project("hatch-monorepo-per-package-tags", tmp_path / "mono")
    work = toplevel(folder)
    assert init(folder, "--no-lock").returncode == 0
    git(work, "add", "-A")
    git(work, "commit", "-qm", "init hatchling")
    root = init(work, "--no-lock")
    assert root.returncode == 0, root.stderr
    names = sorted(p.name for p in (work / ".github" / "workflows").iterdir())
    assert names == ["protect-main-hatchling.yml", "protect-main.yml",
                     "release-hatchling.yml", "release-readiness-hatchling.yml",
                     "release-readiness.yml", "release.yml"]
    mine = load(work / ".github" / "workflows" / "release-hatchling.yml")
    assert mine["on"]["push"]["tags"] == ["hatchling-v*"]
    assert mine["defaults"]["run"]["working-directory"] == "backend"
    groups = {load(p)["concurrency"]["group"] for p in (work / ".github" / "workflows").iterdir()}
    assert len(groups) == 6  # groups are repository-wide: none is shared
    # each verify job asks for the provenance of its own workflow
    def verify_step(flow: str) -> str:
        steps = load(work / ".github" / "workflows" / flow)["jobs"]["verify"]["steps"]
        return str(steps[-1]["run"])

    assert verify_step("release-hatchling.yml").endswith("--workflow release-hatchling.yml")
    assert "--workflow" not in verify_step("release.yml")
    assert "Workflow name `release-hatchling.yml`" in init(folder, "--no-lock", "--dry-run").stdout


@pytest.mark.parametrize("name", ALL)
@pytest.mark.slow
def test_the_first_ci_run_has_every_interpreter_its_sessions_ask_for(
        inited: dict[str, tuple[Path, str, str]], name: str) -> None:
    from release.commands.init.detect import SETUP_PYTHON, read_noxfile

    folder = inited[name][0]
    noxfile = read_noxfile(folder / "noxfile.py")
    # The release sessions run on the interpreter nox runs on: none asks for another.
    block = (folder / "noxfile.py").read_text().split("managed block", 1)[1]
    assert "python=" not in block
    readiness = load(flows_of(folder)["release-readiness.yml"])
    test = next((s for s in ("tests", "test") if s in noxfile.sessions), None)
    if test is None:
        assert "tests" not in readiness["jobs"]
        return
    job = readiness["jobs"]["tests"]
    installed = str(job["steps"][1]["with"]["python-version"]).split()
    wanted = [v for v in noxfile.pythons.get(test, ()) if SETUP_PYTHON.fullmatch(v)]
    assert set(wanted) <= set(installed), (wanted, installed)
    skipped = set(noxfile.pythons.get(test, ())) - set(wanted)
    if skipped:
        assert " -p " in job["steps"][-1]["run"]
