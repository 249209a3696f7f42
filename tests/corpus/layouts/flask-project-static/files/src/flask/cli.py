def main() -> None:
    print("flask")
