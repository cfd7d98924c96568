"""Tracking events through the real batch API (HTTP, validation, dedupe, persistence, status) vs a raw insert.

Both paths write the same rows into the same database in the same run, so the ratio says what the product's
work costs on top of the database itself.
"""

from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from django.db import connection, transaction

from wasl.bench.server import running_server
from wasl.core.bulk import insert_values
from wasl.shipping.models import Shipment, TrackingEvent
from wasl.shipping.status import ShipmentStatus as S
from wasl.stores.models import Store
from wasl.stores.services import api_key_create, store_create

JOURNEY = [S.PICKED_UP, S.IN_TRANSIT, S.IN_TRANSIT, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERY_FAILED]
JOURNEY += [S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED, S.DELIVERED]
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    tracking_number: str
    status: str
    occurred_at: datetime
    event_id: str


def plan_rows(events: int, prefix: str) -> list[Row]:
    """A carrier feed: parcels advance together, so each batch mixes many shipments in time order."""
    parcels = max(1, events // len(JOURNEY))
    rows: list[Row] = []
    for hop, status in enumerate(JOURNEY):
        for parcel in range(parcels):
            if len(rows) == events:
                return rows
            at = START + timedelta(hours=6 * hop, seconds=parcel)
            rows.append(Row(f"{prefix}{parcel:07d}", status, at, f"{prefix}{parcel}-{hop}"))
    return rows


def _bench_store(label: str) -> Store:
    slug = f"bench-{label}-{uuid.uuid4().hex[:8]}"
    return store_create(name=slug, slug=slug, country="SA", currency="SAR", language="en")


def _shipments(store: Store, rows: list[Row]) -> dict[str, int]:
    numbers = sorted({r.tracking_number for r in rows})
    Shipment.objects.bulk_create(
        [Shipment(store=store, carrier="generic", tracking_number=n) for n in numbers], batch_size=2000
    )
    return dict(Shipment.objects.filter(store=store).values_list("tracking_number", "pk"))


def _bodies(rows: list[Row], batch: int) -> list[bytes]:
    return [
        json.dumps(
            {
                "events": [
                    {
                        "tracking_number": r.tracking_number,
                        "status": r.status,
                        "occurred_at": r.occurred_at.isoformat(),
                        "event_id": r.event_id,
                        "location": "Riyadh hub",
                    }
                    for r in rows[start : start + batch]
                ]
            }
        ).encode()
        for start in range(0, len(rows), batch)
    ]


def _post_all(base: str, key: str, bodies: list[bytes], clients: int) -> int:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    shares = [bodies[i::clients] for i in range(clients)]

    def send(share: list[bytes]) -> int:
        accepted = 0
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            for body in share:
                response = http.post("/api/v1/tracking-events/batch", content=body)
                response.raise_for_status()
                accepted += response.json()["accepted"]
        return accepted

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return sum(pool.map(send, shares))


def _raw_insert(store: Store, rows: list[Row], batch: int) -> float:
    """The same rows the fastest plain way in (COPY on PostgreSQL, a multi-row INSERT on SQLite), in transactions
    of the same size, and nothing else."""
    ids = _shipments(store, rows)
    now = datetime.now(UTC)
    fields = [
        "store",
        "shipment",
        "status",
        "raw_code",
        "raw_text",
        "ndr_reason",
        "location",
        "occurred_at",
        "source",
        "dedupe_key",
        "received_at",
    ]
    values: list[list[object]] = [
        [
            store.pk,
            ids[r.tracking_number],
            r.status,
            r.status,
            "",
            "",
            "Riyadh hub",
            r.occurred_at,
            "api",
            f"id:{r.event_id}",
            now,
        ]
        for r in rows
    ]
    started = time.perf_counter()
    for start in range(0, len(values), batch):
        with transaction.atomic():
            insert_values(TrackingEvent, fields, values[start : start + batch])
    return time.perf_counter() - started


def run_ingest_benchmark(
    *, events: int, batch: int = 1000, clients: int = 2, web_workers: int = 2
) -> dict[str, object]:
    api_store, raw_store = _bench_store("api"), _bench_store("raw")
    try:
        key = api_key_create(store=api_store, name="bench")[1]
        rows = plan_rows(events, "B")
        _shipments(api_store, rows)
        bodies = _bodies(rows, batch)
        connection.close()  # the server processes open their own; keep ours out of SQLite's way
        with running_server(web_workers=web_workers) as base:
            started = time.perf_counter()
            accepted = _post_all(base, key, bodies, clients)
            api_seconds = time.perf_counter() - started
        if accepted != len(rows):
            raise RuntimeError(f"the API accepted {accepted} of {len(rows)} events")
        raw_seconds = _raw_insert(raw_store, rows, batch)
    finally:
        Store.objects.filter(pk__in=[api_store.pk, raw_store.pk]).delete()
    events_per_s = len(rows) / api_seconds
    raw_per_s = len(rows) / raw_seconds
    return {
        "benchmark": "ingest",
        "events": len(rows),
        "batch": batch,
        "clients": clients,
        "web_workers": web_workers,
        "events_per_s": round(events_per_s, 1),
        "raw_rows_per_s": round(raw_per_s, 1),
        "ratio": round(events_per_s / raw_per_s, 3),
        "db": connection.vendor,
    }
