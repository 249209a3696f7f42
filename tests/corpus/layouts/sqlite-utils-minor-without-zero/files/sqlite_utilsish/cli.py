def cli() -> None:
    print("sqlite-utilsish")
