"""Formatter fixture; the version comes from git tags."""


def main() -> None:
    print("black")
