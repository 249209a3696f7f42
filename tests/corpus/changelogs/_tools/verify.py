"""Sanity checks over the built corpus: TOML parses, heading lines point at headings, diffs are small.

python _tools/verify.py [--diff]
"""
import difflib
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
show = "--diff" in sys.argv
n_ok = n_cases = n_refuse = 0
for d in sorted(p for p in ROOT.iterdir() if (p / "case.toml").exists()):
    n_cases += 1
    c = tomllib.loads((d / "case.toml").read_text(encoding="utf-8"))
    raw = (d / c["path"]).read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    assert bom == c.get("bom", False), d.name
    text = raw[3 if bom else 0:].decode("utf-8")
    crlf = "\r\n" in text
    assert crlf == (c.get("newline") == "crlf"), d.name
    if crlf:
        assert "\n" not in text.replace("\r\n", ""), d.name
    lines = text.replace("\r\n", "\n").split("\n")
    for s in c.get("sections", []):
        title = s["heading"].split("\n")
        # the heading block may start above the title line (overline / label)
        assert lines[s["heading_line"] - 1] in title, (d.name, s["version"], lines[s["heading_line"] - 1])
    if c["unreleased_heading"]:
        assert lines[c["unreleased_heading_line"] - 1] == c["unreleased_heading"], d.name
    ins = c["insert"]
    if "refuse" in ins:
        n_refuse += 1
        assert d.name.startswith("refuse-")
        continue
    after_raw = (d / ins["expected_after"]).read_bytes()
    assert after_raw.startswith(b"\xef\xbb\xbf") == bom, d.name
    after = after_raw[3 if bom else 0:].decode("utf-8")
    assert ("\r\n" in after) == crlf, d.name
    assert ins["expected_heading"].replace("\n", "\r\n" if crlf else "\n") in after, d.name
    n = len(c["sections"])
    assert 4 <= n <= 8 or n >= 60, (d.name, n)
    n_ok += 1
    if show:
        print(f"==== {d.name}")
        a = text.replace("\r\n", "\n").splitlines(keepends=True)
        b = after.replace("\r\n", "\n").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(a, b, "before", "after", n=1))
print(f"{n_cases} cases: {n_ok} with expected-after, {n_refuse} refuse")
