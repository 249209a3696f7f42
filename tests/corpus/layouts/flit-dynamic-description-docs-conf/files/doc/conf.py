# Sphinx configuration (fixture).
project = 'Flit'

# The short X.Y version.
version = '3.10.1'
# The full version, including alpha/beta/rc tags.
release = version
