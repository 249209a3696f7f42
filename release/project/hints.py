"""Commands that hints propose, spelled the way this project can run them.

A hint names ``release …``; it names ``inv release.…`` only when the project's tasks.py
mounts the collection and Invoke is installed. Pure logic: the caller finds out whether
the tasks are there (:func:`invoke_tasks_present` does the I/O, once).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from release.errors import ReleaseError
from release.outside import files


def command(name: str, *args: str, invoke: bool = False) -> str:
    """```release NAME ARGS``` or ```inv release.NAME ARGS``` in backquotes."""
    words = [f"inv release.{name}" if invoke else f"release {name}", *args]
    return "`" + " ".join(words) + "`"


def invoke_tasks_present(root: Path) -> bool:
    """True when ``root/tasks.py`` mounts ``release.tasks`` and Invoke can be imported."""
    try:
        text = files.read_bytes(root / "tasks.py")
    except (OSError, ReleaseError):
        return False
    if b"release.tasks" not in text:
        return False
    return importlib.util.find_spec("invoke") is not None
