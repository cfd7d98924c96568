"""Carrier adapters: one folder per tracking source (status table, pure mapper, adapter).

Use `wasl.carriers.registry.get_carrier_adapter(name)`; see docs/carriers.md.
"""
