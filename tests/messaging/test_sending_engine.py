"""The sending engine with an in-test channel: claim, send, record; retries, ambiguity, fallback, consent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone
from messaging_helpers import RecordingChannel, ready_tasks, run_send_tasks

from wasl.messaging.channels.types import NOT_ON_CHANNEL, OUTSIDE_WINDOW, PERMANENT, RATE_LIMITED, TEMPORARY
from wasl.messaging.consent import consent_set
from wasl.messaging.models import Message, MessageStatus
from wasl.messaging.sending import message_send, messages_send
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue

pytestmark = pytest.mark.django_db
PHONE = "+966501234567"


def queued(store, draft: Draft | None = None, key: str = "k-1", **options) -> Message:  # type: ignore[no-untyped-def]
    conversation = conversation_get_or_create(
        store=store, channel=options.pop("channel", "whatsapp"), address=PHONE
    )
    message, created = message_queue(
        conversation=conversation,
        draft=draft or Draft(kind="text", body="مرحبا", language="ar"),
        idempotency_key=key,
        **options,
    )
    assert created
    return message


def history(message: Message) -> list[tuple[str, str, str]]:
    return list(message.status_events.order_by("id").values_list("status", "source", "error_code"))


def test_given_a_queued_message_when_sent_then_the_provider_gets_it_once_and_it_is_recorded(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(messaging_store)
    assert [t.args_kwargs["args"] for t in ready_tasks(".send_message")] == [[message.pk]]

    assert message_send(message_id=message.pk) == "sent"
    assert message_send(message_id=message.pk) == "sent"  # the task running twice sends nothing more

    message.refresh_from_db()
    [outgoing] = channels["whatsapp"].sent
    assert (outgoing.idempotency_key, outgoing.to, outgoing.kind, outgoing.text, outgoing.language) == (
        "k-1",
        PHONE,
        "text",
        "مرحبا",
        "ar",
    )
    assert (message.status, message.provider_id, message.cost, message.currency, message.send_attempts) == (
        MessageStatus.SENT,
        "whatsapp-1",
        Decimal("0.00500"),
        "USD",
        1,
    )
    assert history(message) == [("queued", "rule", ""), ("sent", "send", "")]


def test_given_the_same_key_twice_when_queued_then_one_message_and_one_task(messaging_store) -> None:
    first = queued(messaging_store)
    conversation = first.conversation
    again, created = message_queue(
        conversation=conversation, draft=Draft(kind="text", body="x"), idempotency_key="k-1"
    )
    assert (again.pk, created, len(ready_tasks(".send_message"))) == (first.pk, False, 1)


def test_given_a_rate_limit_when_sending_then_queued_again_after_a_backoff_and_then_sent(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(messaging_store)
    channels["whatsapp"].fail_next(RATE_LIMITED, "130429", "Rate limit hit")

    assert message_send(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert (message.status, message.error_code, message.claimed_at) == (MessageStatus.QUEUED, "130429", None)
    assert message.not_before is not None
    retry = ready_tasks(".send_message")[-1]
    assert (retry.args_kwargs["args"], retry.run_after) == ([message.pk], message.not_before)
    assert message_send(message_id=message.pk) == "not_due"  # an early run does not jump the backoff

    Message.objects.filter(pk=message.pk).update(not_before=timezone.now())
    assert message_send(message_id=message.pk) == "sent"
    message.refresh_from_db()
    assert (message.status, message.error_code, message.send_attempts, len(channels["whatsapp"].sent)) == (
        MessageStatus.SENT,
        "",
        2,
        1,
    )


@override_settings(WASL_SEND_MAX_ATTEMPTS=1)
def test_given_the_last_attempt_when_the_provider_is_down_then_the_message_fails_with_its_code(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(messaging_store)
    channels["whatsapp"].fail_next(TEMPORARY, "http_503", "Service Unavailable")
    assert message_send(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.error_code, message.error_title) == (
        "failed",
        "http_503",
        "Service Unavailable",
    )


@pytest.mark.parametrize("code", ["timeout", "connection"])
def test_given_an_answer_that_may_hide_a_send_when_sending_then_it_stays_sending_and_is_not_resent(
    messaging_store, channels: dict[str, RecordingChannel], code: str
) -> None:
    message = queued(messaging_store)
    channels["whatsapp"].fail_next(TEMPORARY, code, "no answer in time")

    assert message_send(message_id=message.pk) == "pending"
    assert message_send(message_id=message.pk) == "sending"

    message.refresh_from_db()
    assert (message.status, message.error_code, len(channels["whatsapp"].sent)) == ("sending", code, 0)


def test_given_a_permanent_refusal_when_sending_then_failed_without_fallback(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(messaging_store)
    channels["whatsapp"].fail_next(PERMANENT, "132001", "Template does not exist")
    assert message_send(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.error_code, Message.objects.count()) == ("failed", "132001", 1)
    assert history(message) == [("queued", "rule", ""), ("failed", "send", "132001")]


def test_given_a_buyer_not_on_whatsapp_when_sending_then_the_same_text_goes_by_sms(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(
        messaging_store,
        Draft(kind="text", body="Your order shipped", language="en", event="shipment.shipped"),
    )
    channels["whatsapp"].fail_next(NOT_ON_CHANNEL, "131026", "Message undeliverable")

    assert message_send(message_id=message.pk) == "failed"
    fallback = Message.objects.get(fallback_of=message)
    assert (fallback.channel, fallback.kind, fallback.body, fallback.idempotency_key, fallback.status) == (
        "sms",
        "text",
        "Your order shipped",
        "k-1|fallback:sms",
        "queued",
    )
    assert run_send_tasks() == ["failed", "sent"]  # the original's task was used up above
    [sms] = channels["sms"].sent
    assert (sms.to, sms.text, sms.idempotency_key) == (PHONE, "Your order shipped", "k-1|fallback:sms")


def test_given_free_text_outside_the_window_when_sending_then_the_events_template_goes_instead(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(
        messaging_store, Draft(kind="text", body="Delivered!", language="en", event="shipment.delivered")
    )
    channels["whatsapp"].fail_next(OUTSIDE_WINDOW, "131047", "Re-engagement message")

    assert message_send(message_id=message.pk) == "failed"
    fallback = Message.objects.get(fallback_of=message)
    assert (fallback.channel, fallback.kind, fallback.template_name, fallback.idempotency_key) == (
        "whatsapp",
        "template",
        "wasl_delivered",
        "k-1|fallback:whatsapp-template",
    )
    assert message_send(message_id=fallback.pk) == "sent"
    assert channels["whatsapp"].sent[-1].template_params == ("there", "-")


def test_given_a_channel_not_set_up_when_sending_then_it_fails_as_not_configured_and_falls_back(
    store, channels: dict[str, RecordingChannel]
) -> None:
    from wasl.stores.services import secret_set

    for key, value in {
        "sms.account_sid": "AC1",
        "sms.auth_token": "t",
        "sms.from_number": "+15005550006",
    }.items():
        secret_set(store=store, key=key, value=value)
    message = queued(store)
    assert message_send(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "not_configured")
    assert Message.objects.get(fallback_of=message).channel == "sms"


def test_given_a_buyer_who_opted_out_meanwhile_when_a_notification_is_due_then_it_is_skipped(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(messaging_store, Draft(kind="text", body="Shipped", event="shipment.shipped"))
    consent_set(store=messaging_store, phone=PHONE, source="whatsapp:STOP", transactional_opt_out=True)
    assert message_send(message_id=message.pk) == "skipped"
    message.refresh_from_db()
    assert (message.status, message.error_code, channels["whatsapp"].sent) == ("skipped", "opted_out", [])


def test_given_a_message_held_for_the_morning_when_its_task_runs_early_then_it_waits_for_its_time(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    morning = timezone.now() + timedelta(hours=3)
    message = queued(messaging_store, not_before=morning)
    [task] = ready_tasks(".send_message")
    assert task.run_after == morning

    assert message_send(message_id=message.pk) == "not_due"
    assert [t.run_after for t in ready_tasks(".send_message")] == [morning, morning]
    assert channels["whatsapp"].sent == []


def test_given_a_batch_when_sent_then_each_message_is_settled_on_its_own_and_answers_recorded_together(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    # Given four notifications: one to a buyer who opted out, one the provider will refuse for now
    messages = [
        queued(messaging_store, Draft(kind="text", body=f"n{n}", event="shipment.shipped"), key=f"k-{n}")
        for n in range(4)
    ]
    other = conversation_get_or_create(store=messaging_store, channel="whatsapp", address="+966500000009")
    Message.objects.filter(pk=messages[3].pk).update(conversation=other)
    consent_set(store=messaging_store, phone="+966500000009", source="test", transactional_opt_out=True)
    channels["whatsapp"].fail_next(RATE_LIMITED, "130429", "slow down")

    # When the batch is sent (with one id already sent, and run a second time)
    outcome = messages_send(message_ids=[m.pk for m in messages])
    assert messages_send(message_ids=[m.pk for m in messages]) == {"sent": 2, "skipped": 1, "not_due": 1}

    # Then two went out, the refused one waits alone for its backoff, the opted-out one is skipped
    assert outcome == {"retry": 1, "sent": 2, "skipped": 1}
    assert [m.text for m in channels["whatsapp"].sent] == ["n1", "n2"]
    statuses = dict(Message.objects.values_list("idempotency_key", "status"))
    assert statuses == {"k-0": "queued", "k-1": "sent", "k-2": "sent", "k-3": "skipped"}
    retries = [t for t in ready_tasks(".send_message") if t.args_kwargs["args"] == [messages[0].pk]]
    messages[0].refresh_from_db()
    # the message's own task, the retry, and one more from the early second run: both for when it is due
    assert [t.run_after for t in retries[1:]] == [messages[0].not_before] * 2
    assert list(
        Message.objects.filter(status="sent").values_list("provider_id", flat=True).order_by("pk")
    ) == [
        "whatsapp-1",
        "whatsapp-2",
    ]


def test_given_a_refused_connection_when_sending_then_nothing_left_so_it_is_retried_after_a_backoff(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(messaging_store)
    channels["whatsapp"].fail_next(
        TEMPORARY, "connection", "could not reach the Graph API: [Errno 111] Connection refused"
    )
    assert message_send(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert (message.status, message.error_code, message.not_before is not None) == (
        "queued",
        "connection",
        True,
    )


@override_settings(WASL_SEND_RECONCILE_AFTER_S=0)
def test_given_a_batch_older_than_half_the_grace_period_when_sending_then_the_rest_is_handed_on_unsent(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    # Given a batch whose claim reconciliation might soon take for an interrupted send
    messages = [queued(messaging_store, key=f"k-{n}") for n in range(3)]
    # When it is sent, then nothing goes out: the messages are queued again under a new batch task
    assert messages_send(message_ids=[m.pk for m in messages]) == {"handed_on": 3}
    assert channels["whatsapp"].sent == []
    assert set(Message.objects.values_list("status", "send_attempts", "claimed_at")) == {("queued", 0, None)}
    assert ready_tasks(".send_batch")[-1].args_kwargs["args"] == [[m.pk for m in messages]]


@override_settings(WASL_SEND_RECONCILE_AFTER_S=0)
def test_given_a_claim_too_old_by_the_time_its_slot_comes_when_sending_alone_then_it_is_queued_again_unsent(
    messaging_store, channels: dict[str, RecordingChannel]
) -> None:
    message = queued(messaging_store)
    assert message_send(message_id=message.pk) == "handed_on"
    message.refresh_from_db()
    assert (message.status, message.send_attempts, channels["whatsapp"].sent) == ("queued", 0, [])
    assert ready_tasks(".send_message")[-1].args_kwargs["args"] == [message.pk]
