"""`python -m pypi_attestations sign FILE...` without Sigstore, for offline tests."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "sign":
        print("usage: pypi-attestations sign FILE [FILE ...]", file=sys.stderr)
        return 2
    files = [Path(a) for a in argv[1:]]
    log = os.environ.get("FAKE_ATTESTATIONS_LOG")
    if log:
        with Path(log).open("a") as handle:
            handle.write(json.dumps({
                "files": [str(f) for f in files],
                "oidc": bool(os.environ.get("ACTIONS_ID_TOKEN_REQUEST_URL")),
                "secrets_seen": sorted(k for k in ("PYPI_API_TOKEN", "TWINE_PASSWORD")
                                       if k in os.environ),
            }) + "\n")
    if not (os.environ.get("GITHUB_ACTIONS") and os.environ.get("ACTIONS_ID_TOKEN_REQUEST_URL")
            and os.environ.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN")):
        print("Failed to detect identity", file=sys.stderr)
        return 1
    if os.environ.get("FAKE_ATTESTATIONS_FAIL"):
        print("Failed to sign: could not reach fulcio.sigstore.dev", file=sys.stderr)
        return 1
    for file in files:
        target = file.with_name(file.name + ".publish.attestation")
        if not file.is_file() or target.exists():
            print(f"{target} already exists" if target.exists() else f"{file} not found",
                  file=sys.stderr)
            return 1
        target.write_text(json.dumps({
            "version": 1,
            "verification_material": {"certificate": "fake", "transparency_entries": []},
            "envelope": {"statement": "fake", "signature": "fake"},
        }))
        print(f"Signing {file}")
    return 0


sys.exit(main(sys.argv[1:]))
