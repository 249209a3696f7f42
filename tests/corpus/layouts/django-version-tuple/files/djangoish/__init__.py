from djangoish.utils.version import get_version

VERSION = (5, 2, 1, "final", 0)

__version__ = get_version(VERSION)
