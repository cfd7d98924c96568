"""Unanswered cases are reminded, then handed to a person, sooner the closer the carrier's last attempt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bot_helpers import buyer_order, says, ship
from ndr_helpers import hours, open_case, run_ndr_tasks, scan

from wasl.messaging.models import Conversation, Message
from wasl.orders.models import OrderEvent
from wasl.shipping.ndr.answers import Answer, answer_record
from wasl.shipping.ndr.models import NdrCase, NdrSettings
from wasl.shipping.ndr.policy import NdrPolicy, deadlines
from wasl.shipping.ndr.services import case_escalate, case_open
from wasl.shipping.ndr.sweep import ndr_sweep_run

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempt", "remind", "escalate"),
    [(1, hours(4), hours(12)), (2, hours(4), hours(8)), (3, None, hours(4)), (4, None, hours(4))],
)
def test_deadlines_come_closer_as_the_last_attempt_nears(attempt, remind, escalate) -> None:  # type: ignore[no-untyped-def]
    due = deadlines(policy=NdrPolicy(), attempt=attempt, asked_from=T0, now=T0)

    assert (due.remind_at, due.escalate_at) == (T0 + remind if remind else None, T0 + escalate)


def test_a_buyer_who_cannot_be_asked_goes_to_a_person_at_once() -> None:
    due = deadlines(policy=NdrPolicy(), attempt=1, asked_from=None, now=T0)

    assert (due.remind_at, due.escalate_at) == (None, T0)


def test_the_stores_own_delays_are_used(ndr_store) -> None:
    NdrSettings.objects.create(
        store=ndr_store, attempts_before_rto=2, remind_after_hours=1, escalate_after_hours=3
    )
    case = open_case(ndr_store)

    assert (case.remind_at - case.asked_at, case.escalate_at - case.asked_at) == (hours(1), hours(2))


def test_a_reminder_once_when_due_then_a_person_when_due(ndr_store) -> None:
    case = open_case(ndr_store)
    asked = case.asked_at

    assert ndr_sweep_run(now=asked + hours(3.9))["reminded"] == 0
    assert ndr_sweep_run(now=asked + hours(4))["reminded"] == 1
    assert ndr_sweep_run(now=asked + hours(5))["reminded"] == 0
    [reminder] = Message.objects.filter(idempotency_key=f"ndr:{case.pk}:reminder")
    assert (reminder.kind, reminder.template_name, reminder.extra["awaits"]) == (
        "template",
        "wasl_ndr_reminder",
        "ndr_answer",
    )

    assert ndr_sweep_run(now=asked + hours(11.9))["escalated"] == 0
    assert ndr_sweep_run(now=asked + hours(12))["escalated"] == 1

    case.refresh_from_db()
    conversation = Conversation.objects.get(address=case.phone)
    assert (case.status, case.escalated_at) == ("escalated", asked + hours(12))
    assert conversation.state == "human"
    # Outside the window no free text can reach the buyer: the person calls.
    assert not Message.objects.filter(idempotency_key=f"ndr:{case.pk}:escalated").exists()
    assert OrderEvent.objects.filter(order=case.order, data__type="ndr_escalated").count() == 1


def test_inside_the_window_the_buyer_is_told_a_person_will_call(ndr_store) -> None:
    says(ndr_store, "hello")
    case = open_case(ndr_store)

    case_escalate(case_id=case.pk, now=case.escalate_at)

    [notice] = Message.objects.filter(idempotency_key=f"ndr:{case.pk}:escalated")
    assert (
        notice.body == "A colleague will contact you about the delivery of order #1042."
    )  # they wrote in English


def test_an_answered_case_is_neither_reminded_nor_escalated(ndr_store) -> None:
    case = open_case(ndr_store)
    answer_record(case_id=case.pk, answer=Answer("cancel"), source="buyer")

    assert ndr_sweep_run(now=case.asked_at + hours(48)) == {
        "reminded": 0,
        "escalated": 0,
        "closed": 0,
        "webhooks_settled": 0,
    }


def test_before_the_last_attempt_the_person_comes_after_one_more_reminder_delay(ndr_store) -> None:
    order = buyer_order(ndr_store)
    shipment = ship(order, "picked_up", "in_transit", "out_for_delivery")
    scan(shipment, "delivery_failed", reason="customer_unavailable", event_id="a1")
    scan(shipment, "out_for_delivery", event_id="o2")
    scan(shipment, "delivery_failed", reason="customer_unavailable", event_id="a2")
    run_ndr_tasks()
    case = NdrCase.objects.get(attempt=2)

    assert ndr_sweep_run(now=case.asked_at + hours(4))["reminded"] == 1
    assert ndr_sweep_run(now=case.asked_at + hours(8))["escalated"] == 1


def test_quiet_hours_hold_the_question_and_the_delays_count_from_when_it_goes(ndr_store, settings) -> None:
    settings.WASL_QUIET_HOURS = "22:00-08:00"
    order = buyer_order(ndr_store)
    shipment = ship(order, "picked_up", "out_for_delivery", at=datetime.now(UTC) - timedelta(days=1))
    scan(shipment, "delivery_failed", reason="customer_unavailable")
    late_evening = datetime(2026, 5, 12, 20, 0, tzinfo=UTC)  # 23:00 in Riyadh

    case = case_open(shipment_id=shipment.pk, attempt=1, now=late_evening)

    morning = datetime(2026, 5, 13, 5, 0, tzinfo=UTC)  # 08:00 in Riyadh
    assert case.asked_at == morning
    assert Message.objects.get(idempotency_key=f"ndr:{case.pk}:ask").not_before == morning
    assert case.remind_at == morning + hours(4)


def test_staff_may_hand_a_case_to_a_person_at_any_time(ndr_store) -> None:
    case = open_case(ndr_store)

    assert case_escalate(case_id=case.pk, by="agent") is True

    case.refresh_from_db()
    assert case.status == "escalated"
    note = OrderEvent.objects.get(order=case.order, data__type="ndr_escalated")
    assert note.message == "Failed delivery handed to a person by agent"
