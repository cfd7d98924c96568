"""The engine with the real WhatsApp client against the Graph stand-in, and its status webhooks back to us."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from messaging_helpers import WHATSAPP_SETTINGS, run_send_tasks

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.messaging.channels.registry import channel_get
from wasl.messaging.models import Message
from wasl.messaging.reconcile import messages_reconcile
from wasl.messaging.sending import message_claim, outgoing_for
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue
from wasl.stores.services import secret_set
from wasl.webhooks.models import InboundStatus, InboundWebhook
from wasl.webhooks.services import inbound_webhook_process

pytestmark = [pytest.mark.django_db(transaction=True)]
PHONE = "+966501234567"


@pytest.fixture
def graph(live_server, store) -> Iterator[GraphStandIn]:  # type: ignore[no-untyped-def]
    """The stand-in on 127.0.0.1, posting "sent" then "delivered" to our webhook after each accepted send."""
    stand_in = GraphStandIn(
        token=WHATSAPP_SETTINGS["whatsapp.token"],
        auto_status=True,
        webhook_url=f"{live_server.url}/webhooks/whatsapp/{store.slug}/",
        app_secret=WHATSAPP_SETTINGS["whatsapp.app_secret"],
        status_delay_s=0.0,
        timeout_sleep_s=2.0,
    )
    running = serve_in_thread(stand_in)
    for key, value in {**WHATSAPP_SETTINGS, "whatsapp.graph_url": running.url}.items():
        secret_set(store=store, key=key, value=value)
    try:
        yield stand_in
    finally:
        stand_in.close()
        running.stop()


def queue_template(store, key: str) -> Message:  # type: ignore[no-untyped-def]
    conversation = conversation_get_or_create(store=store, channel="whatsapp", address=PHONE)
    draft = Draft(
        kind="template",
        body="Your order #1042 has been delivered.",
        language="en",
        event="shipment.delivered",
        template_name="wasl_delivered",
        template_params=("Sara", "#1042"),
    )
    message, _ = message_queue(conversation=conversation, draft=draft, idempotency_key=key)
    return message


def process_webhooks(expected: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while InboundWebhook.objects.count() < expected:
        assert time.monotonic() < deadline, (
            f"expected {expected} webhooks, got {InboundWebhook.objects.count()}"
        )
        time.sleep(0.05)
    for webhook in InboundWebhook.objects.filter(status=InboundStatus.PENDING).order_by("pk"):
        inbound_webhook_process(webhook_id=webhook.pk)


def test_given_a_template_when_sent_through_the_real_client_then_the_stand_in_gets_it_and_statuses_come_back(
    store, graph: GraphStandIn
) -> None:
    message = queue_template(store, "notify:shipment:1:shipment.delivered")
    assert run_send_tasks() == ["sent"]

    [received] = graph.sent()
    body = received["body"]
    assert (body["to"], body["type"], body["template"]["name"], body["template"]["language"]["code"]) == (
        PHONE,
        "template",
        "wasl_delivered",
        "en",
    )
    assert body["biz_opaque_callback_data"] == "notify:shipment:1:shipment.delivered"
    process_webhooks(expected=2)
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("delivered", received["wamid"])
    assert list(message.status_events.values_list("status", "source")) == [
        ("queued", "rule"),
        ("sent", "send"),
        ("sent", "webhook"),
        ("delivered", "webhook"),
    ]


def test_given_a_worker_that_dies_after_the_send_when_the_status_arrives_then_it_is_settled_and_not_resent(
    store, graph: GraphStandIn
) -> None:
    # Given a message claimed and handed to WhatsApp by a worker that dies before recording the answer
    message = queue_template(store, "k-crash")
    claimed = message_claim(message_id=message.pk)
    assert claimed is not None
    handle = channel_get(store=store, name="whatsapp")
    assert handle is not None
    handle.channel.send(outgoing_for(claimed, handle.sender_id))
    # When the stand-in's statuses (carrying our key) are processed, and reconciliation runs even with no grace
    process_webhooks(expected=2)
    assert messages_reconcile(grace_s=0) == {"resent": 0, "requeued": 0}
    # Then the message is delivered with the stand-in's wamid, and the stand-in got it exactly once
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("delivered", graph.sent()[0]["wamid"])
    assert [r["body"]["biz_opaque_callback_data"] for r in graph.sent()] == ["k-crash"]


@pytest.mark.parametrize(("kind", "code"), [("429", "http_429"), ("500", "1")])
def test_given_the_stand_in_refusing_once_when_sending_then_retried_and_sent_once(
    store, graph: GraphStandIn, kind: str, code: str
) -> None:
    from wasl.messaging.sending import message_send

    message = queue_template(store, "k-retry")
    graph.fail_next(1, kind)
    assert message_send(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("queued", code)
    Message.objects.filter(pk=message.pk).update(not_before=None)  # the backoff has passed
    assert message_send(message_id=message.pk) == "sent"
    assert len(graph.sent()) == 1


def test_given_a_timeout_when_sending_then_the_message_waits_for_reconciliation_instead_of_a_blind_resend(
    store, graph: GraphStandIn, settings
) -> None:
    from wasl.messaging.sending import message_send

    settings.WASL_SEND_TIMEOUT_S = 0.5
    message = queue_template(store, "k-timeout")
    graph.fail_next(1, "timeout")
    assert message_send(message_id=message.pk) == "pending"
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("sending", "timeout")
    # No status came (the stand-in never took it): after the grace period it is sent again, once
    assert messages_reconcile(grace_s=0) == {"resent": 1, "requeued": 0}
    assert run_send_tasks() == ["sent", "sent"]  # the first task sends it, the second finds it sent
    assert len(graph.sent()) == 1
