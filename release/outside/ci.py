"""The CI environment: which tag is being built, and how to talk to the CI system.

Tag detection reads, in this order:

- ``GITHUB_REF_TYPE == "tag"`` with ``GITHUB_REF_NAME`` (GitHub Actions), or
  ``GITHUB_REF = refs/tags/<tag>``;
- ``CI_COMMIT_TAG`` (GitLab CI);
- ``BUILDKITE_TAG``, ``CIRCLE_TAG``, ``TRAVIS_TAG`` (other CI systems);
- ``RELEASE_TAG`` (set it yourself anywhere else).

Under GitHub Actions (``GITHUB_ACTIONS=true``) problems also become ``::error``
annotations, summaries are appended to ``$GITHUB_STEP_SUMMARY`` and secrets are masked
with ``::add-mask::``. Annotations and summaries are redacted and pass the one sanitiser
(:mod:`release.outside.sanitise`): what a repository or an API wrote cannot end the line of
an annotation or put a control character into the job's page.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from release.outside import sanitise
from release.outside.redact import redact

NOT_WRITTEN: list[str] = []
"""Step summaries and outputs that could not be written (the CLI shows them as warnings:
a CI nicety that fails must not turn a good result into a failure)."""

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


def is_ci(env: Mapping[str, str] | None = None) -> bool:
    """A CI job: GitHub Actions, or any CI system that sets ``CI`` (``true``, ``1``, ``yes``)."""
    env = os.environ if env is None else env
    return is_github_actions(env) or env.get("CI", "").strip().lower() in ("true", "1", "yes")


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
        props.append(f"file={_escape_property(sanitise.text(redact(file)))}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={_escape_property(sanitise.text(redact(title)))}")
    joined = " " + ",".join(props) if props else ""
    data = sanitise.commands(sanitise.text(redact(message)))  # no command inside a command
    return f"::{level}{joined}::{_escape_data(data)}"


def mask(value: str) -> list[str]:
    """The workflow commands that hide ``value`` in every later log line.

    GitHub masks one line per command, so a value with line breaks is masked line by line
    (and as a whole, escaped, for the places that print it on one line).
    """
    lines = [line for line in value.splitlines() if line.strip()]
    commands = [f"::add-mask::{line}" for line in lines]
    if len(lines) > 1:
        commands.append(f"::add-mask::{_escape_data(value)}")
    return commands


def _append(variable: str, text: str, env: Mapping[str, str]) -> Path | None:
    target = env.get(variable)
    if not target:
        return None
    path = Path(target)
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(sanitise.text(redact(text)))
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        NOT_WRITTEN.append(f"${variable} ({target}) could not be written: {reason}")
        return None
    return path


def append_step_summary(markdown: str, env: Mapping[str, str] | None = None) -> Path | None:
    """Append Markdown to ``$GITHUB_STEP_SUMMARY`` when it is set; return the path."""
    env = os.environ if env is None else env
    return _append("GITHUB_STEP_SUMMARY", markdown if markdown.endswith("\n") else markdown + "\n",
                   env)


def set_output(name: str, value: str, env: Mapping[str, str] | None = None) -> None:
    """Write ``name=value`` to ``$GITHUB_OUTPUT`` when it is set (single-line values)."""
    env = os.environ if env is None else env
    if "\n" in value or "\r" in value:
        return
    _append("GITHUB_OUTPUT", f"{name}={value}\n", env)


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")
