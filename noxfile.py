"""Sessions that a maintainer runs locally and that CI runs unchanged.

Every session is a few lines that call the `release` command; the logic lives in the
package. Arguments after `--` reach the command, e.g. `nox -s publish -- --dry-run`.

Every tool comes from a hash-locked file in requirements/ (`nox -s lock` refreshes them), and
every build of this project uses the locked build backend (requirements/build-constraints.txt),
so that building one commit twice gives the same bytes.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
# uv installs from the locks and honours the build constraint; nox finds the uv that
# requirements/nox.txt installed next to it.
nox.options.default_venv_backend = "uv"
nox.options.sessions = ["tests", "lint", "validate"]
# `nox -s tests` runs on every Python in PYTHONS; one that cannot be found or fetched fails
# the run (nox's default skips it with a warning off CI): a green run means all four were
# tested. A missing one is fetched by uv where the platform allows it (nox's
# download_python "auto"); find_pythons() first makes the installed ones findable.
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


def find_pythons(versions: list[str]) -> None:
    """Make every installed Python in ``versions`` findable by nox, with nothing exported first.

    nox finds ``python3.X`` on PATH. A pyenv shim answers "command not found" for a version
    that is installed but not selected (PYENV_VERSION), and uv-managed Pythons are not on
    PATH at all: the folder of the newest matching pyenv or uv installation is added at the
    end of PATH, so a working ``python3.X`` earlier on PATH still wins.
    """
    path = os.environ.get("PATH", "").split(os.pathsep)
    for version in versions:
        if _runs(f"python{version}"):
            continue
        folder = _pyenv_python(version) or _uv_python(version)
        if folder is not None and folder not in path:
            path.append(folder)
    os.environ["PATH"] = os.pathsep.join(path)


def _runs(command: str) -> bool:
    found = shutil.which(command)
    if found is None:
        return False
    try:
        return subprocess.run([found, "-c", ""], capture_output=True, timeout=30,
                              check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _newest(candidates: list[Path], version: str) -> str | None:
    def key(path: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.name)[:3])

    wanted = [p for p in candidates if (p / "bin" / f"python{version}").exists()]
    return str(max(wanted, key=key) / "bin") if wanted else None


def _pyenv_python(version: str) -> str | None:
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    if not root.is_dir():
        return None
    return _newest([p for p in root.iterdir() if re.fullmatch(rf"{re.escape(version)}\.\d+",
                                                              p.name)], version)


def _uv_python(version: str) -> str | None:
    uv = shutil.which("uv")
    if uv is None:
        return None
    try:
        found = subprocess.run([uv, "python", "find", "--no-project", version],
                               capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    executable = Path(found.stdout.strip())
    return str(executable.parent) if found.returncode == 0 and executable.is_file() else None


find_pythons(PYTHONS)
ROOT = Path(__file__).parent
REQUIREMENTS = ROOT / "requirements"
# The build backend and its requirements, pinned with hashes, for every build of this project:
# uv applies UV_BUILD_CONSTRAINT when it builds (`uv pip install .`) and UV_CONSTRAINT when
# pypa/build asks it to install the build requirements (`python -m build --installer uv`).
BUILD_ENV = {
    "UV_BUILD_CONSTRAINT": str(REQUIREMENTS / "build-constraints.txt"),
    "UV_CONSTRAINT": str(REQUIREMENTS / "build-constraints.txt"),
}
# (lock file, its sources, constraints): compiled in this order by `nox -s lock`; the later
# files keep the runtime dependencies at the versions of runtime.txt.
LOCKS = [
    ("nox.txt", ["requirements/nox.in"], []),
    ("runtime.txt", ["requirements/runtime.in"], []),
    ("build.txt", ["requirements/build.in"], ["-c", "requirements/runtime.txt"]),
    ("publish.txt", ["requirements/publish.in"], ["-c", "requirements/runtime.txt"]),
    ("build-constraints.txt", ["requirements/build-constraints.in"], []),
    ("dev.txt", ["pyproject.toml", "--group", "test", "--group", "lint"],
     ["-c", "requirements/runtime.txt"]),
]


def install_locked(session: nox.Session, name: str) -> None:
    """Install one lock file: hashes required, wheels only (nothing is built)."""
    session.install("--require-hashes", "--only-binary", ":all:", "-r", f"requirements/{name}")


def install_project(session: nox.Session, *editable: str) -> None:
    """This project from source, its build backend from the build constraint."""
    install_locked(session, "runtime.txt")
    session.install("--no-deps", *editable, ".", env=BUILD_ENV)


def install_built_wheel(session: nox.Session) -> None:
    """The `release` command from the wheel in dist/ that was built and checked: no build,
    and installed only with the sha256 the build recorded in SHA256SUMS (`--checksums FILE`
    among the session's arguments, else SHA256SUMS), hashes required.

    This project publishes itself. Another project puts `release-lifecycle` in
    requirements/publish.in and requirements/runtime.in instead and drops this call.
    """
    install_locked(session, "runtime.txt")
    wheels = sorted(Path("dist").glob("release_lifecycle-*.whl"))
    if len(wheels) != 1:
        session.error("expected one release_lifecycle wheel in dist/: run `nox -s build` first "
                      "(in CI the build job's artifact is downloaded into dist/)")
    sums = Path(_option(session.posargs, "--checksums") or "SHA256SUMS")
    if not sums.is_file():
        session.error(f"{sums} does not exist: the wheel that runs `release` is installed only "
                      "with the sha256 the build recorded (`nox -s build` writes SHA256SUMS; "
                      "in CI pass --checksums release-meta/SHA256SUMS)")
    digest = next((line.split()[0] for line in sums.read_text().splitlines()
                   if line.split()[1:] == [wheels[0].name]), None)
    if digest is None:
        session.error(f"{sums} does not list {wheels[0].name}: build again (`nox -s build`)")
    pinned = Path(session.create_tmp()) / "release-wheel.txt"
    pinned.write_text(f"{wheels[0].resolve()} --hash=sha256:{digest}\n")
    session.install("--no-deps", "--require-hashes", "--only-binary", ":all:", "-r", str(pinned))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite on every core (real git, real builds, a real local package index)."""
    install_locked(session, "dev.txt")
    session.install("--no-deps", "-e", ".", env=BUILD_ENV)
    # Two workers per core: many tests wait on git, builds and a local index, and those
    # waits overlap. Arguments after `--` come last, so `-- -n 0` runs in one process.
    workers = str(2 * (os.cpu_count() or 1))
    session.run("pytest", "-n", workers, "--durations=15", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff, mypy --strict, and zizmor and the JSON schemas on the workflows and Dependabot."""
    install_locked(session, "dev.txt")
    session.install("--no-deps", "-e", ".", env=BUILD_ENV)
    session.run("ruff", "check", "release", "tests", "benchmarks", "scripts", "noxfile.py",
                "tasks.py")
    session.run("mypy")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    if workflows:
        session.run("zizmor", "--offline", "--persona", "pedantic", "--strict-collection",
                    ".github")
        session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    dependabot = ROOT / ".github" / "dependabot.yml"
    if dependabot.exists():
        session.run("check-jsonschema", "--builtin-schema", "vendor.dependabot", str(dependabot))


@nox.session
def validate(session: nox.Session) -> None:
    """Check that version, changelog and tag agree (tag mode on a tag in CI)."""
    install_project(session)
    session.run("release", "validate", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build sdist and wheel into an empty dist/, inspect them, write SHA256SUMS."""
    install_locked(session, "build.txt")
    session.install("--no-deps", ".", env=BUILD_ENV)
    # a build that fails a check below leaves no SHA256SUMS, so nothing of it is published
    Path("SHA256SUMS").unlink(missing_ok=True)
    shutil.rmtree("dist", ignore_errors=True)
    env = {"SOURCE_DATE_EPOCH": _source_date_epoch(session), **BUILD_ENV}
    session.run("python", "-m", "build", "--installer", "uv", "--outdir", "dist", env=env)
    session.run("twine", "check", "--strict", *sorted(str(p) for p in Path("dist").iterdir()))
    session.run("release", "validate", "--dist", "dist")
    session.run("release", "checksums", "dist", "--output", "SHA256SUMS")


@nox.session
def publish(session: nox.Session) -> None:
    """Upload exactly the files in dist/; builds nothing; re-runnable (skips identical files)."""
    install_locked(session, "publish.txt")
    install_built_wheel(session)
    args, env = _url_out_of_sight(session)
    session.run("release", "publish", "--require-checksums", *args, env=env)


@nox.session(default=False)
def verify(session: nox.Session) -> None:
    """Check that PyPI (and `--github`: the GitHub Release) serve exactly what SHA256SUMS lists."""
    install_locked(session, "publish.txt")  # pypi-attestations checks the PEP 740 signatures
    install_built_wheel(session)
    session.run("release", "verify", *session.posargs)


@nox.session(name="github-release", default=False)
def github_release(session: nox.Session) -> None:
    """Create or complete a GitHub Release: `-- TAG --notes-file F FILES...`; builds nothing."""
    install_built_wheel(session)
    session.run("release", "github-release", *session.posargs)


@nox.session
def guard(session: nox.Session) -> None:
    """Fail when commits reached main without a merged pull request (protect-main)."""
    install_project(session)
    session.run("release", "guard-main", *session.posargs)


@nox.session(default=False)
def notes(session: nox.Session) -> None:
    """Print or write one version's release notes: `nox -s notes -- v1.4.0 --output F`."""
    install_project(session)
    session.run("release", "notes", *session.posargs)


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Refresh requirements/*.txt from their inputs (`-- --check`: fail when one is stale)."""
    install_locked(session, "nox.txt")  # the uv that compiles
    check = "--check" in session.posargs
    scratch = Path(tempfile.mkdtemp(prefix="lock-"))
    stale = []
    for name, sources, constraints in LOCKS:
        target = REQUIREMENTS / name
        output = scratch / name if check else target
        if check:
            shutil.copy(target, output)  # the existing pins are kept as preferences
        session.run(
            "uv", "pip", "compile", "--quiet", "--generate-hashes", "--universal",
            "--only-binary", ":all:",  # wheels only, as every session installs
            "--python-version", "3.10", "--custom-compile-command", "nox -s lock",
            *([] if check else ["--upgrade"]), *constraints, *sources, "-o", str(output),
        )
        if check and not filecmp.cmp(target, output, shallow=False):
            stale.append(name)
    shutil.rmtree(scratch, ignore_errors=True)
    if stale:
        session.error(f"stale lock files (run `nox -s lock`): {', '.join(stale)}")


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Regenerate the reference pages from the code (`-- --check`: fail when one is stale)."""
    install_locked(session, "dev.txt")  # Invoke and nox: the tasks and sessions are listed
    session.install("--no-deps", "-e", ".", env=BUILD_ENV)
    session.run("python", "scripts/generate_docs.py", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks against commitizen, bump-my-version, keepachangelog and uv build."""
    session.install(".", *nox.project.dependency_groups(PYPROJECT, "bench"), env=BUILD_ENV)
    session.run("python", "benchmarks/validate_speed.py")
    session.run("python", "benchmarks/hostile_inputs.py")
    session.run("python", "benchmarks/run.py", *session.posargs)


def _url_out_of_sight(session: nox.Session) -> tuple[list[str], dict[str, str]]:
    """``--repository-url URL`` travels in TWINE_REPOSITORY_URL instead of the command line:
    nox prints every command it runs, and an upload URL can carry a password. Every spelling
    is caught (``--repository``, ``--repository-u=URL``: `release` refuses abbreviations, but
    nox would print them first), and no other argument may carry a ``user:password@`` URL."""
    args, env = [], {}
    items = iter(session.posargs)
    for arg in items:
        name, equals, value = arg.partition("=")
        if len(name) > len("--repo") and "--repository-url".startswith(name):
            env["TWINE_REPOSITORY_URL"] = value if equals else next(items, "")
        elif "://" in arg and "@" in arg:
            session.error("an argument holds a URL with a user or password, which nox would "
                          "print: pass the upload URL as --repository-url URL")
        else:
            args.append(arg)
    return args, env


def _option(posargs: list[str], name: str) -> str | None:
    """The value of ``name VALUE`` or ``name=VALUE`` among the session's arguments."""
    for index, arg in enumerate(posargs):
        if arg == name and index + 1 < len(posargs):
            return posargs[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _source_date_epoch(session: nox.Session) -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    out = session.run("git", "log", "-1", "--format=%ct", external=True, silent=True)
    return str(out).strip()
