"""Build the changelog corpus: writes each case folder from the specs in cases_*.py.

Every case is a dict (see `case()` below). The builder
  * writes the changelog (LF in the spec; converted to CRLF / given a BOM when asked),
  * computes heading lines and first/last body lines from the declared section headings,
  * writes expected-after.<ext> by applying hand-written (old -> new) edits to the
    "before" text (each old string must occur exactly once), or, for towncrier cases,
    by running `towncrier build --version V --date D --keep` on a copy of the case,
  * writes case.toml.

Run:  python _tools/build.py   (towncrier must be importable for the towncrier cases:
      python _tools/build.py with a Python that has towncrier)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSERT_DATE = "2026-11-26"
CASES: list[dict] = []


def L(*lines: str) -> str:
    """Join lines with LF and end with one LF."""
    return "\n".join(lines) + "\n"


def case(name: str, **kw) -> None:
    kw["name"] = name
    CASES.append(kw)


def sec(version, find, date="", skip=0, pre=0, yanked=False, nth=1):
    """A release section.

    find  -- the exact text of the heading's title line
    skip  -- lines after the title line that still belong to the heading block
             (setext/rst underline, a date line, a compare-link line, ...)
    pre   -- lines above the title line that belong to the heading block
             (an rst overline, a `.. _label:` target and the blank after it)
    nth   -- which occurrence of `find` (1-based), for titles that repeat in bodies
    """
    return dict(version=version, find=find, date=date, skip=skip, pre=pre, yanked=yanked, nth=nth)


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def toml_multiline(s: str) -> str:
    if not s or "'''" in s:
        return toml_str(s)
    return "'''\n" + s + "'''"


def _find(lines, text, start, nth):
    seen = 0
    for i in range(start, len(lines)):
        if lines[i] == text:
            seen += 1
            if seen == nth:
                return i
    raise ValueError(f"heading line not found: {text!r} (from line {start + 1})")


def _nonblank(lines, lo, hi):
    return [lines[i] for i in range(lo, hi) if lines[i].strip()]


def encode(text: str, crlf: bool, bom: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    return data


def apply_edits(text: str, edits) -> str:
    for old, new in edits:
        n = text.count(old)
        if n != 1:
            raise ValueError(f"edit target occurs {n} times: {old[:80]!r}")
        text = text.replace(old, new)
    return text


def run_towncrier(c, case_dir: Path, version: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(case_dir, tmp / "proj")
        proj = tmp / "proj"
        for extra in ("case.toml",):
            (proj / extra).unlink(missing_ok=True)
        for p in proj.glob("expected-after.*"):
            p.unlink()
        cmd = [sys.executable, "-m", "towncrier", "build", "--version", version,
               "--date", INSERT_DATE, "--keep"]
        r = subprocess.run(cmd, cwd=proj, capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"towncrier failed for {c['name']}:\n{r.stdout}\n{r.stderr}")
        return (proj / c["path"]).read_bytes().decode("utf-8")


def build_one(c: dict) -> None:
    name = c["name"]
    case_dir = ROOT / name
    if case_dir.exists():
        shutil.rmtree(case_dir)
    case_dir.mkdir(parents=True)
    crlf, bom = c.get("crlf", False), c.get("bom", False)
    text = c["text"]
    assert text.endswith("\n") and "\r" not in text
    target = case_dir / c["path"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(encode(text, crlf, bom))
    for rel, content in c.get("files", {}).items():
        p = case_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content, encoding="utf-8", newline="\n")

    lines = text.split("\n")[:-1]
    out = []
    out.append(f"modelled_on = {toml_str(c['modelled_on'])}")
    out.append(f"evidence = {toml_str(c['evidence'])}")
    out.append(f"path = {toml_str(c['path'])}")
    out.append(f"format = {toml_str(c['format'])}")
    out.append(f"towncrier = {'true' if c.get('towncrier') else 'false'}")
    out.append(f"towncrier_config = {toml_multiline(c.get('towncrier_config', ''))}")
    if crlf:
        out.append('newline = "crlf"')
    if bom:
        out.append("bom = true")

    sections = c.get("sections", [])
    # locate headings
    pos = 0
    unrel = c.get("unreleased")
    u_idx = None
    if unrel:
        u_idx = _find(lines, unrel["find"], 0, unrel.get("nth", 1))
        pos = u_idx + 1
    idxs = []
    for s in sections:
        i = _find(lines, s["find"], pos, s["nth"] if s["nth"] > 1 else 1)
        idxs.append(i)
        pos = i + 1
    tail = len(lines)
    if c.get("tail_marker"):
        tail = _find(lines, c["tail_marker"], pos, 1)

    if unrel:
        heading_text = unrel.get("heading", unrel["find"])
        out.append(f"unreleased_heading = {toml_str(heading_text)}")
        h_line = _find(lines, heading_text, max(0, u_idx - 3), 1) if heading_text != unrel["find"] else u_idx
        out.append(f"unreleased_heading_line = {h_line + 1}")
        blk_lo = u_idx - unrel.get("pre", 0)
        blk_hi = u_idx + 1 + unrel.get("skip", 0)
        out.append(f"unreleased_block = {toml_str(chr(10).join(lines[blk_lo:blk_hi]))}")
        body_hi = (idxs[0] - sections[0]["pre"]) if sections else tail
        entries = _nonblank(lines, blk_hi, body_hi)
        if unrel.get("entries_override") is not None:
            entries = unrel["entries_override"]
        out.append("unreleased_entries = [" + ", ".join(toml_str(e) for e in entries) + "]")
    else:
        out.append('unreleased_heading = ""')
        out.append("unreleased_entries = []")
    after = c.get("unreleased_heading_after")
    if not after and unrel and c["insert"].get("keeps"):
        after = unrel.get("heading", unrel["find"])
    if after:
        out.append(f"unreleased_heading_after = {toml_str(after)}")
    if c.get("notes"):
        out.append(f"notes = {toml_str(c['notes'])}")

    for n, (s, i) in enumerate(zip(sections, idxs)):
        body_lo = i + 1 + s["skip"]
        body_hi = (idxs[n + 1] - sections[n + 1]["pre"]) if n + 1 < len(sections) else tail
        body = _nonblank(lines, body_lo, body_hi)
        out.append("")
        out.append("[[sections]]")
        out.append(f"version = {toml_str(s['version'])}")
        out.append(f"heading_line = {i + 1}")
        out.append(f"heading = {toml_str(chr(10).join(lines[i - s['pre']:i + 1 + s['skip']]))}")
        out.append(f"date = {toml_str(s['date'])}")
        out.append(f"body_first = {toml_str(body[0] if body else '')}")
        out.append(f"body_last = {toml_str(body[-1] if body else '')}")
        out.append(f"yanked = {'true' if s['yanked'] else 'false'}")

    ins = c["insert"]
    out.append("")
    out.append("[insert]")
    if "refuse" in ins:
        if ins.get("version"):
            out.append(f"version = {toml_str(ins['version'])}")
            out.append(f"date = {toml_str(INSERT_DATE)}")
        out.append(f"refuse = {toml_str(ins['refuse'])}")
    else:
        ext = Path(c["path"]).suffix.lstrip(".") or "txt"
        after_name = f"expected-after.{ext}"
        if c.get("towncrier"):
            after = run_towncrier(c, case_dir, ins["version"])
        else:
            after = apply_edits(text, ins["edits"])
        assert ins["expected_heading"] in after, (name, ins["expected_heading"])
        (case_dir / after_name).write_bytes(encode(after, crlf, bom))
        out.append(f"version = {toml_str(ins['version'])}")
        out.append(f"date = {toml_str(INSERT_DATE)}")
        out.append(f"expected_heading = {toml_str(ins['expected_heading'])}")
        out.append(f"keeps_unreleased_heading = {'true' if ins.get('keeps') else 'false'}")
        out.append(f"expected_after = {toml_str(after_name)}")
        if ins.get("compare_link"):
            out.append(f"compare_link = {toml_str(ins['compare_link'])}")
    (case_dir / "case.toml").write_text("\n".join(out) + "\n", encoding="utf-8")


def main(selected=None) -> None:
    for c in CASES:
        if selected and c["name"] not in selected:
            continue
        build_one(c)
        print("built", c["name"])
