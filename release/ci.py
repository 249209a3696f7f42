"""The CI environment: which tag is being built, and how to talk to the CI system.

Tag detection reads, in this order:

- ``GITHUB_REF_TYPE == "tag"`` with ``GITHUB_REF_NAME`` (GitHub Actions), or
  ``GITHUB_REF = refs/tags/<tag>``;
- ``CI_COMMIT_TAG`` (GitLab CI);
- ``BUILDKITE_TAG``, ``CIRCLE_TAG``, ``TRAVIS_TAG`` (other CI systems);
- ``RELEASE_TAG`` (set it yourself anywhere else).

Under GitHub Actions (``GITHUB_ACTIONS=true``) problems also become ``::error``
annotations, summaries are appended to ``$GITHUB_STEP_SUMMARY`` and secrets are masked
with ``::add-mask::``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

TAG_VARIABLES = ("CI_COMMIT_TAG", "BUILDKITE_TAG", "CIRCLE_TAG", "TRAVIS_TAG", "RELEASE_TAG")


def detect_tag(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``(tag, variable it came from)`` when the CI run is for a tag, else ``None``."""
    env = os.environ if env is None else env
    if env.get("GITHUB_REF_TYPE") == "tag" and env.get("GITHUB_REF_NAME"):
        return env["GITHUB_REF_NAME"], "GITHUB_REF_NAME"
    ref = env.get("GITHUB_REF", "")
    if ref.startswith("refs/tags/") and len(ref) > len("refs/tags/"):
        return ref[len("refs/tags/") :], "GITHUB_REF"
    for name in TAG_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return value, name
    return None


def is_github_actions(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str, message: str, *, file: str | None = None, line: int | None = None,
    title: str | None = None,
) -> str:
    """A GitHub workflow command line such as ``::error file=a,line=3::message``."""
    props = []
    if file:
        props.append(f"file={_escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={_escape_property(title)}")
    joined = " " + ",".join(props) if props else ""
    return f"::{level}{joined}::{_escape_data(message)}"


def mask(value: str) -> str:
    """The workflow command that hides ``value`` in every later log line."""
    return f"::add-mask::{value}"


def append_step_summary(markdown: str, env: Mapping[str, str] | None = None) -> Path | None:
    """Append Markdown to ``$GITHUB_STEP_SUMMARY`` when it is set; return the path."""
    env = os.environ if env is None else env
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(markdown if markdown.endswith("\n") else markdown + "\n")
    return path


def set_output(name: str, value: str, env: Mapping[str, str] | None = None) -> None:
    """Write ``name=value`` to ``$GITHUB_OUTPUT`` when it is set (single-line values)."""
    env = os.environ if env is None else env
    target = env.get("GITHUB_OUTPUT")
    if not target or "\n" in value:
        return
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(f"{name}={value}\n")


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")
