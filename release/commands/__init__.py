"""The commands: one module (or folder) per `release` command."""
