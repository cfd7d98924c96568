"""The buyer hears about their return: one message per step, in their language, through the messaging engine."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult
from returns_helpers import delivered_order, line

from wasl.messaging.models import Message
from wasl.returns.notify import return_notification_send
from wasl.returns.services import ItemAsked, return_approve, return_create
from wasl.returns.texts import EVENTS, OUTCOME_WORDS, TEMPLATE_TEXTS
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db


def test_every_event_has_its_text_in_arabic_french_and_english() -> None:
    assert {e: sorted(TEMPLATE_TEXTS[e]) for e in EVENTS} == {e: ["ar", "en", "fr"] for e in EVENTS}
    assert all(sorted(words) == ["ar", "en", "fr"] for words in OUTCOME_WORDS.values())


def test_approval_queues_one_whatsapp_template_in_the_buyer_s_language(store) -> None:
    secret_set(store=store, key="whatsapp.phone_number_id", value="1234")
    secret_set(store=store, key="whatsapp.token", value="token")
    order = delivered_order(store)
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "MUG"), 1, "damaged")],
        resolution="refund",
        method="dropoff",
    ).ret
    return_approve(ret=ret)

    queued = [
        r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path__endswith="notify_return_step")
    ]
    assert queued == [[ret.pk, "approved"]]
    assert return_notification_send(return_id=ret.pk, step="approved") == "queued"
    assert return_notification_send(return_id=ret.pk, step="approved") == "done"

    message = Message.objects.get()
    assert (message.event, message.template_name, message.language) == (
        "return.approved",
        "wasl_return_approved",
        "ar",
    )
    assert ret.code in message.body
    assert message.idempotency_key == f"return:{ret.pk}:approved"


def test_a_store_without_channels_queues_nothing(store) -> None:
    order = delivered_order(store)
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "MUG"), 1, "damaged")],
        resolution="refund",
        method="dropoff",
    ).ret
    return_approve(ret=ret)

    assert not DBTaskResult.objects.filter(task_path__endswith="notify_return_step").exists()
