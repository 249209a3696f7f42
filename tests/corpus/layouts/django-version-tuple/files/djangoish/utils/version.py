def get_version(version):
    """A PEP 440 version from a VERSION tuple."""
    major, minor, micro, level, serial = version
    main = f"{major}.{minor}.{micro}"
    marks = {"alpha": "a", "beta": "b", "rc": "rc"}
    return main + (f"{marks[level]}{serial}" if level != "final" else "")
