"""Recording outbound events: matching endpoints, idempotency, queued tasks, and the cost on the hot path."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from wasl.core.errors import Invalid
from wasl.stores.crypto import decrypt
from wasl.webhooks.models import DeliveryStatus, OutboundDelivery, OutboundEndpoint, OutboundEvent
from wasl.webhooks.outbound.services import (
    endpoint_create,
    endpoint_disable,
    outbound_event_emit,
    outbound_events_emit,
)

pytestmark = pytest.mark.django_db

URL = "https://merchant.example/hooks"
SEND_TASK = "wasl.webhooks.outbound.tasks.outbound_delivery_send"
DISPATCH_TASK = "wasl.webhooks.outbound.tasks.outbound_deliveries_dispatch"


def _queued() -> list[tuple[str, list]]:
    return [(t.task_path, t.args_kwargs["args"]) for t in DBTaskResult.objects.order_by("enqueued_at")]


def test_given_a_store_without_endpoints_when_an_event_is_emitted_then_one_query_and_nothing_recorded(
    store, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        event = outbound_event_emit(
            store=store, event_type="order.created", data={"external_id": "1001"}, idempotency_key="order:1"
        )
    assert event is None
    assert OutboundEvent.objects.count() == 0


def test_given_a_store_without_endpoints_when_a_batch_is_emitted_then_one_query(
    store, django_assert_num_queries
) -> None:
    events = [("shipment.status_changed", {"to": "delivered"}, f"shipment:{n}:delivered") for n in range(50)]
    with django_assert_num_queries(1):
        assert outbound_events_emit(store=store, events=events) == []


def test_given_endpoints_when_an_event_is_emitted_then_only_matching_active_ones_get_a_delivery(
    store, other_store
) -> None:
    wants_orders, _ = endpoint_create(store=store, url=URL + "/orders", event_types=["order.created"])
    wants_all, _ = endpoint_create(store=store, url=URL + "/all", event_types=["*"])
    endpoint_create(store=store, url=URL + "/shipments", event_types=["shipment.status_changed"])
    disabled, _ = endpoint_create(store=store, url=URL + "/off", event_types=["*"])
    endpoint_disable(endpoint=disabled, reason="paused")
    endpoint_create(store=other_store, url=URL + "/elsewhere", event_types=["*"])

    event = outbound_event_emit(
        store=store, event_type="order.created", data={"external_id": "1001"}, idempotency_key="order:1"
    )

    assert event is not None
    deliveries = OutboundDelivery.objects.filter(event=event).order_by("endpoint_id")
    assert [d.endpoint_id for d in deliveries] == [wants_orders.pk, wants_all.pk]
    assert {(d.status, d.attempts) for d in deliveries} == {(DeliveryStatus.PENDING, 0)}
    assert (event.store_id, event.event_type, event.payload) == (
        store.pk,
        "order.created",
        {"external_id": "1001"},
    )


def test_given_an_event_type_no_endpoint_wants_then_nothing_is_recorded(store) -> None:
    endpoint_create(store=store, url=URL, event_types=["shipment.created"])
    event = outbound_event_emit(store=store, event_type="order.updated", data={}, idempotency_key="order:1:u")
    assert event is None
    assert OutboundEvent.objects.count() == 0


def test_given_the_same_idempotency_key_twice_then_one_event_and_one_delivery(store) -> None:
    endpoint_create(store=store, url=URL, event_types=["*"])
    first = outbound_event_emit(
        store=store, event_type="order.created", data={"n": 1}, idempotency_key="order:1"
    )
    second = outbound_event_emit(
        store=store, event_type="order.created", data={"n": 2}, idempotency_key="order:1"
    )
    assert first is not None
    assert second is None
    assert list(OutboundEvent.objects.values_list("payload", flat=True)) == [{"n": 1}]
    assert OutboundDelivery.objects.count() == 1


def test_given_the_same_key_in_two_stores_then_each_store_records_it(store, other_store) -> None:
    endpoint_create(store=store, url=URL, event_types=["*"])
    endpoint_create(store=other_store, url=URL, event_types=["*"])
    for shop in (store, other_store):
        assert outbound_event_emit(store=shop, event_type="order.created", data={}, idempotency_key="order:1")
    assert OutboundEvent.objects.count() == 2


def test_given_an_emit_when_the_transaction_commits_then_one_send_task_is_queued(
    store, django_capture_on_commit_callbacks
) -> None:
    endpoint_create(store=store, url=URL, event_types=["*"])
    with django_capture_on_commit_callbacks(execute=True):
        event = outbound_event_emit(
            store=store, event_type="order.created", data={}, idempotency_key="order:1"
        )
        assert _queued() == []  # nothing leaves before the commit
    delivery = OutboundDelivery.objects.get(event=event)
    assert _queued() == [(SEND_TASK, [delivery.pk])]


def test_given_a_batch_then_new_events_are_recorded_once_and_one_dispatch_task_is_queued(
    store, django_capture_on_commit_callbacks
) -> None:
    endpoint_create(store=store, url=URL + "/a", event_types=["shipment.status_changed"])
    endpoint_create(store=store, url=URL + "/b", event_types=["*"])
    outbound_event_emit(
        store=store, event_type="shipment.status_changed", data={}, idempotency_key="s:1:transit"
    )
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        recorded = outbound_events_emit(
            store=store,
            events=[
                ("shipment.status_changed", {"to": "in_transit"}, "s:1:transit"),  # recorded before
                ("shipment.status_changed", {"to": "delivered"}, "s:1:delivered"),
                ("shipment.status_changed", {"to": "delivered"}, "s:1:delivered"),  # repeated in the batch
                ("order.status_changed", {"to": "delivered"}, "o:1:delivered"),
            ],
        )

    assert [(e.event_type, e.idempotency_key) for e in recorded] == [
        ("shipment.status_changed", "s:1:delivered"),
        ("order.status_changed", "o:1:delivered"),
    ]
    assert all(e.pk for e in recorded)
    new_deliveries = sorted(OutboundDelivery.objects.filter(event__in=recorded).values_list("pk", flat=True))
    assert len(new_deliveries) == 3  # two endpoints want the shipment event, one the order event
    [(path, args)] = _queued()
    assert (path, sorted(args[0])) == (DISPATCH_TASK, new_deliveries)
    assert OutboundEvent.objects.count() == 3


def test_given_data_with_decimals_then_the_payload_is_stored_as_json_strings(store) -> None:
    endpoint_create(store=store, url=URL, event_types=["*"])
    event = outbound_event_emit(
        store=store, event_type="order.created", data={"total": Decimal("249.50")}, idempotency_key="order:1"
    )
    assert event is not None
    event.refresh_from_db()
    assert event.payload == {"total": "249.50"}


def test_given_a_key_longer_than_the_column_then_it_is_kept_as_its_hash(store) -> None:
    endpoint_create(store=store, url=URL, event_types=["*"])
    long_key = "order:1:" + "x" * 300
    event = outbound_event_emit(store=store, event_type="order.created", data={}, idempotency_key=long_key)
    assert event is not None
    assert event.idempotency_key == "sha256:" + hashlib.sha256(long_key.encode()).hexdigest()
    assert (
        outbound_event_emit(store=store, event_type="order.created", data={}, idempotency_key=long_key)
        is None
    )


def test_given_an_unknown_event_type_then_emit_refuses_it(store) -> None:
    with pytest.raises(Invalid) as error:
        outbound_event_emit(store=store, event_type="order.exploded", data={}, idempotency_key="k")
    assert error.value.code == "invalid_event_type"


def test_given_an_endpoint_when_created_then_its_secret_is_returned_once_and_stored_encrypted(store) -> None:
    endpoint, secret = endpoint_create(
        store=store, url=f" {URL} ", event_types=["order.created", "order.created", "shipment.created"]
    )
    endpoint = OutboundEndpoint.objects.get(pk=endpoint.pk)
    assert secret.startswith("whsec_") and len(secret) == len("whsec_") + 43
    assert secret not in endpoint.encrypted_secret
    assert decrypt(endpoint.encrypted_secret) == secret
    assert (endpoint.url, endpoint.event_types, endpoint.secret_hint) == (
        URL,
        ["order.created", "shipment.created"],
        secret[-4:],
    )
    assert (endpoint.is_active, endpoint.consecutive_failures, endpoint.disabled_at) == (True, 0, None)


def test_given_star_among_event_types_then_the_endpoint_subscribes_to_all(store) -> None:
    endpoint, _ = endpoint_create(store=store, url=URL, event_types=["order.created", "*"])
    assert endpoint.event_types == ["*"]


@pytest.mark.parametrize(
    ("url", "event_types", "code"),
    [
        ("ftp://merchant.example/hooks", ["*"], "invalid_url"),
        ("not a url", ["*"], "invalid_url"),
        (URL, [], "invalid_event_types"),
        (URL, ["order.created", "order.deleted"], "invalid_event_types"),
    ],
)
def test_given_a_bad_endpoint_then_creation_is_refused(store, url, event_types, code) -> None:
    with pytest.raises(Invalid) as error:
        endpoint_create(store=store, url=url, event_types=event_types)
    assert error.value.code == code
    assert OutboundEndpoint.objects.count() == 0
