"""Writes the console makes of its own (the rest goes through the messaging and orders services)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from wasl.console.selectors import TEST_PREFIX
from wasl.core.errors import Invalid, NotFound
from wasl.core.phones import to_e164
from wasl.messaging.channels.registry import CHANNEL_NAMES
from wasl.messaging.models import Message
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue
from wasl.orders.models import Customer, OrderEvent, OrderEventKind
from wasl.orders.services import order_event_add
from wasl.stores.models import Store
from wasl.stores.services import secret_clear, secret_set


@transaction.atomic
def staff_request_done(*, store: Store, event_id: int, by: str) -> OrderEvent:
    """Staff passed a buyer's request on (to the carrier): said on the order's timeline, once."""
    request = (
        OrderEvent.objects.select_related("order")
        .filter(store_id=store.pk, pk=event_id, kind=OrderEventKind.NOTE, data__needs_staff=True)
        .first()
    )
    if request is None:
        raise NotFound(f"no request {event_id} in this store", code="request_not_found")
    done = OrderEvent.objects.filter(order=request.order, kind=OrderEventKind.NOTE, data__type="staff_done")
    for event in done:
        if event.data.get("event_id") == request.pk:
            return event
    return order_event_add(
        order=request.order,
        kind=OrderEventKind.NOTE,
        message=f"Request passed on by {by[:150]}",
        data={"type": "staff_done", "event_id": request.pk, "request": request.data.get("type", "")},
    )


@transaction.atomic
def channel_settings_save(*, store: Store, changes: dict[str, str | None], user: Any) -> list[str]:
    """Apply a settings form's changes (key -> new value, or None to remove); each goes on the audit trail.

    Returns the keys changed. The channel clients notice within a few seconds (`registry.RECHECK_S`).
    """
    changed = []
    for key, value in sorted(changes.items()):
        if value is None:
            if secret_clear(store=store, key=key, user=user, source="console"):
                changed.append(key)
        else:
            secret_set(store=store, key=key, value=value, user=user, source="console")
            changed.append(key)
    return changed


def test_address(*, store: Store, channel: str, to: str) -> str:
    """Where a test message goes: an E.164 phone for WhatsApp and SMS, an e-mail address for e-mail."""
    to = to.strip()
    if channel == "email":
        try:
            validate_email(to)
        except ValidationError:
            raise Invalid(f"{to[:60]!r} is not an e-mail address", code="invalid_email") from None
        return to
    phone = to_e164(to, store.country)
    if not phone:
        raise Invalid(f"{to[:40]!r} is not a phone number", code="invalid_phone")
    return phone


@transaction.atomic
def channel_test_queue(
    *, store: Store, channel: str, to: str, token: str, user_id: int, language: str
) -> Message:
    """A plain text message to `to`, queued like any other: the engine sends it (rate limit, retries,
    fallback), and the page reads its status. `token` (one per form) makes a double submit send once."""
    if channel not in CHANNEL_NAMES:
        raise Invalid(f"unknown channel {channel!r}", code="invalid_channel")
    address = test_address(store=store, channel=channel, to=to)
    cleaned = "".join(c for c in token if c.isalnum() or c in "-_")[:64]
    if not cleaned:
        raise Invalid("the form has expired; load the page again", code="missing_token")
    customer = Customer.objects.filter(store=store, phone=address).first() if channel != "email" else None
    conversation = conversation_get_or_create(
        store=store, channel=channel, address=address, customer=customer
    )
    with translation.override(language):
        body = gettext(
            "A test message from %(store)s, sent by Wasl. If you can read it, the settings work."
        ) % {"store": store.name}
        subject = gettext("Test message from %(store)s") % {"store": store.name}
    draft = Draft(
        kind="email" if channel == "email" else "text",
        body=body,
        language=language,
        subject=subject if channel == "email" else "",
        extra={"test_by": user_id},
    )
    message, _created = message_queue(
        conversation=conversation, draft=draft, idempotency_key=f"{TEST_PREFIX}{channel}:{cleaned}"
    )
    return message
