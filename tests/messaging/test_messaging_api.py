"""/api/v1/conversations and /api/v1/messages: scoped to the key's store, filtered, paginated by cursor."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from factories import order_data
from wasl.messaging.models import Conversation, Message, MessageStatusEvent
from wasl.orders.services import order_upsert

pytestmark = pytest.mark.django_db
T = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def conversation(store, phone: str, state: str = "bot") -> Conversation:  # type: ignore[no-untyped-def]
    return Conversation.objects.create(store=store, channel="whatsapp", address=phone, state=state)


def message(conv: Conversation, key: str, **fields) -> Message:  # type: ignore[no-untyped-def]
    values = {"direction": "out", "channel": "whatsapp", "kind": "text", "status": "sent", "body": key}
    return Message.objects.create(
        store=conv.store, conversation=conv, idempotency_key=key, **(values | fields)
    )


def test_given_conversations_when_listed_then_newest_first_filtered_and_paginated(
    api, store, other_store
) -> None:
    first, second = conversation(store, "+966500000001"), conversation(store, "+966500000002", "human")
    conversation(other_store, "+966500000003")

    page = api.get("/api/v1/conversations", limit=1).json()
    assert ([c["id"] for c in page["items"]], page["next_cursor"] is not None) == ([second.pk], True)
    rest = api.get("/api/v1/conversations", limit=1, cursor=page["next_cursor"]).json()
    assert ([c["id"] for c in rest["items"]], rest["next_cursor"]) == ([first.pk], None)
    assert [c["phone"] for c in api.get("/api/v1/conversations", state="human").json()["items"]] == [
        "+966500000002"
    ]
    assert [c["id"] for c in api.get("/api/v1/conversations", phone="+966500000001").json()["items"]] == [
        first.pk
    ]


def test_given_bad_filters_when_listing_then_clear_errors(api, store) -> None:
    assert api.get("/api/v1/conversations", cursor="nope").json()["code"] == "invalid_cursor"
    answer = api.get("/api/v1/conversations", state="asleep")
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")


def test_given_a_conversation_when_read_then_its_messages_come_oldest_first(api, store, other_store) -> None:
    conv = conversation(store, "+966500000001")
    message(conv, "a", direction="in", status="received")
    message(conv, "b")
    body = api.get(f"/api/v1/conversations/{conv.pk}").json()
    assert (body["phone"], [m["body"] for m in body["messages"]]) == ("+966500000001", ["a", "b"])
    foreign = conversation(other_store, "+966500000009")
    answer = api.get(f"/api/v1/conversations/{foreign.pk}")
    assert (answer.status_code, answer.json()["code"]) == (404, "conversation_not_found")


def test_given_messages_when_filtered_by_order_phone_or_provider_id_then_each_comes_with_history_and_cost(
    api, store
) -> None:
    order = order_upsert(store=store, data=order_data("1042")).order
    conv, other = conversation(store, "+966500000001"), conversation(store, "+966500000002")
    ours = message(conv, "k1", order=order, provider_id="wamid.1", cost=Decimal("0.0172"), currency="USD")
    message(other, "k2", provider_id="wamid.2")
    for status, second in (("sent", 1), ("delivered", 2)):
        MessageStatusEvent.objects.create(
            store=store, message=ours, status=status, occurred_at=T.replace(second=second), source="webhook"
        )

    for query in ({"order": "1042"}, {"phone": "+966500000001"}, {"provider_id": "wamid.1"}):
        items = api.get("/api/v1/messages", **query).json()["items"]
        assert [m["id"] for m in items] == [ours.pk], query
    [found] = api.get("/api/v1/messages", order="1042").json()["items"]
    assert (found["order_id"], found["phone"], found["cost"], found["currency"], found["provider_id"]) == (
        "1042",
        "+966500000001",
        "0.01720",
        "USD",
        "wamid.1",
    )
    assert [(e["status"], e["occurred_at"]) for e in found["status_history"]] == [
        ("sent", "2026-05-04T10:00:01Z"),
        ("delivered", "2026-05-04T10:00:02Z"),
    ]
    assert api.get("/api/v1/messages", order="nope").json() == {"items": [], "next_cursor": None}


def test_given_another_stores_key_when_listing_messages_then_none_of_ours_show(
    api, store, other_store
) -> None:
    message(conversation(other_store, "+966500000001"), "theirs")
    assert api.get("/api/v1/messages").json()["items"] == []
