class FastAPI:
    pass
