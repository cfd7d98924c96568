"""Aramex: UpdateCode table (SH001...), received through Wasl's generic format (Aramex pushes nothing)."""
