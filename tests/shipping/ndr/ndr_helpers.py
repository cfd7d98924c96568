"""Builders for the NDR tests: failed attempts scanned in, and the tasks they queue run in this process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot_helpers import buyer_order, ship
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from wasl.orders.models import Order
from wasl.shipping.models import Shipment
from wasl.shipping.ndr.models import NdrCase
from wasl.shipping.services import tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store

NDR_TASKS = (".ndr_shipments_changed", ".ndr_instruction_dispatch")


def scan(
    shipment: Shipment,
    status: str,
    *,
    at: datetime | None = None,
    reason: str = "",
    remark: str = "",
    event_id: str = "",
) -> None:
    update = TrackingUpdate(
        tracking_number=shipment.tracking_number,
        carrier=shipment.carrier,
        status=status,
        occurred_at=at or datetime.now(UTC),
        raw_code=status.upper(),
        raw_text=remark,
        ndr_reason=reason,
        source="test",
        dedupe_key=event_id,
    )
    tracking_updates_ingest(store=shipment.store, updates=[update])
    shipment.refresh_from_db()


def failed_parcel(
    store: Store, *, reason: str = "customer_unavailable", remark: str = "Consignee not available"
) -> tuple[Order, Shipment]:
    """The buyer's order, out for delivery an hour ago, then a failed attempt now."""
    order = buyer_order(store)
    shipment = ship(order, "picked_up", "in_transit", "out_for_delivery")
    scan(shipment, "delivery_failed", reason=reason, remark=remark)
    return order, shipment


def ndr_tasks() -> list[DBTaskResult]:
    return [t for t in DBTaskResult.objects.order_by("enqueued_at", "id") if t.task_path.endswith(NDR_TASKS)]


def run_ndr_tasks() -> list[Any]:
    """Run every ready NDR task once, in this process, as a worker would (new ones too, until none is left)."""
    results: list[Any] = []
    while True:
        ready = [t for t in ndr_tasks() if t.status == "READY"]
        if not ready:
            return results
        for task in ready:
            DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
            declared = import_string(task.task_path)
            results.append(declared.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"]))


def open_case(store: Store, **kwargs: Any) -> NdrCase:
    """A failed attempt scanned in and its task run: the case it opened."""
    _order, shipment = failed_parcel(store, **kwargs)
    run_ndr_tasks()
    return NdrCase.objects.get(shipment=shipment)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def answered_case(store: Store, answer: Any, **kwargs: Any) -> NdrCase:
    """An open case the buyer answered, with its instruction dispatched."""
    from wasl.shipping.ndr.answers import answer_record

    case = open_case(store, **kwargs)
    answer_record(case_id=case.pk, answer=answer, source="buyer")
    run_ndr_tasks()
    case.refresh_from_db()
    return case
