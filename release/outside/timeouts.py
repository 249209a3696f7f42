"""How long to wait for the network: every request, push and upload has a bound.

``RELEASE_NETWORK_TIMEOUT`` (seconds) overrides the default of each wait, for slow networks
or, lower, for tests and impatient CI jobs.
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
