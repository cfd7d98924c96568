"""Settling sends that were interrupted: a message left "sending" is resent only when no status came for it.

A worker killed between claiming a message and recording the provider's answer leaves it "sending". The
provider may or may not have it. If it does, its status webhook carries our idempotency key
(`biz_opaque_callback_data`) and `receipts` marks the message sent. When no webhook has come within the
grace period (`WASL_SEND_RECONCILE_AFTER_S`), the provider most likely never got it: the message goes back
to the queue and is sent again. A webhook that has arrived but is not processed yet counts as come: the
raw bodies still pending are searched for the message's key first. A webhook delayed beyond the grace
period is the one case that can still produce a duplicate; the grace period is the knob (docs/messaging.md).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from wasl.messaging.models import Message, MessageStatus
from wasl.messaging.services import send_task_enqueue, status_event_add
from wasl.webhooks.models import InboundStatus, InboundWebhook

logger = logging.getLogger(__name__)

BATCH = 1000
# Searching more pending bodies than this each run would cost more than waiting for them to be processed.
MAX_PENDING_BODIES = 2000
# A queued message with no task is rare (a task that died on a bug); look for those only after an hour.
LOST_QUEUED_AFTER = timedelta(hours=1)


def messages_reconcile(*, now: datetime | None = None, grace_s: float | None = None) -> dict[str, int]:
    """Queue again the sends that stalled; returns how many of each kind."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.WASL_SEND_RECONCILE_AFTER_S if grace_s is None else grace_s)
    stalled = list(
        Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - grace)
        .order_by("claimed_at")
        .values_list("pk", "claimed_at", "store_id", "channel", "idempotency_key", "send_attempts")[:BATCH]
    )
    announced = _keys_in_pending_webhooks(stalled)
    resent = 0
    for message_id, claimed_at, _store_id, _channel, key, attempts in stalled:
        if announced is None or key in announced:
            continue  # its status is in a webhook not processed yet (or too many to search): wait for it
        if attempts >= settings.WASL_SEND_MAX_ATTEMPTS:
            _give_up(message_id, claimed_at, attempts, now)
            continue
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


def _give_up(message_id: int, claimed_at: datetime | None, attempts: int, now: datetime) -> None:
    """Sent this many times with never an answer nor a status: stop, and say so."""
    title = f"no answer nor status after {attempts} attempts"
    failed = Message.objects.filter(
        pk=message_id, status=MessageStatus.SENDING, claimed_at=claimed_at
    ).update(
        status=MessageStatus.FAILED, error_code="no_answer", error_title=title, failed_at=now, updated_at=now
    )
    if failed:
        message = Message.objects.get(pk=message_id)
        status_event_add(
            message=message,
            status=MessageStatus.FAILED,
            at=now,
            source="reconcile",
            error_code="no_answer",
            error_title=title,
        )


def _keys_in_pending_webhooks(
    stalled: list[tuple[int, datetime | None, int, str, str, int]],
) -> set[str] | None:
    """The stalled messages' keys that appear in a stored webhook still waiting to be processed.

    None when there are too many pending webhooks to search: then nothing is resent this time.
    """
    if not stalled:
        return set()
    oldest_claim = min(row[1] for row in stalled if row[1] is not None)
    pending = InboundWebhook.objects.filter(
        store_id__in={row[2] for row in stalled},
        source__in={row[3] for row in stalled},
        status=InboundStatus.PENDING,
        received_at__gte=oldest_claim,
    )
    if pending.count() > MAX_PENDING_BODIES:
        logger.warning(
            "Reconciliation postponed: more than %d webhooks wait to be processed", MAX_PENDING_BODIES
        )
        return None
    bodies = [bytes(body) for body in pending.values_list("body", flat=True)]
    return {row[4] for row in stalled if any(row[4].encode() in body for body in bodies)}
