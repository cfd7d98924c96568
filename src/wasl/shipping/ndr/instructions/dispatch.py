"""Running an instruction through its carrier's adapter, and learning how its webhook went."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from wasl.core.text import db_text
from wasl.shipping.ndr.instructions.base import InstructionDocument
from wasl.shipping.ndr.instructions.registry import adapter_for
from wasl.shipping.ndr.models import InstructionMethod, InstructionStatus, NdrInstruction
from wasl.webhooks.models import DeliveryStatus, OutboundDelivery

RECONCILE_BATCH = 500


def document_of(instruction: NdrInstruction) -> InstructionDocument:
    case = instruction.case
    order = case.order
    customer = order.customer if order is not None else None
    return InstructionDocument(
        instruction_id=instruction.pk,
        case_id=case.pk,
        store=instruction.store.slug,
        carrier=instruction.carrier,
        tracking_number=case.shipment.tracking_number,
        order_number=(order.number or order.external_id) if order is not None else "",
        buyer_name=customer.name if customer is not None else "",
        buyer_phone=case.phone,
        attempt=case.attempt,
        ndr_reason=case.reason,
        kind=instruction.kind,
        day=instruction.day.isoformat() if instruction.day else None,
        address=instruction.address,
        latitude=str(instruction.latitude) if instruction.latitude is not None else None,
        longitude=str(instruction.longitude) if instruction.longitude is not None else None,
        note=instruction.note,
        created_at=instruction.created_at.isoformat(),
    )


def _locked(instruction_id: int) -> NdrInstruction | None:
    return (
        NdrInstruction.objects.select_for_update(of=("self",))
        .select_related("store", "case__shipment", "case__order__customer")
        .filter(pk=instruction_id)
        .first()
    )


@transaction.atomic
def instruction_dispatch(*, instruction_id: int) -> str:
    """Hand a pending instruction to its carrier's adapter; returns its status. Safe to run twice."""
    instruction = _locked(instruction_id)
    if instruction is None:
        return "missing"
    if instruction.status != InstructionStatus.PENDING or instruction.method:
        return instruction.status
    result = adapter_for(instruction.carrier).dispatch(
        store=instruction.store, document=document_of(instruction)
    )
    instruction.status, instruction.method = result.status, result.method
    instruction.reference = db_text(result.reference, 200) or instruction.reference
    instruction.error = db_text(result.error, 300)
    if result.status == InstructionStatus.SENT:
        instruction.sent_at = timezone.now()
    instruction.save()
    return instruction.status


def webhook_instructions_reconcile(*, now: datetime | None = None) -> int:
    """Instructions on their way by webhook become sent when their delivery succeeded, failed when it gave up."""
    now = now or timezone.now()
    sending = list(
        NdrInstruction.objects.filter(
            status=InstructionStatus.SENDING, method=InstructionMethod.WEBHOOK
        ).values_list("pk", "reference", "store_id")[:RECONCILE_BATCH]
    )
    if not sending:
        return 0
    deliveries = {
        str(uuid): (status, completed_at, error)
        for uuid, status, completed_at, error in OutboundDelivery.objects.filter(
            event__uuid__in=[ref for _pk, ref, _store in sending if ref]
        ).values_list("event__uuid", "status", "completed_at", "last_error")
    }
    settled = 0
    for pk, reference, _store_id in sending:
        found = deliveries.get(reference)
        if found is None or found[0] == DeliveryStatus.PENDING:
            continue
        status, completed_at, error = found
        if status == DeliveryStatus.SUCCEEDED:
            changes = {"status": InstructionStatus.SENT, "sent_at": completed_at or now, "error": ""}
        else:
            changes = {"status": InstructionStatus.FAILED, "error": db_text(error or status, 300)}
        settled += NdrInstruction.objects.filter(pk=pk, status=InstructionStatus.SENDING).update(
            **changes, updated_at=now
        )
    return settled
