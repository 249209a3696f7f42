def main() -> None:
    print("cz")
