"""The one table of version source kinds, in the order they are asked, and the plugins.

The order is the build backends' own precedence (docs/project-layouts.md): configuration
first, then a static ``[project].version``, then the dynamic sources, then the ``version=``
of setup.py's ``setup()`` call and setup.cfg. Kinds from other packages, registered under the
``release.version_sources`` entry point group (docs/version-sources.md), are asked after the
built-in ones and before giving up.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from release.errors import ConfigError, ReleaseError, shorten
from release.project.sources.base import SourceKind
from release.project.sources.configured import Configured
from release.project.sources.flit import Flit
from release.project.sources.hatch import Hatch
from release.project.sources.pdm import Pdm
from release.project.sources.pep621 import Pep621
from release.project.sources.poetry import Poetry
from release.project.sources.setupcfg import SetupCfg
from release.project.sources.setuppy import SetupPy
from release.project.sources.setuptools import Setuptools
from release.project.sources.vcs import PoetryDynamicVersioning, ScmPlugins

GROUP = "release.version_sources"

BUILT_IN: tuple[SourceKind, ...] = (
    Configured(),
    Pep621(),
    PoetryDynamicVersioning(),
    Hatch(),
    Pdm(),
    Setuptools(),
    ScmPlugins(),
    Flit(),
    Poetry(),
    SetupPy(),
    SetupCfg(),
)


def plugins() -> list[SourceKind]:
    """The kinds other packages register, sorted by entry point name."""
    found: list[SourceKind] = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        try:
            loaded = point.load()
            kind = loaded() if isinstance(loaded, type) else loaded
        except ReleaseError:
            raise
        except Exception as exc:  # a broken plugin must not end in a traceback
            raise ConfigError(
                f"the version source plugin {shorten(point.name)!r} ({shorten(point.value)}) "
                f"cannot be loaded: {type(exc).__name__}: {shorten(str(exc))}",
                "upgrade or uninstall the package that provides it",
            ) from None
        if not isinstance(kind, SourceKind):
            raise ConfigError(
                f"the version source plugin {shorten(point.name)!r} is not a SourceKind",
                "the entry point must name a subclass of "
                "release.project.sources.base.SourceKind (docs/version-sources.md)")
        if not kind.name:
            kind.name = point.name
        found.append(kind)
    return found


def kinds() -> list[SourceKind]:
    """Every kind, in the order they are asked."""
    return [*BUILT_IN, *plugins()]
