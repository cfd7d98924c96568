"""The history of buyers and addresses, read from the database in batches: what the history features count.

An order's history is every stored order of its buyer and every stored order to its address, with how and
when each ended. The outcome time is the last status change on the order's timeline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast

from wasl.orders.models import Address, Customer, Order, OrderEvent, OrderEventKind, OrderStatus
from wasl.stores.models import Store

FINISHED = (OrderStatus.DELIVERED, OrderStatus.RETURNED, OrderStatus.RTO)  # what a model learns from
ENDED = (*FINISHED, OrderStatus.CANCELLED, OrderStatus.LOST)  # what history counts, once it happened
# Timeline entries that move an order's status; the last one of a finished order is when its outcome was known.
_STATUS_KINDS = (OrderEventKind.STATUS_CHANGED, OrderEventKind.CANCELLED, OrderEventKind.STATUS_CORRECTED)
CHUNK = 1000  # values per IN (...) list
ENDED_VALUES = frozenset(str(status) for status in ENDED)


def text_array(values: Iterable[object]) -> np.ndarray:
    """A numpy array of Python strings (dtype object), however many there are."""
    items = list(values)
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


STATUS_CODE: dict[str, int] = {status: code for code, status in enumerate(OrderStatus.values, start=1)}


@dataclass
class History:
    """What the history features read of stored orders: who, where, when, and how and when they ended."""

    placed: np.ndarray  # int64 seconds
    customer: np.ndarray  # int64; -1 without a buyer
    fingerprint: np.ndarray  # str; "" without an address
    status: np.ndarray  # str
    outcome_at: np.ndarray  # float64 seconds; NaN unless finished
    _codes: np.ndarray | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.placed)

    def status_codes(self) -> np.ndarray:
        """Statuses as small integers (STATUS_CODE; 0 for anything else): compared faster than text."""
        if self._codes is None:
            self._codes = np.array([STATUS_CODE.get(s, 0) for s in self.status], dtype=np.int8)
        return self._codes


def with_outcome_time(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """`outcome_time`: the last status change of an ended order (NULL for the others, which never read it).

    Asked only of ended orders, so the database skips the timeline lookup for orders still open: most of a
    batch being scored.
    """
    last_change = (
        OrderEvent.objects.filter(order=OuterRef("pk"), kind__in=_STATUS_KINDS)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    return queryset.annotate(
        outcome_time=Case(When(status__in=ENDED, then=Subquery(last_change)), default=None),
        outcome_text=as_text("outcome_time"),
        placed_text=as_text("placed_at"),
    )


def microseconds(values: Sequence[object]) -> np.ndarray:
    """Times as the driver gives them (text on SQLite, see `as_text`; datetimes on PostgreSQL) in integer
    microseconds since the epoch (UTC), exactly; missing ones (None) as INT64_MIN."""
    out = np.full(len(values), _MISSING, dtype=np.int64)
    present = [i for i, v in enumerate(values) if v is not None]
    if not present:
        return out
    if len(present) < len(values):
        out[present] = microseconds([values[i] for i in present])
        return out
    if all(isinstance(v, str) for v in values):
        try:
            return np.array(values, dtype="datetime64[us]").astype(np.int64)  # one call for them all
        except ValueError:  # not the shape SQLite stores: one by one
            pass
    # A float timestamp is within a quarter of a microsecond of the true time: rounding recovers it exactly.
    stamps = np.array([_timestamp(v) for v in values], dtype=np.float64)
    return np.round(stamps * 1e6).astype(np.int64)


_MISSING = np.iinfo(np.int64).min


def _timestamp(moment: object) -> float:
    if not isinstance(moment, datetime):
        moment = datetime.fromisoformat(str(moment))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def as_text(name: str) -> Any:
    """A time column read as text on SQLite: numpy parses a batch of them in one call, where the driver's
    converter would build a datetime per value. PostgreSQL's driver is fast: the column as it is."""
    if connection.vendor == "sqlite":
        return Cast(name, output_field=CharField())
    return F(name)


def epoch_seconds(micros: np.ndarray) -> np.ndarray:
    """Float seconds (what `datetime.timestamp()` gives, to the bit); NaN where the time is missing."""
    return np.where(micros == _MISSING, np.nan, micros / 1e6)


_HISTORY_FIELDS = (
    "id",
    "placed_text",
    "customer_id",
    "status",
    "shipping_address__fingerprint",
    "outcome_text",
    "store_id",  # last: history_for checks it
)


def history_for(
    store: Store, *, customers: Iterable[int], identities: Iterable[str], fingerprints: Iterable[str]
) -> tuple[History, dict[str, int]]:
    """Orders of these buyers (by id or identity) or to these addresses (by fingerprint), and identity -> id.

    Buyers (by identity, within the store) and addresses (by fingerprint) are found first, in one query; then
    their orders are one query on two indexed columns (`customer_id IN (...) OR shipping_address_id IN (...)`),
    which both SQLite and PostgreSQL answer from their indexes. A store condition in it would lead SQLite's
    planner to scan all of the store's orders instead; the store of every row is checked here.
    """
    named = sorted({i for i in identities if i})
    where = sorted({f for f in fingerprints if f})
    known: dict[str, int] = {}
    places: list[int] = []
    for start in range(0, max(len(named), len(where)), CHUNK):
        # Buyers and addresses in one round trip: rows (0, identity, id, store) and (1, fingerprint, id, store).
        for kind, key, found, store_id in run_prepared(
            _buyers_and_places, store.pk, named[start : start + CHUNK], where[start : start + CHUNK]
        ):
            if store_id != store.pk:
                continue
            if kind == 0:
                known[str(key)] = int(found)  # type: ignore[call-overload]
            else:
                places.append(int(found))  # type: ignore[call-overload]
    who = sorted({int(c) for c in customers if c >= 0} | set(known.values()))
    rows: dict[int, tuple[object, ...]] = {}
    for start in range(0, max(len(who), len(places)), CHUNK):
        for row in run_prepared(_orders, store.pk, who[start : start + CHUNK], places[start : start + CHUNK]):
            if row[-1] == store.pk:
                rows[row[0]] = row  # type: ignore[index]
    return _history_from_rows(list(rows.values())), known


def _buyers_and_places(
    store_id: int, identities: Sequence[str], fingerprints: Sequence[str]
) -> QuerySet[Any]:
    buyers = (
        Customer.objects.filter(store_id=store_id, identity__in=identities)
        .annotate(kind=Value(0))
        .values_list("kind", "identity", "id", "store_id")
    )
    places = (
        Address.objects.filter(fingerprint__in=fingerprints)
        .annotate(kind=Value(1))
        .values_list("kind", "fingerprint", "id", "customer__store_id")
    )
    if not identities:
        return places  # type: ignore[return-value]
    if not fingerprints:
        return buyers  # type: ignore[return-value]
    return buyers.union(places, all=True)  # type: ignore[return-value]


def _orders(store_id: int, customers: Sequence[int], addresses: Sequence[int]) -> QuerySet[Order]:
    condition = Q(pk__in=[])
    if customers:
        condition |= Q(customer_id__in=customers)
    if addresses:
        condition |= Q(shipping_address_id__in=addresses)
    return with_outcome_time(Order.objects.filter(condition)).values_list(*_HISTORY_FIELDS)  # type: ignore[return-value]


def _history_from_rows(rows: list[tuple[object, ...]]) -> History:
    """Rows as the database driver gives them (times as text on SQLite, as datetimes on PostgreSQL)."""
    _, placed, customer, status, fingerprint, outcome, _ = (
        list(column) for column in (zip(*rows, strict=True) if rows else [()] * len(_HISTORY_FIELDS))
    )
    statuses = text_array(status)
    ended = np.array([s in ENDED_VALUES for s in status], dtype=bool)
    outcome_at = epoch_seconds(microseconds(outcome))
    outcome_at[~ended] = np.nan
    return History(
        # Whole seconds, as `int(datetime.timestamp())` (times are after 1970: truncating is flooring).
        placed=microseconds(placed) // 1_000_000,
        customer=np.array([-1 if c is None else c for c in customer], dtype=np.int64),
        fingerprint=text_array(f or "" for f in fingerprint),
        status=statuses,
        outcome_at=outcome_at,
    )


# Building these queries with the ORM costs several times more than running them; the SQL of each shape (which
# query, how many values in each list) is built once per thread with stand-in values, then reused with the
# real ones. Rows come back as the driver gives them (no ORM conversion).
_Builder = Callable[..., QuerySet[Any]]
_prepared: dict[tuple[object, ...], tuple[str, list[tuple[int, int] | None], list[object]]] = {}
_STORE = -(10**16)


def run_prepared(build: _Builder, store_id: int, *lists: Sequence[object]) -> list[tuple[Any, ...]]:
    """Run the query `build(store_id, *lists)` would make, from SQL built once per shape."""
    if not any(lists):
        return []
    key = (threading.get_ident(), build.__name__, *(len(values) for values in lists))
    if key not in _prepared:
        stand_in: dict[object, tuple[int, int]] = {_STORE: (len(lists), 0)}
        stand_ins: list[list[object]] = []
        for n, values in enumerate(lists):
            made: list[object] = [
                f"\x00{n}:{i}" if isinstance(v, str) else -(10**15) - 10**6 * n - i
                for i, v in enumerate(values)
            ]
            stand_in.update({value: (n, i) for i, value in enumerate(made)})
            stand_ins.append(made)
        query = build(_STORE, *stand_ins)
        sql, params = query.query.get_compiler(using=query.db).as_sql()
        slots = [stand_in.get(p) if isinstance(p, int | str) else None for p in params]
        _prepared[key] = (sql, slots, list(params))
    sql, slots, template = _prepared[key]
    real: tuple[Sequence[object], ...] = (*lists, [store_id])
    params = [
        value if slot is None else real[slot[0]][slot[1]] for value, slot in zip(template, slots, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]
