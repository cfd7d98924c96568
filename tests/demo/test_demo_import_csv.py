"""Demo orders written in the historical import format read back, row for row, with the channel's reader."""

from __future__ import annotations

import csv
import io

from wasl.channels.csv import IMPORT_COLUMNS, ImportRow, read_import_rows
from wasl.demo import write_import_csv
from wasl.demo.types import DemoShop, Outcome

COLUMNS = (
    "order_id,placed_at,customer_name,customer_phone,customer_email,country,city,postal_code,address,"
    "payment_method,total,currency,items,carrier,outcome,outcome_at,ndr_reasons"
)


def _written(source: object) -> str:
    stream = io.StringIO(newline="")
    write_import_csv(source, stream)  # type: ignore[arg-type]
    return stream.getvalue()


def test_given_a_shop_when_written_then_the_header_is_exactly_the_import_columns(
    small_shop: DemoShop,
) -> None:
    text = _written(small_shop)
    assert text.split("\r\n", 1)[0] == COLUMNS
    assert tuple(COLUMNS.split(",")) == IMPORT_COLUMNS


def test_given_a_shop_when_written_then_only_finished_orders_with_known_outcomes_are_rows(
    small_shop: DemoShop,
) -> None:
    stream = io.StringIO(newline="")
    written = write_import_csv(small_shop, stream)
    expected = [o for o in small_shop.orders if o.outcome not in (None, Outcome.LOST)]
    assert written == len(expected) == len(stream.getvalue().splitlines()) - 1
    assert len(expected) < len(small_shop.orders)


def test_given_the_csv_when_read_back_then_every_row_imports_with_the_same_values(
    small_shop: DemoShop,
) -> None:
    rows = list(read_import_rows(io.StringIO(_written(small_shop), newline="")))
    assert all(isinstance(row, ImportRow) for row in rows)
    expected = [o for o in small_shop.orders if o.outcome not in (None, Outcome.LOST)]
    assert len(rows) == len(expected)
    for row, demo in zip(rows, expected, strict=True):
        assert isinstance(row, ImportRow)
        assert row.order.external_id == demo.order.external_id
        assert row.order.placed_at == demo.order.placed_at
        assert row.order.total == demo.order.total
        assert row.order.payment_method == demo.order.payment_method
        assert row.carrier == demo.carrier
        assert row.outcome == demo.outcome
        assert row.outcome_at == demo.outcome_at
        assert row.ndr_reasons == demo.ndr_reasons
        assert [(line.sku, line.quantity) for line in row.order.lines] == [
            (line.sku, line.quantity) for line in demo.order.lines
        ]


def test_given_an_rto_with_two_failed_attempts_when_written_then_its_cells_say_so(
    small_shop: DemoShop,
) -> None:
    demo = next(o for o in small_shop.orders if o.outcome is Outcome.RTO and len(o.ndr_reasons) == 2)
    row = next(
        r
        for r in csv.DictReader(io.StringIO(_written(small_shop)))
        if r["order_id"] == demo.order.external_id
    )
    assert row["outcome"] == "rto"
    assert row["ndr_reasons"] == ";".join(demo.ndr_reasons)
    assert row["carrier"] == demo.carrier
    assert row["items"] == ";".join(f"{line.sku}:{line.quantity}" for line in demo.order.lines)
    assert demo.outcome_at is not None
    assert row["outcome_at"] == demo.outcome_at.isoformat()


def test_given_a_plain_list_of_orders_when_written_then_it_matches_writing_the_shop(
    small_shop: DemoShop,
) -> None:
    assert _written(list(small_shop.orders)) == _written(small_shop)
