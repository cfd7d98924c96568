"""Rate cards: versions in force, zones, weight slabs, fees, CSV import, estimates and the recommended carrier."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shipping.promise_helpers import order_to, parcel
from wasl.core.errors import Invalid
from wasl.shipping.carrier_choice import recommend_carrier
from wasl.shipping.promises import destination_of
from wasl.shipping.promises_models import CarrierLaneStat
from wasl.shipping.rates import cards_in_force, price_with
from wasl.shipping.rates_csv import rate_cards_csv, rate_cards_import
from wasl.shipping.rates_models import RateCard, ShipmentEstimate
from wasl.shipping.rates_services import rate_card_retire, sku_weights_set

pytestmark = pytest.mark.django_db

ARAMEX = """carrier,kind,zone,key,value
aramex,zone,local,city,Riyadh
aramex,zone,north,postal,4
aramex,zone,national,country,SA
aramex,slab,local,0.5,18
aramex,slab,local,2,24.50
aramex,slab,national,1,28
aramex,slab,north,1,35
aramex,fee,,cod_flat,5
aramex,fee,,cod_percent,1.5
aramex,fee,,cod_min,7
aramex,fee,,rto,20
aramex,fee,,reverse,25
aramex,fee,,extra_per_kg,4
aramex,note,,,Contract 2026
"""
SMSA = """carrier,kind,zone,key,value
smsa,zone,all,any,
smsa,slab,all,1,29
smsa,fee,,rto,30
"""


def _import(store, text: str = ARAMEX, day: date | None = None) -> list[RateCard]:  # type: ignore[no-untyped-def]
    return rate_cards_import(
        store=store, text=text, effective_from=day or date(2026, 1, 1), created_by="test"
    )


def test_given_a_card_when_parcels_are_priced_then_zone_slab_and_fees_follow_the_card(store) -> None:
    [card] = _import(store)
    card = cards_in_force(store=store, on=date(2026, 6, 1))["aramex"]
    riyadh = destination_of(order_to(store, "7001", city="riyadh "))
    medina = destination_of(order_to(store, "7002", city="Medina", postal="41311"))
    jeddah = destination_of(order_to(store, "7003", city="Jeddah", postal="21577"))
    light = price_with(card, destination=riyadh, grams=500, cod_amount=Decimal("249.50"))
    assert (light.zone, light.forward, light.cod_fee, light.rto_charge, light.reverse) == (
        "local",
        Decimal("18.000"),
        Decimal("8.74"),  # 5 + 1.5% of 249.50 = 8.7425, to SAR's two decimals
        Decimal("20.000"),
        Decimal("25.000"),
    )
    heavy = price_with(card, destination=riyadh, grams=3200, cod_amount=Decimal(0))
    assert (heavy.forward, heavy.cod_fee) == (Decimal("32.50"), Decimal(0))  # 24.50 + 2 started kg × 4
    assert price_with(card, destination=medina, grams=900, cod_amount=Decimal(10)).zone == "north"
    small_cod = price_with(card, destination=jeddah, grams=900, cod_amount=Decimal(10))
    assert (small_cod.zone, small_cod.forward, small_cod.cod_fee) == (
        "national",
        Decimal("28.000"),
        Decimal("7.00"),
    )


def test_given_versions_when_one_is_in_force_then_the_latest_effective_and_not_retired_wins(store) -> None:
    [first] = _import(store, day=date(2026, 1, 1))
    [second] = _import(store, ARAMEX.replace("local,0.5,18", "local,0.5,19"), day=date(2026, 3, 1))
    assert (first.version, second.version) == (1, 2)
    assert cards_in_force(store=store, on=date(2026, 2, 1))["aramex"].pk == first.pk
    assert cards_in_force(store=store, on=date(2026, 3, 1))["aramex"].pk == second.pk
    rate_card_retire(store=store, card_id=second.pk)
    assert cards_in_force(store=store, on=date(2026, 3, 1))["aramex"].pk == first.pk


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("carrier,kind\n", "invalid_header", "the first line must be: carrier,kind,zone,key,value"),
        (
            SMSA.replace("smsa,slab,all,1,29", "smsa,slab,all,1,abc"),
            "invalid_number",
            "line 3: price 'abc' is not a number",
        ),
        (
            SMSA.replace("smsa,slab,all,1,29", "smsa,slab,far,1,21"),
            "unknown_zone",
            "smsa: slab for zone 'far', which has no destinations",
        ),
        (
            SMSA + "smsa,fee,,tip,2\n",
            "invalid_fee",
            "line 5: fee must be one of cod_flat, cod_percent, cod_min, rto, reverse, extra_per_kg",
        ),
        (
            SMSA + "smsa,zone,x,country,Saudi\n",
            "invalid_match",
            "smsa: zone x: a country is two letters (ISO 3166)",
        ),
        (
            SMSA + "smsa,slab,all,0.0005,2\n",
            "invalid_weight",
            "line 5: weight '0.0005' kg is not a whole number of grams",
        ),
        (
            ARAMEX + SMSA.split("\n", 1)[1] + "smsa,fee,,rto,-1\n",
            "invalid_amount",
            "smsa: rto_charge must be an amount from 0 to 1000000",
        ),
    ],
)
def test_given_a_bad_file_when_imported_then_nothing_is_saved_and_the_error_names_the_problem(
    store, text: str, code: str, message: str
) -> None:
    with pytest.raises(Invalid) as caught:
        _import(store, text)
    assert (caught.value.code, caught.value.message) == (code, message)
    assert RateCard.objects.count() == 0


def test_given_cards_when_written_as_csv_then_the_file_imports_back_as_the_same_cards(store) -> None:
    cards = _import(store, ARAMEX + SMSA.split("\n", 1)[1])
    text = rate_cards_csv(cards)
    again = _import(store, text, day=date(2027, 1, 1))
    assert [c.version for c in again] == [2, 2]
    assert rate_cards_csv(again) == text
    assert again[0].effective_from == date(2026, 1, 1)  # the file's own date wins over the import's


def test_given_a_card_and_sku_weights_when_a_cod_parcel_is_created_then_its_cost_is_estimated(store) -> None:
    _import(store, day=timezone.localdate() - timedelta(days=1))
    sku_weights_set(store=store, weights={"TSHIRT-M": 700})  # the factory order: 2 × TSHIRT-M
    shipment = parcel(store, "7101")
    estimate = ShipmentEstimate.objects.get(shipment=shipment)
    assert (estimate.zone, estimate.grams, estimate.forward, estimate.cod_fee, estimate.rto_charge) == (
        "local",
        1400,
        Decimal("24.500"),
        Decimal("8.74"),
        Decimal("20.000"),
    )
    assert (estimate.problem, estimate.currency, estimate.card.version) == ("", "SAR", 1)  # type: ignore[union-attr]
    unpriced = parcel(store, "7102", carrier="dhl")
    assert ShipmentEstimate.objects.get(shipment=unpriced).problem == "no_card"


def test_given_two_carriers_when_recommending_then_the_score_weighs_cost_speed_and_rto(store) -> None:
    # Given aramex (cheaper, slower, more RTO) and smsa (dearer, faster, fewer RTO)
    _import(store, ARAMEX + SMSA.split("\n", 1)[1], day=timezone.localdate() - timedelta(days=1))
    now = timezone.now()
    for carrier, settled, rto, days in (("aramex", 100, 30, 4), ("smsa", 100, 10, 2)):
        CarrierLaneStat.objects.create(
            store=store,
            carrier=carrier,
            scope="all",
            samples=settled - rto,
            days_promise=days,
            days_low=1,
            settled=settled,
            rto=rto,
            computed_at=now,
        )
    order = order_to(store, "7201", city="Riyadh")
    # When a carrier is recommended for a COD order of 249.50 to Riyadh (default weight 500 g)
    recommendation = recommend_carrier(store=store, order=order)
    # Then each option shows its figures, and smsa wins: aramex is cheaper but slower and loses more to RTO
    assert recommendation is not None
    by_carrier = {o.carrier: o for o in recommendation.options}
    # aramex: 18 + 8.74 × 0.7 + 20 × 0.3 = 30.12; smsa: 29 + 0 + 30 × 0.1 = 32.00 (no COD fee on its card)
    assert (by_carrier["aramex"].expected_cost, by_carrier["smsa"].expected_cost) == (
        Decimal("30.12"),
        Decimal("32.00"),
    )
    assert (by_carrier["aramex"].promised_days, by_carrier["smsa"].promised_days) == (4, 2)
    assert (by_carrier["aramex"].rto_rate, by_carrier["smsa"].rto_rate) == (
        Decimal("0.3000"),
        Decimal("0.1000"),
    )
    # cost 0.45 × (0 | 1), speed 0.30 × (1 | 0), RTO 0.25 × (1 | 0)
    assert (by_carrier["aramex"].score, by_carrier["smsa"].score) == (Decimal("0.5500"), Decimal("0.4500"))
    assert recommendation.carrier == "smsa"
    assert [o.carrier for o in recommendation.options] == ["smsa", "aramex"]
