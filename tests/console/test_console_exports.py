"""CSV exports: every table, streamed, within the store, between two days, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "returns"))

from returns_helpers import delivered_order, line

from wasl.console.exports import TABLES, cell
from wasl.orders.models import Order
from wasl.returns.services import ItemAsked, return_create


def rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_every_table_downloads_as_csv_with_its_header(console, store) -> None:
    for name, table in TABLES.items():
        response = console.get(f"/console/{store.slug}/export/{name}.csv")

        assert response.status_code == 200, name
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(f'attachment; filename="{store.slug}-{name}-')
        assert rows(response)[0] == [header for header, _ in table.columns]
    assert len(TABLES) == 12


def test_orders_are_the_stores_only_and_filtered_by_day(console, store, other_store) -> None:
    now = timezone.now()
    delivered_order(store, "5001", placed=now - timedelta(days=10))
    delivered_order(store, "5002", placed=now - timedelta(days=2))
    delivered_order(other_store, "5003", placed=now - timedelta(days=2))
    since = (now - timedelta(days=3)).date().isoformat()

    every = rows(console.get(f"/console/{store.slug}/export/orders.csv"))
    recent = rows(console.get(f"/console/{store.slug}/export/orders.csv", {"since": since}))
    old = rows(
        console.get(f"/console/{store.slug}/export/orders.csv", {"until": (now - timedelta(days=5)).date()})
    )

    assert [r[1] for r in every[1:]] == ["5001", "5002"]
    assert [r[1] for r in recent[1:]] == ["5002"]
    assert [r[1] for r in old[1:]] == ["5001"]
    assert every[2][4:8] == ["delivered", "cod", "SAR", "249.500"]


def test_a_buyers_formula_is_quoted_and_numbers_are_left_alone(console, store) -> None:
    order = delivered_order(store)
    return_create(
        order=order,
        items=[ItemAsked(line(order, "MUG"), 1, "damaged", comment='=HYPERLINK("http://evil","x")')],
        resolution="refund",
        method="dropoff",
    )
    Order.objects.filter(pk=order.pk).update(number="@SUM(A1)")

    items = rows(console.get(f"/console/{store.slug}/export/return_items.csv"))

    comment = items[0].index("comment")
    assert items[1][comment] == '\'=HYPERLINK("http://evil","x")'
    assert items[1][items[0].index("unit_price")] == "49.500"
    assert [cell(v) for v in ("+1", "-x", "\tx", "ok", -5, None, True)] == [
        "'+1",
        "'-x",
        "'\tx",
        "ok",
        -5,
        "",
        "true",
    ]


@pytest.mark.parametrize(
    ("path", "params", "status", "text"),
    [
        ("nope.csv", {}, 400, "unknown_table"),
        ("orders.csv", {"since": "2026-13-01"}, 400, "invalid_date"),
        ("orders.csv", {"since": "2026-05-02", "until": "2026-05-01"}, 400, "invalid_date"),
    ],
)
def test_bad_requests_get_a_clear_error(console, store, path, params, status, text) -> None:  # type: ignore[no-untyped-def]
    response = console.get(f"/console/{store.slug}/export/{path}", params)

    assert (response.status_code, response.content.decode().split(":")[0]) == (status, text)


def test_another_stores_export_is_404_and_the_index_links_every_table(console, store, other_store) -> None:
    assert console.get(f"/console/{other_store.slug}/export/orders.csv").status_code == 404
    index = console.get(f"/console/{store.slug}/export/", {"since": "2026-01-01"}).content.decode()
    for name in TABLES:
        assert f"/console/{store.slug}/export/{name}.csv?since=2026-01-01&amp;until=" in index
