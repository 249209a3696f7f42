"""A fixture package: no __version__ here."""


def activate():
    return True
