"""Terminal rendering fixture."""
