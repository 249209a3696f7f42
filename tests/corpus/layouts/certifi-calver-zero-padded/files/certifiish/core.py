def where() -> str:
    return "cacert.pem"
