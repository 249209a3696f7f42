"""A fast and simple micro-framework, in miniature."""

__author__ = "Maintainer"
__version__ = '0.14-dev'
