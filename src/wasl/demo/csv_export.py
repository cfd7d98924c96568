"""Demo orders in the historical import CSV format, written by the format's own writer so they read back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from wasl.channels.csv import OUTCOMES, ImportRow, write_import_rows
from wasl.demo.types import DemoOrder, DemoShop

_IMPORTABLE = frozenset(OUTCOMES)


def write_import_csv(shop_or_orders: DemoShop | Iterable[DemoOrder], stream: TextIO) -> int:
    """Write the header and one row per finished order; returns the number of rows.

    The format records history, so only orders with an outcome it knows are written: orders still in
    flight at the shop's `now` and lost parcels are left out. Open files with newline="".
    """
    orders = shop_or_orders.orders if isinstance(shop_or_orders, DemoShop) else shop_or_orders
    return write_import_rows(_rows(orders), stream)


def _rows(orders: Iterable[DemoOrder]) -> Iterator[ImportRow]:
    line = 1  # the header
    for order in orders:
        if order.outcome is None or order.outcome.value not in _IMPORTABLE:
            continue
        line += 1
        yield ImportRow(
            line=line,
            order=order.order,
            carrier=order.carrier,
            outcome=order.outcome.value,
            outcome_at=order.outcome_at,
            ndr_reasons=order.ndr_reasons,
        )
