"""Fuzzing the readers of untrusted input: they raise only the project's own errors, in time
linear in the input.

pyproject.toml and setup.cfg (structure-aware: any shape of the tables this tool reads),
tag names, and the answers of a package index. The changelog readers have their own fuzz and
bounded-time tests in tests/test_changelog.py. Time bounds are generous and only catch
quadratic blow-ups; nothing here measures speed.
"""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from release.errors import ReleaseError
from release.outside import index
from release.project import pyproject as project
from release.project import sources as versionsource
from release.project import tags
from release.project.versions import parse_or_none

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

KEYS = ["project", "version", "dynamic", "name", "tool", "hatch", "path", "pattern", "source",
        "setuptools", "dynamic", "attr", "file", "flit", "module", "pdm", "poetry", "release",
        "tag-prefix", "changelog", "version-files", "ignore-tags", "main-branch",
        "version-source", "urls", "build-system", "build-backend", "requires", "setuptools_scm",
        "towncrier", "commitizen", "version_files", "bumpversion", "current_version", "tbump",
        "package-dir", "packages", "find", "where", "x"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(),
                    st.text(max_size=30), st.sampled_from(["1.4.0", "v1.4.0", "pkg.__version__",
                                                           "__about__.py", "src", "vcs", "."]))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=25,
)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=6)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value) if math.isfinite(value) else "nan"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()
                               if v is not None) + "}"
    return '""'


def toml(document: dict[str, Any]) -> str:
    return "".join(f'"{key}" = {_toml_value(value)}\n' for key, value in document.items()
                   if value is not None)


@FUZZ
@given(documents)
@pytest.mark.slow
def test_any_pyproject_shape_gives_a_version_or_a_clear_error(tmp_path: Path,
                                                             document: dict[str, Any]) -> None:
    folder = tmp_path / "p"
    folder.mkdir(exist_ok=True)
    (folder / "pyproject.toml").write_text(toml(document))
    try:
        loaded = project.load(folder / "pyproject.toml")
        source = versionsource.detect(loaded)
    except ReleaseError as exc:
        assert exc.message and (exc.hint or exc.file)
        return
    if source.location is not None:
        assert isinstance(source.location.value, str)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_pyproject_or_setup_cfg(tmp_path: Path, data: bytes) -> None:
    folder = tmp_path / "q"
    folder.mkdir(exist_ok=True)
    for name in ("pyproject.toml", "setup.cfg"):
        (folder / name).write_bytes(data)
        with contextlib.suppress(ReleaseError):
            versionsource.detect(project.load(folder / "pyproject.toml"))
        (folder / name).unlink()


tag_names = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A[a-z_@.-]{0,8}v?[0-9]{1,4}([._-][0-9]{1,4}){0,3}"
                  r"([._-]?(a|b|rc|beta|post|dev)[0-9]{0,3})?\Z", fullmatch=True),
)


@FUZZ
@given(st.lists(tag_names, max_size=30), st.none() | st.sampled_from(["", "v", "pkg-v"]),
       st.lists(st.sampled_from(["*beta*", "v1.*", "[", "**"]), max_size=2))
@pytest.mark.slow
def test_any_tag_names_choose_a_scheme(names: list[str], prefix: str | None,
                                       ignore: list[str]) -> None:
    choice = tags.choose_scheme(names, configured_prefix=prefix, project_name="pkg",
                                version=parse_or_none("1.4.0"), ignore=ignore)
    for tag in choice.tags:
        assert tag.name in names
        assert choice.scheme.parse(tag.name) == tag.version
    for name in names:
        tags.split_tag(name)


def test_twenty_thousand_tags_are_read() -> None:
    many = [f"v1.{i}.0" for i in range(20_000)] + ["x" * 10_000] + ["v" + "1" * 5_000]
    choice = tags.choose_scheme(many, configured_prefix=None, project_name="pkg", version=None,
                                ignore=())
    assert len(choice.tags) == 20_000  # the time it takes: benchmarks/hostile_inputs.py


index_answers = st.one_of(
    st.binary(max_size=400),
    values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(["files", "urls", "name", "meta"]),
                    st.one_of(st.none(), st.lists(st.dictionaries(
                        st.sampled_from(["filename", "hashes", "digests", "url"]),
                        st.one_of(st.text(max_size=70), st.none(), st.integers(),
                                  st.dictionaries(st.just("sha256"), st.text(max_size=70)))),
                        max_size=4), st.text(max_size=10)), max_size=3)
    .map(lambda v: json.dumps(v).encode()),
)


@FUZZ
@given(index_answers, st.sampled_from(["application/vnd.pypi.simple.v1+json", "text/html",
                                       "application/json", ""]))
@pytest.mark.slow
def test_any_index_answer_is_read_or_refused_clearly(body: bytes, content_type: str) -> None:
    listing = index.parse_json_api(body)
    assert listing is None or all(isinstance(name, str) for name in listing)
    try:
        found = index.parse_simple(body, content_type, "http://127.0.0.1/simple/p/")
    except ReleaseError as exc:
        assert "PEP 691" in exc.message and exc.hint
        return
    for name, sha in found.items():
        assert isinstance(name, str) and (sha is None or len(sha) == 64)


@pytest.mark.parametrize("body", [
    b"<a href='x'>" * 200_000,
    b"<!--" + b"a" * 2_000_000,
    b"[" * 100_000 + b"]" * 100_000,
    json.dumps({"files": [{"filename": f"p-{i}.tar.gz", "hashes": {"sha256": "0" * 64}}
                          for i in range(50_000)]}).encode(),
])
@pytest.mark.slow
def test_huge_index_answers_are_read_or_refused(body: bytes) -> None:
    for content_type in ("text/html", "application/vnd.pypi.simple.v1+json"):
        try:  # the time it takes: benchmarks/hostile_inputs.py
            found = index.parse_simple(body, content_type, "http://127.0.0.1/simple/p/")
        except ReleaseError as exc:
            assert exc.message and exc.hint
        else:
            assert all(sha is None or len(sha) == 64 for sha in found.values())
    listing = index.parse_json_api(body)
    assert listing is None or all(isinstance(name, str) for name in listing)
