"""How long to wait for the network: every request, push and upload has a bound.

``RELEASE_NETWORK_TIMEOUT`` (seconds) overrides the default of each wait, for slow networks
or, lower, for tests and impatient CI jobs. ``RELEASE_RETRY_DELAY`` (seconds) overrides the
pause between two reads of an index that has not caught up yet (after an upload).
"""

from __future__ import annotations

import os

VARIABLE = "RELEASE_NETWORK_TIMEOUT"


def network(default: float) -> float:
    """``default``, or the value of ``RELEASE_NETWORK_TIMEOUT`` when it is a sane number."""
    try:
        value = float(os.environ.get(VARIABLE, ""))
    except ValueError:
        return default
    return value if 0 < value < 86_400 else default


RETRY_VARIABLE = "RELEASE_RETRY_DELAY"


def retry_delay(default: float) -> float:
    """``default``, or the value of ``RELEASE_RETRY_DELAY`` when it is a sane number."""
    try:
        value = float(os.environ.get(RETRY_VARIABLE, ""))
    except ValueError:
        return default
    return value if 0 <= value <= 600 else default
