# The version of this package (read by setuptools, re-exported by __init__).

__title__ = "requestsish"
__version__ = "2.32.5"
