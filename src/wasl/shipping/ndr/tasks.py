"""Background work for failed deliveries: open and close cases, dispatch instructions, remind and escalate."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import InterfaceError, OperationalError
from django_tasks import task

from wasl.core.periodic import periodic
from wasl.core.retry import retrying

_DATABASE_AWAY = (OperationalError, InterfaceError)
SWEEP_EVERY = timedelta(minutes=5)


@task()
@retrying(max_attempts=8, base=5.0, cap=600.0, retry_on=_DATABASE_AWAY)
def ndr_shipments_changed(store_id: int, refs: list[list[Any]]) -> dict[str, int]:
    """[shipment id, status, attempts] each: a failed attempt opens its case, a settled parcel closes them."""
    from wasl.shipping.ndr.services import case_open, cases_close_for_shipment
    from wasl.shipping.status import ShipmentStatus

    counts = {"opened": 0, "closed": 0}
    for shipment_id, status, attempts in refs:
        if status == ShipmentStatus.DELIVERY_FAILED:
            counts["opened"] += case_open(shipment_id=int(shipment_id), attempt=int(attempts)) is not None
        else:
            counts["closed"] += cases_close_for_shipment(shipment_id=int(shipment_id))
    return counts


@task()
@retrying(max_attempts=8, base=5.0, cap=600.0, retry_on=_DATABASE_AWAY)
def ndr_instruction_dispatch(instruction_id: int) -> str:
    """Hand one instruction to its carrier's adapter; a second run finds it handled."""
    from wasl.shipping.ndr.instructions.dispatch import instruction_dispatch

    return instruction_dispatch(instruction_id=instruction_id)


@periodic(every=SWEEP_EVERY)
@task()
def ndr_sweep() -> dict[str, int]:
    """Reminders and hand-overs that are due, cases settled meanwhile, webhook instructions that finished."""
    from wasl.shipping.ndr.sweep import ndr_sweep_run

    return ndr_sweep_run()
