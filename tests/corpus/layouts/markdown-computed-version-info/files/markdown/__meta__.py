"""Version metadata for the Markdown fixture."""

# __version_info__ = (major, minor, micro, release level, serial)
# release level is one of 'dev', 'alpha', 'beta', 'rc', 'final'.

from __future__ import annotations


__version_info__ = (3, 10, 3, 'final', 0)


def _get_version(info):
    """Build a PEP 440 string from the tuple (two parts when micro is 0)."""
    major, minor, micro, level, serial = info
    text = '.'.join(map(str, (major, minor, micro) if micro else (major, minor)))
    if level == 'dev':
        return f'{text}.dev{serial}'
    if level != 'final':
        return text + {'alpha': 'a', 'beta': 'b', 'rc': 'rc'}[level] + str(serial)
    return text


__version__ = _get_version(__version_info__)
