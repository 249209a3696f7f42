class Database:
    """Nothing but a name to import."""

    def __init__(self, path: str) -> None:
        self.path = path
