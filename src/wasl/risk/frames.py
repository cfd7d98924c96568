"""Orders as column arrays, the shape the features are computed on: from the database or from incoming orders.

`OrderColumns` holds what is known about orders when they are placed (what the model may read), plus, for
stored orders, how they ended and when that became known (`status`, `outcome_at`), which only the history
features read, and only for outcomes known before the order being scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import QuerySet

from wasl.core.phones import to_e164
from wasl.orders.identity import address_fingerprint, customer_identity, normalise_text
from wasl.orders.models import Order, OrderLine, Variant
from wasl.orders.types import AddressData, OrderData
from wasl.risk.lookups import (
    CHUNK,
    ENDED_VALUES,
    History,
    epoch_seconds,
    history_for,
    microseconds,
    run_prepared,
    text_array,
    with_outcome_time,
)
from wasl.risk.lookups import FINISHED as FINISHED  # re-exported: what a model learns from
from wasl.risk.lookups import STATUS_CODE as STATUS_CODE  # re-exported
from wasl.risk.quality import parse_phone
from wasl.stores.models import Store

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class AddressText:
    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass
class OrderColumns:
    """One row per order; every array has the same length. Times are seconds since the epoch (UTC)."""

    keys: list[str]
    placed: np.ndarray  # int64
    customer: np.ndarray  # int64 customer id; -1 when the buyer is not known to the store
    fingerprint: np.ndarray  # str; "" without an address
    cod: np.ndarray  # float64 0/1
    total: np.ndarray
    discount: np.ndarray
    shipping: np.ndarray
    items: np.ndarray  # units in the basket
    lines: np.ndarray  # distinct lines
    channel: np.ndarray  # str
    city: np.ndarray  # str, normalised
    postal: np.ndarray  # str, normalised
    categories: list[tuple[str, ...]]
    address: list[AddressText]
    phone: np.ndarray  # str, E.164 or ""
    status: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))  # "" for new orders
    outcome_at: np.ndarray = field(default_factory=lambda: np.empty(0))  # float64; NaN when not finished
    city_raw: list[str] = field(default_factory=list)  # as written, for reasons in words
    postal_raw: list[str] = field(default_factory=list)
    order_id: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # stored orders only

    def __len__(self) -> int:
        return len(self.keys)

    def history(self) -> History:
        return History(self.placed, self.customer, self.fingerprint, self.status, self.outcome_at)

    def take(self, index: np.ndarray) -> OrderColumns:
        """The rows at `index` (an integer or boolean array), in that order."""
        picked = np.arange(len(self))[index]
        return OrderColumns(
            keys=[self.keys[i] for i in picked],
            placed=self.placed[picked],
            customer=self.customer[picked],
            fingerprint=self.fingerprint[picked],
            cod=self.cod[picked],
            total=self.total[picked],
            discount=self.discount[picked],
            shipping=self.shipping[picked],
            items=self.items[picked],
            lines=self.lines[picked],
            channel=self.channel[picked],
            city=self.city[picked],
            postal=self.postal[picked],
            categories=[self.categories[i] for i in picked],
            address=[self.address[i] for i in picked],
            phone=self.phone[picked],
            status=self.status[picked],
            outcome_at=self.outcome_at[picked],
            city_raw=[self.city_raw[i] for i in picked],
            postal_raw=[self.postal_raw[i] for i in picked],
            order_id=self.order_id[picked] if len(self.order_id) else self.order_id,
        )


def norm_city(value: str) -> str:
    return normalise_text(value or "")


def norm_postal(value: str) -> str:
    return _SPACES.sub("", value or "").upper()


# Cities and postal codes repeat across orders: each distinct one is normalised once.
_norm_city = lru_cache(maxsize=65536)(norm_city)
_norm_postal = lru_cache(maxsize=65536)(norm_postal)


def seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _floats(values: Sequence[object]) -> np.ndarray:
    try:
        return np.array(values, dtype=np.float64)  # numbers (SQLite) or Decimals (PostgreSQL), in one call
    except TypeError:  # a NULL among them
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)  # type: ignore[arg-type]


# --- from the database ---------------------------------------------------------------------------------------

_ORDER_FIELDS = (
    "id",
    "external_id",
    "placed_text",
    "customer_id",
    "payment_method",
    "total",
    "discount_total",
    "shipping_total",
    "channel",
    "ship_city",
    "ship_postal_code",
    "status",
    "shipping_address__fingerprint",
    "shipping_address__line1",
    "shipping_address__line2",
    "shipping_address__city",
    "shipping_address__region",
    "shipping_address__postal_code",
    "shipping_address__country",
    "ship_country",
    "customer__phone",
    "outcome_text",
)


def _orders_of(store_id: int, order_ids: Sequence[int]) -> QuerySet[Any]:
    return with_outcome_time(Order.objects.filter(store_id=store_id, pk__in=order_ids)).values_list(
        *_ORDER_FIELDS
    )


def _lines_of(store_id: int, order_ids: Sequence[int]) -> QuerySet[Any]:
    return OrderLine.objects.filter(order__store_id=store_id, order_id__in=order_ids).values_list(
        "order_id", "quantity", "category", "variant__product__category"
    )


def _raw(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows as the driver gives them: Django's per-value conversions cost more than the query here."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _baskets(
    store: Store, order_ids: Sequence[int] | None
) -> dict[int, tuple[float, float, tuple[str, ...]]]:
    """Units, lines and categories per order; a line without a category takes its product's."""
    if order_ids is None:
        rows = _raw(
            OrderLine.objects.filter(order__store=store).values_list(
                "order_id", "quantity", "category", "variant__product__category"
            )
        )
    else:
        rows = []
        for start in range(0, len(order_ids), CHUNK):
            rows += run_prepared(_lines_of, store.pk, order_ids[start : start + CHUNK])
    units: dict[int, float] = {}
    count: dict[int, float] = {}
    kinds: dict[int, set[str]] = {}
    for order_id, quantity, category, product_category in rows:
        units[order_id] = units.get(order_id, 0.0) + quantity
        count[order_id] = count.get(order_id, 0.0) + 1
        chosen = category or product_category or ""
        if chosen:
            kinds.setdefault(order_id, set()).add(chosen)
    return {oid: (units[oid], count[oid], tuple(sorted(kinds.get(oid, ())))) for oid in units}


def _columns_from_rows(rows: list[tuple[object, ...]], baskets: dict | None) -> OrderColumns:
    """Rows as the driver gives them (times as text on SQLite, datetimes on PostgreSQL), oldest first."""
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in _ORDER_FIELDS]
    c = dict(zip(_ORDER_FIELDS, cols, strict=True))
    ids = c["id"]
    basket = (
        [baskets.get(i, (0.0, 0.0, ())) for i in ids] if baskets is not None else [(np.nan, np.nan, ())] * n
    )
    statuses = c["status"]
    ended = np.array([status in ENDED_VALUES for status in statuses], dtype=bool)
    outcome = epoch_seconds(microseconds(c["outcome_text"]))
    outcome[~ended] = np.nan
    return OrderColumns(
        keys=[str(k) for k in c["external_id"]],
        placed=microseconds(c["placed_text"]) // 1_000_000,
        customer=np.array([-1 if v is None else v for v in c["customer_id"]], dtype=np.int64),
        fingerprint=text_array(v or "" for v in c["shipping_address__fingerprint"]),
        cod=np.array([m == "cod" for m in c["payment_method"]], dtype=np.float64),
        total=_floats(c["total"]),
        discount=_floats(c["discount_total"]),
        shipping=_floats(c["shipping_total"]),
        items=np.array([b[0] for b in basket], dtype=np.float64),
        lines=np.array([b[1] for b in basket], dtype=np.float64),
        channel=text_array(c["channel"]),
        city=text_array(_norm_city(str(v)) for v in c["ship_city"]),
        postal=text_array(_norm_postal(str(v)) for v in c["ship_postal_code"]),
        categories=[b[2] for b in basket],
        address=[
            AddressText(*(str(v or "") for v in parts))
            for parts in zip(
                c["shipping_address__line1"],
                c["shipping_address__line2"],
                c["shipping_address__city"],
                c["shipping_address__region"],
                c["shipping_address__postal_code"],
                [a or b for a, b in zip(c["shipping_address__country"], c["ship_country"], strict=True)],
                strict=True,
            )
        ],
        phone=text_array(v or "" for v in c["customer__phone"]),
        status=text_array(statuses),
        outcome_at=outcome,
        city_raw=[str(v) for v in c["ship_city"]],
        postal_raw=[str(v) for v in c["ship_postal_code"]],
        order_id=np.array(ids, dtype=np.int64),
    )


def store_orders(store: Store, *, order_ids: Sequence[int] | None = None) -> OrderColumns:
    """Every order of the store (or the given ones), oldest first, with baskets and outcomes."""
    if order_ids is None:
        rows = _raw(with_outcome_time(Order.objects.filter(store=store)).values_list(*_ORDER_FIELDS))
    else:
        rows = []
        ids = list(order_ids)
        for start in range(0, len(ids), CHUNK):
            rows += run_prepared(_orders_of, store.pk, ids[start : start + CHUNK])
    # Oldest first (ties by id), on exact times: the driver's text or datetimes need not sort as they compare.
    placed = microseconds([row[2] for row in rows])
    order = np.lexsort((np.array([row[0] for row in rows], dtype=np.int64), placed))
    rows = [rows[i] for i in order.tolist()]
    return _columns_from_rows(rows, _baskets(store, None if order_ids is None else [int(r[0]) for r in rows]))  # type: ignore[call-overload]


def history_of(store: Store, *, customers: Iterable[int], fingerprints: Iterable[str]) -> History:
    """The stored orders of these buyers and of anyone at these addresses: all the history features read."""
    return history_for(store, customers=customers, identities=(), fingerprints=fingerprints)[0]


# --- from incoming orders (the API, a CSV file) ---------------------------------------------------------------


@lru_cache(maxsize=65536)
def _fingerprint(address: AddressData) -> str:
    """As the orders service stores it on the address; "" when there is no address to speak of."""
    return address_fingerprint(address) if (address.line1 or address.city) else ""


@lru_cache(maxsize=65536)
def _e164(raw: str, country: str) -> str:
    """What the orders service would store; one parse serves this and the phone's score when it is valid."""
    if not raw:
        return ""
    parsed = parse_phone(raw, country)
    return parsed.e164 or to_e164(raw, country)


def incoming_orders(store: Store, orders: Sequence[OrderData]) -> tuple[OrderColumns, History]:
    """Orders not (necessarily) stored yet, and their history; buyers are recognised as the orders service does.

    A buyer is known to the store when an order of theirs is (by identity: phone, else e-mail, else their id in
    the shop), so their history and their id come from the same query.
    """
    phones: list[str] = []
    identities: list[str] = []
    fingerprints: list[str] = []
    for data in orders:
        address = data.shipping_address
        country = (address.country or store.country).upper()
        typed = (data.customer.phone or address.phone).strip()
        phones.append(typed)  # scored as typed: the phone scorer's parse is then the one made here
        identities.append(customer_identity(data.customer, _e164(typed, country), data.channel))
        fingerprints.append(_fingerprint(address))
    history, known = history_for(store, customers=(), identities=identities, fingerprints=fingerprints)
    categories = _sku_categories(store, orders)
    columns = OrderColumns(
        keys=[data.external_id for data in orders],
        placed=np.array([seconds(data.placed_at) for data in orders], dtype=np.int64),
        customer=np.array([known.get(identity, -1) for identity in identities], dtype=np.int64),
        fingerprint=text_array(fingerprints),
        cod=np.array([data.payment_method == "cod" for data in orders], dtype=np.float64),
        total=np.array([float(data.total) for data in orders], dtype=np.float64),
        discount=np.array([float(data.discount_total) for data in orders], dtype=np.float64),
        shipping=np.array([float(data.shipping_total) for data in orders], dtype=np.float64),
        items=np.array(
            [float(sum(line.quantity for line in data.lines)) for data in orders], dtype=np.float64
        ),
        lines=np.array([float(len(data.lines)) for data in orders], dtype=np.float64),
        channel=text_array(data.channel for data in orders),
        city=text_array(norm_city(data.shipping_address.city) for data in orders),
        postal=text_array(norm_postal(data.shipping_address.postal_code) for data in orders),
        categories=[
            tuple(sorted({line.category or categories.get(line.sku, "") for line in data.lines} - {""}))
            for data in orders
        ],
        address=[
            AddressText(
                a.line1, a.line2, a.city, a.region, a.postal_code, (a.country or store.country).upper()
            )
            for a in (data.shipping_address for data in orders)
        ],
        phone=text_array(phones),
        status=text_array("" for _ in orders),
        outcome_at=np.full(len(orders), np.nan),
        city_raw=[data.shipping_address.city for data in orders],
        postal_raw=[data.shipping_address.postal_code for data in orders],
    )
    return columns, history


def _sku_categories(store: Store, orders: Sequence[OrderData]) -> dict[str, str]:
    """The catalogue's category of every SKU sent without one (the import format has no categories)."""
    skus = sorted({line.sku for data in orders for line in data.lines if line.sku and not line.category})
    found: dict[str, str] = {}
    for start in range(0, len(skus), CHUNK):
        rows = Variant.objects.filter(store=store, sku__in=skus[start : start + CHUNK]).values_list(
            "sku", "product__category"
        )
        found.update((sku, category or "") for sku, category in rows)
    return found
