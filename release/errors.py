"""The one exception family of the library.

Every failure a user can cause is a :class:`ReleaseError` that knows its message,
where it happened (file and line, when known) and a hint that says what to do.
The CLI turns them into one ``error:`` line plus the hint and exit code 1
(2 for :class:`UsageError`); nothing else in the package prints or exits.
"""

from __future__ import annotations


def shorten(text: str, limit: int = 60) -> str:
    """A value as a message shows it: hostile or accidental megabyte-long values are cut."""
    return text if len(text) <= limit else f"{text[: limit - 14]}... ({len(text):,} chars)"


class ReleaseError(Exception):
    """A failure the user can fix; carries a message, a location and a hint."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        hint: str = "",
        *,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.details: dict[str, object] = {}
        """What a JSON result shows besides the problem (``files``, ``validation``, …)."""

    @property
    def location(self) -> str:
        """``file:line: `` or ``file: `` or the empty string."""
        if self.file is None:
            return ""
        if self.line is None:
            return f"{self.file}: "
        return f"{self.file}:{self.line}: "

    def __str__(self) -> str:
        return f"{self.location}{self.message}"

    def as_problem(self) -> dict[str, object]:
        """The error as one item of a JSON result's ``problems`` (docs/reference/json.md)."""
        return {"id": None, "severity": "error", "message": self.message, "hint": self.hint,
                "file": self.file, "line": self.line}


class UsageError(ReleaseError):
    """The command line itself is wrong (exit code 2)."""

    exit_code = 2


class ConfigError(ReleaseError):
    """pyproject.toml or ``[tool.release]`` cannot be used as it is."""


class VersionError(ReleaseError):
    """A version string is not PEP 440, or a bump is not possible."""


class ChangelogError(ReleaseError):
    """The changelog cannot be read or edited as asked."""


class GitError(ReleaseError):
    """``git`` is missing, the folder is no repository, or a git command failed."""


class PackageIndexError(ReleaseError):
    """The package index cannot be reached or answered unexpectedly."""


class PublishError(ReleaseError):
    """An upload cannot start or did not finish."""


class RefusedError(ReleaseError):
    """A step refused to act because a precondition does not hold."""
