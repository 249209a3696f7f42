"""Benchmarks against the tools users would otherwise pick. Run with `nox -s bench`.

Whole-process wall time, median of several runs after a warm-up, venv binaries called
directly, commands of one table interleaved so that machine drift hits all alike:

- `release validate` (branch, tag) against `python -c pass` from the same venv,
  `cz version --project` (commitizen) and `bump-my-version show current_version`, each peer
  installed in its own venv;
- `release notes` on a 10,000-section changelog against `keepachangelog show`;
- `nox -R -s validate` (reused environment) and `nox -s validate` from a fresh `.nox`, with the
  uv and the virtualenv backends;
- `nox -s build` against `uv build` on the same project;
- the whole lifecycle on a sample project against a local index: prepare, tag, validate,
  build, publish, install.

Results go to stdout and, with the machine and versions, to benchmarks/RESULTS-peers.md.
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from validate_speed import ENV, git, make_repo  # noqa: E402

BIN = Path(sys.executable).parent
RELEASE = str(BIN / "release")
PEERS = {"commitizen": "cz", "bump-my-version": "bump-my-version",
         "keepachangelog": "keepachangelog"}
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def uv() -> str:
    found = shutil.which("uv", path=str(BIN) + os.pathsep + os.environ.get("PATH", ""))
    if not found:
        raise SystemExit("uv is needed: run this through `nox -s bench`")
    return found


def sh(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True,
                          env={**ENV, **(env or {})}, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed in {cwd}:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def make_peers(work: Path) -> dict[str, Path]:
    """One venv per peer tool, kept in benchmarks/.work between runs."""
    work.mkdir(parents=True, exist_ok=True)
    bins = {}
    for package, command in PEERS.items():
        venv = work / f"peer-{package}"
        if not venv.exists():
            sh([uv(), "venv", "--quiet", "-p", sys.executable, str(venv)], work)
            sh([uv(), "pip", "install", "--quiet", "-p", str(venv / "bin" / "python"), package],
               work)
        bins[package] = venv / "bin" / command
    return bins


def peer_version(binary: Path, package: str) -> str:
    python = binary.parent / "python"
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    return sh([str(python), "-c", code], binary.parent).strip()


def timed(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, env={**ENV, **(env or {})},
                          check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stdout.decode()}\n"
                         f"{proc.stderr.decode()}")
    return elapsed


def table(commands: dict[str, tuple[list[str], Path]], runs: int, warmup: int = 2,
          before: Callable[[str], None] | None = None,
          env: dict[str, str] | None = None) -> dict[str, float]:
    """Median seconds per command, runs interleaved."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(warmup + runs):
        for name, (argv, cwd) in commands.items():
            if before:
                before(name)
            seconds = timed(argv, cwd, env)
            if round_ >= warmup:
                samples[name].append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


def add_peer_config(repo: Path) -> None:
    pyproject = repo / "pyproject.toml"
    version = pyproject.read_text().split('version = "', 1)[1].split('"', 1)[0]
    pyproject.write_text(pyproject.read_text() + textwrap.dedent(f"""
        [tool.commitizen]
        version_provider = "pep621"

        [tool.bumpversion]
        current_version = "{version}"
        """))
    git(repo, "commit", "-qam", "peer configuration")


SAMPLE_NOXFILE = '''
import glob, os, shutil
import nox

nox.options.default_venv_backend = "uv|virtualenv"
WHEEL = os.environ["RELEASE_LIFECYCLE_WHEEL"]

@nox.session
def validate(session):
    session.install(WHEEL)
    session.run("release", "validate", *session.posargs)

@nox.session
def build(session):
    session.install(WHEEL, "build[uv]", "twine>=7")
    shutil.rmtree("dist", ignore_errors=True)
    session.run("python", "-m", "build", "--installer", "uv", "--outdir", "dist")
    session.run("twine", "check", "--strict", *sorted(glob.glob("dist/*")))
    session.run("release", "validate", "--dist", "dist")
    session.run("release", "checksums", "dist", "--output", "SHA256SUMS")
'''


def make_package(path: Path, version: str = "1.3.0") -> Path:
    from samples import make_sample  # the tests' sample project: a real flit package

    sample = make_sample(path, version=version)
    (path / "noxfile.py").write_text(SAMPLE_NOXFILE)
    (path / ".gitignore").write_text(".nox/\ndist/\nSHA256SUMS\n")
    sample.commit("noxfile")
    return path


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of nox and builds")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS-peers.md")
    args = parser.parse_args()
    ENV.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    os.environ.update(ENV)  # the sample-project helpers run git with os.environ
    lines: list[str] = []

    def out(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        peers = make_peers(HERE / ".work")
        small = make_repo(work / "small", sections=10, tags=5)
        large = make_repo(work / "large", sections=10_000, tags=1_000)
        for repo in (small, large):
            add_peer_config(repo)
        versions = {name: peer_version(binary, name) for name, binary in peers.items()}

        out("## release validate against peers (small repository; large where named)")
        out()
        result = table({
            "python -c pass": ([sys.executable, "-c", "pass"], small),
            "release validate (branch)": ([RELEASE, "validate", "--mode", "branch"], small),
            "release validate (tag)": ([RELEASE, "validate", "--tag", "v1.10.0"], small),
            "release validate (branch, large)": ([RELEASE, "validate", "--mode", "branch"],
                                                 large),
            "cz version --project": ([str(peers["commitizen"]), "version", "--project"], small),
            "bump-my-version show current_version": (
                [str(peers["bump-my-version"]), "show", "current_version"], small),
        }, args.runs)
        base = result["python -c pass"]
        ours = result["release validate (branch)"]
        cz = result["cz version --project"]
        bmv = result["bump-my-version show current_version"]
        fastest_peer = min(cz, bmv)
        out("| command | median ms | vs python -c pass | fastest peer / this |")
        out("|---|---:|---:|---:|")
        for name, seconds in result.items():
            out(f"| `{name}` | {fmt_ms(seconds)} | {seconds / base:.2f}x | "
                f"{fastest_peer / seconds:.1f}x |")
        out()
        out(f"- commitizen / validate (branch): **{cz / ours:.1f}x** (budget >= 3x)")
        out(f"- bump-my-version / validate (branch): **{bmv / ours:.1f}x** (budget >= 4x)")
        out(f"- validate (branch) / python -c pass: **{ours / base:.2f}x** (a figure, no target)")
        scaling = result["release validate (branch, large)"] / ours
        out(f"- large / small: **{scaling:.2f}x** (budget <= 1.3x)")
        out()

        out("## release notes on the 10,000-section changelog against keepachangelog")
        out()
        notes = table({
            "release notes 1.10000.0 (newest)": ([RELEASE, "notes", "1.10000.0"], large),
            "keepachangelog show 1.10000.0": ([str(peers["keepachangelog"]), "show",
                                                "1.10000.0"], large),
            "release notes 1.5000.0 (middle)": ([RELEASE, "notes", "1.5000.0"], large),
            "keepachangelog show 1.5000.0": ([str(peers["keepachangelog"]), "show",
                                               "1.5000.0"], large),
        }, args.runs)
        out("| command | median ms |")
        out("|---|---:|")
        for name, seconds in notes.items():
            out(f"| `{name}` | {fmt_ms(seconds)} |")
        out()
        newest = notes["keepachangelog show 1.10000.0"] / notes["release notes 1.10000.0 (newest)"]
        middle = notes["keepachangelog show 1.5000.0"] / notes["release notes 1.5000.0 (middle)"]
        out(f"- release notes is **{newest:.1f}x** (newest) and **{middle:.1f}x** (middle) "
            "faster than keepachangelog (target > 1x)")
        out()

        wheel_dir = work / "wheel"
        sh([uv(), "build", "--wheel", "--quiet", "--out-dir", str(wheel_dir), str(ROOT)], work)
        wheel = str(next(wheel_dir.glob("*.whl")))
        package = make_package(work / "pkg", version="1.4.0")
        nox_env = {"RELEASE_LIFECYCLE_WHEEL": wheel, "UV_PYTHON_DOWNLOADS": "never"}
        nox_bin = str(BIN / "nox")
        envdirs = {"uv": package / ".nox-uv", "virtualenv": package / ".nox-venv"}

        def fresh(name: str) -> None:
            for backend, envdir in envdirs.items():
                if "fresh" in name and backend in name:
                    shutil.rmtree(envdir, ignore_errors=True)

        out("## nox sessions")
        out()
        nox_cmds = {}
        for backend, envdir in envdirs.items():
            common = [nox_bin, "--envdir", str(envdir), "-db", backend]
            nox_cmds[f"nox -R -s validate ({backend})"] = ([*common, "-R", "-s", "validate"],
                                                          package)
            nox_cmds[f"nox -s validate, fresh .nox ({backend})"] = (
                [*common, "-s", "validate"], package)
        reused = table(nox_cmds, args.slow_runs, warmup=1, before=fresh, env=nox_env)
        build = table({
            "nox -s build": ([nox_bin, "--envdir", str(envdirs["uv"]), "-db", "uv", "-s",
                              "build"], package),
            "uv build": ([uv(), "build", "--quiet", "--out-dir", "dist-uv"], package),
            "uv build + twine check --strict": (
                ["sh", "-c", f"{uv()} build --quiet --out-dir dist-uv2 && "
                 f"{BIN / 'twine'} check --strict dist-uv2/*"], package),
        }, args.slow_runs, warmup=1, env=nox_env)
        out("| command | median ms |")
        out("|---|---:|")
        for name, seconds in {**reused, **build}.items():
            out(f"| `{name}` | {fmt_ms(seconds)} |")
        out()
        out(f"- `nox -R -s validate` (uv): **{reused['nox -R -s validate (uv)']:.2f} s** "
            "(target < 0.5 s)")
        out(f"- `nox -s build` / `uv build`: **{build['nox -s build'] / build['uv build']:.2f}x** "
            "(target <= 1.5x); / `uv build + twine check --strict`: "
            f"**{build['nox -s build'] / build['uv build + twine check --strict']:.2f}x**")
        out()

        out("## The whole lifecycle against a local index (one run)")
        out()
        out("| step | ms |")
        out("|---|---:|")
        for step, seconds in lifecycle(work).items():
            out(f"| {step} | {fmt_ms(seconds)} |")
        out()

    header = [
        "# Benchmark results against peers",
        "",
        f"Measured with `nox -s bench` on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{sh(['git', '--version'], ROOT).strip()}, {sh([uv(), '--version'], ROOT).strip()}, "
        + ", ".join(f"{name} {version}" for name, version in versions.items())
        + f". Medians of {args.runs} runs ({args.slow_runs} for nox and builds) after a "
        "warm-up, interleaved.",
        "",
    ]
    args.output.write_text("\n".join(header + lines) + "\n")
    print(f"\nwrote {args.output}")
    return 0


def lifecycle(work: Path) -> dict[str, float]:
    """prepare -> tag -> validate -> build -> publish -> install, each step timed once."""
    from pypi_server import PASSWORD, running_index
    from samples import make_sample

    changelog = "# Changelog\n\n## [Unreleased]\n\n- New.\n\n## [1.3.0] - 2026-10-01\n\n- Old.\n"
    sample = make_sample(work / "life", version="1.3.0", changelog=changelog)
    (sample.path / ".gitignore").write_text("dist/\n")
    sample.commit("ignore dist")
    path = sample.path
    steps: dict[str, float] = {}
    with running_index(work / "index") as index:
        env = {"PYPI_API_TOKEN": PASSWORD, "PIP_CONFIG_FILE": os.devnull}
        plan = [
            ("release prepare 1.4.0 --commit", [RELEASE, "prepare", "1.4.0", "--commit"]),
            ("release tag", [RELEASE, "tag"]),
            ("release validate --tag v1.4.0", [RELEASE, "validate", "--tag", "v1.4.0"]),
            ("python -m build --installer uv", [sys.executable, "-m", "build", "--installer",
                                                "uv", "--outdir", "dist"]),
            ("release publish (to pypiserver)", [RELEASE, "publish", "--repository-url",
                                                 index.upload_url]),
        ]
        for name, argv in plan:
            steps[name] = timed(argv, path, env)
        target = work / "installed"
        steps["pip install from the index"] = timed(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
             str(target), "--index-url", index.simple_url, "sample-project==1.4.0"], path, env)
    steps["total"] = sum(steps.values())
    return steps


if __name__ == "__main__":
    raise SystemExit(main())
