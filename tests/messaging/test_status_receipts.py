"""Status webhooks: history kept, never backwards, failed beaten by proof of delivery, interrupted sends settled."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import override_settings
from messaging_helpers import RecordingChannel

from wasl.messaging.channels.types import StatusUpdate
from wasl.messaging.inbound import webhook_content_apply, whatsapp_callback_keys
from wasl.messaging.models import Message, MessageStatus
from wasl.messaging.receipts import next_status, status_apply
from wasl.messaging.reconcile import messages_reconcile
from wasl.messaging.sending import message_claim
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def sent_message(store, *, provider_id: str = "wamid.A", key: str = "k-1", event: str = "") -> Message:  # type: ignore[no-untyped-def]
    conversation = conversation_get_or_create(store=store, channel="whatsapp", address="+972987654321")
    message, _ = message_queue(
        conversation=conversation, draft=Draft(kind="text", body="hi", event=event), idempotency_key=key
    )
    if provider_id:
        Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENT, provider_id=provider_id)
    message.refresh_from_db()
    return message


def update(status: str, seconds: int, provider_id: str = "wamid.A", code: str = "") -> StatusUpdate:
    return StatusUpdate(
        provider_id=provider_id,
        channel="whatsapp",
        status=status,
        at=datetime.fromtimestamp(T0.timestamp() + seconds, UTC),
        error_code=code,
        error_title="Message undeliverable" if code else "",
    )


@pytest.mark.parametrize(
    ("current", "incoming", "expected"),
    [
        ("sent", "delivered", "delivered"),
        ("delivered", "sent", "delivered"),
        ("read", "delivered", "read"),
        ("sending", "sent", "sent"),
        ("sent", "failed", "failed"),
        ("delivered", "failed", "delivered"),
        ("failed", "sent", "failed"),
        ("failed", "delivered", "delivered"),
        ("failed", "read", "read"),
        ("skipped", "sent", "skipped"),
        ("received", "read", "received"),
    ],
)
def test_status_moves_forward_only_and_a_proof_of_delivery_beats_failed(
    current: str, incoming: str, expected: str
) -> None:
    assert next_status(current, incoming) == expected


def test_given_statuses_out_of_order_when_applied_then_the_message_ends_read_with_every_step_in_history(
    store,
) -> None:
    message = sent_message(store)
    results = [
        status_apply(store=store, update=u)
        for u in (update("read", 3), update("sent", 1), update("delivered", 2))
    ]
    message.refresh_from_db()
    assert results == ["applied", "recorded", "recorded"]
    assert (message.status, message.sent_at, message.delivered_at, message.read_at) == (
        "read",
        datetime(2026, 5, 4, 10, 0, 1, tzinfo=UTC),
        datetime(2026, 5, 4, 10, 0, 2, tzinfo=UTC),
        datetime(2026, 5, 4, 10, 0, 3, tzinfo=UTC),
    )
    assert list(message.status_events.filter(source="webhook").values_list("status", flat=True)) == [
        "read",
        "sent",
        "delivered",
    ]


def test_given_the_same_status_twice_when_applied_then_it_is_kept_once(store) -> None:
    message = sent_message(store)
    status_apply(store=store, update=update("delivered", 2))
    status_apply(store=store, update=update("delivered", 2))
    assert message.status_events.filter(status="delivered").count() == 1


def test_given_failed_then_delivered_when_applied_then_delivered_wins_and_the_error_is_cleared(store) -> None:
    message = sent_message(store)
    status_apply(store=store, update=update("failed", 2, code="131000"))
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "131000")
    status_apply(store=store, update=update("delivered", 3))
    message.refresh_from_db()
    assert (message.status, message.error_code, message.failed_at is not None) == ("delivered", "", True)


def test_given_a_failed_status_not_on_whatsapp_when_applied_then_the_message_falls_back_to_sms(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = sent_message(messaging_store, event="shipment.shipped")
    status_apply(store=messaging_store, update=update("failed", 2, code="131026"))
    status_apply(store=messaging_store, update=update("failed", 2, code="131026"))  # repeated webhook
    fallback = Message.objects.get(fallback_of=message)
    assert (fallback.channel, fallback.status, fallback.idempotency_key) == (
        "sms",
        "queued",
        "k-1|fallback:sms",
    )


def test_given_a_status_for_an_unknown_message_when_applied_then_nothing_changes(store) -> None:
    assert status_apply(store=store, update=update("sent", 1, provider_id="wamid.nobody")) == "unknown"


def test_given_an_interrupted_send_when_its_status_carries_our_key_then_it_is_settled_not_resent(
    store, realdata: Path
) -> None:
    # Given a message claimed for sending whose worker died before recording the answer
    message = sent_message(store, provider_id="", key="some data")
    assert message_claim(message_id=message.pk) is not None
    # When Meta's "sent" status arrives, echoing our key in biz_opaque_callback_data
    body = json.dumps(
        json.loads((realdata / "whatsapp/message_status.json").read_text())["with_tracker"]
    ).encode()
    assert whatsapp_callback_keys(body) == {"wamid.xyzxyz": "some data"}
    from wasl.messaging.channels.whatsapp.webhook import parse

    counts = webhook_content_apply(
        store=store, messages=[], statuses=parse(body).statuses, callback_keys=whatsapp_callback_keys(body)
    )
    # Then it is sent with the provider's id, and reconciliation, however late, leaves it alone
    message.refresh_from_db()
    assert counts["statuses"] == 1
    assert (message.status, message.provider_id) == ("sent", "wamid.xyzxyz")
    assert messages_reconcile(grace_s=0) == {"resent": 0, "requeued": 0}


def test_given_an_interrupted_send_with_no_status_when_the_grace_period_passes_then_it_is_queued_again(
    store,
) -> None:
    message = sent_message(store, provider_id="")
    message_claim(message_id=message.pk)
    assert messages_reconcile(grace_s=3600) == {"resent": 0, "requeued": 0}
    assert messages_reconcile(grace_s=0) == {"resent": 1, "requeued": 0}
    message.refresh_from_db()
    assert (message.status, message.claimed_at) == ("queued", None)
    assert list(message.status_events.values_list("status", "source")) == [
        ("queued", "rule"),
        ("queued", "reconcile"),
    ]


@override_settings(WASL_SEND_MAX_ATTEMPTS=2)
def test_given_a_send_that_never_gets_an_answer_when_reconciled_past_the_attempts_then_it_fails(
    store,
) -> None:
    message = sent_message(store, provider_id="")
    message_claim(message_id=message.pk)
    assert messages_reconcile(grace_s=0) == {"resent": 1, "requeued": 0}
    message_claim(message_id=message.pk)
    assert messages_reconcile(grace_s=0) == {"resent": 0, "requeued": 0}
    message.refresh_from_db()
    assert (message.status, message.error_code, message.error_title) == (
        "failed",
        "no_answer",
        "no answer nor status after 2 attempts",
    )


def test_given_a_pending_webhook_carrying_the_key_when_reconciling_then_the_send_waits_for_it(store) -> None:
    from wasl.webhooks.models import InboundWebhook

    message = sent_message(store, provider_id="", key="notify:shipment:7:shipment.shipped")
    message_claim(message_id=message.pk)
    body = b'{"entry": [{"changes": [{"value": {"statuses": [{"biz_opaque_callback_data": "notify:shipment:7:shipment.shipped"}]}}]}]}'
    InboundWebhook.objects.create(store=store, source="whatsapp", dedupe_key="d1", headers={}, body=body)
    assert messages_reconcile(grace_s=0) == {"resent": 0, "requeued": 0}
    InboundWebhook.objects.update(status="processed")
    assert messages_reconcile(grace_s=0) == {"resent": 1, "requeued": 0}
