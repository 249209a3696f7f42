from .__version__ import __description__, __title__, __version__

__all__ = ["__description__", "__title__", "__version__", "main"]


def main() -> None:
    print(__title__, __version__)
