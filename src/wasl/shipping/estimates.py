"""What a new forward shipment is promised and expected to cost, recorded when it is created."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from wasl.shipping.models import Direction, Shipment
from wasl.shipping.promises import (
    Promise,
    calendar_for,
    destination_of,
    promise_from,
    settings_for,
    shipment_anchor,
)
from wasl.shipping.rates_models import ShipmentEstimate

HISTORY_AFTER = timedelta(days=30)


@transaction.atomic
def shipment_plan(*, shipment: Shipment, promised_date: date | None = None) -> Promise | None:
    """Give a forward shipment its promised date (unless the caller gave one), and any shipment its estimate row.

    Safe to call again: the estimate row is replaced, and a promised date already set is kept, because the buyer
    may have been told it. A shipment of an order placed more than `HISTORY_AFTER` ago is history being
    imported: a promise from today would be meaningless, so it gets none here (`backfill.py` gives it one from
    its first scan).
    """
    store = shipment.store
    if shipment.direction != Direction.FORWARD:
        values = _cost_values(shipment, settings_for(store).default_weight_grams)
        values.update(store=store, computed_at=timezone.now())
        ShipmentEstimate.objects.update_or_create(shipment=shipment, defaults=values)
        return None
    settings = settings_for(store)
    calendar = calendar_for(store, settings)
    promise = promise_from(
        store=store,
        carrier=shipment.carrier,
        destination=destination_of(shipment.order),
        start=calendar.local_date(shipment_anchor(shipment)),
        settings=settings,
        calendar=calendar,
    )
    given = promised_date or shipment.promised_date
    order = shipment.order
    history = order is not None and order.placed_at < timezone.now() - HISTORY_AFTER
    if given is None and not history:
        shipment.promised_date = promise.date
        Shipment.objects.filter(pk=shipment.pk).update(promised_date=promise.date)
    basis = "given" if given is not None else ("" if history else promise.basis)
    values = {
        "store": store,
        "earliest_date": min(promise.earliest, shipment.promised_date) if shipment.promised_date else None,
        "lane": promise.lane,
        "promise_basis": basis,
        "computed_at": timezone.now(),
    }
    values.update(_cost_values(shipment, settings.default_weight_grams))
    ShipmentEstimate.objects.update_or_create(shipment=shipment, defaults=values)
    return promise


def _cost_values(shipment: Shipment, default_grams: int) -> dict[str, object]:
    from wasl.shipping.rates import estimate_values

    return estimate_values(shipment=shipment, default_grams=default_grams)
