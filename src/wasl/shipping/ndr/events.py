"""What a case tells the merchant's systems (outbound webhooks) and the order's timeline."""

from __future__ import annotations

from typing import Any

from wasl.orders.models import OrderEventKind
from wasl.orders.services import order_event_add
from wasl.shipping.ndr.models import NdrCase, NdrInstruction
from wasl.webhooks.outbound.services import outbound_event_emit


def instruction_payload(instruction: NdrInstruction) -> dict[str, Any]:
    return {
        "id": instruction.pk,
        "kind": instruction.kind,
        "day": instruction.day.isoformat() if instruction.day else None,
        "address": instruction.address,
        "latitude": str(instruction.latitude) if instruction.latitude is not None else None,
        "longitude": str(instruction.longitude) if instruction.longitude is not None else None,
        "note": instruction.note,
        "status": instruction.status,
        "source": instruction.source,
    }


def case_payload(case: NdrCase) -> dict[str, Any]:
    order = case.order
    return {
        "id": case.pk,
        "tracking_number": case.shipment.tracking_number,
        "carrier": case.carrier,
        "order_external_id": order.external_id if order is not None else None,
        "attempt": case.attempt,
        "reason": case.reason,
        "carrier_remark": case.carrier_remark,
        "status": case.status,
        "answer": case.answer or None,
        "answer_day": case.answer_day.isoformat() if case.answer_day else None,
        "answer_address": case.answer_address,
        "outcome": case.outcome or None,
        "outcome_reason": case.outcome_reason,
        "opened_at": case.opened_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
    }


def emit(case: NdrCase, event_type: str, key: str, **extra: Any) -> None:
    """One outbound event per key: `ndr.opened`, `ndr.answered`, `ndr.closed`."""
    outbound_event_emit(
        store=case.store, event_type=event_type, data={**case_payload(case), **extra}, idempotency_key=key
    )


def timeline(case: NdrCase, note_type: str, message: str, **data: Any) -> None:
    """A note on the order's timeline, when the case has an order."""
    if case.order is None:
        return
    order_event_add(
        order=case.order,
        kind=OrderEventKind.NOTE,
        message=message[:500],
        data={"type": note_type, "ndr_case_id": case.pk, **data},
    )
