"""Missed promises: found by the sweep, the buyer told once through the "delayed" notification, the timeline written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from shipping.promise_helpers import parcel
from wasl.orders.models import OrderEvent, OrderEventKind
from wasl.shipping.breaches import breaches_detect, promises_fill
from wasl.shipping.models import Shipment
from wasl.shipping.promises import calendar_for
from wasl.shipping.promises_models import PromiseBreach
from wasl.shipping.rates_models import ShipmentEstimate
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db
WHATSAPP = {
    "whatsapp.phone_number_id": "1122334455667",
    "whatsapp.token": "test-token",
    "whatsapp.app_secret": "app-secret-1",
    "whatsapp.verify_token": "verify-me",
}


def _delayed_refs() -> list[list[object]]:
    refs: list[list[object]] = []
    for task in DBTaskResult.objects.order_by("enqueued_at"):
        if task.task_path.endswith(".notify_events"):
            refs.extend(r for r in task.args_kwargs["args"][1] if r[2] == "shipment.delayed")
    return refs


def test_given_a_parcel_past_its_promise_when_the_sweep_runs_twice_then_the_buyer_is_told_once(store) -> None:
    # Given a store with WhatsApp, a parcel in transit promised yesterday, one delivered and one promised today
    for key, value in WHATSAPP.items():
        secret_set(store=store, key=key, value=value)
    today = calendar_for(store).local_date(timezone.now())
    late = parcel(store, "6001", label_at=timezone.now() - timedelta(days=6))
    delivered = parcel(
        store, "6002", label_at=timezone.now() - timedelta(days=6), end="delivered", end_at=timezone.now()
    )
    on_time = parcel(store, "6003", label_at=timezone.now() - timedelta(days=1))
    yesterday = today - timedelta(days=1)
    Shipment.objects.filter(pk__in=[late.pk, delivered.pk]).update(promised_date=yesterday)
    Shipment.objects.filter(pk=on_time.pk).update(promised_date=today)
    # When the sweep runs, twice
    first = breaches_detect()
    second = breaches_detect()
    # Then only the late parcel breached, once, and its buyer's "delayed" notification is queued once
    assert first == {"found": 1, "told": 1}
    assert second == {"found": 0, "told": 0}
    breach = PromiseBreach.objects.get()
    assert (breach.shipment_id, breach.promised_date, breach.buyer_told) == (late.pk, yesterday, True)
    assert _delayed_refs() == [["shipment", late.pk, "shipment.delayed", yesterday.toordinal()]]
    # And the order's timeline says so
    note = OrderEvent.objects.get(order=late.order, kind=OrderEventKind.NOTE)
    assert note.data == {
        "event": "promise_breached",
        "tracking_number": "TN6001",
        "carrier": "aramex",
        "promised_date": yesterday.isoformat(),
        "status": "in_transit",
        "buyer_told": True,
    }
    assert note.message == f"Delivery promise missed: promised {yesterday:%Y-%m-%d}, still in_transit"


def test_given_a_store_without_channels_when_a_promise_is_missed_then_it_is_recorded_but_nobody_is_told(
    store,
) -> None:
    late = parcel(store, "6101", label_at=timezone.now() - timedelta(days=9))
    long_ago = calendar_for(store).local_date(timezone.now()) - timedelta(days=30)
    old = parcel(store, "6102", label_at=timezone.now() - timedelta(days=40))
    Shipment.objects.filter(pk=late.pk).update(promised_date=timezone.now().date() - timedelta(days=2))
    Shipment.objects.filter(pk=old.pk).update(promised_date=long_ago)  # history, not news
    assert breaches_detect() == {"found": 1, "told": 0}
    assert PromiseBreach.objects.get().buyer_told is False
    assert _delayed_refs() == []


def test_given_a_parcel_created_from_a_scan_when_the_sweep_fills_then_it_gets_a_promise(store) -> None:
    # Given a forward parcel without a promised date (as a scan for an unknown parcel creates it)
    shipment = parcel(store, "6201")
    Shipment.objects.filter(pk=shipment.pk).update(promised_date=None)
    ShipmentEstimate.objects.filter(shipment=shipment).delete()
    # When the sweep fills missing promises
    assert promises_fill() == 1
    # Then it has the constant promise from its first day, and a second fill finds nothing
    shipment.refresh_from_db()
    calendar = calendar_for(store)
    assert shipment.promised_date == calendar.add(calendar.local_date(shipment.created_at), 5)
    assert promises_fill() == 0
