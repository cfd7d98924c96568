"""Payment reminders: an unpaid, unexpired payment link gets the store's steps, partly paid orders are
reminded of the rest, and paying stops them (a reminder still waiting is withdrawn)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from campaign_helpers import buyer_order
from django.utils import timezone

from wasl.campaigns.models import Touch
from wasl.campaigns.reminders import reminders_run_due
from wasl.campaigns.store_settings import campaign_settings_set
from wasl.messaging.consent import consent_set
from wasl.messaging.models import Message
from wasl.payments.models import LinkStatus, Payment, PaymentLink

pytestmark = pytest.mark.django_db
PHONE = "+966501234567"


def link_for(store, order, hours_ago: float, amount: str = "200.00") -> PaymentLink:  # type: ignore[no-untyped-def]
    link = PaymentLink.objects.create(
        store=store,
        order=order,
        provider="stripe",
        idempotency_key=f"k{order.pk}",
        provider_id=f"plink_{order.pk}",
        url=f"https://pay.example/{order.pk}",
        amount=Decimal(amount),
        currency="SAR",
        status=LinkStatus.CREATED,
    )
    PaymentLink.objects.filter(pk=link.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    link.refresh_from_db()
    return link


def test_given_an_unpaid_link_when_steps_fall_due_then_one_reminder_each_with_a_tracked_link(
    wa_store,
) -> None:
    order = buyer_order(wa_store, "7001", phone=PHONE, opt_in=False, placed_at=timezone.now())
    link = link_for(wa_store, order, hours_ago=25)
    assert reminders_run_due() == {"queued": 1}
    assert reminders_run_due() == {}
    message = Message.objects.get()
    assert (message.template_name, message.language, message.event) == (
        "wasl_payment_reminder",
        "ar",
        "campaign.payment_reminder",
    )
    touch = Touch.objects.get()
    assert message.template_params == [
        "Sara",
        "\u2066#7001\u2069",
        "\u200f200.00\xa0ر.س.\u200f",
        f"http://127.0.0.1:8000/l/{touch.link_code}/",
    ]
    assert touch.link_url == link.url
    PaymentLink.objects.filter(pk=link.pk).update(created_at=timezone.now() - timedelta(hours=73))
    assert reminders_run_due() == {"queued": 1}
    assert sorted(Touch.objects.values_list("step", flat=True)) == [1, 2]
    assert reminders_run_due() == {}


def test_a_paid_link_stops_the_reminders_and_withdraws_a_waiting_one(wa_store) -> None:
    order = buyer_order(wa_store, "7002", phone=PHONE, opt_in=False, placed_at=timezone.now())
    link = link_for(wa_store, order, hours_ago=25)
    reminders_run_due()
    PaymentLink.objects.filter(pk=link.pk).update(status=LinkStatus.PAID, paid_at=timezone.now())
    assert reminders_run_due() == {"withdrawn": 1}
    message = Message.objects.get()
    assert (message.status, message.error_code) == ("skipped", "paid")
    PaymentLink.objects.filter(pk=link.pk).update(created_at=timezone.now() - timedelta(hours=73))
    assert reminders_run_due() == {}


def test_a_partly_paid_order_is_reminded_of_the_rest(wa_store) -> None:
    order = buyer_order(wa_store, "7003", phone=PHONE, opt_in=False, total="300.00", placed_at=timezone.now())
    Payment.objects.create(
        store=wa_store,
        order=order,
        provider="manual",
        provider_payment_id="p1",
        amount=Decimal("100.00"),
        currency="SAR",
        paid_at=timezone.now(),
    )
    link_for(wa_store, order, hours_ago=25, amount="300.00")
    reminders_run_due()
    assert Message.objects.get().template_params[2] == "\u200f200.00\xa0ر.س.\u200f"


def test_an_opted_out_buyer_and_switched_off_reminders_get_nothing(wa_store) -> None:
    order = buyer_order(wa_store, "7004", phone=PHONE, opt_in=False, placed_at=timezone.now())
    link_for(wa_store, order, hours_ago=25)
    campaign_settings_set(store=wa_store, reminders_enabled=False)
    assert reminders_run_due() == {}
    campaign_settings_set(store=wa_store, reminders_enabled=True, reminder_steps_h=[48])
    assert reminders_run_due() == {}
    campaign_settings_set(store=wa_store, reminder_steps_h=[2])
    consent_set(store=wa_store, phone=PHONE, source="whatsapp:STOP", transactional_opt_out=True)
    assert reminders_run_due() == {"queued": 1}  # stored; the engine holds it back when sending
    from campaign_helpers import run_send_tasks

    assert run_send_tasks() == ["skippedx1"]
