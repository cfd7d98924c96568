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
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value

from wasl.orders.models import Address, Customer, Order, OrderEvent, OrderEventKind, OrderStatus
from wasl.stores.models import Store

FINISHED = (OrderStatus.DELIVERED, OrderStatus.RETURNED, OrderStatus.RTO)  # what a model learns from
ENDED = (*FINISHED, OrderStatus.CANCELLED, OrderStatus.LOST)  # what history counts, once it happened
# Timeline entries that move an order's status; the last one of a finished order is when its outcome was known.
_STATUS_KINDS = (OrderEventKind.STATUS_CHANGED, OrderEventKind.CANCELLED, OrderEventKind.STATUS_CORRECTED)
CHUNK = 1000  # values per IN (...) list


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
    last_change = (
        OrderEvent.objects.filter(order=OuterRef("pk"), kind__in=_STATUS_KINDS)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    return queryset.annotate(outcome_time=Subquery(last_change))


_HISTORY_FIELDS = (
    "id",
    "placed_at",
    "customer_id",
    "status",
    "shipping_address__fingerprint",
    "outcome_time",
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
        for kind, key, found, store_id in _run(
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
        for row in _run(_orders, store.pk, who[start : start + CHUNK], places[start : start + CHUNK]):
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
    finished = [s in ENDED for s in status]
    return History(
        placed=np.array([_epoch(at) for at in placed], dtype=np.int64),
        customer=np.array([-1 if c is None else c for c in customer], dtype=np.int64),
        fingerprint=text_array(f or "" for f in fingerprint),
        status=text_array(status),
        outcome_at=np.array(
            [
                _epoch(at) if done and at is not None else np.nan
                for at, done in zip(outcome, finished, strict=True)
            ],
            dtype=np.float64,
        ),
    )


def _epoch(moment: object) -> float:
    if isinstance(moment, datetime):
        return moment.timestamp() if moment.tzinfo else moment.replace(tzinfo=UTC).timestamp()
    return datetime.fromisoformat(str(moment)).replace(tzinfo=UTC).timestamp()


# Building these queries with the ORM costs several times more than running them; the SQL of each shape (which
# query, how many values in each list) is built once per thread with stand-in values, then reused with the
# real ones. Rows come back as the driver gives them (no ORM conversion).
_Builder = Callable[..., QuerySet[Any]]
_prepared: dict[tuple[object, ...], tuple[str, list[tuple[int, int] | None], list[object]]] = {}
_STORE = -(10**16)


def _run(build: _Builder, store_id: int, *lists: Sequence[object]) -> list[tuple[object, ...]]:
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
