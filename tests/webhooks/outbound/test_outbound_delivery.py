"""Delivering outbound webhooks to a real receiver on 127.0.0.1: success, retries, timeouts, disabling."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from outbound_receiver import Answer

from wasl.webhooks.models import (
    DeliveryStatus,
    OutboundAttempt,
    OutboundDelivery,
    OutboundEndpoint,
    OutboundEvent,
)
from wasl.webhooks.outbound.payload import event_body
from wasl.webhooks.outbound.schedule import retry_ceiling_s
from wasl.webhooks.outbound.services import delivery_attempt, endpoint_create
from wasl.webhooks.outbound.signing import verify
from wasl.webhooks.outbound.tasks import outbound_deliveries_sweep, outbound_delivery_send

pytestmark = pytest.mark.django_db

SEND_TASK = "wasl.webhooks.outbound.tasks.outbound_delivery_send"


def _delivery(delivery_id: int) -> OutboundDelivery:
    return OutboundDelivery.objects.get(pk=delivery_id)


def _attempts(delivery_id: int) -> list[tuple[int, int | None, str]]:
    return [
        (a.number, a.status_code, a.error.split(":")[0])
        for a in OutboundAttempt.objects.filter(delivery_id=delivery_id)
    ]


def _make_due(delivery_id: int) -> None:
    """The retry's time has come (instead of waiting minutes for it)."""
    OutboundDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        next_attempt_at=timezone.now()
    )


def test_given_a_receiver_answering_200_then_the_delivery_succeeds_and_the_attempt_is_recorded(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    receiver.script(Answer(200, b'{"received": true}'))

    status = outbound_delivery_send.call(pending.delivery_id)

    delivery = _delivery(pending.delivery_id)
    assert status == "succeeded"
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        DeliveryStatus.SUCCEEDED,
        1,
        200,
        "",
    )
    assert delivery.next_attempt_at is None and delivery.completed_at is not None
    [attempt] = OutboundAttempt.objects.filter(delivery=delivery)
    assert (attempt.number, attempt.status_code, attempt.error, attempt.response_excerpt) == (
        1,
        200,
        "",
        '{"received": true}',
    )
    assert 0 <= attempt.duration_ms < 5000
    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 0  # nothing left to do


def test_given_a_delivery_then_the_receiver_gets_the_signed_event_with_its_headers(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)

    outbound_delivery_send.call(pending.delivery_id)

    [request] = receiver.received
    event = OutboundEvent.objects.get(deliveries=pending.delivery_id)
    assert request.path == "/hooks/wasl"
    assert request.body == event_body(event)
    assert json.loads(request.body) == {
        "id": str(event.uuid),
        "type": "order.created",
        "created_at": event.created_at.isoformat(),
        "store": "souq-test",
        "data": {"external_id": "1001", "total": "249.50", "buyer": "سارة"},
    }
    assert (request.headers["Wasl-Event-Id"], request.headers["Wasl-Event-Type"]) == (
        str(event.uuid),
        "order.created",
    )
    assert request.headers["Wasl-Delivery-Attempt"] == "1"
    assert request.headers["Content-Type"] == "application/json"
    assert verify(secret=pending.secret, body=request.body, header=request.headers["Wasl-Signature"]) is True


def test_given_a_500_then_a_200_then_two_attempts_are_recorded_and_the_delivery_succeeds(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    receiver.script(Answer(500, b"boom"), Answer(200))
    before = timezone.now()

    assert outbound_delivery_send.call(pending.delivery_id) == "pending"

    delivery = _delivery(pending.delivery_id)
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        DeliveryStatus.PENDING,
        1,
        500,
        "HTTP 500",
    )
    assert delivery.next_attempt_at is not None
    assert (
        before
        < delivery.next_attempt_at
        <= timezone.now() + timedelta(seconds=retry_ceiling_s(failed_attempts=1))
    )
    [retry] = DBTaskResult.objects.filter(task_path=SEND_TASK)
    assert (retry.args_kwargs["args"], retry.run_after) == ([pending.delivery_id], delivery.next_attempt_at)

    _make_due(pending.delivery_id)
    assert outbound_delivery_send.call(pending.delivery_id) == "succeeded"

    assert _attempts(pending.delivery_id) == [(1, 500, ""), (2, 200, "")]
    assert [r.headers["Wasl-Delivery-Attempt"] for r in receiver.received] == ["1", "2"]
    delivery = _delivery(pending.delivery_id)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        2,
        200,
    )


@override_settings(WASL_OUTBOUND_TIMEOUT_S=0.3)
def test_given_a_hanging_receiver_then_the_timeout_is_recorded_and_a_retry_scheduled(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    receiver.script(Answer(hang=True))

    assert outbound_delivery_send.call(pending.delivery_id) == "pending"

    [attempt] = OutboundAttempt.objects.filter(delivery_id=pending.delivery_id)
    assert attempt.status_code is None
    assert attempt.error.startswith("timeout: ")
    assert 300 <= attempt.duration_ms < 3000
    delivery = _delivery(pending.delivery_id)
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.PENDING, None)
    assert delivery.last_error.startswith("timeout: ")
    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 1


def test_given_nothing_listening_then_the_connection_error_is_recorded_and_retried(make_pending) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, and is closed now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pending = make_pending(f"http://127.0.0.1:{port}/hooks")

    assert outbound_delivery_send.call(pending.delivery_id) == "pending"

    assert _attempts(pending.delivery_id) == [(1, None, "connection error")]


def test_given_a_long_answer_then_only_its_first_kilobyte_is_kept(receiver, make_pending) -> None:
    pending = make_pending(receiver.url)
    receiver.script(Answer(200, "ش".encode() * 3000))

    outbound_delivery_send.call(pending.delivery_id)

    [attempt] = OutboundAttempt.objects.filter(delivery_id=pending.delivery_id)
    assert attempt.response_excerpt == "ش" * 512


def test_given_a_binary_answer_with_nul_bytes_then_the_excerpt_is_still_stored(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    receiver.script(Answer(200, b"ok\x00\xff"))

    assert outbound_delivery_send.call(pending.delivery_id) == "succeeded"

    [attempt] = OutboundAttempt.objects.filter(delivery_id=pending.delivery_id)
    assert attempt.response_excerpt == "ok\ufffd\ufffd"


def test_given_a_succeeded_delivery_when_its_task_runs_again_then_nothing_is_sent(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    outbound_delivery_send.call(pending.delivery_id)

    assert outbound_delivery_send.call(pending.delivery_id) == "succeeded"

    assert len(receiver.received) == 1
    assert _attempts(pending.delivery_id) == [(1, 200, "")]


def test_given_a_retry_not_yet_due_when_a_stray_task_runs_then_nothing_is_sent(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    receiver.script(Answer(503), Answer(200))
    outbound_delivery_send.call(pending.delivery_id)

    outcome = delivery_attempt(delivery_id=pending.delivery_id)

    assert (outcome.sent, outcome.status) == (False, "pending")
    assert len(receiver.received) == 1


@override_settings(WASL_OUTBOUND_MAX_ATTEMPTS=3)
def test_given_every_attempt_fails_then_the_delivery_is_abandoned_after_the_maximum(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    receiver.script(Answer(500))

    statuses = []
    for _ in range(4):
        statuses.append(outbound_delivery_send.call(pending.delivery_id))
        _make_due(pending.delivery_id)

    assert statuses == ["pending", "pending", "abandoned", "abandoned"]
    assert _attempts(pending.delivery_id) == [(1, 500, ""), (2, 500, ""), (3, 500, "")]
    delivery = _delivery(pending.delivery_id)
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.ABANDONED,
        3,
        None,
    )
    endpoint = OutboundEndpoint.objects.get(pk=pending.endpoint_id)
    assert (endpoint.is_active, endpoint.consecutive_failures) == (True, 1)


@override_settings(WASL_OUTBOUND_MAX_ATTEMPTS=1, WASL_OUTBOUND_DISABLE_AFTER=3)
def test_given_repeated_failed_deliveries_then_the_endpoint_is_disabled_with_a_reason(
    receiver, make_endpoint, make_pending
) -> None:
    endpoint, secret = make_endpoint(receiver.url)
    receiver.script(Answer(502))

    for _ in range(3):
        pending = make_pending(receiver.url, endpoint=endpoint, secret=secret)
        assert outbound_delivery_send.call(pending.delivery_id) == "abandoned"

    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures) == (False, 3)
    assert endpoint.disabled_reason == "disabled after 3 consecutive failed deliveries"
    assert endpoint.disabled_at is not None


@override_settings(WASL_OUTBOUND_MAX_ATTEMPTS=1, WASL_OUTBOUND_DISABLE_AFTER=3)
def test_given_failures_then_a_success_resets_the_count(receiver, make_endpoint, make_pending) -> None:
    endpoint, secret = make_endpoint(receiver.url)
    receiver.script(Answer(500), Answer(500), Answer(204), Answer(500))

    results = [
        outbound_delivery_send.call(make_pending(receiver.url, endpoint=endpoint, secret=secret).delivery_id)
        for _ in range(4)
    ]

    assert results == ["abandoned", "abandoned", "succeeded", "abandoned"]
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures) == (True, 1)


def test_given_410_gone_then_the_endpoint_is_disabled_and_its_other_deliveries_are_not_sent(
    receiver, make_endpoint, make_pending
) -> None:
    endpoint, secret = make_endpoint(receiver.url)
    first = make_pending(receiver.url, endpoint=endpoint, secret=secret)
    second = make_pending(receiver.url, endpoint=endpoint, secret=secret)
    receiver.script(Answer(410, b"gone"))

    assert outbound_delivery_send.call(first.delivery_id) == "failed"
    assert outbound_delivery_send.call(second.delivery_id) == "failed"

    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, "the endpoint answered 410 Gone")
    assert _attempts(first.delivery_id) == [(1, 410, "")]
    assert _attempts(second.delivery_id) == []
    assert len(receiver.received) == 1
    assert _delivery(second.delivery_id).last_error == (
        "not sent: the endpoint is disabled (the endpoint answered 410 Gone)"
    )
    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 0


def test_given_attempts_claimed_but_never_recorded_then_the_delivery_is_abandoned_unsent(
    receiver, make_pending
) -> None:
    pending = make_pending(receiver.url)
    # As if every worker had died mid-request: the attempts were counted, the results never written.
    OutboundDelivery.objects.filter(pk=pending.delivery_id).update(attempts=8)

    outcome = delivery_attempt(delivery_id=pending.delivery_id)

    assert (outcome.sent, outcome.status) == (False, "abandoned")
    assert receiver.received == []


def test_given_deliveries_whose_task_was_lost_then_the_sweep_queues_them_again(store, make_pending) -> None:
    lost = make_pending("https://merchant.example/a")
    on_time = make_pending("https://merchant.example/b")
    OutboundDelivery.objects.filter(pk=lost.delivery_id).update(
        next_attempt_at=timezone.now() - timedelta(minutes=30)
    )
    DBTaskResult.objects.all().delete()

    assert outbound_deliveries_sweep.call() == 1

    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.filter(task_path=SEND_TASK)] == [
        [lost.delivery_id]
    ]
    assert _delivery(on_time.delivery_id).status == DeliveryStatus.PENDING


def test_given_the_immediate_backend_when_an_event_is_emitted_then_it_is_delivered_on_commit(
    store, receiver, django_capture_on_commit_callbacks
) -> None:
    from wasl.webhooks.outbound.services import outbound_event_emit

    endpoint_create(store=store, url=receiver.url, event_types=["shipment.status_changed"])
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate), django_capture_on_commit_callbacks(execute=True):
        outbound_event_emit(
            store=store,
            event_type="shipment.status_changed",
            data={"tracking_number": "AWB1", "from": "in_transit", "to": "delivered"},
            idempotency_key="shipment:1:delivered",
        )

    [request] = receiver.received
    assert json.loads(request.body)["data"] == {
        "tracking_number": "AWB1",
        "from": "in_transit",
        "to": "delivered",
    }
    assert OutboundDelivery.objects.get().status == DeliveryStatus.SUCCEEDED
