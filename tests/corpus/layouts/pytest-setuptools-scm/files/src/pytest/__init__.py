from _pytest import __version__ as __version__
