"""release-lifecycle: version, changelog, tag, build and publish that always agree.

The ``release`` command is :func:`release.cli.main`; the Invoke collection is
``release.tasks.release``. See docs/index.md.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The installed distribution's version, looked up when asked for.
    if name == "__version__":
        from importlib.metadata import version

        return version("release-lifecycle")
    raise AttributeError(name)
