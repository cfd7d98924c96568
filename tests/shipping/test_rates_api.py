"""/api/v1/carriers: rate cards through their versions, scorecards, an order's promise and carrier options."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shipping.promise_helpers import order_to, parcel
from wasl.shipping.promise_stats import lane_stats_refresh
from wasl.shipping.promises_models import PromiseSettings
from wasl.shipping.rates_models import RateCard

pytestmark = pytest.mark.django_db

CARD = {
    "carrier": "Aramex",
    "effective_from": "2026-01-01",
    "zones": [{"zone": "local", "match": "city", "value": "Riyadh"}, {"zone": "rest", "match": "any"}],
    "slabs": [
        {"zone": "local", "max_grams": 1000, "price": "18.00"},
        {"zone": "rest", "max_grams": 1000, "price": "27.50"},
    ],
    "cod_fee_flat": "5",
    "rto_charge": "20",
}


def test_given_the_api_when_a_card_is_created_replaced_and_retired_then_each_step_is_a_version(
    api, store
) -> None:
    created = api.post("/api/v1/carriers/rate-cards", CARD)
    assert created.status_code == 201
    body = created.json()
    assert (body["carrier"], body["version"], body["currency"], body["cod_fee_flat"]) == (
        "aramex",
        1,
        "SAR",
        "5.000",
    )
    assert body["zones"] == [
        {"zone": "local", "match": "city", "value": "riyadh"},
        {"zone": "rest", "match": "any", "value": ""},
    ]
    replaced = api.client.put(
        f"/api/v1/carriers/rate-cards/{body['id']}",
        {**CARD, "rto_charge": "22"},
        content_type="application/json",
        headers=api.headers,
    )
    assert (replaced.status_code, replaced.json()["version"], replaced.json()["rto_charge"]) == (
        201,
        2,
        "22.000",
    )
    retired = api.client.delete(f"/api/v1/carriers/rate-cards/{body['id']}", headers=api.headers)
    assert retired.status_code == 200 and retired.json()["retired_at"] is not None
    listed = api.get("/api/v1/carriers/rate-cards").json()["items"]
    assert [(c["carrier"], c["version"]) for c in listed] == [("aramex", 2)]
    everything = api.get("/api/v1/carriers/rate-cards", include_retired="true").json()["items"]
    assert [c["version"] for c in everything] == [2, 1]
    assert api.get(f"/api/v1/carriers/rate-cards/{body['id']}").json()["version"] == 1


def test_given_bad_input_when_posted_then_the_error_has_a_stable_code(api, store, other_store) -> None:
    no_slab = api.post("/api/v1/carriers/rate-cards", {**CARD, "slabs": CARD["slabs"][:1]})
    assert (no_slab.status_code, no_slab.json()) == (
        400,
        {"code": "zone_without_slabs", "message": "zones without a price: rest"},
    )
    wrong_currency = api.post("/api/v1/carriers/rate-cards", {**CARD, "currency": "EGP"})
    assert wrong_currency.json()["code"] == "currency_mismatch"
    assert api.post("/api/v1/carriers/rate-cards", {**CARD, "effective_from": "soon"}).status_code == 422
    theirs = RateCard.objects.create(
        store=other_store, carrier="smsa", version=1, effective_from="2026-01-01", currency="EGP"
    )
    missing = api.get(f"/api/v1/carriers/rate-cards/{theirs.pk}")
    assert (missing.status_code, missing.json()["code"]) == (404, "rate_card_not_found")
    mine = api.post("/api/v1/carriers/rate-cards", CARD).json()
    other = api.client.put(
        f"/api/v1/carriers/rate-cards/{mine['id']}",
        {**CARD, "carrier": "smsa"},
        content_type="application/json",
        headers=api.headers,
    )
    assert (other.status_code, other.json()["code"]) == (400, "carrier_mismatch")


def test_given_history_when_scorecards_are_asked_then_each_carrier_and_region_has_its_figures(
    api, store
) -> None:
    # Given four settled aramex parcels to Riyadh province: three delivered (one after a failed attempt), one RTO
    PromiseSettings.objects.create(store=store, min_samples=5)
    label = datetime(2026, 5, 4, 9, tzinfo=UTC)
    for number, end, days in (("8001", "delivered", 1), ("8002", "delivered", 2), ("8003", "delivered", 3)):
        shipment = parcel(
            store,
            number,
            region="Riyadh Province",
            label_at=label,
            end=end,
            end_at=label + timedelta(days=days),
            ndr=number == "8003",
        )
        type(shipment).objects.filter(pk=shipment.pk).update(promised_date=(label + timedelta(days=2)).date())
    parcel(
        store,
        "8004",
        region="Riyadh Province",
        label_at=label,
        end="rto_initiated",
        end_at=label + timedelta(days=4),
    )
    lane_stats_refresh(store=store, now=datetime(2026, 6, 1, tzinfo=UTC))
    # When the scorecards are read
    items = api.get("/api/v1/carriers/scorecards").json()["items"]
    # Then the carrier everywhere comes first, then its regions
    assert [(i["carrier"], i["region"]) for i in items] == [("aramex", ""), ("aramex", "Riyadh Province")]
    overall = items[0]
    assert {k: overall[k] for k in ("settled", "delivered", "promised", "timed")} == {
        "settled": 4,
        "delivered": 3,
        "promised": 3,
        "timed": 3,
    }
    assert (overall["on_time_rate"], overall["ndr_rate"], overall["rto_rate"]) == (
        "0.6667",
        "0.2500",
        "0.2500",
    )
    assert (overall["transit_median_days"], overall["transit_p80_days"], overall["average_cost"]) == (
        2,
        3,
        None,
    )


def test_given_an_order_when_its_carriers_are_asked_then_the_promise_and_options_come_back(
    api, store
) -> None:
    PromiseSettings.objects.create(store=store, default_transit_days=2)
    api.post("/api/v1/carriers/rate-cards", CARD)
    order_to(store, "9001", city="Riyadh")
    body = api.get("/api/v1/carriers/orders/9001").json()
    assert (body["recommended"], [o["carrier"] for o in body["options"]]) == ("aramex", ["aramex"])
    assert body["options"][0]["expected_cost"] == "23.00"  # 18 forward + 5 COD fee, no RTO history
    assert (body["promise"]["carrier"], body["promise"]["basis"]) == ("aramex", "store default")
    assert body["weights"] == {"cost": "0.45", "speed": "0.30", "rto": "0.25"}
    assert api.get("/api/v1/carriers/orders/nope").status_code == 404
