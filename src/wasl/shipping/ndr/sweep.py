"""The periodic pass over open cases: reminders and hand-overs that are due, cases whose parcel was settled
without the hook seeing it (an order cancelled, a status corrected), webhook instructions that finished."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from wasl.orders.models import OrderStatus
from wasl.shipping.ndr.hooks import SETTLING
from wasl.shipping.ndr.instructions.dispatch import webhook_instructions_reconcile
from wasl.shipping.ndr.models import NdrCase, NdrCaseStatus
from wasl.shipping.ndr.services import case_escalate, case_remind, cases_close_for_shipment

BATCH = 1000


def ndr_sweep_run(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    awaiting = NdrCase.objects.filter(status=NdrCaseStatus.AWAITING_BUYER)
    remind = awaiting.filter(reminded_at__isnull=True, remind_at__lte=now).values_list("pk", flat=True)
    reminded = sum(case_remind(case_id=pk, now=now) for pk in list(remind[:BATCH]))
    escalate = awaiting.filter(escalated_at__isnull=True, escalate_at__lte=now).values_list("pk", flat=True)
    escalated = sum(case_escalate(case_id=pk, now=now) for pk in list(escalate[:BATCH]))
    settled = (
        NdrCase.objects.exclude(status=NdrCaseStatus.CLOSED)
        .filter(Q(shipment__status__in=SETTLING) | Q(order__status=OrderStatus.CANCELLED))
        .values_list("shipment_id", flat=True)
        .distinct()
    )
    closed = sum(cases_close_for_shipment(shipment_id=pk, now=now) for pk in list(settled[:BATCH]))
    return {
        "reminded": reminded,
        "escalated": escalated,
        "closed": closed,
        "webhooks_settled": webhook_instructions_reconcile(now=now),
    }
