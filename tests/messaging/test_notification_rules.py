"""Notifications from order and shipment events: once per event, by rule, in the buyer's language and hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from messaging_helpers import ready_tasks, riyadh_noon, run_notify_tasks

from factories import order_data
from wasl.messaging import events as ev
from wasl.messaging.consent import consent_set
from wasl.messaging.delays import delayed_shipments_notify
from wasl.messaging.models import Conversation, Message, NotificationRule
from wasl.messaging.notify import (
    EventRef,
    notifications_create,
    order_event_recorded,
    shipments_status_changed,
)
from wasl.messaging.rendering import LRI, PDI
from wasl.orders.models import Customer
from wasl.orders.services import order_upsert
from wasl.orders.types import CustomerData
from wasl.portal.tracking_access import tracking_signature
from wasl.shipping.models import Shipment
from wasl.shipping.services import shipment_create, tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate

pytestmark = pytest.mark.django_db
PHONE = "+966501234567"


def parcel(
    store,
    number: str = "1042",
    status: str = "out_for_delivery",
    at: datetime | None = None,
    phone: str = "",
    **order,
):  # type: ignore[no-untyped-def]
    """An order placed `at` (now by default) whose shipment has just reached `status`."""
    at = at or datetime.now(UTC)
    if phone:
        order["customer"] = CustomerData(name="سارة العتيبي", phone=phone)
    placed = order_upsert(store=store, data=order_data(number, placed_at=at, **order)).order
    shipment, _ = shipment_create(store=store, tracking_number=f"AWB{number}", carrier="aramex", order=placed)
    if status != "created":
        tracking_updates_ingest(
            store=store,
            updates=[
                TrackingUpdate(
                    f"AWB{number}", "aramex", status, at, raw_code=status, dedupe_key=f"{number}-{status}"
                )
            ],
        )
    shipment.refresh_from_db()
    return shipment


def notify(
    store, shipment, event: str = ev.OUT_FOR_DELIVERY, occurrence: int = 0, now: datetime | None = None
):  # type: ignore[no-untyped-def]
    return notifications_create(
        store_id=store.pk,
        refs=[EventRef("shipment", shipment.pk, event, occurrence)],
        now=now or riyadh_noon(),
    )


def test_given_a_parcel_out_for_delivery_when_notified_then_one_whatsapp_template_in_arabic(
    messaging_store,
) -> None:
    shipment = parcel(messaging_store)
    assert notify(messaging_store, shipment) == {"queued": 1}
    assert notify(messaging_store, shipment) == {}  # the same event again: nothing new

    message = Message.objects.get()
    assert (message.channel, message.kind, message.event, message.language, message.template_name) == (
        "whatsapp",
        "template",
        "shipment.out_for_delivery",
        "ar",
        "wasl_out_for_delivery",
    )
    assert message.idempotency_key == f"notify:shipment:{shipment.pk}:shipment.out_for_delivery:attempt0"
    assert message.template_params == [
        "سارة",
        f"{LRI}#1042{PDI}",
        "\u200f249.50\xa0ر.س.\u200f",
        f"http://127.0.0.1:8000/t/souq-test/AWB1042/?k={tracking_signature(store_slug='souq-test', ref='AWB1042')}",
    ]
    assert message.body.startswith("مرحبًا سارة، طلبك")
    assert (message.order_id, message.shipment_id, message.conversation.address) == (
        shipment.order_id,
        shipment.pk,
        PHONE,
    )
    assert [t.args_kwargs["args"] for t in ready_tasks(".send_batch")] == [[[message.pk]]]


def test_given_an_open_service_window_when_notified_then_plain_text_is_sent_instead_of_a_template(
    messaging_store,
) -> None:
    now = riyadh_noon()
    Conversation.objects.create(
        store=messaging_store, channel="whatsapp", address=PHONE, window_expires_at=now + timedelta(hours=3)
    )
    notify(messaging_store, parcel(messaging_store), now=now)
    assert Message.objects.values_list("kind", "template_name").get() == ("text", "")


def test_given_a_buyer_who_reads_french_when_notified_then_the_french_text_is_used(messaging_store) -> None:
    shipment = parcel(messaging_store)
    Customer.objects.update(language="fr")
    notify(messaging_store, shipment, event=ev.OUT_FOR_DELIVERY)
    message = Message.objects.get()
    assert message.language == "fr"
    assert message.body == (
        "Bonjour سارة, votre commande #1042 est en cours de livraison aujourd'hui. Montant à régler à la "
        f"livraison : 249,50\xa0SAR. Suivi : http://127.0.0.1:8000/t/souq-test/AWB1042/?k={tracking_signature(store_slug='souq-test', ref='AWB1042')}"
    )


def test_given_the_event_switched_off_when_notified_then_nothing_is_created(messaging_store) -> None:
    NotificationRule.objects.create(store=messaging_store, event=ev.OUT_FOR_DELIVERY, enabled=False)
    assert notify(messaging_store, parcel(messaging_store)) == {}
    assert not Message.objects.exists()


def test_given_a_rule_for_sms_only_when_notified_then_it_goes_by_sms_as_text(messaging_store) -> None:
    NotificationRule.objects.create(store=messaging_store, event=ev.OUT_FOR_DELIVERY, channels=["sms"])
    notify(messaging_store, parcel(messaging_store))
    assert Message.objects.values_list("channel", "kind").get() == ("sms", "text")


def test_given_a_store_without_channels_when_notified_then_nothing_is_created(store) -> None:
    assert notify(store, parcel(store)) == {}


def test_given_23h_in_riyadh_when_notified_then_held_until_8h_local(messaging_store) -> None:
    late = riyadh_noon().replace(hour=20)  # 23:00 in Riyadh
    assert notify(messaging_store, parcel(messaging_store, at=late - timedelta(minutes=5)), now=late) == {
        "held": 1
    }
    morning = (late + timedelta(days=1)).replace(hour=5)  # 08:00 in Riyadh
    message = Message.objects.get()
    assert message.not_before == morning
    assert [t.run_after for t in ready_tasks(".send_batch")] == [morning]


@override_settings(WASL_QUIET_HOURS="off")
def test_given_quiet_hours_off_when_notified_at_night_then_it_goes_at_once(messaging_store) -> None:
    late = riyadh_noon().replace(hour=20)
    assert notify(messaging_store, parcel(messaging_store, at=late), now=late) == {"queued": 1}


@override_settings(WASL_NOTIFY_MAX_PER_DAY=2)
def test_given_the_daily_cap_when_a_third_notification_comes_then_it_is_recorded_as_skipped(
    messaging_store,
) -> None:
    shipments = [parcel(messaging_store, str(n)) for n in (1, 2, 3)]
    outcomes = [notify(messaging_store, s) for s in shipments]
    assert outcomes == [{"queued": 1}, {"queued": 1}, {"skipped": 1}]
    skipped = Message.objects.get(status="skipped")
    assert (skipped.shipment_id, skipped.error_code) == (shipments[2].pk, "frequency_cap")
    assert [len(t.args_kwargs["args"][0]) for t in ready_tasks(".send_batch")] == [1, 1]


def test_given_a_buyer_who_opted_out_when_notified_then_recorded_as_skipped_and_not_sent(
    messaging_store,
) -> None:
    consent_set(store=messaging_store, phone=PHONE, source="whatsapp:STOP", transactional_opt_out=True)
    assert notify(messaging_store, parcel(messaging_store)) == {"skipped": 1}
    assert Message.objects.values_list("status", "error_code").get() == ("skipped", "opted_out")
    assert ready_tasks(".send_batch") == []


def test_given_an_old_event_when_notified_then_it_is_history_and_says_nothing(messaging_store) -> None:
    old = riyadh_noon() - timedelta(days=3)
    assert notify(messaging_store, parcel(messaging_store, at=old)) == {}


def test_given_an_event_overtaken_by_a_later_status_when_notified_then_it_says_nothing(
    messaging_store,
) -> None:
    shipment = parcel(messaging_store)
    tracking_updates_ingest(
        store=messaging_store,
        updates=[
            TrackingUpdate("AWB1042", "aramex", "delivered", datetime.now(UTC), raw_code="OK", dedupe_key="d")
        ],
    )
    assert notify(messaging_store, shipment, event=ev.OUT_FOR_DELIVERY) == {}
    assert notify(messaging_store, shipment, event=ev.DELIVERED) == {"queued": 1}


def test_given_two_failed_attempts_when_notified_then_each_attempt_is_told_once(messaging_store) -> None:
    shipment = parcel(messaging_store, status="delivery_failed")
    notify(messaging_store, shipment, event=ev.DELIVERY_FAILED, occurrence=1)
    notify(messaging_store, shipment, event=ev.DELIVERY_FAILED, occurrence=1)
    notify(messaging_store, shipment, event=ev.DELIVERY_FAILED, occurrence=2)
    assert sorted(Message.objects.values_list("idempotency_key", flat=True)) == [
        f"notify:shipment:{shipment.pk}:shipment.delivery_failed:attempt1",
        f"notify:shipment:{shipment.pk}:shipment.delivery_failed:attempt2",
    ]


def test_given_a_new_order_when_its_creation_is_recorded_then_an_order_confirmation_is_queued(
    messaging_store,
) -> None:
    order = order_upsert(store=messaging_store, data=order_data("55", placed_at=datetime.now(UTC))).order
    # Queued inside the order's own transaction: the task exists exactly when the order does.
    assert len(ready_tasks(".notify_events")) == 1
    order_event_recorded(store_id=messaging_store.pk, order_id=order.pk, kind="updated")
    assert len(ready_tasks(".notify_events")) == 1
    assert run_notify_tasks(now=riyadh_noon()) == [{"queued": 1}]
    assert Message.objects.values_list("event", "idempotency_key").get() == (
        "order.confirmed",
        f"notify:order:{order.pk}:order.confirmed",
    )


def test_given_status_changes_when_the_hook_is_called_then_one_task_carries_the_events_worth_telling(
    messaging_store,
) -> None:
    shipments_status_changed(
        store_id=messaging_store.pk,
        changes=[(1, "in_transit", 0), (2, "rto_in_transit", 0), (3, "delivery_failed", 1)],
    )
    [task] = ready_tasks(".notify_events")
    assert task.args_kwargs["args"] == [
        messaging_store.pk,
        [["shipment", 1, "shipment.shipped", 0], ["shipment", 3, "shipment.delivery_failed", 1]],
    ]


def test_given_a_store_without_channels_when_the_hook_is_called_then_no_task_is_queued(store) -> None:
    shipments_status_changed(store_id=store.pk, changes=[(1, "delivered", 1)])
    assert ready_tasks(".notify_events") == []


def test_given_a_parcel_past_its_promised_date_when_the_hourly_check_runs_then_the_buyer_is_told_once(
    messaging_store,
) -> None:
    shipment = parcel(messaging_store, status="in_transit")
    yesterday = date.today() - timedelta(days=1)
    Shipment.objects.filter(pk=shipment.pk).update(promised_date=yesterday)
    run_notify_tasks(now=riyadh_noon())  # the parcel's own "shipped" news, queued when it was created
    Message.objects.all().delete()
    assert delayed_shipments_notify() == 1
    assert delayed_shipments_notify() == 1  # found again, but the key makes it one message
    assert run_notify_tasks(now=riyadh_noon()) == [{"queued": 1}, {}]
    message = Message.objects.get()
    assert (message.event, message.idempotency_key) == (
        "shipment.delayed",
        f"notify:shipment:{shipment.pk}:shipment.delayed:{yesterday.toordinal()}",
    )


def test_given_the_real_services_when_an_order_is_placed_and_its_parcel_moves_then_the_hooks_queue_notifications(
    messaging_store, django_capture_on_commit_callbacks
) -> None:
    # Given an order placed now, and an old one (history, as an import brings)
    with django_capture_on_commit_callbacks(execute=True):
        shipment = parcel(messaging_store, status="created")
        order_upsert(
            store=messaging_store, data=order_data("OLD", placed_at=datetime.now(UTC) - timedelta(days=30))
        )
    # Then only the new one is confirmed
    assert [t.args_kwargs["args"] for t in ready_tasks(".notify_events")] == [
        [messaging_store.pk, [["order", shipment.order_id, "order.confirmed", 0]]]
    ]
    assert run_notify_tasks(now=riyadh_noon()) == [{"queued": 1}]
    # When its parcel goes out for delivery, then the buyer is told that too
    with django_capture_on_commit_callbacks(execute=True):
        tracking_updates_ingest(
            store=messaging_store,
            updates=[
                TrackingUpdate("AWB1042", "aramex", "out_for_delivery", datetime.now(UTC), raw_code="OFD")
            ],
        )
    assert ready_tasks(".notify_events")[-1].args_kwargs["args"] == [
        messaging_store.pk,
        [["shipment", shipment.pk, "shipment.out_for_delivery", 0]],
    ]
    assert run_notify_tasks(now=riyadh_noon()) == [{"queued": 1}]
    assert list(Message.objects.order_by("pk").values_list("event", flat=True)) == [
        "order.confirmed",
        "shipment.out_for_delivery",
    ]


def test_given_sixty_parcels_when_notified_together_then_sends_are_queued_in_batches_of_50(
    messaging_store,
) -> None:
    shipments = [parcel(messaging_store, str(n), phone=f"05012340{n:02d}") for n in range(60)]
    refs = [EventRef("shipment", s.pk, ev.OUT_FOR_DELIVERY) for s in shipments]
    assert notifications_create(store_id=messaging_store.pk, refs=refs, now=riyadh_noon()) == {"queued": 60}
    batches = [t.args_kwargs["args"][0] for t in ready_tasks(".send_batch")]
    assert [len(b) for b in batches] == [50, 10]
    assert sorted(i for b in batches for i in b) == sorted(Message.objects.values_list("pk", flat=True))
    assert Message.objects.filter(status_events__status="queued").count() == 60


def test_given_an_order_whose_transaction_rolls_back_then_no_confirmation_task_remains(
    messaging_store,
) -> None:
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        order_upsert(store=messaging_store, data=order_data("56", placed_at=datetime.now(UTC)))
        assert len(ready_tasks(".notify_events")) == 1
        raise Abandon
    assert ready_tasks(".notify_events") == []
