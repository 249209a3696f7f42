"""Version spellings in headings, links and tags: the newest version's becomes the new one's,
the one before it the newest's, in every written form (``1.4.0``, ``1-4-0`` anchors,
SQLAlchemy's ``rel_1_4_0``). Pure logic, no I/O.
"""

from __future__ import annotations

import re

from release.changelog.model import Section


def _version_pattern(spellings: dict[str, str]) -> re.Pattern[str]:
    keys = sorted(spellings, key=len, reverse=True)
    return re.compile(
        r"(?<!\d)(?<!\d\.)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\d|\.\d)"
    )


def substitute(text: str, spellings: dict[str, str]) -> str:
    """Replace whole version spellings at once (``{old: new}``)."""
    if not spellings:
        return text
    return _version_pattern(spellings).sub(lambda m: spellings[m.group(0)], text)


def spellings(new: str, newest: Section | None, previous: Section | None) -> dict[str, str]:
    """``{newest: new, previous: newest}`` with dashed variants (``v44-0-2`` anchors) and
    underscored ones (SQLAlchemy's ``rel_2_0_0`` tags)."""
    mapping: dict[str, str] = {}
    if newest is None or newest.version_text is None:
        return mapping
    old = newest.version_text
    mapping[old] = new
    if previous is not None and previous.version_text and previous.version_text != old:
        mapping[previous.version_text] = old
    return with_variants(mapping)


def with_variants(mapping: dict[str, str]) -> dict[str, str]:
    """The mapping plus its ``-`` and ``_`` spellings (``1-4-0``, ``rel_1_4_0``)."""
    result = dict(mapping)
    for key, value in mapping.items():
        if "." in key:
            for joiner in "-_":
                result.setdefault(key.replace(".", joiner), value.replace(".", joiner))
    return result
