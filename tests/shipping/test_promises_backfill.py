"""History imported without promises: no promise from today at creation, one from the first scan by backfill."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from factories import order_data
from shipping.promise_helpers import scan
from wasl.orders.services import order_upsert
from wasl.shipping.backfill import promises_backfill
from wasl.shipping.rates_csv import rate_cards_import
from wasl.shipping.rates_models import ShipmentEstimate
from wasl.shipping.services import shipment_create, tracking_updates_ingest

pytestmark = pytest.mark.django_db
LABEL = datetime(2026, 5, 4, 9, tzinfo=UTC)  # a Monday, long before now


def test_given_an_old_order_when_its_parcel_is_imported_then_backfill_promises_it_from_its_first_scan(
    store,
) -> None:
    # Given a rate card since January, and an order of May (placed at the factory's date) shipped on May 4
    rate_cards_import(
        store=store,
        text="carrier,kind,zone,key,value\naramex,zone,sa,country,SA\naramex,slab,sa,1,20\naramex,fee,,rto,15\n",
        effective_from=date(2026, 1, 1),
    )
    order = order_upsert(store=store, data=order_data("9901")).order
    shipment, _ = shipment_create(store=store, tracking_number="TN9901", carrier="aramex", order=order)
    tracking_updates_ingest(
        store=store,
        updates=[
            scan(shipment, "created", LABEL, "1"),
            scan(shipment, "delivered", LABEL + timedelta(days=2), "2"),
        ],
    )
    # Then creation gave it no promise (history), only a price
    shipment.refresh_from_db()
    estimate = ShipmentEstimate.objects.get(shipment=shipment)
    assert (shipment.promised_date, estimate.promise_basis, estimate.forward) == (None, "", 20)
    # When the history is backfilled
    assert promises_backfill(store=store) == {"shipments": 1, "promised": 1, "priced": 1}
    # Then it is promised five working days (Friday off) from its first scan, and a second run finds nothing
    shipment.refresh_from_db()
    estimate = ShipmentEstimate.objects.get(shipment=shipment)
    assert (shipment.promised_date, estimate.earliest_date, estimate.promise_basis) == (
        date(2026, 5, 10),
        date(2026, 5, 7),
        "constant",
    )
    assert promises_backfill(store=store) == {"shipments": 0, "promised": 0, "priced": 0}
