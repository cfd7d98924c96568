"""SMSA Express: AWB status codes (SHOD, SHDL, ATNA, DEX03-x, ...), received through Wasl's generic format."""
