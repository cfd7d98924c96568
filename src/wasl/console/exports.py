"""Every console table as CSV: a registry of exportable tables, each read within one store, streamed row by row.

A table is a model, the column that dates its rows (for the `since`/`until` filter), and its columns as
lookups (`order__external_id`), read with `values_list(...).iterator()`: no row objects, no query per row, and
memory that stays flat however long the table. Columns carry stable codes (`delivered`, not "Delivered"), so a
spreadsheet or a script reads the same file in every language; headers are the lookups' short names.

Cells are written for spreadsheets: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
is prefixed with `'`, so a buyer's comment such as `=HYPERLINK(...)` is shown, never run. Numbers and dates are
written by us, not typed by anyone, and are left as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wasl.core.errors import Invalid
from wasl.messaging.models import Conversation, Message
from wasl.orders.models import Order, StockLevel
from wasl.payments.models import Refund
from wasl.returns.models import ReturnItem, ReturnRequest, StoreCreditEntry
from wasl.risk.policy_models import OrderVerification
from wasl.shipping.models import Shipment, TrackingEvent
from wasl.shipping.ndr.models import NdrCase
from wasl.stores.models import Store

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


@dataclass(frozen=True)
class Table:
    name: str
    label: str | Promise
    model: type[Model]
    store_lookup: str  # the path from a row to its store
    dated_by: str  # the column the date filter applies to
    columns: tuple[tuple[str, str], ...]  # (header, lookup)

    def rows(self, *, store: Store, since: datetime | None, until: datetime | None) -> QuerySet[Any]:
        found = self.model._default_manager.filter(Q(**{self.store_lookup: store}))
        if since is not None:
            found = found.filter(**{f"{self.dated_by}__gte": since})
        if until is not None:
            found = found.filter(**{f"{self.dated_by}__lt": until})
        return found.order_by("pk").values_list(*(lookup for _, lookup in self.columns))


def _columns(names: str) -> tuple[tuple[str, str], ...]:
    """Lookups separated by spaces; `order__external_id` is headed `order_external_id`."""
    return tuple((name.replace("__", "_"), name) for name in names.split())


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "orders",
            _("Orders"),
            Order,
            "store",
            "placed_at",
            _columns(
                "id external_id number channel status payment_method currency total subtotal shipping_total "
                "discount_total tax_total placed_at paid_at cancelled_at customer__name customer__phone "
                "customer__email ship_city ship_postal_code ship_country"
            ),
        ),
        Table(
            "shipments",
            _("Shipments"),
            Shipment,
            "store",
            "created_at",
            _columns(
                "id order__external_id carrier tracking_number direction status status_changed_at "
                "promised_date attempts first_attempt_at delivered_at ndr_reason created_at"
            ),
        ),
        Table(
            "tracking_events",
            _("Tracking events"),
            TrackingEvent,
            "store",
            "occurred_at",
            _columns(
                "id shipment__tracking_number shipment__carrier shipment__order__external_id status "
                "raw_code raw_text ndr_reason location occurred_at source received_at"
            ),
        ),
        Table(
            "ndr_cases",
            _("Failed deliveries"),
            NdrCase,
            "store",
            "opened_at",
            _columns(
                "id order__external_id shipment__tracking_number carrier attempt reason carrier_remark "
                "status channel opened_at asked_at escalated_at answer answer_day answer_address "
                "answered_by answered_at outcome outcome_reason closed_at"
            ),
        ),
        Table(
            "returns",
            _("Returns"),
            ReturnRequest,
            "store",
            "created_at",
            _columns(
                "id code order__external_id state resolution outcome method tier policy_version fee "
                "free_pickup refund_at_first_scan currency resolved_amount "
                "reverse_shipment__tracking_number exchange_order__external_id refund_id reject_reason "
                "created_at approved_at received_at resolved_at"
            ),
        ),
        Table(
            "return_items",
            _("Returned items"),
            ReturnItem,
            "return_request__store",
            "return_request__created_at",
            _columns(
                "id return_request__code return_request__order__external_id sku name category unit_price "
                "quantity reason comment exchange_variant__sku grade disposition restock_location "
                "inspected_at"
            ),
        ),
        Table(
            "refunds",
            _("Refunds"),
            Refund,
            "store",
            "created_at",
            _columns(
                "id order__external_id provider amount currency status reason requested_by "
                "provider_refund_id payout_reference error_code created_at completed_at"
            ),
        ),
        Table(
            "credit_entries",
            _("Store credit"),
            StoreCreditEntry,
            "store",
            "created_at",
            _columns(
                "id customer__name customer__phone currency amount balance_after kind return_request__code "
                "order__external_id note created_at"
            ),
        ),
        Table(
            "conversations",
            _("Conversations"),
            Conversation,
            "store",
            "created_at",
            _columns(
                "id channel address customer__name language state assigned_agent__username last_inbound_at "
                "last_message_at created_at"
            ),
        ),
        Table(
            "messages",
            _("Messages"),
            Message,
            "store",
            "created_at",
            _columns(
                "id conversation_id order__external_id direction channel kind event language body "
                "template_name status error_code cost currency created_at sent_at delivered_at read_at "
                "failed_at"
            ),
        ),
        Table(
            "inventory",
            _("Inventory"),
            StockLevel,
            "store",
            "updated_at",
            _columns(
                "id variant__sku variant__name variant__product__name variant__product__category location "
                "quantity variant__low_stock_threshold updated_at"
            ),
        ),
        Table(
            "verifications",
            _("Verifications"),
            OrderVerification,
            "store",
            "created_at",
            _columns(
                "id order__external_id kind state blocking channel sent_at reminders_sent deadline_at "
                "resolved_at resolved_by created_at"
            ),
        ),
    )
}


def table_get(name: str) -> Table:
    table = TABLES.get(name)
    if table is None:
        raise Invalid(f"no table {name!r}; one of: {', '.join(TABLES)}", code="unknown_table")
    return table


def day_bounds(*, store: Store, since: str = "", until: str = "") -> tuple[datetime | None, datetime | None]:
    """`since` and `until` (YYYY-MM-DD, both included) as instants in the store's time zone."""
    zone = ZoneInfo(store.timezone or "UTC")

    def day(raw: str, field: str) -> date | None:
        raw = raw.strip()
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise Invalid(
                f"{field} must be a date (YYYY-MM-DD), not {raw[:40]!r}", code="invalid_date"
            ) from None

    first, last = day(since, "since"), day(until, "until")
    if first and last and last < first:
        raise Invalid("until is before since", code="invalid_date")
    start = datetime.combine(first, time.min, tzinfo=zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone) if last else None
    return start, end


def cell(value: object) -> object:
    """A value as the CSV shows it; text that a spreadsheet would read as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal, float)):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write gives the line back, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Table, rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([header for header, _ in table.columns])  # BOM: Excel reads UTF-8 Arabic
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def export_lines(*, store: Store, name: str, since: str = "", until: str = "") -> tuple[Table, Iterator[str]]:
    """Checks first (unknown table, bad dates raise before a byte is sent), then the lines, lazily."""
    table = table_get(name)
    start, end = day_bounds(store=store, since=since, until=until)
    rows = table.rows(store=store, since=start, until=end).iterator(chunk_size=CHUNK)
    return table, csv_lines(table, rows)
