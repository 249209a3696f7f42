"""PEP 740 attestations, verified with pypi-attestations (and Sigstore) when they are there.

pypi-attestations is not a dependency of ``release``: the sessions that need it install it
(``requirements/publish.txt``). It is imported here, on first use; when it is missing, or when
Sigstore's trust root cannot be fetched, :class:`CannotVerify` says so, and the caller fails
closed. The trust root is refreshed once (:func:`refresh_trust_root`); each verification then
uses that copy.
"""

from __future__ import annotations

import importlib
from typing import Any


class CannotVerify(Exception):
    """The signatures cannot be checked here: no pypi-attestations, or no trust root."""


def _library() -> Any:
    try:
        return importlib.import_module("pypi_attestations")
    except ImportError:
        raise CannotVerify("pypi-attestations is not installed in the Python that runs "
                           "`release`") from None


def refresh_trust_root() -> None:
    """Fetch Sigstore's trust root (TUF); :class:`CannotVerify` when it cannot be reached."""
    _library()
    try:
        verifier = importlib.import_module("sigstore.verify")
        verifier.Verifier.production(offline=False)
    except Exception as exc:  # TUF, network, file system: all mean "cannot"
        raise CannotVerify(f"Sigstore's trust root could not be reached ({_reason(exc)})"
                           ) from None


def verify(attestation: object, filename: str, sha256: str, repository: str, workflow: str,
           *, offline: bool = True) -> str | None:
    """``None`` when ``attestation`` is a valid signature over ``filename`` with ``sha256`` by
    the workflow ``workflow`` of the GitHub repository ``repository``; else why not.

    ``offline``: use the trust root fetched by :func:`refresh_trust_root` (or, before that,
    the one Sigstore ships), without asking the network again.
    """
    library = _library()
    try:
        parsed = library.Attestation.model_validate(attestation)
        publisher = library.GitHubPublisher(repository=repository, workflow=workflow)
        dist = library.Distribution(name=filename, digest=sha256)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        return f"not a PEP 740 attestation ({_reason(exc)})"
    try:
        parsed.verify(publisher, dist, offline=offline)
    except library.AttestationError as exc:
        return f"the signature does not verify ({_reason(exc)})"
    except Exception as exc:  # a broken certificate is a failed check too
        return f"the signature cannot be checked ({_reason(exc)})"
    return None


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."
