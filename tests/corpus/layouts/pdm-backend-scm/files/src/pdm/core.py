def main() -> None:
    print("pdm")
