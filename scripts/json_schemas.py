"""The JSON Schema of each command's ``--format json`` result: docs/reference/schemas/*.json.

One envelope for every command (``command``, ``ok``, the command's fields, ``problems``; a
failure adds ``error`` and ``exit_code``), the fields of each command below. Run it after
changing a result's shape (``python scripts/json_schemas.py``); ``--check`` changes nothing
and exits 1 when a file is stale (tests/test_json.py checks the same, and validates every
command's real output against these files). docs/reference/json.md explains the fields.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "docs" / "reference" / "schemas"
S: dict[str, Any] = {"type": "string"}
NS = {"type": ["string", "null"]}
NI = {"type": ["integer", "null"]}
B = {"type": "boolean"}
NB = {"type": ["boolean", "null"]}
def arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def obj(props: dict[str, Any], required: list[str] | None = None, extra: bool = False
        ) -> dict[str, Any]:
    """An object with these properties (all required unless ``required`` says), closed
    unless ``extra``."""
    found: dict[str, Any] = {"type": "object", "properties": props,
                             "required": list(props) if required is None else required}
    if not extra:
        found["additionalProperties"] = False
    return found


PROBLEM = obj({"id": NS, "severity": {"enum": ["error", "warning"]}, "message": S, "hint": S,
               "file": NS, "line": NI})
ERROR = obj({"message": S, "hint": S, "file": NS, "line": NI, "exit_code": {"type": "integer"}})
CHECK = obj({"id": S, "ok": B, "severity": {"enum": ["error", "warning"]}, "message": S,
             "hint": S, "file": NS, "line": NI})
STATE = {"enum": ["released", "pending", "preparing", "behind", "development", None]}
PENDING = obj({"tag": NS, "tag_date": NS, "commits": NI,
               "entries": {"type": "integer", "minimum": 0}, "first": arr(S), "source": NS})
MESSAGE = obj({"message": S, "hint": S})

VALIDATE_FIELDS = {
    "mode": {"enum": ["branch", "tag"]}, "version": NS, "tag": NS, "state": STATE,
    "facts": obj({"version": obj({"value": NS, "source": NS, "file": NS, "line": NI}),
                  "tag_prefix": {"type": "object"}, "main_branch": {"type": "object"},
                  "version_files": arr({"type": "object"}), "changelog": {"type": "object"},
                  "pending": {"anyOf": [PENDING, {"type": "null"}]}},
                 required=["version", "tag_prefix", "main_branch"], extra=True),
    "checks": arr(CHECK),
}
REPORT = obj({"command": {"const": "validate"}, "ok": B, **VALIDATE_FIELDS,
              "problems": arr(PROBLEM)})

ACTION = obj({"kind": {"enum": ["version", "changelog", "towncrier", "commit"]}, "path": NS,
              "line": NI, "old": NS, "new": S, "source": S, "paths": arr(S)},
             required=["kind", "path", "line", "old", "new"])

VERSION = obj({"value": NS, "source": NS, "file": NS, "line": NI})
INDEX = obj({"url": S, "version": S, "complete": B, "missing": arr({"enum": ["sdist", "wheel"]}),
             "files": arr(obj({"name": S, "sha256": NS})), "error": NS})
GITHUB = obj({"repository": S, "tag": S, "exists": B, "draft": B, "url": NS, "complete": B,
              "files": arr(obj({"name": S, "sha256": NS})), "missing": arr(S),
              "different": arr(S), "error": NS})
PACKAGE_FIELDS = {
    "folder": S, "project": NS, "version": VERSION, "state": STATE, "state_text": S,
    "pending": PENDING,
    "tag": {"anyOf": [{"type": "null"}, obj({"name": S, "version": S, "commit": S, "date": NS,
                                              "on_main": NB, "main_branch": NS})]},
    "index": {"anyOf": [{"type": "null"}, INDEX]},
    "github": {"anyOf": [{"type": "null"}, GITHUB]},
    "next": obj({"command": NS, "why": S}),
    "checks_failed": arr(PROBLEM),
}

COMMANDS = {
    "validate": ("release validate: the readiness report (keys kept from earlier versions)",
                 VALIDATE_FIELDS, {}),
    "prepare": ("release prepare: the plan (every action with its kind, path, line, old and new "
                "value), the diff of a dry run, the validation of the result", {
        "current": NS, "target": S, "development": B, "tag": NS, "notes": arr(S),
        "actions": arr(ACTION), "dry_run": B, "diff": NS, "previews": arr(S),
        "validation": {"anyOf": [{"type": "null"}, REPORT]}, "next": NS}, {}),
    "tag": ("release tag: the tag, its commit, created or pushed", {
        "tag": S, "version": NS, "commit": S, "created": B, "pushed": B, "remote": NS,
        "exists": B, "actions": arr(S), "dry_run": B}, {}),
    "notes": ("release notes: one version's changelog section", {
        "version": S, "heading": S, "body": S, "file": S, "line": {"type": "integer"},
        "output": NS}, {}),
    "checksums": ("release checksums: each file's size and sha256", {
        "folder": S, "output": NS,
        "files": arr(obj({"name": S, "size": {"type": "integer"},
                          "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}))}, {}),
    "publish": ("release publish: per file what happened, and the attestations", {
        "project": S, "version": S, "url": S, "dry_run": B, "credentials": S,
        "attestations": obj({"enabled": B, "reason": S}),
        "files": arr(obj({"name": S, "sha256": S, "status": {"enum": [
            "uploaded", "skipped-identical", "would-upload", "not-uploaded", "refused"]},
            "reason": S, "attestation": B})),
        "confirmed": S, "warnings": arr(MESSAGE)},
        {"validation": REPORT}),
    "github-release": ("release github-release: the release and each attached file", {
        "tag": S, "dry_run": B, "state": {"enum": ["created", "updated", "complete", "planned"]},
        "url": NS, "published": B, "plan": arr(S),
        "files": arr(obj({"name": S, "sha256": S, "status": {"enum": [
            "attached", "kept-identical", "would-attach", "not-attached"]}})),
        "extra_assets": arr(S)}, {}),
    "guard-main": ("release guard-main: the verdict on each pushed commit", {
        "branch": S, "skipped": NS, "pusher": NS,
        "commits": arr(obj({"sha": S, "ok": B, "evidence": S})), "failures": arr(S),
        "warnings": arr(MESSAGE)}, {}),
    "verify": ("release verify: each file checked on the index (and the GitHub Release), "
               "against SHA256SUMS", {
        "project": S, "version": S, "url": S, "tag": NS, "checksums": S,
        "expected": arr(obj({"name": S, "sha256": S})),
        "findings": arr(obj({"where": {"enum": ["index", "provenance", "signature", "github"]},
                             "subject": S, "ok": B, "message": S})),
        "notes": arr(S)}, {}),
    "init": ("release init: what was detected, and the state of every managed part", {
        "project": S, "release_lifecycle": S,
        "detected": arr(obj({"what": S, "value": S, "source": NS})),
        "files": arr(obj({"path": S, "state": {"enum": ["missing", "current", "outdated",
                                                        "edited", "unmanaged", "stale", "seed",
                                                        "local-index", "ignored"]},
                          "detail": S, "line": NI})),
        "changes": arr(S), "warnings": arr(MESSAGE), "checklist": arr(S), "check": B,
        "dry_run": B, "written": arr(S), "diff": NS}, {}),
}


def schema(name: str, title: str, fields: dict[str, Any], failure_fields: dict[str, Any]
           ) -> dict[str, Any]:
    props = {"command": {"const": name}, "ok": B, **fields, **failure_fields,
             "exit_code": {"type": "integer"}, "error": ERROR, "problems": arr(PROBLEM)}
    result_keys = list(fields)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://release-lifecycle.invalid/schemas/{name}.json",
        "title": f"release {name} --format json",
        "description": title + ". On any failure the object is the error envelope: ok false, "
                       "exit_code, error, and the error first among the problems. "
                       "See docs/reference/json.md.",
        "type": "object",
        "properties": props,
        "required": ["command", "ok", "problems"],
        "additionalProperties": False,
        "anyOf": [{"required": result_keys}, {"required": ["error", "exit_code"]}],
        "if": {"properties": {"ok": {"const": True}}},
        "then": {"required": result_keys},
    }


def schemas() -> dict[str, dict[str, Any]]:
    """``{command: schema}`` for every command."""
    found = {name: schema(name, title, fields, failure)
             for name, (title, fields, failure) in COMMANDS.items()}
    status = schema("status", "release status: where the release stands (with --all: "
                    "packages, one object per package)", PACKAGE_FIELDS, {})
    unreadable = obj({"folder": S, "state": {"const": "unreadable"},
                      "error": obj({"message": S, "hint": S, "file": NS, "line": NI})})
    status["properties"]["packages"] = arr({"anyOf": [obj(PACKAGE_FIELDS), unreadable]})
    status["anyOf"] = [{"required": list(PACKAGE_FIELDS)}, {"required": ["packages"]},
                       {"required": ["error", "exit_code"]}]
    status["then"] = {"anyOf": [{"required": list(PACKAGE_FIELDS)},
                                {"required": ["packages"]}]}
    found["status"] = status
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a file is stale")
    args = parser.parse_args(argv)
    stale = []
    for name, data in schemas().items():
        path = OUT / f"{name}.json"
        text = json.dumps(data, indent=2) + "\n"
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"stale (run `python scripts/json_schemas.py`): {', '.join(stale)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
