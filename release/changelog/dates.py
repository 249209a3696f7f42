"""Release dates as changelogs write them: find, compare, and write in the file's own form.

Pure logic, no I/O. Read: ISO ``2026-02-19``; day first ``4 August 2026``,
``6th December, 2024``; month first ``August 24, 2025``, ``Jul 9, 2026``, ``Dec 04, 2025``.
Every date is compared as an ISO string (``2024-12-06``); :class:`DateForm` remembers how the
file wrote one so that a new date can be written the same way (month name or abbreviation,
ordinal suffix, zero padding, commas).

Digit runs are bounded (``\\d{1,2}``, ``\\d{4}`` between non-digits), so no ``int()`` ever
sees a long number.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_MONTH_NUMBER = {name.lower(): n for n, name in enumerate(MONTHS, 1)}
_MONTH_NUMBER.update({name[:3].lower(): n for n, name in enumerate(MONTHS, 1)})
_MONTH_NUMBER["sept"] = 9
_FULL_NAMES = frozenset(name.lower() for name in MONTHS)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)

_ISO = re.compile(r"(?<![\w-])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?![\w-])")
_WORDS = (
    rf"(?<![\w])(?P<ad>\d{{1,2}})(?P<ao>st|nd|rd|th)?[ \t]+(?P<am>{_MONTH})(?P<adot>\.?)"
    r"(?P<ac>,?)[ \t]+(?P<ay>\d{4})(?!\d)"
    rf"|(?<![\w])(?P<bm>{_MONTH})(?P<bdot>\.?)[ \t]+(?P<bd>\d{{1,2}})(?P<bo>st|nd|rd|th)?"
    r"(?P<bc>,?)[ \t]+(?P<by>\d{4})(?!\d)"
)
_MONTH_HINT = re.compile(r"[A-Za-z]{3}")


def _words() -> re.Pattern[str]:
    """Dates in words, compiled on first need (ISO dates are the common case)."""
    return re.compile(_WORDS, re.IGNORECASE)  # re caches the compiled pattern


@dataclass(frozen=True)
class DateForm:
    """How a file writes a date, e.g. ``{d}{o} {month}, {Y}`` with full month names."""

    order: str = "iso"
    """``iso`` (2026-11-26), ``dmy`` (26 November 2026) or ``mdy`` (November 26, 2026)."""
    month: str = "full"
    """``full`` (November), ``abbr`` (Nov) or ``abbr.`` (Nov.)."""
    upper: bool = False
    ordinal: bool = False
    pad: bool = False
    comma: bool = False

    def render(self, iso: str) -> str:
        """``iso`` (YYYY-MM-DD) written in this form."""
        day = _dt.date.fromisoformat(iso)
        if self.order == "iso":
            return iso
        name = MONTHS[day.month - 1]
        if self.month.startswith("abbr"):
            name = name[:3] + ("." if self.month == "abbr." else "")
        if self.upper:
            name = name.upper()
        number = f"{day.day:02d}" if self.pad else str(day.day)
        if self.ordinal:
            number += _ordinal(day.day)
        comma = "," if self.comma else ""
        if self.order == "dmy":
            return f"{number} {name}{comma} {day.year}"
        return f"{name} {number}{comma} {day.year}"


ISO = DateForm()


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text: where, the ISO value, and the form it was written in."""

    start: int
    end: int
    iso: str | None
    """``None`` when the text looks like a date but is none (``2026-02-30``)."""
    form: DateForm
    text: str


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _iso(year: str, month: int, day: str) -> str | None:
    try:
        return _dt.date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str, start: int = 0) -> FoundDate | None:
    """The first date in ``text[start:]``, or ``None``."""
    iso = _ISO.search(text, start)
    words = _words().search(text, start) if _MONTH_HINT.search(text, start) else None
    if iso is not None and (words is None or iso.start() <= words.start()):
        value = _iso(iso.group("iy"), int(iso.group("im")), iso.group("id"))
        return FoundDate(iso.start(), iso.end(), value, ISO, iso.group(0))
    match = words
    if match is None:
        return None
    group = match.group
    prefix = "a" if group("ad") is not None else "b"
    day, month_name = group(prefix + "d"), group(prefix + "m")
    month = _MONTH_NUMBER[month_name.lower()]
    dot = bool(group(prefix + "dot"))
    lower = month_name.lower()
    if lower in _FULL_NAMES:
        kind = "full"
    else:
        kind = "abbr." if dot else "abbr"
    form = DateForm(
        order="dmy" if prefix == "a" else "mdy",
        month=kind,
        upper=month_name.isupper(),
        ordinal=group(prefix + "o") is not None,
        pad=len(day) == 2 and day.startswith("0"),
        comma=bool(group(prefix + "c")),
    )
    return FoundDate(match.start(), match.end(), _iso(group(prefix + "y"), month, day), form,
                     match.group(0))


def valid_iso(text: str) -> bool:
    """True for a real calendar date written ``YYYY-MM-DD``."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
