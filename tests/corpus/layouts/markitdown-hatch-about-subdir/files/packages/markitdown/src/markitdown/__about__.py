"""Version of the converter package (kept in the hatch template's __about__ file)."""

# SPDX-FileCopyrightText: 2024-present Example Maintainer <maintainer@example.com>
#
# SPDX-License-Identifier: MIT
__version__ = "0.1.7b1"
