from __future__ import annotations

__version__ = "25.3.dev0"


def main() -> int:
    return 0
