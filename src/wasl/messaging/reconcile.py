"""Settling sends that were interrupted: a message left "sending" is resent only when no status came for it.

A worker killed between claiming a message and recording the provider's answer leaves it "sending". The
provider may or may not have it. If it does, its status webhook carries our idempotency key
(`biz_opaque_callback_data`) and `receipts` marks the message sent. When no webhook has come within the
grace period (`WASL_SEND_RECONCILE_AFTER_S`), the provider most likely never got it: the message goes back
to the queue and is sent again. A webhook delayed beyond the grace period is the one case that can still
produce a duplicate; the grace period is the knob (see docs/messaging.md).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from wasl.messaging.models import Message, MessageStatus
from wasl.messaging.services import send_task_enqueue, status_event_add

logger = logging.getLogger(__name__)

BATCH = 1000
# A queued message with no task is rare (a task that died on a bug); look for those only after an hour.
LOST_QUEUED_AFTER = timedelta(hours=1)


def messages_reconcile(*, now: datetime | None = None, grace_s: float | None = None) -> dict[str, int]:
    """Queue again the sends that stalled; returns how many of each kind."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.WASL_SEND_RECONCILE_AFTER_S if grace_s is None else grace_s)
    stalled = list(
        Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - grace)
        .order_by("claimed_at")
        .values_list("pk", "claimed_at")[:BATCH]
    )
    resent = 0
    for message_id, claimed_at in stalled:
        # Compare-and-set on the claim time: a webhook that settled it meanwhile, or another worker's
        # reconciliation, wins.
        released = Message.objects.filter(
            pk=message_id, status=MessageStatus.SENDING, claimed_at=claimed_at
        ).update(status=MessageStatus.QUEUED, claimed_at=None, not_before=None, updated_at=now)
        if not released:
            continue
        message = Message.objects.get(pk=message_id)
        status_event_add(
            message=message,
            status=MessageStatus.QUEUED,
            at=now,
            source="reconcile",
            data={"reason": f"no status within {grace.total_seconds():.0f} s of the send; sending again"},
        )
        send_task_enqueue(message_id=message_id)
        resent += 1
        logger.warning("Message id=%s: no status since its send at %s; queued again", message_id, claimed_at)
    lost = list(
        Message.objects.filter(status=MessageStatus.QUEUED, updated_at__lt=now - LOST_QUEUED_AFTER)
        .filter(Q(not_before__isnull=True) | Q(not_before__lt=now - grace))
        .values_list("pk", flat=True)[:BATCH]
    )
    for message_id in lost:
        Message.objects.filter(pk=message_id).update(updated_at=now)  # once per hour at most
        send_task_enqueue(message_id=message_id)
    return {"resent": resent, "requeued": len(lost)}
