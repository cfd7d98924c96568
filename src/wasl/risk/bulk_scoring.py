"""Scoring many stored orders at once and keeping the results: what the arrival task does, for a batch.

`risk_score_orders` reads the orders and their history in a few batched queries, scores them in one pass of
the model (see scoring), and writes every score and its timeline entry in a handful of statements: on
PostgreSQL the rows travel by COPY into a temporary table and one `INSERT ... ON CONFLICT DO UPDATE` applies
them; on SQLite, multi-row statements. Like the task, an order whose score is up to date (same content, same
model) is left alone, so running it twice does nothing. It does not run the store's policy: the policy decides
once per order, when the arrival task first scores it.
"""

# ruff: noqa: S608 - table and column names come from the models, values are always parameters

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from wasl.orders.models import Order, OrderEvent, OrderEventKind
from wasl.risk.lookups import CHUNK, run_prepared
from wasl.risk.models import RiskScore, ScoreSource
from wasl.risk.scoring import Scored, score_stored_by_id
from wasl.risk.selectors import model_in_service
from wasl.stores.models import Store

# SQLite takes at most 32,766 values per statement; PostgreSQL's rows go by COPY.
_ROWS_PER_INSERT = 2000


@dataclass(frozen=True)
class BulkScoring:
    scored: int  # scores written (new or changed)
    unchanged: int  # already scored with this content and this model: left alone
    not_found: int  # ids that are not orders of this store


def risk_score_orders(*, store: Store, order_ids: Sequence[int]) -> BulkScoring:
    """Score the store's orders `order_ids` and keep each score, with a `risk_scored` timeline entry."""
    wanted = list(dict.fromkeys(int(i) for i in order_ids))
    service = model_in_service(store)
    source, version = (ScoreSource.MODEL, service.version) if service else (ScoreSource.RULES, None)
    hashes: dict[int, str] = {}
    todo: list[int] = []
    for start in range(0, len(wanted), CHUNK):
        for order_id, content_hash, scored_hash, scored_source, scored_version in run_prepared(
            _states, store.pk, wanted[start : start + CHUNK]
        ):
            hashes[order_id] = str(content_hash)  # type: ignore[index]
            if (scored_hash, scored_source, scored_version) != (content_hash, source, version):
                todo.append(order_id)  # type: ignore[arg-type]
    scored = score_stored_by_id(store, todo)
    _record(store, scored, hashes)
    return BulkScoring(len(scored), len(hashes) - len(todo), len(wanted) - len(hashes))


def _states(store_id: int, order_ids: Sequence[int]) -> QuerySet[Any]:
    """Each order's content hash and what its current score was computed from (NULLs when never scored)."""
    return Order.objects.filter(store_id=store_id, pk__in=order_ids).values_list(
        "id", "content_hash", "risk_score__order_hash", "risk_score__source", "risk_score__model_version"
    )


_SCORE_COLUMNS = (
    "order_id",
    "store_id",
    "score",
    "band",
    "reasons",
    "source",
    "model_version",
    "order_hash",
    "scored_at",
)
_EVENT_COLUMNS = ("store_id", "order_id", "kind", "message", "data", "occurred_at", "created_at")


@transaction.atomic
def _record(store: Store, scored: dict[int, Scored], hashes: dict[int, str]) -> None:
    if not scored:
        return
    now = timezone.now()
    at = _time_value(now)
    scores: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    for order_id, one in scored.items():
        scores.append(
            (
                order_id,
                store.pk,
                one.score,
                one.band,
                json.dumps(one.reasons),
                str(one.source),
                one.model_version,
                hashes[order_id],
                at,
            )
        )
        by = f"model v{one.model_version}" if one.model_version else "rules"
        data = {
            "score": one.score,
            "band": one.band,
            "source": str(one.source),
            "model_version": one.model_version,
            "reasons": [reason["code"] for reason in one.reasons],
        }
        message = f"RTO risk {one.score:.0%} ({one.band}, {by})"
        events.append(
            (store.pk, order_id, OrderEventKind.RISK_SCORED.value, message, json.dumps(data), at, at)
        )
    _upsert_scores(scores)
    _insert(OrderEvent._meta.db_table, _EVENT_COLUMNS, events)


def _time_value(moment: datetime) -> object:
    """What Django would send for a DateTimeField: text in UTC on SQLite, the aware datetime elsewhere."""
    return RiskScore._meta.get_field("scored_at").get_db_prep_save(moment, connection)


def _upsert_scores(rows: list[tuple[object, ...]]) -> None:
    table = connection.ops.quote_name(RiskScore._meta.db_table)
    names = ", ".join(_SCORE_COLUMNS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in _SCORE_COLUMNS[1:])
    conflict = f"ON CONFLICT (order_id) DO UPDATE SET {updates}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE risk_scores_in ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA"
            )
        _copy("risk_scores_in", _SCORE_COLUMNS, rows)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM risk_scores_in {conflict}")
            cursor.execute("DROP TABLE risk_scores_in")
        return
    _insert(RiskScore._meta.db_table, _SCORE_COLUMNS, rows, tail=conflict)


def _insert(table: str, columns: Sequence[str], rows: list[tuple[object, ...]], *, tail: str = "") -> None:
    if connection.vendor == "postgresql" and not tail:
        _copy(connection.ops.quote_name(table), columns, rows)
        return
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(columns)}) VALUES "
    size = min(_ROWS_PER_INSERT, 30000 // len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            part = rows[start : start + size]
            values = [value for row in part for value in row]
            cursor.execute(f"{head}{', '.join([one_row] * len(part))} {tail}", values)  # type: ignore[arg-type]


def _copy(table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    """PostgreSQL's COPY; JSON columns arrive as text, which the server reads into jsonb."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
