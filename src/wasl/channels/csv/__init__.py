"""The historical import format: past orders and their delivery outcomes, one row per order."""

from wasl.channels.csv.reader import read_import_rows
from wasl.channels.csv.rows import IMPORT_COLUMNS, OUTCOMES, ImportRow, RowError
from wasl.channels.csv.writer import write_import_rows

__all__ = ["IMPORT_COLUMNS", "OUTCOMES", "ImportRow", "RowError", "read_import_rows", "write_import_rows"]
