"""The tracking page's lookups as SQL written once, with the ORM's own type conversions applied to the rows.

Building a query with select_related, a subquery and a column list costs the ORM far more than the database
needs to answer it (on a busy server, several times the whole rest of the page). The page runs the same three
lookups on every view, so their SQL is composed once, from the models' own table and column names (so it
follows the models and quotes names as the database wants), and rows become model instances through
`Model.from_db` with each field's converters, exactly as a queryset would build them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.db import connections
from django.db.models import Model

from wasl.messaging.models import Conversation
from wasl.orders.models import Address, Customer, Order, OrderLine
from wasl.shipping.models import Shipment, TrackingEvent

# Every name put into these statements comes from the models' metadata, quoted by the backend; every value is a
# query parameter.
# ruff: noqa: S608

DB = "default"
MAX_EVENTS = 30

SHIPMENT_FIELDS: tuple[str, ...] = (
    "id",
    "store",
    "order",
    "carrier",
    "tracking_number",
    "direction",
    "status",
    "promised_date",
)
SHIPMENT_FIELDS += ("delivered_at",)
ORDER_FIELDS: tuple[str, ...] = (
    "id",
    "store",
    "customer",
    "shipping_address",
    "number",
    "external_id",
    "status",
    "currency",
)
ORDER_FIELDS += ("placed_at", "ship_city", "ship_country")
CUSTOMER_FIELDS = ("id", "name", "phone", "language")
ADDRESS_FIELDS = ("id", "name", "line1", "line2", "city", "region", "postal_code", "country", "phone")
EVENT_FIELDS = ("id", "shipment", "status", "location", "raw_text", "occurred_at")
LINE_FIELDS = ("id", "order", "variant", "sku", "name", "quantity")

Converter = Callable[..., Any]


class Reader:
    """Columns of one model under a table alias, and how to turn them back into an instance."""

    def __init__(self, model: type[Model], alias: str, names: Sequence[str]) -> None:
        connection = connections[DB]
        quote = connection.ops.quote_name
        self.model = model
        self.fields = [model._meta.get_field(name) for name in names]
        self.attnames = [field.attname for field in self.fields]  # type: ignore[union-attr]
        self.columns = ", ".join(f"{alias}.{quote(field.column)}" for field in self.fields)  # type: ignore[union-attr, arg-type]
        self.converters: list[tuple[int, Any, list[Converter]]] = []
        for index, field in enumerate(self.fields):
            expression = field.get_col(alias)  # type: ignore[union-attr]
            found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if found:
                self.converters.append((index, expression, found))

    def build(self, values: Sequence[Any]) -> Any:
        """An instance from this reader's slice of a row; None when the row had no such object (outer join)."""
        if values[0] is None:
            return None
        row = list(values)
        connection = connections[DB]
        for index, expression, converters in self.converters:
            for converter in converters:
                row[index] = converter(row[index], expression, connection)
        return self.model.from_db(DB, self.attnames, row)


def table(model: type[Model]) -> str:
    return str(connections[DB].ops.quote_name(model._meta.db_table))


@cache
def _parcel_query(vendor: str) -> tuple[str, list[Reader]]:
    quote = connections[DB].ops.quote_name
    readers = [
        Reader(Shipment, "s", SHIPMENT_FIELDS),
        Reader(Order, "o", ORDER_FIELDS),
        Reader(Customer, "c", CUSTOMER_FIELDS),
        Reader(Address, "a", ADDRESS_FIELDS),
    ]
    # The language the buyer last talked to the store in.
    language = (
        f"(SELECT cv.{quote('language')} FROM {table(Conversation)} cv WHERE cv.{quote('store_id')} = s.{quote('store_id')}"
        f" AND cv.{quote('customer_id')} = o.{quote('customer_id')} AND cv.{quote('language')} <> ''"
        f" ORDER BY cv.{quote('id')} DESC LIMIT 1)"
    )
    sql = (
        f"SELECT {', '.join(r.columns for r in readers)}, {language}"
        f" FROM {table(Shipment)} s"
        f" LEFT JOIN {table(Order)} o ON o.{quote('id')} = s.{quote('order_id')}"
        f" LEFT JOIN {table(Customer)} c ON c.{quote('id')} = o.{quote('customer_id')}"
        f" LEFT JOIN {table(Address)} a ON a.{quote('id')} = o.{quote('shipping_address_id')}"
        f" WHERE s.{quote('store_id')} = %s AND s.{quote('tracking_number')} = %s"
    )
    return sql, readers


def parcel_by_tracking_number(*, store_id: int, tracking_number: str) -> tuple[Shipment, str] | None:
    """The shipment with its order, buyer and address attached, and the buyer's conversation language."""
    connection = connections[DB]
    sql, readers = _parcel_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [store_id, tracking_number])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, start = [], 0
    for reader in readers:
        objects.append(reader.build(row[start : start + len(reader.fields)]))
        start += len(reader.fields)
    shipment, order, customer, address = objects
    if order is not None:
        order.customer, order.shipping_address = customer, address
    shipment.order = order
    return shipment, str(row[-1] or "")


@cache
def _events_query(vendor: str) -> tuple[str, Reader]:
    quote = connections[DB].ops.quote_name
    reader = Reader(TrackingEvent, "e", EVENT_FIELDS)
    sql = (
        f"SELECT {reader.columns} FROM {table(TrackingEvent)} e WHERE e.{quote('shipment_id')} = %s"
        f" ORDER BY e.{quote('occurred_at')} DESC, e.{quote('id')} DESC LIMIT {MAX_EVENTS}"
    )
    return sql, reader


def latest_events(*, shipment_id: int) -> list[TrackingEvent]:
    connection = connections[DB]
    sql, reader = _events_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [shipment_id])
        return [reader.build(row) for row in cursor.fetchall()]


@cache
def _lines_query(vendor: str) -> tuple[str, Reader]:
    quote = connections[DB].ops.quote_name
    reader = Reader(OrderLine, "l", LINE_FIELDS)
    sql = f"SELECT {reader.columns} FROM {table(OrderLine)} l WHERE l.{quote('order_id')} = %s ORDER BY l.{quote('id')}"
    return sql, reader


def order_lines(*, order_id: int) -> list[OrderLine]:
    connection = connections[DB]
    sql, reader = _lines_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [order_id])
        return [reader.build(row) for row in cursor.fetchall()]
