"""The bad-input corpus: every command, fed what a clumsy user or an attacker would feed it.

Each case is a small change to a sample project (files, git state, environment), a command,
the exit code it must end with (1: the step failed or the project is not ready, 2: wrong
usage) and a fragment of the message. tests/test_bad_inputs.py runs them all and asserts, for
each: no traceback, that exit code, the fragment, the named file or option, a hint, and that
no file and no ref changed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field

from samples import Sample

Setup = Callable[[Sample], None]


@dataclass(frozen=True)
class Case:
    id: str
    argv: tuple[str, ...]
    code: int
    fragment: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    commit: bool = True
    """Commit the files (a dirty tree is a case of its own)."""
    setup: Setup | None = None
    env: dict[str, str] = field(default_factory=dict)
    names: str | None = None
    """Text naming the file or option at fault (default: no extra requirement)."""
    hint: bool = True
    command: str = "release"
    """``release`` (the installed command), ``shim`` (scripts/release/validate_release.py)."""
    base: str = "released"
    """The sample it starts from: ``released`` (1.3.0, tagged; an Unreleased section with
    entries) or ``prepared`` (1.4.0 prepared and committed, not tagged yet)."""


PYPROJECT_HEAD = '[project]\nname = "sample-project"\n'
HUGE_DIGITS = "1" * 5000


def _fifo(name: str) -> Setup:
    def setup(sample: Sample) -> None:
        path = sample.path / name
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    return setup


def _folder(name: str) -> Setup:
    def setup(sample: Sample) -> None:
        path = sample.path / name
        path.unlink(missing_ok=True)
        path.mkdir()

    return setup


def _unreadable(name: str) -> Setup:
    def setup(sample: Sample) -> None:
        (sample.path / name).chmod(0)

    return setup


def _remove(name: str) -> Setup:
    def setup(sample: Sample) -> None:
        (sample.path / name).unlink()

    return setup


def _git(*args: str) -> Setup:
    def setup(sample: Sample) -> None:
        sample.git(*args)

    return setup


def _dist(files: dict[str, bytes]) -> Setup:
    def setup(sample: Sample) -> None:
        dist = sample.path / "dist"
        dist.mkdir(exist_ok=True)
        for name, data in files.items():
            (dist / name).write_bytes(data)

    return setup


def _unreadable_in_dist(sample: Sample) -> None:
    dist = sample.path / "dist"
    dist.mkdir(exist_ok=True)
    path = dist / "sample_project-1.4.0.tar.gz"
    path.write_bytes(b"x")
    path.chmod(0)


def _both(*setups: Setup) -> Setup:
    def setup(sample: Sample) -> None:
        for one in setups:
            one(sample)

    return setup


def _executable_dir_readonly(sample: Sample) -> None:
    (sample.path / "ro").mkdir()
    (sample.path / "ro").chmod(stat.S_IRUSR | stat.S_IXUSR)


# -- usage errors: every command ----------------------------------------------------------

USAGE: list[Case] = [
    Case("no-command", (), 2, "no command given"),
    Case("unknown-command", ("frobnicate",), 2, "invalid choice"),
    Case("unknown-option-top", ("--frob",), 2, "unknown option --frob"),
    *[
        Case(f"unknown-option-{cmd}", (cmd, "--frobnicate"), 2, "unrecognized arguments",
             names="--frobnicate")
        for cmd in ("validate", "tag", "notes", "publish", "guard-main")
    ],
    Case("unknown-option-prepare", ("prepare", "patch", "--frobnicate"), 2,
         "unrecognized arguments", names="--frobnicate"),
    Case("unknown-option-checksums", ("checksums", "dist", "--frobnicate"), 2,
         "unrecognized arguments", names="--frobnicate"),
    Case("checksums-missing-dir", ("checksums",), 2, "required"),
    Case("prepare-missing-target", ("prepare",), 2, "required"),
    Case("validate-bad-mode", ("validate", "--mode", "release"), 2, "invalid choice",
         names="--mode"),
    Case("validate-bad-format", ("validate", "--format", "xml"), 2, "invalid choice",
         names="--format"),
    Case("validate-tag-mode-without-tag", ("validate", "--mode", "tag"), 2,
         "tag mode needs a tag", names="--tag"),
    Case("guard-retries-not-a-number", ("guard-main", "--retries", "many"), 2,
         "not a whole number", names="--retries"),
    Case("guard-delay-not-a-number", ("guard-main", "--retry-delay", "soon"), 2,
         "not a number of seconds", names="--retry-delay"),
    Case("guard-retries-negative", ("guard-main", "--retries", "-1"), 2, "out of range",
         names="--retries"),
    Case("guard-retries-huge", ("guard-main", "--retries", "1000000"), 2, "out of range"),
    Case("guard-delay-negative", ("guard-main", "--retry-delay", "-1"), 2, "out of range",
         names="--retry-delay"),
    Case("guard-delay-nan", ("guard-main", "--retry-delay", "nan"), 2, "out of range"),
    Case("guard-delay-inf", ("guard-main", "--retry-delay", "inf"), 2, "out of range"),
    Case("guard-max-wait-negative", ("guard-main", "--max-wait", "-5"), 2, "out of range",
         names="--max-wait"),
    Case("publish-bad-credentials-choice", ("publish", "--credentials", "password"), 2,
         "invalid choice", names="--credentials"),
    Case("github-release-no-files", ("github-release", "v1.3.0"), 2, "required"),
    Case("github-release-bad-prerelease", ("github-release", "v1.3.0", "x", "--prerelease",
                                           "maybe"), 2, "invalid choice"),
    Case("notes-two-versions", ("notes", "1.3.0", "1.2.0"), 2, "unrecognized arguments"),
    Case("verify-bad-provenance-choice", ("verify", "--provenance", "maybe"), 2,
         "invalid choice", names="--provenance"),
    Case("verify-wait-negative", ("verify", "--wait", "-1"), 2, "out of range",
         names="--wait"),
    Case("verify-workflow-path", ("verify", "--workflow", "../../x/release.yml"), 2,
         "not a workflow file name", names="--workflow"),
    *[
        Case(f"empty-{number}-{'-'.join(a.strip('-=') for a in argv if a.startswith('-'))}"
             .rstrip("-"), argv, 2, "empty value")
        for number, argv in enumerate([
            ("validate", "--tag", ""), ("validate", "--tag="), ("validate", "--tag", "  "),
            ("validate", "--pyproject", ""), ("validate", "--changelog", ""),
            ("validate", "--repo", ""), ("validate", "--dist", ""), ("validate", "--mode="),
            ("prepare", ""), ("prepare", "patch", "--date", ""), ("prepare", "patch", "--repo="),
            ("tag", "--remote", ""), ("tag", "--repo", ""),
            ("notes", ""), ("notes", "--changelog", ""), ("notes", "--output", ""),
            ("checksums", ""), ("checksums", "dist", "--output", ""),
            ("publish", "--dist", ""), ("publish", "--repository-url", ""),
            ("publish", "--repository-url="),
            ("guard-main", "--sha", ""), ("guard-main", "--repo", ""),
            ("guard-main", "--branch", ""), ("guard-main", "--allow-bot", ""),
            ("verify", "--checksums", ""), ("verify", "--repository-url", ""),
        ])
    ],
]

# -- versions: arguments ----------------------------------------------------------------------

VERSIONS: list[Case] = [
    Case("prepare-unknown-keyword", ("prepare", "huge"), 1, "not a valid PEP 440"),
    Case("prepare-not-pep440", ("prepare", "1.4.0-final"), 1, "not a valid PEP 440"),
    Case("prepare-fullwidth-digits", ("prepare", "\uff11.\uff14.\uff10"), 1,
         "not a valid PEP 440"),
    Case("prepare-huge-digits", ("prepare", HUGE_DIGITS), 1, "not a valid PEP 440"),
    Case("prepare-lower-version", ("prepare", "1.2.0"), 1, "not higher than the current"),
    Case("prepare-same-as-tag", ("prepare", "1.3.0"), 1, "already exists"),
    Case("prepare-bad-date-month", ("prepare", "1.4.0", "--date", "2026-13-01"), 1,
         "is not a date", names="--date"),
    Case("prepare-bad-date-day", ("prepare", "1.4.0", "--date", "2026-02-30"), 1,
         "is not a date", names="--date"),
    Case("prepare-bad-date-form", ("prepare", "1.4.0", "--date", "26-11-25"), 1,
         "is not a date", names="--date"),
    Case("prepare-bad-date-words", ("prepare", "1.4.0", "--date", "tomorrow"), 1,
         "is not a date", names="--date"),
    Case("notes-not-pep440", ("notes", "one.four"), 1, "not a valid PEP 440"),
    Case("notes-huge-digits", ("notes", HUGE_DIGITS), 1, "not a valid PEP 440"),
    Case("notes-missing-section", ("notes", "9.9.9"), 1, "no section for 9.9.9",
         names="CHANGELOG.md"),
    Case("validate-tag-huge-digits", ("validate", "--tag", "v" + HUGE_DIGITS), 2,
         "characters long", names="--tag"),
    Case("validate-tag-huge-from-ci", ("validate",), 2, "characters long",
         env={"RELEASE_TAG": "v" + HUGE_DIGITS}, names="RELEASE_TAG"),
    Case("validate-tag-wrong-prefix", ("validate", "--tag", "release-1.3.0"), 1,
         "does not follow the release tags' scheme"),
    Case("validate-tag-not-a-version", ("validate", "--tag", "vnext"), 1,
         "does not follow the release tags' scheme"),
    Case("validate-tag-other-version", ("validate", "--tag", "v9.9.9"), 1,
         "tag v9.9.9 is version 9.9.9"),
]

# -- pyproject.toml ---------------------------------------------------------------------------

PYPROJECT: list[Case] = [
    Case("pyproject-not-toml", ("validate",), 1, "not valid TOML",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0\n'}, names="pyproject.toml"),
    Case("pyproject-unclosed-at-the-end", ("validate",), 1, "close what is left open",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\nclassifiers = [\n'},
         names="pyproject.toml"),
    Case("pyproject-nested-deeply", ("validate",), 1, "nested too deeply",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\nkeywords = '
                + "[" * 50_000 + "]" * 50_000 + "\n"}, names="pyproject.toml"),
    Case("pyproject-not-utf8", ("validate",), 1, "not valid UTF-8",
         files={"pyproject.toml": b'[project]\nname = "\xff"\nversion = "1.3.0"\n'},
         names="pyproject.toml"),
    Case("pyproject-binary", ("validate",), 1, "pyproject.toml",
         files={"pyproject.toml": b"\x00\x01\x02\x03" * 64}),
    Case("pyproject-fifo", ("validate",), 1, "not a regular file",
         setup=_fifo("pyproject.toml"), names="pyproject.toml", commit=False),
    Case("pyproject-folder", ("validate",), 1, "folder", setup=_folder("pyproject.toml"),
         names="pyproject.toml", commit=False),
    Case("pyproject-unreadable", ("validate",), 1, "pyproject.toml",
         setup=_unreadable("pyproject.toml"), commit=False),
    Case("pyproject-version-int", ("validate",), 1, "must be a string",
         files={"pyproject.toml": PYPROJECT_HEAD + "version = 13\n"}, names="pyproject.toml"),
    Case("pyproject-version-not-pep440", ("validate",), 1, "not a valid PEP 440",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0-final"\n'}),
    Case("pyproject-version-huge", ("validate",), 1, "not a valid PEP 440",
         files={"pyproject.toml": PYPROJECT_HEAD + f'version = "{HUGE_DIGITS}"\n'}),
    Case("pyproject-project-not-table", ("validate",), 1, "pyproject.toml",
         files={"pyproject.toml": 'project = "sample"\n'}),
    Case("pyproject-tool-not-table", ("validate",), 1, "pyproject.toml",
         files={"pyproject.toml": 'tool = "yes"\n' + PYPROJECT_HEAD + 'version = "1.3.0"\n'}),
    Case("pyproject-tool-release-not-table", ("validate",), 1, "[tool.release]",
         files={"pyproject.toml": 'tool = {release = 3}\n' + PYPROJECT_HEAD
                + 'version = "1.3.0"\n'}),
    Case("pyproject-tool-release-unknown-key", ("validate",), 1, "unknown key",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\n[tool.release]\n'
                'tag-prefix = "v"\nfrobnicate = 1\n'}, names="pyproject.toml"),
    Case("pyproject-tool-release-wrong-type", ("validate",), 1, "must be",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\n[tool.release]\n'
                'tag-prefix = 1\n'}, names="tag-prefix"),
    Case("pyproject-hatch-version-not-table", ("validate",), 1, "pyproject.toml",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.hatch]\nversion = "1.3.0"\n'}),
    Case("pyproject-dynamic-without-source", ("validate",), 1, "version",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'}),
    Case("pyproject-missing", ("validate",), 1, "pyproject.toml", setup=_remove("pyproject.toml"),
         commit=False),
    Case("pyproject-missing-notes", ('notes',), 1, "pyproject.toml does not exist",
         setup=_remove("pyproject.toml"), commit=False),
    Case("pyproject-missing-prepare", ('prepare', 'patch'), 1, "pyproject.toml does not exist",
         setup=_remove("pyproject.toml"), commit=False),
    Case("pyproject-missing-tag", ('tag',), 1, "pyproject.toml does not exist",
         setup=_remove("pyproject.toml"), commit=False),
    Case("pyproject-option-missing", ("validate", "--pyproject", "nope/pyproject.toml"), 1,
         "nope/pyproject.toml"),
    Case("prepare-pyproject-not-toml", ("prepare", "patch"), 1, "not valid TOML",
         files={"pyproject.toml": PYPROJECT_HEAD + "version = [\n"}, names="pyproject.toml"),
    Case("prepare-version-int", ("prepare", "patch"), 1, "must be a string",
         files={"pyproject.toml": PYPROJECT_HEAD + "version = 13\n"}),
    Case("tag-pyproject-not-toml", ("tag",), 1, "not valid TOML",
         files={"pyproject.toml": PYPROJECT_HEAD + "version = [\n"}),
    Case("notes-pyproject-fifo", ("notes",), 1, "not a regular file",
         setup=_fifo("pyproject.toml"), commit=False),
]

# -- the changelog ----------------------------------------------------------------------------

CHANGELOG: list[Case] = [
    Case("changelog-empty", ("validate",), 1, "empty", files={"CHANGELOG.md": ""},
         names="CHANGELOG.md"),
    Case("changelog-blank", ("validate",), 1, "empty", files={"CHANGELOG.md": "\n \n\t\n"}),
    Case("changelog-binary", ("validate",), 1, "binary",
         files={"CHANGELOG.md": b"# C\x00\x01\n"}, names="CHANGELOG.md"),
    Case("changelog-not-utf8", ("validate",), 1, "not valid UTF-8",
         files={"CHANGELOG.md": b"# Changelog\n\n## [1.3.0] - 2026-10-01\n\n- caf\xe9\n"},
         names="CHANGELOG.md:5"),
    Case("changelog-fifo", ("validate",), 1, "not a regular file", setup=_fifo("CHANGELOG.md"),
         names="CHANGELOG.md", commit=False),
    Case("changelog-folder", ("validate",), 1, "folder", setup=_folder("CHANGELOG.md"),
         names="CHANGELOG.md", commit=False),
    Case("changelog-unreadable", ("validate",), 1, "CHANGELOG.md",
         setup=_unreadable("CHANGELOG.md"), commit=False),
    Case("changelog-option-missing", ("validate", "--changelog", "NEWS.txt"), 1, "NEWS.txt"),
    Case("changelog-no-section", ("validate",), 1, "no section for 1.3.0",
         files={"CHANGELOG.md": "# Changelog\n\n## [1.2.0] - 2026-01-01\n\n- Old.\n"}),
    Case("changelog-huge-heading-number", ("validate",), 1, "no section",
         files={"CHANGELOG.md": f"# Changelog\n\n## [{HUGE_DIGITS}] - 2026-01-01\n\n- x\n"}),
    Case("changelog-duplicate-section", ("validate",), 1, "more than one section",
         files={"CHANGELOG.md": "# C\n\n## [1.3.0] - 2026-10-01\n\n- a\n\n"
                "## [1.3.0] - 2026-09-01\n\n- b\n"}),
    Case("changelog-undated", ("validate",), 1, "no release date",
         files={"CHANGELOG.md": "# C\n\n## [1.3.0]\n\n- a\n"}),
    Case("changelog-stub", ("validate",), 1, "placeholder",
         files={"CHANGELOG.md": "# C\n\n## [1.3.0] - 2026-10-01\n\n"
                "- TODO: describe the changes in this release.\n"}),
    Case("notes-changelog-binary", ("notes", "1.3.0"), 1, "binary",
         files={"CHANGELOG.md": b"\x00\x00"}),
    Case("notes-changelog-folder", ("notes", "1.3.0"), 1, "folder",
         setup=_folder("CHANGELOG.md"), commit=False),
    Case("prepare-changelog-binary", ("prepare", "1.4.0"), 1, "binary",
         files={"CHANGELOG.md": b"\x00\x00"}),
    Case("prepare-changelog-section-exists", ("prepare", "1.4.0"), 1,
         "already has a section for 1.4.0",
         files={"CHANGELOG.md": "# C\n\n## [Unreleased]\n\n- z\n\n## [1.4.0] - 2026-11-01\n\n- x\n\n"
                "## [1.3.0] - 2026-10-01\n\n- y\n"}),
]

# -- git and the repository ------------------------------------------------------------------

GIT: list[Case] = [
    Case("repo-not-a-folder", ("validate", "--repo", "nowhere"), 1, "nowhere"),
    Case("prepare-dirty-tree", ("prepare", "1.4.0"), 1, "uncommitted changes",
         files={"README.md": "edited\n"}, commit=False),
    Case("tag-dirty-tree", ("tag",), 1, "uncommitted changes",
         files={"README.md": "edited\n"}, commit=False, base="prepared"),
    Case("tag-not-on-main", ("tag",), 1, "not on the main branch",
         setup=_both(_git("checkout", "-q", "-b", "topic"),
                     _git("commit", "-q", "--allow-empty", "-m", "topic")), base="prepared"),
    Case("tag-exists-elsewhere", ("tag",), 1, "already exists",
         setup=_both(_git("tag", "-a", "-m", "x", "v1.4.0", "HEAD~1")), base="prepared"),
    Case("tag-push-unknown-remote", ("tag", "--push", "--remote", "upstream"), 1,
         "is not a remote", names="upstream", base="prepared"),
    Case("tag-push-option-injection", ("tag", "--push", "--remote=--upload-pack=touch X"), 1,
         "is not a remote", base="prepared"),
    Case("tag-push-injection-short", ("tag", "--push", "--remote", "-oProxyCommand=x"), 2,
         "expected one argument", names="--remote", base="prepared"),
    Case("validate-tag-mode-missing-tag", ("validate", "--tag", "v1.4.0-no"), 1, "v1.4.0-no"),
]

# -- built files and checksums ---------------------------------------------------------------

DIST: list[Case] = [
    Case("validate-dist-missing", ("validate", "--dist", "dist"), 1, "dist"),
    Case("validate-dist-is-file", ("validate", "--dist", "README.md"), 1, "README.md"),
    Case("validate-dist-empty", ("validate", "--dist", "dist"), 1, "0 sdist",
         setup=_folder("dist"), commit=False),
    Case("validate-dist-corrupt-wheel", ("validate", "--dist", "dist"), 1, "cannot be read",
         setup=_dist({"sample_project-1.4.0-py3-none-any.whl": b"not a zip"}), commit=False),
    Case("validate-dist-corrupt-sdist", ("validate", "--dist", "dist"), 1, "cannot be read",
         setup=_dist({"sample_project-1.4.0.tar.gz": b"not a tarball"}), commit=False),
    Case("validate-dist-unreadable", ("validate", "--dist", "dist"), 1, "cannot be read",
         setup=_unreadable_in_dist, commit=False),
    Case("checksums-dir-missing", ("checksums", "dist"), 1, "is not a folder"),
    Case("checksums-dir-empty", ("checksums", "dist"), 1, "is empty", setup=_folder("dist"),
         commit=False),
    Case("checksums-output-inside", ("checksums", "dist", "--output", "dist/SHA256SUMS"), 2,
         "inside", setup=_dist({"a.whl": b"a"}), commit=False),
    Case("checksums-output-onto-folder", ("checksums", "dist", "--output", "dist"), 1,
         "is a folder", setup=_dist({"a.whl": b"a"}), commit=False),
    Case("checksums-output-missing-folder", ("checksums", "dist", "--output", "no/SUMS"), 1,
         "does not exist", setup=_dist({"a.whl": b"a"}), commit=False),
    Case("checksums-output-readonly-folder", ("checksums", "dist", "--output", "ro/SUMS"), 1,
         "cannot write", setup=_both(_dist({"a.whl": b"a"}), _executable_dir_readonly),
         commit=False),
    Case("notes-output-missing-folder", ("notes", "1.3.0", "--output", "no/notes.md"), 1,
         "does not exist"),
    Case("notes-output-onto-folder", ("notes", "1.3.0", "--output", "dist"), 1, "is a folder",
         setup=_folder("dist"), commit=False),
    Case("publish-dist-missing", ("publish", "--dry-run"), 1, "dist"),
]

# -- the original command keeps behaving like `release validate` ----------------------------

SHIM: list[Case] = [
    Case("shim-tag-empty", ("--tag", ""), 2, "empty value", command="shim"),
    Case("shim-bad-mode", ("--mode", "release"), 2, "invalid choice", command="shim"),
    Case("shim-changelog-missing", ("--changelog", "NEWS.txt"), 1, "NEWS.txt", command="shim"),
    Case("shim-pyproject-not-toml", (), 1, "not valid TOML", command="shim",
         files={"pyproject.toml": PYPROJECT_HEAD + "version = [\n"}),
    Case("shim-tag-other-version", ("--tag", "v9.9.9"), 1, "is version 9.9.9", command="shim"),
]

# -- publishing, the guard, GitHub releases: bad URLs, bad files, no credentials ----------

_SECRET = "pypi-AgEIcHlwaS5vcmcBAD-INPUT-CORPUS-SECRET-0123456789"


def _built_looking_dist(sample: Sample) -> None:
    """A dist/ that validation accepts far enough to reach the index step."""
    import io
    import tarfile
    import zipfile

    dist = sample.path / "dist"
    dist.mkdir(exist_ok=True)
    metadata = b"Metadata-Version: 2.1\nName: sample-project\nVersion: 1.3.0\n"
    wheel = io.BytesIO()
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("sample_project/__init__.py", "")
        archive.writestr("sample_project-1.3.0.dist-info/METADATA", metadata)
    (dist / "sample_project-1.3.0-py3-none-any.whl").write_bytes(wheel.getvalue())
    sdist = io.BytesIO()
    with tarfile.open(fileobj=sdist, mode="w:gz") as archive:
        for name, data in (("sample_project-1.3.0/PKG-INFO", metadata),
                           ("sample_project-1.3.0/pyproject.toml", b"[project]\n")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    (dist / "sample_project-1.3.0.tar.gz").write_bytes(sdist.getvalue())


def _event(content: str | bytes) -> Setup:
    def setup(sample: Sample) -> None:
        path = sample.path.parent / "event.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)

    return setup


PUBLISH: list[Case] = [
    Case("publish-url-not-a-url", ("publish", "--dry-run", "--repository-url", "notaurl"), 1,
         "notaurl", setup=_built_looking_dist, commit=False),
    Case("publish-url-bad-port", ("publish", "--dry-run", "--repository-url",
                                  "http://127.0.0.1:notaport/"), 1, "port",
         setup=_built_looking_dist, commit=False),
    Case("publish-url-ftp", ("publish", "--dry-run", "--repository-url", "ftp://example.com/"),
         1, "http", setup=_built_looking_dist, commit=False),
    Case("publish-url-password-unreachable", ("publish", "--repository-url",
                                              f"http://__token__:{_SECRET}@127.0.0.1:9/"),
         1, "127.0.0.1:9", setup=_built_looking_dist, commit=False),
    Case("publish-token-unreachable", ("publish", "--repository-url", "http://127.0.0.1:9/"),
         1, "127.0.0.1:9", setup=_built_looking_dist, commit=False,
         env={"PYPI_API_TOKEN": _SECRET}),
    Case("publish-no-credentials", ("publish", "--repository-url", "http://127.0.0.1:9/"), 1,
         "", setup=_built_looking_dist, commit=False),
    Case("publish-stray-file-in-dist", ("publish", "--dry-run"), 1, "dist",
         setup=_both(_built_looking_dist, _dist({"old-0.9.tar.gz": b"x"})), commit=False),
    Case("publish-dist-is-a-file", ("publish", "--dist", "README.md", "--dry-run"), 1,
         "README.md"),
    Case("publish-sums-mismatch", ("publish", "--dry-run"), 1, "SHA256SUMS",
         setup=_both(_built_looking_dist, lambda s: (s.path / "SHA256SUMS").write_text(
             "0" * 64 + "  sample_project-1.3.0-py3-none-any.whl\n")), commit=False),
]

VERIFY: list[Case] = [
    Case("verify-no-sha256sums", ("verify", "--provenance", "skip"), 1, "SHA256SUMS does not "
         "exist", names="SHA256SUMS"),
    Case("verify-sha256sums-not-sums", ("verify", "--provenance", "skip"), 1, "line 1",
         files={"SHA256SUMS": "not a checksum line\n"}, names="SHA256SUMS"),
    Case("verify-index-unreachable", ("verify", "--provenance", "skip", "--repository-url",
                                      "http://127.0.0.1:9/"), 1, "127.0.0.1:9",
         files={"SHA256SUMS": "0" * 64 + "  sample_project-1.3.0.tar.gz\n"}),
    Case("verify-two-releases", ("verify", "--provenance", "skip"), 1, "more than one release",
         files={"SHA256SUMS": "0" * 64 + "  sample_project-1.3.0.tar.gz\n" + "1" * 64
                + "  sample_project-1.2.0.tar.gz\n"}),
    Case("verify-no-repository", ("verify",), 2, "no repository"),
]

GUARD: list[Case] = [
    Case("guard-no-repository", ("guard-main", "--sha", "a" * 40), 2, "no repository"),
    Case("guard-repository-without-owner", ("guard-main", "--repo", "justaname", "--sha",
                                             "a" * 40), 2, "OWNER/NAME"),
    Case("guard-event-missing", ("guard-main", "--repo", "o/r"), 1, "event file",
         env={"GITHUB_EVENT_PATH": "/nonexistent/event.json"}),
    Case("guard-event-not-json", ("guard-main", "--repo", "o/r"), 1, "event file",
         setup=_event("{not json"), env={"GITHUB_EVENT_PATH": "../event.json"}),
    Case("guard-event-binary", ("guard-main", "--repo", "o/r"), 1, "event file",
         setup=_event(b"\xff\xfe\x00"), env={"GITHUB_EVENT_PATH": "../event.json"}),
    Case("guard-event-folder", ("guard-main", "--repo", "o/r"), 1, "is a folder",
         env={"GITHUB_EVENT_PATH": "/"}, names="GITHUB_EVENT_PATH"),
    Case("guard-event-a-list", ("guard-main", "--repo", "o/r"), 2, "no push event",
         setup=_event("[1, 2, 3]"), env={"GITHUB_EVENT_PATH": "../event.json",
                                          "GITHUB_API_URL": "http://127.0.0.1:9"}),
    Case("guard-api-unreachable", ("guard-main", "--repo", "o/r", "--sha", "a" * 40,
                                   "--retries", "0"), 1, "",
         env={"GITHUB_API_URL": "http://127.0.0.1:9", "GITHUB_TOKEN": "ghs_corpusFAKEtoken1"}),
    Case("guard-api-not-a-url", ("guard-main", "--repo", "o/r", "--sha", "a" * 40,
                                 "--retries", "0"), 1, "", env={"GITHUB_API_URL": "nota url"}),
    Case("github-release-notes-missing", ("github-release", "v1.3.0", "README.md",
                                          "--notes-file", "NOTES.md", "--repo", "o/r"), 2,
         "NOTES.md", env={"GITHUB_TOKEN": "ghs_corpusFAKEtoken1"}),
    Case("github-release-file-missing", ("github-release", "v1.3.0", "dist/nothing.whl",
                                         "--repo", "o/r"), 2, "nothing.whl",
         env={"GITHUB_TOKEN": "ghs_corpusFAKEtoken1"}),
    Case("github-release-no-token", ("github-release", "v1.3.0", "README.md", "--repo", "o/r"),
         2, "GITHUB_TOKEN"),
    Case("github-release-api-unreachable", ("github-release", "v1.3.0", "README.md", "--repo",
                                            "o/r"), 1, "",
         env={"GITHUB_TOKEN": "ghs_corpusFAKEtoken1", "GITHUB_API_URL": "http://127.0.0.1:9"}),
]

# -- where the version lives: declarations that point nowhere -------------------------------

LAYOUT: list[Case] = [
    Case("hatch-path-missing", ("validate",), 1, "does not exist",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                '[tool.hatch.version]\npath = "nowhere/__about__.py"\n'},
         names="nowhere/__about__.py"),
    Case("hatch-path-no-version", ("validate",), 1, "version",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                '[tool.hatch.version]\npath = "sample_project/__init__.py"\n',
                "sample_project/__init__.py": "NAME = 'x'\n"}),
    Case("hatch-path-not-a-string", ("validate",), 1, "path",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                '[tool.hatch.version]\npath = 3\n'}),
    Case("hatch-pattern-without-group", ("validate",), 1, "pattern",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                '[tool.hatch.version]\npath = "sample_project/__init__.py"\n'
                'pattern = "VERSION = (.*)"\n',
                "sample_project/__init__.py": "VERSION = '1.3.0'\n"}),
    Case("hatch-pattern-bad-regex", ("validate",), 1, "pattern",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                '[tool.hatch.version]\npath = "sample_project/__init__.py"\n'
                'pattern = "(?P<version>["\n',
                "sample_project/__init__.py": "VERSION = '1.3.0'\n"}),
    Case("hatch-version-file-fifo", ("validate",), 1, "not a regular file",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                '[tool.hatch.version]\npath = "VERSION.txt"\npattern = "(?P<version>.+)"\n'},
         setup=_fifo("VERSION.txt")),
    Case("setuptools-attr-missing-module", ("validate",), 1, "nowhere",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "nowhere.__version__"}\n'}),
    Case("setuptools-attr-not-a-string", ("validate",), 1, "attr",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = 3}\n'}),
    Case("setuptools-file-missing", ("validate",), 1, "VERSION",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {file = "VERSION"}\n'}),
    Case("module-not-python", ("validate",), 1, "sample_project/__init__.py",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "sample_project.__version__"}\n',
                "sample_project/__init__.py": "def (:\n"}),
    Case("module-not-utf8", ("validate",), 1, "sample_project/__init__.py",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "sample_project.__version__"}\n',
                "sample_project/__init__.py": b"__version__ = '1.3.0'  # \xff\n"}),
    Case("poetry-version-not-a-string", ("validate",), 1, "string",
         files={"pyproject.toml": '[tool.poetry]\nname = "sample-project"\nversion = 1\n'}),
    Case("setup-cfg-broken", ("validate",), 1, "setup.cfg",
         setup=_both(_remove("pyproject.toml"),
                     lambda s: (s.path / "setup.cfg").write_text("[metadata\nversion = 1\n"))),
    Case("setup-cfg-section-twice", ("validate",), 1, "section 'metadata' already exists",
         setup=_both(_remove("pyproject.toml"), lambda s: (s.path / "setup.cfg").write_text(
             "[metadata]\nname = sample-project\n\n[metadata]\nversion = 1.3.0\n")),
         names="setup.cfg"),
    # setup.py read with ast: a file too large, or an expression nested past what ast builds
    # (150,000 `+` crash Python 3.10 outright; 3.11+ raise RecursionError)
    Case("setup-py-too-large", ("validate",), 1, "too large to be read without running it",
         setup=_both(_remove("pyproject.toml"), lambda s: (s.path / "setup.py").write_text(
             "from setuptools import setup\nV = " + "+".join(["'1'"] * 70_000)
             + "\nsetup(name='sample-project', version=V)\n")), names="setup.py"),
    Case("setup-py-nested-deeply", ("validate",), 1, "setup.py",
         setup=_both(_remove("pyproject.toml"), lambda s: (s.path / "setup.py").write_text(
             "from setuptools import setup\nV = " + "+".join(["1"] * 60_000)
             + "\nsetup(name='sample-project', version=V)\n")), names="setup.py"),
    Case("setup-cfg-attr-missing", ("validate",), 1, "nowhere",
         setup=_both(_remove("pyproject.toml"), lambda s: (s.path / "setup.cfg").write_text(
             "[metadata]\nname = sample-project\nversion = attr: nowhere.__version__\n"))),
    Case("config-version-files-not-a-list", ("validate",), 1, "version-files",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\n[tool.release]\n'
                'version-files = "docs/conf.py"\n'}),
    Case("config-ignore-tags-not-a-list", ("validate",), 1, "ignore-tags",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\n[tool.release]\n'
                'ignore-tags = 3\n'}),
    Case("config-version-file-missing", ("validate",), 1, "docs/conf.py",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\n[tool.release]\n'
                'version-files = ["docs/conf.py"]\n'}),
    Case("config-changelog-folder", ("validate",), 1, "folder",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0"\n[tool.release]\n'
                'changelog = "sample_project"\n'}),
    Case("changelog-dangling-symlink", ("validate",), 1, "symlink",
         setup=_both(_remove("CHANGELOG.md"),
                     lambda s: (s.path / "CHANGELOG.md").symlink_to("docs/gone.md"))),
    Case("towncrier-config-broken", ("validate",), 1, "towncrier.toml",
         files={"towncrier.toml": "[tool.towncrier\n"}),
    Case("prepare-towncrier-config-broken", ("prepare", "1.4.0"), 1, "towncrier.toml",
         files={"towncrier.toml": "[tool.towncrier]\nfilename = 3\n"}),
    Case("prepare-computed-version", ("prepare", "patch"), 1, "`_dev`",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "sample_project.__version__"}\n',
                "sample_project/__init__.py": "__version_info__ = (1, 3, 0)\n_dev = 1\n"
                "__version__ = make(*__version_info__, _dev)\n"}),
    Case("prepare-tuple-cannot-say-it", ("prepare", "1.3.1rc1"), 1, "no release level",
         files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\nversion = {attr = "sample_project.__version__"}\n',
                "sample_project/__init__.py": "__version_info__ = (1, 3, 0)\n"
                "__version__ = '.'.join(map(str, __version_info__))\n"}),
    Case("tag-local-marker", ("tag",), 1, "+dev",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.4.0+dev"\n'}),
    Case("prepare-local-version", ("prepare", "1.4.0+local"), 1, "local"),
    Case("validate-local-version", ("validate",), 1, "local",
         files={"pyproject.toml": PYPROJECT_HEAD + 'version = "1.3.0+local"\n'}),
]

# -- round 2: paths a pull request chooses, outputs through links, URLs HTTP cannot carry ----


def _outside(name: str, text: str) -> Setup:
    """A file beside the repository (outside it), which a setting or a link points at."""
    def setup(sample: Sample) -> None:
        (sample.path.parent / name).write_text(text)

    return setup


def _link(name: str, target: str) -> Setup:
    def setup(sample: Sample) -> None:
        path = sample.path / name
        path.unlink(missing_ok=True)
        path.symlink_to(target)

    return setup


_RELEASE = PYPROJECT_HEAD + 'version = "1.3.0"\n[tool.release]\n'
_HATCH = (PYPROJECT_HEAD + 'dynamic = ["version"]\n[build-system]\nrequires = ["hatchling"]\n'
          'build-backend = "hatchling.build"\n[tool.hatch.version]\n')
_OUTSIDE_VERSION = _outside("version.py", '__version__ = "1.3.0"\n')
_OUTSIDE_CHANGELOG = _outside("CHANGELOG.md", "# C\n\n## [Unreleased]\n\n- x\n\n"
                              "## [1.3.0] - 2026-10-01\n\n- y\n")

PATHS: list[Case] = [
    *[Case(f"{cmd}-version-source-{kind}", (cmd, *extra), 1,
           "version-source in [tool.release] points outside the repository",
           files={"pyproject.toml": PYPROJECT_HEAD + 'dynamic = ["version"]\n[tool.release]\n'
                  f'version-source = "{where}"\n'}, setup=_OUTSIDE_VERSION)
      for cmd, extra in (("prepare", ("1.4.0",)), ("validate", ()))
      for kind, where in (("absolute", "/etc/hostname"), ("dotdot", "../version.py"))],
    *[Case(f"{cmd}-changelog-dotdot", (cmd, *extra), 1,
           "changelog in [tool.release] points outside the repository",
           files={"pyproject.toml": _RELEASE + 'changelog = "../../../elsewhere/CHANGELOG.md"\n'})
      for cmd, extra in (("prepare", ("1.4.0",)), ("validate", ()), ("notes", ("1.3.0",)))],
    Case("prepare-changelog-link-out", ("prepare", "1.4.0"), 1,
         "CHANGELOG.md lies outside the repository once its links are followed",
         setup=_both(_OUTSIDE_CHANGELOG, _link("CHANGELOG.md", "../CHANGELOG.md"))),
    Case("validate-changelog-link-out", ("validate",), 1, "lies outside the repository",
         setup=_both(_OUTSIDE_CHANGELOG, _link("CHANGELOG.md", "../CHANGELOG.md"))),
    Case("prepare-version-files-outside", ("prepare", "1.4.0"), 1,
         "version-files in [tool.release] points outside the repository",
         files={"pyproject.toml": _RELEASE + 'version-files = ["../version.py"]\n'},
         setup=_OUTSIDE_VERSION),
    Case("prepare-hatch-path-outside", ("prepare", "1.4.0"), 1, "points outside the repository",
         files={"pyproject.toml": _HATCH + 'path = "../version.py"\n'}, setup=_OUTSIDE_VERSION),
    Case("prepare-hatch-path-link-out", ("prepare", "1.4.0"), 1, "outside the repository",
         files={"pyproject.toml": _HATCH + 'path = "sample_project/__about__.py"\n'},
         setup=_both(_OUTSIDE_VERSION, _link("sample_project/__about__.py", "../../version.py"))),
    *[Case(f"validate-towncrier-{key}-outside", ("validate",), 1,
           f"{key} in the towncrier configuration (towncrier.toml) points outside",
           files={"towncrier.toml": f'[tool.towncrier]\n{key} = "{value}"\n'})
      for key, value in (("filename", "../NEWS.md"), ("directory", "/var"),
                         ("template", "/proc/self/environ"))],
    *[Case(f"{cmd}-output-link", (cmd, *extra, "--output", "out.txt"), 1, "is a symbolic link",
           setup=_both(_outside("victim.txt", "keep me\n"), _link("out.txt", "../victim.txt"),
                       *((_dist({"a.whl": b"a"}),) if cmd == "checksums" else ())),
           names="out.txt", commit=False)
      for cmd, extra in (("notes", ("1.3.0",)), ("checksums", ("dist",)))],
]

ROUND2: list[Case] = [
    Case("publish-url-with-space", ("publish", "--dry-run", "--repository-url",
                                    "http://127.0.0.1:9/with space/"), 1, "space",
         setup=_built_looking_dist, commit=False),
    Case("publish-url-with-newline", ("publish", "--dry-run", "--repository-url",
                                      "http://127.0.0.1:9/\nHost: x"), 1, "control character",
         setup=_built_looking_dist, commit=False),
    Case("publish-abbreviated-url-option", ("publish", "--dry-run", "--repository",
                                            f"http://__token__:{_SECRET}@127.0.0.1:9/"), 2,
         "unrecognized arguments"),
    Case("tag-abbreviated-option", ("tag", "--dry"), 2, "unrecognized arguments"),
    Case("validate-abbreviated-option", ("validate", "--chang", "CHANGELOG.md"), 2,
         "unrecognized arguments"),
    Case("guard-api-url-newline", ("guard-main", "--repo", "o/r", "--sha", "a" * 40), 1,
         "GITHUB_API_URL", env={"GITHUB_API_URL": "https://api.github.com\n/evil"}),
    Case("github-release-api-url-space", ("github-release", "v1.3.0", "README.md", "--repo",
                                          "o/r"), 1, "GITHUB_API_URL",
         env={"GITHUB_API_URL": "https://api.github .com", "GITHUB_TOKEN": "ghs_corpusFAKE1"}),
    Case("guard-token-newline", ("guard-main", "--repo", "o/r", "--sha", "a" * 40), 2,
         "GITHUB_TOKEN holds a space or a control character",
         env={"GITHUB_TOKEN": "ghs_corpusFAKEtoken1\nX-Injected: 1",
              "GITHUB_API_URL": "http://127.0.0.1:9"}),
    Case("guard-repo-dotdot", ("guard-main", "--repo", "../..", "--sha", "a" * 40), 2,
         "is not OWNER/NAME"),
    Case("guard-sha-not-a-commit", ("guard-main", "--repo", "o/r", "--sha", "../../x?y=1"), 2,
         "is not a commit id", names="--sha"),
]

CASES: list[Case] = [*USAGE, *VERSIONS, *PYPROJECT, *CHANGELOG, *GIT, *DIST, *SHIM, *PUBLISH,
                     *GUARD, *VERIFY, *LAYOUT, *PATHS, *ROUND2]
