"""Writing the import format so that reading it back gives the same rows."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from wasl.channels.csv import IMPORT_COLUMNS, ImportRow, read_import_rows, write_import_rows
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.shipping.types import AdapterError


def _row(order_id: str, **changes: Any) -> ImportRow:
    name, phone = "Youssef Alaoui, Jr.", "+212 6 61 23 45 67"
    order = OrderData(
        channel="csv",
        external_id=order_id,
        number=order_id,
        placed_at=datetime(2024, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=1))),
        currency="KWD",
        total=Decimal("12.345"),
        payment_method="cod",
        customer=CustomerData(name=name, phone=phone, email="y@example.com"),
        shipping_address=AddressData(
            name=name,
            line1='Block 4, "Villa" 12\nNear the mosque',
            city="Kuwait City",
            country="KW",
            phone=phone,
        ),
        lines=(LineData(sku="A:B-1", name="A:B-1", quantity=3, unit_price=Decimal("0.000")),),
    )
    row = ImportRow(
        line=0,
        order=order,
        carrier="aramex",
        outcome="returned",
        outcome_at=datetime(2024, 2, 3, 8, 0, tzinfo=UTC),
        ndr_reasons=("address_issue", "phone_unreachable"),
    )
    return replace(row, **changes)


def test_given_rows_when_written_and_read_back_then_they_are_equal_apart_from_line_numbers() -> None:
    rows = [_row("KW-1"), _row("KW-2", outcome="delivered", outcome_at=None, ndr_reasons=())]
    stream = io.StringIO()

    written = write_import_rows(rows, stream)
    stream.seek(0)
    read_back = list(read_import_rows(stream))

    assert written == 2
    assert read_back == [
        _row("KW-1", line=2),
        _row("KW-2", line=4, outcome="delivered", outcome_at=None, ndr_reasons=()),
    ]


def test_given_a_row_when_written_then_the_cells_are_in_the_documented_format() -> None:
    stream = io.StringIO()

    order = replace(
        _row("KW-1").order, shipping_address=AddressData(line1="Salmiya", city="Hawalli", country="KW")
    )

    write_import_rows([_row("KW-1", order=order)], stream)

    header, line, end = stream.getvalue().split("\r\n")
    assert header == ",".join(IMPORT_COLUMNS)
    assert line == (
        'KW-1,2024-01-31T23:30:00+01:00,"Youssef Alaoui, Jr.",+212 6 61 23 45 67,y@example.com,'
        "KW,Hawalli,,Salmiya,cod,12.345,KWD,A:B-1:3,aramex,returned,2024-02-03T08:00:00+00:00,"
        "address_issue;phone_unreachable"
    )
    assert end == ""


def test_given_no_rows_when_written_then_only_the_header_is_there() -> None:
    stream = io.StringIO()

    assert write_import_rows([], stream) == 0
    assert stream.getvalue() == ",".join(IMPORT_COLUMNS) + "\r\n"


@pytest.mark.parametrize("sku", ["A;B", " "])
def test_given_a_sku_the_format_cannot_hold_when_written_then_invalid_items(sku: str) -> None:
    line = LineData(sku=sku, name=sku, quantity=1, unit_price=Decimal(0))
    row = _row("KW-1", order=replace(_row("KW-1").order, lines=(line,)))

    with pytest.raises(AdapterError) as raised:
        write_import_rows([row], io.StringIO())

    assert (raised.value.code, raised.value.message) == (
        "invalid_items",
        f"SKU {sku!r} cannot be written: it is empty or contains ';'",
    )


def test_given_a_line_with_no_quantity_when_written_then_invalid_items() -> None:
    line = LineData(sku="CAP", name="CAP", quantity=0, unit_price=Decimal(0))
    row = _row("KW-1", order=replace(_row("KW-1").order, lines=(line,)))

    with pytest.raises(AdapterError) as raised:
        write_import_rows([row], io.StringIO())

    assert (raised.value.code, raised.value.message) == (
        "invalid_items",
        "SKU 'CAP' has quantity 0; the format needs 1 or more",
    )
