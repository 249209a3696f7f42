"""Upload credentials, found in this order: a ``user:password@`` in the repository URL, trusted
publishing (a GitHub Actions job with ``id-token: write``), ``PYPI_API_TOKEN``; what to set up
when there are none; and the environment the upload tools get (no token but twine's own
variables).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from release.errors import PublishError, UsageError
from release.outside import ci, http, index

TOKEN_VARIABLE = "PYPI_API_TOKEN"  # noqa: S105 - the variable's name, not a secret

TRUSTED = "trusted publishing"

URL_CREDENTIALS = "repository URL"

CREDENTIAL_CHOICES = ("auto", "trusted-publishing", "token")

# Never passed on to twine or the signer: the token goes to twine only as TWINE_PASSWORD.
_SCRUBBED = (TOKEN_VARIABLE, "TWINE_USERNAME", "TWINE_PASSWORD", "TWINE_REPOSITORY_URL",
             "TWINE_REPOSITORY")


@dataclass(frozen=True)
class Credentials:
    source: str  # TOKEN_VARIABLE, TRUSTED, URL_CREDENTIALS or "none"
    username: str | None = None
    password: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def token(self) -> str | None:
        """The secret that must never be shown (token or password), if any."""
        return self.password or None

    def describe(self) -> str:
        if self.source == TOKEN_VARIABLE:
            return f"API token from ${TOKEN_VARIABLE} (sent as user __token__)"
        if self.source == TRUSTED:
            return "trusted publishing (this job's GitHub Actions OIDC token, exchanged by twine)"
        if self.source == URL_CREDENTIALS:
            return f"user {self.username} and password from the repository URL"
        return "none"


def oidc_available(env: Mapping[str, str]) -> bool:
    """A GitHub Actions job with ``id-token: write`` (the runner sets the request variables)."""
    return bool(ci.is_github_actions(env) and env.get("ACTIONS_ID_TOKEN_REQUEST_URL")
                and env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN"))


def find_credentials(env: Mapping[str, str], url: str = index.PYPI_UPLOAD,
                     choice: str = "auto") -> Credentials:
    """The credentials for an upload to ``url``; trusted publishing first in GitHub Actions."""
    if choice not in CREDENTIAL_CHOICES:
        raise UsageError(f"unknown credentials choice {choice!r}",
                         "use --credentials auto, trusted-publishing or token")
    _, user, password = http.split_credentials(url)
    token = env.get(TOKEN_VARIABLE, "").strip()
    oidc = oidc_available(env)
    if user is not None or password is not None:
        if choice == "trusted-publishing":
            raise UsageError("--credentials trusted-publishing, but the repository URL carries "
                             "a user and password", "remove them from --repository-url")
        return Credentials(URL_CREDENTIALS, user or "__token__", password or "")
    if choice == "token":
        if not token:
            raise PublishError(f"--credentials token, but ${TOKEN_VARIABLE} is not set (or "
                               "empty); nothing was uploaded",
                               f"set {TOKEN_VARIABLE}, or drop --credentials token")
        return Credentials(TOKEN_VARIABLE, "__token__", token)
    if choice == "trusted-publishing" and not oidc:
        raise PublishError(
            "--credentials trusted-publishing, but this is not a GitHub Actions job that may "
            "request an OIDC token; nothing was uploaded",
            "give the publish job `permissions: id-token: write` (release.yml does)",
        )
    if oidc and (choice == "trusted-publishing" or index.is_pypi(url) or not token):
        notes = []
        if token:
            notes.append(f"${TOKEN_VARIABLE} is set but not used: trusted publishing comes "
                         "first (pass --credentials token to upload with the token instead)")
        if not index.is_pypi(url):
            notes.append("only PyPI and TestPyPI exchange GitHub's OIDC token: for this index "
                         "twine looks for a password in a keyring or ~/.pypirc")
        return Credentials(TRUSTED, notes=tuple(notes))
    if token:
        notes = ["trusted publishing is not used: only PyPI and TestPyPI support it"] if oidc \
            else []
        return Credentials(TOKEN_VARIABLE, "__token__", token, tuple(notes))
    return Credentials("none")


def attestation_choice(credentials: Credentials, wanted: bool) -> tuple[bool, str]:
    """Whether PEP 740 attestations are made, and why (``release publish --dry-run`` says it)."""
    if credentials.source != TRUSTED:
        return False, ("no: PEP 740 attestations need trusted publishing (PyPI rejects them "
                       "from an API token or a password)")
    if not wanted:
        return False, "no (--no-attestations)"
    return True, ("yes: one PEP 740 attestation per uploaded file, signed with this job's OIDC "
                  "identity (pypi-attestations sign), sent with twine upload --attestations")


def remediation(repository_url: str, project: str) -> str:
    """What to set up when there are no credentials, for the index being uploaded to."""
    if not index.is_pypi(repository_url):
        where = http.redact_url(repository_url)
        return (
            f"no credentials for uploading to {where}; nothing was uploaded.\n"
            "This index is not PyPI: trusted publishing works only with PyPI and TestPyPI. "
            "Fix it in one of two ways:\n"
            f"  1. Its password (or token) in {TOKEN_VARIABLE}, sent as user __token__: "
            f"export {TOKEN_VARIABLE}=... before the command.\n"
            "  2. Its user and password in the URL: --repository-url with `user:password@` "
            "in front of the host (the password is never shown in any output)."
        )
    test = "test.pypi.org" in repository_url
    account = "https://test.pypi.org" if test else "https://pypi.org"
    return (
        f"no credentials for uploading to {'TestPyPI' if test else 'PyPI'}; nothing was "
        "uploaded.\n"
        "Fix it in one of two ways:\n"
        f"  1. Trusted publishing (recommended, no secret at all): on {account}, Your projects "
        f"> {project} > Manage > Publishing > Add a new publisher (GitHub): owner and "
        "repository, workflow file name `release.yml`, environment name `pypi` (a project that "
        "is not on PyPI yet: Your account > Publishing > Add a new pending publisher, with the "
        "project name). The publish job needs `permissions: id-token: write` (release.yml has "
        "it) and then also gets PEP 740 attestations.\n"
        f"  2. API token: create one at {account}/manage/account/token/ with scope \"Project: "
        f"{project}\". In GitHub store it as a secret of the `pypi` environment only: "
        f"Settings > Environments > pypi > Environment secrets > Add environment secret, name "
        f"{TOKEN_VARIABLE} (not a repository secret, which every job could read). Locally: "
        f"export {TOKEN_VARIABLE}=... before `nox -s publish`."
    )


def child_env(env: Mapping[str, str], credentials: Credentials) -> dict[str, str]:
    """The environment of twine and the signer: no token except twine's own variables.

    Under trusted publishing TWINE_USERNAME and TWINE_PASSWORD are *unset* (an empty
    TWINE_PASSWORD would stop twine from trying trusted publishing).
    """
    child = {k: v for k, v in env.items() if k not in _SCRUBBED}
    if credentials.source in (TOKEN_VARIABLE, URL_CREDENTIALS):
        child["TWINE_USERNAME"] = credentials.username or "__token__"
        child["TWINE_PASSWORD"] = credentials.password or ""
    child.pop("FORCE_COLOR", None)
    child["NO_COLOR"] = "1"  # plain lines in logs and step summaries
    child["PYTHONIOENCODING"] = "utf-8"
    return child
