"""Instructions for carriers without an API: a signed webhook, or a CSV export staff upload themselves.

A store chooses per carrier (`NdrCarrierRoute`): `webhook` sends each instruction as an outbound event
`ndr.instruction` to one endpoint of the store's (the carrier's receiver, or the merchant's middleware),
through the outbound webhook machinery: the same signature (`Wasl-Signature`), recorded attempts, retries
with backoff, an endpoint disabled after repeated failure. `csv` (the default) leaves the instruction
pending until it is exported (`csv_export.instructions_export`) and marked sent.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from wasl.shipping.ndr.instructions.base import DispatchResult, InstructionDocument
from wasl.shipping.ndr.models import InstructionMethod, InstructionStatus, NdrCarrierRoute
from wasl.stores.models import Store
from wasl.webhooks.models import OutboundDelivery, OutboundEndpoint, OutboundEvent
from wasl.webhooks.outbound import tasks as outbound_tasks

EVENT_TYPE = "ndr.instruction"


class GenericInstructions:
    name = "generic"

    def dispatch(self, *, store: Store, document: InstructionDocument) -> DispatchResult:
        route = (
            NdrCarrierRoute.objects.filter(store=store, carrier=document.carrier)
            .select_related("endpoint")
            .first()
        )
        if route is None or route.method != InstructionMethod.WEBHOOK:
            return DispatchResult(InstructionStatus.PENDING, InstructionMethod.CSV)
        endpoint = route.endpoint
        if endpoint is not None and endpoint.store_id != store.pk:
            endpoint = None  # an endpoint of another store never receives this store's instructions
        if endpoint is None or not endpoint.is_active:
            why = (
                "no endpoint is set for this carrier"
                if endpoint is None
                else "the carrier's endpoint is disabled"
            )
            return DispatchResult(InstructionStatus.FAILED, InstructionMethod.WEBHOOK, error=why)
        event = send_to_endpoint(
            store=store,
            endpoint=endpoint,
            data=document.as_dict(),
            idempotency_key=f"ndr-instruction:{document.instruction_id}",
        )
        return DispatchResult(InstructionStatus.SENDING, InstructionMethod.WEBHOOK, reference=str(event.uuid))


def send_to_endpoint(
    *, store: Store, endpoint: OutboundEndpoint, data: dict[str, object], idempotency_key: str
) -> OutboundEvent:
    """An `ndr.instruction` event delivered to this one endpoint only (not to every subscriber).

    The event and its delivery are rows of the outbound webhook tables, so signing, attempts, retries,
    the sweep of lost deliveries and disabling a failing endpoint all work as for any event.
    """
    with transaction.atomic():
        event, _created = OutboundEvent.objects.get_or_create(
            store=store,
            idempotency_key=idempotency_key,
            defaults={"uuid": uuid.uuid4(), "event_type": EVENT_TYPE, "payload": data},
        )
        delivery, created = OutboundDelivery.objects.get_or_create(
            event=event, endpoint=endpoint, defaults={"next_attempt_at": timezone.now()}
        )
    if created:
        delivery_id = delivery.pk
        transaction.on_commit(lambda: outbound_tasks.outbound_delivery_send.enqueue(delivery_id), robust=True)
    return event
