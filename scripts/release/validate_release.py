#!/usr/bin/env python3
"""The original release check, kept as a thin shim over ``release validate``.

    python scripts/release/validate_release.py --tag v1.4.0 --changelog CHANGELOG.md
    python scripts/release/validate_release.py --mode branch

Every option of ``release validate`` is accepted and behaves the same; this file holds no
logic of its own. It works from a checkout where the package is not installed, as long as
``packaging`` (and ``tomli`` below Python 3.11) can be imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from release.cli import main
except ImportError:  # not installed: use the package next to this script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from release.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["validate", *sys.argv[1:]]))
