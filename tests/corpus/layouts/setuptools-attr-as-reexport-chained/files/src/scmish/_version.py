# file kept in the repository (it used to be generated)

__version__ = version = "1.5.1"
