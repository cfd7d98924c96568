"""Writing the historical import format, so that reading the file back gives the same rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from wasl.channels.csv.rows import IMPORT_COLUMNS, ImportRow
from wasl.channels.csv.values import LIST_SEPARATOR
from wasl.orders.types import LineData
from wasl.shipping.types import AdapterError


def write_import_rows(rows: Iterable[ImportRow], stream: TextIO) -> int:
    """Write the header and one line per row; returns how many rows were written.

    Open files with newline="" (the csv module's rule), as for reading.
    """
    writer = csv.writer(stream)
    writer.writerow(IMPORT_COLUMNS)
    written = 0
    for row in rows:
        writer.writerow(import_cells(row))
        written += 1
    return written


def import_cells(row: ImportRow) -> list[str]:
    order, address = row.order, row.order.shipping_address
    cells = {
        "order_id": order.external_id,
        "placed_at": order.placed_at.isoformat(),
        "customer_name": order.customer.name,
        "customer_phone": order.customer.phone,
        "customer_email": order.customer.email,
        "country": address.country,
        "city": address.city,
        "postal_code": address.postal_code,
        "address": address.line1,
        "payment_method": order.payment_method,
        "total": f"{order.total:f}",
        "currency": order.currency,
        "items": LIST_SEPARATOR.join(_item(line) for line in order.lines),
        "carrier": row.carrier,
        "outcome": row.outcome,
        "outcome_at": row.outcome_at.isoformat() if row.outcome_at else "",
        "ndr_reasons": LIST_SEPARATOR.join(row.ndr_reasons),
    }
    return [cells[column] for column in IMPORT_COLUMNS]


def _item(line: LineData) -> str:
    """`SKU:quantity`; refuses what the reader would reject rather than write an unreadable file."""
    if LIST_SEPARATOR in line.sku or not line.sku.strip():
        message = f"SKU {line.sku!r} cannot be written: it is empty or contains {LIST_SEPARATOR!r}"
        raise AdapterError("invalid_items", message)
    if line.quantity < 1:
        raise AdapterError(
            "invalid_items", f"SKU {line.sku!r} has quantity {line.quantity}; the format needs 1 or more"
        )
    return f"{line.sku}:{line.quantity}"
