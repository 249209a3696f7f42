def main() -> None:
    print("hatch")
