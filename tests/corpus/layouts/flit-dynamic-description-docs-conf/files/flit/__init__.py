"""Publish Python packages to an index with little configuration."""

import sys

__version__ = '3.10.1'


def main(argv=None):
    return 0 if sys.argv else 1
