"""docs/quickstart.md, step by step, in a fresh folder: the test fails when the page drifts.

The ```bash blocks of the page are read in order; the comment above each says what the test
does with it: `run` (run as written, all of them in one bash script), `skip (...)` (needs
GitHub, PyPI or a clone), or `replaced by ...` (the local index: a real pypiserver on a free
port holding this checkout's wheel, instead of port 8080). Three spellings are substituted,
and each must be on the page: `./release-lifecycle` (this checkout), `http://127.0.0.1:8080`
(the test's index) and `PYPI_API_TOKEN=local` (its password).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, once
from init_projects import index_env
from pypi_server import PASSWORD, Index

PAGE = ROOT / "docs" / "quickstart.md"
BLOCK = re.compile(r"<!-- quickstart-test: (?P<how>[^>]*?) -->\n```bash\n(?P<code>.*?)```",
                   re.S)


def blocks() -> list[tuple[str, str]]:
    text = PAGE.read_text()
    found = [(m.group("how"), m.group("code")) for m in BLOCK.finditer(text)]
    assert len(found) == text.count("```bash"), "every bash block needs a quickstart-test note"
    return found


def test_the_page_says_how_each_block_is_tested() -> None:
    hows = [how.split(" ")[0] for how, _ in blocks()]
    assert set(hows) <= {"run", "skip", "replaced"} and hows.count("replaced") == 1
    replaced = next(code for how, code in blocks() if how.startswith("replaced"))
    assert "pypi-server run --port 8080" in replaced


@pytest.mark.slow
@once("quickstart")
def test_quickstart(release_index: Index, tmp_path: Path) -> None:
    script = "\n".join(code for how, code in blocks() if how == "run")
    for old, new in (("./release-lifecycle", str(ROOT)),
                     ("http://127.0.0.1:8080", release_index.url),
                     ("PYPI_API_TOKEN=local", f"PYPI_API_TOKEN={PASSWORD}")):
        assert old in script, f"the page no longer has {old}"
        script = script.replace(old, new)
    proc = subprocess.run(["bash", "-euxo", "pipefail", "-c", script], cwd=tmp_path,
                          capture_output=True, text=True, env=index_env({"NO_COLOR": "1"}),
                          check=False, timeout=1200)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    assert "Traceback" not in log
    files = release_index.files()
    assert {"your_project-0.1.0-py3-none-any.whl", "your_project-0.1.0.tar.gz"} <= set(files)
    project = tmp_path / "your-project"
    assert "## [0.1.0] - " in (project / "CHANGELOG.md").read_text()
    tags = subprocess.run(["git", "tag"], cwd=project, capture_output=True, text=True,
                          check=True).stdout.split()
    assert tags == ["v0.1.0"]
    assert "every managed part is what release-lifecycle" in log
