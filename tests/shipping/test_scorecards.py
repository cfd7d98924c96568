"""Scorecards: average cost from the estimates (COD fee when delivered, RTO charge when returned), per region."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shipping.promise_helpers import parcel
from wasl.shipping.promise_stats import lane_stats_refresh
from wasl.shipping.rates_csv import rate_cards_import
from wasl.shipping.scorecards import carrier_scorecards

pytestmark = pytest.mark.django_db
CARD = "carrier,kind,zone,key,value\nsmsa,zone,sa,country,SA\nsmsa,slab,sa,2,20\nsmsa,fee,,cod_flat,5\nsmsa,fee,,rto,15\n"


def test_given_priced_parcels_when_scored_then_cost_counts_the_cod_fee_or_the_rto_charge(store) -> None:
    # Given a card (20 forward, 5 COD fee, 15 RTO) and three COD parcels: two delivered, one returned
    rate_cards_import(store=store, text=CARD, effective_from=date(2026, 1, 1))
    label = timezone.now() - timedelta(days=8)
    for number, city, region, end in (
        ("9601", "Jeddah", "Makkah", "delivered"),
        ("9602", "Jeddah", "Makkah", "delivered"),
        ("9603", "Abha", "Asir", "rto_initiated"),
    ):
        parcel(
            store,
            number,
            carrier="smsa",
            city=city,
            region=region,
            label_at=label,
            end=end,
            end_at=label + timedelta(days=2),
        )
    # When the figures are rebuilt and read
    lane_stats_refresh(store=store)
    cards = carrier_scorecards(store=store)
    # Then the carrier everywhere averages (25 + 25 + 35) / 3, and each region has its own
    assert [(c.region, c.settled, c.average_cost, c.rto_rate) for c in cards] == [
        ("", 3, Decimal("28.33"), Decimal("0.3333")),
        ("Makkah", 2, Decimal("25.00"), Decimal("0.0000")),
        ("Asir", 1, Decimal("35.00"), Decimal("1.0000")),
    ]
    assert [c.region for c in carrier_scorecards(store=store, by_region=False)] == [""]
    assert carrier_scorecards(store=store, carrier="aramex") == []
