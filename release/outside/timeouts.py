"""How long to wait for the network: every request, push and upload has a bound.

``RELEASE_NETWORK_TIMEOUT`` (seconds) overrides the default of each wait, for slow networks
or, lower, for tests and impatient CI jobs. ``RELEASE_RETRY_DELAY`` (seconds) overrides the
pause between two reads of an index that has not caught up yet (after an upload).
"""

from __future__ import annotations

import os
from collections.abc import Callable

VARIABLE = "RELEASE_NETWORK_TIMEOUT"
RETRY_VARIABLE = "RELEASE_RETRY_DELAY"


def _seconds(variable: str, default: float, sane: Callable[[float], bool]) -> float:
    """``default``, or the value of ``variable`` when it is a number that is ``sane``."""
    try:
        value = float(os.environ.get(variable, ""))
    except ValueError:
        return default
    return value if sane(value) else default  # nan and inf are never sane


def network(default: float) -> float:
    """``default``, or ``RELEASE_NETWORK_TIMEOUT`` (above 0, under a day)."""
    return _seconds(VARIABLE, default, lambda value: 0 < value < 86_400)


def retry_delay(default: float) -> float:
    """``default``, or ``RELEASE_RETRY_DELAY`` (0 to 600)."""
    return _seconds(RETRY_VARIABLE, default, lambda value: 0 <= value <= 600)
