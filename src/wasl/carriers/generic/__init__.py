"""Wasl's own documented carrier format, for carriers without an integration (see docs/carriers.md)."""
