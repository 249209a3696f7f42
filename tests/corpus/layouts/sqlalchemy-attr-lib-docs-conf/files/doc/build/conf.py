# Sphinx configuration (fixture).
project = "SQLAlchemy"

# The short X.Y version.
version = "2.1"
# The full version, including alpha/beta/rc tags.
release = "2.1.0b3"

release_date = "June 27, 2026"
