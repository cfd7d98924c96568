"""What the shipping ingest calls inside its transaction when reverse shipments change status.

Like the notification and NDR hooks it only queues a task (a row in the same database, committed with the
status change or not at all); the task marks the return on its way and, where the policy grants it, refunds
or credits the buyer at the carrier's first scan.
"""

from __future__ import annotations

from collections.abc import Sequence

from wasl.returns.models import ReturnRequest, ReturnState
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.status import ShipmentStatus as SS

# The carrier has the parcel: any of these is the first scan of a return's journey back.
CARRIER_HAS_IT = frozenset({SS.PICKED_UP, SS.IN_TRANSIT, SS.OUT_FOR_DELIVERY, SS.DELIVERED})


def reverse_shipments_changed(*, store_id: int, shipments: Sequence[Shipment]) -> int:
    """Queue one task per approved return whose reverse parcel was just scanned. Returns how many."""
    scanned = [s.pk for s in shipments if s.direction == Direction.REVERSE and s.status in CARRIER_HAS_IT]
    if not scanned:
        return 0  # the forward-only batches of the hot path cost no query
    return_ids = list(
        ReturnRequest.objects.filter(
            store_id=store_id, reverse_shipment_id__in=scanned, state=ReturnState.APPROVED
        ).values_list("pk", flat=True)
    )
    if not return_ids:
        return 0
    from wasl.returns.tasks import return_first_scan

    for return_id in return_ids:
        return_first_scan.enqueue(return_id)
    return len(return_ids)
