"""Entry point: python _tools/build.py [case-name ...]"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import framework  # noqa: E402
import importlib  # noqa: E402

for mod in sorted(p.stem for p in Path(__file__).resolve().parent.glob("cases_*.py")):
    importlib.import_module(mod)

framework.main(set(sys.argv[1:]) or None)
