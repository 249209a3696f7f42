def main() -> None:
    print("markitdown")
