"""Documentation toolchain fixture."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__version__: Final = '8.3.0'
__display_version__: Final = __version__  # shown by the command line

#: (major, minor, micro, release level, serial); release level is
#: 'alpha', 'beta', 'rc' or 'final'.
version_info: Final = (8, 3, 0, 'beta', 0)

_in_development = True
