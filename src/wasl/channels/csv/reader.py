"""Reading a historical import file: every row becomes an ImportRow or a RowError, never an exception.

Only a file that cannot be read as this format at all (no header, a column missing) raises, before any row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Protocol, TextIO

from wasl.channels.csv.rows import CHANNEL, IMPORT_COLUMNS, REQUIRED_VALUES, ImportRow, RowError
from wasl.channels.csv.values import (
    read_country,
    read_currency,
    read_items,
    read_ndr_reasons,
    read_outcome,
    read_payment_method,
    read_time,
    read_total,
)
from wasl.orders.types import AddressData, CustomerData, OrderData
from wasl.shipping.types import AdapterError

BOM = "\ufeff"


class _CsvReader(Protocol):
    line_num: int

    def __next__(self) -> list[str]: ...


def read_import_rows(stream: TextIO) -> Iterator[ImportRow | RowError]:
    """Check the header now (raising AdapterError "missing_header" or "missing_column"), then read lazily."""
    reader = csv.reader(stream)
    header = _read_header(reader)
    return _read_rows(reader, header)


def _read_header(reader: Iterator[list[str]]) -> list[str]:
    try:
        cells = next(reader)
    except StopIteration:
        raise AdapterError(
            "missing_header", "the file is empty; its first row must name the columns"
        ) from None
    names = [cell.strip().lower() for cell in cells]
    if names:
        names[0] = names[0].removeprefix(BOM).strip()  # Excel's "CSV UTF-8" starts with a byte-order mark
    missing = [column for column in IMPORT_COLUMNS if column not in names]
    if missing:
        raise AdapterError("missing_column", f"the header lacks {', '.join(missing)}")
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise AdapterError("duplicate_column", f"the header names {', '.join(repeated)} more than once")
    return names


def _read_rows(reader: _CsvReader, header: list[str]) -> Iterator[ImportRow | RowError]:
    first_line_of: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowError(line, "invalid_row", f"the row cannot be read as CSV: {exc}")
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield RowError(
                line, "invalid_row", f"the row has {len(cells)} values but the header has {len(header)}"
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True) if name}
        try:
            row = _row(line, values)
        except AdapterError as exc:
            yield RowError(line, exc.code, exc.message)
            continue
        order_id = row.order.external_id
        if order_id in first_line_of:
            yield RowError(
                line,
                "duplicate_order",
                f"order_id {order_id!r} was already read on line {first_line_of[order_id]}",
            )
            continue
        first_line_of[order_id] = line
        yield row


def _row(line: int, values: dict[str, str]) -> ImportRow:
    """Checks run in column order, so a row's error names its first bad column."""
    for column in REQUIRED_VALUES:
        if not values[column]:
            raise AdapterError("missing_value", f"{column} is empty")
    placed_at = read_time(values["placed_at"], "placed_at")
    country = read_country(values["country"])
    payment_method = read_payment_method(values["payment_method"])
    currency = read_currency(values["currency"])
    total = read_total(values["total"], currency)
    lines = read_items(values["items"], currency)
    outcome = read_outcome(values["outcome"])
    outcome_at = read_time(values["outcome_at"], "outcome_at") if values["outcome_at"] else None
    if outcome_at is not None and outcome_at < placed_at:
        raise AdapterError(
            "outcome_before_order",
            f"outcome_at {outcome_at.isoformat()} is before placed_at {placed_at.isoformat()}",
        )
    ndr_reasons = read_ndr_reasons(values["ndr_reasons"])
    name, phone = values["customer_name"], values["customer_phone"]
    order = OrderData(
        channel=CHANNEL,
        external_id=values["order_id"],
        number=values["order_id"],
        placed_at=placed_at,
        currency=currency,
        total=total,
        payment_method=payment_method,
        cancelled=outcome == "cancelled",
        customer=CustomerData(name=name, phone=phone, email=values["customer_email"]),
        shipping_address=AddressData(
            name=name,
            line1=values["address"],
            city=values["city"],
            postal_code=values["postal_code"],
            country=country,
            phone=phone,
        ),
        lines=lines,
    )
    return ImportRow(
        line=line,
        order=order,
        carrier=values["carrier"],
        outcome=outcome,
        outcome_at=outcome_at,
        ndr_reasons=ndr_reasons,
    )
