"""Whole-process wall time of `release validate` against `python -c pass`.

Generates a small repository and a large one (10,000 changelog sections, 1,000 tags), runs
each command interleaved after a warm-up, and prints medians and ratios. Call it with the
Python of the venv that has release-lifecycle installed:

    .venv/bin/python benchmarks/validate_speed.py [--runs 21]

Budget: the large repository within 1.3x of the small one (the ratio to `python -c pass` is
printed as a figure; the peer ratios are in run.py). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
# Measure what users get: compiled bytecode, as pip writes it at install time.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
       "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid"}


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, input=stdin, text=True,
                          capture_output=True, check=True).stdout


def make_repo(root: Path, sections: int, tags: int) -> Path:
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    newest = f"1.{sections}.0"
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "bench"\nversion = "{newest}"\n')
    parts = ["# Changelog\n\n## [Unreleased]\n"]
    for minor in range(sections, 0, -1):
        parts.append(f"\n## [1.{minor}.0] - 2026-01-01\n\n### Fixed\n\n- Fix number {minor}.\n")
    (root / "CHANGELOG.md").write_text("".join(parts))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    head = git(root, "rev-parse", "HEAD").strip()
    refs = "".join(f"create refs/tags/v1.{minor}.0 {head}\n"
                   for minor in range(sections - tags, sections))
    git(root, "update-ref", "--stdin", stdin=refs)
    return root


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    release = str(BIN / "release")
    with tempfile.TemporaryDirectory() as tmp:
        small = make_repo(Path(tmp) / "small", sections=10, tags=5)
        large = make_repo(Path(tmp) / "large", sections=10_000, tags=1_000)
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], small),
            "validate small (branch)": ([release, "validate", "--mode", "branch"], small),
            "validate large (branch)": ([release, "validate", "--mode", "branch"], large),
            "validate large (tag)": ([release, "validate", "--tag", "v1.10000.0"], large),
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(3):  # warm-up: page cache, pyc files
            for argv, cwd in commands.values():
                subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
        for _ in range(args.runs):  # interleaved, so drift hits every command alike
            for name, (argv, cwd) in commands.items():
                start = time.perf_counter()
                proc = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
                times[name].append(time.perf_counter() - start)
                if proc.returncode != 0:
                    sys.stderr.write(f"{name} failed:\n{proc.stderr.decode()}\n")
                    return 1
    base = median_ms(times["python -c pass"])
    small_ms = median_ms(times["validate small (branch)"])
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{'command':<28}{'median ms':>10}{'vs python -c pass':>20}")
    for name, samples in times.items():
        print(f"{name:<28}{median_ms(samples):>10.1f}{median_ms(samples) / base:>19.2f}x")
    large_ratio = median_ms(times["validate large (branch)"]) / small_ms
    print(f"large / small (branch): {large_ratio:.2f}x  (budget <= 1.3x)")
    print(f"small / python -c pass: {small_ms / base:.2f}x  (a figure: no target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
