"""Historical orders with their known outcomes, from the import CSV: the history the risk model learns from.

An imported order that reached a carrier gets a shipment whose events are rebuilt from the outcome: one failed
attempt per NDR reason, then delivery or the return to origin. Every key is derived from the row, so importing
the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from wasl.orders.models import OrderStatus
from wasl.orders.services import order_status_set, order_upsert
from wasl.orders.types import OrderData
from wasl.shipping.services import shipment_create, tracking_updates_ingest
from wasl.shipping.status import ShipmentStatus as S
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store

SHIPPED_OUTCOMES = {"delivered", "rto", "returned"}


@dataclass(frozen=True)
class ImportedOutcome:
    external_id: str
    result: str  # created | updated | unchanged | stale


def _history(
    row_id: str,
    carrier: str,
    tracking: str,
    outcome: str,
    placed: datetime,
    done: datetime,
    reasons: tuple[str, ...],
) -> list[TrackingUpdate]:
    steps: list[tuple[str, str]] = [(S.PICKED_UP, "")]
    steps += [(S.DELIVERY_FAILED, reason) for reason in reasons]
    steps += [(S.RTO_INITIATED, ""), (S.RTO_DELIVERED, "")] if outcome == "rto" else [(S.DELIVERED, "")]
    span = max(done - placed, timedelta(minutes=len(steps)))
    gap = span / len(steps)
    return [
        TrackingUpdate(
            tracking_number=tracking,
            carrier=carrier,
            status=status,
            occurred_at=done if i == len(steps) - 1 else placed + gap * (i + 1) - gap / 2,
            raw_code=status,
            raw_text="rebuilt from imported outcome",
            ndr_reason=reason,
            source="import",
            dedupe_key=f"import:{row_id}:{i}",
        )
        for i, (status, reason) in enumerate(steps)
    ]


@transaction.atomic
def historical_order_import(
    *,
    store: Store,
    order: OrderData,
    carrier: str,
    outcome: str,
    outcome_at: datetime | None,
    ndr_reasons: tuple[str, ...],
) -> ImportedOutcome:
    upserted = order_upsert(store=store, data=order)
    if upserted.result in ("unchanged", "stale"):
        return ImportedOutcome(order.external_id, upserted.result)
    if outcome in SHIPPED_OUTCOMES and carrier:
        tracking = f"import-{order.external_id}"
        shipment_create(store=store, tracking_number=tracking, carrier=carrier, order=upserted.order)
        done = outcome_at or order.placed_at
        events = _history(order.external_id, carrier, tracking, outcome, order.placed_at, done, ndr_reasons)
        tracking_updates_ingest(store=store, updates=events)
        upserted.order.refresh_from_db(fields=["status"])
    if outcome == "returned":
        order_status_set(
            order=upserted.order, status=OrderStatus.RETURNED, reason="returned (imported)", at=outcome_at
        )
    elif outcome == "cancelled":
        order_status_set(
            order=upserted.order, status=OrderStatus.CANCELLED, reason="cancelled (imported)", at=outcome_at
        )
    return ImportedOutcome(order.external_id, upserted.result)
