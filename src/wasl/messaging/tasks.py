"""Background work for messaging: one task per message sent, notifications, and the sweeps that settle stragglers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django_tasks import task

from wasl.core.periodic import periodic
from wasl.core.retry import retrying

# Imported here, that is when a worker starts (it imports every tasks module), so that the first send
# after a start does not pay for importing pywa.
from wasl.messaging.channels.whatsapp import client as _whatsapp_client  # noqa: F401
from wasl.messaging.sending import message_send, messages_send

_DATABASE_AWAY = (OperationalError, InterfaceError)


# Sends (and the notifications that make them) yield to every other task: a status webhook waiting to be
# processed may settle an interrupted send that reconciliation would otherwise send again.
SEND_PRIORITY = -10


@task(priority=SEND_PRIORITY)
@retrying(
    max_attempts=settings.WASL_SEND_MAX_ATTEMPTS,
    base=settings.WASL_SEND_RETRY_BASE_S,
    cap=settings.WASL_SEND_RETRY_CAP_S,
    retry_on=_DATABASE_AWAY,
)
def send_message(message_id: int) -> str:
    """Send one message; idempotent (a message already claimed, sent or settled is left alone)."""
    return message_send(message_id=message_id)


@task(priority=SEND_PRIORITY)
@retrying(max_attempts=8, base=5.0, cap=600.0, retry_on=_DATABASE_AWAY)
def send_batch(message_ids: list[int]) -> dict[str, int]:
    """Send several messages (notifications come in batches); each is claimed and settled on its own."""
    return messages_send(message_ids=message_ids)


# Below the sends: messages already made go out before more are made. At equal priority a burst of events
# queued all its notify tasks ahead of the sends they produce, and the first messages waited for the last.
NOTIFY_PRIORITY = SEND_PRIORITY - 10


@task(priority=NOTIFY_PRIORITY)
@retrying(max_attempts=8, base=5.0, cap=600.0, retry_on=_DATABASE_AWAY)
def notify_events(store_id: int, refs: list[list[Any]]) -> dict[str, int]:
    """Turn order and shipment events into notifications; the idempotency keys make a second run a no-op."""
    from wasl.messaging.notify import EventRef, notifications_create

    return notifications_create(store_id=store_id, refs=[EventRef.from_list(raw) for raw in refs])


@periodic(every=timedelta(seconds=settings.WASL_SEND_RECONCILE_EVERY_S))
@task()
def reconcile_messages() -> dict[str, int]:
    """Resend messages whose send was interrupted and for which no status has come (see reconcile.py)."""
    from wasl.messaging.reconcile import messages_reconcile

    return messages_reconcile()


@periodic(every=timedelta(hours=1))
@task()
def notify_delayed_shipments() -> int:
    """Tell buyers whose parcel is later than its promised date; once per shipment and promised date."""
    from wasl.messaging.delays import delayed_shipments_notify

    return delayed_shipments_notify()
