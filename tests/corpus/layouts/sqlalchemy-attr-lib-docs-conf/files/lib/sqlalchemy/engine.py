def create_engine(url: str) -> str:
    return url
