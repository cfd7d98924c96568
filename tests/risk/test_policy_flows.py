"""Each verification flow end to end: scored on arrival, asked on WhatsApp, answered through messaging.flows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from policy_helpers import (
    PHONE,
    arrive,
    confirm_everything,
    decision,
    flow_store,
    notes,
    run_policy_tasks,
    says,
    verification,
    with_policy,
)

from wasl.messaging.models import Message
from wasl.orders.models import Order
from wasl.risk.policy_runner import verifications_due

pytestmark = pytest.mark.django_db
__all__ = ["flow_store"]

COD = {"type": "cod_confirmation", "reminders_after_hours": [2, 4], "cancel_after_hours": 6}


def prompts(order: Order) -> list[Message]:
    return list(Message.objects.filter(order=order, idempotency_key__startswith="risk:").order_by("id"))


def test_a_cod_order_gets_a_template_with_the_flow_buttons_outside_the_window(flow_store) -> None:
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    asked = verification(order, "cod_confirmation")
    assert decision(order).state == "awaiting" and asked.sent_at is None

    assert run_policy_tasks() == [["cod_confirmation:sent"]]

    [prompt] = prompts(order)
    assert prompt.kind == "template" and prompt.template_name == "wasl_cod_prompt"
    assert prompt.template_params == ["سارة", "\u2066#7001\u2069", "\u200f249.50\xa0ر.س.\u200f"]
    assert [b["id"] for b in prompt.buttons] == [
        f"cod:{asked.pk}:confirm",
        f"cod:{asked.pk}:cancel",
        f"cod:{asked.pk}:address",
    ]
    assert prompt.extra["awaits"] == "risk_cod" and prompt.conversation.address == PHONE
    asked.refresh_from_db()
    assert asked.deadline_at == asked.sent_at + timedelta(hours=6)
    assert asked.next_reminder_at == asked.sent_at + timedelta(hours=2)
    assert run_policy_tasks() == []  # nothing else queued: sending twice is not possible


def test_tapping_confirm_confirms_and_approves_the_order(flow_store) -> None:
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    run_policy_tasks()
    asked = verification(order, "cod_confirmation")

    [answer] = says(flow_store, button_id=f"cod:{asked.pk}:confirm", button_title="تأكيد الطلب")

    asked.refresh_from_db()
    assert (asked.state, asked.resolved_by, asked.answer) == (
        "confirmed",
        "buyer (whatsapp)",
        {"button": "confirm"},
    )
    assert decision(order).state == "approved"
    assert answer.body.startswith("شكرًا! تم تأكيد طلبك")
    assert [n.data["type"] for n in notes(order)] == [
        "policy_decision",
        "verification_sent",
        "verification",
        "policy_state",
    ]
    # A second tap changes nothing and says the same
    [again] = says(flow_store, button_id=f"cod:{asked.pk}:confirm", button_title="تأكيد الطلب")
    assert again.body == answer.body and len(notes(order, "verification")) == 1


def test_tapping_cancel_cancels_the_order(flow_store) -> None:
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    run_policy_tasks()
    asked = verification(order, "cod_confirmation")

    [answer] = says(flow_store, button_id=f"cod:{asked.pk}:cancel", button_title="إلغاء الطلب")

    order.refresh_from_db()
    asked.refresh_from_db()
    assert order.status == "cancelled" and asked.state == "cancelled"
    assert decision(order).state == "cancelled"
    assert answer.body == "تم إلغاء طلبك \u2066#7001\u2069."
    assert order.events.filter(kind="cancelled").get().message == "cancelled by the buyer (whatsapp)"


def test_change_address_by_text_updates_the_order_and_asks_staff_to_pass_it_on(flow_store) -> None:
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    run_policy_tasks()
    asked = verification(order, "cod_confirmation")

    [question] = says(flow_store, button_id=f"cod:{asked.pk}:address", button_title="تغيير العنوان")
    assert question.kind == "location_request" and question.extra["awaits"] == "risk_address"
    [thanks] = says(flow_store, "حي النرجس، شارع 15، فيلا 8، قرب مسجد الراجحي")

    asked.refresh_from_db()
    order.refresh_from_db()
    assert asked.state == "corrected"
    assert asked.answer["text"] == "حي النرجس، شارع 15، فيلا 8، قرب مسجد الراجحي"
    assert order.shipping_address.line1 == "حي النرجس، شارع 15، فيلا 8، قرب مسجد الراجحي"
    assert order.shipping_address.city == "Riyadh"
    [request] = notes(order, "address_change_requested")
    assert request.data["needs_staff"] is True
    assert thanks.body.startswith("شكرًا، سجّلنا العنوان الجديد")
    assert decision(order).state == "approved"


def test_address_check_takes_a_location_pin(flow_store) -> None:
    with_policy(flow_store, confirm_everything({"type": "address_verification"}))
    order = arrive(flow_store)
    run_policy_tasks()
    asked = verification(order, "address_verification")
    [prompt] = prompts(order)
    assert prompt.template_params[2] == "12 شارع الملك فهد, Riyadh, 12211"
    assert [b["id"] for b in prompt.buttons] == [f"addr:{asked.pk}:ok", f"addr:{asked.pk}:edit"]

    says(
        flow_store, latitude=Decimal("24.7136"), longitude=Decimal("46.6753"), extra={"location_name": "Home"}
    )

    asked.refresh_from_db()
    order.refresh_from_db()
    assert asked.state == "corrected"
    assert asked.answer == {"latitude": "24.713600", "longitude": "46.675300", "location_name": "Home"}
    assert (order.shipping_address.latitude, order.shipping_address.longitude) == (
        Decimal("24.713600"),
        Decimal("46.675300"),
    )


def test_address_check_confirmed_by_tap(flow_store) -> None:
    with_policy(flow_store, confirm_everything({"type": "address_verification"}))
    order = arrive(flow_store)
    run_policy_tasks()
    asked = verification(order, "address_verification")

    says(flow_store, button_id=f"addr:{asked.pk}:ok", button_title="نعم، صحيح")

    asked.refresh_from_db()
    assert asked.state == "confirmed" and asked.answer == {"address": "12 شارع الملك فهد, Riyadh, 12211"}


def test_no_answer_gets_reminders_then_the_order_is_cancelled_at_the_deadline(flow_store) -> None:
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    run_policy_tasks()
    asked = verification(order, "cod_confirmation")
    sent = asked.sent_at

    assert verifications_due(now=sent + timedelta(hours=1)) == {}
    assert verifications_due(now=sent + timedelta(hours=2, minutes=1)) == {"reminded": 1}
    assert verifications_due(now=sent + timedelta(hours=3)) == {}
    assert verifications_due(now=sent + timedelta(hours=4, minutes=1)) == {"reminded": 1}
    assert verifications_due(now=sent + timedelta(hours=6, minutes=1)) == {"cancelled": 1}

    keys = [m.idempotency_key for m in prompts(order)]
    assert keys == [f"risk:verification:{asked.pk}:{k}" for k in ("prompt", "reminder1", "reminder2")]
    assert prompts(order)[1].template_name == "wasl_cod_reminder"
    order.refresh_from_db()
    asked.refresh_from_db()
    assert (order.status, asked.state, asked.reminders_sent) == ("cancelled", "expired", 2)
    assert order.events.filter(kind="cancelled").get().message == "not confirmed within 6 hours"
    assert decision(order).state == "cancelled"
    assert verifications_due(now=sent + timedelta(hours=7)) == {}


def test_delivery_slot_day_then_time(flow_store) -> None:
    with_policy(flow_store, confirm_everything({"type": "delivery_slot", "days": 2}))
    order = arrive(flow_store)
    run_policy_tasks()
    asked = verification(order, "delivery_slot")
    [start] = prompts(order)
    assert start.template_name == "wasl_slot_start" and decision(order).state == "approved"

    [days] = says(flow_store, button_id=f"slot:{asked.pk}:start", button_title="اختر يومًا")
    assert days.kind == "list" and len(days.extra["rows"]) == 2
    day_id = days.extra["rows"][1]["id"]
    [times] = says(flow_store, button_id=day_id, button_title="الأحد", kind="list")
    assert [b["title"] for b in times.buttons] == ["09:00–13:00", "13:00–17:00", "17:00–21:00"]
    [done] = says(flow_store, button_id=times.buttons[2]["id"], button_title="17:00–21:00")

    asked.refresh_from_db()
    day = day_id.rsplit(":d", 1)[1]
    assert asked.state == "confirmed"
    assert asked.answer == {"day": day, "slot": "evening", "from": "17:00", "to": "21:00"}
    [request] = notes(order, "delivery_day_requested")
    assert request.data["day"] == day and request.data["needs_staff"] is True
    assert "17:00–21:00" in done.body


def test_an_sms_buyer_answers_with_the_buttons_number(flow_store) -> None:
    from wasl.stores.services import secret_clear

    for key in ("whatsapp.phone_number_id", "whatsapp.token"):
        secret_clear(store=flow_store, key=key)
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    run_policy_tasks()
    [prompt] = prompts(order)
    assert (prompt.channel, prompt.kind) == ("sms", "buttons")

    says(flow_store, "1", channel="sms")

    assert verification(order, "cod_confirmation").state == "confirmed"


def test_a_buyer_who_cannot_be_reached_is_held_for_a_person(store) -> None:
    with_policy(store, confirm_everything(COD))
    order = arrive(store)  # no channel set up
    assert run_policy_tasks() == [["cod_confirmation:unreachable"]]
    asked = verification(order, "cod_confirmation")
    assert (asked.state, asked.answer) == ("expired", {"reason": "no WhatsApp or SMS set up"})
    assert decision(order).state == "held"


def test_a_buyer_not_on_whatsapp_gets_the_question_by_sms_and_answers_with_a_number(
    flow_store, monkeypatch
) -> None:
    from messaging_helpers import RecordingChannel, run_send_tasks

    from wasl.messaging.channels import registry
    from wasl.messaging.channels.types import NOT_ON_CHANNEL

    recorded = {name: RecordingChannel(name) for name in ("whatsapp", "sms")}
    for name, channel in recorded.items():
        monkeypatch.setitem(
            registry.BUILDERS,
            name,
            lambda store, values, channel=channel, name=name: registry.ChannelHandle(
                channel, f"{name}:test", "", None
            ),
        )
    recorded["whatsapp"].fail_next(NOT_ON_CHANNEL, "131026", "Message undeliverable")
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    run_policy_tasks()
    run_send_tasks()  # WhatsApp refuses: the fallback is queued
    run_send_tasks()

    [sms] = recorded["sms"].sent
    assert [b.title for b in sms.buttons] == ["تأكيد الطلب", "إلغاء الطلب", "تغيير العنوان"]
    says(flow_store, "٢", channel="sms")  # the second choice, in Arabic-Indic digits

    order.refresh_from_db()
    assert order.status == "cancelled" and verification(order, "cod_confirmation").state == "cancelled"
