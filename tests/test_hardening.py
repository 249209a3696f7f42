"""Failing safely: interrupts, concurrent runs, hostile arguments, broken pipes, CI files.

Every fault is injected by real means: real signals sent to the real `release` process,
a real lock held by another process, a real git remote that rejects or never answers.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from conftest import RELEASE, Sample, git, make_sample
from test_prepare import UNRELEASED

from release.commands.checksums import Entry, format_sums
from release.outside import ci, redact


@pytest.fixture
def project(tmp_path: Path) -> Sample:
    return make_sample(tmp_path / "p", version="1.3.0", changelog=UNRELEASED)


def state(sample: Sample) -> tuple[dict[str, bytes], str]:
    """Every file's bytes and every ref: what must not change when a command refuses."""
    return sample.snapshot(), sample.git("for-each-ref")


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr


# -- empty values are usage errors --------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["validate", "--mode", "tag", "--tag", ""],
    ["validate", "--mode", "tag", "--tag="],
    ["validate", "--tag", "   "],
    ["validate", "--changelog", ""],
    ["validate", "--repo="],
    ["prepare", ""],
    ["prepare", "patch", "--date", ""],
    ["tag", "--push", "--remote", ""],
    ["notes", "--output", ""],
    ["publish", "--repository-url", ""],
])
def test_an_empty_value_is_a_usage_error_not_a_default(project: Sample, argv: list[str]) -> None:
    before = state(project)
    proc = project.release(*argv)
    assert proc.returncode == 2, proc.stderr
    assert "empty value" in proc.stderr and "hint:" in proc.stderr
    no_traceback(proc)
    assert state(project) == before


@pytest.mark.slow
def test_json_stays_json_when_the_command_fails_before_validating(project: Sample) -> None:
    proc = project.release("validate", "--format", "json", "--mode", "tag")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["ok"] is False and "tag mode needs a tag" in data["error"]["message"]
    assert data["error"]["hint"] and data["error"]["exit_code"] == 2


# -- output streams -------------------------------------------------------------------------


@pytest.mark.slow
def test_a_reader_that_goes_away_is_not_a_traceback(project: Sample) -> None:
    big = "## [Unreleased]\n\n" + "".join(f"- entry {i}\n" for i in range(20000))
    project.write("CHANGELOG.md", UNRELEASED.replace("## [Unreleased]\n", big))
    project.commit()
    proc = subprocess.run(f"{RELEASE} notes 1.3.0 --changelog CHANGELOG.md | head -c 1; "
                          f"{RELEASE} validate --format json | head -c 1",
                          shell=True, cwd=project.path, capture_output=True, text=True,
                          check=False)
    no_traceback(proc)


@pytest.mark.slow
def test_a_closed_stdout_is_not_a_traceback(project: Sample) -> None:
    proc = subprocess.run(f"{RELEASE} validate >&-", shell=True, cwd=project.path,
                          capture_output=True, text=True, check=False)
    no_traceback(proc)
    assert proc.returncode in (0, 1)


@pytest.mark.parametrize("target", ["missing/notes.md", "folder"])
@pytest.mark.slow
def test_output_into_a_missing_folder_or_onto_a_folder(project: Sample, target: str) -> None:
    (project.path / "folder").mkdir()
    proc = project.release("notes", "1.3.0", "--output", target)
    assert proc.returncode == 1
    assert ("does not exist" if "missing" in target else "is a folder") in proc.stderr
    assert "hint:" in proc.stderr
    no_traceback(proc)


@pytest.mark.slow
def test_unwritable_step_summary_is_a_warning_not_a_crash(project: Sample, tmp_path: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "summary.md"),
           "GITHUB_OUTPUT": str(tmp_path)}
    proc = project.release("validate", env=env)
    no_traceback(proc)
    assert "GITHUB_STEP_SUMMARY" in proc.stderr and "could not be written" in proc.stderr
    assert "GITHUB_OUTPUT" in proc.stderr


# -- secrets --------------------------------------------------------------------------------


def test_redact_hides_registered_secrets_line_by_line_and_url_passwords() -> None:
    redact.register("first-line-SECRET\nsecond-line-SECRET")
    text = ("token first-line-SECRET and second-line-SECRET at "
            "https://__token__:pa55w0rd@upload.example/legacy/ and pypi-AgEIcHlwaS5vcmcCJGFi")
    shown = redact.redact(text)
    for secret in ("first-line-SECRET", "second-line-SECRET", "pa55w0rd", "pypi-AgEI"):
        assert secret not in shown
    assert "https://__token__:***@upload.example/legacy/" in shown


def test_split_url_credentials_takes_them_out_of_the_url() -> None:
    url, user, password = redact.split_url_credentials("http://__token__:s3cr3t-pw@127.0.0.1:8080/")
    assert (url, user, password) == ("http://127.0.0.1:8080/", "__token__", "s3cr3t-pw")
    assert "s3cr3t-pw" not in redact.redact("password s3cr3t-pw")


def test_a_multi_line_secret_is_masked_line_by_line() -> None:
    commands = ci.mask("abc-line-one\nabc-line-two")
    assert "::add-mask::abc-line-one" in commands and "::add-mask::abc-line-two" in commands
    assert all("\n" not in command for command in commands)


def test_secrets_in_the_environment_never_reach_the_output(project: Sample, tmp_path: Path) -> None:
    secret = "ghp_FAKEsecretTOKENvalue1234567890"
    summary = tmp_path / "summary.md"
    project.write("CHANGELOG.md", UNRELEASED + f"\n- mentions {secret} by mistake\n")
    proc = project.release("validate", env={"GITHUB_TOKEN": secret, "GITHUB_ACTIONS": "true",
                                            "GITHUB_STEP_SUMMARY": str(summary)})
    printed = [line for line in (proc.stdout + proc.stderr).splitlines()
               if not line.startswith("::add-mask::")]
    assert secret not in "\n".join(printed)
    assert secret not in summary.read_text()


# -- checksums ------------------------------------------------------------------------------


def test_checksums_escape_odd_file_names_like_sha256sum(tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    folder.mkdir()
    (folder / "odd\nname.whl").write_bytes(b"x")
    (folder / "back\\slash.tar.gz").write_bytes(b"y")
    sums = tmp_path / "SHA256SUMS"
    proc = subprocess.run([RELEASE, "checksums", str(folder), "--output", str(sums)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert len(sums.read_text().splitlines()) == 2
    check = subprocess.run(["sha256sum", "-c", str(sums)], cwd=folder, capture_output=True,
                           text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert format_sums([Entry("plain", 1, "ab")]) == "ab  plain\n"


# -- prepare: all or nothing, even when interrupted or raced --------------------------------

INTERRUPTER = textwrap.dedent("""\
    import os, signal, sys
    from pathlib import Path
    from release.outside import files
    from release.cli import main

    after, signame = int(sys.argv[1]), sys.argv[2]
    # Ctrl-C as in a terminal, even when the tests were started with SIGINT ignored (a
    # shell's background job): Python then keeps SIGINT ignored in its children.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    real = files.write_atomic
    count = 0

    def write_then_signal(path, data):
        global count
        real(path, data)
        count += 1
        if count == after:
            os.kill(os.getpid(), getattr(signal, signame))

    files.write_atomic = write_then_signal
    raise SystemExit(main(["prepare", "1.4.0", "--date", "2026-11-25"]))
    """)


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("after", [1, 2])
@pytest.mark.slow
def test_a_signal_during_the_writes_leaves_both_files_consistent(
    project: Sample, tmp_path: Path, signame: str, after: int
) -> None:
    script = tmp_path / "interrupt.py"
    script.write_text(INTERRUPTER)
    before = project.snapshot()
    proc = subprocess.run([sys.executable, str(script), str(after), signame], cwd=project.path,
                          capture_output=True, text=True, check=False)
    no_traceback(proc)
    assert proc.returncode != 0  # stopped by the signal: never reported as success
    after_files = project.snapshot()
    changed = {name for name in before if before[name] != after_files.get(name)}
    assert not list(project.path.glob(".*.tmp")), "a temporary file was left behind"
    if signame == "SIGINT":  # Ctrl-C after the writes: prepare puts both files back
        assert changed == set()
        return
    assert changed == {"pyproject.toml", "CHANGELOG.md"}  # both written: never one of two
    assert b'version = "1.4.0"' in after_files["pyproject.toml"]
    assert b"## [1.4.0] - 2026-11-25" in after_files["CHANGELOG.md"]


@pytest.mark.slow
def test_a_second_prepare_while_one_runs_refuses(project: Sample) -> None:
    lock = Path(project.git("rev-parse", "--absolute-git-dir")) / "release-prepare.lock"
    before = state(project)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another `release prepare` holds it
        proc = project.release("prepare", "1.4.0")
    finally:
        os.close(fd)
    assert proc.returncode == 1 and "another `release prepare`" in proc.stderr
    assert state(project)[0] == {**before[0]}
    assert project.release("prepare", "1.4.0").returncode == 0  # free again


RACER = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from release.commands import prepare
    from release.cli import main

    real = prepare.build_plan

    def plan_then_someone_else_edits(options):
        planned = real(options)
        path = Path("pyproject.toml")
        path.write_text(path.read_text().replace('"1.3.0"', '"1.3.5"'))
        return planned

    prepare.build_plan = plan_then_someone_else_edits
    raise SystemExit(main(["prepare", "1.4.0"]))
    """)


@pytest.mark.slow
def test_a_file_changed_after_planning_is_not_overwritten(project: Sample, tmp_path: Path) -> None:
    script = tmp_path / "race.py"
    script.write_text(RACER)
    proc = subprocess.run([sys.executable, str(script)], cwd=project.path, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 1 and "changed after the plan was made" in proc.stderr
    assert '"1.3.5"' in (project.path / "pyproject.toml").read_text()  # the other edit stays
    assert "## [1.4.0]" not in (project.path / "CHANGELOG.md").read_text()


# -- tag --push: no option injection, real errors, bounded waits ----------------------------


@pytest.fixture
def prepared(project: Sample) -> Sample:
    assert project.release("prepare", "1.4.0", "--commit", "--date", "2026-11-25").returncode == 0
    return project


@pytest.mark.slow
def test_a_remote_that_looks_like_an_option_is_refused(prepared: Sample, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    before = state(prepared)
    proc = prepared.release("tag", "--push", f"--remote=--receive-pack=touch {marker};git-rp")
    assert proc.returncode == 1 and "[push-remote]" in proc.stderr
    assert not marker.exists()
    assert state(prepared) == before  # refused before the tag was created


@pytest.mark.slow
def test_a_rejected_push_reports_git_and_the_tag_state(prepared: Sample, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'tags are frozen by policy' >&2\nexit 1\n")
    hook.chmod(0o755)
    prepared.git("remote", "add", "origin", str(remote))
    proc = prepared.release("tag", "--push")
    assert proc.returncode == 1
    assert "tags are frozen by policy" in proc.stderr
    assert "exists here but not on origin" in proc.stderr
    assert "git push origin refs/tags/v1.4.0" in proc.stderr
    no_traceback(proc)


@pytest.mark.slow
def test_a_remote_that_never_answers_is_given_up_on(prepared: Sample) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_stay_silent() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    try:
        port = server.getsockname()[1]
        prepared.git("remote", "add", "silent", f"http://127.0.0.1:{port}/repo.git")
        proc = prepared.release("tag", "--push", "--remote", "silent",
                                env={"RELEASE_NETWORK_TIMEOUT": "3"})
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        server.close()
    assert proc.returncode == 1
    assert "did not finish within 3 s" in proc.stderr
    assert "exists here but not on silent" in proc.stderr
    no_traceback(proc)


@pytest.mark.slow
def test_tag_shows_the_validation_warnings_even_in_a_dry_run(prepared: Sample) -> None:
    # An old pre-release of a line that never finished (httpx's 1.0.0.beta0): a warning.
    subprocess.run(["git", "tag", "-a", "-m", "abandoned", "v2.0.0b1", "HEAD~2"],
                   cwd=prepared.path, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2001-01-01T00:00:00+00:00"})
    for args in (("tag", "--dry-run"), ("tag",)):
        proc = prepared.release(*args)
        assert proc.returncode == 0, proc.stderr
        assert "warning:" in proc.stderr and "[tags-abandoned]" in proc.stderr, proc.stderr


# == round 2 ==================================================================================
# -- output that commands the runner or the terminal ----------------------------------------

HOSTILE = (" \x1b]0;pwned\x07 \x1b[2J \u202eevil\u202c \r::error::forged"
           "\r::add-mask::Release\r  ::stop-commands::tok ##[warning]legacy")


def runner_commands(text: str) -> list[str]:
    """The lines the Actions runner would read as workflow commands (it splits at CR too)."""
    return [line for line in re.split(r"\r\n|\r|\n", text)
            if line.lstrip().startswith("::") or "##[" in line]


def assert_inert(text: str, *, log: bool = True) -> None:
    """No control character, terminal sequence or bidi override; in a log (``log``), no
    workflow command but the tool's own annotations, with nothing inside them."""
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
                         "|\r(?!\n)", text), repr(text)
    for line in runner_commands(text) if log else []:
        assert re.match(r"::(error|warning) file=[^:,]*,(line=\d+,)?title=release validate%3A ",
                        line) and "##[" not in line, line


@pytest.mark.parametrize("newest", ["## [1.4.0] - 2026-11-24", "## [1.3.5]"])
@pytest.mark.slow
def test_a_changelog_heading_cannot_command_the_runner(tmp_path: Path, newest: str) -> None:
    changelog = (f"# Changelog\n\n## [Unreleased]\n\n{newest}{HOSTILE}\n\n- x\n\n"
                 "## [1.4.0] - 2026-11-24\n\n- y\n\n## [1.3.0] - 2026-10-01\n\n- Older.\n")
    if newest.startswith("## [1.4.0]"):
        changelog = changelog.replace("## [1.4.0] - 2026-11-24\n\n- y\n\n", "")
    sample = make_sample(tmp_path / "p", changelog=changelog)
    summary = tmp_path / "summary.md"
    proc = sample.release("validate", env={"GITHUB_ACTIONS": "true",
                                           "GITHUB_REF": "refs/tags/v1.4.0",
                                           "GITHUB_STEP_SUMMARY": str(summary)})
    shown = proc.stdout + proc.stderr
    assert "\\x1b]0;pwned\\x07" in shown and "\\r::error::forged" in shown  # shown, inert
    assert_inert(shown)
    assert_inert(summary.read_text(), log=False)  # a file: the runner reads no commands there
    init = sample.release("init", "--dry-run", "--no-lock", env={"GITHUB_ACTIONS": "true"})
    assert "\\r::add-mask::Release" in init.stdout
    assert_inert(init.stdout + init.stderr)


def test_file_names_in_the_checksums_listing_are_inert(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in ("a\x1b]0;t\x07.whl", "b\r::error::x.tar.gz", "c\u202egnp.exe.whl",
                 "::warning::d.whl"):
        (dist / name).write_bytes(b"x")
    proc = subprocess.run([RELEASE, "checksums", str(dist), "--output",
                           str(tmp_path / "SHA256SUMS")], capture_output=True, text=True,
                          check=False, env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert proc.returncode == 0, proc.stderr
    assert "\\x1b]0;t\\x07" in proc.stdout and "\\u202e" in proc.stdout
    assert runner_commands(proc.stdout + proc.stderr) == []
    assert_inert(proc.stdout + proc.stderr)


# -- writes where they should not go -----------------------------------------------------------


def outside_file(sample: Sample, name: str, text: str) -> Path:
    path = sample.path.parent / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(("config", "victim", "text"), [
    ('changelog = "../../p/../CHANGELOG.md"', "CHANGELOG.md", UNRELEASED),
    ('changelog = "{abs}"', "CHANGELOG.md", UNRELEASED),
    ('version-source = "../version.py"', "version.py", '__version__ = "1.3.0"\n'),
    ('version-source = "{abs}"', "version.py", '__version__ = "1.3.0"\n'),
    ('version-files = ["../version.py"]', "version.py", '__version__ = "1.3.0"\n'),
])
@pytest.mark.slow
def test_prepare_never_writes_outside_the_repository(project: Sample, config: str, victim: str,
                                                     text: str) -> None:
    target = outside_file(project, victim, text)
    setting = config.format(abs=target)
    project.write("pyproject.toml", (project.path / "pyproject.toml").read_text()
                  + f"\n[tool.release]\n{setting}\n")
    project.commit("configure")
    before = state(project)
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-25")
    no_traceback(proc)
    assert proc.returncode == 1 and "points outside the repository" in proc.stderr, proc.stderr
    assert setting.split(" =")[0] in proc.stderr
    assert target.read_text() == text and state(project) == before


@pytest.mark.slow
def test_a_changelog_link_out_of_the_repository_is_not_written(project: Sample) -> None:
    target = outside_file(project, "CHANGELOG.md", UNRELEASED)
    (project.path / "CHANGELOG.md").unlink()
    (project.path / "CHANGELOG.md").symlink_to(target)
    project.commit("a link")
    proc = project.release("prepare", "1.4.0")
    assert proc.returncode == 1 and "lies outside the repository" in proc.stderr
    assert target.read_text() == UNRELEASED


@pytest.mark.parametrize("command", [["notes", "1.3.0"], ["checksums", "dist"]])
def test_an_output_link_is_not_written_through(project: Sample, command: list[str]) -> None:
    victim = outside_file(project, "victim.txt", "keep me\n")
    (project.path / "dist").mkdir()
    (project.path / "dist" / "a.whl").write_bytes(b"a")
    (project.path / "out.txt").symlink_to(victim)
    proc = project.release(*command, "--output", "out.txt")
    assert proc.returncode == 1 and "is a symbolic link" in proc.stderr
    assert victim.read_text() == "keep me\n" and (project.path / "out.txt").is_symlink()


@pytest.mark.parametrize("folder", [".github", ".github/workflows", "requirements"])
@pytest.mark.slow
def test_init_never_writes_through_a_folder_link_out_of_the_repository(
        project: Sample, folder: str) -> None:
    outside = project.path.parent / "outside"
    outside.mkdir()
    link = project.path / folder
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    project.commit("a folder link")
    before = state(project)
    proc = project.release("init", "--no-lock")
    no_traceback(proc)
    assert proc.returncode == 1 and "outside the repository" in proc.stderr, proc.stderr
    assert list(outside.iterdir()) == [] and state(project) == before


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
@pytest.mark.slow
def test_new_files_get_the_mode_the_umask_gives(project: Sample, umask: int) -> None:
    (project.path / "CHANGELOG.md").chmod(0o600)  # an existing file keeps its own mode
    project.commit("modes")
    script = f"umask {umask:03o}; {RELEASE} init --no-lock && {RELEASE} notes 1.3.0 " \
             f"--output notes.md && {RELEASE} prepare 1.4.0 --allow-dirty"
    proc = subprocess.run(script, shell=True, cwd=project.path, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    expected = 0o666 & ~umask
    for name in ("noxfile.py", ".github/workflows/release.yml", "requirements/release.in",
                 "notes.md"):
        assert (project.path / name).stat().st_mode & 0o777 == expected, name
    assert (project.path / "CHANGELOG.md").stat().st_mode & 0o777 == 0o600


# -- prepare --commit whose commit fails -------------------------------------------------------


def refusing_hook(sample: Sample, body: str = "exit 1") -> None:
    hook = sample.path / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\necho 'pre-commit: refused by policy' >&2\n{body}\n")
    hook.chmod(0o755)


def index_of(sample: Sample) -> bytes:
    return (sample.path / ".git" / "index").read_bytes()


@pytest.mark.parametrize("cause", ["hook", "hook-that-edits", "index.lock"])
@pytest.mark.slow
def test_a_refused_commit_puts_files_and_index_back(project: Sample, cause: str) -> None:
    project.write("README.md", "staged before\n")
    project.git("add", "README.md")  # --allow-dirty: a change the user staged stays staged
    if cause == "index.lock":
        (project.path / ".git" / "index.lock").write_text("")
    else:
        refusing_hook(project, "echo formatted >> CHANGELOG.md\nexit 1"
                      if cause == "hook-that-edits" else "exit 1")
    before, index, head = state(project), index_of(project), project.git("rev-parse", "HEAD")
    proc = project.release("prepare", "1.4.0", "--commit", "--allow-dirty")
    no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert "The commit was not made; every written file and the index are back" in proc.stderr
    assert ("refused by policy" if cause != "index.lock" else "index.lock") in proc.stderr
    assert state(project) == before and project.git("rev-parse", "HEAD") == head
    assert index_of(project) == index
    assert project.git("diff", "--cached", "--name-only") == "README.md"


# -- waits that end ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_push_over_ssh_to_a_silent_host_is_stopped_with_its_ssh(prepared: Sample) -> None:
    """ssh connects, then waits for a greeting that never comes (and could ask on the
    terminal): the push is stopped at the deadline, ssh with it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    port = server.getsockname()[1]
    try:
        prepared.git("remote", "add", "silent", f"ssh://git@127.0.0.1:{port}/repo.git")
        proc = prepared.release("tag", "--push", "--remote", "silent",
                                env={"RELEASE_NETWORK_TIMEOUT": "3",
                                     "GIT_SSH_COMMAND": "ssh -o StrictHostKeyChecking=no"})
        left = subprocess.run(["pgrep", "-f", "--", f"-p {port} "], capture_output=True, text=True,
                              check=False)
    finally:
        server.close()
    no_traceback(proc)
    assert proc.returncode == 1 and "did not finish within 3 s" in proc.stderr, proc.stderr
    assert "exists here but not on silent" in proc.stderr
    assert left.stdout == "", f"left running: {left.stdout}"


@pytest.mark.slow
def test_init_never_reads_or_writes_a_file_link_out_of_the_repository(project: Sample) -> None:
    secret = outside_file(project, "private.txt", "ssh key material\n")
    (project.path / "noxfile.py").symlink_to(secret)
    project.commit("a file link")
    for args in (("--dry-run",), (), ("--check",)):
        proc = project.release("init", "--no-lock", *args)
        no_traceback(proc)
        assert proc.returncode == 1 and "noxfile.py lies outside the repository" in proc.stderr
        assert "ssh key material" not in proc.stdout + proc.stderr
    assert secret.read_text() == "ssh key material\n"
