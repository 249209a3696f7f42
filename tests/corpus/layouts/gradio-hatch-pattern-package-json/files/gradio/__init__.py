"""UI toolkit fixture; the version lives in package.json."""
