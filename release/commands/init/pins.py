"""The GitHub Actions this project uses, pinned by full commit SHA: the one table.

This repository's workflows and the workflows ``release init`` writes use exactly these
(tests/test_workflows.py and tests/test_init.py check both). Each SHA was read from the
action's repository: ``git for-each-ref refs/tags`` (peeled for annotated tags) for the tag
in the comment, and ``runs.using`` in its action.yml at that commit (node24 majors).
Dependabot proposes new SHAs for a repository's workflows; update this table with them.
"""

from __future__ import annotations

ACTIONS: dict[str, tuple[str, str]] = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),
    "actions/attest": ("1e69f48acb82d1966a394da916b4c1698aa569d6", "v4.2.2"),
}


def uses(action: str) -> str:
    """``actions/checkout@<sha> # v7.0.1``: the value of a ``uses:`` line with its comment."""
    sha, version = ACTIONS[action]
    return f"{action}@{sha} # {version}"
