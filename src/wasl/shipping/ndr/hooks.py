"""What the shipping ingest calls inside its transaction: open cases for failed attempts, close settled ones.

Like the notification hooks, this only queues a task (a row in the same database, so a status change and
its NDR task commit together or not at all); the task opens the case and asks the buyer within seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

from wasl.shipping.models import Direction, Shipment
from wasl.shipping.ndr.models import NdrCase, NdrCaseStatus
from wasl.shipping.ndr.policy import stores_asking
from wasl.shipping.status import ShipmentStatus as S

# Statuses that settle an open case (and an order cancelled meanwhile, found by the sweep).
SETTLING = frozenset({S.DELIVERED, S.RTO_INITIATED, S.RTO_IN_TRANSIT, S.RTO_DELIVERED, S.LOST, S.CANCELLED})


def ndr_shipments_changed(*, store_id: int, shipments: Sequence[Shipment]) -> set[int]:
    """Queue the NDR work for shipments whose status changed or that failed another attempt.

    Returns the ids of failed forward shipments whose buyer the NDR flow asks: their generic "delivery
    failed" notification would say the same thing a second time, so the caller leaves it out.
    """
    failed = [s for s in shipments if s.status == S.DELIVERY_FAILED and s.direction == Direction.FORWARD]
    settling = [s for s in shipments if s.status in SETTLING]
    if settling:
        # One indexed read: most delivered parcels never had a case, and need no task.
        with_cases = set(
            NdrCase.objects.filter(shipment_id__in=[s.pk for s in settling])
            .exclude(status=NdrCaseStatus.CLOSED)
            .values_list("shipment_id", flat=True)
        )
        settling = [s for s in settling if s.pk in with_cases]
    refs = [[s.pk, str(s.status), s.attempts] for s in [*failed, *settling]]
    if not refs:
        return set()
    from wasl.shipping.ndr.tasks import ndr_shipments_changed as task

    task.enqueue(store_id, refs)
    return {s.pk for s in failed} if stores_asking({store_id}) else set()
