#!/usr/bin/env python

# Shim so that tools which look for setup.py see a package; the build uses poetry-core.

import setuptools

if __name__ == "__main__":
    setuptools.setup(name="rich")
