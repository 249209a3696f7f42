class ClientSession:
    pass
