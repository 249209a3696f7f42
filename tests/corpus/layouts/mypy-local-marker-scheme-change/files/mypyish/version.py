# Base version.
# - Release versions have the form "1.2.3".
# - Dev versions have the form "1.2.3+dev" (PLUS sign to conform to PEP 440).

__version__ = "1.12.0+dev"
base_version = __version__
