"""/api/v1/webhook-endpoints: create (secret shown once), list, disable, delete, deliveries, redeliver."""

from __future__ import annotations

import pytest
from django.utils import timezone

from wasl.webhooks.models import DeliveryStatus, OutboundAttempt, OutboundDelivery, OutboundEndpoint
from wasl.webhooks.outbound.services import endpoint_create

pytestmark = pytest.mark.django_db

BASE = "/api/v1/webhook-endpoints"
URL = "https://merchant.example/hooks"


def test_given_a_new_endpoint_when_created_then_the_secret_is_in_the_answer_and_never_again(api) -> None:
    created = api.post(BASE, {"url": URL, "event_types": ["order.created"], "description": "ERP"})

    assert created.status_code == 201
    body = created.json()
    secret = body.pop("secret")
    assert secret.startswith("whsec_")
    endpoint = OutboundEndpoint.objects.get()
    assert body == {
        "id": endpoint.pk,
        "url": URL,
        "description": "ERP",
        "event_types": ["order.created"],
        "is_active": True,
        "consecutive_failures": 0,
        "disabled_at": None,
        "disabled_reason": "",
        "secret_hint": secret[-4:],
        "created_at": body["created_at"],
    }
    listed = api.get(BASE).json()
    assert listed == [body]
    assert "secret" not in api.get(f"{BASE}/{endpoint.pk}").json()


def test_given_unknown_event_types_then_creation_answers_400_with_a_stable_code(api) -> None:
    answer = api.post(BASE, {"url": URL, "event_types": ["order.deleted"]})
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_event_types"
    assert OutboundEndpoint.objects.count() == 0


def test_given_another_stores_endpoint_then_it_is_not_found(api, other_store) -> None:
    theirs, _ = endpoint_create(store=other_store, url=URL, event_types=["*"])

    assert api.get(BASE).json() == []
    for answer in (
        api.get(f"{BASE}/{theirs.pk}"),
        api.post(f"{BASE}/{theirs.pk}/disable", {}),
        api.get(f"{BASE}/{theirs.pk}/deliveries"),
    ):
        assert (answer.status_code, answer.json()["code"]) == (404, "endpoint_not_found")
    assert OutboundEndpoint.objects.get(pk=theirs.pk).is_active is True


def test_given_an_endpoint_when_disabled_then_enabled_then_its_state_follows(api, store) -> None:
    endpoint, _ = endpoint_create(store=store, url=URL, event_types=["*"])
    OutboundEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=7)

    disabled = api.post(f"{BASE}/{endpoint.pk}/disable", {}).json()
    assert (disabled["is_active"], disabled["disabled_reason"]) == (False, "disabled through the API")
    assert disabled["disabled_at"] is not None

    enabled = api.post(f"{BASE}/{endpoint.pk}/enable", {}).json()
    assert (enabled["is_active"], enabled["disabled_reason"], enabled["disabled_at"]) == (True, "", None)
    assert enabled["consecutive_failures"] == 0


def test_given_an_endpoint_when_deleted_then_it_is_gone(api, client, store) -> None:
    endpoint, _ = endpoint_create(store=store, url=URL, event_types=["*"])

    answer = client.delete(f"{BASE}/{endpoint.pk}", headers=api.headers)

    assert answer.status_code == 204
    assert OutboundEndpoint.objects.count() == 0


def test_given_deliveries_then_they_are_listed_newest_first_with_their_attempts(api, make_pending) -> None:
    older = make_pending(URL)
    endpoint = OutboundEndpoint.objects.get(pk=older.endpoint_id)
    newer = make_pending(URL, endpoint=endpoint, secret=older.secret)
    started = timezone.now()
    OutboundAttempt.objects.create(
        delivery_id=older.delivery_id, number=1, started_at=started, duration_ms=87, status_code=500, error=""
    )
    OutboundDelivery.objects.filter(pk=older.delivery_id).update(attempts=1, last_status_code=500)

    page = api.get(f"{BASE}/{endpoint.pk}/deliveries").json()

    assert [d["id"] for d in page["items"]] == [newer.delivery_id, older.delivery_id]
    assert page["next_cursor"] is None
    listed_older = page["items"][1]
    assert (listed_older["event_type"], listed_older["status"], listed_older["attempts"]) == (
        "order.created",
        "pending",
        1,
    )
    assert listed_older["history"] == [
        {
            "number": 1,
            "started_at": listed_older["history"][0]["started_at"],
            "duration_ms": 87,
            "status_code": 500,
            "error": "",
            "response_excerpt": "",
        }
    ]
    assert page["items"][0]["history"] == []
    only_one = api.get(f"{BASE}/{endpoint.pk}/deliveries", limit=1).json()
    assert [d["id"] for d in only_one["items"]] == [newer.delivery_id]
    assert only_one["next_cursor"] is not None


def test_given_an_abandoned_delivery_when_redelivered_then_it_is_pending_again_with_fresh_attempts(
    api, make_pending
) -> None:
    pending = make_pending(URL)
    OutboundDelivery.objects.filter(pk=pending.delivery_id).update(
        status=DeliveryStatus.ABANDONED, attempts=8, next_attempt_at=None, completed_at=timezone.now()
    )

    answer = api.post(f"{BASE}/{pending.endpoint_id}/deliveries/{pending.delivery_id}/redeliver", {})

    assert answer.status_code == 202
    assert (answer.json()["status"], answer.json()["attempts"]) == ("pending", 0)
    delivery = OutboundDelivery.objects.get(pk=pending.delivery_id)
    assert (delivery.status, delivery.attempts, delivery.completed_at) == (DeliveryStatus.PENDING, 0, None)


def test_given_a_pending_delivery_when_redelivered_then_409(api, make_pending) -> None:
    pending = make_pending(URL)
    answer = api.post(f"{BASE}/{pending.endpoint_id}/deliveries/{pending.delivery_id}/redeliver", {})
    assert (answer.status_code, answer.json()["code"]) == (409, "delivery_pending")
