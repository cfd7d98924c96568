"""The demo shop's carriers: rate cards in its currency, every parcel priced, promises kept about as often as the
percentile says, scorecards per region."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from wasl.demo.generator import generate_shop
from wasl.demo.loader import catalogue_load, demo_store_create, orders_load
from wasl.demo.markets import MARKETS
from wasl.demo.rates import demo_rate_card, demo_rates_seed
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.promises_models import PromiseSettings
from wasl.shipping.rates_models import RateCard, ShipmentEstimate
from wasl.shipping.scorecards import carrier_scorecards


def test_the_saudi_card_prices_riyadh_as_local_and_tabuk_as_remote() -> None:
    card = demo_rate_card(MARKETS["SA"], "smsa")
    zones = {(z.match, z.value): z.zone for z in card.zones}
    assert (zones[("city", "Riyadh")], zones[("city", "Jeddah")], zones[("city", "Tabuk")]) == (
        "local",
        "local",
        "remote",
    )
    assert zones[("country", "SA")] == "national"
    light = {s.zone: s.price for s in card.slabs if s.max_grams == 500}
    assert light == {"local": Decimal("14.25"), "national": Decimal("20.19"), "remote": Decimal("27.31")}
    assert (card.rto_charge, card.cod_fee_flat, card.cod_fee_min, card.currency) == (
        Decimal("20.19"),
        Decimal("5.00"),
        Decimal("6.25"),
        "SAR",
    )


@pytest.mark.django_db
def test_given_a_loaded_demo_when_rates_are_seeded_then_parcels_are_priced_and_promises_mostly_kept() -> None:
    # The figures cover the last 180 days: the shop ends today.
    shop = generate_shop(
        orders=400, days=60, seed=5, now=datetime.now(UTC).replace(hour=0, minute=0, second=0)
    )
    store = demo_store_create(shop, slug="demo-rates")
    catalogue_load(store=store, shop=shop)
    orders_load(store=store, orders=shop.orders)
    counts = demo_rates_seed(store=store, market_code="SA")
    forward = Shipment.objects.filter(store=store, direction=Direction.FORWARD)
    assert counts["shipments"] == forward.count() > 250
    assert counts["promised"] == counts["shipments"] and counts["priced"] == counts["shipments"]
    assert sorted(RateCard.objects.filter(store=store).values_list("carrier", flat=True)) == [
        "aramex",
        "generic",
        "smsa",
    ]
    assert PromiseSettings.objects.get(store=store).working_days == "012356"  # Friday off
    assert not forward.filter(promised_date__isnull=True).exists()
    assert not ShipmentEstimate.objects.filter(store=store).exclude(problem="").exists()
    cards = carrier_scorecards(store=store)
    overall = {c.carrier: c for c in cards if c.region == ""}
    assert sorted(overall) == ["aramex", "generic", "smsa"]
    for card in overall.values():
        assert card.on_time_rate is not None and Decimal("0.70") <= card.on_time_rate <= Decimal("0.97")
        median, p80 = card.transit_median_days or 0, card.transit_p80_days or 0
        assert 1 <= median <= p80 <= 8
        assert card.average_cost is not None and Decimal("10") < card.average_cost < Decimal("60")
    assert {c.region for c in cards if c.region} >= {"Riyadh", "Makkah"}
