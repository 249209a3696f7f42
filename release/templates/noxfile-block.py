# The release sessions, written by `release init`: keep your own sessions outside this block.
# `release init --upgrade` rewrites it for a new release-lifecycle; `release init --check` (and
# `nox -s init -- --check`) fail when it was edited. Each session installs release-lifecycle
# <<version>> and its tools from the hash-locked requirements/release-*.txt (`nox -s lock`
# refreshes them), never this project from source; `nox -s build` builds it with the locked
# build backend. Arguments after `--` reach the `release` command: `nox -s publish -- --dry-run`.
import nox  # noqa: E402 - the block stands on its own, wherever it is in the file

_RELEASE_VENV = "uv|virtualenv"
_RELEASE_REQUIREMENTS = "requirements"
# (lock file, constraints), compiled in this order by `nox -s lock`: the later files keep
# release-lifecycle's own dependencies at the versions of release.txt.
# How `nox -s lock` (and `release init`) compile each lock: one file for Linux, macOS and
# Windows and every Python the sessions may run on.
_RELEASE_COMPILE = <<compile_args>>
_RELEASE_LOCKS = (
    ("release-nox", ()),
    ("release", ()),
    ("release-build", ("-c", "requirements/release.txt")),
    ("release-publish", ("-c", "requirements/release.txt")),
    ("release-build-constraints", ()),
)


def _release_install(session: nox.Session, lock: str) -> None:
    """Install one lock file: hashes required, wheels only (nothing is built)."""
    session.install("--require-hashes", "--only-binary", ":all:", "-r",
                    f"{_RELEASE_REQUIREMENTS}/{lock}.txt")


@nox.session(name="validate", venv_backend=_RELEASE_VENV, default=False)
def _release_validate(session: nox.Session) -> None:
    """Check that version, changelog and tag agree (tag mode on a tag in CI)."""
    _release_install(session, "release")
    session.run("release", "validate", *session.posargs)


@nox.session(name="build", venv_backend=_RELEASE_VENV, default=False)
def _release_build(session: nox.Session) -> None:
    """Build sdist and wheel into an empty dist/, inspect them, write SHA256SUMS."""
    import os
    import pathlib
    import shutil

    _release_install(session, "release-build")
    constraints = str(pathlib.Path(_RELEASE_REQUIREMENTS, "release-build-constraints.txt")
                      .resolve())
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(session.run(
        "git", "log", "-1", "--format=%ct", external=True, silent=True)).strip()
    env = {"SOURCE_DATE_EPOCH": epoch, "UV_BUILD_CONSTRAINT": constraints,
           "UV_CONSTRAINT": constraints}
    shutil.rmtree("dist", ignore_errors=True)
    session.run("python", "-m", "build", "--installer", "uv", "--outdir", "dist", env=env)
    session.run("twine", "check", "--strict", *sorted(str(p) for p in pathlib.Path("dist")
                                                      .iterdir()))
    session.run("release", "validate", "--dist", "dist")
    session.run("release", "checksums", "dist", "--output", "SHA256SUMS")


@nox.session(name="publish", venv_backend=_RELEASE_VENV, default=False)
def _release_publish(session: nox.Session) -> None:
    """Upload exactly the files in dist/; builds nothing; re-runnable (skips identical files)."""
    _release_install(session, "release-publish")
    session.run("release", "publish", *session.posargs)


@nox.session(name="github-release", venv_backend=_RELEASE_VENV, default=False)
def _release_github_release(session: nox.Session) -> None:
    """Create or complete a GitHub Release: `-- TAG --notes-file F FILES...`; builds nothing."""
    _release_install(session, "release")
    session.run("release", "github-release", *session.posargs)


@nox.session(name="guard", venv_backend=_RELEASE_VENV, default=False)
def _release_guard(session: nox.Session) -> None:
    """Fail when commits reached <<branch>> without a merged pull request (protect-main)."""
    _release_install(session, "release")
    session.run("release", "guard-main", "--branch", "<<branch>>", *session.posargs)


@nox.session(name="notes", venv_backend=_RELEASE_VENV, default=False)
def _release_notes(session: nox.Session) -> None:
    """Print or write one version's release notes: `nox -s notes -- <<example_tag>> --output F`."""
    _release_install(session, "release")
    session.run("release", "notes", *session.posargs)


@nox.session(name="init", venv_backend=_RELEASE_VENV, default=False)
def _release_init(session: nox.Session) -> None:
    """`release init` of the locked release-lifecycle: `nox -s init -- --check` in CI."""
    _release_install(session, "release")
    session.run("release", "init", *session.posargs)


@nox.session(name="lock", venv_backend=_RELEASE_VENV, default=False)
def _release_lock(session: nox.Session) -> None:
    """Refresh requirements/release-*.txt from their inputs (`-- --check`: fail when stale)."""
    import filecmp
    import pathlib
    import shutil
    import tempfile

    _release_install(session, "release-nox")  # the uv that compiles
    check = "--check" in session.posargs
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="release-lock-"))
    stale = []
    for name, constraints in _RELEASE_LOCKS:
        target = pathlib.Path(_RELEASE_REQUIREMENTS, f"{name}.txt")
        output = scratch / target.name if check else target
        if check:
            shutil.copy(target, output)  # the existing pins are kept as preferences
        session.run("uv", "pip", "compile", *_RELEASE_COMPILE, *([] if check else ["--upgrade"]),
                    *constraints, f"{_RELEASE_REQUIREMENTS}/{name}.in", "-o", str(output))
        if check and not filecmp.cmp(target, output, shallow=False):
            stale.append(target.name)
    shutil.rmtree(scratch, ignore_errors=True)
    if stale:
        session.error(f"stale lock files (run `nox -s lock`): {', '.join(stale)}")
