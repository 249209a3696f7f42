"""Checks on the built files (``--dist``): one sdist and wheels, the version in each, their
contents.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from release.project.checks.base import Run, from_error
from release.project.versions import Version, parse_or_none

if TYPE_CHECKING:
    from release.project.distfiles import Artifact


def check_dist(run: Run, version: Version) -> None:
    from packaging.utils import canonicalize_name  # only `--dist` needs it

    facts = run.facts
    where = facts.dist_dir
    if facts.dist_error is not None:
        run.checks.append(from_error("dist-files", facts.dist_error))
        return
    artifacts = facts.artifacts or []
    sdists = [a for a in artifacts if a.kind == "sdist"]
    wheels = [a for a in artifacts if a.kind == "wheel"]
    if len(sdists) != 1 or not wheels:
        run.fail(
            "dist-files",
            f"{where} holds {len(sdists)} sdist(s) and {len(wheels)} wheel(s); "
            "exactly one sdist and at least one wheel are needed",
            f"empty {where} and build again (`nox -s build`)",
        )
    else:
        run.ok("dist-files", f"{where}: 1 sdist, {len(wheels)} wheel(s)")
    wrong = [a for a in artifacts if parse_or_none(a.version) != version]
    for artifact in wrong:
        run.fail(
            "dist-version",
            f"{artifact.path.name} carries version {artifact.version} in its metadata, "
            f"not {version}",
            f"empty {where} and build again from the commit of version {version}",
            str(artifact.path),
        )
    name = facts.project_name
    if name is not None:
        canonical = canonicalize_name(name)
        for artifact in artifacts:
            if canonicalize_name(artifact.name) != canonical:
                run.fail(
                    "dist-version",
                    f"{artifact.path.name} is the project {artifact.name!r}, not {name!r}",
                    f"remove it from {where}",
                    str(artifact.path),
                )
                wrong.append(artifact)
    for artifact in artifacts:
        if artifact in wrong:
            continue
        named = parse_or_none(artifact.name_version or "")
        if named != version:
            spelled = artifact.name_version
            run.fail(
                "dist-version",
                f"the file name {artifact.path.name} "
                + ("is not a valid wheel or sdist name" if spelled is None
                   else f"says version {spelled}, its metadata says {artifact.version}"),
                f"empty {where} and build again (`nox -s build`); do not rename built files",
                str(artifact.path),
            )
            wrong.append(artifact)
    if artifacts and not wrong:
        run.ok("dist-version", f"every file in {where} carries version {version}")
    problems = [
        f"{a.path.name}: {problem}"
        for a in artifacts
        if (problem := _content_problem(a)) is not None
    ]
    if problems:
        platform = sum(1 for a in artifacts
                       if a.kind == "wheel" and _refused_platforms(a.path.name))
        hints = ([] if platform == len(problems) else
                 ["fix the build configuration's include/exclude rules, then rebuild"])
        if platform:  # simplejson built with its C extension on a plain Linux
            hints.append("build the Linux wheels of a compiled extension with cibuildwheel "
                         "(manylinux, musllinux), or `auditwheel repair` them, before they "
                         "go into dist/")
        run.fail("dist-contents", "; ".join(problems), "; ".join(hints))
    elif artifacts:
        run.ok(
            "dist-contents", "the wheels hold the code and no stray files; the sdist can be rebuilt"
        )


_STRAY = re.compile(
    r"(^|/)(\.git|\.hg|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|"
    r"\.nox|\.tox|\.venv)(/|$)|\.py[co]$"
)


def _content_problem(artifact: Artifact) -> str | None:
    members = artifact.members
    stray = sorted({m for m in members if _STRAY.search(m)})
    if artifact.kind == "wheel":
        refused = _refused_platforms(artifact.path.name)
        if refused:
            return (f"tagged for the platform {', '.join(refused)}, which PyPI refuses (it takes "
                    "manylinux and musllinux wheels, not a plain linux build): build such wheels "
                    "with cibuildwheel or repair them with auditwheel, or leave this one out")
        code = [m for m in members if ".dist-info/" not in m and ".data/" not in m]
        if not code:
            return "the wheel contains no package or module, only metadata"
        tests = sorted({m.split("/")[0] for m in code if m.split("/")[0] in ("tests", "test")})
        stray += [f"{t}/ (top-level tests would be installed into site-packages)" for t in tests]
    else:
        top = {m.split("/", 1)[1] for m in members if "/" in m}
        if "pyproject.toml" not in top and "setup.py" not in top:
            return "the sdist has no pyproject.toml (or setup.py): it cannot be rebuilt"
    if stray:
        return "stray files: " + ", ".join(stray[:5]) + (" ..." if len(stray) > 5 else "")
    return None


def _refused_platforms(name: str) -> list[str]:
    """The platform tags of a wheel name that PyPI refuses: ``linux_x86_64`` (PyYAML's wheel
    built with its extension on a plain Linux); uploading the sdist and such a wheel would stop
    halfway."""
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    try:
        tags = parse_wheel_filename(name)[3]
    except InvalidWheelFilename:
        return []
    return sorted({tag.platform for tag in tags if tag.platform.startswith("linux_")})
