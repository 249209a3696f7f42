__title__ = "httpx"
__description__ = "HTTP client fixture."
__version__ = "0.28.1"
