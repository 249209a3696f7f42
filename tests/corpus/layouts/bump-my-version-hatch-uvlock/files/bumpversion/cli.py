def cli() -> None:
    print("bump")
