"""The project model: pyproject and [tool.release], versions, tags, version sources, checks."""
