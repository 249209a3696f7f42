"""The outside world, one seam each: git, HTTP, the package index, GitHub, CI,
files, the plan executor.
"""
