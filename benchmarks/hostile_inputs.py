"""Reading hostile input in linear time: a megabyte of changelog built to trip a reader, 20,000
tags, index answers of 200,000 links. Run with `nox -s bench` (or this file, with the Python
of a venv that has release-lifecycle installed).

The tests read the same inputs and check what comes out; how long it takes is measured here,
as figures with a budget, never asserted. Budget: each input within two seconds on a 2-core
machine (the quadratic readers these inputs were written against took minutes).
"""

from __future__ import annotations

import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_changelog import HOSTILE, NO_LINKS

from release.changelog import Changelog, insert_release, is_filled
from release.errors import ChangelogError, ReleaseError
from release.outside import index
from release.project import tags

BUDGET = 2.0


def read_changelog(text: str, path: str) -> None:
    log = Changelog(text, path)
    for number, section in enumerate(log.sections()):
        is_filled(log.body(section))
        log.notes(section)
        if number > 3:
            break
    is_filled(text)
    with contextlib.suppress(ChangelogError):
        insert_release(log, "99.0.0", "2026-11-25", NO_LINKS)


def read_tags() -> None:
    many = [f"v1.{i}.0" for i in range(20_000)] + ["x" * 10_000] + ["v" + "1" * 5_000]
    tags.choose_scheme(many, configured_prefix=None, project_name="pkg", version=None,
                       ignore=())


def read_index_answer(body: bytes) -> None:
    for content_type in ("text/html", "application/vnd.pypi.simple.v1+json"):
        with contextlib.suppress(ReleaseError):
            index.parse_simple(body, content_type, "http://127.0.0.1/simple/p/")
    index.parse_json_api(body)


def median(work: Callable[[], None], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    cases: dict[str, Callable[[], None]] = {}
    for name in sorted(HOSTILE):
        for path in ("CHANGELOG.md", "CHANGES.rst"):
            cases[f"changelog: {name} ({path})"] = (
                lambda text=HOSTILE[name], where=path: read_changelog(text, where))
    cases["20,000 tags and two huge ones"] = read_tags
    answers = {
        "200,000 links": b"<a href='x'>" * 200_000,
        "an unclosed comment of 2 MB": b"<!--" + b"a" * 2_000_000,
        "100,000 nested brackets": b"[" * 100_000 + b"]" * 100_000,
        "50,000 files": json.dumps({"files": [
            {"filename": f"p-{i}.tar.gz", "hashes": {"sha256": "0" * 64}}
            for i in range(50_000)]}).encode(),
    }
    for name, body in answers.items():
        cases[f"index answer: {name}"] = lambda body=body: read_index_answer(body)
    print(f"| hostile input | median s | within the budget of {BUDGET:g} s |")
    print("|---|---:|---|")
    over = 0
    for name, work in cases.items():
        seconds = median(work)
        over += seconds > BUDGET
        print(f"| {name} | {seconds:.3f} | {'yes' if seconds <= BUDGET else 'NO'} |")
    print(f"\n{len(cases) - over} of {len(cases)} within the budget (figures, not asserted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
